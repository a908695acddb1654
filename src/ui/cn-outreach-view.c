/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-outreach-view"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-appointment.h"
#include "cn-outreach.h"
#include "cn-outreach-view.h"
#include "cn-util.h"
#include "cn-widgets.h"

#define MAX_COUNT 100000

struct _CnOutreachView
{
  GtkBox parent_instance;

  CnStore   *store;
  GtkWidget *toasts;
  GtkWidget *stack;
  GtkWidget *group;
  GPtrArray *rows;     /* what refresh removes */
};

G_DEFINE_FINAL_TYPE (CnOutreachView, cn_outreach_view, GTK_TYPE_BOX)

enum {
  COMPANY_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- helpers -------------------------------------------------------------- */

static void
toast (CnOutreachView *self,
       const char     *message)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (escaped));
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cn_appointment_time_zone ());

  return g_date_time_format (now, "%Y-%m-%d");
}

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

static const char *
kind_icon (CnOutreachKind kind)
{
  switch (kind)
    {
    case CN_OUTREACH_EVENT: return "x-office-calendar-symbolic";
    case CN_OUTREACH_WORKSHOP: return "system-users-symbolic";
    case CN_OUTREACH_CALL: return "call-start-symbolic";
    case CN_OUTREACH_VISIT: return "mark-location-symbolic";
    case CN_OUTREACH_OTHER:
    default: return "view-list-bullet-symbolic";
    }
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
add_entry (GtkWidget  *group,
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

static GtkWidget *
add_spin (GtkWidget  *group,
          const char *title,
          int         value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, MAX_COUNT, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), MAX (value, 0));
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return spin;
}

/* A small dialog: Cancel and a suggested button in the header, a
 * preferences page below.  Escape closes it. */
static GtkWidget *
dialog_new (CnOutreachView *self,
            const char     *title,
            const char     *accept_label,
            int             height,
            GtkWidget     **accept,
            GtkWidget     **page)
{
  GtkWidget *dialog = g_object_new (ADW_TYPE_WINDOW,
                                    "modal", TRUE,
                                    "title", title,
                                    "default-width", 520,
                                    "default-height", height,
                                    "transient-for", gtk_widget_get_root (GTK_WIDGET (self)),
                                    NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkEventController *keys = gtk_shortcut_controller_new ();

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  *accept = gtk_button_new_with_mnemonic (accept_label);
  gtk_widget_add_css_class (*accept, "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), *accept);
  gtk_box_append (GTK_BOX (box), header);

  *page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (*page, TRUE);
  gtk_box_append (GTK_BOX (box), *page);
  adw_window_set_content (ADW_WINDOW (dialog), box);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (dialog, keys);
  return dialog;
}

/* ---- the add / edit dialog ------------------------------------------------ */

typedef struct {
  CnOutreachView *self;
  CnOutreach     *outreach;   /* being edited */
  GtkWidget      *dialog, *save;
  GtkWidget      *date_row, *kind_row, *title_row, *smes_spin, *leads_spin, *notes_view, *error;
} OutreachForm;

static void
outreach_form_free (OutreachForm *form)
{
  g_object_unref (form->self);
  cn_outreach_free (form->outreach);
  g_free (form);
}

/* Fills form->outreach from the fields; checks it with the core. */
static gboolean
outreach_form_read (OutreachForm  *form,
                    GError       **error)
{
  CnOutreach *o = form->outreach;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (form->notes_view));
  g_autoptr(CnOutreach) probe = NULL;
  GtkTextIter start, end;
  guint kind = adw_combo_row_get_selected (ADW_COMBO_ROW (form->kind_row));

  cn_set_str (&o->date, gtk_editable_get_text (GTK_EDITABLE (form->date_row)));
  o->kind = kind < CN_OUTREACH_N_KINDS ? (CnOutreachKind) kind : CN_OUTREACH_OTHER;
  cn_set_str (&o->title, gtk_editable_get_text (GTK_EDITABLE (form->title_row)));
  o->smes_reached = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (form->smes_spin));
  o->leads = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (form->leads_spin));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_free (o->notes);
  o->notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  probe = cn_outreach_copy (o);
  return cn_outreach_normalize (probe, error);
}

static void
outreach_form_validate (OutreachForm *form)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = outreach_form_read (form, &error);
  g_autofree char *date = g_strstrip (g_strdup (form->outreach->date));
  g_autofree char *title = g_strstrip (g_strdup (form->outreach->title));

  /* A new form does not start red: the missing title only disables Save. */
  if (*title == '\0' && form->outreach->id == NULL &&
      !GPOINTER_TO_INT (g_object_get_data (G_OBJECT (form->title_row), "cn-touched")))
    show_message (form->error, NULL);
  else
    show_message (form->error, ok ? NULL : error->message);
  if (*title == '\0' && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (form->title_row), "cn-touched")))
    gtk_widget_add_css_class (form->title_row, "error");
  else
    gtk_widget_remove_css_class (form->title_row, "error");
  if (!is_date (date))
    gtk_widget_add_css_class (form->date_row, "error");
  else
    gtk_widget_remove_css_class (form->date_row, "error");
  gtk_widget_set_sensitive (form->save, ok);
}

static void
on_outreach_field_changed (GtkWidget    *widget,
                           OutreachForm *form)
{
  if (widget == form->title_row)
    g_object_set_data (G_OBJECT (widget), "cn-touched", GINT_TO_POINTER (TRUE));
  outreach_form_validate (form);
}

static void
on_outreach_save (GtkButton    *button G_GNUC_UNUSED,
                  OutreachForm *form)
{
  g_autoptr(GError) error = NULL;

  if (!outreach_form_read (form, &error) ||
      !cn_store_save_outreach (form->self->store, form->outreach, &error))
    {
      show_message (form->error, error->message);
      return;
    }
  cn_outreach_view_refresh (form->self);
  gtk_window_destroy (GTK_WINDOW (form->dialog));
}

static void
open_outreach_form (CnOutreachView *self,
                    CnOutreach     *outreach)
{
  OutreachForm *form = g_new0 (OutreachForm, 1);
  GtkStringList *kinds = gtk_string_list_new (NULL);
  GtkWidget *page, *group, *label, *frame;
  gboolean is_new = outreach == NULL;

  form->self = g_object_ref (self);
  form->outreach = outreach ? cn_outreach_copy (outreach) : cn_outreach_new ();
  if (is_new)
    {
      g_free (form->outreach->date);
      form->outreach->date = today ();
      form->outreach->kind = CN_OUTREACH_WORKSHOP;
    }
  form->dialog = dialog_new (self, is_new ? _("New Awareness Action") : _("Edit Awareness Action"),
                             is_new ? _("_Add") : _("_Save"), 640, &form->save, &page);
  g_object_set_data_full (G_OBJECT (form->dialog), "cn-form", form, (GDestroyNotify) outreach_form_free);

  group = adw_preferences_group_new ();
  form->title_row = add_entry (group, _("Title"), form->outreach->title);
  form->date_row = add_entry (group, _("Date (YYYY-MM-DD)"), form->outreach->date);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (form->date_row), 12);
  for (guint i = 0; i < CN_OUTREACH_N_KINDS; i++)
    gtk_string_list_append (kinds, cn_outreach_kind_label (i));
  form->kind_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (form->kind_row), _("Kind"));
  adw_combo_row_set_model (ADW_COMBO_ROW (form->kind_row), G_LIST_MODEL (kinds));
  adw_combo_row_set_selected (ADW_COMBO_ROW (form->kind_row), form->outreach->kind);
  g_object_unref (kinds);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), form->kind_row);
  form->error = add_message (group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Results"));
  form->smes_spin = add_spin (group, _("SMEs Reached"), form->outreach->smes_reached);
  form->leads_spin = add_spin (group, _("Leads"), form->outreach->leads);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  label = gtk_label_new (_("Notes"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_bottom (label, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
  form->notes_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (form->notes_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (form->notes_view), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (form->notes_view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (form->notes_view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (form->notes_view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (form->notes_view), 12);
  gtk_widget_set_size_request (form->notes_view, -1, 100);
  gtk_accessible_update_property (GTK_ACCESSIBLE (form->notes_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Notes"), -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (form->notes_view)),
                            form->outreach->notes ? form->outreach->notes : "", -1);
  frame = gtk_frame_new (NULL);
  gtk_widget_add_css_class (frame, "view");
  gtk_widget_set_overflow (frame, GTK_OVERFLOW_HIDDEN);
  gtk_frame_set_child (GTK_FRAME (frame), form->notes_view);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  g_signal_connect (form->title_row, "changed", G_CALLBACK (on_outreach_field_changed), form);
  g_signal_connect (form->date_row, "changed", G_CALLBACK (on_outreach_field_changed), form);
  g_signal_connect (form->save, "clicked", G_CALLBACK (on_outreach_save), form);
  outreach_form_validate (form);
  gtk_window_present (GTK_WINDOW (form->dialog));
  gtk_widget_grab_focus (form->title_row);
}

/* ---- the "add a lead" dialog ---------------------------------------------- */

typedef struct {
  CnOutreachView *self;
  char           *outreach_id;
  GtkWidget      *dialog, *add, *name_row, *postcode_row, *error;
} LeadForm;

static void
lead_form_free (LeadForm *form)
{
  g_object_unref (form->self);
  g_free (form->outreach_id);
  g_free (form);
}

static void
on_lead_changed (GtkEditable *editable G_GNUC_UNUSED,
                 LeadForm    *form)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->name_row))));

  show_message (form->error, NULL);
  gtk_widget_remove_css_class (form->postcode_row, "error");
  gtk_widget_set_sensitive (form->add, *name != '\0');
}

static void
on_lead_add (GtkButton *button G_GNUC_UNUSED,
             LeadForm  *form)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autofree char *message = NULL;
  const char *postcode = gtk_editable_get_text (GTK_EDITABLE (form->postcode_row));
  CnOutreachView *self = form->self;

  company = cn_store_company_from_outreach (self->store, form->outreach_id,
                                            gtk_editable_get_text (GTK_EDITABLE (form->name_row)),
                                            *postcode ? postcode : NULL, &error);
  if (company == NULL)
    {
      /* The name is checked as it is typed: what is left is the postcode. */
      if (*postcode)
        gtk_widget_add_css_class (form->postcode_row, "error");
      show_message (form->error, error->message);
      return;
    }
  /* Translators: %s is the name of a business */
  message = g_strdup_printf (_("%s added to the portfolio"), cn_company_get_name (company));
  toast (self, message);
  gtk_window_destroy (GTK_WINDOW (form->dialog));
  g_signal_emit (self, signals[COMPANY_ADDED], 0, cn_company_get_id (company));
}

static void
open_lead_form (CnOutreachView *self,
                CnOutreach     *outreach)
{
  LeadForm *form = g_new0 (LeadForm, 1);
  GtkWidget *page, *group;
  g_autofree char *description = NULL;

  form->self = g_object_ref (self);
  form->outreach_id = g_strdup (outreach->id);
  form->dialog = dialog_new (self, _("Add a Lead to the Portfolio"), _("_Add"), 400, &form->add, &page);
  g_object_set_data_full (G_OBJECT (form->dialog), "cn-form", form, (GDestroyNotify) lead_form_free);

  group = adw_preferences_group_new ();
  /* Translators: %s is the title of an awareness action.  A group's
   * description is markup in libadwaita 1.2: the title is escaped. */
  description = g_markup_printf_escaped (_("A business met at “%s” joins the portfolio as a lead."), outreach->title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  form->name_row = add_entry (group, _("Business Name"), NULL);
  form->postcode_row = add_entry (group, _("Postcode (optional)"), NULL);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (form->postcode_row), 8);
  form->error = add_message (group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  g_signal_connect (form->name_row, "changed", G_CALLBACK (on_lead_changed), form);
  g_signal_connect (form->postcode_row, "changed", G_CALLBACK (on_lead_changed), form);
  g_signal_connect (form->add, "clicked", G_CALLBACK (on_lead_add), form);
  g_signal_connect_swapped (form->name_row, "entry-activated", G_CALLBACK (gtk_widget_activate), form->add);
  g_signal_connect_swapped (form->postcode_row, "entry-activated", G_CALLBACK (gtk_widget_activate), form->add);
  gtk_widget_set_sensitive (form->add, FALSE);
  gtk_window_present (GTK_WINDOW (form->dialog));
  gtk_widget_grab_focus (form->name_row);
}

/* ---- actions -------------------------------------------------------------- */

static CnOutreach *
load (CnOutreachView *self,
      GVariant       *parameter)
{
  g_autoptr(GError) error = NULL;
  CnOutreach *outreach = cn_store_get_outreach (self->store, g_variant_get_string (parameter, NULL), &error);

  if (outreach == NULL)
    {
      toast (self, error->message);
      cn_outreach_view_refresh (self);
    }
  return outreach;
}

static void
new_action (GtkWidget  *widget,
            const char *action_name G_GNUC_UNUSED,
            GVariant   *parameter G_GNUC_UNUSED)
{
  open_outreach_form (CN_OUTREACH_VIEW (widget), NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name G_GNUC_UNUSED,
             GVariant   *parameter)
{
  CnOutreachView *self = CN_OUTREACH_VIEW (widget);
  g_autoptr(CnOutreach) outreach = load (self, parameter);

  if (outreach != NULL)
    open_outreach_form (self, outreach);
}

static void
add_lead_action (GtkWidget  *widget,
                 const char *action_name G_GNUC_UNUSED,
                 GVariant   *parameter)
{
  CnOutreachView *self = CN_OUTREACH_VIEW (widget);
  g_autoptr(CnOutreach) outreach = load (self, parameter);

  if (outreach != NULL)
    open_lead_form (self, outreach);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    CnOutreachView   *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "cn-id");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (!cn_store_delete_outreach (self->store, id, &error))
    toast (self, error->message);
  cn_outreach_view_refresh (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name G_GNUC_UNUSED,
               GVariant   *parameter)
{
  CnOutreachView *self = CN_OUTREACH_VIEW (widget);
  g_autoptr(CnOutreach) outreach = load (self, parameter);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (outreach == NULL)
    return;
  /* Translators: %s is the title of an awareness action */
  heading = g_strdup_printf (_("Delete “%s”?"), outreach->title);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("Businesses already added to the portfolio from it stay there."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cn-id", g_strdup (outreach->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the list ------------------------------------------------------------- */

static GtkWidget *
outreach_row (CnOutreach *outreach)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (kind_icon (outreach->kind));
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  g_autoptr(GMenu) last = g_menu_new ();
  g_autoptr(GMenuItem) item = NULL;
  g_autofree char *day = format_day (outreach->date);
  g_autofree char *reached = NULL;
  g_autofree char *leads = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *menu_name = NULL;

  /* Translators: how many small businesses an awareness action reached */
  reached = g_strdup_printf (ngettext ("%d SME reached", "%d SMEs reached", outreach->smes_reached),
                             outreach->smes_reached);
  /* Translators: how many leads an awareness action gave */
  leads = g_strdup_printf (ngettext ("%d lead", "%d leads", outreach->leads), outreach->leads);
  subtitle = g_strdup_printf ("%s · %s\n%s · %s", day, cn_outreach_kind_label (outreach->kind), reached, leads);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), outreach->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  cn_outreach_kind_label (outreach->kind), -1);

  item = g_menu_item_new (_("_Edit"), NULL);
  g_menu_item_set_action_and_target (item, "outreach.edit", "s", outreach->id);
  g_menu_append_item (section, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("Add a _Lead to the Portfolio…"), NULL);
  g_menu_item_set_action_and_target (item, "outreach.add-lead", "s", outreach->id);
  g_menu_append_item (section, item);
  g_clear_object (&item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  item = g_menu_item_new (_("_Delete…"), NULL);
  g_menu_item_set_action_and_target (item, "outreach.delete", "s", outreach->id);
  g_menu_append_item (last, item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (last));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_widget_add_css_class (menu_button, "flat");
  gtk_widget_set_valign (menu_button, GTK_ALIGN_CENTER);
  /* Translators: the tooltip of the menu of one awareness action */
  menu_name = g_strdup_printf (_("Actions for “%s”"), outreach->title);
  gtk_widget_set_tooltip_text (menu_button, _("More"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, menu_name, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "outreach.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", outreach->id);
  return row;
}

void
cn_outreach_view_refresh (CnOutreachView *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CN_IS_OUTREACH_VIEW (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->group), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  entries = cn_store_list_outreach (self->store, NULL, NULL, &error);
  if (entries == NULL)
    {
      g_warning ("Cannot list the outreach log: %s", error->message);
      toast (self, error->message);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      GtkWidget *row = outreach_row (entries->pdata[i]);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->group), row);
      g_ptr_array_add (self->rows, row);
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), entries->len > 0 ? "list" : "empty");
}

guint
cn_outreach_view_get_n_rows (CnOutreachView *self)
{
  g_return_val_if_fail (CN_IS_OUTREACH_VIEW (self), 0);

  return self->rows->len;
}

/* ---- the class ------------------------------------------------------------ */

static void
cn_outreach_view_finalize (GObject *object)
{
  CnOutreachView *self = CN_OUTREACH_VIEW (object);

  g_clear_object (&self->store);
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (cn_outreach_view_parent_class)->finalize (object);
}

static void
cn_outreach_view_class_init (CnOutreachViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cn_outreach_view_finalize;

  /* A lead became a company of the portfolio; its id. */
  signals[COMPANY_ADDED] = g_signal_new ("company-added",
                                         G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "outreach.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "outreach.edit", "s", edit_action);
  gtk_widget_class_install_action (widget_class, "outreach.add-lead", "s", add_lead_action);
  gtk_widget_class_install_action (widget_class, "outreach.delete", "s", delete_action);
}

static void
cn_outreach_view_init (CnOutreachView *self)
{
  GtkWidget *toolbar, *button, *content, *empty, *page;

  self->rows = g_ptr_array_new ();
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);

  toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (toolbar, "toolbar");
  button = gtk_button_new ();
  content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_New Action"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_tooltip_text (button, _("Record a workshop, a phone campaign, a visit…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "outreach.new");
  gtk_box_append (GTK_BOX (toolbar), button);
  gtk_box_append (GTK_BOX (self), toolbar);
  gtk_box_append (GTK_BOX (self), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "system-users-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No awareness action yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Workshops, phone campaigns, visits: record them here, with the businesses they reached."));
  button = cn_button_new_with_mnemonic (_("_Record an Action"));
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "outreach.new");
  adw_status_page_set_child (ADW_STATUS_PAGE (empty), button);
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");

  page = adw_preferences_page_new ();
  self->group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->group), _("Awareness Actions"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->group), _("Newest first"));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (self->group));
  gtk_stack_add_named (GTK_STACK (self->stack), page, "list");

  self->toasts = adw_toast_overlay_new ();
  gtk_widget_set_vexpand (self->toasts, TRUE);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), self->stack);
  gtk_box_append (GTK_BOX (self), self->toasts);
}

GtkWidget *
cn_outreach_view_new (CnStore *store)
{
  CnOutreachView *self;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_OUTREACH_VIEW, NULL);
  self->store = g_object_ref (store);
  cn_outreach_view_refresh (self);
  return GTK_WIDGET (self);
}
