/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-agenda-view"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-agenda-view.h"
#include "cn-appointment-form.h"
#include "cn-util.h"
#include "cn-widgets.h"
#include "cn-wrap-box.h"

/* List mode shows this many days from the first day. */
#define LIST_DAYS 14
#define WEEK_COLUMN_WIDTH 120

struct _CnAgendaView
{
  GtkBox      parent_instance;

  CnStore    *store;
  GDate       start;           /* the first day of the list */
  gboolean    week;
  char       *refreshed_on;    /* today, at the last refresh */
  GPtrArray  *shown;           /* of CnAppointment: the period on screen, for Export */
  GPtrArray  *groups;          /* the list's day groups */
  guint       n_rows;
  GtkWindow  *open_form;       /* weak */

  GtkWidget  *period_label;
  GtkWidget  *toasts;
  GtkWidget  *stack;
  GtkWidget  *list_page;
  GtkWidget  *empty_page;
  GtkWidget  *week_scrolled;
};

G_DEFINE_FINAL_TYPE (CnAgendaView, cn_agenda_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_VIEW_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  REPORT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (CnAgendaView *self,
       const char   *message)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (escaped));
}

/* ---- days ----------------------------------------------------------------- */

static void
get_today (GDate *date)
{
  g_autoptr(GTimeZone) zone = cn_appointment_time_zone ();
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static char *
date_string (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* @date in French time with a strftime-like @format. */
static char *
format_date (const GDate *date,
             const char  *format)
{
  g_autoptr(GTimeZone) zone = cn_appointment_time_zone ();
  g_autoptr(GDateTime) noon = g_date_time_new (zone, g_date_get_year (date), g_date_get_month (date),
                                               g_date_get_day (date), 12, 0, 0);

  return g_date_time_format (noon, format);
}

/* The first day and the number of days on screen. */
static void
get_period (CnAgendaView *self,
            gboolean      week,
            GDate        *first,
            guint        *n_days)
{
  *first = self->start;
  if (week)
    {
      g_date_subtract_days (first, g_date_get_weekday (first) - G_DATE_MONDAY);
      *n_days = 7;
    }
  else
    *n_days = LIST_DAYS;
}

static GPtrArray *
list_period (CnAgendaView *self,
             gboolean      week,
             GDate        *first,
             guint        *n_days)
{
  g_autofree char *date = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  get_period (self, week, first, n_days);
  date = date_string (first);
  from = cn_appointment_parse_day (date, 0, NULL);
  to = cn_appointment_parse_day (date, *n_days, NULL);
  list = cn_store_list_appointments (self->store, from, to, NULL, &error);
  if (list == NULL)
    {
      g_warning ("Cannot list appointments: %s", error->message);
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_appointment_free);
    }
  return list;
}

static const char *
company_name (CnAgendaView *self,
              GHashTable   *names,
              const char   *company_id)
{
  const char *name = g_hash_table_lookup (names, company_id);

  if (name == NULL)
    {
      g_autoptr(CnCompany) company = cn_store_get_company (self->store, company_id, NULL);

      name = company ? cn_company_get_name (company) : company_id;
      g_hash_table_insert (names, g_strdup (company_id), g_strdup (name));
      name = g_hash_table_lookup (names, company_id);
    }
  return name;
}

/* ---- list mode --------------------------------------------------------------- */

static char *
day_title (const GDate *day,
           const GDate *today)
{
  /* Translators: a day heading of the agenda, e.g. "Monday 23 November" */
  g_autofree char *name = format_date (day, _("%A %-d %B"));
  int distance = g_date_days_between (today, day);

  if (distance == 0)
    /* Translators: %s is a day, e.g. "Today — Monday 23 November" */
    return g_strdup_printf (_("Today — %s"), name);
  if (distance == 1)
    /* Translators: %s is a day, e.g. "Tomorrow — Tuesday 24 November" */
    return g_strdup_printf (_("Tomorrow — %s"), name);
  return g_steal_pointer (&name);
}

static void
build_list (CnAgendaView *self,
            GHashTable   *names)
{
  g_autoptr(GPtrArray) list = NULL;
  GDate first, today;
  guint n_days, next = 0;

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (ADW_PREFERENCES_PAGE (self->list_page), self->groups->pdata[i]);
  g_ptr_array_set_size (self->groups, 0);
  self->n_rows = 0;

  list = list_period (self, FALSE, &first, &n_days);
  get_today (&today);
  for (guint d = 0; d < n_days; d++)
    {
      GDate day = first;
      g_autofree char *date = NULL;
      g_autofree char *title = NULL;
      GtkWidget *group = NULL;

      g_date_add_days (&day, d);
      date = date_string (&day);
      /* The list is sorted by start: each day's appointments follow. */
      while (next < list->len)
        {
          CnAppointment *appointment = list->pdata[next];
          g_autofree char *local = cn_appointment_format_time (appointment->starts_at, "%Y-%m-%d");

          if (strcmp (local, date) > 0)
            break;
          next++;
          if (group == NULL)
            {
              group = adw_preferences_group_new ();
              title = day_title (&day, &today);
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
            }
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                     cn_appointment_row_new (appointment,
                                                             company_name (self, names, appointment->company_id),
                                                             cn_appointment_has_overlap (self->store, appointment)));
          self->n_rows++;
        }
      if (group != NULL)
        {
          adw_preferences_page_add (ADW_PREFERENCES_PAGE (self->list_page), ADW_PREFERENCES_GROUP (group));
          g_ptr_array_add (self->groups, group);
        }
    }

  adw_status_page_set_title (ADW_STATUS_PAGE (self->empty_page),
                             g_date_compare (&first, &today) == 0 ? _("No appointment in the next two weeks")
                                                                  : _("No appointment in these two weeks"));
  if (!self->week)
    {
      g_clear_pointer (&self->shown, g_ptr_array_unref);
      self->shown = g_steal_pointer (&list);
    }
}

/* ---- week mode ------------------------------------------------------------- */

static GtkWidget *
small_label (const char *text,
             const char *css_class,
             int         lines)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (label), lines);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
week_card (CnAppointment *appointment,
           const char    *name,
           gboolean       overlaps)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  g_autofree char *start = cn_appointment_format_time (appointment->starts_at, "%H:%M");
  g_autofree char *end = cn_appointment_format_time (appointment->ends_at, "%H:%M");
  g_autofree char *times = g_strdup_printf (_("%s–%s"), start, end);
  g_autofree char *tooltip = g_strdup_printf ("%s · %s\n%s", times, name, appointment->subject);
  GtkWidget *time_label = small_label (times, "caption-heading", 1);

  gtk_widget_add_css_class (time_label, "numeric");
  gtk_widget_set_hexpand (time_label, TRUE);
  gtk_box_append (GTK_BOX (line), time_label);
  if (overlaps)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Overlaps another appointment"), -1);
      gtk_box_append (GTK_BOX (line), icon);
    }
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), small_label (name, NULL, 2));
  gtk_box_append (GTK_BOX (box), small_label (appointment->subject, "caption", 2));
  if (g_strcmp0 (appointment->status, "planned") != 0)
    {
      GtkWidget *tag = small_label (cn_appointment_status_label (appointment->status), "caption", 1);

      gtk_widget_add_css_class (tag, "dim-label");
      gtk_box_append (GTK_BOX (box), tag);
    }
  if (g_strcmp0 (appointment->status, "cancelled") == 0)
    gtk_widget_set_opacity (box, 0.55);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 10);
  gtk_widget_set_margin_end (box, 10);

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "appointment.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", appointment->id);
  return button;
}

static void
build_week (CnAgendaView *self,
            GHashTable   *names)
{
  g_autoptr(GPtrArray) list = NULL;
  GtkWidget *columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GDate first, today;
  guint n_days, next = 0;

  list = list_period (self, TRUE, &first, &n_days);
  get_today (&today);
  gtk_box_set_homogeneous (GTK_BOX (columns), TRUE);
  gtk_widget_set_margin_top (columns, 12);
  gtk_widget_set_margin_bottom (columns, 24);
  gtk_widget_set_margin_start (columns, 12);
  gtk_widget_set_margin_end (columns, 12);

  for (guint d = 0; d < n_days; d++)
    {
      GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *weekday, *number, *header;
      GDate day = first;
      g_autofree char *date = NULL;
      g_autofree char *weekday_text = NULL;
      g_autofree char *number_text = NULL;
      g_autofree char *full = NULL;

      g_date_add_days (&day, d);
      date = date_string (&day);
      /* Translators: the weekday at the top of a column of the week, e.g. "Mon" */
      weekday_text = format_date (&day, _("%a"));
      /* Translators: the day of the month at the top of a column of the week, e.g. "23 Nov" */
      number_text = format_date (&day, _("%-d %b"));
      full = format_date (&day, _("%A %-d %B"));

      header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      weekday = gtk_label_new (weekday_text);
      gtk_widget_add_css_class (weekday, "caption");
      gtk_widget_add_css_class (weekday, "dim-label");
      number = gtk_label_new (number_text);
      gtk_widget_add_css_class (number, "title-4");
      if (g_date_compare (&day, &today) == 0)
        {
          gtk_widget_remove_css_class (weekday, "dim-label");
          gtk_widget_add_css_class (weekday, "accent");
          gtk_widget_add_css_class (number, "accent");
        }
      gtk_box_append (GTK_BOX (header), weekday);
      gtk_box_append (GTK_BOX (header), number);
      gtk_widget_set_margin_bottom (header, 6);
      gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL, full, -1);
      gtk_box_append (GTK_BOX (column), header);
      gtk_widget_set_size_request (column, WEEK_COLUMN_WIDTH, -1);

      while (next < list->len)
        {
          CnAppointment *appointment = list->pdata[next];
          g_autofree char *local = cn_appointment_format_time (appointment->starts_at, "%Y-%m-%d");

          if (strcmp (local, date) > 0)
            break;
          next++;
          gtk_box_append (GTK_BOX (column),
                          week_card (appointment, company_name (self, names, appointment->company_id),
                                     cn_appointment_has_overlap (self->store, appointment)));
        }
      gtk_box_append (GTK_BOX (columns), column);
    }

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->week_scrolled), columns);
  if (self->week)
    {
      g_clear_pointer (&self->shown, g_ptr_array_unref);
      self->shown = g_steal_pointer (&list);
    }
}

/* ---- refreshing ------------------------------------------------------------- */

static void
update_period_label (CnAgendaView *self)
{
  GDate first, last;
  guint n_days;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;

  get_period (self, self->week, &first, &n_days);
  last = first;
  g_date_add_days (&last, n_days - 1);
  /* Translators: the first day of the shown period, e.g. "23 November" */
  from = format_date (&first, _("%-d %B"));
  /* Translators: the last day of the shown period, e.g. "6 December 2026" */
  to = format_date (&last, _("%-d %B %Y"));
  /* Translators: the shown period, from a day to another */
  text = g_strdup_printf (_("%s – %s"), from, to);
  gtk_label_set_text (GTK_LABEL (self->period_label), text);
}

void
cn_agenda_view_refresh (CnAgendaView *self)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GDate today;

  g_return_if_fail (CN_IS_AGENDA_VIEW (self));

  get_today (&today);
  g_free (self->refreshed_on);
  self->refreshed_on = date_string (&today);
  build_list (self, names);
  build_week (self, names);
  update_period_label (self);
  if (self->week)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "week");
  else
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), self->n_rows > 0 ? "list" : "empty");
}

static void
cn_agenda_view_map (GtkWidget *widget)
{
  CnAgendaView *self = CN_AGENDA_VIEW (widget);
  GDate today;
  g_autofree char *date = NULL;

  GTK_WIDGET_CLASS (cn_agenda_view_parent_class)->map (widget);
  /* Shown again on another day: "Today" moved. */
  get_today (&today);
  date = date_string (&today);
  if (g_strcmp0 (date, self->refreshed_on) != 0)
    cn_agenda_view_refresh (self);
}

/* ---- actions -------------------------------------------------------------- */

static void
on_done (GtkWidget  *owner,
         gboolean    changed,
         const char *message,
         gboolean    is_error)
{
  CnAgendaView *self = CN_AGENDA_VIEW (owner);

  if (changed)
    cn_agenda_view_refresh (self);
  if (message != NULL)
    toast (self, message);
}

/* After a save, show the period that holds the appointment. */
static void
on_form_saved (CnAgendaView *self,
               const char   *appointment_id)
{
  g_autoptr(CnAppointment) appointment = cn_store_get_appointment (self->store, appointment_id, NULL);
  g_autofree char *date = NULL;
  GDate first, day;
  guint n_days;

  if (appointment != NULL)
    {
      date = cn_appointment_format_time (appointment->starts_at, "%Y-%m-%d");
      g_date_clear (&day, 1);
      g_date_set_parse (&day, date);
      get_period (self, self->week, &first, &n_days);
      if (g_date_valid (&day) &&
          (g_date_days_between (&first, &day) < 0 || g_date_days_between (&first, &day) >= (int) n_days))
        self->start = day;
    }
  cn_agenda_view_refresh (self);
}

static void
open_form (CnAgendaView *self,
           const char   *appointment_id)
{
  CnAppointmentForm *form = cn_appointment_form_open (GTK_WIDGET (self), self->store, NULL, appointment_id,
                                                      G_CALLBACK (on_form_saved));

  if (form == NULL)
    {
      toast (self, _("The appointment could not be opened"));
      cn_agenda_view_refresh (self);
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
  open_form (CN_AGENDA_VIEW (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  open_form (CN_AGENDA_VIEW (widget), g_variant_get_string (parameter, NULL));
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  cn_agenda_view_set_day (CN_AGENDA_VIEW (widget), NULL);
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CnAgendaView *self = CN_AGENDA_VIEW (widget);

  if (g_str_equal (action_name, "agenda.previous"))
    g_date_subtract_days (&self->start, 7);
  else
    g_date_add_days (&self->start, 7);
  cn_agenda_view_refresh (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CnAgendaView *self = CN_AGENDA_VIEW (widget);
  g_autofree char *date = NULL;
  g_autofree char *name = NULL;
  GDate first;
  guint n_days;

  get_period (self, self->week, &first, &n_days);
  date = date_string (&first);
  name = g_strdup_printf ("appointments-%s.ics", date);
  cn_appointment_export_dialog (widget, self->store, self->shown, name, on_done);
}

static void
set_status_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  const char *id, *status;

  g_variant_get (parameter, "(&s&s)", &id, &status);
  cn_agenda_view_set_status (CN_AGENDA_VIEW (widget), id, status);
}

static void
export_one_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  cn_appointment_export_one (widget, CN_AGENDA_VIEW (widget)->store, g_variant_get_string (parameter, NULL), on_done);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CnAgendaView *self = CN_AGENDA_VIEW (widget);

  cn_appointment_confirm_delete (widget, self->store, g_variant_get_string (parameter, NULL), on_done);
}

/* ---- the class ------------------------------------------------------------- */

static void
cn_agenda_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CnAgendaView *self = CN_AGENDA_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEW_MODE:
      g_value_set_string (value, self->week ? "week" : "list");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_agenda_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CnAgendaView *self = CN_AGENDA_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEW_MODE:
      cn_agenda_view_set_mode (self, g_strcmp0 (g_value_get_string (value), "week") == 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_agenda_view_dispose (GObject *object)
{
  CnAgendaView *self = CN_AGENDA_VIEW (object);

  if (self->open_form)
    g_object_remove_weak_pointer (G_OBJECT (self->open_form), (gpointer *) &self->open_form);
  self->open_form = NULL;
  G_OBJECT_CLASS (cn_agenda_view_parent_class)->dispose (object);
}

static void
cn_agenda_view_finalize (GObject *object)
{
  CnAgendaView *self = CN_AGENDA_VIEW (object);

  g_clear_object (&self->store);
  g_free (self->refreshed_on);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_ptr_array_unref (self->groups);
  G_OBJECT_CLASS (cn_agenda_view_parent_class)->finalize (object);
}

static void
cn_agenda_view_class_init (CnAgendaViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cn_agenda_view_get_property;
  object_class->set_property = cn_agenda_view_set_property;
  object_class->dispose = cn_agenda_view_dispose;
  object_class->finalize = cn_agenda_view_finalize;
  widget_class->map = cn_agenda_view_map;

  /* "list" or "week". */
  properties[PROP_VIEW_MODE] = g_param_spec_string ("view-mode", NULL, NULL, "list",
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                    G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* An appointment was marked held: its progress report can be written. */
  signals[REPORT_REQUESTED] = g_signal_new ("report-requested",
                                            G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "agenda.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "agenda.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "agenda.previous", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "agenda.next", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "agenda.export", NULL, export_action);
  gtk_widget_class_install_property_action (widget_class, "agenda.view-mode", "view-mode");
  gtk_widget_class_install_action (widget_class, "appointment.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "appointment.set-status", "(ss)", set_status_action);
  gtk_widget_class_install_action (widget_class, "appointment.export", "s", export_one_action);
  gtk_widget_class_install_action (widget_class, "appointment.delete", "s", delete_action);
}

static GtkWidget *
toggle (const char *label,
        const char *target)
{
  GtkWidget *button = gtk_toggle_button_new_with_mnemonic (label);

  cn_widget_set_mnemonic_name (button, label);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "agenda.view-mode");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  return button;
}

/* Buttons keep their height next to a period that wraps on two lines. */
static void
center_children (GtkWidget *box)
{
  for (GtkWidget *child = gtk_widget_get_first_child (box); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_valign (child, GTK_ALIGN_CENTER);
}

static void
cn_agenda_view_init (CnAgendaView *self)
{
  GtkWidget *toolbar, *moves, *today, *nav, *tools, *modes, *add, *add_content, *add_icon, *squeezer, *export;
  GtkWidget *scrolled, *button;

  self->groups = g_ptr_array_new ();
  get_today (&self->start);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);

  /* Moving in time, then the view and what to do with it: one line on a
   * wide window, a line each on a narrow one. */
  toolbar = cn_wrap_box_new (6, 6);
  gtk_widget_add_css_class (toolbar, "toolbar");

  moves = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  today = cn_button_new_with_mnemonic (_("_Today"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (today), "agenda.today");
  gtk_box_append (GTK_BOX (moves), today);

  nav = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (nav, "linked");
  gtk_box_append (GTK_BOX (nav), cn_icon_button_new ("go-previous-symbolic", _("Previous Week"), "agenda.previous"));
  gtk_box_append (GTK_BOX (nav), cn_icon_button_new ("go-next-symbolic", _("Next Week"), "agenda.next"));
  gtk_box_append (GTK_BOX (moves), nav);

  self->period_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->period_label, "heading");
  /* Wraps rather than vanish in a narrow window. */
  gtk_label_set_wrap (GTK_LABEL (self->period_label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (self->period_label), 10);
  gtk_label_set_xalign (GTK_LABEL (self->period_label), 0);
  gtk_widget_set_hexpand (self->period_label, TRUE);
  gtk_widget_set_margin_start (self->period_label, 6);
  gtk_box_append (GTK_BOX (moves), self->period_label);
  cn_wrap_box_append (CN_WRAP_BOX (toolbar), moves);

  tools = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  modes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (modes, "linked");
  gtk_box_append (GTK_BOX (modes), toggle (_("_List"), "list"));
  gtk_box_append (GTK_BOX (modes), toggle (_("_Week"), "week"));
  gtk_box_append (GTK_BOX (tools), modes);

  export = cn_button_new_with_mnemonic (_("E_xport…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (export), "agenda.export");
  gtk_widget_set_tooltip_text (export, _("Export the shown period to a calendar file"));
  gtk_box_append (GTK_BOX (tools), export);

  /* The button keeps its label while there is room, then its icon only. */
  add = gtk_button_new ();
  add_content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (add_content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (add_content), _("_New Appointment"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (add_content), TRUE);
  gtk_button_set_child (GTK_BUTTON (add), add_content);
  cn_widget_set_mnemonic_name (add, _("_New Appointment"));
  gtk_widget_add_css_class (add, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (add), "agenda.new");
  add_icon = cn_icon_button_new ("list-add-symbolic", _("New Appointment"), "agenda.new");
  gtk_widget_add_css_class (add_icon, "suggested-action");
  /* The squeezer may be given more room than the icon needs. */
  gtk_widget_set_halign (add_icon, GTK_ALIGN_START);
  squeezer = adw_squeezer_new ();
  adw_squeezer_add (ADW_SQUEEZER (squeezer), add);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), add_icon);
  gtk_box_append (GTK_BOX (tools), squeezer);
  cn_wrap_box_append (CN_WRAP_BOX (toolbar), tools);

  center_children (moves);
  center_children (tools);
  gtk_box_append (GTK_BOX (self), toolbar);
  gtk_box_append (GTK_BOX (self), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);

  self->list_page = adw_preferences_page_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), self->list_page, "list");

  self->empty_page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->empty_page), "x-office-calendar-symbolic");
  adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                   _("Appointments you plan with companies show here, day by day."));
  button = cn_button_new_with_mnemonic (_("_New Appointment"));
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "agenda.new");
  adw_status_page_set_child (ADW_STATUS_PAGE (self->empty_page), button);
  gtk_stack_add_named (GTK_STACK (self->stack), self->empty_page, "empty");

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  self->week_scrolled = scrolled;
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "week");

  self->toasts = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), self->stack);
  gtk_widget_set_vexpand (self->toasts, TRUE);
  gtk_box_append (GTK_BOX (self), self->toasts);
}

GtkWidget *
cn_agenda_view_new (CnStore *store)
{
  CnAgendaView *self;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_AGENDA_VIEW, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (cn_agenda_view_refresh), self, G_CONNECT_SWAPPED);
  cn_agenda_view_refresh (self);
  return GTK_WIDGET (self);
}

void
cn_agenda_view_set_mode (CnAgendaView *self,
                         gboolean      week)
{
  g_return_if_fail (CN_IS_AGENDA_VIEW (self));

  week = !!week;
  if (self->week == week)
    return;
  self->week = week;
  if (self->store != NULL)
    cn_agenda_view_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW_MODE]);
}

void
cn_agenda_view_set_day (CnAgendaView *self,
                        const char   *date)
{
  GDate day;

  g_return_if_fail (CN_IS_AGENDA_VIEW (self));

  g_date_clear (&day, 1);
  if (date != NULL)
    g_date_set_parse (&day, date);
  if (!g_date_valid (&day))
    get_today (&day);
  self->start = day;
  cn_agenda_view_refresh (self);
}

gboolean
cn_agenda_view_set_status (CnAgendaView *self,
                           const char   *appointment_id,
                           const char   *status)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CN_IS_AGENDA_VIEW (self), FALSE);

  if (!cn_store_set_appointment_status (self->store, appointment_id, status, &error))
    {
      toast (self, error->message);
      cn_agenda_view_refresh (self);
      return FALSE;
    }
  cn_agenda_view_refresh (self);
  if (g_strcmp0 (status, "done") == 0)
    g_signal_emit (self, signals[REPORT_REQUESTED], 0, appointment_id);
  return TRUE;
}

guint
cn_agenda_view_get_n_rows (CnAgendaView *self)
{
  g_return_val_if_fail (CN_IS_AGENDA_VIEW (self), 0);
  return self->n_rows;
}

GtkWindow *
cn_agenda_view_get_open_form (CnAgendaView *self)
{
  g_return_val_if_fail (CN_IS_AGENDA_VIEW (self), NULL);
  return self->open_form;
}
