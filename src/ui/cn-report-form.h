/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The "write a progress report" dialog, and its "correct the report"
 * variant (a correction is a new revision: the earlier one stays
 * readable).  Co-financing fields are shown to a labelled connector only.
 * Emits "saved" (const char *report_id) and closes once saved. */
#define CN_TYPE_REPORT_FORM (cn_report_form_get_type ())
G_DECLARE_FINAL_TYPE (CnReportForm, cn_report_form, CN, REPORT_FORM, AdwWindow)

/* A new report for @company_id, after @appointment_id (NULL: none; its day
 * is then the default date instead of today). */
CnReportForm *cn_report_form_new             (CnStore      *store,
                                              const char   *company_id,
                                              const char   *appointment_id);
/* A correction of the current revision of @report_id, prefilled. */
CnReportForm *cn_report_form_new_correction  (CnStore      *store,
                                              const char   *report_id);

/* For tests. */
void          cn_report_form_set_summary     (CnReportForm *self,
                                              const char   *text);
/* Validates and saves, as the Save button does; FALSE when the form shows
 * an error instead. */
gboolean      cn_report_form_save            (CnReportForm *self);
/* The message the form shows, NULL when there is none. */
const char   *cn_report_form_get_error       (CnReportForm *self);
/* Whether the co-financing fields are shown (labelled connector). */
gboolean      cn_report_form_has_cofinancing (CnReportForm *self);

/* The open actions of the company's plan offered as done, for tests. */
guint         cn_report_form_get_n_plan_actions (CnReportForm *self);
void          cn_report_form_tick_plan_action   (CnReportForm *self,
                                                 guint         index);

G_END_DECLS
