/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-company-form"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-company-form.h"
#include "cn-error.h"
#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-identifiers.h"
#include "cn-naf.h"

struct _CnCompanyForm
{
  AdwWindow parent_instance;

  CnStore *store;
  CnCompany *company;   /* a copy being edited */
  gboolean is_new;

  GtkWidget *save_button;
  GtkWidget *name_row, *siret_row, *naf_row, *address_row, *postcode_row, *commune_row, *tags_row;
  GtkWidget *headcount_row, *revenue_row, *customer_row, *web_row, *status_row, *consent_switch;
  GtkWidget *identity_error, *place_error, *naf_hint, *place_hint;
  char *errors[CN_COMPANY_FIELD_NOTES + 1];
};

G_DEFINE_FINAL_TYPE (CnCompanyForm, cn_company_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cn_company_form_finalize (GObject *object)
{
  CnCompanyForm *self = CN_COMPANY_FORM (object);

  g_clear_object (&self->store);
  g_clear_object (&self->company);
  for (guint i = 0; i < G_N_ELEMENTS (self->errors); i++)
    g_free (self->errors[i]);
  G_OBJECT_CLASS (cn_company_form_parent_class)->finalize (object);
}

static const char *
entry_text (GtkWidget *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_error (CnCompanyForm  *self,
           CnCompanyField  field,
           const char     *message)
{
  GtkWidget *row = NULL;

  g_free (self->errors[field]);
  self->errors[field] = g_strdup (message);

  switch (field)
    {
    case CN_COMPANY_FIELD_NAME: row = self->name_row; break;
    case CN_COMPANY_FIELD_SIRET:
    case CN_COMPANY_FIELD_SIREN: row = self->siret_row; break;
    case CN_COMPANY_FIELD_NAF: row = self->naf_row; break;
    case CN_COMPANY_FIELD_POSTCODE: row = self->postcode_row; break;
    default: break;
    }
  if (row)
    {
      if (message)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
    }
}

/* Shows each group's messages under it, as plain text. */
static void
update_messages (CnCompanyForm *self)
{
  g_autoptr(GString) identity = g_string_new (NULL);
  g_autoptr(GString) place = g_string_new (NULL);
  gboolean valid = TRUE;

  for (guint i = CN_COMPANY_FIELD_NAME; i <= CN_COMPANY_FIELD_NAF; i++)
    if (self->errors[i])
      g_string_append_printf (identity, "%s%s", identity->len ? "\n" : "", self->errors[i]);
  if (self->errors[CN_COMPANY_FIELD_POSTCODE])
    g_string_append (place, self->errors[CN_COMPANY_FIELD_POSTCODE]);

  for (guint i = 0; i < G_N_ELEMENTS (self->errors); i++)
    if (self->errors[i])
      valid = FALSE;

  gtk_label_set_text (GTK_LABEL (self->identity_error), identity->str);
  gtk_widget_set_visible (self->identity_error, identity->len > 0);
  gtk_label_set_text (GTK_LABEL (self->place_error), place->str);
  gtk_widget_set_visible (self->place_error, place->len > 0);
  gtk_widget_set_sensitive (self->save_button, valid);
}

static void
validate_name (CnCompanyForm *self)
{
  g_autofree char *name = g_strstrip (g_strdup (entry_text (self->name_row)));

  set_error (self, CN_COMPANY_FIELD_NAME, *name ? NULL : _("The company needs a name."));
}

static void
validate_siret (CnCompanyForm *self)
{
  const char *text = entry_text (self->siret_row);
  g_autoptr(GError) error = NULL;

  /* Nine digits are a SIREN, fourteen a SIRET: both are accepted here. */
  if (*text == '\0')
    set_error (self, CN_COMPANY_FIELD_SIRET, NULL);
  else
    {
      g_autofree char *digits = NULL;
      gsize n = 0;
      for (const char *p = text; *p; p++)
        n += g_ascii_isdigit (*p);
      if (n == 9 ? cn_siren_validate (text, &digits, &error) : cn_siret_validate (text, &digits, &error))
        set_error (self, CN_COMPANY_FIELD_SIRET, NULL);
      else
        set_error (self, CN_COMPANY_FIELD_SIRET, error->message);
    }
}

static void
validate_naf (CnCompanyForm *self)
{
  const char *text = entry_text (self->naf_row);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  if (*text == '\0')
    {
      set_error (self, CN_COMPANY_FIELD_NAF, NULL);
      gtk_label_set_text (GTK_LABEL (self->naf_hint), "");
    }
  else if (cn_naf_normalize (text, &code, &error))
    {
      set_error (self, CN_COMPANY_FIELD_NAF, NULL);
      gtk_label_set_text (GTK_LABEL (self->naf_hint), cn_naf_label (code));
    }
  else
    {
      set_error (self, CN_COMPANY_FIELD_NAF, error->message);
      gtk_label_set_text (GTK_LABEL (self->naf_hint), "");
    }
  gtk_widget_set_visible (self->naf_hint, *gtk_label_get_text (GTK_LABEL (self->naf_hint)) != '\0');
}

static void
validate_postcode (CnCompanyForm *self)
{
  const char *text = entry_text (self->postcode_row);
  g_autoptr(GError) error = NULL;
  g_autofree char *postcode = NULL;
  g_autofree char *hint = NULL;

  if (*text == '\0')
    set_error (self, CN_COMPANY_FIELD_POSTCODE, NULL);
  else if (cn_postcode_validate (text, &postcode, &error))
    {
      const CnDepartment *dep = cn_geo_department_for_postcode (postcode);
      const CnRegion *region = dep ? cn_geo_region_lookup (dep->region_code) : NULL;

      set_error (self, CN_COMPANY_FIELD_POSTCODE, NULL);
      if (dep)
        hint = g_strdup_printf ("%s (%s), %s", dep->name, dep->code, region ? region->name : "");
    }
  else
    set_error (self, CN_COMPANY_FIELD_POSTCODE, error->message);

  gtk_label_set_text (GTK_LABEL (self->place_hint), hint ? hint : "");
  gtk_widget_set_visible (self->place_hint, hint != NULL);
}

static void
on_field_changed (GtkEditable   *editable,
                  CnCompanyForm *self)
{
  GtkWidget *row = GTK_WIDGET (editable);

  if (row == self->name_row)
    validate_name (self);
  else if (row == self->siret_row)
    validate_siret (self);
  else if (row == self->naf_row)
    validate_naf (self);
  else if (row == self->postcode_row)
    validate_postcode (self);
  update_messages (self);
}

static GtkWidget *
add_entry (CnCompanyForm *self,
           GtkWidget     *group,
           const char    *title,
           const char    *text)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  g_signal_connect (row, "changed", G_CALLBACK (on_field_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static GtkWidget *
add_message (GtkWidget *group,
             gboolean   is_error)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, is_error ? "error" : "dim-label");
  gtk_widget_set_visible (label, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
  return label;
}

/* A combo over a choice list; position 0 is "not filled". */
static GtkWidget *
add_combo (GtkWidget      *group,
           const char     *title,
           const char    **labels,
           guint           n,
           guint           selected)
{
  GtkWidget *row = adw_combo_row_new ();
  GtkStringList *model = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (model, labels[i]);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_object_unref (model);
  return row;
}

static GtkWidget *
add_choice_combo (GtkWidget      *group,
                  const char     *title,
                  const CnChoice *choices,
                  guint           n,
                  const char     *current)
{
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  guint selected = 0;

  labels[0] = _("Not filled");
  for (guint i = 0; i < n; i++)
    {
      labels[i + 1] = _(choices[i].label);
      if (g_strcmp0 (current, choices[i].id) == 0)
        selected = i + 1;
    }
  return add_combo (group, title, labels, n + 1, selected);
}

static const char *
selected_choice (GtkWidget      *row,
                 const CnChoice *choices)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row));

  return selected == 0 || selected == GTK_INVALID_LIST_POSITION ? NULL : choices[selected - 1].id;
}

gboolean cn_company_form_save (CnCompanyForm *self);

static void
on_save (GtkWidget *button,
         gpointer   user_data)
{
  cn_company_form_save (CN_COMPANY_FORM (user_data));
}

gboolean
cn_company_form_save (CnCompanyForm *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  g_auto(GStrv) tags = NULL;
  CnCompanyField field = CN_COMPANY_FIELD_NONE;
  guint n, selected;
  const CnHeadcountBracket *brackets = cn_headcount_brackets (&n);
  const char *siret_text = entry_text (self->siret_row);
  gboolean ok;

  cn_company_set_name (self->company, entry_text (self->name_row));
  for (const char *p = siret_text; *p; p++)
    if (g_ascii_isdigit (*p))
      {
        g_autofree char *old = digits;
        digits = g_strdup_printf ("%s%c", old ? old : "", *p);
      }
  if (digits && strlen (digits) == 9)
    {
      cn_company_set_siret (self->company, NULL);
      cn_company_set_siren (self->company, siret_text);
    }
  else
    {
      cn_company_set_siren (self->company, NULL);
      cn_company_set_siret (self->company, siret_text);
    }
  cn_company_set_naf (self->company, entry_text (self->naf_row));
  cn_company_set_address (self->company, entry_text (self->address_row));
  cn_company_set_postcode (self->company, entry_text (self->postcode_row));
  cn_company_set_commune (self->company, entry_text (self->commune_row));
  tags = g_strsplit (entry_text (self->tags_row), ",", -1);
  cn_company_set_tags (self->company, (const char * const *) tags);

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->headcount_row));
  cn_company_set_headcount (self->company, selected > 0 && selected <= n ? brackets[selected - 1].code : NULL);
  cn_company_set_revenue (self->company, selected_choice (self->revenue_row, cn_revenue_brackets (&n)));
  cn_company_set_customer_type (self->company, selected_choice (self->customer_row, cn_customer_types (&n)));
  cn_company_set_web_presence (self->company, selected_choice (self->web_row, cn_web_presences (&n)));
  cn_company_set_status (self->company, adw_combo_row_get_selected (ADW_COMBO_ROW (self->status_row)));
  cn_company_set_consent_share (self->company, gtk_switch_get_active (GTK_SWITCH (self->consent_switch)));

  if (self->is_new)
    ok = cn_store_add_company (self->store, self->company, &field, &error);
  else
    ok = cn_store_update_company (self->store, self->company, &field, &error);

  if (!ok)
    {
      /* Validation errors go beside their field; a store failure (disk
       * full…) is shown in the form too: nothing typed is lost. */
      set_error (self, field != CN_COMPANY_FIELD_NONE ? field : CN_COMPANY_FIELD_NAME, error->message);
      update_messages (self);
      gtk_widget_set_sensitive (self->save_button, TRUE);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, self->company);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
cn_company_form_class_init (CnCompanyFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cn_company_form_finalize;

  /* The company as saved in the store. */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, CN_TYPE_COMPANY);

  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_company_form_init (CnCompanyForm *self)
{
}

GtkEditable *
cn_company_form_get_entry (CnCompanyForm  *self,
                           CnCompanyField  field)
{
  switch (field)
    {
    case CN_COMPANY_FIELD_NAME: return GTK_EDITABLE (self->name_row);
    case CN_COMPANY_FIELD_SIRET:
    case CN_COMPANY_FIELD_SIREN: return GTK_EDITABLE (self->siret_row);
    case CN_COMPANY_FIELD_NAF: return GTK_EDITABLE (self->naf_row);
    case CN_COMPANY_FIELD_POSTCODE: return GTK_EDITABLE (self->postcode_row);
    default: return NULL;
    }
}

const char *
cn_company_form_get_error (CnCompanyForm  *self,
                           CnCompanyField  field)
{
  return self->errors[field];
}

CnCompanyForm *
cn_company_form_new (CnStore   *store,
                     CnCompany *company)
{
  CnCompanyForm *self = g_object_new (CN_TYPE_COMPANY_FORM,
                                      "modal", TRUE,
                                      "default-width", 560,
                                      "default-height", 720,
                                      NULL);
  GtkWidget *box, *header, *cancel, *page, *group, *row;
  g_autofree const char **headcount_labels = NULL;
  g_autofree char *tags = NULL;
  const char *status_labels[CN_COMPANY_N_STATUSES];
  guint n, selected = 0;
  const CnHeadcountBracket *brackets;
  CnCompany *c;

  self->store = g_object_ref (store);
  /* A company without an id is a new one, prefilled (a prospect diagnosed first). */
  self->is_new = company == NULL || cn_company_get_id (company) == NULL;
  self->company = company ? cn_company_copy (company) : cn_company_new ();
  c = self->company;

  gtk_window_set_title (GTK_WINDOW (self), self->is_new ? _("New Company") : _("Edit Company"));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (self->is_new ? _("_Add") : _("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect (self->save_button, "clicked", G_CALLBACK (on_save), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);
  gtk_box_append (GTK_BOX (box), header);

  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Identity"));
  self->name_row = add_entry (self, group, _("Name"), cn_company_get_name (c));
  self->siret_row = add_entry (self, group, _("SIRET or SIREN"),
                               cn_company_get_siret (c) ? cn_company_get_siret (c) : cn_company_get_siren (c));
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->siret_row), 20);
  self->naf_row = add_entry (self, group, _("Activity Code (NAF)"), cn_company_get_naf (c));

  brackets = cn_headcount_brackets (&n);
  headcount_labels = g_new0 (const char *, n + 2);
  headcount_labels[0] = _("Not filled");
  for (guint i = 0; i < n; i++)
    {
      headcount_labels[i + 1] = cn_headcount_label (brackets[i].code);
      if (g_strcmp0 (cn_company_get_headcount (c), brackets[i].code) == 0)
        selected = i + 1;
    }
  self->headcount_row = add_combo (group, _("Headcount"), headcount_labels, n + 1, selected);
  self->naf_hint = add_message (group, FALSE);
  self->identity_error = add_message (group, TRUE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Address"));
  self->address_row = add_entry (self, group, _("Street"), cn_company_get_address (c));
  self->postcode_row = add_entry (self, group, _("Postcode"), cn_company_get_postcode (c));
  self->commune_row = add_entry (self, group, _("Commune"), cn_company_get_commune (c));
  self->place_hint = add_message (group, FALSE);
  self->place_error = add_message (group, TRUE);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Profile and Follow-up"));
  for (guint i = 0; i < CN_COMPANY_N_STATUSES; i++)
    status_labels[i] = cn_company_status_label (i);
  self->status_row = add_combo (group, _("Follow-up Status"), status_labels, CN_COMPANY_N_STATUSES,
                                cn_company_get_status (c));
  {
    const CnChoice *choices = cn_revenue_brackets (&n);
    self->revenue_row = add_choice_combo (group, _("Revenue"), choices, n, cn_company_get_revenue (c));
    choices = cn_customer_types (&n);
    self->customer_row = add_choice_combo (group, _("Customers"), choices, n, cn_company_get_customer_type (c));
    choices = cn_web_presences (&n);
    self->web_row = add_choice_combo (group, _("Online Presence"), choices, n, cn_company_get_web_presence (c));
  }
  tags = g_strjoinv (", ", (char **) cn_company_get_tags (c));
  self->tags_row = add_entry (self, group, _("Tags, separated by commas"), tags);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Shared with the National Platform"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Only with the company’s consent"));
  self->consent_switch = gtk_switch_new ();
  gtk_widget_set_valign (self->consent_switch, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (self->consent_switch), cn_company_get_consent_share (c));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->consent_switch), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Shared with the National Platform"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->consent_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->consent_switch);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  adw_window_set_content (ADW_WINDOW (self), box);

  validate_name (self);
  validate_siret (self);
  validate_naf (self);
  validate_postcode (self);
  /* A new form starts without a red "needs a name": say it only once the
   * user typed something and erased it, but keep Add insensitive. */
  if (self->is_new)
    set_error (self, CN_COMPANY_FIELD_NAME, NULL);
  update_messages (self);
  if (self->is_new)
    gtk_widget_set_sensitive (self->save_button, FALSE);
  gtk_widget_grab_focus (self->name_row);
  return self;
}
