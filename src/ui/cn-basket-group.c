/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-basket-group"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-application.h"
#include "cn-basket-chooser.h"
#include "cn-basket-group.h"
#include "cn-util.h"
#include "cn-widgets.h"
#include "cn-wrap-box.h"

struct _CnBasketGroup
{
  AdwPreferencesGroup parent_instance;

  CnStore   *store;
  char      *company_id;
  GPtrArray *rows;          /* what refresh removes */
};

G_DEFINE_FINAL_TYPE (CnBasketGroup, cn_basket_group, ADW_TYPE_PREFERENCES_GROUP)

static CnCatalogue *
app_catalogue (void)
{
  GApplication *app = g_application_get_default ();

  return CN_IS_APPLICATION (app) ? cn_application_get_catalogue (CN_APPLICATION (app)) : NULL;
}

static void
show_error (CnBasketGroup *self,
            GError        *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  cn_basket_show_add_error (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, error);
}

/* The name of an item as the group shows it. */
static char *
item_name (CnCatalogue  *catalogue,
           CnBasketKind  kind,
           const char   *item_id)
{
  const CnProvider *provider = kind == CN_BASKET_PROVIDER && catalogue ? cn_catalogue_find_provider (catalogue, item_id) : NULL;
  const CnResource *resource = kind == CN_BASKET_RESOURCE && catalogue ? cn_catalogue_find_resource (catalogue, item_id) : NULL;

  return g_strdup (provider ? provider->name : resource ? resource->title : item_id);
}

/* ---- removing, with undo -------------------------------------------------- */

typedef struct {
  char         *company_id;
  CnBasketItem *item;
} Removed;

static void
removed_free (Removed *removed)
{
  g_free (removed->company_id);
  cn_basket_item_free (removed->item);
  g_free (removed);
}

static void
on_undo_clicked (AdwToast      *toast,
                 CnBasketGroup *self)
{
  Removed *removed = g_object_get_data (G_OBJECT (toast), "cn-removed");
  g_autoptr(CnProviderLink) link = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (removed == NULL)
    return;
  /* A link declared since: refused, and the core says why. */
  if (removed->item->kind == CN_BASKET_PROVIDER &&
      (link = cn_store_get_provider_link (self->store, removed->item->item_id, NULL)) != NULL)
    ok = cn_store_basket_add (self->store, app_catalogue (), removed->company_id, removed->item->kind,
                              removed->item->item_id, removed->item->note, &error);
  else
    {
      /* Put back as it was, at its place in the list. */
      items = g_ptr_array_new ();
      g_ptr_array_add (items, removed->item);
      ok = cn_store_put_back_basket (self->store, removed->company_id, items, &error);
    }
  if (!ok)
    show_error (self, error);
  g_object_set_data (G_OBJECT (toast), "cn-removed", NULL);
  cn_basket_group_refresh (self);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CnBasketGroup *self = CN_BASKET_GROUP (widget);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  const char *kind_text, *item_id;
  CnBasketItem *found = NULL;
  guint found_index = 0;
  CnBasketKind kind;
  GtkWidget *overlay;
  Removed *removed;
  AdwToast *toast;

  g_variant_get (parameter, "(&s&s)", &kind_text, &item_id);
  if (self->company_id == NULL || !cn_basket_kind_from_string (kind_text, &kind))
    return;
  /* The note, to put it back with the item. */
  items = cn_store_list_basket (self->store, self->company_id, &error);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      CnBasketItem *item = items->pdata[i];

      if (item->kind == kind && g_str_equal (item->item_id, item_id))
        {
          found = item;
          found_index = i;
        }
    }
  if (found == NULL || !cn_store_basket_remove (self->store, self->company_id, kind, item_id, &error))
    {
      if (error != NULL)
        gtk_widget_activate_action (widget, "win.show-error", "s", error->message);
      cn_basket_group_refresh (self);
      return;
    }
  cn_basket_group_refresh (self);

  removed = g_new0 (Removed, 1);
  removed->company_id = g_strdup (self->company_id);
  removed->item = g_ptr_array_steal_index (items, found_index);
  name = item_name (app_catalogue (), kind, item_id);
  /* Translators: %s is a provider's name or a resource's title */
  title = g_strdup_printf (_("“%s” removed from the recommendations"), name);
  /* Toast titles are markup in libadwaita 1.2. */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "cn-removed", removed, (GDestroyNotify) removed_free);
  /* The toast lives in the window's overlay, out of reach of this group's
   * actions: its button calls back instead. */
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self, 0);
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

/* ---- adding --------------------------------------------------------------- */

static void
open_chooser (CnBasketGroup *self,
              CnBasketKind   kind)
{
  CnCatalogue *catalogue = app_catalogue ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  CnBasketChooser *chooser;

  if (self->company_id == NULL || catalogue == NULL)
    return;
  chooser = cn_basket_chooser_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store, catalogue,
                                   self->company_id, kind);
  g_signal_connect_object (chooser, "added", G_CALLBACK (cn_basket_group_refresh), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (chooser));
}

static void
add_provider_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_chooser (CN_BASKET_GROUP (widget), CN_BASKET_PROVIDER);
}

static void
add_resource_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_chooser (CN_BASKET_GROUP (widget), CN_BASKET_RESOURCE);
}

/* ---- the list ------------------------------------------------------------- */

static void
add_row (CnBasketGroup *self,
         GtkWidget     *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
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
item_row (CnBasketGroup *self,
          CnCatalogue   *catalogue,
          CnBasketItem  *item)
{
  const CnProvider *provider = NULL;
  const CnResource *resource = NULL;
  g_autoptr(CnProviderLink) link = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *name = item_name (catalogue, item->kind, item->item_id);
  g_autofree char *remove_label = NULL;
  GtkWidget *row, *button;

  if (item->kind == CN_BASKET_PROVIDER)
    {
      provider = catalogue ? cn_catalogue_find_provider (catalogue, item->item_id) : NULL;
      link = cn_store_get_provider_link (self->store, item->item_id, NULL);
      if (link != NULL)
        g_string_append (subtitle, _("Link declared: not printed in the plan"));
      if (provider != NULL)
        {
          g_autofree char *services = services_text (catalogue, provider);

          if (*services != '\0')
            g_string_append_printf (subtitle, "%s%s", subtitle->len ? "\n" : "", services);
        }
    }
  else
    {
      resource = catalogue ? cn_catalogue_find_resource (catalogue, item->item_id) : NULL;
      if (resource != NULL && resource->publisher != NULL)
        g_string_append (subtitle, resource->publisher);
    }
  if (provider == NULL && resource == NULL)
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? "\n" : "",
                            _("No longer in the catalogue: not printed in the plan"));
  if (item->note != NULL && *item->note != '\0')
    {
      /* Translators: the connector's note on a recommendation, quoted */
      g_autofree char *quoted = g_strdup_printf (_("“%s”"), item->note);

      g_string_append_printf (subtitle, "%s%s", subtitle->len ? "\n" : "", quoted);
    }

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (subtitle->len > 0)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 6);
  {
    GtkWidget *icon = gtk_image_new_from_icon_name (link != NULL ? "dialog-warning-symbolic"
                                                    : item->kind == CN_BASKET_PROVIDER ? "system-users-symbolic"
                                                    : "accessories-dictionary-symbolic");

    if (link != NULL)
      {
        gtk_widget_add_css_class (icon, "warning");
        gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Link declared"), -1);
      }
    else
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      item->kind == CN_BASKET_PROVIDER ? _("Provider") : _("Resource"), -1);
    adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  }

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Remove from the Recommendations"));
  /* Translators: %s is a provider's name or a resource's title */
  remove_label = g_strdup_printf (_("Remove %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "basket.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)",
                                    cn_basket_kind_to_string (item->kind), item->item_id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  g_object_set_data_full (G_OBJECT (row), "cn-item-id", g_strdup (item->item_id), g_free);
  return row;
}

void
cn_basket_group_refresh (CnBasketGroup *self)
{
  CnCatalogue *catalogue = app_catalogue ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gboolean can_add;

  g_return_if_fail (CN_IS_BASKET_GROUP (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  can_add = self->company_id != NULL && catalogue != NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "basket.add-provider", can_add);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "basket.add-resource", can_add);
  if (self->company_id == NULL)
    return;

  items = cn_store_list_basket (self->store, self->company_id, &error);
  if (items == NULL)
    {
      g_warning ("Cannot list the recommendations: %s", error->message);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    add_row (self, item_row (self, catalogue, items->pdata[i]));
  if (items->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing recommended yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Providers and resources added here are printed in the action plan."));
      gtk_widget_add_css_class (row, "dim-label");
      add_row (self, row);
    }
}

void
cn_basket_group_set_company (CnBasketGroup *self,
                             const char    *company_id)
{
  g_return_if_fail (CN_IS_BASKET_GROUP (self));

  cn_set_str (&self->company_id, company_id);
  cn_basket_group_refresh (self);
}

static void
cn_basket_group_finalize (GObject *object)
{
  CnBasketGroup *self = CN_BASKET_GROUP (object);

  g_clear_object (&self->store);
  g_free (self->company_id);
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (cn_basket_group_parent_class)->finalize (object);
}

static void
cn_basket_group_class_init (CnBasketGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cn_basket_group_finalize;

  gtk_widget_class_install_action (widget_class, "basket.add-provider", NULL, add_provider_action);
  gtk_widget_class_install_action (widget_class, "basket.add-resource", NULL, add_resource_action);
  gtk_widget_class_install_action (widget_class, "basket.remove", "(ss)", remove_action);
}

static void
cn_basket_group_init (CnBasketGroup *self)
{
  GtkWidget *buttons, *button;

  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Recommendations"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("Providers and resources you recommend, printed in the action plan"));

  /* Under the list; they wrap on a phone. */
  buttons = cn_wrap_box_new (12, 6);
  gtk_widget_set_margin_top (buttons, 12);
  button = cn_button_new_with_mnemonic (_("Add a _Provider…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "basket.add-provider");
  cn_wrap_box_append (CN_WRAP_BOX (buttons), button);
  button = cn_button_new_with_mnemonic (_("Add a _Resource…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "basket.add-resource");
  cn_wrap_box_append (CN_WRAP_BOX (buttons), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), buttons);
}

static void
on_catalogue_changed (CnBasketGroup *self)
{
  cn_basket_group_refresh (self);
}

GtkWidget *
cn_basket_group_new (CnStore *store)
{
  CnBasketGroup *self;
  GApplication *app = g_application_get_default ();

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_BASKET_GROUP, NULL);
  self->store = g_object_ref (store);
  if (CN_IS_APPLICATION (app))
    g_signal_connect_object (app, "catalogue-changed", G_CALLBACK (on_catalogue_changed), self, G_CONNECT_SWAPPED);
  cn_basket_group_refresh (self);
  return GTK_WIDGET (self);
}
