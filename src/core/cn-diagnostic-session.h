/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-diagnostic.h"

G_BEGIN_DECLS

/* A diagnostic being answered.  Answers live in memory for the screen and
 * are written to the database by a thread of their own, in order, on a
 * connection of their own: moving to the next question never waits on
 * the disk, and every answer is still saved at once. */
#define CN_TYPE_DIAGNOSTIC_SESSION (cn_diagnostic_session_get_type ())
G_DECLARE_FINAL_TYPE (CnDiagnosticSession, cn_diagnostic_session, CN, DIAGNOSTIC_SESSION, GObject)

/* @diagnostic: as loaded from @store (its answers are copied). */
CnDiagnosticSession *cn_diagnostic_session_new          (CnStore             *store,
                                                         CnReferential       *referential,
                                                         CnDiagnostic        *diagnostic);
const char          *cn_diagnostic_session_get_id       (CnDiagnosticSession *self);
CnReferential       *cn_diagnostic_session_get_referential (CnDiagnosticSession *self);
/* Question id → choices, as answered so far. */
GHashTable          *cn_diagnostic_session_get_answers  (CnDiagnosticSession *self);
const char *const   *cn_diagnostic_session_get_answer   (CnDiagnosticSession *self,
                                                         const char          *question);
/* Records an answer (NULL or empty: forget it).  An answer the
 * questionnaire does not allow is refused at once, with nothing queued. */
gboolean             cn_diagnostic_session_answer       (CnDiagnosticSession *self,
                                                         const char          *question,
                                                         const char *const   *choices,
                                                         GError             **error);
/* Where to resume: the question on screen. */
void                 cn_diagnostic_session_set_position (CnDiagnosticSession *self,
                                                         const char          *question);
/* Waits until every queued write is done; the first write that failed,
 * if any, as an error (the "write-failed" signal said it too). */
gboolean             cn_diagnostic_session_flush        (CnDiagnosticSession *self,
                                                         GError             **error);

G_END_DECLS
