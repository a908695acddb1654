/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-report-form"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-appointment.h"
#include "cn-error.h"
#include "cn-referential.h"
#include "cn-plan.h"
#include "cn-report-form.h"
#include "cn-report.h"
#include "cn-util.h"
#include "cn-wrap-box.h"

#define N_LEVELS 5
#define MAX_MINUTES (24 * 60)

/* An editable list of free-text lines (actions done, next steps): one
 * entry row per line, and a last row that adds one. */
typedef struct {
  GtkWidget  *group;
  GtkWidget  *add_row;
  GPtrArray  *rows;        /* of AdwEntryRow */
  const char *line_title;  /* translated */
} LineList;

struct _CnReportForm
{
  AdwWindow parent_instance;

  CnStore  *store;
  CnReport *report;         /* what is being written or corrected */
  gboolean  is_correction;
  gboolean  cofinancing;    /* the co-financing fields are shown */
  gboolean  summary_touched;  /* say "needs a summary" from now on */

  GtkWidget *save_button;
  GtkWidget *date_row, *summary_view, *summary_frame;
  LineList   actions, steps;
  GtkWidget *before_row, *after_row, *minutes_spin, *commerce_switch;
  GtkWidget *satisfaction[N_LEVELS + 1];   /* 0: "Not asked" */
  GtkWidget *amount_row, *status_row;
  CnCofinancingStatus statuses[CN_COFINANCING_REFUSED + 1];  /* per status_row position */

  GtkWidget *general_error, *report_error, *cofinancing_error;
  char      *error;
  GPtrArray *plan_checks;   /* check buttons of the plan's open actions */
};

G_DEFINE_FINAL_TYPE (CnReportForm, cn_report_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- small helpers -------------------------------------------------------- */

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cn_appointment_time_zone ());

  return g_date_time_format (now, "%Y-%m-%d");
}

/* "YYYY-MM-DD" and a real day. */
static gboolean
is_date (const char *text)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  year = g_ascii_strtoull (text, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);
  return g_date_valid_dmy (day, month, year);
}

/* Euros as typed ("1500", "1 500,50", "1500.5") to cents; "" is -1. */
static gboolean
parse_euros (const char *text,
             gint64     *cents)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  gint64 euros = 0;
  int decimals = -1, fraction = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x202F || c == 0x00A0 || c == 0x20AC /* € */)
        continue;
      if (c == ',' || c == '.')
        {
          if (decimals >= 0)
            return FALSE;
          decimals = 0;
          continue;
        }
      if (c < '0' || c > '9')
        return FALSE;
      if (decimals >= 0)
        {
          if (++decimals > 2)
            return FALSE;
          fraction = fraction * 10 + (int) (c - '0');
        }
      else
        {
          g_string_append_c (digits, (char) c);
          if (digits->len > 12)
            return FALSE;
        }
    }
  if (digits->len == 0 && decimals < 0)
    {
      *cents = -1;
      return TRUE;
    }
  if (digits->len == 0)
    return FALSE;
  euros = g_ascii_strtoll (digits->str, NULL, 10);
  if (decimals == 1)
    fraction *= 10;
  *cents = euros * 100 + fraction;
  return TRUE;
}

static char *
format_euros (gint64 cents)
{
  if (cents < 0)
    return g_strdup ("");
  if (cents % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, cents / 100);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
}

static GtkWidget *
add_message (GtkWidget *group)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
  return label;
}

static void
show_message (GtkWidget  *label,
              const char *message)
{
  gtk_label_set_text (GTK_LABEL (label), message ? message : "");
  gtk_widget_set_visible (label, message != NULL);
}

static GtkWidget *
add_switch_row (GtkWidget  *group,
                const char *title,
                gboolean    active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *widget = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (widget), active);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return widget;
}

/* A row with a title, a subtitle and @suffix, as an AdwActionRow, but whose
 * suffix goes under the title when the row is too narrow for both. */
static GtkWidget *
wrapping_row (const char *title,
              const char *subtitle,
              GtkWidget  *suffix)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *wrap = cn_wrap_box_new (12, 0);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *label;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);
  /* The margins and height of an AdwActionRow's header and title. */
  gtk_widget_set_margin_start (wrap, 12);
  gtk_widget_set_margin_end (wrap, 12);
  gtk_widget_set_margin_bottom (wrap, 6);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (texts, -1, 38);
  gtk_widget_set_margin_top (texts, 6);
  gtk_widget_set_margin_bottom (texts, 6);
  label = gtk_label_new (title);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (texts), label);
  label = gtk_label_new (subtitle);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "subtitle");
  gtk_box_append (GTK_BOX (texts), label);
  cn_wrap_box_append (CN_WRAP_BOX (wrap), texts);
  gtk_widget_set_valign (suffix, GTK_ALIGN_CENTER);
  cn_wrap_box_append (CN_WRAP_BOX (wrap), suffix);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), wrap);
  return row;
}

/* ---- lines ---------------------------------------------------------------- */

static void
on_remove_line (GtkButton *button,
                LineList  *list)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "cn-row");

  g_ptr_array_remove (list->rows, row);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (list->group), row);
}

static GtkWidget *
line_list_append (LineList   *list,
                  const char *text)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), list->line_title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove"), -1);
  g_object_set_data (G_OBJECT (remove), "cn-row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_line), list);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  /* Keep the "add" row last. */
  g_object_ref (list->add_row);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (list->group), list->add_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (list->group), row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (list->group), list->add_row);
  g_object_unref (list->add_row);

  g_ptr_array_add (list->rows, row);
  return row;
}

static void
on_add_line (AdwActionRow *add_row G_GNUC_UNUSED,
             LineList     *list)
{
  gtk_widget_grab_focus (line_list_append (list, NULL));
}

static void
line_list_init (LineList           *list,
                GtkWidget          *page,
                const char         *title,
                const char         *description,
                const char         *line_title,
                const char         *add_label,
                const char * const *lines)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("list-add-symbolic");

  list->rows = g_ptr_array_new ();
  list->line_title = line_title;
  list->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (list->group), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (list->group), description);

  list->add_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (list->add_row), add_label);
  adw_action_row_add_prefix (ADW_ACTION_ROW (list->add_row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list->add_row), TRUE);
  g_signal_connect (list->add_row, "activated", G_CALLBACK (on_add_line), list);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (list->group), list->add_row);

  for (guint i = 0; lines && lines[i]; i++)
    line_list_append (list, lines[i]);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (list->group));
}

static GStrv
line_list_get (LineList *list)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv lines;

  for (guint i = 0; i < list->rows->len; i++)
    g_strv_builder_add (builder, gtk_editable_get_text (GTK_EDITABLE (list->rows->pdata[i])));
  lines = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return lines;
}

/* ---- levels --------------------------------------------------------------- */

static GtkWidget *
add_level_combo (GtkWidget     *group,
                 CnReferential *referential,
                 const char    *title,
                 int            level)
{
  GtkWidget *row = adw_combo_row_new ();
  GtkStringList *model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, _("Not assessed"));
  for (guint i = 0; i < N_LEVELS; i++)
    {
      const CnLevel *found = referential && i < cn_referential_get_n_levels (referential)
                             ? cn_referential_get_level (referential, i) : NULL;
      g_autofree char *name = NULL;

      if (found != NULL)
        /* Translators: a maturity level: its number (1 to 5) and its name */
        name = g_strdup_printf (_("%u. %s"), i + 1, found->name);
      else
        /* Translators: a maturity level without a name, 1 to 5 */
        name = g_strdup_printf (_("Level %u"), i + 1);
      gtk_string_list_append (model, name);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), level >= 1 && level <= N_LEVELS ? (guint) level : 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_object_unref (model);
  return row;
}

static int
selected_level (GtkWidget *row)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  return selected >= 1 && selected <= N_LEVELS ? (int) selected : -1;
}

/* ---- validation and saving ------------------------------------------------ */

static char *
get_summary (CnReportForm *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->summary_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
date_is_valid (CnReportForm *self)
{
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));

  return is_date (date);
}

static gboolean
summary_is_valid (CnReportForm *self)
{
  g_autofree char *summary = get_summary (self);

  return *g_strstrip (summary) != '\0';
}

static void
set_error (CnReportForm *self,
           GtkWidget    *label,
           const char   *message)
{
  show_message (self->general_error, NULL);
  show_message (self->report_error, NULL);
  if (self->cofinancing_error)
    show_message (self->cofinancing_error, NULL);
  cn_set_str (&self->error, message);
  if (message != NULL)
    show_message (label, message);
}

/* The date and the summary are checked as they are typed, with the core's
 * own messages; the rest when saving. */
static void
validate (CnReportForm *self,
          gboolean      say_missing_summary)
{
  gboolean date_ok = date_is_valid (self);
  gboolean summary_ok = summary_is_valid (self);
  g_autoptr(CnReport) probe = cn_report_new ();
  g_autoptr(GError) error = NULL;

  if (date_ok)
    gtk_widget_remove_css_class (self->date_row, "error");
  else
    gtk_widget_add_css_class (self->date_row, "error");
  if (summary_ok || !say_missing_summary)
    gtk_widget_remove_css_class (self->summary_frame, "error");
  else
    gtk_widget_add_css_class (self->summary_frame, "error");

  if (!date_ok || (!summary_ok && say_missing_summary))
    {
      g_free (probe->date);
      probe->date = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
      g_free (probe->summary);
      probe->summary = get_summary (self);
      if (!cn_report_normalize (probe, NULL, &error))
        set_error (self, self->report_error, error->message);
    }
  else
    set_error (self, NULL, NULL);
  gtk_widget_set_sensitive (self->save_button, date_ok && summary_ok);
}

static void
on_date_changed (CnReportForm *self)
{
  validate (self, self->summary_touched);
}

static void
on_summary_changed (CnReportForm *self)
{
  self->summary_touched = TRUE;
  validate (self, TRUE);
}

static void
on_save (CnReportForm *self)
{
  cn_report_form_save (self);
}

gboolean
cn_report_form_save (CnReportForm *self)
{
  g_autoptr(CnReport) report = cn_report_copy (self->report);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_return_val_if_fail (CN_IS_REPORT_FORM (self), FALSE);

  if (self->report->company_id == NULL)
    return FALSE;  /* the form could not be filled: its error is shown */

  g_free (report->date);
  report->date = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row)));
  g_free (report->summary);
  report->summary = get_summary (self);
  g_strfreev (report->actions_done);
  report->actions_done = line_list_get (&self->actions);
  g_strfreev (report->next_steps);
  report->next_steps = line_list_get (&self->steps);
  report->maturity_before = selected_level (self->before_row);
  report->maturity_after = selected_level (self->after_row);
  report->time_spent_minutes = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->minutes_spin));
  if (report->time_spent_minutes == 0)
    report->time_spent_minutes = -1;  /* 0 reads "not counted" */
  report->satisfaction = -1;
  for (int i = 1; i <= N_LEVELS; i++)
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->satisfaction[i])))
      report->satisfaction = i;
  report->connected_commerce = gtk_switch_get_active (GTK_SWITCH (self->commerce_switch));

  /* A charter connector does not see the co-financing fields: a corrected
   * report keeps what it had (the core then says why it cannot). */
  if (self->cofinancing)
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->status_row));

      if (!parse_euros (gtk_editable_get_text (GTK_EDITABLE (self->amount_row)),
                        &report->cofinancing_amount_cents))
        {
          gtk_widget_add_css_class (self->amount_row, "error");
          set_error (self, self->cofinancing_error,
                     _("The co-financing amount is not a number of euros, such as 1500 or 1500.50."));
          return FALSE;
        }
      gtk_widget_remove_css_class (self->amount_row, "error");
      report->cofinancing_status = selected < G_N_ELEMENTS (self->statuses) ? self->statuses[selected]
                                                                            : CN_COFINANCING_NONE;
    }

  if (self->is_correction)
    ok = cn_store_correct_report (self->store, report, NULL, &error);
  else
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) done = NULL;

      for (guint i = 0; i < self->plan_checks->len; i++)
        if (gtk_check_button_get_active (self->plan_checks->pdata[i]))
          g_strv_builder_add (builder, g_object_get_data (self->plan_checks->pdata[i], "action-id"));
      done = g_strv_builder_end (builder);
      ok = cn_store_add_report (self->store, report, (const char *const *) done, &error);
    }

  if (!ok)
    {
      GtkWidget *label = self->general_error;

      /* Beside the field at fault when it is known; nothing typed is lost. */
      if (!date_is_valid (self) || !summary_is_valid (self))
        label = self->report_error;
      else if (self->cofinancing && g_error_matches (error, CN_ERROR, CN_ERROR_INVALID) &&
               (report->cofinancing_amount_cents >= 0 || report->cofinancing_status != CN_COFINANCING_NONE))
        label = self->cofinancing_error;
      if (label == self->report_error)
        {
          self->summary_touched = TRUE;
          validate (self, TRUE);
        }
      set_error (self, label, error->message);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, report->id);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

/* ---- the class ------------------------------------------------------------ */

static void
cn_report_form_finalize (GObject *object)
{
  CnReportForm *self = CN_REPORT_FORM (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->report, cn_report_free);
  g_clear_pointer (&self->actions.rows, g_ptr_array_unref);
  g_clear_pointer (&self->steps.rows, g_ptr_array_unref);
  g_clear_pointer (&self->plan_checks, g_ptr_array_unref);
  g_free (self->error);
  G_OBJECT_CLASS (cn_report_form_parent_class)->finalize (object);
}

static void
cn_report_form_class_init (CnReportFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cn_report_form_finalize;

  /* The id of the report saved (a correction keeps the report's id). */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_report_form_init (CnReportForm *self G_GNUC_UNUSED)
{
}

static void
build (CnReportForm *self,
       const char   *company_name,
       const char   *load_error)
{
  g_autoptr(CnReferential) referential = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, NULL);
  g_autoptr(CnProfile) profile = cn_store_get_profile (self->store, NULL);
  CnReport *r = self->report;
  GtkWidget *box, *header, *title, *cancel, *page, *group, *row, *toggles, *levels, *label;
  GtkTextBuffer *buffer;

  self->cofinancing = profile != NULL && cn_profile_can_request_cofinancing (profile);

  gtk_window_set_title (GTK_WINDOW (self), self->is_correction ? _("Correct the Report") : _("New Report"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (gtk_window_get_title (GTK_WINDOW (self)), company_name ? company_name : "");
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (on_save), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  /* What the report says. */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Report"));
  if (self->is_correction)
    {
      /* Translators: %d is the number of the revision being corrected */
      g_autofree char *note = g_strdup_printf (_("Your correction becomes revision %d. The earlier version stays readable in the report’s history."),
                                               r->number + 1);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), note);
    }
  self->general_error = add_message (group);
  self->date_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), _("Date (YYYY-MM-DD)"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->date_row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), r->date ? r->date : "");
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->date_row), 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->date_row);

  label = gtk_label_new (_("Summary"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
  self->summary_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->summary_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->summary_view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->summary_view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->summary_view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->summary_view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->summary_view), 12);
  gtk_widget_set_size_request (self->summary_view, -1, 120);
  gtk_widget_add_css_class (self->summary_view, "cn-report-summary");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->summary_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Summary"), -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->summary_view), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  label, NULL, -1);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->summary_view));
  gtk_text_buffer_set_text (buffer, r->summary ? r->summary : "", -1);
  self->summary_frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (self->summary_frame, "view");
  gtk_widget_set_overflow (self->summary_frame, GTK_OVERFLOW_HIDDEN);
  gtk_frame_set_child (GTK_FRAME (self->summary_frame), self->summary_view);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->summary_frame);
  self->report_error = add_message (group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  /* A new report picks the actions done from the company's plan; their
   * titles join the actions done and the plan marks them done. */
  self->plan_checks = g_ptr_array_new ();
  if (!self->is_correction)
    {
      g_autoptr(GPtrArray) open = cn_store_list_open_plan_actions (self->store, r->company_id, NULL);

      if (open != NULL && open->len > 0)
        {
          group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Done from the Action Plan"));
          adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                                 _("Ticked actions are marked done in the plan."));
          for (guint i = 0; i < open->len; i++)
            {
              CnPlanAction *action = open->pdata[i];
              GtkWidget *check = gtk_check_button_new ();

              row = adw_action_row_new ();
              adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), action->title);
              gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
              gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, action->title, -1);
              adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
              adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
              g_object_set_data_full (G_OBJECT (check), "action-id", g_strdup (action->id), g_free);
              g_ptr_array_add (self->plan_checks, check);
              adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
            }
          adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
        }
    }

  line_list_init (&self->actions, page, _("Actions Done"), _("One action per line"),
                  _("Action done"), _("Add an Action"), (const char * const *) r->actions_done);
  line_list_init (&self->steps, page, _("Next Steps"), NULL,
                  _("Next step"), _("Add a Next Step"), (const char * const *) r->next_steps);

  /* How it went. */
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Assessment"));
  self->before_row = add_level_combo (group, referential, _("Maturity Before"), r->maturity_before);
  self->after_row = add_level_combo (group, referential, _("Maturity After"), r->maturity_after);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Time Spent"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("In minutes, 0 if not counted"));
  self->minutes_spin = gtk_spin_button_new_with_range (0, MAX_MINUTES, 15);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->minutes_spin), MAX (r->time_spent_minutes, 0));
  gtk_widget_set_valign (self->minutes_spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->minutes_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Time spent, in minutes"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->minutes_spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->minutes_spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);

  /* "Not asked", then the five levels side by side, or under it on a
   * phone: six buttons big enough for a finger do not fit its width. */
  toggles = cn_wrap_box_new (6, 6);
  levels = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (levels, "linked");
  for (int i = 0; i <= N_LEVELS; i++)
    {
      g_autofree char *text = i == 0 ? g_strdup (_("Not asked")) : g_strdup_printf ("%d", i);

      self->satisfaction[i] = gtk_toggle_button_new_with_label (text);
      if (i > 0)
        {
          /* Translators: the accessible name of the button giving a satisfaction of %d out of 5 */
          g_autofree char *name = g_strdup_printf (_("Satisfaction %d out of 5"), i);

          gtk_accessible_update_property (GTK_ACCESSIBLE (self->satisfaction[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          name, -1);
          gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (self->satisfaction[i]),
                                       GTK_TOGGLE_BUTTON (self->satisfaction[0]));
          gtk_box_append (GTK_BOX (levels), self->satisfaction[i]);
        }
      else
        cn_wrap_box_append (CN_WRAP_BOX (toggles), self->satisfaction[i]);
    }
  cn_wrap_box_append (CN_WRAP_BOX (toggles), levels);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->satisfaction[r->satisfaction >= 1 && r->satisfaction <= N_LEVELS
                                                                      ? r->satisfaction : 0]), TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                             wrapping_row (_("Satisfaction"), _("The business owner’s, from 1 to 5"), toggles));

  self->commerce_switch = add_switch_row (group, _("Connected-commerce elements put in place"),
                                          r->connected_commerce);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  /* Co-financing: a labelled connector only. */
  if (self->cofinancing)
    {
      GtkStringList *model = gtk_string_list_new (NULL);
      g_autofree char *amount = format_euros (r->cofinancing_amount_cents);
      guint n = 0, selected = 0;

      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Co-financing"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             _("As a labelled connector, you may request co-financing for this support."));
      self->amount_row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), _("Amount in Euros"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->amount_row), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->amount_row), amount);
      gtk_editable_set_max_width_chars (GTK_EDITABLE (self->amount_row), 14);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->amount_row);

      /* The connector requests; accepting or refusing is the platform's. */
      self->statuses[n++] = CN_COFINANCING_NONE;
      self->statuses[n++] = CN_COFINANCING_REQUESTED;
      if (r->cofinancing_status == CN_COFINANCING_ACCEPTED || r->cofinancing_status == CN_COFINANCING_REFUSED)
        self->statuses[n++] = r->cofinancing_status;
      for (guint i = 0; i < n; i++)
        {
          gtk_string_list_append (model, cn_cofinancing_status_label (self->statuses[i]));
          if (self->statuses[i] == r->cofinancing_status)
            selected = i;
        }
      self->status_row = adw_combo_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Status"));
      adw_combo_row_set_model (ADW_COMBO_ROW (self->status_row), G_LIST_MODEL (model));
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->status_row), selected);
      g_object_unref (model);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->status_row);
      self->cofinancing_error = add_message (group);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
    }

  adw_window_set_content (ADW_WINDOW (self), box);

  g_signal_connect_swapped (self->date_row, "changed", G_CALLBACK (on_date_changed), self);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (on_summary_changed), self);

  /* A new form starts without a red "needs a summary", but Save waits for one. */
  self->summary_touched = self->is_correction;
  validate (self, self->summary_touched);
  if (load_error != NULL)
    {
      set_error (self, self->general_error, load_error);
      gtk_widget_set_sensitive (self->save_button, FALSE);
    }
  gtk_widget_grab_focus (self->summary_view);
}

static CnReportForm *
form_new (CnStore *store)
{
  CnReportForm *self = g_object_new (CN_TYPE_REPORT_FORM,
                                     "modal", TRUE,
                                     "default-width", 600,
                                     "default-height", 760,
                                     NULL);

  self->store = g_object_ref (store);
  return self;
}

static char *
company_name (CnStore    *store,
              const char *company_id)
{
  g_autoptr(CnCompany) company = company_id ? cn_store_get_company (store, company_id, NULL) : NULL;

  return company ? g_strdup (cn_company_get_name (company)) : NULL;
}

CnReportForm *
cn_report_form_new (CnStore    *store,
                    const char *company_id,
                    const char *appointment_id)
{
  CnReportForm *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (company_id != NULL, NULL);

  self = form_new (store);
  self->report = cn_report_new ();
  self->report->company_id = g_strdup (company_id);
  self->report->appointment_id = g_strdup (appointment_id);
  if (appointment_id != NULL)
    {
      g_autoptr(CnAppointment) appointment = cn_store_get_appointment (store, appointment_id, &error);

      if (appointment != NULL)
        self->report->date = cn_appointment_format_time (appointment->starts_at, "%Y-%m-%d");
    }
  if (self->report->date == NULL || *self->report->date == '\0')
    {
      g_free (self->report->date);
      self->report->date = today ();
    }
  name = company_name (store, company_id);
  /* The store says again why an unknown appointment cannot be used. */
  build (self, name, NULL);
  return self;
}

CnReportForm *
cn_report_form_new_correction (CnStore    *store,
                               const char *report_id)
{
  CnReportForm *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (report_id != NULL, NULL);

  self = form_new (store);
  self->is_correction = TRUE;
  self->report = cn_store_get_report (store, report_id, &error);
  if (self->report == NULL)
    {
      /* An empty, unsaveable form that says why. */
      self->report = cn_report_new ();
      build (self, NULL, error->message);
      return self;
    }
  name = company_name (store, self->report->company_id);
  build (self, name, NULL);
  return self;
}

void
cn_report_form_set_summary (CnReportForm *self,
                            const char   *text)
{
  g_return_if_fail (CN_IS_REPORT_FORM (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->summary_view)), text ? text : "", -1);
}

const char *
cn_report_form_get_error (CnReportForm *self)
{
  g_return_val_if_fail (CN_IS_REPORT_FORM (self), NULL);

  return self->error;
}

gboolean
cn_report_form_has_cofinancing (CnReportForm *self)
{
  g_return_val_if_fail (CN_IS_REPORT_FORM (self), FALSE);

  return self->cofinancing;
}

guint
cn_report_form_get_n_plan_actions (CnReportForm *self)
{
  return self->plan_checks->len;
}

void
cn_report_form_tick_plan_action (CnReportForm *self,
                                 guint         index)
{
  g_return_if_fail (index < self->plan_checks->len);
  gtk_check_button_set_active (self->plan_checks->pdata[index], TRUE);
}
