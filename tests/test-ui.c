/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Presents the real window under Xvfb and drives it through its actions,
 * as a connector would with the mouse and keyboard. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cn-application.h"
#include "cn-company-form.h"
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

static void
save_png (GtkWidget  *widget,
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
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GList *windows;

  f->data_dir = g_dir_make_tmp ("connecteur-ui-XXXXXX", NULL);
  g_setenv ("CONNECTEUR_DATA_DIR", f->data_dir, TRUE);

  f->app = cn_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (f->app), NULL, NULL));
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
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate_for (50);
  g_clear_object (&f->app);
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

  /* Narrow: the leaflet folds to one pane. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 360, 720);
  iterate_for (500);
  save_png (GTK_WIDGET (f->window), "main-window-narrow.png");
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
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() forces the C locale; screenshots may ask for French. */
  if (localedir && *localedir)
    setlocale (LC_ALL, "");
  adw_init ();

  g_test_add ("/ui/add-search-delete-undo", Fixture, NULL,
              fixture_setup, test_add_search_delete_undo, fixture_teardown);
  g_test_add ("/ui/sample-portfolio", Fixture, NULL,
              fixture_setup, test_sample_portfolio, fixture_teardown);
  return g_test_run ();
}
