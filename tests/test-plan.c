/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Action plans: built from a diagnostic's triggered rules, stored, edited,
 * issued; kept through a company's deletion and undo. */
#include "config.h"

#include "cn-error.h"
#include "cn-plan.h"
#include "cn-store-private.h"
#include "cn-test-util.h"

typedef struct {
  char          *dir;
  CnStore       *store;
  CnReferential *referential;
  CnCompany     *company;
  char          *diagnostic_id;
} Fixture;

static void
answer (Fixture    *f,
        const char *question,
        const char *choice)
{
  g_autoptr(GError) error = NULL;
  const char *choices[] = { choice, NULL };

  g_assert_true (cn_store_save_answer (f->store, f->referential, f->diagnostic_id, question, choices, &error));
  g_assert_no_error (error);
}

/* A completed diagnostic of the small questionnaire: q1 = x0 fires r1 (and
 * the overall is low, firing r4 and r2). */
static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "referential-small.json", NULL);

  f->dir = cn_test_make_tmp_dir ();
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->referential = cn_referential_load_file (path, &error);
  g_assert_no_error (error);
  f->company = cn_company_new ();
  cn_company_set_name (f->company, "Boulangerie Martin");
  g_assert_true (cn_store_add_company (f->store, f->company, NULL, &error));
  f->diagnostic_id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);
  answer (f, "q1", "x0");
  answer (f, "q3", "y1");
  g_assert_true (cn_store_complete_diagnostic (f->store, f->referential, f->diagnostic_id, &error));
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->company);
  g_clear_pointer (&f->referential, cn_referential_unref);
  if (f->store)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->diagnostic_id);
}

static CnPlanAction *
action_at (CnPlan *plan,
           guint   i)
{
  g_assert_cmpuint (i, <, plan->actions->len);
  return plan->actions->pdata[i];
}

static void
test_build (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnDiagnostic) diagnostic = cn_store_load_diagnostic (f->store, f->diagnostic_id, &error);
  g_autoptr(CnPlan) plan = cn_plan_build (f->referential, diagnostic);

  /* alpha = 0, beta = (2×5)/3 = 33 → overall 17: r4 (priority 1), r1 (2),
   * r2 (3), in that order. */
  g_assert_cmpuint (plan->actions->len, ==, 3);
  g_assert_cmpstr (action_at (plan, 0)->id, ==, "a4");
  g_assert_cmpstr (action_at (plan, 1)->id, ==, "a1");
  g_assert_cmpstr (action_at (plan, 2)->id, ==, "a2");
  g_assert_cmpstr (action_at (plan, 1)->title, ==, "Action 1");
  g_assert_cmpstr (action_at (plan, 1)->horizon, ==, "now");
  g_assert_cmpstr (action_at (plan, 1)->price_ref, ==, "site-vitrine");
  /* Why: the question and the answer given, in words. */
  g_assert_nonnull (strstr (action_at (plan, 1)->why, "Q1 ?"));
  g_assert_nonnull (strstr (action_at (plan, 1)->why, "Non"));
  g_assert_nonnull (strstr (action_at (plan, 2)->why, "Bêta"));
  g_assert_nonnull (strstr (action_at (plan, 2)->why, "33/100"));
  g_assert_nonnull (strstr (action_at (plan, 0)->why, "17/100"));
  g_assert_cmpstr (plan->company_id, ==, cn_company_get_id (f->company));
}

static void
test_stored_once (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnPlan) first = cn_store_get_plan (f->store, f->referential, f->diagnostic_id, &error);
  g_autoptr(CnPlan) again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (first->id);
  again = cn_store_get_plan (f->store, f->referential, f->diagnostic_id, &error);
  g_assert_cmpstr (again->id, ==, first->id);
  g_assert_cmpuint (again->actions->len, ==, first->actions->len);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM plans"), ==, 1);
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnPlan) plan = cn_store_get_plan (f->store, f->referential, f->diagnostic_id, &error);
  g_autoptr(CnPlan) saved = NULL;
  CnPlanAction *custom;

  /* Reorder (a1 first), remove a2, reword a4, add one by hand, owner, date, note. */
  g_ptr_array_insert (plan->actions, 0, g_ptr_array_steal_index (plan->actions, 1));
  g_ptr_array_remove_index (plan->actions, 2);
  g_free (action_at (plan, 1)->title);
  action_at (plan, 1)->title = g_strdup ("<b>Former</b> l'équipe & le gérant");
  custom = cn_plan_action_new ("custom-1", "Ouvrir un compte Instagram");
  custom->owner = g_strdup ("Mme Martin");
  custom->due_date = g_strdup ("2027-01-15");
  g_ptr_array_add (plan->actions, custom);
  g_free (plan->note);
  plan->note = g_strdup ("Penser au salon de mars.");
  g_assert_true (cn_store_save_plan (f->store, plan, &error));
  g_assert_no_error (error);

  saved = cn_store_get_plan (f->store, f->referential, f->diagnostic_id, &error);
  g_assert_cmpuint (saved->actions->len, ==, 3);
  g_assert_cmpstr (action_at (saved, 0)->id, ==, "a1");
  g_assert_cmpstr (action_at (saved, 1)->id, ==, "a4");
  g_assert_cmpstr (action_at (saved, 1)->title, ==, "<b>Former</b> l'équipe & le gérant");
  g_assert_cmpstr (action_at (saved, 2)->id, ==, "custom-1");
  g_assert_cmpstr (action_at (saved, 2)->owner, ==, "Mme Martin");
  g_assert_cmpstr (action_at (saved, 2)->due_date, ==, "2027-01-15");
  g_assert_cmpstr (saved->note, ==, "Penser au salon de mars.");
}

static void
test_bad_edit_changes_nothing (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnPlan) plan = cn_store_get_plan (f->store, f->referential, f->diagnostic_id, &error);
  g_autoptr(CnPlan) saved = NULL;

  g_ptr_array_remove_index (plan->actions, 0);
  g_free (action_at (plan, 0)->due_date);
  action_at (plan, 0)->due_date = g_strdup ("15/01/2027");
  g_assert_false (cn_store_save_plan (f->store, plan, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_free (action_at (plan, 0)->due_date);
  action_at (plan, 0)->due_date = NULL;
  g_free (action_at (plan, 0)->title);
  action_at (plan, 0)->title = g_strdup ("   ");
  g_assert_false (cn_store_save_plan (f->store, plan, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);

  saved = cn_store_get_plan (f->store, f->referential, f->diagnostic_id, &error);
  g_assert_cmpuint (saved->actions->len, ==, 3);
}

static void
test_needs_completed_diagnostic (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *open = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);
  g_autoptr(CnPlan) plan = cn_store_get_plan (f->store, f->referential, open, &error);

  g_assert_null (plan);
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
}

static void
test_issued (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnPlan) plan = cn_store_get_plan (f->store, f->referential, f->diagnostic_id, &error);
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) events = NULL;
  gboolean found = FALSE;

  g_assert_true (cn_store_record_plan_issued (f->store, plan, NULL, "plan-martin.pdf", &error));
  g_assert_no_error (error);
  company = cn_store_get_company (f->store, cn_company_get_id (f->company), &error);
  g_assert_cmpint (cn_company_get_status (company), ==, CN_COMPANY_STATUS_PLAN_DELIVERED);
  events = cn_store_list_events (f->store, cn_company_get_id (f->company), &error);
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (cn_event_get_kind (events->pdata[i]), CN_EVENT_PLAN_ISSUED))
      {
        g_autofree char *sentence = cn_event_describe (events->pdata[i]);

        g_assert_nonnull (strstr (sentence, "plan-martin.pdf"));
        g_assert_nonnull (strstr (cn_event_get_detail (events->pdata[i]), f->diagnostic_id));
        found = TRUE;
      }
  g_assert_true (found);
}

static void
test_delete_company_and_undo (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnPlan) plan = cn_store_get_plan (f->store, f->referential, f->diagnostic_id, &error);
  g_autoptr(CnCompanyBackup) backup = NULL;
  g_autoptr(CnPlan) restored = NULL;

  g_free (plan->note);
  plan->note = g_strdup ("Note à garder");
  g_assert_true (cn_store_save_plan (f->store, plan, &error));
  g_assert_true (cn_store_delete_company (f->store, cn_company_get_id (f->company), &backup, &error));
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM plans"), ==, 0);
  g_assert_true (cn_store_restore_company (f->store, backup, &error));
  g_assert_no_error (error);
  restored = cn_store_get_plan (f->store, f->referential, f->diagnostic_id, &error);
  g_assert_cmpstr (restored->id, ==, plan->id);
  g_assert_cmpstr (restored->note, ==, "Note à garder");
  g_assert_cmpuint (restored->actions->len, ==, plan->actions->len);
}

static void
test_open_actions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = cn_store_list_open_plan_actions (f->store, cn_company_get_id (f->company), &error);
  g_autoptr(CnPlan) plan = NULL;
  g_autoptr(GPtrArray) open = NULL;

  /* No plan yet: nothing, and none is built by asking. */
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM plans"), ==, 0);

  plan = cn_store_get_plan (f->store, f->referential, f->diagnostic_id, &error);
  action_at (plan, 1)->done = TRUE;
  g_assert_true (cn_store_save_plan (f->store, plan, &error));
  open = cn_store_list_open_plan_actions (f->store, cn_company_get_id (f->company), &error);
  g_assert_cmpuint (open->len, ==, plan->actions->len - 1);
  for (guint i = 0; i < open->len; i++)
    g_assert_cmpstr (((CnPlanAction *) open->pdata[i])->id, !=, action_at (plan, 1)->id);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/plan/build", test_build);
  ADD ("/plan/stored-once", test_stored_once);
  ADD ("/plan/edit", test_edit);
  ADD ("/plan/bad-edit", test_bad_edit_changes_nothing);
  ADD ("/plan/needs-completed-diagnostic", test_needs_completed_diagnostic);
  ADD ("/plan/issued", test_issued);
  ADD ("/plan/delete-company-and-undo", test_delete_company_and_undo);
  ADD ("/plan/open-actions", test_open_actions);

  return g_test_run ();
}
