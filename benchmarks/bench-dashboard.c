/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Measures the dashboard on a busy connector's store: 100 000 companies,
 * 300 000 appointments, 200 000 progress reports (a quarter of them
 * corrected once), 60 000 diagnostics and 3 000 awareness actions, built
 * with raw SQL in one transaction.  Prints the median time of
 * cn_dashboard_compute () over the whole period and over one month; it
 * never fails on a time (the goal is under 300 ms).
 *
 *   bench-dashboard [--companies N] [--runs N] [--dir DIR]
 */
#define G_LOG_DOMAIN "bench-dashboard"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "cn-dashboard.h"
#include "cn-store-private.h"

static int opt_companies = 100000;
static int opt_runs = 7;
static char *opt_dir;

static const GOptionEntry entries[] = {
  { "companies", 0, 0, G_OPTION_ARG_INT, &opt_companies, "Companies (default 100000; 3 appointments and 2 reports each)", "N" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Runs per measure (default 7)", "N" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Work folder, kept (default: a new temporary one, removed)", "DIR" },
  { NULL }
};

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s\n%s", message, sql);
}

/* Ids shaped like the store's UUIDs (36 characters, in no particular
 * order: a multiplicative hash of the row number), so the joins compare
 * and look up keys as in real life.  Times spread over 2025 and 2026. */
#define UUID(prefix, expr) "printf ('" prefix "%%07x-0000-4000-8000-%%012x', ((" expr ") * 2654435761) %% 268435456, " expr ")"
#define EPOCH_2025 "1735689600"

static void
populate (sqlite3 *db,
          int      n)
{
  g_autofree char *sql = NULL;

  exec_or_die (db, "BEGIN");
  sql = g_strdup_printf (
    "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %1$d - 1)"
    " INSERT INTO companies (id, name, sort_key, status, created_at, updated_at, last_activity_at)"
    " SELECT " UUID ("c", "i") ", 'Entreprise ' || i, 'entreprise ' || i,"
    "  CASE i %% 7 WHEN 0 THEN 'lead' WHEN 1 THEN 'contacted' WHEN 2 THEN 'diagnosed'"
    "   WHEN 3 THEN 'plan_delivered' WHEN 4 THEN 'accompanied' WHEN 5 THEN 'followed_up' ELSE 'closed' END,"
    "  '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM n;"
    /* 3 appointments per company, one every ~3.5 minutes over 2 years. */
    "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 3 * %1$d - 1)"
    " INSERT INTO appointments (id, company_id, starts_at, ends_at, mode, subject, status, created_at, updated_at)"
    " SELECT " UUID ("a", "i") ", " UUID ("c", "i %% %1$d") ","
    "  strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', " EPOCH_2025 " + i * (63072000 / (3 * %1$d)), 'unixepoch'),"
    "  strftime ('%%Y-%%m-%%dT%%H:%%M:%%SZ', " EPOCH_2025 " + i * (63072000 / (3 * %1$d)) + 3600, 'unixepoch'),"
    "  'on_site', 'Rendez-vous',"
    "  CASE i %% 10 WHEN 0 THEN 'cancelled' WHEN 1 THEN 'no_show' WHEN 2 THEN 'planned' ELSE 'done' END,"
    "  '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM n;"
    /* 2 reports per company; every fourth one corrected (2 revisions). */
    "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2 * %1$d - 1)"
    " INSERT INTO reports (id, company_id, current_revision, created_at, updated_at)"
    " SELECT " UUID ("r", "i") ", " UUID ("c", "i %% %1$d") ", 1 + (i %% 4 = 0),"
    "  '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM n;"
    "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2 * %1$d - 1)"
    " INSERT INTO report_revisions (report_id, number, written_at, date, summary, satisfaction,"
    "  connected_commerce, cofinancing_amount_cents, cofinancing_status)"
    " SELECT " UUID ("r", "i") ", 1, '2025-01-01T00:00:00Z',"
    "  date (" EPOCH_2025 " + i * (63072000 / (2 * %1$d)), 'unixepoch'), 'Compte rendu',"
    "  1 + i %% 5, i %% 6 = 0, CASE WHEN i %% 8 = 0 THEN 150000 END,"
    "  CASE i %% 8 WHEN 0 THEN 'requested' ELSE 'none' END FROM n;"
    "INSERT INTO report_revisions (report_id, number, written_at, date, summary, satisfaction,"
    "  connected_commerce, cofinancing_amount_cents, cofinancing_status)"
    " SELECT report_id, 2, '2025-02-01T00:00:00Z', date (date, '+3 days'), 'Compte rendu corrigé',"
    "  satisfaction, connected_commerce, 150000, 'accepted' FROM report_revisions WHERE report_id IN"
    "  (SELECT id FROM reports WHERE current_revision = 2);"
    /* 40 %% of the companies diagnosed once, half of those twice. */
    "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %1$d * 6 / 10 - 1)"
    " INSERT INTO diagnostics (id, company_id, questionnaire, questionnaire_version, started_at,"
    "  updated_at, completed_at, overall, level, scores)"
    " SELECT " UUID ("d", "i") ", " UUID ("c", "i %% (%1$d * 4 / 10)") ", 'commerce-connecte', 1,"
    "  '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z',"
    "  strftime ('%%Y-%%m-%%dT%%H:%%M:%%fZ', " EPOCH_2025 " + i * (63072000 / (%1$d * 6 / 10)), 'unixepoch'),"
    "  20 + (i * 7 + (i >= %1$d * 4 / 10) * 9) %% 70, 'intermediaire',"
    "  json_object ('strategie', (i * 3) %% 100, 'visibilite', (i * 7) %% 100, 'vente', (i * 11 + (i >= %1$d * 4 / 10) * 13) %% 100) FROM n;"
    "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %1$d * 3 / 100 - 1)"
    " INSERT INTO outreach (id, date, kind, title, smes_reached, leads, created_at, updated_at)"
    " SELECT " UUID ("o", "i") ", date (" EPOCH_2025 " + i * (63072000 / (%1$d * 3 / 100)), 'unixepoch'),"
    "  'workshop', 'Atelier', 10 + i %% 30, i %% 5, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' FROM n;",
    n);
  exec_or_die (db, sql);
  exec_or_die (db, "DELETE FROM fts_pending");
  exec_or_die (db, "COMMIT");
}

static double
measure (CnStore    *store,
         const char *from,
         const char *to,
         CnDashboard **last)
{
  g_autofree double *times = g_new (double, opt_runs);

  for (int r = 0; r < opt_runs; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      CnDashboard *dashboard = cn_dashboard_compute (store, from, to, &error);

      times[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      if (*last)
        cn_dashboard_free (*last);
      *last = dashboard;
    }
  qsort (times, opt_runs, sizeof (double), compare_doubles);
  return times[opt_runs / 2];
}

static void
print_dashboard (const CnDashboard *dashboard)
{
  for (guint i = 0; i < cn_dashboard_get_n_indicators (); i++)
    {
      CnDashboardIndicator indicator;
      g_autofree char *value = NULL;

      cn_dashboard_get_indicator (dashboard, i, &indicator);
      value = cn_dashboard_format_value (&indicator, FALSE);
      printf ("    %-34s %s\n", indicator.id, value);
    }
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autofree char *dir = NULL;
  CnDashboard *dashboard = NULL;
  gboolean temporary;
  gint64 start;
  double all_time, month, quarter;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_companies < 100 || opt_runs < 1)
    {
      g_printerr ("--companies must be at least 100 and --runs at least 1\n");
      return 2;
    }
  temporary = opt_dir == NULL;
  dir = temporary ? g_dir_make_tmp ("bench-dashboard-XXXXXX", &error) : g_strdup (opt_dir);
  g_assert_no_error (error);

  store = cn_store_open (dir, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  populate (cn_store_get_db (store), opt_companies);
  printf ("store: %d companies, %d appointments, %d reports (%d revisions), %d diagnostics, %d awareness actions"
          " built in %.1f s\n",
          opt_companies, 3 * opt_companies, 2 * opt_companies, 2 * opt_companies + 2 * opt_companies / 4,
          opt_companies * 6 / 10, opt_companies * 3 / 100,
          (g_get_monotonic_time () - start) / 1e6);

  all_time = measure (store, NULL, NULL, &dashboard);
  printf ("dashboard, whole period:       median %7.1f ms over %d runs\n", all_time, opt_runs);
  print_dashboard (dashboard);
  quarter = measure (store, "2026-01-01", "2026-03-31", &dashboard);
  printf ("dashboard, 2026-01-01..03-31:  median %7.1f ms over %d runs\n", quarter, opt_runs);
  month = measure (store, "2026-03-01", "2026-03-31", &dashboard);
  printf ("dashboard, 2026-03-01..03-31:  median %7.1f ms over %d runs\n", month, opt_runs);
  print_dashboard (dashboard);
  printf ("goal: under 300 ms — %s\n", MAX (all_time, MAX (quarter, month)) < 300 ? "met" : "NOT met");
  cn_dashboard_free (dashboard);

  g_clear_object (&store);
  if (temporary)
    remove_dir (dir);
  return 0;
}
