/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "cn-scoring.h"

GHashTable *
cn_answers_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
}

void
cn_answers_set (GHashTable        *answers,
                const char        *question,
                const char *const *choices)
{
  if (choices == NULL || choices[0] == NULL)
    g_hash_table_remove (answers, question);
  else
    g_hash_table_insert (answers, g_strdup (question), g_strdupv ((char **) choices));
}

const char *const *
cn_answers_get (GHashTable *answers,
                const char *question)
{
  return g_hash_table_lookup (answers, question);
}

int
cn_score_round (double value)
{
  /* Means of tenths and thirds land on x.5 as 62.49999999999999: a
   * margin far below any real difference keeps "half up" true. */
  return (int) floor (value + 0.5 + 1e-9);
}

double
cn_question_score (const CnQuestion  *question,
                   const char *const *choices)
{
  int points = 0;

  g_return_val_if_fail (question->kind != CN_QUESTION_PROFILE, 0);

  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    {
      const CnQuestionChoice *choice = cn_question_find_choice (question, choices[i]);

      if (choice != NULL)
        points += choice->points;
    }
  points = MIN (points, question->max_points);
  return 10.0 * points / question->max_points;
}

static gboolean
is_ticked (const char *const *choices,
           const char        *id)
{
  return choices != NULL && g_strv_contains (choices, id);
}

static gboolean
condition_holds (const CnCondition *condition,
                 GHashTable        *answers,
                 const CnScore     *score)
{
  const char *const *choices = NULL;
  static const char *const dont_know[] = { CN_CHOICE_DONT_KNOW, NULL };

  switch (condition->kind)
    {
    case CN_CONDITION_ANSWER_IN:
      choices = cn_answers_get (answers, condition->question->id);
      if (choices == NULL)
        choices = dont_know;   /* unanswered counts as "don't know" */
      for (guint i = 0; condition->choices[i] != NULL; i++)
        if (is_ticked (choices, condition->choices[i]))
          return TRUE;
      return FALSE;

    case CN_CONDITION_NOT_TICKED:
      choices = cn_answers_get (answers, condition->question->id);
      for (guint i = 0; condition->choices[i] != NULL; i++)
        if (is_ticked (choices, condition->choices[i]))
          return FALSE;
      return TRUE;

    case CN_CONDITION_DIMENSION_BELOW:
      return cn_score_round (score->dimensions[condition->dimension]) < condition->value;

    case CN_CONDITION_DIMENSION_AT_LEAST:
      return cn_score_round (score->dimensions[condition->dimension]) >= condition->value;

    case CN_CONDITION_OVERALL_BELOW:
      return score->overall_rounded < condition->value;

    default:
      g_return_val_if_reached (FALSE);
    }
}

static gint
compare_rules (gconstpointer a,
               gconstpointer b)
{
  const CnRule *ra = *(const CnRule **) a;
  const CnRule *rb = *(const CnRule **) b;

  return ra->action.priority - rb->action.priority;
}

static const char *
profile_answer (CnReferential *referential,
                GHashTable    *answers,
                const char    *profile)
{
  const CnQuestion *question = cn_referential_find_profile (referential, profile);
  const char *const *choices;

  if (question == NULL)
    return NULL;
  choices = cn_answers_get (answers, question->id);
  if (choices == NULL || cn_question_find_choice (question, choices[0]) == NULL)
    return NULL;
  return cn_question_find_choice (question, choices[0])->id;
}

CnScore *
cn_score_compute (CnReferential *referential,
                  GHashTable    *answers)
{
  guint n_dimensions = cn_referential_get_n_dimensions (referential);
  g_autofree double *weights = g_new0 (double, n_dimensions);
  CnScore *score = g_new0 (CnScore, 1);
  double overall = 0, overall_weight = 0;

  score->referential = cn_referential_ref (referential);
  score->dimensions = g_new0 (double, n_dimensions);
  score->rules = g_ptr_array_new ();
  score->unsure = g_ptr_array_new ();

  /* Each dimension: the weighted mean of its questions' 0–10 scores, ×10.
   * "Don't know" and unanswered questions score 0 and still count. */
  for (guint i = 0; i < cn_referential_get_n_questions (referential); i++)
    {
      const CnQuestion *question = cn_referential_get_question (referential, i);
      const char *const *choices;

      if (question->kind == CN_QUESTION_PROFILE)
        continue;
      choices = cn_answers_get (answers, question->id);
      if (choices == NULL || is_ticked (choices, CN_CHOICE_DONT_KNOW))
        g_ptr_array_add (score->unsure, (gpointer) question);
      else
        score->n_answered++;
      score->dimensions[question->dimension] += question->weight * cn_question_score (question, choices);
      weights[question->dimension] += question->weight;
    }
  for (guint d = 0; d < n_dimensions; d++)
    {
      const CnDimension *dimension = cn_referential_get_dimension (referential, d);

      /* The loader guarantees every dimension has a question. */
      score->dimensions[d] = 10.0 * score->dimensions[d] / weights[d];
      overall += dimension->weight * score->dimensions[d];
      overall_weight += dimension->weight;
    }
  score->overall = overall / overall_weight;
  score->overall_rounded = cn_score_round (score->overall);

  /* The EU view: each EU dimension is the mean of the dimensions aligned
   * on it. */
  for (guint e = 0; e < CN_EU_DIMENSION_COUNT; e++)
    {
      double sum = 0;
      guint n = 0;

      for (guint d = 0; d < n_dimensions; d++)
        if (g_strcmp0 (cn_referential_get_dimension (referential, d)->eu_dimension, cn_eu_dimensions[e]) == 0)
          {
            sum += score->dimensions[d];
            n++;
          }
      score->eu[e] = n > 0 ? sum / n : -1;
    }

  for (guint l = 0; l < cn_referential_get_n_levels (referential); l++)
    if (cn_referential_get_level (referential, l)->min <= score->overall_rounded)
      score->level_index = (int) l;
  score->level = cn_referential_get_level (referential, score->level_index);

  score->sector = profile_answer (referential, answers, "sector");
  score->size = profile_answer (referential, answers, "size");
  score->reference = cn_referential_find_reference (referential, score->sector, score->size);

  for (guint r = 0; r < cn_referential_get_n_rules (referential); r++)
    {
      const CnRule *rule = cn_referential_get_rule (referential, r);
      gboolean fires = TRUE;

      for (guint c = 0; c < rule->conditions->len && fires; c++)
        fires = condition_holds (rule->conditions->pdata[c], answers, score);
      if (fires)
        g_ptr_array_add (score->rules, (gpointer) rule);
    }
  /* g_ptr_array_sort is a merge sort in GLib: equal priorities keep the
   * file's order. */
  g_ptr_array_sort (score->rules, compare_rules);

  return score;
}

void
cn_score_free (CnScore *score)
{
  if (score == NULL)
    return;
  g_clear_pointer (&score->referential, cn_referential_unref);
  g_free (score->dimensions);
  g_ptr_array_unref (score->rules);
  g_ptr_array_unref (score->unsure);
  g_free (score);
}

GStrv
cn_score_weakest_dimensions (const CnScore *score)
{
  guint n = cn_referential_get_n_dimensions (score->referential);
  g_autofree guint *order = g_new (guint, n);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < n; i++)
    order[i] = i;
  /* Insertion sort: stable, and there are at most a dozen dimensions. */
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && score->dimensions[order[j]] < score->dimensions[order[j - 1]]; j--)
      {
        guint swap = order[j];
        order[j] = order[j - 1];
        order[j - 1] = swap;
      }
  for (guint i = 0; i < n; i++)
    g_strv_builder_add (builder, cn_referential_get_dimension (score->referential, order[i])->id);
  return g_strv_builder_end (builder);
}

int
cn_score_get_level_number (const CnScore *score)
{
  return score->level_index + 1;
}
