/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-company-form.h"
#include "cn-agenda-view.h"
#include "cn-catalogue-view.h"
#include "cn-appointment-form.h"
#include "cn-company-page.h"
#include "cn-dashboard-view.h"
#include "cn-diagnostic.h"
#include "cn-diagnostic-window.h"
#include "cn-csv.h"
#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-lead.h"
#include "cn-leads-view.h"
#include "cn-naf.h"
#include "cn-outreach-view.h"
#include "cn-report-form.h"
#include "cn-profile.h"
#include "cn-sync-status.h"
#include "cn-sync-view.h"
#include "cn-widgets.h"
#include "cn-util.h"
#include "cn-window.h"

/* Typing pauses shorter than this do not re-run the search. */
#define SEARCH_DELAY_MS 150

struct _CnWindow
{
  AdwApplicationWindow parent_instance;

  CnStore *store;
  CnCompanyList *companies;
  GSettings *settings;
  CnCompanyBackup *deleted;       /* for undo */
  GtkWindow *open_form;
  guint search_timeout;
  gboolean importing;

  GtkWidget *toast_overlay;
  GtkWidget *label_bar, *label_warning;
  GtkWidget *leaflet;
  GtkWidget *content;          /* "company" (the page) or a section */
  GtkWidget *list_separator;
  GtkWidget *sections_list;    /* Agenda, Awareness, Indicators */
  GtkWidget *agenda_view;
  GtkWidget *outreach_view;
  GtkWidget *dashboard_view;
  GtkWidget *leads_view, *sync_view;
  GtkWidget *catalogue_view;   /* built the first time it is shown */
  GtkWidget *catalogue_holder;
  GtkWidget *leads_count, *sync_badge;   /* in the sections' rows */
  CnSyncEngine *sync_engine;
  GtkWidget *sidebar_list;
  GtkWidget *list_pane;
  GtkWidget *list_title;
  GtkWidget *search_entry;
  GtkWidget *list_stack;
  GtkWidget *list_view;
  GtkSingleSelection *selection;
  GtkWidget *page;
  GtkWidget *department_dropdown, *section_dropdown, *headcount_dropdown, *sort_dropdown;
  GtkWidget *status_count_labels[CN_COMPANY_N_STATUSES + 1];
  GStrv departments;              /* codes behind the department dropdown */
};

G_DEFINE_FINAL_TYPE (CnWindow, cn_window, ADW_TYPE_APPLICATION_WINDOW)

static void
toast (CnWindow   *self,
       const char *text)
{
  /* Toast titles are markup in libadwaita 1.2: escape what we show. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *t = adw_toast_new (escaped);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toast_overlay), t);
}

static void
show_error (CnWindow   *self,
            const char *heading,
            const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- list ------------------------------------------------------------- */

static void
update_counts (CnWindow *self)
{
  guint counts[CN_COMPANY_N_STATUSES];
  guint total = 0;
  g_autoptr(GError) error = NULL;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->companies));
  g_autofree char *subtitle = NULL;
  const CnCompanyFilter *filter = cn_company_list_get_filter (self->companies);
  gboolean filtered;

  if (!cn_store_count_by_status (self->store, counts, &error))
    {
      g_warning ("%s", error->message);
      return;
    }
  for (guint i = 0; i < CN_COMPANY_N_STATUSES; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", counts[i]);
      gtk_label_set_text (GTK_LABEL (self->status_count_labels[i + 1]), text);
      total += counts[i];
    }
  {
    g_autofree char *text = g_strdup_printf ("%u", total);
    gtk_label_set_text (GTK_LABEL (self->status_count_labels[0]), text);
  }

  if (self->importing)
    subtitle = g_strdup (_("Importing…"));
  else
    subtitle = g_strdup_printf (ngettext ("%u company", "%u companies", shown), shown);
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->list_title), subtitle);

  filtered = (filter->search && *filter->search) || filter->status >= 0 || filter->department ||
             filter->naf_section || filter->headcount;
  if (total == 0)
    gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "empty");
  else if (shown == 0 && filtered)
    gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "no-results");
  else
    gtk_stack_set_visible_child_name (GTK_STACK (self->list_stack), "list");
}

static void
apply_filter (CnWindow *self)
{
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
  GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->sidebar_list));
  guint dep = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->department_dropdown));
  guint section = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->section_dropdown));
  guint headcount = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->headcount_dropdown));
  guint n;
  const CnNafSection *sections = cn_naf_sections (&n);
  const CnHeadcountBracket *brackets = cn_headcount_brackets (&n);

  filter.search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  filter.status = row ? gtk_list_box_row_get_index (row) - 1 : -1;
  if (dep > 0 && dep != GTK_INVALID_LIST_POSITION && self->departments &&
      dep <= g_strv_length (self->departments))
    filter.department = self->departments[dep - 1];
  if (section > 0 && section != GTK_INVALID_LIST_POSITION)
    filter.naf_section = sections[section - 1].letter;
  if (headcount > 0 && headcount != GTK_INVALID_LIST_POSITION)
    filter.headcount = brackets[headcount - 1].code;
  filter.sort = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->sort_dropdown)) == 1
    ? CN_COMPANY_SORT_LAST_ACTIVITY : CN_COMPANY_SORT_NAME;

  cn_company_list_set_filter (self->companies, &filter);
  update_counts (self);
}

static gboolean
search_timeout_cb (gpointer data)
{
  CnWindow *self = data;

  self->search_timeout = 0;
  apply_filter (self);
  return G_SOURCE_REMOVE;
}

static void
on_search_changed (GtkSearchEntry *entry,
                   CnWindow       *self)
{
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  self->search_timeout = g_timeout_add (SEARCH_DELAY_MS, search_timeout_cb, self);
}

static void
on_filter_changed (GObject    *object,
                   GParamSpec *pspec,
                   CnWindow   *self)
{
  apply_filter (self);
}

/* The portfolio (a status chosen) or one of the sections. */
static void
show_portfolio (CnWindow *self)
{
  gtk_widget_set_visible (self->list_pane, TRUE);
  gtk_widget_set_visible (self->list_separator, TRUE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->content), "company");
}

static void
on_sidebar_selected (GtkListBox    *box,
                     GtkListBoxRow *row,
                     CnWindow      *self)
{
  if (row != NULL)
    {
      gtk_list_box_unselect_all (GTK_LIST_BOX (self->sections_list));
      show_portfolio (self);
    }
  apply_filter (self);
  if (row && adw_leaflet_get_folded (ADW_LEAFLET (self->leaflet)))
    adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->list_pane);
}

static void
company_row_update (GtkWidget *row,
                    CnCompany *company)
{
  GtkWidget *name = g_object_get_data (G_OBJECT (row), "name");
  GtkWidget *details = g_object_get_data (G_OBJECT (row), "details");
  GtkWidget *status = g_object_get_data (G_OBJECT (row), "status");
  g_autoptr(GString) text = g_string_new (NULL);
  const char *naf = cn_company_get_naf (company);

  gtk_inscription_set_text (GTK_INSCRIPTION (name), cn_company_get_name (company));
  if (cn_company_get_commune (company))
    g_string_append (text, cn_company_get_commune (company));
  if (cn_company_get_department (company))
    g_string_append_printf (text, " (%s)", cn_company_get_department (company));
  if (naf)
    g_string_append_printf (text, "%s%s", text->len ? " · " : "", cn_naf_label (naf));
  gtk_inscription_set_text (GTK_INSCRIPTION (details), text->str);
  gtk_label_set_text (GTK_LABEL (status), cn_company_status_label (cn_company_get_status (company)));
}

static void
on_item_changed (CnCompany *company,
                 GtkWidget *row)
{
  company_row_update (row, company);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  /* Inscriptions, not labels: a list view of GTK 4.8 makes 200 rows, and
   * an inscription's size comes from the font alone, without laying out
   * its text. */
  GtkWidget *name = gtk_inscription_new (NULL);
  GtkWidget *details = gtk_inscription_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);

  gtk_widget_set_margin_top (row, 9);
  gtk_widget_set_margin_bottom (row, 9);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (name), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (details), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), details);
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status, "cn-status");
  gtk_widget_add_css_class (status, "caption");
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), status);
  g_object_set_data (G_OBJECT (row), "name", name);
  g_object_set_data (G_OBJECT (row), "details", details);
  g_object_set_data (G_OBJECT (row), "status", status);
  gtk_list_item_set_child (item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  CnCompany *company = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  company_row_update (row, company);
  g_signal_connect_object (company, "changed", G_CALLBACK (on_item_changed), row, 0);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  CnCompany *company = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);

  if (company)
    g_signal_handlers_disconnect_by_func (company, on_item_changed, row);
}

static void
update_company_actions (CnWindow *self)
{
  gboolean shown = cn_company_page_get_company_id (CN_COMPANY_PAGE (self->page)) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-company", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-company", shown);
}

static void
show_company (CnWindow   *self,
              const char *id)
{
  cn_company_page_set_company_id (CN_COMPANY_PAGE (self->page), id);
  update_company_actions (self);
}

static void
show_selected (CnWindow *self)
{
  CnCompany *company = gtk_single_selection_get_selected_item (self->selection);

  show_company (self, company ? cn_company_get_id (company) : NULL);
}

static void
on_selection_changed (GtkSingleSelection *selection,
                      GParamSpec         *pspec,
                      CnWindow           *self)
{
  show_selected (self);
}

static void
on_row_activated (GtkListView *view,
                  guint        position,
                  CnWindow    *self)
{
  gtk_single_selection_set_selected (self->selection, position);
  show_selected (self);
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->content);
}

static void update_section_counts (CnWindow *self);

static void
on_store_changed (CnStore  *store,
                  CnWindow *self)
{
  update_counts (self);
  update_section_counts (self);
}

/* ---- actions ---------------------------------------------------------- */

static void
on_form_saved (CnCompanyForm *form,
               CnCompany     *company,
               CnWindow      *self)
{
  g_autofree char *message = g_strdup_printf (_("“%s” saved"), cn_company_get_name (company));

  show_company (self, cn_company_get_id (company));
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->content);
  toast (self, message);
}

static void
on_form_destroyed (GtkWidget *form,
                   CnWindow  *self)
{
  if (self->open_form == GTK_WINDOW (form))
    self->open_form = NULL;
}

static void
open_form (CnWindow  *self,
           CnCompany *company)
{
  CnCompanyForm *form = cn_company_form_new (self->store, company);

  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (self));
  g_signal_connect (form, "saved", G_CALLBACK (on_form_saved), self);
  g_signal_connect (form, "destroy", G_CALLBACK (on_form_destroyed), self);
  self->open_form = GTK_WINDOW (form);
  gtk_window_present (GTK_WINDOW (form));
}

static void
new_company_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  open_form (CN_WINDOW (widget), NULL);
}

static void
edit_company_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  const char *id = cn_company_page_get_company_id (CN_COMPANY_PAGE (self->page));
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) error = NULL;

  if (id == NULL)
    return;
  cn_company_page_flush (CN_COMPANY_PAGE (self->page));
  company = cn_store_get_company (self->store, id, &error);
  if (company)
    open_form (self, company);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompanyBackup) backup = g_steal_pointer (&self->deleted);

  if (backup == NULL)
    return;
  if (!cn_store_restore_company (self->store, backup, &error))
    show_error (self, _("The company could not be restored"), error->message);
}

static void
delete_company_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  g_autofree char *id = g_strdup (cn_company_page_get_company_id (CN_COMPANY_PAGE (self->page)));
  g_autoptr(GError) error = NULL;
  CnCompanyBackup *backup = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  AdwToast *t;

  if (id == NULL)
    return;
  cn_company_page_flush (CN_COMPANY_PAGE (self->page));
  company = cn_store_get_company (self->store, id, NULL);
  if (!cn_store_delete_company (self->store, id, &backup, &error))
    {
      show_error (self, _("The company could not be deleted"), error->message);
      return;
    }

  g_clear_pointer (&self->deleted, cn_company_backup_free);
  self->deleted = backup;
  show_company (self, NULL);
  if (adw_leaflet_get_folded (ADW_LEAFLET (self->leaflet)))
    adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->list_pane);

  title = g_strdup_printf (_("“%s” deleted"), company ? cn_company_get_name (company) : "");
  escaped = g_markup_escape_text (title, -1);
  t = adw_toast_new (escaped);
  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_action_name (t, "win.undo-delete");
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toast_overlay), t);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CnWindow *self = CN_WINDOW (widget);

  if (adw_leaflet_get_folded (ADW_LEAFLET (self->leaflet)))
    adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->list_pane);
  gtk_widget_grab_focus (self->search_entry);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CnWindow *self = CN_WINDOW (widget);

  adw_leaflet_navigate (ADW_LEAFLET (self->leaflet), ADW_NAVIGATION_DIRECTION_BACK);
}

/* Ctrl+Shift+N, from anywhere: for the company shown, if any. */
static void
new_appointment_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  const char *company = g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->content)), "company") == 0
                        ? cn_company_page_get_company_id (CN_COMPANY_PAGE (self->page)) : NULL;
  CnAppointmentForm *form = cn_appointment_form_new (self->store, company, NULL);

  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (form));
}

/* A prospect first answers the questionnaire; the company record is made
 * at the end, from the results. */
static void
start_prospect_diagnostic (CnWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (cn_diagnostic_window_start (GTK_WINDOW (self), self->store, NULL, NULL, &error) == NULL)
    show_error (self, _("The diagnostic could not be opened"), error->message);
}

static void
on_prospect_response (AdwMessageDialog *dialog,
                      const char       *response,
                      CnWindow         *self)
{
  const char *open_id = g_object_get_data (G_OBJECT (dialog), "diagnostic");
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "resume"))
    {
      if (cn_diagnostic_window_open (GTK_WINDOW (self), self->store, open_id, &error) == NULL)
        show_error (self, _("The diagnostic could not be opened"), error->message);
    }
  else if (g_str_equal (response, "new"))
    {
      /* A prospect's unfinished diagnostic belongs to nobody: starting
       * afresh discards it. */
      if (!cn_store_delete_diagnostic (self->store, open_id, &error))
        show_error (self, _("The diagnostic could not be opened"), error->message);
      else
        start_prospect_diagnostic (self);
    }
}

static void
prospect_diagnostic_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnDiagnostic) open = cn_store_find_open_diagnostic (self->store, NULL, &error);
  g_autofree char *date = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (open == NULL)
    {
      start_prospect_diagnostic (self);
      return;
    }
  /* Never continue a previous visitor's answers by mistake. */
  date = cn_format_datetime_for_display (open->updated_at);
  body = g_strdup_printf (ngettext ("A prospect's diagnostic from %s is unfinished (%u answer). Resume it, or discard it and start a new one?",
                                    "A prospect's diagnostic from %s is unfinished (%u answers). Resume it, or discard it and start a new one?",
                                    g_hash_table_size (open->answers)),
                          date, g_hash_table_size (open->answers));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Unfinished Diagnostic"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "new", _("_Discard and Start New"),
                                    "resume", _("_Resume"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "new", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "resume", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "resume");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "diagnostic", g_strdup (open->id), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_prospect_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_error_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  show_error (CN_WINDOW (widget), _("The change could not be saved"),
              g_variant_get_string (parameter, NULL));
}

static void
report_import (CnWindow       *self,
               CnImportReport *report,
               const char     *name)
{
  g_autofree char *summary = g_strdup_printf (_("%u added, %u updated, %u unchanged, %u skipped"),
                                              report->added, report->updated,
                                              report->unchanged, report->skipped);

  if (report->problems->len == 0)
    {
      g_autofree char *message = g_strdup_printf (_("%s imported: %s"), name, summary);
      toast (self, message);
      return;
    }
  {
    g_autoptr(GString) body = g_string_new (summary);
    g_autofree char *heading = g_strdup_printf (_("%s imported with problems"), name);

    g_string_append (body, "\n");
    for (guint i = 0; i < report->problems->len && i < 30; i++)
      {
        CnImportProblem *p = g_ptr_array_index (report->problems, i);
        g_string_append_printf (body, "\n%s", p->message);
      }
    if (report->problems->len > 30)
      g_string_append_printf (body, "\n%s",
                              ngettext ("… and %u more problem", "… and %u more problems",
                                        report->problems->len - 30));
    show_error (self, heading, body->str);
  }
}

/* While an import runs, the list says so and no second one starts. (A
 * toast dismissed from code crashes libadwaita 1.2's animation.) */
static void
set_importing (CnWindow *self,
               gboolean  importing)
{
  self->importing = importing;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-csv", !importing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.load-sample", !importing);
  update_counts (self);
}

typedef struct {
  char *data_dir;
  char *path;
  char *name;
  GBytes *bytes;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_free (job->data_dir);
  g_free (job->path);
  g_free (job->name);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

/* Imports run on their own connection in a thread: a large spreadsheet
 * never freezes the window. */
static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = cn_store_open (job->data_dir, &error);
  CnImportReport *report = NULL;

  if (store)
    {
      if (job->bytes)
        {
          gsize len;
          const char *data = g_bytes_get_data (job->bytes, &len);
          report = cn_csv_import_data (store, data, len, job->name, NULL, NULL, &error);
        }
      else
        report = cn_csv_import_file (store, job->path, NULL, NULL, &error);
    }
  if (report)
    g_task_return_pointer (task, report, (GDestroyNotify) cn_import_report_free);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CnWindow *self = CN_WINDOW (source);
  ImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(CnImportReport) report = g_task_propagate_pointer (G_TASK (result), &error);

  cn_store_notify_changed (self->store);
  set_importing (self, FALSE);
  if (report == NULL)
    {
      g_autofree char *heading = g_strdup_printf (_("%s could not be imported"), job->name);
      show_error (self, heading, error->message);
      return;
    }
  report_import (self, report, job->name);
}

static void
start_import (CnWindow   *self,
              const char *path,
              GBytes     *bytes,
              const char *name)
{
  ImportJob *job = g_new0 (ImportJob, 1);
  g_autoptr(GTask) task = g_task_new (self, NULL, import_done, NULL);

  job->data_dir = g_path_get_dirname (cn_store_get_path (self->store));
  job->path = g_strdup (path);
  job->name = g_strdup (name);
  job->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
  set_importing (self, TRUE);
}

static void
on_import_response (GtkNativeDialog *dialog,
                    int              response,
                    CnWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *name = g_file_get_basename (file);

      if (path)
        start_import (self, path, NULL, name);
    }
  g_object_unref (dialog);
}

static void
import_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Import Companies"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                                               _("_Import"), _("_Cancel"));
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Spreadsheets (CSV)"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.CSV");
  gtk_file_filter_add_pattern (filter, "*.txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_import_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    CnWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      guint n = 0;

      if (path && cn_csv_export_file (self->store, cn_company_list_get_filter (self->companies), path, &n, &error))
        {
          g_autofree char *message = g_strdup_printf (ngettext ("%u company exported", "%u companies exported", n), n);
          toast (self, message);
        }
      else if (error)
        show_error (self, _("The list could not be exported"), error->message);
    }
  g_object_unref (dialog);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export the List"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                                               _("_Export"), _("_Cancel"));

  /* Translators: default file name of an export, keep .csv */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("portfolio.csv"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
load_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/croissanceconnectee/Connecteur/sample-portfolio.csv",
                                                     0, &error);

  if (bytes == NULL)
    {
      show_error (self, _("The sample portfolio is missing"), error->message);
      return;
    }
  start_import (self, NULL, bytes, _("Sample portfolio"));
}

/* ---- construction ----------------------------------------------------- */

static GtkWidget *
sidebar_row (CnWindow   *self,
             guint       index,
             const char *label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *count = gtk_label_new ("0");

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  self->status_count_labels[index] = count;
  return row;
}

/* Takes ownership of @model, as gtk_drop_down_new() does. */
static GtkWidget *
filter_dropdown (GtkWidget  *grid,
                 int         line,
                 const char *label,
                 GtkStringList *model)
{
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (model), NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  /* GTK 4.8 gives the drop-down's own button, the one that takes the
   * focus, no name: screen readers would read nothing. */
  for (GtkWidget *child = gtk_widget_get_first_child (dropdown); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_relation (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_RELATION_LABELLED_BY, title, NULL, -1);
  gtk_grid_attach (GTK_GRID (grid), title, 0, line, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), dropdown, 1, line, 1, 1);
  gtk_widget_set_hexpand (dropdown, TRUE);
  return dropdown;
}

static void
refill_departments (CnWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = cn_store_list_departments (self->store, &error);
  GtkStringList *model;

  if (codes == NULL || (self->departments && g_strv_equal ((const char * const *) codes, (const char * const *) self->departments)))
    return;

  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, _("All departments"));
  for (guint i = 0; codes[i]; i++)
    {
      const CnDepartment *dep = cn_geo_department_lookup (codes[i]);
      g_autofree char *text = g_strdup_printf ("%s — %s", codes[i], dep ? dep->name : "");
      gtk_string_list_append (model, text);
    }
  g_strfreev (self->departments);
  self->departments = g_steal_pointer (&codes);
  g_signal_handlers_block_by_func (self->department_dropdown, on_filter_changed, self);
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->department_dropdown), G_LIST_MODEL (model));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->department_dropdown), 0);
  g_signal_handlers_unblock_by_func (self->department_dropdown, on_filter_changed, self);
  g_object_unref (model);
}

static void
on_filters_revealed (GtkRevealer *revealer,
                     GParamSpec  *pspec,
                     CnWindow    *self)
{
  if (gtk_revealer_get_reveal_child (revealer))
    refill_departments (self);
}

/* The filters sit in a revealer under the search entry, inside the list
 * pane, so they stay in the widget tree. */
static GtkWidget *
build_filter_panel (CnWindow *self)
{
  GtkWidget *revealer = gtk_revealer_new ();
  GtkWidget *grid = gtk_grid_new ();
  GtkStringList *model;
  guint n;
  const CnNafSection *sections = cn_naf_sections (&n);

  gtk_grid_set_row_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 6);

  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, _("All departments"));
  self->department_dropdown = filter_dropdown (grid, 0, _("Department"), model);

  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, _("All sectors"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("%c — %s", sections[i].letter, sections[i].label);
      gtk_string_list_append (model, text);
    }
  self->section_dropdown = filter_dropdown (grid, 1, _("Sector"), model);

  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, _("All sizes"));
  {
    const CnHeadcountBracket *brackets = cn_headcount_brackets (&n);
    for (guint i = 0; i < n; i++)
      gtk_string_list_append (model, cn_headcount_label (brackets[i].code));
  }
  self->headcount_dropdown = filter_dropdown (grid, 2, _("Headcount"), model);

  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, _("Name"));
  gtk_string_list_append (model, _("Last activity"));
  self->sort_dropdown = filter_dropdown (grid, 3, _("Sort by"), model);

  g_signal_connect (self->department_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect (self->section_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect (self->headcount_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect (self->sort_dropdown, "notify::selected", G_CALLBACK (on_filter_changed), self);
  gtk_revealer_set_child (GTK_REVEALER (revealer), grid);
  return revealer;
}

static GtkWidget *
status_page_button (const char *label,
                    const char *action,
                    gboolean    suggested)
{
  GtkWidget *button = cn_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "pill");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  return button;
}

static GMenuModel *
primary_menu (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *section = g_menu_new ();

  g_menu_append (section, _("_Import Companies…"), "win.import-csv");
  g_menu_append (section, _("_Export the List…"), "win.export-csv");
  g_menu_append (section, _("Load a _Sample Portfolio"), "win.load-sample");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
  section = g_menu_new ();
  g_menu_append (section, _("_Diagnostic for a Prospect…"), "win.prospect-diagnostic");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
  section = g_menu_new ();
  g_menu_append (section, _("_Preferences"), "app.preferences");
  g_menu_append (section, _("_Keyboard Shortcuts"), "win.show-help-overlay");
  g_menu_append (section, _("_Help"), "app.help");
  g_menu_append (section, _("_About Connecteur"), "app.about");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  g_object_unref (section);
  return G_MENU_MODEL (menu);
}

static const struct {
  const char *name;
  const char *icon;
  const char *title;
} sections[] = {
  { "agenda", "x-office-calendar-symbolic", NC_("sidebar section", "Agenda") },
  { "awareness", "system-users-symbolic", NC_("sidebar section", "Awareness") },
  { "indicators", "x-office-presentation-symbolic", NC_("sidebar section", "Indicators") },
  { "leads", "contact-new-symbolic", NC_("sidebar section", "Leads") },
  { "catalogue", "accessories-dictionary-symbolic", NC_("sidebar section", "Catalogue") },
  { "sync", "emblem-synchronizing-symbolic", NC_("sidebar section", "Sync") },
};

#define SECTION_TITLE(i) g_dpgettext2 (NULL, "sidebar section", sections[i].title)

/* The catalogue's five pages are a few hundred rows of wrapped text: built
 * when first asked for, not at every launch (about 0.1 s of the start). */
static GtkWidget *
ensure_catalogue_view (CnWindow *self)
{
  if (self->catalogue_view == NULL)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      self->catalogue_view = cn_catalogue_view_new (CN_APPLICATION (app));
      gtk_widget_set_vexpand (self->catalogue_view, TRUE);
      gtk_box_append (GTK_BOX (self->catalogue_holder), self->catalogue_view);
    }
  return self->catalogue_view;
}

static void
show_section (CnWindow   *self,
              const char *name)
{
  if (g_strcmp0 (name, "catalogue") == 0)
    ensure_catalogue_view (self);

  /* A section takes the list's place and the page's. */
  gtk_widget_set_visible (self->list_pane, FALSE);
  gtk_widget_set_visible (self->list_separator, FALSE);
  gtk_stack_set_visible_child_name (GTK_STACK (self->content), name);
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->content);
}

static void
on_section_selected (GtkListBox    *box,
                     GtkListBoxRow *row,
                     CnWindow      *self)
{
  if (row == NULL)
    return;
  gtk_list_box_unselect_all (GTK_LIST_BOX (self->sidebar_list));
  show_section (self, sections[gtk_list_box_row_get_index (row)].name);
}

/* win.show-section: "portfolio", "agenda", "awareness", "indicators",
 * "leads", "catalogue" or "sync". */
static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CnWindow *self = CN_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_str_equal (sections[i].name, name))
      {
        gtk_list_box_select_row (GTK_LIST_BOX (self->sections_list),
                                 gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->sections_list), i));
        return;
      }
  gtk_list_box_select_row (GTK_LIST_BOX (self->sidebar_list),
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->sidebar_list), 0));
}

static GtkWidget *
section_row (const char *icon,
             const char *title)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon));
  gtk_box_append (GTK_BOX (box), gtk_label_new (title));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

/* A number at the end of a section's row: the leads waiting, or a badge
 * for the sync problems.  Hidden at zero. */
static GtkWidget *
section_count (CnWindow   *self,
               const char *name,
               gboolean    badge)
{
  GtkWidget *label = gtk_label_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_str_equal (sections[i].name, name))
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->sections_list), i);
        GtkWidget *box = gtk_list_box_row_get_child (row);

        gtk_widget_set_hexpand (gtk_widget_get_last_child (box), TRUE);
        gtk_label_set_xalign (GTK_LABEL (gtk_widget_get_last_child (box)), 0);
        gtk_box_append (GTK_BOX (box), label);
      }
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, badge ? "cn-badge" : "dim-label");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (label, FALSE);
  return label;
}

static void
set_count (GtkWidget *label,
           guint      count)
{
  g_autofree char *text = g_strdup_printf ("%u", count);

  GtkWidget *row = gtk_widget_get_ancestor (label, GTK_TYPE_LIST_BOX_ROW);

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_visible (label, count > 0);
  /* The row is named after its title: the number is read as well. */
  if (row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    count > 0 ? text : "", -1);
}

static void
update_section_counts (CnWindow *self)
{
  g_autoptr(GPtrArray) leads = cn_store_list_leads (self->store, FALSE, NULL);

  set_count (self->leads_count, leads ? leads->len : 0);
  set_count (self->sync_badge, self->sync_engine ? cn_sync_engine_get_issues (self->sync_engine) : 0);
}

static void
on_sync_issues_changed (CnSyncEngine *engine,
                        GParamSpec   *pspec,
                        CnWindow     *self)
{
  update_section_counts (self);
}

/* A section with its own header bar: a back button when folded. */
static GtkWidget *
section_page (CnWindow   *self,
              const char *title,
              GtkWidget  *view)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = cn_icon_button_new ("go-previous-symbolic", _("Back"), "win.back");

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  g_object_bind_property (self->leaflet, "folded", back, "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", header, "show-start-title-buttons", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), view);
  return box;
}

static void
on_report_requested (GtkWidget  *view,
                     const char *appointment_id,
                     CnWindow   *self)
{
  g_autoptr(CnAppointment) appointment = cn_store_get_appointment (self->store, appointment_id, NULL);
  CnReportForm *form;

  if (appointment == NULL)
    return;
  /* An appointment held is what the programme pays for: offer its report. */
  form = cn_report_form_new (self->store, appointment->company_id, appointment_id);
  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (form));
}

static void
on_outreach_company_added (GtkWidget  *view,
                           const char *company_id,
                           CnWindow   *self)
{
  gtk_list_box_select_row (GTK_LIST_BOX (self->sidebar_list),
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->sidebar_list), 0));
  show_company (self, company_id);
}

/* From the sync section, the company page's strip, a lead: the record's
 * company, in the portfolio. */
static void
open_company (CnWindow   *self,
              const char *company_id)
{
  gtk_list_box_select_row (GTK_LIST_BOX (self->sidebar_list),
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->sidebar_list), 0));
  show_company (self, company_id);
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->content);
}

static void
show_company_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  open_company (CN_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
on_lead_adopted (GtkWidget  *view,
                 const char *company_id,
                 const char *name,
                 CnWindow   *self)
{
  /* Translators: %s is a company's name */
  g_autofree char *message = g_strdup_printf (_("“%s” is now in your portfolio"), name);

  open_company (self, company_id);
  toast (self, message);
}

static void
build_ui (CnWindow *self)
{
  GtkWidget *sidebar, *header, *scrolled, *list_header, *menu_button, *filter_button;
  GtkWidget *search_box, *empty, *no_results, *buttons;
  g_autoptr(GMenuModel) menu = primary_menu ();
  GtkListItemFactory *factory;

  self->toast_overlay = adw_toast_overlay_new ();
  self->leaflet = adw_leaflet_new ();
  adw_leaflet_set_can_navigate_back (ADW_LEAFLET (self->leaflet), TRUE);
  {
    GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *button = gtk_button_new_with_mnemonic (_("_Update My Profile"));

    /* A labelled connector's label expires: said from 60 days before,
     * until it is renewed (libadwaita 1.2 has no AdwBanner). */
    gtk_widget_add_css_class (bar, "cn-label-warning");
    self->label_warning = gtk_label_new (NULL);
    gtk_label_set_wrap (GTK_LABEL (self->label_warning), TRUE);
    gtk_label_set_xalign (GTK_LABEL (self->label_warning), 0);
    gtk_widget_set_hexpand (self->label_warning, TRUE);
    gtk_box_append (GTK_BOX (bar), self->label_warning);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.preferences");
    gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (bar), button);
    self->label_bar = gtk_revealer_new ();
    gtk_revealer_set_child (GTK_REVEALER (self->label_bar), bar);
    gtk_box_append (GTK_BOX (content), self->label_bar);
    gtk_widget_set_vexpand (self->leaflet, TRUE);
    gtk_box_append (GTK_BOX (content), self->leaflet);
    adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toast_overlay), content);
  }
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), self->toast_overlay);

  /* Sections: the portfolio by follow-up status. */
  sidebar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (sidebar, 220, -1);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Connecteur"), NULL));
  menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (menu_button), TRUE);
  gtk_widget_set_tooltip_text (menu_button, _("Main Menu"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Main Menu"), -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), menu_button);
  gtk_box_append (GTK_BOX (sidebar), header);
  /* Window buttons only at the window's edges, unless folded. */
  g_object_bind_property (self->leaflet, "folded", header, "show-end-title-buttons", G_BINDING_SYNC_CREATE);
  {
    GtkWidget *sidebar_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    self->sections_list = gtk_list_box_new ();
    gtk_widget_add_css_class (self->sections_list, "navigation-sidebar");
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->sections_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Sections"), -1);
    for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
      gtk_list_box_append (GTK_LIST_BOX (self->sections_list), section_row (sections[i].icon, SECTION_TITLE (i)));
    self->leads_count = section_count (self, "leads", FALSE);
    self->sync_badge = section_count (self, "sync", TRUE);
    g_signal_connect (self->sections_list, "row-selected", G_CALLBACK (on_section_selected), self);
    gtk_box_append (GTK_BOX (sidebar_box), self->sections_list);
    {
      GtkWidget *heading = gtk_label_new (_("Portfolio"));

      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_widget_add_css_class (heading, "dim-label");
      gtk_widget_set_margin_start (heading, 18);
      gtk_widget_set_margin_top (heading, 12);
      gtk_widget_set_margin_bottom (heading, 6);
      gtk_box_append (GTK_BOX (sidebar_box), heading);
    }
    g_object_set_data (G_OBJECT (self), "sidebar-box", sidebar_box);
  }
  self->sidebar_list = gtk_list_box_new ();
  gtk_widget_add_css_class (self->sidebar_list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sidebar_list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Follow-up Statuses"), -1);
  gtk_list_box_append (GTK_LIST_BOX (self->sidebar_list), sidebar_row (self, 0, _("All Companies")));
  for (guint i = 0; i < CN_COMPANY_N_STATUSES; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->sidebar_list), sidebar_row (self, i + 1, cn_company_status_label (i)));
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  {
    GtkWidget *sidebar_box = g_object_get_data (G_OBJECT (self), "sidebar-box");

    gtk_box_append (GTK_BOX (sidebar_box), self->sidebar_list);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), sidebar_box);
  }
  gtk_box_append (GTK_BOX (sidebar), scrolled);
  /* The sync state is always in view, under the sections. */
  gtk_box_append (GTK_BOX (sidebar), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  {
    GtkWidget *status = cn_sync_status_new (self->sync_engine);

    /* Its text fills the sidebar's width but must not widen the sidebar:
     * the leaflet gives the room to the page. */
    gtk_widget_set_hexpand (status, FALSE);
    gtk_box_append (GTK_BOX (sidebar), status);
  }
  adw_leaflet_append (ADW_LEAFLET (self->leaflet), sidebar);
  adw_leaflet_page_set_navigatable (adw_leaflet_append (ADW_LEAFLET (self->leaflet),
                                                        gtk_separator_new (GTK_ORIENTATION_VERTICAL)),
                                    FALSE);

  /* The list. */
  self->list_pane = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (self->list_pane, 340, -1);
  list_header = adw_header_bar_new ();
  self->list_title = adw_window_title_new (_("Portfolio"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (list_header), self->list_title);
  {
    GtkWidget *back = cn_icon_button_new ("go-previous-symbolic", _("Back"), "win.back");
    adw_header_bar_pack_start (ADW_HEADER_BAR (list_header), back);
    g_object_bind_property (self->leaflet, "folded", back, "visible", G_BINDING_SYNC_CREATE);
  }
  g_object_bind_property (self->leaflet, "folded", list_header, "show-start-title-buttons", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", list_header, "show-end-title-buttons", G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_end (ADW_HEADER_BAR (list_header), cn_icon_button_new ("list-add-symbolic", _("New Company"), "win.new-company"));
  filter_button = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (filter_button), "view-sort-ascending-symbolic");
  gtk_widget_set_tooltip_text (filter_button, _("Filters and Order"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (filter_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filters and Order"), -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (list_header), filter_button);
  gtk_box_append (GTK_BOX (self->list_pane), list_header);

  search_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (search_box, "toolbar");
  self->search_entry = gtk_search_entry_new ();
  g_object_set (self->search_entry, "placeholder-text", _("Name, town, activity, contact…"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search Companies"), -1);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  gtk_box_append (GTK_BOX (search_box), self->search_entry);
  {
    GtkWidget *filters = build_filter_panel (self);
    g_object_bind_property (filter_button, "active", filters, "reveal-child", G_BINDING_SYNC_CREATE);
    g_signal_connect (filters, "notify::reveal-child", G_CALLBACK (on_filters_revealed), self);
    gtk_box_append (GTK_BOX (search_box), filters);
  }
  gtk_box_append (GTK_BOX (self->list_pane), search_box);

  self->list_stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->list_stack, TRUE);
  gtk_box_append (GTK_BOX (self->list_pane), self->list_stack);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->companies)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  /* The view owns the selection and the factory. */
  self->list_view = gtk_list_view_new (GTK_SELECTION_MODEL (self->selection), factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->list_view), TRUE);
  gtk_widget_add_css_class (self->list_view, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Companies"), -1);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_row_activated), self);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list_view);
  gtk_stack_add_named (GTK_STACK (self->list_stack), scrolled, "list");

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), APP_ID "-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Companies Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Add the businesses you coach, import the spreadsheet you already keep, or explore with a sample portfolio."));
  buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_halign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), status_page_button (_("_Add a Company"), "win.new-company", TRUE));
  gtk_box_append (GTK_BOX (buttons), status_page_button (_("_Import a Spreadsheet…"), "win.import-csv", FALSE));
  gtk_box_append (GTK_BOX (buttons), status_page_button (_("Load a _Sample Portfolio"), "win.load-sample", FALSE));
  adw_status_page_set_child (ADW_STATUS_PAGE (empty), buttons);
  gtk_stack_add_named (GTK_STACK (self->list_stack), empty, "empty");

  no_results = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (no_results), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (no_results), _("No Results"));
  adw_status_page_set_description (ADW_STATUS_PAGE (no_results), _("Try other words or fewer filters."));
  gtk_stack_add_named (GTK_STACK (self->list_stack), no_results, "no-results");

  adw_leaflet_append (ADW_LEAFLET (self->leaflet), self->list_pane);
  self->list_separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);
  adw_leaflet_page_set_navigatable (adw_leaflet_append (ADW_LEAFLET (self->leaflet), self->list_separator),
                                    FALSE);

  self->page = GTK_WIDGET (cn_company_page_new (self->store));
  g_object_bind_property (self->leaflet, "folded", g_object_get_data (G_OBJECT (self->page), "back-button"),
                          "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", g_object_get_data (G_OBJECT (self->page), "header"),
                          "show-start-title-buttons", G_BINDING_SYNC_CREATE);
  self->content = gtk_stack_new ();
  gtk_widget_set_hexpand (self->content, TRUE);
  /* Sized by the page shown: the agenda's width must not fold the
   * portfolio's three panes, and measuring every hidden section's rows at
   * each layout cost half a second of the launch. */
  gtk_stack_set_hhomogeneous (GTK_STACK (self->content), FALSE);
  gtk_stack_set_vhomogeneous (GTK_STACK (self->content), FALSE);
  gtk_stack_add_named (GTK_STACK (self->content), self->page, "company");
  self->agenda_view = GTK_WIDGET (cn_agenda_view_new (self->store));
  g_signal_connect (self->agenda_view, "report-requested", G_CALLBACK (on_report_requested), self);
  gtk_stack_add_named (GTK_STACK (self->content), section_page (self, _("Agenda"), self->agenda_view), "agenda");
  self->outreach_view = GTK_WIDGET (cn_outreach_view_new (self->store));
  g_signal_connect (self->outreach_view, "company-added", G_CALLBACK (on_outreach_company_added), self);
  gtk_stack_add_named (GTK_STACK (self->content), section_page (self, _("Awareness"), self->outreach_view), "awareness");
  self->dashboard_view = GTK_WIDGET (cn_dashboard_view_new (self->store));
  gtk_stack_add_named (GTK_STACK (self->content), section_page (self, _("Indicators"), self->dashboard_view), "indicators");
  self->leads_view = cn_leads_view_new (self->store);
  g_signal_connect (self->leads_view, "lead-adopted", G_CALLBACK (on_lead_adopted), self);
  gtk_stack_add_named (GTK_STACK (self->content),
                       section_page (self, C_("sidebar section", "Leads"), self->leads_view), "leads");
  self->sync_view = self->sync_engine ? cn_sync_view_new (self->store, self->sync_engine) : adw_status_page_new ();
  gtk_stack_add_named (GTK_STACK (self->content),
                       section_page (self, C_("sidebar section", "Sync"), self->sync_view), "sync");
  self->catalogue_holder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_stack_add_named (GTK_STACK (self->content),
                       section_page (self, C_("sidebar section", "Catalogue"), self->catalogue_holder), "catalogue");
  adw_leaflet_append (ADW_LEAFLET (self->leaflet), self->content);
  adw_leaflet_set_visible_child (ADW_LEAFLET (self->leaflet), self->list_pane);

  gtk_list_box_select_row (GTK_LIST_BOX (self->sidebar_list),
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->sidebar_list), 0));
  g_signal_connect (self->sidebar_list, "row-selected", G_CALLBACK (on_sidebar_selected), self);
}

static gboolean
relayout (gpointer widget)
{
  gtk_widget_queue_resize (widget);
  return G_SOURCE_REMOVE;
}

static void
on_folded_changed (AdwLeaflet *leaflet,
                   GParamSpec *pspec,
                   CnWindow   *self)
{
  gboolean folded = adw_leaflet_get_folded (leaflet);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back", folded);
  /* The leaflet folds while it lays out its panes, with the sizes they had
   * before their header bars gained or lost the window buttons: lay them
   * out again, or the sidebar keeps the width of a folded header. */
  if (pspec != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, relayout, g_object_ref (leaflet), g_object_unref);
  /* Folding keeps in view what the wide window showed: the open company
   * page or section, else the list (never an empty page). */
  if (folded && pspec != NULL)
    {
      gboolean has_content = g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->content)), "company") != 0
                             || cn_company_page_get_company_id (CN_COMPANY_PAGE (self->page)) != NULL;

      if (has_content)
        adw_leaflet_set_visible_child (leaflet, self->content);
      else if (adw_leaflet_get_visible_child (leaflet) == self->content)
        adw_leaflet_set_visible_child (leaflet, self->list_pane);
    }
}

static gboolean
cn_window_close_request (GtkWindow *window)
{
  CnWindow *self = CN_WINDOW (window);
  int width, height;

  cn_company_page_flush (CN_COMPANY_PAGE (self->page));
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  return GTK_WINDOW_CLASS (cn_window_parent_class)->close_request (window);
}

static void
cn_window_dispose (GObject *object)
{
  CnWindow *self = CN_WINDOW (object);

  g_clear_handle_id (&self->search_timeout, g_source_remove);
  /* Children emit signals while being destroyed (the sidebar unselects its
   * rows): nothing must reach a half-disposed window. */
  if (self->sidebar_list)
    {
      g_signal_handlers_disconnect_by_data (self->sidebar_list, self);
      g_signal_handlers_disconnect_by_data (self->department_dropdown, self);
      g_signal_handlers_disconnect_by_data (self->section_dropdown, self);
      g_signal_handlers_disconnect_by_data (self->headcount_dropdown, self);
      g_signal_handlers_disconnect_by_data (self->sort_dropdown, self);
      g_signal_handlers_disconnect_by_data (self->selection, self);
      self->sidebar_list = NULL;
    }
  if (self->store)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed, self);
  if (self->sync_engine)
    g_signal_handlers_disconnect_by_func (self->sync_engine, on_sync_issues_changed, self);
  g_clear_object (&self->sync_engine);
  G_OBJECT_CLASS (cn_window_parent_class)->dispose (object);
}

static void
cn_window_finalize (GObject *object)
{
  CnWindow *self = CN_WINDOW (object);

  g_clear_pointer (&self->deleted, cn_company_backup_free);
  g_clear_object (&self->companies);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_strfreev (self->departments);
  G_OBJECT_CLASS (cn_window_parent_class)->finalize (object);
}

static void
cn_window_class_init (CnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_window_dispose;
  object_class->finalize = cn_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = cn_window_close_request;

  gtk_widget_class_install_action (widget_class, "win.new-company", NULL, new_company_action);
  gtk_widget_class_install_action (widget_class, "win.edit-company", NULL, edit_company_action);
  gtk_widget_class_install_action (widget_class, "win.delete-company", NULL, delete_company_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", NULL, undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.import-csv", NULL, import_csv_action);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "win.load-sample", NULL, load_sample_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-error", "s", show_error_action);
  gtk_widget_class_install_action (widget_class, "win.prospect-diagnostic", NULL, prospect_diagnostic_action);
  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.new-appointment", NULL, new_appointment_action);
  gtk_widget_class_install_action (widget_class, "win.show-company", "s", show_company_action);
}

static void
cn_window_init (CnWindow *self)
{
  self->settings = g_settings_new (APP_ID);
}

static void
update_label_warning (CnWindow *self)
{
  g_autoptr(CnProfile) profile = cn_store_get_profile (self->store, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *text = profile ? cn_profile_label_warning_text (profile, today) : NULL;

  gtk_label_set_text (GTK_LABEL (self->label_warning), text ? text : "");
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->label_bar), text != NULL);
}

const char *
cn_window_get_label_warning (CnWindow *self)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->label_bar))
           ? gtk_label_get_text (GTK_LABEL (self->label_warning)) : NULL;
}

CnWindow *
cn_window_new (CnApplication *application,
               CnStore       *store)
{
  CnWindow *self = g_object_new (CN_TYPE_WINDOW,
                                 "application", application,
                                 "title", _("Connecteur"),
                                 NULL);

  self->store = g_object_ref (store);
  self->companies = cn_company_list_new (store);
  if (cn_application_get_sync_engine (application) != NULL)
    self->sync_engine = g_object_ref (cn_application_get_sync_engine (application));
  build_ui (self);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), self);
  if (self->sync_engine)
    g_signal_connect (self->sync_engine, "notify::issues", G_CALLBACK (on_sync_issues_changed), self);
  update_section_counts (self);
  g_signal_connect (self->leaflet, "notify::folded", G_CALLBACK (on_folded_changed), self);
  on_folded_changed (ADW_LEAFLET (self->leaflet), NULL, self);
  update_company_actions (self);
  update_counts (self);
  /* Checked again whenever the window comes back (after the preferences). */
  update_label_warning (self);
  g_signal_connect_swapped (self, "notify::is-active", G_CALLBACK (update_label_warning), self);
  return self;
}

CnCompanyList *
cn_window_get_company_list (CnWindow *self)
{
  return self->companies;
}

GtkEditable *
cn_window_get_search_entry (CnWindow *self)
{
  return GTK_EDITABLE (self->search_entry);
}

GtkWindow *
cn_window_get_open_form (CnWindow *self)
{
  return self->open_form;
}

const char *
cn_window_get_selected_id (CnWindow *self)
{
  return cn_company_page_get_company_id (CN_COMPANY_PAGE (self->page));
}

void
cn_window_show_company (CnWindow   *self,
                        const char *id)
{
  g_return_if_fail (CN_IS_WINDOW (self));
  show_company (self, id);
}

GtkWidget *
cn_window_get_section_view (CnWindow   *self,
                            const char *name)
{
  if (g_strcmp0 (name, "agenda") == 0)
    return self->agenda_view;
  if (g_strcmp0 (name, "awareness") == 0)
    return self->outreach_view;
  if (g_strcmp0 (name, "indicators") == 0)
    return self->dashboard_view;
  if (g_strcmp0 (name, "leads") == 0)
    return self->leads_view;
  if (g_strcmp0 (name, "sync") == 0)
    return self->sync_view;
  if (g_strcmp0 (name, "catalogue") == 0)
    return ensure_catalogue_view (self);
  return NULL;
}
