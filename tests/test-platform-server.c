/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The platform test server, checked from the client's side: real HTTP
 * requests from a SoupSession on the same main loop, against the contract
 * in shared/platform-api.md and each fault switch; then the program and
 * its HTTP control API in another process. */
#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "cn-platform-server.h"
#include "cn-test-util.h"

#define TOKEN     "test-token"
#define SIRET     "41816609600069"
#define SIRET_2   "73282932000074"
#define DEVICE_ID "7f1c2a9e-51b3-4c8d-9e0f-1a2b3c4d5e6f"

typedef struct {
  CnPlatformServer *server;
  SoupSession      *session;
} Fixture;

typedef struct {
  guint       status;
  GBytes     *bytes;
  char       *body;
  char       *retry_after;
  JsonObject *json;
  GError     *error;
} Response;

static void
response_free (Response *response)
{
  g_clear_pointer (&response->bytes, g_bytes_unref);
  g_free (response->body);
  g_free (response->retry_after);
  g_clear_pointer (&response->json, json_object_unref);
  g_clear_error (&response->error);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static SoupSession *
new_session (guint timeout)
{
  return soup_session_new_with_options ("timeout", timeout, NULL);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = cn_platform_server_new (TOKEN, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cn_platform_server_get_url (f->server), "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (cn_platform_server_get_url (f->server), "/api/v1"));
  f->session = new_session (10);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->server));
  g_clear_object (&f->session);
}

/* ---- Requests ------------------------------------------------------------------ */

typedef struct {
  gboolean  done;
  GBytes   *bytes;
  GError   *error;
} Call;

static void
send_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  call->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &call->error);
  call->done = TRUE;
}

/* Sends one request and runs the loop (the server's too) until the answer
 * or the transport error.  @token NULL sends no Authorization. */
static Response *
send_full (SoupSession *session,
           const char  *method,
           const char  *url,
           const char  *token,
           const char  *key,
           const char  *body,
           gssize       body_length)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  Response *response = g_new0 (Response, 1);
  Call call = { FALSE, NULL, NULL };

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
    }
  if (key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", key);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_length < 0 ? strlen (body) : (gsize) body_length);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_done, &call);
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);

  response->error = call.error;
  if (call.error != NULL)
    return response;

  response->status = soup_message_get_status (msg);
  response->bytes = call.bytes;
  response->body = g_strndup (g_bytes_get_data (call.bytes, NULL), g_bytes_get_size (call.bytes));
  response->retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                                  "Retry-After"));
  if (g_bytes_get_size (call.bytes) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, response->body, -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      response->json = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  return response;
}

/* An API request with the right token; @path is relative to the base. */
static Response *
api (Fixture    *f,
     const char *method,
     const char *path,
     const char *key,
     const char *body)
{
  g_autofree char *url = g_strconcat (cn_platform_server_get_url (f->server), path, NULL);

  return send_full (f->session, method, url, TOKEN, key, body, -1);
}

static Response *
push (Fixture    *f,
      const char *key,
      const char *body)
{
  return api (f, "POST", "/sync/push", key, body);
}

static Response *
pull (Fixture    *f,
      const char *query)
{
  g_autofree char *path = g_strconcat ("/sync/pull", query ? "?" : "", query, NULL);

  return api (f, "GET", path, NULL, NULL);
}

static void
assert_status (Response *response,
               guint     status)
{
  g_assert_no_error (response->error);
  if (response->status != status)
    g_test_message ("body: %s", response->body);
  g_assert_cmpuint (response->status, ==, status);
}

static void
assert_error (Response   *response,
              guint       status,
              const char *code)
{
  JsonObject *error;

  assert_status (response, status);
  g_assert_nonnull (response->json);
  error = json_object_get_object_member (response->json, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_true (json_object_has_member (error, "message"));
  g_assert_true (json_object_has_member (error, "field"));
}

/* ---- Bodies --------------------------------------------------------------------- */

static char *
company_data (const char *name,
              const char *siret,
              gboolean    consent)
{
  return g_strdup_printf ("{\"siret\":\"%s\",\"siren\":\"%.9s\",\"name\":\"%s\",\"naf\":\"47.71Z\","
                          "\"headcount_code\":\"11\",\"postcode\":\"19000\",\"commune\":\"Tulle\","
                          "\"consent_share\":%s}",
                          siret, siret, name, consent ? "true" : "false");
}

static char *
appointment_data (const char *company_id,
                  const char *starts_at,
                  const char *ends_at,
                  const char *mode)
{
  return g_strdup_printf ("{\"company_id\":\"%s\",\"starts_at\":\"%s\",\"ends_at\":\"%s\","
                          "\"mode\":\"%s\",\"location\":null,\"subject\":\"Diagnostic\","
                          "\"status\":\"planned\",\"origin\":\"connector\",\"notes\":\"\"}",
                          company_id, starts_at, ends_at, mode);
}

static char *
report_data (const char *company_id,
             int         maturity_after,
             const char *cofinancing_status)
{
  return g_strdup_printf ("{\"company_id\":\"%s\",\"appointment_id\":null,\"date\":\"2026-11-23\","
                          "\"summary\":\"Visite\",\"actions_done\":[\"Fiche Google\"],\"next_steps\":[],"
                          "\"maturity_before\":2,\"maturity_after\":%d,\"time_spent_minutes\":90,"
                          "\"satisfaction\":null,\"cofinancing\":{\"requested\":true,\"amount_eur\":1500,"
                          "\"status\":\"%s\"}}",
                          company_id, maturity_after, cofinancing_status);
}

/* One change; @base < 0 for null, @data (taken) NULL for none. */
static char *
change (const char *type,
        const char *id,
        const char *op,
        gint64      base,
        char       *data_owned)
{
  g_autofree char *data = data_owned;
  g_autofree char *base_text = base < 0 ? g_strdup ("null") : g_strdup_printf ("%" G_GINT64_FORMAT, base);

  if (data == NULL)
    return g_strdup_printf ("{\"type\":\"%s\",\"id\":\"%s\",\"op\":\"%s\",\"base_revision\":%s}",
                            type, id, op, base_text);
  return g_strdup_printf ("{\"type\":\"%s\",\"id\":\"%s\",\"op\":\"%s\",\"base_revision\":%s,\"data\":%s}",
                          type, id, op, base_text, data);
}

/* Takes the changes (NULL-terminated list of allocated strings). */
static char *
batch (char *first,
       ...)
{
  GString *body = g_string_new ("{\"device_id\":\"" DEVICE_ID "\",\"changes\":[");
  va_list args;

  va_start (args, first);
  for (char *item = first; item != NULL; item = va_arg (args, char *))
    {
      if (item != first)
        g_string_append_c (body, ',');
      g_string_append (body, item);
      g_free (item);
    }
  va_end (args);
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

static char *
new_key (void)
{
  return g_uuid_string_random ();
}

static JsonObject *
result_at (Response *response,
           guint     index)
{
  JsonArray *results = json_object_get_array_member (response->json, "results");

  g_assert_nonnull (results);
  g_assert_cmpuint (index, <, json_array_get_length (results));
  return json_array_get_object_element (results, index);
}

static void
assert_applied (Response *response,
                guint     index,
                gint64    revision)
{
  JsonObject *result = result_at (response, index);

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  g_assert_cmpint (json_object_get_int_member (result, "revision"), ==, revision);
}

static void
assert_rejected (Response   *response,
                 guint       index,
                 const char *code,
                 const char *field)
{
  JsonObject *result = result_at (response, index);
  JsonObject *error;

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  error = json_object_get_object_member (result, "error");
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  if (field != NULL)
    g_assert_cmpstr (json_object_get_string_member (error, "field"), ==, field);
}

/* Pushes one company and checks it is applied at revision 1. */
static char *
push_company (Fixture    *f,
              const char *name)
{
  char *id = g_uuid_string_random ();
  g_autofree char *key = new_key ();
  g_autofree char *body = batch (change ("company", id, "upsert", -1, company_data (name, SIRET, TRUE)), NULL);
  g_autoptr(Response) response = push (f, key, body);

  assert_status (response, 200);
  assert_applied (response, 0, 1);
  return id;
}

/* ---- Authentication and /me ----------------------------------------------------- */

static void
test_auth_and_me (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *url = g_strconcat (cn_platform_server_get_url (f->server), "/me", NULL);
  g_autoptr(Response) anonymous = send_full (f->session, "GET", url, NULL, NULL, NULL, 0);
  g_autoptr(Response) wrong = send_full (f->session, "GET", url, "not-the-token", NULL, NULL, 0);
  g_autoptr(Response) me = NULL;
  g_autoptr(Response) charter = NULL;
  g_autoptr(Response) missing = NULL;
  g_autoptr(Response) push_anonymous = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *push_url = g_strconcat (cn_platform_server_get_url (f->server), "/sync/push", NULL);

  assert_error (anonymous, 401, "unauthorized");
  assert_error (wrong, 401, "unauthorized");
  push_anonymous = send_full (f->session, "POST", push_url, NULL, "k", "{}", -1);
  assert_error (push_anonymous, 401, "unauthorized");

  me = api (f, "GET", "/me", NULL, NULL);
  assert_status (me, 200);
  g_assert_cmpstr (json_object_get_string_member (me->json, "display_name"), ==, "Camille Martin");
  g_assert_cmpstr (json_object_get_string_member (me->json, "kind"), ==, "labelled");
  g_assert_cmpstr (json_object_get_string_member (me->json, "label_expires_on"), ==, "2027-03-31");
  g_assert_cmpstr (json_object_get_string_member (me->json, "organisation"), ==, "CCI Corrèze");
  g_assert_cmpstr (json_object_get_string_member (me->json, "region"), ==, "75");
  g_assert_true (json_object_has_member (me->json, "email"));
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (me->json, "id")));

  g_assert_true (cn_platform_server_set_profile_json (f->server,
                                                      "{\"kind\":\"charter\",\"label_expires_on\":null}",
                                                      &error));
  g_assert_no_error (error);
  charter = api (f, "GET", "/me", NULL, NULL);
  assert_status (charter, 200);
  g_assert_cmpstr (json_object_get_string_member (charter->json, "kind"), ==, "charter");
  g_assert_true (json_object_get_null_member (charter->json, "label_expires_on"));
  g_assert_cmpstr (json_object_get_string_member (charter->json, "display_name"), ==, "Camille Martin");

  missing = api (f, "GET", "/nothing-here", NULL, NULL);
  assert_error (missing, 404, "not_found");
}

/* ---- Push --------------------------------------------------------------------------- */

static void
test_push_idempotency (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *key = new_key ();
  g_autofree char *body = batch (change ("company", id, "upsert", -1,
                                         company_data ("Café Éléonore", SIRET, TRUE)), NULL);
  g_autofree char *other = batch (change ("company", id, "upsert", -1,
                                          company_data ("Café Éléonore et fils", SIRET, TRUE)), NULL);
  g_autoptr(Response) first = push (f, key, body);
  g_autoptr(Response) again = NULL;
  g_autoptr(Response) reused = NULL;
  g_autoptr(JsonObject) stored = NULL;
  CnPlatformStats stats;

  assert_status (first, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (first, 0), "id"), ==, id);
  assert_applied (first, 0, 1);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "company", id), ==, 1);

  /* The lost-response retry: the stored answer, byte for byte. */
  again = push (f, key, body);
  assert_status (again, 200);
  g_assert_true (g_bytes_equal (first->bytes, again->bytes));
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "company", id), ==, 1);
  g_assert_cmpint (cn_platform_server_get_revision (f->server, "company", id), ==, 1);

  reused = push (f, key, other);
  assert_error (reused, 422, "idempotency_key_reused");
  stored = cn_platform_server_dup_record_data (f->server, "company", id);
  g_assert_cmpstr (json_object_get_string_member (stored, "name"), ==, "Café Éléonore");

  cn_platform_server_get_stats (f->server, &stats);
  g_assert_cmpuint (stats.push_batches, ==, 1);
  g_assert_cmpuint (stats.replays, ==, 1);
  g_assert_cmpuint (stats.changes_applied, ==, 1);
  g_assert_cmpuint (stats.idempotency_keys, ==, 1);
}

static void
test_push_malformed (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *good = batch (change ("company", id, "upsert", -1, company_data ("A", SIRET, TRUE)), NULL);
  g_autofree char *no_base = g_strdup_printf ("{\"device_id\":\"d\",\"changes\":[{\"type\":\"company\","
                                              "\"id\":\"%s\",\"op\":\"delete\"}]}", id);
  g_autofree char *second_bad = batch (change ("company", id, "upsert", -1, company_data ("A", SIRET, TRUE)),
                                       g_strdup ("{\"type\":\"company\",\"op\":\"upsert\",\"base_revision\":null}"),
                                       NULL);
  const struct {
    const char *key;
    const char *body;
  } cases[] = {
    { NULL, good },                                       /* no Idempotency-Key */
    { "k1", "{\"device_id\": \"d\", \"changes\": [" },    /* bad JSON */
    { "k2", "[]" },                                       /* not an object */
    { "k3", "{\"changes\": []}" },                        /* no device_id */
    { "k4", "{\"device_id\": \"d\"}" },                   /* no changes */
    { "k5", no_base },                                    /* no base_revision */
    { "k6", second_bad },                                 /* one bad change: nothing applied */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Response) response = push (f, cases[i].key, cases[i].body);

      assert_error (response, 400, "bad_request");
    }
  g_assert_cmpuint (cn_platform_server_count_records (f->server, NULL), ==, 0);

  /* A malformed push stores nothing: the same key works afterwards. */
  {
    g_autoptr(Response) response = push (f, "k6", good);

    assert_status (response, 200);
    assert_applied (response, 0, 1);
  }
}

static void
test_push_revisions (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = push_company (f, "Garage Dupuis");
  g_autofree char *v2 = company_data ("Garage Dupuis SARL", SIRET, TRUE);
  g_autofree char *body = NULL;
  g_autofree char *key = new_key ();
  g_autoptr(Response) update = NULL;
  g_autoptr(Response) stale = NULL;
  g_autoptr(Response) retried = NULL;
  g_autoptr(Response) different = NULL;
  g_autoptr(Response) deletion = NULL;
  g_autoptr(Response) unknown = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *unknown_id = g_uuid_string_random ();
  JsonObject *server;

  body = batch (change ("company", id, "upsert", 1, g_strdup (v2)), NULL);
  update = push (f, key, body);
  assert_status (update, 200);
  assert_applied (update, 0, 2);

  /* Stale base revision: not applied, the server's side comes back. */
  g_free (body);
  g_free (key);
  key = new_key ();
  body = batch (change ("company", id, "upsert", 1, company_data ("Garage Martin", SIRET, TRUE)), NULL);
  stale = push (f, key, body);
  assert_status (stale, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (stale, 0), "status"), ==, "conflict");
  g_assert_cmpint (json_object_get_int_member (result_at (stale, 0), "revision"), ==, 2);
  server = json_object_get_object_member (result_at (stale, 0), "server");
  g_assert_cmpstr (json_object_get_string_member (server, "name"), ==, "Garage Dupuis SARL");

  /* A creation retried with the data the server has: applied, unchanged. */
  g_free (body);
  g_free (key);
  key = new_key ();
  body = batch (change ("company", id, "upsert", -1, g_strdup (v2)), NULL);
  retried = push (f, key, body);
  assert_status (retried, 200);
  assert_applied (retried, 0, 2);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "company", id), ==, 2);

  /* …and with other data: a conflict. */
  g_free (body);
  g_free (key);
  key = new_key ();
  body = batch (change ("company", id, "upsert", -1, company_data ("Autre", SIRET, TRUE)), NULL);
  different = push (f, key, body);
  assert_status (different, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (different, 0), "status"), ==, "conflict");

  /* delete honours base_revision too. */
  g_free (body);
  g_free (key);
  key = new_key ();
  body = batch (change ("company", id, "delete", 1, NULL), change ("company", id, "delete", 2, NULL), NULL);
  deletion = push (f, key, body);
  assert_status (deletion, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (deletion, 0), "status"), ==, "conflict");
  assert_applied (deletion, 1, 3);
  g_assert_true (cn_platform_server_is_deleted (f->server, "company", id));
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "company"), ==, 0);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "company", id), ==, 3);

  history = cn_platform_server_dup_record_history (f->server, "company", id);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (history, 1), "Garage Dupuis SARL"));
  g_assert_cmpstr (g_ptr_array_index (history, 2), ==, "null");

  /* A base revision for a record the server never had. */
  g_free (body);
  g_free (key);
  key = new_key ();
  body = batch (change ("company", unknown_id, "upsert", 4, company_data ("X", SIRET, TRUE)), NULL);
  unknown = push (f, key, body);
  assert_status (unknown, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (unknown, 0), "status"), ==, "conflict");
  g_assert_cmpint (json_object_get_int_member (result_at (unknown, 0), "revision"), ==, 0);
  g_assert_true (json_object_get_null_member (result_at (unknown, 0), "server"));
}

static void
test_push_validation (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *company = g_uuid_string_random ();
  g_autofree char *gone = push_company (f, "Fermée");
  g_autofree char *key = new_key ();
  g_autofree char *deletion_key = new_key ();
  g_autofree char *deletion = batch (change ("company", gone, "delete", 1, NULL), NULL);
  g_autofree char *upper = g_ascii_strup (company, -1);
  g_autofree char *body = NULL;
  g_autoptr(Response) deleted = push (f, deletion_key, deletion);
  g_autoptr(Response) response = NULL;
  char *ids[24];

  assert_status (deleted, 200);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = g_uuid_string_random ();

  body = batch (
    /* 0 */ change ("company", ids[0], "upsert", -1, company_data ("Sans SIRET valide", "41816609600068", TRUE)),
    /* 1 */ change ("company", ids[1], "upsert", -1, company_data ("Treize", "4181660960006", TRUE)),
    /* 2 */ change ("company", ids[2], "upsert", -1, company_data ("Espaces", "418 166 096 00069", TRUE)),
    /* 3 */ change ("company", ids[3], "upsert", -1, company_data ("Sans consentement", SIRET, FALSE)),
    /* 4 */ change ("appointment", ids[4], "upsert", -1,
                    appointment_data (ids[23], "2026-11-23T14:00:00Z", "2026-11-23T15:00:00Z", "video")),
    /* 5: the company comes first in the batch, then what names it */
            change ("company", company, "upsert", -1, company_data ("Boulangerie Roux", SIRET_2, TRUE)),
    /* 6 */ change ("appointment", ids[6], "upsert", -1,
                    appointment_data (company, "2026-11-23T14:00:00Z", "2026-11-23T15:00:00Z", "on_site")),
    /* 7 */ change ("appointment", ids[7], "upsert", -1,
                    appointment_data (company, "2026-11-23T14:00:00Z", "2026-11-23T14:00:00Z", "phone")),
    /* 8 */ change ("appointment", ids[8], "upsert", -1,
                    appointment_data (company, "2026-11-23T15:00:00Z", "2026-11-23T14:00:00+00:00", "phone")),
    /* 9 */ change ("appointment", ids[9], "upsert", -1,
                    appointment_data (company, "2026-11-23T14:00:00Z", "2026-11-23T15:00:00Z", "teleport")),
    /* 10 */ change ("appointment", ids[10], "upsert", -1,
                     appointment_data (gone, "2026-11-23T14:00:00Z", "2026-11-23T15:00:00Z", "video")),
    /* 11 */ change ("report", ids[11], "upsert", -1, report_data (company, 4, "requested")),
    /* 12 */ change ("report", ids[12], "upsert", -1, report_data (company, 6, "requested")),
    /* 13 */ change ("report", ids[13], "upsert", -1, report_data (company, 3, "maybe")),
    /* 14 */ change ("report", ids[14], "upsert", -1, report_data (ids[23], 3, "none")),
    /* 15 */ change ("diagnostic", ids[15], "upsert", -1,
                     g_strdup_printf ("{\"company_id\":\"%s\",\"questionnaire_id\":\"commerce-connecte\","
                                      "\"questionnaire_version\":1,\"completed_at\":\"2026-11-23T15:00:00Z\","
                                      "\"scores\":{\"presence\":40,\"vente\":12.5},\"overall\":31,\"level\":2}",
                                      company)),
    /* 16 */ change ("diagnostic", ids[16], "upsert", -1,
                     g_strdup_printf ("{\"company_id\":\"%s\",\"questionnaire_id\":\"q\",\"questionnaire_version\":1,"
                                      "\"completed_at\":\"2026-11-23T15:00:00Z\",\"scores\":{},\"overall\":31,"
                                      "\"level\":6}", company)),
    /* 17 */ change ("outreach", ids[17], "upsert", -1,
                     g_strdup ("{\"date\":\"2026-11-20\",\"kind\":\"workshop\",\"title\":\"Atelier\","
                               "\"smes_reached\":12,\"leads\":3,\"notes\":null}")),
    /* 18 */ change ("outreach", ids[18], "upsert", -1,
                     g_strdup ("{\"date\":\"2026-11-20\",\"kind\":\"party\",\"title\":\"Fête\"}")),
    /* 19 */ change ("lead", ids[19], "upsert", -1, g_strdup ("{\"name\":\"Piste\",\"consent_contact\":true}")),
    /* 20 */ change ("invoice", ids[20], "upsert", -1, g_strdup ("{}")),
    /* 21 */ change ("company", upper, "upsert", -1, company_data ("Majuscules", SIRET, TRUE)),
    /* 22 */ change ("company", ids[22], "rename", -1, company_data ("Op", SIRET, TRUE)),
    NULL);
  response = push (f, key, body);
  assert_status (response, 200);

  assert_rejected (response, 0, "invalid_siret", "siret");
  assert_rejected (response, 1, "invalid_siret", "siret");
  assert_rejected (response, 2, "invalid_siret", "siret");
  assert_rejected (response, 3, "missing_consent", "consent_share");
  assert_rejected (response, 4, "unknown_company", "company_id");
  assert_applied (response, 5, 1);
  assert_applied (response, 6, 1);
  assert_rejected (response, 7, "invalid_time_range", "ends_at");
  assert_rejected (response, 8, "invalid_time_range", "ends_at");
  assert_rejected (response, 9, "invalid_value", "mode");
  assert_rejected (response, 10, "unknown_company", "company_id");
  assert_applied (response, 11, 1);
  assert_rejected (response, 12, "invalid_value", "maturity_after");
  assert_rejected (response, 13, "invalid_value", "cofinancing.status");
  assert_rejected (response, 14, "unknown_company", "company_id");
  assert_applied (response, 15, 1);
  assert_rejected (response, 16, "invalid_value", "level");
  assert_applied (response, 17, 1);
  assert_rejected (response, 18, "invalid_value", "kind");
  assert_rejected (response, 19, "invalid_value", "type");
  assert_rejected (response, 20, "invalid_value", "type");
  assert_rejected (response, 21, "invalid_value", "id");
  assert_rejected (response, 22, "invalid_value", "op");

  /* Rejected changes leave nothing behind; none of them is a 4xx. */
  g_assert_cmpint (cn_platform_server_get_revision (f->server, "company", ids[3]), ==, 0);
  g_assert_cmpint (cn_platform_server_get_revision (f->server, "lead", ids[19]), ==, 0);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "appointment"), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
}

static void
test_push_too_large (Fixture       *f,
                     gconstpointer  data)
{
  GString *body = g_string_new ("{\"device_id\":\"" DEVICE_ID "\",\"changes\":[");
  g_autofree char *outreach = g_strdup ("{\"date\":\"2026-11-20\",\"kind\":\"call\",\"title\":\"Appel\"}");
  g_autofree char *huge = NULL;
  g_autoptr(Response) too_many = NULL;
  g_autoptr(Response) enough = NULL;
  g_autoptr(Response) too_big = NULL;
  g_autofree char *last = NULL;
  GString *notes;

  for (guint i = 0; i < 501; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *item = change ("outreach", id, "upsert", -1, g_strdup (outreach));

      if (i > 0)
        g_string_append_c (body, ',');
      if (i == 500)
        last = g_strdup (body->str);
      g_string_append (body, item);
    }
  g_string_append (body, "]}");

  too_many = push (f, "too-many", body->str);
  assert_error (too_many, 413, "batch_too_large");
  g_assert_cmpuint (cn_platform_server_count_records (f->server, NULL), ==, 0);

  /* The same batch split at 500: accepted. */
  last[strlen (last) - 1] = '\0';
  g_string_assign (body, last);
  g_string_append (body, "]}");
  enough = push (f, "enough", body->str);
  assert_status (enough, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (enough->json, "results")), ==, 500);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "outreach"), ==, 500);

  /* Over 5 MB in one change. */
  notes = g_string_new (NULL);
  while (notes->len <= 5 * 1000 * 1000)
    g_string_append (notes, "Notes de visite. ");
  {
    g_autofree char *id = g_uuid_string_random ();
    g_autofree char *data_json = g_strdup_printf ("{\"date\":\"2026-11-20\",\"kind\":\"call\",\"notes\":\"%s\"}",
                                                  notes->str);

    huge = batch (change ("outreach", id, "upsert", -1, g_steal_pointer (&data_json)), NULL);
  }
  too_big = push (f, "too-big", huge);
  assert_error (too_big, 413, "batch_too_large");
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "outreach"), ==, 500);

  g_string_free (notes, TRUE);
  g_string_free (body, TRUE);
}

/* ---- Pull ---------------------------------------------------------------------------- */

static void
pull_all (Fixture    *f,
          const char *cursor,
          guint       limit,
          GPtrArray  *changes,
          char      **last_cursor)
{
  g_autofree char *current = g_strdup (cursor);

  for (;;)
    {
      g_autofree char *query = current
                               ? g_strdup_printf ("cursor=%s&limit=%u", current, limit)
                               : g_strdup_printf ("limit=%u", limit);
      g_autoptr(Response) response = pull (f, query);
      JsonArray *page;

      assert_status (response, 200);
      page = json_object_get_array_member (response->json, "changes");
      g_assert_cmpuint (json_array_get_length (page), <=, limit);
      for (guint i = 0; i < json_array_get_length (page); i++)
        g_ptr_array_add (changes, json_object_ref (json_array_get_object_element (page, i)));
      g_free (current);
      current = g_strdup (json_object_get_string_member (response->json, "cursor"));
      if (!json_object_get_boolean_member (response->json, "has_more"))
        break;
      g_assert_cmpuint (json_array_get_length (page), ==, limit);
    }
  *last_cursor = g_steal_pointer (&current);
}

static JsonObject *
find_change (GPtrArray  *changes,
             const char *id)
{
  JsonObject *found = NULL;

  /* The last entry: entries carry the current state anyway. */
  for (guint i = 0; i < changes->len; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (changes, i), "id"), id) == 0)
      found = g_ptr_array_index (changes, i);
  return found;
}

static void
test_pull_paging (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) more = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor2 = NULL;
  char *companies[5] = { NULL };
  g_autofree char *report = g_uuid_string_random ();
  g_autofree char *diagnostic = g_uuid_string_random ();
  g_autofree char *appointment = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *key = new_key ();
  g_autofree char *body = NULL;
  g_autoptr(Response) pushed = NULL;
  JsonObject *entry;

  for (guint i = 0; i < G_N_ELEMENTS (companies); i++)
    {
      g_autofree char *name = g_strdup_printf ("Entreprise %u", i);
      companies[i] = push_company (f, name);
    }
  body = batch (change ("company", companies[4], "delete", 1, NULL),
                change ("report", report, "upsert", -1, report_data (companies[0], 3, "requested")),
                change ("diagnostic", diagnostic, "upsert", -1,
                        g_strdup_printf ("{\"company_id\":\"%s\",\"questionnaire_id\":\"q\","
                                         "\"questionnaire_version\":1,\"completed_at\":\"2026-11-23T15:00:00Z\","
                                         "\"scores\":{},\"overall\":31,\"level\":2}", companies[0])),
                NULL);
  pushed = push (f, key, body);
  assert_status (pushed, 200);
  assert_applied (pushed, 0, 2);
  assert_applied (pushed, 2, 1);

  /* Platform side: an online booking, a lead, the co-financing decision. */
  appointment = cn_platform_server_add_appointment (f->server, companies[1], NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (appointment));
  lead = cn_platform_server_add_lead (f->server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cn_platform_server_set_report_cofinancing (f->server, report, "accepted", &error));
  g_assert_no_error (error);

  /* 5 creations, a deletion, the report twice, the booking, the lead:
   * 10 entries; the diagnostic never comes down. */
  pull_all (f, NULL, 3, changes, &cursor);
  g_assert_cmpuint (changes->len, ==, 10);
  g_assert_cmpstr (cursor, ==, "c-000010");
  for (guint i = 0; i < changes->len; i++)
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (changes, i), "type"), !=, "diagnostic");

  entry = find_change (changes, companies[4]);
  g_assert_true (json_object_get_boolean_member (entry, "deleted"));
  g_assert_cmpint (json_object_get_int_member (entry, "revision"), ==, 2);
  entry = find_change (changes, companies[0]);
  g_assert_false (json_object_get_boolean_member (entry, "deleted"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "data"), "name"),
                   ==, "Entreprise 0");
  entry = find_change (changes, appointment);
  g_assert_cmpstr (json_object_get_string_member (entry, "type"), ==, "appointment");
  g_assert_cmpint (json_object_get_int_member (entry, "revision"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "data"), "origin"),
                   ==, "platform");
  entry = find_change (changes, lead);
  g_assert_cmpstr (json_object_get_string_member (entry, "type"), ==, "lead");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (entry, "data"),
                                                 "consent_contact"));
  entry = find_change (changes, report);
  g_assert_cmpint (json_object_get_int_member (entry, "revision"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (entry, "data"), "cofinancing"),
                     "status"), ==, "accepted");
  g_assert_null (find_change (changes, diagnostic));

  /* Nothing new: an empty page, the same cursor. */
  {
    g_autofree char *query = g_strdup_printf ("cursor=%s", cursor);
    g_autoptr(Response) empty = pull (f, query);

    assert_status (empty, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (empty->json, "changes")), ==, 0);
    g_assert_false (json_object_get_boolean_member (empty->json, "has_more"));
    g_assert_cmpstr (json_object_get_string_member (empty->json, "cursor"), ==, cursor);
  }

  /* Default limit, everything from scratch. */
  {
    g_autoptr(Response) all = pull (f, NULL);

    assert_status (all, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (all->json, "changes")), ==, 10);
  }

  /* A later change, and only it, after the stored cursor. */
  g_free (lead);
  lead = cn_platform_server_add_lead (f->server, "Fromagerie Lachaud", &error);
  g_assert_no_error (error);
  pull_all (f, cursor, 100, more, &cursor2);
  g_assert_cmpuint (more->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (more, 0), "id"), ==, lead);

  for (guint i = 0; i < G_N_ELEMENTS (companies); i++)
    g_free (companies[i]);
}

static void
test_pull_bad_requests (Fixture       *f,
                        gconstpointer  data)
{
  const char *bad_limits[] = { "limit=0", "limit=501", "limit=abc", "limit=-1", "limit=" };
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) expired = NULL;
  g_autoptr(Response) after = NULL;
  g_autoptr(Response) scratch = NULL;
  g_autoptr(Response) unknown = NULL;
  g_autoptr(Response) garbage = NULL;
  g_autofree char *id = push_company (f, "Curseur");
  g_autofree char *query = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad_limits); i++)
    {
      g_autoptr(Response) response = pull (f, bad_limits[i]);

      assert_error (response, 400, "bad_request");
    }

  first = pull (f, NULL);
  assert_status (first, 200);
  query = g_strdup_printf ("cursor=%s", json_object_get_string_member (first->json, "cursor"));

  /* A pull without cursor leaves the switch set; the next with one eats it. */
  cn_platform_server_set_expire_cursor (f->server, TRUE);
  scratch = pull (f, NULL);
  assert_status (scratch, 200);
  expired = pull (f, query);
  assert_error (expired, 410, "cursor_expired");
  after = pull (f, query);
  assert_status (after, 200);

  unknown = pull (f, "cursor=c-999999");
  assert_error (unknown, 410, "cursor_expired");
  garbage = pull (f, "cursor=garbage");
  assert_error (garbage, 410, "cursor_expired");
}

/* ---- Fault switches ---------------------------------------------------------------------- */

static void
test_fault_status_codes (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *key = new_key ();
  g_autofree char *body = batch (change ("company", id, "upsert", -1, company_data ("Pannes", SIRET, TRUE)), NULL);
  CnPlatformStats stats;

  cn_platform_server_set_fail_503 (f->server, CN_PLATFORM_PATH_PUSH, 2, 7);
  {
    g_autoptr(Response) response = push (f, key, body);
    g_autoptr(Response) other_path = pull (f, NULL);
    g_autoptr(Response) again = push (f, key, body);

    assert_error (response, 503, "unavailable");
    g_assert_cmpstr (response->retry_after, ==, "7");
    assert_status (other_path, 200);
    assert_error (again, 503, "unavailable");
  }
  g_assert_cmpuint (cn_platform_server_count_records (f->server, NULL), ==, 0);

  cn_platform_server_set_fail_429 (f->server, CN_PLATFORM_PATH_ANY, 1, 0);
  {
    g_autoptr(Response) response = push (f, key, body);

    assert_error (response, 429, "rate_limited");
    g_assert_cmpstr (response->retry_after, ==, "0");
  }

  cn_platform_server_set_fail_503 (f->server, CN_PLATFORM_PATH_ME, 1, CN_PLATFORM_NO_RETRY_AFTER);
  cn_platform_server_set_fail_500 (f->server, CN_PLATFORM_PATH_ME, 1);
  {
    g_autoptr(Response) unavailable = api (f, "GET", "/me", NULL, NULL);
    g_autoptr(Response) broken = api (f, "GET", "/me", NULL, NULL);
    g_autoptr(Response) fine = api (f, "GET", "/me", NULL, NULL);

    assert_error (unavailable, 503, "unavailable");
    g_assert_null (unavailable->retry_after);
    assert_error (broken, 500, "internal_error");
    assert_status (fine, 200);
  }

  /* Every failed attempt changed nothing; the retry applies once. */
  {
    g_autoptr(Response) response = push (f, key, body);

    assert_status (response, 200);
    assert_applied (response, 0, 1);
  }
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "company", id), ==, 1);
  cn_platform_server_get_stats (f->server, &stats);
  g_assert_cmpuint (stats.faults_fired, ==, 5);
}

static void
test_fault_drop (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *key = new_key ();
  g_autofree char *body = batch (change ("company", id, "upsert", -1, company_data ("Coupures", SIRET, TRUE)), NULL);
  g_autofree char *id2 = g_uuid_string_random ();
  g_autofree char *key2 = new_key ();
  g_autofree char *body2 = batch (change ("company", id2, "upsert", -1, company_data ("Perdue", SIRET, TRUE)), NULL);
  g_autoptr(Response) stored = NULL;
  CnPlatformStats stats;

  /* The first request of this session: a fresh connection, which libsoup
   * does not retry by itself (it would on a reused one, for a GET). */
  cn_platform_server_set_drop_before (f->server, CN_PLATFORM_PATH_ANY, 1);
  {
    g_autoptr(Response) response = api (f, "GET", "/me", NULL, NULL);

    g_assert_nonnull (response->error);
  }

  /* Dropped before: the client sees a reset, nothing was applied. */
  cn_platform_server_set_drop_before (f->server, CN_PLATFORM_PATH_PUSH, 1);
  {
    g_autoptr(Response) response = push (f, key, body);

    g_assert_nonnull (response->error);
    g_test_message ("drop before: %s", response->error->message);
  }
  g_assert_cmpint (cn_platform_server_get_revision (f->server, "company", id), ==, 0);
  {
    g_autoptr(Response) response = push (f, key, body);

    assert_status (response, 200);
    assert_applied (response, 0, 1);
  }

  /* Dropped after: applied, the answer lost; the retry gets the stored one. */
  cn_platform_server_set_drop_after (f->server, CN_PLATFORM_PATH_PUSH, 1);
  {
    g_autoptr(Response) response = push (f, key2, body2);

    g_assert_nonnull (response->error);
  }
  g_assert_cmpint (cn_platform_server_get_revision (f->server, "company", id2), ==, 1);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "company", id2), ==, 1);
  stored = push (f, key2, body2);
  assert_status (stored, 200);
  assert_applied (stored, 0, 1);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "company", id2), ==, 1);

  cn_platform_server_get_stats (f->server, &stats);
  g_assert_cmpuint (stats.replays, ==, 1);
  g_assert_cmpuint (stats.changes_applied, ==, 2);
  g_assert_cmpuint (cn_platform_server_count_requests (f->server, "POST", "/sync/push"), ==, 4);
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_fault_slow (Fixture       *f,
                 gconstpointer  data)
{
  gboolean ticked = FALSE;
  gint64 start;

  /* The loop keeps running while the answer waits. */
  cn_platform_server_set_slow_ms (f->server, 300);
  g_timeout_add (50, set_flag, &ticked);
  start = g_get_monotonic_time ();
  {
    g_autoptr(Response) response = api (f, "GET", "/me", NULL, NULL);

    assert_status (response, 200);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_true (ticked);

  /* A client that gives up first: the held answer is abandoned cleanly. */
  {
    g_autoptr(SoupSession) impatient = new_session (1);
    g_autofree char *url = g_strconcat (cn_platform_server_get_url (f->server), "/me", NULL);
    g_autoptr(Response) response = NULL;
    gboolean waited = FALSE;

    cn_platform_server_set_slow_ms (f->server, 1500);
    response = send_full (impatient, "GET", url, TOKEN, NULL, NULL, 0);
    g_assert_nonnull (response->error);
    g_timeout_add (1000, set_flag, &waited);
    while (!waited)
      g_main_context_iteration (NULL, TRUE);
  }

  cn_platform_server_set_slow_ms (f->server, 0);
  {
    g_autoptr(Response) response = api (f, "GET", "/me", NULL, NULL);

    assert_status (response, 200);
  }
}

static void
count_request (CnPlatformServer *server,
               const char       *method,
               const char       *path,
               gpointer          user_data)
{
  (*(guint *) user_data)++;
}

/* A test may end while an answer is held: the server goes away cleanly
 * and the client sees its connection closed. */
static void
test_fault_slow_teardown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnPlatformServer) server = cn_platform_server_new (TOKEN, &error);
  g_autoptr(SoupSession) session = new_session (10);
  g_autofree char *url = g_strconcat (cn_platform_server_get_url (server), "/me", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Call call = { FALSE, NULL, NULL };
  guint received = 0;

  g_assert_no_error (error);
  cn_platform_server_set_slow_ms (server, 10000);
  g_signal_connect (server, "request", G_CALLBACK (count_request), &received);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " TOKEN);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_done, &call);
  while (received == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_finalize_object (g_steal_pointer (&server));
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (call.error);
  g_assert_null (call.bytes);
  g_clear_error (&call.error);
}

static void
test_fault_unauthorized_forbidden (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *allowed = g_uuid_string_random ();
  g_autofree char *forbidden = g_uuid_string_random ();
  g_autofree char *body = batch (change ("company", allowed, "upsert", -1, company_data ("Oui", SIRET, TRUE)),
                                 change ("company", forbidden, "upsert", -1, company_data ("Non", SIRET, TRUE)),
                                 NULL);
  g_autofree char *alone = batch (change ("company", allowed, "upsert", -1, company_data ("Oui", SIRET, TRUE)),
                                  NULL);
  const char *ids[] = { forbidden, NULL };

  cn_platform_server_set_unauthorized (f->server, TRUE);
  {
    g_autoptr(Response) me = api (f, "GET", "/me", NULL, NULL);
    g_autoptr(Response) pushed = push (f, "u1", alone);

    assert_error (me, 401, "unauthorized");
    assert_error (pushed, 401, "unauthorized");
  }
  cn_platform_server_set_unauthorized (f->server, FALSE);

  cn_platform_server_set_forbidden_ids (f->server, ids);
  {
    g_autoptr(Response) refused = push (f, "f1", body);
    g_autoptr(Response) accepted = push (f, "f2", alone);

    assert_error (refused, 403, "forbidden");
    assert_status (accepted, 200);
    assert_applied (accepted, 0, 1);
  }
  g_assert_cmpint (cn_platform_server_get_revision (f->server, "company", forbidden), ==, 0);

  cn_platform_server_reset_faults (f->server);
  {
    g_autoptr(Response) response = push (f, "f3", body);

    assert_status (response, 200);
  }
}

static void
test_faults_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *state = NULL;
  JsonObject *faults;

  g_assert_true (cn_platform_server_set_faults_json (f->server,
                                                     "{\"fail_503\":{\"count\":2,\"path\":\"pull\",\"retry_after\":3},"
                                                     "\"drop_after\":1,\"slow_ms\":5,\"unauthorized\":false,"
                                                     "\"forbid_ids\":[\"a\"],\"expire_cursor\":true}",
                                                     &error));
  g_assert_no_error (error);
  state = cn_platform_server_get_faults_json (f->server);
  json_parser_load_from_data (parser, state, -1, &error);
  g_assert_no_error (error);
  faults = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (faults, "fail_503"), "count"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (faults, "fail_503"), "path"),
                   ==, "pull");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (faults, "drop_after"), "count"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (faults, "slow_ms"), ==, 5);
  g_assert_true (json_object_get_boolean_member (faults, "expire_cursor"));

  g_assert_false (cn_platform_server_set_faults_json (f->server, "{\"fail_504\":1}", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (cn_platform_server_set_faults_json (f->server, "{\"fail_503\":{\"count\":1,\"path\":\"x\"}}",
                                                      &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* ---- Request log and platform-side changes ------------------------------------------- */

static void
test_request_log (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = push_company (f, "Boulangerie Secrète");
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(Response) leak = NULL;
  JsonArray *requests;

  g_assert_true (cn_platform_server_request_log_contains (f->server, "Boulangerie Secrète"));
  g_assert_true (cn_platform_server_request_log_contains (f->server, id));
  g_assert_false (cn_platform_server_request_log_contains (f->server, "Pâtisserie"));
  /* The token travels in the Authorization header only. */
  g_assert_false (cn_platform_server_request_log_contains (f->server, TOKEN));
  g_assert_false (cn_platform_server_request_log_contains (f->server, "Bearer"));

  leak = pull (f, "token=" TOKEN);
  assert_status (leak, 200);
  g_assert_true (cn_platform_server_request_log_contains (f->server, TOKEN));

  g_assert_cmpuint (cn_platform_server_get_request_count (f->server), ==, 2);
  g_assert_cmpuint (cn_platform_server_count_requests (f->server, "POST", "/sync/push"), ==, 1);
  g_assert_cmpuint (cn_platform_server_count_requests (f->server, NULL, "/sync/pull"), ==, 1);

  json = cn_platform_server_get_requests_json (f->server);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  requests = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "requests");
  g_assert_cmpuint (json_array_get_length (requests), ==, 2);
  {
    JsonObject *first = json_array_get_object_element (requests, 0);

    g_assert_cmpstr (json_object_get_string_member (first, "method"), ==, "POST");
    g_assert_cmpstr (json_object_get_string_member (first, "path"), ==, "/sync/push");
    g_assert_nonnull (strstr (json_object_get_string_member (first, "body"), "Boulangerie Secrète"));
    g_assert_cmpint (json_object_get_int_member (first, "status"), ==, 200);
    g_assert_true (json_object_has_member (json_object_get_object_member (first, "headers"), "Idempotency-Key"));
  }

  cn_platform_server_clear_request_log (f->server);
  g_assert_cmpuint (cn_platform_server_get_request_count (f->server), ==, 0);
}

static void
on_request (CnPlatformServer *server,
            const char       *method,
            const char       *path,
            gpointer          user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, g_strconcat (method, " ", path, NULL));
}

static void
test_platform_side (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *company = NULL;
  g_autofree char *same = NULL;
  g_autofree char *none = NULL;
  g_autofree char *report = g_uuid_string_random ();
  g_autofree char *key = new_key ();
  g_autofree char *body = NULL;
  g_autofree char *record = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(Response) created = NULL;
  g_autoptr(Response) conflict = NULL;
  JsonObject *server;

  g_signal_connect (f->server, "request", G_CALLBACK (on_request), seen);

  company = cn_platform_server_put_company (f->server, NULL, "{\"name\":\"Scierie du Plateau\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (cn_platform_server_get_revision (f->server, "company", company), ==, 1);
  same = cn_platform_server_put_company (f->server, company, "{\"commune\":\"Meymac\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (same, ==, company);
  g_assert_cmpint (cn_platform_server_get_revision (f->server, "company", company), ==, 2);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "company", company), ==, 0);
  stored = cn_platform_server_dup_record_data (f->server, "company", company);
  g_assert_cmpstr (json_object_get_string_member (stored, "name"), ==, "Scierie du Plateau");
  g_assert_cmpstr (json_object_get_string_member (stored, "commune"), ==, "Meymac");

  /* The platform validates like a push. */
  none = cn_platform_server_put_company (f->server, NULL, "{\"siret\":\"123\"}", &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (cn_platform_server_add_appointment (f->server, report, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (cn_platform_server_set_report_cofinancing (f->server, report, "accepted", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The connector's report, then the platform's decision on it: the
   * connector's next edit on the old revision meets a conflict. */
  body = batch (change ("report", report, "upsert", -1, report_data (company, 3, "requested")), NULL);
  created = push (f, key, body);
  assert_status (created, 200);
  assert_applied (created, 0, 1);
  g_assert_true (cn_platform_server_set_report_cofinancing (f->server, report, "accepted", &error));
  g_assert_no_error (error);
  g_assert_false (cn_platform_server_set_report_cofinancing (f->server, report, "perhaps", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_free (body);
  g_free (key);
  key = new_key ();
  body = batch (change ("report", report, "upsert", 1, report_data (company, 4, "requested")), NULL);
  conflict = push (f, key, body);
  assert_status (conflict, 200);
  g_assert_cmpstr (json_object_get_string_member (result_at (conflict, 0), "status"), ==, "conflict");
  g_assert_cmpint (json_object_get_int_member (result_at (conflict, 0), "revision"), ==, 2);
  server = json_object_get_object_member (result_at (conflict, 0), "server");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (server, "cofinancing"), "status"),
                   ==, "accepted");
  g_assert_cmpint (json_object_get_int_member (server, "maturity_after"), ==, 3);

  record = cn_platform_server_get_record_json (f->server, "report", report);
  g_assert_nonnull (strstr (record, "\"applied\":1"));
  g_assert_null (cn_platform_server_get_record_json (f->server, "report", company));

  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "POST /sync/push");
}

/* ---- The program and its HTTP control API -------------------------------------------- */

static Response *
control (SoupSession *session,
         const char  *base,
         const char  *method,
         const char  *path,
         const char  *body)
{
  g_autofree char *url = g_strconcat (base, path, NULL);

  return send_full (session, method, url, NULL, NULL, body, -1);
}

static void
test_program (void)
{
  const char *program = g_getenv ("CN_PLATFORM_SERVER");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(SoupSession) session = new_session (10);
  g_autofree char *url = NULL;
  g_autofree char *base = NULL;
  g_autofree char *me_url = NULL;
  g_autofree char *push_url = NULL;
  g_autofree char *company = NULL;
  g_autofree char *report = g_uuid_string_random ();
  g_autofree char *body = NULL;
  gsize length;

  if (program == NULL)
    {
      g_test_skip ("CN_PLATFORM_SERVER is not set");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              program, "--token", "program-token", NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  url = g_data_input_stream_read_line_utf8 (output, &length, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (url, "/api/v1"));
  base = g_strndup (url, strlen (url) - strlen ("/api/v1"));
  me_url = g_strconcat (url, "/me", NULL);
  push_url = g_strconcat (url, "/sync/push", NULL);

  {
    g_autoptr(Response) wrong = send_full (session, "GET", me_url, TOKEN, NULL, NULL, 0);
    g_autoptr(Response) me = send_full (session, "GET", me_url, "program-token", NULL, NULL, 0);

    assert_error (wrong, 401, "unauthorized");
    assert_status (me, 200);
  }

  /* Faults over HTTP. */
  {
    g_autoptr(Response) set = control (session, base, "POST", "/_control/faults",
                                       "{\"fail_503\":{\"count\":1,\"retry_after\":2,\"path\":\"me\"}}");
    g_autoptr(Response) down = send_full (session, "GET", me_url, "program-token", NULL, NULL, 0);
    g_autoptr(Response) up = send_full (session, "GET", me_url, "program-token", NULL, NULL, 0);
    g_autoptr(Response) typo = control (session, base, "POST", "/_control/faults", "{\"fail_5O3\":1}");
    g_autoptr(Response) again = control (session, base, "POST", "/_control/faults", "{\"unauthorized\":true}");
    g_autoptr(Response) refused = send_full (session, "GET", me_url, "program-token", NULL, NULL, 0);
    g_autoptr(Response) reset = control (session, base, "POST", "/_control/reset-faults", NULL);
    g_autoptr(Response) back = send_full (session, "GET", me_url, "program-token", NULL, NULL, 0);

    assert_status (set, 200);
    assert_error (down, 503, "unavailable");
    g_assert_cmpstr (down->retry_after, ==, "2");
    assert_status (up, 200);
    assert_error (typo, 400, "bad_request");
    assert_status (again, 200);
    assert_error (refused, 401, "unauthorized");
    assert_status (reset, 200);
    assert_status (back, 200);
  }

  /* Platform-side records over HTTP. */
  {
    g_autoptr(Response) created = control (session, base, "POST", "/_control/company",
                                           "{\"name\":\"Scierie du Plateau\"}");
    g_autoptr(Response) appointment = NULL;
    g_autoptr(Response) lead = NULL;
    g_autoptr(Response) pushed = NULL;
    g_autoptr(Response) cofinancing = NULL;
    g_autoptr(Response) records = NULL;
    g_autoptr(Response) stats = NULL;
    g_autoptr(Response) requests = NULL;
    g_autoptr(Response) bad = NULL;
    g_autofree char *appointment_body = NULL;
    g_autofree char *cofinancing_body = NULL;
    JsonArray *list;
    JsonObject *first;

    assert_status (created, 200);
    company = g_strdup (json_object_get_string_member (created->json, "id"));
    g_assert_true (g_uuid_string_is_valid (company));
    g_assert_cmpint (json_object_get_int_member (created->json, "revision"), ==, 1);

    appointment_body = g_strdup_printf ("{\"company_id\":\"%s\",\"starts_at\":\"2026-12-01T09:00:00Z\","
                                        "\"ends_at\":\"2026-12-01T10:00:00Z\"}", company);
    appointment = control (session, base, "POST", "/_control/appointment", appointment_body);
    assert_status (appointment, 200);
    lead = control (session, base, "POST", "/_control/lead", "{\"name\":\"Fromagerie Lachaud\"}");
    assert_status (lead, 200);
    bad = control (session, base, "POST", "/_control/appointment", "{\"company_id\":\"nope\"}");
    assert_error (bad, 400, "bad_request");

    body = batch (change ("report", report, "upsert", -1, report_data (company, 3, "requested")), NULL);
    pushed = send_full (session, "POST", push_url, "program-token", "key-1", body, -1);
    assert_status (pushed, 200);
    assert_applied (pushed, 0, 1);
    cofinancing_body = g_strdup_printf ("{\"report_id\":\"%s\",\"status\":\"refused\"}", report);
    cofinancing = control (session, base, "POST", "/_control/cofinancing", cofinancing_body);
    assert_status (cofinancing, 200);
    g_assert_cmpint (json_object_get_int_member (cofinancing->json, "revision"), ==, 2);

    records = control (session, base, "GET", "/_control/records?type=appointment", NULL);
    assert_status (records, 200);
    list = json_object_get_array_member (records->json, "records");
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    first = json_array_get_object_element (list, 0);
    g_assert_cmpint (json_object_get_int_member (first, "revision"), ==, 1);
    g_assert_false (json_object_get_boolean_member (first, "deleted"));
    g_assert_cmpint (json_object_get_int_member (first, "applied"), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (first, "data"), "origin"),
                     ==, "platform");

    stats = control (session, base, "GET", "/_control/stats", NULL);
    assert_status (stats, 200);
    g_assert_cmpint (json_object_get_int_member (stats->json, "changes_applied"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (stats->json, "faults_fired"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (stats->json, "faults"),
                                                 "fail_503"), ==, 1);

    requests = control (session, base, "GET", "/_control/requests", NULL);
    assert_status (requests, 200);
    list = json_object_get_array_member (requests->json, "requests");
    g_assert_cmpuint (json_array_get_length (list), ==, 7);
  }

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  /* Every connection asks the default proxy resolver, whose GNOME module
   * reads GSettings schemas that the isolated test directories lack. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  cn_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/platform-server/" path, Fixture, NULL, set_up, func, tear_down)

  ADD ("auth-and-me", test_auth_and_me);
  ADD ("push/idempotency", test_push_idempotency);
  ADD ("push/malformed", test_push_malformed);
  ADD ("push/revisions", test_push_revisions);
  ADD ("push/validation", test_push_validation);
  ADD ("push/too-large", test_push_too_large);
  ADD ("pull/paging", test_pull_paging);
  ADD ("pull/bad-requests", test_pull_bad_requests);
  ADD ("faults/status-codes", test_fault_status_codes);
  ADD ("faults/drop", test_fault_drop);
  ADD ("faults/slow", test_fault_slow);
  ADD ("faults/unauthorized-forbidden", test_fault_unauthorized_forbidden);
  ADD ("faults/json", test_faults_json);
  ADD ("request-log", test_request_log);
  ADD ("platform-side", test_platform_side);
#undef ADD
  g_test_add_func ("/platform-server/faults/slow-teardown", test_fault_slow_teardown);
  g_test_add_func ("/platform-server/program", test_program);

  return g_test_run ();
}
