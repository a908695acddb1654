/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Presents the real window under Xvfb and drives it through its actions,
 * as a connector would with the mouse and keyboard. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cn-application.h"
#include "cn-company-page.h"
#include "cn-company-form.h"
#include "cn-directory.h"
#include "cn-registry.h"
#include "cn-diagnostic.h"
#include "cn-referential.h"
#include "cn-diagnostic-window.h"
#include "cn-agenda-view.h"
#include "cn-appointment.h"
#include "cn-appointment-form.h"
#include "cn-dashboard-view.h"
#include "cn-plan-window.h"
#include "cn-report.h"
#include "cn-report-form.h"
#include "cn-profile.h"
#include "cn-window.h"
#include "cn-conflict-window.h"
#include "cn-credentials.h"
#include "cn-lead.h"
#include "cn-leads-view.h"
#include "cn-platform-server.h"
#include "cn-preferences-window.h"
#include "cn-privacy-dialogs.h"
#include "cn-sync-banner.h"
#include "cn-sync-status.h"
#include "cn-sync-store.h"
#include "cn-sync-view.h"

#include <libsoup/soup.h>

#include "cn-test-network.h"
#include "cn-test-ui.h"

typedef struct {
  char *data_dir;
  CnApplication *app;
  CnWindow *window;
} Fixture;

/* Runs the main loop until @check holds or 10 s passed. */
static gboolean
wait_until (gboolean (*check) (Fixture *), Fixture *f)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!check (f))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static guint
n_shown (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (cn_window_get_company_list (f->window)));
}

static void
start_app (Fixture *f)
{
  GList *windows;

  f->app = cn_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  {
    g_autoptr(GError) error = NULL;

    g_application_register (G_APPLICATION (f->app), NULL, &error);
    g_assert_no_error (error);
  }
  g_application_activate (G_APPLICATION (f->app));

  windows = gtk_application_get_windows (GTK_APPLICATION (f->app));
  g_assert_nonnull (windows);
  g_assert_true (CN_IS_WINDOW (windows->data));
  f->window = windows->data;
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  iterate_for (300);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  /* A case run in two processes (quit, restart) shares its folder. */
  if (g_getenv ("CN_TEST_SHARED_DIR") != NULL)
    f->data_dir = g_strdup (g_getenv ("CN_TEST_SHARED_DIR"));
  else
    f->data_dir = g_dir_make_tmp ("connecteur-ui-XXXXXX", NULL);
  g_setenv ("CONNECTEUR_DATA_DIR", f->data_dir, TRUE);
  start_app (f);
}

/* Quits as the user does: every window closed, the application gone. */
static void
quit_app (Fixture *f)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (f->app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  iterate_for (50);
  g_clear_object (&f->app);
  f->window = NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  quit_app (f);
  if (g_getenv ("CN_TEST_SHARED_DIR") == NULL)
    remove_tree (f->data_dir);
  g_free (f->data_dir);
}

static void
type_text (GtkEditable *editable,
           const char  *text)
{
  gtk_editable_set_text (editable, text);
  iterate_for (20);
}

static gboolean has_one (Fixture *f) { return n_shown (f) == 1; }
static gboolean has_none (Fixture *f) { return n_shown (f) == 0; }
static gboolean has_sample (Fixture *f) { return n_shown (f) >= 12; }

static void
test_add_search_delete_undo (Fixture       *f,
                             gconstpointer  data)
{
  CnCompanyForm *form;
  CnStore *store = cn_application_get_store (f->app);
  g_autofree char *id = NULL;
  g_autoptr(CnCompany) restored = NULL;

  g_assert_cmpuint (n_shown (f), ==, 0);
  save_png (GTK_WIDGET (f->window), "empty-portfolio.png");

  /* Add a company through the form, with a typo first. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-company", NULL);
  iterate_for (100);
  form = CN_COMPANY_FORM (cn_window_get_open_form (f->window));
  g_assert_nonnull (form);
  type_text (cn_company_form_get_entry (form, CN_COMPANY_FIELD_NAME), "<b>Dupont & Fils</b> \"l'Atelier\"");
  type_text (cn_company_form_get_entry (form, CN_COMPANY_FIELD_SIRET), "418 166 096 00068");
  g_assert_nonnull (cn_company_form_get_error (form, CN_COMPANY_FIELD_SIRET));
  g_assert_false (cn_company_form_save (form));
  g_assert_cmpint (cn_store_count_companies (store, NULL), ==, 0);
  type_text (cn_company_form_get_entry (form, CN_COMPANY_FIELD_SIRET), "418 166 096 00069");
  g_assert_null (cn_company_form_get_error (form, CN_COMPANY_FIELD_SIRET));
  type_text (cn_company_form_get_entry (form, CN_COMPANY_FIELD_NAF), "4771z");
  type_text (cn_company_form_get_entry (form, CN_COMPANY_FIELD_POSTCODE), "19000");
  iterate_for (500);
  save_png (GTK_WIDGET (form), "company-form.png");
  g_assert_true (cn_company_form_save (form));
  g_assert_true (wait_until (has_one, f));
  g_assert_cmpint (cn_store_count_companies (store, NULL), ==, 1);
  id = g_strdup (cn_window_get_selected_id (f->window));
  g_assert_nonnull (id);
  iterate_for (200);
  save_png (GTK_WIDGET (f->window), "company-added.png");

  /* Find it by typing, accents and case ignored. */
  type_text (cn_window_get_search_entry (f->window), "DUPONT fils");
  iterate_for (300);
  g_assert_cmpuint (n_shown (f), ==, 1);
  type_text (cn_window_get_search_entry (f->window), "habillement");
  iterate_for (300);
  g_assert_cmpuint (n_shown (f), ==, 1);
  type_text (cn_window_get_search_entry (f->window), "boulangerie");
  iterate_for (300);
  g_assert_cmpuint (n_shown (f), ==, 0);
  type_text (cn_window_get_search_entry (f->window), "");
  iterate_for (300);
  g_assert_cmpuint (n_shown (f), ==, 1);

  /* Delete, then undo from the toast. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-company", NULL);
  g_assert_true (wait_until (has_none, f));
  g_assert_cmpint (cn_store_count_companies (store, NULL), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo-delete", NULL);
  g_assert_true (wait_until (has_one, f));
  restored = cn_store_get_company (store, id, NULL);
  g_assert_nonnull (restored);
  g_assert_cmpstr (cn_company_get_name (restored), ==, "<b>Dupont & Fils</b> \"l'Atelier\"");
}

static void
test_sample_portfolio (Fixture       *f,
                       gconstpointer  data)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.load-sample", NULL);
  g_assert_true (wait_until (has_sample, f));
  g_assert_cmpuint (n_shown (f), ==, 12);
  iterate_for (300);
  save_png (GTK_WIDGET (f->window), "main-window.png");

  /* A labelled connector whose label ends in 30 days is told so. */
  {
    CnStore *store = cn_application_get_store (f->app);
    g_autoptr(CnProfile) profile = cn_store_get_profile (store, NULL);
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) soon = g_date_time_add_days (now, 30);
    g_autoptr(GError) error = NULL;

    g_assert_null (cn_window_get_label_warning (f->window));
    profile->kind = CN_CONNECTOR_LABELLED;
    profile->label_expires_on = g_date_time_format (soon, "%Y-%m-%d");
    g_assert_true (cn_store_save_profile (store, profile, &error));
    g_assert_no_error (error);
    g_object_notify (G_OBJECT (f->window), "is-active");
    iterate_for (300);
    g_assert_nonnull (cn_window_get_label_warning (f->window));
    g_assert_nonnull (strstr (cn_window_get_label_warning (f->window), "30"));
    save_png (GTK_WIDGET (f->window), "label-warning.png");
  }

  /* Narrow: the leaflet folds to one pane. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  iterate_for (500);
  save_png (GTK_WIDGET (f->window), "main-window-narrow.png");
}

/* Answers every question of the page shown: the best choice, or "I don't
 * know" for one question in three, and a profile left as prefilled. */
static guint n_answered_by_test;

static void
answer_page (CnDiagnosticWindow *window)
{
  GPtrArray *questions = cn_diagnostic_window_get_page_questions (window);

  for (guint q = 0; q < questions->len; q++)
    {
      const CnQuestion *question = questions->pdata[q];
      GtkCheckButton *button;

      if (question->kind == CN_QUESTION_PROFILE)
        continue;
      if (n_answered_by_test++ % 3 == 2)
        button = cn_diagnostic_window_get_choice_button (window, question->id, CN_CHOICE_DONT_KNOW);
      else
        {
          const CnQuestionChoice *best = question->choices->pdata[0];

          for (guint c = 1; c < question->choices->len; c++)
            if (((const CnQuestionChoice *) question->choices->pdata[c])->points > best->points)
              best = question->choices->pdata[c];
          button = cn_diagnostic_window_get_choice_button (window, question->id, best->id);
        }
      g_assert_nonnull (button);
      /* As a click does (a click on a ticked box would untick it). */
      if (!gtk_check_button_get_active (button))
        gtk_widget_activate (GTK_WIDGET (button));
      g_assert_true (gtk_check_button_get_active (button));
      iterate_for (10);
    }
}

/* Completing with open questions asks first: answer "Complete". */
static void
confirm_completion (void)
{
  g_autoptr(GListModel) toplevels = G_LIST_MODEL (g_object_ref (gtk_window_get_toplevels ()));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        {
          adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), "complete");
          gtk_window_destroy (GTK_WINDOW (window));
          iterate_for (50);
          return;
        }
    }
}

static CnDiagnosticWindow *
open_diagnostic (Fixture    *f,
                 const char *company_id,
                 int         width)
{
  g_autoptr(GError) error = NULL;
  CnDiagnosticWindow *window = cn_diagnostic_window_start (GTK_WINDOW (f->window), cn_application_get_store (f->app),
                                                           company_id, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 860);
  iterate_for (300);
  return window;
}

static char *
only_company_id (CnStore *store)
{
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
  g_autoptr(GArray) rows = cn_store_find_companies (store, &filter, NULL);
  g_autoptr(CnCompany) company = NULL;

  g_assert_cmpuint (rows->len, ==, 1);
  company = cn_store_get_company_by_rowid (store, g_array_index (rows, gint64, 0), NULL);
  return g_strdup (cn_company_get_id (company));
}

static char *
page_file (Fixture *f)
{
  return g_build_filename (f->data_dir, "expected-page", NULL);
}

/* First process: start a diagnostic, answer half of it, quit. */
static void
test_diagnostic_first_half (Fixture       *f,
                            gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *page = NULL;
  g_autofree char *path = page_file (f);
  CnDiagnosticWindow *window;
  guint n_pages;

  cn_company_set_name (company, "Fleurs de Lise");
  cn_company_set_naf (company, "47.76Z");
  cn_company_set_headcount (company, "01");
  cn_company_set_postcode (company, "35000");
  g_assert_true (cn_store_add_company (store, company, NULL, &error));

  window = open_diagnostic (f, cn_company_get_id (company), 900);
  n_pages = cn_diagnostic_window_get_n_pages (window);
  /* Wide: the profile, then one page per dimension. */
  g_assert_cmpuint (n_pages, >=, 7);
  g_assert_cmpuint (cn_diagnostic_window_get_page (window), ==, 0);
  /* The profile comes prefilled from the record: 1–2 employees, retail. */
  g_assert_true (gtk_check_button_get_active (cn_diagnostic_window_get_choice_button (window, "taille", "micro")));
  g_assert_true (gtk_check_button_get_active (cn_diagnostic_window_get_choice_button (window, "secteur", "commerce")));
  save_png (GTK_WIDGET (window), "diagnostic-profile.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "diagnostic.next", NULL);
  iterate_for (100);
  save_png (GTK_WIDGET (window), "diagnostic-question.png");

  while (cn_diagnostic_window_get_page (window) < n_pages / 2)
    {
      answer_page (window);
      gtk_widget_activate_action (GTK_WIDGET (window), "diagnostic.next", NULL);
      iterate_for (50);
    }
  page = g_strdup_printf ("%u", cn_diagnostic_window_get_page (window));
  g_assert_true (g_file_set_contents (path, page, -1, NULL));
  /* The teardown quits with the diagnostic window open. */
}

/* Second process: the diagnostic resumes on the same page with its
 * answers, and goes to the results. */
static void
test_diagnostic_resume (Fixture       *f,
                        gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autofree char *company_id = only_company_id (store);
  g_autofree char *path = page_file (f);
  g_autofree char *page = NULL;
  g_autoptr(CnCompany) diagnosed = NULL;
  g_autoptr(GPtrArray) completed = NULL;
  g_autoptr(CnDiagnostic) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *diagnostic_id = NULL;
  CnDiagnosticWindow *window;
  const CnQuestion *first;
  const char *const *answer;
  guint n_pages;

  g_assert_true (g_file_get_contents (path, &page, NULL, NULL));
  stored = cn_store_find_open_diagnostic (store, company_id, &error);
  g_assert_nonnull (stored);
  g_assert_cmpuint (g_hash_table_size (stored->answers), >, 5);

  window = open_diagnostic (f, company_id, 900);
  diagnostic_id = g_strdup (cn_diagnostic_window_get_diagnostic_id (window));
  g_assert_cmpstr (diagnostic_id, ==, stored->id);
  g_assert_cmpuint (cn_diagnostic_window_get_page (window), ==, g_ascii_strtoull (page, NULL, 10));
  n_pages = cn_diagnostic_window_get_n_pages (window);

  /* The page before shows the answers given before quitting. */
  gtk_widget_activate_action (GTK_WIDGET (window), "diagnostic.back", NULL);
  iterate_for (50);
  first = g_ptr_array_index (cn_diagnostic_window_get_page_questions (window), 0);
  answer = cn_answers_get (stored->answers, first->id);
  g_assert_nonnull (answer);
  g_assert_true (gtk_check_button_get_active (cn_diagnostic_window_get_choice_button (window, first->id, answer[0])));

  /* Narrow: one question per page, the same question in view. */
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 760);
  iterate_for (300);
  g_assert_cmpuint (cn_diagnostic_window_get_n_pages (window), >, n_pages);
  g_assert_cmpstr (((const CnQuestion *) g_ptr_array_index (cn_diagnostic_window_get_page_questions (window), 0))->id,
                   ==, first->id);
  save_png (GTK_WIDGET (window), "diagnostic-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 860);
  iterate_for (300);

  /* The rest, then the results, after saying yes to completing with
   * questions left open. */
  while (!cn_diagnostic_window_is_showing_results (window))
    {
      gboolean last = cn_diagnostic_window_get_page (window) + 1 == cn_diagnostic_window_get_n_pages (window);

      answer_page (window);
      gtk_widget_activate_action (GTK_WIDGET (window), "diagnostic.next", NULL);
      iterate_for (50);
      if (last)
        {
          /* Not completed before the answer. */
          g_assert_false (cn_diagnostic_window_is_showing_results (window));
          confirm_completion ();
        }
    }
  completed = cn_store_list_diagnostics (store, company_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (completed->len, ==, 1);
  g_assert_cmpstr (((CnDiagnostic *) completed->pdata[0])->id, ==, diagnostic_id);
  g_assert_cmpint (((CnDiagnostic *) completed->pdata[0])->overall, >, 0);
  g_assert_cmpint (((CnDiagnostic *) completed->pdata[0])->overall, <, 100);
  diagnosed = cn_store_get_company (store, company_id, &error);
  g_assert_cmpint (cn_company_get_status (diagnosed), ==, CN_COMPANY_STATUS_DIAGNOSED);
  iterate_for (300);
  save_png (GTK_WIDGET (window), "diagnostic-results.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  iterate_for (300);
  save_png (GTK_WIDGET (window), "diagnostic-results-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);

  /* A second diagnostic, months later, better answered: the company page
   * lists both and the progress between them. */
  {
    g_autoptr(CnReferential) referential = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, &error);
    g_autofree char *second = cn_store_start_diagnostic (store, company_id, referential, &error);
    g_autoptr(GPtrArray) both = NULL;

    for (guint i = 0; i < cn_referential_get_n_questions (referential); i++)
      {
        const CnQuestion *question = cn_referential_get_question (referential, i);
        const CnQuestionChoice *best = question->choices->pdata[0];
        const char *choice[2] = { NULL, NULL };

        for (guint c = 1; c < question->choices->len; c++)
          if (((const CnQuestionChoice *) question->choices->pdata[c])->points > best->points)
            best = question->choices->pdata[c];
        choice[0] = best->id;
        g_assert_true (cn_store_save_answer (store, referential, second, question->id, choice, &error));
      }
    g_assert_true (cn_store_complete_diagnostic (store, referential, second, &error));
    g_assert_no_error (error);
    both = cn_store_list_diagnostics (store, company_id, &error);
    g_assert_cmpuint (both->len, ==, 2);
  }
  cn_window_show_company (f->window, company_id);
  iterate_for (300);
  save_png (GTK_WIDGET (f->window), "company-diagnostics.png");
}

static CnDiagnosticWindow *
find_diagnostic_window (Fixture *f)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->app)); l != NULL; l = l->next)
    if (CN_IS_DIAGNOSTIC_WINDOW (l->data))
      return l->data;
  return NULL;
}

static CnCompanyForm *
find_company_form (void)
{
  g_autoptr(GListModel) toplevels = G_LIST_MODEL (g_object_ref (gtk_window_get_toplevels ()));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CN_IS_COMPANY_FORM (window))
        return CN_COMPANY_FORM (window);
    }
  return NULL;
}

/* A prospect answers first; the company is recorded from the results. */
static void
test_diagnostic_prospect (Fixture       *f,
                          gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autoptr(CnDiagnostic) open = NULL;
  g_autoptr(GPtrArray) completed = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *company_id = NULL;
  g_autofree char *diagnostic_id = NULL;
  CnDiagnosticWindow *window;
  CnCompanyForm *form;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.prospect-diagnostic", NULL);
  iterate_for (200);
  window = find_diagnostic_window (f);
  g_assert_nonnull (window);
  diagnostic_id = g_strdup (cn_diagnostic_window_get_diagnostic_id (window));
  /* Nothing to prefill from: the profile starts blank. */
  g_assert_false (gtk_check_button_get_active (cn_diagnostic_window_get_choice_button (window, "taille", "micro")));
  while (!cn_diagnostic_window_is_showing_results (window))
    {
      answer_page (window);
      gtk_widget_activate_action (GTK_WIDGET (window), "diagnostic.next", NULL);
      iterate_for (20);
    }
  /* A preview: not completed while the company does not exist. */
  open = cn_store_find_open_diagnostic (store, NULL, &error);
  g_assert_nonnull (open);
  g_assert_cmpstr (open->id, ==, diagnostic_id);
  iterate_for (200);
  save_png (GTK_WIDGET (window), "diagnostic-prospect-preview.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "diagnostic.save-prospect", NULL);
  iterate_for (200);
  form = find_company_form ();
  g_assert_nonnull (form);
  type_text (cn_company_form_get_entry (form, CN_COMPANY_FIELD_NAME), "Garage du Centre");
  g_assert_true (cn_company_form_save (form));
  iterate_for (200);

  g_assert_null (cn_store_find_open_diagnostic (store, NULL, &error));
  g_assert_cmpint (cn_store_count_companies (store, NULL), ==, 1);
  {
    CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
    g_autoptr(GArray) rows = cn_store_find_companies (store, &filter, &error);

    company = cn_store_get_company_by_rowid (store, g_array_index (rows, gint64, 0), &error);
  }
  g_assert_cmpstr (cn_company_get_name (company), ==, "Garage du Centre");
  g_assert_cmpint (cn_company_get_status (company), ==, CN_COMPANY_STATUS_DIAGNOSED);
  completed = cn_store_list_diagnostics (store, cn_company_get_id (company), &error);
  g_assert_cmpuint (completed->len, ==, 1);
  g_assert_cmpstr (((CnDiagnostic *) completed->pdata[0])->id, ==, diagnostic_id);
  g_assert_true (cn_diagnostic_window_is_showing_results (window));
}

static CnPlanWindow *plan_window_for_test;

static gboolean
preview_ready (Fixture *f)
{
  return cn_plan_window_get_n_preview_pages (plan_window_for_test) > 0;
}

/* The plan of a diagnostic: edited, previewed, saved as PDF. */
static void
test_plan (Fixture       *f,
           gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(CnReferential) referential = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnPlan) saved = NULL;
  g_autoptr(CnCompany) delivered = NULL;
  g_autofree char *diagnostic_id = NULL;
  g_autofree char *pdf = g_build_filename (f->data_dir, "plan.pdf", NULL);
  CnPlanWindow *window;
  CnPlan *plan;
  guint n_actions;
  char *first_id;

  cn_company_set_name (company, "Fleurs de Lise");
  cn_company_set_naf (company, "47.76Z");
  cn_company_set_headcount (company, "02");
  cn_company_set_postcode (company, "35000");
  g_assert_true (cn_store_add_company (store, company, NULL, &error));
  referential = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, &error);
  diagnostic_id = cn_store_start_diagnostic (store, cn_company_get_id (company), referential, &error);
  g_assert_true (cn_store_complete_diagnostic (store, referential, diagnostic_id, &error));
  g_assert_no_error (error);

  window = cn_plan_window_open (GTK_WINDOW (f->window), store, diagnostic_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (window);
  plan_window_for_test = window;
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 860);
  iterate_for (300);
  plan = cn_plan_window_get_plan (window);
  n_actions = plan->actions->len;
  g_assert_cmpuint (n_actions, >, 3);
  first_id = g_strdup (((CnPlanAction *) plan->actions->pdata[0])->id);

  /* Move the first action down, add one: saved without asking. */
  gtk_widget_activate_action (GTK_WIDGET (window), "plan.move-down", "u", 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "plan.add", NULL);
  iterate_for (800);
  saved = cn_store_get_plan (store, referential, diagnostic_id, &error);
  g_assert_cmpuint (saved->actions->len, ==, n_actions + 1);
  g_assert_cmpstr (((CnPlanAction *) saved->actions->pdata[1])->id, ==, first_id);
  g_assert_true (g_str_has_prefix (((CnPlanAction *) saved->actions->pdata[n_actions])->id, "custom-"));
  g_free (first_id);
  save_png (GTK_WIDGET (window), "plan-edit.png");

  /* The preview renders the PDF's pages. */
  cn_plan_window_show_preview (window);
  g_assert_true (wait_until (preview_ready, f));
  iterate_for (300);
  save_png (GTK_WIDGET (window), "plan-preview.png");

  /* Saving the PDF issues the plan. */
  g_assert_true (cn_plan_window_export (window, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  delivered = cn_store_get_company (store, cn_company_get_id (company), &error);
  g_assert_cmpint (cn_company_get_status (delivered), ==, CN_COMPANY_STATUS_PLAN_DELIVERED);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);
}

static CnReportForm *
find_report_form (void)
{
  g_autoptr(GListModel) toplevels = G_LIST_MODEL (g_object_ref (gtk_window_get_toplevels ()));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CN_IS_REPORT_FORM (window))
        return CN_REPORT_FORM (window);
    }
  return NULL;
}

/* Between visits: an appointment planned (end before start refused), held,
 * its report written from the offer, the indicators moved. */
static void
test_between_visits (Fixture       *f,
                     gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  CnAgendaView *agenda = CN_AGENDA_VIEW (cn_window_get_section_view (f->window, "agenda"));
  CnDashboardView *dashboard = CN_DASHBOARD_VIEW (cn_window_get_section_view (f->window, "indicators"));
  CnAppointmentForm *form;
  CnReportForm *report_form;
  const char *appointment_id;
  guint n_open;

  cn_company_set_name (company, "Fleurs de Lise");
  cn_company_set_postcode (company, "35000");
  g_assert_true (cn_store_add_company (store, company, NULL, &error));
  /* A diagnostic and its plan: the report picks actions done from it. */
  {
    g_autoptr(CnReferential) referential = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, &error);
    g_autofree char *diagnostic = cn_store_start_diagnostic (store, cn_company_get_id (company), referential, &error);
    g_autoptr(CnPlan) plan = NULL;

    g_assert_true (cn_store_complete_diagnostic (store, referential, diagnostic, &error));
    plan = cn_store_get_plan (store, referential, diagnostic, &error);
    g_assert_nonnull (plan);
    n_open = plan->actions->len;
  }

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "agenda");
  iterate_for (300);
  g_assert_cmpuint (cn_agenda_view_get_n_rows (agenda), ==, 0);
  save_png (GTK_WIDGET (f->window), "agenda-empty.png");

  /* The form refuses an end before the start, then saves. */
  form = cn_appointment_form_new (store, cn_company_get_id (company), NULL);
  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (f->window));
  gtk_window_present (GTK_WINDOW (form));
  iterate_for (200);
  type_text (cn_appointment_form_get_date_entry (form), today);
  type_text (cn_appointment_form_get_entry (form, CN_APPOINTMENT_FIELD_SUBJECT), "Premier diagnostic");
  type_text (cn_appointment_form_get_entry (form, CN_APPOINTMENT_FIELD_STARTS_AT), "21:30");
  type_text (cn_appointment_form_get_entry (form, CN_APPOINTMENT_FIELD_ENDS_AT), "20:00");
  g_assert_nonnull (cn_appointment_form_get_error (form));
  g_assert_false (cn_appointment_form_save (form));
  appointments = cn_store_list_appointments (store, NULL, NULL, NULL, &error);
  g_assert_cmpuint (appointments->len, ==, 0);
  g_clear_pointer (&appointments, g_ptr_array_unref);
  type_text (cn_appointment_form_get_entry (form, CN_APPOINTMENT_FIELD_ENDS_AT), "22:30");
  g_assert_null (cn_appointment_form_get_error (form));
  save_png (GTK_WIDGET (form), "appointment-form.png");
  g_assert_true (cn_appointment_form_save (form));
  iterate_for (200);
  appointments = cn_store_list_appointments (store, NULL, NULL, NULL, &error);
  g_assert_cmpuint (appointments->len, ==, 1);
  appointment_id = ((CnAppointment *) appointments->pdata[0])->id;

  cn_agenda_view_refresh (agenda);
  iterate_for (200);
  g_assert_cmpuint (cn_agenda_view_get_n_rows (agenda), ==, 1);
  save_png (GTK_WIDGET (f->window), "agenda.png");

  /* Held: the window offers the report at once. */
  g_assert_true (cn_agenda_view_set_status (agenda, appointment_id, "done"));
  iterate_for (300);
  report_form = find_report_form ();
  g_assert_nonnull (report_form);
  g_assert_cmpuint (cn_report_form_get_n_plan_actions (report_form), ==, n_open);
  cn_report_form_tick_plan_action (report_form, 0);
  cn_report_form_set_summary (report_form, "Fiche d’établissement créée ensemble ; site vitrine à lancer.");
  iterate_for (100);
  save_png (GTK_WIDGET (report_form), "report-form.png");
  g_assert_true (cn_report_form_save (report_form));
  iterate_for (200);
  reports = cn_store_list_reports (store, cn_company_get_id (company), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reports->len, ==, 1);
  g_assert_cmpstr (((CnReport *) reports->pdata[0])->appointment_id, ==, appointment_id);
  /* The ticked action is done in the plan and listed in the report. */
  {
    g_autoptr(GPtrArray) still_open = cn_store_list_open_plan_actions (store, cn_company_get_id (company), &error);

    g_assert_cmpuint (still_open->len, ==, n_open - 1);
    g_assert_nonnull (((CnReport *) reports->pdata[0])->actions_done);
    g_assert_nonnull (((CnReport *) reports->pdata[0])->actions_done[0]);
  }

  /* The indicators count them. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "indicators");
  cn_dashboard_view_set_period (dashboard, NULL, NULL);
  iterate_for (300);
  g_assert_cmpstr (cn_dashboard_view_get_value_text (dashboard, "reports_written"), ==, "1");
  g_assert_cmpstr (cn_dashboard_view_get_value_text (dashboard, "appointments_done"), ==, "1");
  save_png (GTK_WIDGET (f->window), "dashboard.png");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "awareness");
  iterate_for (300);
  save_png (GTK_WIDGET (f->window), "awareness.png");

  /* Back to the portfolio: the company's page lists the appointment. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "portfolio");
  cn_window_show_company (f->window, cn_company_get_id (company));
  iterate_for (300);
  save_png (GTK_WIDGET (f->window), "company-between-visits.png");
}

/* ---- narrow windows ------------------------------------------------------ */

/* A phone, or a window tiled on a small laptop. */
#define NARROW_WIDTH 360

/* The width the content of @window needs at the least: more than the
 * window has, and GTK makes the window wider or cuts it off. */
static int
content_min_width (GtkWidget *window)
{
  GtkWidget *content;
  int minimum = 0;

  if (ADW_IS_APPLICATION_WINDOW (window))
    content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));
  else
    content = adw_window_get_content (ADW_WINDOW (window));
  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  return minimum;
}

/* The screens that do not fit, with the width they need. */
static GString *too_wide;

/* @window as it is, at 360 px then at 1280 px (NAME-360.png and
 * NAME-1280.png); it must fit in 360 px.  A GTK warning on the way fails
 * the test too. */
static void
assert_fits_narrow (GtkWidget  *window,
                    const char *name)
{
  g_autofree char *narrow_png = g_strdup_printf ("%s-%d.png", name, NARROW_WIDTH);
  g_autofree char *wide_png = g_strdup_printf ("%s-1280.png", name);
  int minimum;

  gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, 720);
  iterate_for (400);
  /* A window that changes its layout once narrow (the diagnostic) could
   * only shrink to the minimum of its wide layout: ask again. */
  gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, 720);
  iterate_for (400);
  minimum = content_min_width (window);
  g_test_message ("%s needs %d px", name, minimum);
  save_png_as_is (window, narrow_png);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  iterate_for (400);
  /* What the new width changes after a frame (the plan's switcher bar). */
  iterate_for (200);
  save_png_as_is (window, wide_png);
  if (minimum > NARROW_WIDTH)
    g_string_append_printf (too_wide, "%s%s (%d px)", too_wide->len ? ", " : "", name, minimum);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every main screen fits a 360 px wide window, with what a labelled
 * connector sees (the label warning, the co-financing of reports). */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(CnReferential) referential = NULL;
  g_autoptr(CnAppointment) appointment = cn_appointment_new ();
  g_autoptr(CnProfile) profile = cn_store_get_profile (store, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) soon = g_date_time_add_days (now, 30);
  g_autoptr(GError) error = NULL;
  g_autofree char *diagnostic_id = NULL;
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *page, *agenda, *dashboard;
  CnDiagnosticWindow *diagnostic;
  CnPlanWindow *plan;
  CnReportForm *report;

  too_wide = g_string_new (NULL);
  profile->kind = CN_CONNECTOR_LABELLED;
  profile->label_expires_on = g_date_time_format (soon, "%Y-%m-%d");
  g_assert_true (cn_store_save_profile (store, profile, &error));
  gtk_widget_activate_action (window, "win.load-sample", NULL);
  g_assert_true (wait_until (has_sample, f));
  g_object_notify (G_OBJECT (f->window), "is-active");

  cn_company_set_name (company, "Société coopérative de production des Établissements Lefèvre-Mézières");
  cn_company_set_naf (company, "47.76Z");
  cn_company_set_headcount (company, "02");
  cn_company_set_postcode (company, "35000");
  g_assert_true (cn_store_add_company (store, company, NULL, &error));
  referential = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, &error);
  diagnostic_id = cn_store_start_diagnostic (store, cn_company_get_id (company), referential, &error);
  g_assert_true (cn_store_complete_diagnostic (store, referential, diagnostic_id, &error));
  g_assert_no_error (error);
  appointment->company_id = g_strdup (cn_company_get_id (company));
  {
    g_autofree char *start = g_strdup_printf ("%sT09:30", day);
    g_autofree char *end = g_strdup_printf ("%sT11:00", day);

    appointment->starts_at = cn_appointment_parse_time (start, NULL);
    appointment->ends_at = cn_appointment_parse_time (end, NULL);
  }
  appointment->mode = g_strdup ("on_site");
  appointment->subject = g_strdup ("Premier diagnostic de la boutique et du site marchand");
  cn_store_save_appointment (store, appointment, NULL, &error);
  g_assert_no_error (error);
  iterate_for (300);

  /* The portfolio, then a company's page: narrowing keeps the page in
   * view, with its back button, rather than going back to the list. */
  assert_fits_narrow (window, "narrow-portfolio");
  cn_window_show_company (f->window, cn_company_get_id (company));
  iterate_for (300);
  page = find_widget (window, CN_TYPE_COMPANY_PAGE);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, 720);
  iterate_for (400);
  g_assert_true (gtk_widget_get_mapped (page));
  assert_fits_narrow (window, "narrow-company");
  gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, 720);
  iterate_for (400);
  gtk_widget_activate_action (window, "win.back", NULL);
  iterate_for (300);
  g_assert_false (gtk_widget_get_mapped (page));

  gtk_widget_activate_action (window, "win.show-section", "s", "agenda");
  agenda = cn_window_get_section_view (f->window, "agenda");
  cn_agenda_view_refresh (CN_AGENDA_VIEW (agenda));
  assert_fits_narrow (window, "narrow-agenda");
  cn_agenda_view_set_mode (CN_AGENDA_VIEW (agenda), TRUE);
  assert_fits_narrow (window, "narrow-agenda-week");
  cn_agenda_view_set_mode (CN_AGENDA_VIEW (agenda), FALSE);

  gtk_widget_activate_action (window, "win.show-section", "s", "awareness");
  assert_fits_narrow (window, "narrow-awareness");

  gtk_widget_activate_action (window, "win.show-section", "s", "indicators");
  dashboard = cn_window_get_section_view (f->window, "indicators");
  cn_dashboard_view_set_period (CN_DASHBOARD_VIEW (dashboard), NULL, NULL);
  assert_fits_narrow (window, "narrow-indicators");
  cn_dashboard_view_set_period (CN_DASHBOARD_VIEW (dashboard), "2025-01-01", day);
  assert_fits_narrow (window, "narrow-indicators-custom");

  report = cn_report_form_new (store, cn_company_get_id (company), appointment->id);
  gtk_window_set_transient_for (GTK_WINDOW (report), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (report));
  iterate_for (300);
  assert_fits_narrow (GTK_WIDGET (report), "narrow-report");
  gtk_window_destroy (GTK_WINDOW (report));

  diagnostic = cn_diagnostic_window_start (GTK_WINDOW (window), store, cn_company_get_id (company), NULL, &error);
  g_assert_no_error (error);
  iterate_for (300);
  assert_fits_narrow (GTK_WIDGET (diagnostic), "narrow-diagnostic-profile");
  gtk_window_set_default_size (GTK_WINDOW (diagnostic), NARROW_WIDTH, 720);
  iterate_for (300);
  gtk_widget_activate_action (GTK_WIDGET (diagnostic), "diagnostic.next", NULL);
  iterate_for (100);
  assert_fits_narrow (GTK_WIDGET (diagnostic), "narrow-diagnostic-question");
  gtk_window_destroy (GTK_WINDOW (diagnostic));
  /* Results with every part: scores against the earlier diagnostic,
   * recommendations, questions left open. */
  {
    g_autofree char *second = NULL;

    second = cn_store_start_diagnostic (store, cn_company_get_id (company), referential, &error);
    for (guint i = 0; i + 2 < cn_referential_get_n_questions (referential); i++)
      {
        const CnQuestion *question = cn_referential_get_question (referential, i);
        const CnQuestionChoice *choice = question->choices->pdata[i % 2 ? question->choices->len - 1 : 0];
        const char *choices[2] = { choice->id, NULL };

        g_assert_true (cn_store_save_answer (store, referential, second, question->id, choices, &error));
      }
    g_assert_true (cn_store_complete_diagnostic (store, referential, second, &error));
    g_assert_no_error (error);
    diagnostic = cn_diagnostic_window_open (GTK_WINDOW (window), store, second, &error);
  }
  g_assert_no_error (error);
  iterate_for (300);
  assert_fits_narrow (GTK_WIDGET (diagnostic), "narrow-diagnostic-results");
  gtk_window_destroy (GTK_WINDOW (diagnostic));

  plan = cn_plan_window_open (GTK_WINDOW (window), store, diagnostic_id, &error);
  g_assert_no_error (error);
  plan_window_for_test = plan;
  iterate_for (300);
  assert_fits_narrow (GTK_WIDGET (plan), "narrow-plan-edit");
  cn_plan_window_show_preview (plan);
  g_assert_true (wait_until (preview_ready, f));
  assert_fits_narrow (GTK_WIDGET (plan), "narrow-plan-preview");
  gtk_window_destroy (GTK_WINDOW (plan));
  iterate_for (100);

  /* Every screen was tried: the message names all those too wide. */
  g_assert_cmpstr (too_wide->str, ==, "");
  g_string_free (too_wide, TRUE);
  too_wide = NULL;
}

/* ---- the company directory ------------------------------------------------ */

/* The directory, on the loopback interface of this process: the recorded
 * answer for "lefevre", one company for its SIREN. */
typedef struct {
  guint n_requests;
} RegistryServer;

static void
registry_respond (SoupServerMessage *msg,
                  const char        *body)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
registry_handle (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  RegistryServer *directory = user_data;
  const char *text = query ? g_hash_table_lookup (query, "q") : NULL;
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "registry", "search-lefevre.json", NULL);
  g_autofree char *body = NULL;

  directory->n_requests++;
  g_assert_true (g_file_get_contents (file, &body, NULL, NULL));
  if (text && (strstr (text, "lefevre") || g_str_equal (text, "812453678")))
    registry_respond (msg, body);
  else
    registry_respond (msg, "{\"results\": [], \"total_results\": 0}");
}

static GtkWidget *
registry_find_widget (GtkWidget *root,
                      GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = registry_find_widget (child, type);
      if (found)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
registry_find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static CnCompanyForm *registry_form;
static guint registry_expected;

static gboolean
registry_has_proposals (Fixture *f)
{
  return cn_company_form_get_n_proposals (registry_form) == registry_expected &&
         cn_company_form_get_directory_status (registry_form) == NULL;
}

static gboolean
registry_dialog_shown (Fixture *f)
{
  return registry_find_dialog () != NULL;
}

static void
test_registry (Fixture       *f,
               gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  RegistryServer directory = { 0 };
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GNetworkMonitor) monitor = cn_test_monitor_new (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  GtkWidget *page;
  AdwMessageDialog *dialog;
  GSList *uris;
  int minimum = 0;
  /* As the form says it, in the language of the run. */
  const char *offline = _("The directory cannot be reached: this computer is offline. The fields can be filled in by hand.");

  /* The loopback is reached directly, whatever the desktop's proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  soup_server_add_handler (server, "/search", registry_handle, &directory, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  /* The app follows its setting, as a mirror would be set. */
  g_settings_set_string (settings, "registry-url", url);
  cn_registry_set_network_monitor (cn_directory_get (store), monitor);
  g_assert_cmpstr (cn_registry_get_base_url (cn_directory_get (store)), ==, url);

  /* Type a name: the directory proposes, closed companies marked. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-company", NULL);
  iterate_for (100);
  registry_form = CN_COMPANY_FORM (cn_window_get_open_form (f->window));
  g_assert_nonnull (registry_form);
  g_assert_null (cn_company_form_get_directory_status (registry_form));
  type_text (cn_company_form_get_directory_entry (registry_form), "boulangerie lefevre");
  /* Typing pauses before anything is asked. */
  g_assert_cmpuint (directory.n_requests, ==, 0);
  registry_expected = 3;
  g_assert_true (wait_until (registry_has_proposals, f));
  g_assert_cmpuint (directory.n_requests, ==, 1);

  /* It fits a phone's width, proposals and all. */
  gtk_window_set_default_size (GTK_WINDOW (registry_form), 360, 900);
  iterate_for (500);
  gtk_widget_measure (adw_window_get_content (ADW_WINDOW (registry_form)), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  save_png (GTK_WIDGET (registry_form), "company-form-directory.png");

  /* Pick the first: the fields are filled, and stay editable. */
  cn_company_form_pick_proposal (registry_form, 0);
  iterate_for (100);
  g_assert_cmpuint (cn_company_form_get_n_proposals (registry_form), ==, 0);
  g_assert_nonnull (cn_company_form_get_directory_status (registry_form));
  g_assert_cmpstr (gtk_editable_get_text (cn_company_form_get_entry (registry_form, CN_COMPANY_FIELD_NAME)), ==,
                   "BOULANGERIE LEFEVRE");
  g_assert_cmpstr (gtk_editable_get_text (cn_company_form_get_entry (registry_form, CN_COMPANY_FIELD_SIRET)), ==,
                   "812 453 678 00011");
  g_assert_cmpstr (gtk_editable_get_text (cn_company_form_get_entry (registry_form, CN_COMPANY_FIELD_NAF)), ==, "10.71C");
  g_assert_cmpstr (gtk_editable_get_text (cn_company_form_get_entry (registry_form, CN_COMPANY_FIELD_POSTCODE)), ==, "19100");
  g_assert_cmpstr (gtk_editable_get_text (cn_company_form_get_entry (registry_form, CN_COMPANY_FIELD_FOUNDED)), ==,
                   "01/09/2015");
  save_png (GTK_WIDGET (registry_form), "company-form-directory-filled.png");
  type_text (cn_company_form_get_entry (registry_form, CN_COMPANY_FIELD_NAME), "Boulangerie Lefèvre");
  g_assert_true (cn_company_form_save (registry_form));
  iterate_for (200);
  id = g_strdup (cn_window_get_selected_id (f->window));
  g_assert_nonnull (id);
  company = cn_store_get_company (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_company_get_name (company), ==, "Boulangerie Lefèvre");
  g_assert_cmpstr (cn_company_get_siret (company), ==, "81245367800011");
  g_assert_cmpstr (cn_company_get_naf (company), ==, "10.71C");
  g_assert_cmpstr (cn_company_get_headcount (company), ==, "02");
  g_assert_cmpstr (cn_company_get_revenue (company), ==, "100k-500k");
  g_assert_cmpstr (cn_company_get_address (company), ==, "12 BIS AVENUE DE LA LIBERATION");
  g_assert_cmpstr (cn_company_get_commune (company), ==, "BRIVE-LA-GAILLARDE");
  g_assert_cmpstr (cn_company_get_founded_on (company), ==, "2015-09-01");

  /* Offline: the form says so, still works by hand, and proposes what was
   * found before, without a request. */
  cn_test_monitor_set_available (monitor, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-company", NULL);
  iterate_for (100);
  registry_form = CN_COMPANY_FORM (cn_window_get_open_form (f->window));
  g_assert_true (g_str_has_prefix (cn_company_form_get_directory_status (registry_form), offline));
  type_text (cn_company_form_get_directory_entry (registry_form), "lefevre");
  iterate_for (500);
  g_assert_cmpuint (cn_company_form_get_n_proposals (registry_form), ==, 3);
  g_assert_true (g_str_has_prefix (cn_company_form_get_directory_status (registry_form), offline));
  g_assert_cmpuint (directory.n_requests, ==, 1);
  save_png (GTK_WIDGET (registry_form), "company-form-directory-offline.png");
  type_text (cn_company_form_get_entry (registry_form, CN_COMPANY_FIELD_NAME), "Atelier du Cuir");
  g_assert_true (cn_company_form_save (registry_form));
  iterate_for (200);
  g_assert_cmpint (cn_store_count_companies (store, NULL), ==, 2);
  cn_test_monitor_set_available (monitor, TRUE);

  /* From the company's page: what changed is shown, applied on
   * confirmation as one edit. */
  cn_company_set_headcount (company, "00");
  cn_company_set_revenue (company, NULL);
  g_assert_true (cn_store_update_company (store, company, NULL, &error));
  cn_window_show_company (f->window, id);
  iterate_for (300);
  page = registry_find_widget (GTK_WIDGET (f->window), CN_TYPE_COMPANY_PAGE);
  g_assert_nonnull (page);
  cn_company_page_update_from_directory (CN_COMPANY_PAGE (page));
  g_assert_true (wait_until (registry_dialog_shown, f));
  dialog = registry_find_dialog ();
  iterate_for (200);
  save_png (GTK_WIDGET (dialog), "company-directory-changes.png");
  adw_message_dialog_response (dialog, "update");
  iterate_for (200);
  g_clear_object (&company);
  company = cn_store_get_company (store, id, &error);
  g_assert_cmpstr (cn_company_get_headcount (company), ==, "02");
  g_assert_cmpstr (cn_company_get_revenue (company), ==, "100k-500k");
  /* The connector's spelling of the name stays. */
  g_assert_cmpstr (cn_company_get_name (company), ==, "Boulangerie Lefèvre");
  save_png (GTK_WIDGET (f->window), "company-directory-updated.png");
  registry_form = NULL;
}

/* ---- sync with the platform ------------------------------------------------ */

static GtkWidget *
find_in_window (Fixture *f,
                GType    type)
{
  GtkWidget *found = find_widget (GTK_WIDGET (f->window), type);

  g_assert_nonnull (found);
  return found;
}

static const char *
sync_state_text (Fixture *f)
{
  return cn_sync_status_get_text (CN_SYNC_STATUS (find_in_window (f, CN_TYPE_SYNC_STATUS)));
}

/* Sends what waits as the platform would answer: every change applied with
 * @revision, except the ids @special gives a result for (a JSON object,
 * without its id). */
static void
fake_push (CnStore    *store,
           gint64      revision,
           GHashTable *special)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnSyncBatch) batch = cn_store_freeze_sync_batch (store, CN_SYNC_MAX_CHANGES, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) response = NULL;
  JsonArray *changes;

  g_assert_no_error (error);
  g_assert_nonnull (batch);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (batch->body, NULL),
                                             g_bytes_get_size (batch->body), &error));
  changes = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "changes");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (changes, i), "id");
      const char *result = special ? g_hash_table_lookup (special, id) : NULL;

      if (result != NULL)
        {
          g_autoptr(JsonNode) node = json_from_string (result, &error);

          g_assert_no_error (error);
          json_object_set_string_member (json_node_get_object (node), "id", id);
          json_builder_add_value (builder, g_steal_pointer (&node));
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "applied");
      json_builder_set_member_name (builder, "revision");
      json_builder_add_int_value (builder, revision);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  response = json_builder_get_root (builder);
  g_assert_true (cn_store_apply_push_results (store, batch->id, response, NULL, &error));
  g_assert_no_error (error);
}

#define LEAD_WITH_EVERYTHING "6f1c2a7e-8d4b-4c3a-9e1f-2b3c4d5e6f70"
#define LEAD_WITH_LITTLE     "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d"

/* Two leads as the platform sends them: one with everything (and a name
 * that looks like markup), one with only a name and a score. */
static void
pull_leads (CnStore *store)
{
  const char *page =
    "[{\"type\": \"lead\", \"id\": \"" LEAD_WITH_EVERYTHING "\", \"revision\": 1, \"deleted\": false,"
    "  \"data\": {\"name\": \"Fromagerie <Les Alpages> & Fils\", \"siren\": \"418166096\","
    "            \"contact_name\": \"Claire Martin\", \"contact_email\": \"claire.martin@example.fr\","
    "            \"postcode\": \"19000\", \"naf\": \"47.29Z\", \"headcount_code\": \"02\","
    "            \"self_diagnostic\": {\"overall\": 54, \"level\": 3, \"completed_at\": \"2026-11-20T09:15:00Z\"},"
    "            \"consent_contact\": true, \"a_member_from_a_newer_platform\": 1}},"
    " {\"type\": \"lead\", \"id\": \"" LEAD_WITH_LITTLE "\", \"revision\": 1, \"deleted\": false,"
    "  \"data\": {\"name\": \"Garage du Centre\", \"siren\": null, \"contact_name\": null,"
    "            \"contact_email\": null, \"postcode\": null, \"naf\": null, \"headcount_code\": null,"
    "            \"self_diagnostic\": {\"overall\": 31, \"level\": 2, \"completed_at\": \"2026-11-18T16:40:00Z\"},"
    "            \"consent_contact\": true}}]";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) changes = json_from_string (page, &error);
  CnSyncCounts counts = { 0 };

  g_assert_no_error (error);
  g_assert_true (cn_store_apply_pull_page (store, json_node_get_array (changes), "c-000002", &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.pulled, ==, 2);
}

/* Leads pulled from the platform are listed; following one makes it a
 * company of the portfolio and opens its page. */
static void
test_leads (Fixture       *f,
            gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  GtkWidget *window = GTK_WIDGET (f->window);
  CnLeadsView *leads;
  g_autoptr(CnLead) lead = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *banner;

  too_wide = g_string_new (NULL);
  gtk_widget_activate_action (window, "win.show-section", "s", "leads");
  leads = CN_LEADS_VIEW (cn_window_get_section_view (f->window, "leads"));
  iterate_for (200);
  g_assert_cmpuint (cn_leads_view_get_n_leads (leads), ==, 0);
  save_png (window, "leads-empty.png");

  pull_leads (store);
  iterate_for (200);
  g_assert_cmpuint (cn_leads_view_get_n_leads (leads), ==, 2);
  assert_fits_narrow (window, "leads");

  /* "Follow This Company": a company with what the lead gave, its page open. */
  gtk_widget_activate_action (GTK_WIDGET (leads), "leads.adopt", "s", LEAD_WITH_EVERYTHING);
  iterate_for (300);
  lead = cn_store_get_lead (store, LEAD_WITH_EVERYTHING, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lead->company_id);
  g_assert_cmpuint (cn_leads_view_get_n_leads (leads), ==, 1);
  g_assert_cmpstr (cn_window_get_selected_id (f->window), ==, lead->company_id);
  company = cn_store_get_company (store, lead->company_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_company_get_name (company), ==, "Fromagerie <Les Alpages> & Fils");
  g_assert_cmpstr (cn_company_get_siren (company), ==, "418166096");
  g_assert_cmpstr (cn_company_get_postcode (company), ==, "19000");
  g_assert_cmpint (cn_company_get_status (company), ==, CN_COMPANY_STATUS_LEAD);
  contacts = cn_store_list_contacts (store, lead->company_id, &error);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_true (gtk_widget_get_mapped (find_in_window (f, CN_TYPE_COMPANY_PAGE)));
  /* Not shared yet: the page says what that means for its appointments. */
  banner = find_in_window (f, CN_TYPE_SYNC_BANNER);
  g_assert_nonnull (cn_sync_banner_get_note (CN_SYNC_BANNER (banner)));
  g_assert_null (cn_sync_banner_get_warning (CN_SYNC_BANNER (banner)));
  save_png (window, "lead-adopted.png");

  g_assert_cmpstr (too_wide->str, ==, "");
  g_string_free (too_wide, TRUE);
  too_wide = NULL;
}

static CnAppointment *
add_appointment (CnStore    *store,
                 const char *company_id,
                 const char *starts,
                 const char *ends,
                 const char *subject)
{
  g_autoptr(GError) error = NULL;
  CnAppointment *appointment = cn_appointment_new ();

  appointment->company_id = g_strdup (company_id);
  appointment->starts_at = cn_appointment_parse_time (starts, NULL);
  appointment->ends_at = cn_appointment_parse_time (ends, NULL);
  appointment->location = g_strdup ("Atelier, 12 quai de la République, Tulle");
  appointment->subject = g_strdup (subject);
  g_assert_true (cn_store_save_appointment (store, appointment, NULL, &error));
  g_assert_no_error (error);
  return appointment;
}

/* A conflict and a refusal made through the store as a sync would make
 * them: listed in the Sync section, flagged on the company's page; the
 * side-by-side window shows both versions, and taking the platform's
 * writes it. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  CnSyncEngine *engine = cn_application_get_sync_engine (f->app);
  GtkWidget *window = GTK_WIDGET (f->window);
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(CnAppointment) visit = NULL;
  g_autoptr(CnAppointment) call = NULL;
  g_autoptr(CnAppointment) taken = NULL;
  g_autoptr(CnAppointment) workshop = NULL;
  g_autoptr(CnAppointment) kept = NULL;
  g_autoptr(CnCompany) private = cn_company_new ();
  g_autoptr(CnAppointment) held = NULL;
  g_autoptr(GHashTable) special = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *conflict_result = NULL;
  CnSyncView *view;
  CnConflictWindow *conflict;
  const char *warning;

  too_wide = g_string_new (NULL);
  cn_company_set_name (company, "Atelier <b>Lefèvre</b> & Fils");
  cn_company_set_siret (company, "41816609600069");
  cn_company_set_naf (company, "47.76Z");
  cn_company_set_postcode (company, "19000");
  cn_company_set_consent_share (company, TRUE);
  g_assert_true (cn_store_add_company (store, company, NULL, &error));
  visit = add_appointment (store, cn_company_get_id (company), "2026-12-03T09:30", "2026-12-03T11:00",
                           "Diagnostic sur place");
  call = add_appointment (store, cn_company_get_id (company), "2026-12-10T14:00", "2026-12-10T14:30",
                          "Point téléphonique");
  workshop = add_appointment (store, cn_company_get_id (company), "2026-12-17T10:00", "2026-12-17T12:00",
                              "Atelier vitrine en ligne");
  fake_push (store, 1, NULL);

  /* A company that did not agree to share: its appointment is held. */
  cn_company_set_name (private, "Boucherie Vidal");
  cn_company_set_postcode (private, "19100");
  g_assert_true (cn_store_add_company (store, private, NULL, &error));
  held = add_appointment (store, cn_company_get_id (private), "2026-12-04T09:00", "2026-12-04T10:00",
                          "Premier rendez-vous");

  /* Edited here while the company changed the visit on the platform, and
   * the call refused. */
  g_free (visit->subject);
  visit->subject = g_strdup ("Diagnostic complet de la boutique");
  g_assert_true (cn_store_save_appointment (store, visit, NULL, &error));
  g_free (call->notes);
  call->notes = g_strdup ("Préparer le devis du site.");
  g_assert_true (cn_store_save_appointment (store, call, NULL, &error));
  conflict_result = g_strdup_printf ("{\"status\": \"conflict\", \"revision\": 3, \"server\": {"
                                     "\"company_id\": \"%s\", \"starts_at\": \"2026-12-03T08:30:00Z\","
                                     "\"ends_at\": \"2026-12-03T09:30:00Z\", \"mode\": \"phone\","
                                     "\"location\": null, \"subject\": \"Diagnostic reporté par l’entreprise\","
                                     "\"status\": \"cancelled\", \"origin\": \"connector\","
                                     "\"notes\": \"La gérante rappellera en janvier.\"}}",
                                     cn_company_get_id (company));
  g_hash_table_insert (special, visit->id, conflict_result);
  g_hash_table_insert (special, call->id,
                       "{\"status\": \"rejected\", \"error\": {\"code\": \"invalid_time_range\","
                       " \"message\": \"L’heure de fin doit suivre l’heure de début.\", \"field\": \"ends_at\"}}");
  fake_push (store, 2, special);
  cn_sync_engine_recount (engine);
  g_assert_cmpuint (cn_sync_engine_get_issues (engine), ==, 2);
  g_assert_cmpuint (cn_sync_engine_get_held (engine), ==, 1);

  /* The Sync section lists both. */
  gtk_widget_activate_action (window, "win.show-section", "s", "sync");
  view = CN_SYNC_VIEW (cn_window_get_section_view (f->window, "sync"));
  cn_sync_view_refresh (view);
  iterate_for (300);
  g_assert_cmpuint (cn_sync_view_get_n_conflicts (view), ==, 1);
  g_assert_cmpuint (cn_sync_view_get_n_rejected (view), ==, 1);
  assert_fits_narrow (window, "sync");

  /* The company's page says so, with the platform's reason. */
  gtk_widget_activate_action (window, "win.show-company", "s", cn_company_get_id (company));
  iterate_for (300);
  warning = cn_sync_banner_get_warning (CN_SYNC_BANNER (find_in_window (f, CN_TYPE_SYNC_BANNER)));
  g_assert_nonnull (warning);
  g_assert_nonnull (strstr (warning, "L’heure de fin doit suivre l’heure de début."));
  g_assert_nonnull (strstr (warning, "Diagnostic complet de la boutique"));
  g_assert_null (cn_sync_banner_get_note (CN_SYNC_BANNER (find_in_window (f, CN_TYPE_SYNC_BANNER))));
  save_png (window, "company-sync-warning.png");

  /* Side by side: both versions, the differences marked, in words. */
  gtk_widget_activate_action (window, "win.show-section", "s", "sync");
  iterate_for (200);
  conflict = cn_sync_view_open_conflict (view, "appointment", visit->id);
  g_assert_nonnull (conflict);
  g_object_add_weak_pointer (G_OBJECT (conflict), (gpointer *) &conflict);
  iterate_for (300);
  g_assert_cmpstr (cn_conflict_window_get_text (conflict, "subject", FALSE), ==, "Diagnostic complet de la boutique");
  g_assert_cmpstr (cn_conflict_window_get_text (conflict, "subject", TRUE), ==, "Diagnostic reporté par l’entreprise");
  g_assert_true (cn_conflict_window_differs (conflict, "subject"));
  g_assert_true (cn_conflict_window_differs (conflict, "ends_at"));
  g_assert_false (cn_conflict_window_differs (conflict, "starts_at"));
  /* Times in Europe/Paris, labels rather than codes, names rather than ids. */
  g_assert_nonnull (strstr (cn_conflict_window_get_text (conflict, "starts_at", TRUE), "09:30"));
  g_assert_nonnull (strstr (cn_conflict_window_get_text (conflict, "ends_at", TRUE), "10:30"));
  g_assert_cmpstr (cn_conflict_window_get_text (conflict, "status", TRUE), ==, cn_appointment_status_label ("cancelled"));
  g_assert_cmpstr (cn_conflict_window_get_text (conflict, "mode", TRUE), ==, cn_appointment_mode_label ("phone"));
  g_assert_cmpstr (cn_conflict_window_get_text (conflict, "company_id", FALSE), ==, "Atelier <b>Lefèvre</b> & Fils");
  g_assert_cmpstr (cn_conflict_window_get_text (conflict, "location", TRUE), ==, "—");
  assert_fits_narrow (GTK_WIDGET (conflict), "conflict");

  /* "Take the platform's": written here, the conflict gone, nothing of
   * mine left to send. */
  gtk_widget_activate_action (GTK_WIDGET (conflict), "conflict.take-platform", NULL);
  iterate_for (300);
  g_assert_null (conflict);
  taken = cn_store_get_appointment (store, visit->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (taken->subject, ==, "Diagnostic reporté par l’entreprise");
  g_assert_cmpstr (taken->status, ==, "cancelled");
  g_assert_cmpstr (taken->mode, ==, "phone");
  g_assert_cmpint (taken->revision, ==, 3);
  g_assert_null (cn_store_get_sync_issue (store, "appointment", visit->id, &error));
  g_assert_no_error (error);
  iterate_for (400);
  g_assert_cmpuint (cn_sync_view_get_n_conflicts (view), ==, 0);
  g_assert_cmpuint (cn_sync_view_get_n_rejected (view), ==, 1);
  g_assert_cmpuint (cn_sync_engine_get_issues (engine), ==, 1);
  save_png (window, "sync-after-conflict.png");

  /* Deleted on the platform while changed here: said, never dropped. */
  g_free (workshop->notes);
  workshop->notes = g_strdup ("Apporter les photos des produits.");
  g_assert_true (cn_store_save_appointment (store, workshop, NULL, &error));
  {
    g_autofree char *page = g_strdup_printf ("[{\"type\": \"appointment\", \"id\": \"%s\", \"revision\": 2,"
                                             " \"deleted\": true}]", workshop->id);
    g_autoptr(JsonNode) changes = json_from_string (page, &error);

    g_assert_true (cn_store_apply_pull_page (store, json_node_get_array (changes), "c-000009", NULL, &error));
    g_assert_no_error (error);
  }
  cn_sync_view_refresh (view);
  g_assert_cmpuint (cn_sync_view_get_n_conflicts (view), ==, 1);
  conflict = cn_sync_view_open_conflict (view, "appointment", workshop->id);
  g_assert_nonnull (conflict);
  g_object_add_weak_pointer (G_OBJECT (conflict), (gpointer *) &conflict);
  iterate_for (300);
  g_assert_cmpstr (cn_conflict_window_get_text (conflict, "subject", FALSE), ==, "Atelier vitrine en ligne");
  g_assert_null (cn_conflict_window_get_text (conflict, "subject", TRUE));
  save_png (GTK_WIDGET (conflict), "conflict-deleted.png");
  /* Keeping mine sends it again; it stays here. */
  gtk_widget_activate_action (GTK_WIDGET (conflict), "conflict.keep-mine", NULL);
  iterate_for (300);
  g_assert_null (conflict);
  kept = cn_store_get_appointment (store, workshop->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept->notes, ==, "Apporter les photos des produits.");
  g_assert_null (cn_store_get_sync_issue (store, "appointment", workshop->id, &error));

  g_assert_cmpstr (too_wide->str, ==, "");
  g_string_free (too_wide, TRUE);
  too_wide = NULL;
}

static gboolean
preferences_idle (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CN_IS_PREFERENCES_WINDOW (window))
        return !cn_preferences_window_is_busy (CN_PREFERENCES_WINDOW (window));
    }
  return TRUE;
}

static CnPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CN_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return CN_PREFERENCES_WINDOW (window);
    }
  return NULL;
}

static CnSyncEngine *engine_for_test;

static gboolean
synced (Fixture *f)
{
  return cn_sync_engine_get_state (engine_for_test) == CN_SYNC_STATE_IDLE &&
         cn_sync_engine_get_last_sync (engine_for_test) != NULL;
}

static gboolean
one_waiting (Fixture *f)
{
  return cn_sync_engine_get_pending (engine_for_test) == 1;
}

/* From "not set up" to synced with a platform (the test server on
 * loopback), through the preferences as a connector does it; the state
 * line says each step, and counts what waits. */
static void
test_sync_state (Fixture       *f,
                 gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  CnSyncEngine *engine = cn_application_get_sync_engine (f->app);
  g_autoptr(CnPlatformServer) server = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_auto(GStrv) keys = NULL;
  CnPreferencesWindow *prefs;

  too_wide = g_string_new (NULL);
  engine_for_test = engine;
  server = cn_platform_server_new ("jeton-personnel-de-test", &error);
  g_assert_no_error (error);

  g_assert_cmpint (cn_sync_engine_get_state (engine), ==, CN_SYNC_STATE_NOT_CONFIGURED);
  g_assert_cmpstr (sync_state_text (f), ==, _("Sync with the platform is not set up"));

  /* Not set up: "Sync" opens the platform's preferences. */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "sync", NULL);
  iterate_for (300);
  prefs = find_preferences ();
  g_assert_nonnull (prefs);

  /* An address that would send the token in clear is refused. */
  type_text (cn_preferences_window_get_platform_entry (prefs, CN_PLATFORM_ENTRY_URL), "http://plateforme.example/api/v1");
  cn_preferences_window_apply_platform_url (prefs);
  g_assert_nonnull (cn_preferences_window_get_platform_error (prefs));
  url = g_settings_get_string (settings, "platform-url");
  g_assert_cmpstr (url, ==, "");
  g_clear_pointer (&url, g_free);
  type_text (cn_preferences_window_get_platform_entry (prefs, CN_PLATFORM_ENTRY_URL),
             cn_platform_server_get_url (server));
  cn_preferences_window_apply_platform_url (prefs);
  g_assert_null (cn_preferences_window_get_platform_error (prefs));
  iterate_for (300);
  g_assert_cmpint (cn_sync_engine_get_state (engine), ==, CN_SYNC_STATE_NEEDS_TOKEN);
  g_assert_cmpstr (sync_state_text (f), ==, _("Sign in to the platform to sync"));
  assert_fits_narrow (GTK_WIDGET (prefs), "preferences-platform");

  /* Signing in syncs (without a keyring, the token is kept for the
   * session and the page says so); the token leaves the entry at once. */
  type_text (cn_preferences_window_get_platform_entry (prefs, CN_PLATFORM_ENTRY_TOKEN), "jeton-personnel-de-test");
  cn_preferences_window_sign_in (prefs);
  g_assert_cmpstr (gtk_editable_get_text (cn_preferences_window_get_platform_entry (prefs, CN_PLATFORM_ENTRY_TOKEN)), ==, "");
  g_assert_true (wait_until (preferences_idle, f));
  g_assert_true (cn_sync_engine_has_token (engine));
  g_assert_true (wait_until (synced, f));
  iterate_for (100);
  g_assert_cmpstr (sync_state_text (f), ==, _("Synced"));
  save_png (GTK_WIDGET (prefs), "preferences-signed-in.png");
  gtk_window_destroy (GTK_WINDOW (prefs));

  /* In the real keyring when there is one (build-aux/test.sh starts
   * gnome-keyring-daemon and sets CN_TEST_KEYRING=1). */
  if (g_strcmp0 (g_getenv ("CN_TEST_KEYRING"), "1") == 0)
    {
      g_autofree char *kept = cn_credentials_lookup_sync (cn_platform_server_get_url (server), NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (kept, ==, "jeton-personnel-de-test");
      g_assert_true (cn_application_get_token_in_keyring (f->app));
    }
  else
    g_test_message ("No Secret Service: the token was kept for the session only");

  /* Never in a file of the data folder (the database and its journal). */
  {
    g_autoptr(GDir) dir = g_dir_open (f->data_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (f->data_dir, name, NULL);
        g_autofree char *contents = NULL;
        gsize length = 0;

        /* Binary files: compare byte by byte, NULs included. */
        if (g_file_get_contents (path, &contents, &length, NULL))
          for (gsize i = 0; i + strlen ("jeton-personnel-de-test") <= length; i++)
            g_assert_false (memcmp (contents + i, "jeton-personnel-de-test", strlen ("jeton-personnel-de-test")) == 0);
      }
  }

  /* Never in GSettings. */
  keys = g_settings_schema_list_keys (g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                                                       APP_ID, TRUE));
  for (guint i = 0; keys[i]; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, "jeton-personnel-de-test"));
    }

  /* A change made now waits for the next sync, and says so. */
  cn_company_set_name (company, "Boulangerie du Marché");
  cn_company_set_siret (company, "41816609600069");
  cn_company_set_postcode (company, "19000");
  cn_company_set_consent_share (company, TRUE);
  g_assert_true (cn_store_add_company (store, company, NULL, &error));
  g_assert_true (wait_until (one_waiting, f));
  iterate_for (100);
  {
    g_autofree char *one = g_strdup_printf (ngettext ("%u change waiting", "%u changes waiting", 1), 1);

    g_assert_cmpstr (sync_state_text (f), ==, one);
  }
  save_png (GTK_WIDGET (f->window), "sync-state-waiting.png");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  iterate_for (400);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL);
  iterate_for (300);
  save_png_as_is (GTK_WIDGET (f->window), "sync-state-waiting-360.png");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  iterate_for (300);

  /* Ctrl+R's action: sent, synced again. */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "sync", NULL);
  g_assert_true (wait_until (synced, f));
  g_assert_cmpuint (cn_sync_engine_get_pending (engine), ==, 0);
  g_assert_cmpstr (sync_state_text (f), ==, _("Synced"));

  /* Signing out: the engine forgets the token, the line asks to sign in. */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "platform-preferences", NULL);
  iterate_for (300);
  prefs = find_preferences ();
  g_assert_nonnull (prefs);
  cn_preferences_window_sign_out (prefs);
  g_assert_true (wait_until (preferences_idle, f));
  g_assert_false (cn_sync_engine_has_token (engine));
  if (g_strcmp0 (g_getenv ("CN_TEST_KEYRING"), "1") == 0)
    {
      g_autofree char *kept = cn_credentials_lookup_sync (cn_platform_server_get_url (server), NULL, &error);

      g_assert_no_error (error);
      g_assert_null (kept);
    }
  iterate_for (100);
  g_assert_cmpstr (sync_state_text (f), ==, _("Sign in to the platform to sync"));
  gtk_window_destroy (GTK_WINDOW (prefs));

  g_assert_cmpstr (too_wide->str, ==, "");
  g_string_free (too_wide, TRUE);
  too_wide = NULL;
}

/* RGPD from the company page: the export writes its folder; the erasure
 * asks first, in a dialog that says what goes and that it cannot be undone
 * (fits 360 px), keeps everything on Cancel and erases on Erase. */
static void
test_privacy (Fixture       *f,
              gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(CnCompany) gone = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *exports = g_build_filename (f->data_dir, "exports", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *folder;
  GtkWidget *page;
  AdwMessageDialog *dialog;
  int minimum;

  cn_company_set_name (company, "Épicerie de la Rivière");
  g_assert_true (cn_store_add_company (store, company, NULL, &error));
  g_assert_no_error (error);
  id = g_strdup (cn_company_get_id (company));
  gtk_window_set_default_size (GTK_WINDOW (f->window), NARROW_WIDTH, 720);
  cn_window_show_company (f->window, id);
  iterate_for (300);
  page = find_widget (GTK_WIDGET (f->window), CN_TYPE_COMPANY_PAGE);
  g_assert_nonnull (page);

  /* The export, past the folder chooser. */
  g_assert_cmpint (g_mkdir (exports, 0755), ==, 0);
  g_assert_true (cn_privacy_export_company_to (page, store, id, exports));
  dir = g_dir_open (exports, 0, &error);
  g_assert_no_error (error);
  folder = g_dir_read_name (dir);
  g_assert_nonnull (folder);
  {
    g_autofree char *json = g_build_filename (exports, folder, "company.json", NULL);
    g_assert_true (g_file_test (json, G_FILE_TEST_IS_REGULAR));
  }

  /* Cancel keeps it. */
  g_assert_true (gtk_widget_activate_action (page, "page.erase-company", NULL));
  iterate_for (300);
  dialog = registry_find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "erase"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Épicerie de la Rivière"));
  iterate_for (200);
  /* A message dialog is a plain window: its own minimum. */
  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("erase dialog needs %d px", minimum);
  save_png_as_is (GTK_WIDGET (dialog), "privacy-erase-confirm.png");
  g_assert_cmpint (minimum, <=, NARROW_WIDTH);
  adw_message_dialog_response (dialog, "cancel");
  iterate_for (200);
  g_clear_object (&company);
  company = cn_store_get_company (store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (company);

  /* Erase erases: the store, the list and the page. */
  g_assert_true (gtk_widget_activate_action (page, "page.erase-company", NULL));
  iterate_for (300);
  dialog = registry_find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "erase");
  iterate_for (300);
  gone = cn_store_get_company (store, id, &error);
  g_assert_null (gone);
  g_assert_nonnull (error);
  g_assert_cmpint (cn_store_count_companies (store, NULL), ==, 0);
  g_assert_null (cn_company_page_get_company_id (CN_COMPANY_PAGE (page)));
  save_png (GTK_WIDGET (f->window), "privacy-erased.png");
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("CONNECTEUR_LOCALEDIR");

  /* As main.c does: translations from the build tree when asked, so the
   * screenshots can be taken in French. */
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  screenshot_mode_init ();
  gtk_test_init (&argc, &argv, NULL);
  /* Screenshot mode only: a GTK warning at an odd width is printed, not
   * fatal, so every screen is still taken (the script reports them). */
  if (screenshot_width > 0 || screenshot_scheme != ADW_COLOR_SCHEME_DEFAULT)
    g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  /* gtk_test_init() forces the C locale; screenshots may ask for French. */
  if (localedir && *localedir)
    setlocale (LC_ALL, "");
  adw_init ();
  if (screenshot_scheme != ADW_COLOR_SCHEME_DEFAULT)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), screenshot_scheme);
  /* Screenshots of the end state, not of a cross-fade. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/ui/add-search-delete-undo", Fixture, NULL,
              fixture_setup, test_add_search_delete_undo, fixture_teardown);
  g_test_add ("/ui/sample-portfolio", Fixture, NULL,
              fixture_setup, test_sample_portfolio, fixture_teardown);
  g_test_add ("/ui/between-visits", Fixture, NULL,
              fixture_setup, test_between_visits, fixture_teardown);
  g_test_add ("/ui/plan", Fixture, NULL,
              fixture_setup, test_plan, fixture_teardown);
  g_test_add ("/ui/diagnostic/prospect", Fixture, NULL,
              fixture_setup, test_diagnostic_prospect, fixture_teardown);
  g_test_add ("/ui/registry", Fixture, NULL,
              fixture_setup, test_registry, fixture_teardown);
  g_test_add ("/ui/diagnostic/first-half", Fixture, NULL,
              fixture_setup, test_diagnostic_first_half, fixture_teardown);
  g_test_add ("/ui/diagnostic/resume", Fixture, NULL,
              fixture_setup, test_diagnostic_resume, fixture_teardown);
  g_test_add ("/ui/narrow", Fixture, NULL,
              fixture_setup, test_narrow, fixture_teardown);
  g_test_add ("/ui/leads", Fixture, NULL,
              fixture_setup, test_leads, fixture_teardown);
  g_test_add ("/ui/conflict", Fixture, NULL,
              fixture_setup, test_conflict, fixture_teardown);
  g_test_add ("/ui/privacy", Fixture, NULL,
              fixture_setup, test_privacy, fixture_teardown);
  g_test_add ("/ui/sync-state", Fixture, NULL,
              fixture_setup, test_sync_state, fixture_teardown);
  return g_test_run ();
}
