/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The detail pane: identity, status, contacts, notes and timeline of one
 * company, kept current as the store changes. */
#define CN_TYPE_COMPANY_PAGE (cn_company_page_get_type ())
G_DECLARE_FINAL_TYPE (CnCompanyPage, cn_company_page, CN, COMPANY_PAGE, GtkBox)

CnCompanyPage *cn_company_page_new            (CnStore       *store);
/* NULL shows the "no company selected" state. */
void           cn_company_page_set_company_id (CnCompanyPage *self,
                                               const char    *id);
const char    *cn_company_page_get_company_id (CnCompanyPage *self);
/* Saves notes still waiting for their autosave. */
void           cn_company_page_flush          (CnCompanyPage *self);
/* "Update from the Directory": asks the directory for the company's SIREN
 * and shows what would change, applied on confirmation. */
void           cn_company_page_update_from_directory (CnCompanyPage *self);

G_END_DECLS
