/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Measures a sync over loopback against the test platform, run as its own
 * process (tests/cn-platform-server-main.c), as a real server would be:
 *   - push: 10 000 progress reports written offline, sent in batches of 500
 *     (the sync also pulls them back, as the platform echoes every change);
 *   - pull: 10 000 appointments booked on the platform, received into an
 *     empty portfolio.
 * Prints the median of --runs runs of each; never fails on a time (the goal
 * is under 5 s each).
 *
 *   bench-sync [--records N] [--runs N]
 */
#define G_LOG_DOMAIN "bench-sync"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "cn-company.h"
#include "cn-report.h"
#include "cn-store-private.h"
#include "cn-sync-engine.h"

#define TOKEN "bench-token"

static int opt_records = 10000;
static int opt_runs = 3;

static const GOptionEntry entries[] = {
  { "records", 0, 0, G_OPTION_ARG_INT, &opt_records, "Reports pushed and appointments pulled (default 10000)", "N" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Runs per measure (default 3)", "N" },
  { NULL }
};

/* The platform: a child process, driven through its control API. */
typedef struct {
  GSubprocess *process;
  char        *url;       /* …/api/v1 */
  char        *control;   /* …/_control */
  SoupSession *session;
} Platform;

static void
platform_start (Platform *platform)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  platform->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                        BENCH_PLATFORM_SERVER, "--token", TOKEN, NULL);
  if (platform->process == NULL)
    g_error ("%s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (platform->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_suffix (line, "/api/v1"))
    g_error ("the platform did not start: %s", error ? error->message : line);
  platform->url = g_strdup (line);
  platform->control = g_strndup (line, strlen (line) - strlen ("/api/v1"));
  platform->session = soup_session_new ();
  soup_session_set_proxy_resolver (platform->session, NULL);
}

static void
platform_stop (Platform *platform)
{
  g_subprocess_force_exit (platform->process);
  g_subprocess_wait (platform->process, NULL, NULL);
  g_clear_object (&platform->process);
  g_clear_object (&platform->session);
  g_clear_pointer (&platform->url, g_free);
  g_clear_pointer (&platform->control, g_free);
}

/* POST /_control/@what with @json; returns the answer's "id". */
static char *
platform_control (Platform   *platform,
                  const char *what,
                  const char *json)
{
  g_autofree char *uri = g_strdup_printf ("%s/_control/%s", platform->control, what);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, uri);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (platform->session, msg, NULL, &error);
  if (answer == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    g_error ("control %s: %s", what, error ? error->message : soup_message_get_reason_phrase (msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "id"))
    return NULL;
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "id"));
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

typedef struct {
  GMainLoop    *loop;
  CnSyncCounts  counts;
} Wait;

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Wait *wait = data;
  g_autoptr(GError) error = NULL;

  if (!cn_sync_engine_sync_finish (CN_SYNC_ENGINE (source), result, &wait->counts, &error))
    g_error ("sync failed: %s", error->message);
  g_main_loop_quit (wait->loop);
}

/* One sync; returns its wall time in seconds. */
static double
timed_sync (CnStore          *store,
            Platform         *platform,
            CnSyncCounts     *counts)
{
  g_autoptr(CnSyncEngine) engine = cn_sync_engine_new (store);
  g_autoptr(GError) error = NULL;
  Wait wait = { g_main_loop_new (NULL, FALSE) };
  gint64 start;

  cn_sync_engine_set_network_monitor (engine, NULL);
  if (!cn_sync_engine_set_url (engine, platform->url, &error))
    g_error ("%s", error->message);
  cn_sync_engine_set_token (engine, TOKEN);
  start = g_get_monotonic_time ();
  cn_sync_engine_sync_async (engine, NULL, sync_done, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (counts)
    *counts = wait.counts;
  return (g_get_monotonic_time () - start) / 1e6;
}

static CnStore *
new_store (char **dir)
{
  g_autoptr(GError) error = NULL;
  CnStore *store;

  *dir = g_dir_make_tmp ("bench-sync-XXXXXX", &error);
  if (*dir == NULL || (store = cn_store_open (*dir, &error)) == NULL)
    g_error ("%s", error->message);
  return store;
}

static void
remove_dir (const char *dir)
{
  const char *names[] = { "connecteur.db", "connecteur.db-wal", "connecteur.db-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static double
measure_push (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autofree char *dir = NULL;
  Platform platform = { 0 };
  CnSyncCounts counts;
  double seconds;

  platform_start (&platform);
  store = new_store (&dir);
  cn_company_set_name (company, "Fleurs de Corrèze");
  cn_company_set_siret (company, "73282932000074");
  cn_company_set_postcode (company, "19000");
  cn_company_set_consent_share (company, TRUE);
  if (!cn_store_add_company (store, company, NULL, &error))
    g_error ("%s", error->message);
  /* The company reaches the platform first, as it would have long before. */
  timed_sync (store, &platform, NULL);

  if (!cn_store_begin (store, &error))
    g_error ("%s", error->message);
  for (int i = 0; i < opt_records; i++)
    {
      g_autoptr(CnReport) report = cn_report_new ();

      report->company_id = g_strdup (cn_company_get_id (company));
      report->date = g_strdup_printf ("2026-%02d-%02d", 1 + i % 12, 1 + i % 28);
      report->summary = g_strdup_printf ("Accompagnement n° %d : site vitrine, fiche Google, caisse connectée.", i);
      report->maturity_before = 1 + i % 5;
      report->time_spent_minutes = 30 + i % 120;
      if (!cn_store_add_report (store, report, NULL, &error))
        g_error ("%s", error->message);
    }
  if (!cn_store_commit (store, &error))
    g_error ("%s", error->message);

  seconds = timed_sync (store, &platform, &counts);
  if ((int) counts.pushed != opt_records)
    g_error ("pushed %u of %d reports", counts.pushed, opt_records);
  platform_stop (&platform);
  g_clear_object (&store);
  remove_dir (dir);
  return seconds;
}

static double
measure_pull (void)
{
  g_autoptr(CnStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *company = NULL;
  Platform platform = { 0 };
  CnSyncCounts counts;
  double seconds;

  platform_start (&platform);
  company = platform_control (&platform, "company", "{\"name\": \"Garage du Lac\"}");
  if (company == NULL)
    g_error ("no company id");
  for (int i = 0; i < opt_records; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"company_id\": \"%s\", \"starts_at\": \"2027-%02d-%02dT%02d:00:00Z\","
                                               " \"ends_at\": \"2027-%02d-%02dT%02d:30:00Z\"}",
                                               company, 1 + i % 12, 1 + i % 28, 7 + i % 10,
                                               1 + i % 12, 1 + i % 28, 7 + i % 10);
      g_free (platform_control (&platform, "appointment", json));
    }

  store = new_store (&dir);
  seconds = timed_sync (store, &platform, &counts);
  platform_stop (&platform);
  if ((int) counts.pulled != opt_records + 1)
    g_error ("pulled %u changes, expected %d", counts.pulled, opt_records + 1);
  g_clear_object (&store);
  remove_dir (dir);
  return seconds;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree double *push = NULL;
  g_autofree double *pull = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  opt_runs = MAX (1, opt_runs);
  push = g_new (double, opt_runs);
  pull = g_new (double, opt_runs);
  for (int i = 0; i < opt_runs; i++)
    {
      push[i] = measure_push ();
      pull[i] = measure_pull ();
      printf ("run %d: push %.2f s, pull %.2f s\n", i + 1, push[i], pull[i]);
    }
  qsort (push, opt_runs, sizeof (double), compare_doubles);
  qsort (pull, opt_runs, sizeof (double), compare_doubles);
  printf ("push %d reports: %.2f s (median of %d; goal < 5 s)\n", opt_records, push[opt_runs / 2], opt_runs);
  printf ("pull %d appointments: %.2f s (median of %d; goal < 5 s)\n", opt_records, pull[opt_runs / 2], opt_runs);
  return 0;
}
