/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The programme's indicators over a period: a few aggregate queries on the
 * store (see cn-dashboard.h for the definitions). */
#define G_LOG_DOMAIN "cn-dashboard"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cn-dashboard.h"
#include "cn-error.h"
#include "cn-store-private.h"

/* The programme is French: periods are days in metropolitan France.  The
 * POSIX rule is the same zone, for a system without tzdata. */
#define PARIS_ZONE "Europe/Paris"
#define PARIS_RULE "CET-1CEST,M3.5.0,M10.5.0/3"

void
cn_dashboard_free (CnDashboard *dashboard)
{
  if (dashboard == NULL)
    return;
  g_free (dashboard->from);
  g_free (dashboard->to);
  g_free (dashboard);
}

/* ---- the period ------------------------------------------------------- */

static gboolean
parse_day (const char  *text,
           GDate       *date,
           GError     **error)
{
  unsigned year, month, day;
  char end;

  g_date_clear (date, 1);
  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-' &&
      g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && g_ascii_isdigit (text[2]) &&
      g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[5]) && g_ascii_isdigit (text[6]) &&
      g_ascii_isdigit (text[8]) && g_ascii_isdigit (text[9]) &&
      sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) == 3 &&
      year >= 1 && g_date_valid_dmy (day, month, year))
    {
      g_date_set_dmy (date, day, month, year);
      return TRUE;
    }
  g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
               /* Translators: %s is what was typed; keep YYYY-MM-DD as is */
               _("“%s” is not a date: write it as YYYY-MM-DD, for example 2026-03-31."), text);
  return FALSE;
}

/* The UTC instant of local midnight at the start of @date, as a prefix of
 * the stored "YYYY-MM-DDTHH:MM:SS[.ffffff]Z": without the "Z", it sorts
 * before every stored time of that second, so ">=" and "<" compare right
 * whether or not a time has microseconds. */
static char *
utc_start_of_day (const GDate *date)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (PARIS_ZONE);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (zone == NULL)
    zone = g_time_zone_new_identifier (PARIS_RULE);
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  local = g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date),
                           g_date_get_day (date), 0, 0, 0);
  utc = g_date_time_to_utc (local);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
}

typedef struct {
  /* Local dates, for stored dates; "" and "~" when unbounded (every
   * stored date sorts between them). */
  char    *first_day;
  char    *last_day;
  /* UTC prefixes, for stored times: [start, end). */
  char    *start;
  char    *end;
  gboolean bounded;
} Period;

static void
period_clear (Period *period)
{
  g_free (period->first_day);
  g_free (period->last_day);
  g_free (period->start);
  g_free (period->end);
}

static gboolean
period_init (Period      *period,
             const char  *from,
             const char  *to,
             GError     **error)
{
  GDate from_date, to_date;

  memset (period, 0, sizeof *period);
  if ((from && !parse_day (from, &from_date, error)) ||
      (to && !parse_day (to, &to_date, error)))
    return FALSE;
  if (from && to && g_date_compare (&from_date, &to_date) > 0)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("The period starts on %s, after its end on %s."), from, to);
      return FALSE;
    }

  period->bounded = from != NULL || to != NULL;
  period->first_day = g_strdup (from ? from : "");
  period->last_day = g_strdup (to ? to : "~");
  period->start = from ? utc_start_of_day (&from_date) : g_strdup ("");
  if (to)
    {
      g_date_add_days (&to_date, 1);
      period->end = utc_start_of_day (&to_date);
    }
  else
    period->end = g_strdup ("~");
  return TRUE;
}

/* ---- the queries ------------------------------------------------------ */

static gboolean
step_error (CnStore       *store,
            sqlite3_stmt  *stmt,
            int            rc,
            GError       **error)
{
  cn_store_set_error (store, rc, error);
  sqlite3_reset (stmt);
  return FALSE;
}

/* Every company, by its current status. */
static gboolean
count_companies (CnStore      *store,
                 CnDashboard  *dashboard,
                 GError      **error)
{
  /* Reads the companies_status index only. */
  sqlite3_stmt *stmt = cn_store_prepare (store, "SELECT status, count(*) FROM companies GROUP BY status", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CnCompanyStatus status;
      guint n = sqlite3_column_int (stmt, 1);

      dashboard->companies_total += n;
      if (cn_company_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &status))
        dashboard->companies_by_status[status] += n;
    }
  if (rc != SQLITE_DONE)
    return step_error (store, stmt, rc, error);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The rows of @table whose @column is in the period, when it is a small
 * part of the table: then reading that range of the index, and the rows
 * behind it, is quicker than reading the whole table.  Counted on the
 * index alone. */
static gboolean
is_narrow (CnStore     *store,
           const char  *count_in_range,
           const char  *count_all,
           const char  *low,
           const char  *high,
           int          share,
           gboolean    *narrow,
           GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 in_range, all;
  int rc;

  if ((stmt = cn_store_prepare (store, count_in_range, error)) == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":low", low);
  cn_store_bind_text (stmt, ":high", high);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return step_error (store, stmt, rc, error);
  in_range = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if ((stmt = cn_store_prepare (store, count_all, error)) == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return step_error (store, stmt, rc, error);
  all = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  /* Narrow when the period holds less than 1/share of the rows. */
  *narrow = in_range * share < all;
  return TRUE;
}

#define APPOINTMENT_COUNTS \
  "SELECT count(*) FILTER (WHERE status = 'planned'), count(*) FILTER (WHERE status = 'done')," \
  " count(*) FILTER (WHERE status = 'cancelled'), count(*) FILTER (WHERE status = 'no_show')"

static gboolean
count_appointments (CnStore      *store,
                    const Period *period,
                    CnDashboard  *dashboard,
                    GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean narrow = FALSE;
  int rc;

  /* No index holds the status: a short period reads its range of
   * appointments_start and the rows behind it, a long one the table
   * ("+starts_at" keeps the planner off the index). */
  if (period->bounded &&
      !is_narrow (store,
                  "SELECT count(*) FROM appointments WHERE starts_at >= :low AND starts_at < :high",
                  "SELECT count(*) FROM appointments", period->start, period->end, 1, &narrow, error))
    return FALSE;
  stmt = cn_store_prepare (store, narrow
                           ? APPOINTMENT_COUNTS " FROM appointments WHERE starts_at >= :start AND starts_at < :end"
                           : APPOINTMENT_COUNTS " FROM appointments WHERE +starts_at >= :start AND +starts_at < :end",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":start", period->start);
  cn_store_bind_text (stmt, ":end", period->end);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return step_error (store, stmt, rc, error);
  dashboard->appointments_planned = sqlite3_column_int (stmt, 0);
  dashboard->appointments_done = sqlite3_column_int (stmt, 1);
  dashboard->appointments_cancelled = sqlite3_column_int (stmt, 2);
  dashboard->appointments_no_show = sqlite3_column_int (stmt, 3);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The current revision of each report dated in the period: a short period
 * from the report_revisions_date index, a long one from every report and
 * its current revision (one primary-key search each). */
#define REPORT_SUMS \
  "SELECT count(*)," \
  " count(*) FILTER (WHERE v.cofinancing_status <> 'none')," \
  " coalesce (sum (v.cofinancing_amount_cents) FILTER (WHERE v.cofinancing_status <> 'none'), 0)," \
  " count(*) FILTER (WHERE v.cofinancing_status = 'accepted')," \
  " coalesce (sum (v.cofinancing_amount_cents) FILTER (WHERE v.cofinancing_status = 'accepted'), 0)," \
  " count(v.satisfaction), coalesce (sum (v.satisfaction), 0)," \
  " count(DISTINCT r.company_id) FILTER (WHERE v.connected_commerce <> 0)," \
  " count(DISTINCT r.company_id) FILTER (WHERE v.connected_commerce <> 0" \
  "   AND r.company_id IN (SELECT value FROM json_each (:rising)))"

/* @rising: the companies whose diagnostics show connected commerce (a
 * JSON array), so that a company found both ways counts once. */
static gboolean
sum_reports (CnStore      *store,
             const Period *period,
             const char   *rising,
             guint         n_rising,
             CnDashboard  *dashboard,
             GError      **error)
{
  sqlite3_stmt *stmt;
  gboolean narrow = FALSE;
  guint flagged, both;
  int rc;

  if (period->bounded &&
      !is_narrow (store,
                  "SELECT count(*) FROM report_revisions WHERE date BETWEEN :low AND :high",
                  "SELECT count(*) FROM report_revisions", period->first_day, period->last_day, 10, &narrow, error))
    return FALSE;
  stmt = cn_store_prepare (store, narrow
                           ? REPORT_SUMS
                             " FROM report_revisions v JOIN reports r"
                             "  ON r.id = v.report_id AND r.current_revision = v.number"
                             " WHERE v.date BETWEEN :first AND :last"
                           : REPORT_SUMS
                             /* Long periods: walk the reports (their current
                              * revision from the covering index), then
                              * fetch that revision by its key. */
                             " FROM reports r CROSS JOIN report_revisions v"
                             "  ON v.report_id = r.id AND v.number = r.current_revision"
                             " WHERE v.date BETWEEN :first AND :last",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":first", period->first_day);
  cn_store_bind_text (stmt, ":last", period->last_day);
  cn_store_bind_text (stmt, ":rising", rising);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return step_error (store, stmt, rc, error);
  dashboard->reports_written = sqlite3_column_int (stmt, 0);
  dashboard->cofinancing_requested = sqlite3_column_int (stmt, 1);
  dashboard->cofinancing_requested_cents = sqlite3_column_int64 (stmt, 2);
  dashboard->cofinancing_accepted = sqlite3_column_int (stmt, 3);
  dashboard->cofinancing_accepted_cents = sqlite3_column_int64 (stmt, 4);
  dashboard->satisfaction_responses = sqlite3_column_int (stmt, 5);
  if (dashboard->satisfaction_responses > 0)
    dashboard->satisfaction_average = (double) sqlite3_column_int64 (stmt, 6) / dashboard->satisfaction_responses;
  flagged = sqlite3_column_int (stmt, 7);
  both = sqlite3_column_int (stmt, 8);
  dashboard->connected_commerce_companies = flagged + n_rising - both;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sum_outreach (CnStore      *store,
              const Period *period,
              CnDashboard  *dashboard,
              GError      **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store,
                                         "SELECT count(*), coalesce (sum (smes_reached), 0), coalesce (sum (leads), 0)"
                                         " FROM outreach WHERE date BETWEEN :first AND :last", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":first", period->first_day);
  cn_store_bind_text (stmt, ":last", period->last_day);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return step_error (store, stmt, rc, error);
  dashboard->outreach_actions = sqlite3_column_int (stmt, 0);
  dashboard->outreach_smes_reached = sqlite3_column_int64 (stmt, 1);
  dashboard->outreach_leads = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);
  return TRUE;
}

/* One diagnostic, as much of it as the dashboard needs. */
typedef struct {
  char   *completed_at;
  char   *id;
  gint64  overall;
  char   *scores;
} Diagnostic;

static void
diagnostic_set (Diagnostic   *diagnostic,
                sqlite3_stmt *stmt)
{
  g_free (diagnostic->completed_at);
  g_free (diagnostic->id);
  g_free (diagnostic->scores);
  diagnostic->completed_at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  diagnostic->id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  diagnostic->overall = sqlite3_column_int64 (stmt, 3);
  diagnostic->scores = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
}

static void
diagnostic_clear (Diagnostic *diagnostic)
{
  g_free (diagnostic->completed_at);
  g_free (diagnostic->id);
  g_free (diagnostic->scores);
  memset (diagnostic, 0, sizeof *diagnostic);
}

typedef struct {
  CnStore      *store;
  const Period *period;
  CnDashboard  *dashboard;
  gint64        maturity_sum;
  gint64        gain_sum;
  GString      *rising;     /* JSON array of company ids */
  guint         n_rising;
} DiagnosticSums;

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if ((guchar) *p < 0x20)
        g_string_append_printf (out, "\\u%04x", (guchar) *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Whether the sales or visibility score of @latest is above @first's. */
static gboolean
scores_rose (CnStore     *store,
             const char  *first,
             const char  *latest,
             gboolean    *rose,
             GError     **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store,
                                         "SELECT coalesce (json_extract (:latest, '$.vente') > json_extract (:first, '$.vente')"
                                         "  OR json_extract (:latest, '$.visibilite') > json_extract (:first, '$.visibilite'), 0)",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":first", first);
  cn_store_bind_text (stmt, ":latest", latest);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return step_error (store, stmt, rc, error);
  *rose = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
end_company (DiagnosticSums  *sums,
             const char      *company_id,
             guint            n,
             Diagnostic      *first,
             Diagnostic      *latest,
             GError         **error)
{
  gboolean rose = FALSE;

  sums->dashboard->maturity_companies++;
  sums->maturity_sum += latest->overall;
  if (n < 2)
    return TRUE;
  sums->dashboard->gain_companies++;
  sums->gain_sum += latest->overall - first->overall;
  if (strcmp (latest->completed_at, sums->period->start) < 0)
    return TRUE;
  if (!scores_rose (sums->store, first->scores, latest->scores, &rose, error))
    return FALSE;
  if (rose)
    {
      g_string_append_c (sums->rising, sums->n_rising ? ',' : '[');
      append_json_string (sums->rising, company_id);
      sums->n_rising++;
    }
  return TRUE;
}

/* First and latest diagnostic of each company, as of the end of the
 * period: one pass over the diagnostics completed by then, sorted by
 * company (reading the table and sorting beats following the
 * diagnostics_company index to rows in random order).  Ties on the completion time go
 * to the smaller id, for the first as for the latest, as in
 * cn_store_list_latest_diagnostics (). */
static gboolean
sum_diagnostics (DiagnosticSums  *sums,
                 GError         **error)
{
  CnStore *store = sums->store;
  const Period *period = sums->period;
  sqlite3_stmt *stmt;
  g_autofree char *company = NULL;
  Diagnostic first = { 0 }, latest = { 0 };
  guint n = 0;
  int rc;

  stmt = cn_store_prepare (store,
                           "SELECT count(*) FROM diagnostics"
                           " WHERE completed_at >= :start AND completed_at < :end", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":start", period->start);
  cn_store_bind_text (stmt, ":end", period->end);
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return step_error (store, stmt, rc, error);
  sums->dashboard->diagnostics_completed = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  stmt = cn_store_prepare (store,
                           "SELECT company_id, completed_at, id, overall, scores FROM diagnostics NOT INDEXED"
                           " WHERE company_id IS NOT NULL AND completed_at IS NOT NULL AND completed_at < :end"
                           "  AND overall IS NOT NULL"
                           " ORDER BY company_id, completed_at", error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":end", period->end);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *row_company = (const char *) sqlite3_column_text (stmt, 0);
      const char *completed_at = (const char *) sqlite3_column_text (stmt, 1);
      const char *id = (const char *) sqlite3_column_text (stmt, 2);

      if (company == NULL || strcmp (company, row_company) != 0)
        {
          if (company != NULL && !end_company (sums, company, n, &first, &latest, error))
            goto fail;
          g_free (company);
          company = g_strdup (row_company);
          n = 0;
          diagnostic_set (&first, stmt);
          diagnostic_set (&latest, stmt);
        }
      else if (strcmp (completed_at, latest.completed_at) > 0 ||
               strcmp (id, latest.id) < 0)
        {
          /* Later, or as late with a smaller id; and the first, at the
           * same time as the first with a smaller id. */
          if (g_str_equal (completed_at, first.completed_at) && strcmp (id, first.id) < 0)
            diagnostic_set (&first, stmt);
          diagnostic_set (&latest, stmt);
        }
      n++;
    }
  if (rc != SQLITE_DONE)
    {
      step_error (store, stmt, rc, error);
      goto fail;
    }
  sqlite3_reset (stmt);
  if (company != NULL && !end_company (sums, company, n, &first, &latest, error))
    goto fail;
  diagnostic_clear (&first);
  diagnostic_clear (&latest);
  return TRUE;

fail:
  sqlite3_reset (stmt);
  diagnostic_clear (&first);
  diagnostic_clear (&latest);
  return FALSE;
}

static gboolean
exec_simple (CnStore     *store,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (cn_store_get_db (store), sql, NULL, NULL, NULL);

  return rc == SQLITE_OK || cn_store_set_error (store, rc, error);
}

CnDashboard *
cn_dashboard_compute (CnStore     *store,
                      const char  *from,
                      const char  *to,
                      GError     **error)
{
  g_autoptr(CnDashboard) dashboard = NULL;
  g_autoptr(GString) rising = g_string_new (NULL);
  DiagnosticSums sums = { 0 };
  Period period;
  sqlite3 *db;
  gboolean own_transaction, ok;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!period_init (&period, from, to, error))
    {
      period_clear (&period);
      return NULL;
    }

  dashboard = g_new0 (CnDashboard, 1);
  dashboard->from = g_strdup (from);
  dashboard->to = g_strdup (to);
  sums.store = store;
  sums.period = &period;
  sums.dashboard = dashboard;
  sums.rising = rising;

  /* One read transaction, so every figure sees the same state: a plain
   * (deferred) BEGIN, not cn_store_begin ()'s IMMEDIATE, which would take
   * the write lock.  Inside the caller's transaction, that one does. */
  db = cn_store_get_db (store);
  own_transaction = sqlite3_get_autocommit (db);
  ok = !own_transaction || exec_simple (store, "BEGIN", error);
  if (ok)
    {
      ok = count_companies (store, dashboard, error) &&
           count_appointments (store, &period, dashboard, error) &&
           sum_diagnostics (&sums, error);
      if (sums.n_rising > 0)
        g_string_append_c (sums.rising, ']');
      else
        g_string_assign (sums.rising, "[]");
      ok = ok &&
           sum_reports (store, &period, sums.rising->str, sums.n_rising, dashboard, error) &&
           sum_outreach (store, &period, dashboard, error);
      if (own_transaction)
        {
          if (ok)
            ok = exec_simple (store, "COMMIT", error);
          if (!ok)
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
        }
    }
  period_clear (&period);
  if (!ok)
    return NULL;
  if (dashboard->maturity_companies > 0)
    dashboard->maturity_average = (double) sums.maturity_sum / dashboard->maturity_companies;
  if (dashboard->gain_companies > 0)
    dashboard->gain_average = (double) sums.gain_sum / dashboard->gain_companies;
  return g_steal_pointer (&dashboard);
}

/* ---- presentation ----------------------------------------------------- */

typedef enum {
  F_COMPANIES_TOTAL,
  F_DIAGNOSTICS,
  F_MATURITY,
  F_GAIN,
  F_APPOINTMENTS_PLANNED,
  F_APPOINTMENTS_DONE,
  F_APPOINTMENTS_CANCELLED,
  F_APPOINTMENTS_NO_SHOW,
  F_REPORTS,
  F_COFINANCING_REQUESTED,
  F_COFINANCING_REQUESTED_AMOUNT,
  F_COFINANCING_ACCEPTED,
  F_COFINANCING_ACCEPTED_AMOUNT,
  F_CONNECTED_COMMERCE,
  F_SATISFACTION,
  F_OUTREACH_ACTIONS,
  F_OUTREACH_SMES,
  F_OUTREACH_LEADS,
  F_COMPANIES_STATUS = 100,  /* + status */
} Field;

static const struct {
  const char      *id;
  const char      *label;
  Field            field;
  CnDashboardKind  kind;
  guint            decimals;
} indicators[] = {
  { "companies_total", N_("Companies followed"), F_COMPANIES_TOTAL, CN_DASHBOARD_COUNT, 0 },
  { "companies_lead", NULL, F_COMPANIES_STATUS + CN_COMPANY_STATUS_LEAD, CN_DASHBOARD_COUNT, 0 },
  { "companies_contacted", NULL, F_COMPANIES_STATUS + CN_COMPANY_STATUS_CONTACTED, CN_DASHBOARD_COUNT, 0 },
  { "companies_diagnosed", NULL, F_COMPANIES_STATUS + CN_COMPANY_STATUS_DIAGNOSED, CN_DASHBOARD_COUNT, 0 },
  { "companies_plan_delivered", NULL, F_COMPANIES_STATUS + CN_COMPANY_STATUS_PLAN_DELIVERED, CN_DASHBOARD_COUNT, 0 },
  { "companies_accompanied", NULL, F_COMPANIES_STATUS + CN_COMPANY_STATUS_ACCOMPANIED, CN_DASHBOARD_COUNT, 0 },
  { "companies_followed_up", NULL, F_COMPANIES_STATUS + CN_COMPANY_STATUS_FOLLOWED_UP, CN_DASHBOARD_COUNT, 0 },
  { "companies_closed", NULL, F_COMPANIES_STATUS + CN_COMPANY_STATUS_CLOSED, CN_DASHBOARD_COUNT, 0 },
  { "diagnostics_completed", N_("Diagnostics completed"), F_DIAGNOSTICS, CN_DASHBOARD_COUNT, 0 },
  { "maturity_average", N_("Average digital maturity (out of 100)"), F_MATURITY, CN_DASHBOARD_AVERAGE, 1 },
  { "gain_average", N_("Average gain between first and latest diagnostic (points)"), F_GAIN, CN_DASHBOARD_AVERAGE, 1 },
  { "appointments_planned", N_("Appointments planned"), F_APPOINTMENTS_PLANNED, CN_DASHBOARD_COUNT, 0 },
  { "appointments_done", N_("Appointments held"), F_APPOINTMENTS_DONE, CN_DASHBOARD_COUNT, 0 },
  { "appointments_cancelled", N_("Appointments cancelled"), F_APPOINTMENTS_CANCELLED, CN_DASHBOARD_COUNT, 0 },
  { "appointments_no_show", N_("Appointments missed (no-show)"), F_APPOINTMENTS_NO_SHOW, CN_DASHBOARD_COUNT, 0 },
  { "reports_written", N_("Progress reports written"), F_REPORTS, CN_DASHBOARD_COUNT, 0 },
  { "cofinancing_requested", N_("Co-financed services requested"), F_COFINANCING_REQUESTED, CN_DASHBOARD_COUNT, 0 },
  { "cofinancing_requested_amount_eur", N_("Co-financing requested (€)"), F_COFINANCING_REQUESTED_AMOUNT, CN_DASHBOARD_AMOUNT, 2 },
  { "cofinancing_accepted", N_("Co-financed services accepted"), F_COFINANCING_ACCEPTED, CN_DASHBOARD_COUNT, 0 },
  { "cofinancing_accepted_amount_eur", N_("Co-financing accepted (€)"), F_COFINANCING_ACCEPTED_AMOUNT, CN_DASHBOARD_AMOUNT, 2 },
  { "connected_commerce_companies", N_("Companies with connected-commerce elements in place"), F_CONNECTED_COMMERCE, CN_DASHBOARD_COUNT, 0 },
  { "satisfaction_average", N_("Average satisfaction (out of 5)"), F_SATISFACTION, CN_DASHBOARD_AVERAGE, 2 },
  { "outreach_actions", N_("Awareness actions"), F_OUTREACH_ACTIONS, CN_DASHBOARD_COUNT, 0 },
  { "outreach_smes_reached", N_("SMEs reached by awareness actions"), F_OUTREACH_SMES, CN_DASHBOARD_COUNT, 0 },
  { "outreach_leads", N_("Leads from awareness actions"), F_OUTREACH_LEADS, CN_DASHBOARD_COUNT, 0 },
};

/* "Companies: Lead", built once per status from the status labels. */
static const char *
status_label (CnCompanyStatus status)
{
  static char *labels[CN_COMPANY_N_STATUSES];

  if (g_once_init_enter (&labels[status]))
    /* Translators: a line of the dashboard, %s is a follow-up status such as "Lead" */
    g_once_init_leave (&labels[status], g_strdup_printf (_("Companies: %s"), cn_company_status_label (status)));
  return labels[status];
}

guint
cn_dashboard_get_n_indicators (void)
{
  return G_N_ELEMENTS (indicators);
}

void
cn_dashboard_get_indicator (const CnDashboard    *d,
                            guint                 index,
                            CnDashboardIndicator *indicator)
{
  Field field;

  g_return_if_fail (d != NULL);
  g_return_if_fail (index < G_N_ELEMENTS (indicators));

  field = indicators[index].field;
  memset (indicator, 0, sizeof *indicator);
  indicator->id = indicators[index].id;
  indicator->kind = indicators[index].kind;
  indicator->decimals = indicators[index].decimals;
  indicator->present = TRUE;
  if (field >= F_COMPANIES_STATUS && field < F_COMPANIES_STATUS + CN_COMPANY_N_STATUSES)
    {
      indicator->label = status_label (field - F_COMPANIES_STATUS);
      indicator->count = d->companies_by_status[field - F_COMPANIES_STATUS];
      return;
    }
  indicator->label = _(indicators[index].label);
  switch ((int) field)
    {
    case F_COMPANIES_TOTAL: indicator->count = d->companies_total; break;
    case F_DIAGNOSTICS: indicator->count = d->diagnostics_completed; break;
    case F_MATURITY:
      indicator->present = d->maturity_companies > 0;
      indicator->average = d->maturity_average;
      break;
    case F_GAIN:
      indicator->present = d->gain_companies > 0;
      indicator->average = d->gain_average;
      break;
    case F_APPOINTMENTS_PLANNED: indicator->count = d->appointments_planned; break;
    case F_APPOINTMENTS_DONE: indicator->count = d->appointments_done; break;
    case F_APPOINTMENTS_CANCELLED: indicator->count = d->appointments_cancelled; break;
    case F_APPOINTMENTS_NO_SHOW: indicator->count = d->appointments_no_show; break;
    case F_REPORTS: indicator->count = d->reports_written; break;
    case F_COFINANCING_REQUESTED: indicator->count = d->cofinancing_requested; break;
    case F_COFINANCING_REQUESTED_AMOUNT: indicator->count = d->cofinancing_requested_cents; break;
    case F_COFINANCING_ACCEPTED: indicator->count = d->cofinancing_accepted; break;
    case F_COFINANCING_ACCEPTED_AMOUNT: indicator->count = d->cofinancing_accepted_cents; break;
    case F_CONNECTED_COMMERCE: indicator->count = d->connected_commerce_companies; break;
    case F_SATISFACTION:
      indicator->present = d->satisfaction_responses > 0;
      indicator->average = d->satisfaction_average;
      break;
    case F_OUTREACH_ACTIONS: indicator->count = d->outreach_actions; break;
    case F_OUTREACH_SMES: indicator->count = d->outreach_smes_reached; break;
    case F_OUTREACH_LEADS: indicator->count = d->outreach_leads; break;
    default: g_assert_not_reached ();
    }
}

/* Rounded to @decimals, never "-0.0". */
static double
round_to (double value,
          guint  decimals)
{
  double scale = pow (10, decimals);
  double rounded = round (value * scale) / scale;

  return rounded == 0 ? 0 : rounded;
}

char *
cn_dashboard_format_value (const CnDashboardIndicator *indicator,
                           gboolean                    french_decimal)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];
  char *text;

  switch (indicator->kind)
    {
    case CN_DASHBOARD_COUNT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, indicator->count);
    case CN_DASHBOARD_AMOUNT:
      return g_strdup_printf ("%" G_GINT64_FORMAT "%c%02d", indicator->count / 100,
                              french_decimal ? ',' : '.', (int) (indicator->count % 100));
    case CN_DASHBOARD_AVERAGE:
      if (!indicator->present)
        return g_strdup ("");
      g_snprintf (format, sizeof format, "%%.%uf", indicator->decimals);
      text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, format,
                                        round_to (indicator->average, indicator->decimals)));
      if (french_decimal)
        g_strdelimit (text, ".", ',');
      return text;
    default:
      g_return_val_if_reached (g_strdup (""));
    }
}

/* A field for French Excel: quoted when it holds ";", a quote or a line. */
static void
append_field (GString    *out,
              const char *text)
{
  if (strpbrk (text, ";\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_row (GString    *out,
            const char *id,
            const char *label,
            const char *value)
{
  append_field (out, id);
  g_string_append_c (out, ';');
  append_field (out, label);
  g_string_append_c (out, ';');
  append_field (out, value);
  g_string_append (out, "\r\n");
}

void
cn_dashboard_write_csv (const CnDashboard *dashboard,
                        GString           *out)
{
  g_return_if_fail (dashboard != NULL);
  g_return_if_fail (out != NULL);

  g_string_append (out, "\xEF\xBB\xBF");
  append_row (out, "indicator", "label", "value");
  append_row (out, "period_from", _("Period start"), dashboard->from ? dashboard->from : "");
  append_row (out, "period_to", _("Period end"), dashboard->to ? dashboard->to : "");
  for (guint i = 0; i < G_N_ELEMENTS (indicators); i++)
    {
      CnDashboardIndicator indicator;
      g_autofree char *value = NULL;

      cn_dashboard_get_indicator (dashboard, i, &indicator);
      value = cn_dashboard_format_value (&indicator, TRUE);
      append_row (out, indicator.id, indicator.label, value);
    }
}

gboolean
cn_dashboard_write_csv_file (const CnDashboard  *dashboard,
                             const char         *path,
                             GError            **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;

  cn_dashboard_write_csv (dashboard, out);
  if (!g_file_set_contents_full (path, out->str, out->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_IO,
                   _("Could not write %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_average (JsonBuilder *builder,
             const char  *name,
             guint        n,
             double       value)
{
  json_builder_set_member_name (builder, name);
  if (n > 0)
    json_builder_add_double_value (builder, round_to (value, 2));
  else
    json_builder_add_null_value (builder);
}

static void
add_date (JsonBuilder *builder,
          const char  *name,
          const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

JsonNode *
cn_dashboard_to_json (const CnDashboard *d)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (d != NULL, NULL);

  json_builder_begin_object (builder);
  add_date (builder, "from", d->from);
  add_date (builder, "to", d->to);

  json_builder_set_member_name (builder, "companies");
  json_builder_begin_object (builder);
  add_int (builder, "total", d->companies_total);
  json_builder_set_member_name (builder, "by_status");
  json_builder_begin_object (builder);
  for (guint s = 0; s < CN_COMPANY_N_STATUSES; s++)
    add_int (builder, cn_company_status_to_string (s), d->companies_by_status[s]);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "diagnostics");
  json_builder_begin_object (builder);
  add_int (builder, "completed", d->diagnostics_completed);
  add_average (builder, "maturity_average", d->maturity_companies, d->maturity_average);
  add_int (builder, "maturity_companies", d->maturity_companies);
  add_average (builder, "gain_average", d->gain_companies, d->gain_average);
  add_int (builder, "gain_companies", d->gain_companies);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "appointments");
  json_builder_begin_object (builder);
  add_int (builder, "planned", d->appointments_planned);
  add_int (builder, "done", d->appointments_done);
  add_int (builder, "cancelled", d->appointments_cancelled);
  add_int (builder, "no_show", d->appointments_no_show);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "reports");
  json_builder_begin_object (builder);
  add_int (builder, "written", d->reports_written);
  add_average (builder, "satisfaction_average", d->satisfaction_responses, d->satisfaction_average);
  add_int (builder, "satisfaction_responses", d->satisfaction_responses);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "cofinancing");
  json_builder_begin_object (builder);
  add_int (builder, "requested", d->cofinancing_requested);
  add_int (builder, "requested_amount_cents", d->cofinancing_requested_cents);
  add_int (builder, "accepted", d->cofinancing_accepted);
  add_int (builder, "accepted_amount_cents", d->cofinancing_accepted_cents);
  json_builder_end_object (builder);

  add_int (builder, "connected_commerce_companies", d->connected_commerce_companies);

  json_builder_set_member_name (builder, "outreach");
  json_builder_begin_object (builder);
  add_int (builder, "actions", d->outreach_actions);
  add_int (builder, "smes_reached", d->outreach_smes_reached);
  add_int (builder, "leads", d->outreach_leads);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
