/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-plan-pdf.h"

G_BEGIN_DECLS

/* Gathers everything the PDF of a diagnostic's plan shows, from the store
 * and the catalogue: the company, the questionnaire at the diagnostic's
 * version, the score, the plan (built and stored if new), the aids the
 * planned expense makes the company eligible for, a matching testimony.
 * The document owns all of it. */
CnPlanDocument *cn_plan_document_load      (CnStore           *store,
                                            const char        *diagnostic_id,
                                            CnCatalogue       *catalogue,
                                            const CnConnector *connector,
                                            GError           **error);
void            cn_plan_document_free      (CnPlanDocument    *document);
/* What the plan's actions cost, in euros, taking the middle of each
 * one-off price range (recurring costs are not an investment). */
int             cn_plan_estimate_investment (CnPlan           *plan,
                                             CnCatalogue      *catalogue);
/* "plan-d-action-dupont-et-fils-2026-11-23.pdf": a file name from the
 * company's name, safe on every file system. */
char           *cn_plan_document_file_name (CnPlanDocument    *document);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnPlanDocument, cn_plan_document_free)

G_END_DECLS
