/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The catalogue in the app: a company's financial aids and
 * recommendations, the chooser, the refusal of a provider the connector
 * declared a link with, the exact headcount in the company form, « Pour
 * aller plus loin » in a diagnostic's results and the planned expense of a
 * plan.  The real window under Xvfb, driven by its actions and widgets. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cn-aids-group.h"
#include "cn-application.h"
#include "cn-basket.h"
#include "cn-basket-chooser.h"
#include "cn-basket-group.h"
#include "cn-company-form.h"
#include "cn-company-page.h"
#include "cn-diagnostic-window.h"
#include "cn-error.h"
#include "cn-headcount.h"
#include "cn-plan-document.h"
#include "cn-plan-window.h"
#include "cn-referential.h"
#include "cn-scoring.h"
#include "cn-window.h"
#include "cn-test-ui.h"
#include "cn-test-util.h"

typedef struct {
  char *data_dir;
  CnApplication *app;
  CnWindow *window;
} Fixture;



/* The width the content of @window needs at the least. */
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

/* @window at 360 px, then 1280 px wide (NAME-360.png, NAME-1280.png): it
 * must fit the phone.  @before_shot, when given, runs once the size is
 * set (to scroll something into view). */
static void
assert_fits_narrow (GtkWidget  *window,
                    const char *name,
                    void      (*before_shot) (gpointer),
                    gpointer    data)
{
  g_autofree char *narrow_png = g_strdup_printf ("%s-360.png", name);
  g_autofree char *wide_png = g_strdup_printf ("%s-1280.png", name);
  int old_width, old_height, minimum;

  gtk_window_get_default_size (GTK_WINDOW (window), &old_width, &old_height);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  iterate_for (400);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  iterate_for (400);
  minimum = content_min_width (window);
  g_test_message ("%s needs %d px", name, minimum);
  if (before_shot)
    before_shot (data);
  save_png_as_is (window, narrow_png);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  iterate_for (600);
  if (before_shot)
    before_shot (data);
  save_png_as_is (window, wide_png);
  g_assert_cmpint (minimum, <=, 360);
  gtk_window_set_default_size (GTK_WINDOW (window), old_width, old_height);
  iterate_for (300);
}

/* ---- the app --------------------------------------------------------------- */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GList *windows;
  g_autoptr(GError) error = NULL;

  f->data_dir = g_dir_make_tmp ("connecteur-ui-basket-XXXXXX", NULL);
  g_setenv ("CONNECTEUR_DATA_DIR", f->data_dir, TRUE);
  f->app = cn_application_new ();
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (f->app));
  windows = gtk_application_get_windows (GTK_APPLICATION (f->app));
  g_assert_nonnull (windows);
  f->window = windows->data;
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  iterate_for (300);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->window)));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (f->app)));
  g_autoptr(GListModel) toplevels = G_LIST_MODEL (g_object_ref (gtk_window_get_toplevels ()));

  /* Dialogs without an application too. */
  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (!g_list_find (windows, window) && ADW_IS_MESSAGE_DIALOG (window))
        gtk_window_destroy (GTK_WINDOW (window));
    }
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  iterate_for (50);
  g_clear_object (&f->app);
  cn_test_remove_tree (f->data_dir);
  g_free (f->data_dir);
}

static CnCatalogue *
catalogue (Fixture *f)
{
  CnCatalogue *in_use = cn_application_get_catalogue (f->app);

  g_assert_nonnull (in_use);
  return in_use;
}

/* The retailer of the brief: a shop of 12 employees in Nantes. */
static CnCompany *
add_retailer (Fixture    *f,
              const char *name)
{
  CnCompany *company = cn_company_new ();
  g_autoptr(GError) error = NULL;

  cn_company_set_name (company, name);
  cn_company_set_naf (company, "47.71Z");
  cn_company_set_postcode (company, "44000");
  cn_company_set_commune (company, "Nantes");
  cn_company_set_employees (company, 12);
  g_assert_true (cn_store_add_company (cn_application_get_store (f->app), company, NULL, &error));
  g_assert_no_error (error);
  return company;
}

/* ---- widgets as the user sees them ---------------------------------------- */

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

static const char *
row_subtitle (GtkWidget *row)
{
  if (ADW_IS_EXPANDER_ROW (row))
    return adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row));
  if (ADW_IS_ACTION_ROW (row))
    return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  return NULL;
}

static gboolean
is_inside_expander (GtkWidget *row,
                    GtkWidget *top)
{
  for (GtkWidget *w = gtk_widget_get_parent (row); w != NULL && w != top; w = gtk_widget_get_parent (w))
    if (ADW_IS_EXPANDER_ROW (w))
      return TRUE;
  return FALSE;
}

/* The rows under @widget, in order: the group's own (@nested FALSE), or
 * every one. */
static void
collect_rows (GtkWidget *widget,
              GtkWidget *top,
              gboolean   nested,
              GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_PREFERENCES_ROW (child) && gtk_widget_get_visible (child) &&
          (nested || !is_inside_expander (child, top)))
        g_ptr_array_add (rows, child);
      collect_rows (child, top, nested, rows);
    }
}

static GPtrArray *
top_rows (GtkWidget *group)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (group, group, FALSE, rows);
  return rows;
}

/* The first row titled @title under @root, or NULL. */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (root, root, TRUE, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];
  return NULL;
}

/* A label showing exactly @text under @widget, hidden ones aside. */
static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
has_label_containing (GtkWidget  *widget,
                      const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_label_containing (child, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_button_with_label (GtkWidget  *widget,
                        const char *label)
{
  GtkWidget *content = GTK_IS_BUTTON (widget) ? gtk_button_get_child (GTK_BUTTON (widget)) : NULL;

  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  /* An icon and a label. */
  if (ADW_IS_BUTTON_CONTENT (content) && g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (content)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_label (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The group titled @title, e.g. "Going Further". */
static GtkWidget *
find_group (GtkWidget  *widget,
            const char *title)
{
  if (ADW_IS_PREFERENCES_GROUP (widget) &&
      g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_group (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Scrolls the scrolled window holding @widget so that @widget is at the
 * top, as the user would to read it. */
static void
scroll_to (gpointer data)
{
  GtkWidget *widget = data;
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t point;

  /* The viewport's child moves as it scrolls: measure from it. */
  if (GTK_IS_VIEWPORT (child))
    child = gtk_viewport_get_child (GTK_VIEWPORT (child));
  iterate_for (100);
  g_assert_true (gtk_widget_compute_point (widget, child, &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y - 12);
  iterate_for (200);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  g_autoptr(GListModel) toplevels = G_LIST_MODEL (g_object_ref (gtk_window_get_toplevels ()));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static CnBasketChooser *
find_chooser (void)
{
  g_autoptr(GListModel) toplevels = G_LIST_MODEL (g_object_ref (gtk_window_get_toplevels ()));

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (CN_IS_BASKET_CHOOSER (window))
        return CN_BASKET_CHOOSER (window);
    }
  return NULL;
}

/* The toast shown whose title is @title, or NULL. */
static AdwToast *
find_toast (GtkWidget  *widget,
            const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwToast *found;

      if (ADW_IS_TOAST_OVERLAY (widget) && g_object_class_find_property (G_OBJECT_GET_CLASS (child), "toast"))
        {
          g_autoptr(AdwToast) toast = NULL;

          g_object_get (child, "toast", &toast, NULL);
          if (toast != NULL && g_strcmp0 (adw_toast_get_title (toast), title) == 0)
            return toast;
        }
      if ((found = find_toast (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static GPtrArray *
basket (Fixture    *f,
        const char *company_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = cn_store_list_basket (cn_application_get_store (f->app), company_id, &error);

  g_assert_no_error (error);
  return items;
}

static gboolean
basket_has (GPtrArray    *items,
            CnBasketKind  kind,
            const char   *id,
            const char   *note)
{
  for (guint i = 0; i < items->len; i++)
    {
      CnBasketItem *item = items->pdata[i];

      if (item->kind == kind && g_str_equal (item->item_id, id) && (note == NULL || g_strcmp0 (item->note, note) == 0))
        return TRUE;
    }
  return FALSE;
}

static void
type_text (GtkEditable *editable,
           const char  *text)
{
  gtk_editable_set_text (editable, text);
  /* The search waits for typing to pause. */
  iterate_for (300);
}

static void
close_message_dialog (void)
{
  AdwMessageDialog *dialog = find_message_dialog ();

  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_for (100);
}

/* ---- financial aids -------------------------------------------------------- */

/* The aids of data/catalogue/aids.json for a retailer (47.71Z) of 12
 * employees in Nantes (Pays de la Loire, 52), worked out by hand from its
 * README: the France Num cheque closed on 31/07/2021, the regional cheques
 * of 2016 closed on 31/12/2016; the model regional aid of piste 4 (firms
 * under 50, 47.91 and 62–63 excluded, half of 2 000 to 30 000 €) gives
 * 4 000 € of 8 000 €, to check (its conditions: independence, an
 * intangible investment). */
static const char *const closed_in_2016[] = {
  "Chèque Transformation Numérique FEDER",
  "PM'up",
  "Chèque Numérique — volet conseil",
  "Chèque Numérique — volet investissement",
  "Chèque Innovation",
  "Chèque Numérique",
  "Chèque numérique",
  "Impulsion Conseil Innovation",
};
#define MODEL_AID "Aide régionale type (modèle de la piste 4)"

static void
test_aids (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CnCompany) company = add_retailer (f, "Chaussures Lenôtre");
  g_autofree char *four_thousand = cn_format_euros (4000);
  g_autofree char *two_thousand = cn_format_euros (2000);
  g_autofree char *below = g_strdup_printf (_("Expense below the minimum of %s"), two_thousand);
  g_autofree char *closed_2021 = g_strdup_printf (_("Closed on %s"), "31/07/2021");
  g_autofree char *closed_2016 = g_strdup_printf (_("Closed on %s"), "31/12/2016");
  g_autofree char *twelve = g_strdup_printf (ngettext ("%d employee", "%d employees", 12), 12);
  g_autofree char *nine_others = g_strdup_printf (_("Not eligible (%u)"), 9);
  g_autofree char *ten_others = g_strdup_printf (_("Not eligible (%u)"), 10);
  g_autoptr(GPtrArray) rows = NULL;
  GtkWidget *page, *group, *row, *others;
  GtkEditable *expense;

  cn_window_show_company (f->window, cn_company_get_id (company));
  iterate_for (300);
  page = find_widget (GTK_WIDGET (f->window), CN_TYPE_COMPANY_PAGE);
  group = find_widget (page, CN_TYPE_AIDS_GROUP);
  g_assert_nonnull (group);
  /* The identity gives the exact headcount. */
  g_assert_true (has_label (find_row (page, _("Headcount")), twelve));

  /* Nothing typed: what each aid gives at most. */
  g_assert_true (has_label (group, _("Type the planned expense to see what each aid gives.")));
  expense = cn_aids_group_get_expense_entry (CN_AIDS_GROUP (group));
  type_text (expense, "8000");
  g_assert_false (has_label (group, _("Type the planned expense to see what each aid gives.")));

  /* Exactly one aid, the model regional aid, 4 000 €, to check. */
  rows = top_rows (group);
  /* The expense, its kind, the aid, "Not eligible (9)". */
  g_assert_cmpuint (rows->len, ==, 4);
  row = rows->pdata[2];
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, MODEL_AID);
  g_assert_true (has_label (row, four_thousand));
  g_assert_cmpstr (row_subtitle (row), ==, _("To check"));
  /* What to check, under it. */
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  iterate_for (100);
  g_assert_nonnull (find_row (row, _("Granted by")));

  others = rows->pdata[3];
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (others)), ==, nine_others);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (others), TRUE);
  iterate_for (100);
  g_assert_cmpstr (row_subtitle (find_row (others, "Chèque France Num")), ==, closed_2021);
  for (guint i = 0; i < G_N_ELEMENTS (closed_in_2016); i++)
    {
      GtkWidget *closed = find_row (others, closed_in_2016[i]);

      g_assert_nonnull (closed);
      g_assert_cmpstr (row_subtitle (closed), ==, closed_2016);
    }
  g_assert_null (find_row (others, MODEL_AID));

  assert_fits_narrow (GTK_WIDGET (f->window), "basket-company-aids", scroll_to, group);

  /* The store changing (notes typed…) keeps what is open open. */
  cn_store_notify_changed (cn_application_get_store (f->app));
  iterate_for (200);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = top_rows (group);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (rows->pdata[rows->len - 1])));

  /* Below the aid's minimum expense: not eligible, saying why. */
  type_text (expense, "1 000");
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = top_rows (group);
  g_assert_cmpuint (rows->len, ==, 4);
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[2]), ==, _("No aid for this expense"));
  others = rows->pdata[3];
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (others)), ==, ten_others);
  g_assert_cmpstr (row_subtitle (find_row (others, MODEL_AID)), ==, below);

  /* A kind of expense the aid does not fund. */
  type_text (expense, "8000");
  adw_combo_row_set_selected (ADW_COMBO_ROW (cn_aids_group_get_kind_row (CN_AIDS_GROUP (group))), 3);
  iterate_for (100);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = top_rows (group);
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[2]), ==, _("No aid for this expense"));
  g_assert_cmpstr (row_subtitle (find_row (rows->pdata[3], MODEL_AID)), ==, _("Not for this kind of expense"));

  /* Not a number: said, and nothing judged on it. */
  type_text (expense, "abc");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (expense), "error"));
  g_assert_true (has_label (group, _("Type the expense in whole euros, digits only.")));
}

/* ---- recommendations --------------------------------------------------------- */

/* The providers of data/catalogue/providers.json that work in Pays de la
 * Loire (52), in the file's order. */
static const char *const providers_52[] = {
  "atelier-pixel-et-lin", "rempart-et-clef", "comptes-clairs-integration", "colis-du-ponant", NULL,
};

static void
test_basket (Fixture       *f,
             gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autoptr(CnCompany) company = add_retailer (f, "Chaussures Lenôtre");
  const char *id = cn_company_get_id (company);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) shown = NULL;
  g_autofree char *toast_title = NULL;
  GtkWidget *page, *group, *row;
  CnBasketChooser *chooser;
  AdwMessageDialog *dialog;
  AdwToast *toast;

  /* The connector's brother-in-law runs Rempart & Clef. */
  g_assert_true (cn_store_declare_provider_link (store, catalogue (f), "rempart-et-clef", CN_PROVIDER_LINK_FAMILY,
                                                 "Mon beau-frère", NULL, &error));
  g_assert_no_error (error);

  cn_window_show_company (f->window, id);
  iterate_for (300);
  page = find_widget (GTK_WIDGET (f->window), CN_TYPE_COMPANY_PAGE);
  group = find_widget (page, CN_TYPE_BASKET_GROUP);
  g_assert_nonnull (group);
  g_assert_nonnull (find_row (group, _("Nothing recommended yet")));

  /* A resource, found by its words and its dimension, with a note. */
  gtk_widget_activate_action (group, "basket.add-resource", NULL);
  iterate_for (300);
  chooser = find_chooser ();
  g_assert_nonnull (chooser);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (chooser)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (chooser)) == GTK_WINDOW (f->window));
  shown = cn_basket_chooser_get_shown_ids (chooser);
  g_assert_cmpuint (g_strv_length (shown), ==, cn_catalogue_get_n_resources (catalogue (f)));
  g_clear_pointer (&shown, g_strfreev);
  /* Nothing chosen, nothing to add. */
  g_assert_false (gtk_widget_is_sensitive (find_button_with_label (GTK_WIDGET (chooser), _("_Add"))));
  /* Every word starts a word of the title, publisher or summary. */
  type_text (cn_basket_chooser_get_search_entry (chooser), "mots de passe");
  shown = cn_basket_chooser_get_shown_ids (chooser);
  g_assert_cmpstrv (shown, ((const char *const[]) { "francenum-gestionnaire-mots-de-passe", "anssi-guide-tpe-pme",
                                                     "cybermalveillance-kit", NULL }));
  g_clear_pointer (&shown, g_strfreev);
  type_text (cn_basket_chooser_get_search_entry (chooser), "gestionnaire mots");
  shown = cn_basket_chooser_get_shown_ids (chooser);
  g_assert_cmpstrv (shown, ((const char *const[]) { "francenum-gestionnaire-mots-de-passe", NULL }));
  g_clear_pointer (&shown, g_strfreev);
  type_text (cn_basket_chooser_get_search_entry (chooser), "");
  /* "Cybersécurité", the sixth dimension of the questionnaire. */
  gtk_drop_down_set_selected (cn_basket_chooser_get_dimension (chooser), 6);
  iterate_for (100);
  shown = cn_basket_chooser_get_shown_ids (chooser);
  g_assert_true (g_strv_contains ((const char *const *) shown, "anssi-monaidecyber"));
  g_assert_false (g_strv_contains ((const char *const *) shown, "francenum-prix-site"));
  g_clear_pointer (&shown, g_strfreev);
  assert_fits_narrow (GTK_WIDGET (chooser), "basket-chooser-resources", NULL, NULL);
  g_assert_true (cn_basket_chooser_select (chooser, "anssi-monaidecyber"));
  g_assert_true (gtk_widget_is_sensitive (find_button_with_label (GTK_WIDGET (chooser), _("_Add"))));
  type_text (cn_basket_chooser_get_note_entry (chooser), "Un premier diagnostic gratuit");
  gtk_widget_activate_action (GTK_WIDGET (chooser), "chooser.add", NULL);
  iterate_for (300);
  g_assert_null (find_chooser ());
  items = basket (f, id);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_true (basket_has (items, CN_BASKET_RESOURCE, "anssi-monaidecyber", "Un premier diagnostic gratuit"));
  g_clear_pointer (&items, g_ptr_array_unref);
  row = find_row (group, cn_catalogue_find_resource (catalogue (f), "anssi-monaidecyber")->title);
  g_assert_nonnull (row);
  {
    g_autofree char *quoted = g_strdup_printf (_("“%s”"), "Un premier diagnostic gratuit");

    g_assert_nonnull (strstr (row_subtitle (row), quoted));
  }

  /* A provider: those of the company's region first, the others on
   * asking. */
  gtk_widget_activate_action (group, "basket.add-provider", NULL);
  iterate_for (300);
  chooser = find_chooser ();
  g_assert_nonnull (chooser);
  shown = cn_basket_chooser_get_shown_ids (chooser);
  g_assert_cmpstrv (shown, providers_52);
  g_clear_pointer (&shown, g_strfreev);
  gtk_check_button_set_active (cn_basket_chooser_get_all_regions (chooser), TRUE);
  iterate_for (100);
  shown = cn_basket_chooser_get_shown_ids (chooser);
  g_assert_cmpuint (g_strv_length (shown), ==, cn_catalogue_get_n_providers (catalogue (f)));
  for (guint i = 0; providers_52[i] != NULL; i++)
    g_assert_cmpstr (shown[i], ==, providers_52[i]);
  g_clear_pointer (&shown, g_strfreev);
  gtk_check_button_set_active (cn_basket_chooser_get_all_regions (chooser), FALSE);
  iterate_for (100);
  /* The provider with a declared link is listed, warned about. */
  row = find_row (GTK_WIDGET (chooser), "Rempart & Clef");
  g_assert_nonnull (row);
  {
    g_autofree char *warning = g_strdup_printf (_("%s declared: cannot be recommended"),
                                                cn_provider_link_kind_label (CN_PROVIDER_LINK_FAMILY));

    g_assert_true (g_str_has_prefix (row_subtitle (row), warning));
  }
  assert_fits_narrow (GTK_WIDGET (chooser), "basket-chooser-providers", NULL, NULL);

  /* Chosen anyway: refused, saying why, and nothing stored. */
  g_assert_true (cn_basket_chooser_select (chooser, "rempart-et-clef"));
  gtk_widget_activate_action (GTK_WIDGET (chooser), "chooser.add", NULL);
  iterate_for (300);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, _("Cannot Recommend This Provider"));
  {
    g_autoptr(GError) refusal = NULL;

    /* The body is the core's reason. */
    g_assert_false (cn_store_basket_add (store, catalogue (f), id, CN_BASKET_PROVIDER, "rempart-et-clef", "", &refusal));
    g_assert_error (refusal, CN_ERROR, CN_ERROR_CONFLICT_OF_INTEREST);
    g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==, refusal->message);
  }
  save_png (GTK_WIDGET (dialog), "basket-refused.png");
  close_message_dialog ();
  g_assert_nonnull (find_chooser ());
  items = basket (f, id);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_false (basket_has (items, CN_BASKET_PROVIDER, "rempart-et-clef", NULL));
  g_clear_pointer (&items, g_ptr_array_unref);

  /* Another one is added. */
  g_assert_true (cn_basket_chooser_select (chooser, "atelier-pixel-et-lin"));
  gtk_widget_activate_action (GTK_WIDGET (chooser), "chooser.add", NULL);
  iterate_for (300);
  g_assert_null (find_chooser ());
  items = basket (f, id);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_true (basket_has (items, CN_BASKET_PROVIDER, "atelier-pixel-et-lin", ""));
  g_clear_pointer (&items, g_ptr_array_unref);
  g_assert_nonnull (find_row (group, "Atelier Pixel & Lin"));

  /* Remove, then undo: back with its note. */
  gtk_widget_activate_action (group, "basket.remove", "(ss)", "resource", "anssi-monaidecyber");
  iterate_for (200);
  items = basket (f, id);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_false (basket_has (items, CN_BASKET_RESOURCE, "anssi-monaidecyber", NULL));
  g_clear_pointer (&items, g_ptr_array_unref);
  g_assert_null (find_row (group, cn_catalogue_find_resource (catalogue (f), "anssi-monaidecyber")->title));
  toast_title = g_strdup_printf (_("“%s” removed from the recommendations"),
                                 cn_catalogue_find_resource (catalogue (f), "anssi-monaidecyber")->title);
  toast = find_toast (GTK_WIDGET (f->window), toast_title);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, _("_Undo"));
  g_signal_emit_by_name (toast, "button-clicked");
  iterate_for (200);
  items = basket (f, id);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_true (basket_has (items, CN_BASKET_RESOURCE, "anssi-monaidecyber", "Un premier diagnostic gratuit"));
  g_clear_pointer (&items, g_ptr_array_unref);
  g_assert_nonnull (find_row (group, cn_catalogue_find_resource (catalogue (f), "anssi-monaidecyber")->title));

  /* A link declared after the provider was recommended: kept, flagged. */
  g_assert_true (cn_store_declare_provider_link (store, catalogue (f), "atelier-pixel-et-lin", CN_PROVIDER_LINK_CAPITAL,
                                                 "", NULL, &error));
  cn_store_notify_changed (store);
  iterate_for (200);
  row = find_row (group, "Atelier Pixel & Lin");
  g_assert_nonnull (row);
  g_assert_true (g_str_has_prefix (row_subtitle (row), _("Link declared: not printed in the plan")));
  assert_fits_narrow (GTK_WIDGET (f->window), "basket-company-recommendations", scroll_to, group);
}

/* ---- the exact headcount ---------------------------------------------------- */

static void
test_employees (Fixture       *f,
                gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(CnCompany) saved = NULL;
  g_autoptr(GError) error = NULL;
  CnCompanyForm *form;
  GtkEditable *employees;
  GtkWidget *headcount, *page;
  guint n, twenty = 0;
  const CnHeadcountBracket *brackets = cn_headcount_brackets (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (brackets[i].code, "12"))
      twenty = i + 1;
  g_assert_cmpuint (twenty, >, 0);

  cn_company_set_name (company, "Chaussures Lenôtre");
  cn_company_set_postcode (company, "44000");
  g_assert_true (cn_store_add_company (store, company, NULL, &error));

  /* 12 is stored as typed; the bracket follows. */
  form = cn_company_form_new (store, company);
  gtk_window_present (GTK_WINDOW (form));
  iterate_for (200);
  employees = cn_company_form_get_entry (form, CN_COMPANY_FIELD_EMPLOYEES);
  g_assert_nonnull (employees);
  g_assert_cmpstr (gtk_editable_get_text (employees), ==, "");
  type_text (employees, "12");
  g_assert_null (cn_company_form_get_error (form, CN_COMPANY_FIELD_EMPLOYEES));
  g_assert_true (cn_company_form_save (form));
  iterate_for (200);
  saved = cn_store_get_company (store, cn_company_get_id (company), &error);
  g_assert_cmpint (cn_company_get_employees (saved), ==, 12);
  g_assert_cmpstr (cn_company_get_headcount (saved), ==, "11");
  cn_window_show_company (f->window, cn_company_get_id (company));
  iterate_for (300);
  page = find_widget (GTK_WIDGET (f->window), CN_TYPE_COMPANY_PAGE);
  {
    g_autofree char *twelve = g_strdup_printf (ngettext ("%d employee", "%d employees", 12), 12);

    g_assert_true (has_label (find_row (page, _("Headcount")), twelve));
  }

  /* Letters: refused beside the field, Save waits. */
  form = cn_company_form_new (store, saved);
  gtk_window_present (GTK_WINDOW (form));
  iterate_for (200);
  employees = cn_company_form_get_entry (form, CN_COMPANY_FIELD_EMPLOYEES);
  g_assert_cmpstr (gtk_editable_get_text (employees), ==, "12");
  type_text (employees, "abc");
  g_assert_nonnull (cn_company_form_get_error (form, CN_COMPANY_FIELD_EMPLOYEES));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (employees), "error"));
  g_assert_true (has_label (GTK_WIDGET (form), cn_company_form_get_error (form, CN_COMPANY_FIELD_EMPLOYEES)));
  g_assert_false (gtk_widget_is_sensitive (find_button_with_label (GTK_WIDGET (form), _("_Save"))));
  g_assert_false (cn_company_form_save (form));

  /* 12 in "20 to 49": the two disagree, said beside the field. */
  type_text (employees, "12");
  g_assert_null (cn_company_form_get_error (form, CN_COMPANY_FIELD_EMPLOYEES));
  headcount = find_row (GTK_WIDGET (form), _("Headcount"));
  g_assert_true (ADW_IS_COMBO_ROW (headcount));
  adw_combo_row_set_selected (ADW_COMBO_ROW (headcount), twenty);
  iterate_for (100);
  g_assert_nonnull (cn_company_form_get_error (form, CN_COMPANY_FIELD_EMPLOYEES));
  g_assert_nonnull (strstr (cn_company_form_get_error (form, CN_COMPANY_FIELD_EMPLOYEES), "20"));
  g_assert_true (has_label (GTK_WIDGET (form), cn_company_form_get_error (form, CN_COMPANY_FIELD_EMPLOYEES)));
  g_assert_false (gtk_widget_is_sensitive (find_button_with_label (GTK_WIDGET (form), _("_Save"))));
  g_assert_false (cn_company_form_save (form));
  save_png (GTK_WIDGET (form), "basket-form-employees.png");
  g_clear_object (&saved);
  saved = cn_store_get_company (store, cn_company_get_id (company), &error);
  g_assert_cmpint (cn_company_get_employees (saved), ==, 12);
  g_assert_cmpstr (cn_company_get_headcount (saved), ==, "11");

  /* Emptied: not known, the bracket stays. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (headcount), twenty - 1);
  type_text (employees, "");
  g_assert_null (cn_company_form_get_error (form, CN_COMPANY_FIELD_EMPLOYEES));
  g_assert_true (cn_company_form_save (form));
  g_clear_object (&saved);
  saved = cn_store_get_company (store, cn_company_get_id (company), &error);
  g_assert_cmpint (cn_company_get_employees (saved), ==, -1);
  g_assert_cmpstr (cn_company_get_headcount (saved), ==, "11");
}

/* ---- going further, after a diagnostic ---------------------------------------- */

static char *
complete_diagnostic (Fixture       *f,
                     const char    *company_id,
                     CnReferential *referential)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autoptr(GError) error = NULL;
  char *id = cn_store_start_diagnostic (store, company_id, referential, &error);

  /* Halfway answers: a middle level, weak and strong dimensions. */
  for (guint i = 0; i < cn_referential_get_n_questions (referential); i++)
    {
      const CnQuestion *question = cn_referential_get_question (referential, i);
      const CnQuestionChoice *choice = question->choices->pdata[i % 2 ? question->choices->len - 1 : 0];
      const char *choices[2] = { choice->id, NULL };

      if (question->kind == CN_QUESTION_PROFILE)
        continue;
      g_assert_true (cn_store_save_answer (store, referential, id, question->id, choices, &error));
    }
  g_assert_true (cn_store_complete_diagnostic (store, referential, id, &error));
  g_assert_no_error (error);
  return id;
}

static void
test_going_further (Fixture       *f,
                    gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autoptr(CnCompany) company = add_retailer (f, "Chaussures Lenôtre");
  g_autoptr(CnReferential) referential = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, NULL);
  g_autofree char *diagnostic_id = complete_diagnostic (f, cn_company_get_id (company), referential);
  g_autoptr(CnDiagnostic) diagnostic = cn_store_load_diagnostic (store, diagnostic_id, NULL);
  g_autoptr(CnScore) score = cn_score_compute (referential, diagnostic->answers);
  g_autoptr(GPtrArray) action_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) resources = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_auto(GStrv) weakest = cn_score_weakest_dimensions (score);
  g_autoptr(GError) error = NULL;
  const CnTestimony *testimony;
  const CnResource *first;
  CnDiagnosticWindow *window;
  GtkWidget *group, *row, *add;

  /* What the page should propose, as the plan computes it. */
  for (guint r = 0; r < score->rules->len; r++)
    g_ptr_array_add (action_ids, ((const CnRule *) score->rules->pdata[r])->action.id);
  g_ptr_array_add (action_ids, NULL);
  testimony = cn_catalogue_match_testimony (catalogue (f), company, score->size, cn_score_get_level_number (score),
                                            (const char *const *) action_ids->pdata);
  resources = cn_catalogue_match_resources (catalogue (f), (const char *const *) weakest,
                                            cn_score_get_level_number (score), 3);
  /* A shop: the catalogue has peers in retail, and resources for all. */
  g_assert_nonnull (testimony);
  g_assert_cmpuint (resources->len, >=, 2);

  window = cn_diagnostic_window_open (GTK_WINDOW (f->window), store, diagnostic_id, &error);
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 860);
  iterate_for (300);
  g_assert_true (cn_diagnostic_window_is_showing_results (window));
  group = find_group (GTK_WIDGET (window), _("Going Further"));
  g_assert_nonnull (group);

  row = find_row (group, testimony->company);
  g_assert_nonnull (row);
  g_assert_true (has_label_containing (row, testimony->quote));
  for (guint i = 0; i < resources->len; i++)
    {
      const CnResource *resource = resources->pdata[i];

      row = find_row (group, resource->title);
      g_assert_nonnull (row);
      if (resource->publisher != NULL)
        g_assert_true (has_label_containing (row, resource->publisher));
      g_assert_true (has_label (row, resource->summary));
      g_assert_nonnull (find_button_with_label (row, _("Open")));
    }

  /* Recommended from here: stored, and the button says so. */
  first = resources->pdata[0];
  row = find_row (group, first->title);
  add = find_button_with_label (row, _("Add to Recommendations"));
  g_assert_nonnull (add);
  g_assert_true (gtk_widget_is_sensitive (add));
  g_signal_emit_by_name (add, "clicked");
  iterate_for (200);
  items = basket (f, cn_company_get_id (company));
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_true (basket_has (items, CN_BASKET_RESOURCE, first->id, NULL));
  g_assert_false (gtk_widget_is_sensitive (add));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (add)), ==, _("Added to the Recommendations"));

  assert_fits_narrow (GTK_WIDGET (window), "basket-diagnostic-going-further", scroll_to, group);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);
}

/* ---- the planned expense of a plan --------------------------------------------- */

static void
test_plan_expense (Fixture       *f,
                   gconstpointer  data)
{
  CnStore *store = cn_application_get_store (f->app);
  g_autoptr(CnCompany) company = add_retailer (f, "Chaussures Lenôtre");
  g_autoptr(CnReferential) referential = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, NULL);
  g_autofree char *diagnostic_id = complete_diagnostic (f, cn_company_get_id (company), referential);
  g_autofree char *pdf = g_build_filename (f->data_dir, "plan.pdf", NULL);
  g_autofree char *four_thousand = cn_format_euros (4000);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%d/%m/%Y");
  g_autofree char *issued = g_strdup_printf (_("This plan keeps the aids and prices of its first issue on %s."), today);
  g_autofree char *estimated = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnPlan) saved = NULL;
  CnPlanWindow *window;
  GtkWidget *group, *renew;
  GtkEditable *expense;

  window = cn_plan_window_open (GTK_WINDOW (f->window), store, diagnostic_id, &error);
  g_assert_no_error (error);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 860);
  iterate_for (300);
  group = find_group (GTK_WIDGET (window), _("Financial Aids"));
  g_assert_nonnull (group);
  expense = cn_plan_window_get_expense_entry (window);
  /* Nothing planned: the estimate from the prices is used, and said. */
  g_assert_cmpstr (gtk_editable_get_text (expense), ==, "");
  {
    gboolean is_estimate = FALSE;
    int estimate = cn_plan_get_expense (cn_plan_window_get_plan (window), catalogue (f), &is_estimate);
    g_autofree char *euros = cn_format_euros (estimate);

    g_assert_true (is_estimate);
    estimated = g_strdup_printf (_("Empty: the estimate from the actions’ prices, %s, is used."), euros);
  }
  g_assert_true (has_label (group, estimated));
  /* Not issued: no word of a kept catalogue. */
  g_assert_false (has_label (GTK_WIDGET (window), issued));

  type_text (expense, "8000");
  g_assert_false (has_label (group, estimated));
  g_assert_true (has_label (find_row (group, MODEL_AID), four_thousand));
  g_assert_null (find_row (group, "Chèque France Num"));
  /* Saved with the plan, as the note is. */
  g_assert_true (cn_plan_window_save (window, &error));
  saved = cn_store_get_plan (store, referential, diagnostic_id, &error);
  g_assert_cmpint (saved->planned_expense, ==, 8000);
  g_assert_null (saved->expense_kind);
  g_clear_pointer (&saved, cn_plan_free);
  adw_combo_row_set_selected (ADW_COMBO_ROW (cn_plan_window_get_kind_row (window)), 2);
  iterate_for (100);
  g_assert_true (cn_plan_window_save (window, &error));
  saved = cn_store_get_plan (store, referential, diagnostic_id, &error);
  g_assert_cmpstr (saved->expense_kind, ==, "investment");
  g_clear_pointer (&saved, cn_plan_free);

  /* Issued: the plan keeps that catalogue, and says since when. */
  g_assert_true (cn_plan_window_export (window, pdf, &error));
  g_assert_no_error (error);
  iterate_for (100);
  g_assert_true (has_label (GTK_WIDGET (window), issued));
  saved = cn_store_get_plan (store, referential, diagnostic_id, &error);
  g_assert_nonnull (saved->issued_catalogue);
  g_clear_pointer (&saved, cn_plan_free);
  assert_fits_narrow (GTK_WIDGET (window), "basket-plan-issued", NULL, NULL);
  assert_fits_narrow (GTK_WIDGET (window), "basket-plan-aids", scroll_to, group);

  /* The current catalogue again. */
  renew = find_button_with_label (GTK_WIDGET (window), _("Use the _Current Catalogue"));
  g_assert_nonnull (renew);
  g_signal_emit_by_name (renew, "clicked");
  iterate_for (200);
  saved = cn_store_get_plan (store, referential, diagnostic_id, &error);
  g_assert_null (saved->issued_catalogue);
  g_assert_cmpint (saved->planned_expense, ==, 8000);
  g_assert_false (has_label (GTK_WIDGET (window), issued));
  g_assert_true (has_label (find_row (group, MODEL_AID), four_thousand));
  g_assert_cmpstr (gtk_editable_get_text (cn_plan_window_get_expense_entry (window)), ==, "8000");

  /* Emptied: the estimate again. */
  type_text (cn_plan_window_get_expense_entry (window), "");
  g_assert_true (cn_plan_window_save (window, &error));
  g_clear_pointer (&saved, cn_plan_free);
  saved = cn_store_get_plan (store, referential, diagnostic_id, &error);
  g_assert_cmpint (saved->planned_expense, ==, -1);
  g_assert_true (has_label (group, estimated));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (100);
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

  g_test_add ("/ui-basket/aids", Fixture, NULL, fixture_setup, test_aids, fixture_teardown);
  g_test_add ("/ui-basket/basket", Fixture, NULL, fixture_setup, test_basket, fixture_teardown);
  g_test_add ("/ui-basket/employees", Fixture, NULL, fixture_setup, test_employees, fixture_teardown);
  g_test_add ("/ui-basket/going-further", Fixture, NULL, fixture_setup, test_going_further, fixture_teardown);
  g_test_add ("/ui-basket/plan-expense", Fixture, NULL, fixture_setup, test_plan_expense, fixture_teardown);
  return g_test_run ();
}
