/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The "Recommendations" group of a company page: the providers and
 * resources the connector recommends to the company (printed in its action
 * plan), each with its note and a remove button (with undo); a provider
 * the connector declared a link with is listed with a warning, as the plan
 * leaves it out.  "Add a Provider…" and "Add a Resource…" open a
 * CnBasketChooser. */
#define CN_TYPE_BASKET_GROUP (cn_basket_group_get_type ())
G_DECLARE_FINAL_TYPE (CnBasketGroup, cn_basket_group, CN, BASKET_GROUP, AdwPreferencesGroup)

GtkWidget *cn_basket_group_new         (CnStore       *store);
void       cn_basket_group_set_company (CnBasketGroup *self,
                                        const char    *company_id);
/* Reads the store again. */
void       cn_basket_group_refresh     (CnBasketGroup *self);

G_END_DECLS
