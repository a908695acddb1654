/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-basket-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-basket-chooser.h"
#include "cn-error.h"
#include "cn-referential.h"
#include "cn-util.h"
#include "cn-widgets.h"
#include "cn-wrap-box.h"

struct _CnBasketChooser
{
  AdwWindow     parent_instance;

  CnStore      *store;
  CnCatalogue  *catalogue;
  char         *company_id;
  char         *region;          /* the company's, or NULL */
  CnBasketKind  kind;
  GPtrArray    *dimension_ids;   /* the drop-down's, after "All dimensions" */

  GtkWidget    *search;
  GtkWidget    *all_regions;     /* providers */
  GtkWidget    *dimension;       /* resources */
  GtkWidget    *list;
  GtkWidget    *placeholder;
  GtkWidget    *note;
};

G_DEFINE_FINAL_TYPE (CnBasketChooser, cn_basket_chooser, ADW_TYPE_WINDOW)

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
cn_basket_show_add_error (GtkWindow *parent,
                          GError    *error)
{
  gboolean conflict = g_error_matches (error, CN_ERROR, CN_ERROR_CONFLICT_OF_INTEREST);
  GtkWidget *dialog = adw_message_dialog_new (parent,
                                              conflict ? _("Cannot Recommend This Provider")
                                                       : _("The Recommendation Could Not Be Added"),
                                              NULL);

  /* Plain text: the message names the provider. */
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the rows ------------------------------------------------------------- */

static const CnProvider *
row_provider (CnBasketChooser *self,
              GtkListBoxRow   *row)
{
  return cn_catalogue_find_provider (self->catalogue, g_object_get_data (G_OBJECT (row), "cn-item-id"));
}

static const CnResource *
row_resource (CnBasketChooser *self,
              GtkListBoxRow   *row)
{
  return cn_catalogue_find_resource (self->catalogue, g_object_get_data (G_OBJECT (row), "cn-item-id"));
}

static gboolean
in_region (CnBasketChooser  *self,
           const CnProvider *provider)
{
  return self->region == NULL || cn_provider_matches (provider, NULL, NULL, self->region);
}

static char *
services_text (CnCatalogue      *catalogue,
               const CnProvider *provider)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; provider->services != NULL && i < provider->services->len; i++)
    {
      const CnProviderService *service = provider->services->pdata[i];
      const CnPrice *price = cn_catalogue_find_price (catalogue, service->price_ref);

      g_string_append_printf (text, "%s%s", text->len ? ", " : "", price ? price->label : service->price_ref);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
selected_mark (void)
{
  GtkWidget *mark = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_widget_set_visible (mark, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (mark), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Selected"), -1);
  return mark;
}

static GtkWidget *
item_row (const char *id,
          const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *mark = selected_mark ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), mark);
  g_object_set_data (G_OBJECT (row), "cn-mark", mark);
  g_object_set_data_full (G_OBJECT (row), "cn-item-id", g_strdup (id), g_free);
  return row;
}

static GtkWidget *
provider_row (CnBasketChooser  *self,
              const CnProvider *provider,
              gboolean          in_basket)
{
  g_autoptr(CnProviderLink) link = cn_store_get_provider_link (self->store, provider->id, NULL);
  g_autofree char *services = services_text (self->catalogue, provider);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *row;

  /* The refusal comes when it is chosen, saying why; the row warns first. */
  if (link != NULL)
    /* Translators: %s is "Capital links" or "Family links" */
    g_string_append_printf (subtitle, _("%s declared: cannot be recommended"),
                            cn_provider_link_kind_label (link->kind));
  if (provider->commune != NULL && *provider->commune != '\0')
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? "\n" : "", provider->commune);
  if (*services != '\0')
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? (provider->commune ? " · " : "\n") : "", services);
  if (provider->illustrative)
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? "\n" : "", _("A fictional example"));
  if (in_basket)
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? "\n" : "", _("Already recommended: adding again updates the note"));

  row = item_row (provider->id, provider->name, subtitle->str);
  if (link != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Link declared"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }
  return row;
}

static GtkWidget *
resource_row (CnBasketChooser  *self,
              const CnResource *resource,
              gboolean          in_basket)
{
  g_autoptr(GString) subtitle = g_string_new (resource->publisher ? resource->publisher : "");
  const char *kind = cn_resource_kind_label (resource->kind);

  if (kind != NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", kind);
  if (resource->duration != NULL && *resource->duration != '\0')
    g_string_append_printf (subtitle, " · %s", resource->duration);
  if (resource->free)
    g_string_append_printf (subtitle, " · %s", _("free"));
  if (resource->summary != NULL && *resource->summary != '\0')
    g_string_append_printf (subtitle, "\n%s", resource->summary);
  if (in_basket)
    g_string_append_printf (subtitle, "\n%s", _("Already recommended: adding again updates the note"));
  return item_row (resource->id, resource->title, subtitle->str);
}

/* ---- filtering ------------------------------------------------------------ */

static const char *
selected_dimension (CnBasketChooser *self)
{
  guint selected;

  if (self->dimension == NULL)
    return NULL;
  selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->dimension));
  return selected > 0 && selected <= self->dimension_ids->len ? self->dimension_ids->pdata[selected - 1] : NULL;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  CnBasketChooser *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));

  if (self->kind == CN_BASKET_PROVIDER)
    {
      const CnProvider *provider = row_provider (self, row);
      gboolean all = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->all_regions));

      return provider != NULL && cn_provider_matches (provider, text, NULL, all ? NULL : self->region);
    }
  else
    {
      const CnResource *resource = row_resource (self, row);

      return resource != NULL && cn_resource_matches (resource, text, selected_dimension (self), 0, NULL);
    }
}

/* With every region shown, the company's own come first; the file's order
 * otherwise. */
static int
sort_rows (GtkListBoxRow *a,
           GtkListBoxRow *b,
           gpointer       user_data)
{
  CnBasketChooser *self = user_data;
  int index_a = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (a), "cn-index"));
  int index_b = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (b), "cn-index"));

  if (self->kind == CN_BASKET_PROVIDER)
    {
      gboolean here_a = in_region (self, row_provider (self, a));
      gboolean here_b = in_region (self, row_provider (self, b));

      if (here_a != here_b)
        return here_a ? -1 : 1;
    }
  return index_a - index_b;
}

static void
update_placeholder (CnBasketChooser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));

  if (self->kind == CN_BASKET_PROVIDER && !gtk_check_button_get_active (GTK_CHECK_BUTTON (self->all_regions)))
    gtk_label_set_text (GTK_LABEL (self->placeholder),
                        *text ? _("No provider of the company’s region matches: try all regions.")
                              : _("No provider works in the company’s region: try all regions."));
  else
    gtk_label_set_text (GTK_LABEL (self->placeholder),
                        self->kind == CN_BASKET_PROVIDER ? _("No provider matches.") : _("No resource matches."));
}

static void
on_filter_changed (CnBasketChooser *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->list));

  gtk_list_box_invalidate_filter (GTK_LIST_BOX (self->list));
  gtk_list_box_invalidate_sort (GTK_LIST_BOX (self->list));
  /* What is no longer listed cannot stay chosen. */
  if (selected != NULL && !filter_row (selected, self))
    gtk_list_box_unselect_all (GTK_LIST_BOX (self->list));
  update_placeholder (self);
}

static void
on_selection_changed (CnBasketChooser *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->list));

  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *mark = g_object_get_data (G_OBJECT (row), "cn-mark");

      if (mark != NULL)
        gtk_widget_set_visible (mark, row == GTK_WIDGET (selected));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chooser.add", selected != NULL);
}

/* ---- adding --------------------------------------------------------------- */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CnBasketChooser *self = CN_BASKET_CHOOSER (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->list));
  g_autofree char *note = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  if (row == NULL)
    return;
  id = g_strdup (g_object_get_data (G_OBJECT (row), "cn-item-id"));
  note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note))));
  if (!cn_store_basket_add (self->store, self->catalogue, self->company_id, self->kind, id, note, &error))
    {
      /* The chooser stays open: another can be chosen. */
      cn_basket_show_add_error (GTK_WINDOW (self), error);
      return;
    }
  g_signal_emit (self, signals[ADDED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_row_activated (GtkListBox      *list,
                  GtkListBoxRow   *row,
                  CnBasketChooser *self)
{
  gtk_list_box_select_row (list, row);
}

/* ---- the window ----------------------------------------------------------- */

static void
cn_basket_chooser_finalize (GObject *object)
{
  CnBasketChooser *self = CN_BASKET_CHOOSER (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->catalogue, cn_catalogue_unref);
  g_free (self->company_id);
  g_free (self->region);
  g_clear_pointer (&self->dimension_ids, g_ptr_array_unref);
  G_OBJECT_CLASS (cn_basket_chooser_parent_class)->finalize (object);
}

static void
cn_basket_chooser_class_init (CnBasketChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cn_basket_chooser_finalize;

  /* The item just added; its id. */
  signals[ADDED] = g_signal_new ("added",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "chooser.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_basket_chooser_init (CnBasketChooser *self)
{
  self->dimension_ids = g_ptr_array_new_with_free_func (g_free);
}

static GHashTable *
basket_ids (CnBasketChooser *self)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) items = cn_store_list_basket (self->store, self->company_id, NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      CnBasketItem *item = items->pdata[i];

      if (item->kind == self->kind)
        g_hash_table_add (ids, g_strdup (item->item_id));
    }
  return ids;
}

static GtkWidget *
dimension_drop_down (CnBasketChooser *self)
{
  g_autoptr(CnReferential) referential = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, NULL);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *dropdown;

  gtk_string_list_append (labels, _("All Dimensions"));
  for (guint d = 0; referential != NULL && d < cn_referential_get_n_dimensions (referential); d++)
    {
      const CnDimension *dimension = cn_referential_get_dimension (referential, d);

      gtk_string_list_append (labels, dimension->title);
      g_ptr_array_add (self->dimension_ids, g_strdup (dimension->id));
    }
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
  cn_drop_down_set_name (dropdown, _("Dimension"));
  gtk_widget_set_tooltip_text (dropdown, _("Dimension of the diagnostic it helps with"));
  return dropdown;
}

CnBasketChooser *
cn_basket_chooser_new (GtkWindow    *parent,
                       CnStore      *store,
                       CnCatalogue  *catalogue,
                       const char   *company_id,
                       CnBasketKind  kind)
{
  CnBasketChooser *self;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GHashTable) in_basket = NULL;
  GtkWidget *box, *header, *title, *cancel, *add, *filters, *scrolled, *clamp, *inner, *group;
  gboolean providers = kind == CN_BASKET_PROVIDER;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (catalogue != NULL, NULL);
  g_return_val_if_fail (company_id != NULL, NULL);

  self = g_object_new (CN_TYPE_BASKET_CHOOSER,
                       "modal", TRUE,
                       "transient-for", parent,
                       "default-width", 560,
                       "default-height", 680,
                       "title", providers ? _("Add a Provider") : _("Add a Resource"),
                       NULL);
  self->store = g_object_ref (store);
  self->catalogue = cn_catalogue_ref (catalogue);
  self->company_id = g_strdup (company_id);
  self->kind = kind;
  company = cn_store_get_company (store, company_id, NULL);
  if (company != NULL && cn_company_get_region (company) != NULL)
    self->region = g_strdup (cn_company_get_region (company));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  title = adw_window_title_new (providers ? _("Add a Provider") : _("Add a Resource"),
                                company ? cn_company_get_name (company) : NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  cancel = cn_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  add = cn_button_new_with_mnemonic (_("_Add"));
  gtk_widget_add_css_class (add, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "chooser.add");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), add);
  gtk_box_append (GTK_BOX (box), header);

  inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (inner, 12);
  gtk_widget_set_margin_bottom (inner, 12);
  gtk_widget_set_margin_start (inner, 12);
  gtk_widget_set_margin_end (inner, 12);

  filters = cn_wrap_box_new (12, 6);
  self->search = gtk_search_entry_new ();
  gtk_widget_set_hexpand (self->search, TRUE);
  gtk_search_entry_set_key_capture_widget (GTK_SEARCH_ENTRY (self->search), GTK_WIDGET (self));
  g_object_set (self->search, "placeholder-text",
                providers ? _("Name, town or trade") : _("Title, publisher or subject"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  providers ? _("Search the providers") : _("Search the resources"), -1);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (on_filter_changed), self);
  cn_wrap_box_append (CN_WRAP_BOX (filters), self->search);
  if (providers)
    {
      self->all_regions = gtk_check_button_new_with_mnemonic (_("A_ll regions"));
      cn_widget_set_mnemonic_name (self->all_regions, _("A_ll regions"));
      gtk_widget_set_tooltip_text (self->all_regions, _("Also list the providers working in other regions"));
      /* Without a region, there is nothing to narrow to. */
      gtk_check_button_set_active (GTK_CHECK_BUTTON (self->all_regions), self->region == NULL);
      gtk_widget_set_sensitive (self->all_regions, self->region != NULL);
      g_signal_connect_swapped (self->all_regions, "toggled", G_CALLBACK (on_filter_changed), self);
      cn_wrap_box_append (CN_WRAP_BOX (filters), self->all_regions);
    }
  else
    {
      self->dimension = dimension_drop_down (self);
      g_signal_connect_swapped (self->dimension, "notify::selected", G_CALLBACK (on_filter_changed), self);
      cn_wrap_box_append (CN_WRAP_BOX (filters), self->dimension);
    }
  gtk_box_append (GTK_BOX (inner), filters);

  self->list = gtk_list_box_new ();
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_widget_set_valign (self->list, GTK_ALIGN_START);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_SINGLE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  providers ? _("Providers") : _("Resources"), -1);
  self->placeholder = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->placeholder), TRUE);
  gtk_widget_set_margin_top (self->placeholder, 18);
  gtk_widget_set_margin_bottom (self->placeholder, 18);
  gtk_widget_set_margin_start (self->placeholder, 12);
  gtk_widget_set_margin_end (self->placeholder, 12);
  gtk_widget_add_css_class (self->placeholder, "dim-label");
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->list), self->placeholder);
  in_basket = basket_ids (self);
  if (providers)
    for (guint i = 0; i < cn_catalogue_get_n_providers (catalogue); i++)
      {
        const CnProvider *provider = cn_catalogue_get_provider (catalogue, i);
        GtkWidget *row = provider_row (self, provider, g_hash_table_contains (in_basket, provider->id));

        g_object_set_data (G_OBJECT (row), "cn-index", GINT_TO_POINTER (i));
        gtk_list_box_append (GTK_LIST_BOX (self->list), row);
      }
  else
    for (guint i = 0; i < cn_catalogue_get_n_resources (catalogue); i++)
      {
        const CnResource *resource = cn_catalogue_get_resource (catalogue, i);
        GtkWidget *row = resource_row (self, resource, g_hash_table_contains (in_basket, resource->id));

        g_object_set_data (G_OBJECT (row), "cn-index", GINT_TO_POINTER (i));
        gtk_list_box_append (GTK_LIST_BOX (self->list), row);
      }
  gtk_list_box_set_filter_func (GTK_LIST_BOX (self->list), filter_row, self, NULL);
  gtk_list_box_set_sort_func (GTK_LIST_BOX (self->list), sort_rows, self, NULL);
  g_signal_connect_swapped (self->list, "selected-rows-changed", G_CALLBACK (on_selection_changed), self);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_list_box_unselect_all (GTK_LIST_BOX (self->list));
  gtk_box_append (GTK_BOX (inner), self->list);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), inner);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  /* The note stays in view under the list. */
  group = adw_preferences_group_new ();
  gtk_widget_set_margin_top (group, 6);
  gtk_widget_set_margin_bottom (group, 12);
  gtk_widget_set_margin_start (group, 12);
  gtk_widget_set_margin_end (group, 12);
  self->note = adw_entry_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->note), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->note), _("Note for the Plan (optional)"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->note);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), group);
  gtk_box_append (GTK_BOX (box), clamp);

  adw_window_set_content (ADW_WINDOW (self), box);
  on_filter_changed (self);
  on_selection_changed (self);
  gtk_widget_grab_focus (self->search);
  return self;
}

GtkEditable *
cn_basket_chooser_get_search_entry (CnBasketChooser *self)
{
  return GTK_EDITABLE (self->search);
}

GtkCheckButton *
cn_basket_chooser_get_all_regions (CnBasketChooser *self)
{
  return self->all_regions ? GTK_CHECK_BUTTON (self->all_regions) : NULL;
}

GtkDropDown *
cn_basket_chooser_get_dimension (CnBasketChooser *self)
{
  return self->dimension ? GTK_DROP_DOWN (self->dimension) : NULL;
}

GtkEditable *
cn_basket_chooser_get_note_entry (CnBasketChooser *self)
{
  return GTK_EDITABLE (self->note);
}

GStrv
cn_basket_chooser_get_shown_ids (CnBasketChooser *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row) && g_object_get_data (G_OBJECT (row), "cn-item-id"))
      g_strv_builder_add (ids, g_object_get_data (G_OBJECT (row), "cn-item-id"));
  return g_strv_builder_end (ids);
}

gboolean
cn_basket_chooser_select (CnBasketChooser *self,
                          const char      *item_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row) &&
        g_strcmp0 (g_object_get_data (G_OBJECT (row), "cn-item-id"), item_id) == 0)
      {
        g_signal_emit_by_name (self->list, "row-activated", row);
        return TRUE;
      }
  return FALSE;
}
