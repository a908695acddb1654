/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The platform test server: shared/platform-api.md served from memory by a
 * SoupServer on 127.0.0.1, plus fault switches and an inspection API.
 *
 * Every answer is computed at once from memory; a delayed answer or a
 * dropped connection pauses the message and finishes it from a timeout on
 * the server's main context, so a client on the same loop keeps running. */
#define G_LOG_DOMAIN "cn-platform-server"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "cn-identifiers.h"
#include "cn-platform-server.h"

#define API_BASE     "/api/v1"
#define CONTROL_BASE "/_control"

/* "At most 500 changes and 5 MB per batch": MB taken as 10^6 bytes, the
 * stricter reading, so a client that reads it as MiB is caught here. */
#define MAX_CHANGES        500
#define MAX_BODY_BYTES     (5 * 1000 * 1000)
#define DEFAULT_PULL_LIMIT 100
#define MAX_PULL_LIMIT     500

/* libsoup 3.2 has no SoupStatus name for it. */
#define STATUS_TOO_MANY_REQUESTS 429

/* ---- Types -------------------------------------------------------------------- */

typedef struct
{
  char      *type;
  char      *id;
  gint64     revision;
  gboolean   deleted;
  guint      applied;
  JsonNode  *data;
  GPtrArray *history;
} Record;

/* What a key's first push got: replayed byte for byte for the same body. */
typedef struct
{
  GBytes *request;
  GBytes *response;
} StoredPush;

typedef struct
{
  char      *method;
  char      *path;
  char      *query;
  GPtrArray *headers;   /* name, value, name, value… */
  GBytes    *body;
  guint      status;
  gboolean   dropped;
} LoggedRequest;

/* The counted faults, in the order they are tried on a request. */
typedef enum
{
  FAULT_DROP_BEFORE,
  FAULT_FAIL_503,
  FAULT_FAIL_429,
  FAULT_FAIL_500,
  FAULT_DROP_AFTER,
  N_COUNTED_FAULTS,
  /* Not counted, but their firings are. */
  FAULT_SLOW = N_COUNTED_FAULTS,
  FAULT_EXPIRE_CURSOR,
  FAULT_UNAUTHORIZED,
  FAULT_FORBID_IDS,
  N_FAULTS
} FaultKind;

static const char * const fault_names[N_FAULTS] = {
  "drop_before", "fail_503", "fail_429", "fail_500", "drop_after",
  "slow_ms", "expire_cursor", "unauthorized", "forbid_ids",
};

static const char * const path_names[] = { "any", "me", "push", "pull" };

typedef struct
{
  guint           count;
  CnPlatformPath  path;
  int             retry_after;
} CountedFault;

/* An answer being built: sent, or replaced by a dropped connection. */
typedef struct
{
  guint     status;
  char     *body;
  gsize     length;
  int       retry_after;
  gboolean  drop;
} Reply;

/* A paused message waiting for its timeout. */
typedef struct
{
  CnPlatformServer  *self;
  SoupServerMessage *msg;
  GSource           *source;
  gulong             disconnected_id;
  gboolean           drop;
} Pending;

/* Why a change is rejected: the document's code and the member at fault. */
typedef struct
{
  const char *code;
  const char *field;
  char       *message;
} Rejection;

struct _CnPlatformServer
{
  GObject parent_instance;

  SoupServer   *server;
  GMainContext *context;
  char         *token;
  char         *url;
  char         *control_url;
  guint         port;
  JsonObject   *profile;

  GPtrArray    *records;        /* Record, in creation order */
  GHashTable   *record_index;   /* "type/id" -> Record */
  GPtrArray    *change_log;     /* Record, one per logged change */
  GHashTable   *pushes;         /* Idempotency-Key -> StoredPush */
  GPtrArray    *requests;       /* LoggedRequest */
  GPtrArray    *pending;        /* Pending */

  CountedFault  faults[N_COUNTED_FAULTS];
  guint         slow_ms;
  gboolean      expire_cursor;
  gboolean      unauthorized;
  GHashTable   *forbidden_ids;
  guint         fired[N_FAULTS];

  CnPlatformStats stats;
};

G_DEFINE_FINAL_TYPE (CnPlatformServer, cn_platform_server, G_TYPE_OBJECT)

enum {
  SIGNAL_REQUEST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
record_free (Record *record)
{
  g_free (record->type);
  g_free (record->id);
  g_clear_pointer (&record->data, json_node_unref);
  g_ptr_array_unref (record->history);
  g_free (record);
}

static void
stored_push_free (StoredPush *stored)
{
  g_bytes_unref (stored->request);
  g_bytes_unref (stored->response);
  g_free (stored);
}

static void
logged_request_free (LoggedRequest *logged)
{
  g_free (logged->method);
  g_free (logged->path);
  g_free (logged->query);
  g_ptr_array_unref (logged->headers);
  g_bytes_unref (logged->body);
  g_free (logged);
}

static void
pending_free (Pending *pending)
{
  if (pending->source != NULL)
    {
      g_source_destroy (pending->source);
      g_source_unref (pending->source);
    }
  g_clear_signal_handler (&pending->disconnected_id, pending->msg);
  g_object_unref (pending->msg);
  g_free (pending);
}

static gboolean
reject (Rejection  *rejection,
        const char *code,
        const char *field,
        const char *format,
        ...) G_GNUC_PRINTF (4, 5);

static gboolean
reject (Rejection  *rejection,
        const char *code,
        const char *field,
        const char *format,
        ...)
{
  va_list args;

  rejection->code = code;
  rejection->field = field;
  g_free (rejection->message);
  va_start (args, format);
  rejection->message = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* ---- JSON helpers ----------------------------------------------------------------- */

static char *
node_to_string (JsonNode *node,
                gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, length);
}

static char *
builder_to_string (JsonBuilder *builder,
                   gsize       *length)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return node_to_string (root, length);
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return node_to_string (node, NULL);
}

/* The object @text holds, or NULL with @error set. */
static JsonObject *
parse_object (const char  *text,
              gssize       length,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the JSON text is not an object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* A member, or NULL when it is absent or JSON null. */
static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static const char *
node_get_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
get_text (JsonObject *object,
          const char *name)
{
  return node_get_text (get_member (object, name));
}

/* Integers may arrive as 3.0 from some encoders: accept integral doubles. */
static gboolean
node_get_integer (JsonNode *node,
                  gint64   *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        if (d < -1e15 || d > 1e15 || (double) (gint64) d != d)
          return FALSE;
        *value = (gint64) d;
        return TRUE;
      }
    default:
      return FALSE;
    }
}

static gboolean
node_get_number (JsonNode *node,
                 double   *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
node_is_boolean (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

/* json_node_copy() shares objects and arrays; records need their own. */
static JsonNode *
deep_copy (JsonNode *node)
{
  JsonNode *copy;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &value))
        json_object_set_member (object, name, deep_copy (value));
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, object);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *source = json_node_get_array (node);
      JsonArray *array = json_array_sized_new (json_array_get_length (source));

      for (guint i = 0; i < json_array_get_length (source); i++)
        json_array_add_element (array, deep_copy (json_array_get_element (source, i)));
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, array);
    }
  else
    copy = json_node_copy (node);

  return copy;
}

static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonNode) copy = deep_copy (node);

  return json_object_ref (json_node_get_object (copy));
}

static void
merge_members (JsonObject *into,
               JsonObject *from)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, from);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (into, name, deep_copy (value));
}

/* ---- Records ----------------------------------------------------------------------- */

static gboolean
is_pushed_type (const char *type)
{
  return g_strcmp0 (type, "company") == 0 || g_strcmp0 (type, "appointment") == 0 ||
         g_strcmp0 (type, "report") == 0 || g_strcmp0 (type, "diagnostic") == 0 ||
         g_strcmp0 (type, "outreach") == 0;
}

/* Diagnostics go up only; leads come down only. */
static gboolean
is_pulled_type (const char *type)
{
  return g_strcmp0 (type, "company") == 0 || g_strcmp0 (type, "appointment") == 0 ||
         g_strcmp0 (type, "report") == 0 || g_strcmp0 (type, "outreach") == 0 ||
         g_strcmp0 (type, "lead") == 0;
}

/* Lower-case UUIDs, any version: the app's own ids are v4 and v7. */
static gboolean
is_record_id (const char *id)
{
  if (id == NULL || !g_uuid_string_is_valid (id))
    return FALSE;
  for (const char *p = id; *p; p++)
    if (g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

static Record *
lookup_record (CnPlatformServer *self,
               const char       *type,
               const char       *id)
{
  g_autofree char *key = NULL;

  if (type == NULL || id == NULL)
    return NULL;
  key = g_strconcat (type, "/", id, NULL);
  return g_hash_table_lookup (self->record_index, key);
}

static gboolean
is_live_company (CnPlatformServer *self,
                 const char       *id)
{
  Record *record = lookup_record (self, "company", id);

  return record != NULL && !record->deleted;
}

/* Records one applied change: @data NULL deletes.  A new record starts at
 * revision 1; every change adds one, and goes to the pull log unless the
 * type is never pulled. */
static Record *
store_change (CnPlatformServer *self,
              const char       *type,
              const char       *id,
              JsonObject       *data,
              gboolean          pushed)
{
  Record *record = lookup_record (self, type, id);

  if (record == NULL)
    {
      record = g_new0 (Record, 1);
      record->type = g_strdup (type);
      record->id = g_strdup (id);
      record->history = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->records, record);
      g_hash_table_insert (self->record_index, g_strconcat (type, "/", id, NULL), record);
    }

  record->revision++;
  if (data != NULL)
    {
      g_clear_pointer (&record->data, json_node_unref);
      record->data = json_node_init_object (json_node_alloc (), data);
      record->deleted = FALSE;
      g_ptr_array_add (record->history, object_to_string (data));
    }
  else
    {
      record->deleted = TRUE;
      g_ptr_array_add (record->history, g_strdup ("null"));
    }

  if (pushed)
    {
      record->applied++;
      self->stats.changes_applied++;
    }
  if (is_pulled_type (type))
    g_ptr_array_add (self->change_log, record);

  return record;
}

/* ---- Validation, per type ------------------------------------------------------------
 * The rules of the document's "Record types" table.  Members it lists as
 * enums, references or ranges are checked; other members only need the
 * right JSON type when present.  Unknown members are ignored. */

static gboolean
check_text (JsonObject *data,
            const char *name,
            gboolean    required,
            Rejection  *rejection)
{
  JsonNode *node = get_member (data, name);
  const char *text = node_get_text (node);

  if (node == NULL)
    return !required || reject (rejection, "invalid_value", name, "%s is missing", name);
  if (text == NULL)
    return reject (rejection, "invalid_value", name, "%s must be a string", name);
  if (required && *text == '\0')
    return reject (rejection, "invalid_value", name, "%s is empty", name);
  return TRUE;
}

static gboolean
check_enum (JsonObject         *data,
            const char         *name,
            const char * const *values,
            Rejection          *rejection)
{
  const char *text = get_text (data, name);

  if (text == NULL || !g_strv_contains (values, text))
    return reject (rejection, "invalid_value", name, "%s must be one of the documented values", name);
  return TRUE;
}

/* An integer in [min, max]; absent or null is fine when @nullable. */
static gboolean
check_integer (JsonObject *data,
               const char *name,
               gint64      min,
               gint64      max,
               gboolean    nullable,
               Rejection  *rejection)
{
  JsonNode *node = get_member (data, name);
  gint64 value;

  if (node == NULL)
    return nullable || reject (rejection, "invalid_value", name, "%s is missing", name);
  if (!node_get_integer (node, &value) || value < min || value > max)
    return reject (rejection, "invalid_value", name,
                   "%s must be an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                   name, min, max);
  return TRUE;
}

static gboolean
check_number (JsonObject *data,
              const char *name,
              double      min,
              double      max,
              Rejection  *rejection)
{
  double value;

  if (!node_get_number (get_member (data, name), &value) || value < min || value > max)
    return reject (rejection, "invalid_value", name, "%s must be a number from %g to %g",
                   name, min, max);
  return TRUE;
}

/* YYYY-MM-DD, a real day. */
static gboolean
check_date (JsonObject *data,
            const char *name,
            Rejection  *rejection)
{
  const char *text = get_text (data, name);
  guint64 year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return reject (rejection, "invalid_value", name, "%s must be a date (YYYY-MM-DD)", name);
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return reject (rejection, "invalid_value", name, "%s must be a date (YYYY-MM-DD)", name);

  year = g_ascii_strtoull (text, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return reject (rejection, "invalid_value", name, "%s is not a valid date", name);
  return TRUE;
}

/* An RFC 3339 time with its offset; returned in @time when asked. */
static gboolean
check_time (JsonObject  *data,
            const char  *name,
            GDateTime  **time,
            Rejection   *rejection)
{
  const char *text = get_text (data, name);
  GDateTime *parsed = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  if (parsed == NULL)
    return reject (rejection, "invalid_value", name, "%s must be an RFC 3339 time", name);
  if (time != NULL)
    *time = parsed;
  else
    g_date_time_unref (parsed);
  return TRUE;
}

static gboolean
check_string_array (JsonObject *data,
                    const char *name,
                    Rejection  *rejection)
{
  JsonNode *node = get_member (data, name);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return reject (rejection, "invalid_value", name, "%s must be an array of strings", name);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (node_get_text (json_array_get_element (array, i)) == NULL)
      return reject (rejection, "invalid_value", name, "%s must be an array of strings", name);
  return TRUE;
}

static gboolean
check_company_ref (CnPlatformServer *self,
                   JsonObject       *data,
                   Rejection        *rejection)
{
  const char *company_id = get_text (data, "company_id");

  if (company_id == NULL || !is_live_company (self, company_id))
    return reject (rejection, "unknown_company", "company_id",
                   "no company %s on the platform", company_id ? company_id : "(none)");
  return TRUE;
}

static gboolean
validate_company (CnPlatformServer *self,
                  JsonObject       *data,
                  Rejection        *rejection)
{
  JsonNode *consent = get_member (data, "consent_share");
  const char *siret = get_text (data, "siret");
  const char *siren = get_text (data, "siren");

  /* Without consent the company must not reach the platform at all. */
  if (!node_is_boolean (consent) || !json_node_get_boolean (consent))
    return reject (rejection, "missing_consent", "consent_share",
                   "the company did not consent to sharing its data");

  /* Exactly 14 digits: cn_siret_validate() also forgives spaces, the
   * platform does not. */
  if (siret == NULL || strlen (siret) != 14 ||
      strspn (siret, "0123456789") != 14 ||
      !cn_siret_validate (siret, NULL, NULL))
    return reject (rejection, "invalid_siret", "siret", "the SIRET is not valid");

  if (siren != NULL && *siren != '\0' && strncmp (siren, siret, 9) != 0)
    return reject (rejection, "invalid_value", "siren", "the SIREN is not the SIRET's first nine digits");

  return check_text (data, "name", TRUE, rejection) &&
         check_text (data, "siren", FALSE, rejection) &&
         check_text (data, "naf", FALSE, rejection) &&
         check_text (data, "headcount_code", FALSE, rejection) &&
         check_text (data, "postcode", FALSE, rejection) &&
         check_text (data, "commune", FALSE, rejection);
}

static gboolean
validate_appointment (CnPlatformServer *self,
                      JsonObject       *data,
                      Rejection        *rejection)
{
  static const char * const modes[] = { "on_site", "phone", "video", NULL };
  static const char * const statuses[] = { "planned", "done", "cancelled", "no_show", NULL };
  static const char * const origins[] = { "connector", "platform", NULL };
  g_autoptr(GDateTime) starts = NULL;
  g_autoptr(GDateTime) ends = NULL;

  if (!check_company_ref (self, data, rejection) ||
      !check_time (data, "starts_at", &starts, rejection) ||
      !check_time (data, "ends_at", &ends, rejection))
    return FALSE;
  if (g_date_time_compare (ends, starts) <= 0)
    return reject (rejection, "invalid_time_range", "ends_at", "the appointment ends before it starts");

  return check_enum (data, "mode", modes, rejection) &&
         check_enum (data, "status", statuses, rejection) &&
         check_enum (data, "origin", origins, rejection) &&
         check_text (data, "location", FALSE, rejection) &&
         check_text (data, "subject", FALSE, rejection) &&
         check_text (data, "notes", FALSE, rejection);
}

static gboolean
validate_cofinancing (JsonObject *data,
                      Rejection  *rejection)
{
  static const char * const statuses[] = { "none", "requested", "accepted", "refused", NULL };
  JsonNode *node = get_member (data, "cofinancing");
  JsonObject *cofinancing;
  const char *status;
  double amount;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return reject (rejection, "invalid_value", "cofinancing", "cofinancing must be an object");
  cofinancing = json_node_get_object (node);
  status = get_text (cofinancing, "status");

  if (!node_is_boolean (get_member (cofinancing, "requested")))
    return reject (rejection, "invalid_value", "cofinancing.requested", "requested must be a boolean");
  if (!node_get_number (get_member (cofinancing, "amount_eur"), &amount) || amount < 0)
    return reject (rejection, "invalid_value", "cofinancing.amount_eur", "amount_eur must be a number of euros");
  if (status == NULL || !g_strv_contains (statuses, status))
    return reject (rejection, "invalid_value", "cofinancing.status",
                   "status must be none, requested, accepted or refused");
  return TRUE;
}

static gboolean
validate_report (CnPlatformServer *self,
                 JsonObject       *data,
                 Rejection        *rejection)
{
  return check_company_ref (self, data, rejection) &&
         check_text (data, "appointment_id", FALSE, rejection) &&
         check_date (data, "date", rejection) &&
         check_text (data, "summary", FALSE, rejection) &&
         check_string_array (data, "actions_done", rejection) &&
         check_string_array (data, "next_steps", rejection) &&
         check_integer (data, "maturity_before", 1, 5, TRUE, rejection) &&
         check_integer (data, "maturity_after", 1, 5, TRUE, rejection) &&
         check_integer (data, "time_spent_minutes", 0, G_MAXINT32, TRUE, rejection) &&
         check_integer (data, "satisfaction", 1, 5, TRUE, rejection) &&
         validate_cofinancing (data, rejection);
}

static gboolean
validate_diagnostic (CnPlatformServer *self,
                     JsonObject       *data,
                     Rejection        *rejection)
{
  JsonNode *scores = get_member (data, "scores");

  if (!check_company_ref (self, data, rejection) ||
      !check_text (data, "questionnaire_id", TRUE, rejection) ||
      !check_time (data, "completed_at", NULL, rejection) ||
      !check_number (data, "overall", 0, 100, rejection) ||
      !check_integer (data, "level", 1, 5, FALSE, rejection))
    return FALSE;

  if (scores == NULL || !JSON_NODE_HOLDS_OBJECT (scores))
    return reject (rejection, "invalid_value", "scores", "scores must be an object");
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *value;
    double score;

    json_object_iter_init (&iter, json_node_get_object (scores));
    while (json_object_iter_next (&iter, &name, &value))
      if (!node_get_number (value, &score) || score < 0 || score > 100)
        return reject (rejection, "invalid_value", "scores", "the score of %s must be from 0 to 100", name);
  }
  return TRUE;
}

static gboolean
validate_outreach (CnPlatformServer *self,
                   JsonObject       *data,
                   Rejection        *rejection)
{
  static const char * const kinds[] = { "event", "workshop", "call", "visit", "other", NULL };

  return check_date (data, "date", rejection) &&
         check_enum (data, "kind", kinds, rejection) &&
         check_text (data, "title", FALSE, rejection) &&
         check_integer (data, "smes_reached", 0, G_MAXINT32, TRUE, rejection) &&
         check_integer (data, "leads", 0, G_MAXINT32, TRUE, rejection) &&
         check_text (data, "notes", FALSE, rejection);
}

/* Leads are made on the platform only: this checks the test's own input. */
static gboolean
validate_lead (CnPlatformServer *self,
               JsonObject       *data,
               Rejection        *rejection)
{
  JsonNode *consent = get_member (data, "consent_contact");

  if (!node_is_boolean (consent) || !json_node_get_boolean (consent))
    return reject (rejection, "missing_consent", "consent_contact", "a lead always consents to be contacted");
  return check_text (data, "name", TRUE, rejection) &&
         check_text (data, "siren", FALSE, rejection) &&
         check_text (data, "contact_name", FALSE, rejection) &&
         check_text (data, "contact_email", FALSE, rejection) &&
         check_text (data, "postcode", FALSE, rejection);
}

static gboolean
validate_data (CnPlatformServer *self,
               const char       *type,
               JsonObject       *data,
               Rejection        *rejection)
{
  if (g_strcmp0 (type, "company") == 0)
    return validate_company (self, data, rejection);
  if (g_strcmp0 (type, "appointment") == 0)
    return validate_appointment (self, data, rejection);
  if (g_strcmp0 (type, "report") == 0)
    return validate_report (self, data, rejection);
  if (g_strcmp0 (type, "diagnostic") == 0)
    return validate_diagnostic (self, data, rejection);
  if (g_strcmp0 (type, "outreach") == 0)
    return validate_outreach (self, data, rejection);
  if (g_strcmp0 (type, "lead") == 0)
    return validate_lead (self, data, rejection);
  return reject (rejection, "invalid_value", "type", "unknown record type %s", type);
}

/* ---- Replies ------------------------------------------------------------------------- */

static void
reply_take (Reply *reply,
            guint  status,
            char  *body,
            gsize  length)
{
  g_free (reply->body);
  reply->status = status;
  reply->body = body;
  reply->length = length;
}

static void
reply_builder (Reply       *reply,
               guint        status,
               JsonBuilder *builder)
{
  gsize length;
  char *body = builder_to_string (builder, &length);

  reply_take (reply, status, body, length);
}

/* {"error": {"code", "message", "field"}}; @field may be NULL. */
static void
reply_error (Reply      *reply,
             guint       status,
             const char *code,
             const char *field,
             const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "field");
  if (field != NULL)
    json_builder_add_string_value (builder, field);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  reply_builder (reply, status, builder);
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  /* The client reads EOF where it expected a status line. */
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
pending_remove (Pending *pending)
{
  g_ptr_array_remove_fast (pending->self->pending, pending);
}

static gboolean
pending_fire (gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr(SoupServerMessage) msg = g_object_ref (pending->msg);
  gboolean drop = pending->drop;

  /* Forget it first: stealing the connection emits "disconnected". */
  pending_remove (pending);
  if (drop)
    drop_connection (msg);
  else
    soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

/* The client went away while we held its answer: nothing left to send. */
static void
pending_disconnected (SoupServerMessage *msg,
                      Pending           *pending)
{
  pending_remove (pending);
}

/* Sends @reply now, or later from a timeout when slow_ms is set or the
 * connection is to be dropped (never from inside the handler). */
static void
finish_reply (CnPlatformServer  *self,
              SoupServerMessage *msg,
              Reply             *reply)
{
  Pending *pending;

  if (!reply->drop)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      soup_server_message_set_status (msg, reply->status,
                                      reply->status == STATUS_TOO_MANY_REQUESTS ? "Too Many Requests" : NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&reply->body), reply->length);
      if (reply->retry_after >= 0)
        {
          g_autofree char *value = g_strdup_printf ("%d", reply->retry_after);
          soup_message_headers_replace (headers, "Retry-After", value);
        }
    }
  g_clear_pointer (&reply->body, g_free);

  if (self->slow_ms == 0 && !reply->drop)
    return;
  if (self->slow_ms > 0)
    {
      self->fired[FAULT_SLOW]++;
      self->stats.faults_fired++;
    }

  pending = g_new0 (Pending, 1);
  pending->self = self;
  pending->msg = g_object_ref (msg);
  pending->drop = reply->drop;
  pending->source = g_timeout_source_new (self->slow_ms);
  g_source_set_callback (pending->source, pending_fire, pending, NULL);
  g_source_attach (pending->source, self->context);
  pending->disconnected_id = g_signal_connect (msg, "disconnected",
                                               G_CALLBACK (pending_disconnected), pending);
  g_ptr_array_add (self->pending, pending);
  soup_server_message_pause (msg);
}

/* ---- Request log ------------------------------------------------------------------------ */

static void
collect_header (const char *name,
                const char *value,
                gpointer    user_data)
{
  GPtrArray *headers = user_data;

  g_ptr_array_add (headers, g_strdup (name));
  g_ptr_array_add (headers, g_strdup (value));
}

static LoggedRequest *
log_request (CnPlatformServer  *self,
             SoupServerMessage *msg,
             const char        *route)
{
  LoggedRequest *logged = g_new0 (LoggedRequest, 1);
  GUri *uri = soup_server_message_get_uri (msg);

  logged->method = g_strdup (soup_server_message_get_method (msg));
  logged->path = g_strdup (route);
  logged->query = g_strdup (g_uri_get_query (uri));
  logged->headers = g_ptr_array_new_with_free_func (g_free);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg),
                                collect_header, logged->headers);
  logged->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_ptr_array_add (self->requests, logged);
  return logged;
}

/* ---- API: GET /me --------------------------------------------------------------------- */

static void
handle_me (CnPlatformServer *self,
           Reply            *reply)
{
  g_autoptr(JsonNode) profile = json_node_init_object (json_node_alloc (), self->profile);
  gsize length;
  char *body = node_to_string (profile, &length);

  reply_take (reply, SOUP_STATUS_OK, body, length);
}

/* ---- API: POST /sync/push ------------------------------------------------------------- */

/* The shape every change must have, checked for the whole batch before
 * anything is applied: a malformed batch is a 400 and changes nothing. */
static gboolean
check_change_shape (JsonNode  *node,
                    guint      index,
                    Reply     *reply)
{
  static const char * const required[] = { "type", "id", "op" };
  g_autofree char *field = NULL;
  JsonObject *change;
  JsonNode *base;
  gint64 revision;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      field = g_strdup_printf ("changes[%u]", index);
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", field, "a change must be an object");
      return FALSE;
    }
  change = json_node_get_object (node);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (get_text (change, required[i]) == NULL)
      {
        field = g_strdup_printf ("changes[%u].%s", index, required[i]);
        reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", field, "missing or not a string");
        return FALSE;
      }

  base = json_object_get_member (change, "base_revision");
  if (base == NULL || (!JSON_NODE_HOLDS_NULL (base) && !node_get_integer (base, &revision)))
    {
      field = g_strdup_printf ("changes[%u].base_revision", index);
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", field,
                   "base_revision must be null or an integer");
      return FALSE;
    }

  if (g_strcmp0 (get_text (change, "op"), "upsert") == 0)
    {
      JsonNode *data = get_member (change, "data");

      if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
        {
          field = g_strdup_printf ("changes[%u].data", index);
          reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", field,
                       "an upsert needs a data object");
          return FALSE;
        }
    }
  return TRUE;
}

static void
add_rejected (JsonBuilder *results,
              Rejection   *rejection)
{
  json_builder_set_member_name (results, "status");
  json_builder_add_string_value (results, "rejected");
  json_builder_set_member_name (results, "error");
  json_builder_begin_object (results);
  json_builder_set_member_name (results, "code");
  json_builder_add_string_value (results, rejection->code);
  json_builder_set_member_name (results, "message");
  json_builder_add_string_value (results, rejection->message);
  json_builder_set_member_name (results, "field");
  if (rejection->field != NULL)
    json_builder_add_string_value (results, rejection->field);
  else
    json_builder_add_null_value (results);
  json_builder_end_object (results);
}

static void
add_applied (JsonBuilder *results,
             gint64       revision)
{
  json_builder_set_member_name (results, "status");
  json_builder_add_string_value (results, "applied");
  json_builder_set_member_name (results, "revision");
  json_builder_add_int_value (results, revision);
}

/* The server's side of a conflict.  An unknown record is revision 0 with
 * null data; a deleted one says so ("deleted" is an extra member). */
static void
add_conflict (JsonBuilder *results,
              Record      *record)
{
  json_builder_set_member_name (results, "status");
  json_builder_add_string_value (results, "conflict");
  json_builder_set_member_name (results, "revision");
  json_builder_add_int_value (results, record ? record->revision : 0);
  json_builder_set_member_name (results, "server");
  if (record != NULL && !record->deleted)
    json_builder_add_value (results, json_node_copy (record->data));
  else
    json_builder_add_null_value (results);
  json_builder_set_member_name (results, "deleted");
  json_builder_add_boolean_value (results, record != NULL && record->deleted);
}

/* One change of a batch, already known to be well formed.
 *
 * base_revision must equal the record's current revision (0 for a record
 * the server does not have).  base_revision null is a creation: fine for an
 * unknown id; for an existing one it is a retried creation, applied without
 * change when the stored state is the same (identical data, or deleted for
 * a delete), a conflict otherwise. */
static void
apply_change (CnPlatformServer *self,
              JsonObject       *change,
              JsonBuilder      *results)
{
  const char *type = get_text (change, "type");
  const char *id = get_text (change, "id");
  const char *op = get_text (change, "op");
  JsonNode *base_node = get_member (change, "base_revision");
  JsonObject *data = NULL;
  Rejection rejection = { NULL, NULL, NULL };
  gboolean upsert = g_strcmp0 (op, "upsert") == 0;
  gint64 base = 0;
  Record *record;

  json_builder_begin_object (results);
  json_builder_set_member_name (results, "id");
  json_builder_add_string_value (results, id);

  if (g_strcmp0 (type, "lead") == 0)
    reject (&rejection, "invalid_value", "type", "leads are created on the platform only");
  else if (!is_pushed_type (type))
    reject (&rejection, "invalid_value", "type", "unknown record type %s", type);
  else if (!is_record_id (id))
    reject (&rejection, "invalid_value", "id", "the id must be a lower-case UUID");
  else if (!upsert && g_strcmp0 (op, "delete") != 0)
    reject (&rejection, "invalid_value", "op", "op must be upsert or delete");
  else if (upsert)
    {
      data = json_node_get_object (get_member (change, "data"));
      validate_data (self, type, data, &rejection);
    }

  if (rejection.code != NULL)
    {
      add_rejected (results, &rejection);
      g_free (rejection.message);
      json_builder_end_object (results);
      return;
    }

  record = lookup_record (self, type, id);
  if (base_node != NULL)
    node_get_integer (base_node, &base);

  if (base_node == NULL && record != NULL)
    {
      gboolean same = upsert ? !record->deleted && json_node_equal (record->data, get_member (change, "data"))
                             : record->deleted;

      if (same)
        add_applied (results, record->revision);
      else
        add_conflict (results, record);
    }
  else if (base_node != NULL && base != (record ? record->revision : 0))
    add_conflict (results, record);
  else
    {
      /* Only a copy goes in: the request's tree is freed with it. */
      g_autoptr(JsonObject) stored = data ? copy_object (data) : NULL;

      record = store_change (self, type, id, stored, TRUE);
      add_applied (results, record->revision);
    }

  json_builder_end_object (results);
}

static gboolean
batch_is_forbidden (CnPlatformServer *self,
                    JsonArray        *changes,
                    const char      **forbidden)
{
  if (g_hash_table_size (self->forbidden_ids) == 0)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      const char *id = get_text (json_array_get_object_element (changes, i), "id");

      if (g_hash_table_contains (self->forbidden_ids, id))
        {
          *forbidden = id;
          return TRUE;
        }
    }
  return FALSE;
}

static void
handle_push (CnPlatformServer  *self,
             SoupServerMessage *msg,
             Reply             *reply)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) request = NULL;
  g_autoptr(JsonBuilder) results = NULL;
  JsonNode *changes_node;
  JsonArray *changes;
  StoredPush *stored;
  const char *forbidden = NULL;

  if (key == NULL || *key == '\0')
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", "Idempotency-Key",
                   "a push needs an Idempotency-Key header");
      return;
    }
  if (g_bytes_get_size (body) > MAX_BODY_BYTES)
    {
      reply_error (reply, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "batch_too_large", NULL,
                   "a batch may not exceed 5 MB");
      return;
    }

  /* A key seen before: its stored answer, or a client bug. */
  stored = g_hash_table_lookup (self->pushes, key);
  if (stored != NULL)
    {
      if (g_bytes_equal (stored->request, body))
        {
          gsize length;
          const char *data = g_bytes_get_data (stored->response, &length);

          self->stats.replays++;
          reply_take (reply, SOUP_STATUS_OK, g_memdup2 (data, length), length);
        }
      else
        reply_error (reply, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idempotency_key_reused", "Idempotency-Key",
                     "this Idempotency-Key was used for another body");
      return;
    }

  request = parse_object (g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  if (request == NULL)
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL, error->message);
      return;
    }
  if (get_text (request, "device_id") == NULL)
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", "device_id", "device_id is missing");
      return;
    }
  changes_node = get_member (request, "changes");
  if (changes_node == NULL || !JSON_NODE_HOLDS_ARRAY (changes_node))
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", "changes", "changes must be an array");
      return;
    }
  changes = json_node_get_array (changes_node);
  if (json_array_get_length (changes) > MAX_CHANGES)
    {
      reply_error (reply, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "batch_too_large", "changes",
                   "a batch may not hold more than 500 changes");
      return;
    }
  for (guint i = 0; i < json_array_get_length (changes); i++)
    if (!check_change_shape (json_array_get_element (changes, i), i, reply))
      return;

  if (batch_is_forbidden (self, changes, &forbidden))
    {
      g_autofree char *message = g_strdup_printf ("this token may not act on record %s", forbidden);

      self->fired[FAULT_FORBID_IDS]++;
      self->stats.faults_fired++;
      reply_error (reply, SOUP_STATUS_FORBIDDEN, "forbidden", "id", message);
      return;
    }

  /* In order: a company pushed earlier in the batch is known to the
   * appointments that follow it. */
  results = json_builder_new ();
  json_builder_begin_object (results);
  json_builder_set_member_name (results, "results");
  json_builder_begin_array (results);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    apply_change (self, json_array_get_object_element (changes, i), results);
  json_builder_end_array (results);
  json_builder_end_object (results);
  reply_builder (reply, SOUP_STATUS_OK, results);

  stored = g_new0 (StoredPush, 1);
  stored->request = g_bytes_ref (body);
  stored->response = g_bytes_new (reply->body, reply->length);
  g_hash_table_insert (self->pushes, g_strdup (key), stored);
  self->stats.push_batches++;
  self->stats.idempotency_keys++;
}

/* ---- API: GET /sync/pull -------------------------------------------------------------- */

static char *
format_cursor (guint position)
{
  return g_strdup_printf ("c-%06u", position);
}

/* "c-N": the number of log entries already delivered. */
static gboolean
parse_cursor (const char *cursor,
              guint       log_length,
              guint      *position)
{
  guint64 value;

  if (!g_str_has_prefix (cursor, "c-") ||
      !g_ascii_string_to_unsigned (cursor + 2, 10, 0, log_length, &value, NULL))
    return FALSE;
  *position = value;
  return TRUE;
}

static void
add_pulled_change (JsonBuilder *builder,
                   Record      *record)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, record->type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, record->id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, record->revision);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, record->deleted);
  json_builder_set_member_name (builder, "data");
  if (record->deleted)
    json_builder_add_null_value (builder);
  else
    json_builder_add_value (builder, json_node_copy (record->data));
  json_builder_end_object (builder);
}

/* The log after the cursor, each entry with its record's current state
 * (a record changed twice appears twice, both times as it is now). */
static void
handle_pull (CnPlatformServer *self,
             GHashTable       *query,
             Reply            *reply)
{
  const char *cursor = query ? g_hash_table_lookup (query, "cursor") : NULL;
  const char *limit_text = query ? g_hash_table_lookup (query, "limit") : NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *next = NULL;
  guint64 limit = DEFAULT_PULL_LIMIT;
  guint start = 0;
  guint end;

  if (limit_text != NULL &&
      !g_ascii_string_to_unsigned (limit_text, 10, 1, MAX_PULL_LIMIT, &limit, NULL))
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", "limit",
                   "limit must be an integer from 1 to 500");
      return;
    }

  if (cursor != NULL && *cursor != '\0')
    {
      if (self->expire_cursor)
        {
          self->expire_cursor = FALSE;
          self->fired[FAULT_EXPIRE_CURSOR]++;
          self->stats.faults_fired++;
          reply_error (reply, SOUP_STATUS_GONE, "cursor_expired", "cursor", "the cursor expired");
          return;
        }
      /* A cursor this server never gave (another server, a reset) is as
       * good as expired: the client's answer is the same full resync. */
      if (!parse_cursor (cursor, self->change_log->len, &start))
        {
          reply_error (reply, SOUP_STATUS_GONE, "cursor_expired", "cursor", "unknown cursor");
          return;
        }
    }

  end = MIN (start + (guint) limit, self->change_log->len);
  next = format_cursor (end);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "changes");
  json_builder_begin_array (builder);
  for (guint i = start; i < end; i++)
    add_pulled_change (builder, g_ptr_array_index (self->change_log, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "cursor");
  json_builder_add_string_value (builder, next);
  json_builder_set_member_name (builder, "has_more");
  json_builder_add_boolean_value (builder, end < self->change_log->len);
  json_builder_end_object (builder);
  reply_builder (reply, SOUP_STATUS_OK, builder);
}

/* ---- API dispatch ------------------------------------------------------------------------ */

static CnPlatformPath
classify_route (const char *route)
{
  if (g_strcmp0 (route, "/me") == 0)
    return CN_PLATFORM_PATH_ME;
  if (g_strcmp0 (route, "/sync/push") == 0)
    return CN_PLATFORM_PATH_PUSH;
  if (g_strcmp0 (route, "/sync/pull") == 0)
    return CN_PLATFORM_PATH_PULL;
  return CN_PLATFORM_PATH_ANY;
}

static gboolean
is_authorized (CnPlatformServer  *self,
               SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  return value != NULL && g_ascii_strncasecmp (value, "Bearer ", 7) == 0 &&
         g_strcmp0 (value + 7, self->token) == 0;
}

/* Takes one firing of a counted fault if it applies to @path. */
static gboolean
take_fault (CnPlatformServer *self,
            FaultKind         kind,
            CnPlatformPath    path,
            Reply            *reply)
{
  CountedFault *fault = &self->faults[kind];

  if (fault->count == 0 || (fault->path != CN_PLATFORM_PATH_ANY && fault->path != path))
    return FALSE;

  fault->count--;
  self->fired[kind]++;
  self->stats.faults_fired++;
  reply->retry_after = fault->retry_after;
  return TRUE;
}

static void
handle_api (CnPlatformServer  *self,
            SoupServerMessage *msg,
            const char        *route,
            GHashTable        *query,
            Reply             *reply)
{
  CnPlatformPath path = classify_route (route);
  const char *method = soup_server_message_get_method (msg);
  const char *expected;
  gboolean drop_after;

  if (self->unauthorized)
    {
      self->fired[FAULT_UNAUTHORIZED]++;
      self->stats.faults_fired++;
      reply_error (reply, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL, "the token was revoked");
      return;
    }
  if (!is_authorized (self, msg))
    {
      reply_error (reply, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL, "missing or invalid token");
      return;
    }

  if (take_fault (self, FAULT_DROP_BEFORE, path, reply))
    {
      reply->drop = TRUE;
      return;
    }
  if (take_fault (self, FAULT_FAIL_503, path, reply))
    {
      reply_error (reply, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", NULL, "down for maintenance");
      return;
    }
  if (take_fault (self, FAULT_FAIL_429, path, reply))
    {
      reply_error (reply, STATUS_TOO_MANY_REQUESTS, "rate_limited", NULL, "too many requests");
      return;
    }
  if (take_fault (self, FAULT_FAIL_500, path, reply))
    {
      reply->retry_after = CN_PLATFORM_NO_RETRY_AFTER;
      reply_error (reply, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal_error", NULL, "internal error");
      return;
    }
  drop_after = take_fault (self, FAULT_DROP_AFTER, path, reply);
  reply->retry_after = CN_PLATFORM_NO_RETRY_AFTER;

  expected = path == CN_PLATFORM_PATH_PUSH ? SOUP_METHOD_POST : SOUP_METHOD_GET;
  if (path == CN_PLATFORM_PATH_ANY)
    reply_error (reply, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "no such API path");
  else if (g_strcmp0 (method, expected) != 0)
    reply_error (reply, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL, "wrong method");
  else if (path == CN_PLATFORM_PATH_ME)
    handle_me (self, reply);
  else if (path == CN_PLATFORM_PATH_PUSH)
    handle_push (self, msg, reply);
  else
    handle_pull (self, query, reply);

  reply->drop = drop_after;
}

static void
api_callback (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  CnPlatformServer *self = user_data;
  const char *route = path + strlen (API_BASE);
  Reply reply = { 0, NULL, 0, CN_PLATFORM_NO_RETRY_AFTER, FALSE };
  LoggedRequest *logged;

  if (*route == '\0')
    route = "/";

  logged = log_request (self, msg, route);
  self->stats.requests++;
  g_signal_emit (self, signals[SIGNAL_REQUEST], 0, logged->method, route);

  handle_api (self, msg, route, query, &reply);
  logged->status = reply.status;
  logged->dropped = reply.drop;
  finish_reply (self, msg, &reply);
}

static void
not_found_callback (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  CnPlatformServer *self = user_data;
  Reply reply = { 0, NULL, 0, CN_PLATFORM_NO_RETRY_AFTER, FALSE };

  reply_error (&reply, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "no such path");
  soup_server_message_set_status (msg, reply.status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, reply.body, reply.length);
  (void) self;
}

/* ---- Platform-side changes -------------------------------------------------------------- */

static char *
tomorrow_at (int hour)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) day = g_date_time_new_utc (g_date_time_get_year (now),
                                                  g_date_time_get_month (now),
                                                  g_date_time_get_day_of_month (now),
                                                  hour, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (day, 1);

  return g_date_time_format (tomorrow, "%Y-%m-%dT%H:%M:%SZ");
}

/* What a record made on the platform holds when the caller names nothing. */
static JsonObject *
default_data (const char *type)
{
  JsonObject *data = json_object_new ();

  if (g_strcmp0 (type, "company") == 0)
    {
      json_object_set_string_member (data, "siret", "41816609600069");
      json_object_set_string_member (data, "siren", "418166096");
      json_object_set_string_member (data, "name", "Atelier Vézère");
      json_object_set_string_member (data, "naf", "47.71Z");
      json_object_set_string_member (data, "headcount_code", "01");
      json_object_set_string_member (data, "postcode", "19000");
      json_object_set_string_member (data, "commune", "Tulle");
      json_object_set_boolean_member (data, "consent_share", TRUE);
    }
  else if (g_strcmp0 (type, "appointment") == 0)
    {
      g_autofree char *starts = tomorrow_at (9);
      g_autofree char *ends = tomorrow_at (10);

      json_object_set_string_member (data, "starts_at", starts);
      json_object_set_string_member (data, "ends_at", ends);
      json_object_set_string_member (data, "mode", "video");
      json_object_set_null_member (data, "location");
      json_object_set_string_member (data, "subject", "Rendez-vous pris en ligne");
      json_object_set_string_member (data, "status", "planned");
      json_object_set_string_member (data, "origin", "platform");
      json_object_set_null_member (data, "notes");
    }
  else if (g_strcmp0 (type, "lead") == 0)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *completed = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
      JsonObject *self_diagnostic = json_object_new ();

      json_object_set_string_member (data, "name", "Boulangerie des Trois Épis");
      json_object_set_null_member (data, "siren");
      json_object_set_string_member (data, "contact_name", "Julie Roux");
      json_object_set_string_member (data, "contact_email", "julie.roux@example.fr");
      json_object_set_string_member (data, "postcode", "19100");
      json_object_set_string_member (data, "naf", "10.71C");
      json_object_set_string_member (data, "headcount_code", "02");
      json_object_set_int_member (self_diagnostic, "overall", 42);
      json_object_set_int_member (self_diagnostic, "level", 2);
      json_object_set_string_member (self_diagnostic, "completed_at", completed);
      json_object_set_object_member (data, "self_diagnostic", self_diagnostic);
      json_object_set_boolean_member (data, "consent_contact", TRUE);
    }

  return data;
}

/* Creates or changes a record as the platform would: @members replace the
 * current data's (or the defaults' for a new record), the result is
 * validated like a push, and logged for pull. */
static Record *
platform_put (CnPlatformServer  *self,
              const char        *type,
              const char        *id,
              JsonObject        *members,
              GError           **error)
{
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *new_id = NULL;
  Rejection rejection = { NULL, NULL, NULL };
  Record *record;

  if (!is_pulled_type (type))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid_value: %s records are not made on the platform", type ? type : "(null)");
      return NULL;
    }
  if (id == NULL)
    id = new_id = g_uuid_string_random ();
  else if (!is_record_id (id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid_value: %s is not a lower-case UUID", id);
      return NULL;
    }

  record = lookup_record (self, type, id);
  if (record != NULL && !record->deleted)
    data = copy_object (json_node_get_object (record->data));
  else
    data = default_data (type);
  if (members != NULL)
    merge_members (data, members);

  if (!validate_data (self, type, data, &rejection))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s: %s (%s)",
                   rejection.code, rejection.message, rejection.field ? rejection.field : "");
      g_free (rejection.message);
      return NULL;
    }

  return store_change (self, type, id, data, FALSE);
}

char *
cn_platform_server_put_record (CnPlatformServer  *self,
                               const char        *type,
                               const char        *id,
                               const char        *data_json,
                               GError           **error)
{
  g_autoptr(JsonObject) members = NULL;
  Record *record;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), NULL);

  if (data_json != NULL && (members = parse_object (data_json, -1, error)) == NULL)
    return NULL;
  record = platform_put (self, type, id, members, error);
  return record ? g_strdup (record->id) : NULL;
}

char *
cn_platform_server_put_company (CnPlatformServer  *self,
                                const char        *id,
                                const char        *data_json,
                                GError           **error)
{
  return cn_platform_server_put_record (self, "company", id, data_json, error);
}

char *
cn_platform_server_add_appointment (CnPlatformServer  *self,
                                    const char        *company_id,
                                    const char        *starts_at,
                                    const char        *ends_at,
                                    GError           **error)
{
  g_autoptr(JsonObject) members = json_object_new ();
  Record *record;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), NULL);

  json_object_set_string_member (members, "company_id", company_id);
  if (starts_at != NULL)
    json_object_set_string_member (members, "starts_at", starts_at);
  if (ends_at != NULL)
    json_object_set_string_member (members, "ends_at", ends_at);
  record = platform_put (self, "appointment", NULL, members, error);
  return record ? g_strdup (record->id) : NULL;
}

char *
cn_platform_server_add_lead (CnPlatformServer  *self,
                             const char        *name,
                             GError           **error)
{
  g_autoptr(JsonObject) members = json_object_new ();
  Record *record;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), NULL);

  if (name != NULL)
    json_object_set_string_member (members, "name", name);
  record = platform_put (self, "lead", NULL, members, error);
  return record ? g_strdup (record->id) : NULL;
}

gboolean
cn_platform_server_set_report_cofinancing (CnPlatformServer  *self,
                                           const char        *report_id,
                                           const char        *status,
                                           GError           **error)
{
  g_autoptr(JsonObject) members = json_object_new ();
  Record *record = lookup_record (self, "report", report_id);
  JsonNode *current;
  JsonObject *cofinancing;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), FALSE);

  /* platform_put() would create a report from nothing: refuse instead. */
  if (record == NULL || record->deleted)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no report %s", report_id);
      return FALSE;
    }

  current = get_member (json_node_get_object (record->data), "cofinancing");
  cofinancing = current && JSON_NODE_HOLDS_OBJECT (current)
                ? copy_object (json_node_get_object (current)) : json_object_new ();
  json_object_set_string_member (cofinancing, "status", status);
  json_object_set_object_member (members, "cofinancing", cofinancing);
  return platform_put (self, "report", report_id, members, error) != NULL;
}

/* ---- Control API (HTTP) -------------------------------------------------------------- *
 * No token: it is the test's own back door, on loopback only. */

static void
reply_created (Reply      *reply,
               const char *id,
               gint64      revision)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, revision);
  json_builder_end_object (builder);
  reply_builder (reply, SOUP_STATUS_OK, builder);
}

static void
reply_ok (Reply *reply)
{
  reply_take (reply, SOUP_STATUS_OK, g_strdup ("{\"ok\":true}"), strlen ("{\"ok\":true}"));
}

static void
reply_string (Reply *reply,
              char  *json)
{
  reply_take (reply, SOUP_STATUS_OK, json, strlen (json));
}

/* POST /_control/appointment, lead, company, record: the body names the
 * members to set ("id" and, for record, "type" pick the record). */
static void
control_put (CnPlatformServer *self,
             const char       *type,
             JsonObject       *body,
             Reply            *reply)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) members = copy_object (body);
  g_autofree char *id = g_strdup (get_text (body, "id"));
  Record *record;

  json_object_remove_member (members, "id");
  if (type == NULL)
    {
      JsonNode *data = get_member (body, "data");

      type = get_text (body, "type");
      g_clear_pointer (&members, json_object_unref);
      members = data && JSON_NODE_HOLDS_OBJECT (data) ? copy_object (json_node_get_object (data))
                                                      : json_object_new ();
    }

  record = platform_put (self, type, id, members, &error);
  if (record == NULL)
    reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL, error->message);
  else
    reply_created (reply, record->id, record->revision);
}

static void
control_cofinancing (CnPlatformServer *self,
                     JsonObject       *body,
                     Reply            *reply)
{
  g_autoptr(GError) error = NULL;
  const char *report_id = get_text (body, "report_id");

  if (report_id == NULL)
    report_id = get_text (body, "id");
  if (!cn_platform_server_set_report_cofinancing (self, report_id, get_text (body, "status"), &error))
    reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL, error->message);
  else
    reply_created (reply, report_id, cn_platform_server_get_revision (self, "report", report_id));
}

static void
control_record (CnPlatformServer *self,
                GHashTable       *query,
                Reply            *reply)
{
  const char *type = query ? g_hash_table_lookup (query, "type") : NULL;
  const char *id = query ? g_hash_table_lookup (query, "id") : NULL;
  char *json = cn_platform_server_get_record_json (self, type, id);

  if (json == NULL)
    reply_error (reply, SOUP_STATUS_NOT_FOUND, "not_found", "id", "no such record");
  else
    reply_string (reply, json);
}

static void
handle_control (CnPlatformServer  *self,
                SoupServerMessage *msg,
                const char        *route,
                GHashTable        *query,
                Reply             *reply)
{
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (method, SOUP_METHOD_GET) == 0)
    {
      const char *type = query ? g_hash_table_lookup (query, "type") : NULL;

      if (g_strcmp0 (route, "/records") == 0)
        reply_string (reply, cn_platform_server_get_records_json (self, type));
      else if (g_strcmp0 (route, "/record") == 0)
        control_record (self, query, reply);
      else if (g_strcmp0 (route, "/requests") == 0)
        reply_string (reply, cn_platform_server_get_requests_json (self));
      else if (g_strcmp0 (route, "/stats") == 0)
        reply_string (reply, cn_platform_server_get_stats_json (self));
      else if (g_strcmp0 (route, "/faults") == 0)
        reply_string (reply, cn_platform_server_get_faults_json (self));
      else
        reply_error (reply, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "no such control path");
      return;
    }
  if (g_strcmp0 (method, SOUP_METHOD_POST) != 0)
    {
      reply_error (reply, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL, "GET or POST");
      return;
    }

  /* Every POST takes a JSON object; an empty body counts as {}. */
  if (g_bytes_get_size (bytes) == 0)
    body = json_object_new ();
  else if ((body = parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error)) == NULL)
    {
      reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL, error->message);
      return;
    }

  if (g_strcmp0 (route, "/faults") == 0)
    {
      g_autofree char *json = object_to_string (body);

      if (cn_platform_server_set_faults_json (self, json, &error))
        reply_string (reply, cn_platform_server_get_faults_json (self));
      else
        reply_error (reply, SOUP_STATUS_BAD_REQUEST, "bad_request", NULL, error->message);
    }
  else if (g_strcmp0 (route, "/reset-faults") == 0)
    {
      cn_platform_server_reset_faults (self);
      reply_ok (reply);
    }
  else if (g_strcmp0 (route, "/profile") == 0)
    {
      merge_members (self->profile, body);
      handle_me (self, reply);
    }
  else if (g_strcmp0 (route, "/appointment") == 0)
    {
      if (!json_object_has_member (body, "origin"))
        json_object_set_string_member (body, "origin", "platform");
      control_put (self, "appointment", body, reply);
    }
  else if (g_strcmp0 (route, "/lead") == 0)
    control_put (self, "lead", body, reply);
  else if (g_strcmp0 (route, "/company") == 0)
    control_put (self, "company", body, reply);
  else if (g_strcmp0 (route, "/record") == 0)
    control_put (self, NULL, body, reply);
  else if (g_strcmp0 (route, "/cofinancing") == 0)
    control_cofinancing (self, body, reply);
  else if (g_strcmp0 (route, "/clear-requests") == 0)
    {
      cn_platform_server_clear_request_log (self);
      reply_ok (reply);
    }
  else
    reply_error (reply, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "no such control path");
}

static void
control_callback (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  CnPlatformServer *self = user_data;
  Reply reply = { 0, NULL, 0, CN_PLATFORM_NO_RETRY_AFTER, FALSE };

  handle_control (self, msg, path + strlen (CONTROL_BASE), query, &reply);
  soup_server_message_set_status (msg, reply.status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, reply.body, reply.length);
}

/* ---- Object ------------------------------------------------------------------------------ */

static void
set_default_profile (CnPlatformServer *self)
{
  self->profile = json_object_new ();
  json_object_set_string_member (self->profile, "id", "3c3e8a52-6b1f-4d7e-9c20-5f4a1b2d8e67");
  json_object_set_string_member (self->profile, "display_name", "Camille Martin");
  json_object_set_string_member (self->profile, "email", "camille.martin@example.fr");
  json_object_set_string_member (self->profile, "kind", "labelled");
  json_object_set_string_member (self->profile, "label_expires_on", "2027-03-31");
  json_object_set_string_member (self->profile, "organisation", "CCI Corrèze");
  json_object_set_string_member (self->profile, "region", "75");
}

static void
cn_platform_server_dispose (GObject *object)
{
  CnPlatformServer *self = CN_PLATFORM_SERVER (object);

  /* Held answers are abandoned; the server closes their connections. */
  if (self->pending != NULL)
    g_ptr_array_set_size (self->pending, 0);
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }

  G_OBJECT_CLASS (cn_platform_server_parent_class)->dispose (object);
}

static void
cn_platform_server_finalize (GObject *object)
{
  CnPlatformServer *self = CN_PLATFORM_SERVER (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->change_log, g_ptr_array_unref);
  g_clear_pointer (&self->record_index, g_hash_table_unref);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->pushes, g_hash_table_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->forbidden_ids, g_hash_table_unref);
  g_clear_pointer (&self->profile, json_object_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->token);
  g_free (self->url);
  g_free (self->control_url);

  G_OBJECT_CLASS (cn_platform_server_parent_class)->finalize (object);
}

static void
cn_platform_server_class_init (CnPlatformServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cn_platform_server_dispose;
  object_class->finalize = cn_platform_server_finalize;

  signals[SIGNAL_REQUEST] =
    g_signal_new ("request",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
cn_platform_server_init (CnPlatformServer *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
  self->record_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->change_log = g_ptr_array_new ();
  self->pushes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) stored_push_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) logged_request_free);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  self->forbidden_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  cn_platform_server_reset_faults (self);
  set_default_profile (self);
}

CnPlatformServer *
cn_platform_server_new_full (const char  *token,
                             guint        port,
                             GError     **error)
{
  g_autoptr(CnPlatformServer) self = NULL;
  GSList *uris;

  g_return_val_if_fail (token != NULL, NULL);

  self = g_object_new (CN_TYPE_PLATFORM_SERVER, NULL);
  self->token = g_strdup (token);
  self->server = soup_server_new ("server-header", "cn-platform-server ", NULL);
  soup_server_add_handler (self->server, API_BASE, api_callback, self, NULL);
  soup_server_add_handler (self->server, CONTROL_BASE, control_callback, self, NULL);
  soup_server_add_handler (self->server, NULL, not_found_callback, self, NULL);

  /* Sockets are watched from the thread-default context, like our own
   * timeouts: the caller's loop runs us. */
  if (!soup_server_listen_local (self->server, port, SOUP_SERVER_LISTEN_IPV4_ONLY, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  g_assert (uris != NULL);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->url = g_strdup_printf ("http://127.0.0.1:%u" API_BASE, self->port);
  self->control_url = g_strdup_printf ("http://127.0.0.1:%u" CONTROL_BASE, self->port);
  return g_steal_pointer (&self);
}

CnPlatformServer *
cn_platform_server_new (const char  *token,
                        GError     **error)
{
  return cn_platform_server_new_full (token, 0, error);
}

const char *
cn_platform_server_get_url (CnPlatformServer *self)
{
  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), NULL);
  return self->url;
}

const char *
cn_platform_server_get_control_url (CnPlatformServer *self)
{
  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), NULL);
  return self->control_url;
}

guint
cn_platform_server_get_port (CnPlatformServer *self)
{
  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), 0);
  return self->port;
}

void
cn_platform_server_set_token (CnPlatformServer *self,
                              const char       *token)
{
  g_return_if_fail (CN_IS_PLATFORM_SERVER (self));
  g_return_if_fail (token != NULL);
  g_free (self->token);
  self->token = g_strdup (token);
}

gboolean
cn_platform_server_set_profile_json (CnPlatformServer  *self,
                                     const char        *json,
                                     GError           **error)
{
  g_autoptr(JsonObject) members = NULL;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), FALSE);

  members = parse_object (json, -1, error);
  if (members == NULL)
    return FALSE;
  merge_members (self->profile, members);
  return TRUE;
}

/* ---- Fault switches ------------------------------------------------------------------------- */

static void
set_counted (CnPlatformServer *self,
             FaultKind         kind,
             CnPlatformPath    path,
             guint             count,
             int               retry_after)
{
  g_return_if_fail (CN_IS_PLATFORM_SERVER (self));
  g_return_if_fail (path <= CN_PLATFORM_PATH_PULL);

  self->faults[kind].count = count;
  self->faults[kind].path = path;
  self->faults[kind].retry_after = retry_after;
}

void
cn_platform_server_set_fail_503 (CnPlatformServer *self,
                                 CnPlatformPath    path,
                                 guint             count,
                                 int               retry_after)
{
  set_counted (self, FAULT_FAIL_503, path, count, retry_after);
}

void
cn_platform_server_set_fail_429 (CnPlatformServer *self,
                                 CnPlatformPath    path,
                                 guint             count,
                                 int               retry_after)
{
  set_counted (self, FAULT_FAIL_429, path, count, retry_after);
}

void
cn_platform_server_set_fail_500 (CnPlatformServer *self,
                                 CnPlatformPath    path,
                                 guint             count)
{
  set_counted (self, FAULT_FAIL_500, path, count, CN_PLATFORM_NO_RETRY_AFTER);
}

void
cn_platform_server_set_drop_before (CnPlatformServer *self,
                                    CnPlatformPath    path,
                                    guint             count)
{
  set_counted (self, FAULT_DROP_BEFORE, path, count, CN_PLATFORM_NO_RETRY_AFTER);
}

void
cn_platform_server_set_drop_after (CnPlatformServer *self,
                                   CnPlatformPath    path,
                                   guint             count)
{
  set_counted (self, FAULT_DROP_AFTER, path, count, CN_PLATFORM_NO_RETRY_AFTER);
}

void
cn_platform_server_set_slow_ms (CnPlatformServer *self,
                                guint             ms)
{
  g_return_if_fail (CN_IS_PLATFORM_SERVER (self));
  self->slow_ms = ms;
}

void
cn_platform_server_set_expire_cursor (CnPlatformServer *self,
                                      gboolean          expire)
{
  g_return_if_fail (CN_IS_PLATFORM_SERVER (self));
  self->expire_cursor = !!expire;
}

void
cn_platform_server_set_unauthorized (CnPlatformServer *self,
                                     gboolean          unauthorized)
{
  g_return_if_fail (CN_IS_PLATFORM_SERVER (self));
  self->unauthorized = !!unauthorized;
}

void
cn_platform_server_set_forbidden_ids (CnPlatformServer  *self,
                                      const char *const *ids)
{
  g_return_if_fail (CN_IS_PLATFORM_SERVER (self));

  g_hash_table_remove_all (self->forbidden_ids);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_hash_table_add (self->forbidden_ids, g_strdup (ids[i]));
}

void
cn_platform_server_reset_faults (CnPlatformServer *self)
{
  g_return_if_fail (CN_IS_PLATFORM_SERVER (self));

  for (guint i = 0; i < N_COUNTED_FAULTS; i++)
    set_counted (self, i, CN_PLATFORM_PATH_ANY, 0, CN_PLATFORM_NO_RETRY_AFTER);
  self->slow_ms = 0;
  self->expire_cursor = FALSE;
  self->unauthorized = FALSE;
  g_hash_table_remove_all (self->forbidden_ids);
}

static gboolean
parse_path (const char     *name,
            CnPlatformPath *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (path_names); i++)
    if (g_strcmp0 (name, path_names[i]) == 0)
      {
        *path = i;
        return TRUE;
      }
  return FALSE;
}

/* A counted fault is N, or {"count": N, "path": "push", "retry_after": S}
 * (path "any" and no Retry-After when left out; null retry_after too). */
static gboolean
parse_counted (CnPlatformServer  *self,
               FaultKind          kind,
               JsonNode          *node,
               GError           **error)
{
  CnPlatformPath path = CN_PLATFORM_PATH_ANY;
  gint64 count = 0;
  gint64 retry_after = CN_PLATFORM_NO_RETRY_AFTER;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *retry = get_member (object, "retry_after");
      const char *path_name = get_text (object, "path");

      if (!node_get_integer (get_member (object, "count"), &count) ||
          (path_name != NULL && !parse_path (path_name, &path)) ||
          (retry != NULL && (!node_get_integer (retry, &retry_after) || retry_after < 0)))
        goto invalid;
    }
  else if (!node_get_integer (node, &count))
    goto invalid;
  if (count < 0 || count > G_MAXUINT)
    goto invalid;

  set_counted (self, kind, path, count, retry_after);
  return TRUE;

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "%s: expected N or {\"count\": N, \"path\": \"any|me|push|pull\", \"retry_after\": S}",
               fault_names[kind]);
  return FALSE;
}

/* The switches named in @json change; the others stay as they are.  An
 * unknown name is an error, so that a typo does not pass for a fault. */
gboolean
cn_platform_server_set_faults_json (CnPlatformServer  *self,
                                    const char        *json,
                                    GError           **error)
{
  g_autoptr(JsonObject) object = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), FALSE);

  object = parse_object (json, -1, error);
  if (object == NULL)
    return FALSE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      gint64 number;
      guint kind;

      for (kind = 0; kind < N_COUNTED_FAULTS; kind++)
        if (strcmp (name, fault_names[kind]) == 0)
          break;

      if (kind < N_COUNTED_FAULTS)
        {
          if (!parse_counted (self, kind, value, error))
            return FALSE;
        }
      else if (strcmp (name, "slow_ms") == 0 && node_get_integer (value, &number) &&
               number >= 0 && number <= G_MAXUINT)
        self->slow_ms = number;
      else if (strcmp (name, "expire_cursor") == 0 && node_is_boolean (value))
        self->expire_cursor = json_node_get_boolean (value);
      else if (strcmp (name, "unauthorized") == 0 && node_is_boolean (value))
        self->unauthorized = json_node_get_boolean (value);
      else if (strcmp (name, "forbid_ids") == 0 &&
               (JSON_NODE_HOLDS_NULL (value) || JSON_NODE_HOLDS_ARRAY (value)))
        {
          g_hash_table_remove_all (self->forbidden_ids);
          if (JSON_NODE_HOLDS_ARRAY (value))
            {
              JsonArray *ids = json_node_get_array (value);

              for (guint i = 0; i < json_array_get_length (ids); i++)
                {
                  const char *id = node_get_text (json_array_get_element (ids, i));

                  if (id != NULL)
                    g_hash_table_add (self->forbidden_ids, g_strdup (id));
                }
            }
        }
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "unknown fault switch or bad value: %s", name);
          return FALSE;
        }
    }
  return TRUE;
}

char *
cn_platform_server_get_faults_json (CnPlatformServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GList) ids = NULL;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), NULL);

  json_builder_begin_object (builder);
  for (guint kind = 0; kind < N_COUNTED_FAULTS; kind++)
    {
      CountedFault *fault = &self->faults[kind];

      json_builder_set_member_name (builder, fault_names[kind]);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, fault->count);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path_names[fault->path]);
      json_builder_set_member_name (builder, "retry_after");
      if (fault->retry_after >= 0)
        json_builder_add_int_value (builder, fault->retry_after);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "slow_ms");
  json_builder_add_int_value (builder, self->slow_ms);
  json_builder_set_member_name (builder, "expire_cursor");
  json_builder_add_boolean_value (builder, self->expire_cursor);
  json_builder_set_member_name (builder, "unauthorized");
  json_builder_add_boolean_value (builder, self->unauthorized);
  json_builder_set_member_name (builder, "forbid_ids");
  json_builder_begin_array (builder);
  ids = g_list_sort (g_hash_table_get_keys (self->forbidden_ids), (GCompareFunc) strcmp);
  for (GList *l = ids; l != NULL; l = l->next)
    json_builder_add_string_value (builder, l->data);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return builder_to_string (builder, NULL);
}

/* ---- Inspection ------------------------------------------------------------------------------ */

guint
cn_platform_server_count_records (CnPlatformServer *self,
                                  const char       *type)
{
  guint count = 0;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), 0);

  for (guint i = 0; i < self->records->len; i++)
    {
      Record *record = g_ptr_array_index (self->records, i);

      if (!record->deleted && (type == NULL || strcmp (record->type, type) == 0))
        count++;
    }
  return count;
}

gint64
cn_platform_server_get_revision (CnPlatformServer *self,
                                 const char       *type,
                                 const char       *id)
{
  Record *record;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), 0);
  record = lookup_record (self, type, id);
  return record ? record->revision : 0;
}

gboolean
cn_platform_server_is_deleted (CnPlatformServer *self,
                               const char       *type,
                               const char       *id)
{
  Record *record;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), FALSE);
  record = lookup_record (self, type, id);
  return record != NULL && record->deleted;
}

guint
cn_platform_server_get_applied_count (CnPlatformServer *self,
                                      const char       *type,
                                      const char       *id)
{
  Record *record;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), 0);
  record = lookup_record (self, type, id);
  return record ? record->applied : 0;
}

static void
add_record (JsonBuilder *builder,
            Record      *record)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, record->type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, record->id);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, record->revision);
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, record->deleted);
  json_builder_set_member_name (builder, "applied");
  json_builder_add_int_value (builder, record->applied);
  json_builder_set_member_name (builder, "data");
  if (record->data != NULL)
    json_builder_add_value (builder, json_node_copy (record->data));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

char *
cn_platform_server_get_record_json (CnPlatformServer *self,
                                    const char       *type,
                                    const char       *id)
{
  g_autoptr(JsonBuilder) builder = NULL;
  Record *record;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), NULL);

  record = lookup_record (self, type, id);
  if (record == NULL)
    return NULL;
  builder = json_builder_new ();
  add_record (builder, record);
  return builder_to_string (builder, NULL);
}

JsonObject *
cn_platform_server_dup_record_data (CnPlatformServer *self,
                                    const char       *type,
                                    const char       *id)
{
  Record *record;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), NULL);

  record = lookup_record (self, type, id);
  if (record == NULL || record->data == NULL)
    return NULL;
  return copy_object (json_node_get_object (record->data));
}

GPtrArray *
cn_platform_server_dup_record_history (CnPlatformServer *self,
                                       const char       *type,
                                       const char       *id)
{
  GPtrArray *history;
  Record *record;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), NULL);

  record = lookup_record (self, type, id);
  if (record == NULL)
    return NULL;
  history = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < record->history->len; i++)
    g_ptr_array_add (history, g_strdup (g_ptr_array_index (record->history, i)));
  return history;
}

char *
cn_platform_server_get_records_json (CnPlatformServer *self,
                                     const char       *type)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->records->len; i++)
    {
      Record *record = g_ptr_array_index (self->records, i);

      if (type == NULL || strcmp (record->type, type) == 0)
        add_record (builder, record);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return builder_to_string (builder, NULL);
}

guint
cn_platform_server_get_request_count (CnPlatformServer *self)
{
  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), 0);
  return self->requests->len;
}

guint
cn_platform_server_count_requests (CnPlatformServer *self,
                                   const char       *method,
                                   const char       *path)
{
  guint count = 0;

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      LoggedRequest *logged = g_ptr_array_index (self->requests, i);

      if ((method == NULL || g_strcmp0 (logged->method, method) == 0) &&
          (path == NULL || g_strcmp0 (logged->path, path) == 0))
        count++;
    }
  return count;
}

static gboolean
logged_request_contains (LoggedRequest *logged,
                         const char    *needle)
{
  gsize length;
  const char *body = g_bytes_get_data (logged->body, &length);

  if (strstr (logged->path, needle) != NULL ||
      (logged->query != NULL && strstr (logged->query, needle) != NULL))
    return TRUE;
  for (guint i = 0; i + 1 < logged->headers->len; i += 2)
    {
      const char *name = g_ptr_array_index (logged->headers, i);
      const char *value = g_ptr_array_index (logged->headers, i + 1);

      if (strstr (name, needle) != NULL ||
          (g_ascii_strcasecmp (name, "Authorization") != 0 && strstr (value, needle) != NULL))
        return TRUE;
    }
  return body != NULL && g_strstr_len (body, length, needle) != NULL;
}

gboolean
cn_platform_server_request_log_contains (CnPlatformServer *self,
                                         const char       *needle)
{
  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), FALSE);
  g_return_val_if_fail (needle != NULL && *needle != '\0', FALSE);

  for (guint i = 0; i < self->requests->len; i++)
    if (logged_request_contains (g_ptr_array_index (self->requests, i), needle))
      return TRUE;
  return FALSE;
}

char *
cn_platform_server_get_requests_json (CnPlatformServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (CN_IS_PLATFORM_SERVER (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->requests->len; i++)
    {
      LoggedRequest *logged = g_ptr_array_index (self->requests, i);
      gsize length;
      const char *body = g_bytes_get_data (logged->body, &length);
      g_autofree char *text = g_utf8_make_valid (body ? body : "", length);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, logged->method);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, logged->path);
      json_builder_set_member_name (builder, "query");
      if (logged->query != NULL)
        json_builder_add_string_value (builder, logged->query);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "headers");
      json_builder_begin_object (builder);
      for (guint h = 0; h + 1 < logged->headers->len; h += 2)
        {
          json_builder_set_member_name (builder, g_ptr_array_index (logged->headers, h));
          json_builder_add_string_value (builder, g_ptr_array_index (logged->headers, h + 1));
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "body");
      json_builder_add_string_value (builder, text);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, logged->status);
      json_builder_set_member_name (builder, "dropped");
      json_builder_add_boolean_value (builder, logged->dropped);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return builder_to_string (builder, NULL);
}

void
cn_platform_server_clear_request_log (CnPlatformServer *self)
{
  g_return_if_fail (CN_IS_PLATFORM_SERVER (self));
  g_ptr_array_set_size (self->requests, 0);
}

void
cn_platform_server_get_stats (CnPlatformServer *self,
                              CnPlatformStats  *stats)
{
  g_return_if_fail (CN_IS_PLATFORM_SERVER (self));
  *stats = self->stats;
}

char *
cn_platform_server_get_stats_json (CnPlatformServer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const struct { const char *name; guint value; } counters[] = {
    { "requests", self->stats.requests },
    { "push_batches", self->stats.push_batches },
    { "changes_applied", self->stats.changes_applied },
    { "replays", self->stats.replays },
    { "idempotency_keys", self->stats.idempotency_keys },
    { "faults_fired", self->stats.faults_fired },
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (counters); i++)
    {
      json_builder_set_member_name (builder, counters[i].name);
      json_builder_add_int_value (builder, counters[i].value);
    }
  json_builder_set_member_name (builder, "faults");
  json_builder_begin_object (builder);
  for (guint kind = 0; kind < N_FAULTS; kind++)
    {
      json_builder_set_member_name (builder, fault_names[kind]);
      json_builder_add_int_value (builder, self->fired[kind]);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return builder_to_string (builder, NULL);
}
