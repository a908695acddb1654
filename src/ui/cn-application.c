/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-application"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-application.h"
#include "cn-preferences-window.h"
#include "cn-window.h"

struct _CnApplication
{
  AdwApplication parent_instance;

  CnStore *store;
};

G_DEFINE_FINAL_TYPE (CnApplication, cn_application, ADW_TYPE_APPLICATION)

CnStore *
cn_application_get_store (CnApplication *self)
{
  return self->store;
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
    }

  if (window == NULL)
    window = GTK_WINDOW (cn_window_new (self, self->store));
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
  CnApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs = GTK_WINDOW (cn_preferences_window_new (self->store));

  gtk_window_set_transient_for (prefs, parent);
  gtk_window_present (prefs);
}

static void
cn_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", on_quit },
    { "about", on_about },
    { "preferences", on_preferences },
    { "help", on_help },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "F1", NULL };
  GtkApplication *gtk_app = GTK_APPLICATION (app);

  G_APPLICATION_CLASS (cn_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (gtk_app, "app.quit", quit_accels);
  gtk_application_set_accels_for_action (gtk_app, "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (gtk_app, "app.help", help_accels);
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

  g_clear_object (&self->store);
  G_OBJECT_CLASS (cn_application_parent_class)->finalize (object);
}

static void
cn_application_class_init (CnApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = cn_application_finalize;
  app_class->activate = cn_application_activate;
  app_class->startup = cn_application_startup;
}

static void
cn_application_init (CnApplication *self)
{
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
