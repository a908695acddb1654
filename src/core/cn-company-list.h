/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The portfolio as a GListModel of CnCompany, for virtualised lists: only
 * the row ids of the matching companies are held; a company is read from
 * the store when a row asks for it, and only while something shows it. */
#define CN_TYPE_COMPANY_LIST (cn_company_list_get_type ())
G_DECLARE_FINAL_TYPE (CnCompanyList, cn_company_list, CN, COMPANY_LIST, GObject)

CnCompanyList *cn_company_list_new        (CnStore               *store);
/* Copies @filter and runs the query again. */
void           cn_company_list_set_filter (CnCompanyList         *self,
                                           const CnCompanyFilter *filter);
const CnCompanyFilter *cn_company_list_get_filter (CnCompanyList *self);
/* Runs the query again; called by itself when the store changes. */
gboolean       cn_company_list_refresh    (CnCompanyList         *self,
                                           GError               **error);

G_END_DECLS
