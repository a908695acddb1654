/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-conflict-window.h"
#include "cn-store.h"
#include "cn-sync-engine.h"

G_BEGIN_DECLS

/* The "Sync" section: the state in words and the last sync, what waits
 * and what is held and why, "Sync Now", then the conflicts (each opens
 * the side-by-side window) and the changes the platform refused, with its
 * reason and a way to the record.  Follows the store and the engine. */
#define CN_TYPE_SYNC_VIEW (cn_sync_view_get_type ())
G_DECLARE_FINAL_TYPE (CnSyncView, cn_sync_view, CN, SYNC_VIEW, GtkBox)

GtkWidget        *cn_sync_view_new             (CnStore      *store,
                                                CnSyncEngine *engine);
/* Reads the store again. */
void              cn_sync_view_refresh         (CnSyncView   *self);
guint             cn_sync_view_get_n_conflicts (CnSyncView   *self);
guint             cn_sync_view_get_n_rejected  (CnSyncView   *self);
/* Opens the side-by-side window of a conflict listed, as a click on its
 * row does; NULL if it is not listed. */
CnConflictWindow *cn_sync_view_open_conflict   (CnSyncView   *self,
                                                const char   *entity_type,
                                                const char   *entity_id);

G_END_DECLS
