/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-event"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-company.h"
#include "cn-event.h"

struct _CnEvent
{
  GObject parent_instance;

  char *id;
  char *company_id;
  char *at;
  char *kind;
  char *detail;
};

G_DEFINE_FINAL_TYPE (CnEvent, cn_event, G_TYPE_OBJECT)

static void
cn_event_finalize (GObject *object)
{
  CnEvent *self = CN_EVENT (object);

  g_free (self->id);
  g_free (self->company_id);
  g_free (self->at);
  g_free (self->kind);
  g_free (self->detail);

  G_OBJECT_CLASS (cn_event_parent_class)->finalize (object);
}

static void
cn_event_class_init (CnEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cn_event_finalize;
}

static void
cn_event_init (CnEvent *self)
{
}

CnEvent *
cn_event_new (const char *id,
              const char *company_id,
              const char *at,
              const char *kind,
              const char *detail)
{
  CnEvent *self = g_object_new (CN_TYPE_EVENT, NULL);

  self->id = g_strdup (id);
  self->company_id = g_strdup (company_id);
  self->at = g_strdup (at);
  self->kind = g_strdup (kind);
  self->detail = g_strdup (detail);
  return self;
}

const char *cn_event_get_id (CnEvent *self) { return self->id; }
const char *cn_event_get_company_id (CnEvent *self) { return self->company_id; }
const char *cn_event_get_at (CnEvent *self) { return self->at; }
const char *cn_event_get_kind (CnEvent *self) { return self->kind; }
const char *cn_event_get_detail (CnEvent *self) { return self->detail; }

char *
cn_event_describe (CnEvent *self)
{
  const char *detail = self->detail ? self->detail : "";

  if (g_str_equal (self->kind, CN_EVENT_CREATED))
    return g_strdup (_("Added to the portfolio"));

  if (g_str_equal (self->kind, CN_EVENT_EDITED))
    return g_strdup (_("Details edited"));

  if (g_str_equal (self->kind, CN_EVENT_STATUS))
    {
      g_auto(GStrv) parts = g_strsplit (detail, ">", 2);
      CnCompanyStatus from, to;

      if (g_strv_length (parts) == 2 &&
          cn_company_status_from_string (parts[0], &from) &&
          cn_company_status_from_string (parts[1], &to))
        /* Translators: a follow-up status changed, e.g. from "Lead" to "Contacted" */
        return g_strdup_printf (_("Status changed from “%s” to “%s”"),
                                cn_company_status_label (from),
                                cn_company_status_label (to));
      return g_strdup (_("Status changed"));
    }

  if (g_str_equal (self->kind, CN_EVENT_IMPORTED))
    /* Translators: %s is a file name */
    return g_strdup_printf (_("Imported from %s"), detail);

  if (g_str_equal (self->kind, CN_EVENT_CONTACT_ADDED))
    /* Translators: %s is a person's name */
    return g_strdup_printf (_("Contact added: %s"), detail);

  if (g_str_equal (self->kind, CN_EVENT_CONTACT_REMOVED))
    /* Translators: %s is a person's name */
    return g_strdup_printf (_("Contact removed: %s"), detail);

  if (g_str_equal (self->kind, CN_EVENT_NOTE))
    return g_strdup (detail);

  if (g_str_equal (self->kind, CN_EVENT_DIAGNOSTIC))
    {
      g_auto(GStrv) parts = g_strsplit (detail, "\t", 2);

      if (g_strv_length (parts) == 2)
        /* Translators: the first %s is a maturity level's name, the second a score out of 100 */
        return g_strdup_printf (_("Diagnostic completed: “%s”, %s/100"), parts[1], parts[0]);
      return g_strdup (_("Diagnostic completed"));
    }

  if (g_str_equal (self->kind, CN_EVENT_APPOINTMENT))
    {
      g_auto(GStrv) parts = g_strsplit (detail, "\t", 2);
      const char *subject = parts[0] && parts[1] ? parts[1] : "";

      if (g_strcmp0 (parts[0], "done") == 0)
        /* Translators: %s is an appointment's subject */
        return g_strdup_printf (_("Appointment held: %s"), subject);
      if (g_strcmp0 (parts[0], "cancelled") == 0)
        return g_strdup_printf (_("Appointment cancelled: %s"), subject);
      if (g_strcmp0 (parts[0], "no_show") == 0)
        return g_strdup_printf (_("Appointment missed: %s"), subject);
      return g_strdup_printf (_("Appointment planned: %s"), subject);
    }

  if (g_str_equal (self->kind, CN_EVENT_REPORT))
    /* Translators: %s is the summary of a progress report */
    return g_strdup_printf (_("Progress report: %s"), detail);

  if (g_str_equal (self->kind, CN_EVENT_PLAN_ISSUED))
    {
      g_auto(GStrv) parts = g_strsplit (detail, "\t", 2);

      /* Translators: %s is the file name of the action plan */
      return g_strdup_printf (_("Action plan issued: %s"), parts[0] ? parts[0] : "");
    }

  return g_strdup (detail);
}
