/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-company-form"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cn-company-form.h"
#include "cn-directory.h"
#include "cn-error.h"
#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-identifiers.h"
#include "cn-naf.h"
#include "cn-registry.h"

/* Typing pauses this long before the directory is asked. */
#define DIRECTORY_DELAY_MS 300
/* Proposals shown at once: enough to find a name, few enough to read on a
 * narrow window. */
#define DIRECTORY_PROPOSALS 8

struct _CnCompanyForm
{
  AdwWindow parent_instance;

  CnStore *store;
  CnCompany *company;   /* a copy being edited */
  gboolean is_new;

  GtkWidget *save_button;
  GtkWidget *name_row, *siret_row, *naf_row, *address_row, *postcode_row, *commune_row, *tags_row;
  GtkWidget *founded_row;
  GtkWidget *employees_row;
  GtkWidget *headcount_row, *revenue_row, *customer_row, *web_row, *status_row, *consent_switch;
  GtkWidget *identity_error, *place_error, *naf_hint, *place_hint;
  char *errors[CN_COMPANY_N_FIELDS];

  /* The directory search (new companies only). */
  CnRegistry *registry;
  GtkWidget *directory_group, *directory_row, *directory_status;
  GPtrArray *proposal_rows;    /* AdwActionRow, in the group after the entry */
  GPtrArray *proposals;        /* CnRegistryEntry, as the rows */
  GCancellable *directory_cancellable;
  guint directory_timeout;
  gboolean filling;            /* fields being filled from a proposal */
};

G_DEFINE_FINAL_TYPE (CnCompanyForm, cn_company_form, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cn_company_form_dispose (GObject *object)
{
  CnCompanyForm *self = CN_COMPANY_FORM (object);

  g_clear_handle_id (&self->directory_timeout, g_source_remove);
  if (self->directory_cancellable)
    g_cancellable_cancel (self->directory_cancellable);
  g_clear_object (&self->directory_cancellable);
  G_OBJECT_CLASS (cn_company_form_parent_class)->dispose (object);
}

static void
cn_company_form_finalize (GObject *object)
{
  CnCompanyForm *self = CN_COMPANY_FORM (object);

  g_clear_object (&self->registry);
  g_clear_pointer (&self->proposal_rows, g_ptr_array_unref);
  g_clear_pointer (&self->proposals, g_ptr_array_unref);
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
    case CN_COMPANY_FIELD_FOUNDED: row = self->founded_row; break;
    case CN_COMPANY_FIELD_EMPLOYEES: row = self->employees_row; break;
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
  if (self->errors[CN_COMPANY_FIELD_EMPLOYEES])
    g_string_append_printf (identity, "%s%s", identity->len ? "\n" : "", self->errors[CN_COMPANY_FIELD_EMPLOYEES]);
  if (self->errors[CN_COMPANY_FIELD_FOUNDED])
    g_string_append_printf (identity, "%s%s", identity->len ? "\n" : "", self->errors[CN_COMPANY_FIELD_FOUNDED]);
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
validate_founded (CnCompanyForm *self)
{
  g_autoptr(CnCompany) probe = cn_company_new ();
  g_autoptr(GError) error = NULL;

  /* The core's own parsing, so the form accepts what the store will. */
  cn_company_set_name (probe, "-");
  cn_company_set_founded_on (probe, entry_text (self->founded_row));
  if (cn_company_normalize (probe, NULL, &error))
    set_error (self, CN_COMPANY_FIELD_FOUNDED, NULL);
  else
    set_error (self, CN_COMPANY_FIELD_FOUNDED, error->message);
}

/* The number typed, -1 when empty, -2 when it is not a number. */
static int
typed_employees (CnCompanyForm *self)
{
  g_autofree char *text = g_strstrip (g_strdup (entry_text (self->employees_row)));
  guint64 value;

  if (*text == '\0')
    return -1;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p))
      return -2;
  /* Past the bound the core refuses, with its own message. */
  if (strlen (text) > 9 || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
    return CN_COMPANY_EMPLOYEES_MAX + 1;
  return (int) value;
}

static const char *selected_headcount (CnCompanyForm *self);

static void
validate_employees (CnCompanyForm *self)
{
  g_autoptr(CnCompany) probe = cn_company_new ();
  g_autoptr(GError) error = NULL;
  int employees = typed_employees (self);

  if (employees == -2)
    {
      set_error (self, CN_COMPANY_FIELD_EMPLOYEES, _("The number of employees is written in digits only."));
      return;
    }
  /* The core's own check against the bracket chosen beside it. */
  cn_company_set_name (probe, "-");
  cn_company_set_employees (probe, employees);
  cn_company_set_headcount (probe, selected_headcount (self));
  if (cn_company_normalize (probe, NULL, &error))
    set_error (self, CN_COMPANY_FIELD_EMPLOYEES, NULL);
  else
    set_error (self, CN_COMPANY_FIELD_EMPLOYEES, error->message);
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
  else if (row == self->founded_row)
    validate_founded (self);
  else if (row == self->employees_row)
    validate_employees (self);
  if (!self->filling)
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

static const char *
selected_headcount (CnCompanyForm *self)
{
  guint n;
  const CnHeadcountBracket *brackets = cn_headcount_brackets (&n);
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->headcount_row));

  return selected > 0 && selected <= n ? brackets[selected - 1].code : NULL;
}

static void
on_headcount_selected (CnCompanyForm *self)
{
  /* The number typed must fall in the bracket chosen. */
  validate_employees (self);
  if (!self->filling)
    update_messages (self);
}

static void
on_save (GtkWidget *button,
         gpointer   user_data)
{
  cn_company_form_save (CN_COMPANY_FORM (user_data));
}

/* The fields as typed, into self->company (not validated). */
static void
read_fields (CnCompanyForm *self)
{
  g_autofree char *digits = NULL;
  g_auto(GStrv) tags = NULL;
  guint n, selected;
  const CnHeadcountBracket *brackets = cn_headcount_brackets (&n);
  const char *siret_text = entry_text (self->siret_row);
  gboolean only_digits = TRUE;

  cn_company_set_name (self->company, entry_text (self->name_row));
  for (const char *p = siret_text; *p; p++)
    if (g_ascii_isdigit (*p))
      {
        g_autofree char *old = digits;
        digits = g_strdup_printf ("%s%c", old ? old : "", *p);
      }
    else if (*p != ' ')
      only_digits = FALSE;
  /* Bare digits when only spaces separate them, as the store keeps them:
   * a SIRET typed in groups still compares with the directory's. */
  if (digits && only_digits)
    siret_text = digits;
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
  /* Not a number: validate_employees () already says so and Save waits. */
  cn_company_set_employees (self->company, MAX (typed_employees (self), -1));
  cn_company_set_revenue (self->company, selected_choice (self->revenue_row, cn_revenue_brackets (&n)));
  cn_company_set_customer_type (self->company, selected_choice (self->customer_row, cn_customer_types (&n)));
  cn_company_set_web_presence (self->company, selected_choice (self->web_row, cn_web_presences (&n)));
  cn_company_set_status (self->company, adw_combo_row_get_selected (ADW_COMBO_ROW (self->status_row)));
  cn_company_set_consent_share (self->company, gtk_switch_get_active (GTK_SWITCH (self->consent_switch)));
  cn_company_set_founded_on (self->company, entry_text (self->founded_row));
}

gboolean
cn_company_form_save (CnCompanyForm *self)
{
  g_autoptr(GError) error = NULL;
  CnCompanyField field = CN_COMPANY_FIELD_NONE;
  gboolean ok;

  read_fields (self);
  if (typed_employees (self) == -2)
    {
      validate_employees (self);
      update_messages (self);
      return FALSE;
    }
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


/* ---- the company directory ---------------------------------------------- */

static void
set_directory_status (CnCompanyForm *self,
                      const char    *message)
{
  gtk_label_set_text (GTK_LABEL (self->directory_status), message ? message : "");
  gtk_widget_set_visible (self->directory_status, message && *message);
}

static const char *
offline_message (void)
{
  return _("The directory cannot be reached: this computer is offline. The fields can be filled in by hand.");
}

static void
clear_proposals (CnCompanyForm *self)
{
  for (guint i = 0; i < self->proposal_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->directory_group),
                                  g_ptr_array_index (self->proposal_rows, i));
  g_ptr_array_set_size (self->proposal_rows, 0);
  g_ptr_array_set_size (self->proposals, 0);
}

static void
stop_directory_search (CnCompanyForm *self)
{
  g_clear_handle_id (&self->directory_timeout, g_source_remove);
  if (self->directory_cancellable)
    g_cancellable_cancel (self->directory_cancellable);
  g_clear_object (&self->directory_cancellable);
}

/* "BRIVE-LA-GAILLARDE (19100) · Boulangerie et boulangerie-pâtisserie ·
 * 3 à 5 salariés · SIREN 812 453 678": enough to tell homonyms apart. */
static char *
proposal_subtitle (const CnRegistryEntry *entry)
{
  GString *text = g_string_new (NULL);
  const char *naf_label = entry->naf ? cn_naf_label (entry->naf) : NULL;
  const char *headcount = cn_headcount_label (entry->headcount);
  g_autofree char *formatted = cn_siren_format (entry->siren);
  /* Kept on one line: a SIREN cut in two is misread. */
  g_auto(GStrv) groups = g_strsplit (formatted, " ", -1);
  g_autofree char *siren = g_strjoinv ("\u00a0", groups);

  if (entry->commune && entry->postcode)
    g_string_append_printf (text, "%s (%s)", entry->commune, entry->postcode);
  else if (entry->commune || entry->postcode)
    g_string_append (text, entry->commune ? entry->commune : entry->postcode);
  if (naf_label)
    g_string_append_printf (text, "%s%s", text->len ? " · " : "", naf_label);
  if (headcount)
    g_string_append_printf (text, "%s%s", text->len ? " · " : "", headcount);
  if (entry->n_establishments > 1)
    {
      g_string_append (text, text->len ? " · " : "");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u establishment", "%u establishments",
                                                 entry->n_establishments),
                              entry->n_establishments);
    }
  g_string_append (text, text->len ? " · " : "");
  /* The name of the number, the same in every language. */
  g_string_append_printf (text, "SIREN\u00a0%s", siren);
  return g_string_free (text, FALSE);
}

static void fill_from_entry (CnCompanyForm *self, const CnRegistryEntry *entry);

static void
on_proposal_activated (AdwActionRow  *row,
                       CnCompanyForm *self)
{
  guint index;

  if (g_ptr_array_find (self->proposal_rows, row, &index))
    fill_from_entry (self, g_ptr_array_index (self->proposals, index));
}

static GtkWidget *
proposal_row (CnCompanyForm         *self,
              const CnRegistryEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = proposal_subtitle (entry);

  /* The directory's text is data, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->name ? entry->name : _("Name not published"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect (row, "activated", G_CALLBACK (on_proposal_activated), self);
  if (entry->closed)
    {
      /* Translators: a company the directory lists as ceased */
      GtkWidget *tag = gtk_label_new (C_("company directory", "Closed"));

      gtk_widget_add_css_class (tag, "cn-closed-tag");
      gtk_widget_add_css_class (tag, "caption-heading");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  return row;
}

static void
show_proposals (CnCompanyForm *self,
                GPtrArray     *entries)
{
  clear_proposals (self);
  for (guint i = 0; i < entries->len && i < DIRECTORY_PROPOSALS; i++)
    {
      CnRegistryEntry *entry = g_ptr_array_index (entries, i);
      GtkWidget *row = proposal_row (self, entry);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->directory_group), row);
      g_ptr_array_add (self->proposal_rows, row);
      g_ptr_array_add (self->proposals, cn_registry_entry_copy (entry));
    }
}

static void
on_directory_searched (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CnCompanyForm) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRegistryResults) results = cn_registry_search_finish (CN_REGISTRY (source), result, &error);

  /* Text typed since, or the form closed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->directory_cancellable);

  if (results == NULL)
    {
      /* What the cache proposed stays: the form works without the
       * directory. */
      if (self->proposals->len > 0)
        {
          g_autofree char *message = g_strdup_printf ("%s %s", error->message,
                                                      _("Companies found earlier are proposed."));
          set_directory_status (self, message);
        }
      else
        set_directory_status (self, error->message);
      return;
    }

  show_proposals (self, results->entries);
  if (results->entries->len == 0)
    set_directory_status (self, _("No company found in the directory. Check the spelling, or fill in the fields by hand."));
  else if (results->total > self->proposals->len)
    {
      guint total = (guint) MIN (results->total, G_MAXUINT);
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u company matches: add a word or the town to narrow the search.",
                                                               "%u companies match: add a word or the town to narrow the search.",
                                                               total),
                                                  total);
      set_directory_status (self, message);
    }
  else
    set_directory_status (self, NULL);
}

static void
search_directory (CnCompanyForm *self)
{
  g_autofree char *text = g_strstrip (g_strdup (entry_text (self->directory_row)));
  g_autoptr(CnRegistryResults) cached = NULL;
  CnRegistryQuery query = CN_REGISTRY_QUERY_INIT;

  stop_directory_search (self);
  if (g_utf8_strlen (text, -1) < 3)
    return;
  query.text = text;
  query.per_page = DIRECTORY_PROPOSALS;

  /* What was fetched before shows at once, and offline. */
  cached = cn_registry_search_cached (self->registry, &query, NULL);
  if (cached)
    show_proposals (self, cached->entries);

  if (!cn_registry_is_online (self->registry))
    {
      if (self->proposals->len > 0)
        {
          g_autofree char *message = g_strdup_printf ("%s %s", offline_message (),
                                                      _("Companies found earlier are proposed."));
          set_directory_status (self, message);
        }
      else
        set_directory_status (self, offline_message ());
      return;
    }

  set_directory_status (self, _("Searching the directory…"));
  self->directory_cancellable = g_cancellable_new ();
  cn_registry_search_async (self->registry, &query, self->directory_cancellable,
                            on_directory_searched, g_object_ref (self));
}

static gboolean
on_directory_timeout (gpointer user_data)
{
  CnCompanyForm *self = user_data;

  self->directory_timeout = 0;
  search_directory (self);
  return G_SOURCE_REMOVE;
}

static void
on_directory_changed (GtkEditable   *editable,
                      CnCompanyForm *self)
{
  g_autofree char *text = g_strstrip (g_strdup (entry_text (self->directory_row)));

  stop_directory_search (self);
  if (g_utf8_strlen (text, -1) < 3)
    {
      clear_proposals (self);
      set_directory_status (self, cn_registry_is_online (self->registry) ? NULL : offline_message ());
      return;
    }
  /* Not a request per keystroke: the search starts once typing pauses. */
  self->directory_timeout = g_timeout_add (DIRECTORY_DELAY_MS, on_directory_timeout, self);
}

static void
on_directory_activated (AdwEntryRow   *row,
                        CnCompanyForm *self)
{
  search_directory (self);
}

static void
set_choice (GtkWidget      *row,
            const CnChoice *choices,
            guint           n,
            const char     *id)
{
  guint selected = 0;

  for (guint i = 0; id && i < n; i++)
    if (g_str_equal (choices[i].id, id))
      selected = i + 1;
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
}

static char *
founded_for_display (const char *founded_on)
{
  guint year, month, day;

  /* Shown as typed in France; stored as ISO. */
  if (founded_on && sscanf (founded_on, "%4u-%2u-%2u", &year, &month, &day) == 3)
    return g_strdup_printf ("%02u/%02u/%04u", day, month, year);
  return g_strdup (founded_on ? founded_on : "");
}

/* Picking a proposal: the directory's values go into the fields, which
 * stay editable; what it does not know is left as typed. */
static void
fill_from_entry (CnCompanyForm         *self,
                 const CnRegistryEntry *proposal)
{
  g_autoptr(CnRegistryEntry) entry = cn_registry_entry_copy (proposal);
  g_autofree char *siret = NULL;
  g_autofree char *founded = NULL;
  CnCompany *c = self->company;
  guint n, selected = 0;
  const CnHeadcountBracket *brackets = cn_headcount_brackets (&n);

  stop_directory_search (self);
  clear_proposals (self);

  read_fields (self);
  cn_registry_entry_apply (entry, c);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), cn_company_get_name (c));
  if (cn_company_get_siret (c))
    siret = cn_siret_format (cn_company_get_siret (c));
  else
    siret = cn_siren_format (cn_company_get_siren (c));
  gtk_editable_set_text (GTK_EDITABLE (self->siret_row), siret);
  gtk_editable_set_text (GTK_EDITABLE (self->naf_row), cn_company_get_naf (c) ?: "");
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (cn_company_get_headcount (c), brackets[i].code) == 0)
      selected = i + 1;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->headcount_row), selected);
  {
    const CnChoice *choices = cn_revenue_brackets (&n);
    set_choice (self->revenue_row, choices, n, cn_company_get_revenue (c));
  }
  founded = founded_for_display (cn_company_get_founded_on (c));
  gtk_editable_set_text (GTK_EDITABLE (self->founded_row), founded);
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), cn_company_get_address (c) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->postcode_row), cn_company_get_postcode (c) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->commune_row), cn_company_get_commune (c) ?: "");
  self->filling = FALSE;

  validate_name (self);
  validate_siret (self);
  validate_naf (self);
  validate_postcode (self);
  validate_founded (self);
  validate_employees (self);
  update_messages (self);

  set_directory_status (self,
                        entry->closed
                        ? _("Filled in from the directory. The directory lists this company as closed: check that it is the right one.")
                        : _("Filled in from the directory: check the fields, then add the company."));
  gtk_widget_grab_focus (self->name_row);
}

static GtkWidget *
add_directory_group (CnCompanyForm *self,
                     GtkWidget     *page)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("system-search-symbolic");

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Find in the Directory"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Type a name, a SIREN or a town: picking a company fills in the form."));
  self->directory_group = group;
  self->directory_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->directory_row), _("Name, SIREN or Town"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->directory_row), FALSE);
  adw_entry_row_add_prefix (ADW_ENTRY_ROW (self->directory_row), icon);
  g_signal_connect (self->directory_row, "changed", G_CALLBACK (on_directory_changed), self);
  g_signal_connect (self->directory_row, "entry-activated", G_CALLBACK (on_directory_activated), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->directory_row);

  self->directory_status = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->directory_status), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->directory_status), 0);
  gtk_widget_set_margin_top (self->directory_status, 6);
  gtk_widget_add_css_class (self->directory_status, "dim-label");
  gtk_widget_set_visible (self->directory_status, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->directory_status),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Directory search status"), -1);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->directory_status);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  if (!cn_registry_is_online (self->registry))
    set_directory_status (self, offline_message ());
  return group;
}

static void
cn_company_form_class_init (CnCompanyFormClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cn_company_form_dispose;
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
  self->proposal_rows = g_ptr_array_new ();
  self->proposals = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_registry_entry_free);
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
    case CN_COMPANY_FIELD_FOUNDED: return GTK_EDITABLE (self->founded_row);
    case CN_COMPANY_FIELD_EMPLOYEES: return GTK_EDITABLE (self->employees_row);
    default: return NULL;
    }
}

const char *
cn_company_form_get_error (CnCompanyForm  *self,
                           CnCompanyField  field)
{
  return self->errors[field];
}

GtkEditable *
cn_company_form_get_directory_entry (CnCompanyForm *self)
{
  return self->directory_row ? GTK_EDITABLE (self->directory_row) : NULL;
}

guint
cn_company_form_get_n_proposals (CnCompanyForm *self)
{
  return self->proposal_rows->len;
}

void
cn_company_form_pick_proposal (CnCompanyForm *self,
                               guint          index)
{
  g_return_if_fail (index < self->proposal_rows->len);
  adw_action_row_activate (ADW_ACTION_ROW (g_ptr_array_index (self->proposal_rows, index)));
}

const char *
cn_company_form_get_directory_status (CnCompanyForm *self)
{
  if (self->directory_status == NULL || !gtk_widget_get_visible (self->directory_status))
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->directory_status));
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

  /* A new company is mostly found in the directory rather than typed. */
  if (self->is_new)
    {
      self->registry = g_object_ref (cn_directory_get (store));
      add_directory_group (self, page);
    }

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
  {
    g_autofree char *employees = cn_company_get_employees (c) >= 0
                                 ? g_strdup_printf ("%d", cn_company_get_employees (c)) : NULL;

    /* The exact number, when known: an aid "under 11 employees" cannot be
     * settled from "10 to 19". */
    self->employees_row = add_entry (self, group, _("Number of Employees (optional)"), employees);
    gtk_editable_set_max_width_chars (GTK_EDITABLE (self->employees_row), 8);
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->employees_row), GTK_INPUT_PURPOSE_DIGITS);
  }
  {
    g_autofree char *founded = founded_for_display (cn_company_get_founded_on (c));
    self->founded_row = add_entry (self, group, _("Creation Date"), founded);
    gtk_editable_set_max_width_chars (GTK_EDITABLE (self->founded_row), 12);
  }
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
  validate_founded (self);
  validate_employees (self);
  g_signal_connect_swapped (self->headcount_row, "notify::selected", G_CALLBACK (on_headcount_selected), self);
  /* A new form starts without a red "needs a name": say it only once the
   * user typed something and erased it, but keep Add insensitive. */
  if (self->is_new)
    set_error (self, CN_COMPANY_FIELD_NAME, NULL);
  update_messages (self);
  if (self->is_new)
    gtk_widget_set_sensitive (self->save_button, FALSE);
  /* A new company is looked up first; Tab goes on to the name. */
  gtk_widget_grab_focus (self->directory_row ? self->directory_row : self->name_row);
  return self;
}
