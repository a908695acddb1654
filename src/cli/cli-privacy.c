/* SPDX-License-Identifier: GPL-3.0-or-later */
/* connecteur-cli privacy …: the rights of the people in the portfolio
 * (RGPD) from a script: export what is held about a company, erase it for
 * good, list the closed companies past the retention period.  Erasure
 * cannot be undone, so it asks for --yes instead of a prompt a script
 * could not answer. */
#define G_LOG_DOMAIN "connecteur-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "cn-privacy.h"
#include "cn-util.h"

#include "cli-common.h"

static int
cmd_export (int argc, char **argv)
{
  static char *opt_out_dir = NULL;
  static char **opt_pdf_dirs = NULL;
  static const GOptionEntry entries[] = {
    { "out-dir", 'o', 0, G_OPTION_ARG_FILENAME, &opt_out_dir, N_("Folder in which to create the export folder (default: the current folder)"), N_("DIR") },
    { "pdf-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_pdf_dirs, N_("Folder where the plan PDFs were saved; may be repeated (default: Documents, Downloads and the home folder)"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *cwd = NULL;
  guint n_pdfs = 0;
  int status;

  context = new_context (_("ID"), _("Writes everything Connecteur holds about a company (its record, contacts and their consent, notes, timeline, diagnostics, plans, appointments, reports and sync state) to a new folder readable only by you: company.json and a copy of the plan PDFs still found. Prints the folder’s path."), entries);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("privacy export takes one company identifier."));

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (opt_out_dir == NULL)
    cwd = g_get_current_dir ();
  folder = cn_store_export_company_data (store, argv[1], opt_out_dir ? opt_out_dir : cwd,
                                         (const char * const *) opt_pdf_dirs, &n_pdfs, &error);
  if (folder == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  g_print ("%s\n", folder);
  g_printerr (ngettext ("%u plan PDF included.\n", "%u plan PDFs included.\n", n_pdfs), n_pdfs);
  return EXIT_OK;
}

static int
cmd_erase (int argc, char **argv)
{
  static gboolean opt_yes = FALSE;
  static const GOptionEntry entries[] = {
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &opt_yes, N_("Confirm the erasure, which cannot be undone"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  g_auto(GStrv) traces = NULL;
  g_autofree char *name = NULL;
  int status;

  context = new_context (_("ID"), _("Erases a company for good: its record, contacts, notes, timeline, diagnostics, plans, appointments, reports, search index entry and changes not yet sent. Nothing is kept for an undo. When the company had been shared with the national platform, the erasure is sent to it at the next sync."), entries);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("privacy erase takes one company identifier."));

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  company = cn_store_get_company (store, argv[1], &error);
  if (company == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  name = g_strdup (cn_company_get_name (company));
  if (!opt_yes)
    {
      g_autofree char *message = g_strdup_printf (_("Erasing “%s” cannot be undone: everything about it will be deleted, with no copy kept. Export it first with “connecteur-cli privacy export %s” if needed, then run the command again with --yes."),
                                                  name, argv[1]);
      print_error (message);
      return EXIT_USAGE;
    }

  if (!cn_store_erase_company (store, argv[1], &files, &error))
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  g_print (_("“%s” erased.\n"), name);
  if (files != NULL && files[0] != NULL)
    {
      g_print ("%s\n", _("Plan PDFs were issued for it; they are files of yours, outside Connecteur, to delete by hand if they are still kept:"));
      for (guint i = 0; files[i] != NULL; i++)
        g_print ("  %s\n", files[i]);
    }

  /* Said only when checked: a script may rely on this line. */
  traces = cn_store_find_traces (store, argv[1], NULL);
  if (traces != NULL && traces[0] != NULL)
    {
      g_autofree char *where = g_strjoinv (", ", traces);
      g_autofree char *message = g_strdup_printf (_("Changes already on their way to the platform still name it (%s); they go once the platform has answered."), where);
      print_error (message);
    }
  return EXIT_OK;
}

/* The setting when the app's schema is installed, else 0. */
static guint
retention_setting (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) == NULL ||
      !g_settings_schema_has_key (schema, "retention-years"))
    return 0;
  settings = g_settings_new (APP_ID);
  return g_settings_get_uint (settings, "retention-years");
}

static int
cmd_retention (int argc, char **argv)
{
  static int opt_years = -1;
  static const GOptionEntry entries[] = {
    { "years", 0, 0, G_OPTION_ARG_INT, &opt_years, N_("Retention period in years (default: the app’s setting)"), N_("N") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GPtrArray) companies = NULL;
  g_autoptr(GError) error = NULL;
  guint years;
  int status;

  context = new_context (NULL, _("Lists the closed companies whose last activity is older than the retention period: those the app proposes to erase. Erases nothing; one per line: identifier, name, last activity."), entries);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (context, _("privacy retention takes no argument."));
  if (opt_years < -1 || opt_years > 1000)
    return usage_error (context, _("--years takes a number of years, 0 or more."));

  years = opt_years >= 0 ? (guint) opt_years : retention_setting ();
  if (years == 0)
    {
      g_printerr ("%s\n", _("Retention is off (0 years): nothing is proposed for erasure."));
      return EXIT_OK;
    }

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  companies = cn_store_list_retention_expired (store, years, NULL, &error);
  if (companies == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  for (guint i = 0; i < companies->len; i++)
    {
      CnCompany *company = companies->pdata[i];
      g_autofree char *when = cn_format_date_for_display (cn_company_get_last_activity_at (company));

      g_print ("%s\t%s\t%s\n", cn_company_get_id (company), cn_company_get_name (company), when);
    }
  g_printerr (ngettext ("%u closed company inactive for more than %u years.\n",
                        "%u closed companies inactive for more than %u years.\n", companies->len),
              companies->len, years);
  return EXIT_OK;
}

int
cli_privacy (int argc, char **argv)
{
  static const CliCommand table[] = {
    { "export", cmd_export, N_("Export everything held about a company (JSON and PDFs)") },
    { "erase", cmd_erase, N_("Erase a company for good (needs --yes)") },
    { "retention", cmd_retention, N_("List closed companies past the retention period") },
  };

  return cli_dispatch ("privacy", table, G_N_ELEMENTS (table), argc, argv);
}
