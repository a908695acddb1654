/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Measures what a connector feels during a diagnostic: loading the
 * questionnaire, scoring it, and the time between ticking an answer and
 * being able to move on (the session call) against the time the disk
 * takes to keep it (a synchronous write).  It prints figures; it never
 * fails on a time.
 *
 *   bench-diagnostic [--scorings N] [--answers N] [--dir DIR]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "cn-diagnostic-session.h"

static int opt_scorings = 100000;
static int opt_answers = 300;
static char *opt_dir;

static const GOptionEntry entries[] = {
  { "scorings", 0, 0, G_OPTION_ARG_INT, &opt_scorings, "Scorings to time (default 100000)", "N" },
  { "answers", 0, 0, G_OPTION_ARG_INT, &opt_answers, "Answers to time, each way (default 300)", "N" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Folder for the database (default: a new temporary one)", "DIR" },
  { NULL }
};

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_times (const char *what,
             double     *us,
             int         n)
{
  qsort (us, n, sizeof (double), compare_doubles);
  printf ("%-44s median %8.1f µs   p99 %8.1f µs   max %8.1f µs   (%d runs)\n",
          what, us[n / 2], us[(int) (n * 0.99)], us[n - 1], n);
}

/* A plausible answer for every question: a random choice, sometimes
 * "I don't know", several ticks for the multiple ones. */
static GHashTable *
random_answers (CnReferential *referential,
                GRand         *rand)
{
  GHashTable *answers = cn_answers_new ();

  for (guint i = 0; i < cn_referential_get_n_questions (referential); i++)
    {
      const CnQuestion *question = cn_referential_get_question (referential, i);
      const CnQuestionChoice *choice = question->choices->pdata[g_rand_int_range (rand, 0, question->choices->len)];
      const char *one[] = { choice->id, NULL };
      const char *dont_know[] = { CN_CHOICE_DONT_KNOW, NULL };

      if (question->kind != CN_QUESTION_PROFILE && g_rand_int_range (rand, 0, 6) == 0)
        cn_answers_set (answers, question->id, dont_know);
      else if (question->kind == CN_QUESTION_MULTIPLE && !choice->exclusive)
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
          g_auto(GStrv) ticks = NULL;

          for (guint c = 0; c < question->choices->len; c++)
            {
              const CnQuestionChoice *other = question->choices->pdata[c];

              if (!other->exclusive && g_rand_boolean (rand))
                g_strv_builder_add (builder, other->id);
            }
          ticks = g_strv_builder_end (builder);
          cn_answers_set (answers, question->id, ticks[0] ? (const char *const *) ticks : one);
        }
      else
        cn_answers_set (answers, question->id, one);
    }
  return answers;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(CnReferential) referential = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autofree char *dir = NULL;
  g_autofree double *times = NULL;
  g_autofree char *sync_id = NULL;
  g_autofree char *session_id = NULL;
  g_autoptr(CnDiagnostic) diagnostic = NULL;
  g_autoptr(CnDiagnosticSession) session = NULL;
  GHashTable **sets;
  gint64 start;
  int n_sets = 1000, checksum = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  times = g_new (double, MAX (opt_scorings, opt_answers));

  /* Loading: what opening a diagnostic costs before the first question. */
  start = g_get_monotonic_time ();
  referential = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, &error);
  if (referential == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("Questionnaire %s v%d: %u questions, %u dimensions, %u rules\n",
          cn_referential_get_id (referential), cn_referential_get_version (referential),
          cn_referential_get_n_questions (referential), cn_referential_get_n_dimensions (referential),
          cn_referential_get_n_rules (referential));
  printf ("%-44s %8.2f ms (all shipped questionnaires, parsed and checked)\n", "loading",
          (g_get_monotonic_time () - start) / 1000.0);

  /* Scoring: random answer sets, each scored many times over. */
  sets = g_new (GHashTable *, n_sets);
  for (int i = 0; i < n_sets; i++)
    sets[i] = random_answers (referential, rand);
  for (int i = 0; i < opt_scorings; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(CnScore) score = cn_score_compute (referential, sets[i % n_sets]);

      times[i] = g_get_monotonic_time () - t0;
      checksum += score->overall_rounded;
    }
  print_times ("scoring a diagnostic", times, opt_scorings);

  /* Answers: synchronously through the store (the disk's time), then
   * through the session (the screen's time). */
  dir = opt_dir ? g_strdup (opt_dir) : g_dir_make_tmp ("bench-diagnostic-XXXXXX", NULL);
  store = cn_store_open (dir, &error);
  cn_company_set_name (company, "Banc d'essai");
  if (store == NULL || !cn_store_add_company (store, company, NULL, &error) ||
      (sync_id = cn_store_start_diagnostic (store, cn_company_get_id (company), referential, &error)) == NULL ||
      (session_id = cn_store_start_diagnostic (store, cn_company_get_id (company), referential, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  for (int i = 0; i < opt_answers; i++)
    {
      const CnQuestion *question = cn_referential_get_question (referential, i % cn_referential_get_n_questions (referential));
      const char *const *choices = cn_answers_get (sets[i % n_sets], question->id);
      gint64 t0 = g_get_monotonic_time ();

      if (!cn_store_save_answer (store, referential, sync_id, question->id, choices, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      times[i] = g_get_monotonic_time () - t0;
    }
  print_times ("answer written to disk (synchronous=FULL)", times, opt_answers);

  diagnostic = cn_store_load_diagnostic (store, session_id, &error);
  session = cn_diagnostic_session_new (store, referential, diagnostic);
  start = g_get_monotonic_time ();
  for (int i = 0; i < opt_answers; i++)
    {
      const CnQuestion *question = cn_referential_get_question (referential, i % cn_referential_get_n_questions (referential));
      const char *const *choices = cn_answers_get (sets[i % n_sets], question->id);
      gint64 t0 = g_get_monotonic_time ();

      cn_diagnostic_session_answer (session, question->id, choices, NULL);
      times[i] = g_get_monotonic_time () - t0;
      /* A person ticks an answer every second or so, not thousands a
       * second: leave the writer its time, as a visit does. */
      g_usleep (2000);
    }
  print_times ("answer in a session (before moving on)", times, opt_answers);
  if (!cn_diagnostic_session_flush (session, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("%-44s %8.1f ms for %d answers, all on disk\n", "session, until flushed",
          (g_get_monotonic_time () - start) / 1000.0, opt_answers);

  for (int i = 0; i < n_sets; i++)
    g_hash_table_unref (sets[i]);
  g_free (sets);
  g_clear_object (&session);
  g_clear_object (&store);
  if (opt_dir == NULL)
    {
      g_autofree char *db = g_build_filename (dir, CN_STORE_FILE_NAME, NULL);
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_remove (db);
      g_remove (wal);
      g_remove (shm);
      g_rmdir (dir);
    }
  /* Printed so the scoring loop cannot be optimised away. */
  printf ("(checksum %d)\n", checksum);
  return 0;
}
