/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue section and the catalogue page of the preferences, in the
 * real window under Xvfb, driven as a connector would: its filters, a
 * declared link and a rating from a provider's row, catalogue files
 * imported (a broken one, a newer one). */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cn-application.h"
#include "cn-basket.h"
#include "cn-catalogue.h"
#include "cn-catalogue-view.h"
#include "cn-geo.h"
#include "cn-naf.h"
#include "cn-preferences-window.h"
#include "cn-window.h"
#include "cn-test-ui.h"
#include "cn-test-util.h"

typedef struct {
  char *data_dir;
  CnApplication *app;
  CnWindow *window;
} Fixture;



/* ---- the application ------------------------------------------------------- */

static void
start_app (Fixture *f)
{
  GList *windows;
  g_autoptr(GError) error = NULL;

  f->app = cn_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
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
  f->data_dir = g_dir_make_tmp ("connecteur-ui-catalogue-XXXXXX", NULL);
  g_setenv ("CONNECTEUR_DATA_DIR", f->data_dir, TRUE);
  start_app (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (f->app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  iterate_for (50);
  g_clear_object (&f->app);
  f->window = NULL;
  cn_test_remove_tree (f->data_dir);
  g_free (f->data_dir);
}

/* ---- finding what the user sees --------------------------------------------- */

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
must_find (GtkWidget  *widget,
           const char *name)
{
  GtkWidget *found = find_named (widget, name);

  if (found == NULL)
    g_error ("no widget named “%s”", name);
  return found;
}

/* A label on screen (mapped) whose text has @text in it. */
static GtkWidget *
find_label_with (GtkWidget  *widget,
                 const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static AdwMessageDialog *
find_dialog (void)
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

static CnCatalogueView *
show_catalogue (Fixture    *f,
                const char *page)
{
  GtkWidget *view;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-section", "s", "catalogue");
  view = cn_window_get_section_view (f->window, "catalogue");
  g_assert_true (CN_IS_CATALOGUE_VIEW (view));
  cn_catalogue_view_show_page (CN_CATALOGUE_VIEW (view), page);
  iterate_for (300);
  g_assert_true (gtk_widget_get_mapped (view));
  g_assert_cmpstr (cn_catalogue_view_get_page (CN_CATALOGUE_VIEW (view)), ==, page);
  return CN_CATALOGUE_VIEW (view);
}

static const char *
stack_child (GtkWidget  *view,
             const char *page)
{
  g_autofree char *name = g_strdup_printf ("%s-stack", page);

  return gtk_stack_get_visible_child_name (GTK_STACK (must_find (view, name)));
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  iterate_for (100);
}

typedef struct {
  const char *text;
  gboolean changed;
} SearchWait;

/* Setting the text first empties the entry, which is announced at once:
 * only the announcement of the new text counts. */
static void
on_search_changed (GtkSearchEntry *entry,
                   SearchWait     *wait)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), wait->text) == 0)
    wait->changed = TRUE;
}

static void
type_search (GtkWidget  *view,
             const char *name,
             const char *text)
{
  GtkWidget *entry = must_find (view, name);
  SearchWait wait = { text, FALSE };
  gulong handler = g_signal_connect (entry, "search-changed", G_CALLBACK (on_search_changed), &wait);
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* The same text again changes nothing and emits nothing. */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text) == 0)
    wait.changed = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* The search entry waits for a pause in the typing; a loaded machine
   * may take longer to get there. */
  while (!wait.changed && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_signal_handler_disconnect (entry, handler);
  g_assert_true (wait.changed);
  iterate_for (50);
}

/* ---- aids ----------------------------------------------------------------- */

/* France Num's cheque closed on 31 July 2021: shown closed, never as open,
 * and hidden by "Open aids only". */
static void
test_aids (Fixture       *f,
           gconstpointer  data)
{
  CnCatalogueView *view = show_catalogue (f, "aids");
  CnCatalogue *catalogue = cn_application_get_catalogue (f->app);
  GtkWidget *france_num = must_find (GTK_WIDGET (view), "aid:cheque-france-num");
  GtkWidget *model = must_find (GTK_WIDGET (view), "aid:aide-regionale-modele");
  GtkWidget *open_only = must_find (GTK_WIDGET (view), "aids-open-only");
  guint all = cn_catalogue_get_n_aids (catalogue);
  guint n_open = 0;

  g_assert_cmpuint (all, >, 2);
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "aids"), ==, all);
  g_assert_true (gtk_widget_get_visible (france_num));
  g_assert_true (gtk_widget_get_mapped (france_num));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (france_num)), ==, "Chèque France Num");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (must_find (france_num, "aid-status"))), ==, "Closed on 31/07/2021");
  g_assert_true (gtk_widget_has_css_class (france_num, "cn-expired"));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (france_num)), "All of France"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (must_find (model, "aid-status"))), ==, "No dates");
  g_assert_false (gtk_widget_has_css_class (model, "cn-expired"));

  /* Expanded: its rules in words. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (france_num), TRUE);
  iterate_for (200);
  g_assert_nonnull (find_label_with (france_num, "Under 11 employees"));
  g_assert_nonnull (find_label_with (france_num, "A fixed amount of 500"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (model), TRUE);
  iterate_for (200);
  g_assert_nonnull (find_label_with (model, "50 % of the expense"));
  g_assert_nonnull (find_label_with (model, "Under 50 employees"));
  g_assert_nonnull (find_label_with (model, "47.91"));

  /* No aid closed in the past is ever called open. */
  for (GtkWidget *row = gtk_widget_get_parent (france_num) ? gtk_widget_get_first_child (gtk_widget_get_parent (france_num)) : NULL;
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *status = gtk_label_get_text (GTK_LABEL (must_find (row, "aid-status")));

      if (gtk_widget_has_css_class (row, "cn-expired"))
        g_assert_true (g_str_has_prefix (status, "Closed on "));
      else
        n_open++;
    }
  g_assert_cmpuint (n_open, <, all);

  save_png_as_is (GTK_WIDGET (f->window), "catalogue-aids-test.png");

  /* Open aids only: the closed ones go, the model stays. */
  gtk_switch_set_active (GTK_SWITCH (open_only), TRUE);
  iterate_for (100);
  g_assert_false (gtk_widget_get_visible (france_num));
  g_assert_true (gtk_widget_get_visible (model));
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "aids"), ==, n_open);
  g_assert_cmpstr (stack_child (GTK_WIDGET (view), "aids"), ==, "list");

  /* A region: the national aids and that region's. */
  gtk_switch_set_active (GTK_SWITCH (open_only), FALSE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (must_find (GTK_WIDGET (view), "aids-region")), 0);
  iterate_for (50);
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "aids"), ==, all);
  {
    guint n_regions;
    const CnRegion *regions = cn_geo_regions (&n_regions);
    GtkWidget *alpc = must_find (GTK_WIDGET (view), "aid:alpc-cheque-transformation-numerique-feder");

    for (guint i = 0; i < n_regions; i++)
      if (g_str_equal (regions[i].code, "53"))   /* Bretagne */
        gtk_drop_down_set_selected (GTK_DROP_DOWN (must_find (GTK_WIDGET (view), "aids-region")), i + 1);
    iterate_for (50);
    g_assert_true (gtk_widget_get_visible (france_num));
    g_assert_false (gtk_widget_get_visible (alpc));
    g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "aids"), <, all);
  }
}

/* ---- providers ---------------------------------------------------------------- */

static GtkWidget *
provider_row (CnCatalogueView *view,
              const char      *id)
{
  g_autofree char *name = g_strconcat ("provider:", id, NULL);

  return must_find (GTK_WIDGET (view), name);
}

/* Typing filters the directory; nothing matching says so and offers to
 * clear the filters. */
static void
test_provider_search (Fixture       *f,
                      gconstpointer  data)
{
  CnCatalogueView *view = show_catalogue (f, "providers");
  CnCatalogue *catalogue = cn_application_get_catalogue (f->app);
  guint all = cn_catalogue_get_n_providers (catalogue);
  const CnProvider *first = cn_catalogue_get_provider (catalogue, 0);
  const CnProvider *second = cn_catalogue_get_provider (catalogue, 1);
  GtkWidget *first_row = provider_row (view, first->id);
  GtkWidget *second_row = provider_row (view, second->id);
  GtkWidget *service;
  guint with_service = 0;

  g_assert_cmpuint (all, >, 2);
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "providers"), ==, all);
  g_assert_true (gtk_widget_get_mapped (first_row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first_row)), ==, first->name);
  /* Town, services with prices, rating, and that it is an example. */
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (first_row)), first->commune));
  g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (first_row)), "reviews"));
  if (first->illustrative)
    g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (first_row)), "Illustrative example"));

  /* The first one's town: it, and whoever else works there. */
  type_search (GTK_WIDGET (view), "providers-search", first->commune);
  g_assert_true (gtk_widget_get_visible (first_row));
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "providers"), <, all);
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "providers"), >=, 1);
  if (g_strcmp0 (first->commune, second->commune) != 0)
    g_assert_false (gtk_widget_get_visible (second_row));

  /* Accents and case aside, by the first word of its name. */
  {
    g_autofree char *upper = g_utf8_strup (first->name, -1);
    g_auto(GStrv) words = g_strsplit (upper, " ", -1);

    type_search (GTK_WIDGET (view), "providers-search", words[0]);
    g_assert_true (gtk_widget_get_visible (first_row));
  }

  type_search (GTK_WIDGET (view), "providers-search", "zzyzx introuvable");
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "providers"), ==, 0);
  g_assert_cmpstr (stack_child (GTK_WIDGET (view), "providers"), ==, "empty");
  g_assert_nonnull (find_label_with (GTK_WIDGET (view), "No Match"));
  save_png_as_is (GTK_WIDGET (f->window), "catalogue-providers-empty-test.png");
  click (must_find (GTK_WIDGET (view), "providers-clear"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (must_find (GTK_WIDGET (view), "providers-search"))), ==, "");
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "providers"), ==, all);
  g_assert_cmpstr (stack_child (GTK_WIDGET (view), "providers"), ==, "list");

  /* By service: the first provider's first service. */
  service = must_find (GTK_WIDGET (view), "providers-service");
  {
    const CnProviderService *offered = first->services->pdata[0];

    for (guint i = 0; i < cn_catalogue_get_n_prices (catalogue); i++)
      if (g_str_equal (cn_catalogue_get_price (catalogue, i)->id, offered->price_ref))
        gtk_drop_down_set_selected (GTK_DROP_DOWN (service), i + 1);
    for (guint i = 0; i < all; i++)
      with_service += cn_provider_find_service (cn_catalogue_get_provider (catalogue, i), offered->price_ref) != NULL;
  }
  iterate_for (50);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (service)), >, 0);
  g_assert_true (gtk_widget_get_visible (first_row));
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "providers"), ==, with_service);
}

/* A link declared from a provider's row is stored, the row says so, and a
 * basket that holds the provider keeps it out of the plans; a rating
 * counts in the average. */
static void
test_declare_link (Fixture       *f,
                   gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  CnCatalogue *catalogue = cn_application_get_catalogue (f->app);
  CnCatalogueView *view = show_catalogue (f, "providers");
  const CnProvider *provider = cn_catalogue_get_provider (catalogue, 0);
  GtkWidget *row = provider_row (view, provider->id);
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(CnProviderLink) link = NULL;
  g_autoptr(CnProviderReview) review = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  AdwMessageDialog *dialog;

  /* A company whose basket holds the provider. */
  cn_company_set_name (company, "Fleurs de Loire");
  cn_company_set_postcode (company, "44000");
  g_assert_true (cn_store_add_company (store, company, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cn_store_basket_add (store, catalogue, cn_company_get_id (company), CN_BASKET_PROVIDER,
                                      provider->id, "Pour le site vitrine", &error));
  g_assert_no_error (error);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  iterate_for (200);
  g_assert_false (gtk_widget_get_visible (must_find (row, "link-tag")));
  g_assert_false (gtk_widget_get_visible (must_find (row, "withdraw-link")));

  /* Declare a family link, with a note. */
  click (must_find (row, "declare-link"));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (must_find (GTK_WIDGET (dialog), "link-family")), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (dialog), "link-note")), "Ma belle-sœur");
  save_png_as_is (GTK_WIDGET (dialog), "catalogue-declare-link-test.png");
  adw_message_dialog_response (dialog, "declare");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_for (200);

  link = cn_store_get_provider_link (store, provider->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (link);
  g_assert_cmpint (link->kind, ==, CN_PROVIDER_LINK_FAMILY);
  g_assert_cmpstr (link->note, ==, "Ma belle-sœur");
  g_assert_true (gtk_widget_get_visible (must_find (row, "link-tag")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (must_find (row, "link-tag"))), ==, "Link declared: family");
  g_assert_false (gtk_widget_get_visible (must_find (row, "declare-link")));
  g_assert_true (gtk_widget_get_visible (must_find (row, "withdraw-link")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (must_find (row, "link-row"))), "Ma belle-sœur"));
  /* The basket keeps it, the plan leaves it out, the toast says both. */
  g_assert_nonnull (find_label_with (GTK_WIDGET (f->window), "It stays in 1 basket but no plan will print it."));
  {
    g_autoptr(GPtrArray) kept = cn_store_list_basket (store, cn_company_get_id (company), &error);
    g_autoptr(GPtrArray) printed = cn_store_list_basket_for_plan (store, catalogue, cn_company_get_id (company), &error);

    g_assert_cmpuint (kept->len, ==, 1);
    g_assert_cmpuint (printed->len, ==, 0);
  }
  save_png_as_is (GTK_WIDGET (f->window), "catalogue-link-declared-test.png");

  /* Rate it: 2 out of 5, which the average counts. */
  before = g_strdup (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)));
  click (must_find (row, "rate"));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (must_find (GTK_WIDGET (dialog), "score-2")), TRUE);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (must_find (GTK_WIDGET (dialog), "rate-comment")), "Relances lentes");
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_for (200);
  review = cn_store_get_provider_review (store, provider->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (review);
  g_assert_cmpint (review->score, ==, 2);
  g_assert_cmpstr (review->comment, ==, "Relances lentes");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (must_find (row, "own-rating"))), "Relances lentes"));
  {
    guint n = 0;
    g_autofree char *count = NULL;

    cn_provider_average_rating (provider, 2, &n);
    count = g_strdup_printf ("· %u reviews", n);
    g_assert_nonnull (strstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), count));
    g_assert_cmpstr (before, !=, adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)));
  }

  /* Withdrawn from the row: stored no more, the row as before. */
  click (must_find (row, "withdraw-link"));
  g_clear_pointer (&link, cn_provider_link_free);
  link = cn_store_get_provider_link (store, provider->id, &error);
  g_assert_no_error (error);
  g_assert_null (link);
  g_assert_false (gtk_widget_get_visible (must_find (row, "link-tag")));
  g_assert_true (gtk_widget_get_visible (must_find (row, "declare-link")));
}

/* ---- prices, testimonies, resources --------------------------------------------- */

/* The other pages: what each row says, and filters that agree with the
 * core's matching. */
static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  CnCatalogue *catalogue = cn_application_get_catalogue (f->app);
  CnCatalogueView *view = show_catalogue (f, "prices");
  const CnPrice *price = cn_catalogue_get_price (catalogue, 0);
  g_autofree char *price_name = g_strconcat ("price:", price->id, NULL);
  g_autofree char *typical = cn_format_euros (price->typical);
  GtkWidget *row = must_find (GTK_WIDGET (view), price_name);
  guint n_offering = 0, expected;
  guint n_sections;
  const CnNafSection *sections = cn_naf_sections (&n_sections);

  /* Prices: the typical amount, the range, how many providers. */
  for (guint i = 0; i < cn_catalogue_get_n_providers (catalogue); i++)
    n_offering += cn_provider_find_service (cn_catalogue_get_provider (catalogue, i), price->id) != NULL;
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "prices"), ==, cn_catalogue_get_n_prices (catalogue));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, price->label);
  g_assert_nonnull (find_label_with (row, typical));
  {
    g_autofree char *offered = g_strdup_printf ("Offered by %u provider", n_offering);

    g_assert_cmpuint (n_offering, >, 0);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), offered));
  }

  /* Testimonies: by sector, as cn_testimony_matches() says. */
  cn_catalogue_view_show_page (view, "testimonies");
  iterate_for (200);
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "testimonies"), ==, cn_catalogue_get_n_testimonies (catalogue));
  for (guint i = 0; i < n_sections; i++)
    if (sections[i].letter == 'G')
      gtk_drop_down_set_selected (GTK_DROP_DOWN (must_find (GTK_WIDGET (view), "testimonies-sector")), i + 1);
  iterate_for (50);
  expected = 0;
  for (guint i = 0; i < cn_catalogue_get_n_testimonies (catalogue); i++)
    expected += cn_testimony_matches (cn_catalogue_get_testimony (catalogue, i), NULL, 'G', NULL, NULL, 0);
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, cn_catalogue_get_n_testimonies (catalogue));
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "testimonies"), ==, expected);
  {
    const CnTestimony *first = cn_catalogue_get_testimony (catalogue, 0);
    g_autofree char *name = g_strconcat ("testimony:", first->id, NULL);
    GtkWidget *first_row = must_find (GTK_WIDGET (view), name);

    g_assert_nonnull (find_label_with (first_row, first->company));
    g_assert_nonnull (find_label_with (first_row, first->trade));
    if (first->illustrative)
      g_assert_nonnull (find_label_with (first_row, "Illustrative example"));
  }
  type_search (GTK_WIDGET (view), "testimonies-search", "zzyzx introuvable");
  g_assert_cmpstr (stack_child (GTK_WIDGET (view), "testimonies"), ==, "empty");
  click (must_find (GTK_WIDGET (view), "testimonies-clear"));
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "testimonies"), ==, cn_catalogue_get_n_testimonies (catalogue));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (must_find (GTK_WIDGET (view), "testimonies-sector"))), ==, 0);

  /* Resources: MOOCs only, then level 1. */
  cn_catalogue_view_show_page (view, "resources");
  iterate_for (200);
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "resources"), ==, cn_catalogue_get_n_resources (catalogue));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (must_find (GTK_WIDGET (view), "resources-level")), 1);
  iterate_for (50);
  expected = 0;
  for (guint i = 0; i < cn_catalogue_get_n_resources (catalogue); i++)
    expected += cn_resource_matches (cn_catalogue_get_resource (catalogue, i), NULL, NULL, 1, NULL);
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "resources"), ==, expected);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (must_find (GTK_WIDGET (view), "resources-level")), 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (must_find (GTK_WIDGET (view), "resources-dimension")), 1);
  iterate_for (50);
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "resources"), <, cn_catalogue_get_n_resources (catalogue));
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "resources"), >, 0);
  cn_catalogue_view_clear_filters (view);
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "resources"), ==, cn_catalogue_get_n_resources (catalogue));
}

/* ---- importing catalogue files ------------------------------------------------ */

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (f->data_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

static const char *
part_subtitle (CnPreferencesWindow *prefs,
               const char          *member)
{
  g_autofree char *name = g_strdup_printf ("catalogue-part-%s", member);

  return adw_action_row_get_subtitle (ADW_ACTION_ROW (must_find (GTK_WIDGET (prefs), name)));
}

/* A broken file is refused with what is wrong, and changes nothing; a
 * newer aids.json replaces the shipped one, and the versions say so. */
static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  CnCatalogue *catalogue = cn_application_get_catalogue (f->app);
  g_autofree char *shipped = g_strdup (cn_catalogue_get_text (catalogue, CN_CATALOGUE_AIDS));
  g_autofree char *broken = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *same = NULL;
  g_autofree char *installed = g_build_filename (f->data_dir, "catalogue", "aids.json", NULL);
  CnPreferencesWindow *prefs;
  AdwMessageDialog *dialog;
  CnCatalogueView *view;
  int version = cn_catalogue_get_version (catalogue, CN_CATALOGUE_AIDS);
  g_autofree char *shipped_text = g_strdup_printf ("Version %d, shipped", version);
  g_autofree char *newer_text = g_strdup_printf ("Version %d, imported", version + 2);
  g_autofree char *toast_text = g_strdup_printf ("updated to version %d", version + 2);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  iterate_for (300);
  prefs = find_preferences ();
  g_assert_nonnull (prefs);
  cn_preferences_window_show_catalogue (prefs);
  iterate_for (200);
  g_assert_cmpstr (part_subtitle (prefs, "aids"), ==, shipped_text);
  g_assert_nonnull (find_label_with (GTK_WIDGET (prefs), "No link declared"));

  /* An aid without its name: refused, the dialog names file and member. */
  {
    g_autoptr(GRegex) regex = g_regex_new ("\"name\": \"Chèque France Num\",", 0, 0, NULL);

    broken = g_regex_replace_literal (regex, shipped, -1, 0, "", 0, NULL);
    g_assert_cmpstr (broken, !=, shipped);
  }
  {
    g_autoptr(GRegex) regex = g_regex_new ("\"version\": *[0-9]+", 0, 0, NULL);
    g_autofree char *bumped = g_strdup_printf ("\"version\": %d", version + 2);
    g_autofree char *broken_bumped = g_regex_replace_literal (regex, broken, -1, 0, bumped, G_REGEX_MATCH_NOTEMPTY, NULL);

    g_free (broken);
    broken = write_file (f, "aids-broken.json", broken_bumped);
  }
  g_assert_false (cn_preferences_window_import_file (prefs, broken));
  iterate_for (200);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_test_message ("Refused: %s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "aids-broken.json"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "name"));
  save_png_as_is (GTK_WIDGET (dialog), "catalogue-import-error-test.png");
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_for (100);
  g_assert_cmpstr (part_subtitle (prefs, "aids"), ==, shipped_text);
  g_assert_cmpint (cn_catalogue_get_version (cn_application_get_catalogue (f->app), CN_CATALOGUE_AIDS), ==, version);
  g_assert_false (g_file_test (installed, G_FILE_TEST_EXISTS));

  /* Not JSON at all. */
  {
    g_autofree char *garbage = write_file (f, "garbage.json", "{ \"version\": 9, \"aids\": [ ");

    g_assert_false (cn_preferences_window_import_file (prefs, garbage));
    iterate_for (100);
    dialog = find_dialog ();
    g_assert_nonnull (dialog);
    g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "garbage.json"));
    gtk_window_destroy (GTK_WINDOW (dialog));
    iterate_for (100);
    g_assert_cmpstr (part_subtitle (prefs, "aids"), ==, shipped_text);
  }

  /* The same version as the one in use: not newer, refused. */
  same = write_file (f, "aids-same.json", shipped);
  g_assert_false (cn_preferences_window_import_file (prefs, same));
  iterate_for (100);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_for (100);

  /* A newer one: installed, the versions and the toast say so, the
   * catalogue section shows the new file. */
  {
    g_autoptr(GRegex) regex = g_regex_new ("\"version\": *[0-9]+", 0, 0, NULL);
    g_autofree char *bumped = g_strdup_printf ("\"version\": %d", version + 2);
    g_autofree char *text = g_regex_replace_literal (regex, shipped, -1, 0, bumped, 0, NULL);

    newer = write_file (f, "aids-newer.json", text);
  }
  view = CN_CATALOGUE_VIEW (cn_window_get_section_view (f->window, "catalogue"));
  g_assert_true (cn_preferences_window_import_file (prefs, newer));
  iterate_for (300);
  g_assert_null (find_dialog ());
  g_assert_cmpstr (part_subtitle (prefs, "aids"), ==, newer_text);
  g_assert_nonnull (find_label_with (GTK_WIDGET (prefs), toast_text));
  g_assert_nonnull (find_label_with (GTK_WIDGET (prefs), "Financial aids"));
  g_assert_true (cn_application_get_catalogue (f->app) != catalogue);
  g_assert_cmpint (cn_catalogue_get_version (cn_application_get_catalogue (f->app), CN_CATALOGUE_AIDS), ==, version + 2);
  g_assert_true (cn_catalogue_is_imported (cn_application_get_catalogue (f->app), CN_CATALOGUE_AIDS));
  g_assert_true (g_file_test (installed, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (cn_catalogue_view_get_n_shown (view, "aids"), ==,
                    cn_catalogue_get_n_aids (cn_application_get_catalogue (f->app)));
  g_assert_nonnull (find_named (GTK_WIDGET (view), "aid:cheque-france-num"));
  /* The other parts are still the shipped ones. */
  g_assert_nonnull (strstr (part_subtitle (prefs, "prices"), "shipped"));
  save_png_as_is (GTK_WIDGET (prefs), "catalogue-preferences-test.png");
}

/* ---- screenshots --------------------------------------------------------------- */

/* A phone, or a window tiled on a small laptop. */
#define NARROW_WIDTH 360

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

static GString *too_wide;

/* @window at 360 px (NAME-360.png) then at a normal width (NAME-1280.png,
 * or the width screenshot mode asks for); it must fit in 360 px. */
static void
shoot (GtkWidget  *window,
       const char *name)
{
  g_autofree char *narrow_png = g_strdup_printf ("%s-%d.png", name, NARROW_WIDTH);
  int wide = screenshot_width > NARROW_WIDTH ? screenshot_width : 1280;
  g_autofree char *wide_png = g_strdup_printf ("%s-%d.png", name, wide);
  int minimum;

  if (screenshot_width == 0 || screenshot_width == NARROW_WIDTH)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, 720);
      iterate_for (400);
      gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, 720);
      iterate_for (400);
      minimum = content_min_width (window);
      g_test_message ("%s needs %d px", name, minimum);
      save_png_as_is (window, narrow_png);
      if (minimum > NARROW_WIDTH)
        g_string_append_printf (too_wide, "%s%s (%d px)", too_wide->len ? ", " : "", name, minimum);
    }
  if (screenshot_width == 0 || screenshot_width > NARROW_WIDTH)
    {
      gtk_window_set_default_size (GTK_WINDOW (window), wide, 800);
      iterate_for (600);
      save_png_as_is (window, wide_png);
    }
}

/* Every page of the section, narrow and wide, with the switcher where it
 * fits; and the preferences' page. */
static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  CnCatalogue *catalogue = cn_application_get_catalogue (f->app);
  const CnProvider *provider = cn_catalogue_get_provider (catalogue, 0);
  g_autoptr(GError) error = NULL;
  CnCatalogueView *view;
  CnPreferencesWindow *prefs;
  GtkWidget *window = GTK_WIDGET (f->window);

  too_wide = g_string_new (NULL);
  if (screenshot_scheme != ADW_COLOR_SCHEME_DEFAULT)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), screenshot_scheme);
  g_assert_true (cn_store_declare_provider_link (store, catalogue, provider->id, CN_PROVIDER_LINK_CAPITAL,
                                                 "Associé de 2019 à 2022", NULL, &error));
  g_assert_true (cn_store_rate_provider (store, catalogue, provider->id, 4, "Réactifs", &error));
  g_assert_no_error (error);

  view = show_catalogue (f, "aids");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (must_find (window, "aid:aide-regionale-modele")), TRUE);
  shoot (window, "catalogue-aids");
  /* The switcher moves to the bottom when its labels do not fit. */
  gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, 720);
  iterate_for (500);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (view)));

  cn_catalogue_view_show_page (view, "providers");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (provider_row (view, provider->id)), TRUE);
  shoot (window, "catalogue-providers");
  cn_catalogue_view_show_page (view, "prices");
  shoot (window, "catalogue-prices");
  cn_catalogue_view_show_page (view, "testimonies");
  {
    GtkWidget *story = find_type (must_find (window, "testimonies-stack"), GTK_TYPE_EXPANDER);

    g_assert_nonnull (story);
    gtk_expander_set_expanded (GTK_EXPANDER (story), TRUE);
  }
  shoot (window, "catalogue-testimonies");
  cn_catalogue_view_show_page (view, "resources");
  shoot (window, "catalogue-resources");
  cn_catalogue_view_show_page (view, "providers");
  type_search (window, "providers-search", "zzyzx introuvable");
  shoot (window, "catalogue-no-match");
  cn_catalogue_view_clear_filters (view);

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  iterate_for (300);
  prefs = find_preferences ();
  g_assert_nonnull (prefs);
  cn_preferences_window_show_catalogue (prefs);
  shoot (GTK_WIDGET (prefs), "catalogue-preferences");
  gtk_window_destroy (GTK_WINDOW (prefs));
  iterate_for (100);

  g_assert_cmpstr (too_wide->str, ==, "");
  g_string_free (too_wide, TRUE);
  too_wide = NULL;
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("CONNECTEUR_LOCALEDIR");

  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  screenshot_mode_init ();
  gtk_test_init (&argc, &argv, NULL);
  if (screenshot_width > 0 || screenshot_scheme != ADW_COLOR_SCHEME_DEFAULT)
    g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  if (localedir && *localedir)
    setlocale (LC_ALL, "");
  adw_init ();
  if (screenshot_scheme != ADW_COLOR_SCHEME_DEFAULT)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), screenshot_scheme);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/ui-catalogue/aids", Fixture, NULL, fixture_setup, test_aids, fixture_teardown);
  g_test_add ("/ui-catalogue/provider-search", Fixture, NULL, fixture_setup, test_provider_search, fixture_teardown);
  g_test_add ("/ui-catalogue/declare-link", Fixture, NULL, fixture_setup, test_declare_link, fixture_teardown);
  g_test_add ("/ui-catalogue/filters", Fixture, NULL, fixture_setup, test_filters, fixture_teardown);
  g_test_add ("/ui-catalogue/import", Fixture, NULL, fixture_setup, test_import, fixture_teardown);
  g_test_add ("/ui-catalogue/screenshots", Fixture, NULL, fixture_setup, test_screenshots, fixture_teardown);
  return g_test_run ();
}
