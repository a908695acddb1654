/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The add / edit company dialog, with validation beside the fields. */
#define CN_TYPE_COMPANY_FORM (cn_company_form_get_type ())
G_DECLARE_FINAL_TYPE (CnCompanyForm, cn_company_form, CN, COMPANY_FORM, AdwWindow)

/* @company NULL, or without an id: a new company (prefilled). */
CnCompanyForm *cn_company_form_new       (CnStore        *store,
                                          CnCompany      *company);
/* Validates and saves, as the Add / Save button does; FALSE when the
 * form shows an error instead. */
gboolean       cn_company_form_save      (CnCompanyForm  *self);
/* The entry of a text field, for tests and for focusing. */
GtkEditable   *cn_company_form_get_entry (CnCompanyForm  *self,
                                          CnCompanyField  field);
/* The message shown under a field's group, NULL when the field is fine. */
const char    *cn_company_form_get_error (CnCompanyForm  *self,
                                          CnCompanyField  field);

/* The directory search of a new company's form, for tests: its entry
 * (NULL in an edit form), the companies it proposes, picking one as a
 * click does, and the message under it (NULL when none). */
GtkEditable   *cn_company_form_get_directory_entry  (CnCompanyForm *self);
guint          cn_company_form_get_n_proposals      (CnCompanyForm *self);
void           cn_company_form_pick_proposal        (CnCompanyForm *self,
                                                     guint          index);
const char    *cn_company_form_get_directory_status (CnCompanyForm *self);

G_END_DECLS
