/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The RGPD rights in the app: export a company's data, erase it for good,
 * and propose to erase closed companies past the retention period.
 * Nothing is erased without the connector's confirmation. */

/* Asks for a folder, then exports there and says where in a toast of the
 * window @widget is in. */
void              cn_privacy_export_company     (GtkWidget  *widget,
                                                 CnStore    *store,
                                                 const char *company_id);
/* The same without the folder chooser (and for tests). */
gboolean          cn_privacy_export_company_to  (GtkWidget  *widget,
                                                 CnStore    *store,
                                                 const char *company_id,
                                                 const char *folder);

/* Presents the confirmation of a permanent erasure and returns it (for
 * tests: its responses are "cancel" and "erase"). */
AdwMessageDialog *cn_privacy_confirm_erase      (GtkWidget  *widget,
                                                 CnStore    *store,
                                                 const char *company_id);

/* Presents the list of closed companies inactive for more than @years
 * years, each checked, with "later" and "erase" responses; NULL (and
 * nothing shown) when there are none. */
AdwMessageDialog *cn_privacy_propose_retention  (GtkWindow  *parent,
                                                 CnStore    *store,
                                                 guint       years);
/* At start-up: the same, with the years of the setting, once the window
 * is shown; nothing when the setting is 0. */
void              cn_privacy_check_retention    (GtkWindow  *parent,
                                                 CnStore    *store);

/* The preferences row: the setting, and a button to review now. */
GtkWidget        *cn_privacy_retention_row      (GSettings  *settings,
                                                 CnStore    *store);

G_END_DECLS
