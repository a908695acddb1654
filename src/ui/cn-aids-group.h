/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-catalogue.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* The "Financial Aids" group of a company page: a planned expense and its
 * kind (typed to try, never stored: the plan keeps its own), and the aids
 * of the catalogue judged for the company with them: eligible ones with
 * their amount, those to check with what to check, then the others under
 * "Not eligible (N)", each with why. */
#define CN_TYPE_AIDS_GROUP (cn_aids_group_get_type ())
G_DECLARE_FINAL_TYPE (CnAidsGroup, cn_aids_group, CN, AIDS_GROUP, AdwPreferencesGroup)

GtkWidget   *cn_aids_group_new          (CnStore     *store);
/* Reads the company again and judges its aids; another company starts
 * with an empty expense. */
void         cn_aids_group_set_company  (CnAidsGroup *self,
                                         const char  *company_id);
/* For tests: the expense entry and the kind row (an AdwComboRow: 0 is
 * any kind, then the kinds of CN_EXPENSE_KINDS in order). */
GtkEditable *cn_aids_group_get_expense_entry (CnAidsGroup *self);
GtkWidget   *cn_aids_group_get_kind_row      (CnAidsGroup *self);

/* The expense kinds offered, in CN_EXPENSE_KINDS order, NULL-terminated;
 * shared with the plan window. */
const char *const *cn_aids_expense_kinds (void);

/* The rows of @verdicts (CnAidVerdict), shared by the company page and the
 * plan window: an eligible aid with its amount at the end ("up to" when
 * !@expense_known), one to check as an expander listing what to check,
 * and, when @with_ineligible, the others under one expander "Not eligible
 * (N)" with why.  A row that @expanded (aid ids, "" for the "Not
 * eligible" row; may be NULL) names starts expanded.  Returns the new
 * rows, floating, in order, for the caller to add. */
GPtrArray   *cn_aid_rows_new            (GPtrArray   *verdicts,
                                         gboolean     expense_known,
                                         gboolean     with_ineligible,
                                         GHashTable  *expanded);
/* Adds to @expanded the ids of the rows of @rows (made by
 * cn_aid_rows_new ()) shown expanded. */
void         cn_aid_rows_get_expanded   (GPtrArray   *rows,
                                         GHashTable  *expanded);

/* "8000", "8 000": the euros typed; 0 for an empty text, -1 when it is
 * not a whole amount. */
int          cn_aids_parse_expense      (const char  *text);

G_END_DECLS
