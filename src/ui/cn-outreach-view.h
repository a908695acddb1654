/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The "Awareness" section: the outreach log (workshops, calls…), newest
 * first, with add / edit / delete and "add a lead to the portfolio".
 * Widget actions: "outreach.new", "outreach.edit" (s: id),
 * "outreach.add-lead" (s: id), "outreach.delete" (s: id).  Emits
 * "company-added" (const char *company_id) when a lead became a company. */
#define CN_TYPE_OUTREACH_VIEW (cn_outreach_view_get_type ())
G_DECLARE_FINAL_TYPE (CnOutreachView, cn_outreach_view, CN, OUTREACH_VIEW, GtkBox)

GtkWidget *cn_outreach_view_new        (CnStore        *store);
/* Reads the store again. */
void       cn_outreach_view_refresh    (CnOutreachView *self);
/* The number of outreach actions listed, for tests. */
guint      cn_outreach_view_get_n_rows (CnOutreachView *self);

G_END_DECLS
