/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cn-platform-server: the platform test server as a program, for shell
 * tests and for runs in another process.  Prints its API base URL on the
 * first line of stdout, then serves until killed; /_control/ (no token)
 * drives the faults and inspects the records, see cn-platform-server.c. */
#define G_LOG_DOMAIN "cn-platform-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>

#include "cn-platform-server.h"

static gboolean
quit (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnPlatformServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *token = NULL;
  int port = 0;
  GOptionEntry entries[] = {
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port to listen on (0: a free one)", "N" },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, "Bearer token to accept (test-token)", "T" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("- serve the platform API v1 on 127.0.0.1");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535)
    {
      g_printerr ("--port must be from 0 to 65535\n");
      return 2;
    }

  server = cn_platform_server_new_full (token ? token : "test-token", port, &error);
  if (server == NULL)
    {
      g_printerr ("cannot listen: %s\n", error->message);
      return 1;
    }

  /* The caller reads this line to learn the port: flush it now. */
  printf ("%s\n", cn_platform_server_get_url (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit, loop);
  g_unix_signal_add (SIGTERM, quit, loop);
  g_main_loop_run (loop);
  return 0;
}
