/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The diagnostic as run during a visit: the questions (a dimension per
 * page on a wide window, one question per page on a narrow one), then the
 * results.  Every answer is saved at once; closing the window and opening
 * the diagnostic again resumes where it was. */
#define CN_TYPE_DIAGNOSTIC_WINDOW (cn_diagnostic_window_get_type ())
G_DECLARE_FINAL_TYPE (CnDiagnosticWindow, cn_diagnostic_window, CN, DIAGNOSTIC_WINDOW, AdwWindow)

/* Opens the diagnostic @diagnostic_id (in progress: the questions; completed:
 * the results), or presents the window already showing it.  NULL with a
 * message in @error when it cannot be opened. */
CnDiagnosticWindow *cn_diagnostic_window_open (GtkWindow   *parent,
                                               CnStore     *store,
                                               const char  *diagnostic_id,
                                               GError     **error);
/* Resumes @company_id's diagnostic in progress, or starts one with the
 * questionnaire @questionnaire (NULL: the default); @company_id NULL is a
 * prospect, whose company record is made at the end. */
CnDiagnosticWindow *cn_diagnostic_window_start (GtkWindow   *parent,
                                                CnStore     *store,
                                                const char  *company_id,
                                                const char  *questionnaire,
                                                GError     **error);

/* For tests: the diagnostic shown, the page, the choice button of an
 * answer (CN_CHOICE_DONT_KNOW included), moving on, the results. */
const char *cn_diagnostic_window_get_diagnostic_id (CnDiagnosticWindow *self);
guint       cn_diagnostic_window_get_page          (CnDiagnosticWindow *self);
guint       cn_diagnostic_window_get_n_pages       (CnDiagnosticWindow *self);
/* The questions on the current page, in order (const CnQuestion *). */
GPtrArray  *cn_diagnostic_window_get_page_questions (CnDiagnosticWindow *self);
GtkCheckButton *cn_diagnostic_window_get_choice_button (CnDiagnosticWindow *self,
                                                        const char         *question,
                                                        const char         *choice);
gboolean    cn_diagnostic_window_is_showing_results (CnDiagnosticWindow *self);

G_END_DECLS
