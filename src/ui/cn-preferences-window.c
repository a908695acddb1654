/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-geo.h"
#include "cn-preferences-window.h"
#include "cn-profile.h"

struct _CnPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;
  CnStore   *store;
  /* The connector's profile, saved as each field is applied. */
  GtkWidget *name_row, *organisation_row, *email_row, *phone_row;
  GtkWidget *region_row, *kind_row, *expiry_row;
  gboolean   loading;
};

G_DEFINE_FINAL_TYPE (CnPreferencesWindow, cn_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
cn_preferences_window_finalize (GObject *object)
{
  CnPreferencesWindow *self = CN_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (cn_preferences_window_parent_class)->finalize (object);
}

static void
cn_preferences_window_class_init (CnPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cn_preferences_window_finalize;
}

static void
cn_preferences_window_init (CnPreferencesWindow *self)
{
  self->settings = g_settings_new (APP_ID);
}

/* A text setting edited in place (the addresses). */
static GtkWidget *
url_row (CnPreferencesWindow *self,
         const char          *title,
         const char          *key)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_enable_undo (GTK_EDITABLE (row), TRUE);
  g_settings_bind (self->settings, key, row, "text", G_SETTINGS_BIND_DEFAULT);
  return row;
}

static void
save_profile (CnPreferencesWindow *self)
{
  g_autoptr(CnProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  guint region = adw_combo_row_get_selected (ADW_COMBO_ROW (self->region_row));
  guint n_regions;
  const CnRegion *regions = cn_geo_regions (&n_regions);
  const char *expiry;

  if (self->loading)
    return;
  profile = cn_store_get_profile (self->store, &error);
  if (profile == NULL)
    goto fail;
  g_free (profile->name);
  profile->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  g_free (profile->organisation);
  profile->organisation = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->organisation_row)));
  g_free (profile->email);
  profile->email = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row)));
  g_free (profile->phone);
  profile->phone = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->phone_row)));
  g_free (profile->region);
  profile->region = region > 0 && region <= n_regions ? g_strdup (regions[region - 1].code) : NULL;
  profile->kind = adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row)) == 1 ? CN_CONNECTOR_LABELLED
                                                                                    : CN_CONNECTOR_CHARTER;
  expiry = gtk_editable_get_text (GTK_EDITABLE (self->expiry_row));
  g_free (profile->label_expires_on);
  profile->label_expires_on = *expiry ? g_strdup (expiry) : NULL;
  if (cn_store_save_profile (self->store, profile, &error))
    {
      gtk_widget_set_visible (self->expiry_row, profile->kind == CN_CONNECTOR_LABELLED);
      return;
    }

fail:
  {
    /* Toast titles are markup in libadwaita 1.2. */
    g_autofree char *escaped = g_markup_escape_text (error->message, -1);

    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
  }
}

static GtkWidget *
profile_entry (CnPreferencesWindow *self,
               const char          *title,
               const char          *value)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  /* Saved when applied (Enter or the tick), not at every keystroke. */
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_signal_connect_swapped (row, "apply", G_CALLBACK (save_profile), self);
  return row;
}

/* Who the connector is: printed on the plans, decides co-financing. */
static GtkWidget *
profile_page (CnPreferencesWindow *self)
{
  g_autoptr(CnProfile) profile = cn_store_get_profile (self->store, NULL);
  g_autoptr(GtkStringList) region_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group;
  guint n_regions;
  const CnRegion *regions = cn_geo_regions (&n_regions);

  if (profile == NULL)
    profile = cn_profile_new ();
  self->loading = TRUE;
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Profile"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "avatar-default-symbolic");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("You, on the Action Plans"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("How companies can reach you: printed on every plan you issue."));
  self->name_row = profile_entry (self, _("Name"), profile->name);
  self->organisation_row = profile_entry (self, _("Organisation"), profile->organisation);
  self->email_row = profile_entry (self, _("E-mail"), profile->email);
  self->phone_row = profile_entry (self, _("Phone"), profile->phone);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->name_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->organisation_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->email_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->phone_row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Connector"));
  gtk_string_list_append (region_names, _("Not set"));
  for (guint i = 0; i < n_regions; i++)
    gtk_string_list_append (region_names, regions[i].name);
  self->region_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->region_row), _("Region"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->region_row), G_LIST_MODEL (region_names));
  for (guint i = 0; profile->region && i < n_regions; i++)
    if (g_str_equal (regions[i].code, profile->region))
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->region_row), i + 1);
  g_signal_connect_swapped (self->region_row, "notify::selected", G_CALLBACK (save_profile), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->region_row);

  gtk_string_list_append (kinds, cn_connector_kind_label (CN_CONNECTOR_CHARTER));
  gtk_string_list_append (kinds, cn_connector_kind_label (CN_CONNECTOR_LABELLED));
  self->kind_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Kind"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row),
                               _("A labelled connector may ask for co-financing in progress reports"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->kind_row), G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row), profile->kind == CN_CONNECTOR_LABELLED ? 1 : 0);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (save_profile), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->kind_row);
  self->expiry_row = profile_entry (self, _("Label Expiry Date (YYYY-MM-DD)"), profile->label_expires_on);
  gtk_widget_set_visible (self->expiry_row, profile->kind == CN_CONNECTOR_LABELLED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->expiry_row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  self->loading = FALSE;
  return page;
}

CnPreferencesWindow *
cn_preferences_window_new (CnStore *store)
{
  CnPreferencesWindow *self = g_object_new (CN_TYPE_PREFERENCES_WINDOW,
                                            "modal", TRUE,
                                            "search-enabled", FALSE,
                                            "default-width", 560,
                                            "default-height", 520,
                                            NULL);
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group, *row, *spin;
  g_autofree char *folder = g_path_get_dirname (cn_store_get_path (store));

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("National Platform"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Appointments and progress reports are sent to this address when a network is available."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), url_row (self, _("Platform Address"), "platform-url"));

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Automatic Sync Interval"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("In minutes; 0 syncs only when you ask"));
  spin = gtk_spin_button_new_with_range (0, 1440, 5);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Automatic Sync Interval"), -1);
  g_settings_bind (self->settings, "sync-interval", spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Company Directory"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The public directory used to look companies up by name."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), url_row (self, _("Directory Address"), "registry-url"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Data"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("The portfolio is kept on this computer only, readable by your user account alone."));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Data Folder"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), folder);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
  self->store = g_object_ref (store);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (profile_page (self)));
  return self;
}
