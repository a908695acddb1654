/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-reports-group"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-error.h"
#include "cn-referential.h"
#include "cn-report-form.h"
#include "cn-report.h"
#include "cn-reports-group.h"
#include "cn-util.h"
#include "cn-widgets.h"

struct _CnReportsGroup
{
  AdwPreferencesGroup parent_instance;

  CnStore       *store;
  char          *company_id;
  CnReferential *referential;   /* the default questionnaire, for level names */
  GPtrArray     *rows;          /* what refresh removes */
  guint          n_reports;
};

G_DEFINE_FINAL_TYPE (CnReportsGroup, cn_reports_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  REPORT_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- what a report shows -------------------------------------------------- */

/* "YYYY-MM-DD" as shown in lists ("March 3, 2026"). */
static char *
format_day (const char *date)
{
  g_autofree char *noon = g_strdup_printf ("%sT12:00:00Z", date ? date : "");
  char *text = cn_format_date_for_display (noon);

  if (*text == '\0')
    {
      g_free (text);
      return g_strdup (date ? date : "");
    }
  return text;
}

static char *
first_line (const char *text)
{
  const char *end = strchr (text ? text : "", '\n');

  return end ? g_strndup (text, end - text) : g_strdup (text ? text : "");
}

static char *
level_text (CnReferential *referential,
            int            level)
{
  const CnLevel *found;

  if (level < 1)
    return g_strdup (_("Not assessed"));
  found = referential && (guint) level <= cn_referential_get_n_levels (referential)
          ? cn_referential_get_level (referential, level - 1) : NULL;
  if (found != NULL)
    return g_strdup_printf (_("%u. %s"), (guint) level, found->name);
  return g_strdup_printf (_("Level %u"), (guint) level);
}

static GtkWidget *
plain_row (const char *title,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

/* A label and its value, the value whole (several lines) and in the
 * foreground: what libadwaita 1.3 calls a "property" row. */
static GtkWidget *
field_row (const char *label,
           const char *value)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *caption = gtk_label_new (label);
  GtkWidget *text = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

typedef void (*AddRow) (GtkWidget *container,
                        GtkWidget *row);

static void
add_to_group (GtkWidget *group,
              GtkWidget *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
}

static void
add_to_expander (GtkWidget *expander,
                 GtkWidget *row)
{
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
}

static char *
join_lines (GStrv lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; lines && lines[i]; i++)
    g_string_append_printf (text, "%s• %s", i ? "\n" : "", lines[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_report_rows (GtkWidget     *container,
                 AddRow         add,
                 CnReport      *report,
                 CnReferential *referential)
{
  g_autofree char *date = format_day (report->date);
  g_autofree char *before = level_text (referential, report->maturity_before);
  g_autofree char *after = level_text (referential, report->maturity_after);
  g_autofree char *maturity = NULL;

  add (container, field_row (_("Date"), date));
  add (container, field_row (_("Summary"), report->summary));
  if (report->actions_done[0] != NULL)
    {
      g_autofree char *text = join_lines (report->actions_done);
      add (container, field_row (_("Actions Done"), text));
    }
  if (report->next_steps[0] != NULL)
    {
      g_autofree char *text = join_lines (report->next_steps);
      add (container, field_row (_("Next Steps"), text));
    }
  if (report->maturity_before > 0 || report->maturity_after > 0)
    {
      /* Translators: maturity level before → after the support */
      maturity = g_strdup_printf (_("%s → %s"), before, after);
      add (container, field_row (_("Maturity"), maturity));
    }
  if (report->time_spent_minutes >= 0)
    {
      g_autofree char *text = NULL;

      if (report->time_spent_minutes >= 60)
        /* Translators: a duration in hours and minutes */
        text = g_strdup_printf (_("%d h %02d min"), report->time_spent_minutes / 60, report->time_spent_minutes % 60);
      else
        text = g_strdup_printf (_("%d min"), report->time_spent_minutes);
      add (container, field_row (_("Time Spent"), text));
    }
  if (report->satisfaction > 0)
    {
      g_autofree char *text = g_strdup_printf (_("%d/5"), report->satisfaction);
      add (container, field_row (_("Satisfaction"), text));
    }
  add (container, field_row (_("Connected-commerce elements put in place"),
                             report->connected_commerce ? _("Yes") : _("No")));
  if (report->cofinancing_amount_cents >= 0)
    {
      g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT ".%02d",
                                                 report->cofinancing_amount_cents / 100,
                                                 (int) (report->cofinancing_amount_cents % 100));
      /* Translators: a co-financing amount in euros, then its status */
      g_autofree char *text = g_strdup_printf (_("%s € · %s"), amount,
                                               cn_cofinancing_status_label (report->cofinancing_status));

      add (container, field_row (_("Co-financing"), text));
    }
}

/* ---- the report dialog ---------------------------------------------------- */

static void on_form_saved (CnReportsGroup *self,
                           const char     *report_id);

static void
present_form (CnReportsGroup *self,
              CnReportForm   *form,
              GtkWindow      *parent)
{
  g_signal_connect_object (form, "saved", G_CALLBACK (on_form_saved), self, G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (form), parent);
  gtk_window_present (GTK_WINDOW (form));
}

static void
on_correct_clicked (GtkButton *button G_GNUC_UNUSED,
                    GtkWindow *dialog)
{
  CnReportsGroup *self = g_object_get_data (G_OBJECT (dialog), "cn-group");
  const char *id = g_object_get_data (G_OBJECT (dialog), "cn-report-id");
  GtkWindow *parent = gtk_window_get_transient_for (dialog);

  present_form (self, cn_report_form_new_correction (self->store, id), parent);
  gtk_window_destroy (dialog);
}

static GtkWidget *
report_dialog_new (CnReportsGroup *self,
                   const char     *report_id,
                   GError        **error)
{
  g_autoptr(GPtrArray) revisions = cn_store_list_report_revisions (self->store, report_id, error);
  CnReport *current;
  GtkWidget *dialog, *box, *header, *title, *correct, *page, *group;
  g_autofree char *day = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *written = NULL;
  g_autofree char *description = NULL;

  if (revisions == NULL)
    return NULL;
  if (revisions->len == 0)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("This report no longer exists."));
      return NULL;
    }
  current = revisions->pdata[revisions->len - 1];

  dialog = g_object_new (ADW_TYPE_WINDOW,
                         "modal", TRUE,
                         "default-width", 560,
                         "default-height", 680,
                         "title", _("Report"),
                         NULL);
  g_object_set_data_full (G_OBJECT (dialog), "cn-group", g_object_ref (self), g_object_unref);
  g_object_set_data_full (G_OBJECT (dialog), "cn-report-id", g_strdup (report_id), g_free);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  day = format_day (current->date);
  /* Translators: the title of a report's window; %s is its date */
  subtitle = g_strdup_printf (_("Report of %s"), day);
  title = adw_window_title_new (subtitle, NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  correct = gtk_button_new_with_mnemonic (_("C_orrect…"));
  gtk_widget_set_tooltip_text (correct, _("Write a corrected revision; this one stays readable"));
  g_signal_connect (correct, "clicked", G_CALLBACK (on_correct_clicked), dialog);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), correct);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  group = adw_preferences_group_new ();
  written = cn_format_datetime_for_display (current->written_at);
  if (current->number > 1)
    {
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Current Revision"));
      /* Translators: a report's revision number, and when it was written */
      description = g_strdup_printf (_("Revision %d, written on %s"), current->number, written);
    }
  else
    /* Translators: %s is when the report was written */
    description = g_strdup_printf (_("Written on %s"), written);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  add_report_rows (group, add_to_group, current, self->referential);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  if (revisions->len > 1)
    {
      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Earlier Revisions"));
      for (int i = (int) revisions->len - 2; i >= 0; i--)
        {
          CnReport *revision = revisions->pdata[i];
          g_autofree char *when = cn_format_datetime_for_display (revision->written_at);
          g_autofree char *name = g_strdup_printf (_("Revision %d"), revision->number);
          /* Translators: %s is when a revision was written */
          g_autofree char *sub = g_strdup_printf (_("Written on %s"), when);
          GtkWidget *expander = adw_expander_row_new ();

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), name);
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), sub);
          add_report_rows (expander, add_to_expander, revision, self->referential);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);
        }
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
    }

  adw_window_set_content (ADW_WINDOW (dialog), box);
  return dialog;
}

static void
report_error (CnReportsGroup *self,
              GError         *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("The report could not be opened"), NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- actions -------------------------------------------------------------- */

static void
on_form_saved (CnReportsGroup *self,
               const char     *report_id)
{
  cn_reports_group_refresh (self);
  g_signal_emit (self, signals[REPORT_SAVED], 0, report_id);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name G_GNUC_UNUSED,
            GVariant   *parameter G_GNUC_UNUSED)
{
  CnReportsGroup *self = CN_REPORTS_GROUP (widget);

  if (self->company_id == NULL)
    return;
  present_form (self, cn_report_form_new (self->store, self->company_id, NULL),
                GTK_WINDOW (gtk_widget_get_root (widget)));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name G_GNUC_UNUSED,
             GVariant   *parameter)
{
  CnReportsGroup *self = CN_REPORTS_GROUP (widget);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog = report_dialog_new (self, g_variant_get_string (parameter, NULL), &error);

  if (dialog == NULL)
    {
      report_error (self, error);
      cn_reports_group_refresh (self);
      return;
    }
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the list ------------------------------------------------------------- */

static void
add_row (CnReportsGroup *self,
         GtkWidget      *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

void
cn_reports_group_refresh (CnReportsGroup *self)
{
  g_autoptr(GPtrArray) reports = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CN_IS_REPORTS_GROUP (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  self->n_reports = 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.new", self->company_id != NULL);
  if (self->company_id == NULL)
    return;

  reports = cn_store_list_reports (self->store, self->company_id, &error);
  if (reports == NULL)
    {
      g_warning ("Cannot list reports: %s", error->message);
      return;
    }
  for (guint i = 0; i < reports->len; i++)
    {
      CnReport *report = reports->pdata[i];
      g_autofree char *title = first_line (report->summary);
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autofree char *day = format_day (report->date);
      GtkWidget *row, *arrow;

      g_string_append (subtitle, day);
      if (report->number > 1)
        g_string_append_printf (subtitle, " · %s", _("corrected"));
      if (report->satisfaction > 0)
        {
          /* Translators: the business owner's satisfaction, out of 5 */
          g_autofree char *text = g_strdup_printf (_("satisfaction %d/5"), report->satisfaction);

          g_string_append_printf (subtitle, " · %s", text);
        }

      row = plain_row (title, subtitle->str);
      arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "reports.open");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", report->id);
      add_row (self, row);
      self->n_reports++;
    }
  if (reports->len == 0)
    {
      GtkWidget *row = plain_row (_("No report yet"), _("Write one after each appointment, to keep track of the support."));

      gtk_widget_add_css_class (row, "dim-label");
      add_row (self, row);
    }
}

void
cn_reports_group_set_company (CnReportsGroup *self,
                              const char     *company_id)
{
  g_return_if_fail (CN_IS_REPORTS_GROUP (self));

  cn_set_str (&self->company_id, company_id);
  cn_reports_group_refresh (self);
}

guint
cn_reports_group_get_n_reports (CnReportsGroup *self)
{
  g_return_val_if_fail (CN_IS_REPORTS_GROUP (self), 0);

  return self->n_reports;
}

static void
cn_reports_group_finalize (GObject *object)
{
  CnReportsGroup *self = CN_REPORTS_GROUP (object);

  g_clear_object (&self->store);
  g_free (self->company_id);
  g_clear_pointer (&self->referential, cn_referential_unref);
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (cn_reports_group_parent_class)->finalize (object);
}

static void
cn_reports_group_class_init (CnReportsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cn_reports_group_finalize;

  /* After a report was written or corrected; the report's id. */
  signals[REPORT_SAVED] = g_signal_new ("report-saved",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "reports.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "reports.open", "s", open_action);
}

static void
cn_reports_group_init (CnReportsGroup *self)
{
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Progress Reports"));
}

GtkWidget *
cn_reports_group_new (CnStore *store)
{
  CnReportsGroup *self;
  GtkWidget *button;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_REPORTS_GROUP, NULL);
  self->store = g_object_ref (store);
  self->referential = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, NULL);

  button = cn_icon_button_new ("list-add-symbolic", _("Write a Report"), "reports.new");
  gtk_widget_add_css_class (button, "flat");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), button);
  cn_reports_group_refresh (self);
  return GTK_WIDGET (self);
}
