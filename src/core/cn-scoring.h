/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-referential.h"

G_BEGIN_DECLS

/* Answers: question id → NULL-terminated choice ids (CN_CHOICE_DONT_KNOW
 * for "I don't know").  A question that is absent is unanswered. */
GHashTable *cn_answers_new   (void);
void        cn_answers_set   (GHashTable         *answers,
                              const char         *question,
                              const char *const  *choices);
/* The answer as a GStrv, or NULL when unanswered. */
const char *const *cn_answers_get (GHashTable    *answers,
                                   const char    *question);

/* What a diagnostic's answers are worth against its questionnaire.  Pure:
 * the same answers and questionnaire always give the same result. */
typedef struct {
  CnReferential          *referential;
  double                 *dimensions;   /* 0–100 per dimension, unrounded */
  double                  eu[CN_EU_DIMENSION_COUNT]; /* -1 when not aligned */
  double                  overall;      /* unrounded */
  int                     overall_rounded;
  const CnLevel          *level;
  int                     level_index;
  const char             *sector;       /* profile choice ids, or NULL */
  const char             *size;
  const CnReferenceGroup *reference;
  GPtrArray              *rules;        /* of const CnRule *, by priority */
  GPtrArray              *unsure;       /* of const CnQuestion *: "don't know" or unanswered */
  guint                   n_answered;   /* scored questions with a real answer */
} CnScore;

CnScore *cn_score_compute (CnReferential *referential,
                           GHashTable    *answers);
void     cn_score_free    (CnScore       *score);
/* Scores are shown and stored rounded half up. */
int      cn_score_round   (double         value);

/* 0–10 for one scored question; "don't know" and no answer give 0. */
double   cn_question_score (const CnQuestion  *question,
                            const char *const *choices);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnScore, cn_score_free)

/* The questionnaire's dimension ids, weakest score first (ties in the
 * questionnaire's order): what resources should help with first. */
GStrv       cn_score_weakest_dimensions (const CnScore *score);
/* The maturity level, 1 (lowest) to 5. */
int         cn_score_get_level_number   (const CnScore *score);

G_END_DECLS
