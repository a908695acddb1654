/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "connecteur-privacy"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-privacy.h"
#include "cn-privacy-dialogs.h"
#include "cn-util.h"
#include "cn-window.h"

/* Toast titles are markup: user text is escaped. */
static void
toast (GtkWidget  *widget,
       const char *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (overlay == NULL)
    {
      GtkRoot *root = gtk_widget_get_root (widget);
      GtkWidget *child = root ? gtk_window_get_child (GTK_WINDOW (root)) : NULL;

      /* From a dialog or the preferences: the main window's overlay. */
      for (; child != NULL && !ADW_IS_TOAST_OVERLAY (child); child = gtk_widget_get_first_child (child))
        ;
      overlay = child;
    }
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

static void
show_error (GtkWidget  *widget,
            const char *message)
{
  if (!gtk_widget_activate_action (widget, "win.show-error", "s", message))
    g_warning ("%s", message);
}

/* ---- export --------------------------------------------------------------- */

gboolean
cn_privacy_export_company_to (GtkWidget  *widget,
                              CnStore    *store,
                              const char *company_id,
                              const char *folder)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  g_autofree char *message = NULL;
  guint n_pdfs = 0;

  written = cn_store_export_company_data (store, company_id, folder, NULL, &n_pdfs, &error);
  if (written == NULL)
    {
      show_error (widget, error->message);
      return FALSE;
    }
  /* Translators: %s is a folder's path */
  message = g_strdup_printf (_("Data exported to %s"), written);
  toast (widget, message);
  return TRUE;
}

typedef struct {
  GtkWidget *widget;
  CnStore   *store;
  char      *company_id;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  g_object_unref (request->widget);
  g_object_unref (request->store);
  g_free (request->company_id);
  g_free (request);
}

static void
on_export_folder (GtkNativeDialog *chooser,
                  int              response,
                  ExportRequest   *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        cn_privacy_export_company_to (request->widget, request->store, request->company_id, path);
    }
  export_request_free (request);
  g_object_unref (chooser);
}

void
cn_privacy_export_company (GtkWidget  *widget,
                           CnStore    *store,
                           const char *company_id)
{
  ExportRequest *request = g_new0 (ExportRequest, 1);
  GtkFileChooserNative *chooser;
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  request->widget = g_object_ref (widget);
  request->store = g_object_ref (store);
  request->company_id = g_strdup (company_id);

  chooser = gtk_file_chooser_native_new (_("Choose Where to Export the Data"),
                                         GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (documents != NULL)
    {
      g_autoptr(GFile) start = g_file_new_for_path (documents);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), start, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_folder), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- erasure -------------------------------------------------------------- */

typedef struct {
  GtkWindow *window;
  CnStore   *store;
  char      *company_id;
  char      *name;
} EraseRequest;

static void
erase_request_free (gpointer  data,
                    GClosure *closure)
{
  EraseRequest *request = data;

  g_clear_object (&request->window);
  g_object_unref (request->store);
  g_free (request->company_id);
  g_free (request->name);
  g_free (request);
}

static void
on_erase_response (AdwMessageDialog *dialog,
                   const char       *response,
                   EraseRequest     *request)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_str_equal (response, "erase"))
    return;

  if (!cn_store_erase_company (request->store, request->company_id, NULL, &error))
    {
      if (request->window != NULL)
        show_error (GTK_WIDGET (request->window), error->message);
      return;
    }
  if (request->window == NULL)
    return;
  if (CN_IS_WINDOW (request->window))
    {
      cn_window_show_company (CN_WINDOW (request->window), NULL);
      gtk_widget_activate_action (GTK_WIDGET (request->window), "win.back", NULL);
    }
  /* Translators: %s is a company's name */
  message = g_strdup_printf (_("“%s” erased"), request->name);
  toast (GTK_WIDGET (request->window), message);
}

AdwMessageDialog *
cn_privacy_confirm_erase (GtkWidget  *widget,
                          CnStore    *store,
                          const char *company_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = cn_store_get_company (store, company_id, &error);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  EraseRequest *request;
  GtkWidget *dialog;

  if (company == NULL)
    {
      show_error (widget, error->message);
      return NULL;
    }

  /* Translators: %s is a company's name */
  heading = g_strdup_printf (_("Erase “%s” Permanently?"), cn_company_get_name (company));
  g_string_append (body, _("Its record, contacts and their consent, notes, timeline, diagnostics, action plans, appointments and progress reports will be erased from this computer, with the changes not yet sent. No copy is kept: this cannot be undone."));
  if (cn_company_get_revision (company) >= 0)
    {
      g_string_append (body, "\n\n");
      g_string_append (body, _("It was shared with the national platform, which will be asked to delete it at the next sync."));
    }
  g_string_append (body, "\n\n");
  g_string_append (body, _("To keep a copy for the company, export its data first. Plan PDFs you saved are your own files and are not deleted."));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase", ADW_RESPONSE_DESTRUCTIVE);
  /* Enter or Escape never erases. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  request = g_new0 (EraseRequest, 1);
  request->window = GTK_IS_WINDOW (root) ? g_object_ref (GTK_WINDOW (root)) : NULL;
  request->store = g_object_ref (store);
  request->company_id = g_strdup (company_id);
  request->name = g_strdup (cn_company_get_name (company));
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_erase_response), request,
                         erase_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

/* ---- retention ------------------------------------------------------------ */

typedef struct {
  GtkWindow *parent;
  CnStore   *store;
  GPtrArray *companies;  /* CnCompany */
  GPtrArray *checks;     /* GtkCheckButton, same order */
} RetentionRequest;

static void
retention_request_free (gpointer  data,
                        GClosure *closure)
{
  RetentionRequest *request = data;

  g_clear_object (&request->parent);
  g_object_unref (request->store);
  g_ptr_array_unref (request->companies);
  g_ptr_array_unref (request->checks);
  g_free (request);
}

static void
on_retention_response (AdwMessageDialog *dialog,
                       const char       *response,
                       RetentionRequest *request)
{
  guint erased = 0;

  if (!g_str_equal (response, "erase"))
    return;

  for (guint i = 0; i < request->companies->len; i++)
    {
      g_autoptr(GError) error = NULL;
      CnCompany *company = request->companies->pdata[i];

      if (!gtk_check_button_get_active (request->checks->pdata[i]))
        continue;
      if (!cn_store_erase_company (request->store, cn_company_get_id (company), NULL, &error))
        {
          if (request->parent != NULL)
            show_error (GTK_WIDGET (request->parent), error->message);
          break;
        }
      erased++;
    }
  if (erased > 0 && request->parent != NULL)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("%u closed company erased",
                                                            "%u closed companies erased", erased), erased);
      if (CN_IS_WINDOW (request->parent))
        cn_window_show_company (CN_WINDOW (request->parent), NULL);
      toast (GTK_WIDGET (request->parent), message);
    }
}

AdwMessageDialog *
cn_privacy_propose_retention (GtkWindow *parent,
                              CnStore   *store,
                              guint      years)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) companies = cn_store_list_retention_expired (store, years, NULL, &error);
  g_autofree char *body = NULL;
  RetentionRequest *request;
  GtkWidget *dialog, *list, *scrolled;

  if (companies == NULL)
    {
      g_warning ("Retention: %s", error->message);
      return NULL;
    }
  if (companies->len == 0)
    return NULL;

  body = g_strdup_printf (ngettext ("These companies are closed and had no activity for more than %u year. The GDPR asks not to keep personal data longer than needed. Erasing them cannot be undone; untick those to keep.",
                                    "These companies are closed and had no activity for more than %u years. The GDPR asks not to keep personal data longer than needed. Erasing them cannot be undone; untick those to keep.",
                                    years), years);
  dialog = adw_message_dialog_new (parent, _("Erase Old Closed Companies?"), body);

  request = g_new0 (RetentionRequest, 1);
  request->parent = parent ? g_object_ref (parent) : NULL;
  request->store = g_object_ref (store);
  request->companies = g_ptr_array_ref (companies);
  request->checks = g_ptr_array_new ();

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Companies proposed for erasure"), -1);
  for (guint i = 0; i < companies->len; i++)
    {
      CnCompany *company = companies->pdata[i];
      g_autofree char *date = cn_format_date_for_display (cn_company_get_last_activity_at (company));
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      /* Translators: %s is a date */
      subtitle = g_strdup_printf (_("Last activity on %s"), date);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cn_company_get_name (company));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      cn_company_get_name (company), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (request->checks, check);
    }
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Not Now"),
                                    "erase", _("_Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "later");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_retention_response), request,
                         retention_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

typedef struct {
  GtkWindow *parent;
  CnStore   *store;
} RetentionCheck;

static gboolean
check_retention_idle (gpointer data)
{
  RetentionCheck *check = data;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  guint years = g_settings_get_uint (settings, "retention-years");

  if (years > 0 && gtk_widget_get_visible (GTK_WIDGET (check->parent)))
    cn_privacy_propose_retention (check->parent, check->store, years);
  g_object_unref (check->parent);
  g_object_unref (check->store);
  g_free (check);
  return G_SOURCE_REMOVE;
}

void
cn_privacy_check_retention (GtkWindow *parent,
                            CnStore   *store)
{
  RetentionCheck *check = g_new0 (RetentionCheck, 1);

  check->parent = g_object_ref (parent);
  check->store = g_object_ref (store);
  /* After the window has appeared, so the dialog has it as parent on
   * screen, and the start-up itself is not slowed. */
  g_timeout_add_seconds (1, check_retention_idle, check);
}

static void
on_review_clicked (GtkButton *button,
                   CnStore   *store)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  guint years = g_settings_get_uint (settings, "retention-years");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  if (years == 0)
    {
      toast (GTK_WIDGET (button), _("Choose a number of years first"));
      return;
    }
  if (cn_privacy_propose_retention (parent, store, years) == NULL)
    toast (GTK_WIDGET (button), _("No closed company is past the retention period"));
}

GtkWidget *
cn_privacy_retention_row (GSettings *settings,
                          CnStore   *store)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 50, 1);
  GtkWidget *review = gtk_button_new_with_mnemonic (_("_Review"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Erase Closed Companies After"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Years without activity; proposed, never done without you. 0: never"));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Erase Closed Companies After"), -1);
  g_settings_bind (settings, "retention-years", spin, "value", G_SETTINGS_BIND_DEFAULT);
  gtk_widget_set_valign (review, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (review, _("Review the closed companies past this period"));
  g_signal_connect_object (review, "clicked", G_CALLBACK (on_review_clicked), store, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), review);
  return row;
}
