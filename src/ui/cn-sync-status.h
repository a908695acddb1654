/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-sync-engine.h"

G_BEGIN_DECLS

/* The state of the sync in one line of words, with its icon: "Synced",
 * "3 changes waiting", offline, the error and its reason, sign-in needed,
 * not set up.  @icon_name (may be NULL) gets a symbolic icon name. */
char       *cn_sync_describe_state     (CnSyncEngine *engine,
                                        const char  **icon_name);
/* "Last sync: 5 min ago" from the engine's last-sync (UTC), or "Never
 * synced". */
char       *cn_sync_describe_last_sync (const char   *last_sync);

/* The block at the bottom of the sidebar: the state, the last sync and a
 * "Sync" button (app.sync) with a spinner while a sync runs.  Follows the
 * engine. */
#define CN_TYPE_SYNC_STATUS (cn_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (CnSyncStatus, cn_sync_status, CN, SYNC_STATUS, GtkBox)

GtkWidget  *cn_sync_status_new         (CnSyncEngine *engine);
/* What the state line says now, for tests. */
const char *cn_sync_status_get_text    (CnSyncStatus *self);

G_END_DECLS
