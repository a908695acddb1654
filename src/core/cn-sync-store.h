/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* What the sync engine keeps in the store (shared/platform-api.md): the
 * frozen batches of the outbox, what the platform answered about each
 * record, the pull cursor.  Every function that writes does it in one
 * transaction with the data it describes, so a crash leaves either the
 * whole step or none of it. */

#define CN_SYNC_MAX_CHANGES 500
#define CN_SYNC_MAX_BYTES   (5 * 1000 * 1000)

/* A batch of changes as it left (or will leave) the machine: resent byte
 * for byte, with the same Idempotency-Key, until the platform answers. */
typedef struct {
  char   *id;         /* the Idempotency-Key, a UUID */
  GBytes *body;       /* the exact JSON request body */
  guint   n_changes;
  guint   attempts;   /* times sent so far */
} CnSyncBatch;

void cn_sync_batch_free (CnSyncBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnSyncBatch, cn_sync_batch_free)

/* What one sync did, for the status line and the CLI. */
typedef struct {
  guint pushed;      /* changes the platform applied */
  guint conflicts;   /* changes it refused because the record changed there */
  guint rejected;    /* changes it refused as invalid (kept locally, marked) */
  guint pulled;      /* pulled changes written locally */
  guint parked;      /* pulled changes waiting for their company */
  guint ignored;     /* pulled changes that were unreadable (logged) */
} CnSyncCounts;

/* What is left to send: @waiting will go with the next sync; @held waits
 * for something only the connector can give (the consent to share the
 * company, the resolution of a conflict).  Companies without consent are
 * not counted: they never leave the machine. */
gboolean     cn_store_count_sync_pending   (CnStore       *store,
                                            guint         *waiting,
                                            guint         *held,
                                            GError       **error);

/* ---- push ------------------------------------------------------------- */

/* The batch built earlier and not yet answered (left by a timeout, a lost
 * response or a crash), or NULL without error when there is none. */
CnSyncBatch *cn_store_get_sync_batch       (CnStore       *store,
                                            GError       **error);
/* Builds and freezes the next batch from the outbox: at most @max_changes
 * (≤ 500) and CN_SYNC_MAX_BYTES, companies before what names them,
 * deletions of what names a company before the company's.  NULL without
 * error when nothing can be sent. */
CnSyncBatch *cn_store_freeze_sync_batch    (CnStore       *store,
                                            guint          max_changes,
                                            GError       **error);
gboolean     cn_store_count_sync_attempt   (CnStore       *store,
                                            const char    *batch_id,
                                            GError       **error);
/* The platform's 200 answer to the batch, one result per change in order:
 * stores revisions, conflicts and rejections, and forgets the batch.  A
 * response that does not match the batch is refused (CN_ERROR_INVALID)
 * and the batch stays frozen. */
gboolean     cn_store_apply_push_results   (CnStore       *store,
                                            const char    *batch_id,
                                            JsonNode      *response,
                                            CnSyncCounts  *counts,
                                            GError       **error);
/* Gives the changes of a batch the platform did not apply back to the
 * outbox (to split it after a 413, or after a 400/422) and forgets it. */
gboolean     cn_store_release_sync_batch   (CnStore       *store,
                                            const char    *batch_id,
                                            GError       **error);
/* The platform refused a batch of one change (403): that change is
 * rejected with @code and @message, kept locally and marked. */
gboolean     cn_store_reject_sync_batch    (CnStore       *store,
                                            const char    *batch_id,
                                            const char    *code,
                                            const char    *message,
                                            GError       **error);

/* ---- pull ------------------------------------------------------------- */

/* The stored cursor, or NULL (pull everything). */
char        *cn_store_get_sync_cursor      (CnStore       *store,
                                            GError       **error);
/* Applies one page of pulled changes and stores @cursor (NULL: forget it)
 * in the same transaction.  A record with a change not yet acknowledged
 * is not overwritten: it goes through the conflict path. */
gboolean     cn_store_apply_pull_page      (CnStore       *store,
                                            JsonArray     *changes,
                                            const char    *cursor,
                                            CnSyncCounts  *counts,
                                            GError       **error);

/* ---- bookkeeping -------------------------------------------------------- */

char        *cn_store_get_sync_device_id   (CnStore       *store,
                                            GError       **error);
/* The last complete sync (UTC ISO 8601), or NULL. */
char        *cn_store_get_last_sync        (CnStore       *store,
                                            GError       **error);
gboolean     cn_store_set_last_sync        (CnStore       *store,
                                            const char    *when,
                                            GError       **error);
/* The connector as GET /me describes them: kind, label expiry, and the
 * name, organisation, email and region when the profile has none. */
gboolean     cn_store_apply_platform_profile (CnStore     *store,
                                              JsonNode    *me,
                                              GError     **error);

/* ---- what the platform said about records --------------------------------- */

typedef enum {
  CN_SYNC_ISSUE_CONFLICT,  /* changed on the platform too: the connector chooses */
  CN_SYNC_ISSUE_REJECTED,  /* refused as invalid: kept locally, with the reason */
} CnSyncIssueKind;

typedef struct {
  char            *entity_type;   /* "company", "appointment", … */
  char            *entity_id;
  CnSyncIssueKind  kind;
  char            *code;          /* the platform's error code, or NULL */
  char            *message;       /* the platform's message, or NULL */
  char            *field;         /* the field it is about, or NULL */
  gint64           server_revision;  /* -1 if none */
  char            *server_data;   /* JSON object text, or NULL (deleted there) */
  char            *title;         /* what the record is, in words, for lists */
  char            *at;
} CnSyncIssue;

void         cn_sync_issue_free            (CnSyncIssue   *issue);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnSyncIssue, cn_sync_issue_free)

/* Every issue, conflicts first, newest first. */
GPtrArray   *cn_store_list_sync_issues     (CnStore       *store,
                                            GError       **error);
/* The issue about one record, or NULL without error. */
CnSyncIssue *cn_store_get_sync_issue       (CnStore       *store,
                                            const char    *entity_type,
                                            const char    *entity_id,
                                            GError       **error);
/* The record as it would be pushed now (the platform's `data` members),
 * or NULL with CN_ERROR_NOT_FOUND when it no longer exists locally. */
JsonNode    *cn_store_sync_record_data     (CnStore       *store,
                                            const char    *entity_type,
                                            const char    *entity_id,
                                            GError       **error);

typedef enum {
  CN_CONFLICT_KEEP_MINE,       /* push mine again, on the platform's revision */
  CN_CONFLICT_TAKE_PLATFORM,   /* replace mine with the platform's */
} CnConflictChoice;

gboolean     cn_store_resolve_sync_conflict (CnStore          *store,
                                             const char       *entity_type,
                                             const char       *entity_id,
                                             CnConflictChoice  choice,
                                             GError          **error);

/* Translated words for a record type ("Appointment", "Progress report"…). */
const char  *cn_sync_type_label            (const char    *entity_type);

G_END_DECLS
