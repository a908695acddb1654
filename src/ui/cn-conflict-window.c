/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-conflict-window"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-appointment.h"
#include "cn-catalogue.h"
#include "cn-conflict-window.h"
#include "cn-error.h"
#include "cn-headcount.h"
#include "cn-naf.h"
#include "cn-outreach.h"
#include "cn-report.h"
#include "cn-util.h"

struct _CnConflictWindow
{
  AdwWindow parent_instance;

  CnStore *store;
  char *entity_type;
  char *entity_id;
  GtkWidget *error_label;
  GHashTable *mine;       /* member → text shown */
  GHashTable *platform;
  GHashTable *differs;    /* members that differ */
};

G_DEFINE_FINAL_TYPE (CnConflictWindow, cn_conflict_window, ADW_TYPE_WINDOW)

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the platform's members in words ------------------------------------- */

typedef struct {
  const char *member;
  const char *label;
} Field;

/* In the order a connector reads the record; members not listed (those a
 * newer platform adds) are not shown, as the contract says to ignore them. */
static const Field company_fields[] = {
  { "name", N_("Name") },
  { "siret", N_("SIRET") },
  { "siren", N_("SIREN") },
  { "naf", N_("Activity") },
  { "headcount_code", N_("Headcount") },
  { "postcode", N_("Postcode") },
  { "commune", N_("Commune") },
  { "consent_share", N_("Shared with the National Platform") },
};

static const Field appointment_fields[] = {
  { "company_id", N_("Company") },
  { "subject", N_("Subject") },
  { "starts_at", N_("Starts") },
  { "ends_at", N_("Ends") },
  { "mode", N_("Mode") },
  { "location", N_("Place") },
  { "status", N_("Status") },
  { "origin", N_("Booked By") },
  { "notes", N_("Notes") },
};

static const Field report_fields[] = {
  { "company_id", N_("Company") },
  { "appointment_id", N_("Appointment") },
  { "date", N_("Date") },
  { "summary", N_("Summary") },
  { "actions_done", N_("Actions Done") },
  { "next_steps", N_("Next Steps") },
  { "maturity_before", N_("Maturity Before") },
  { "maturity_after", N_("Maturity After") },
  { "time_spent_minutes", N_("Time Spent") },
  { "satisfaction", N_("Satisfaction") },
  { "cofinancing", N_("Co-financing") },
};

static const Field diagnostic_fields[] = {
  { "company_id", N_("Company") },
  { "questionnaire_id", N_("Questionnaire") },
  { "questionnaire_version", N_("Questionnaire Version") },
  { "completed_at", N_("Completed") },
  { "overall", N_("Overall Score") },
  { "level", N_("Level") },
  { "scores", N_("Scores by Dimension") },
};

static const Field outreach_fields[] = {
  { "date", N_("Date") },
  { "kind", N_("Kind") },
  { "title", N_("Title") },
  { "smes_reached", N_("SMEs Reached") },
  { "leads", N_("Leads Met") },
  { "notes", N_("Notes") },
};

static const Field *
fields_of (const char *entity_type,
           guint      *n)
{
#define FIELDS(array) (*n = G_N_ELEMENTS (array), array)
  if (g_strcmp0 (entity_type, "company") == 0)
    return FIELDS (company_fields);
  if (g_strcmp0 (entity_type, "appointment") == 0)
    return FIELDS (appointment_fields);
  if (g_strcmp0 (entity_type, "report") == 0)
    return FIELDS (report_fields);
  if (g_strcmp0 (entity_type, "diagnostic") == 0)
    return FIELDS (diagnostic_fields);
  if (g_strcmp0 (entity_type, "outreach") == 0)
    return FIELDS (outreach_fields);
#undef FIELDS
  *n = 0;
  return NULL;
}

const char *
cn_sync_field_label (const char *entity_type,
                     const char *member)
{
  guint n;
  const Field *fields = fields_of (entity_type, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (fields[i].member, member) == 0)
      return _(fields[i].label);
  return NULL;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
node_int (JsonNode *node,
          gint64   *value)
{
  GType type;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = (gint64) json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

/* A JSON object stored as text, or NULL. */
static JsonNode *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return json_parser_steal_root (parser);
  return NULL;
}

char *
cn_sync_issue_get_company_id (CnStore           *store,
                              const CnSyncIssue *issue)
{
  g_autoptr(JsonNode) local = NULL;
  g_autoptr(JsonNode) server = NULL;
  const char *id;

  g_return_val_if_fail (issue != NULL, NULL);

  if (g_strcmp0 (issue->entity_type, "company") == 0)
    return g_strdup (issue->entity_id);
  local = cn_store_sync_record_data (store, issue->entity_type, issue->entity_id, NULL);
  if (local != NULL && JSON_NODE_HOLDS_OBJECT (local) &&
      (id = member_string (json_node_get_object (local), "company_id")) != NULL)
    return g_strdup (id);
  server = parse_object (issue->server_data);
  if (server != NULL && (id = member_string (json_node_get_object (server), "company_id")) != NULL)
    return g_strdup (id);
  return NULL;
}

static char *
join_strings (JsonArray *array)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_TYPE (element) != JSON_NODE_VALUE || json_node_get_value_type (element) != G_TYPE_STRING)
        continue;
      g_string_append_printf (text, "%s• %s", text->len ? "\n" : "", json_node_get_string (element));
    }
  return g_string_free (text, FALSE);
}

static char *
format_euros (double euros)
{
  g_autofree char *whole = cn_format_euros ((int) euros);

  if (euros == (double) (int) euros)
    return g_steal_pointer (&whole);
  return g_strdup_printf ("%.2f\u00a0€", euros);
}

/* A value as a connector reads it: labels, French dates and times in
 * Europe/Paris, names instead of ids.  "—" for nothing. */
static char *
value_text (CnStore    *store,
            const char *member,
            JsonNode   *node)
{
  const char *text = NULL;
  gint64 number;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      char *lines = join_strings (json_node_get_array (node));

      if (*lines == '\0')
        {
          g_free (lines);
          return g_strdup ("—");
        }
      return lines;
    }
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      if (g_str_equal (member, "cofinancing"))
        {
          JsonNode *requested = json_object_get_member (object, "requested");
          JsonNode *amount = json_object_get_member (object, "amount_eur");
          CnCofinancingStatus status = CN_COFINANCING_NONE;
          gboolean asked = requested != NULL && JSON_NODE_TYPE (requested) == JSON_NODE_VALUE &&
                           json_node_get_value_type (requested) == G_TYPE_BOOLEAN &&
                           json_node_get_boolean (requested);
          g_autofree char *euros = NULL;

          cn_cofinancing_status_from_string (member_string (object, "status"), &status);
          if (!asked && status == CN_COFINANCING_NONE)
            return g_strdup (cn_cofinancing_status_label (CN_COFINANCING_NONE));
          if (amount == NULL || JSON_NODE_TYPE (amount) != JSON_NODE_VALUE ||
              (json_node_get_value_type (amount) != G_TYPE_DOUBLE && json_node_get_value_type (amount) != G_TYPE_INT64))
            return g_strdup (cn_cofinancing_status_label (status));
          euros = format_euros (json_node_get_double (amount));
          return g_strdup_printf ("%s · %s", euros, cn_cofinancing_status_label (status));
        }
      if (g_str_equal (member, "scores"))
        {
          g_autoptr(GList) names = json_object_get_members (object);
          GString *lines = g_string_new (NULL);

          names = g_list_sort (names, (GCompareFunc) g_strcmp0);
          for (GList *l = names; l != NULL; l = l->next)
            if (node_int (json_object_get_member (object, l->data), &number))
              g_string_append_printf (lines, "%s%s : %" G_GINT64_FORMAT "/100",
                                      lines->len ? "\n" : "", (const char *) l->data, number);
          return g_string_free (lines, FALSE);
        }
      {
        g_autoptr(JsonGenerator) generator = json_generator_new ();

        json_generator_set_root (generator, node);
        return json_generator_to_data (generator, NULL);
      }
    }

  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));

  if (node_int (node, &number))
    {
      if (g_str_equal (member, "time_spent_minutes"))
        {
          if (number >= 60)
            return g_strdup_printf (_("%d h %02d min"), (int) (number / 60), (int) (number % 60));
          return g_strdup_printf (_("%d min"), (int) number);
        }
      if (g_str_equal (member, "satisfaction"))
        return g_strdup_printf (_("%d/5"), (int) number);
      if (g_str_equal (member, "overall"))
        return g_strdup_printf (_("%d/100"), (int) number);
      if (g_str_equal (member, "level") || g_str_has_prefix (member, "maturity_"))
        return g_strdup_printf (_("Level %d of 5"), (int) number);
      return g_strdup_printf ("%" G_GINT64_FORMAT, number);
    }

  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return g_strdup ("—");
  text = json_node_get_string (node);
  if (*text == '\0')
    return g_strdup ("—");

  if (g_str_equal (member, "starts_at") || g_str_equal (member, "ends_at") || g_str_equal (member, "completed_at"))
    {
      /* Translators: strftime format of a time in a conflict, e.g. "jeudi 3 décembre 2026, 09:30" */
      char *time = cn_appointment_format_time (text, _("%A %-d %B %Y, %H:%M"));

      if (*time != '\0')
        return time;
      g_free (time);
      return g_strdup (text);
    }
  if (g_str_equal (member, "date"))
    {
      g_autofree char *noon = g_strdup_printf ("%sT12:00:00Z", text);
      char *date = cn_format_date_for_display (noon);

      if (*date != '\0')
        return date;
      g_free (date);
      return g_strdup (text);
    }
  if (g_str_equal (member, "company_id"))
    {
      g_autoptr(CnCompany) company = cn_store_get_company (store, text, NULL);

      return g_strdup (company ? cn_company_get_name (company) : _("A company not on this computer"));
    }
  if (g_str_equal (member, "appointment_id"))
    {
      g_autoptr(CnAppointment) appointment = cn_store_get_appointment (store, text, NULL);
      g_autofree char *when = NULL;

      if (appointment == NULL)
        return g_strdup (_("An appointment not on this computer"));
      when = cn_appointment_format_time (appointment->starts_at, "%d/%m/%Y %H:%M");
      return g_strdup_printf ("%s — %s", when, appointment->subject);
    }
  if (g_str_equal (member, "mode"))
    return g_strdup (cn_appointment_mode_label (text));
  if (g_str_equal (member, "status"))
    return g_strdup (cn_appointment_status_label (text));
  if (g_str_equal (member, "origin"))
    {
      if (g_str_equal (text, "platform"))
        return g_strdup (_("The company, online"));
      if (g_str_equal (text, "connector"))
        return g_strdup (_("You"));
      return g_strdup (text);
    }
  if (g_str_equal (member, "naf"))
    {
      const char *label = cn_naf_label (text);
      return label ? g_strdup_printf ("%s — %s", text, label) : g_strdup (text);
    }
  if (g_str_equal (member, "headcount_code"))
    {
      const char *label = cn_headcount_label (text);
      return g_strdup (label ? label : text);
    }
  if (g_str_equal (member, "kind"))
    {
      CnOutreachKind kind;
      return g_strdup (cn_outreach_kind_from_string (text, &kind) ? cn_outreach_kind_label (kind) : text);
    }
  return g_strdup (text);
}

/* ---- the window ------------------------------------------------------------ */

static GtkWidget *
plain_label (const char *text,
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

/* One version of one field: a card, or the word "Deleted". */
static GtkWidget *
value_cell (const char *text,
            gboolean    differs)
{
  GtkWidget *cell = plain_label (text, NULL);

  gtk_label_set_selectable (GTK_LABEL (cell), TRUE);
  gtk_label_set_yalign (GTK_LABEL (cell), 0);
  gtk_widget_set_valign (cell, GTK_ALIGN_FILL);
  gtk_widget_add_css_class (cell, "cn-conflict-value");
  if (differs)
    gtk_widget_add_css_class (cell, "cn-conflict-differs");
  return cell;
}

/* The side deleted: said once above its column, an empty cell here. */
static GtkWidget *
deleted_cell (void)
{
  GtkWidget *cell = value_cell ("—", FALSE);

  gtk_label_set_selectable (GTK_LABEL (cell), FALSE);
  gtk_widget_add_css_class (cell, "dim-label");
  return cell;
}

/* A column's heading, and "Deleted…" under it when that side has none. */
static GtkWidget *
column_heading (const char *title,
                const char *deleted)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  gtk_box_append (GTK_BOX (box), plain_label (title, "title-4"));
  if (deleted != NULL)
    {
      GtkWidget *label = plain_label (deleted, "warning");

      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

static GtkWidget *
side_by_side (GtkWidget *start,
              GtkWidget *end)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_box_append (GTK_BOX (box), start);
  gtk_box_append (GTK_BOX (box), end);
  return box;
}

static void
add_field (CnConflictWindow *self,
           GtkWidget        *content,
           const char       *member,
           const char       *label,
           JsonObject       *mine,
           JsonObject       *platform,
           gboolean          have_mine,
           gboolean          have_platform)
{
  g_autofree char *mine_text = have_mine ? value_text (self->store, member, json_object_get_member (mine, member)) : NULL;
  g_autofree char *platform_text = have_platform ? value_text (self->store, member, json_object_get_member (platform, member)) : NULL;
  gboolean differs = have_mine && have_platform && g_strcmp0 (mine_text, platform_text) != 0;
  GtkWidget *field = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *values;
  g_autofree char *accessible = NULL;

  gtk_box_append (GTK_BOX (title), plain_label (label, "heading"));
  if (differs)
    {
      /* Said in words too, not by colour alone. */
      GtkWidget *tag = gtk_label_new (_("Differs"));

      gtk_widget_add_css_class (tag, "cn-conflict-tag");
      gtk_widget_add_css_class (tag, "caption");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (title), tag);
      g_hash_table_add (self->differs, g_strdup (member));
    }
  gtk_box_append (GTK_BOX (field), title);

  values = side_by_side (have_mine ? value_cell (mine_text, differs) : deleted_cell (),
                         have_platform ? value_cell (platform_text, differs) : deleted_cell ());
  gtk_box_append (GTK_BOX (field), values);
  /* Translators: a field of a record, then its two versions */
  accessible = g_strdup_printf (_("%s: mine “%s”, the platform’s “%s”"), label,
                                mine_text ? mine_text : _("Deleted on this computer"),
                                platform_text ? platform_text : _("Deleted on the platform"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_box_append (GTK_BOX (content), field);

  if (mine_text)
    g_hash_table_insert (self->mine, g_strdup (member), g_steal_pointer (&mine_text));
  if (platform_text)
    g_hash_table_insert (self->platform, g_strdup (member), g_steal_pointer (&platform_text));
}

gboolean
cn_conflict_window_resolve (CnConflictWindow *self,
                            CnConflictChoice  choice)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CN_IS_CONFLICT_WINDOW (self), FALSE);

  if (!cn_store_resolve_sync_conflict (self->store, self->entity_type, self->entity_id, choice, &error))
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), error->message);
      gtk_widget_set_visible (self->error_label, TRUE);
      return FALSE;
    }
  g_signal_emit (self, signals[RESOLVED], 0, (int) choice);
  gtk_window_destroy (GTK_WINDOW (self));
  return TRUE;
}

static void
keep_mine_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  cn_conflict_window_resolve (CN_CONFLICT_WINDOW (widget), CN_CONFLICT_KEEP_MINE);
}

static void
take_platform_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  cn_conflict_window_resolve (CN_CONFLICT_WINDOW (widget), CN_CONFLICT_TAKE_PLATFORM);
}

const char *
cn_conflict_window_get_text (CnConflictWindow *self,
                             const char       *member,
                             gboolean          platform)
{
  g_return_val_if_fail (CN_IS_CONFLICT_WINDOW (self), NULL);
  return g_hash_table_lookup (platform ? self->platform : self->mine, member);
}

gboolean
cn_conflict_window_differs (CnConflictWindow *self,
                            const char       *member)
{
  g_return_val_if_fail (CN_IS_CONFLICT_WINDOW (self), FALSE);
  return g_hash_table_contains (self->differs, member);
}

static void
cn_conflict_window_finalize (GObject *object)
{
  CnConflictWindow *self = CN_CONFLICT_WINDOW (object);

  g_clear_object (&self->store);
  g_free (self->entity_type);
  g_free (self->entity_id);
  g_hash_table_unref (self->mine);
  g_hash_table_unref (self->platform);
  g_hash_table_unref (self->differs);
  G_OBJECT_CLASS (cn_conflict_window_parent_class)->finalize (object);
}

static void
cn_conflict_window_class_init (CnConflictWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = cn_conflict_window_finalize;
  gtk_widget_class_install_action (widget_class, "conflict.keep-mine", NULL, keep_mine_action);
  gtk_widget_class_install_action (widget_class, "conflict.take-platform", NULL, take_platform_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  signals[RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
cn_conflict_window_init (CnConflictWindow *self)
{
  self->mine = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->platform = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->differs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static GtkWidget *
choice_button (const char *label,
               const char *name,
               const char *action,
               gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "pill");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");
  return button;
}

/* The two choices side by side when they fit, one above the other on a
 * phone (libadwaita 1.2 has no breakpoints: a flow box wraps them). */
static GtkWidget *
choice_buttons (void)
{
  GtkWidget *flow = gtk_flow_box_new ();
  GtkWidget *buttons[2];

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 2);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 12);
  gtk_widget_set_halign (flow, GTK_ALIGN_CENTER);
  buttons[0] = choice_button (_("_Keep My Version"), _("Keep My Version"), "conflict.keep-mine", FALSE);
  buttons[1] = choice_button (_("_Take the Platform’s Version"), _("Take the Platform’s Version"),
                              "conflict.take-platform", FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      gtk_flow_box_append (GTK_FLOW_BOX (flow), buttons[i]);
      /* The button takes the focus, not the flow box's cell around it. */
      gtk_widget_set_focusable (gtk_widget_get_parent (buttons[i]), FALSE);
    }
  return flow;
}

CnConflictWindow *
cn_conflict_window_new (GtkWindow   *parent,
                        CnStore     *store,
                        const char  *entity_type,
                        const char  *entity_id,
                        GError     **error)
{
  g_autoptr(CnSyncIssue) issue = NULL;
  g_autoptr(JsonNode) mine = NULL;
  g_autoptr(JsonNode) platform = NULL;
  g_autoptr(GError) local_error = NULL;
  CnConflictWindow *self;
  GtkWidget *box, *header, *scrolled, *clamp, *content, *bottom, *title_box, *explanation;
  gboolean have_mine, have_platform;
  const char *text;
  const Field *fields;
  guint n_fields;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  issue = cn_store_get_sync_issue (store, entity_type, entity_id, &local_error);
  if (issue == NULL || issue->kind != CN_SYNC_ISSUE_CONFLICT)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("This conflict has already been resolved."));
      return NULL;
    }
  mine = cn_store_sync_record_data (store, entity_type, entity_id, &local_error);
  if (mine == NULL && !g_error_matches (local_error, CN_ERROR, CN_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  platform = parse_object (issue->server_data);
  have_mine = mine != NULL && JSON_NODE_HOLDS_OBJECT (mine);
  have_platform = platform != NULL;

  self = g_object_new (CN_TYPE_CONFLICT_WINDOW,
                       "modal", TRUE,
                       "transient-for", parent,
                       "title", _("Conflict"),
                       "default-width", 760,
                       "default-height", 720,
                       NULL);
  self->store = g_object_ref (store);
  self->entity_type = g_strdup (entity_type);
  self->entity_id = g_strdup (entity_id);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Conflict"), cn_sync_type_label (entity_type)));
  gtk_box_append (GTK_BOX (box), header);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);

  title_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (title_box), plain_label (issue->title, "title-2"));
  if (have_mine && have_platform)
    text = _("Changed on this computer and on the platform since your last sync. Compare the two versions and choose the one to keep: the other is replaced.");
  else if (have_mine)
    text = _("Deleted on the platform, and changed on this computer. Keep your version to send it again, or take the platform’s to delete it here too.");
  else
    text = _("Deleted on this computer, and changed on the platform. Keep your version to delete it on the platform too, or take the platform’s to bring it back here.");
  explanation = plain_label (text, NULL);
  gtk_box_append (GTK_BOX (title_box), explanation);
  gtk_box_append (GTK_BOX (content), title_box);

  self->error_label = plain_label (NULL, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (content), self->error_label);

  {
    GtkWidget *columns = side_by_side (column_heading (_("My Version"), have_mine ? NULL : _("Deleted on this computer")),
                                       column_heading (_("Platform’s Version"), have_platform ? NULL : _("Deleted on the platform")));
    gtk_box_append (GTK_BOX (content), columns);
  }

  fields = fields_of (entity_type, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    add_field (self, content, fields[i].member, _(fields[i].label),
               have_mine ? json_node_get_object (mine) : NULL, platform ? json_node_get_object (platform) : NULL,
               have_mine, have_platform);
  /* A type this version does not know: its members as they are. */
  if (n_fields == 0)
    {
      g_autoptr(GList) members = NULL;
      JsonObject *object = have_platform ? json_node_get_object (platform) : have_mine ? json_node_get_object (mine) : NULL;

      members = object ? json_object_get_members (object) : NULL;
      for (GList *l = members; l != NULL; l = l->next)
        add_field (self, content, l->data, l->data,
                   have_mine ? json_node_get_object (mine) : NULL, platform ? json_node_get_object (platform) : NULL,
                   have_mine, have_platform);
    }

  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);

  /* The choice stays in view, below the fields. */
  bottom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (bottom, "cn-conflict-choices");
  gtk_box_append (GTK_BOX (bottom), choice_buttons ());
  gtk_box_append (GTK_BOX (box), bottom);

  adw_window_set_content (ADW_WINDOW (self), box);
  return self;
}
