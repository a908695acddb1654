/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The dashboard's figures against numbers computed by hand on a small data
 * set written with raw SQL into a real store: period boundaries in local
 * time (Europe/Paris, across the 2026-03-29 change to summer time), only
 * the current revision of a report, first and latest diagnostics,
 * connected commerce counted once per company, the CSV and JSON shapes, and
 * an empty store (zeros, averages absent, never NaN). */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cn-dashboard.h"
#include "cn-error.h"
#include "cn-store-private.h"
#include "cn-test-util.h"

typedef struct {
  char    *dir;
  CnStore *store;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cn_test_make_tmp_dir ();
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  if (f->store)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
exec (Fixture    *f,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (cn_store_get_db (f->store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s\n%s", message, sql);
}

/* The data set.  Local time is Europe/Paris: UTC+1 until 2026-03-29 02:00,
 * UTC+2 after.  So March 2026 is [2026-02-28T23:00Z, 2026-03-31T22:00Z).
 *
 * Companies: c1 lead, c2 contacted, c3 diagnosed, c4 and c5 accompanied,
 * c6 closed.
 *
 * Appointments (start in UTC → local):
 *   a1 c1 02-28 22:30Z → Feb 28 23:30   done       before March
 *   a2 c1 02-28 23:00Z → Mar  1 00:00   done       March
 *   a3 c2 03-10 09:00Z → Mar 10 10:00   cancelled  March
 *   a4 c3 03-31 21:30Z → Mar 31 23:30   no_show    March (last day, 23:30)
 *   a5 c3 03-31 22:00Z → Apr  1 00:00   planned    April, though March in UTC
 *   a6 c4 03-15 10:00:00.123456Z        done       March (microseconds)
 *   a7 c5 03-20 10:00Z                  planned    March
 *
 * Diagnostics (completed in UTC, overall, vente/visibilite):
 *   d9 c1 02-28 22:59:59Z (Feb 28 local)  10  –/–
 *   d1 c3 2025-11-10                      30  20/40
 *   d2 c3 03-05                           50  35/40   vente rose
 *   d3 c4 01-10                           40  50/50
 *   d4 c4 03-12                           45  50/50   no rise
 *   d5 c4 04-10                           80  90/50   April: vente rose
 *   d6 c5 02-01                           60  60/60
 *   d7 c6 not completed
 *   d8 c2 03-31 21:59:59.999999Z (Mar 31 23:59:59 local)  20  10/10
 *
 * Reports (current revision in brackets; date, satisfaction, connected
 * commerce, co-financing):
 *   r1 c1 [2]: 1: 02-20 sat 1, –, none;  2: 03-02 sat 5, cc, requested 1 000,00
 *   r2 c2 [1]: 1: 03-31 sat 4, –, accepted 2 500,50
 *   r3 c6 [2]: 1: 03-10 sat 2, cc, requested 999,99;  2: 04-01 sat 3, –, none
 *   r4 c3 [1]: 1: 03-15 no sat, cc, refused 500,00
 *   r5 c5 [1]: 1: 02-28 sat 3, cc, accepted 700,00
 *   r6 c4 [1]: 1: 03-20 sat 3, –, requested, no amount
 *
 * Outreach: o4 02-28 (7 SMEs, 0 leads), o1 03-01 (10, 2), o2 03-31 (5, 1),
 * o3 04-01 (100, 50). */
static void
insert_data_set (Fixture *f)
{
  exec (f,
    "INSERT INTO companies (id, name, sort_key, status, created_at, updated_at, last_activity_at) VALUES"
    " ('c1', 'Un', 'un', 'lead', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),"
    " ('c2', 'Deux', 'deux', 'contacted', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),"
    " ('c3', 'Trois', 'trois', 'diagnosed', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),"
    " ('c4', 'Quatre', 'quatre', 'accompanied', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),"
    " ('c5', 'Cinq', 'cinq', 'accompanied', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z'),"
    " ('c6', 'Six', 'six', 'closed', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"

    "INSERT INTO appointments (id, company_id, starts_at, ends_at, mode, subject, status, created_at, updated_at) VALUES"
    " ('a1', 'c1', '2026-02-28T22:30:00Z', '2026-02-28T23:30:00Z', 'on_site', 'x', 'done', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('a2', 'c1', '2026-02-28T23:00:00Z', '2026-03-01T00:00:00Z', 'phone', 'x', 'done', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('a3', 'c2', '2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z', 'video', 'x', 'cancelled', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('a4', 'c3', '2026-03-31T21:30:00Z', '2026-03-31T22:30:00Z', 'on_site', 'x', 'no_show', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('a5', 'c3', '2026-03-31T22:00:00Z', '2026-03-31T23:00:00Z', 'on_site', 'x', 'planned', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('a6', 'c4', '2026-03-15T10:00:00.123456Z', '2026-03-15T11:00:00Z', 'on_site', 'x', 'done', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('a7', 'c5', '2026-03-20T10:00:00Z', '2026-03-20T11:00:00Z', 'on_site', 'x', 'planned', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"

    "INSERT INTO diagnostics (id, company_id, questionnaire, questionnaire_version, started_at, updated_at,"
    " completed_at, overall, level, scores) VALUES"
    " ('d9', 'c1', 'commerce-connecte', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-02-28T22:59:59Z', 10, 'x', '{}'),"
    " ('d1', 'c3', 'commerce-connecte', 1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-11-10T10:00:00.000000Z', 30, 'x', '{\"vente\":20,\"visibilite\":40}'),"
    " ('d2', 'c3', 'commerce-connecte', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-03-05T10:00:00.000000Z', 50, 'x', '{\"vente\":35,\"visibilite\":40}'),"
    " ('d3', 'c4', 'commerce-connecte', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-10T10:00:00.000000Z', 40, 'x', '{\"vente\":50,\"visibilite\":50}'),"
    " ('d4', 'c4', 'commerce-connecte', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-03-12T10:00:00.000000Z', 45, 'x', '{\"vente\":50,\"visibilite\":50}'),"
    " ('d5', 'c4', 'commerce-connecte', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-04-10T10:00:00.000000Z', 80, 'x', '{\"vente\":90,\"visibilite\":50}'),"
    " ('d6', 'c5', 'commerce-connecte', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-02-01T10:00:00.000000Z', 60, 'x', '{\"vente\":60,\"visibilite\":60}'),"
    " ('d7', 'c6', 'commerce-connecte', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL, NULL, NULL, NULL),"
    " ('d8', 'c2', 'commerce-connecte', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-03-31T21:59:59.999999Z', 20, 'x', '{\"vente\":10,\"visibilite\":10}');"

    "INSERT INTO reports (id, company_id, current_revision, created_at, updated_at) VALUES"
    " ('r1', 'c1', 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('r2', 'c2', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('r3', 'c6', 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('r4', 'c3', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('r5', 'c5', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('r6', 'c4', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
    "INSERT INTO report_revisions (report_id, number, written_at, date, summary, satisfaction,"
    " connected_commerce, cofinancing_amount_cents, cofinancing_status) VALUES"
    " ('r1', 1, '2026-02-20T10:00:00Z', '2026-02-20', 's', 1, 0, NULL, 'none'),"
    " ('r1', 2, '2026-03-02T10:00:00Z', '2026-03-02', 's', 5, 1, 100000, 'requested'),"
    " ('r2', 1, '2026-03-31T10:00:00Z', '2026-03-31', 's', 4, 0, 250050, 'accepted'),"
    " ('r3', 1, '2026-03-10T10:00:00Z', '2026-03-10', 's', 2, 1, 99999, 'requested'),"
    " ('r3', 2, '2026-04-01T10:00:00Z', '2026-04-01', 's', 3, 0, NULL, 'none'),"
    " ('r4', 1, '2026-03-15T10:00:00Z', '2026-03-15', 's', NULL, 1, 50000, 'refused'),"
    " ('r5', 1, '2026-02-28T10:00:00Z', '2026-02-28', 's', 3, 1, 70000, 'accepted'),"
    " ('r6', 1, '2026-03-20T10:00:00Z', '2026-03-20', 's', 3, 0, NULL, 'requested');"

    "INSERT INTO outreach (id, date, kind, title, smes_reached, leads, created_at, updated_at) VALUES"
    " ('o4', '2026-02-28', 'event', 't', 7, 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('o1', '2026-03-01', 'workshop', 't', 10, 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('o2', '2026-03-31', 'call', 't', 5, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " ('o3', '2026-04-01', 'visit', 't', 100, 50, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');");
}

static CnDashboard *
compute (Fixture    *f,
         const char *from,
         const char *to)
{
  g_autoptr(GError) error = NULL;
  CnDashboard *dashboard = cn_dashboard_compute (f->store, from, to, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dashboard);
  return dashboard;
}

/* The portfolio does not depend on the period. */
static void
assert_companies (const CnDashboard *d)
{
  g_assert_cmpuint (d->companies_total, ==, 6);
  g_assert_cmpuint (d->companies_by_status[CN_COMPANY_STATUS_LEAD], ==, 1);
  g_assert_cmpuint (d->companies_by_status[CN_COMPANY_STATUS_CONTACTED], ==, 1);
  g_assert_cmpuint (d->companies_by_status[CN_COMPANY_STATUS_DIAGNOSED], ==, 1);
  g_assert_cmpuint (d->companies_by_status[CN_COMPANY_STATUS_PLAN_DELIVERED], ==, 0);
  g_assert_cmpuint (d->companies_by_status[CN_COMPANY_STATUS_ACCOMPANIED], ==, 2);
  g_assert_cmpuint (d->companies_by_status[CN_COMPANY_STATUS_FOLLOWED_UP], ==, 0);
  g_assert_cmpuint (d->companies_by_status[CN_COMPANY_STATUS_CLOSED], ==, 1);
}

static void
test_month (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CnDashboard) d = NULL;

  insert_data_set (f);
  d = compute (f, "2026-03-01", "2026-03-31");
  g_assert_cmpstr (d->from, ==, "2026-03-01");
  g_assert_cmpstr (d->to, ==, "2026-03-31");
  assert_companies (d);

  /* d2, d4 and d8 (23:59:59 local on the 31st); not d9 (Feb 28 local,
   * though it is within a minute of March) nor d5 (April). */
  g_assert_cmpuint (d->diagnostics_completed, ==, 3);
  /* Latest by the end of March: c1 d9 10, c2 d8 20, c3 d2 50, c4 d4 45
   * (d5 is later), c5 d6 60: 185 / 5. */
  g_assert_cmpuint (d->maturity_companies, ==, 5);
  g_assert_cmpfloat_with_epsilon (d->maturity_average, 37.0, 1e-9);
  /* Two diagnostics by then: c3 50 − 30 = 20, c4 45 − 40 = 5: 25 / 2. */
  g_assert_cmpuint (d->gain_companies, ==, 2);
  g_assert_cmpfloat_with_epsilon (d->gain_average, 12.5, 1e-9);

  /* a2 (00:00 on the 1st) and a6 done, a3 cancelled, a4 (23:30 on the
   * 31st) no-show, a7 planned; a1 (23:30 on Feb 28) and a5 (00:00 on
   * April 1, still March 31 in UTC) are out. */
  g_assert_cmpuint (d->appointments_planned, ==, 1);
  g_assert_cmpuint (d->appointments_done, ==, 2);
  g_assert_cmpuint (d->appointments_cancelled, ==, 1);
  g_assert_cmpuint (d->appointments_no_show, ==, 1);

  /* Current revisions dated in March: r1 (its revision 2), r2, r4, r6.
   * r3's current revision is dated April 1: its first one, in March,
   * does not count; r5 is Feb 28. */
  g_assert_cmpuint (d->reports_written, ==, 4);
  /* Requested: r1 requested, r2 accepted, r4 refused, r6 requested =
   * 4, for 1 000,00 + 2 500,50 + 500,00 + 0 (no amount). */
  g_assert_cmpuint (d->cofinancing_requested, ==, 4);
  g_assert_cmpint (d->cofinancing_requested_cents, ==, 400050);
  g_assert_cmpuint (d->cofinancing_accepted, ==, 1);
  g_assert_cmpint (d->cofinancing_accepted_cents, ==, 250050);
  /* r1 5, r2 4, r6 3; r4 has none: 12 / 3. */
  g_assert_cmpuint (d->satisfaction_responses, ==, 3);
  g_assert_cmpfloat_with_epsilon (d->satisfaction_average, 4.0, 1e-9);
  /* Reports flagged: r1 (c1), r4 (c3); r3's flagged revision is not
   * current.  Diagnostics: c3 (vente 20 → 35, d2 in March); c4's sales and
   * visibility did not move by the end of March.  c3 counts once: 2. */
  g_assert_cmpuint (d->connected_commerce_companies, ==, 2);

  /* o1 (the 1st) and o2 (the 31st). */
  g_assert_cmpuint (d->outreach_actions, ==, 2);
  g_assert_cmpint (d->outreach_smes_reached, ==, 15);
  g_assert_cmpint (d->outreach_leads, ==, 3);
}

static void
test_all_time (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CnDashboard) d = NULL;

  insert_data_set (f);
  d = compute (f, NULL, NULL);
  g_assert_null (d->from);
  g_assert_null (d->to);
  assert_companies (d);

  /* Every completed one: 8 (d7 is not). */
  g_assert_cmpuint (d->diagnostics_completed, ==, 8);
  /* c1 10, c2 20, c3 50, c4 80 (d5), c5 60: 220 / 5. */
  g_assert_cmpuint (d->maturity_companies, ==, 5);
  g_assert_cmpfloat_with_epsilon (d->maturity_average, 44.0, 1e-9);
  /* c3 50 − 30 = 20, c4 80 − 40 = 40: 60 / 2. */
  g_assert_cmpuint (d->gain_companies, ==, 2);
  g_assert_cmpfloat_with_epsilon (d->gain_average, 30.0, 1e-9);

  g_assert_cmpuint (d->appointments_planned, ==, 2);
  g_assert_cmpuint (d->appointments_done, ==, 3);
  g_assert_cmpuint (d->appointments_cancelled, ==, 1);
  g_assert_cmpuint (d->appointments_no_show, ==, 1);

  /* Six reports, each once, by its current revision. */
  g_assert_cmpuint (d->reports_written, ==, 6);
  /* r1, r2, r4, r5, r6 (r3 is "none" now): 1 000 + 2 500,50 + 500 + 700 + 0. */
  g_assert_cmpuint (d->cofinancing_requested, ==, 5);
  g_assert_cmpint (d->cofinancing_requested_cents, ==, 470050);
  /* r2 and r5. */
  g_assert_cmpuint (d->cofinancing_accepted, ==, 2);
  g_assert_cmpint (d->cofinancing_accepted_cents, ==, 320050);
  /* r1 5, r2 4, r3 3 (revision 2), r5 3, r6 3: 18 / 5. */
  g_assert_cmpuint (d->satisfaction_responses, ==, 5);
  g_assert_cmpfloat_with_epsilon (d->satisfaction_average, 3.6, 1e-9);
  /* Reports: c1, c3, c5; diagnostics: c3, c4 (vente 50 → 90): 4. */
  g_assert_cmpuint (d->connected_commerce_companies, ==, 4);

  g_assert_cmpuint (d->outreach_actions, ==, 4);
  g_assert_cmpint (d->outreach_smes_reached, ==, 122);
  g_assert_cmpint (d->outreach_leads, ==, 53);
}

/* Only a start: from April 1, local.  a5 (2026-03-31T22:00Z) is midnight
 * on April 1 in Paris. */
static void
test_open_end (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CnDashboard) d = NULL;

  insert_data_set (f);
  d = compute (f, "2026-04-01", NULL);
  g_assert_cmpuint (d->appointments_planned, ==, 1);
  g_assert_cmpuint (d->appointments_done + d->appointments_cancelled + d->appointments_no_show, ==, 0);
  /* d5 only; the state at the end (none) is the same as all time. */
  g_assert_cmpuint (d->diagnostics_completed, ==, 1);
  g_assert_cmpfloat_with_epsilon (d->maturity_average, 44.0, 1e-9);
  /* c4's latest (d5) is in the period and its sales rose; c3's latest is
   * from March.  No flagged report (r3's current revision is not). */
  g_assert_cmpuint (d->connected_commerce_companies, ==, 1);
  /* r3, by its current revision. */
  g_assert_cmpuint (d->reports_written, ==, 1);
  g_assert_cmpuint (d->cofinancing_requested, ==, 0);
  g_assert_cmpuint (d->satisfaction_responses, ==, 1);
  g_assert_cmpfloat_with_epsilon (d->satisfaction_average, 3.0, 1e-9);
  g_assert_cmpuint (d->outreach_actions, ==, 1);
  g_assert_cmpint (d->outreach_smes_reached, ==, 100);

  /* Only an end: up to Feb 28 local.  a1 (23:30 on the 28th), not a2. */
  g_clear_pointer (&d, cn_dashboard_free);
  d = compute (f, NULL, "2026-02-28");
  g_assert_cmpuint (d->appointments_done, ==, 1);
  /* d9 (22:59:59Z = 23:59:59 local on the 28th), d1, d3, d6. */
  g_assert_cmpuint (d->diagnostics_completed, ==, 4);
  /* r5 only (r1's current revision is in March). */
  g_assert_cmpuint (d->reports_written, ==, 1);
  g_assert_cmpuint (d->connected_commerce_companies, ==, 1);
}

static void
test_csv_json (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CnDashboard) d = NULL;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  insert_data_set (f);
  d = compute (f, "2026-03-01", "2026-03-31");
  cn_dashboard_write_csv (d, csv);
  /* BOM, then the header; CRLF lines; ids are stable, labels are in the
   * C locale here (the tests run untranslated). */
  g_assert_true (g_str_has_prefix (csv->str, "\xEF\xBB\xBFindicator;label;value\r\n"
                                              "period_from;Period start;2026-03-01\r\n"
                                              "period_to;Period end;2026-03-31\r\n"
                                              "companies_total;Companies followed;6\r\n"
                                              "companies_lead;Companies: Lead;1\r\n"));
  g_assert_nonnull (strstr (csv->str, "\r\nmaturity_average;Average digital maturity (out of 100);37,0\r\n"));
  g_assert_nonnull (strstr (csv->str, "\r\ngain_average;Average gain between first and latest diagnostic (points);12,5\r\n"));
  g_assert_nonnull (strstr (csv->str, "\r\nappointments_done;Appointments held;2\r\n"));
  g_assert_nonnull (strstr (csv->str, "\r\ncofinancing_requested_amount_eur;Co-financing requested (€);4000,50\r\n"));
  g_assert_nonnull (strstr (csv->str, "\r\ncofinancing_accepted_amount_eur;Co-financing accepted (€);2500,50\r\n"));
  g_assert_nonnull (strstr (csv->str, "\r\nsatisfaction_average;Average satisfaction (out of 5);4,00\r\n"));
  g_assert_true (g_str_has_suffix (csv->str, "\r\noutreach_leads;Leads from awareness actions;3\r\n"));
  /* Header, two period lines, every indicator. */
  {
    g_auto(GStrv) lines = g_strsplit (csv->str, "\r\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 3 + cn_dashboard_get_n_indicators () + 1);
  }

  path = g_build_filename (f->dir, "dashboard.csv", NULL);
  g_assert_true (cn_dashboard_write_csv_file (d, path, &error));
  g_assert_no_error (error);
  file = cn_test_read_file (path, NULL);
  g_assert_cmpstr (file, ==, csv->str);
  g_assert_cmpuint (cn_test_file_mode (path), ==, 0600);

  root = cn_dashboard_to_json (d);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "from"), ==, "2026-03-01");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_object_get_object_member (object, "companies"), "by_status"), "accompanied"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (object, "diagnostics"), "gain_average"), ==, 12.5);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "appointments"), "no_show"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "cofinancing"), "requested_amount_cents"), ==, 400050);
  g_assert_cmpint (json_object_get_int_member (object, "connected_commerce_companies"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "outreach"), "smes_reached"), ==, 15);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  /* ("cofinancing" has a "nan" in it.) */
  g_assert_null (strstr (json, ":nan"));
  g_assert_null (strstr (json, ":-nan"));
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CnDashboard) d = compute (f, NULL, NULL);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *diagnostics, *reports;

  g_assert_cmpuint (d->companies_total, ==, 0);
  for (guint s = 0; s < CN_COMPANY_N_STATUSES; s++)
    g_assert_cmpuint (d->companies_by_status[s], ==, 0);
  g_assert_cmpuint (d->diagnostics_completed + d->maturity_companies + d->gain_companies, ==, 0);
  g_assert_cmpuint (d->appointments_planned + d->appointments_done + d->appointments_cancelled + d->appointments_no_show, ==, 0);
  g_assert_cmpuint (d->reports_written + d->cofinancing_requested + d->cofinancing_accepted, ==, 0);
  g_assert_cmpint (d->cofinancing_requested_cents + d->cofinancing_accepted_cents, ==, 0);
  g_assert_cmpuint (d->connected_commerce_companies + d->satisfaction_responses + d->outreach_actions, ==, 0);
  g_assert_cmpint (d->outreach_smes_reached + d->outreach_leads, ==, 0);
  /* Averages over nothing: absent, and 0 rather than NaN. */
  g_assert_false (isnan (d->maturity_average) || isnan (d->gain_average) || isnan (d->satisfaction_average));
  g_assert_cmpfloat (d->maturity_average, ==, 0);

  for (guint i = 0; i < cn_dashboard_get_n_indicators (); i++)
    {
      CnDashboardIndicator indicator;
      g_autofree char *value = NULL;

      cn_dashboard_get_indicator (d, i, &indicator);
      value = cn_dashboard_format_value (&indicator, TRUE);
      if (indicator.kind == CN_DASHBOARD_AVERAGE)
        {
          g_assert_false (indicator.present);
          g_assert_cmpstr (value, ==, "");
        }
      else if (indicator.kind == CN_DASHBOARD_AMOUNT)
        g_assert_cmpstr (value, ==, "0,00");
      else
        g_assert_cmpstr (value, ==, "0");
    }

  cn_dashboard_write_csv (d, csv);
  g_assert_nonnull (strstr (csv->str, "\r\nperiod_from;Period start;\r\n"));
  g_assert_nonnull (strstr (csv->str, "\r\nmaturity_average;Average digital maturity (out of 100);\r\n"));
  g_assert_null (strstr (csv->str, ";nan"));
  g_assert_null (strstr (csv->str, ";-nan"));

  root = cn_dashboard_to_json (d);
  diagnostics = json_object_get_object_member (json_node_get_object (root), "diagnostics");
  reports = json_object_get_object_member (json_node_get_object (root), "reports");
  g_assert_true (json_object_get_null_member (json_node_get_object (root), "from"));
  g_assert_true (json_object_get_null_member (diagnostics, "maturity_average"));
  g_assert_true (json_object_get_null_member (diagnostics, "gain_average"));
  g_assert_true (json_object_get_null_member (reports, "satisfaction_average"));
}

static void
test_invalid_period (Fixture       *f,
                     gconstpointer  data)
{
  const char *bad[] = { "2026-02-30", "2026-3-01", "01/03/2026", "2026-03-01T00:00", "", "2026-13-01" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (cn_dashboard_compute (f->store, bad[i], NULL, &error));
      g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_null (cn_dashboard_compute (f->store, NULL, bad[i], &error));
      g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (cn_dashboard_compute (f->store, "2026-04-01", "2026-03-31", &error));
    g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  }
  {
    /* One day is a period; a leap day is a day. */
    g_autoptr(CnDashboard) d = compute (f, "2028-02-29", "2028-02-29");
    g_assert_cmpuint (d->reports_written, ==, 0);
  }
}

/* Within the caller's transaction, the dashboard reads what it wrote and
 * leaves the transaction open. */
static void
test_in_transaction (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnDashboard) d = NULL;

  insert_data_set (f);
  g_assert_true (cn_store_begin (f->store, &error));
  exec (f, "UPDATE appointments SET status = 'done' WHERE id = 'a7'");
  d = compute (f, "2026-03-01", "2026-03-31");
  g_assert_cmpuint (d->appointments_done, ==, 3);
  g_assert_cmpint (sqlite3_get_autocommit (cn_store_get_db (f->store)), ==, 0);
  cn_store_rollback (f->store);
}

int
main (int    argc,
      char **argv)
{
  cn_test_init (&argc, &argv);

  g_test_add ("/dashboard/month", Fixture, NULL, set_up, test_month, tear_down);
  g_test_add ("/dashboard/all-time", Fixture, NULL, set_up, test_all_time, tear_down);
  g_test_add ("/dashboard/open-end", Fixture, NULL, set_up, test_open_end, tear_down);
  g_test_add ("/dashboard/csv-json", Fixture, NULL, set_up, test_csv_json, tear_down);
  g_test_add ("/dashboard/empty", Fixture, NULL, set_up, test_empty, tear_down);
  g_test_add ("/dashboard/invalid-period", Fixture, NULL, set_up, test_invalid_period, tear_down);
  g_test_add ("/dashboard/in-transaction", Fixture, NULL, set_up, test_in_transaction, tear_down);
  return g_test_run ();
}
