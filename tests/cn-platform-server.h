/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A loopback implementation of the national platform's API v1
 * (shared/platform-api.md) for the sync tests and the benchmark, with
 * switches that make it fail the ways a real server and network do.
 *
 * It runs on the thread-default main context of the thread that creates it
 * and never blocks it: a client on the same loop can talk to it.  Nothing
 * here is thread-safe; call everything from that thread. */

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CN_TYPE_PLATFORM_SERVER (cn_platform_server_get_type ())
G_DECLARE_FINAL_TYPE (CnPlatformServer, cn_platform_server, CN, PLATFORM_SERVER, GObject)

/* Signal "request" (const char *method, const char *path): an API request
 * arrived ("/sync/push"), before it is handled.  A handler may change the
 * faults or the records to act between two requests of a sync. */

/* Which API requests a counted fault applies to. */
typedef enum {
  CN_PLATFORM_PATH_ANY,
  CN_PLATFORM_PATH_ME,
  CN_PLATFORM_PATH_PUSH,
  CN_PLATFORM_PATH_PULL,
} CnPlatformPath;

/* For the retry_after arguments: answer without a Retry-After header. */
#define CN_PLATFORM_NO_RETRY_AFTER (-1)

typedef struct {
  guint requests;          /* API requests received (control requests excluded) */
  guint push_batches;      /* pushes whose batch was processed (replays excluded) */
  guint changes_applied;   /* changes applied by pushes */
  guint replays;           /* pushes answered from the idempotency store */
  guint idempotency_keys;  /* keys stored */
  guint faults_fired;      /* requests a fault switch acted on */
} CnPlatformStats;

/* Listens on 127.0.0.1, on a random port (_new) or on @port (0: random). */
CnPlatformServer *cn_platform_server_new              (const char        *token,
                                                       GError           **error);
CnPlatformServer *cn_platform_server_new_full         (const char        *token,
                                                       guint              port,
                                                       GError           **error);

/* "http://127.0.0.1:43123/api/v1", and "http://127.0.0.1:43123/_control". */
const char       *cn_platform_server_get_url          (CnPlatformServer  *self);
const char       *cn_platform_server_get_control_url  (CnPlatformServer  *self);
guint             cn_platform_server_get_port         (CnPlatformServer  *self);

void              cn_platform_server_set_token        (CnPlatformServer  *self,
                                                       const char        *token);
/* Merges the members of a JSON object into what GET /me answers. */
gboolean          cn_platform_server_set_profile_json (CnPlatformServer  *self,
                                                       const char        *json,
                                                       GError           **error);

/* ---- Fault switches --------------------------------------------------------
 * Counted faults act on the next @count API requests of @path that carry
 * the right token; setting one replaces its previous setting.  Only one
 * acts on a given request, in this order: drop_before, fail_503, fail_429,
 * fail_500; drop_after acts after the request was processed.  slow_ms also
 * delays error answers.  Note that libsoup retries a GET by itself once
 * when a reused keep-alive connection is closed before any answer: a
 * dropped pull or /me on such a connection costs two drops to be seen. */
void              cn_platform_server_set_fail_503     (CnPlatformServer  *self,
                                                       CnPlatformPath     path,
                                                       guint              count,
                                                       int                retry_after);
void              cn_platform_server_set_fail_429     (CnPlatformServer  *self,
                                                       CnPlatformPath     path,
                                                       guint              count,
                                                       int                retry_after);
void              cn_platform_server_set_fail_500     (CnPlatformServer  *self,
                                                       CnPlatformPath     path,
                                                       guint              count);
/* Closes the connection without answering and without applying anything. */
void              cn_platform_server_set_drop_before  (CnPlatformServer  *self,
                                                       CnPlatformPath     path,
                                                       guint              count);
/* Processes the request (a push is applied and its response stored for its
 * Idempotency-Key), then closes the connection without answering. */
void              cn_platform_server_set_drop_after   (CnPlatformServer  *self,
                                                       CnPlatformPath     path,
                                                       guint              count);
/* Delays every API answer (and every drop) by @ms; 0 turns it off. */
void              cn_platform_server_set_slow_ms      (CnPlatformServer  *self,
                                                       guint              ms);
/* The next pull that carries a cursor gets 410; then the switch clears. */
void              cn_platform_server_set_expire_cursor (CnPlatformServer *self,
                                                        gboolean          expire);
/* While set, every API request gets 401. */
void              cn_platform_server_set_unauthorized (CnPlatformServer  *self,
                                                       gboolean           unauthorized);
/* A push naming one of these record ids gets 403 (nothing applied).
 * NULL or an empty array clears the list. */
void              cn_platform_server_set_forbidden_ids (CnPlatformServer  *self,
                                                        const char *const *ids);
void              cn_platform_server_reset_faults     (CnPlatformServer  *self);
/* The body of POST /_control/faults, see cn-platform-server.c. */
gboolean          cn_platform_server_set_faults_json  (CnPlatformServer  *self,
                                                       const char        *json,
                                                       GError           **error);
/* The current switches, as GET /_control/faults answers them. */
char             *cn_platform_server_get_faults_json  (CnPlatformServer  *self);

/* ---- Changes made on the platform side --------------------------------------
 * Each one is validated like a push, gets revision 1 (new record) or +1, and
 * is logged for pull.  It does not count as an applied push change.  The
 * functions that create return the new id (a random UUID v4). */

/* An online booking by the SME: origin "platform", status "planned", mode
 * "video"; NULL times mean tomorrow 09:00-10:00 UTC. */
char             *cn_platform_server_add_appointment  (CnPlatformServer  *self,
                                                       const char        *company_id,
                                                       const char        *starts_at,
                                                       const char        *ends_at,
                                                       GError           **error);
/* A lead met by the platform; @name NULL for a default one. */
char             *cn_platform_server_add_lead         (CnPlatformServer  *self,
                                                       const char        *name,
                                                       GError           **error);
/* Sets cofinancing.status ("none", "requested", "accepted", "refused"). */
gboolean          cn_platform_server_set_report_cofinancing (CnPlatformServer  *self,
                                                             const char        *report_id,
                                                             const char        *status,
                                                             GError           **error);
/* Adds (@id NULL or unknown) or changes a company; @data_json is an object
 * whose members replace those of the current data (or of a default valid
 * company).  Returns the id. */
char             *cn_platform_server_put_company      (CnPlatformServer  *self,
                                                       const char        *id,
                                                       const char        *data_json,
                                                       GError           **error);
/* The same for any pulled type: "company", "appointment", "report",
 * "outreach", "lead". */
char             *cn_platform_server_put_record       (CnPlatformServer  *self,
                                                       const char        *type,
                                                       const char        *id,
                                                       const char        *data_json,
                                                       GError           **error);

/* ---- What the server holds --------------------------------------------------
 * Records are identified by type and id. */

/* Records of @type (NULL: every type) that are not deleted. */
guint             cn_platform_server_count_records    (CnPlatformServer  *self,
                                                       const char        *type);
/* 0 for an unknown record. */
gint64            cn_platform_server_get_revision     (CnPlatformServer  *self,
                                                       const char        *type,
                                                       const char        *id);
gboolean          cn_platform_server_is_deleted       (CnPlatformServer  *self,
                                                       const char        *type,
                                                       const char        *id);
/* How many push changes were applied to the record: a replayed batch, a
 * retried creation with identical data, a conflict or a rejection do not
 * count.  This is what "exactly once" checks look at. */
guint             cn_platform_server_get_applied_count (CnPlatformServer *self,
                                                        const char       *type,
                                                        const char       *id);
/* {"type","id","revision","deleted","applied","data"}, or NULL if unknown.
 * A deleted record keeps the data it had before its deletion. */
char             *cn_platform_server_get_record_json  (CnPlatformServer  *self,
                                                       const char        *type,
                                                       const char        *id);
/* A copy of the record's latest data, or NULL if unknown. */
JsonObject       *cn_platform_server_dup_record_data  (CnPlatformServer  *self,
                                                       const char        *type,
                                                       const char        *id);
/* The record's data as JSON text at each revision (index 0 is revision 1),
 * "null" for a deletion; NULL if unknown. */
GPtrArray        *cn_platform_server_dup_record_history (CnPlatformServer *self,
                                                         const char       *type,
                                                         const char       *id);
/* {"records":[...]} as GET /_control/records answers it; @type may be NULL. */
char             *cn_platform_server_get_records_json (CnPlatformServer  *self,
                                                       const char        *type);

/* ---- Requests ---------------------------------------------------------------
 * Every API request is logged (control requests are not). */

guint             cn_platform_server_get_request_count (CnPlatformServer *self);
/* Requests with this method and API path ("/sync/push"); NULL matches any. */
guint             cn_platform_server_count_requests   (CnPlatformServer  *self,
                                                       const char        *method,
                                                       const char        *path);
/* Whether @needle occurs in any logged request: path, query, header names
 * and values, body.  The value of the Authorization header is left out, so
 * a test can check that the token or some personal data never travels
 * anywhere else. */
gboolean          cn_platform_server_request_log_contains (CnPlatformServer *self,
                                                           const char       *needle);
/* {"requests":[{"method","path","query","headers","body","status","dropped"}]} */
char             *cn_platform_server_get_requests_json (CnPlatformServer *self);
void              cn_platform_server_clear_request_log (CnPlatformServer *self);

void              cn_platform_server_get_stats        (CnPlatformServer  *self,
                                                       CnPlatformStats   *stats);
/* The stats, plus how often each fault switch fired. */
char             *cn_platform_server_get_stats_json   (CnPlatformServer  *self);

G_END_DECLS
