/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "cn-application.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(CnApplication) app = NULL;
  /* Running from the build tree: translations come from the build dir. */
  const char *localedir = g_getenv ("CONNECTEUR_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Connecteur"));
  app = cn_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
