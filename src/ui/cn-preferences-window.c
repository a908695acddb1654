/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-preferences-window"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "cn-application.h"
#include "cn-basket.h"
#include "cn-catalogue.h"
#include "cn-credentials.h"
#include "cn-error.h"
#include "cn-geo.h"
#include "cn-privacy-dialogs.h"
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
  /* The platform: its address, and the connector's token.  The token
   * only passes through the password row on its way to the keyring. */
  CnSyncEngine *engine;
  GtkWidget *url_row, *url_error;
  GtkWidget *account_row, *token_row, *sign_in_button, *sign_out_button, *account_error;
  gboolean   busy;
  gboolean   disposed;
  /* The catalogue: its parts' versions, and the links declared. */
  GtkWidget *versions_group, *links_group;
  GPtrArray *catalogue_rows;   /* what a refresh removes, with their group */
};

G_DEFINE_FINAL_TYPE (CnPreferencesWindow, cn_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
cn_preferences_window_dispose (GObject *object)
{
  CnPreferencesWindow *self = CN_PREFERENCES_WINDOW (object);

  /* A keyring call still running finishes without this window: closing
   * it must not lose a token on its way to the engine. */
  self->disposed = TRUE;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (cn_preferences_window_parent_class)->dispose (object);
}

static void
cn_preferences_window_finalize (GObject *object)
{
  CnPreferencesWindow *self = CN_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->catalogue_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (cn_preferences_window_parent_class)->finalize (object);
}

static void
cn_preferences_window_class_init (CnPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cn_preferences_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = cn_preferences_window_finalize;
}

static void
cn_preferences_window_init (CnPreferencesWindow *self)
{
  self->settings = g_settings_new (APP_ID);
  self->catalogue_rows = g_ptr_array_new ();
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

/* ---- the platform ------------------------------------------------------- */

static void
toast (CnPreferencesWindow *self,
       const char          *text)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

static void
show_label (GtkWidget  *label,
            const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_widget_set_visible (label, text != NULL);
}

static GtkWidget *
error_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  return label;
}

/* Whether the connector is signed in, and what the platform said about it. */
static void
update_account (CnPreferencesWindow *self)
{
  gboolean configured = self->engine != NULL && cn_sync_engine_get_url (self->engine) != NULL;
  gboolean signed_in = self->engine != NULL && cn_sync_engine_has_token (self->engine);
  CnSyncState state = self->engine ? cn_sync_engine_get_state (self->engine) : CN_SYNC_STATE_NOT_CONFIGURED;
  const char *title, *subtitle;

  if (!configured)
    {
      title = _("Not signed in");
      subtitle = _("Set the platform’s address above first.");
    }
  else if (signed_in && state == CN_SYNC_STATE_NEEDS_TOKEN)
    {
      /* The platform refused the token (expired, revoked). */
      title = _("Sign in again");
      subtitle = cn_sync_engine_get_error_message (self->engine);
    }
  else if (signed_in)
    {
      GApplication *app = g_application_get_default ();

      title = _("Signed in");
      subtitle = CN_IS_APPLICATION (app) && !cn_application_get_token_in_keyring (CN_APPLICATION (app))
                 ? _("For this session only: the keyring could not keep your token.")
                 : _("Your token is kept in your keyring.");
    }
  else
    {
      title = _("Not signed in");
      subtitle = _("Paste the personal access token from your page on the platform’s web site.");
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->account_row), subtitle);
  gtk_widget_set_visible (self->sign_out_button, signed_in);
  gtk_widget_set_sensitive (self->sign_out_button, !self->busy);
  /* An address typed but not applied yet is applied by signing in. */
  configured = configured || *gtk_editable_get_text (GTK_EDITABLE (self->url_row)) != '\0';
  gtk_widget_set_sensitive (self->token_row, configured && !self->busy);
  gtk_widget_set_sensitive (self->sign_in_button,
                            configured && !self->busy &&
                            *gtk_editable_get_text (GTK_EDITABLE (self->token_row)) != '\0');
}

static void
on_engine_notify (CnSyncEngine        *engine,
                  GParamSpec          *pspec,
                  CnPreferencesWindow *self)
{
  update_account (self);
}

/* The address is checked before it is saved: the engine never gets one
 * that would send the token in clear. */
static void
apply_url (CnPreferencesWindow *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autoptr(GError) error = NULL;

  if (*url != '\0' && !cn_sync_check_url (url, &error))
    {
      gtk_widget_add_css_class (self->url_row, "error");
      show_label (self->url_error, error->message);
      return;
    }
  gtk_widget_remove_css_class (self->url_row, "error");
  show_label (self->url_error, NULL);
  g_settings_set_string (self->settings, "platform-url", url);
  update_account (self);
}

static void
on_url_changed (GtkEditable         *editable,
                CnPreferencesWindow *self)
{
  /* The message stays until the address is applied again. */
  gtk_widget_remove_css_class (self->url_row, "error");
  update_account (self);
}

static void
set_busy (CnPreferencesWindow *self,
          gboolean             busy)
{
  self->busy = busy;
  update_account (self);
}

static void
sign_in_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CnPreferencesWindow) self = user_data;
  g_autofree char *token = g_object_steal_data (G_OBJECT (self), "token");
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_get_default ();

  cn_credentials_store_finish (result, &error);
  if (CN_IS_APPLICATION (app))
    cn_application_sign_in (CN_APPLICATION (app), token, error == NULL);
  if (token != NULL)
    memset (token, 0, strlen (token));
  if (self->disposed)
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Your token could not be kept in the keyring (%s). It is used until Connecteur closes; you will have to sign in again next time."),
                                                  error->message);
      show_label (self->account_error, message);
      return;
    }
  show_label (self->account_error, NULL);
  toast (self, _("Signed in: syncing now"));
}

static void
sign_in (CnPreferencesWindow *self)
{
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));
  g_autofree char *saved = g_settings_get_string (self->settings, "platform-url");
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  const char *url;

  if (*token == '\0' || self->busy)
    return;
  /* The address in view is the one the token is for. */
  if (g_strcmp0 (saved, typed) != 0)
    {
      apply_url (self);
      if (gtk_widget_get_visible (self->url_error))
        return;
    }
  url = self->engine ? cn_sync_engine_get_url (self->engine) : NULL;
  if (url == NULL)
    return;
  /* Out of the row at once: never shown back, never left on screen. */
  gtk_editable_set_text (GTK_EDITABLE (self->token_row), "");
  show_label (self->account_error, NULL);
  set_busy (self, TRUE);
  cn_credentials_store_async (url, token, NULL, sign_in_done, g_object_ref (self));
  g_object_set_data_full (G_OBJECT (self), "token", g_steal_pointer (&token), g_free);
}

static void
sign_out_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CnPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  cn_credentials_clear_finish (result, &error);
  if (self->disposed)
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Your token could not be removed from the keyring (%s). Connecteur no longer uses it; remove it in Passwords and Keys."),
                                                  error->message);
      show_label (self->account_error, message);
      return;
    }
  show_label (self->account_error, NULL);
  toast (self, _("Signed out: your token was removed from this computer"));
}

static void
sign_out (CnPreferencesWindow *self)
{
  const char *url = self->engine ? cn_sync_engine_get_url (self->engine) : NULL;
  GApplication *app = g_application_get_default ();

  if (self->busy)
    return;
  /* Forgotten by the engine at once, whatever the keyring answers. */
  if (CN_IS_APPLICATION (app))
    cn_application_sign_in (CN_APPLICATION (app), NULL, FALSE);
  if (url == NULL)
    return;
  set_busy (self, TRUE);
  cn_credentials_clear_async (url, NULL, sign_out_done, g_object_ref (self));
}

void
cn_preferences_window_sign_in (CnPreferencesWindow *self)
{
  g_return_if_fail (CN_IS_PREFERENCES_WINDOW (self));
  sign_in (self);
}

void
cn_preferences_window_sign_out (CnPreferencesWindow *self)
{
  g_return_if_fail (CN_IS_PREFERENCES_WINDOW (self));
  sign_out (self);
}

gboolean
cn_preferences_window_is_busy (CnPreferencesWindow *self)
{
  g_return_val_if_fail (CN_IS_PREFERENCES_WINDOW (self), FALSE);
  return self->busy;
}

/* Where the platform is and who the connector is there. */
static GtkWidget *
platform_page (CnPreferencesWindow *self)
{
  GApplication *app = g_application_get_default ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group, *row, *spin;
  g_autofree char *url = g_settings_get_string (self->settings, "platform-url");

  if (CN_IS_APPLICATION (app) && cn_application_get_sync_engine (CN_APPLICATION (app)) != NULL)
    self->engine = g_object_ref (cn_application_get_sync_engine (CN_APPLICATION (app)));

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Platform"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "network-server-symbolic");
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (page), "platform");

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("National Platform"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Appointments, progress reports, diagnostics and awareness actions are sent to the platform, and leads come back from it, whenever a network is available."));
  self->url_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_row), _("Platform Address"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->url_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->url_row), TRUE);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->url_row), GTK_INPUT_PURPOSE_URL);
  /* Saved when applied (Enter or the tick), once checked. */
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (self->url_row), TRUE);
  g_signal_connect_swapped (self->url_row, "apply", G_CALLBACK (apply_url), self);
  g_signal_connect (self->url_row, "changed", G_CALLBACK (on_url_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->url_row);
  self->url_error = error_label ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->url_error);

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
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Your Account"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Your token stays in your keyring, never in a file. Signing out removes it from this computer."));
  self->account_row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->account_row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self->account_row), 0);
  self->sign_out_button = gtk_button_new_with_mnemonic (_("Sign _Out"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sign_out_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sign Out"), -1);
  gtk_widget_set_valign (self->sign_out_button, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->sign_out_button, "clicked", G_CALLBACK (sign_out), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->account_row), self->sign_out_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->account_row);

  self->token_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_row), _("Access Token"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->token_row), FALSE);
  self->sign_in_button = gtk_button_new_with_mnemonic (_("Sign _In"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sign_in_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sign In"), -1);
  gtk_widget_set_valign (self->sign_in_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->sign_in_button, "suggested-action");
  g_signal_connect_swapped (self->sign_in_button, "clicked", G_CALLBACK (sign_in), self);
  g_signal_connect_swapped (self->token_row, "entry-activated", G_CALLBACK (sign_in), self);
  g_signal_connect_swapped (self->token_row, "changed", G_CALLBACK (update_account), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self->token_row), self->sign_in_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->token_row);
  self->account_error = error_label ();
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->account_error);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  if (self->engine != NULL)
    g_signal_connect (self->engine, "notify", G_CALLBACK (on_engine_notify), self);
  update_account (self);
  return page;
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

/* ---- the catalogue ---------------------------------------------------- */

static CnCatalogue *
app_catalogue (void)
{
  GApplication *app = g_application_get_default ();

  return CN_IS_APPLICATION (app) ? cn_application_get_catalogue (CN_APPLICATION (app)) : NULL;
}

/* A stored UTC timestamp as the local day: "23/11/2026". */
static char *
format_day (const char *timestamp)
{
  g_autoptr(GDateTime) utc = timestamp ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup (timestamp ? timestamp : "");
  /* Translators: a day, see strftime(3); French: "%d/%m/%Y" */
  return g_date_time_format (local, _("%d/%m/%Y"));
}

static void
add_catalogue_row (CnPreferencesWindow *self,
                   GtkWidget           *group,
                   GtkWidget           *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_object_set_data (G_OBJECT (row), "cn-group", group);
  g_ptr_array_add (self->catalogue_rows, row);
}

static void refresh_catalogue (CnPreferencesWindow *self);

static void
on_withdraw_clicked (GtkButton           *button,
                     CnPreferencesWindow *self)
{
  const char *provider_id = g_object_get_data (G_OBJECT (button), "cn-provider");
  g_autoptr(GError) error = NULL;

  if (!cn_store_withdraw_provider_link (self->store, provider_id, &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("Link withdrawn"));
  refresh_catalogue (self);
}

static GtkWidget *
link_row (CnPreferencesWindow  *self,
          CnCatalogue          *catalogue,
          const CnProviderLink *link)
{
  const CnProvider *provider = catalogue ? cn_catalogue_find_provider (catalogue, link->provider_id) : NULL;
  const char *name = provider ? provider->name : link->provider_id;
  g_autofree char *day = format_day (link->declared_at);
  g_autoptr(GString) subtitle = g_string_new (cn_provider_link_kind_label (link->kind));
  /* Translators: accessible name of a button; %s is a provider's name */
  g_autofree char *button_name = g_strdup_printf (_("Withdraw the link with %s"), name);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Withdraw"));

  if (link->note != NULL && *link->note != '\0')
    g_string_append_printf (subtitle, " · %s", link->note);
  g_string_append (subtitle, " · ");
  /* Translators: %s is a date */
  g_string_append_printf (subtitle, _("declared on %s"), day);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, button_name, -1);
  gtk_widget_set_name (button, "withdraw-link");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "cn-provider", g_strdup (link->provider_id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_withdraw_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/* The parts' versions and the declared links, as they are now. */
static void
refresh_catalogue (CnPreferencesWindow *self)
{
  CnCatalogue *catalogue = app_catalogue ();
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->catalogue_rows->len; i++)
    {
      GtkWidget *row = self->catalogue_rows->pdata[i];

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (g_object_get_data (G_OBJECT (row), "cn-group")), row);
    }
  g_ptr_array_set_size (self->catalogue_rows, 0);

  for (CnCataloguePart part = 0; catalogue != NULL && part < CN_CATALOGUE_N_PARTS; part++)
    {
      GtkWidget *row = adw_action_row_new ();
      int version = cn_catalogue_get_version (catalogue, part);
      g_autofree char *name = g_strdup_printf ("catalogue-part-%s", cn_catalogue_part_member (part));
      g_autofree char *subtitle = cn_catalogue_is_imported (catalogue, part)
                                  /* Translators: the version of a part of the catalogue, imported by the connector */
                                  ? g_strdup_printf (_("Version %d, imported"), version)
                                  /* Translators: the version of a part of the catalogue, shipped with the app */
                                  : g_strdup_printf (_("Version %d, shipped"), version);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cn_catalogue_part_label (part));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (row, name);
      add_catalogue_row (self, self->versions_group, row);
    }

  links = cn_store_list_provider_links (self->store, &error);
  if (links == NULL || links->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     links == NULL && error ? error->message : _("No link declared"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "dim-label");
      add_catalogue_row (self, self->links_group, row);
      return;
    }
  for (guint i = 0; i < links->len; i++)
    add_catalogue_row (self, self->links_group, link_row (self, catalogue, links->pdata[i]));
}

static void
on_catalogue_changed (CnApplication       *application,
                      CnPreferencesWindow *self)
{
  refresh_catalogue (self);
}

gboolean
cn_preferences_window_import_file (CnPreferencesWindow *self,
                                   const char          *path)
{
  GApplication *app = g_application_get_default ();
  CnCatalogue *catalogue = app_catalogue ();
  g_autofree char *user_dir = CN_IS_APPLICATION (app) ? cn_application_get_catalogue_dir (CN_APPLICATION (app)) : NULL;
  g_autoptr(GError) error = NULL;
  CnCataloguePart part;
  int version = 0;

  g_return_val_if_fail (CN_IS_PREFERENCES_WINDOW (self), FALSE);

  if (catalogue == NULL || user_dir == NULL)
    g_set_error_literal (&error, CN_ERROR, CN_ERROR_NOT_FOUND, _("The catalogue in use could not be loaded."));
  else if (cn_catalogue_install_file (catalogue, user_dir, path, &part, &version, &error))
    {
      /* Translators: a part of the catalogue ("Financial aids") and its new version */
      g_autofree char *message = g_strdup_printf (_("%s updated to version %d"), cn_catalogue_part_label (part), version);

      /* The application loads it again; every view follows, this page too. */
      cn_application_reload_catalogue (CN_APPLICATION (app));
      toast (self, message);
      return TRUE;
    }
  {
    g_autofree char *name = g_path_get_basename (path);
    /* Translators: %s is a file name */
    g_autofree char *heading = g_strdup_printf (_("%s could not be imported"), name);
    GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);

    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
    gtk_window_present (GTK_WINDOW (dialog));
  }
  return FALSE;
}

static void
on_import_response (GtkNativeDialog     *chooser,
                    int                  response,
                    CnPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        cn_preferences_window_import_file (self, path);
    }
  g_object_unref (chooser);
}

static void
import_catalogue_file (CnPreferencesWindow *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Import a Catalogue File"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                                               _("_Import"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Catalogue files (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_pattern (filter, "*.JSON");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* What the catalogue holds, which versions, and the links declared with
 * its providers. */
static GtkWidget *
catalogue_page (CnPreferencesWindow *self)
{
  GApplication *app = g_application_get_default ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *button;

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Catalogue"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "accessories-dictionary-symbolic");
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (page), "catalogue");

  self->versions_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->versions_group), _("Catalogue Files"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->versions_group),
                                         _("Prices, aids, testimonies, resources and providers come with the app. A newer file published for the programme replaces the one in use; an older one is refused."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->versions_group));
  button = gtk_button_new_with_mnemonic (_("_Import a Catalogue File…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Import a Catalogue File…"), -1);
  gtk_widget_set_name (button, "import-catalogue");
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (button, 12);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (import_catalogue_file), self);

  self->links_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->links_group), _("Declared Links"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->links_group),
                                         _("The programme forbids recommending a provider you have capital or family links with: those you declare are never printed in a plan. Declare them from the providers of the catalogue."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->links_group));

  refresh_catalogue (self);
  /* After the rows, so that it stays below them. */
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->versions_group), button);
  if (CN_IS_APPLICATION (app))
    g_signal_connect_object (app, "catalogue-changed", G_CALLBACK (on_catalogue_changed), self, 0);
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
  GtkWidget *group, *row;
  g_autofree char *folder = g_path_get_dirname (cn_store_get_path (store));

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");
  adw_preferences_page_set_name (ADW_PREFERENCES_PAGE (page), "general");

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
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), cn_privacy_retention_row (self->settings, store));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (page));
  self->store = g_object_ref (store);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (platform_page (self)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (profile_page (self)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (catalogue_page (self)));
  return self;
}

void
cn_preferences_window_show_platform (CnPreferencesWindow *self)
{
  g_return_if_fail (CN_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), "platform");
}

void
cn_preferences_window_show_catalogue (CnPreferencesWindow *self)
{
  g_return_if_fail (CN_IS_PREFERENCES_WINDOW (self));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self), "catalogue");
}

GtkEditable *
cn_preferences_window_get_platform_entry (CnPreferencesWindow *self,
                                          CnPlatformEntry      entry)
{
  g_return_val_if_fail (CN_IS_PREFERENCES_WINDOW (self), NULL);
  return GTK_EDITABLE (entry == CN_PLATFORM_ENTRY_TOKEN ? self->token_row : self->url_row);
}

void
cn_preferences_window_apply_platform_url (CnPreferencesWindow *self)
{
  g_return_if_fail (CN_IS_PREFERENCES_WINDOW (self));
  apply_url (self);
}

const char *
cn_preferences_window_get_platform_error (CnPreferencesWindow *self)
{
  g_return_val_if_fail (CN_IS_PREFERENCES_WINDOW (self), NULL);
  return gtk_widget_get_visible (self->url_error) ? gtk_label_get_text (GTK_LABEL (self->url_error)) : NULL;
}
