/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-report"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cn-error.h"
#include "cn-event.h"
#include "cn-report.h"
#include "cn-store-private.h"
#include "cn-util.h"

/* ---- the model ------------------------------------------------------------ */

static const char *const cofinancing_statuses[] = { "none", "requested", "accepted", "refused" };

const char *
cn_cofinancing_status_to_string (CnCofinancingStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (cofinancing_statuses), "none");
  return cofinancing_statuses[status];
}

gboolean
cn_cofinancing_status_from_string (const char          *text,
                                   CnCofinancingStatus *status)
{
  for (guint i = 0; i < G_N_ELEMENTS (cofinancing_statuses); i++)
    if (g_strcmp0 (text, cofinancing_statuses[i]) == 0)
      {
        *status = (CnCofinancingStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cn_cofinancing_status_label (CnCofinancingStatus status)
{
  switch (status)
    {
    case CN_COFINANCING_REQUESTED: return _("Requested");
    case CN_COFINANCING_ACCEPTED: return _("Accepted");
    case CN_COFINANCING_REFUSED: return _("Refused");
    case CN_COFINANCING_NONE:
    default: return _("Not requested");
    }
}

CnReport *
cn_report_new (void)
{
  CnReport *report = g_new0 (CnReport, 1);

  report->actions_done = g_new0 (char *, 1);
  report->next_steps = g_new0 (char *, 1);
  report->maturity_before = -1;
  report->maturity_after = -1;
  report->time_spent_minutes = -1;
  report->satisfaction = -1;
  report->cofinancing_amount_cents = -1;
  report->cofinancing_status = CN_COFINANCING_NONE;
  report->revision = -1;
  return report;
}

CnReport *
cn_report_copy (const CnReport *report)
{
  CnReport *copy = g_new0 (CnReport, 1);

  *copy = *report;
  copy->id = g_strdup (report->id);
  copy->company_id = g_strdup (report->company_id);
  copy->appointment_id = g_strdup (report->appointment_id);
  copy->written_at = g_strdup (report->written_at);
  copy->created_at = g_strdup (report->created_at);
  copy->updated_at = g_strdup (report->updated_at);
  copy->date = g_strdup (report->date);
  copy->summary = g_strdup (report->summary);
  copy->actions_done = report->actions_done ? g_strdupv (report->actions_done) : g_new0 (char *, 1);
  copy->next_steps = report->next_steps ? g_strdupv (report->next_steps) : g_new0 (char *, 1);
  return copy;
}

void
cn_report_free (CnReport *report)
{
  if (report == NULL)
    return;
  g_free (report->id);
  g_free (report->company_id);
  g_free (report->appointment_id);
  g_free (report->written_at);
  g_free (report->created_at);
  g_free (report->updated_at);
  g_free (report->date);
  g_free (report->summary);
  g_strfreev (report->actions_done);
  g_strfreev (report->next_steps);
  g_free (report);
}

/* "YYYY-MM-DD", a day that exists. */
static gboolean
is_date (const char *text)
{
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  return g_date_valid_dmy (atoi (text + 8), atoi (text + 5), atoi (text));
}

/* Trimmed lines, empty ones dropped; FALSE if one is not valid text. */
static gboolean
clean_lines (GStrv *lines)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; *lines != NULL && (*lines)[i] != NULL; i++)
    {
      g_autofree char *line = g_strdup ((*lines)[i]);

      if (!g_utf8_validate (line, -1, NULL) || strlen (line) > CN_COMPANY_NOTES_MAX_BYTES)
        return FALSE;
      g_strstrip (line);
      if (*line != '\0')
        g_strv_builder_add (builder, line);
    }
  g_strfreev (*lines);
  *lines = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
check_level (int          level,
             const char  *message,
             GError     **error)
{
  if (level == -1 || (level >= 1 && level <= 5))
    return TRUE;
  g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, message);
  return FALSE;
}

gboolean
cn_report_normalize (CnReport         *report,
                     const CnProfile  *profile,
                     GError          **error)
{
  if (!is_date (report->date))
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The date of the report is not a date (YYYY-MM-DD)."));
      return FALSE;
    }

  if (report->summary == NULL || !g_utf8_validate (report->summary, -1, NULL) ||
      strlen (report->summary) > CN_COMPANY_NOTES_MAX_BYTES)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The summary of the report is missing, not valid text or too long."));
      return FALSE;
    }
  g_strstrip (report->summary);
  if (*report->summary == '\0')
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, _("The report needs a summary."));
      return FALSE;
    }

  if (!clean_lines (&report->actions_done) || !clean_lines (&report->next_steps))
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("An action done or a next step is not valid text or is too long."));
      return FALSE;
    }

  if (!check_level (report->maturity_before, _("The maturity level before must be between 1 and 5."), error) ||
      !check_level (report->maturity_after, _("The maturity level after must be between 1 and 5."), error) ||
      !check_level (report->satisfaction, _("The satisfaction must be between 1 and 5."), error))
    return FALSE;

  if (report->time_spent_minutes < -1)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, _("The time spent cannot be negative."));
      return FALSE;
    }

  if ((guint) report->cofinancing_status >= G_N_ELEMENTS (cofinancing_statuses))
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, _("The co-financing status is not valid."));
      return FALSE;
    }
  if (report->cofinancing_amount_cents < -1)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, _("The co-financing amount cannot be negative."));
      return FALSE;
    }
  if ((report->cofinancing_amount_cents >= 0 || report->cofinancing_status != CN_COFINANCING_NONE) &&
      !cn_profile_can_request_cofinancing (profile))
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("Only a labelled connector can request co-financing; your profile says you are a charter connector."));
      return FALSE;
    }
  if (report->cofinancing_amount_cents < 0 && report->cofinancing_status != CN_COFINANCING_NONE)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, _("A co-financing request needs an amount."));
      return FALSE;
    }
  if (report->cofinancing_amount_cents >= 0 && report->cofinancing_status == CN_COFINANCING_NONE)
    report->cofinancing_status = CN_COFINANCING_REQUESTED;
  return TRUE;
}

/* ---- JSON arrays of strings --------------------------------------------- */

static char *
strv_to_json (const char *const *lines)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    json_builder_add_string_value (builder, lines[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static GStrv
json_to_strv (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *root;

  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  return g_strv_builder_end (builder);
}

/* ---- reading ------------------------------------------------------------- */

#define REPORT_SELECT \
  "SELECT r.id, r.company_id, r.appointment_id, r.created_at, r.updated_at, r.revision," \
  " v.number, v.written_at, v.date, v.summary, v.actions_done, v.next_steps," \
  " v.maturity_before, v.maturity_after, v.time_spent_minutes, v.satisfaction," \
  " v.connected_commerce, v.cofinancing_amount_cents, v.cofinancing_status" \
  " FROM reports r JOIN report_revisions v ON v.report_id = r.id"

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gint64
column_int_or (sqlite3_stmt *stmt,
               int           column,
               gint64        fallback)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return fallback;
  return sqlite3_column_int64 (stmt, column);
}

static CnReport *
report_from_row (sqlite3_stmt *stmt)
{
  CnReport *report = g_new0 (CnReport, 1);

  report->id = column_strdup (stmt, 0);
  report->company_id = column_strdup (stmt, 1);
  report->appointment_id = column_strdup (stmt, 2);
  report->created_at = column_strdup (stmt, 3);
  report->updated_at = column_strdup (stmt, 4);
  report->revision = column_int_or (stmt, 5, -1);
  report->number = sqlite3_column_int (stmt, 6);
  report->written_at = column_strdup (stmt, 7);
  report->date = column_strdup (stmt, 8);
  report->summary = column_strdup (stmt, 9);
  report->actions_done = json_to_strv ((const char *) sqlite3_column_text (stmt, 10));
  report->next_steps = json_to_strv ((const char *) sqlite3_column_text (stmt, 11));
  report->maturity_before = (int) column_int_or (stmt, 12, -1);
  report->maturity_after = (int) column_int_or (stmt, 13, -1);
  report->time_spent_minutes = (int) column_int_or (stmt, 14, -1);
  report->satisfaction = (int) column_int_or (stmt, 15, -1);
  report->connected_commerce = sqlite3_column_int (stmt, 16) != 0;
  report->cofinancing_amount_cents = column_int_or (stmt, 17, -1);
  if (!cn_cofinancing_status_from_string ((const char *) sqlite3_column_text (stmt, 18),
                                          &report->cofinancing_status))
    report->cofinancing_status = CN_COFINANCING_NONE;
  return report;
}

/* Runs @stmt (bound, not yet stepped) and collects its rows. */
static GPtrArray *
collect_reports (CnStore       *store,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_report_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, report_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("This report no longer exists."));
}

CnReport *
cn_store_get_report (CnStore     *store,
                     const char  *id,
                     GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store, REPORT_SELECT " AND v.number = r.current_revision WHERE r.id = :id", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":id", id);
  if ((list = collect_reports (store, stmt, error)) == NULL)
    return NULL;
  if (list->len == 0)
    {
      set_not_found (error);
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

GPtrArray *
cn_store_list_report_revisions (CnStore     *store,
                                const char  *id,
                                GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store, REPORT_SELECT " WHERE r.id = :id ORDER BY v.number", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":id", id);
  if ((list = collect_reports (store, stmt, error)) == NULL)
    return NULL;
  if (list->len == 0)
    {
      set_not_found (error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

GPtrArray *
cn_store_list_reports (CnStore     *store,
                       const char  *company_id,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           REPORT_SELECT " AND v.number = r.current_revision"
                           " WHERE :company IS NULL OR r.company_id = :company"
                           " ORDER BY v.date DESC, r.created_at DESC, r.id", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":company", company_id);
  return collect_reports (store, stmt, error);
}

/* ---- writing ------------------------------------------------------------- */

static gboolean
query_exists (CnStore      *store,
              sqlite3_stmt *stmt,
              gboolean     *exists,
              GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return cn_store_set_error (store, rc, error);
    }
  *exists = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
check_company (CnStore     *store,
               const char  *company_id,
               GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;

  if (company_id == NULL)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, _("A report is written for a company."));
      return FALSE;
    }
  stmt = cn_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM companies WHERE id = :id)", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", company_id);
  if (!query_exists (store, stmt, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("This company no longer exists."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_appointment (CnStore     *store,
                   const char  *appointment_id,
                   const char  *company_id,
                   GError     **error)
{
  g_autofree char *owner = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (appointment_id == NULL)
    return TRUE;
  stmt = cn_store_prepare (store, "SELECT company_id FROM appointments WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", appointment_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    owner = column_strdup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cn_store_set_error (store, rc, error);
  if (owner == NULL)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("The appointment of the report does not exist."));
      return FALSE;
    }
  if (!g_str_equal (owner, company_id))
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The appointment of the report is with another company."));
      return FALSE;
    }
  return TRUE;
}

/* Marks done the actions @ids of the company's latest plan and appends
 * their titles to report->actions_done (each once). */
static gboolean
mark_plan_actions (CnStore            *store,
                   CnReport           *report,
                   const char *const  *ids,
                   const char         *now,
                   GError            **error)
{
  g_autoptr(GPtrArray) done = NULL;
  g_autofree char *plan_id = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (ids == NULL || ids[0] == NULL)
    return TRUE;

  stmt = cn_store_prepare (store,
                           "SELECT id FROM plans WHERE company_id = :company"
                           " ORDER BY created_at DESC, rowid DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":company", report->company_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    plan_id = column_strdup (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return cn_store_set_error (store, rc, error);
  if (plan_id == NULL)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("This company has no action plan whose actions could be marked done."));
      return FALSE;
    }

  done = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; report->actions_done[i] != NULL; i++)
    g_ptr_array_add (done, g_strdup (report->actions_done[i]));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autofree char *title = NULL;
      gboolean listed = FALSE;

      stmt = cn_store_prepare (store,
                               "SELECT title FROM plan_actions WHERE plan_id = :plan AND action_id = :action"
                               " ORDER BY position LIMIT 1", error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":plan", plan_id);
      cn_store_bind_text (stmt, ":action", ids[i]);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        title = column_strdup (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return cn_store_set_error (store, rc, error);
      if (title == NULL)
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                       _("The company's action plan has no action “%s”."), ids[i]);
          return FALSE;
        }

      stmt = cn_store_prepare (store,
                               "UPDATE plan_actions SET done = 1 WHERE plan_id = :plan AND action_id = :action",
                               error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":plan", plan_id);
      cn_store_bind_text (stmt, ":action", ids[i]);
      if (!cn_store_step_done (store, stmt, error))
        return FALSE;

      for (guint l = 0; l < done->len && !listed; l++)
        listed = g_str_equal (done->pdata[l], title);
      if (!listed)
        g_ptr_array_add (done, g_steal_pointer (&title));
    }

  stmt = cn_store_prepare (store, "UPDATE plans SET updated_at = :now WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", plan_id);
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    return FALSE;

  g_ptr_array_add (done, NULL);
  g_strfreev (report->actions_done);
  report->actions_done = (GStrv) g_ptr_array_steal (done, NULL);
  return TRUE;
}

static void
bind_optional (sqlite3_stmt *stmt,
               const char   *name,
               gint64        value)
{
  if (value >= 0)
    cn_store_bind_int64 (stmt, name, value);
  else
    cn_store_bind_text (stmt, name, NULL);
}

static gboolean
insert_revision (CnStore         *store,
                 const CnReport  *report,
                 GError         **error)
{
  g_autofree char *actions = strv_to_json ((const char *const *) report->actions_done);
  g_autofree char *steps = strv_to_json ((const char *const *) report->next_steps);
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           "INSERT INTO report_revisions (report_id, number, written_at, date, summary,"
                           " actions_done, next_steps, maturity_before, maturity_after, time_spent_minutes,"
                           " satisfaction, connected_commerce, cofinancing_amount_cents, cofinancing_status)"
                           " VALUES (:id, :number, :written, :date, :summary, :actions, :steps, :before, :after,"
                           " :time, :satisfaction, :connected, :amount, :status)", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", report->id);
  cn_store_bind_int64 (stmt, ":number", report->number);
  cn_store_bind_text (stmt, ":written", report->written_at);
  cn_store_bind_text (stmt, ":date", report->date);
  cn_store_bind_text (stmt, ":summary", report->summary);
  cn_store_bind_text (stmt, ":actions", actions);
  cn_store_bind_text (stmt, ":steps", steps);
  bind_optional (stmt, ":before", report->maturity_before);
  bind_optional (stmt, ":after", report->maturity_after);
  bind_optional (stmt, ":time", report->time_spent_minutes);
  bind_optional (stmt, ":satisfaction", report->satisfaction);
  cn_store_bind_int64 (stmt, ":connected", report->connected_commerce ? 1 : 0);
  bind_optional (stmt, ":amount", report->cofinancing_amount_cents);
  cn_store_bind_text (stmt, ":status", cn_cofinancing_status_to_string (report->cofinancing_status));
  return cn_store_step_done (store, stmt, error);
}

static gboolean
normalize_with_profile (CnStore   *store,
                        CnReport  *report,
                        GError   **error)
{
  g_autoptr(CnProfile) profile = cn_store_get_profile (store, error);

  if (profile == NULL)
    return FALSE;
  if (report->appointment_id != NULL && *report->appointment_id == '\0')
    g_clear_pointer (&report->appointment_id, g_free);
  return cn_report_normalize (report, profile, error);
}

gboolean
cn_store_add_report (CnStore            *store,
                     CnReport           *report,
                     const char *const  *plan_action_ids,
                     GError            **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *id = g_uuid_string_random ();
  g_auto(GStrv) actions_before = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  if (!normalize_with_profile (store, report, error))
    return FALSE;
  actions_before = g_strdupv (report->actions_done);

  if (!cn_store_begin (store, error))
    return FALSE;
  if (!check_company (store, report->company_id, error) ||
      !check_appointment (store, report->appointment_id, report->company_id, error) ||
      !mark_plan_actions (store, report, plan_action_ids, now, error))
    goto fail;

  stmt = cn_store_prepare (store,
                           "INSERT INTO reports (id, company_id, appointment_id, current_revision, created_at,"
                           " updated_at) VALUES (:id, :company, :appointment, 1, :now, :now)", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", id);
  cn_store_bind_text (stmt, ":company", report->company_id);
  cn_store_bind_text (stmt, ":appointment", report->appointment_id);
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;

  g_free (report->id);
  report->id = g_strdup (id);
  report->number = 1;
  cn_set_str (&report->written_at, now);
  if (!insert_revision (store, report, error) ||
      !cn_store_add_event (store, report->company_id, CN_EVENT_REPORT, report->summary, error) ||
      !cn_store_queue_change (store, "report", id, "upsert", error))
    goto fail;
  /* A failed commit has rolled back already. */
  if (!cn_store_commit (store, error))
    goto restore;

  cn_set_str (&report->created_at, now);
  cn_set_str (&report->updated_at, now);
  report->revision = -1;
  return TRUE;

fail:
  cn_store_rollback (store);
restore:
  g_clear_pointer (&report->id, g_free);
  g_clear_pointer (&report->written_at, g_free);
  report->number = 0;
  g_strfreev (report->actions_done);
  report->actions_done = g_steal_pointer (&actions_before);
  return FALSE;
}

gboolean
cn_store_correct_report (CnStore            *store,
                         CnReport           *report,
                         const char *const  *plan_action_ids,
                         GError            **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autoptr(CnReport) current = NULL;
  g_auto(GStrv) actions_before = NULL;
  int number_before = report->number;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  if (report->id == NULL)
    {
      set_not_found (error);
      return FALSE;
    }
  if (!normalize_with_profile (store, report, error))
    return FALSE;
  actions_before = g_strdupv (report->actions_done);

  if (!cn_store_begin (store, error))
    return FALSE;
  if ((current = cn_store_get_report (store, report->id, error)) == NULL)
    goto fail;
  if (report->company_id == NULL)
    report->company_id = g_strdup (current->company_id);
  else if (!g_str_equal (report->company_id, current->company_id))
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("A report cannot be moved to another company."));
      goto fail;
    }
  if (!check_appointment (store, report->appointment_id, report->company_id, error) ||
      !mark_plan_actions (store, report, plan_action_ids, now, error))
    goto fail;

  stmt = cn_store_prepare (store,
                           "UPDATE reports SET current_revision = :number, appointment_id = :appointment,"
                           " updated_at = :now WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", report->id);
  cn_store_bind_int64 (stmt, ":number", current->number + 1);
  cn_store_bind_text (stmt, ":appointment", report->appointment_id);
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;

  report->number = current->number + 1;
  cn_set_str (&report->written_at, now);
  if (!insert_revision (store, report, error) ||
      !cn_store_queue_change (store, "report", report->id, "upsert", error))
    goto fail;
  if (!cn_store_commit (store, error))
    goto restore;

  cn_set_str (&report->created_at, current->created_at);
  cn_set_str (&report->updated_at, now);
  report->revision = current->revision;
  return TRUE;

fail:
  cn_store_rollback (store);
restore:
  report->number = number_before;
  g_strfreev (report->actions_done);
  report->actions_done = g_steal_pointer (&actions_before);
  return FALSE;
}

gboolean
cn_store_delete_report (CnStore     *store,
                        const char  *id,
                        GError     **error)
{
  g_autoptr(CnReport) current = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  if (!cn_store_begin (store, error))
    return FALSE;
  if ((current = cn_store_get_report (store, id, error)) == NULL)
    goto fail;
  /* The revisions go with it (ON DELETE CASCADE). */
  stmt = cn_store_prepare (store, "DELETE FROM reports WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", id);
  if (!cn_store_step_done (store, stmt, error) ||
      !cn_store_queue_delete (store, "report", id, current->revision, error))
    goto fail;
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

/* ---- deleting a company with undo ---------------------------------------- */

/* Returns an array of reports, each an array of its revisions (CnReport,
 * oldest first). */
GPtrArray *
cn_store_take_reports (CnStore     *store,
                       const char  *company_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  sqlite3_stmt *stmt;
  int rc;

  stmt = cn_store_prepare (store, "SELECT id FROM reports WHERE company_id = :company ORDER BY created_at", error);
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
      GPtrArray *revisions = cn_store_list_report_revisions (store, ids->pdata[i], error);
      CnReport *first;

      if (revisions == NULL)
        return NULL;
      g_ptr_array_add (reports, revisions);
      first = revisions->pdata[0];
      /* The rows go with the company (ON DELETE CASCADE). */
      if (!cn_store_queue_delete (store, "report", first->id, first->revision, error))
        return NULL;
    }
  return g_steal_pointer (&reports);
}

gboolean
cn_store_put_back_reports (CnStore    *store,
                           GPtrArray  *reports,
                           GError    **error)
{
  for (guint i = 0; reports != NULL && i < reports->len; i++)
    {
      GPtrArray *revisions = reports->pdata[i];
      CnReport *current;
      sqlite3_stmt *stmt;

      if (revisions->len == 0)
        continue;
      current = revisions->pdata[revisions->len - 1];
      /* The appointment only if it is back too. */
      stmt = cn_store_prepare (store,
                               "INSERT INTO reports (id, company_id, appointment_id, current_revision, created_at,"
                               " updated_at, revision) VALUES (:id, :company,"
                               " (SELECT id FROM appointments WHERE id = :appointment), :number, :created,"
                               " :updated, :revision)", error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":id", current->id);
      cn_store_bind_text (stmt, ":company", current->company_id);
      cn_store_bind_text (stmt, ":appointment", current->appointment_id);
      cn_store_bind_int64 (stmt, ":number", current->number);
      cn_store_bind_text (stmt, ":created", current->created_at);
      cn_store_bind_text (stmt, ":updated", current->updated_at);
      bind_optional (stmt, ":revision", current->revision);
      if (!cn_store_step_done (store, stmt, error))
        return FALSE;

      for (guint r = 0; r < revisions->len; r++)
        if (!insert_revision (store, revisions->pdata[r], error))
          return FALSE;
      if (!cn_store_queue_change (store, "report", current->id, "upsert", error))
        return FALSE;
    }
  return TRUE;
}
