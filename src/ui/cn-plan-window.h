/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-plan-pdf.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* The action plan of a diagnostic: edit the actions and the note (saved as
 * you go), preview the PDF, save it, print it, open it. */
#define CN_TYPE_PLAN_WINDOW (cn_plan_window_get_type ())
G_DECLARE_FINAL_TYPE (CnPlanWindow, cn_plan_window, CN, PLAN_WINDOW, AdwWindow)

/* Opens the plan of @diagnostic_id (made from its rules the first time),
 * or presents the window already showing it. */
CnPlanWindow *cn_plan_window_open            (GtkWindow    *parent,
                                              CnStore      *store,
                                              const char   *diagnostic_id,
                                              GError      **error);

/* For tests. */
CnPlan       *cn_plan_window_get_plan        (CnPlanWindow *self);
/* Saves pending edits now (they are otherwise saved a moment after typing). */
gboolean      cn_plan_window_save            (CnPlanWindow *self,
                                              GError      **error);
/* Writes the PDF to @path and records the plan as issued. */
gboolean      cn_plan_window_export          (CnPlanWindow *self,
                                              const char   *path,
                                              GError      **error);
/* Pages shown in the preview so far. */
guint         cn_plan_window_get_n_preview_pages (CnPlanWindow *self);
/* Shows the preview tab, as clicking it does. */
void          cn_plan_window_show_preview    (CnPlanWindow *self);
/* Rebuilds the action rows from the plan (after a test changed it). */
void          cn_plan_window_reload_rows     (CnPlanWindow *self);
/* The planned expense and its kind (an AdwComboRow: 0 is any kind, then
 * those of CN_EXPENSE_KINDS in order). */
GtkEditable  *cn_plan_window_get_expense_entry (CnPlanWindow *self);
GtkWidget    *cn_plan_window_get_kind_row      (CnPlanWindow *self);

G_END_DECLS
