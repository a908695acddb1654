/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-application.h"
#include "cn-company-list.h"
#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_WINDOW (cn_window_get_type ())
G_DECLARE_FINAL_TYPE (CnWindow, cn_window, CN, WINDOW, AdwApplicationWindow)

CnWindow      *cn_window_new              (CnApplication *application,
                                           CnStore       *store);

/* For tests: what the window shows. */
CnCompanyList *cn_window_get_company_list (CnWindow      *self);
GtkEditable   *cn_window_get_search_entry (CnWindow      *self);
GtkWindow     *cn_window_get_open_form    (CnWindow      *self);
const char    *cn_window_get_selected_id  (CnWindow      *self);
/* The sections' views, for tests. */
GtkWidget     *cn_window_get_section_view  (CnWindow     *self,
                                           const char   *name);
/* The label-expiry warning shown above the window, or NULL. */
const char    *cn_window_get_label_warning (CnWindow     *self);
/* Shows that company's page (and selects it when the list has it). */
void           cn_window_show_company     (CnWindow      *self,
                                           const char    *id);

G_END_DECLS
