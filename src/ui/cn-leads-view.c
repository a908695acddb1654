/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-leads-view"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-lead.h"
#include "cn-leads-view.h"
#include "cn-naf.h"
#include "cn-util.h"

struct _CnLeadsView
{
  GtkBox parent_instance;

  CnStore   *store;
  GtkWidget *stack;
  GtkWidget *list;
  guint      n_leads;
};

G_DEFINE_FINAL_TYPE (CnLeadsView, cn_leads_view, GTK_TYPE_BOX)

enum {
  LEAD_ADOPTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A plain-text line: what the platform sent is never markup. */
static GtkWidget *
text_line (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* "19000 · Corrèze (19)": the lead gives a postcode, no town. */
static char *
place_text (const CnLead *lead)
{
  const CnDepartment *department;

  if (lead->postcode == NULL || *lead->postcode == '\0')
    return NULL;
  department = cn_geo_department_for_postcode (lead->postcode);
  if (department == NULL)
    return g_strdup (lead->postcode);
  return g_strdup_printf ("%s · %s (%s)", lead->postcode, department->name, department->code);
}

static char *
activity_text (const CnLead *lead)
{
  g_autofree char *naf = NULL;
  const char *headcount = cn_headcount_label (lead->headcount);
  GString *text = g_string_new (NULL);

  if (lead->naf && cn_naf_normalize (lead->naf, &naf, NULL) && cn_naf_label (naf))
    g_string_append (text, cn_naf_label (naf));
  if (headcount)
    g_string_append_printf (text, "%s%s", text->len ? " · " : "", headcount);
  return g_string_free (text, text->len == 0);
}

static GtkWidget *
self_diagnostic_box (const CnLead *lead)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *result = NULL;

  if (lead->self_level >= 1 && lead->self_level <= 5)
    {
      g_autofree char *icon = g_strdup_printf ("connecteur-level-%d", lead->self_level);
      GtkWidget *image = gtk_image_new_from_icon_name (icon);

      gtk_image_set_pixel_size (GTK_IMAGE (image), 32);
      gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), image);
      if (lead->self_overall >= 0)
        /* Translators: a maturity level of the platform's self-diagnostic, then its score */
        result = g_strdup_printf (_("Level %d of 5 · %d/100"), lead->self_level, lead->self_overall);
      else
        result = g_strdup_printf (_("Level %d of 5"), lead->self_level);
    }
  else if (lead->self_overall >= 0)
    result = g_strdup_printf (_("Score %d/100"), lead->self_overall);
  else
    result = g_strdup (_("Self-diagnostic without a result"));

  gtk_box_append (GTK_BOX (texts), text_line (result, "heading"));
  if (lead->self_completed_at)
    {
      g_autofree char *date = cn_format_date_for_display (lead->self_completed_at);
      /* Translators: %s is a date */
      g_autofree char *when = g_strdup_printf (_("Self-diagnostic of %s"), date);

      gtk_box_append (GTK_BOX (texts), text_line (when, "dim-label"));
    }
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), texts);
  return box;
}

static GtkWidget *
lead_row (const CnLead *lead)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *button;
  g_autofree char *place = place_text (lead);
  g_autofree char *activity = activity_text (lead);
  g_autofree char *button_name = NULL;

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_box_append (GTK_BOX (box), text_line (lead->name, "title-4"));
  if (place)
    gtk_box_append (GTK_BOX (box), text_line (place, NULL));
  if (activity)
    gtk_box_append (GTK_BOX (box), text_line (activity, "dim-label"));
  {
    GtkWidget *diagnostic = self_diagnostic_box (lead);

    gtk_widget_set_margin_top (diagnostic, 6);
    gtk_widget_set_margin_bottom (diagnostic, 6);
    gtk_box_append (GTK_BOX (box), diagnostic);
  }
  if ((lead->contact_name && *lead->contact_name) || (lead->contact_email && *lead->contact_email))
    {
      g_autoptr(GString) who = g_string_new (lead->contact_name);
      g_autofree char *line = NULL;
      GtkWidget *label;

      if (lead->contact_email && *lead->contact_email)
        g_string_append_printf (who, "%s%s", who->len ? ", " : "", lead->contact_email);
      /* Translators: %s is a person's name and e-mail address */
      line = g_strdup_printf (_("Contact: %s"), who->str);
      label = text_line (line, NULL);
      /* So the address can be copied into a mail. */
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }

  button = gtk_button_new_with_mnemonic (_("_Follow This Company"));
  /* Translators: %s is a company's name */
  button_name = g_strdup_printf (_("Follow %s"), lead->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, button_name, -1);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", lead->id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "leads.adopt");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, lead->name, -1);
  return row;
}

void
cn_leads_view_refresh (CnLeadsView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  GtkWidget *child;

  g_return_if_fail (CN_IS_LEADS_VIEW (self));

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  leads = cn_store_list_leads (self->store, FALSE, &error);
  if (leads == NULL)
    {
      g_warning ("Cannot list the leads: %s", error->message);
      self->n_leads = 0;
    }
  else
    {
      for (guint i = 0; i < leads->len; i++)
        gtk_list_box_append (GTK_LIST_BOX (self->list), lead_row (leads->pdata[i]));
      self->n_leads = leads->len;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), self->n_leads > 0 ? "list" : "empty");
}

guint
cn_leads_view_get_n_leads (CnLeadsView *self)
{
  g_return_val_if_fail (CN_IS_LEADS_VIEW (self), 0);
  return self->n_leads;
}

static void
adopt_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CnLeadsView *self = CN_LEADS_VIEW (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autoptr(CnLead) lead = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *company_id = NULL;

  lead = cn_store_get_lead (self->store, id, &error);
  if (lead == NULL || !cn_store_adopt_lead (self->store, id, &company_id, &error))
    {
      gtk_widget_activate_action (widget, "win.show-error", "s", error->message);
      return;
    }
  /* The store said it changed; the list may not have heard yet. */
  cn_leads_view_refresh (self);
  g_signal_emit (self, signals[LEAD_ADOPTED], 0, company_id, lead->name);
}

static void
on_store_changed (CnStore     *store,
                  CnLeadsView *self)
{
  cn_leads_view_refresh (self);
}

static void
cn_leads_view_dispose (GObject *object)
{
  CnLeadsView *self = CN_LEADS_VIEW (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (cn_leads_view_parent_class)->dispose (object);
}

static void
cn_leads_view_class_init (CnLeadsViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cn_leads_view_dispose;
  gtk_widget_class_install_action (widget_class, "leads.adopt", "s", adopt_action);
  signals[LEAD_ADOPTED] = g_signal_new ("lead-adopted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
cn_leads_view_init (CnLeadsView *self)
{
  GtkWidget *empty, *scrolled, *clamp, *content, *intro, *button;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_box_append (GTK_BOX (self), self->stack);

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "contact-new-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Leads"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Small businesses that take the self-diagnostic on the national platform and agree to be contacted arrive here when you sync."));
  button = gtk_button_new_with_mnemonic (_("_Sync Now"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sync Now"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.sync");
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  adw_status_page_set_child (ADW_STATUS_PAGE (empty), button);
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (content, 24);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  intro = text_line (_("These small businesses took the self-diagnostic on the national platform and agreed to be contacted. Follow one to add it to your portfolio, with its contact."),
                     "dim-label");
  gtk_box_append (GTK_BOX (content), intro);
  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, C_("sidebar section", "Leads"), -1);
  gtk_box_append (GTK_BOX (content), self->list);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "list");
}

GtkWidget *
cn_leads_view_new (CnStore *store)
{
  CnLeadsView *self = g_object_new (CN_TYPE_LEADS_VIEW, NULL);

  self->store = g_object_ref (store);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), self);
  cn_leads_view_refresh (self);
  return GTK_WIDGET (self);
}
