/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-profile.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* A progress report (compte-rendu): written after an appointment or on its
 * own.  A report is never overwritten: a correction adds a revision
 * (1, 2, …) and the earlier ones stay readable.  Synced as "report". */

typedef enum {
  CN_COFINANCING_NONE,
  CN_COFINANCING_REQUESTED,
  CN_COFINANCING_ACCEPTED,   /* set by the platform */
  CN_COFINANCING_REFUSED,    /* set by the platform */
} CnCofinancingStatus;

/* "none", "requested", "accepted", "refused", as stored and synced. */
const char *cn_cofinancing_status_to_string   (CnCofinancingStatus  status);
gboolean    cn_cofinancing_status_from_string (const char          *text,
                                               CnCofinancingStatus *status);
/* Translated: "Not requested", "Requested", "Accepted", "Refused". */
const char *cn_cofinancing_status_label       (CnCofinancingStatus  status);

/* One revision of a report, with what the report itself carries.  Optional
 * numbers are -1 when not given. */
typedef struct {
  char     *id;                  /* NULL until added */
  char     *company_id;
  char     *appointment_id;      /* or NULL; an appointment of the same company */
  int       number;              /* revision number shown: 1, 2, … (0 until added) */
  char     *written_at;          /* when this revision was written */
  char     *created_at;          /* when the report was first written */
  char     *updated_at;          /* when it was last corrected */

  char     *date;                /* "YYYY-MM-DD" */
  char     *summary;             /* not empty */
  GStrv     actions_done;        /* never NULL; stored as a JSON array */
  GStrv     next_steps;          /* never NULL; stored as a JSON array */
  int       maturity_before;     /* level 1–5, or -1 */
  int       maturity_after;      /* level 1–5, or -1 */
  int       time_spent_minutes;  /* ≥ 0, or -1 */
  int       satisfaction;        /* the SME's, 1–5, or -1 */
  gboolean  connected_commerce;  /* connected-commerce elements put in place */
  gint64    cofinancing_amount_cents;  /* ≥ 0, or -1: no co-financing request */
  CnCofinancingStatus cofinancing_status;

  gint64    revision;            /* the platform's, or -1 if never sent */
} CnReport;

CnReport *cn_report_new      (void);
CnReport *cn_report_copy     (const CnReport *report);
void      cn_report_free     (CnReport       *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnReport, cn_report_free)

/* Trims the texts (dropping empty lines of actions_done and next_steps)
 * and checks the report: date YYYY-MM-DD, summary not empty, levels and
 * satisfaction 1–5, time ≥ 0, co-financing only for a labelled connector
 * (@profile; NULL counts as charter).  A co-financing amount without a
 * status becomes "requested"; a status other than "none" needs an amount.
 * Pure: the company and the appointment are checked by the store. */
gboolean  cn_report_normalize (CnReport        *report,
                               const CnProfile *profile,
                               GError         **error);

/* ---- in the store --------------------------------------------------------- */

/* Adds @report (revision 1) for report->company_id: normalises it against
 * the stored profile, checks the appointment belongs to the same company,
 * marks done the actions of the company's latest plan whose action ids are
 * in @plan_action_ids (NULL or empty: none) and appends their titles to
 * actions_done, adds a "report" event (detail: the summary) and queues the
 * report for the platform, in one transaction.  Sets id, number and the
 * times. */
gboolean   cn_store_add_report             (CnStore            *store,
                                            CnReport           *report,
                                            const char *const  *plan_action_ids,
                                            GError            **error);
/* Corrects the report report->id: adds revision n + 1 from the fields of
 * @report (company_id cannot change), marks plan actions done as
 * cn_store_add_report () does, and queues the report, in one transaction.
 * Sets number and the times. */
gboolean   cn_store_correct_report         (CnStore            *store,
                                            CnReport           *report,
                                            const char *const  *plan_action_ids,
                                            GError            **error);
/* The current (latest) revision; CN_ERROR_NOT_FOUND when there is none. */
CnReport  *cn_store_get_report             (CnStore            *store,
                                            const char         *id,
                                            GError            **error);
/* Every revision of a report, oldest (1) first. */
GPtrArray *cn_store_list_report_revisions  (CnStore            *store,
                                            const char         *id,
                                            GError            **error);
/* Current revisions, newest date first; NULL @company_id: every company. */
GPtrArray *cn_store_list_reports           (CnStore            *store,
                                            const char         *company_id,
                                            GError            **error);
/* Deletes the report and its revisions, and queues the deletion. */
gboolean   cn_store_delete_report          (CnStore            *store,
                                            const char         *id,
                                            GError            **error);

G_END_DECLS
