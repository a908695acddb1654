/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cn-diagnostic.h"
#include "cn-error.h"
#include "cn-event.h"
#include "cn-store-private.h"
#include "cn-util.h"

#define DIAGNOSTIC_COLUMNS \
  "id, company_id, questionnaire, questionnaire_version, started_at, updated_at," \
  " completed_at, position, overall, level, scores, revision"

void
cn_diagnostic_free (CnDiagnostic *diagnostic)
{
  if (diagnostic == NULL)
    return;
  g_free (diagnostic->id);
  g_free (diagnostic->company_id);
  g_free (diagnostic->questionnaire);
  g_free (diagnostic->started_at);
  g_free (diagnostic->updated_at);
  g_free (diagnostic->completed_at);
  g_free (diagnostic->position);
  g_clear_pointer (&diagnostic->answers, g_hash_table_unref);
  g_free (diagnostic->level);
  g_clear_pointer (&diagnostic->scores, g_hash_table_unref);
  g_free (diagnostic);
}

int
cn_diagnostic_get_score (CnDiagnostic *diagnostic,
                         const char   *dimension)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (diagnostic->scores, dimension)) - 1;
}

gboolean
cn_diagnostic_find_progress (GPtrArray *completed,
                             guint     *before,
                             guint     *after)
{
  /* The newest diagnostic that has a predecessor: a lone e-export
   * diagnostic after two commerce ones still shows the commerce progress. */
  for (int i = (int) completed->len - 1; i > 0; i--)
    for (int j = i - 1; j >= 0; j--)
      if (g_str_equal (((CnDiagnostic *) completed->pdata[i])->questionnaire,
                       ((CnDiagnostic *) completed->pdata[j])->questionnaire))
        {
          *before = (guint) j;
          *after = (guint) i;
          return TRUE;
        }
  return FALSE;
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Choice ids are [a-z0-9-]+ (the loader enforces it), so a space-separated
 * list stores them without any escaping. */
static char *
join_choices (const char *const *choices)
{
  return g_strjoinv (" ", (char **) choices);
}

static void
parse_scores (GHashTable *scores,
              const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    g_hash_table_insert (scores, g_strdup (l->data),
                         GINT_TO_POINTER ((int) json_object_get_int_member (object, l->data) + 1));
}

static CnDiagnostic *
diagnostic_from_row (sqlite3_stmt *stmt)
{
  CnDiagnostic *diagnostic = g_new0 (CnDiagnostic, 1);

  diagnostic->id = column_strdup (stmt, 0);
  diagnostic->company_id = column_strdup (stmt, 1);
  diagnostic->questionnaire = column_strdup (stmt, 2);
  diagnostic->version = sqlite3_column_int (stmt, 3);
  diagnostic->started_at = column_strdup (stmt, 4);
  diagnostic->updated_at = column_strdup (stmt, 5);
  diagnostic->completed_at = column_strdup (stmt, 6);
  diagnostic->position = column_strdup (stmt, 7);
  diagnostic->overall = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 8);
  diagnostic->level = column_strdup (stmt, 9);
  diagnostic->scores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  parse_scores (diagnostic->scores, (const char *) sqlite3_column_text (stmt, 10));
  diagnostic->revision = sqlite3_column_type (stmt, 11) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 11);
  diagnostic->answers = cn_answers_new ();
  return diagnostic;
}

static gboolean
load_answers (CnStore       *store,
              CnDiagnostic  *diagnostic,
              GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = cn_store_prepare (store, "SELECT question, choices FROM diagnostic_answers WHERE diagnostic_id = :id", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", diagnostic->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_auto(GStrv) choices = g_strsplit ((const char *) sqlite3_column_text (stmt, 1), " ", -1);

      cn_answers_set (diagnostic->answers, (const char *) sqlite3_column_text (stmt, 0),
                      (const char *const *) choices);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return cn_store_set_error (store, rc, error);
  return TRUE;
}

/* Runs @stmt (already bound) and returns the diagnostics it selects, with
 * their answers. */
static GPtrArray *
collect_diagnostics (CnStore       *store,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_diagnostic_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, diagnostic_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  /* Answers after the rows: the answers statement must not run while
   * the list statement is still stepping on the same cache entry. */
  for (guint i = 0; i < list->len; i++)
    if (!load_answers (store, list->pdata[i], error))
      return NULL;
  return g_steal_pointer (&list);
}

CnDiagnostic *
cn_store_load_diagnostic (CnStore     *store,
                          const char  *diagnostic_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store, "SELECT " DIAGNOSTIC_COLUMNS " FROM diagnostics WHERE id = :id", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":id", diagnostic_id);
  list = collect_diagnostics (store, stmt, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("There is no diagnostic “%s”."), diagnostic_id);
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

GPtrArray *
cn_store_list_diagnostics (CnStore     *store,
                           const char  *company_id,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           "SELECT " DIAGNOSTIC_COLUMNS " FROM diagnostics"
                           " WHERE company_id IS :company AND completed_at IS NOT NULL"
                           " ORDER BY completed_at, id", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":company", company_id);
  return collect_diagnostics (store, stmt, error);
}

CnDiagnostic *
cn_store_find_open_diagnostic (CnStore     *store,
                               const char  *company_id,
                               GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           "SELECT " DIAGNOSTIC_COLUMNS " FROM diagnostics"
                           " WHERE company_id IS :company AND completed_at IS NULL"
                           " ORDER BY updated_at DESC, id LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":company", company_id);
  list = collect_diagnostics (store, stmt, error);
  if (list == NULL || list->len == 0)
    return NULL;
  return g_ptr_array_steal_index (list, 0);
}

char *
cn_store_start_diagnostic (CnStore        *store,
                           const char     *company_id,
                           CnReferential  *referential,
                           GError        **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *id = g_uuid_string_random ();
  sqlite3_stmt *stmt;

  if (company_id != NULL)
    {
      g_autoptr(CnCompany) company = cn_store_get_company (store, company_id, error);

      if (company == NULL)
        return NULL;
    }

  stmt = cn_store_prepare (store,
                           "INSERT INTO diagnostics (id, company_id, questionnaire, questionnaire_version,"
                           " started_at, updated_at) VALUES (:id, :company, :questionnaire, :version, :now, :now)",
                           error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":id", id);
  cn_store_bind_text (stmt, ":company", company_id);
  cn_store_bind_text (stmt, ":questionnaire", cn_referential_get_id (referential));
  cn_store_bind_int64 (stmt, ":version", cn_referential_get_version (referential));
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    return NULL;
  return g_steal_pointer (&id);
}

/* An answer may only change while the diagnostic is in progress: a
 * completed one is a record of what was said that day. */
static gboolean
check_open (CnStore        *store,
            CnReferential  *referential,
            const char     *diagnostic_id,
            GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;
  gboolean ok = FALSE;

  stmt = cn_store_prepare (store,
                           "SELECT completed_at IS NULL, questionnaire, questionnaire_version"
                           " FROM diagnostics WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", diagnostic_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (!sqlite3_column_int (stmt, 0))
        g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                     _("This diagnostic is completed: its answers can no longer change."));
      else if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), cn_referential_get_id (referential)) != 0 ||
               sqlite3_column_int (stmt, 2) != cn_referential_get_version (referential))
        g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                     _("This diagnostic was started with another questionnaire (%s, version %d)."),
                     (const char *) sqlite3_column_text (stmt, 1), sqlite3_column_int (stmt, 2));
      else
        ok = TRUE;
    }
  else if (rc == SQLITE_DONE)
    g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("There is no diagnostic “%s”."), diagnostic_id);
  else
    cn_store_set_error (store, rc, error);
  sqlite3_reset (stmt);
  return ok;
}

gboolean
cn_store_save_answer (CnStore            *store,
                      CnReferential      *referential,
                      const char         *diagnostic_id,
                      const char         *question,
                      const char *const  *choices,
                      GError            **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *joined = NULL;
  sqlite3_stmt *stmt;
  gboolean forget = choices == NULL || choices[0] == NULL;

  if (forget && cn_referential_find_question (referential, question) == NULL)
    return cn_referential_check_answer (referential, question, choices, error);
  if (!forget && !cn_referential_check_answer (referential, question, choices, error))
    return FALSE;

  if (!cn_store_begin (store, error))
    return FALSE;
  if (!check_open (store, referential, diagnostic_id, error))
    goto fail;

  if (forget)
    stmt = cn_store_prepare (store,
                             "DELETE FROM diagnostic_answers WHERE diagnostic_id = :id AND question = :question",
                             error);
  else
    stmt = cn_store_prepare (store,
                             "INSERT INTO diagnostic_answers (diagnostic_id, question, choices, answered_at)"
                             " VALUES (:id, :question, :choices, :now)"
                             " ON CONFLICT DO UPDATE SET choices = excluded.choices, answered_at = excluded.answered_at",
                             error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", diagnostic_id);
  cn_store_bind_text (stmt, ":question", question);
  if (!forget)
    {
      joined = join_choices (choices);
      cn_store_bind_text (stmt, ":choices", joined);
      cn_store_bind_text (stmt, ":now", now);
    }
  if (!cn_store_step_done (store, stmt, error))
    goto fail;

  stmt = cn_store_prepare (store,
                           "UPDATE diagnostics SET updated_at = :now, position = :question WHERE id = :id",
                           error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", diagnostic_id);
  cn_store_bind_text (stmt, ":question", question);
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

gboolean
cn_store_set_diagnostic_position (CnStore     *store,
                                  const char  *diagnostic_id,
                                  const char  *question,
                                  GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store, "UPDATE diagnostics SET position = :question WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", diagnostic_id);
  cn_store_bind_text (stmt, ":question", question);
  return cn_store_step_done (store, stmt, error);
}

static char *
scores_to_json (CnReferential *referential,
                const CnScore *score)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint d = 0; d < cn_referential_get_n_dimensions (referential); d++)
    {
      json_builder_set_member_name (builder, cn_referential_get_dimension (referential, d)->id);
      json_builder_add_int_value (builder, cn_score_round (score->dimensions[d]));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
cn_store_complete_diagnostic (CnStore        *store,
                              CnReferential  *referential,
                              const char     *diagnostic_id,
                              GError        **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *scores = NULL;
  g_autofree char *detail = NULL;
  g_autoptr(CnDiagnostic) diagnostic = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(CnScore) score = NULL;
  sqlite3_stmt *stmt;

  if (!cn_store_begin (store, error))
    return FALSE;
  if (!check_open (store, referential, diagnostic_id, error) ||
      (diagnostic = cn_store_load_diagnostic (store, diagnostic_id, error)) == NULL)
    goto fail;
  if (diagnostic->company_id == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("Save the company first: a diagnostic is completed for a company."));
      goto fail;
    }

  score = cn_score_compute (referential, diagnostic->answers);
  scores = scores_to_json (referential, score);
  stmt = cn_store_prepare (store,
                           "UPDATE diagnostics SET completed_at = :now, updated_at = :now, overall = :overall,"
                           " level = :level, scores = :scores WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", diagnostic_id);
  cn_store_bind_text (stmt, ":now", now);
  cn_store_bind_int64 (stmt, ":overall", score->overall_rounded);
  cn_store_bind_text (stmt, ":level", score->level->id);
  cn_store_bind_text (stmt, ":scores", scores);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;

  /* The timeline keeps the result in words that stay true even if the
   * questionnaire's level names change later. */
  detail = g_strdup_printf ("%d\t%s", score->overall_rounded, score->level->name);
  if (!cn_store_add_event (store, diagnostic->company_id, CN_EVENT_DIAGNOSTIC, detail, error))
    goto fail;

  company = cn_store_get_company (store, diagnostic->company_id, error);
  if (company == NULL)
    goto fail;
  if (cn_company_get_status (company) < CN_COMPANY_STATUS_DIAGNOSED)
    {
      cn_company_set_status (company, CN_COMPANY_STATUS_DIAGNOSED);
      if (!cn_store_update_company (store, company, NULL, error))
        goto fail;
    }

  if (!cn_store_queue_change (store, "diagnostic", diagnostic_id, "upsert", error))
    goto fail;
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

gboolean
cn_store_assign_diagnostic (CnStore     *store,
                            const char  *diagnostic_id,
                            const char  *company_id,
                            GError     **error)
{
  g_autoptr(CnCompany) company = cn_store_get_company (store, company_id, error);
  sqlite3_stmt *stmt;

  if (company == NULL)
    return FALSE;
  stmt = cn_store_prepare (store,
                           "UPDATE diagnostics SET company_id = :company WHERE id = :id AND company_id IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", diagnostic_id);
  cn_store_bind_text (stmt, ":company", company_id);
  if (!cn_store_step_done (store, stmt, error))
    return FALSE;
  if (sqlite3_changes (cn_store_get_db (store)) == 0)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("This diagnostic already belongs to a company, or does not exist."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cn_store_delete_diagnostic (CnStore     *store,
                            const char  *diagnostic_id,
                            GError     **error)
{
  g_autoptr(CnDiagnostic) diagnostic = NULL;
  sqlite3_stmt *stmt;

  if (!cn_store_begin (store, error))
    return FALSE;
  diagnostic = cn_store_load_diagnostic (store, diagnostic_id, error);
  if (diagnostic == NULL)
    goto fail;
  stmt = cn_store_prepare (store, "DELETE FROM diagnostics WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", diagnostic_id);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;
  /* Only a completed diagnostic ever travels to the platform. */
  if (diagnostic->completed_at != NULL &&
      !cn_store_queue_delete (store, "diagnostic", diagnostic_id, diagnostic->revision, error))
    goto fail;
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

GPtrArray *
cn_store_take_diagnostics (CnStore     *store,
                           const char  *company_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           "SELECT " DIAGNOSTIC_COLUMNS " FROM diagnostics WHERE company_id = :company", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":company", company_id);
  list = collect_diagnostics (store, stmt, error);
  if (list == NULL)
    return NULL;
  /* The rows themselves go with the company (ON DELETE CASCADE). */
  for (guint i = 0; i < list->len; i++)
    {
      CnDiagnostic *diagnostic = list->pdata[i];

      if (diagnostic->completed_at != NULL &&
          !cn_store_queue_delete (store, "diagnostic", diagnostic->id, diagnostic->revision, error))
        return NULL;
    }
  return g_steal_pointer (&list);
}

static void
add_answer_row (gpointer key,
                gpointer value,
                gpointer user_data)
{
  GPtrArray *rows = user_data;

  g_ptr_array_add (rows, key);
  g_ptr_array_add (rows, value);
}

gboolean
cn_store_put_back_diagnostics (CnStore     *store,
                               GPtrArray   *diagnostics,
                               GError     **error)
{
  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      CnDiagnostic *diagnostic = diagnostics->pdata[i];
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      g_autofree char *scores = NULL;
      sqlite3_stmt *stmt;

      if (g_hash_table_size (diagnostic->scores) > 0)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
          g_autoptr(JsonNode) root = NULL;
          GHashTableIter iter;
          gpointer key, value;

          json_builder_begin_object (builder);
          g_hash_table_iter_init (&iter, diagnostic->scores);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              json_builder_set_member_name (builder, key);
              json_builder_add_int_value (builder, GPOINTER_TO_INT (value) - 1);
            }
          json_builder_end_object (builder);
          root = json_builder_get_root (builder);
          scores = json_to_string (root, FALSE);
        }

      stmt = cn_store_prepare (store,
                               "INSERT INTO diagnostics (" DIAGNOSTIC_COLUMNS ") VALUES (:id, :company,"
                               " :questionnaire, :version, :started, :updated, :completed, :position,"
                               " :overall, :level, :scores, :revision)", error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":id", diagnostic->id);
      cn_store_bind_text (stmt, ":company", diagnostic->company_id);
      cn_store_bind_text (stmt, ":questionnaire", diagnostic->questionnaire);
      cn_store_bind_int64 (stmt, ":version", diagnostic->version);
      cn_store_bind_text (stmt, ":started", diagnostic->started_at);
      cn_store_bind_text (stmt, ":updated", diagnostic->updated_at);
      cn_store_bind_text (stmt, ":completed", diagnostic->completed_at);
      cn_store_bind_text (stmt, ":position", diagnostic->position);
      if (diagnostic->overall >= 0)
        cn_store_bind_int64 (stmt, ":overall", diagnostic->overall);
      cn_store_bind_text (stmt, ":level", diagnostic->level);
      cn_store_bind_text (stmt, ":scores", scores);
      if (diagnostic->revision >= 0)
        cn_store_bind_int64 (stmt, ":revision", diagnostic->revision);
      if (!cn_store_step_done (store, stmt, error))
        return FALSE;

      g_hash_table_foreach (diagnostic->answers, add_answer_row, rows);
      for (guint r = 0; r < rows->len; r += 2)
        {
          g_autofree char *joined = join_choices (rows->pdata[r + 1]);

          stmt = cn_store_prepare (store,
                                   "INSERT INTO diagnostic_answers (diagnostic_id, question, choices, answered_at)"
                                   " VALUES (:id, :question, :choices, :at)", error);
          if (stmt == NULL)
            return FALSE;
          cn_store_bind_text (stmt, ":id", diagnostic->id);
          cn_store_bind_text (stmt, ":question", rows->pdata[r]);
          cn_store_bind_text (stmt, ":choices", joined);
          cn_store_bind_text (stmt, ":at", diagnostic->updated_at);
          if (!cn_store_step_done (store, stmt, error))
            return FALSE;
        }

      if (diagnostic->completed_at != NULL &&
          !cn_store_queue_change (store, "diagnostic", diagnostic->id, "upsert", error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
cn_store_list_latest_diagnostics (CnStore  *store,
                                  GError  **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = cn_store_prepare (store,
                           "SELECT (SELECT d.id FROM diagnostics d WHERE d.company_id = c.id"
                           "        AND d.completed_at IS NOT NULL ORDER BY d.completed_at DESC, d.id LIMIT 1)"
                           " AS latest FROM companies c WHERE latest IS NOT NULL"
                           " ORDER BY c.sort_key, c.postcode, c.num", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_strdup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
