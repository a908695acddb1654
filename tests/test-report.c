/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Progress reports, the connector profile and the outreach log: validation,
 * revisions, plan actions marked done, co-financing by connector kind, the
 * label warning, leads turned into companies, the outbox written in the
 * same transaction, and a company's deletion with undo. */
#include "config.h"

#include "cn-error.h"
#include "cn-outreach.h"
#include "cn-plan.h"
#include "cn-profile.h"
#include "cn-report.h"
#include "cn-store-private.h"
#include "cn-test-util.h"
#include "cn-util.h"

typedef struct {
  char      *dir;
  CnStore   *store;
  CnCompany *company;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cn_test_make_tmp_dir ();
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->company = cn_company_new ();
  cn_company_set_name (f->company, "Boulangerie Martin");
  g_assert_true (cn_store_add_company (f->store, f->company, NULL, &error));
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->company);
  if (f->store)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
}

static sqlite3 *
db (Fixture *f)
{
  return cn_store_get_db (f->store);
}

static void
exec (Fixture    *f,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db (f), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
query_int (Fixture    *f,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *sql = NULL;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);
  return cn_test_query_int (db (f), sql);
}

/* Pending outbox entries of @type/@id with @op. */
static gint64
outbox_count (Fixture    *f,
              const char *type,
              const char *id,
              const char *op)
{
  return query_int (f, "SELECT count(*) FROM outbox WHERE entity_type = '%s' AND entity_id = '%s'"
                       " AND op = '%s' AND batch_id IS NULL", type, id, op);
}

static CnReport *
new_report (Fixture    *f,
            const char *summary)
{
  CnReport *report = cn_report_new ();

  report->company_id = g_strdup (cn_company_get_id (f->company));
  report->date = g_strdup ("2026-12-03");
  report->summary = g_strdup (summary);
  return report;
}

static void
set_profile_kind (Fixture         *f,
                  CnConnectorKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnProfile) profile = cn_store_get_profile (f->store, &error);

  g_assert_no_error (error);
  profile->kind = kind;
  if (kind == CN_CONNECTOR_LABELLED)
    cn_set_str (&profile->label_expires_on, "2027-03-31");
  g_assert_true (cn_store_save_profile (f->store, profile, &error));
  g_assert_no_error (error);
}

/* ---- report validation --------------------------------------------------- */

static void
expect_invalid (CnReport        *report,
                const CnProfile *profile,
                const char      *words)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cn_report_normalize (report, profile, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, words);
}

static void
test_report_validation (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CnProfile) charter = cn_profile_new ();
  g_autoptr(CnProfile) labelled = cn_profile_new ();
  g_autoptr(GError) error = NULL;
  const char *bad_dates[] = { "2026-02-30", "2026-1-01", "03/12/2026", "", "2026-12-03T10:00", NULL };

  labelled->kind = CN_CONNECTOR_LABELLED;

  for (guint i = 0; bad_dates[i] != NULL; i++)
    {
      g_autoptr(CnReport) report = new_report (f, "Visite");

      cn_set_str (&report->date, bad_dates[i]);
      expect_invalid (report, charter, "YYYY-MM-DD");
    }
  {
    g_autoptr(CnReport) report = new_report (f, "Visite");

    g_clear_pointer (&report->date, g_free);
    expect_invalid (report, charter, "date");
  }
  {
    g_autoptr(CnReport) report = new_report (f, "  \n ");
    expect_invalid (report, charter, "summary");
  }
  for (int value = -3; value <= 7; value++)
    {
      g_autoptr(CnReport) before = new_report (f, "Visite");
      g_autoptr(CnReport) after = new_report (f, "Visite");
      g_autoptr(CnReport) satisfaction = new_report (f, "Visite");
      gboolean valid = value == -1 || (value >= 1 && value <= 5);

      before->maturity_before = after->maturity_after = satisfaction->satisfaction = value;
      if (valid)
        {
          g_assert_true (cn_report_normalize (before, charter, &error));
          g_assert_true (cn_report_normalize (after, charter, &error));
          g_assert_true (cn_report_normalize (satisfaction, charter, &error));
          g_assert_no_error (error);
        }
      else
        {
          expect_invalid (before, charter, "before");
          expect_invalid (after, charter, "after");
          expect_invalid (satisfaction, charter, "satisfaction");
        }
    }
  {
    g_autoptr(CnReport) report = new_report (f, "Visite");

    report->time_spent_minutes = -5;
    expect_invalid (report, charter, "time");
    report->time_spent_minutes = 0;
    g_assert_true (cn_report_normalize (report, charter, &error));
  }

  /* Co-financing: refused for a charter connector (and without profile),
   * accepted for a labelled one, whose request becomes "requested". */
  {
    g_autoptr(CnReport) report = new_report (f, "Visite");

    report->cofinancing_amount_cents = 150000;
    expect_invalid (report, charter, "labelled connector");
    expect_invalid (report, NULL, "labelled connector");
    g_assert_true (cn_report_normalize (report, labelled, &error));
    g_assert_no_error (error);
    g_assert_cmpint (report->cofinancing_status, ==, CN_COFINANCING_REQUESTED);
    report->cofinancing_amount_cents = -20;
    expect_invalid (report, labelled, "negative");
  }
  {
    g_autoptr(CnReport) report = new_report (f, "Visite");

    report->cofinancing_status = CN_COFINANCING_ACCEPTED;
    expect_invalid (report, charter, "labelled connector");
    expect_invalid (report, labelled, "amount");
  }

  /* Texts are trimmed, empty lines dropped. */
  {
    g_autoptr(CnReport) report = new_report (f, "  Visite du magasin \n");
    const char *lines[] = { " Fiche Google ", "", "  ", "Site vitrine", NULL };

    g_strfreev (report->next_steps);
    report->next_steps = g_strdupv ((char **) lines);
    g_assert_true (cn_report_normalize (report, charter, &error));
    g_assert_cmpstr (report->summary, ==, "Visite du magasin");
    g_assert_cmpuint (g_strv_length (report->next_steps), ==, 2);
    g_assert_cmpstr (report->next_steps[0], ==, "Fiche Google");
    g_assert_cmpstr (report->next_steps[1], ==, "Site vitrine");
  }
}

/* The store checks the company and the appointment. */
static void
test_report_appointment (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) other = cn_company_new ();
  g_autoptr(CnReport) report = new_report (f, "Suite au rendez-vous");
  g_autofree char *sql = NULL;

  cn_company_set_name (other, "Fleurs de Lise");
  g_assert_true (cn_store_add_company (f->store, other, NULL, &error));
  sql = g_strdup_printf ("INSERT INTO appointments (id, company_id, starts_at, ends_at, mode, subject, created_at, updated_at)"
                         " VALUES ('rdv-other', '%s', '2026-12-03T08:00:00Z', '2026-12-03T09:00:00Z', 'on_site', 'x', 'n', 'n'),"
                         "        ('rdv-mine', '%s', '2026-12-03T10:00:00Z', '2026-12-03T11:00:00Z', 'phone', 'y', 'n', 'n')",
                         cn_company_get_id (other), cn_company_get_id (f->company));
  exec (f, sql);

  report->appointment_id = g_strdup ("rdv-other");
  g_assert_false (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "another company"));
  g_clear_error (&error);

  cn_set_str (&report->appointment_id, "rdv-nowhere");
  g_assert_false (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (report->id);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM reports"), ==, 0);

  cn_set_str (&report->company_id, "no-such-company");
  cn_set_str (&report->appointment_id, NULL);
  g_assert_false (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);

  cn_set_str (&report->company_id, cn_company_get_id (f->company));
  cn_set_str (&report->appointment_id, "rdv-mine");
  g_assert_true (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CnReport) stored = cn_store_get_report (f->store, report->id, &error);

    g_assert_cmpstr (stored->appointment_id, ==, "rdv-mine");
  }
}

/* ---- revisions ----------------------------------------------------------- */

static void
test_report_revisions (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReport) report = new_report (f, "Première visite");
  g_autoptr(CnReport) current = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) events = NULL;
  const char *steps[] = { "Créer la fiche Google", NULL };
  CnReport *first, *second;

  report->maturity_before = 2;
  report->maturity_after = 3;
  report->time_spent_minutes = 90;
  report->satisfaction = 4;
  report->connected_commerce = TRUE;
  g_strfreev (report->next_steps);
  report->next_steps = g_strdupv ((char **) steps);
  g_assert_true (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (report->id);
  g_assert_cmpint (report->number, ==, 1);
  /* Stored as a JSON array. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM report_revisions WHERE next_steps = '[\"Créer la fiche Google\"]'"), ==, 1);

  /* The timeline says a report was written, with its summary. */
  events = cn_store_list_events (f->store, cn_company_get_id (f->company), &error);
  g_assert_cmpstr (cn_event_get_kind (events->pdata[0]), ==, CN_EVENT_REPORT);
  g_assert_cmpstr (cn_event_get_detail (events->pdata[0]), ==, "Première visite");

  /* A correction is revision 2; revision 1 stays as it was. */
  cn_set_str (&report->summary, "Première visite (corrigé)");
  report->satisfaction = 5;
  g_assert_true (cn_store_correct_report (f->store, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report->number, ==, 2);

  current = cn_store_get_report (f->store, report->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (current->number, ==, 2);
  g_assert_cmpstr (current->summary, ==, "Première visite (corrigé)");
  g_assert_cmpint (current->satisfaction, ==, 5);
  g_assert_cmpint (current->maturity_after, ==, 3);
  g_assert_true (current->connected_commerce);
  g_assert_cmpstr (current->next_steps[0], ==, "Créer la fiche Google");
  g_assert_cmpint (current->cofinancing_amount_cents, ==, -1);

  revisions = cn_store_list_report_revisions (f->store, report->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (revisions->len, ==, 2);
  first = revisions->pdata[0];
  second = revisions->pdata[1];
  g_assert_cmpint (first->number, ==, 1);
  g_assert_cmpstr (first->summary, ==, "Première visite");
  g_assert_cmpint (first->satisfaction, ==, 4);
  g_assert_cmpint (second->number, ==, 2);
  g_assert_cmpstr (second->summary, ==, "Première visite (corrigé)");
  g_assert_cmpstr (first->written_at, <, second->written_at);

  /* Lists show the current revision, newest date first. */
  {
    g_autoptr(CnReport) older = new_report (f, "Appel de suivi");

    cn_set_str (&older->date, "2026-11-02");
    g_assert_true (cn_store_add_report (f->store, older, NULL, &error));
  }
  list = cn_store_list_reports (f->store, cn_company_get_id (f->company), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((CnReport *) list->pdata[0])->summary, ==, "Première visite (corrigé)");
  g_assert_cmpstr (((CnReport *) list->pdata[1])->summary, ==, "Appel de suivi");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = cn_store_list_reports (f->store, "someone-else", &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = cn_store_list_reports (f->store, NULL, &error);
  g_assert_cmpuint (list->len, ==, 2);

  /* An invalid correction adds nothing. */
  cn_set_str (&report->summary, "");
  g_assert_false (cn_store_correct_report (f->store, report, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM report_revisions WHERE report_id = '%s'", report->id), ==, 2);

  /* A report stays with its company. */
  cn_set_str (&report->summary, "Autre");
  cn_set_str (&report->company_id, "another");
  g_assert_false (cn_store_correct_report (f->store, report, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);

  /* Deleting takes every revision. */
  g_assert_true (cn_store_delete_report (f->store, report->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM report_revisions WHERE report_id = '%s'", report->id), ==, 0);
  g_assert_null (cn_store_get_report (f->store, report->id, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cn_store_delete_report (f->store, report->id, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
}

/* ---- plan actions -------------------------------------------------------- */

static void
test_report_plan_actions (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "referential-small.json", NULL);
  g_autoptr(CnReferential) referential = cn_referential_load_file (path, &error);
  g_autofree char *diagnostic_id = NULL;
  g_autoptr(CnPlan) plan = NULL;
  g_autoptr(CnReport) report = new_report (f, "Actions faites");
  g_autoptr(CnReport) no_plan = NULL;
  g_autoptr(CnCompany) other = cn_company_new ();
  const char *q1[] = { "x0", NULL }, *q3[] = { "y1", NULL };
  const char *done[] = { "a1", "a2", NULL };
  const char *unknown[] = { "a4", "zz", NULL };
  const char *free_text[] = { "Photos du magasin", NULL };

  g_assert_no_error (error);
  /* q1 = x0 fires a4, a1 and a2 (see test-plan.c). */
  diagnostic_id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), referential, &error);
  g_assert_true (cn_store_save_answer (f->store, referential, diagnostic_id, "q1", q1, &error));
  g_assert_true (cn_store_save_answer (f->store, referential, diagnostic_id, "q3", q3, &error));
  g_assert_true (cn_store_complete_diagnostic (f->store, referential, diagnostic_id, &error));
  plan = cn_store_get_plan (f->store, referential, diagnostic_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plan->actions->len, ==, 3);

  /* An unknown action: nothing is written, nothing marked. */
  g_assert_false (cn_store_add_report (f->store, report, unknown, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "zz"));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM plan_actions WHERE done = 1"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM reports"), ==, 0);
  g_assert_cmpuint (g_strv_length (report->actions_done), ==, 0);

  /* Free text and plan actions together; the titles go into actions_done. */
  g_strfreev (report->actions_done);
  report->actions_done = g_strdupv ((char **) free_text);
  g_assert_true (cn_store_add_report (f->store, report, done, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT done FROM plan_actions WHERE plan_id = '%s' AND action_id = 'a1'", plan->id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT done FROM plan_actions WHERE plan_id = '%s' AND action_id = 'a2'", plan->id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT done FROM plan_actions WHERE plan_id = '%s' AND action_id = 'a4'", plan->id), ==, 0);
  {
    g_autoptr(CnReport) stored = cn_store_get_report (f->store, report->id, &error);
    g_autoptr(CnPlan) reread = cn_store_get_plan (f->store, referential, diagnostic_id, &error);
    guint n_done = 0;

    g_assert_cmpuint (g_strv_length (stored->actions_done), ==, 3);
    g_assert_cmpstr (stored->actions_done[0], ==, "Photos du magasin");
    g_assert_true (g_strv_contains ((const char *const *) stored->actions_done, "Action 1"));
    for (guint i = 0; i < reread->actions->len; i++)
      n_done += ((CnPlanAction *) reread->actions->pdata[i])->done;
    g_assert_cmpuint (n_done, ==, 2);
  }

  /* Marking one again in a correction does not repeat its title. */
  {
    const char *again[] = { "a1", "a4", NULL };

    g_assert_true (cn_store_correct_report (f->store, report, again, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (report->actions_done), ==, 4);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM plan_actions WHERE done = 1"), ==, 3);
  }

  /* A company without a plan. */
  cn_company_set_name (other, "Sans plan");
  g_assert_true (cn_store_add_company (f->store, other, NULL, &error));
  no_plan = new_report (f, "Rien");
  cn_set_str (&no_plan->company_id, cn_company_get_id (other));
  g_assert_false (cn_store_add_report (f->store, no_plan, done, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
}

/* ---- co-financing and the profile ----------------------------------------- */

static void
test_report_cofinancing (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReport) report = new_report (f, "Demande de cofinancement");

  report->cofinancing_amount_cents = 150050;
  /* No profile saved: a charter connector. */
  g_assert_false (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "labelled connector"));
  g_clear_error (&error);
  set_profile_kind (f, CN_CONNECTOR_CHARTER);
  g_assert_false (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM reports"), ==, 0);

  set_profile_kind (f, CN_CONNECTOR_LABELLED);
  g_assert_true (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CnReport) stored = cn_store_get_report (f->store, report->id, &error);

    g_assert_cmpint (stored->cofinancing_amount_cents, ==, 150050);
    g_assert_cmpint (stored->cofinancing_status, ==, CN_COFINANCING_REQUESTED);
  }
  g_assert_cmpint (query_int (f, "SELECT cofinancing_amount_cents FROM report_revisions"), ==, 150050);
}

static void
test_profile_store (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnProfile) profile = cn_store_get_profile (f->store, &error);
  g_autoptr(CnProfile) reread = NULL;
  gint64 outbox = cn_store_count_outbox (f->store, NULL);

  /* Defaults when none was saved. */
  g_assert_no_error (error);
  g_assert_cmpint (profile->kind, ==, CN_CONNECTOR_CHARTER);
  g_assert_cmpstr (profile->name, ==, "");
  g_assert_null (profile->region);
  g_assert_null (profile->updated_at);
  g_assert_false (cn_profile_can_request_cofinancing (profile));

  cn_set_str (&profile->region, "99");
  g_assert_false (cn_store_save_profile (f->store, profile, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  cn_set_str (&profile->region, "75");
  cn_set_str (&profile->email, "camille@");
  g_assert_false (cn_store_save_profile (f->store, profile, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  cn_set_str (&profile->email, " camille@example.fr ");
  profile->kind = CN_CONNECTOR_LABELLED;
  cn_set_str (&profile->label_expires_on, "2027-02-30");
  g_assert_false (cn_store_save_profile (f->store, profile, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM connector_profile"), ==, 0);

  cn_set_str (&profile->label_expires_on, "2027-03-31");
  cn_set_str (&profile->name, "Camille Martin");
  cn_set_str (&profile->organisation, "CCI Corrèze");
  g_assert_true (cn_store_save_profile (f->store, profile, &error));
  g_assert_no_error (error);
  reread = cn_store_get_profile (f->store, &error);
  g_assert_cmpstr (reread->name, ==, "Camille Martin");
  g_assert_cmpstr (reread->organisation, ==, "CCI Corrèze");
  g_assert_cmpstr (reread->email, ==, "camille@example.fr");
  g_assert_cmpstr (reread->region, ==, "75");
  g_assert_cmpint (reread->kind, ==, CN_CONNECTOR_LABELLED);
  g_assert_cmpstr (reread->label_expires_on, ==, "2027-03-31");
  g_assert_nonnull (reread->updated_at);
  g_assert_true (cn_profile_can_request_cofinancing (reread));

  /* A charter connector has no label. */
  reread->kind = CN_CONNECTOR_CHARTER;
  g_assert_true (cn_store_save_profile (f->store, reread, &error));
  g_assert_null (reread->label_expires_on);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM connector_profile WHERE label_expires_on IS NULL AND kind = 'charter'"), ==, 1);

  /* Never pushed. */
  g_assert_cmpint (cn_store_count_outbox (f->store, NULL), ==, outbox);
}

static void
test_profile_label_warning (void)
{
  g_autoptr(CnProfile) profile = cn_profile_new ();
  g_autofree char *text = NULL;

  profile->kind = CN_CONNECTOR_LABELLED;
  profile->label_expires_on = g_strdup ("2027-03-31");

  g_assert_cmpint (cn_profile_label_warning (profile, "2027-01-29"), ==, CN_PROFILE_NO_LABEL_WARNING); /* 61 days */
  g_assert_null (cn_profile_label_warning_text (profile, "2027-01-29"));
  g_assert_cmpint (cn_profile_label_warning (profile, "2027-01-30"), ==, 60);
  text = cn_profile_label_warning_text (profile, "2027-01-30");
  g_assert_nonnull (strstr (text, "60 days"));
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (cn_profile_label_warning (profile, "2027-03-30"), ==, 1);
  g_assert_cmpint (cn_profile_label_warning (profile, "2027-03-31"), ==, 0);
  text = cn_profile_label_warning_text (profile, "2027-03-31");
  g_assert_nonnull (strstr (text, "today"));
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (cn_profile_label_warning (profile, "2027-04-01"), ==, -1);
  text = cn_profile_label_warning_text (profile, "2027-04-01");
  g_assert_nonnull (strstr (text, "expired"));
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (cn_profile_label_warning (profile, "2028-04-01"), ==, -367); /* 2028 is a leap year */

  /* Nothing to say: bad date, no expiry, a charter connector. */
  g_assert_cmpint (cn_profile_label_warning (profile, "tomorrow"), ==, CN_PROFILE_NO_LABEL_WARNING);
  g_clear_pointer (&profile->label_expires_on, g_free);
  g_assert_cmpint (cn_profile_label_warning (profile, "2027-03-31"), ==, CN_PROFILE_NO_LABEL_WARNING);
  profile->label_expires_on = g_strdup ("2027-03-31");
  profile->kind = CN_CONNECTOR_CHARTER;
  g_assert_cmpint (cn_profile_label_warning (profile, "2027-03-31"), ==, CN_PROFILE_NO_LABEL_WARNING);
  g_assert_cmpint (cn_profile_label_warning (NULL, "2027-03-31"), ==, CN_PROFILE_NO_LABEL_WARNING);
}

/* ---- outreach -------------------------------------------------------------- */

static CnOutreach *
new_outreach (const char *title)
{
  CnOutreach *outreach = cn_outreach_new ();

  outreach->date = g_strdup ("2026-11-20");
  outreach->kind = CN_OUTREACH_WORKSHOP;
  outreach->title = g_strdup (title);
  outreach->smes_reached = 25;
  outreach->leads = 3;
  return outreach;
}

static void
test_outreach_validation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnOutreach) good = new_outreach ("  Atelier « Vendre en ligne »  ");
  CnOutreachKind kind;

  g_assert_true (cn_outreach_normalize (good, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (good->title, ==, "Atelier « Vendre en ligne »");
  g_assert_cmpstr (good->notes, ==, "");

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(CnOutreach) bad = new_outreach ("Atelier");

      switch (i)
        {
        case 0: cn_set_str (&bad->date, "2026-11-31"); break;
        case 1: cn_set_str (&bad->title, " "); break;
        case 2: bad->smes_reached = -1; break;
        case 3: bad->leads = -1; break;
        case 4: bad->kind = (CnOutreachKind) 12; break;
        case 5: g_clear_pointer (&bad->title, g_free); break;
        }
      g_assert_false (cn_outreach_normalize (bad, &error));
      g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
      g_clear_error (&error);
    }

  g_assert_true (cn_outreach_kind_from_string ("visit", &kind));
  g_assert_cmpint (kind, ==, CN_OUTREACH_VISIT);
  g_assert_false (cn_outreach_kind_from_string ("party", &kind));
  for (guint i = 0; i < CN_OUTREACH_N_KINDS; i++)
    {
      g_assert_true (cn_outreach_kind_from_string (cn_outreach_kind_to_string (i), &kind));
      g_assert_cmpint (kind, ==, i);
    }
}

static void
test_outreach_store (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnOutreach) workshop = new_outreach ("Atelier CCI");
  g_autoptr(CnOutreach) call = new_outreach ("Phoning");
  g_autoptr(CnOutreach) reread = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_true (cn_store_save_outreach (f->store, workshop, &error));
  g_assert_no_error (error);
  g_assert_nonnull (workshop->id);
  call->kind = CN_OUTREACH_CALL;
  cn_set_str (&call->date, "2027-01-15");
  g_assert_true (cn_store_save_outreach (f->store, call, &error));

  workshop->leads = 4;
  cn_set_str (&workshop->notes, "Salle comble");
  g_assert_true (cn_store_save_outreach (f->store, workshop, &error));
  reread = cn_store_get_outreach (f->store, workshop->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reread->leads, ==, 4);
  g_assert_cmpstr (reread->notes, ==, "Salle comble");
  g_assert_cmpint (reread->kind, ==, CN_OUTREACH_WORKSHOP);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outreach"), ==, 2);

  list = cn_store_list_outreach (f->store, NULL, NULL, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((CnOutreach *) list->pdata[0])->title, ==, "Phoning");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = cn_store_list_outreach (f->store, "2026-11-20", "2026-12-31", &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((CnOutreach *) list->pdata[0])->title, ==, "Atelier CCI");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = cn_store_list_outreach (f->store, "2026-11-21", NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((CnOutreach *) list->pdata[0])->title, ==, "Phoning");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* An invalid entry is not saved. */
  cn_set_str (&call->date, "15/01/2027");
  g_assert_false (cn_store_save_outreach (f->store, call, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (cn_store_delete_outreach (f->store, call->id, &error));
  g_assert_no_error (error);
  g_assert_null (cn_store_get_outreach (f->store, call->id, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Updating one that is gone. */
  cn_set_str (&call->date, "2027-01-15");
  g_assert_false (cn_store_save_outreach (f->store, call, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
}

static void
test_outreach_to_company (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnOutreach) workshop = new_outreach ("Atelier Vendre en ligne");
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(CnCompany) stored = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gint64 companies;
  gboolean created = FALSE, noted = FALSE;

  g_assert_true (cn_store_save_outreach (f->store, workshop, &error));
  companies = query_int (f, "SELECT count(*) FROM companies");

  company = cn_store_company_from_outreach (f->store, workshop->id, "Fleurs de Lise", "35000", &error);
  g_assert_no_error (error);
  g_assert_nonnull (company);
  stored = cn_store_get_company (f->store, cn_company_get_id (company), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_company_get_name (stored), ==, "Fleurs de Lise");
  g_assert_cmpstr (cn_company_get_postcode (stored), ==, "35000");
  g_assert_cmpint (cn_company_get_status (stored), ==, CN_COMPANY_STATUS_LEAD);
  g_assert_cmpstr (cn_company_get_tags (stored)[0], ==, "Atelier Vendre en ligne");
  events = cn_store_list_events (f->store, cn_company_get_id (company), &error);
  for (guint i = 0; i < events->len; i++)
    {
      const char *kind = cn_event_get_kind (events->pdata[i]);

      created |= g_str_equal (kind, CN_EVENT_CREATED);
      if (g_str_equal (kind, CN_EVENT_NOTE))
        noted = strstr (cn_event_get_detail (events->pdata[i]), "Atelier Vendre en ligne") != NULL;
    }
  g_assert_true (created);
  g_assert_true (noted);
  g_assert_cmpint (outbox_count (f, "company", cn_company_get_id (company), "upsert"), ==, 1);

  /* All or nothing: an unknown outreach, an invalid name or postcode. */
  g_assert_null (cn_store_company_from_outreach (f->store, "nope", "Café", NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cn_store_company_from_outreach (f->store, workshop->id, "  ", NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (cn_store_company_from_outreach (f->store, workshop->id, "Café", "3500", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM companies"), ==, companies + 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM events WHERE kind = 'note'"), ==, 1);
}

/* ---- the outbox, in the same transaction ---------------------------------- */

/* While the trigger is there, queueing a change of @type fails: a write
 * whose outbox entry is not written must leave nothing behind. */
static void
block_outbox (Fixture    *f,
              const char *type,
              gboolean    blocked)
{
  g_autofree char *sql = blocked
    ? g_strdup_printf ("CREATE TRIGGER block_outbox BEFORE INSERT ON outbox WHEN new.entity_type = '%s'"
                       " BEGIN SELECT RAISE (ABORT, 'outbox refused'); END", type)
    : g_strdup ("DROP TRIGGER block_outbox");

  exec (f, sql);
}

static void
test_report_outbox (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReport) report = new_report (f, "Visite");

  /* add */
  block_outbox (f, "report", TRUE);
  g_assert_false (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM reports"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM report_revisions"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM events WHERE kind = 'report'"), ==, 0);
  block_outbox (f, "report", FALSE);
  g_assert_true (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_count (f, "report", report->id, "upsert"), ==, 1);

  /* correct: the entry already pending is the one to update. */
  exec (f, "UPDATE outbox SET batch_id = 'sent' WHERE entity_type = 'report'");
  cn_set_str (&report->summary, "Visite, corrigée");
  block_outbox (f, "report", TRUE);
  g_assert_false (cn_store_correct_report (f->store, report, NULL, &error));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM report_revisions"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT current_revision FROM reports"), ==, 1);
  block_outbox (f, "report", FALSE);
  g_assert_true (cn_store_correct_report (f->store, report, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_count (f, "report", report->id, "upsert"), ==, 1);

  /* delete, of a report the platform knows */
  exec (f, "UPDATE outbox SET batch_id = 'sent' WHERE entity_type = 'report'; UPDATE reports SET revision = 2");
  block_outbox (f, "report", TRUE);
  g_assert_false (cn_store_delete_report (f->store, report->id, &error));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM report_revisions"), ==, 2);
  block_outbox (f, "report", FALSE);
  g_assert_true (cn_store_delete_report (f->store, report->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_count (f, "report", report->id, "delete"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM reports"), ==, 0);

  /* And the other way round: a revision that cannot be written queues nothing. */
  {
    g_autoptr(CnReport) other = new_report (f, "Autre visite");

    exec (f, "CREATE TRIGGER block_revision BEFORE INSERT ON report_revisions"
             " BEGIN SELECT RAISE (ABORT, 'revision refused'); END");
    g_assert_false (cn_store_add_report (f->store, other, NULL, &error));
    g_clear_error (&error);
    exec (f, "DROP TRIGGER block_revision");
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE entity_type = 'report' AND batch_id IS NULL"), ==, 1);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM reports"), ==, 0);
  }
}

static void
test_outreach_outbox (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnOutreach) outreach = new_outreach ("Salon");

  block_outbox (f, "outreach", TRUE);
  g_assert_false (cn_store_save_outreach (f->store, outreach, &error));
  g_clear_error (&error);
  g_assert_null (outreach->id);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outreach"), ==, 0);
  block_outbox (f, "outreach", FALSE);
  g_assert_true (cn_store_save_outreach (f->store, outreach, &error));
  g_assert_cmpint (outbox_count (f, "outreach", outreach->id, "upsert"), ==, 1);

  exec (f, "UPDATE outbox SET batch_id = 'sent' WHERE entity_type = 'outreach'");
  outreach->smes_reached = 40;
  block_outbox (f, "outreach", TRUE);
  g_assert_false (cn_store_save_outreach (f->store, outreach, &error));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT smes_reached FROM outreach"), ==, 25);
  block_outbox (f, "outreach", FALSE);
  g_assert_true (cn_store_save_outreach (f->store, outreach, &error));
  g_assert_cmpint (query_int (f, "SELECT smes_reached FROM outreach"), ==, 40);
  g_assert_cmpint (outbox_count (f, "outreach", outreach->id, "upsert"), ==, 1);

  exec (f, "UPDATE outbox SET batch_id = 'sent' WHERE entity_type = 'outreach'; UPDATE outreach SET revision = 2");
  block_outbox (f, "outreach", TRUE);
  g_assert_false (cn_store_delete_outreach (f->store, outreach->id, &error));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outreach"), ==, 1);
  block_outbox (f, "outreach", FALSE);
  g_assert_true (cn_store_delete_outreach (f->store, outreach->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_count (f, "outreach", outreach->id, "delete"), ==, 1);

  /* Deleting one never sent just forgets its pending entry. */
  {
    g_autoptr(CnOutreach) local = new_outreach ("Brouillon");

    g_assert_true (cn_store_save_outreach (f->store, local, &error));
    g_assert_cmpint (outbox_count (f, "outreach", local->id, "upsert"), ==, 1);
    g_assert_true (cn_store_delete_outreach (f->store, local->id, &error));
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE entity_id = '%s'", local->id), ==, 0);
  }
}

/* ---- deleting the company, with undo -------------------------------------- */

static void
test_report_company_undo (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReport) report = new_report (f, "Avant suppression");
  g_autoptr(CnReport) second = new_report (f, "Deuxième");
  g_autoptr(CnCompanyBackup) backup = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(CnReport) current = NULL;
  const char *steps[] = { "Relancer en janvier", NULL };

  set_profile_kind (f, CN_CONNECTOR_LABELLED);
  g_strfreev (report->next_steps);
  report->next_steps = g_strdupv ((char **) steps);
  report->cofinancing_amount_cents = 80000;
  g_assert_true (cn_store_add_report (f->store, report, NULL, &error));
  cn_set_str (&report->summary, "Avant suppression, corrigé");
  g_assert_true (cn_store_correct_report (f->store, report, NULL, &error));
  g_assert_no_error (error);
  /* The first one was sent: its deletion must be queued; the second was
   * not: it is simply forgotten. */
  exec (f, "UPDATE outbox SET batch_id = 'sent' WHERE entity_type = 'report'");
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE reports SET revision = 7 WHERE id = '%s'", report->id);
    exec (f, sql);
  }
  g_assert_true (cn_store_add_report (f->store, second, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (cn_store_delete_company (f->store, cn_company_get_id (f->company), &backup, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM reports"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM report_revisions"), ==, 0);
  g_assert_cmpint (outbox_count (f, "report", report->id, "delete"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM outbox WHERE entity_id = '%s' AND batch_id IS NULL", second->id), ==, 0);

  g_assert_true (cn_store_restore_company (f->store, backup, &error));
  g_assert_no_error (error);
  current = cn_store_get_report (f->store, report->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (current->number, ==, 2);
  g_assert_cmpstr (current->summary, ==, "Avant suppression, corrigé");
  g_assert_cmpstr (current->next_steps[0], ==, "Relancer en janvier");
  g_assert_cmpint (current->cofinancing_amount_cents, ==, 80000);
  g_assert_cmpint (current->revision, ==, 7);
  g_assert_cmpstr (current->created_at, ==, report->created_at);
  revisions = cn_store_list_report_revisions (f->store, report->id, &error);
  g_assert_cmpuint (revisions->len, ==, 2);
  g_assert_cmpstr (((CnReport *) revisions->pdata[0])->summary, ==, "Avant suppression");
  g_assert_cmpstr (((CnReport *) revisions->pdata[0])->written_at, ==,
                   ((CnReport *) revisions->pdata[0])->created_at);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM reports"), ==, 2);
  g_assert_cmpint (outbox_count (f, "report", report->id, "upsert"), ==, 1);
  g_assert_cmpint (outbox_count (f, "report", second->id, "upsert"), ==, 1);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)

int
main (int argc, char *argv[])
{
  cn_test_init (&argc, &argv);

  ADD ("/report/validation", test_report_validation);
  ADD ("/report/appointment", test_report_appointment);
  ADD ("/report/revisions", test_report_revisions);
  ADD ("/report/plan-actions", test_report_plan_actions);
  ADD ("/report/cofinancing", test_report_cofinancing);
  ADD ("/report/outbox", test_report_outbox);
  ADD ("/report/company-undo", test_report_company_undo);
  ADD ("/profile/store", test_profile_store);
  g_test_add_func ("/profile/label-warning", test_profile_label_warning);
  g_test_add_func ("/outreach/validation", test_outreach_validation);
  ADD ("/outreach/store", test_outreach_store);
  ADD ("/outreach/to-company", test_outreach_to_company);
  ADD ("/outreach/outbox", test_outreach_outbox);

  return g_test_run ();
}
