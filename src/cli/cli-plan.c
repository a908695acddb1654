/* SPDX-License-Identifier: GPL-3.0-or-later */
/* connecteur-cli plan export: one action plan as PDF, or a batch of them
 * for every diagnosed company (CCI/CMA advisors issue dozens a week). */
#define G_LOG_DOMAIN "connecteur-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "cn-error.h"
#include "cn-plan-document.h"
#include "cn-profile.h"

#include "cli-common.h"

static char *opt_company;
static char *opt_diagnostic;
static char *opt_output;
static char *opt_out_dir;
static gboolean opt_all;

/* The connector who signs the plans: the profile kept in the store. */
typedef struct {
  CnConnector connector;
  CnProfile  *profile;
} Signature;

static void
signature_load (Signature *signature,
                CnStore   *store)
{
  memset (signature, 0, sizeof *signature);
  signature->profile = cn_store_get_profile (store, NULL);
  if (signature->profile != NULL)
    signature->connector = (CnConnector) { signature->profile->name, signature->profile->organisation,
                                           signature->profile->email, signature->profile->phone };
}

static void
signature_clear (Signature *signature)
{
  g_clear_pointer (&signature->profile, cn_profile_free);
}

/* Writes the plan of @diagnostic_id to @path (or to @dir under its own
 * name) and records it as issued; the path written in @written. */
static gboolean
export_one (CnStore            *store,
            CnCatalogue        *catalogue,
            const CnConnector  *connector,
            const char         *diagnostic_id,
            const char         *path,
            const char         *dir,
            char              **written,
            GError            **error)
{
  g_autoptr(CnPlanDocument) document = cn_plan_document_load (store, diagnostic_id, catalogue, connector, error);
  g_autofree char *name = NULL;
  g_autofree char *target = NULL;

  if (document == NULL)
    return FALSE;
  if (path != NULL)
    target = g_strdup (path);
  else
    {
      name = cn_plan_document_file_name (document);
      target = g_build_filename (dir, name, NULL);
    }
  if (!cn_plan_pdf_write (document, target, error))
    return FALSE;
  g_free (name);
  name = g_path_get_basename (target);
  if (!cn_store_record_plan_issued (store, document->plan, document->catalogue, name, error))
    return FALSE;
  if (written != NULL)
    *written = g_steal_pointer (&target);
  return TRUE;
}

static char *
latest_diagnostic (CnStore     *store,
                   const char  *company_id,
                   GError     **error)
{
  g_autoptr(CnCompany) company = cn_store_get_company (store, company_id, error);
  g_autoptr(GPtrArray) completed = NULL;

  if (company == NULL || (completed = cn_store_list_diagnostics (store, company_id, error)) == NULL)
    return NULL;
  if (completed->len == 0)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND,
                   _("“%s” has no completed diagnostic: a plan is made from one."), cn_company_get_name (company));
      return NULL;
    }
  return g_strdup (((CnDiagnostic *) completed->pdata[completed->len - 1])->id);
}

static int
cmd_export (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "company", 'c', 0, G_OPTION_ARG_STRING, &opt_company, N_("Identifier of the company"), N_("ID") },
    { "diagnostic", 0, 0, G_OPTION_ARG_STRING, &opt_diagnostic, N_("The diagnostic the plan comes from (default: the company's latest)"), N_("ID") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, N_("PDF file to write"), N_("FILE") },
    { "all-diagnosed", 0, 0, G_OPTION_ARG_NONE, &opt_all, N_("One plan for every company with a completed diagnostic"), NULL },
    { "out-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_out_dir, N_("Folder for the plans of --all-diagnosed"), N_("DIR") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Writes action plans as PDF: one for a company, or all of them at once. Each plan written is recorded in the company's timeline."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  Signature signature;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("export takes no argument."));
  if (opt_all ? (opt_company || opt_diagnostic || opt_output || !opt_out_dir)
              : (!opt_company || !opt_output || opt_out_dir))
    return usage_error (context, _("export takes --company ID -o FILE.pdf, or --all-diagnosed --out-dir DIR."));

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if ((catalogue = cli_load_catalogue (store, &error)) == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  signature_load (&signature, store);

  if (!opt_all)
    {
      g_autofree char *diagnostic = opt_diagnostic ? g_strdup (opt_diagnostic) : latest_diagnostic (store, opt_company, &error);
      g_autoptr(CnDiagnostic) loaded = NULL;
      g_autofree char *written = NULL;

      if (diagnostic != NULL && opt_diagnostic != NULL &&
          (loaded = cn_store_load_diagnostic (store, diagnostic, &error)) != NULL &&
          g_strcmp0 (loaded->company_id, opt_company) != 0)
        g_set_error (&error, CN_ERROR, CN_ERROR_INVALID, _("The diagnostic %s is not one of this company's."), diagnostic);
      if (error != NULL ||
          !export_one (store, catalogue, signature.connector.name && *signature.connector.name ? &signature.connector : NULL,
                       diagnostic, opt_output, NULL, &written, &error))
        {
          print_error (error->message);
          signature_clear (&signature);
          return EXIT_FAILED;
        }
      g_print ("%s\n", written);
      signature_clear (&signature);
      return EXIT_OK;
    }

  {
    g_autoptr(GPtrArray) diagnostics = NULL;
    gboolean tty = isatty (STDERR_FILENO);
    guint n_failed = 0;
    gint64 start = g_get_monotonic_time ();

    if (g_mkdir_with_parents (opt_out_dir, 0700) != 0)
      {
        g_autofree char *message = g_strdup_printf (_("The folder %s cannot be created: %s"), opt_out_dir, g_strerror (errno));
        print_error (message);
        signature_clear (&signature);
        return EXIT_FAILED;
      }
    if ((diagnostics = cn_store_list_latest_diagnostics (store, &error)) == NULL)
      {
        print_error (error->message);
        signature_clear (&signature);
        return EXIT_FAILED;
      }
    for (guint i = 0; i < diagnostics->len; i++)
      {
        g_autoptr(GError) one_error = NULL;
        g_autofree char *written = NULL;

        if (!export_one (store, catalogue, signature.connector.name && *signature.connector.name ? &signature.connector : NULL,
                         diagnostics->pdata[i], NULL, opt_out_dir, &written, &one_error))
          {
            /* One bad plan does not stop the batch; it is reported. */
            if (tty)
              g_printerr ("\n");
            print_error (one_error->message);
            n_failed++;
            continue;
          }
        g_print ("%s\n", written);
        if (tty)
          {
            g_printerr ("\r");
            /* Translators: progress of a batch of plans: done, total */
            g_printerr (_("Plans: %u of %u"), i + 1, diagnostics->len);
          }
      }
    if (tty)
      g_printerr ("\n");
    /* Translators: the end of a batch: plans written, folder, seconds */
    g_printerr (ngettext ("%u plan written to %s in %.1f s\n", "%u plans written to %s in %.1f s\n",
                          diagnostics->len - n_failed),
                diagnostics->len - n_failed, opt_out_dir, (g_get_monotonic_time () - start) / 1e6);
    signature_clear (&signature);
    return n_failed > 0 ? EXIT_PARTIAL : EXIT_OK;
  }
}

/* ---- dispatch ------------------------------------------------------------- */

int
cli_plan (int argc, char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "export"))
    {
      g_set_prgname ("connecteur-cli plan export");
      return cmd_export (argc - 1, argv + 1);
    }
  if (argc >= 2 && !g_str_has_prefix (argv[1], "-"))
    {
      g_autofree char *message = g_strdup_printf (_("unknown command “plan %s”."), argv[1]);
      print_error (message);
    }
  {
    gboolean help = argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"));
    FILE *out = help ? stdout : stderr;

    fprintf (out, "%s\n\n%s\n  plan export  %s\n", _("Usage:"), _("Commands:"),
             _("Write action plans as PDF (one, or all diagnosed companies)"));
    return help ? EXIT_OK : EXIT_USAGE;
  }
}
