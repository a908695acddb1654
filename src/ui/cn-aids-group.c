/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-aids-group"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-aids-group.h"
#include "cn-application.h"
#include "cn-util.h"

/* The largest expense typed that is taken as euros: more is a typo. */
#define EXPENSE_MAX 100000000

struct _CnAidsGroup
{
  AdwPreferencesGroup parent_instance;

  CnStore    *store;
  char       *company_id;
  GtkWidget  *expense_row;
  GtkWidget  *kind_row;
  GPtrArray  *rows;        /* the verdict rows, what refresh removes */
  GHashTable *expanded;    /* aid ids shown expanded, kept across refreshes */
  gboolean    building;
};

G_DEFINE_FINAL_TYPE (CnAidsGroup, cn_aids_group, ADW_TYPE_PREFERENCES_GROUP)

static const char *const expense_kinds[] = { CN_EXPENSE_KINDS, NULL };

const char *const *
cn_aids_expense_kinds (void)
{
  return expense_kinds;
}

int
cn_aids_parse_expense (const char *text)
{
  gint64 value = 0;
  gboolean digits = FALSE;

  /* "8 000" as the French write it, or with a no-break space. */
  for (const char *p = text ? text : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F)
        continue;
      if (c < '0' || c > '9')
        return -1;
      value = value * 10 + (c - '0');
      digits = TRUE;
      if (value > EXPENSE_MAX)
        return -1;
    }
  return digits ? (int) value : 0;
}

/* ---- verdict rows, shared with the plan window ---------------------------- */

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

static GtkWidget *
amount_label (const CnAidVerdict *verdict,
              gboolean            expense_known)
{
  g_autofree char *euros = NULL;
  g_autofree char *text = NULL;
  GtkWidget *label;

  /* No rate in the source: the issuer decides, the reason says so. */
  if (verdict->amount <= 0)
    return NULL;
  euros = cn_format_euros (verdict->amount);
  /* Translators: the most an aid gives while the expense is not known */
  text = expense_known ? g_strdup (euros) : g_strdup_printf (_("up to %s"), euros);
  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "cn-aid-amount");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  return label;
}

static void
on_link_activated (AdwActionRow *row)
{
  const char *url = g_object_get_data (G_OBJECT (row), "cn-url");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (row));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

/* Who grants the aid, opening their page when the catalogue has it. */
static GtkWidget *
issuer_row (const CnAid *aid)
{
  GtkWidget *row = plain_row (_("Granted by"), aid->issuer);

  gtk_widget_add_css_class (row, "property");
  if (aid->url != NULL && *aid->url != '\0')
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("adw-external-link-symbolic");

      gtk_widget_set_tooltip_text (row, aid->url);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "cn-url", g_strdup (aid->url), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (on_link_activated), NULL);
    }
  return row;
}

static GtkWidget *
verdict_row (const CnAidVerdict *verdict,
             gboolean            expense_known,
             GHashTable         *expanded)
{
  GtkWidget *amount = amount_label (verdict, expense_known);
  GtkWidget *row;
  g_auto(GStrv) lines = NULL;

  if (!verdict->to_check && (verdict->reason == NULL || *verdict->reason == '\0'))
    {
      row = plain_row (verdict->aid->name, verdict->aid->issuer);
      if (amount != NULL)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
      return row;
    }

  /* Eligible unless a detail the record lacks says otherwise: each point
   * to check on its own line, under the aid. */
  row = adw_expander_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), verdict->aid->name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), verdict->to_check ? _("To check") : verdict->aid->issuer);
  if (amount != NULL)
    adw_expander_row_add_action (ADW_EXPANDER_ROW (row), amount);
  lines = g_strsplit (verdict->reason ? verdict->reason : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i] != '\0')
        {
          GtkWidget *line = plain_row (lines[i], NULL);

          adw_action_row_set_title_lines (ADW_ACTION_ROW (line), 0);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), line);
        }
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), issuer_row (verdict->aid));
  g_object_set_data_full (G_OBJECT (row), "cn-aid-id", g_strdup (verdict->aid->id), g_free);
  if (expanded != NULL && g_hash_table_contains (expanded, verdict->aid->id))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  return row;
}

GPtrArray *
cn_aid_rows_new (GPtrArray  *verdicts,
                 gboolean    expense_known,
                 gboolean    with_ineligible,
                 GHashTable *expanded)
{
  GPtrArray *rows = g_ptr_array_new ();
  GtkWidget *others = NULL;
  guint n_others = 0;

  for (guint i = 0; verdicts != NULL && i < verdicts->len; i++)
    {
      const CnAidVerdict *verdict = verdicts->pdata[i];

      if (verdict->eligible)
        g_ptr_array_add (rows, verdict_row (verdict, expense_known, expanded));
    }
  if (rows->len == 0)
    {
      GtkWidget *row = plain_row (_("No aid for this expense"), NULL);

      gtk_widget_add_css_class (row, "dim-label");
      g_ptr_array_add (rows, row);
    }

  for (guint i = 0; with_ineligible && verdicts != NULL && i < verdicts->len; i++)
    {
      const CnAidVerdict *verdict = verdicts->pdata[i];
      GtkWidget *row;

      if (verdict->eligible)
        continue;
      if (others == NULL)
        {
          others = adw_expander_row_new ();
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (others), FALSE);
          g_object_set_data_full (G_OBJECT (others), "cn-aid-id", g_strdup (""), g_free);
          if (expanded != NULL && g_hash_table_contains (expanded, ""))
            adw_expander_row_set_expanded (ADW_EXPANDER_ROW (others), TRUE);
          g_ptr_array_add (rows, others);
        }
      row = plain_row (verdict->aid->name, verdict->reason);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (others), row);
      n_others++;
    }
  if (others != NULL)
    {
      /* Translators: the aids the company cannot have, and how many */
      g_autofree char *title = g_strdup_printf (_("Not eligible (%u)"), n_others);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (others), title);
    }
  return rows;
}

void
cn_aid_rows_get_expanded (GPtrArray  *rows,
                          GHashTable *expanded)
{
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const char *id = g_object_get_data (rows->pdata[i], "cn-aid-id");

      if (id != NULL && ADW_IS_EXPANDER_ROW (rows->pdata[i]) &&
          adw_expander_row_get_expanded (ADW_EXPANDER_ROW (rows->pdata[i])))
        g_hash_table_add (expanded, g_strdup (id));
    }
}

/* ---- the group ------------------------------------------------------------ */

static CnCatalogue *
app_catalogue (void)
{
  GApplication *app = g_application_get_default ();

  return CN_IS_APPLICATION (app) ? cn_application_get_catalogue (CN_APPLICATION (app)) : NULL;
}

static void
refresh_keeping (CnAidsGroup *self,
                 gboolean     keep_expanded)
{
  CnCatalogue *catalogue = app_catalogue ();
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->expense_row));
  int expense = cn_aids_parse_expense (text);
  guint kind = adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row));

  /* A refresh (every change of the store) keeps open what was open. */
  g_hash_table_remove_all (self->expanded);
  if (keep_expanded)
    cn_aid_rows_get_expanded (self->rows, self->expanded);
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  if (expense < 0)
    gtk_widget_add_css_class (self->expense_row, "error");
  else
    gtk_widget_remove_css_class (self->expense_row, "error");
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         expense < 0 ? _("Type the expense in whole euros, digits only.")
                                         : expense == 0 ? _("Type the planned expense to see what each aid gives.")
                                         : NULL);

  if (self->company_id == NULL || catalogue == NULL)
    return;
  company = cn_store_get_company (self->store, self->company_id, &error);
  if (company == NULL)
    return;
  verdicts = cn_catalogue_judge_aids (catalogue, company,
                                      kind > 0 && kind <= G_N_ELEMENTS (expense_kinds) - 1 ? expense_kinds[kind - 1] : NULL,
                                      MAX (expense, 0), NULL);
  rows = cn_aid_rows_new (verdicts, expense > 0, TRUE, self->expanded);
  for (guint i = 0; i < rows->len; i++)
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), rows->pdata[i]);
      g_ptr_array_add (self->rows, rows->pdata[i]);
    }
}

static void
refresh (CnAidsGroup *self)
{
  refresh_keeping (self, TRUE);
}

static void
on_changed (CnAidsGroup *self)
{
  if (!self->building)
    refresh (self);
}

void
cn_aids_group_set_company (CnAidsGroup *self,
                           const char  *company_id)
{
  g_return_if_fail (CN_IS_AIDS_GROUP (self));

  /* What was typed for one company is no estimate for another. */
  if (cn_set_str (&self->company_id, company_id))
    {
      self->building = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->expense_row), "");
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row), 0);
      self->building = FALSE;
      refresh_keeping (self, FALSE);
      return;
    }
  refresh (self);
}

GtkEditable *
cn_aids_group_get_expense_entry (CnAidsGroup *self)
{
  g_return_val_if_fail (CN_IS_AIDS_GROUP (self), NULL);

  return GTK_EDITABLE (self->expense_row);
}

GtkWidget *
cn_aids_group_get_kind_row (CnAidsGroup *self)
{
  g_return_val_if_fail (CN_IS_AIDS_GROUP (self), NULL);

  return self->kind_row;
}

static void
on_catalogue_changed (CnAidsGroup *self)
{
  /* The rows point into the catalogue that was replaced. */
  refresh (self);
}

static void
cn_aids_group_finalize (GObject *object)
{
  CnAidsGroup *self = CN_AIDS_GROUP (object);

  g_clear_object (&self->store);
  g_free (self->company_id);
  g_ptr_array_unref (self->rows);
  g_hash_table_unref (self->expanded);
  G_OBJECT_CLASS (cn_aids_group_parent_class)->finalize (object);
}

static void
cn_aids_group_class_init (CnAidsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cn_aids_group_finalize;
}

static void
cn_aids_group_init (CnAidsGroup *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  self->rows = g_ptr_array_new ();
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Financial Aids"));

  self->expense_row = adw_entry_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->expense_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expense_row), _("Planned Expense (€ excl. VAT)"));
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->expense_row), 12);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->expense_row), GTK_INPUT_PURPOSE_DIGITS);
  g_signal_connect_swapped (self->expense_row, "changed", G_CALLBACK (on_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->expense_row);

  gtk_string_list_append (kinds, _("Any"));
  for (guint i = 0; expense_kinds[i] != NULL; i++)
    gtk_string_list_append (kinds, cn_expense_kind_label (expense_kinds[i]));
  self->kind_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Kind of Expense"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->kind_row), G_LIST_MODEL (kinds));
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->kind_row);
}

GtkWidget *
cn_aids_group_new (CnStore *store)
{
  CnAidsGroup *self;
  GApplication *app = g_application_get_default ();

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_AIDS_GROUP, NULL);
  self->store = g_object_ref (store);
  /* A catalogue imported while the page is shown. */
  if (CN_IS_APPLICATION (app))
    g_signal_connect_object (app, "catalogue-changed", G_CALLBACK (on_catalogue_changed), self, G_CONNECT_SWAPPED);
  refresh (self);
  return GTK_WIDGET (self);
}
