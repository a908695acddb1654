/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-appointment-form"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-appointment-form.h"
#include "cn-error.h"
#include "cn-util.h"

/* The picker lists at most this many companies; typing narrows it. */
#define MAX_PICKER_ROWS 100

static const char *const modes[] = { "on_site", "phone", "video" };

struct _CnAppointmentForm
{
  AdwWindow parent_instance;

  CnStore       *store;
  CnAppointment *appointment;   /* a copy being edited */
  gboolean       is_new;
  gboolean       fixed_company;
  char          *company_id;    /* chosen */
  char          *overlap_warning;
  char          *errors[CN_APPOINTMENT_FIELD_NOTES + 1];
  gboolean       touched[CN_APPOINTMENT_FIELD_NOTES + 1];
  gboolean       attempted;     /* Save was tried: every error shows */
  gboolean       updating;      /* the end follows the start */
  int            duration;      /* minutes, kept when the start moves */

  GtkWidget *save_button;
  GtkWidget *company_row, *company_button, *company_label, *company_popover, *search_entry, *company_list;
  GtkWidget *date_row, *start_row, *end_row, *mode_row, *location_row, *subject_row, *notes_view;
  GtkWidget *company_error, *when_error, *overlap_label, *details_error, *notes_error;
};

G_DEFINE_FINAL_TYPE (CnAppointmentForm, cn_appointment_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cn_appointment_form_finalize (GObject *object)
{
  CnAppointmentForm *self = CN_APPOINTMENT_FORM (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->appointment, cn_appointment_free);
  g_free (self->company_id);
  g_free (self->overlap_warning);
  for (guint i = 0; i < G_N_ELEMENTS (self->errors); i++)
    g_free (self->errors[i]);
  G_OBJECT_CLASS (cn_appointment_form_parent_class)->finalize (object);
}

static const char *
entry_text (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* ---- times ------------------------------------------------------------------ */

/* Minutes after midnight of "9:30", "09:30", "9h30", "9h" or "14.05";
 * -1 if it is none of these. */
static int
parse_clock (const char *text)
{
  const char *p = text;
  int hour = 0, minute = 0, digits = 0;

  while (g_ascii_isspace (*p))
    p++;
  for (; g_ascii_isdigit (*p) && digits < 2; p++, digits++)
    hour = hour * 10 + (*p - '0');
  if (digits == 0)
    return -1;
  if (*p == ':' || *p == 'h' || *p == 'H' || *p == '.')
    {
      gboolean h = *p == 'h' || *p == 'H';

      p++;
      if (!(h && (*p == '\0' || g_ascii_isspace (*p))))
        {
          if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
            return -1;
          minute = (p[0] - '0') * 10 + (p[1] - '0');
          p += 2;
        }
    }
  else if (digits == 2 && g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]))
    {
      /* "0930" */
      minute = (p[0] - '0') * 10 + (p[1] - '0');
      p += 2;
    }
  else
    return -1;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0' || hour > 23 || minute > 59)
    return -1;
  return hour * 60 + minute;
}

/* The stored UTC time of "HH:MM" on @date; NULL with the core's message
 * if it is not a time, or with no message if nothing was typed (the core
 * then says the time is missing). */
static char *
parse_field_time (const char  *date,
                  const char  *clock,
                  char       **message)
{
  g_autofree char *stripped = g_strstrip (g_strdup (clock));
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  int minutes = parse_clock (stripped);
  char *utc;

  *message = NULL;
  if (*stripped == '\0')
    return NULL;
  /* What was typed if it is not a clock time, so that the message names it. */
  if (minutes < 0)
    text = g_strdup_printf ("%sT%s", date, stripped);
  else
    text = g_strdup_printf ("%sT%02d:%02d", date, minutes / 60, minutes % 60);
  utc = cn_appointment_parse_time (text, &error);
  if (utc == NULL)
    *message = g_strdup (error->message);
  return utc;
}

/* ---- validation ----------------------------------------------------------- */

/* Checks one part of the appointment against the core's rules: every other
 * field of @candidate is a valid placeholder. */
static CnAppointmentField
core_check (CnAppointment  *candidate,
            char          **message)
{
  g_autoptr(GError) error = NULL;
  CnAppointmentField field = CN_APPOINTMENT_FIELD_NONE;

  if (cn_appointment_validate (candidate, &field, &error))
    return CN_APPOINTMENT_FIELD_NONE;
  *message = g_strdup (error->message);
  return field;
}

static CnAppointment *
placeholder (void)
{
  CnAppointment *candidate = cn_appointment_new ();

  candidate->company_id = g_strdup ("-");
  candidate->starts_at = g_strdup ("2000-01-03T10:00:00Z");
  candidate->ends_at = g_strdup ("2000-01-03T11:00:00Z");
  candidate->subject = g_strdup ("-");
  return candidate;
}

static void
set_error (CnAppointmentForm  *self,
           CnAppointmentField  field,
           char               *message)
{
  g_free (self->errors[field]);
  self->errors[field] = message;
}

static gboolean
error_shown (CnAppointmentForm  *self,
             CnAppointmentField  field)
{
  return self->errors[field] != NULL && (self->attempted || self->touched[field]);
}

static char *
notes_text (CnAppointmentForm *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->notes_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_messages (CnAppointmentForm *self,
               GtkWidget         *label,
               ...)
{
  g_autoptr(GString) text = g_string_new (NULL);
  va_list args;
  int field;

  va_start (args, label);
  while ((field = va_arg (args, int)) >= 0)
    if (error_shown (self, field))
      g_string_append_printf (text, "%s%s", text->len ? "\n" : "", self->errors[field]);
  va_end (args);
  gtk_label_set_text (GTK_LABEL (label), text->str);
  gtk_widget_set_visible (label, text->len > 0);
}

static void
mark_row (GtkWidget *row,
          gboolean   bad)
{
  if (bad)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
update_overlaps (CnAppointmentForm *self,
                 const char        *starts_at,
                 const char        *ends_at)
{
  g_autoptr(CnAppointment) candidate = cn_appointment_new ();
  g_autoptr(GPtrArray) overlaps = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  g_clear_pointer (&self->overlap_warning, g_free);
  if (starts_at != NULL && g_strcmp0 (self->appointment->status, "cancelled") != 0)
    {
      candidate->id = g_strdup (self->appointment->id);
      candidate->starts_at = g_strdup (starts_at);
      candidate->ends_at = g_strdup (ends_at);
      overlaps = cn_store_find_overlaps (self->store, candidate, &error);
      if (overlaps == NULL)
        g_warning ("Cannot look for overlaps: %s", error->message);
      for (guint i = 0; overlaps && i < overlaps->len; i++)
        {
          CnAppointment *other = overlaps->pdata[i];
          g_autoptr(CnCompany) company = cn_store_get_company (self->store, other->company_id, NULL);
          g_autofree char *start = cn_appointment_format_time (other->starts_at, "%H:%M");
          g_autofree char *end = cn_appointment_format_time (other->ends_at, "%H:%M");

          if (text->len)
            g_string_append_c (text, '\n');
          /* Translators: a warning in the appointment form: the other
           * appointment's subject, its company, its start and end times */
          g_string_append_printf (text, _("Overlaps “%s” with %s, %s–%s"), other->subject,
                                  company ? cn_company_get_name (company) : other->company_id, start, end);
        }
      if (text->len)
        self->overlap_warning = g_strdup (text->str);
    }
  gtk_label_set_text (GTK_LABEL (self->overlap_label), self->overlap_warning ? self->overlap_warning : "");
  gtk_widget_set_visible (self->overlap_label, self->overlap_warning != NULL);
}

/* Checks every field, shows the messages of the fields the user touched
 * (all of them once Save was tried) and the overlaps. */
static void
validate (CnAppointmentForm *self)
{
  g_autofree char *date = g_strstrip (g_strdup (entry_text (self->date_row)));
  g_autofree char *midnight = NULL;
  g_autofree char *starts_at = NULL;
  g_autofree char *ends_at = NULL;
  g_autofree char *notes = notes_text (self);
  g_autoptr(GError) error = NULL;
  gboolean date_bad = FALSE, valid = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (self->errors); i++)
    set_error (self, i, NULL);

  /* The day, then the times on that day. */
  midnight = cn_appointment_parse_day (date, 0, &error);
  if (midnight == NULL)
    {
      set_error (self, CN_APPOINTMENT_FIELD_STARTS_AT, g_strdup (error->message));
      date_bad = TRUE;
    }
  else
    {
      g_autoptr(CnAppointment) candidate = placeholder ();
      char *message = NULL;
      CnAppointmentField field;

      g_free (candidate->starts_at);
      candidate->starts_at = parse_field_time (date, entry_text (self->start_row), &message);
      if (message != NULL)
        set_error (self, CN_APPOINTMENT_FIELD_STARTS_AT, g_steal_pointer (&message));
      g_free (candidate->ends_at);
      candidate->ends_at = parse_field_time (date, entry_text (self->end_row), &message);
      if (message != NULL)
        set_error (self, CN_APPOINTMENT_FIELD_ENDS_AT, g_steal_pointer (&message));
      if (self->errors[CN_APPOINTMENT_FIELD_STARTS_AT] == NULL && self->errors[CN_APPOINTMENT_FIELD_ENDS_AT] == NULL)
        {
          /* Missing, or the end not after the start: the core says it. */
          field = core_check (candidate, &message);
          if (field != CN_APPOINTMENT_FIELD_NONE)
            set_error (self, field, message);
          else
            {
              starts_at = g_strdup (candidate->starts_at);
              ends_at = g_strdup (candidate->ends_at);
            }
        }
    }

  if (self->company_id == NULL)
    {
      g_autoptr(CnAppointment) candidate = placeholder ();
      char *message = NULL;

      cn_set_str (&candidate->company_id, NULL);
      if (core_check (candidate, &message) != CN_APPOINTMENT_FIELD_NONE)
        set_error (self, CN_APPOINTMENT_FIELD_COMPANY, message);
    }

  {
    g_autoptr(CnAppointment) candidate = placeholder ();
    char *message = NULL;
    CnAppointmentField field;

    cn_set_str (&candidate->subject, entry_text (self->subject_row));
    cn_set_str (&candidate->location, entry_text (self->location_row));
    cn_set_str (&candidate->notes, notes);
    field = core_check (candidate, &message);
    if (field != CN_APPOINTMENT_FIELD_NONE)
      set_error (self, field, message);
  }

  for (guint i = 0; i < G_N_ELEMENTS (self->errors); i++)
    if (self->errors[i] != NULL)
      valid = FALSE;

  /* The day and times are prefilled: their messages always show. */
  self->touched[CN_APPOINTMENT_FIELD_STARTS_AT] = TRUE;
  self->touched[CN_APPOINTMENT_FIELD_ENDS_AT] = TRUE;
  show_messages (self, self->company_error, CN_APPOINTMENT_FIELD_COMPANY, -1);
  show_messages (self, self->when_error, CN_APPOINTMENT_FIELD_STARTS_AT, CN_APPOINTMENT_FIELD_ENDS_AT, -1);
  show_messages (self, self->details_error, CN_APPOINTMENT_FIELD_SUBJECT, CN_APPOINTMENT_FIELD_LOCATION,
                 CN_APPOINTMENT_FIELD_MODE, CN_APPOINTMENT_FIELD_STATUS, CN_APPOINTMENT_FIELD_ORIGIN, -1);
  show_messages (self, self->notes_error, CN_APPOINTMENT_FIELD_NOTES, CN_APPOINTMENT_FIELD_NONE, -1);

  mark_row (self->date_row, date_bad);
  mark_row (self->start_row, !date_bad && self->errors[CN_APPOINTMENT_FIELD_STARTS_AT] != NULL);
  mark_row (self->end_row, self->errors[CN_APPOINTMENT_FIELD_ENDS_AT] != NULL);
  mark_row (self->subject_row, error_shown (self, CN_APPOINTMENT_FIELD_SUBJECT));
  mark_row (self->location_row, error_shown (self, CN_APPOINTMENT_FIELD_LOCATION));
  if (self->company_button)
    mark_row (self->company_button, error_shown (self, CN_APPOINTMENT_FIELD_COMPANY));

  update_overlaps (self, starts_at, ends_at);
  gtk_widget_set_sensitive (self->save_button, valid);
}

static void
on_changed (CnAppointmentForm *self,
            GtkWidget         *row)
{
  if (row == self->subject_row)
    self->touched[CN_APPOINTMENT_FIELD_SUBJECT] = TRUE;
  else if (row == self->location_row)
    self->touched[CN_APPOINTMENT_FIELD_LOCATION] = TRUE;
  validate (self);
}

static void
on_notes_changed (CnAppointmentForm *self)
{
  self->touched[CN_APPOINTMENT_FIELD_NOTES] = TRUE;
  validate (self);
}

/* Moving the start moves the end, keeping the duration (one hour for a new
 * appointment); changing the end changes the duration. */
static void
on_start_changed (CnAppointmentForm *self)
{
  int start = parse_clock (entry_text (self->start_row));

  if (start >= 0 && self->duration > 0 && start + self->duration < 24 * 60)
    {
      g_autofree char *end = g_strdup_printf ("%02d:%02d", (start + self->duration) / 60,
                                              (start + self->duration) % 60);

      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->end_row), end);
      self->updating = FALSE;
    }
  validate (self);
}

static void
on_end_changed (CnAppointmentForm *self)
{
  int start = parse_clock (entry_text (self->start_row));
  int end = parse_clock (entry_text (self->end_row));

  if (!self->updating && start >= 0 && end > start)
    self->duration = end - start;
  validate (self);
}

/* ---- the company picker -------------------------------------------------- */

static void
set_company (CnAppointmentForm *self,
             const char        *company_id)
{
  g_autoptr(CnCompany) company = NULL;

  cn_set_str (&self->company_id, company_id);
  if (company_id != NULL)
    company = cn_store_get_company (self->store, company_id, NULL);
  if (self->company_label != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->company_label),
                          company ? cn_company_get_name (company) : _("Choose…"));
      if (company)
        gtk_widget_remove_css_class (self->company_label, "dim-label");
      else
        gtk_widget_add_css_class (self->company_label, "dim-label");
    }
  else if (self->company_row != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->company_row),
                                 company ? cn_company_get_name (company) : company_id);
}

static void
fill_picker (CnAppointmentForm *self)
{
  g_autofree char *search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->company_list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->company_list), child);

  filter.search = *search ? search : NULL;
  rowids = cn_store_find_companies (self->store, &filter, &error);
  if (rowids == NULL)
    {
      g_warning ("Cannot list companies: %s", error->message);
      return;
    }
  for (guint i = 0; i < rowids->len && i < MAX_PICKER_ROWS; i++)
    {
      g_autoptr(CnCompany) company = cn_store_get_company_by_rowid (self->store,
                                                                   g_array_index (rowids, gint64, i), NULL);
      GtkWidget *label;

      if (company == NULL)
        continue;
      label = gtk_label_new (cn_company_get_name (company));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_list_box_append (GTK_LIST_BOX (self->company_list), label);
      g_object_set_data_full (G_OBJECT (gtk_widget_get_parent (label)), "company-id",
                              g_strdup (cn_company_get_id (company)), g_free);
    }
  if (rowids->len == 0 || rowids->len > MAX_PICKER_ROWS)
    {
      GtkWidget *label = gtk_label_new (rowids->len == 0 ? _("No company matches")
                                                         : _("Type a few letters to narrow the list"));
      GtkWidget *row;

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (GTK_LIST_BOX (self->company_list), label);
      row = gtk_widget_get_parent (label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
    }
}

static void
on_company_activated (GtkListBox        *list,
                      GtkListBoxRow     *row,
                      CnAppointmentForm *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "company-id");

  if (id == NULL)
    return;
  self->touched[CN_APPOINTMENT_FIELD_COMPANY] = TRUE;
  set_company (self, id);
  gtk_popover_popdown (GTK_POPOVER (self->company_popover));
  validate (self);
}

static void
on_search_activate (CnAppointmentForm *self)
{
  GtkListBoxRow *first;

  /* Enter may come before the search entry's delayed "search-changed". */
  fill_picker (self);
  first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->company_list), 0);
  if (first != NULL)
    on_company_activated (GTK_LIST_BOX (self->company_list), first, self);
}

static void
on_popover_show (CnAppointmentForm *self)
{
  fill_picker (self);
  gtk_widget_grab_focus (self->search_entry);
}

static GtkWidget *
company_picker (CnAppointmentForm *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Company"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  self->company_label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->company_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (self->company_label), 28);
  gtk_box_append (GTK_BOX (box), self->company_label);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("pan-down-symbolic"));

  self->search_entry = gtk_search_entry_new ();
  g_object_set (self->search_entry, "placeholder-text", _("Search companies"), NULL);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (fill_picker), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  gtk_box_append (GTK_BOX (content), self->search_entry);

  self->company_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->company_list), GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (self->company_list), TRUE);
  gtk_widget_add_css_class (self->company_list, "navigation-sidebar");
  g_signal_connect (self->company_list, "row-activated", G_CALLBACK (on_company_activated), self);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->company_list);
  gtk_widget_set_size_request (scrolled, 280, -1);
  gtk_box_append (GTK_BOX (content), scrolled);

  self->company_popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->company_popover), content);
  g_signal_connect_swapped (self->company_popover, "show", G_CALLBACK (on_popover_show), self);

  self->company_button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->company_button), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->company_button), self->company_popover);
  gtk_widget_set_valign (self->company_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->company_button, _("Choose the company"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->company_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose the company"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->company_button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->company_button);
  return row;
}

/* ---- saving ---------------------------------------------------------------- */

static void
on_save (CnAppointmentForm *self)
{
  cn_appointment_form_save (self);
}

gboolean
cn_appointment_form_save (CnAppointmentForm *self)
{
  g_autofree char *date = g_strstrip (g_strdup (entry_text (self->date_row)));
  g_autoptr(CnAppointment) appointment = cn_appointment_copy (self->appointment);
  g_autoptr(GError) error = NULL;
  CnAppointmentField field = CN_APPOINTMENT_FIELD_NONE;
  char *message = NULL;
  guint mode = adw_combo_row_get_selected (ADW_COMBO_ROW (self->mode_row));

  g_return_val_if_fail (CN_IS_APPOINTMENT_FORM (self), FALSE);

  self->attempted = TRUE;
  validate (self);
  if (!gtk_widget_get_sensitive (self->save_button))
    return FALSE;

  cn_set_str (&appointment->company_id, self->company_id);
  g_free (appointment->starts_at);
  appointment->starts_at = parse_field_time (date, entry_text (self->start_row), &message);
  g_free (message);
  g_free (appointment->ends_at);
  appointment->ends_at = parse_field_time (date, entry_text (self->end_row), &message);
  g_free (message);
  cn_set_str (&appointment->mode, mode < G_N_ELEMENTS (modes) ? modes[mode] : "on_site");
  cn_set_str (&appointment->location, entry_text (self->location_row));
  cn_set_str (&appointment->subject, entry_text (self->subject_row));
  g_free (appointment->notes);
  appointment->notes = notes_text (self);

  if (!cn_store_save_appointment (self->store, appointment, &field, &error))
    {
      /* A store failure (disk full…) shows in the form: nothing typed is lost. */
      set_error (self, field, g_strdup (error->message));
      show_messages (self, self->company_error, CN_APPOINTMENT_FIELD_COMPANY, -1);
      show_messages (self, self->when_error, CN_APPOINTMENT_FIELD_STARTS_AT, CN_APPOINTMENT_FIELD_ENDS_AT, -1);
      show_messages (self, self->details_error, CN_APPOINTMENT_FIELD_SUBJECT, CN_APPOINTMENT_FIELD_LOCATION,
                     CN_APPOINTMENT_FIELD_MODE, CN_APPOINTMENT_FIELD_STATUS, CN_APPOINTMENT_FIELD_ORIGIN, -1);
      show_messages (self, self->notes_error, CN_APPOINTMENT_FIELD_NOTES, CN_APPOINTMENT_FIELD_NONE, -1);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, appointment->id);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

/* ---- building ---------------------------------------------------------------- */

static GtkWidget *
add_entry (CnAppointmentForm *self,
           GtkWidget         *group,
           const char        *title,
           const char        *text,
           GCallback          on_changed_cb)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  g_signal_connect_swapped (row, "changed", on_changed_cb, self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static GtkWidget *
add_message (GtkWidget  *group,
             const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, css_class);
  gtk_widget_set_visible (label, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
  return label;
}

static void
cn_appointment_form_class_init (CnAppointmentFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cn_appointment_form_finalize;

  /* The id of the appointment as saved in the store. */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_appointment_form_init (CnAppointmentForm *self)
{
  self->duration = 60;
}

CnAppointmentForm *
cn_appointment_form_new (CnStore             *store,
                         const char          *company_id,
                         const CnAppointment *appointment)
{
  CnAppointmentForm *self = g_object_new (CN_TYPE_APPOINTMENT_FORM,
                                          "modal", TRUE,
                                          "default-width", 560,
                                          "default-height", 720,
                                          NULL);
  g_autoptr(GTimeZone) zone = cn_appointment_time_zone ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GtkStringList) mode_labels = gtk_string_list_new (NULL);
  g_autofree char *date = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  GtkWidget *box, *header, *cancel, *page, *group, *frame;
  CnAppointment *a;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self->store = g_object_ref (store);
  self->is_new = appointment == NULL || appointment->id == NULL;
  self->appointment = appointment ? cn_appointment_copy (appointment) : cn_appointment_new ();
  a = self->appointment;
  self->fixed_company = company_id != NULL;
  if (company_id != NULL)
    cn_set_str (&a->company_id, company_id);

  if (a->starts_at != NULL)
    {
      date = cn_appointment_format_time (a->starts_at, "%Y-%m-%d");
      start = cn_appointment_format_time (a->starts_at, "%H:%M");
      end = cn_appointment_format_time (a->ends_at, "%H:%M");
      if (parse_clock (end) > parse_clock (start))
        self->duration = parse_clock (end) - parse_clock (start);
    }
  else
    {
      /* The next whole hour, or 9:00 if that is out of office hours. */
      int hour = g_date_time_get_hour (now) + 1;

      if (hour < 8 || hour > 18)
        hour = 9;
      date = g_date_time_format (now, "%Y-%m-%d");
      start = g_strdup_printf ("%02d:00", hour);
      end = g_strdup_printf ("%02d:00", hour + 1);
    }

  gtk_window_set_title (GTK_WINDOW (self), self->is_new ? _("New Appointment") : _("Edit Appointment"));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (self->is_new ? _("_Add") : _("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  /* With whom */
  group = adw_preferences_group_new ();
  if (self->fixed_company)
    {
      self->company_row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->company_row), _("Company"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->company_row), FALSE);
      gtk_widget_add_css_class (self->company_row, "property");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->company_row);
    }
  else
    {
      self->company_row = company_picker (self);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->company_row);
    }
  self->company_error = add_message (group, "error");
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  /* When */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("When"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _("French time"));
  self->date_row = add_entry (self, group, _("Date (YYYY-MM-DD)"), date, G_CALLBACK (on_changed));
  self->start_row = add_entry (self, group, _("Start (HH:MM)"), start, G_CALLBACK (on_start_changed));
  self->end_row = add_entry (self, group, _("End (HH:MM)"), end, G_CALLBACK (on_end_changed));
  self->when_error = add_message (group, "error");
  self->overlap_label = add_message (group, "warning");
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  /* What */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Details"));
  self->subject_row = add_entry (self, group, _("Subject"), a->subject, G_CALLBACK (on_changed));
  self->mode_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->mode_row), _("Mode"));
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    gtk_string_list_append (mode_labels, cn_appointment_mode_label (modes[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->mode_row), G_LIST_MODEL (mode_labels));
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_strcmp0 (a->mode, modes[i]) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->mode_row), i);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->mode_row);
  self->location_row = add_entry (self, group, _("Place"), a->location, G_CALLBACK (on_changed));
  self->details_error = add_message (group, "error");
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Notes"));
  self->notes_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->notes_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->notes_view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->notes_view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->notes_view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->notes_view), 12);
  gtk_widget_set_size_request (self->notes_view, -1, 100);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->notes_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Notes"), -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->notes_view)), a->notes ? a->notes : "", -1);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->notes_view)), "changed",
                            G_CALLBACK (on_notes_changed), self);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), self->notes_view);
  gtk_widget_add_css_class (frame, "view");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  self->notes_error = add_message (group, "error");
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  adw_window_set_content (ADW_WINDOW (self), box);

  set_company (self, a->company_id);
  validate (self);
  /* A new appointment starts where typing starts; an existing one is not
   * preselected, so that a stray key does not replace its subject. */
  if (self->is_new && self->fixed_company)
    gtk_widget_grab_focus (self->subject_row);
  else if (self->is_new)
    gtk_widget_grab_focus (self->company_button);
  return self;
}

GtkEditable *
cn_appointment_form_get_entry (CnAppointmentForm  *self,
                               CnAppointmentField  field)
{
  g_return_val_if_fail (CN_IS_APPOINTMENT_FORM (self), NULL);

  switch (field)
    {
    case CN_APPOINTMENT_FIELD_COMPANY: return self->search_entry ? GTK_EDITABLE (self->search_entry) : NULL;
    case CN_APPOINTMENT_FIELD_STARTS_AT: return GTK_EDITABLE (self->start_row);
    case CN_APPOINTMENT_FIELD_ENDS_AT: return GTK_EDITABLE (self->end_row);
    case CN_APPOINTMENT_FIELD_LOCATION: return GTK_EDITABLE (self->location_row);
    case CN_APPOINTMENT_FIELD_SUBJECT: return GTK_EDITABLE (self->subject_row);
    default: return NULL;
    }
}

GtkEditable *
cn_appointment_form_get_date_entry (CnAppointmentForm *self)
{
  g_return_val_if_fail (CN_IS_APPOINTMENT_FORM (self), NULL);
  return GTK_EDITABLE (self->date_row);
}

void
cn_appointment_form_set_company (CnAppointmentForm *self,
                                 const char        *company_id)
{
  g_return_if_fail (CN_IS_APPOINTMENT_FORM (self));
  self->touched[CN_APPOINTMENT_FIELD_COMPANY] = TRUE;
  set_company (self, company_id);
  validate (self);
}

const char *
cn_appointment_form_get_error (CnAppointmentForm *self)
{
  static const CnAppointmentField order[] = {
    CN_APPOINTMENT_FIELD_COMPANY, CN_APPOINTMENT_FIELD_STARTS_AT, CN_APPOINTMENT_FIELD_ENDS_AT,
    CN_APPOINTMENT_FIELD_SUBJECT, CN_APPOINTMENT_FIELD_MODE, CN_APPOINTMENT_FIELD_LOCATION,
    CN_APPOINTMENT_FIELD_STATUS, CN_APPOINTMENT_FIELD_ORIGIN, CN_APPOINTMENT_FIELD_NOTES,
    CN_APPOINTMENT_FIELD_NONE,
  };

  g_return_val_if_fail (CN_IS_APPOINTMENT_FORM (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (error_shown (self, order[i]))
      return self->errors[order[i]];
  return NULL;
}

const char *
cn_appointment_form_get_overlap_warning (CnAppointmentForm *self)
{
  g_return_val_if_fail (CN_IS_APPOINTMENT_FORM (self), NULL);
  return self->overlap_warning;
}

/* ---- shared by the agenda and the company page ---------------------------- */

gboolean
cn_appointment_has_overlap (CnStore             *store,
                            const CnAppointment *appointment)
{
  g_autoptr(GPtrArray) overlaps = NULL;
  g_autoptr(GError) error = NULL;

  /* Held, cancelled or missed: too late to move it. */
  if (g_strcmp0 (appointment->status, "planned") != 0)
    return FALSE;
  overlaps = cn_store_find_overlaps (store, appointment, &error);
  if (overlaps == NULL)
    {
      g_warning ("Cannot look for overlaps: %s", error->message);
      return FALSE;
    }
  return overlaps->len > 0;
}

static void
append_status_item (GMenu      *menu,
                    const char *label,
                    const char *id,
                    const char *status)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target (item, "appointment.set-status", "(ss)", id, status);
  g_menu_append_item (menu, item);
}

static GMenuModel *
row_menu (const CnAppointment *appointment)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) statuses = g_menu_new ();
  g_autoptr(GMenu) others = g_menu_new ();
  g_autoptr(GMenuItem) export = g_menu_item_new (_("_Export to Calendar…"), NULL);
  g_autoptr(GMenuItem) delete = g_menu_item_new (_("_Delete…"), NULL);
  const char *status = appointment->status;

  if (g_strcmp0 (status, "done") != 0)
    append_status_item (statuses, _("Mark as _Held"), appointment->id, "done");
  if (g_strcmp0 (status, "cancelled") != 0)
    append_status_item (statuses, _("Mark as _Cancelled"), appointment->id, "cancelled");
  if (g_strcmp0 (status, "no_show") != 0)
    append_status_item (statuses, _("Mark as _No-show"), appointment->id, "no_show");
  if (g_strcmp0 (status, "planned") != 0)
    append_status_item (statuses, _("Mark as _Planned"), appointment->id, "planned");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (statuses));

  g_menu_item_set_action_and_target (export, "appointment.export", "s", appointment->id);
  g_menu_append_item (others, export);
  g_menu_item_set_action_and_target (delete, "appointment.delete", "s", appointment->id);
  g_menu_append_item (others, delete);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (others));
  return G_MENU_MODEL (menu);
}

GtkWidget *
cn_appointment_row_new (const CnAppointment *appointment,
                        const char          *company_name,
                        gboolean             overlaps)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenuModel) menu = row_menu (appointment);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *start = cn_appointment_format_time (appointment->starts_at, "%H:%M");
  g_autofree char *end = cn_appointment_format_time (appointment->ends_at, "%H:%M");
  /* Translators: an appointment's start and end times, "09:30–10:30" */
  g_autofree char *times = g_strdup_printf (_("%s–%s"), start, end);
  gboolean cancelled = g_strcmp0 (appointment->status, "cancelled") == 0;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (company_name != NULL)
    {
      GtkWidget *label = gtk_label_new (times);

      /* A day of the agenda: the times line up at the start. */
      gtk_label_set_width_chars (GTK_LABEL (label), 11);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "numeric");
      if (cancelled)
        gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), company_name);
      g_string_append (subtitle, appointment->subject);
    }
  else
    {
      /* Translators: a day for an appointment of a company page, e.g. "Mon 23 November 2026" */
      g_autofree char *day = cn_appointment_format_time (appointment->starts_at, _("%a %-d %B %Y"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), appointment->subject);
      g_string_append_printf (subtitle, "%s, %s", day, times);
    }
  g_string_append_printf (subtitle, " · %s", cn_appointment_mode_label (appointment->mode));
  if (appointment->location != NULL && *appointment->location != '\0')
    g_string_append_printf (subtitle, " · %s", appointment->location);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);

  if (overlaps)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_tooltip_text (icon, _("Overlaps another appointment"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Overlaps another appointment"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }
  if (g_strcmp0 (appointment->status, "planned") != 0)
    {
      GtkWidget *tag = gtk_label_new (cn_appointment_status_label (appointment->status));

      gtk_widget_add_css_class (tag, "cn-status");
      gtk_widget_add_css_class (tag, "caption");
      gtk_widget_add_css_class (tag, "dim-label");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (menu_button, _("Appointment Actions"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Appointment Actions"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "appointment.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", appointment->id);
  return row;
}

static GtkWindow *
owner_window (GtkWidget *owner)
{
  GtkRoot *root = gtk_widget_get_root (owner);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

typedef struct {
  GtkWidget             *owner;
  CnStore               *store;
  GPtrArray             *appointments;
  char                  *id;
  CnAppointmentDoneFunc  done;
} Request;

static void
request_free (Request *request)
{
  g_object_unref (request->owner);
  g_object_unref (request->store);
  g_clear_pointer (&request->appointments, g_ptr_array_unref);
  g_free (request->id);
  g_free (request);
}

static Request *
request_new (GtkWidget             *owner,
             CnStore               *store,
             CnAppointmentDoneFunc  done)
{
  Request *request = g_new0 (Request, 1);

  request->owner = g_object_ref (owner);
  request->store = g_object_ref (store);
  request->done = done;
  return request;
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    Request         *request)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *name = g_file_get_basename (file);

      if (!cn_appointments_write_ics (request->store, request->appointments, path, &error))
        request->done (request->owner, FALSE, error->message, TRUE);
      else
        {
          /* Translators: %s is a file name */
          g_autofree char *message = g_strdup_printf (_("Calendar saved as “%s”"), name);

          request->done (request->owner, FALSE, message, FALSE);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  request_free (request);
}

void
cn_appointment_export_one (GtkWidget             *owner,
                           CnStore               *store,
                           const char            *appointment_id,
                           CnAppointmentDoneFunc  done)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_appointment_free);
  g_autoptr(GError) error = NULL;
  CnAppointment *appointment = cn_store_get_appointment (store, appointment_id, &error);
  g_autofree char *date = NULL;
  g_autofree char *name = NULL;

  if (appointment == NULL)
    {
      done (owner, TRUE, error->message, TRUE);
      return;
    }
  g_ptr_array_add (list, appointment);
  date = cn_appointment_format_time (appointment->starts_at, "%Y-%m-%d-%H%M");
  name = g_strdup_printf ("appointment-%s.ics", date);
  cn_appointment_export_dialog (owner, store, list, name, done);
}

void
cn_appointment_export_dialog (GtkWidget             *owner,
                              CnStore               *store,
                              GPtrArray             *appointments,
                              const char            *file_name,
                              CnAppointmentDoneFunc  done)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  Request *request;

  if (appointments == NULL || appointments->len == 0)
    {
      done (owner, FALSE, _("No appointment to export"), FALSE);
      return;
    }
  request = request_new (owner, store, done);
  request->appointments = g_ptr_array_ref (appointments);
  dialog = gtk_file_chooser_native_new (_("Export to Calendar"), owner_window (owner),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file_name);
  gtk_file_filter_set_name (filter, _("Calendar files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    Request          *request)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") == 0)
    {
      if (cn_store_delete_appointment (request->store, request->id, &error))
        request->done (request->owner, TRUE, _("Appointment deleted"), FALSE);
      else
        request->done (request->owner, TRUE, error->message, TRUE);
    }
  request_free (request);
}

void
cn_appointment_confirm_delete (GtkWidget             *owner,
                               CnStore               *store,
                               const char            *appointment_id,
                               CnAppointmentDoneFunc  done)
{
  g_autoptr(CnAppointment) appointment = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  Request *request;

  appointment = cn_store_get_appointment (store, appointment_id, &error);
  if (appointment == NULL)
    {
      done (owner, TRUE, error->message, TRUE);
      return;
    }
  /* Translators: the day and time of an appointment, e.g. "Monday 23 November 2026 at 09:30" */
  day = cn_appointment_format_time (appointment->starts_at, _("%A %-d %B %Y at %H:%M"));
  /* Translators: the appointment's subject, then its day and time */
  body = g_strdup_printf (_("“%s”, %s, will be deleted for good."), appointment->subject, day);
  dialog = adw_message_dialog_new (owner_window (owner), _("Delete the Appointment?"), NULL);
  /* Plain text: the subject is the user's. */
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  request = request_new (owner, store, done);
  request->id = g_strdup (appointment_id);
  g_signal_connect (dialog, "response", G_CALLBACK (on_delete_response), request);
  gtk_window_present (GTK_WINDOW (dialog));
}

CnAppointmentForm *
cn_appointment_form_open (GtkWidget  *owner,
                          CnStore    *store,
                          const char *company_id,
                          const char *appointment_id,
                          GCallback   on_saved)
{
  g_autoptr(CnAppointment) appointment = NULL;
  g_autoptr(GError) error = NULL;
  CnAppointmentForm *form;

  if (appointment_id != NULL)
    {
      appointment = cn_store_get_appointment (store, appointment_id, &error);
      if (appointment == NULL)
        {
          g_warning ("Cannot open the appointment: %s", error->message);
          return NULL;
        }
    }
  form = cn_appointment_form_new (store, company_id, appointment);
  gtk_window_set_transient_for (GTK_WINDOW (form), owner_window (owner));
  if (on_saved != NULL)
    g_signal_connect_object (form, "saved", on_saved, owner, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (form));
  return form;
}
