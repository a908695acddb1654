/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Runs a fuzz target's entry point over files and directories of inputs,
 * without libFuzzer: the normal build replays the corpus (and with it
 * every crash found so far) with the normal compiler. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static guint n_run;

static void
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree uint8_t *exact = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);
  /* A buffer of exactly the input's size, as libFuzzer gives: GLib adds
   * a NUL that would hide a read past the end. */
  exact = g_malloc (MAX (length, 1));
  memcpy (exact, contents, length);
  LLVMFuzzerTestOneInput (exact, length);
  n_run++;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static void
run_path (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      run_file (path);
      return;
    }
  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    g_error ("%s", error->message);
  /* In order, so that a failure is reproducible from the log. */
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_print ("%s\n", (const char *) names->pdata[i]);
      run_path (names->pdata[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  for (int i = 1; i < argc; i++)
    run_path (argv[i]);
  g_print ("%u inputs replayed\n", n_run);
  /* An empty corpus would make this test pass without checking anything. */
  return n_run > 0 ? 0 : 1;
}
