/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "cn-error.h"
#include "cn-sync-engine.h"
#include "cn-util.h"

#define DEFAULT_TIMEOUT_S      30
#define DEFAULT_BACKOFF_BASE   2000
#define DEFAULT_BACKOFF_CAP    (15 * 60 * 1000)
#define DEFAULT_MAX_ATTEMPTS   5
#define PULL_LIMIT             500
/* A server that keeps saying "more" cannot keep a sync going forever. */
#define MAX_PULL_PAGES         100000
/* 500 changes of the largest records stay far below this. */
#define MAX_RESPONSE_BYTES     (64 * 1024 * 1024)

G_DEFINE_QUARK (cn-sync-error-quark, cn_sync_error)

typedef enum {
  STEP_ME,
  STEP_PUSH,
  STEP_PULL,
} Step;

/* One sync under way. */
typedef struct {
  CnSyncEngine *self;
  GPtrArray    *tasks;          /* GTasks completed when it ends */
  GCancellable *cancellable;
  CnSyncCounts  counts;
  Step          step;
  guint         max_changes;    /* halved on 413 */
  CnSyncBatch  *batch;          /* the batch being sent */
  char         *cursor;         /* the pull cursor sent */
  gboolean      from_scratch;   /* pulling without cursor after a 410 */
  guint         pages;
  guint         attempt;        /* sends of the current request */
  gboolean      network_failure;  /* the last failure was the network's */
  char         *last_failure;   /* why the last send failed */
  guint         wait_source;
  SoupMessage  *msg;            /* the request under way */
  GInputStream *stream;         /* its answer, being read */
  GByteArray   *body;
} Run;

struct _CnSyncEngine
{
  GObject parent_instance;

  CnStore *store;
  SoupSession *session;
  char *url;
  char *token;
  guint backoff_base_ms, backoff_cap_ms, max_attempts;
  GNetworkMonitor *monitor;
  gulong monitor_handler;
  guint interval_minutes;
  guint timer_source;           /* next automatic sync */
  guint consecutive_failures;
  gulong store_handler;
  guint recount_source;

  CnSyncState state;
  char *error_message;
  guint pending, held, issues;
  char *last_sync;

  Run *run;
};

G_DEFINE_FINAL_TYPE (CnSyncEngine, cn_sync_engine, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_PENDING,
  PROP_HELD,
  PROP_ISSUES,
  PROP_LAST_SYNC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void send_current (Run *run);
static void schedule_next (CnSyncEngine *self);

/* ---- addresses ---------------------------------------------------------- */

static gboolean
is_loopback (const char *host)
{
  if (host == NULL)
    return FALSE;
  return g_str_equal (host, "localhost") || g_str_equal (host, "::1") ||
         g_str_equal (host, "[::1]") || g_str_has_prefix (host, "127.");
}

gboolean
cn_sync_check_url (const char  *url,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || *url == '\0' ||
      (uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL)) == NULL ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, CN_SYNC_ERROR, CN_SYNC_ERROR_INVALID_URL,
                   _("“%s” is not a web address. Copy the platform’s address, for example https://plateforme.example/api/v1."),
                   url ? url : "");
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback (g_uri_get_host (uri)))
    return TRUE;
  g_set_error (error, CN_SYNC_ERROR, CN_SYNC_ERROR_INVALID_URL,
               _("The platform’s address must start with https:// so that the connection is encrypted."));
  return FALSE;
}

/* ---- state -------------------------------------------------------------- */

static void
set_state (CnSyncEngine *self,
           CnSyncState   state,
           const char   *message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->error_message, message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
cn_sync_engine_recount (CnSyncEngine *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autofree char *last = NULL;
  guint pending = 0, held = 0;

  g_return_if_fail (CN_IS_SYNC_ENGINE (self));

  if (!cn_store_count_sync_pending (self->store, &pending, &held, &error))
    {
      g_warning ("Cannot count the changes to send: %s", error->message);
      return;
    }
  issues = cn_store_list_sync_issues (self->store, NULL);
  last = cn_store_get_last_sync (self->store, NULL);

  g_object_freeze_notify (G_OBJECT (self));
  if (pending != self->pending)
    {
      self->pending = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
    }
  if (held != self->held)
    {
      self->held = held;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
    }
  if (issues != NULL && issues->len != self->issues)
    {
      self->issues = issues->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ISSUES]);
    }
  if (g_strcmp0 (last, self->last_sync) != 0)
    {
      g_free (self->last_sync);
      self->last_sync = g_steal_pointer (&last);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
recount_cb (gpointer data)
{
  CnSyncEngine *self = data;

  self->recount_source = 0;
  cn_sync_engine_recount (self);
  return G_SOURCE_REMOVE;
}

/* Edits come in bursts (typing, an import): count once they settle. */
static void
on_store_changed (CnSyncEngine *self)
{
  if (self->recount_source == 0)
    self->recount_source = g_timeout_add (200, recount_cb, self);
}

/* ---- one run -------------------------------------------------------------- */

static void
run_free (Run *run)
{
  g_clear_handle_id (&run->wait_source, g_source_remove);
  g_clear_object (&run->msg);
  g_clear_object (&run->stream);
  g_clear_pointer (&run->body, g_byte_array_unref);
  g_clear_pointer (&run->tasks, g_ptr_array_unref);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->batch, cn_sync_batch_free);
  g_free (run->cursor);
  g_free (run->last_failure);
  g_clear_object (&run->self);
  g_free (run);
}

static void
complete_run (Run    *run,
              GError *error)
{
  CnSyncEngine *self = run->self;
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&run->tasks);

  self->run = NULL;
  if (error == NULL)
    {
      g_autofree char *now = cn_now_iso8601 ();
      g_autoptr(GError) store_error = NULL;

      if (!cn_store_set_last_sync (self->store, now, &store_error))
        g_warning ("Cannot record the sync time: %s", store_error->message);
      self->consecutive_failures = 0;
      set_state (self, CN_SYNC_STATE_IDLE, NULL);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, CN_SYNC_STATE_IDLE, NULL);
  else
    {
      self->consecutive_failures++;
      if (g_error_matches (error, CN_SYNC_ERROR, CN_SYNC_ERROR_UNAUTHORIZED))
        set_state (self, CN_SYNC_STATE_NEEDS_TOKEN, error->message);
      else if (g_error_matches (error, CN_SYNC_ERROR, CN_SYNC_ERROR_NOT_CONFIGURED))
        set_state (self, CN_SYNC_STATE_NOT_CONFIGURED, error->message);
      else if (g_error_matches (error, CN_SYNC_ERROR, CN_SYNC_ERROR_OFFLINE))
        set_state (self, CN_SYNC_STATE_OFFLINE, error->message);
      else
        set_state (self, CN_SYNC_STATE_ERROR, error->message);
    }
  cn_sync_engine_recount (self);
  schedule_next (self);

  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = tasks->pdata[i];

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_memdup2 (&run->counts, sizeof run->counts), g_free);
    }
  run_free (run);
}

static void
fail_run (Run        *run,
          CnSyncError code,
          const char *message)
{
  g_autoptr(GError) error = g_error_new_literal (CN_SYNC_ERROR, code, message);
  complete_run (run, error);
}

/* The platform's own words from an error body, when it gave some. */
static char *
server_message (GBytes *body,
                guint   status)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root, *problem;
  const char *message = NULL, *code = NULL;

  if (body != NULL &&
      json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      (problem = json_object_get_member (json_node_get_object (root), "error")) != NULL &&
      JSON_NODE_HOLDS_OBJECT (problem))
    {
      JsonObject *object = json_node_get_object (problem);
      JsonNode *node;

      if ((node = json_object_get_member (object, "message")) != NULL &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        message = json_node_get_string (node);
      if ((node = json_object_get_member (object, "code")) != NULL &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        code = json_node_get_string (node);
    }
  if (message != NULL && code != NULL)
    return g_strdup_printf ("%s (%s, HTTP %u)", message, code, status);
  if (message != NULL)
    return g_strdup_printf ("%s (HTTP %u)", message, status);
  return g_strdup_printf ("HTTP %u %s", status, soup_status_get_phrase (status));
}

static JsonNode *
parse_json (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (body == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), error))
    {
      if (error && *error == NULL)
        g_set_error_literal (error, CN_ERROR, CN_ERROR_PARSE, _("empty answer"));
      return NULL;
    }
  return json_parser_steal_root (parser);
}

static gboolean
wait_done_cb (gpointer data)
{
  Run *run = data;

  run->wait_source = 0;
  send_current (run);
  return G_SOURCE_REMOVE;
}

/* Full jitter: a random wait in [0, min(cap, base·2ⁿ)]. */
static guint
backoff_delay (CnSyncEngine *self,
               guint         failures)
{
  guint64 ceiling = self->backoff_base_ms;

  for (guint i = 0; i < failures && ceiling < self->backoff_cap_ms; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, self->backoff_cap_ms);
  return (guint) g_random_double_range (0, (double) ceiling + 1);
}

/* The same request again, later; or the end of this sync if it failed too
 * often.  @retry_after_s ≥ 0: what the platform asked for. */
static void
retry_later (Run        *run,
             gint64      retry_after_s,
             const char *why,
             gboolean    network)
{
  CnSyncEngine *self = run->self;
  guint delay;

  g_free (run->last_failure);
  run->last_failure = g_strdup (why);
  run->network_failure = network;
  run->attempt++;
  if (run->attempt >= self->max_attempts)
    {
      g_autofree char *message = NULL;

      if (network)
        {
          message = g_strdup_printf (_("The platform cannot be reached (%s). The changes stay on this computer and will be sent later."), why);
          fail_run (run, CN_SYNC_ERROR_OFFLINE, message);
        }
      else
        {
          message = g_strdup_printf (_("The platform keeps failing (%s). The changes stay on this computer and will be sent later."), why);
          fail_run (run, CN_SYNC_ERROR_SERVER, message);
        }
      return;
    }
  delay = retry_after_s >= 0 ? (guint) MIN (retry_after_s, G_MAXUINT / 1000) * 1000
                             : backoff_delay (self, run->attempt);
  g_debug ("Retrying in %u ms: %s", delay, why);
  run->wait_source = g_timeout_add (delay, wait_done_cb, run);
}

/* Retry-After: seconds, or an HTTP date; -1 when absent. */
static gint64
retry_after (SoupMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After");
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  char *end;
  gint64 seconds;

  if (value == NULL)
    return -1;
  seconds = g_ascii_strtoll (value, &end, 10);
  if (end != value && *end == '\0' && seconds >= 0)
    return seconds;
  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  return MAX (0, g_date_time_difference (date, now) / G_TIME_SPAN_SECOND);
}

static void next_push (Run *run);
static void next_pull (Run *run);

static void
handle_me (Run         *run,
           guint        status,
           GBytes      *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  /* The profile is a convenience: a platform that does not give it must
   * not keep the reports from leaving. */
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      root = parse_json (body, &error);
      if (root == NULL || !cn_store_apply_platform_profile (run->self->store, root, &error))
        g_warning ("The connector's profile from the platform was not used: %s", error->message);
    }
  else
    g_warning ("GET /me answered %u", status);
  run->step = STEP_PUSH;
  next_push (run);
}

static void
split_or_reject (Run        *run,
                 const char *code,
                 const char *message)
{
  CnSyncEngine *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnSyncBatch) batch = g_steal_pointer (&run->batch);

  if (batch->n_changes <= 1)
    {
      /* Nothing left to split: this one change is what the platform refuses. */
      if (!cn_store_reject_sync_batch (self->store, batch->id, code, message, &error))
        {
          fail_run (run, CN_SYNC_ERROR_SERVER, error->message);
          return;
        }
      run->counts.rejected++;
      run->max_changes = CN_SYNC_MAX_CHANGES;
    }
  else
    {
      if (!cn_store_release_sync_batch (self->store, batch->id, &error))
        {
          fail_run (run, CN_SYNC_ERROR_SERVER, error->message);
          return;
        }
      run->max_changes = MAX (1, batch->n_changes / 2);
    }
  next_push (run);
}

static void
handle_push (Run    *run,
             guint   status,
             GBytes *body)
{
  CnSyncEngine *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;

  if (status == SOUP_STATUS_OK)
    {
      root = parse_json (body, &error);
      if (root == NULL ||
          !cn_store_apply_push_results (self->store, run->batch->id, root, &run->counts, &error))
        {
          /* The batch stays frozen: it goes again, as is, next time. */
          message = g_strdup_printf (_("The platform’s answer could not be read: %s"), error->message);
          fail_run (run, CN_SYNC_ERROR_SERVER, message);
          return;
        }
      g_clear_pointer (&run->batch, cn_sync_batch_free);
      next_push (run);
      return;
    }

  message = server_message (body, status);
  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    {
      split_or_reject (run, "too_large", message);
      return;
    }
  if (status == SOUP_STATUS_FORBIDDEN)
    {
      split_or_reject (run, "forbidden", message);
      return;
    }

  /* 400, 422 and the like: the platform will give the same answer to the
   * same bytes.  The changes go back to the outbox, and a later batch
   * gets a new key. */
  if (!cn_store_release_sync_batch (self->store, run->batch->id, &error))
    g_warning ("Cannot release the refused batch: %s", error->message);
  g_clear_pointer (&run->batch, cn_sync_batch_free);
  {
    g_autofree char *text = g_strdup_printf (_("The platform refused the changes: %s"), message);
    g_warning ("%s", text);
    fail_run (run, CN_SYNC_ERROR_SERVER, text);
  }
}

static void
handle_pull (Run    *run,
             guint   status,
             GBytes *body)
{
  CnSyncEngine *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonNode *changes, *cursor, *has_more;
  const char *new_cursor;

  if (status == SOUP_STATUS_GONE)
    {
      if (run->cursor == NULL)
        {
          fail_run (run, CN_SYNC_ERROR_SERVER, _("The platform refuses to send its changes (410 without cursor)."));
          return;
        }
      /* The cursor expired: everything again, merged by id. */
      g_clear_pointer (&run->cursor, g_free);
      run->from_scratch = TRUE;
      run->attempt = 0;
      send_current (run);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *message = server_message (body, status);
      g_autofree char *text = g_strdup_printf (_("The platform refused to send its changes: %s"), message);
      fail_run (run, CN_SYNC_ERROR_SERVER, text);
      return;
    }

  root = parse_json (body, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (changes = json_object_get_member ((object = json_node_get_object (root)), "changes")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (changes) ||
      (cursor = json_object_get_member (object, "cursor")) == NULL ||
      json_node_get_value_type (cursor) != G_TYPE_STRING ||
      (has_more = json_object_get_member (object, "has_more")) == NULL ||
      json_node_get_value_type (has_more) != G_TYPE_BOOLEAN)
    {
      g_autofree char *text = g_strdup_printf (_("The platform’s changes could not be read: %s"),
                                               error ? error->message : _("missing members"));
      fail_run (run, CN_SYNC_ERROR_SERVER, text);
      return;
    }
  new_cursor = json_node_get_string (cursor);
  if (json_node_get_boolean (has_more) &&
      (g_strcmp0 (new_cursor, run->cursor) == 0 || ++run->pages > MAX_PULL_PAGES))
    {
      fail_run (run, CN_SYNC_ERROR_SERVER, _("The platform keeps sending the same changes."));
      return;
    }
  if (!cn_store_apply_pull_page (self->store, json_node_get_array (changes), new_cursor,
                                 &run->counts, &error))
    {
      fail_run (run, CN_SYNC_ERROR_SERVER, error->message);
      return;
    }
  if (!json_node_get_boolean (has_more))
    {
      complete_run (run, NULL);
      return;
    }
  g_free (run->cursor);
  run->cursor = g_strdup (new_cursor);
  run->attempt = 0;
  send_current (run);
}

static gboolean
is_network_error (GError *error)
{
  return error->domain == G_RESOLVER_ERROR ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

/* A network failure, a timeout, a TLS error: what to do with the request. */
static void
handle_failure (Run         *run,
                SoupMessage *msg,
                GError      *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    complete_run (run, error);
  else if (error->domain == G_TLS_ERROR ||
           (msg != NULL && soup_message_get_tls_peer_certificate_errors (msg) != 0))
    {
      g_autofree char *text = g_strdup_printf (_("The platform’s certificate is not valid (%s): nothing was sent."),
                                               error->message);
      fail_run (run, CN_SYNC_ERROR_SERVER, text);
    }
  else
    /* Timeouts, resets, a dropped connection: the same bytes again. */
    retry_later (run, -1, error->message, is_network_error (error));
}

static void handle_response (Run *run, SoupMessage *msg, GBytes *body);

/* The body is read in chunks up to MAX_RESPONSE_BYTES: a server cannot
 * make the app swallow an endless answer. */
static void
on_chunk (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);

  if (chunk == NULL)
    {
      g_autoptr(SoupMessage) msg = g_steal_pointer (&run->msg);

      g_clear_pointer (&run->body, g_byte_array_unref);
      g_clear_object (&run->stream);
      handle_failure (run, msg, error);
      return;
    }
  if (g_bytes_get_size (chunk) == 0)
    {
      g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&run->body));
      g_autoptr(SoupMessage) msg = g_steal_pointer (&run->msg);

      g_clear_object (&run->stream);
      handle_response (run, msg, body);
      return;
    }
  if (run->body->len + g_bytes_get_size (chunk) > MAX_RESPONSE_BYTES)
    {
      g_clear_object (&run->msg);
      g_clear_pointer (&run->body, g_byte_array_unref);
      g_clear_object (&run->stream);
      fail_run (run, CN_SYNC_ERROR_SERVER, _("The platform’s answer is too large to be read."));
      return;
    }
  g_byte_array_append (run->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  g_input_stream_read_bytes_async (run->stream, 64 * 1024, G_PRIORITY_DEFAULT, run->cancellable,
                                   on_chunk, run);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;
  GInputStream *stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);

  if (stream == NULL)
    {
      g_autoptr(SoupMessage) msg = g_steal_pointer (&run->msg);
      handle_failure (run, msg, error);
      return;
    }
  run->stream = stream;
  run->body = g_byte_array_new ();
  g_input_stream_read_bytes_async (stream, 64 * 1024, G_PRIORITY_DEFAULT, run->cancellable,
                                   on_chunk, run);
}

static void
handle_response (Run         *run,
                 SoupMessage *msg,
                 GBytes      *body)
{
  guint status;

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      fail_run (run, CN_SYNC_ERROR_UNAUTHORIZED,
                _("The platform refused the access token: sign in again in Preferences. The changes stay on this computer."));
      return;
    }
  if (status == 429 /* Too Many Requests */ || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      g_autofree char *why = server_message (body, status);
      retry_later (run, retry_after (msg), why, FALSE);
      return;
    }
  if (status >= 500)
    {
      g_autofree char *why = server_message (body, status);
      retry_later (run, -1, why, FALSE);
      return;
    }

  run->attempt = 0;
  switch (run->step)
    {
    case STEP_ME:
      handle_me (run, status, body);
      break;
    case STEP_PUSH:
      handle_push (run, status, body);
      break;
    case STEP_PULL:
    default:
      handle_pull (run, status, body);
      break;
    }
}

static char *
endpoint (CnSyncEngine *self,
          const char   *path)
{
  return g_strconcat (self->url, path, NULL);
}

/* Sends the request of the current step: the same bytes on every retry. */
static void
send_current (Run *run)
{
  CnSyncEngine *self = run->self;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *authorization = g_strdup_printf ("Bearer %s", self->token);
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (run->cancellable))
    {
      g_cancellable_set_error_if_cancelled (run->cancellable, &error);
      complete_run (run, error);
      return;
    }

  switch (run->step)
    {
    case STEP_ME:
      uri = endpoint (self, "/me");
      msg = soup_message_new (SOUP_METHOD_GET, uri);
      break;
    case STEP_PUSH:
      uri = endpoint (self, "/sync/push");
      msg = soup_message_new (SOUP_METHOD_POST, uri);
      if (msg != NULL)
        {
          soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", run->batch->id);
          soup_message_set_request_body_from_bytes (msg, "application/json", run->batch->body);
          if (!cn_store_count_sync_attempt (self->store, run->batch->id, &error))
            g_warning ("Cannot count the attempt: %s", error->message);
        }
      break;
    case STEP_PULL:
    default:
      if (run->cursor != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (run->cursor, NULL, FALSE);
          g_autofree char *path = g_strdup_printf ("/sync/pull?limit=%d&cursor=%s", PULL_LIMIT, escaped);
          uri = endpoint (self, path);
        }
      else
        {
          g_autofree char *path = g_strdup_printf ("/sync/pull?limit=%d", PULL_LIMIT);
          uri = endpoint (self, path);
        }
      msg = soup_message_new (SOUP_METHOD_GET, uri);
      break;
    }

  if (msg == NULL)
    {
      fail_run (run, CN_SYNC_ERROR_NOT_CONFIGURED, _("The platform’s address is not valid."));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  run->msg = g_steal_pointer (&msg);
  soup_session_send_async (self->session, run->msg, G_PRIORITY_DEFAULT, run->cancellable,
                           on_sent, run);
}

static void
next_push (Run *run)
{
  CnSyncEngine *self = run->self;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&run->batch, cn_sync_batch_free);
  /* A batch left unanswered (a timeout, a crash) goes first, as it was. */
  run->batch = cn_store_get_sync_batch (self->store, &error);
  if (run->batch == NULL && error == NULL)
    run->batch = cn_store_freeze_sync_batch (self->store, run->max_changes, &error);
  if (error != NULL)
    {
      fail_run (run, CN_SYNC_ERROR_SERVER, error->message);
      return;
    }
  if (run->batch == NULL)
    {
      next_pull (run);
      return;
    }
  run->attempt = 0;
  send_current (run);
}

static void
next_pull (Run *run)
{
  g_autoptr(GError) error = NULL;

  run->step = STEP_PULL;
  run->attempt = 0;
  g_free (run->cursor);
  run->cursor = cn_store_get_sync_cursor (run->self->store, &error);
  if (error != NULL)
    {
      fail_run (run, CN_SYNC_ERROR_SERVER, error->message);
      return;
    }
  send_current (run);
}

static void
start_run (CnSyncEngine *self,
           GTask        *task)
{
  Run *run;

  if (self->run != NULL)
    {
      g_ptr_array_add (self->run->tasks, task);
      return;
    }

  g_clear_handle_id (&self->timer_source, g_source_remove);
  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (run->tasks, task);
  run->cancellable = g_cancellable_new ();
  run->max_changes = CN_SYNC_MAX_CHANGES;
  run->step = STEP_ME;

  if (self->url == NULL)
    {
      self->run = run;
      fail_run (run, CN_SYNC_ERROR_NOT_CONFIGURED,
                _("No platform address is set: add it in Preferences to sync."));
      return;
    }
  if (self->token == NULL)
    {
      self->run = run;
      fail_run (run, CN_SYNC_ERROR_UNAUTHORIZED,
                _("Sign in to the platform in Preferences to sync."));
      return;
    }

  self->run = run;
  set_state (self, CN_SYNC_STATE_SYNCING, NULL);
  send_current (run);
}

void
cn_sync_engine_sync_async (CnSyncEngine        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CN_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_sync_engine_sync_async);
  start_run (self, task);
  /* Cancelling any caller cancels the sync under way: it is theirs too,
   * and nothing is lost (a frozen batch is resent next time). */
  if (cancellable != NULL && self->run != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                             self->run->cancellable, G_CONNECT_SWAPPED);
}

gboolean
cn_sync_engine_sync_finish (CnSyncEngine  *self,
                            GAsyncResult  *result,
                            CnSyncCounts  *counts,
                            GError       **error)
{
  g_autofree CnSyncCounts *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;
  if (counts)
    *counts = *found;
  return TRUE;
}

static void
sync_now_done (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!cn_sync_engine_sync_finish (CN_SYNC_ENGINE (source), result, NULL, &error))
    g_debug ("Sync failed: %s", error->message);
}

void
cn_sync_engine_sync_now (CnSyncEngine *self)
{
  g_return_if_fail (CN_IS_SYNC_ENGINE (self));

  if (self->run == NULL)
    cn_sync_engine_sync_async (self, NULL, sync_now_done, NULL);
}

/* ---- automatic syncs ---------------------------------------------------------- */

static gboolean
network_available (CnSyncEngine *self)
{
  return self->monitor == NULL || g_network_monitor_get_network_available (self->monitor);
}

static gboolean
timer_cb (gpointer data)
{
  CnSyncEngine *self = data;

  self->timer_source = 0;
  if (network_available (self))
    cn_sync_engine_sync_now (self);
  else
    {
      set_state (self, CN_SYNC_STATE_OFFLINE, NULL);
      schedule_next (self);
    }
  return G_SOURCE_REMOVE;
}

/* The next automatic sync: after a failure, a backoff; else the interval. */
static void
schedule_next (CnSyncEngine *self)
{
  guint delay_ms;

  g_clear_handle_id (&self->timer_source, g_source_remove);
  if (self->interval_minutes == 0 || self->url == NULL || self->token == NULL ||
      self->state == CN_SYNC_STATE_NEEDS_TOKEN)
    return;
  if (self->consecutive_failures > 0 && self->state != CN_SYNC_STATE_OFFLINE)
    delay_ms = MAX (1000, backoff_delay (self, self->consecutive_failures + 3));
  else
    delay_ms = self->interval_minutes * 60 * 1000;
  self->timer_source = g_timeout_add (delay_ms, timer_cb, self);
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    CnSyncEngine    *self)
{
  if (!available)
    {
      if (self->run == NULL && self->url != NULL)
        set_state (self, CN_SYNC_STATE_OFFLINE, NULL);
      return;
    }
  /* A hint that the network is back: try, it proves nothing. */
  if (self->interval_minutes > 0 && self->url != NULL && self->token != NULL &&
      self->state != CN_SYNC_STATE_NEEDS_TOKEN)
    cn_sync_engine_sync_now (self);
}

void
cn_sync_engine_set_network_monitor (CnSyncEngine    *self,
                                    GNetworkMonitor *monitor)
{
  g_return_if_fail (CN_IS_SYNC_ENGINE (self));

  if (self->monitor != NULL)
    g_clear_signal_handler (&self->monitor_handler, self->monitor);
  g_set_object (&self->monitor, monitor);
  if (monitor != NULL)
    self->monitor_handler = g_signal_connect (monitor, "network-changed",
                                              G_CALLBACK (on_network_changed), self);
}

void
cn_sync_engine_set_interval (CnSyncEngine *self,
                             guint         minutes)
{
  g_return_if_fail (CN_IS_SYNC_ENGINE (self));

  self->interval_minutes = minutes;
  if (self->run == NULL)
    schedule_next (self);
}

/* ---- settings ----------------------------------------------------------------- */

gboolean
cn_sync_engine_set_url (CnSyncEngine  *self,
                        const char    *url,
                        GError       **error)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (CN_IS_SYNC_ENGINE (self), FALSE);

  if (url == NULL || *url == '\0')
    {
      g_clear_pointer (&self->url, g_free);
      set_state (self, CN_SYNC_STATE_NOT_CONFIGURED, NULL);
      schedule_next (self);
      return TRUE;
    }
  if (!cn_sync_check_url (url, error))
    return FALSE;
  base = g_strdup (url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  g_free (self->url);
  self->url = g_steal_pointer (&base);
  /* A server on this machine is never reached through a proxy (and the
   * system's proxy settings may not even be readable, in tests). */
  {
    g_autoptr(GUri) uri = g_uri_parse (self->url, G_URI_FLAGS_NONE, NULL);
    if (uri != NULL && is_loopback (g_uri_get_host (uri)))
      soup_session_set_proxy_resolver (self->session, NULL);
  }
  if (self->state == CN_SYNC_STATE_NOT_CONFIGURED)
    set_state (self, self->token ? CN_SYNC_STATE_IDLE : CN_SYNC_STATE_NEEDS_TOKEN, NULL);
  schedule_next (self);
  return TRUE;
}

const char *
cn_sync_engine_get_url (CnSyncEngine *self)
{
  g_return_val_if_fail (CN_IS_SYNC_ENGINE (self), NULL);
  return self->url;
}

void
cn_sync_engine_set_token (CnSyncEngine *self,
                          const char   *token)
{
  g_return_if_fail (CN_IS_SYNC_ENGINE (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  if (token != NULL && *token != '\0')
    self->token = g_strstrip (g_strdup (token));

  if (self->url == NULL)
    set_state (self, CN_SYNC_STATE_NOT_CONFIGURED, NULL);
  else if (self->token == NULL)
    set_state (self, CN_SYNC_STATE_NEEDS_TOKEN, _("Sign in to the platform in Preferences to sync."));
  else if (self->state == CN_SYNC_STATE_NEEDS_TOKEN)
    set_state (self, CN_SYNC_STATE_IDLE, NULL);
  schedule_next (self);
}

gboolean
cn_sync_engine_has_token (CnSyncEngine *self)
{
  g_return_val_if_fail (CN_IS_SYNC_ENGINE (self), FALSE);
  return self->token != NULL;
}

void
cn_sync_engine_set_timeout (CnSyncEngine *self,
                            guint         seconds)
{
  g_return_if_fail (CN_IS_SYNC_ENGINE (self));
  soup_session_set_timeout (self->session, seconds);
}

void
cn_sync_engine_set_backoff (CnSyncEngine *self,
                            guint         base_ms,
                            guint         cap_ms,
                            guint         max_attempts)
{
  g_return_if_fail (CN_IS_SYNC_ENGINE (self));
  self->backoff_base_ms = MAX (1, base_ms);
  self->backoff_cap_ms = MAX (self->backoff_base_ms, cap_ms);
  self->max_attempts = MAX (1, max_attempts);
}

CnSyncState
cn_sync_engine_get_state (CnSyncEngine *self)
{
  g_return_val_if_fail (CN_IS_SYNC_ENGINE (self), CN_SYNC_STATE_IDLE);
  return self->state;
}

const char *
cn_sync_engine_get_error_message (CnSyncEngine *self)
{
  g_return_val_if_fail (CN_IS_SYNC_ENGINE (self), NULL);
  return self->error_message;
}

guint
cn_sync_engine_get_pending (CnSyncEngine *self)
{
  g_return_val_if_fail (CN_IS_SYNC_ENGINE (self), 0);
  return self->pending;
}

guint
cn_sync_engine_get_held (CnSyncEngine *self)
{
  g_return_val_if_fail (CN_IS_SYNC_ENGINE (self), 0);
  return self->held;
}

guint
cn_sync_engine_get_issues (CnSyncEngine *self)
{
  g_return_val_if_fail (CN_IS_SYNC_ENGINE (self), 0);
  return self->issues;
}

const char *
cn_sync_engine_get_last_sync (CnSyncEngine *self)
{
  g_return_val_if_fail (CN_IS_SYNC_ENGINE (self), NULL);
  return self->last_sync;
}

/* ---- object ------------------------------------------------------------------- */

static void
cn_sync_engine_dispose (GObject *object)
{
  CnSyncEngine *self = CN_SYNC_ENGINE (object);

  if (self->run != NULL)
    g_cancellable_cancel (self->run->cancellable);
  g_clear_handle_id (&self->timer_source, g_source_remove);
  g_clear_handle_id (&self->recount_source, g_source_remove);
  if (self->monitor != NULL)
    g_clear_signal_handler (&self->monitor_handler, self->monitor);
  g_clear_object (&self->monitor);
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_handler, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (cn_sync_engine_parent_class)->dispose (object);
}

static void
cn_sync_engine_finalize (GObject *object)
{
  CnSyncEngine *self = CN_SYNC_ENGINE (object);

  cn_sync_engine_set_token (self, NULL);
  g_free (self->url);
  g_free (self->error_message);
  g_free (self->last_sync);
  G_OBJECT_CLASS (cn_sync_engine_parent_class)->finalize (object);
}

static void
cn_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CnSyncEngine *self = CN_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_HELD:
      g_value_set_uint (value, self->held);
      break;
    case PROP_ISSUES:
      g_value_set_uint (value, self->issues);
      break;
    case PROP_LAST_SYNC:
      g_value_set_string (value, self->last_sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_sync_engine_class_init (CnSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cn_sync_engine_dispose;
  object_class->finalize = cn_sync_engine_finalize;
  object_class->get_property = cn_sync_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, CN_SYNC_STATE_IDLE, CN_SYNC_STATE_NOT_CONFIGURED,
                      CN_SYNC_STATE_NOT_CONFIGURED, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HELD] =
    g_param_spec_uint ("held", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ISSUES] =
    g_param_spec_uint ("issues", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LAST_SYNC] =
    g_param_spec_string ("last-sync", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cn_sync_engine_init (CnSyncEngine *self)
{
  const char *base = g_getenv ("CONNECTEUR_SYNC_BACKOFF_MS");

  self->state = CN_SYNC_STATE_NOT_CONFIGURED;
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE;
  self->backoff_cap_ms = DEFAULT_BACKOFF_CAP;
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  if (base != NULL && g_ascii_strtoull (base, NULL, 10) > 0)
    self->backoff_base_ms = (guint) g_ascii_strtoull (base, NULL, 10);
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_S,
                                                 "idle-timeout", 60,
                                                 "user-agent", "Connecteur/" PACKAGE_VERSION " ",
                                                 NULL);
}

CnSyncEngine *
cn_sync_engine_new (CnStore *store)
{
  CnSyncEngine *self;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_SYNC_ENGINE, NULL);
  self->store = g_object_ref (store);
  self->store_handler = g_signal_connect_swapped (store, "changed", G_CALLBACK (on_store_changed), self);
  /* Counting examines every waiting change (100 000 after a large import
   * take a tenth of a second): it waits until the main loop has nothing
   * more urgent, such as showing the window. */
  self->recount_source = g_idle_add_full (G_PRIORITY_LOW, recount_cb, self, NULL);
  return self;
}
