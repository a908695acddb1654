/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Measures what a CCI advisor waits for: one action plan as PDF, and a
 * batch of them, the way `connecteur-cli plan export` makes them (gather
 * the document from the store, write the PDF, record it as issued).  It
 * prints figures; it never fails on a time.
 *
 *   bench-plan [--plans N] [--dir DIR]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "cn-plan-document.h"

static int opt_plans = 1000;
static char *opt_dir;

static const GOptionEntry entries[] = {
  { "plans", 0, 0, G_OPTION_ARG_INT, &opt_plans, "Plans in the batch (default 1000)", "N" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Work folder (default: a new temporary one)", "DIR" },
  { NULL }
};

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static gboolean
make_plan (CnStore           *store,
           CnCatalogue       *catalogue,
           const CnConnector *connector,
           const char        *diagnostic_id,
           const char        *out_dir,
           GError           **error)
{
  g_autoptr(CnPlanDocument) document = cn_plan_document_load (store, diagnostic_id, catalogue, connector, error);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (document == NULL)
    return FALSE;
  name = cn_plan_document_file_name (document);
  path = g_build_filename (out_dir, name, NULL);
  return cn_plan_pdf_write (document, path, error) &&
         cn_store_record_plan_issued (store, document->plan, document->catalogue, name, error);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(CnReferential) referential = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GPtrArray) diagnostics = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree double *times = NULL;
  CnConnector connector = { "Camille Durand", "CCI Ille-et-Vilaine", "camille.durand@example.fr", "02 99 00 00 00" };
  int n_typical = 30;
  gint64 start;
  double batch_s;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  dir = opt_dir ? g_strdup (opt_dir) : g_dir_make_tmp ("bench-plan-XXXXXX", NULL);
  out = g_build_filename (dir, "plans", NULL);
  g_mkdir_with_parents (out, 0700);

  referential = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, &error);
  catalogue = referential ? cn_catalogue_load_default (&error) : NULL;
  store = catalogue ? cn_store_open (dir, &error) : NULL;
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  /* The portfolio: companies with one completed diagnostic each, answers
   * at random (so plans have from a few to many actions). */
  start = g_get_monotonic_time ();
  cn_store_begin (store, NULL);
  for (int i = 0; i < opt_plans; i++)
    {
      g_autoptr(CnCompany) company = cn_company_new ();
      g_autofree char *name = g_strdup_printf ("Entreprise %04d & Fils", i);
      g_autofree char *id = NULL;

      cn_company_set_name (company, name);
      cn_company_set_postcode (company, i % 2 ? "35000" : "69003");
      cn_company_set_naf (company, i % 3 ? "47.76Z" : "56.10A");
      cn_company_set_headcount (company, i % 4 ? "02" : "11");
      if (!cn_store_add_company (store, company, NULL, &error) ||
          (id = cn_store_start_diagnostic (store, cn_company_get_id (company), referential, &error)) == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      for (guint q = 0; q < cn_referential_get_n_questions (referential); q++)
        {
          const CnQuestion *question = cn_referential_get_question (referential, q);
          const CnQuestionChoice *choice = question->choices->pdata[g_rand_int_range (rand, 0, question->choices->len)];
          const char *choices[] = { choice->id, NULL };

          if (!cn_store_save_answer (store, referential, id, question->id, choices, &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
        }
      if (!cn_store_complete_diagnostic (store, referential, id, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_ptr_array_add (diagnostics, g_steal_pointer (&id));
    }
  cn_store_commit (store, NULL);
  printf ("Portfolio of %d diagnosed companies prepared in %.1f s\n", opt_plans,
          (g_get_monotonic_time () - start) / 1e6);

  /* One typical plan, several times (the first also builds and stores it). */
  times = g_new (double, n_typical);
  for (int i = 0; i < n_typical; i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      if (!make_plan (store, catalogue, &connector, diagnostics->pdata[0], out, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      times[i] = (g_get_monotonic_time () - t0) / 1000.0;
    }
  printf ("first plan (built, stored, written)           %8.1f ms\n", times[0]);
  qsort (times + 1, n_typical - 1, sizeof (double), compare_doubles);
  printf ("one plan again (median of %d)                 %8.1f ms   max %.1f ms\n",
          n_typical - 1, times[1 + (n_typical - 1) / 2], times[n_typical - 1]);

  /* The batch. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < diagnostics->len; i++)
    if (!make_plan (store, catalogue, &connector, diagnostics->pdata[i], out, &error))
      {
        g_printerr ("%s\n", error->message);
        return 1;
      }
  batch_s = (g_get_monotonic_time () - start) / 1e6;
  printf ("batch of %u plans                            %8.1f s    (%.1f ms per plan)\n",
          diagnostics->len, batch_s, batch_s * 1000 / diagnostics->len);

  g_clear_object (&store);
  if (opt_dir == NULL)
    remove_dir (dir);
  return 0;
}
