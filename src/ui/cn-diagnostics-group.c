/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-diagnostics-group"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-diagnostic.h"
#include "cn-diagnostic-window.h"
#include "cn-diagnostics-group.h"
#include "cn-util.h"

struct _CnDiagnosticsGroup
{
  AdwPreferencesGroup parent_instance;

  CnStore   *store;
  char      *company_id;
  GPtrArray *questionnaires;  /* of CnReferential, loaded once */
  GPtrArray *rows;            /* what refresh removes */
  GtkWidget *start_button;
};

G_DEFINE_FINAL_TYPE (CnDiagnosticsGroup, cn_diagnostics_group, ADW_TYPE_PREFERENCES_GROUP)

static CnReferential *
find_referential (CnDiagnosticsGroup *self,
                  const char         *id,
                  int                 version)
{
  for (guint i = 0; self->questionnaires && i < self->questionnaires->len; i++)
    {
      CnReferential *referential = self->questionnaires->pdata[i];

      if (g_str_equal (cn_referential_get_id (referential), id) &&
          (version == 0 || cn_referential_get_version (referential) == version))
        return referential;
    }
  return NULL;
}

static void
add_row (CnDiagnosticsGroup *self,
         GtkWidget          *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

static void
report_error (CnDiagnosticsGroup *self,
              GError             *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              _("The diagnostic could not be opened"), NULL);

  /* Plain text: the message may quote a file name. */
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_diagnostic_window_destroyed (CnDiagnosticsGroup *self)
{
  /* Answers are written by the window's own connection: read again. */
  cn_diagnostics_group_refresh (self);
}

static void
watch (CnDiagnosticsGroup *self,
       CnDiagnosticWindow *window)
{
  if (window != NULL)
    g_signal_connect_object (window, "destroy", G_CALLBACK (on_diagnostic_window_destroyed),
                             self, G_CONNECT_SWAPPED);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CnDiagnosticsGroup *self = CN_DIAGNOSTICS_GROUP (widget);
  g_autoptr(GError) error = NULL;
  CnDiagnosticWindow *window;

  window = cn_diagnostic_window_start (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, self->company_id,
                                       g_variant_get_string (parameter, NULL), &error);
  if (window == NULL)
    report_error (self, error);
  watch (self, window);
  cn_diagnostics_group_refresh (self);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CnDiagnosticsGroup *self = CN_DIAGNOSTICS_GROUP (widget);
  g_autoptr(GError) error = NULL;
  CnDiagnosticWindow *window;

  window = cn_diagnostic_window_open (GTK_WINDOW (gtk_widget_get_root (widget)), self->store,
                                      g_variant_get_string (parameter, NULL), &error);
  if (window == NULL)
    report_error (self, error);
  watch (self, window);
}

static GtkWidget *
plain_row (const char *title,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static const char *
level_name (CnReferential *referential,
            const char    *level_id)
{
  const CnLevel *level = referential ? cn_referential_find_level (referential, level_id) : NULL;

  return level ? level->name : level_id;
}

/* "From one level to the next": the last two diagnostics of the same
 * questionnaire, dimension by dimension. */
static void
add_progress (CnDiagnosticsGroup *self,
              GPtrArray          *completed)
{
  CnDiagnostic *before, *last;
  CnReferential *referential;
  g_autofree char *date = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  guint b, a;
  int gap;

  if (!cn_diagnostic_find_progress (completed, &b, &a))
    return;
  before = completed->pdata[b];
  last = completed->pdata[a];
  referential = find_referential (self, last->questionnaire, last->version);
  date = cn_format_date_for_display (before->completed_at);
  gap = last->overall - before->overall;
  /* Translators: %s is a date */
  title = g_strdup_printf (_("Progress since %s"), date);
  if (g_strcmp0 (last->level, before->level) != 0)
    /* Translators: from one maturity level to another, then the change of the score */
    subtitle = g_strdup_printf (_("From “%s” to “%s”, %+d points"),
                                level_name (referential, before->level),
                                level_name (referential, last->level), gap);
  else
    subtitle = g_strdup_printf (_("Still “%s”, %+d points"), level_name (referential, last->level), gap);

  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  for (guint d = 0; referential && d < cn_referential_get_n_dimensions (referential); d++)
    {
      const CnDimension *dimension = cn_referential_get_dimension (referential, d);
      int from = cn_diagnostic_get_score (before, dimension->id);
      int to = cn_diagnostic_get_score (last, dimension->id);
      g_autofree char *change = NULL;
      GtkWidget *child;

      if (from < 0 || to < 0)
        continue;
      /* Translators: a dimension's score before → after, and the change */
      change = g_strdup_printf (_("%d → %d (%+d)"), from, to, to - from);
      child = plain_row (dimension->title, NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (child), gtk_label_new (change));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), child);
    }
  add_row (self, row);
}

void
cn_diagnostics_group_refresh (CnDiagnosticsGroup *self)
{
  g_autoptr(GPtrArray) completed = NULL;
  g_autoptr(CnDiagnostic) open = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  if (self->company_id == NULL)
    return;

  open = cn_store_find_open_diagnostic (self->store, self->company_id, &error);
  if (open != NULL)
    {
      CnReferential *referential = find_referential (self, open->questionnaire, open->version);
      guint n_questions = referential ? cn_referential_get_n_questions (referential) : 0;
      g_autofree char *date = cn_format_date_for_display (open->started_at);
      /* Translators: a diagnostic in progress: answers given out of the questions, and the day it started */
      g_autofree char *subtitle = g_strdup_printf (_("%u of %u answered · started on %s"),
                                                   g_hash_table_size (open->answers), n_questions, date);
      GtkWidget *row = plain_row (referential ? cn_referential_get_title (referential) : open->questionnaire, subtitle);
      GtkWidget *resume = gtk_button_new_with_mnemonic (_("_Resume"));

      gtk_widget_add_css_class (resume, "suggested-action");
      gtk_widget_set_valign (resume, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (resume), "diagnostics.open");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (resume), "s", open->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), resume);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), resume);
      add_row (self, row);
    }

  completed = cn_store_list_diagnostics (self->store, self->company_id, &error);
  if (completed == NULL)
    {
      g_warning ("Cannot list diagnostics: %s", error->message);
      return;
    }
  add_progress (self, completed);
  /* Newest first, as a history reads. */
  for (int i = (int) completed->len - 1; i >= 0; i--)
    {
      CnDiagnostic *diagnostic = completed->pdata[i];
      CnReferential *referential = find_referential (self, diagnostic->questionnaire, diagnostic->version);
      g_autofree char *date = cn_format_date_for_display (diagnostic->completed_at);
      /* Translators: a diagnostic's result: the level's name and the score out of 100 */
      g_autofree char *title = g_strdup_printf (_("%s — %d/100"), level_name (referential, diagnostic->level),
                                                diagnostic->overall);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", date,
                                                   referential ? cn_referential_get_title (referential)
                                                               : diagnostic->questionnaire);
      GtkWidget *row = plain_row (title, subtitle);
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
      const CnLevel *level = referential ? cn_referential_find_level (referential, diagnostic->level) : NULL;

      if (level != NULL)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name (level->icon);

          gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "diagnostics.open");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", diagnostic->id);
      add_row (self, row);
    }
  if (open == NULL && completed->len == 0)
    {
      GtkWidget *row = plain_row (_("No diagnostic yet"), _("About ten minutes, with the owner or for them."));

      gtk_widget_add_css_class (row, "dim-label");
      add_row (self, row);
    }
}

void
cn_diagnostics_group_set_company (CnDiagnosticsGroup *self,
                                  const char         *company_id)
{
  cn_set_str (&self->company_id, company_id);
  cn_diagnostics_group_refresh (self);
}

static void
cn_diagnostics_group_finalize (GObject *object)
{
  CnDiagnosticsGroup *self = CN_DIAGNOSTICS_GROUP (object);

  g_clear_object (&self->store);
  g_free (self->company_id);
  g_clear_pointer (&self->questionnaires, g_ptr_array_unref);
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (cn_diagnostics_group_parent_class)->finalize (object);
}

static void
cn_diagnostics_group_class_init (CnDiagnosticsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cn_diagnostics_group_finalize;
  gtk_widget_class_install_action (widget_class, "diagnostics.start", "s", start_action);
  gtk_widget_class_install_action (widget_class, "diagnostics.open", "s", open_action);
}

static void
cn_diagnostics_group_init (CnDiagnosticsGroup *self)
{
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Diagnostics"));
}

GtkWidget *
cn_diagnostics_group_new (CnStore *store)
{
  CnDiagnosticsGroup *self = g_object_new (CN_TYPE_DIAGNOSTICS_GROUP, NULL);
  g_autofree char *data_dir = g_path_get_dirname (cn_store_get_path (store));
  g_autofree char *extra = g_build_filename (data_dir, "referential", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();

  self->store = g_object_ref (store);
  self->questionnaires = cn_referential_list_available (extra, &error);
  if (self->questionnaires == NULL)
    {
      /* A broken file in the user's folder must not hide the shipped ones. */
      g_warning ("%s", error->message);
      self->questionnaires = cn_referential_list_available (NULL, NULL);
    }

  /* One entry per questionnaire, newest version (the list is sorted by
   * id, newest first). */
  for (guint i = 0; self->questionnaires && i < self->questionnaires->len; i++)
    {
      CnReferential *referential = self->questionnaires->pdata[i];
      g_autoptr(GMenuItem) item = NULL;

      if (i > 0 && g_str_equal (cn_referential_get_id (self->questionnaires->pdata[i - 1]),
                                cn_referential_get_id (referential)))
        continue;
      item = g_menu_item_new (cn_referential_get_title (referential), NULL);
      g_menu_item_set_action_and_target (item, "diagnostics.start", "s", cn_referential_get_id (referential));
      g_menu_append_item (menu, item);
    }
  self->start_button = gtk_menu_button_new ();
  gtk_menu_button_set_label (GTK_MENU_BUTTON (self->start_button), _("Start"));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->start_button), G_MENU_MODEL (menu));
  gtk_widget_add_css_class (self->start_button, "flat");
  gtk_widget_set_tooltip_text (self->start_button, _("Start a diagnostic"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->start_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Start a diagnostic"), -1);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), self->start_button);
  return GTK_WIDGET (self);
}
