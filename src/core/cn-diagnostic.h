/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-scoring.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* A diagnostic as stored: which questionnaire (id and version), the raw
 * answers, and once completed the summary computed then.  The summary is
 * a cache for lists and for the platform; the answers are the truth and
 * can always be scored again. */
typedef struct {
  char       *id;
  char       *company_id;          /* NULL: a prospect not yet saved */
  char       *questionnaire;
  int         version;
  char       *started_at;
  char       *updated_at;
  char       *completed_at;        /* NULL while in progress */
  char       *position;            /* the question shown last, to resume */
  GHashTable *answers;             /* see cn_answers_new () */
  int         overall;             /* -1 while in progress */
  char       *level;               /* level id, or NULL */
  GHashTable *scores;              /* dimension id → GINT_TO_POINTER (score + 1) */
  gint64      revision;            /* the platform's, or -1 if never sent */
} CnDiagnostic;

void        cn_diagnostic_free          (CnDiagnostic *diagnostic);
/* The stored score of a dimension, or -1. */
int         cn_diagnostic_get_score     (CnDiagnostic *diagnostic,
                                         const char   *dimension);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnDiagnostic, cn_diagnostic_free)

/* In @completed (oldest first), the newest diagnostic and the one of the
 * same questionnaire just before it: what "from one level to the next"
 * compares.  FALSE when no questionnaire was done twice. */
gboolean    cn_diagnostic_find_progress (GPtrArray    *completed,
                                         guint        *before,
                                         guint        *after);

/* Starts a diagnostic (company_id NULL for a prospect); returns its id. */
char         *cn_store_start_diagnostic     (CnStore       *store,
                                             const char    *company_id,
                                             CnReferential *referential,
                                             GError       **error);
/* Saves one answer (NULL or empty @choices: forget it) and where the
 * session is.  The answer must be valid for the questionnaire. */
gboolean      cn_store_save_answer          (CnStore       *store,
                                             CnReferential *referential,
                                             const char    *diagnostic_id,
                                             const char    *question,
                                             const char *const *choices,
                                             GError       **error);
gboolean      cn_store_set_diagnostic_position (CnStore    *store,
                                             const char    *diagnostic_id,
                                             const char    *question,
                                             GError       **error);
/* Scores the stored answers, keeps the summary, adds the event to the
 * timeline, moves a company that was not yet diagnosed to "diagnosed",
 * and queues the diagnostic for the platform, in one transaction.  A
 * prospect's diagnostic must be given a company first. */
gboolean      cn_store_complete_diagnostic  (CnStore       *store,
                                             CnReferential *referential,
                                             const char    *diagnostic_id,
                                             GError       **error);
gboolean      cn_store_assign_diagnostic    (CnStore       *store,
                                             const char    *diagnostic_id,
                                             const char    *company_id,
                                             GError       **error);
gboolean      cn_store_delete_diagnostic    (CnStore       *store,
                                             const char    *diagnostic_id,
                                             GError       **error);
CnDiagnostic *cn_store_load_diagnostic      (CnStore       *store,
                                             const char    *diagnostic_id,
                                             GError       **error);
/* The company's completed diagnostics, oldest first (NULL company: the
 * prospects'), with their answers. */
GPtrArray    *cn_store_list_diagnostics     (CnStore       *store,
                                             const char    *company_id,
                                             GError       **error);
/* For each company, the id of its newest completed diagnostic (of any
 * questionnaire), in the portfolio's name order. */
GPtrArray    *cn_store_list_latest_diagnostics (CnStore    *store,
                                                GError    **error);
/* The company's diagnostic in progress (NULL company: the newest
 * prospect's), or NULL without error when there is none. */
CnDiagnostic *cn_store_find_open_diagnostic (CnStore       *store,
                                             const char    *company_id,
                                             GError       **error);

G_END_DECLS
