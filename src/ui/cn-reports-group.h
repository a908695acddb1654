/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The "Progress Reports" group of a company page: the company's reports,
 * newest first; "+" writes one; a row opens the report, its earlier
 * revisions and a "Correct…" button.  Emits "report-saved"
 * (const char *report_id) after a report was written or corrected. */
#define CN_TYPE_REPORTS_GROUP (cn_reports_group_get_type ())
G_DECLARE_FINAL_TYPE (CnReportsGroup, cn_reports_group, CN, REPORTS_GROUP, AdwPreferencesGroup)

GtkWidget *cn_reports_group_new         (CnStore        *store);
void       cn_reports_group_set_company (CnReportsGroup *self,
                                         const char     *company_id);
/* Reads the store again. */
void       cn_reports_group_refresh     (CnReportsGroup *self);
/* The number of reports listed, for tests. */
guint      cn_reports_group_get_n_reports (CnReportsGroup *self);

G_END_DECLS
