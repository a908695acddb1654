/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-plan-pdf.h"

G_BEGIN_DECLS

/* Gathers everything the PDF of a diagnostic's plan shows, from the store
 * and the catalogue: the company, the questionnaire at the diagnostic's
 * version, the score, the plan (built and stored if new), the aids the
 * planned expense makes the company eligible for, a matching testimony,
 * resources for the weakest dimensions and the recommendation basket.  An
 * issued plan takes the catalogue it was issued with instead of
 * @catalogue.  The document owns all of it. */
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
/* The expense the plan's aids are judged on: the planned one, else the
 * estimate; sets *@estimated (optional). */
int             cn_plan_get_expense        (CnPlan           *plan,
                                            CnCatalogue      *catalogue,
                                            gboolean         *estimated);
/* "plan-d-action-dupont-et-fils-2026-11-23.pdf": a file name from the
 * company's name, safe on every file system. */
char           *cn_plan_document_file_name (CnPlanDocument    *document);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnPlanDocument, cn_plan_document_free)

G_END_DECLS
