/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-sync"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cn-appointment.h"
#include "cn-company.h"
#include "cn-error.h"
#include "cn-event.h"
#include "cn-outreach.h"
#include "cn-referential.h"
#include "cn-report.h"
#include "cn-store-private.h"
#include "cn-sync-store.h"
#include "cn-util.h"

/* ---- record types ------------------------------------------------------ */

/* What travels, in the order a batch sends upserts: a company before what
 * names it, an appointment before the report that names it.  Deletions go
 * the other way round.  The table names are constants, never user text. */
typedef struct {
  const char *type;
  const char *table;
  gboolean    names_company;
} SyncType;

static const SyncType sync_types[] = {
  { "company", "companies", FALSE },
  { "appointment", "appointments", TRUE },
  { "report", "reports", TRUE },
  { "diagnostic", "diagnostics", TRUE },
  { "outreach", "outreach", FALSE },
};

#define ORDER_BY_DEPENDENCY \
  " ORDER BY CASE WHEN o.op = 'upsert' THEN r.rank ELSE 9 - r.rank END, o.seq"

/* The same ranks as sync_types, for SQL. */
#define RANKS \
  " JOIN (SELECT 'company' AS type, 0 AS rank UNION ALL SELECT 'appointment', 1" \
  "  UNION ALL SELECT 'report', 2 UNION ALL SELECT 'diagnostic', 3" \
  "  UNION ALL SELECT 'outreach', 4) r ON r.type = o.entity_type"

static const SyncType *
find_sync_type (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (sync_types); i++)
    if (g_strcmp0 (sync_types[i].type, type) == 0)
      return &sync_types[i];
  return NULL;
}

const char *
cn_sync_type_label (const char *entity_type)
{
  if (g_strcmp0 (entity_type, "company") == 0)
    return C_("record type", "Company");
  if (g_strcmp0 (entity_type, "appointment") == 0)
    return C_("record type", "Appointment");
  if (g_strcmp0 (entity_type, "report") == 0)
    return C_("record type", "Progress report");
  if (g_strcmp0 (entity_type, "diagnostic") == 0)
    return C_("record type", "Diagnostic");
  if (g_strcmp0 (entity_type, "outreach") == 0)
    return C_("record type", "Awareness action");
  if (g_strcmp0 (entity_type, "lead") == 0)
    return C_("record type", "Lead");
  return entity_type;
}

void
cn_sync_batch_free (CnSyncBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->id);
  g_clear_pointer (&batch->body, g_bytes_unref);
  g_free (batch);
}

void
cn_sync_issue_free (CnSyncIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->entity_type);
  g_free (issue->entity_id);
  g_free (issue->code);
  g_free (issue->message);
  g_free (issue->field);
  g_free (issue->server_data);
  g_free (issue->title);
  g_free (issue->at);
  g_free (issue);
}

/* ---- small helpers -------------------------------------------------------- */

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static void
bind_optional_int (sqlite3_stmt *stmt,
                   const char   *name,
                   gint64        value)
{
  if (value >= 0)
    cn_store_bind_int64 (stmt, name, value);
  else
    sqlite3_bind_null (stmt, sqlite3_bind_parameter_index (stmt, name));
}

/* Runs a statement that returns one row; FALSE with @error on failure,
 * *@found FALSE when there was no row.  The caller reads the columns and
 * resets. */
static gboolean
step_row (CnStore       *store,
          sqlite3_stmt  *stmt,
          gboolean      *found,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      return TRUE;
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      *found = FALSE;
      return TRUE;
    }
  return cn_store_set_error (store, rc, error);
}

/* Members of what the platform sent: a missing member, or one of another
 * type, reads as absent; a hostile answer can never crash the reader. */
static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
member_int (JsonObject *object,
            const char *name,
            gint64     *value)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;
  GType type;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);
      if (d != (double) (gint64) d || d > 1e15 || d < -1e15)
        return FALSE;
      *value = (gint64) d;
      return TRUE;
    }
  return FALSE;
}

/* An optional integer: absent or null gives -1; anything else must be a
 * whole number within [@min, @max]. */
static gboolean
member_optional_int (JsonObject *object,
                     const char *name,
                     gint64      min,
                     gint64      max,
                     gint64     *value)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *value = -1;
      return TRUE;
    }
  return member_int (object, name, value) && *value >= min && *value <= max;
}

static gboolean
member_bool (JsonObject *object,
             const char *name,
             gboolean   *value)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static gboolean
is_uuid (const char *text)
{
  return text != NULL && g_uuid_string_is_valid (text);
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;

  if (object == NULL)
    return NULL;
  node = json_node_init_object (json_node_alloc (), object);
  return json_to_string (node, FALSE);
}

static gboolean
sync_value_get (CnStore     *store,
                const char  *key,
                char       **value,
                GError     **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store, "SELECT value FROM sync_state WHERE key = :key", error);
  gboolean found = FALSE;

  *value = NULL;
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":key", key);
  if (!step_row (store, stmt, &found, error))
    return FALSE;
  if (found)
    {
      *value = column_dup (stmt, 0);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

static gboolean
sync_value_set (CnStore     *store,
                const char  *key,
                const char  *value,
                GError     **error)
{
  sqlite3_stmt *stmt;

  if (value == NULL)
    {
      stmt = cn_store_prepare (store, "DELETE FROM sync_state WHERE key = :key", error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":key", key);
      return cn_store_step_done (store, stmt, error);
    }
  stmt = cn_store_prepare (store,
                           "INSERT INTO sync_state (key, value) VALUES (:key, :value)"
                           " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":key", key);
  cn_store_bind_text (stmt, ":value", value);
  return cn_store_step_done (store, stmt, error);
}

char *
cn_store_get_sync_device_id (CnStore  *store,
                             GError  **error)
{
  char *value;

  if (!sync_value_get (store, "device_id", &value, error))
    return NULL;
  return value;
}

char *
cn_store_get_last_sync (CnStore  *store,
                        GError  **error)
{
  char *value = NULL;

  sync_value_get (store, "last_sync", &value, error);
  return value;
}

gboolean
cn_store_set_last_sync (CnStore     *store,
                        const char  *when,
                        GError     **error)
{
  return sync_value_set (store, "last_sync", when, error);
}

char *
cn_store_get_sync_cursor (CnStore  *store,
                          GError  **error)
{
  char *value = NULL;

  sync_value_get (store, "cursor", &value, error);
  return value;
}

/* ---- records as the platform sees them ------------------------------------- */

/* What a record is in the platform's words, with what the batch builder
 * needs to know about it. */
typedef struct {
  JsonNode *data;          /* the `data` object */
  gint64    revision;      /* -1: never acknowledged */
  char     *company_id;    /* the company it names, or NULL */
  char     *appointment_id;
  gboolean  for_platform;  /* FALSE: stays local (an unfinished or prospect diagnostic) */
} RecordData;

static void
record_data_clear (RecordData *record)
{
  g_clear_pointer (&record->data, json_node_unref);
  g_clear_pointer (&record->company_id, g_free);
  g_clear_pointer (&record->appointment_id, g_free);
}

static void
add_text (JsonBuilder  *builder,
          const char   *name,
          sqlite3_stmt *stmt,
          int           column)
{
  json_builder_set_member_name (builder, name);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
}

static void
add_optional_int (JsonBuilder  *builder,
                  const char   *name,
                  sqlite3_stmt *stmt,
                  int           column)
{
  json_builder_set_member_name (builder, name);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
}

/* A JSON array stored as text (actions done, next steps); [] if unreadable. */
static void
add_stored_array (JsonBuilder  *builder,
                  const char   *name,
                  sqlite3_stmt *stmt,
                  int           column)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  JsonNode *root;

  json_builder_set_member_name (builder, name);
  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    json_builder_add_value (builder, json_node_copy (root));
  else
    {
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
    }
}

static gint64
column_revision (sqlite3_stmt *stmt,
                 int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, column);
}

static gboolean
read_company (CnStore     *store,
              const char  *id,
              RecordData  *record,
              gboolean    *found,
              GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           "SELECT siret, siren, name, naf, headcount, postcode, commune,"
                           " consent_share, revision FROM companies WHERE id = :id",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  if (!step_row (store, stmt, found, error))
    return FALSE;
  if (!*found)
    return TRUE;

  json_builder_begin_object (builder);
  add_text (builder, "siret", stmt, 0);
  add_text (builder, "siren", stmt, 1);
  add_text (builder, "name", stmt, 2);
  add_text (builder, "naf", stmt, 3);
  add_text (builder, "headcount_code", stmt, 4);
  add_text (builder, "postcode", stmt, 5);
  add_text (builder, "commune", stmt, 6);
  json_builder_set_member_name (builder, "consent_share");
  json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 7) != 0);
  json_builder_end_object (builder);
  record->revision = column_revision (stmt, 8);
  record->for_platform = sqlite3_column_int (stmt, 7) != 0;
  sqlite3_reset (stmt);
  record->data = json_builder_get_root (builder);
  return TRUE;
}

static gboolean
read_appointment (CnStore     *store,
                  const char  *id,
                  RecordData  *record,
                  gboolean    *found,
                  GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           "SELECT company_id, starts_at, ends_at, mode, location, subject, status,"
                           " origin, notes, revision FROM appointments WHERE id = :id",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  if (!step_row (store, stmt, found, error))
    return FALSE;
  if (!*found)
    return TRUE;

  json_builder_begin_object (builder);
  add_text (builder, "company_id", stmt, 0);
  add_text (builder, "starts_at", stmt, 1);
  add_text (builder, "ends_at", stmt, 2);
  add_text (builder, "mode", stmt, 3);
  add_text (builder, "location", stmt, 4);
  add_text (builder, "subject", stmt, 5);
  add_text (builder, "status", stmt, 6);
  add_text (builder, "origin", stmt, 7);
  add_text (builder, "notes", stmt, 8);
  json_builder_end_object (builder);
  record->company_id = column_dup (stmt, 0);
  record->revision = column_revision (stmt, 9);
  record->for_platform = TRUE;
  sqlite3_reset (stmt);
  record->data = json_builder_get_root (builder);
  return TRUE;
}

static gboolean
read_report (CnStore     *store,
             const char  *id,
             RecordData  *record,
             gboolean    *found,
             GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  sqlite3_stmt *stmt;
  gboolean requested;

  stmt = cn_store_prepare (store,
                           "SELECT r.company_id, r.appointment_id, v.date, v.summary, v.actions_done,"
                           " v.next_steps, v.maturity_before, v.maturity_after, v.time_spent_minutes,"
                           " v.satisfaction, v.cofinancing_amount_cents, v.cofinancing_status, r.revision"
                           " FROM reports r JOIN report_revisions v"
                           "  ON v.report_id = r.id AND v.number = r.current_revision"
                           " WHERE r.id = :id",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  if (!step_row (store, stmt, found, error))
    return FALSE;
  if (!*found)
    return TRUE;

  json_builder_begin_object (builder);
  add_text (builder, "company_id", stmt, 0);
  add_text (builder, "appointment_id", stmt, 1);
  add_text (builder, "date", stmt, 2);
  add_text (builder, "summary", stmt, 3);
  add_stored_array (builder, "actions_done", stmt, 4);
  add_stored_array (builder, "next_steps", stmt, 5);
  add_optional_int (builder, "maturity_before", stmt, 6);
  add_optional_int (builder, "maturity_after", stmt, 7);
  add_optional_int (builder, "time_spent_minutes", stmt, 8);
  add_optional_int (builder, "satisfaction", stmt, 9);
  requested = sqlite3_column_type (stmt, 10) != SQLITE_NULL;
  json_builder_set_member_name (builder, "cofinancing");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requested");
  json_builder_add_boolean_value (builder, requested);
  json_builder_set_member_name (builder, "amount_eur");
  json_builder_add_double_value (builder, requested ? sqlite3_column_int64 (stmt, 10) / 100.0 : 0.0);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 11));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  record->company_id = column_dup (stmt, 0);
  record->appointment_id = column_dup (stmt, 1);
  record->revision = column_revision (stmt, 12);
  record->for_platform = TRUE;
  sqlite3_reset (stmt);
  record->data = json_builder_get_root (builder);
  return TRUE;
}

/* The platform counts levels 1–5; the store keeps the level's id in its
 * questionnaire.  Questionnaires are looked up once per batch. */
static int
level_number (GHashTable *questionnaires,
              CnStore    *store,
              const char *questionnaire,
              int         version,
              const char *level)
{
  g_autofree char *key = g_strdup_printf ("%s@%d", questionnaire, version);
  CnReferential *referential;

  if (!g_hash_table_lookup_extended (questionnaires, key, NULL, (gpointer *) &referential))
    {
      g_autofree char *dir = g_path_get_dirname (cn_store_get_path (store));
      g_autofree char *extra = g_build_filename (dir, "referential", NULL);

      referential = cn_referential_lookup (extra, questionnaire, version, NULL);
      g_hash_table_insert (questionnaires, g_steal_pointer (&key), referential);
    }
  if (referential == NULL)
    return -1;
  for (guint i = 0; i < cn_referential_get_n_levels (referential); i++)
    if (g_strcmp0 (cn_referential_get_level (referential, i)->id, level) == 0)
      return CLAMP ((int) i + 1, 1, 5);
  return -1;
}

static gboolean
read_diagnostic (CnStore     *store,
                 const char  *id,
                 GHashTable  *questionnaires,
                 RecordData  *record,
                 gboolean    *found,
                 GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  sqlite3_stmt *stmt;
  const char *scores;
  JsonNode *root;
  int level;

  stmt = cn_store_prepare (store,
                           "SELECT company_id, questionnaire, questionnaire_version, completed_at,"
                           " scores, overall, level, revision FROM diagnostics WHERE id = :id",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  if (!step_row (store, stmt, found, error))
    return FALSE;
  if (!*found)
    return TRUE;

  record->company_id = column_dup (stmt, 0);
  record->revision = column_revision (stmt, 7);
  level = level_number (questionnaires, store, (const char *) sqlite3_column_text (stmt, 1),
                        sqlite3_column_int (stmt, 2), (const char *) sqlite3_column_text (stmt, 6));
  /* A prospect's diagnostic, or one not finished, stays on the machine. */
  record->for_platform = record->company_id != NULL &&
                         sqlite3_column_type (stmt, 3) != SQLITE_NULL &&
                         sqlite3_column_type (stmt, 5) != SQLITE_NULL && level > 0;

  json_builder_begin_object (builder);
  add_text (builder, "company_id", stmt, 0);
  add_text (builder, "questionnaire_id", stmt, 1);
  json_builder_set_member_name (builder, "questionnaire_version");
  json_builder_add_int_value (builder, sqlite3_column_int (stmt, 2));
  add_text (builder, "completed_at", stmt, 3);
  json_builder_set_member_name (builder, "scores");
  scores = (const char *) sqlite3_column_text (stmt, 4);
  if (scores != NULL && json_parser_load_from_data (parser, scores, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    json_builder_add_value (builder, json_node_copy (root));
  else
    {
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
  add_optional_int (builder, "overall", stmt, 5);
  json_builder_set_member_name (builder, "level");
  if (level > 0)
    json_builder_add_int_value (builder, level);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  sqlite3_reset (stmt);
  record->data = json_builder_get_root (builder);
  return TRUE;
}

static gboolean
read_outreach (CnStore     *store,
               const char  *id,
               RecordData  *record,
               gboolean    *found,
               GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           "SELECT date, kind, title, smes_reached, leads, notes, revision"
                           " FROM outreach WHERE id = :id",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  if (!step_row (store, stmt, found, error))
    return FALSE;
  if (!*found)
    return TRUE;

  json_builder_begin_object (builder);
  add_text (builder, "date", stmt, 0);
  add_text (builder, "kind", stmt, 1);
  add_text (builder, "title", stmt, 2);
  json_builder_set_member_name (builder, "smes_reached");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
  json_builder_set_member_name (builder, "leads");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 4));
  add_text (builder, "notes", stmt, 5);
  json_builder_end_object (builder);
  record->revision = column_revision (stmt, 6);
  record->for_platform = TRUE;
  sqlite3_reset (stmt);
  record->data = json_builder_get_root (builder);
  return TRUE;
}

/* Reads a record; *@found FALSE when it no longer exists. */
static gboolean
read_record (CnStore     *store,
             const char  *type,
             const char  *id,
             GHashTable  *questionnaires,
             RecordData  *record,
             gboolean    *found,
             GError     **error)
{
  memset (record, 0, sizeof *record);
  record->revision = -1;
  *found = FALSE;

  if (g_strcmp0 (type, "company") == 0)
    return read_company (store, id, record, found, error);
  if (g_strcmp0 (type, "appointment") == 0)
    return read_appointment (store, id, record, found, error);
  if (g_strcmp0 (type, "report") == 0)
    return read_report (store, id, record, found, error);
  if (g_strcmp0 (type, "outreach") == 0)
    return read_outreach (store, id, record, found, error);
  if (g_strcmp0 (type, "diagnostic") == 0)
    {
      g_autoptr(GHashTable) own = NULL;

      if (questionnaires == NULL)
        questionnaires = own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) cn_referential_unref);
      return read_diagnostic (store, id, questionnaires, record, found, error);
    }
  return TRUE;
}

JsonNode *
cn_store_sync_record_data (CnStore     *store,
                           const char  *entity_type,
                           const char  *entity_id,
                           GError     **error)
{
  RecordData record;
  gboolean found = FALSE;
  JsonNode *data;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  if (!read_record (store, entity_type, entity_id, NULL, &record, &found, error))
    return NULL;
  if (!found)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND,
                   _("This record no longer exists on this computer."));
      return NULL;
    }
  data = g_steal_pointer (&record.data);
  record_data_clear (&record);
  return data;
}

/* ---- what is pending ------------------------------------------------------ */

/* Runs @sql, a one-row "SELECT EXISTS (…)" about (:type, :id). */
static gboolean
query_exists (CnStore     *store,
              const char  *sql,
              const char  *type,
              const char  *id,
              gboolean    *exists,
              GError     **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store, sql, error);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":type", type);
  cn_store_bind_text (stmt, ":id", id);
  if (!step_row (store, stmt, &found, error))
    return FALSE;
  *exists = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
has_open_conflict (CnStore     *store,
                   const char  *type,
                   const char  *id,
                   gboolean    *conflict,
                   GError     **error)
{
  return query_exists (store,
                       "SELECT EXISTS (SELECT 1 FROM sync_issues WHERE entity_type = :type"
                       " AND entity_id = :id AND kind = 'conflict')",
                       type, id, conflict, error);
}

/* Whether the platform knows the company (or will, earlier in this batch):
 * what names a company that never reached it waits. */
static gboolean
company_is_shared (CnStore     *store,
                   const char  *company_id,
                   GHashTable  *in_batch,
                   gboolean    *shared,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (in_batch != NULL && g_hash_table_contains (in_batch, company_id))
    {
      *shared = TRUE;
      return TRUE;
    }
  stmt = cn_store_prepare (store,
                           "SELECT consent_share = 1 AND revision IS NOT NULL FROM companies WHERE id = :id",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", company_id);
  if (!step_row (store, stmt, &found, error))
    return FALSE;
  *shared = found && sqlite3_column_int (stmt, 0) != 0;
  if (found)
    sqlite3_reset (stmt);
  return TRUE;
}

typedef enum {
  ENTRY_SEND,
  ENTRY_HOLD,    /* waits for the connector (consent, conflict) */
  ENTRY_DROP,    /* nothing the platform takes: forgotten by the outbox */
} EntryFate;

/* What to do with one pending outbox entry, and its change object when it
 * can be sent. */
static gboolean
examine_entry (CnStore      *store,
               const char   *type,
               const char   *id,
               const char   *op,
               gint64        base_revision,
               GHashTable   *in_batch,
               GHashTable   *questionnaires,
               EntryFate    *fate,
               JsonNode    **change,
               GError      **error)
{
  const SyncType *sync_type = find_sync_type (type);
  g_autoptr(JsonBuilder) builder = NULL;
  RecordData record;
  gboolean found, conflict, shared;

  *fate = ENTRY_HOLD;
  if (sync_type == NULL)
    {
      *fate = ENTRY_DROP;
      return TRUE;
    }
  if (!has_open_conflict (store, type, id, &conflict, error))
    return FALSE;
  if (conflict)
    return TRUE;

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "op");
  json_builder_add_string_value (builder, op);
  json_builder_set_member_name (builder, "base_revision");

  if (g_strcmp0 (op, "delete") == 0)
    {
      if (base_revision >= 0)
        json_builder_add_int_value (builder, base_revision);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      *change = json_builder_get_root (builder);
      *fate = ENTRY_SEND;
      return TRUE;
    }

  if (!read_record (store, type, id, questionnaires, &record, &found, error))
    return FALSE;
  if (!found || !record.for_platform)
    {
      /* Gone since (its delete is queued instead), or local by nature.  A
       * company without consent is filtered out before, and kept. */
      *fate = g_strcmp0 (type, "company") == 0 && found ? ENTRY_HOLD : ENTRY_DROP;
      record_data_clear (&record);
      return TRUE;
    }
  if (sync_type->names_company)
    {
      if (!company_is_shared (store, record.company_id, in_batch, &shared, error))
        {
          record_data_clear (&record);
          return FALSE;
        }
      if (!shared)
        {
          record_data_clear (&record);
          return TRUE;
        }
    }

  if (record.revision >= 0)
    json_builder_add_int_value (builder, record.revision);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, g_steal_pointer (&record.data));
  json_builder_end_object (builder);
  record_data_clear (&record);
  *change = json_builder_get_root (builder);
  *fate = ENTRY_SEND;
  return TRUE;
}

/* Pending entries, in batch order.  Companies without consent never leave
 * the machine and are left out here already. */
#define PENDING_SQL(columns) \
  "SELECT " columns " FROM outbox o" RANKS \
  " LEFT JOIN companies c ON o.entity_type = 'company' AND c.id = o.entity_id" \
  " WHERE o.batch_id IS NULL" \
  "  AND NOT (o.entity_type = 'company' AND o.op = 'upsert' AND coalesce (c.consent_share, 0) = 0)"

gboolean
cn_store_count_sync_pending (CnStore  *store,
                             guint    *waiting,
                             guint    *held,
                             GError  **error)
{
  g_autoptr(GHashTable) questionnaires = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                (GDestroyNotify) cn_referential_unref);
  g_autoptr(GHashTable) companies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  guint n_waiting = 0, n_held = 0;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  /* What is in flight is on its way. */
  stmt = cn_store_prepare (store,
                           "SELECT count(*) FROM outbox WHERE batch_id IS NOT NULL", error);
  if (stmt == NULL || !step_row (store, stmt, &found, error))
    return FALSE;
  n_waiting = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  /* The pending ones are examined as a batch would: the answer must match
   * what the next sync does.  The statement is not cached: examining
   * entries uses the cache. */
  rc = sqlite3_prepare_v2 (cn_store_get_db (store),
                           PENDING_SQL ("o.entity_type, o.entity_id, o.op, o.base_revision") ORDER_BY_DEPENDENCY,
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return cn_store_set_error (store, rc, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *type = (const char *) sqlite3_column_text (stmt, 0);
      const char *id = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr(JsonNode) change = NULL;
      EntryFate fate;

      if (!examine_entry (store, type, id, (const char *) sqlite3_column_text (stmt, 2),
                          column_revision (stmt, 3), companies, questionnaires, &fate, &change, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
      if (fate == ENTRY_SEND)
        {
          n_waiting++;
          if (g_strcmp0 (type, "company") == 0)
            g_hash_table_add (companies, g_strdup (id));
        }
      else if (fate == ENTRY_HOLD)
        n_held++;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return cn_store_set_error (store, rc, error);

  if (waiting)
    *waiting = n_waiting;
  if (held)
    *held = n_held;
  return TRUE;
}

/* ---- push ------------------------------------------------------------- */

static CnSyncBatch *
batch_from_row (sqlite3_stmt *stmt)
{
  CnSyncBatch *batch = g_new0 (CnSyncBatch, 1);

  batch->id = column_dup (stmt, 0);
  batch->body = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
  batch->n_changes = sqlite3_column_int (stmt, 2);
  batch->attempts = sqlite3_column_int (stmt, 3);
  return batch;
}

CnSyncBatch *
cn_store_get_sync_batch (CnStore  *store,
                         GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  CnSyncBatch *batch;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  stmt = cn_store_prepare (store,
                           "SELECT b.id, b.body, (SELECT count(*) FROM outbox WHERE batch_id = b.id),"
                           " b.attempts FROM sync_batches b ORDER BY b.created_at, b.rowid LIMIT 1",
                           error);
  if (stmt == NULL || !step_row (store, stmt, &found, error) || !found)
    return NULL;
  batch = batch_from_row (stmt);
  sqlite3_reset (stmt);
  return batch;
}

CnSyncBatch *
cn_store_freeze_sync_batch (CnStore  *store,
                            guint     max_changes,
                            GError  **error)
{
  g_autoptr(GHashTable) questionnaires = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                                (GDestroyNotify) cn_referential_unref);
  g_autoptr(GHashTable) companies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) dropped = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *device_id = NULL;
  g_autofree char *batch_id = NULL;
  g_autofree char *now = cn_now_iso8601 ();
  g_autoptr(GString) body = NULL;
  g_autoptr(JsonNode) device_node = NULL;
  g_autofree char *device_json = NULL;
  sqlite3_stmt *stmt;
  CnSyncBatch *batch;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  max_changes = CLAMP (max_changes, 1, CN_SYNC_MAX_CHANGES);

  if (!cn_store_begin (store, error))
    return NULL;
  device_id = cn_store_get_sync_device_id (store, error);
  if (device_id == NULL)
    goto fail;

  device_node = json_node_init_string (json_node_alloc (), device_id);
  device_json = json_to_string (device_node, FALSE);
  body = g_string_new ("{\"device_id\":");
  g_string_append (body, device_json);
  g_string_append (body, ",\"changes\":[");

  rc = sqlite3_prepare_v2 (cn_store_get_db (store),
                           PENDING_SQL ("o.seq, o.entity_type, o.entity_id, o.op, o.base_revision") ORDER_BY_DEPENDENCY,
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      cn_store_set_error (store, rc, error);
      goto fail;
    }
  while (taken->len < max_changes && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);
      const char *type = (const char *) sqlite3_column_text (stmt, 1);
      const char *id = (const char *) sqlite3_column_text (stmt, 2);
      g_autoptr(JsonNode) change = NULL;
      g_autofree char *text = NULL;
      EntryFate fate;

      if (!examine_entry (store, type, id, (const char *) sqlite3_column_text (stmt, 3),
                          column_revision (stmt, 4), companies, questionnaires, &fate, &change, error))
        {
          sqlite3_finalize (stmt);
          goto fail;
        }
      if (fate == ENTRY_DROP)
        g_array_append_val (dropped, seq);
      if (fate != ENTRY_SEND)
        continue;

      text = json_to_string (change, FALSE);
      /* "]}" closes the body. */
      if (body->len + strlen (text) + 3 > CN_SYNC_MAX_BYTES)
        break;
      if (taken->len > 0)
        g_string_append_c (body, ',');
      g_string_append (body, text);
      g_array_append_val (taken, seq);
      if (g_strcmp0 (type, "company") == 0)
        g_hash_table_add (companies, g_strdup (id));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      goto fail;
    }
  g_string_append (body, "]}");

  for (guint i = 0; i < dropped->len; i++)
    {
      stmt = cn_store_prepare (store, "DELETE FROM outbox WHERE seq = :seq", error);
      if (stmt == NULL)
        goto fail;
      cn_store_bind_int64 (stmt, ":seq", g_array_index (dropped, gint64, i));
      if (!cn_store_step_done (store, stmt, error))
        goto fail;
    }

  if (taken->len == 0)
    {
      if (!cn_store_commit (store, error))
        return NULL;
      return NULL;
    }

  batch_id = g_uuid_string_random ();
  stmt = cn_store_prepare (store,
                           "INSERT INTO sync_batches (id, body, size, created_at)"
                           " VALUES (:id, :body, :size, :now)", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", batch_id);
  cn_store_bind_text (stmt, ":body", body->str);
  cn_store_bind_int64 (stmt, ":size", taken->len);
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;
  for (guint i = 0; i < taken->len; i++)
    {
      stmt = cn_store_prepare (store, "UPDATE outbox SET batch_id = :batch WHERE seq = :seq", error);
      if (stmt == NULL)
        goto fail;
      cn_store_bind_text (stmt, ":batch", batch_id);
      cn_store_bind_int64 (stmt, ":seq", g_array_index (taken, gint64, i));
      if (!cn_store_step_done (store, stmt, error))
        goto fail;
    }
  if (!cn_store_commit (store, error))
    return NULL;

  batch = g_new0 (CnSyncBatch, 1);
  batch->id = g_steal_pointer (&batch_id);
  batch->n_changes = taken->len;
  batch->body = g_bytes_new (body->str, body->len);
  return batch;

fail:
  cn_store_rollback (store);
  return NULL;
}

gboolean
cn_store_count_sync_attempt (CnStore     *store,
                             const char  *batch_id,
                             GError     **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store,
                                         "UPDATE sync_batches SET attempts = attempts + 1 WHERE id = :id",
                                         error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", batch_id);
  return cn_store_step_done (store, stmt, error);
}

static gboolean
forget_batch (CnStore     *store,
              const char  *batch_id,
              GError     **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store, "DELETE FROM outbox WHERE batch_id = :batch", error);

  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":batch", batch_id);
  if (!cn_store_step_done (store, stmt, error))
    return FALSE;
  stmt = cn_store_prepare (store, "DELETE FROM sync_batches WHERE id = :batch", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":batch", batch_id);
  return cn_store_step_done (store, stmt, error);
}

gboolean
cn_store_release_sync_batch (CnStore     *store,
                             const char  *batch_id,
                             GError     **error)
{
  sqlite3_stmt *stmt;

  if (!cn_store_begin (store, error))
    return FALSE;
  /* An edit made since the batch left is newer: it stays, the batch's
   * entry goes (the outbox holds one pending entry per record). */
  stmt = cn_store_prepare (store,
                           "DELETE FROM outbox WHERE batch_id = :batch AND EXISTS"
                           " (SELECT 1 FROM outbox p WHERE p.batch_id IS NULL"
                           "  AND p.entity_type = outbox.entity_type AND p.entity_id = outbox.entity_id)",
                           error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":batch", batch_id);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;
  stmt = cn_store_prepare (store, "UPDATE outbox SET batch_id = NULL WHERE batch_id = :batch", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":batch", batch_id);
  if (!cn_store_step_done (store, stmt, error) || !forget_batch (store, batch_id, error))
    goto fail;
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

static gboolean
save_issue (CnStore         *store,
            const char      *type,
            const char      *id,
            CnSyncIssueKind  kind,
            const char      *code,
            const char      *message,
            const char      *field,
            gint64           server_revision,
            const char      *server_data,
            GError         **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           "INSERT OR REPLACE INTO sync_issues (entity_type, entity_id, kind, code, message,"
                           " field, server_revision, server_data, at)"
                           " VALUES (:type, :id, :kind, :code, :message, :field, :revision, :data, :now)",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":type", type);
  cn_store_bind_text (stmt, ":id", id);
  cn_store_bind_text (stmt, ":kind", kind == CN_SYNC_ISSUE_CONFLICT ? "conflict" : "rejected");
  cn_store_bind_text (stmt, ":code", code);
  cn_store_bind_text (stmt, ":message", message);
  cn_store_bind_text (stmt, ":field", field);
  bind_optional_int (stmt, ":revision", server_revision);
  cn_store_bind_text (stmt, ":data", server_data);
  cn_store_bind_text (stmt, ":now", now);
  return cn_store_step_done (store, stmt, error);
}

static gboolean
forget_issue (CnStore     *store,
              const char  *type,
              const char  *id,
              GError     **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store,
                                         "DELETE FROM sync_issues WHERE entity_type = :type AND entity_id = :id",
                                         error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":type", type);
  cn_store_bind_text (stmt, ":id", id);
  return cn_store_step_done (store, stmt, error);
}

static gboolean
set_revision (CnStore     *store,
              const char  *type,
              const char  *id,
              gint64       revision,
              GError     **error)
{
  const SyncType *sync_type = find_sync_type (type);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (sync_type == NULL)
    return TRUE;
  sql = g_strdup_printf ("UPDATE %s SET revision = :revision WHERE id = :id", sync_type->table);
  stmt = cn_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_int64 (stmt, ":revision", revision);
  cn_store_bind_text (stmt, ":id", id);
  return cn_store_step_done (store, stmt, error);
}

/* A report's co-financing status is the platform's to change; its text is
 * the connector's.  Takes the status of @server_data if it is one. */
static gboolean
take_cofinancing_status (CnStore     *store,
                         const char  *report_id,
                         JsonObject  *server_data,
                         gboolean    *changed,
                         GError     **error)
{
  const char *status = member_string (member_object (server_data, "cofinancing"), "status");
  CnCofinancingStatus parsed;
  sqlite3_stmt *stmt;

  *changed = FALSE;
  if (!cn_cofinancing_status_from_string (status, &parsed))
    return TRUE;
  stmt = cn_store_prepare (store,
                           "UPDATE report_revisions SET cofinancing_status = :status"
                           " WHERE report_id = :id AND cofinancing_status != :status"
                           "  AND number = (SELECT current_revision FROM reports WHERE id = :id)",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":status", status);
  cn_store_bind_text (stmt, ":id", report_id);
  if (!cn_store_step_done (store, stmt, error))
    return FALSE;
  *changed = sqlite3_changes (cn_store_get_db (store)) > 0;
  return TRUE;
}

static gboolean
record_exists (CnStore     *store,
               const char  *type,
               const char  *id,
               gboolean    *exists,
               gint64      *revision,
               GError     **error)
{
  const SyncType *sync_type = find_sync_type (type);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  *exists = FALSE;
  *revision = -1;
  if (sync_type == NULL)
    return TRUE;
  sql = g_strdup_printf ("SELECT revision FROM %s WHERE id = :id", sync_type->table);
  stmt = cn_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  if (!step_row (store, stmt, exists, error))
    return FALSE;
  if (*exists)
    {
      *revision = column_revision (stmt, 0);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

static gboolean
invalid_response (GError     **error,
                  const char  *detail)
{
  g_set_error (error, CN_ERROR, CN_ERROR_PARSE,
               _("The platform sent an answer that does not match what was sent (%s). Nothing was changed; the changes will be sent again."),
               detail);
  return FALSE;
}

gboolean
cn_store_apply_push_results (CnStore       *store,
                             const char    *batch_id,
                             JsonNode      *response,
                             CnSyncCounts  *counts,
                             GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(CnSyncBatch) batch = NULL;
  JsonArray *changes, *results;
  JsonNode *node;
  CnSyncCounts found = { 0 };
  gboolean any_company = FALSE;
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  /* The frozen body says what each result is about. */
  stmt = cn_store_prepare (store, "SELECT id, body, size, attempts FROM sync_batches WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", batch_id);
  if (!step_row (store, stmt, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("This batch of changes is no longer waiting for an answer."));
      return FALSE;
    }
  batch = batch_from_row (stmt);
  sqlite3_reset (stmt);
  if (!json_parser_load_from_data (parser, g_bytes_get_data (batch->body, NULL),
                                   g_bytes_get_size (batch->body), error))
    return FALSE;
  changes = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "changes");

  if (response == NULL || !JSON_NODE_HOLDS_OBJECT (response) ||
      (node = json_object_get_member (json_node_get_object (response), "results")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (node))
    return invalid_response (error, _("no list of results"));
  results = json_node_get_array (node);
  if (json_array_get_length (results) != json_array_get_length (changes))
    return invalid_response (error, _("not one result per change"));

  /* Check everything before writing anything. */
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *result_node = json_array_get_element (results, i);
      JsonObject *change = json_array_get_object_element (changes, i);
      JsonObject *result;
      const char *status;
      gint64 revision;

      if (!JSON_NODE_HOLDS_OBJECT (result_node))
        return invalid_response (error, _("a result is not an object"));
      result = json_node_get_object (result_node);
      if (g_strcmp0 (member_string (result, "id"), member_string (change, "id")) != 0)
        return invalid_response (error, _("the results are not in the order of the changes"));
      status = member_string (result, "status");
      if (g_strcmp0 (status, "applied") == 0 || g_strcmp0 (status, "conflict") == 0)
        {
          if (!member_int (result, "revision", &revision) || revision < 1)
            return invalid_response (error, _("a result has no revision"));
        }
      else if (g_strcmp0 (status, "rejected") != 0)
        return invalid_response (error, _("a result has an unknown status"));
    }

  if (!cn_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      JsonObject *change = json_array_get_object_element (changes, i);
      const char *type = member_string (change, "type");
      const char *id = member_string (change, "id");
      const char *op = member_string (change, "op");
      const char *status = member_string (result, "status");
      gint64 revision = -1;

      member_int (result, "revision", &revision);
      any_company |= g_strcmp0 (type, "company") == 0;

      if (g_strcmp0 (status, "applied") == 0)
        {
          found.pushed++;
          if (!forget_issue (store, type, id, error) ||
              (g_strcmp0 (op, "upsert") == 0 && !set_revision (store, type, id, revision, error)))
            goto fail;
        }
      else if (g_strcmp0 (status, "conflict") == 0)
        {
          JsonObject *server = member_object (result, "server");
          g_autofree char *server_text = object_to_string (server);
          gint64 local_revision;
          gboolean changed;

          found.conflicts++;
          if (!record_exists (store, type, id, &exists, &local_revision, error))
            goto fail;
          if (g_strcmp0 (type, "report") == 0 && exists && server != NULL)
            {
              /* The rule of the contract: the platform's status, the
               * connector's text, pushed again on the new revision. */
              if (!take_cofinancing_status (store, id, server, &changed, error) ||
                  !set_revision (store, type, id, revision, error) ||
                  !cn_store_queue_change (store, type, id, "upsert", error))
                goto fail;
            }
          else if (!save_issue (store, type, id, CN_SYNC_ISSUE_CONFLICT, NULL, NULL, NULL,
                                revision, server_text, error))
            goto fail;
        }
      else
        {
          JsonObject *problem = member_object (result, "error");

          found.rejected++;
          if (!save_issue (store, type, id, CN_SYNC_ISSUE_REJECTED,
                           member_string (problem, "code"), member_string (problem, "message"),
                           member_string (problem, "field"), -1, NULL, error))
            goto fail;
        }
    }

  if (!forget_batch (store, batch_id, error))
    goto fail;
  if (!cn_store_commit (store, error))
    return FALSE;
  if (any_company)
    cn_store_notify_changed (store);

  if (counts)
    {
      counts->pushed += found.pushed;
      counts->conflicts += found.conflicts;
      counts->rejected += found.rejected;
    }
  return TRUE;

fail:
  cn_store_rollback (store);
  return FALSE;
}

gboolean
cn_store_reject_sync_batch (CnStore     *store,
                            const char  *batch_id,
                            const char  *code,
                            const char  *message,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  g_autofree char *type = NULL;
  g_autofree char *id = NULL;

  if (!cn_store_begin (store, error))
    return FALSE;
  stmt = cn_store_prepare (store, "SELECT entity_type, entity_id FROM outbox WHERE batch_id = :batch", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":batch", batch_id);
  while (step_row (store, stmt, &found, error) && found)
    {
      g_free (type);
      g_free (id);
      type = column_dup (stmt, 0);
      id = column_dup (stmt, 1);
      if (!save_issue (store, type, id, CN_SYNC_ISSUE_REJECTED, code, message, NULL, -1, NULL, error))
        {
          sqlite3_reset (stmt);
          goto fail;
        }
    }
  if ((error && *error) || !forget_batch (store, batch_id, error))
    goto fail;
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

/* ---- pull ------------------------------------------------------------- */

/* "2026-11-23T14:00:00Z", or with fractions or an offset: the stored UTC
 * form, or NULL. */
static char *
normalize_time (const char *text)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (text == NULL || (time = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
is_date (const char *text)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;
  return g_date_valid_dmy (d, m, y);
}

typedef enum {
  APPLY_DONE,
  APPLY_PARKED,   /* names a company not known here yet */
  APPLY_INVALID,  /* unreadable: logged, skipped */
} ApplyResult;

static gboolean
company_known (CnStore     *store,
               const char  *company_id,
               gboolean    *known,
               GError     **error)
{
  gint64 revision;

  *known = FALSE;
  if (!is_uuid (company_id))
    return TRUE;
  return record_exists (store, "company", company_id, known, &revision, error);
}

static gboolean
write_company (CnStore     *store,
               const char  *id,
               gint64       revision,
               JsonObject  *data,
               ApplyResult *result,
               GError     **error)
{
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean consent = FALSE;

  company = cn_store_get_company (store, id, &local_error);
  if (company == NULL)
    {
      if (!g_error_matches (local_error, CN_ERROR, CN_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      company = cn_company_new ();
      cn_company_set_id (company, id);
    }
  cn_company_set_name (company, member_string (data, "name"));
  cn_company_set_siret (company, member_string (data, "siret"));
  cn_company_set_siren (company, member_string (data, "siren"));
  cn_company_set_naf (company, member_string (data, "naf"));
  cn_company_set_headcount (company, member_string (data, "headcount_code"));
  cn_company_set_postcode (company, member_string (data, "postcode"));
  cn_company_set_commune (company, member_string (data, "commune"));
  member_bool (data, "consent_share", &consent);
  cn_company_set_consent_share (company, consent);
  if (!cn_company_normalize (company, NULL, &local_error))
    {
      g_warning ("Company %s from the platform ignored: %s", id, local_error->message);
      *result = APPLY_INVALID;
      return TRUE;
    }
  *result = APPLY_DONE;
  return cn_store_save_pulled_company (store, company, revision, error);
}

static gboolean
write_appointment (CnStore     *store,
                   const char  *id,
                   gint64       revision,
                   JsonObject  *data,
                   ApplyResult *result,
                   GError     **error)
{
  const char *company_id = member_string (data, "company_id");
  g_autofree char *starts_at = normalize_time (member_string (data, "starts_at"));
  g_autofree char *ends_at = normalize_time (member_string (data, "ends_at"));
  const char *mode = member_string (data, "mode");
  const char *status = member_string (data, "status");
  const char *origin = member_string (data, "origin");
  const char *subject = member_string (data, "subject");
  const char *notes = member_string (data, "notes");
  g_autofree char *now = cn_now_iso8601 ();
  gboolean known, exists;
  gint64 local_revision;
  sqlite3_stmt *stmt;

  if (!company_known (store, company_id, &known, error))
    return FALSE;
  if (!known)
    {
      *result = is_uuid (company_id) ? APPLY_PARKED : APPLY_INVALID;
      return TRUE;
    }
  if (starts_at == NULL || ends_at == NULL || strcmp (ends_at, starts_at) <= 0 ||
      !cn_appointment_is_mode (mode) || !cn_appointment_is_status (status) ||
      !cn_appointment_is_origin (origin ? origin : "connector") ||
      subject == NULL || *subject == '\0')
    {
      *result = APPLY_INVALID;
      return TRUE;
    }
  if (!record_exists (store, "appointment", id, &exists, &local_revision, error))
    return FALSE;

  stmt = cn_store_prepare (store,
                           "INSERT INTO appointments (id, company_id, starts_at, ends_at, mode, location,"
                           " subject, status, origin, notes, created_at, updated_at, revision)"
                           " VALUES (:id, :company, :starts, :ends, :mode, :location, :subject, :status,"
                           "  :origin, :notes, :now, :now, :revision)"
                           " ON CONFLICT (id) DO UPDATE SET company_id = excluded.company_id,"
                           "  starts_at = excluded.starts_at, ends_at = excluded.ends_at, mode = excluded.mode,"
                           "  location = excluded.location, subject = excluded.subject, status = excluded.status,"
                           "  origin = excluded.origin, notes = excluded.notes, updated_at = excluded.updated_at,"
                           "  revision = excluded.revision",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  cn_store_bind_text (stmt, ":company", company_id);
  cn_store_bind_text (stmt, ":starts", starts_at);
  cn_store_bind_text (stmt, ":ends", ends_at);
  cn_store_bind_text (stmt, ":mode", mode);
  cn_store_bind_text (stmt, ":location", member_string (data, "location"));
  cn_store_bind_text (stmt, ":subject", subject);
  cn_store_bind_text (stmt, ":status", status);
  cn_store_bind_text (stmt, ":origin", origin ? origin : "connector");
  cn_store_bind_text (stmt, ":notes", notes ? notes : "");
  cn_store_bind_text (stmt, ":now", now);
  cn_store_bind_int64 (stmt, ":revision", revision);
  if (!cn_store_step_done (store, stmt, error))
    return FALSE;

  /* An appointment the SME booked online shows on the company's timeline. */
  if (!exists)
    {
      g_autofree char *detail = g_strdup_printf ("%s\t%s", status, subject);
      if (!cn_store_add_event (store, company_id, CN_EVENT_APPOINTMENT, detail, error))
        return FALSE;
    }
  *result = APPLY_DONE;
  return TRUE;
}

static char *
member_string_array (JsonObject *data,
                     const char *name,
                     gboolean   *valid)
{
  JsonNode *node = json_object_get_member (data, name);
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          if (JSON_NODE_TYPE (element) != JSON_NODE_VALUE ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            *valid = FALSE;
          else
            json_builder_add_string_value (builder, json_node_get_string (element));
        }
    }
  else if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    *valid = FALSE;
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
write_report (CnStore     *store,
              const char  *id,
              gint64       revision,
              JsonObject  *data,
              ApplyResult *result,
              GError     **error)
{
  const char *company_id = member_string (data, "company_id");
  const char *appointment_id = member_string (data, "appointment_id");
  const char *date = member_string (data, "date");
  const char *summary = member_string (data, "summary");
  JsonObject *cofinancing = member_object (data, "cofinancing");
  const char *status_text = member_string (cofinancing, "status");
  g_autofree char *actions = NULL;
  g_autofree char *next_steps = NULL;
  g_autofree char *now = cn_now_iso8601 ();
  gint64 before, after, minutes, satisfaction, current = 0, amount_cents = -1;
  gboolean valid = TRUE, known, exists, requested = FALSE, same_text = FALSE;
  CnCofinancingStatus status = CN_COFINANCING_NONE;
  gint64 local_revision;
  sqlite3_stmt *stmt;

  if (!company_known (store, company_id, &known, error))
    return FALSE;
  if (!known)
    {
      *result = is_uuid (company_id) ? APPLY_PARKED : APPLY_INVALID;
      return TRUE;
    }
  actions = member_string_array (data, "actions_done", &valid);
  next_steps = member_string_array (data, "next_steps", &valid);
  if (cofinancing != NULL)
    {
      JsonNode *amount = json_object_get_member (cofinancing, "amount_eur");
      member_bool (cofinancing, "requested", &requested);
      if (status_text != NULL && !cn_cofinancing_status_from_string (status_text, &status))
        valid = FALSE;
      if (amount != NULL && JSON_NODE_TYPE (amount) == JSON_NODE_VALUE &&
          (json_node_get_value_type (amount) == G_TYPE_DOUBLE || json_node_get_value_type (amount) == G_TYPE_INT64))
        {
          double euros = json_node_get_double (amount);
          if (euros < 0 || euros > 1e9)
            valid = FALSE;
          else if (requested || status != CN_COFINANCING_NONE)
            amount_cents = (gint64) (euros * 100 + 0.5);
        }
    }
  if (!is_date (date) || summary == NULL || *summary == '\0' ||
      !member_optional_int (data, "maturity_before", 1, 5, &before) ||
      !member_optional_int (data, "maturity_after", 1, 5, &after) ||
      !member_optional_int (data, "time_spent_minutes", 0, G_MAXINT, &minutes) ||
      !member_optional_int (data, "satisfaction", 1, 5, &satisfaction) || !valid)
    {
      *result = APPLY_INVALID;
      return TRUE;
    }

  if (!record_exists (store, "report", id, &exists, &local_revision, error))
    return FALSE;
  /* The appointment is kept only if it is one of this company's here. */
  if (appointment_id != NULL)
    {
      stmt = cn_store_prepare (store,
                               "SELECT 1 FROM appointments WHERE id = :id AND company_id = :company", error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":id", appointment_id);
      cn_store_bind_text (stmt, ":company", company_id);
      if (!step_row (store, stmt, &known, error))
        return FALSE;
      if (known)
        sqlite3_reset (stmt);
      else
        appointment_id = NULL;
    }

  if (exists)
    {
      /* Same text: only the platform's status changed, in place.  Other
       * text: a new revision, as a correction would be. */
      stmt = cn_store_prepare (store,
                               "SELECT v.number, v.date IS :date AND v.summary IS :summary"
                               " AND v.actions_done IS :actions AND v.next_steps IS :next"
                               " AND v.maturity_before IS :before AND v.maturity_after IS :after"
                               " AND v.time_spent_minutes IS :minutes AND v.satisfaction IS :satisfaction"
                               " AND v.cofinancing_amount_cents IS :amount"
                               " FROM reports r JOIN report_revisions v"
                               "  ON v.report_id = r.id AND v.number = r.current_revision WHERE r.id = :id",
                               error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":id", id);
      cn_store_bind_text (stmt, ":date", date);
      cn_store_bind_text (stmt, ":summary", summary);
      cn_store_bind_text (stmt, ":actions", actions);
      cn_store_bind_text (stmt, ":next", next_steps);
      bind_optional_int (stmt, ":before", before);
      bind_optional_int (stmt, ":after", after);
      bind_optional_int (stmt, ":minutes", minutes);
      bind_optional_int (stmt, ":satisfaction", satisfaction);
      bind_optional_int (stmt, ":amount", amount_cents);
      if (!step_row (store, stmt, &known, error))
        return FALSE;
      if (known)
        {
          current = sqlite3_column_int64 (stmt, 0);
          same_text = sqlite3_column_int (stmt, 1) != 0;
          sqlite3_reset (stmt);
        }
    }

  if (exists && same_text)
    {
      stmt = cn_store_prepare (store,
                               "UPDATE report_revisions SET cofinancing_status = :status"
                               " WHERE report_id = :id AND number = :number", error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":status", cn_cofinancing_status_to_string (status));
      cn_store_bind_text (stmt, ":id", id);
      cn_store_bind_int64 (stmt, ":number", current);
      if (!cn_store_step_done (store, stmt, error))
        return FALSE;
      stmt = cn_store_prepare (store,
                               "UPDATE reports SET revision = :revision WHERE id = :id", error);
    }
  else if (exists)
    stmt = cn_store_prepare (store,
                             "UPDATE reports SET current_revision = current_revision + 1,"
                             " appointment_id = :appointment, updated_at = :now, revision = :revision"
                             " WHERE id = :id", error);
  else
    stmt = cn_store_prepare (store,
                             "INSERT INTO reports (id, company_id, appointment_id, current_revision,"
                             " created_at, updated_at, revision)"
                             " VALUES (:id, :company, :appointment, 1, :now, :now, :revision)", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  cn_store_bind_int64 (stmt, ":revision", revision);
  if (!(exists && same_text))
    {
      if (!exists)
        cn_store_bind_text (stmt, ":company", company_id);
      cn_store_bind_text (stmt, ":appointment", appointment_id);
      cn_store_bind_text (stmt, ":now", now);
    }
  if (!cn_store_step_done (store, stmt, error))
    return FALSE;

  if (!(exists && same_text))
    {
      stmt = cn_store_prepare (store,
                               "INSERT INTO report_revisions (report_id, number, written_at, date, summary,"
                               " actions_done, next_steps, maturity_before, maturity_after, time_spent_minutes,"
                               " satisfaction, cofinancing_amount_cents, cofinancing_status)"
                               " VALUES (:id, (SELECT current_revision FROM reports WHERE id = :id), :now,"
                               "  :date, :summary, :actions, :next, :before, :after, :minutes, :satisfaction,"
                               "  :amount, :status)",
                               error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":id", id);
      cn_store_bind_text (stmt, ":now", now);
      cn_store_bind_text (stmt, ":date", date);
      cn_store_bind_text (stmt, ":summary", summary);
      cn_store_bind_text (stmt, ":actions", actions);
      cn_store_bind_text (stmt, ":next", next_steps);
      bind_optional_int (stmt, ":before", before);
      bind_optional_int (stmt, ":after", after);
      bind_optional_int (stmt, ":minutes", minutes);
      bind_optional_int (stmt, ":satisfaction", satisfaction);
      bind_optional_int (stmt, ":amount", amount_cents);
      cn_store_bind_text (stmt, ":status", cn_cofinancing_status_to_string (status));
      if (!cn_store_step_done (store, stmt, error))
        return FALSE;
      if (!exists && !cn_store_add_event (store, company_id, CN_EVENT_REPORT, summary, error))
        return FALSE;
    }
  *result = APPLY_DONE;
  return TRUE;
}

static gboolean
write_outreach (CnStore     *store,
                const char  *id,
                gint64       revision,
                JsonObject  *data,
                ApplyResult *result,
                GError     **error)
{
  const char *date = member_string (data, "date");
  const char *kind = member_string (data, "kind");
  const char *title = member_string (data, "title");
  const char *notes = member_string (data, "notes");
  g_autofree char *now = cn_now_iso8601 ();
  CnOutreachKind parsed;
  gint64 reached = 0, leads = 0;
  sqlite3_stmt *stmt;

  if (!is_date (date) || !cn_outreach_kind_from_string (kind, &parsed) ||
      title == NULL || *title == '\0' ||
      (json_object_has_member (data, "smes_reached") && !member_int (data, "smes_reached", &reached)) ||
      (json_object_has_member (data, "leads") && !member_int (data, "leads", &leads)) ||
      reached < 0 || leads < 0)
    {
      *result = APPLY_INVALID;
      return TRUE;
    }
  stmt = cn_store_prepare (store,
                           "INSERT INTO outreach (id, date, kind, title, smes_reached, leads, notes,"
                           " created_at, updated_at, revision)"
                           " VALUES (:id, :date, :kind, :title, :reached, :leads, :notes, :now, :now, :revision)"
                           " ON CONFLICT (id) DO UPDATE SET date = excluded.date, kind = excluded.kind,"
                           "  title = excluded.title, smes_reached = excluded.smes_reached,"
                           "  leads = excluded.leads, notes = excluded.notes,"
                           "  updated_at = excluded.updated_at, revision = excluded.revision",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  cn_store_bind_text (stmt, ":date", date);
  cn_store_bind_text (stmt, ":kind", kind);
  cn_store_bind_text (stmt, ":title", title);
  cn_store_bind_int64 (stmt, ":reached", reached);
  cn_store_bind_int64 (stmt, ":leads", leads);
  cn_store_bind_text (stmt, ":notes", notes ? notes : "");
  cn_store_bind_text (stmt, ":now", now);
  cn_store_bind_int64 (stmt, ":revision", revision);
  *result = APPLY_DONE;
  return cn_store_step_done (store, stmt, error);
}

static gboolean
write_lead (CnStore     *store,
            const char  *id,
            gint64       revision,
            gboolean     deleted,
            JsonObject  *data,
            ApplyResult *result,
            GError     **error)
{
  JsonObject *self_diagnostic = member_object (data, "self_diagnostic");
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *completed_at = normalize_time (member_string (self_diagnostic, "completed_at"));
  const char *name = member_string (data, "name");
  gint64 overall = -1, level = -1;
  sqlite3_stmt *stmt;

  if (deleted)
    {
      stmt = cn_store_prepare (store, "DELETE FROM leads WHERE id = :id", error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":id", id);
      *result = APPLY_DONE;
      return cn_store_step_done (store, stmt, error);
    }

  if (name == NULL || *name == '\0' ||
      !member_optional_int (self_diagnostic, "overall", 0, 100, &overall) ||
      !member_optional_int (self_diagnostic, "level", 1, 5, &level))
    {
      *result = APPLY_INVALID;
      return TRUE;
    }
  stmt = cn_store_prepare (store,
                           "INSERT INTO leads (id, revision, name, siren, contact_name, contact_email,"
                           " postcode, naf, headcount, self_overall, self_level, self_completed_at, received_at)"
                           " VALUES (:id, :revision, :name, :siren, :contact, :email, :postcode, :naf,"
                           "  :headcount, :overall, :level, :completed, :now)"
                           " ON CONFLICT (id) DO UPDATE SET revision = excluded.revision, name = excluded.name,"
                           "  siren = excluded.siren, contact_name = excluded.contact_name,"
                           "  contact_email = excluded.contact_email, postcode = excluded.postcode,"
                           "  naf = excluded.naf, headcount = excluded.headcount,"
                           "  self_overall = excluded.self_overall, self_level = excluded.self_level,"
                           "  self_completed_at = excluded.self_completed_at",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  cn_store_bind_int64 (stmt, ":revision", revision);
  cn_store_bind_text (stmt, ":name", name);
  cn_store_bind_text (stmt, ":siren", member_string (data, "siren"));
  cn_store_bind_text (stmt, ":contact", member_string (data, "contact_name"));
  cn_store_bind_text (stmt, ":email", member_string (data, "contact_email"));
  cn_store_bind_text (stmt, ":postcode", member_string (data, "postcode"));
  cn_store_bind_text (stmt, ":naf", member_string (data, "naf"));
  cn_store_bind_text (stmt, ":headcount", member_string (data, "headcount_code"));
  bind_optional_int (stmt, ":overall", overall);
  bind_optional_int (stmt, ":level", level);
  cn_store_bind_text (stmt, ":completed", completed_at);
  cn_store_bind_text (stmt, ":now", now);
  *result = APPLY_DONE;
  return cn_store_step_done (store, stmt, error);
}

static gboolean
delete_local (CnStore     *store,
              const char  *type,
              const char  *id,
              GError     **error)
{
  const SyncType *sync_type = find_sync_type (type);
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = :id", sync_type->table);
  sqlite3_stmt *stmt = cn_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  return cn_store_step_done (store, stmt, error) && forget_issue (store, type, id, error);
}

/* Writes the platform's version of a record, whatever is local. */
static gboolean
write_record (CnStore     *store,
              const char  *type,
              const char  *id,
              gint64       revision,
              JsonObject  *data,
              ApplyResult *result,
              GError     **error)
{
  if (g_strcmp0 (type, "company") == 0)
    return write_company (store, id, revision, data, result, error);
  if (g_strcmp0 (type, "appointment") == 0)
    return write_appointment (store, id, revision, data, result, error);
  if (g_strcmp0 (type, "report") == 0)
    return write_report (store, id, revision, data, result, error);
  if (g_strcmp0 (type, "outreach") == 0)
    return write_outreach (store, id, revision, data, result, error);
  *result = APPLY_INVALID;
  return TRUE;
}

/* A change not acknowledged by the platform yet: queued, in a batch in
 * flight, or in conflict.  A pull must not overwrite it. */
static gboolean
is_unacknowledged (CnStore     *store,
                   const char  *type,
                   const char  *id,
                   gboolean    *unacknowledged,
                   GError     **error)
{
  return query_exists (store,
                       "SELECT EXISTS (SELECT 1 FROM outbox WHERE entity_type = :type AND entity_id = :id)"
                       " OR EXISTS (SELECT 1 FROM sync_issues WHERE entity_type = :type"
                       "  AND entity_id = :id AND kind = 'conflict')",
                       type, id, unacknowledged, error);
}

static gboolean
park (CnStore     *store,
      const char  *type,
      const char  *id,
      gint64       revision,
      JsonObject  *data,
      GError     **error)
{
  g_autofree char *text = object_to_string (data);
  g_autofree char *now = cn_now_iso8601 ();
  sqlite3_stmt *stmt = cn_store_prepare (store,
                                         "INSERT OR REPLACE INTO sync_parked (entity_type, entity_id, revision, data, at)"
                                         " VALUES (:type, :id, :revision, :data, :now)",
                                         error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":type", type);
  cn_store_bind_text (stmt, ":id", id);
  cn_store_bind_int64 (stmt, ":revision", revision);
  cn_store_bind_text (stmt, ":data", text);
  cn_store_bind_text (stmt, ":now", now);
  return cn_store_step_done (store, stmt, error);
}

/* One pulled change.  Unreadable ones are logged and counted, never fatal:
 * a hostile or newer server cannot stop the others from arriving. */
static gboolean
apply_change (CnStore       *store,
              JsonObject    *change,
              CnSyncCounts  *counts,
              GError       **error)
{
  const char *type = member_string (change, "type");
  const char *id = member_string (change, "id");
  JsonObject *data = member_object (change, "data");
  gboolean deleted = FALSE, exists, pending;
  gint64 revision, local_revision;
  ApplyResult result = APPLY_DONE;
  g_autoptr(GError) local_error = NULL;

  member_bool (change, "deleted", &deleted);
  if (!is_uuid (id) || !member_int (change, "revision", &revision) || revision < 1 ||
      (!deleted && data == NULL))
    {
      g_warning ("Unreadable change from the platform ignored");
      counts->ignored++;
      return TRUE;
    }

  if (g_strcmp0 (type, "lead") == 0)
    {
      if (!write_lead (store, id, revision, deleted, data, &result, error))
        return FALSE;
    }
  else if (find_sync_type (type) == NULL || g_strcmp0 (type, "diagnostic") == 0)
    {
      /* A type this version does not know (or does not pull): skipped. */
      return TRUE;
    }
  else
    {
      if (!record_exists (store, type, id, &exists, &local_revision, error) ||
          !is_unacknowledged (store, type, id, &pending, error))
        return FALSE;

      /* What this machine already has: its own change coming back, or an
       * older state of the record. */
      if (exists && local_revision >= revision)
        return TRUE;

      if (pending)
        {
          gboolean changed;

          /* Never overwrite what was not acknowledged yet. */
          if (g_strcmp0 (type, "report") == 0 && exists && !deleted)
            {
              if (!take_cofinancing_status (store, id, data, &changed, error) ||
                  !set_revision (store, type, id, revision, error))
                return FALSE;
            }
          else
            {
              g_autofree char *text = deleted ? NULL : object_to_string (data);
              if (!save_issue (store, type, id, CN_SYNC_ISSUE_CONFLICT, NULL, NULL, NULL,
                               revision, text, error))
                return FALSE;
            }
          counts->pulled++;
          return TRUE;
        }

      if (deleted)
        {
          if (exists && !delete_local (store, type, id, error))
            return FALSE;
          counts->pulled++;
          return TRUE;
        }

      /* One savepoint per record: a value the schema refuses skips this
       * record, not the page. */
      if (!cn_store_begin (store, error))
        return FALSE;
      if (!write_record (store, type, id, revision, data, &result, &local_error))
        {
          cn_store_rollback (store);
          if (sqlite3_errcode (cn_store_get_db (store)) != SQLITE_CONSTRAINT)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          result = APPLY_INVALID;
        }
      else if (!cn_store_commit (store, error))
        return FALSE;
    }

  switch (result)
    {
    case APPLY_DONE:
      counts->pulled++;
      break;
    case APPLY_PARKED:
      counts->parked++;
      return park (store, type, id, revision, data, error);
    case APPLY_INVALID:
    default:
      g_warning ("Invalid %s %s from the platform ignored", type, id);
      counts->ignored++;
      break;
    }
  return TRUE;
}

/* Parked changes whose company has arrived since. */
static gboolean
apply_parked (CnStore       *store,
              CnSyncCounts  *counts,
              GError       **error)
{
  g_autoptr(GPtrArray) ready = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  stmt = cn_store_prepare (store,
                           "SELECT entity_type, entity_id, revision, data FROM sync_parked"
                           " WHERE json_valid (data)"
                           "  AND json_extract (data, '$.company_id') IN (SELECT id FROM companies)",
                           error);
  if (stmt == NULL)
    return FALSE;
  while (step_row (store, stmt, &found, error) && found)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      JsonObject *change = json_object_new ();

      json_object_set_string_member (change, "type", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (change, "id", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_int_member (change, "revision", sqlite3_column_int64 (stmt, 2));
      if (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 3), -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        json_object_set_member (change, "data", json_node_copy (json_parser_get_root (parser)));
      g_ptr_array_add (ready, change);
    }
  if (error && *error)
    return FALSE;

  for (guint i = 0; i < ready->len; i++)
    {
      JsonObject *change = ready->pdata[i];

      stmt = cn_store_prepare (store,
                               "DELETE FROM sync_parked WHERE entity_type = :type AND entity_id = :id", error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":type", json_object_get_string_member (change, "type"));
      cn_store_bind_text (stmt, ":id", json_object_get_string_member (change, "id"));
      if (!cn_store_step_done (store, stmt, error) || !apply_change (store, change, counts, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
cn_store_apply_pull_page (CnStore       *store,
                          JsonArray     *changes,
                          const char    *cursor,
                          CnSyncCounts  *counts,
                          GError       **error)
{
  CnSyncCounts found = { 0 };

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  if (!cn_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonNode *node = json_array_get_element (changes, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          found.ignored++;
          continue;
        }
      if (!apply_change (store, json_node_get_object (node), &found, error))
        goto fail;
    }
  if (!apply_parked (store, &found, error) ||
      !sync_value_set (store, "cursor", cursor, error))
    goto fail;
  if (!cn_store_commit (store, error))
    return FALSE;
  if (found.pulled > 0)
    cn_store_notify_changed (store);

  if (counts)
    {
      counts->pulled += found.pulled;
      counts->parked += found.parked;
      counts->ignored += found.ignored;
    }
  return TRUE;

fail:
  cn_store_rollback (store);
  return FALSE;
}

gboolean
cn_store_apply_platform_profile (CnStore   *store,
                                 JsonNode  *me,
                                 GError   **error)
{
  g_autoptr(CnProfile) profile = NULL;
  JsonObject *object;
  CnConnectorKind kind;
  const char *text;

  if (me == NULL || !JSON_NODE_HOLDS_OBJECT (me))
    return invalid_response (error, _("the connector's profile is not an object"));
  object = json_node_get_object (me);
  if (!cn_connector_kind_from_string (member_string (object, "kind"), &kind))
    return invalid_response (error, _("unknown kind of connector"));

  profile = cn_store_get_profile (store, error);
  if (profile == NULL)
    return FALSE;
  profile->kind = kind;
  g_free (profile->label_expires_on);
  profile->label_expires_on = kind == CN_CONNECTOR_LABELLED && is_date (member_string (object, "label_expires_on"))
                              ? g_strdup (member_string (object, "label_expires_on")) : NULL;
  /* What the connector typed wins; the platform fills what is empty. */
  if (*profile->name == '\0' && (text = member_string (object, "display_name")) != NULL)
    cn_set_str (&profile->name, text);
  if (*profile->organisation == '\0' && (text = member_string (object, "organisation")) != NULL)
    cn_set_str (&profile->organisation, text);
  if (*profile->email == '\0' && (text = member_string (object, "email")) != NULL)
    cn_set_str (&profile->email, text);
  if (profile->region == NULL && (text = member_string (object, "region")) != NULL)
    cn_set_str (&profile->region, text);
  if (!cn_profile_normalize (profile, NULL))
    {
      /* A value the profile refuses (an odd email, a region code): keep
       * the kind and the label, drop what came with them. */
      g_autoptr(CnProfile) stored = cn_store_get_profile (store, error);
      if (stored == NULL)
        return FALSE;
      stored->kind = profile->kind;
      g_free (stored->label_expires_on);
      stored->label_expires_on = g_strdup (profile->label_expires_on);
      return cn_store_save_profile (store, stored, error);
    }
  return cn_store_save_profile (store, profile, error);
}

/* ---- issues ------------------------------------------------------------- */

static char *
record_title (CnStore     *store,
              const char  *type,
              const char  *id,
              const char  *server_data)
{
  g_autoptr(JsonNode) local = cn_store_sync_record_data (store, type, id, NULL);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *data = NULL;
  const char *text = NULL;

  if (local != NULL)
    data = json_node_get_object (local);
  else if (server_data != NULL && json_parser_load_from_data (parser, server_data, -1, NULL) &&
           JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    data = json_node_get_object (json_parser_get_root (parser));

  if (g_strcmp0 (type, "company") == 0)
    text = member_string (data, "name");
  else if (g_strcmp0 (type, "appointment") == 0)
    {
      g_autofree char *when = cn_appointment_format_time (member_string (data, "starts_at"), "%d/%m/%Y %H:%M");
      const char *subject = member_string (data, "subject");
      if (subject != NULL)
        return g_strdup_printf ("%s — %s", when, subject);
    }
  else if (g_strcmp0 (type, "report") == 0 || g_strcmp0 (type, "outreach") == 0)
    {
      g_autofree char *date = cn_format_date_for_display (member_string (data, "date"));
      const char *what = member_string (data, g_strcmp0 (type, "report") == 0 ? "summary" : "title");
      if (what != NULL)
        return g_strdup_printf ("%s — %s", date, what);
    }
  else if (g_strcmp0 (type, "diagnostic") == 0)
    text = member_string (data, "completed_at");

  return g_strdup (text != NULL ? text : cn_sync_type_label (type));
}

static CnSyncIssue *
issue_from_row (CnStore      *store,
                sqlite3_stmt *stmt)
{
  CnSyncIssue *issue = g_new0 (CnSyncIssue, 1);

  issue->entity_type = column_dup (stmt, 0);
  issue->entity_id = column_dup (stmt, 1);
  issue->kind = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "conflict") == 0
                ? CN_SYNC_ISSUE_CONFLICT : CN_SYNC_ISSUE_REJECTED;
  issue->code = column_dup (stmt, 3);
  issue->message = column_dup (stmt, 4);
  issue->field = column_dup (stmt, 5);
  issue->server_revision = column_revision (stmt, 6);
  issue->server_data = column_dup (stmt, 7);
  issue->at = column_dup (stmt, 8);
  return issue;
}

#define ISSUE_COLUMNS \
  "entity_type, entity_id, kind, code, message, field, server_revision, server_data, at"

GPtrArray *
cn_store_list_sync_issues (CnStore  *store,
                           GError  **error)
{
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_sync_issue_free);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  stmt = cn_store_prepare (store,
                           "SELECT " ISSUE_COLUMNS " FROM sync_issues"
                           " ORDER BY kind = 'conflict' DESC, at DESC, entity_type, entity_id",
                           error);
  if (stmt == NULL)
    return NULL;
  while (step_row (store, stmt, &found, error) && found)
    g_ptr_array_add (issues, issue_from_row (store, stmt));
  if (error && *error)
    return NULL;
  /* Titles read other tables: once the listing statement is done. */
  for (guint i = 0; i < issues->len; i++)
    {
      CnSyncIssue *issue = issues->pdata[i];
      issue->title = record_title (store, issue->entity_type, issue->entity_id, issue->server_data);
    }
  return g_steal_pointer (&issues);
}

CnSyncIssue *
cn_store_get_sync_issue (CnStore     *store,
                         const char  *entity_type,
                         const char  *entity_id,
                         GError     **error)
{
  sqlite3_stmt *stmt;
  CnSyncIssue *issue;
  gboolean found = FALSE;

  stmt = cn_store_prepare (store,
                           "SELECT " ISSUE_COLUMNS " FROM sync_issues"
                           " WHERE entity_type = :type AND entity_id = :id",
                           error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":type", entity_type);
  cn_store_bind_text (stmt, ":id", entity_id);
  if (!step_row (store, stmt, &found, error) || !found)
    return NULL;
  issue = issue_from_row (store, stmt);
  sqlite3_reset (stmt);
  issue->title = record_title (store, issue->entity_type, issue->entity_id, issue->server_data);
  return issue;
}

gboolean
cn_store_resolve_sync_conflict (CnStore           *store,
                                const char        *entity_type,
                                const char        *entity_id,
                                CnConflictChoice   choice,
                                GError           **error)
{
  g_autoptr(CnSyncIssue) issue = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gboolean exists = FALSE;
  gint64 local_revision;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  if (!cn_store_begin (store, error))
    return FALSE;
  issue = cn_store_get_sync_issue (store, entity_type, entity_id, &local_error);
  if (issue == NULL || issue->kind != CN_SYNC_ISSUE_CONFLICT)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("This conflict has already been resolved."));
      goto fail;
    }
  if (!record_exists (store, entity_type, entity_id, &exists, &local_revision, error))
    goto fail;

  if (choice == CN_CONFLICT_KEEP_MINE)
    {
      /* Mine again, on the revision the platform has now. */
      if (exists)
        {
          if (!set_revision (store, entity_type, entity_id, issue->server_revision, error) ||
              !cn_store_queue_change (store, entity_type, entity_id, "upsert", error))
            goto fail;
        }
      else if (!cn_store_queue_delete (store, entity_type, entity_id, issue->server_revision, error))
        goto fail;
    }
  else
    {
      /* The platform's: what was waiting to be sent is dropped. */
      stmt = cn_store_prepare (store,
                               "DELETE FROM outbox WHERE entity_type = :type AND entity_id = :id"
                               " AND batch_id IS NULL", error);
      if (stmt == NULL)
        goto fail;
      cn_store_bind_text (stmt, ":type", entity_type);
      cn_store_bind_text (stmt, ":id", entity_id);
      if (!cn_store_step_done (store, stmt, error))
        goto fail;

      if (issue->server_data == NULL)
        {
          if (exists && !delete_local (store, entity_type, entity_id, error))
            goto fail;
        }
      else
        {
          ApplyResult result;

          if (!json_parser_load_from_data (parser, issue->server_data, -1, error))
            goto fail;
          if (!write_record (store, entity_type, entity_id, issue->server_revision,
                             json_node_get_object (json_parser_get_root (parser)), &result, error))
            goto fail;
          if (result != APPLY_DONE)
            {
              g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The platform's version cannot be used on this computer; keep yours instead."));
              goto fail;
            }
        }
    }
  if (!forget_issue (store, entity_type, entity_id, error))
    goto fail;
  if (!cn_store_commit (store, error))
    return FALSE;
  cn_store_notify_changed (store);
  return TRUE;

fail:
  cn_store_rollback (store);
  return FALSE;
}
