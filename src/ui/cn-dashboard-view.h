/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The "Indicators" section: the programme's figures (cn-dashboard.h) over a
 * period chosen in the toolbar (this month, the current month and the two
 * before it, this year, all time, or custom dates), as cards grouped like
 * the indicator list, with bar charts for the companies by follow-up status
 * and the appointments by status.  Reads the store again on its "changed"
 * signal, when the period changes and when it is shown.
 * Widget action: "dashboard.export" (asks where to save the CSV). */
#define CN_TYPE_DASHBOARD_VIEW (cn_dashboard_view_get_type ())
G_DECLARE_FINAL_TYPE (CnDashboardView, cn_dashboard_view, CN, DASHBOARD_VIEW, GtkBox)

GtkWidget  *cn_dashboard_view_new            (CnStore         *store);
/* Reads the store again. */
void        cn_dashboard_view_refresh        (CnDashboardView *self);
/* Selects "Custom" with these dates ("YYYY-MM-DD" or NULL: no bound; both
 * NULL selects "All Time") and computes at once.  An invalid period is shown
 * as an error in the date entries and the figures are not updated. */
void        cn_dashboard_view_set_period     (CnDashboardView *self,
                                              const char      *from,
                                              const char      *to);
/* The text shown for @indicator_id ("12", "52,3", "—"), for tests; NULL for
 * an unknown id. */
const char *cn_dashboard_view_get_value_text (CnDashboardView *self,
                                              const char      *indicator_id);
/* Writes the CSV of the period shown to @path, as "dashboard.export" does
 * once the file is chosen. */
gboolean    cn_dashboard_view_export         (CnDashboardView *self,
                                              const char      *path,
                                              GError         **error);

G_END_DECLS
