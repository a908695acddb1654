/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cn-error.h"
#include "cn-event.h"
#include "cn-plan.h"
#include "cn-store-private.h"
#include "cn-util.h"

/* ---- the model ---------------------------------------------------------- */

CnPlanAction *
cn_plan_action_new (const char *id,
                    const char *title)
{
  CnPlanAction *action = g_new0 (CnPlanAction, 1);

  action->id = g_strdup (id);
  action->title = g_strdup (title);
  action->description = g_strdup ("");
  action->why = g_strdup ("");
  action->horizon = g_strdup ("3-months");
  action->priority = 2;
  return action;
}

CnPlanAction *
cn_plan_action_copy (const CnPlanAction *action)
{
  CnPlanAction *copy = g_new0 (CnPlanAction, 1);

  copy->id = g_strdup (action->id);
  copy->title = g_strdup (action->title);
  copy->description = g_strdup (action->description);
  copy->why = g_strdup (action->why);
  copy->horizon = g_strdup (action->horizon);
  copy->priority = action->priority;
  copy->price_ref = g_strdup (action->price_ref);
  copy->owner = g_strdup (action->owner);
  copy->due_date = g_strdup (action->due_date);
  copy->done = action->done;
  return copy;
}

void
cn_plan_action_free (CnPlanAction *action)
{
  if (action == NULL)
    return;
  g_free (action->id);
  g_free (action->title);
  g_free (action->description);
  g_free (action->why);
  g_free (action->horizon);
  g_free (action->price_ref);
  g_free (action->owner);
  g_free (action->due_date);
  g_free (action);
}

void
cn_plan_free (CnPlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->id);
  g_free (plan->company_id);
  g_free (plan->diagnostic_id);
  g_free (plan->created_at);
  g_free (plan->updated_at);
  g_free (plan->note);
  g_free (plan->expense_kind);
  g_free (plan->issued_catalogue);
  g_clear_pointer (&plan->actions, g_ptr_array_unref);
  g_free (plan);
}

static CnPlan *
plan_new (void)
{
  CnPlan *plan = g_new0 (CnPlan, 1);

  plan->note = g_strdup ("");
  plan->planned_expense = -1;
  plan->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_plan_action_free);
  return plan;
}

const char *
cn_plan_horizon_label (const char *horizon)
{
  if (g_strcmp0 (horizon, "now") == 0)
    return _("Now");
  if (g_strcmp0 (horizon, "3-months") == 0)
    return _("Within 3 months");
  return _("Within a year");
}

/* ---- building ------------------------------------------------------------ */

static char *
answer_words (CnReferential     *referential,
              const CnQuestion  *question,
              const char *const *choices)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  if (choices == NULL)
    return g_strdup (_("no answer"));
  for (guint i = 0; choices[i] != NULL; i++)
    {
      const CnQuestionChoice *choice = cn_question_find_choice (question, choices[i]);

      g_ptr_array_add (labels, (gpointer) (choice ? choice->label : cn_referential_get_dont_know_label (referential)));
    }
  g_ptr_array_add (labels, NULL);
  return g_strjoinv (", ", (char **) labels->pdata);
}

/* The answers and scores that made a rule fire, one line each:
 * "Avez-vous un site internet ? — Non". */
static char *
explain_rule (CnReferential *referential,
              const CnRule  *rule,
              GHashTable    *answers,
              const CnScore *score)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < rule->conditions->len; c++)
    {
      const CnCondition *condition = rule->conditions->pdata[c];

      switch (condition->kind)
        {
        case CN_CONDITION_ANSWER_IN:
        case CN_CONDITION_NOT_TICKED:
          {
            g_autofree char *words = answer_words (referential, condition->question,
                                                   cn_answers_get (answers, condition->question->id));

            /* Translators: a question of the diagnostic, then the answer given */
            g_ptr_array_add (lines, g_strdup_printf (_("%s — %s"), condition->question->text, words));
          }
          break;
        case CN_CONDITION_DIMENSION_BELOW:
        case CN_CONDITION_DIMENSION_AT_LEAST:
          /* Translators: a dimension of the diagnostic and its score */
          g_ptr_array_add (lines, g_strdup_printf (_("%s: %d/100"),
                                                   cn_referential_get_dimension (referential, condition->dimension)->title,
                                                   cn_score_round (score->dimensions[condition->dimension])));
          break;
        case CN_CONDITION_OVERALL_BELOW:
          g_ptr_array_add (lines, g_strdup_printf (_("Overall score: %d/100"), score->overall_rounded));
          break;
        default:
          break;
        }
    }
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

CnPlan *
cn_plan_build (CnReferential *referential,
               CnDiagnostic  *diagnostic)
{
  g_autoptr(CnScore) score = cn_score_compute (referential, diagnostic->answers);
  CnPlan *plan = plan_new ();

  plan->company_id = g_strdup (diagnostic->company_id);
  plan->diagnostic_id = g_strdup (diagnostic->id);
  /* Rules come by priority; two rules may propose the same action. */
  for (guint r = 0; r < score->rules->len; r++)
    {
      const CnRule *rule = score->rules->pdata[r];
      CnPlanAction *action = NULL;
      g_autofree char *why = explain_rule (referential, rule, diagnostic->answers, score);

      for (guint a = 0; a < plan->actions->len && action == NULL; a++)
        if (g_str_equal (((CnPlanAction *) plan->actions->pdata[a])->id, rule->action.id))
          action = plan->actions->pdata[a];
      if (action != NULL)
        {
          g_autofree char *both = g_strconcat (action->why, "\n", why, NULL);

          g_free (action->why);
          action->why = g_steal_pointer (&both);
          continue;
        }
      action = cn_plan_action_new (rule->action.id, rule->action.title);
      g_free (action->description);
      action->description = g_strdup (rule->action.description);
      g_free (action->why);
      action->why = g_steal_pointer (&why);
      g_free (action->horizon);
      action->horizon = g_strdup (rule->action.horizon);
      action->priority = rule->action.priority;
      action->price_ref = g_strdup (rule->action.price_ref);
      g_ptr_array_add (plan->actions, action);
    }
  return plan;
}

/* ---- storage ----------------------------------------------------------- */

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* The planned expense and the issued catalogue came with schema 10 (tests
 * open older versions). */
static gboolean
read_plan_extras (CnStore  *store,
                  CnPlan   *plan,
                  GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (cn_store_get_opened_version (store) < 10)
    return TRUE;
  stmt = cn_store_prepare (store,
                           "SELECT planned_expense, expense_kind, issued_catalogue FROM plans WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", plan->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      plan->planned_expense = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 0);
      plan->expense_kind = column_strdup (stmt, 1);
      plan->issued_catalogue = column_strdup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return cn_store_set_error (store, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, error);
  return TRUE;
}

static gboolean
write_plan_extras (CnStore  *store,
                   CnPlan   *plan,
                   GError  **error)
{
  sqlite3_stmt *stmt;

  if (cn_store_get_opened_version (store) < 10)
    return TRUE;
  stmt = cn_store_prepare (store,
                           "UPDATE plans SET planned_expense = :expense, expense_kind = :kind,"
                           " issued_catalogue = :issued WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", plan->id);
  if (plan->planned_expense >= 0)
    cn_store_bind_int64 (stmt, ":expense", plan->planned_expense);
  else
    sqlite3_bind_null (stmt, sqlite3_bind_parameter_index (stmt, ":expense"));
  cn_store_bind_text (stmt, ":kind", plan->expense_kind && *plan->expense_kind ? plan->expense_kind : NULL);
  cn_store_bind_text (stmt, ":issued", plan->issued_catalogue);
  return cn_store_step_done (store, stmt, error);
}

static CnPlan *
load_plan (CnStore     *store,
           const char  *where,
           const char  *value,
           GError     **error)
{
  g_autoptr(CnPlan) plan = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT id, company_id, diagnostic_id, created_at, updated_at, note"
                                          " FROM plans WHERE %s = :value", where);
  sqlite3_stmt *stmt;
  int rc;

  stmt = cn_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":value", value);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      plan = plan_new ();
      plan->id = column_strdup (stmt, 0);
      plan->company_id = column_strdup (stmt, 1);
      plan->diagnostic_id = column_strdup (stmt, 2);
      plan->created_at = column_strdup (stmt, 3);
      plan->updated_at = column_strdup (stmt, 4);
      g_free (plan->note);
      plan->note = column_strdup (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  if (plan == NULL)
    return NULL;
  if (!read_plan_extras (store, plan, error))
    return NULL;

  stmt = cn_store_prepare (store,
                           "SELECT action_id, title, description, why, horizon, priority, price_ref, owner,"
                           " due_date, done FROM plan_actions WHERE plan_id = :id ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":id", plan->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CnPlanAction *action = g_new0 (CnPlanAction, 1);

      action->id = column_strdup (stmt, 0);
      action->title = column_strdup (stmt, 1);
      action->description = column_strdup (stmt, 2);
      action->why = column_strdup (stmt, 3);
      action->horizon = column_strdup (stmt, 4);
      action->priority = sqlite3_column_int (stmt, 5);
      action->price_ref = column_strdup (stmt, 6);
      action->owner = column_strdup (stmt, 7);
      action->due_date = column_strdup (stmt, 8);
      action->done = sqlite3_column_int (stmt, 9);
      g_ptr_array_add (plan->actions, action);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&plan);
}

static gboolean
check_action (CnPlanAction  *action,
              guint          position,
              GError       **error)
{
  static const char *const horizons[] = { "now", "3-months", "12-months", NULL };

  {
    g_autofree char *title = g_strstrip (g_strdup (action->title ? action->title : ""));

    if (*title == '\0')
      {
        g_set_error (error, CN_ERROR, CN_ERROR_INVALID, _("Action %u has no title."), position + 1);
        return FALSE;
      }
  }
  if (!g_strv_contains (horizons, action->horizon ? action->horizon : ""))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID, _("Action %u has no valid horizon."), position + 1);
      return FALSE;
    }
  if (action->due_date != NULL && *action->due_date != '\0')
    {
      g_autoptr(GDateTime) date = NULL;
      g_autofree char *iso = g_strconcat (action->due_date, "T00:00:00Z", NULL);

      date = g_date_time_new_from_iso8601 (iso, NULL);
      if (date == NULL || strlen (action->due_date) != 10)
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                       _("The date of action %u is not a date (YYYY-MM-DD)."), position + 1);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_actions (CnStore      *store,
               CnPlan       *plan,
               GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store, "DELETE FROM plan_actions WHERE plan_id = :id", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", plan->id);
  if (!cn_store_step_done (store, stmt, error))
    return FALSE;

  for (guint i = 0; i < plan->actions->len; i++)
    {
      CnPlanAction *action = plan->actions->pdata[i];

      stmt = cn_store_prepare (store,
                               "INSERT INTO plan_actions (plan_id, position, action_id, title, description, why,"
                               " horizon, priority, price_ref, owner, due_date, done) VALUES (:plan, :position,"
                               " :action, :title, :description, :why, :horizon, :priority, :price, :owner, :due, :done)",
                               error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":plan", plan->id);
      cn_store_bind_int64 (stmt, ":position", i);
      cn_store_bind_text (stmt, ":action", action->id);
      cn_store_bind_text (stmt, ":title", action->title);
      cn_store_bind_text (stmt, ":description", action->description ? action->description : "");
      cn_store_bind_text (stmt, ":why", action->why ? action->why : "");
      cn_store_bind_text (stmt, ":horizon", action->horizon);
      cn_store_bind_int64 (stmt, ":priority", action->priority);
      cn_store_bind_text (stmt, ":price", action->price_ref);
      cn_store_bind_text (stmt, ":owner", action->owner && *action->owner ? action->owner : NULL);
      cn_store_bind_text (stmt, ":due", action->due_date && *action->due_date ? action->due_date : NULL);
      cn_store_bind_int64 (stmt, ":done", action->done);
      if (!cn_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

CnPlan *
cn_store_get_plan (CnStore        *store,
                   CnReferential  *referential,
                   const char     *diagnostic_id,
                   GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CnDiagnostic) diagnostic = NULL;
  g_autofree char *now = NULL;
  CnPlan *plan;
  sqlite3_stmt *stmt;

  plan = load_plan (store, "diagnostic_id", diagnostic_id, &local_error);
  if (plan != NULL || local_error != NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return plan;
    }

  diagnostic = cn_store_load_diagnostic (store, diagnostic_id, error);
  if (diagnostic == NULL)
    return NULL;
  if (diagnostic->completed_at == NULL || diagnostic->company_id == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("A plan is made from a completed diagnostic of a saved company."));
      return NULL;
    }

  plan = cn_plan_build (referential, diagnostic);
  now = cn_now_iso8601 ();
  plan->id = g_uuid_string_random ();
  plan->created_at = g_strdup (now);
  plan->updated_at = g_strdup (now);

  if (!cn_store_begin (store, error))
    goto fail;
  stmt = cn_store_prepare (store,
                           "INSERT INTO plans (id, company_id, diagnostic_id, created_at, updated_at, note)"
                           " VALUES (:id, :company, :diagnostic, :now, :now, '')", error);
  if (stmt == NULL)
    goto rollback;
  cn_store_bind_text (stmt, ":id", plan->id);
  cn_store_bind_text (stmt, ":company", plan->company_id);
  cn_store_bind_text (stmt, ":diagnostic", plan->diagnostic_id);
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error) ||
      !write_actions (store, plan, error) ||
      !cn_store_commit (store, error))
    goto rollback;
  return plan;

rollback:
  cn_store_rollback (store);
fail:
  cn_plan_free (plan);
  return NULL;
}

gboolean
cn_store_save_plan (CnStore  *store,
                    CnPlan   *plan,
                    GError  **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  sqlite3_stmt *stmt;

  for (guint i = 0; i < plan->actions->len; i++)
    if (!check_action (plan->actions->pdata[i], i, error))
      return FALSE;
  if (plan->note != NULL && !g_utf8_validate (plan->note, -1, NULL))
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, _("The note is not valid text."));
      return FALSE;
    }
  if (plan->expense_kind != NULL && *plan->expense_kind != '\0' &&
      cn_expense_kind_label (plan->expense_kind) == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID, _("“%s” is not a kind of expense."), plan->expense_kind);
      return FALSE;
    }

  if (!cn_store_begin (store, error))
    return FALSE;
  stmt = cn_store_prepare (store, "UPDATE plans SET note = :note, updated_at = :now WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", plan->id);
  cn_store_bind_text (stmt, ":note", plan->note ? plan->note : "");
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;
  if (sqlite3_changes (cn_store_get_db (store)) == 0)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("This plan no longer exists."));
      goto fail;
    }
  if (!write_actions (store, plan, error) || !write_plan_extras (store, plan, error) ||
      !cn_store_commit (store, error))
    goto fail;
  g_free (plan->updated_at);
  plan->updated_at = g_steal_pointer (&now);
  return TRUE;

fail:
  cn_store_rollback (store);
  return FALSE;
}

/* Keeps each part of @catalogue in the archive (once per text) and
 * returns what the plan keeps: {"issued_on": day, "parts": {"aids": checksum, …}}. */
static char *
archive_catalogue (CnStore      *store,
                   CnCatalogue  *catalogue,
                   GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "issued_on");
  json_builder_add_string_value (builder, today);
  json_builder_set_member_name (builder, "parts");
  json_builder_begin_object (builder);
  for (guint part = 0; part < CN_CATALOGUE_N_PARTS; part++)
    {
      sqlite3_stmt *stmt = cn_store_prepare (store,
                                             "INSERT OR IGNORE INTO catalogue_archive (checksum, part, version, content)"
                                             " VALUES (:checksum, :part, :version, :content)", error);

      if (stmt == NULL)
        return NULL;
      cn_store_bind_text (stmt, ":checksum", cn_catalogue_get_checksum (catalogue, part));
      cn_store_bind_text (stmt, ":part", cn_catalogue_part_member (part));
      cn_store_bind_int64 (stmt, ":version", cn_catalogue_get_version (catalogue, part));
      cn_store_bind_text (stmt, ":content", cn_catalogue_get_text (catalogue, part));
      if (!cn_store_step_done (store, stmt, error))
        return NULL;
      json_builder_set_member_name (builder, cn_catalogue_part_member (part));
      json_builder_add_string_value (builder, cn_catalogue_get_checksum (catalogue, part));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

gboolean
cn_store_record_plan_issued (CnStore     *store,
                             CnPlan      *plan,
                             CnCatalogue *catalogue,
                             const char  *file_name,
                             GError     **error)
{
  g_autoptr(CnCompany) company = NULL;

  if (!cn_store_begin (store, error))
    return FALSE;
  /* The first issue fixes the catalogue the plan shows from then on. */
  if (catalogue != NULL && plan->issued_catalogue == NULL && cn_store_get_opened_version (store) >= 10)
    {
      g_autofree char *kept = archive_catalogue (store, catalogue, error);

      if (kept == NULL)
        goto fail;
      plan->issued_catalogue = g_steal_pointer (&kept);
      if (!write_plan_extras (store, plan, error))
        {
          g_clear_pointer (&plan->issued_catalogue, g_free);
          goto fail;
        }
    }
  /* The timeline keeps the file and the diagnostic it came from. */
  {
    g_autofree char *detail = g_strdup_printf ("%s\t%s", file_name, plan->diagnostic_id);

    if (!cn_store_add_event (store, plan->company_id, CN_EVENT_PLAN_ISSUED, detail, error))
      goto fail;
  }
  company = cn_store_get_company (store, plan->company_id, error);
  if (company == NULL)
    goto fail;
  if (cn_company_get_status (company) < CN_COMPANY_STATUS_PLAN_DELIVERED)
    {
      cn_company_set_status (company, CN_COMPANY_STATUS_PLAN_DELIVERED);
      if (!cn_store_update_company (store, company, NULL, error))
        goto fail;
    }
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

CnCatalogue *
cn_store_load_plan_catalogue (CnStore     *store,
                              CnPlan      *plan,
                              char       **issued_on,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  char *texts[CN_CATALOGUE_N_PARTS] = { NULL, };
  JsonObject *root = NULL, *kept = NULL;
  CnCatalogue *catalogue = NULL;

  if (plan->issued_catalogue == NULL)
    return NULL;
  if (json_parser_load_from_data (parser, plan->issued_catalogue, -1, NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    root = json_node_get_object (json_parser_get_root (parser));
  if (root != NULL && json_object_has_member (root, "parts") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "parts")))
    kept = json_object_get_object_member (root, "parts");
  if (kept == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_STORE, _("The catalogue kept with this plan cannot be read."));
      return NULL;
    }
  for (guint part = 0; part < CN_CATALOGUE_N_PARTS; part++)
    {
      const char *checksum = json_object_get_string_member_with_default (kept, cn_catalogue_part_member (part), NULL);
      sqlite3_stmt *stmt;
      int rc;

      /* A part the plan was issued without (an older app) is the shipped one. */
      if (checksum == NULL)
        continue;
      stmt = cn_store_prepare (store, "SELECT content FROM catalogue_archive WHERE checksum = :checksum", error);
      if (stmt == NULL)
        goto out;
      cn_store_bind_text (stmt, ":checksum", checksum);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        texts[part] = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          if (rc == SQLITE_DONE)
            g_set_error (error, CN_ERROR, CN_ERROR_STORE, _("The catalogue kept with this plan is missing."));
          else
            cn_store_set_error (store, rc, error);
          goto out;
        }
    }
  catalogue = cn_catalogue_load_texts ((const char *const *) texts, error);
  if (catalogue != NULL && issued_on != NULL)
    *issued_on = g_strdup (json_object_get_string_member_with_default (root, "issued_on", NULL));

out:
  for (guint part = 0; part < CN_CATALOGUE_N_PARTS; part++)
    g_free (texts[part]);
  return catalogue;
}

gboolean
cn_store_renew_plan_catalogue (CnStore     *store,
                               CnPlan      *plan,
                               GError     **error)
{
  g_autofree char *kept = g_steal_pointer (&plan->issued_catalogue);

  if (!write_plan_extras (store, plan, error))
    {
      plan->issued_catalogue = g_steal_pointer (&kept);
      return FALSE;
    }
  return TRUE;
}

/* ---- deleting a company with undo -------------------------------------- */

GPtrArray *
cn_store_take_plans (CnStore     *store,
                     const char  *company_id,
                     GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_plan_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = cn_store_prepare (store, "SELECT id FROM plans WHERE company_id = :company", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":company", company_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_strdup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      CnPlan *plan = load_plan (store, "id", ids->pdata[i], error);

      if (plan == NULL)
        return NULL;
      g_ptr_array_add (plans, plan);
    }
  /* The rows go with the company (ON DELETE CASCADE). */
  return g_steal_pointer (&plans);
}

gboolean
cn_store_put_back_plans (CnStore     *store,
                         GPtrArray   *plans,
                         GError     **error)
{
  for (guint i = 0; plans != NULL && i < plans->len; i++)
    {
      CnPlan *plan = plans->pdata[i];
      sqlite3_stmt *stmt;

      stmt = cn_store_prepare (store,
                               "INSERT INTO plans (id, company_id, diagnostic_id, created_at, updated_at, note)"
                               " VALUES (:id, :company, :diagnostic, :created, :updated, :note)", error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":id", plan->id);
      cn_store_bind_text (stmt, ":company", plan->company_id);
      cn_store_bind_text (stmt, ":diagnostic", plan->diagnostic_id);
      cn_store_bind_text (stmt, ":created", plan->created_at);
      cn_store_bind_text (stmt, ":updated", plan->updated_at);
      cn_store_bind_text (stmt, ":note", plan->note);
      if (!cn_store_step_done (store, stmt, error) || !write_actions (store, plan, error) ||
          !write_plan_extras (store, plan, error))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
cn_store_list_open_plan_actions (CnStore     *store,
                                 const char  *company_id,
                                 GError     **error)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_plan_action_free);
  g_autofree char *plan_id = NULL;
  g_autoptr(CnPlan) plan = NULL;
  sqlite3_stmt *stmt;
  int rc;

  /* The same plan as cn-report.c marks: the newest one. */
  stmt = cn_store_prepare (store,
                           "SELECT id FROM plans WHERE company_id = :company"
                           " ORDER BY created_at DESC, rowid DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":company", company_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    plan_id = column_strdup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  if (plan_id == NULL)
    return g_steal_pointer (&open);
  plan = load_plan (store, "id", plan_id, error);
  if (plan == NULL)
    return NULL;
  for (guint i = 0; i < plan->actions->len; i++)
    {
      CnPlanAction *action = plan->actions->pdata[i];

      if (!action->done)
        g_ptr_array_add (open, cn_plan_action_copy (action));
    }
  return g_steal_pointer (&open);
}
