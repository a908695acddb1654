/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-application"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-application.h"
#include "cn-credentials.h"
#include "cn-privacy-dialogs.h"
#include "cn-preferences-window.h"
#include "cn-window.h"

struct _CnApplication
{
  AdwApplication parent_instance;

  CnStore *store;
  /* One sync with the platform per application, whatever the windows. */
  CnSyncEngine *sync_engine;
  GSettings *settings;
  GCancellable *token_lookup;
  gboolean token_in_keyring;    /* FALSE: for this session only */
  /* One catalogue for every window, loaded on first use. */
  CnCatalogue *catalogue;
  gboolean catalogue_failed;    /* said once: not asked again */
};

G_DEFINE_FINAL_TYPE (CnApplication, cn_application, ADW_TYPE_APPLICATION)

enum {
  CATALOGUE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

CnStore *
cn_application_get_store (CnApplication *self)
{
  return self->store;
}

CnSyncEngine *
cn_application_get_sync_engine (CnApplication *self)
{
  g_return_val_if_fail (CN_IS_APPLICATION (self), NULL);
  return self->sync_engine;
}

/* ---- catalogue -------------------------------------------------------- */

char *
cn_application_get_catalogue_dir (CnApplication *self)
{
  g_autofree char *data_dir = NULL;

  g_return_val_if_fail (CN_IS_APPLICATION (self), NULL);
  if (self->store == NULL)
    return NULL;
  data_dir = g_path_get_dirname (cn_store_get_path (self->store));
  return g_build_filename (data_dir, "catalogue", NULL);
}

CnCatalogue *
cn_application_get_catalogue (CnApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user_dir = NULL;

  g_return_val_if_fail (CN_IS_APPLICATION (self), NULL);
  if (self->catalogue != NULL || self->catalogue_failed)
    return self->catalogue;
  user_dir = cn_application_get_catalogue_dir (self);
  self->catalogue = cn_catalogue_load (user_dir, &error);
  if (self->catalogue == NULL)
    {
      /* The shipped catalogue is compiled in and always loads: this is a
       * broken build.  Said once, not at every view that asks. */
      GtkWidget *dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                                  _("The catalogue cannot be loaded"), NULL);

      self->catalogue_failed = TRUE;
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  return self->catalogue;
}

void
cn_application_reload_catalogue (CnApplication *self)
{
  g_return_if_fail (CN_IS_APPLICATION (self));

  /* Open plans keep the catalogue they were made with (a reference). */
  g_clear_pointer (&self->catalogue, cn_catalogue_unref);
  self->catalogue_failed = FALSE;
  cn_application_get_catalogue (self);
  g_signal_emit (self, signals[CATALOGUE_CHANGED], 0);
}

/* ---- sync ------------------------------------------------------------- */

static void
on_token_found (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CnApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = cn_credentials_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->token_lookup);
  if (error != NULL)
    {
      /* No keyring (no Secret Service on the bus): the connector signs in
       * again from the preferences, and the state line says so. */
      g_message ("Cannot read the platform token from the keyring: %s", error->message);
      return;
    }
  if (self->sync_engine == NULL)
    return;
  self->token_in_keyring = token != NULL;
  cn_sync_engine_set_token (self->sync_engine, token);
  if (token != NULL)
    cn_sync_engine_sync_now (self->sync_engine);
}

/* The token belongs to one platform address: read the one for the
 * address set now, and forget the previous one meanwhile. */
static void
lookup_token (CnApplication *self)
{
  const char *url = cn_sync_engine_get_url (self->sync_engine);

  if (self->token_lookup != NULL)
    g_cancellable_cancel (self->token_lookup);
  g_clear_object (&self->token_lookup);
  cn_sync_engine_set_token (self->sync_engine, NULL);
  if (url == NULL)
    return;
  self->token_lookup = g_cancellable_new ();
  cn_credentials_lookup_async (url, self->token_lookup, on_token_found, g_object_ref (self));
}

static void
apply_platform_url (CnApplication *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "platform-url");
  g_autofree char *before = g_strdup (cn_sync_engine_get_url (self->sync_engine));
  g_autoptr(GError) error = NULL;

  g_strstrip (url);
  /* The preferences check the address before saving it; one edited
   * elsewhere (dconf) and refused leaves sync unconfigured. */
  if (!cn_sync_engine_set_url (self->sync_engine, url, &error))
    {
      g_warning ("Platform address ignored: %s", error->message);
      cn_sync_engine_set_url (self->sync_engine, NULL, NULL);
    }
  if (g_strcmp0 (before, cn_sync_engine_get_url (self->sync_engine)) != 0 || before == NULL)
    lookup_token (self);
}

static void
on_settings_changed (GSettings     *settings,
                     const char    *key,
                     CnApplication *self)
{
  if (g_str_equal (key, "platform-url"))
    apply_platform_url (self);
  else if (g_str_equal (key, "sync-interval"))
    cn_sync_engine_set_interval (self->sync_engine, g_settings_get_uint (settings, "sync-interval"));
}

static void
start_sync_engine (CnApplication *self)
{
  self->sync_engine = cn_sync_engine_new (self->store);
  cn_sync_engine_set_network_monitor (self->sync_engine, g_network_monitor_get_default ());
  cn_sync_engine_set_interval (self->sync_engine, g_settings_get_uint (self->settings, "sync-interval"));
  apply_platform_url (self);
  g_signal_connect (self->settings, "changed", G_CALLBACK (on_settings_changed), self);
}

void
cn_application_sign_in (CnApplication *self,
                        const char    *token,
                        gboolean       in_keyring)
{
  g_return_if_fail (CN_IS_APPLICATION (self));

  if (self->sync_engine == NULL)
    return;
  /* A token typed now wins over one still being read from the keyring. */
  if (self->token_lookup != NULL)
    g_cancellable_cancel (self->token_lookup);
  g_clear_object (&self->token_lookup);
  self->token_in_keyring = token != NULL && in_keyring;
  cn_sync_engine_set_token (self->sync_engine, token);
  if (token != NULL)
    cn_sync_engine_sync_now (self->sync_engine);
}

gboolean
cn_application_get_token_in_keyring (CnApplication *self)
{
  g_return_val_if_fail (CN_IS_APPLICATION (self), FALSE);
  return self->token_in_keyring;
}

static void
open_preferences (CnApplication *self,
                  gboolean       platform)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CnPreferencesWindow *prefs;

  if (self->store == NULL)
    return;
  prefs = cn_preferences_window_new (self->store);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  if (platform)
    cn_preferences_window_show_platform (prefs);
  gtk_window_present (GTK_WINDOW (prefs));
}

/* "Sync now": what cannot sync yet opens the place where it is set up. */
static void
on_sync (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  CnApplication *self = user_data;

  if (self->sync_engine == NULL)
    return;
  switch (cn_sync_engine_get_state (self->sync_engine))
    {
    case CN_SYNC_STATE_NOT_CONFIGURED:
    case CN_SYNC_STATE_NEEDS_TOKEN:
      open_preferences (self, TRUE);
      break;
    case CN_SYNC_STATE_IDLE:
    case CN_SYNC_STATE_SYNCING:
    case CN_SYNC_STATE_OFFLINE:
    case CN_SYNC_STATE_ERROR:
    default:
      cn_sync_engine_sync_now (self->sync_engine);
      break;
    }
}

static void
on_platform_preferences (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  open_preferences (user_data, TRUE);
}

/* Without its database the app has nothing to show: say why, plainly, and
 * leave the file alone. */
static void
show_store_error (CnApplication *self,
                  const char    *message)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, _("The portfolio cannot be opened"), NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cn_application_activate (GApplication *app)
{
  CnApplication *self = CN_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL && self->store == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->store = cn_store_open (NULL, &error);
      if (self->store == NULL)
        {
          show_store_error (self, error->message);
          return;
        }
      start_sync_engine (self);
    }

  if (window == NULL)
    {
      window = GTK_WINDOW (cn_window_new (self, self->store));
      /* Closed companies past the retention period, proposed once per start. */
      cn_privacy_check_retention (window, self->store);
    }
  gtk_window_present (window);
}

static void
on_quit (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
on_about (GSimpleAction *action,
          GVariant      *parameter,
          gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "Croissance Connectée", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Connecteur"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", "Croissance Connectée",
                         "developers", developers,
                         "comments", _("Follow the small businesses you coach on their digital transformation: portfolio, diagnostics, action plans and reports."),
                         "website", "https://github.com/croissanceconnectee/connecteur",
                         "issue-url", "https://github.com/croissanceconnectee/connecteur/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 Croissance Connectée",
                         /* Translators: your name and email, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* The Mallard guide, installed by help/meson.build. Run uninstalled, yelp
 * may not find it: it says so itself. */
static void
on_help (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_uri (parent, "help:connecteur", GDK_CURRENT_TIME);
}

static void
on_preferences (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  open_preferences (user_data, FALSE);
}

static void
cn_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", on_quit },
    { "about", on_about },
    { "preferences", on_preferences },
    { "help", on_help },
    { "sync", on_sync },
    { "platform-preferences", on_platform_preferences },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "F1", NULL };
  static const char *sync_accels[] = { "<Control>r", NULL };
  GtkApplication *gtk_app = GTK_APPLICATION (app);

  G_APPLICATION_CLASS (cn_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (gtk_app, "app.quit", quit_accels);
  gtk_application_set_accels_for_action (gtk_app, "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (gtk_app, "app.help", help_accels);
  gtk_application_set_accels_for_action (gtk_app, "app.sync", sync_accels);
  {
    const char *search[] = { "<Control>f", NULL };
    const char *add[] = { "<Control>n", NULL };
    const char *import[] = { "<Control>o", NULL };
    const char *export[] = { "<Control><Shift>s", NULL };
    const char *edit[] = { "<Control>e", NULL };
    const char *appointment[] = { "<Control><Shift>n", NULL };
    const char *agenda[] = { "<Alt>1", NULL };
    gtk_application_set_accels_for_action (gtk_app, "win.search", search);
    gtk_application_set_accels_for_action (gtk_app, "win.new-appointment", appointment);
    gtk_application_set_accels_for_action (gtk_app, "win.show-section('agenda')", agenda);
    gtk_application_set_accels_for_action (gtk_app, "win.new-company", add);
    gtk_application_set_accels_for_action (gtk_app, "win.import-csv", import);
    gtk_application_set_accels_for_action (gtk_app, "win.export-csv", export);
    gtk_application_set_accels_for_action (gtk_app, "win.edit-company", edit);
  }
}

static void
cn_application_finalize (GObject *object)
{
  CnApplication *self = CN_APPLICATION (object);

  g_clear_pointer (&self->catalogue, cn_catalogue_unref);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (cn_application_parent_class)->finalize (object);
}

static void
cn_application_dispose (GObject *object)
{
  CnApplication *self = CN_APPLICATION (object);

  if (self->token_lookup != NULL)
    g_cancellable_cancel (self->token_lookup);
  g_clear_object (&self->token_lookup);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->sync_engine);
  G_OBJECT_CLASS (cn_application_parent_class)->dispose (object);
}

static void
cn_application_class_init (CnApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cn_application_dispose;
  G_OBJECT_CLASS (klass)->finalize = cn_application_finalize;
  app_class->activate = cn_application_activate;
  app_class->startup = cn_application_startup;

  /* A newer catalogue file was imported: the catalogue was loaded again. */
  signals[CATALOGUE_CHANGED] = g_signal_new ("catalogue-changed",
                                             G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);
}

static void
cn_application_init (CnApplication *self)
{
  self->settings = g_settings_new (APP_ID);
}

CnApplication *
cn_application_new (void)
{
  return g_object_new (CN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/croissanceconnectee/Connecteur",
                       NULL);
}
