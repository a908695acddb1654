/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Presents the real window under Xvfb and drives it through its actions,
 * as a connector would with the mouse and keyboard. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cn-application.h"
#include "cn-company-form.h"
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

typedef struct {
  char *data_dir;
  CnApplication *app;
  CnWindow *window;
} Fixture;

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

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

/* Screenshot mode, for build-aux/screenshots.sh only: CN_SCREENSHOT_WIDTH
 * takes every screenshot of a window at that width (the window is resized
 * for the shot, then given back its size, so the test goes on as before);
 * CN_SCREENSHOT_THEME=light|dark|hc|hc-dark forces that style. Both unset,
 * as in `meson test`, the screenshots are taken as the tests ask. */
static int screenshot_width;
static int screenshot_height;
static AdwColorScheme screenshot_scheme = ADW_COLOR_SCHEME_DEFAULT;

static void
screenshot_mode_init (void)
{
  const char *width = g_getenv ("CN_SCREENSHOT_WIDTH");
  const char *height = g_getenv ("CN_SCREENSHOT_HEIGHT");
  const char *theme = g_getenv ("CN_SCREENSHOT_THEME");

  if (width && *width)
    screenshot_width = (int) g_ascii_strtoll (width, NULL, 10);
  if (height && *height)
    screenshot_height = (int) g_ascii_strtoll (height, NULL, 10);
  if (theme == NULL || *theme == '\0')
    return;
  /* libadwaita 1.2 has no API to force high contrast; its debug variable
   * does it (read once, by adw_init()). */
  if (g_str_equal (theme, "hc") || g_str_equal (theme, "hc-dark"))
    g_setenv ("ADW_DEBUG_HIGH_CONTRAST", "1", TRUE);
  if (g_str_equal (theme, "light") || g_str_equal (theme, "hc"))
    screenshot_scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (theme, "dark") || g_str_equal (theme, "hc-dark"))
    screenshot_scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  else
    g_error ("CN_SCREENSHOT_THEME=%s: expected light, dark, hc or hc-dark", theme);
}

static void save_png_as_is (GtkWidget *widget, const char *name);

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  int old_width = 0, old_height = 0;
  gboolean resized = FALSE;

  /* A style the test asked for itself (a "-dark" shot) is kept. */
  if (screenshot_scheme != ADW_COLOR_SCHEME_DEFAULT
      && adw_style_manager_get_color_scheme (style) == ADW_COLOR_SCHEME_DEFAULT)
    {
      adw_style_manager_set_color_scheme (style, screenshot_scheme);
      iterate_for (100);
    }
  if (screenshot_width > 0 && GTK_IS_WINDOW (widget))
    {
      int height;

      gtk_window_get_default_size (GTK_WINDOW (widget), &old_width, &old_height);
      /* A window without a default size is given back the size it had. */
      if (old_width <= 0)
        old_width = gtk_widget_get_width (widget);
      if (old_height <= 0)
        old_height = gtk_widget_get_height (widget);
      height = screenshot_height > 0 ? screenshot_height : old_height;
      if (old_width != screenshot_width || old_height != height)
        {
          gtk_window_set_default_size (GTK_WINDOW (widget), screenshot_width, height);
          iterate_for (500);
          resized = TRUE;
        }
    }
  save_png_as_is (widget, name);
  if (resized)
    {
      gtk_window_set_default_size (GTK_WINDOW (widget), old_width, old_height);
      iterate_for (500);
    }
}

static void
save_png_as_is (GtkWidget  *widget,
                const char *name)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("CN_SCREENSHOT_DIR") ? g_getenv ("CN_SCREENSHOT_DIR")
                                                                           : g_get_tmp_dir (), NULL);
  g_autofree char *path = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  /* Right after a change the widget may not have drawn yet: give the frame
   * clock up to two seconds. */
  for (guint i = 0; node == NULL && i < 200; i++)
    {
      iterate_for (10);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_test_message ("Saved %s (%dx%d)", path, width, height);
  g_object_unref (paintable);
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
  g_test_add ("/ui/diagnostic/first-half", Fixture, NULL,
              fixture_setup, test_diagnostic_first_half, fixture_teardown);
  g_test_add ("/ui/diagnostic/resume", Fixture, NULL,
              fixture_setup, test_diagnostic_resume, fixture_teardown);
  return g_test_run ();
}
