/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The "Diagnostics" group of a company page: start or resume one, the
 * completed ones with their level, and the progress between the last
 * two ("from one level to the next"). */
#define CN_TYPE_DIAGNOSTICS_GROUP (cn_diagnostics_group_get_type ())
G_DECLARE_FINAL_TYPE (CnDiagnosticsGroup, cn_diagnostics_group, CN, DIAGNOSTICS_GROUP, AdwPreferencesGroup)

GtkWidget *cn_diagnostics_group_new         (CnStore            *store);
void       cn_diagnostics_group_set_company (CnDiagnosticsGroup *self,
                                             const char         *company_id);
/* Reads the store again (the page calls it when the company changed). */
void       cn_diagnostics_group_refresh     (CnDiagnosticsGroup *self);

G_END_DECLS
