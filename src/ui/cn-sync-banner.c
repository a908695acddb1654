/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-sync-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "cn-application.h"
#include "cn-appointment.h"
#include "cn-conflict-window.h"
#include "cn-report.h"
#include "cn-sync-banner.h"

/* A company with more problems than this lists the first ones. */
#define MAX_LISTED 3

struct _CnSyncBanner
{
  GtkBox parent_instance;

  CnStore *store;
  CnSyncEngine *engine;
  char *company_id;
  guint issues;          /* the engine's count when last read */
  GtkWidget *warning, *warning_label;
  GtkWidget *note, *note_label;
};

G_DEFINE_FINAL_TYPE (CnSyncBanner, cn_sync_banner, GTK_TYPE_BOX)

static char *
issue_sentence (const CnSyncIssue *issue)
{
  const char *reason = issue->message && *issue->message ? issue->message : issue->code;
  gboolean company = g_strcmp0 (issue->entity_type, "company") == 0;

  if (issue->kind == CN_SYNC_ISSUE_CONFLICT)
    {
      if (company)
        return g_strdup (_("This company was changed here and on the platform: choose the version to keep."));
      /* Translators: %s is a record, e.g. "03/12/2026 09:30 — Premier diagnostic" */
      return g_strdup_printf (_("“%s” was changed here and on the platform: choose the version to keep."), issue->title);
    }
  if (company)
    return reason ? g_strdup_printf (_("The platform refused this company: %s"), reason)
                  : g_strdup (_("The platform refused this company."));
  /* Translators: a record, then the platform's reason */
  return reason ? g_strdup_printf (_("The platform refused “%s”: %s"), issue->title, reason)
                : g_strdup_printf (_("The platform refused “%s”."), issue->title);
}

static void
update_warning (CnSyncBanner *self)
{
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0;

  if (self->company_id != NULL)
    issues = cn_store_list_sync_issues (self->store, NULL);
  for (guint i = 0; issues && i < issues->len; i++)
    {
      CnSyncIssue *issue = issues->pdata[i];
      g_autofree char *company_id = cn_sync_issue_get_company_id (self->store, issue);

      if (g_strcmp0 (company_id, self->company_id) != 0)
        continue;
      if (n < MAX_LISTED)
        {
          g_autofree char *sentence = issue_sentence (issue);
          /* One problem a line: a blank line between them reads better. */
          g_string_append_printf (text, "%s%s", text->len ? "\n\n" : "", sentence);
        }
      n++;
    }
  if (n > MAX_LISTED)
    {
      g_string_append (text, "\n\n");
      g_string_append_printf (text, ngettext ("And %u more problem.", "And %u more problems.", n - MAX_LISTED),
                              n - MAX_LISTED);
    }
  gtk_label_set_text (GTK_LABEL (self->warning_label), text->str);
  gtk_widget_set_visible (self->warning, n > 0);
}

/* Appointments and reports of a company that is not shared never reach
 * the platform: say so where the connector looks at them. */
static void
update_note (CnSyncBanner *self)
{
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) appointments = NULL;
  g_autoptr(GPtrArray) reports = NULL;
  gboolean waiting = FALSE;

  if (self->company_id != NULL)
    company = cn_store_get_company (self->store, self->company_id, NULL);
  if (company != NULL && !cn_company_get_consent_share (company))
    {
      appointments = cn_store_list_appointments (self->store, NULL, NULL, self->company_id, NULL);
      reports = cn_store_list_reports (self->store, self->company_id, NULL);
      waiting = (appointments && appointments->len > 0) || (reports && reports->len > 0);
    }
  if (company != NULL && !cn_company_get_consent_share (company))
    gtk_label_set_text (GTK_LABEL (self->note_label),
                        waiting ? _("Not shared with the national platform: its appointments and progress reports stay on this computer until the company agrees to share its data.")
                                : _("Not shared with the national platform: its appointments and progress reports will wait for the company’s consent to share its data."));
  gtk_widget_set_visible (self->note, company != NULL && !cn_company_get_consent_share (company));
}

static void
update (CnSyncBanner *self)
{
  update_warning (self);
  update_note (self);
  gtk_widget_set_visible (GTK_WIDGET (self),
                          gtk_widget_get_visible (self->warning) || gtk_widget_get_visible (self->note));
}

void
cn_sync_banner_set_company (CnSyncBanner *self,
                            const char   *company_id)
{
  g_return_if_fail (CN_IS_SYNC_BANNER (self));

  g_free (self->company_id);
  self->company_id = g_strdup (company_id);
  update (self);
}

const char *
cn_sync_banner_get_warning (CnSyncBanner *self)
{
  g_return_val_if_fail (CN_IS_SYNC_BANNER (self), NULL);
  return gtk_widget_get_visible (self->warning) ? gtk_label_get_text (GTK_LABEL (self->warning_label)) : NULL;
}

const char *
cn_sync_banner_get_note (CnSyncBanner *self)
{
  g_return_val_if_fail (CN_IS_SYNC_BANNER (self), NULL);
  return gtk_widget_get_visible (self->note) ? gtk_label_get_text (GTK_LABEL (self->note_label)) : NULL;
}

/* A conflict or a refusal arrives with a sync, without the company's
 * record changing: the engine's count of issues says when to look. */
static void
on_issues_changed (CnSyncEngine *engine,
                   GParamSpec   *pspec,
                   CnSyncBanner *self)
{
  guint issues = cn_sync_engine_get_issues (engine);

  if (issues == self->issues)
    return;
  self->issues = issues;
  update (self);
}

static void
cn_sync_banner_dispose (GObject *object)
{
  CnSyncBanner *self = CN_SYNC_BANNER (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (cn_sync_banner_parent_class)->dispose (object);
}

static void
cn_sync_banner_finalize (GObject *object)
{
  CnSyncBanner *self = CN_SYNC_BANNER (object);

  g_free (self->company_id);
  G_OBJECT_CLASS (cn_sync_banner_parent_class)->finalize (object);
}

static void
cn_sync_banner_class_init (CnSyncBannerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cn_sync_banner_dispose;
  G_OBJECT_CLASS (klass)->finalize = cn_sync_banner_finalize;
}

/* A strip: an icon and words, then its button under them (a phone has
 * no room beside). */
static GtkWidget *
strip (const char  *css_class,
       const char  *icon,
       GtkWidget  **label,
       GtkWidget   *button)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *image = gtk_image_new_from_icon_name (icon);

  gtk_widget_add_css_class (box, css_class);
  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (line), image);
  *label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (*label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (*label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (*label), 0);
  gtk_widget_set_hexpand (*label, TRUE);
  gtk_box_append (GTK_BOX (line), *label);
  gtk_box_append (GTK_BOX (box), line);
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static GtkWidget *
strip_button (const char *label,
              const char *name,
              const char *action,
              const char *target)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (target)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
cn_sync_banner_init (CnSyncBanner *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);

  self->warning = strip ("cn-sync-warning", "dialog-warning-symbolic", &self->warning_label,
                         strip_button (_("_See in Sync"), _("See in Sync"), "win.show-section", "sync"));
  gtk_box_append (GTK_BOX (self), self->warning);
  self->note = strip ("cn-sync-note", "network-offline-symbolic", &self->note_label,
                      strip_button (_("_Record Consent…"), _("Record Consent…"), "win.edit-company", NULL));
  gtk_box_append (GTK_BOX (self), self->note);
}

GtkWidget *
cn_sync_banner_new (CnStore *store)
{
  CnSyncBanner *self = g_object_new (CN_TYPE_SYNC_BANNER, NULL);
  GApplication *app = g_application_get_default ();

  self->store = g_object_ref (store);
  /* The page knows the store only; the engine is the application's. */
  if (CN_IS_APPLICATION (app) && cn_application_get_sync_engine (CN_APPLICATION (app)) != NULL)
    {
      self->engine = g_object_ref (cn_application_get_sync_engine (CN_APPLICATION (app)));
      self->issues = cn_sync_engine_get_issues (self->engine);
      g_signal_connect (self->engine, "notify::issues", G_CALLBACK (on_issues_changed), self);
    }
  update (self);
  return GTK_WIDGET (self);
}
