/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-store.h"
#include "cn-sync-store.h"

G_BEGIN_DECLS

/* Sync with the national platform (shared/platform-api.md): GET /me, then
 * push the outbox batch by batch, then pull until has_more is false.  Runs
 * on the main loop with libsoup's async API; the UI only watches its
 * state.  Retries what is transient with exponential backoff and full
 * jitter, honours Retry-After, and stops on 401 until a new token is
 * given.  Plain http is accepted only for loopback addresses. */

#define CN_SYNC_ERROR (cn_sync_error_quark ())

typedef enum {
  CN_SYNC_ERROR_NOT_CONFIGURED,  /* no platform address */
  CN_SYNC_ERROR_UNAUTHORIZED,    /* no token, or the platform refused it (401) */
  CN_SYNC_ERROR_OFFLINE,         /* the platform could not be reached */
  CN_SYNC_ERROR_SERVER,          /* the platform kept failing, or refused a request */
  CN_SYNC_ERROR_INVALID_URL,     /* not https (nor http on loopback) */
} CnSyncError;

GQuark cn_sync_error_quark (void);

typedef enum {
  CN_SYNC_STATE_IDLE,            /* nothing under way: see pending and last-sync */
  CN_SYNC_STATE_SYNCING,
  CN_SYNC_STATE_OFFLINE,         /* no network, or the platform is unreachable */
  CN_SYNC_STATE_ERROR,           /* see error-message */
  CN_SYNC_STATE_NEEDS_TOKEN,     /* sign in again: no token, or it was refused */
  CN_SYNC_STATE_NOT_CONFIGURED,  /* no platform address */
} CnSyncState;

/* Checks a platform address: https, or http on 127.0.0.1, ::1 or
 * localhost.  Translated message on error. */
gboolean      cn_sync_check_url                (const char       *url,
                                                GError          **error);

/* Properties, all read-only and notified when they change: "state"
 * (CnSyncState, as an int), "error-message" (string or NULL), "pending",
 * "held", "issues" (uint), "last-sync" (string or NULL). */
#define CN_TYPE_SYNC_ENGINE (cn_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (CnSyncEngine, cn_sync_engine, CN, SYNC_ENGINE, GObject)

CnSyncEngine *cn_sync_engine_new               (CnStore          *store);

/* NULL or "" : not configured. */
gboolean      cn_sync_engine_set_url           (CnSyncEngine     *self,
                                                const char       *url,
                                                GError          **error);
const char   *cn_sync_engine_get_url           (CnSyncEngine     *self);
/* The personal access token; NULL forgets it.  Kept in memory only: the
 * caller reads it from the keyring (cn-credentials.h). */
void          cn_sync_engine_set_token         (CnSyncEngine     *self,
                                                const char       *token);
gboolean      cn_sync_engine_has_token         (CnSyncEngine     *self);

/* Request timeout in seconds (default 30). */
void          cn_sync_engine_set_timeout       (CnSyncEngine     *self,
                                                guint             seconds);
/* Backoff between retries of one request: a random wait in
 * [0, min(cap, base·2ⁿ)]; a sync gives up after @max_attempts sends of the
 * same request and the next automatic one comes after a backoff too.
 * Defaults: 2 s, 15 min, 5.  $CONNECTEUR_SYNC_BACKOFF_MS sets the base
 * (tests). */
void          cn_sync_engine_set_backoff       (CnSyncEngine     *self,
                                                guint             base_ms,
                                                guint             cap_ms,
                                                guint             max_attempts);
/* The monitor whose "network available" triggers a sync (default: none,
 * the network is taken as available; the app passes the system's).  A
 * hint only: a sync asked by the connector always tries. */
void          cn_sync_engine_set_network_monitor (CnSyncEngine   *self,
                                                  GNetworkMonitor *monitor);
/* Automatic sync every @minutes while online (0: only when asked), and
 * when the network comes back. */
void          cn_sync_engine_set_interval      (CnSyncEngine     *self,
                                                guint             minutes);

/* One complete sync.  Concurrent calls share the sync under way.  @counts
 * (may be NULL) receives what was pushed and pulled. */
void          cn_sync_engine_sync_async        (CnSyncEngine     *self,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
gboolean      cn_sync_engine_sync_finish       (CnSyncEngine     *self,
                                                GAsyncResult     *result,
                                                CnSyncCounts     *counts,
                                                GError          **error);
/* Starts a sync unless one is under way, for "Sync now" and timers; the
 * outcome shows in the state. */
void          cn_sync_engine_sync_now          (CnSyncEngine     *self);

CnSyncState   cn_sync_engine_get_state         (CnSyncEngine     *self);
/* Translated, for the status line; NULL unless the state is an error. */
const char   *cn_sync_engine_get_error_message (CnSyncEngine     *self);
/* Changes that will go with the next sync / that wait for the connector
 * (cn_store_count_sync_pending ()), and open issues (conflicts and
 * rejections).  First counted when the main loop is idle after
 * cn_sync_engine_new (), then after each sync and when the store changes;
 * cn_sync_engine_recount () counts at once. */
guint         cn_sync_engine_get_pending       (CnSyncEngine     *self);
guint         cn_sync_engine_get_held          (CnSyncEngine     *self);
guint         cn_sync_engine_get_issues        (CnSyncEngine     *self);
void          cn_sync_engine_recount           (CnSyncEngine     *self);
/* The last complete sync, UTC ISO 8601, or NULL. */
const char   *cn_sync_engine_get_last_sync     (CnSyncEngine     *self);

G_END_DECLS
