/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-sync-view"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-appointment.h"
#include "cn-diagnostic.h"
#include "cn-report.h"
#include "cn-sync-status.h"
#include "cn-sync-view.h"

/* Held changes are explained by reading the outbox; past this many
 * entries the rest are only counted. */
#define MAX_EXAMINED 5000

struct _CnSyncView
{
  GtkBox parent_instance;

  CnStore *store;
  CnSyncEngine *engine;
  guint refresh_source;
  guint n_conflicts, n_rejected;

  GtkWidget *toasts;
  GtkWidget *state_row, *state_icon, *sync_button;
  GtkWidget *waiting_group, *conflicts_group, *rejected_group;
  GPtrArray *rows;   /* (group, row) pairs removed on refresh */
};

G_DEFINE_FINAL_TYPE (CnSyncView, cn_sync_view, GTK_TYPE_BOX)

static void
toast (CnSyncView *self,
       const char *text)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *t = adw_toast_new (escaped);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), t);
}

static void
add_row (CnSyncView *self,
         GtkWidget  *group,
         GtkWidget  *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  g_ptr_array_add (self->rows, group);
  g_ptr_array_add (self->rows, row);
}

/* A row of what the platform or the connector wrote: plain text. */
static GtkWidget *
text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

/* "Open" on a row: the company page, where the record is. */
static void
add_open_button (GtkWidget  *row,
                 const char *company_id,
                 const char *what)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Open"));
  /* Translators: %s is a record (a company, an appointment…) */
  g_autofree char *name = g_strdup_printf (_("Open %s"), what);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_tooltip_text (button, _("Open the Company’s Page"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", company_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-company");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

/* ---- the state ---------------------------------------------------------------- */

static void
update_state (CnSyncView *self)
{
  const char *icon = NULL;
  g_autofree char *text = cn_sync_describe_state (self->engine, &icon);
  g_autofree char *last = cn_sync_describe_last_sync (cn_sync_engine_get_last_sync (self->engine));
  CnSyncState state = cn_sync_engine_get_state (self->engine);
  const char *label;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), text);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->state_row), last);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->state_icon), icon);
  if (state == CN_SYNC_STATE_NOT_CONFIGURED)
    label = _("Set Up…");
  else if (state == CN_SYNC_STATE_NEEDS_TOKEN)
    label = _("Sign In…");
  else
    label = _("Sync Now");
  gtk_button_set_label (GTK_BUTTON (self->sync_button), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sync_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_sensitive (self->sync_button, state != CN_SYNC_STATE_SYNCING);
}

/* ---- what is held, and why -------------------------------------------------- */

typedef enum {
  HELD_NONE,             /* not held because of the company */
  HELD_CONSENT,          /* the company did not agree to share */
  HELD_COMPANY_REFUSED,  /* the platform refused the company itself */
  HELD_COMPANY_CONFLICT, /* the company is in conflict */
} HeldReason;

typedef struct {
  char      *company_id;
  char      *name;
  HeldReason reason;
  guint      n;
} HeldCompany;

static void
held_company_free (HeldCompany *held)
{
  g_free (held->company_id);
  g_free (held->name);
  g_free (held);
}

static char *
company_of_entry (CnStore    *store,
                  const char *type,
                  const char *id)
{
  if (g_strcmp0 (type, "appointment") == 0)
    {
      g_autoptr(CnAppointment) appointment = cn_store_get_appointment (store, id, NULL);
      return appointment ? g_strdup (appointment->company_id) : NULL;
    }
  if (g_strcmp0 (type, "report") == 0)
    {
      g_autoptr(CnReport) report = cn_store_get_report (store, id, NULL);
      return report ? g_strdup (report->company_id) : NULL;
    }
  if (g_strcmp0 (type, "diagnostic") == 0)
    {
      g_autoptr(CnDiagnostic) diagnostic = cn_store_load_diagnostic (store, id, NULL);
      return diagnostic ? g_strdup (diagnostic->company_id) : NULL;
    }
  return NULL;
}

/* The companies whose records wait for something about the company
 * itself, the way the batch builder decides it. */
static GPtrArray *
find_held (CnSyncView *self,
           GPtrArray  *issues)
{
  g_autoptr(GPtrArray) entries = cn_store_list_outbox (self->store, NULL);
  g_autoptr(GHashTable) companies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify) held_company_free);
  g_autoptr(GHashTable) issue_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *held = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  guint examined = 0;

  for (guint i = 0; issues && i < issues->len; i++)
    {
      CnSyncIssue *issue = issues->pdata[i];

      if (g_strcmp0 (issue->entity_type, "company") == 0)
        g_hash_table_insert (issue_kinds, g_strdup (issue->entity_id), GINT_TO_POINTER (issue->kind + 1));
    }

  for (guint i = 0; entries && i < entries->len && examined < MAX_EXAMINED; i++)
    {
      CnOutboxEntry *entry = entries->pdata[i];
      g_autofree char *company_id = NULL;
      HeldCompany *company;

      /* In flight, deletions, and what names no company go as they are. */
      if (entry->batch_id != NULL || g_strcmp0 (entry->op, "upsert") != 0 ||
          g_strcmp0 (entry->entity_type, "company") == 0 || g_strcmp0 (entry->entity_type, "outreach") == 0)
        continue;
      examined++;
      company_id = company_of_entry (self->store, entry->entity_type, entry->entity_id);
      if (company_id == NULL)
        continue;
      company = g_hash_table_lookup (companies, company_id);
      if (company == NULL)
        {
          g_autoptr(CnCompany) found = cn_store_get_company (self->store, company_id, NULL);
          int kind = GPOINTER_TO_INT (g_hash_table_lookup (issue_kinds, company_id));

          company = g_new0 (HeldCompany, 1);
          company->company_id = g_strdup (company_id);
          company->name = g_strdup (found ? cn_company_get_name (found) : "");
          if (found == NULL)
            company->reason = HELD_NONE;
          else if (!cn_company_get_consent_share (found))
            company->reason = HELD_CONSENT;
          else if (kind == CN_SYNC_ISSUE_REJECTED + 1)
            company->reason = HELD_COMPANY_REFUSED;
          else if (kind == CN_SYNC_ISSUE_CONFLICT + 1)
            company->reason = HELD_COMPANY_CONFLICT;
          else
            company->reason = HELD_NONE;
          g_hash_table_insert (companies, g_strdup (company_id), company);
        }
      company->n++;
    }

  g_hash_table_iter_init (&iter, companies);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      HeldCompany *company = value;

      if (company->reason != HELD_NONE)
        {
          g_hash_table_iter_steal (&iter);
          g_ptr_array_add (held, company);
        }
    }
  g_ptr_array_set_free_func (held, (GDestroyNotify) held_company_free);
  return held;
}

static int
compare_held (gconstpointer a,
              gconstpointer b)
{
  const HeldCompany *x = *(HeldCompany **) a;
  const HeldCompany *y = *(HeldCompany **) b;

  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return g_utf8_collate (x->name, y->name);
}

static void
fill_waiting (CnSyncView *self,
              GPtrArray  *issues)
{
  guint pending = cn_sync_engine_get_pending (self->engine);
  guint held = cn_sync_engine_get_held (self->engine);
  g_autofree char *title = NULL;
  GtkWidget *row;

  if (pending == 0 && held == 0)
    {
      /* Only a sync that went through can say everything arrived. */
      gboolean arrived = cn_sync_engine_get_state (self->engine) == CN_SYNC_STATE_IDLE &&
                         cn_sync_engine_get_last_sync (self->engine) != NULL;

      row = text_row (_("Nothing is waiting to be sent"),
                      arrived ? _("Every change made on this computer has reached the platform.") : NULL);
      add_row (self, self->waiting_group, row);
      return;
    }
  if (pending > 0)
    {
      title = g_strdup_printf (ngettext ("%u change will go with the next sync",
                                         "%u changes will go with the next sync", pending), pending);
      row = text_row (title, NULL);
      add_row (self, self->waiting_group, row);
    }
  if (held > 0)
    {
      g_autoptr(GPtrArray) companies = find_held (self, issues);

      g_clear_pointer (&title, g_free);
      title = g_strdup_printf (ngettext ("%u change is held", "%u changes are held", held), held);
      row = text_row (title, _("Held until a conflict below is resolved, or until the company agrees to share its data with the platform. Nothing is lost: they stay on this computer."));
      add_row (self, self->waiting_group, row);

      g_ptr_array_sort (companies, compare_held);
      for (guint i = 0; i < companies->len; i++)
        {
          HeldCompany *company = companies->pdata[i];
          g_autofree char *subtitle = NULL;

          switch (company->reason)
            {
            case HELD_CONSENT:
              subtitle = g_strdup_printf (ngettext ("%u change waits for the company’s consent to share its data with the platform",
                                                    "%u changes wait for the company’s consent to share its data with the platform",
                                                    company->n), company->n);
              break;
            case HELD_COMPANY_REFUSED:
              subtitle = g_strdup_printf (ngettext ("%u change waits until the platform accepts the company (see below)",
                                                    "%u changes wait until the platform accepts the company (see below)",
                                                    company->n), company->n);
              break;
            case HELD_COMPANY_CONFLICT:
            case HELD_NONE:
            default:
              subtitle = g_strdup_printf (ngettext ("%u change waits until the company’s conflict is resolved",
                                                    "%u changes wait until the company’s conflict is resolved",
                                                    company->n), company->n);
              break;
            }
          row = text_row (company->name, subtitle);
          add_open_button (row, company->company_id, company->name);
          add_row (self, self->waiting_group, row);
        }
    }
}

/* ---- conflicts and refusals ------------------------------------------------------ */

static void
on_conflict_resolved (CnConflictWindow *window,
                      int               choice,
                      CnSyncView       *self)
{
  if (choice == CN_CONFLICT_KEEP_MINE)
    toast (self, _("Your version will be sent with the next sync"));
  else
    toast (self, _("The platform’s version is now on this computer"));
  if (self->engine)
    cn_sync_engine_recount (self->engine);
  cn_sync_view_refresh (self);
}

CnConflictWindow *
cn_sync_view_open_conflict (CnSyncView *self,
                            const char *entity_type,
                            const char *entity_id)
{
  g_autoptr(GError) error = NULL;
  CnConflictWindow *window;
  GtkRoot *root;

  g_return_val_if_fail (CN_IS_SYNC_VIEW (self), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  window = cn_conflict_window_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                   entity_type, entity_id, &error);
  if (window == NULL)
    {
      toast (self, error->message);
      cn_sync_view_refresh (self);
      return NULL;
    }
  g_signal_connect_object (window, "resolved", G_CALLBACK (on_conflict_resolved), self, 0);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
on_conflict_activated (AdwActionRow *row,
                       CnSyncView   *self)
{
  cn_sync_view_open_conflict (self, g_object_get_data (G_OBJECT (row), "entity-type"),
                              g_object_get_data (G_OBJECT (row), "entity-id"));
}

static GtkWidget *
conflict_row (CnSyncView  *self,
              CnSyncIssue *issue)
{
  g_autoptr(JsonNode) mine = cn_store_sync_record_data (self->store, issue->entity_type, issue->entity_id, NULL);
  g_autofree char *subtitle = NULL;
  const char *what;
  GtkWidget *row;

  if (mine == NULL)
    what = _("deleted on this computer, changed on the platform");
  else if (issue->server_data == NULL)
    what = _("deleted on the platform, changed on this computer");
  else
    what = _("changed on this computer and on the platform");
  /* Translators: a kind of record, then what happened to it */
  subtitle = g_strdup_printf (_("%s · %s"), cn_sync_type_label (issue->entity_type), what);
  row = text_row (issue->title, subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data_full (G_OBJECT (row), "entity-type", g_strdup (issue->entity_type), g_free);
  g_object_set_data_full (G_OBJECT (row), "entity-id", g_strdup (issue->entity_id), g_free);
  g_signal_connect (row, "activated", G_CALLBACK (on_conflict_activated), self);
  return row;
}

static GtkWidget *
rejected_row (CnSyncView  *self,
              CnSyncIssue *issue)
{
  g_autoptr(GString) subtitle = g_string_new (cn_sync_type_label (issue->entity_type));
  g_autofree char *company_id = cn_sync_issue_get_company_id (self->store, issue);
  const char *field = cn_sync_field_label (issue->entity_type, issue->field);
  GtkWidget *row;

  g_string_append (subtitle, " · ");
  if (issue->message && *issue->message)
    g_string_append (subtitle, issue->message);
  else
    g_string_append (subtitle, _("Refused by the platform, without a reason"));
  if (issue->field && *issue->field)
    {
      g_string_append_c (subtitle, '\n');
      /* Translators: the field the platform refused */
      g_string_append_printf (subtitle, _("Field: %s"), field ? field : issue->field);
    }
  if (issue->code && *issue->code)
    {
      g_string_append (subtitle, issue->field && *issue->field ? " · " : "\n");
      /* Translators: the platform's error code, e.g. invalid_siret */
      g_string_append_printf (subtitle, _("Code: %s"), issue->code);
    }
  row = text_row (issue->title, subtitle->str);
  if (company_id != NULL)
    add_open_button (row, company_id, issue->title);
  return row;
}

void
cn_sync_view_refresh (CnSyncView *self)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CN_IS_SYNC_VIEW (self));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  for (guint i = 0; i + 1 < self->rows->len; i += 2)
    adw_preferences_group_remove (self->rows->pdata[i], self->rows->pdata[i + 1]);
  g_ptr_array_set_size (self->rows, 0);

  update_state (self);
  issues = cn_store_list_sync_issues (self->store, &error);
  if (issues == NULL)
    g_warning ("Cannot list the sync issues: %s", error->message);
  fill_waiting (self, issues);

  self->n_conflicts = self->n_rejected = 0;
  for (guint i = 0; issues && i < issues->len; i++)
    {
      CnSyncIssue *issue = issues->pdata[i];

      if (issue->kind == CN_SYNC_ISSUE_CONFLICT)
        {
          add_row (self, self->conflicts_group, conflict_row (self, issue));
          self->n_conflicts++;
        }
      else
        {
          add_row (self, self->rejected_group, rejected_row (self, issue));
          self->n_rejected++;
        }
    }
  gtk_widget_set_visible (self->conflicts_group, self->n_conflicts > 0);
  gtk_widget_set_visible (self->rejected_group, self->n_rejected > 0);
}

guint
cn_sync_view_get_n_conflicts (CnSyncView *self)
{
  g_return_val_if_fail (CN_IS_SYNC_VIEW (self), 0);
  return self->n_conflicts;
}

guint
cn_sync_view_get_n_rejected (CnSyncView *self)
{
  g_return_val_if_fail (CN_IS_SYNC_VIEW (self), 0);
  return self->n_rejected;
}

static gboolean
refresh_cb (gpointer data)
{
  CnSyncView *self = data;

  self->refresh_source = 0;
  cn_sync_view_refresh (self);
  return G_SOURCE_REMOVE;
}

/* Edits and sync steps come in bursts: read once they settle. */
static void
queue_refresh (CnSyncView *self)
{
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add (100, refresh_cb, self);
}

static void
on_engine_notify (CnSyncEngine *engine,
                  GParamSpec   *pspec,
                  CnSyncView   *self)
{
  /* The state line follows at once; the lists once the counts settle. */
  update_state (self);
  if (g_strcmp0 (pspec->name, "state") != 0 && g_strcmp0 (pspec->name, "error-message") != 0)
    queue_refresh (self);
}

static void
cn_sync_view_dispose (GObject *object)
{
  CnSyncView *self = CN_SYNC_VIEW (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);
  G_OBJECT_CLASS (cn_sync_view_parent_class)->dispose (object);
}

static void
cn_sync_view_finalize (GObject *object)
{
  CnSyncView *self = CN_SYNC_VIEW (object);

  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (cn_sync_view_parent_class)->finalize (object);
}

static void
cn_sync_view_class_init (CnSyncViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cn_sync_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = cn_sync_view_finalize;
}

static void
cn_sync_view_init (CnSyncView *self)
{
  GtkWidget *scrolled, *clamp, *content, *group;

  self->rows = g_ptr_array_new ();
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);

  self->toasts = adw_toast_overlay_new ();
  gtk_widget_set_vexpand (self->toasts, TRUE);
  gtk_box_append (GTK_BOX (self), self->toasts);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), scrolled);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (content, 24);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("National Platform"));
  self->state_row = text_row ("", NULL);
  self->state_icon = gtk_image_new ();
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->state_row), self->state_icon);
  self->sync_button = gtk_button_new_with_label (_("Sync Now"));
  gtk_widget_set_valign (self->sync_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->sync_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->sync_button), "app.sync");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->state_row), self->sync_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->state_row);
  gtk_box_append (GTK_BOX (content), group);

  self->waiting_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->waiting_group), _("Waiting to Be Sent"));
  gtk_box_append (GTK_BOX (content), self->waiting_group);

  self->conflicts_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->conflicts_group), _("Conflicts"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->conflicts_group),
                                         _("Changed both here and on the platform: compare the two versions and choose the one to keep. Until then, the record is not sent."));
  gtk_box_append (GTK_BOX (content), self->conflicts_group);

  self->rejected_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->rejected_group), _("Refused by the Platform"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->rejected_group),
                                         _("Kept on this computer as you wrote them. Correct what the platform says: the corrected record is sent with the next sync."));
  gtk_box_append (GTK_BOX (content), self->rejected_group);
}

GtkWidget *
cn_sync_view_new (CnStore      *store,
                  CnSyncEngine *engine)
{
  CnSyncView *self;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (CN_IS_SYNC_ENGINE (engine), NULL);

  self = g_object_new (CN_TYPE_SYNC_VIEW, NULL);

  self->store = g_object_ref (store);
  self->engine = g_object_ref (engine);
  g_signal_connect_swapped (store, "changed", G_CALLBACK (queue_refresh), self);
  g_signal_connect (engine, "notify", G_CALLBACK (on_engine_notify), self);
  cn_sync_view_refresh (self);
  return GTK_WIDGET (self);
}
