/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* What a company's page says about the platform: a warning strip when the
 * company, or one of its appointments, reports or diagnostics, was refused
 * or is in conflict (with the reason and a way to the Sync section), and a
 * note when the company is not shared, so what it has waits for its
 * consent.  Hidden when there is nothing to say. */
#define CN_TYPE_SYNC_BANNER (cn_sync_banner_get_type ())
G_DECLARE_FINAL_TYPE (CnSyncBanner, cn_sync_banner, CN, SYNC_BANNER, GtkBox)

GtkWidget  *cn_sync_banner_new          (CnStore      *store);
/* NULL: nothing to say. */
void        cn_sync_banner_set_company  (CnSyncBanner *self,
                                         const char   *company_id);
/* For tests: the warning shown, or NULL; the consent note shown, or NULL. */
const char *cn_sync_banner_get_warning  (CnSyncBanner *self);
const char *cn_sync_banner_get_note     (CnSyncBanner *self);

G_END_DECLS
