/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The questionnaire loader and validator, scoring, the reference
 * comparison and the rules.  Scores are computed by hand from
 * tests/data/referential-small.json. */
#include <math.h>

#include "cn-error.h"
#include "cn-referential.h"
#include "cn-scoring.h"
#include "cn-test-util.h"

static char *
small_json (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "referential-small.json", NULL);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static CnReferential *
load_small (void)
{
  g_autofree char *json = small_json ();
  g_autoptr(GError) error = NULL;
  CnReferential *referential = cn_referential_load_data (json, -1, "small.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (referential);
  return referential;
}

/* Loads the small referential with @from replaced by @to (which must
 * occur), and checks the load fails with a message naming the file, the
 * member and the problem. */
static void
assert_refused (const char *from,
                const char *to,
                const char *member,
                const char *problem)
{
  g_autofree char *json = small_json ();
  g_autoptr(GString) text = g_string_new (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReferential) referential = NULL;
  g_autofree char *expected_member = g_strdup_printf ("%s: ", member);

  g_assert_nonnull (strstr (json, from));
  g_string_replace (text, from, to, 1);
  referential = cn_referential_load_data (text->str, -1, "broken.json", &error);
  g_assert_null (referential);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "broken.json: "));
  if (member[0] != '\0')
    g_assert_nonnull (strstr (error->message, expected_member));
  g_assert_nonnull (strstr (error->message, problem));
}

static void
test_load_small (void)
{
  g_autoptr(CnReferential) referential = load_small ();
  const CnQuestion *q2;

  g_assert_cmpstr (cn_referential_get_id (referential), ==, "petit-test");
  g_assert_cmpint (cn_referential_get_version (referential), ==, 2);
  g_assert_cmpuint (cn_referential_get_n_dimensions (referential), ==, 2);
  g_assert_cmpuint (cn_referential_get_n_questions (referential), ==, 6);
  g_assert_cmpuint (cn_referential_get_n_levels (referential), ==, 5);
  g_assert_cmpuint (cn_referential_get_n_rules (referential), ==, 5);
  g_assert_cmpstr (cn_referential_get_dont_know_label (referential), ==, "Je ne sais pas");

  q2 = cn_referential_find_question (referential, "q2");
  g_assert_nonnull (q2);
  g_assert_cmpint (q2->kind, ==, CN_QUESTION_MULTIPLE);
  g_assert_cmpint (q2->max_points, ==, 3);
  g_assert_cmpint (q2->dimension, ==, 0);
  g_assert_true (cn_question_find_choice (q2, "aucun")->exclusive);
  /* max_points defaults to the sum for multiple, the highest for single. */
  g_assert_cmpint (cn_referential_find_question (referential, "q4")->max_points, ==, 2);
  g_assert_cmpint (cn_referential_find_question (referential, "q3")->max_points, ==, 4);
  g_assert_cmpfloat (cn_referential_find_question (referential, "q3")->weight, ==, 2.0);
  g_assert_cmpstr (cn_referential_find_profile (referential, "sector")->id, ==, "p-secteur");
  g_assert_null (cn_referential_find_profile (referential, "location"));
  g_assert_cmpstr (cn_referential_get_rule (referential, 0)->action.price_ref, ==, "site-vitrine");
}

static void
test_refuse_not_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReferential) referential = cn_referential_load_data ("{ \"id\": ", -1, "cut.json", &error);

  g_assert_null (referential);
  g_assert_error (error, CN_ERROR, CN_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "cut.json: "));

  g_clear_error (&error);
  referential = cn_referential_load_data ("[1, 2]", -1, "list.json", &error);
  g_assert_null (referential);
  g_assert_error (error, CN_ERROR, CN_ERROR_PARSE);

  /* Empty or blank: valid JSON without a root (found by fuzzing). */
  g_clear_error (&error);
  referential = cn_referential_load_data ("", 0, "empty.json", &error);
  g_assert_null (referential);
  g_assert_error (error, CN_ERROR, CN_ERROR_PARSE);
  g_clear_error (&error);
  referential = cn_referential_load_data (" \n\t", -1, "blank.json", &error);
  g_assert_null (referential);
  g_assert_error (error, CN_ERROR, CN_ERROR_PARSE);
}

static void
test_refuse_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReferential) referential = cn_referential_load_file ("/nonexistent/q.json", &error);

  g_assert_null (referential);
  g_assert_error (error, CN_ERROR, CN_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "q.json: "));
}

static void
test_refuse_duplicate_ids (void)
{
  assert_refused ("\"id\": \"q2\"", "\"id\": \"q1\"", "questions[3] (q1)", "defined twice");
  assert_refused ("\"id\": \"t2\"", "\"id\": \"t1\"", "questions[3] (q2).choices[1]", "defined twice");
  assert_refused ("\"id\": \"beta\"", "\"id\": \"alpha\"", "dimensions[1]", "defined twice");
  assert_refused ("\"id\": \"n2\"", "\"id\": \"n1\"", "levels[1]", "defined twice");
  assert_refused ("\"id\": \"r2\"", "\"id\": \"r1\"", "rules[1] (r1)", "defined twice");
  assert_refused ("\"id\": \"a2\"", "\"id\": \"a1\"", "rules[1] (r2).action", "defined twice");
}

static void
test_refuse_bad_answers (void)
{
  /* An answer without points. */
  assert_refused ("\"label\": \"Un peu\", \"points\": 1", "\"label\": \"Un peu\"",
                  "questions[2] (q1).choices[1].points", "missing");
  assert_refused ("\"points\": 1 },\n        { \"id\": \"x2\"", "\"points\": -1 },\n        { \"id\": \"x2\"",
                  "questions[2] (q1).choices[1].points", "out of range");
  assert_refused ("\"points\": 1 },\n        { \"id\": \"x2\"", "\"points\": \"1\" },\n        { \"id\": \"x2\"",
                  "questions[2] (q1).choices[1].points", "whole number");
  assert_refused ("\"id\": \"x0\"", "\"id\": \"dont-know\"", "questions[2] (q1).choices[0]", "reserved");
  assert_refused ("\"id\": \"x0\"", "\"id\": \"X 0\"", "questions[2] (q1).choices[0].id", "not a valid identifier");
  assert_refused ("\"max_points\": 3", "\"max_points\": 9", "questions[3] (q2).max_points", "cannot be reached");
  assert_refused ("\"label\": \"Aucun\", \"headcount\"", "\"label\": \"Aucun\", \"points\": 0, \"headcount\"",
                  "questions[0] (p-taille).choices[0]", "not scored");
  assert_refused ("\"label\": \"Non\", \"points\": 0 },\n        { \"id\": \"x1\"",
                  "\"label\": \"Non\", \"points\": 0, \"exclusive\": true },\n        { \"id\": \"x1\"",
                  "questions[2] (q1).choices[0]", "only a multiple-choice question");
}

static void
test_refuse_bad_structure (void)
{
  assert_refused ("\"dimension\": \"beta\", \"kind\": \"single\"", "\"dimension\": \"gamma\", \"kind\": \"single\"",
                  "questions[4] (q3)", "dimension “gamma” does not exist");
  assert_refused ("\"kind\": \"single\", \"text\": \"Q1 ?\"", "\"kind\": \"ranking\", \"text\": \"Q1 ?\"",
                  "questions[2] (q1).kind", "not a kind of question");
  assert_refused ("\"id\": \"q1\", \"dimension\": \"alpha\", ", "\"id\": \"q1\", ",
                  "questions[2] (q1)", "needs a dimension");
  assert_refused ("\"profile\": \"sector\"", "\"profile\": \"size\"", "questions[1] (p-secteur)", "already asks");
  assert_refused ("\"text\": \"Q4 ?\"", "\"text\": \"   \"", "questions[5] (q4).text", "empty");
  assert_refused ("\"version\": 2", "\"version\": 0", "version", "out of range");
  assert_refused ("\"dont_know\": { \"label\": \"Je ne sais pas\" },", "", "dont_know", "missing");
  /* A dimension no question scores could never move. */
  assert_refused ("{ \"id\": \"beta\", \"title\": \"Bêta\", \"description\": \"Seconde dimension\" }",
                  "{ \"id\": \"beta\", \"title\": \"Bêta\" }, { \"id\": \"gamma\", \"title\": \"Gamma\" }",
                  "dimensions[2]", "no question scores the dimension “gamma”");
  assert_refused ("{ \"id\": \"alpha\", \"title\": \"Alpha\"",
                  "{ \"id\": \"alpha\", \"eu_dimension\": \"digital-readiness\", \"title\": \"Alpha\"",
                  "dimensions", "no dimension covers the EU dimension “digital-business-strategy”");
  assert_refused ("{ \"id\": \"alpha\", \"title\": \"Alpha\"",
                  "{ \"id\": \"alpha\", \"eu_dimension\": \"digital-stuff\", \"title\": \"Alpha\"",
                  "dimensions[0]", "not a dimension of the EU");
}

static void
test_refuse_bad_levels (void)
{
  /* Thresholds out of order. */
  assert_refused ("\"min\": 40", "\"min\": 15", "levels[2]", "must go up: 15 does not come after 20");
  assert_refused ("\"min\": 60", "\"min\": 40", "levels[3]", "must go up");
  assert_refused ("\"min\": 0,", "\"min\": 5,", "levels[0]", "start at 0");
  assert_refused ("\"min\": 80", "\"min\": 180", "levels[4].min", "out of range");
  assert_refused (",\n    { \"id\": \"n5\", \"min\": 80, \"name\": \"Ruche\", \"text\": \"Cinq.\", \"icon\": \"connecteur-level-5\" }",
                  "", "levels", "five levels (4 given)");
  assert_refused ("\"icon\": \"connecteur-level-3\"", "\"icon\": \"\"", "levels[2].icon", "empty");
}

static void
test_refuse_bad_reference (void)
{
  assert_refused ("{ \"sector\": \"*\", \"size\": \"*\"", "{ \"sector\": \"*\", \"size\": \"moyenne\"",
                  "reference.groups[0]", "not a choice of the size question");
  assert_refused ("{ \"sector\": \"commerce\", \"size\": \"*\"", "{ \"sector\": \"industrie\", \"size\": \"*\"",
                  "reference.groups[1]", "not a choice of the sector question");
  assert_refused ("{ \"sector\": \"commerce\", \"size\": \"micro\"", "{ \"sector\": \"commerce\", \"size\": \"*\"",
                  "reference.groups[3]", "given twice");
  assert_refused ("{ \"sector\": \"*\", \"size\": \"*\"", "{ \"sector\": \"autres\", \"size\": \"*\"",
                  "reference.groups", "any sector and any size");
  assert_refused ("\"alpha\": 35, \"beta\": 45", "\"alpha\": 35", "reference.groups[0].dimensions.beta", "missing");
  assert_refused ("\"alpha\": 35, \"beta\": 45", "\"alpha\": 35, \"beta\": 45, \"gamma\": 3",
                  "reference.groups[0].dimensions", "“gamma” does not exist");
  assert_refused ("\"overall\": 40", "\"overall\": 140", "reference.groups[0].overall", "out of range");
}

static void
test_refuse_bad_rules (void)
{
  /* A rule naming an unknown question. */
  assert_refused ("{ \"question\": \"q1\", \"answer_in\"", "{ \"question\": \"q9\", \"answer_in\"",
                  "rules[0] (r1).when[0]", "question “q9” does not exist");
  assert_refused ("\"answer_in\": [\"x0\", \"dont-know\"]", "\"answer_in\": [\"x7\"]",
                  "rules[0] (r1).when[0]", "no choice “x7”");
  assert_refused ("{ \"dimension\": \"beta\", \"below\": 50 }", "{ \"dimension\": \"delta\", \"below\": 50 }",
                  "rules[1] (r2).when[0]", "dimension “delta” does not exist");
  assert_refused ("{ \"dimension\": \"beta\", \"below\": 50 }", "{ \"dimension\": \"beta\" }",
                  "rules[1] (r2).when[0]", "needs “below” or “at_least”");
  assert_refused ("{ \"overall_below\": 20 }", "{ \"color\": \"blue\" }",
                  "rules[3] (r4).when[0]", "names a “question”");
  assert_refused ("\"horizon\": \"3-months\"", "\"horizon\": \"someday\"",
                  "rules[1] (r2).action", "not a horizon");
  assert_refused ("\"priority\": 3", "\"priority\": 7", "rules[1] (r2).action.priority", "out of range");
  assert_refused ("\"when\": [ { \"overall_below\": 20 } ]", "\"when\": []", "rules[3] (r4).when", "at least one");
  /* A profile question has no "don't know" to test. */
  assert_refused ("{ \"question\": \"q2\", \"not_ticked\": [\"t3\"] }", "{ \"question\": \"p-taille\", \"answer_in\": [\"dont-know\"] }",
                  "rules[2] (r3).when[0]", "no choice “dont-know”");
}

static GHashTable *
answers_of (const char *first_question,
            ...)
{
  GHashTable *answers = cn_answers_new ();
  const char *question = first_question;
  va_list args;

  va_start (args, first_question);
  while (question != NULL)
    {
      g_auto(GStrv) choices = g_strsplit (va_arg (args, const char *), " ", -1);

      cn_answers_set (answers, question, (const char *const *) choices);
      question = va_arg (args, const char *);
    }
  va_end (args);
  return answers;
}

static gboolean
has_rule (CnScore    *score,
          const char *id)
{
  for (guint i = 0; i < score->rules->len; i++)
    if (g_str_equal (((const CnRule *) score->rules->pdata[i])->id, id))
      return TRUE;
  return FALSE;
}

static void
test_score_by_hand (void)
{
  g_autoptr(CnReferential) referential = load_small ();
  g_autoptr(GHashTable) answers = answers_of ("q1", "x2", "q2", "t1", "q3", "y1", "q4", "u1",
                                              "p-taille", "petite", "p-secteur", "commerce", NULL);
  g_autoptr(CnScore) score = cn_score_compute (referential, answers);

  /* alpha: q1 = 2/3 → 6.667, q2 = 1/3 → 3.333; mean ×10 = 50.
   * beta: q3 = 2/4 → 5 (weight 2), q4 = 1/2 → 5; (2×5 + 5) / 3 ×10 = 50. */
  g_assert_cmpfloat_with_epsilon (score->dimensions[0], 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (score->dimensions[1], 50.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (score->overall, 50.0, 1e-9);
  g_assert_cmpint (score->overall_rounded, ==, 50);
  g_assert_cmpstr (score->level->id, ==, "n3");
  g_assert_cmpuint (score->n_answered, ==, 4);
  g_assert_cmpuint (score->unsure->len, ==, 0);
  g_assert_cmpstr (score->sector, ==, "commerce");
  g_assert_cmpstr (score->size, ==, "petite");
  /* No commerce/petite group: the sector group applies. */
  g_assert_cmpint (score->reference->overall, ==, 50);
  /* Not aligned on the EU assessment. */
  for (guint e = 0; e < CN_EU_DIMENSION_COUNT; e++)
    g_assert_cmpfloat (score->eu[e], ==, -1);

  /* r3: t3 not ticked and alpha ≥ 50.  r5: a shop without u2.  r2: beta
   * 50 is not below 50. */
  g_assert_cmpuint (score->rules->len, ==, 2);
  g_assert_true (has_rule (score, "r3"));
  g_assert_true (has_rule (score, "r5"));
}

static void
test_score_dimensions_separately (void)
{
  g_autoptr(CnReferential) referential = load_small ();
  g_autoptr(GHashTable) answers = answers_of ("q1", "x3", "q2", "t3", "q3", "y0", "q4", "u1 u2", NULL);
  g_autoptr(CnScore) score = cn_score_compute (referential, answers);

  /* alpha: q1 = 10, q2 = 2/3 → 6.667; 83.33.  beta: q3 = 0 (×2), q4 = 10;
   * 10/3 ×10 = 33.33.  Overall: 58.33 → 58. */
  g_assert_cmpfloat_with_epsilon (score->dimensions[0], 250.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (score->dimensions[1], 100.0 / 3, 1e-9);
  g_assert_cmpint (score->overall_rounded, ==, 58);
  g_assert_cmpstr (score->level->id, ==, "n3");
  g_assert_true (has_rule (score, "r2"));
  g_assert_false (has_rule (score, "r3"));   /* t3 is ticked */
  g_assert_false (has_rule (score, "r1"));
  g_assert_false (has_rule (score, "r5"));   /* no sector given */
}

static void
test_score_cap_and_exclusive (void)
{
  g_autoptr(CnReferential) referential = load_small ();
  g_autoptr(GHashTable) answers = answers_of ("q2", "t1 t2 t3", NULL);
  g_autoptr(CnScore) score = NULL;

  /* 4 points, capped at max_points 3: 10/10. */
  g_assert_cmpfloat (cn_question_score (cn_referential_find_question (referential, "q2"),
                                        cn_answers_get (answers, "q2")), ==, 10.0);
  score = cn_score_compute (referential, answers);
  g_assert_cmpfloat_with_epsilon (score->dimensions[0], 50.0, 1e-9);
  g_assert_cmpuint (score->n_answered, ==, 1);
  g_assert_cmpuint (score->unsure->len, ==, 3);
}

static void
test_score_all_maximum (void)
{
  g_autoptr(CnReferential) referential = load_small ();
  g_autoptr(GHashTable) answers = answers_of ("q1", "x3", "q2", "t3 t1", "q3", "y2", "q4", "u1 u2", NULL);
  g_autoptr(CnScore) score = cn_score_compute (referential, answers);

  g_assert_cmpfloat (score->dimensions[0], ==, 100.0);
  g_assert_cmpfloat (score->dimensions[1], ==, 100.0);
  g_assert_cmpint (score->overall_rounded, ==, 100);
  g_assert_cmpstr (score->level->id, ==, "n5");
  g_assert_cmpuint (score->rules->len, ==, 0);
  /* Nobody answered the profile: the "*"/"*" group. */
  g_assert_null (score->sector);
  g_assert_cmpint (score->reference->overall, ==, 40);
}

static void
test_score_all_minimum (void)
{
  g_autoptr(CnReferential) referential = load_small ();
  g_autoptr(GHashTable) answers = answers_of ("q1", "x0", "q2", "aucun", "q3", "y0", "q4", "u1", NULL);
  g_autoptr(CnScore) score = NULL;

  cn_answers_set (answers, "q4", NULL);   /* forgetting an answer */
  g_assert_null (cn_answers_get (answers, "q4"));
  score = cn_score_compute (referential, answers);
  g_assert_cmpfloat (score->dimensions[0], ==, 0.0);
  g_assert_cmpfloat (score->dimensions[1], ==, 0.0);
  g_assert_cmpint (score->overall_rounded, ==, 0);
  g_assert_cmpstr (score->level->id, ==, "n1");
  g_assert_cmpuint (score->n_answered, ==, 3);
  g_assert_cmpuint (score->unsure->len, ==, 1);
  /* Priority order: r4 (1) first, then r1 (2), then r2 (3). */
  g_assert_cmpuint (score->rules->len, ==, 3);
  g_assert_cmpstr (((const CnRule *) score->rules->pdata[0])->id, ==, "r4");
  g_assert_cmpstr (((const CnRule *) score->rules->pdata[1])->id, ==, "r1");
  g_assert_cmpstr (((const CnRule *) score->rules->pdata[2])->id, ==, "r2");
}

static void
test_score_all_dont_know (void)
{
  g_autoptr(CnReferential) referential = load_small ();
  g_autoptr(GHashTable) answers = answers_of ("q1", "dont-know", "q2", "dont-know", "q3", "dont-know",
                                              "q4", "dont-know", NULL);
  g_autoptr(GHashTable) nothing = cn_answers_new ();
  g_autoptr(CnScore) score = cn_score_compute (referential, answers);
  g_autoptr(CnScore) empty = cn_score_compute (referential, nothing);

  /* "Don't know" scores 0 and still counts, exactly like no answer. */
  g_assert_cmpint (score->overall_rounded, ==, 0);
  g_assert_cmpstr (score->level->id, ==, "n1");
  g_assert_cmpuint (score->n_answered, ==, 0);
  g_assert_cmpuint (score->unsure->len, ==, 4);
  g_assert_true (has_rule (score, "r1"));   /* answer_in lists dont-know */
  g_assert_cmpint (empty->overall_rounded, ==, 0);
  g_assert_cmpuint (empty->unsure->len, ==, 4);
  /* Unanswered counts as "don't know" for the rules too. */
  g_assert_true (has_rule (empty, "r1"));
  g_assert_cmpuint (empty->rules->len, ==, score->rules->len);
}

static CnReferential *
boundary_referential (void)
{
  /* One dimension, one question worth 200 points: a choice of p points
   * scores exactly p / 2. */
  const char *json =
    "{ \"id\": \"bornes\", \"version\": 1, \"title\": \"Bornes\", \"dont_know\": { \"label\": \"?\" },"
    "  \"dimensions\": [ { \"id\": \"d\", \"title\": \"D\" } ],"
    "  \"questions\": [ { \"id\": \"q\", \"dimension\": \"d\", \"kind\": \"single\", \"text\": \"Q\", \"choices\": ["
    "    { \"id\": \"p0\", \"label\": \"0\", \"points\": 0 }, { \"id\": \"p39\", \"label\": \"39\", \"points\": 39 },"
    "    { \"id\": \"p40\", \"label\": \"40\", \"points\": 40 }, { \"id\": \"p78\", \"label\": \"78\", \"points\": 78 },"
    "    { \"id\": \"p79\", \"label\": \"79\", \"points\": 79 }, { \"id\": \"p80\", \"label\": \"80\", \"points\": 80 },"
    "    { \"id\": \"p159\", \"label\": \"159\", \"points\": 159 }, { \"id\": \"p160\", \"label\": \"160\", \"points\": 160 },"
    "    { \"id\": \"p200\", \"label\": \"200\", \"points\": 200 } ] } ],"
    "  \"levels\": [ { \"id\": \"l1\", \"min\": 0, \"name\": \"1\", \"text\": \"1\", \"icon\": \"i\" },"
    "    { \"id\": \"l2\", \"min\": 20, \"name\": \"2\", \"text\": \"2\", \"icon\": \"i\" },"
    "    { \"id\": \"l3\", \"min\": 40, \"name\": \"3\", \"text\": \"3\", \"icon\": \"i\" },"
    "    { \"id\": \"l4\", \"min\": 60, \"name\": \"4\", \"text\": \"4\", \"icon\": \"i\" },"
    "    { \"id\": \"l5\", \"min\": 80, \"name\": \"5\", \"text\": \"5\", \"icon\": \"i\" } ],"
    "  \"reference\": { \"source\": \"t\", \"groups\": [ { \"sector\": \"*\", \"size\": \"*\", \"overall\": 50, \"dimensions\": { \"d\": 50 } } ] },"
    "  \"rules\": [] }";
  g_autoptr(GError) error = NULL;
  CnReferential *referential = cn_referential_load_data (json, -1, "bornes.json", &error);

  g_assert_no_error (error);
  return referential;
}

static void
test_level_boundaries (void)
{
  g_autoptr(CnReferential) referential = boundary_referential ();
  const struct { const char *choice; int overall; const char *level; } cases[] = {
    { "p0", 0, "l1" },
    { "p39", 20, "l2" },     /* 19.5 rounds up to 20: the second level */
    { "p40", 20, "l2" },
    { "p78", 39, "l2" },     /* 39.0 */
    { "p79", 40, "l3" },     /* 39.5 → 40 */
    { "p80", 40, "l3" },
    { "p159", 80, "l5" },    /* 79.5 → 80 */
    { "p160", 80, "l5" },
    { "p200", 100, "l5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) answers = answers_of ("q", cases[i].choice, NULL);
      g_autoptr(CnScore) score = cn_score_compute (referential, answers);

      g_assert_cmpint (score->overall_rounded, ==, cases[i].overall);
      g_assert_cmpstr (score->level->id, ==, cases[i].level);
    }
}

static void
test_round_half_up (void)
{
  /* 125/2 as the means of the shipped questionnaire compute it. */
  g_assert_cmpint (cn_score_round (62.49999999999999), ==, 63);
  g_assert_cmpint (cn_score_round (62.5), ==, 63);
  g_assert_cmpint (cn_score_round (62.4999), ==, 62);
  g_assert_cmpint (cn_score_round (0.0), ==, 0);
  g_assert_cmpint (cn_score_round (99.5), ==, 100);
}

static void
test_reference_groups (void)
{
  g_autoptr(CnReferential) referential = load_small ();

  g_assert_cmpint (cn_referential_find_reference (referential, "commerce", "micro")->overall, ==, 33);
  g_assert_cmpint (cn_referential_find_reference (referential, "commerce", "solo")->overall, ==, 50);
  g_assert_cmpint (cn_referential_find_reference (referential, "autres", "micro")->overall, ==, 30);
  g_assert_cmpint (cn_referential_find_reference (referential, "autres", "petite")->overall, ==, 40);
  g_assert_cmpint (cn_referential_find_reference (referential, NULL, "micro")->overall, ==, 30);
  g_assert_cmpint (cn_referential_find_reference (referential, "commerce", NULL)->overall, ==, 50);
  g_assert_cmpint (cn_referential_find_reference (referential, NULL, NULL)->overall, ==, 40);
  g_assert_cmpint (cn_referential_find_reference (referential, "commerce", "micro")->dimensions[1], ==, 35);
}

static void
test_check_answer (void)
{
  g_autoptr(CnReferential) referential = load_small ();
  const char *one[] = { "x1", NULL };
  const char *two_single[] = { "x1", "x2", NULL };
  const char *tools[] = { "t1", "t3", NULL };
  const char *with_none[] = { "t1", "aucun", NULL };
  const char *twice[] = { "t1", "t1", NULL };
  const char *dont_know[] = { "dont-know", NULL };
  const char *unknown[] = { "x9", NULL };
  const char *none[] = { NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (cn_referential_check_answer (referential, "q1", one, &error));
  g_assert_true (cn_referential_check_answer (referential, "q2", tools, &error));
  g_assert_true (cn_referential_check_answer (referential, "q3", dont_know, &error));
  g_assert_no_error (error);

  g_assert_false (cn_referential_check_answer (referential, "q9", one, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "q9"));
  g_clear_error (&error);
  g_assert_false (cn_referential_check_answer (referential, "q1", unknown, &error));
  g_assert_nonnull (strstr (error->message, "x9"));
  g_clear_error (&error);
  g_assert_false (cn_referential_check_answer (referential, "q1", two_single, &error));
  g_clear_error (&error);
  g_assert_false (cn_referential_check_answer (referential, "q2", with_none, &error));
  g_assert_nonnull (strstr (error->message, "aucun"));
  g_clear_error (&error);
  g_assert_false (cn_referential_check_answer (referential, "q2", twice, &error));
  g_clear_error (&error);
  g_assert_false (cn_referential_check_answer (referential, "q1", none, &error));
  g_clear_error (&error);
  /* A profile question has no "don't know": it may simply stay blank. */
  g_assert_false (cn_referential_check_answer (referential, "p-taille", dont_know, &error));
  g_clear_error (&error);
}

/* The shipped questionnaires load, and their content keeps the promises
 * of the issue: every EU dimension covered, five levels, a profile that
 * picks the reference group, rules that fire. */
static void
test_shipped_questionnaires (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = cn_referential_list_available (NULL, &error);
  g_autoptr(CnReferential) commerce = NULL;
  g_autoptr(CnReferential) export = NULL;
  g_autoptr(GHashTable) nothing = cn_answers_new ();
  g_autoptr(CnScore) score = NULL;
  guint n_scored = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >=, 2);
  commerce = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, &error);
  g_assert_no_error (error);
  export = cn_referential_lookup (NULL, "e-export", 1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < cn_referential_get_n_questions (commerce); i++)
    n_scored += cn_referential_get_question (commerce, i)->kind != CN_QUESTION_PROFILE;
  /* About ten minutes: a couple of dozen short questions, not fifty. */
  g_assert_cmpuint (n_scored, >=, 12);
  g_assert_cmpuint (n_scored, <=, 30);
  for (guint e = 0; e < CN_EU_DIMENSION_COUNT; e++)
    {
      gboolean covered = FALSE;

      for (guint d = 0; d < cn_referential_get_n_dimensions (commerce); d++)
        covered |= g_strcmp0 (cn_referential_get_dimension (commerce, d)->eu_dimension, cn_eu_dimensions[e]) == 0;
      g_assert_true (covered);
    }
  g_assert_nonnull (cn_referential_find_profile (commerce, "size"));
  g_assert_nonnull (cn_referential_find_profile (commerce, "sector"));
  g_assert_nonnull (cn_referential_find_profile (commerce, "customers"));
  g_assert_nonnull (cn_referential_find_profile (commerce, "location"));
  g_assert_nonnull (cn_referential_find_profile (export, "size"));

  /* Every NAF section belongs to exactly one sector choice, so a company's
   * activity always preselects one. */
  for (char section = 'A'; section <= 'U'; section++)
    {
      const CnQuestion *sector = cn_referential_find_profile (commerce, "sector");
      char letter[2] = { section, 0 };
      guint n = 0;

      for (guint c = 0; c < sector->choices->len; c++)
        {
          const CnQuestionChoice *choice = sector->choices->pdata[c];
          n += choice->naf_sections != NULL && g_strv_contains ((const char *const *) choice->naf_sections, letter);
        }
      g_assert_cmpuint (n, ==, 1);
    }

  /* A blank questionnaire is the first level and calls for actions. */
  score = cn_score_compute (commerce, nothing);
  g_assert_cmpint (score->overall_rounded, ==, 0);
  g_assert_cmpint (score->level_index, ==, 0);
  g_assert_cmpuint (score->rules->len, >, 0);
  g_assert_cmpstr (cn_referential_get_id (export), ==, "e-export");
}

static void
test_lookup_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReferential) missing = cn_referential_lookup (NULL, "nope", 0, &error);

  g_assert_null (missing);
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  missing = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 999, &error);
  g_assert_null (missing);
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "999"));
}

/* A questionnaire dropped in the extra folder adds to the shipped ones; a
 * broken one there is skipped (with a warning) instead of hiding the others,
 * and a file cannot replace a version already known. */
static void
test_extra_dir (void)
{
  g_autofree char *dir = cn_test_make_tmp_dir ();
  g_autofree char *json = small_json ();
  g_autofree char *path = g_build_filename (dir, "mine.json", NULL);
  g_autofree char *broken = g_build_filename (dir, "zz-broken.json", NULL);
  g_autofree char *impostor = g_build_filename (dir, "impostor.json", NULL);
  g_autoptr(GString) changed = g_string_new (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReferential) found = NULL;
  g_autoptr(CnReferential) shipped = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  g_assert_true (g_file_set_contents (broken, "{ \"id\": 3 }", -1, NULL));
  /* Same id and version as the shipped questionnaire, other title. */
  g_string_replace (changed, "\"id\": \"petit-test\"", "\"id\": \"" CN_REFERENTIAL_DEFAULT "\"", 1);
  g_string_replace (changed, "\"version\": 2", "\"version\": 1", 1);
  g_string_replace (changed, "Questionnaire de test", "Imposteur", 1);
  g_assert_true (g_file_set_contents (impostor, changed->str, -1, NULL));

  /* impostor.json, then zz-broken.json: files are read in name order. */
  g_test_expect_message ("cn-referential", G_LOG_LEVEL_WARNING, "*already known*");
  g_test_expect_message ("cn-referential", G_LOG_LEVEL_WARNING, "*zz-broken.json*");
  list = cn_referential_list_available (dir, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (list);

  g_test_expect_message ("cn-referential", G_LOG_LEVEL_WARNING, "*");
  g_test_expect_message ("cn-referential", G_LOG_LEVEL_WARNING, "*");
  found = cn_referential_lookup (dir, "petit-test", 2, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (found);

  g_test_expect_message ("cn-referential", G_LOG_LEVEL_WARNING, "*");
  g_test_expect_message ("cn-referential", G_LOG_LEVEL_WARNING, "*");
  shipped = cn_referential_lookup (dir, CN_REFERENTIAL_DEFAULT, 1, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpstr (cn_referential_get_title (shipped), !=, "Imposteur");
  cn_test_remove_tree (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/referential/load", test_load_small);
  g_test_add_func ("/referential/refuse/not-json", test_refuse_not_json);
  g_test_add_func ("/referential/refuse/missing-file", test_refuse_missing_file);
  g_test_add_func ("/referential/refuse/duplicate-ids", test_refuse_duplicate_ids);
  g_test_add_func ("/referential/refuse/answers", test_refuse_bad_answers);
  g_test_add_func ("/referential/refuse/structure", test_refuse_bad_structure);
  g_test_add_func ("/referential/refuse/levels", test_refuse_bad_levels);
  g_test_add_func ("/referential/refuse/reference", test_refuse_bad_reference);
  g_test_add_func ("/referential/refuse/rules", test_refuse_bad_rules);
  g_test_add_func ("/referential/check-answer", test_check_answer);
  g_test_add_func ("/referential/shipped", test_shipped_questionnaires);
  g_test_add_func ("/referential/lookup-missing", test_lookup_missing);
  g_test_add_func ("/referential/extra-dir", test_extra_dir);
  g_test_add_func ("/scoring/by-hand", test_score_by_hand);
  g_test_add_func ("/scoring/dimensions", test_score_dimensions_separately);
  g_test_add_func ("/scoring/cap", test_score_cap_and_exclusive);
  g_test_add_func ("/scoring/all-maximum", test_score_all_maximum);
  g_test_add_func ("/scoring/all-minimum", test_score_all_minimum);
  g_test_add_func ("/scoring/all-dont-know", test_score_all_dont_know);
  g_test_add_func ("/scoring/level-boundaries", test_level_boundaries);
  g_test_add_func ("/scoring/reference", test_reference_groups);
  g_test_add_func ("/scoring/round-half-up", test_round_half_up);

  return g_test_run ();
}
