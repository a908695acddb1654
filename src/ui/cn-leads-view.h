/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The "Leads" section: the small businesses that took the platform's
 * self-diagnostic and agreed to be contacted, newest first, each with one
 * action, "Follow This Company" (widget action "leads.adopt", s: lead id).
 * Emits "lead-adopted" (const char *company_id, const char *name) once the
 * lead is a company of the portfolio. */
#define CN_TYPE_LEADS_VIEW (cn_leads_view_get_type ())
G_DECLARE_FINAL_TYPE (CnLeadsView, cn_leads_view, CN, LEADS_VIEW, GtkBox)

GtkWidget *cn_leads_view_new         (CnStore     *store);
/* Reads the store again. */
void       cn_leads_view_refresh     (CnLeadsView *self);
/* The leads listed (not adopted yet). */
guint      cn_leads_view_get_n_leads (CnLeadsView *self);

G_END_DECLS
