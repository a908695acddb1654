/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-sync-status"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-sync-status.h"
#include "cn-util.h"

/* "5 min ago" must not stay "just now" for an hour. */
#define REFRESH_SECONDS 30

struct _CnSyncStatus
{
  GtkBox parent_instance;

  CnSyncEngine *engine;
  guint refresh_source;
  GtkWidget *icon, *state_label, *last_label;
  GtkWidget *button, *button_label, *spinner;
};

G_DEFINE_FINAL_TYPE (CnSyncStatus, cn_sync_status, GTK_TYPE_BOX)

char *
cn_sync_describe_state (CnSyncEngine *engine,
                        const char  **icon_name)
{
  const char *icon = "emblem-ok-symbolic";
  const char *message = cn_sync_engine_get_error_message (engine);
  guint pending = cn_sync_engine_get_pending (engine);
  char *text;

  switch (cn_sync_engine_get_state (engine))
    {
    case CN_SYNC_STATE_SYNCING:
      icon = "emblem-synchronizing-symbolic";
      text = g_strdup (_("Syncing…"));
      break;
    case CN_SYNC_STATE_OFFLINE:
      icon = "network-offline-symbolic";
      text = g_strdup (_("Offline — changes will go when the network is back"));
      break;
    case CN_SYNC_STATE_ERROR:
      icon = "dialog-warning-symbolic";
      /* Translators: %s is the reason, from the platform or the network */
      text = message ? g_strdup_printf (_("Sync failed: %s"), message) : g_strdup (_("Sync failed"));
      break;
    case CN_SYNC_STATE_NEEDS_TOKEN:
      icon = "dialog-password-symbolic";
      text = g_strdup (_("Sign in to the platform to sync"));
      break;
    case CN_SYNC_STATE_NOT_CONFIGURED:
      icon = "network-server-symbolic";
      text = g_strdup (_("Sync with the platform is not set up"));
      break;
    case CN_SYNC_STATE_IDLE:
    default:
      if (pending > 0)
        {
          icon = "document-send-symbolic";
          text = g_strdup_printf (ngettext ("%u change waiting", "%u changes waiting", pending), pending);
        }
      else
        text = g_strdup (_("Synced"));
      break;
    }
  if (icon_name)
    *icon_name = icon;
  return text;
}

char *
cn_sync_describe_last_sync (const char *last_sync)
{
  g_autoptr(GDateTime) when = last_sync ? g_date_time_new_from_iso8601 (last_sync, NULL) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *ago = NULL;
  GTimeSpan span;

  if (when == NULL)
    return g_strdup (_("Never synced"));
  span = MAX (0, g_date_time_difference (now, when));
  if (span < G_TIME_SPAN_MINUTE)
    ago = g_strdup (_("just now"));
  else if (span < G_TIME_SPAN_HOUR)
    {
      guint minutes = span / G_TIME_SPAN_MINUTE;
      ago = g_strdup_printf (ngettext ("%u min ago", "%u min ago", minutes), minutes);
    }
  else if (span < G_TIME_SPAN_DAY)
    {
      guint hours = span / G_TIME_SPAN_HOUR;
      ago = g_strdup_printf (ngettext ("%u h ago", "%u h ago", hours), hours);
    }
  else
    {
      g_autofree char *date = cn_format_datetime_for_display (last_sync);
      /* Translators: %s is a date and time */
      ago = g_strdup_printf (_("on %s"), date);
    }
  /* Translators: %s is "5 min ago", "just now" or "on 23 November 2026…" */
  return g_strdup_printf (_("Last sync: %s"), ago);
}

static void
update (CnSyncStatus *self)
{
  const char *icon = NULL;
  g_autofree char *text = NULL;
  g_autofree char *last = NULL;
  CnSyncState state;

  if (self->engine == NULL)
    return;
  state = cn_sync_engine_get_state (self->engine);
  text = cn_sync_describe_state (self->engine, &icon);
  last = cn_sync_describe_last_sync (cn_sync_engine_get_last_sync (self->engine));
  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon);
  gtk_label_set_text (GTK_LABEL (self->state_label), text);
  /* The whole reason of an error, even when the line is cut. */
  gtk_widget_set_tooltip_text (self->state_label, text);
  gtk_label_set_text (GTK_LABEL (self->last_label), last);
  gtk_widget_set_visible (self->last_label, state != CN_SYNC_STATE_NOT_CONFIGURED ||
                                            cn_sync_engine_get_last_sync (self->engine) != NULL);

  gtk_widget_remove_css_class (self->state_label, "error");
  if (state == CN_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (self->state_label, "error");

  /* What cannot sync yet offers where it is set up (app.sync opens it). */
  if (state == CN_SYNC_STATE_NOT_CONFIGURED)
    gtk_label_set_text (GTK_LABEL (self->button_label), _("Set Up…"));
  else if (state == CN_SYNC_STATE_NEEDS_TOKEN)
    gtk_label_set_text (GTK_LABEL (self->button_label), _("Sign In…"));
  else
    gtk_label_set_text (GTK_LABEL (self->button_label), _("Sync"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (GTK_LABEL (self->button_label)), -1);
  gtk_widget_set_visible (self->spinner, state == CN_SYNC_STATE_SYNCING);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), state == CN_SYNC_STATE_SYNCING);
  gtk_widget_set_sensitive (self->button, state != CN_SYNC_STATE_SYNCING);
}

static void
on_engine_notify (CnSyncEngine *engine,
                  GParamSpec   *pspec,
                  CnSyncStatus *self)
{
  update (self);
}

static gboolean
refresh_cb (gpointer data)
{
  update (data);
  return G_SOURCE_CONTINUE;
}

const char *
cn_sync_status_get_text (CnSyncStatus *self)
{
  g_return_val_if_fail (CN_IS_SYNC_STATUS (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->state_label));
}

static void
cn_sync_status_dispose (GObject *object)
{
  CnSyncStatus *self = CN_SYNC_STATUS (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (cn_sync_status_parent_class)->dispose (object);
}

static void
cn_sync_status_class_init (CnSyncStatusClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cn_sync_status_dispose;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "cn-sync-status");
}

static void
cn_sync_status_init (CnSyncStatus *self)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 8);

  self->icon = gtk_image_new ();
  gtk_widget_set_valign (self->icon, GTK_ALIGN_START);
  /* The line says it in words. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
  gtk_box_append (GTK_BOX (line), self->icon);

  self->state_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->state_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->state_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (self->state_label), 4);
  gtk_label_set_ellipsize (GTK_LABEL (self->state_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->state_label), 0);
  /* A long reason wraps rather than widening the sidebar. */
  gtk_label_set_max_width_chars (GTK_LABEL (self->state_label), 24);
  gtk_widget_add_css_class (self->state_label, "cn-sync-state");
  gtk_box_append (GTK_BOX (texts), self->state_label);
  self->last_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->last_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->last_label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (self->last_label), 24);
  gtk_widget_add_css_class (self->last_label, "dim-label");
  gtk_widget_add_css_class (self->last_label, "caption");
  gtk_box_append (GTK_BOX (texts), self->last_label);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (line), texts);
  gtk_box_append (GTK_BOX (self), line);

  self->button = gtk_button_new ();
  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);
  self->button_label = gtk_label_new (_("Sync"));
  gtk_box_append (GTK_BOX (content), self->spinner);
  gtk_box_append (GTK_BOX (content), self->button_label);
  gtk_widget_set_halign (content, GTK_ALIGN_CENTER);
  gtk_button_set_child (GTK_BUTTON (self->button), content);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), "app.sync");
  gtk_widget_set_tooltip_text (self->button, _("Sync Now (Ctrl+R)"));
  gtk_box_append (GTK_BOX (self), self->button);
}

GtkWidget *
cn_sync_status_new (CnSyncEngine *engine)
{
  CnSyncStatus *self = g_object_new (CN_TYPE_SYNC_STATUS, NULL);

  if (engine == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return GTK_WIDGET (self);
    }
  self->engine = g_object_ref (engine);
  g_signal_connect (engine, "notify", G_CALLBACK (on_engine_notify), self);
  self->refresh_source = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
  update (self);
  return GTK_WIDGET (self);
}
