/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-appointments-group"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-appointment-form.h"
#include "cn-appointments-group.h"
#include "cn-util.h"
#include "cn-widgets.h"

struct _CnAppointmentsGroup
{
  AdwPreferencesGroup parent_instance;

  CnStore   *store;
  char      *company_id;
  GPtrArray *rows;            /* what refresh removes */
  guint      n_rows;
  GtkWindow *open_form;       /* weak */
  GtkWidget *add_button;
};

G_DEFINE_FINAL_TYPE (CnAppointmentsGroup, cn_appointments_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  REPORT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A toast in the page's overlay; an error without one gets a dialog. */
static void
notify (CnAppointmentsGroup *self,
        const char          *message,
        gboolean             is_error)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    {
      /* Toast titles are markup in libadwaita 1.2. */
      g_autofree char *escaped = g_markup_escape_text (message, -1);

      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
    }
  else if (is_error)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  _("The appointment could not be changed"), NULL);

      /* Plain text: the message may quote the user's words. */
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), message);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
on_done (GtkWidget  *owner,
         gboolean    changed,
         const char *message,
         gboolean    is_error)
{
  CnAppointmentsGroup *self = CN_APPOINTMENTS_GROUP (owner);

  if (changed)
    cn_appointments_group_refresh (self);
  if (message != NULL)
    notify (self, message, is_error);
}

static void
add_row (CnAppointmentsGroup *self,
         GtkWidget           *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

void
cn_appointments_group_refresh (CnAppointmentsGroup *self)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  guint first_past, n_past = 0;

  g_return_if_fail (CN_IS_APPOINTMENTS_GROUP (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  self->n_rows = 0;
  gtk_widget_set_sensitive (self->add_button, self->company_id != NULL);
  if (self->company_id == NULL)
    return;

  list = cn_store_list_appointments (self->store, NULL, NULL, self->company_id, &error);
  if (list == NULL)
    {
      g_warning ("Cannot list appointments: %s", error->message);
      return;
    }

  /* By start time: the ones not over yet come last. */
  for (first_past = list->len; first_past > 0; first_past--)
    {
      CnAppointment *appointment = list->pdata[first_past - 1];

      if (strcmp (appointment->ends_at, now_text) <= 0)
        break;
    }
  /* Upcoming, soonest first… */
  for (guint i = first_past; i < list->len; i++)
    {
      CnAppointment *appointment = list->pdata[i];

      add_row (self, cn_appointment_row_new (appointment, NULL, cn_appointment_has_overlap (self->store, appointment)));
      self->n_rows++;
    }
  /* …then the last past ones, newest first. */
  for (guint i = first_past; i > 0 && n_past < CN_APPOINTMENTS_GROUP_MAX_PAST; i--, n_past++)
    {
      CnAppointment *appointment = list->pdata[i - 1];

      add_row (self, cn_appointment_row_new (appointment, NULL, FALSE));
      self->n_rows++;
    }

  if (list->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No appointment yet"));
      gtk_widget_add_css_class (row, "dim-label");
      add_row (self, row);
    }
}

void
cn_appointments_group_set_company (CnAppointmentsGroup *self,
                                   const char          *company_id)
{
  g_return_if_fail (CN_IS_APPOINTMENTS_GROUP (self));
  cn_set_str (&self->company_id, company_id);
  cn_appointments_group_refresh (self);
}

gboolean
cn_appointments_group_set_status (CnAppointmentsGroup *self,
                                  const char          *appointment_id,
                                  const char          *status)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CN_IS_APPOINTMENTS_GROUP (self), FALSE);

  if (!cn_store_set_appointment_status (self->store, appointment_id, status, &error))
    {
      notify (self, error->message, TRUE);
      cn_appointments_group_refresh (self);
      return FALSE;
    }
  cn_appointments_group_refresh (self);
  if (g_strcmp0 (status, "done") == 0)
    g_signal_emit (self, signals[REPORT_REQUESTED], 0, appointment_id);
  return TRUE;
}

guint
cn_appointments_group_get_n_rows (CnAppointmentsGroup *self)
{
  g_return_val_if_fail (CN_IS_APPOINTMENTS_GROUP (self), 0);
  return self->n_rows;
}

GtkWindow *
cn_appointments_group_get_open_form (CnAppointmentsGroup *self)
{
  g_return_val_if_fail (CN_IS_APPOINTMENTS_GROUP (self), NULL);
  return self->open_form;
}

/* ---- actions -------------------------------------------------------------- */

static void
on_form_saved (CnAppointmentsGroup *self,
               const char          *appointment_id)
{
  cn_appointments_group_refresh (self);
}

static void
open_form (CnAppointmentsGroup *self,
           const char          *appointment_id)
{
  CnAppointmentForm *form;

  if (self->company_id == NULL)
    return;
  form = cn_appointment_form_open (GTK_WIDGET (self), self->store, self->company_id, appointment_id,
                                   G_CALLBACK (on_form_saved));
  if (form == NULL)
    {
      notify (self, _("The appointment could not be opened"), TRUE);
      cn_appointments_group_refresh (self);
      return;
    }
  if (self->open_form)
    g_object_remove_weak_pointer (G_OBJECT (self->open_form), (gpointer *) &self->open_form);
  self->open_form = GTK_WINDOW (form);
  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *) &self->open_form);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_form (CN_APPOINTMENTS_GROUP (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_form (CN_APPOINTMENTS_GROUP (widget), g_variant_get_string (parameter, NULL));
}

static void
set_status_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  const char *id, *status;

  g_variant_get (parameter, "(&s&s)", &id, &status);
  cn_appointments_group_set_status (CN_APPOINTMENTS_GROUP (widget), id, status);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  cn_appointment_export_one (widget, CN_APPOINTMENTS_GROUP (widget)->store, g_variant_get_string (parameter, NULL), on_done);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CnAppointmentsGroup *self = CN_APPOINTMENTS_GROUP (widget);

  cn_appointment_confirm_delete (widget, self->store, g_variant_get_string (parameter, NULL), on_done);
}

/* ---- the class ------------------------------------------------------------- */

static void
cn_appointments_group_dispose (GObject *object)
{
  CnAppointmentsGroup *self = CN_APPOINTMENTS_GROUP (object);

  if (self->open_form)
    g_object_remove_weak_pointer (G_OBJECT (self->open_form), (gpointer *) &self->open_form);
  self->open_form = NULL;
  G_OBJECT_CLASS (cn_appointments_group_parent_class)->dispose (object);
}

static void
cn_appointments_group_finalize (GObject *object)
{
  CnAppointmentsGroup *self = CN_APPOINTMENTS_GROUP (object);

  g_clear_object (&self->store);
  g_free (self->company_id);
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (cn_appointments_group_parent_class)->finalize (object);
}

static void
cn_appointments_group_class_init (CnAppointmentsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_appointments_group_dispose;
  object_class->finalize = cn_appointments_group_finalize;

  /* An appointment was marked held: its progress report can be written. */
  signals[REPORT_REQUESTED] = g_signal_new ("report-requested",
                                            G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "appointments.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "appointment.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "appointment.set-status", "(ss)", set_status_action);
  gtk_widget_class_install_action (widget_class, "appointment.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "appointment.delete", "s", delete_action);
}

static void
cn_appointments_group_init (CnAppointmentsGroup *self)
{
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Appointments"));

  self->add_button = cn_icon_button_new ("list-add-symbolic", _("New Appointment"), "appointments.new");
  gtk_widget_add_css_class (self->add_button, "flat");
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), self->add_button);
}

GtkWidget *
cn_appointments_group_new (CnStore *store)
{
  CnAppointmentsGroup *self;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_APPOINTMENTS_GROUP, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (cn_appointments_group_refresh), self, G_CONNECT_SWAPPED);
  cn_appointments_group_refresh (self);
  return GTK_WIDGET (self);
}
