/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-company-page"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-company-page.h"
#include "cn-aids-group.h"
#include "cn-appointments-group.h"
#include "cn-basket-group.h"
#include "cn-diagnostics-group.h"
#include "cn-directory.h"
#include "cn-privacy-dialogs.h"
#include "cn-report-form.h"
#include "cn-reports-group.h"
#include "cn-sync-banner.h"
#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-identifiers.h"
#include "cn-naf.h"
#include "cn-registry.h"
#include "cn-util.h"
#include "cn-widgets.h"

/* Notes are saved this long after the last keystroke. */
#define NOTES_SAVE_DELAY_MS 600

struct _CnCompanyPage
{
  GtkBox parent_instance;

  CnStore *store;
  char *company_id;
  gboolean updating;
  guint notes_timeout;

  GtkWidget *title;
  GtkWidget *stack;
  GtkWidget *name_label, *summary_label;
  GtkWidget *status_row;
  GtkWidget *identity_group, *contacts_group, *timeline_group;
  GtkWidget *diagnostics_group;
  GtkWidget *appointments_group;
  GtkWidget *reports_group;
  GtkWidget *aids_group;
  GtkWidget *basket_group;
  GtkWidget *sync_banner;     /* sync problems, consent to share */
  GtkWidget *notes_view;
  GPtrArray *dynamic_rows; /* rows to remove on refresh: (group, row) pairs */

  GtkWidget *directory_row;            /* "Update from the Directory", when shown */
  GCancellable *directory_cancellable; /* the lookup under way, if any */
};

G_DEFINE_FINAL_TYPE (CnCompanyPage, cn_company_page, GTK_TYPE_BOX)

static void refresh (CnCompanyPage *self);

static GtkWidget *
info_row (const char *title,
          const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  /* User data is plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  return row;
}

static void
add_dynamic (CnCompanyPage *self,
             GtkWidget     *group,
             GtkWidget     *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (self->dynamic_rows, group);
  g_ptr_array_add (self->dynamic_rows, row);
}

static void
clear_dynamic (CnCompanyPage *self)
{
  for (guint i = 0; i + 1 < self->dynamic_rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->dynamic_rows, i),
                                  g_ptr_array_index (self->dynamic_rows, i + 1));
  g_ptr_array_set_size (self->dynamic_rows, 0);
}

static void
save_notes (CnCompanyPage *self)
{
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->notes_timeout, g_source_remove);
  if (self->company_id == NULL || self->notes_view == NULL)
    return;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->notes_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  company = cn_store_get_company (self->store, self->company_id, &error);
  if (company == NULL || g_str_equal (cn_company_get_notes (company), text))
    return;
  cn_company_set_notes (company, text);
  self->updating = TRUE;
  if (!cn_store_update_company (self->store, company, NULL, &error))
    {
      /* The text stays in the view, so nothing typed is lost. */
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      g_warning ("Could not save the notes: %s", error->message);
      if (root)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", error->message);
    }
  self->updating = FALSE;
}

void
cn_company_page_flush (CnCompanyPage *self)
{
  if (self->notes_timeout)
    save_notes (self);
}

static gboolean
notes_timeout_cb (gpointer data)
{
  CnCompanyPage *self = data;

  self->notes_timeout = 0;
  save_notes (self);
  return G_SOURCE_REMOVE;
}

static void
on_notes_changed (GtkTextBuffer *buffer,
                  CnCompanyPage *self)
{
  if (self->updating)
    return;
  g_clear_handle_id (&self->notes_timeout, g_source_remove);
  self->notes_timeout = g_timeout_add (NOTES_SAVE_DELAY_MS, notes_timeout_cb, self);
}

static void
on_status_selected (AdwComboRow   *row,
                    GParamSpec    *pspec,
                    CnCompanyPage *self)
{
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || self->company_id == NULL || selected >= CN_COMPANY_N_STATUSES)
    return;

  company = cn_store_get_company (self->store, self->company_id, &error);
  if (company == NULL || cn_company_get_status (company) == selected)
    return;
  cn_company_set_status (company, selected);
  if (!cn_store_update_company (self->store, company, NULL, &error))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", error->message);
}

/* ---- contacts --------------------------------------------------------- */

typedef struct {
  CnCompanyPage *page;
  CnContact *contact;
  GtkWidget *name, *role, *email, *phone, *consent, *purpose;
} ContactDialog;

static void
contact_dialog_free (gpointer  user_data,
                     GClosure *closure)
{
  ContactDialog *data = user_data;

  g_object_unref (data->contact);
  g_free (data);
}

static GtkWidget *
contact_entry (GtkWidget  *group,
               const char *title,
               const char *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
on_contact_response (AdwMessageDialog *dialog,
                     const char       *response,
                     ContactDialog    *data)
{
  g_autoptr(GError) error = NULL;
  gboolean consent;

  if (!g_str_equal (response, "save"))
    return;

  cn_contact_set_name (data->contact, gtk_editable_get_text (GTK_EDITABLE (data->name)));
  cn_contact_set_role (data->contact, gtk_editable_get_text (GTK_EDITABLE (data->role)));
  cn_contact_set_email (data->contact, gtk_editable_get_text (GTK_EDITABLE (data->email)));
  cn_contact_set_phone (data->contact, gtk_editable_get_text (GTK_EDITABLE (data->phone)));
  consent = gtk_switch_get_active (GTK_SWITCH (data->consent));
  {
    g_autofree char *purpose = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->purpose))));

    if (*purpose == '\0')
      cn_set_str (&purpose, _("Follow-up by the digital connector"));
    /* The date is when consent was given: kept when only the purpose is
     * reworded. */
    if (consent != cn_contact_get_consent (data->contact))
      cn_contact_set_consent (data->contact, consent, NULL, consent ? purpose : NULL);
    else if (consent && g_strcmp0 (purpose, cn_contact_get_consent_purpose (data->contact)) != 0)
      cn_contact_set_consent (data->contact, TRUE, cn_contact_get_consent_date (data->contact), purpose);
  }

  if (!cn_store_save_contact (data->page->store, data->contact, &error))
    gtk_widget_activate_action (GTK_WIDGET (data->page), "win.show-error", "s", error->message);
}

static void
edit_contact (CnCompanyPage *self,
              CnContact     *contact)
{
  ContactDialog *data = g_new0 (ContactDialog, 1);
  GtkWidget *dialog, *group, *row;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  data->page = self;
  data->contact = contact ? cn_contact_copy (contact) : cn_contact_new ();
  if (contact == NULL)
    cn_contact_set_company_id (data->contact, self->company_id);

  dialog = adw_message_dialog_new (GTK_WINDOW (root), contact ? _("Edit Contact") : _("New Contact"), NULL);
  group = adw_preferences_group_new ();
  gtk_widget_set_size_request (group, 320, -1);
  data->name = contact_entry (group, _("Name"), cn_contact_get_name (data->contact));
  data->role = contact_entry (group, _("Role"), cn_contact_get_role (data->contact));
  data->email = contact_entry (group, _("Email"), cn_contact_get_email (data->contact));
  data->phone = contact_entry (group, _("Phone"), cn_contact_get_phone (data->contact));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Agrees to be contacted"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Consent under the GDPR, dated today"));
  data->consent = gtk_switch_new ();
  gtk_widget_set_valign (data->consent, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (data->consent), cn_contact_get_consent (data->contact));
  gtk_accessible_update_property (GTK_ACCESSIBLE (data->consent), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Agrees to be contacted"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), data->consent);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), data->consent);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  data->purpose = contact_entry (group, _("Purpose of the Consent"),
                                 cn_contact_get_consent (data->contact)
                                 ? cn_contact_get_consent_purpose (data->contact)
                                 : _("Follow-up by the digital connector"));
  g_object_bind_property (data->consent, "active", data->purpose, "sensitive", G_BINDING_SYNC_CREATE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), group);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_contact_response), data,
                         contact_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_add_contact (GtkButton     *button,
                CnCompanyPage *self)
{
  edit_contact (self, NULL);
}

static void
on_edit_contact (GtkButton     *button,
                 CnCompanyPage *self)
{
  edit_contact (self, g_object_get_data (G_OBJECT (button), "contact"));
}

static void
on_remove_contact (GtkButton     *button,
                   CnCompanyPage *self)
{
  CnContact *contact = g_object_get_data (G_OBJECT (button), "contact");
  g_autoptr(GError) error = NULL;

  if (!cn_store_delete_contact (self->store, cn_contact_get_id (contact), &error))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-error", "s", error->message);
}

static GtkWidget *
contact_row (CnCompanyPage *self,
             CnContact     *contact)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *edit_label = NULL;
  g_autofree char *remove_label = NULL;

  if (cn_contact_get_role (contact))
    g_string_append (details, cn_contact_get_role (contact));
  if (cn_contact_get_email (contact))
    g_string_append_printf (details, "%s%s", details->len ? " · " : "", cn_contact_get_email (contact));
  if (cn_contact_get_phone (contact))
    g_string_append_printf (details, "%s%s", details->len ? " · " : "", cn_contact_get_phone (contact));
  if (cn_contact_get_consent (contact))
    {
      g_autofree char *date = NULL;
      g_autoptr(GDateTime) dt = NULL;
      g_autofree char *iso = g_strdup_printf ("%sT12:00:00Z", cn_contact_get_consent_date (contact));
      date = cn_format_date_for_display (iso);
      g_string_append_printf (details, "%s", details->len ? "\n" : "");
      /* Translators: %s is a date */
      g_string_append_printf (details, _("Consent given on %s"), date);
      if (cn_contact_get_consent_purpose (contact) != NULL && *cn_contact_get_consent_purpose (contact) != '\0')
        /* Translators: %s is what the person agreed to, as typed */
        g_string_append_printf (details, _(", for: %s"), cn_contact_get_consent_purpose (contact));
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), cn_contact_get_name (contact));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: %s is a person's name */
  edit_label = g_strdup_printf (_("Edit %s"), cn_contact_get_name (contact));
  gtk_widget_set_tooltip_text (button, _("Edit Contact"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_label, -1);
  g_object_set_data_full (G_OBJECT (button), "contact", g_object_ref (contact), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_edit_contact), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  /* Translators: %s is a person's name */
  remove_label = g_strdup_printf (_("Remove %s"), cn_contact_get_name (contact));
  gtk_widget_set_tooltip_text (button, _("Remove Contact"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  g_object_set_data_full (G_OBJECT (button), "contact", g_object_ref (contact), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_remove_contact), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

/* ---- the company directory ---------------------------------------------- */

/* "24 mai 2017" from a stored "2017-05-24". */
static char *
founded_for_display (const char *founded_on)
{
  g_autofree char *noon = g_strdup_printf ("%sT12:00:00Z", founded_on);
  char *date = cn_format_date_for_display (noon);

  return date && *date ? date : (g_free (date), g_strdup (founded_on));
}

static void
show_toast (CnCompanyPage *self,
            const char    *title)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

static void
show_message (CnCompanyPage *self,
              const char    *heading,
              const char    *body)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char *
change_label (const char *field)
{
  static const struct { const char *field, *label; } labels[] = {
    { "name", N_("Name") },
    { "siren", N_("SIREN") },
    { "siret", N_("SIRET") },
    { "naf", N_("Activity") },
    { "headcount", N_("Headcount") },
    { "founded_on", N_("Creation Date") },
    { "revenue", N_("Revenue") },
    { "address", N_("Street") },
    { "postcode", N_("Postcode") },
    { "commune", N_("Commune") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].field, field))
      return _(labels[i].label);
  return field;
}

/* A stored value as the page shows it. */
static char *
change_value (const char *field,
              const char *value)
{
  guint n;

  if (value == NULL)
    return g_strdup (_("(empty)"));
  if (g_str_equal (field, "siren"))
    return cn_siren_format (value);
  if (g_str_equal (field, "siret"))
    return cn_siret_format (value);
  if (g_str_equal (field, "naf") && cn_naf_label (value))
    return g_strdup_printf ("%s — %s", value, cn_naf_label (value));
  if (g_str_equal (field, "headcount") && cn_headcount_label (value))
    return g_strdup (cn_headcount_label (value));
  if (g_str_equal (field, "revenue") && cn_choice_label (cn_revenue_brackets (&n), n, value))
    return g_strdup (cn_choice_label (cn_revenue_brackets (&n), n, value));
  if (g_str_equal (field, "founded_on"))
    return founded_for_display (value);
  return g_strdup (value);
}

typedef struct {
  CnCompanyPage *page;
  char *company_id;
  CnRegistryEntry *entry;
} UpdateDialog;

static void
update_dialog_free (gpointer  user_data,
                    GClosure *closure)
{
  UpdateDialog *data = user_data;

  g_object_unref (data->page);
  g_free (data->company_id);
  cn_registry_entry_free (data->entry);
  g_free (data);
}

static void
on_update_response (AdwMessageDialog *dialog,
                    const char       *response,
                    UpdateDialog     *data)
{
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "update"))
    return;

  /* Read again: the record may have changed while the dialog was open.
   * One update, so the timeline and the outbox get it as any edit. */
  company = cn_store_get_company (data->page->store, data->company_id, &error);
  if (company == NULL)
    {
      show_message (data->page, _("The company could not be updated"), error->message);
      return;
    }
  cn_registry_entry_apply (data->entry, company);
  if (!cn_store_update_company (data->page->store, company, NULL, &error))
    {
      show_message (data->page, _("The company could not be updated"), error->message);
      return;
    }
  show_toast (data->page, _("Updated from the directory"));
}

static void
show_changes (CnCompanyPage         *self,
              CnCompany             *company,
              const CnRegistryEntry *entry,
              GPtrArray             *changes)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog, *list;
  UpdateDialog *data;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Update from the Directory?"), NULL);
  if (entry->closed)
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 _("The directory lists this company as closed. It gives these changes; nothing else in the company’s record changes."));
  else
    adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                 _("The directory gives these changes; nothing else in the company’s record changes."));

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < changes->len; i++)
    {
      CnRegistryChange *change = g_ptr_array_index (changes, i);
      g_autofree char *old_value = change_value (change->field, change->old_value);
      g_autofree char *new_value = change_value (change->field, change->new_value);
      g_autofree char *text = g_strdup_printf ("%s → %s", old_value, new_value);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), change_label (change->field));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      gtk_widget_add_css_class (row, "property");
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "update", _("_Update"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "update", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "update");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  data = g_new0 (UpdateDialog, 1);
  data->page = g_object_ref (self);
  data->company_id = g_strdup (cn_company_get_id (company));
  data->entry = cn_registry_entry_copy (entry);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_update_response), data, update_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_directory_busy (CnCompanyPage *self,
                    gboolean       busy)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.update-from-directory", !busy);
  if (self->directory_row)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->directory_row),
                                 busy ? _("Asking the directory…") : _("Compare with the public company directory"));
}

static void
on_directory_looked_up (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(CnCompanyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRegistryEntry) entry = cn_registry_lookup_finish (CN_REGISTRY (source), result, &error);
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) changes = NULL;

  /* Another company shown since, or the page gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->directory_cancellable);
  set_directory_busy (self, FALSE);

  if (entry == NULL)
    {
      show_message (self, _("The directory could not be read"), error->message);
      return;
    }
  if (self->company_id == NULL ||
      (company = cn_store_get_company (self->store, self->company_id, NULL)) == NULL ||
      g_strcmp0 (cn_company_get_siren (company), entry->siren) != 0)
    return;

  changes = cn_registry_entry_changes (entry, company);
  if (changes->len > 0)
    show_changes (self, company, entry, changes);
  else if (entry->closed)
    show_message (self, _("Up to Date with the Directory"),
                  _("Nothing differs from the directory, which lists this company as closed."));
  else
    show_toast (self, _("Up to date with the directory"));
}

static void
cancel_directory_lookup (CnCompanyPage *self)
{
  if (self->directory_cancellable)
    g_cancellable_cancel (self->directory_cancellable);
  g_clear_object (&self->directory_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "page.update-from-directory", TRUE);
}

void
cn_company_page_update_from_directory (CnCompanyPage *self)
{
  g_autoptr(CnCompany) company = NULL;

  g_return_if_fail (CN_IS_COMPANY_PAGE (self));

  if (self->company_id == NULL ||
      (company = cn_store_get_company (self->store, self->company_id, NULL)) == NULL ||
      cn_company_get_siren (company) == NULL)
    return;

  cancel_directory_lookup (self);
  self->directory_cancellable = g_cancellable_new ();
  set_directory_busy (self, TRUE);
  cn_registry_lookup_async (cn_directory_get (self->store), cn_company_get_siren (company),
                            self->directory_cancellable, on_directory_looked_up, g_object_ref (self));
}

static void
update_from_directory_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  cn_company_page_update_from_directory (CN_COMPANY_PAGE (widget));
}

/* RGPD: the company's right of access and right to erasure. */
static void
export_data_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CnCompanyPage *self = CN_COMPANY_PAGE (widget);

  if (self->company_id != NULL)
    cn_privacy_export_company (widget, self->store, self->company_id);
}

static void
erase_company_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CnCompanyPage *self = CN_COMPANY_PAGE (widget);

  if (self->company_id != NULL)
    {
      /* Notes typed a moment ago must not be saved after the erasure. */
      cn_company_page_flush (self);
      cn_privacy_confirm_erase (widget, self->store, self->company_id);
    }
}

/* ---- refresh ---------------------------------------------------------- */

/* An appointment marked held: offer to write its progress report now. */
static void
on_report_requested (GtkWidget     *group,
                     const char    *appointment_id,
                     CnCompanyPage *self)
{
  CnReportForm *form = cn_report_form_new (self->store, self->company_id, appointment_id);

  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (form, "saved", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (form));
}

/* The details of a company: about a hundred widgets and six groups that
 * read the store, built when the first company is shown rather than at every
 * launch, when the page only says that none is selected. */
static void
build_details (CnCompanyPage *self)
{
  GtkWidget *scrolled, *clamp, *content, *group, *button, *frame;
  GtkStringList *statuses;

  if (self->notes_view != NULL)
    return;

  statuses = gtk_string_list_new (NULL);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (content, 24);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "company");

  self->name_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->name_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->name_label), 0);
  gtk_label_set_selectable (GTK_LABEL (self->name_label), TRUE);
  gtk_widget_add_css_class (self->name_label, "title-1");
  self->summary_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->summary_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0);
  gtk_widget_add_css_class (self->summary_label, "dim-label");
  {
    GtkWidget *title_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    gtk_box_append (GTK_BOX (title_box), self->name_label);
    gtk_box_append (GTK_BOX (title_box), self->summary_label);
    gtk_box_append (GTK_BOX (content), title_box);
  }

  group = adw_preferences_group_new ();
  for (guint i = 0; i < CN_COMPANY_N_STATUSES; i++)
    gtk_string_list_append (statuses, cn_company_status_label (i));
  self->status_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("Follow-up Status"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->status_row), G_LIST_MODEL (statuses));
  g_object_unref (statuses);
  g_signal_connect (self->status_row, "notify::selected", G_CALLBACK (on_status_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->status_row);
  gtk_box_append (GTK_BOX (content), group);

  self->identity_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->identity_group), _("Identity"));
  gtk_box_append (GTK_BOX (content), self->identity_group);

  self->contacts_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->contacts_group), _("Contacts"));
  button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Add Contact"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add Contact"), -1);
  g_signal_connect (button, "clicked", G_CALLBACK (on_add_contact), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->contacts_group), button);
  gtk_box_append (GTK_BOX (content), self->contacts_group);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Notes"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _("Saved as you type"));
  self->notes_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->notes_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->notes_view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->notes_view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->notes_view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->notes_view), 12);
  gtk_widget_set_size_request (self->notes_view, -1, 120);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->notes_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Notes"), -1);
  g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->notes_view)), "changed",
                    G_CALLBACK (on_notes_changed), self);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), self->notes_view);
  gtk_widget_add_css_class (frame, "view");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  gtk_box_append (GTK_BOX (content), group);

  self->timeline_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->timeline_group), _("Timeline"));
  gtk_box_append (GTK_BOX (content), self->timeline_group);

  /* Under the name: what the platform said, before the details. */
  self->sync_banner = cn_sync_banner_new (self->store);
  gtk_box_insert_child_after (GTK_BOX (content), self->sync_banner, gtk_widget_get_first_child (content));
  self->diagnostics_group = cn_diagnostics_group_new (self->store);
  gtk_box_insert_child_after (GTK_BOX (content), self->diagnostics_group, self->contacts_group);
  self->appointments_group = GTK_WIDGET (cn_appointments_group_new (self->store));
  g_signal_connect (self->appointments_group, "report-requested", G_CALLBACK (on_report_requested), self);
  gtk_box_insert_child_after (GTK_BOX (content), self->appointments_group, self->diagnostics_group);
  self->reports_group = GTK_WIDGET (cn_reports_group_new (self->store));
  gtk_box_insert_child_after (GTK_BOX (content), self->reports_group, self->appointments_group);
  self->aids_group = cn_aids_group_new (self->store);
  gtk_box_insert_child_after (GTK_BOX (content), self->aids_group, self->reports_group);
  self->basket_group = cn_basket_group_new (self->store);
  gtk_box_insert_child_after (GTK_BOX (content), self->basket_group, self->aids_group);
}

static void
refresh (CnCompanyPage *self)
{
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) summary = g_string_new (NULL);
  GtkTextBuffer *buffer;
  const char *naf, *value;
  guint n;

  if (self->updating)
    return;

  clear_dynamic (self);
  self->directory_row = NULL;
  if (self->company_id == NULL ||
      (company = cn_store_get_company (self->store, self->company_id, &error)) == NULL)
    {
      if (self->sync_banner != NULL)
        cn_sync_banner_set_company (CN_SYNC_BANNER (self->sync_banner), NULL);
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "empty");
      adw_window_title_set_title (ADW_WINDOW_TITLE (self->title), "");
      return;
    }

  build_details (self);
  cn_sync_banner_set_company (CN_SYNC_BANNER (self->sync_banner), self->company_id);
  self->updating = TRUE;
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "company");
  adw_window_title_set_title (ADW_WINDOW_TITLE (self->title), cn_company_get_name (company));
  gtk_label_set_text (GTK_LABEL (self->name_label), cn_company_get_name (company));

  naf = cn_company_get_naf (company);
  if (naf)
    g_string_append (summary, cn_naf_label (naf));
  if (cn_company_get_commune (company))
    g_string_append_printf (summary, "%s%s", summary->len ? " · " : "", cn_company_get_commune (company));
  gtk_label_set_text (GTK_LABEL (self->summary_label), summary->str);
  gtk_widget_set_visible (self->summary_label, summary->len > 0);

  adw_combo_row_set_selected (ADW_COMBO_ROW (self->status_row), cn_company_get_status (company));

  /* Identity */
  if (cn_company_get_siret (company))
    {
      g_autofree char *siret = cn_siret_format (cn_company_get_siret (company));
      add_dynamic (self, self->identity_group, info_row (_("SIRET"), siret));
    }
  else if (cn_company_get_siren (company))
    {
      g_autofree char *siren = cn_siren_format (cn_company_get_siren (company));
      add_dynamic (self, self->identity_group, info_row (_("SIREN"), siren));
    }
  if (naf)
    {
      g_autofree char *text = g_strdup_printf ("%s — %s", naf, cn_naf_label (naf));
      add_dynamic (self, self->identity_group, info_row (_("Activity"), text));
    }
  if (cn_company_get_employees (company) >= 0)
    {
      int employees = cn_company_get_employees (company);
      g_autofree char *text = g_strdup_printf (ngettext ("%d employee", "%d employees", employees), employees);

      add_dynamic (self, self->identity_group, info_row (_("Headcount"), text));
    }
  else if ((value = cn_headcount_label (cn_company_get_headcount (company))))
    add_dynamic (self, self->identity_group, info_row (_("Headcount"), value));
  if (cn_company_get_founded_on (company))
    {
      g_autofree char *date = founded_for_display (cn_company_get_founded_on (company));
      add_dynamic (self, self->identity_group, info_row (_("Creation Date"), date));
    }
  if ((value = cn_choice_label (cn_revenue_brackets (&n), n, cn_company_get_revenue (company))))
    add_dynamic (self, self->identity_group, info_row (_("Revenue"), value));
  if ((value = cn_choice_label (cn_customer_types (&n), n, cn_company_get_customer_type (company))))
    add_dynamic (self, self->identity_group, info_row (_("Customers"), value));
  if ((value = cn_choice_label (cn_web_presences (&n), n, cn_company_get_web_presence (company))))
    add_dynamic (self, self->identity_group, info_row (_("Online Presence"), value));
  {
    g_autoptr(GString) address = g_string_new (cn_company_get_address (company));
    const CnDepartment *dep = cn_geo_department_lookup (cn_company_get_department (company));
    const CnRegion *region = cn_geo_region_lookup (cn_company_get_region (company));

    if (cn_company_get_postcode (company) || cn_company_get_commune (company))
      g_string_append_printf (address, "%s%s %s", address->len ? "\n" : "",
                              cn_company_get_postcode (company) ?: "", cn_company_get_commune (company) ?: "");
    if (dep)
      g_string_append_printf (address, "\n%s (%s), %s", dep->name, dep->code, region ? region->name : "");
    if (address->len)
      add_dynamic (self, self->identity_group, info_row (_("Address"), address->str));
  }
  {
    g_autofree char *tags = g_strjoinv (", ", (char **) cn_company_get_tags (company));
    if (*tags)
      add_dynamic (self, self->identity_group, info_row (_("Tags"), tags));
  }
  add_dynamic (self, self->identity_group,
               info_row (_("Shared with the National Platform"),
                         cn_company_get_consent_share (company) ? _("Yes, with the company’s consent") : _("No, kept on this computer")));
  /* The directory is asked by SIREN: without one there is nothing to
   * ask it about. */
  if (cn_company_get_siren (company))
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Update from the Directory"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   self->directory_cancellable
                                   ? _("Asking the directory…")
                                   : _("Compare with the public company directory"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("view-refresh-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "page.update-from-directory");
      add_dynamic (self, self->identity_group, row);
      self->directory_row = row;
    }

  /* Contacts */
  contacts = cn_store_list_contacts (self->store, self->company_id, &error);
  for (guint i = 0; contacts && i < contacts->len; i++)
    add_dynamic (self, self->contacts_group, contact_row (self, g_ptr_array_index (contacts, i)));
  if (contacts && contacts->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No contact yet"));
      gtk_widget_add_css_class (row, "dim-label");
      add_dynamic (self, self->contacts_group, row);
    }

  cn_diagnostics_group_set_company (CN_DIAGNOSTICS_GROUP (self->diagnostics_group), self->company_id);
  cn_appointments_group_set_company (CN_APPOINTMENTS_GROUP (self->appointments_group), self->company_id);
  cn_reports_group_set_company (CN_REPORTS_GROUP (self->reports_group), self->company_id);
  cn_aids_group_set_company (CN_AIDS_GROUP (self->aids_group), self->company_id);
  cn_basket_group_set_company (CN_BASKET_GROUP (self->basket_group), self->company_id);

  /* Notes: only replaced when not being typed in. */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->notes_view));
  if (self->notes_timeout == 0)
    {
      GtkTextIter start, end;
      g_autofree char *current = NULL;
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      current = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (!g_str_equal (current, cn_company_get_notes (company)))
        gtk_text_buffer_set_text (buffer, cn_company_get_notes (company), -1);
    }

  /* Timeline */
  events = cn_store_list_events (self->store, self->company_id, &error);
  for (guint i = 0; events && i < events->len; i++)
    {
      CnEvent *event = g_ptr_array_index (events, i);
      g_autofree char *what = cn_event_describe (event);
      g_autofree char *when = cn_format_datetime_for_display (cn_event_get_at (event));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      add_dynamic (self, self->timeline_group, row);
    }

  self->updating = FALSE;
}

static void
on_store_changed (CnStore       *store,
                  CnCompanyPage *self)
{
  refresh (self);
}

void
cn_company_page_set_company_id (CnCompanyPage *self,
                                const char    *id)
{
  cn_company_page_flush (self);
  if (cn_set_str (&self->company_id, id))
    {
      cancel_directory_lookup (self);
      if (self->notes_view != NULL)
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->notes_view));
          self->updating = TRUE;
          gtk_text_buffer_set_text (buffer, "", -1);
          self->updating = FALSE;
        }
    }
  refresh (self);
}

const char *
cn_company_page_get_company_id (CnCompanyPage *self)
{
  return self->company_id;
}

static void
cn_company_page_dispose (GObject *object)
{
  CnCompanyPage *self = CN_COMPANY_PAGE (object);

  cn_company_page_flush (self);
  cancel_directory_lookup (self);
  if (self->store)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed, self);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (cn_company_page_parent_class)->dispose (object);
}

static void
cn_company_page_finalize (GObject *object)
{
  CnCompanyPage *self = CN_COMPANY_PAGE (object);

  g_free (self->company_id);
  g_ptr_array_unref (self->dynamic_rows);
  G_OBJECT_CLASS (cn_company_page_parent_class)->finalize (object);
}

static void
cn_company_page_class_init (CnCompanyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cn_company_page_dispose;
  object_class->finalize = cn_company_page_finalize;

  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "page.update-from-directory", NULL,
                                   update_from_directory_action);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "page.export-data", NULL,
                                   export_data_action);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "page.erase-company", NULL,
                                   erase_company_action);
}

static void
cn_company_page_init (CnCompanyPage *self)
{
  GtkWidget *header, *back, *empty;

  self->dynamic_rows = g_ptr_array_new ();
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self), 360, -1);

  header = adw_header_bar_new ();
  self->title = adw_window_title_new ("", NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), self->title);
  back = cn_icon_button_new ("go-previous-symbolic", _("Back"), "win.back");
  gtk_widget_add_css_class (back, "cn-back-button");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  g_object_set_data (G_OBJECT (self), "back-button", back);
  g_object_set_data (G_OBJECT (self), "header", header);
  {
    g_autoptr(GMenu) menu = g_menu_new ();
    GtkWidget *menu_button = gtk_menu_button_new ();

    g_menu_append (menu, _("Export Data (GDPR)…"), "page.export-data");
    g_menu_append (menu, _("Erase Permanently…"), "page.erase-company");
    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
    gtk_widget_set_tooltip_text (menu_button, _("Company Menu"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Company Menu"), -1);
    adw_header_bar_pack_end (ADW_HEADER_BAR (header), menu_button);
  }
  adw_header_bar_pack_end (ADW_HEADER_BAR (header),
                           cn_icon_button_new ("user-trash-symbolic", _("Delete Company"), "win.delete-company"));
  adw_header_bar_pack_end (ADW_HEADER_BAR (header),
                           cn_icon_button_new ("document-edit-symbolic", _("Edit Company"), "win.edit-company"));
  gtk_box_append (GTK_BOX (self), header);

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_box_append (GTK_BOX (self), self->stack);

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "x-office-address-book-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Company Selected"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty), _("Choose a company in the list to see its details."));
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");

}

CnCompanyPage *
cn_company_page_new (CnStore *store)
{
  CnCompanyPage *self = g_object_new (CN_TYPE_COMPANY_PAGE, NULL);

  self->store = g_object_ref (store);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), self);
  refresh (self);
  return self;
}
