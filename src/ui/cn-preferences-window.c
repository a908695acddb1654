/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-preferences-window.h"

struct _CnPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (CnPreferencesWindow, cn_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
cn_preferences_window_finalize (GObject *object)
{
  CnPreferencesWindow *self = CN_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
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

/* A text setting edited in place (addresses, the connector's details). */
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
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("On the Action Plans"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("How companies can reach you: printed on every plan you issue."));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), url_row (self, _("Name"), "connector-name"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), url_row (self, _("Organisation"), "connector-organisation"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), url_row (self, _("E-mail"), "connector-email"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), url_row (self, _("Phone"), "connector-phone"));
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
  return self;
}
