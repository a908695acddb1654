/* SPDX-License-Identifier: GPL-3.0-or-later */
/* connecteur-cli aids, catalogue, provider and basket: the offline
 * catalogue from a script.  Which aids a company can claim for an expense,
 * the catalogue's versions, checking and importing a newer file, searching
 * testimonies, resources and providers, the links the connector declares
 * with providers, and each company's recommendation basket. */
#define G_LOG_DOMAIN "connecteur-cli"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "cn-basket.h"
#include "cn-error.h"
#include "cn-geo.h"
#include "cn-util.h"

#include "cli-common.h"

static gboolean
check_format (GOptionContext *context,
              const char     *format,
              int            *status)
{
  if (format == NULL || g_str_equal (format, "text") || g_str_equal (format, "json"))
    return TRUE;
  *status = usage_error (context, _("The format is text or json."));
  return FALSE;
}

static gboolean
is_json (const char *format)
{
  return g_strcmp0 (format, "json") == 0;
}

/* ---- aids --------------------------------------------------------------- */

int
cli_aids (int argc, char **argv)
{
  static char *opt_company = NULL, *opt_kind = NULL, *opt_date = NULL, *opt_format = NULL;
  static int opt_expense = -1;
  static const GOptionEntry entries[] = {
    { "company", 'c', 0, G_OPTION_ARG_STRING, &opt_company, N_("Identifier of the company"), N_("ID") },
    { "expense", 'e', 0, G_OPTION_ARG_INT, &opt_expense, N_("The planned expense, in euros excluding VAT"), N_("EUR") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &opt_kind, N_("Kind of expense: advice, investment, training or subscription (default: any)"), N_("KIND") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &opt_date, N_("The day the aids are judged on (default: today)"), N_("YYYY-MM-DD") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = new_context (NULL, _("Lists the financial aids of the catalogue a company is eligible for on a day, with the amount each gives for the expense, then the others with the reason they do not apply."), entries);
  if (!parse_context (context, &argc, &argv, &status) || !check_format (context, opt_format, &status))
    return status;
  if (argc != 1 || opt_company == NULL || opt_expense < 0)
    return usage_error (context, _("aids takes --company ID --expense EUR."));
  if (opt_kind != NULL && cn_expense_kind_label (opt_kind) == NULL)
    return usage_error (context, _("The kind of expense is advice, investment, training or subscription."));
  if (opt_date != NULL)
    {
      g_autofree char *noon = g_strdup_printf ("%sT12:00:00Z", opt_date);
      g_autoptr(GDateTime) day = strlen (opt_date) == 10 ? g_date_time_new_from_iso8601 (noon, NULL) : NULL;

      if (day == NULL)
        return usage_error (context, _("The date is written YYYY-MM-DD."));
    }

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if ((catalogue = cli_load_catalogue (store, &error)) == NULL ||
      (company = cn_store_get_company (store, opt_company, &error)) == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  verdicts = cn_catalogue_judge_aids (catalogue, company, opt_kind, opt_expense, opt_date);

  if (is_json (opt_format))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      for (int eligible = 1; eligible >= 0; eligible--)
        {
          json_builder_set_member_name (builder, eligible ? "eligible" : "ineligible");
          json_builder_begin_array (builder);
          for (guint i = 0; i < verdicts->len; i++)
            {
              const CnAidVerdict *verdict = verdicts->pdata[i];

              if (verdict->eligible != eligible)
                continue;
              json_builder_begin_object (builder);
              add_string (builder, "id", verdict->aid->id);
              add_string (builder, "name", verdict->aid->name);
              if (eligible)
                {
                  json_builder_set_member_name (builder, "amount_eur");
                  json_builder_add_int_value (builder, verdict->amount);
                  json_builder_set_member_name (builder, "to_check");
                  json_builder_add_boolean_value (builder, verdict->to_check);
                  add_string (builder, "check", verdict->reason);
                }
              else
                add_string (builder, "reason", verdict->reason);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      print_json (builder);
      return EXIT_OK;
    }

  {
    g_autofree char *expense = cn_format_euros (opt_expense);
    guint n_eligible = 0;

    g_print (_("%s, for an expense of %s excluding VAT\n"), cn_company_get_name (company), expense);
    for (guint i = 0; i < verdicts->len; i++)
      if (((CnAidVerdict *) verdicts->pdata[i])->eligible)
        n_eligible++;
    g_print ("\n%s\n", n_eligible > 0 ? _("Eligible:") : _("Eligible: none"));
    for (guint i = 0; i < verdicts->len; i++)
      {
        const CnAidVerdict *verdict = verdicts->pdata[i];
        g_autofree char *amount = NULL;

        if (!verdict->eligible)
          continue;
        amount = cn_format_euros (verdict->amount);
        g_print ("  %s\t%s\t%s\n", verdict->aid->id, amount, verdict->aid->name);
        if (verdict->to_check && verdict->reason != NULL)
          {
            g_auto(GStrv) lines = g_strsplit (verdict->reason, "\n", -1);

            for (guint l = 0; lines[l] != NULL; l++)
              g_print ("      %s\n", lines[l]);
          }
      }
    if (n_eligible < verdicts->len)
      g_print ("\n%s\n", _("Not eligible:"));
    for (guint i = 0; i < verdicts->len; i++)
      {
        const CnAidVerdict *verdict = verdicts->pdata[i];

        if (!verdict->eligible)
          g_print ("  %s\t%s\t%s\n", verdict->aid->id, verdict->aid->name, verdict->reason);
      }
  }
  return EXIT_OK;
}

/* ---- catalogue ---------------------------------------------------------- */

static CnCatalogue *
load_catalogue_or_fail (CnStore **store)
{
  g_autoptr(GError) error = NULL;
  CnCatalogue *catalogue;

  if ((*store = open_store ()) == NULL)
    return NULL;
  if ((catalogue = cli_load_catalogue (*store, &error)) == NULL)
    print_error (error->message);
  return catalogue;
}

static int
cmd_catalogue_show (int argc, char **argv)
{
  static char *opt_format = NULL;
  static const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Shows the version of each part of the catalogue in use, and whether it was shipped with Connecteur or imported."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  int status;

  if (!parse_context (context, &argc, &argv, &status) || !check_format (context, opt_format, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("catalogue show takes no argument."));
  if ((catalogue = load_catalogue_or_fail (&store)) == NULL)
    return EXIT_FAILED;

  if (is_json (opt_format))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      for (guint part = 0; part < CN_CATALOGUE_N_PARTS; part++)
        {
          json_builder_set_member_name (builder, cn_catalogue_part_member (part));
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "version");
          json_builder_add_int_value (builder, cn_catalogue_get_version (catalogue, part));
          json_builder_set_member_name (builder, "imported");
          json_builder_add_boolean_value (builder, cn_catalogue_is_imported (catalogue, part));
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      print_json (builder);
      return EXIT_OK;
    }
  for (guint part = 0; part < CN_CATALOGUE_N_PARTS; part++)
    {
      g_autofree char *state = g_strdup_printf (cn_catalogue_is_imported (catalogue, part)
                                                ? _("version %d, imported") : _("version %d, shipped"),
                                                cn_catalogue_get_version (catalogue, part));

      g_print ("%-14s %s\n", cn_catalogue_part_member (part), state);
    }
  return EXIT_OK;
}

static int
check_or_import (int        argc,
                 char     **argv,
                 gboolean   install)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  CnCataloguePart part;
  int version = 0, status;
  gboolean ok;

  context = new_context (_("FILE"), install
                         ? _("Checks a catalogue file (prices, aids, testimonies, resources or providers) and, when it is valid and newer than the one in use, uses it from now on. Plans already issued keep the catalogue they were issued with.")
                         : _("Checks a catalogue file (prices, aids, testimonies, resources or providers): its format, its references to the rest of the catalogue in use, and that it is newer than the one in use. A problem names the file, the member and what is wrong."),
                         NULL);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, install ? _("catalogue import takes one file.") : _("catalogue check takes one file."));
  if ((catalogue = load_catalogue_or_fail (&store)) == NULL)
    return EXIT_FAILED;

  if (install)
    {
      g_autofree char *data_dir = g_path_get_dirname (cn_store_get_path (store));
      g_autofree char *user_dir = cn_catalogue_user_dir (data_dir);

      ok = cn_catalogue_install_file (catalogue, user_dir, argv[1], &part, &version, &error);
    }
  else
    ok = cn_catalogue_check_file (catalogue, argv[1], &part, &version, &error);
  if (!ok)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  /* Translators: "aids.json: financial aids, version 3: valid" */
  g_print (install ? _("%s: %s, version %d: now in use\n") : _("%s: %s, version %d: valid\n"),
           argv[1], cn_catalogue_part_label (part), version);
  return EXIT_OK;
}

static int
cmd_catalogue_check (int argc, char **argv)
{
  return check_or_import (argc, argv, FALSE);
}

static int
cmd_catalogue_import (int argc, char **argv)
{
  return check_or_import (argc, argv, TRUE);
}

static int
cmd_catalogue_testimonies (int argc, char **argv)
{
  static char *opt_search = NULL, *opt_sector = NULL, *opt_size = NULL, *opt_region = NULL, *opt_format = NULL;
  static int opt_level = 0;
  static const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &opt_search, N_("Only testimonies matching these words"), N_("TEXT") },
    { "sector", 0, 0, G_OPTION_ARG_STRING, &opt_sector, N_("Only for this NAF section (A to U)"), N_("LETTER") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &opt_size, N_("Only for this size: solo, micro, petite or moyenne"), N_("SIZE") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &opt_region, N_("Only from this region (INSEE code)"), N_("CODE") },
    { "level", 0, 0, G_OPTION_ARG_INT, &opt_level, N_("Only at this maturity level (1 to 5)"), N_("N") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Searches the peer testimonies by words, sector, size, region and maturity level."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status;

  if (!parse_context (context, &argc, &argv, &status) || !check_format (context, opt_format, &status))
    return status;
  if (argc != 1 || (opt_sector != NULL && (strlen (opt_sector) != 1 || !g_ascii_isupper (opt_sector[0]))) ||
      opt_level < 0 || opt_level > 5)
    return usage_error (context, _("catalogue testimonies takes only options: --sector is a letter, --level 1 to 5."));
  if ((catalogue = load_catalogue_or_fail (&store)) == NULL)
    return EXIT_FAILED;

  json_builder_begin_array (builder);
  for (guint i = 0; i < cn_catalogue_get_n_testimonies (catalogue); i++)
    {
      const CnTestimony *testimony = cn_catalogue_get_testimony (catalogue, i);

      if (!cn_testimony_matches (testimony, opt_search, opt_sector ? opt_sector[0] : 0, opt_size, opt_region, opt_level))
        continue;
      if (!is_json (opt_format))
        {
          g_print ("%s\t%s\t%s\n", testimony->id, testimony->trade, testimony->company);
          continue;
        }
      json_builder_begin_object (builder);
      add_string (builder, "id", testimony->id);
      add_string (builder, "company", testimony->company);
      add_string (builder, "trade", testimony->trade);
      add_string (builder, "size", testimony->size);
      add_string (builder, "region", testimony->region);
      add_string (builder, "format", testimony->format);
      add_string (builder, "url", testimony->url);
      json_builder_set_member_name (builder, "level");
      json_builder_add_int_value (builder, testimony->level);
      add_string (builder, "quote", testimony->quote);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (is_json (opt_format))
    print_json (builder);
  return EXIT_OK;
}

static int
cmd_catalogue_resources (int argc, char **argv)
{
  static char *opt_search = NULL, *opt_dimension = NULL, *opt_kind = NULL, *opt_format = NULL;
  static int opt_level = 0;
  static const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &opt_search, N_("Only resources matching these words"), N_("TEXT") },
    { "dimension", 0, 0, G_OPTION_ARG_STRING, &opt_dimension, N_("Only for this dimension of the questionnaires"), N_("ID") },
    { "level", 0, 0, G_OPTION_ARG_INT, &opt_level, N_("Only those that suit this maturity level (1 to 5)"), N_("N") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &opt_kind, N_("Only this kind: guide, mooc, training, tool or kit"), N_("KIND") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Searches the resources (guides, MOOCs, training, tools, kits) by words, dimension, maturity level and kind."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status;

  if (!parse_context (context, &argc, &argv, &status) || !check_format (context, opt_format, &status))
    return status;
  if (argc != 1 || opt_level < 0 || opt_level > 5)
    return usage_error (context, _("catalogue resources takes only options; --level goes from 1 to 5."));
  if ((catalogue = load_catalogue_or_fail (&store)) == NULL)
    return EXIT_FAILED;

  json_builder_begin_array (builder);
  for (guint i = 0; i < cn_catalogue_get_n_resources (catalogue); i++)
    {
      const CnResource *resource = cn_catalogue_get_resource (catalogue, i);

      if (!cn_resource_matches (resource, opt_search, opt_dimension, opt_level, opt_kind))
        continue;
      if (!is_json (opt_format))
        {
          g_print ("%s\t%s\t%s\t%s\n", resource->id, cn_resource_kind_label (resource->kind), resource->title, resource->url);
          continue;
        }
      json_builder_begin_object (builder);
      add_string (builder, "id", resource->id);
      add_string (builder, "title", resource->title);
      add_string (builder, "kind", resource->kind);
      add_string (builder, "publisher", resource->publisher);
      add_string (builder, "url", resource->url);
      json_builder_set_member_name (builder, "dimensions");
      json_builder_begin_array (builder);
      for (guint d = 0; resource->dimensions[d] != NULL; d++)
        json_builder_add_string_value (builder, resource->dimensions[d]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "levels");
      json_builder_begin_array (builder);
      for (int level = 1; level <= 5; level++)
        if (resource->levels & (1u << level))
          json_builder_add_int_value (builder, level);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "free");
      json_builder_add_boolean_value (builder, resource->free);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (is_json (opt_format))
    print_json (builder);
  return EXIT_OK;
}

static int
cmd_catalogue_providers (int argc, char **argv)
{
  static char *opt_search = NULL, *opt_service = NULL, *opt_region = NULL, *opt_format = NULL;
  static const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &opt_search, N_("Only providers matching these words"), N_("TEXT") },
    { "service", 0, 0, G_OPTION_ARG_STRING, &opt_service, N_("Only those offering this service of the price reference"), N_("ID") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &opt_region, N_("Only those working in this region (INSEE code)"), N_("CODE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Searches the directory of digital providers by words, service and region, with their ratings and the links you declared."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_context (context, &argc, &argv, &status) || !check_format (context, opt_format, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("catalogue providers takes only options."));
  if ((catalogue = load_catalogue_or_fail (&store)) == NULL)
    return EXIT_FAILED;

  json_builder_begin_array (builder);
  for (guint i = 0; i < cn_catalogue_get_n_providers (catalogue); i++)
    {
      const CnProvider *provider = cn_catalogue_get_provider (catalogue, i);
      g_autoptr(CnProviderReview) review = NULL;
      g_autoptr(CnProviderLink) link = NULL;
      guint n_ratings;
      double average;

      if (!cn_provider_matches (provider, opt_search, opt_service, opt_region))
        continue;
      review = cn_store_get_provider_review (store, provider->id, &error);
      if (error == NULL)
        link = cn_store_get_provider_link (store, provider->id, &error);
      if (error != NULL)
        {
          print_error (error->message);
          return EXIT_FAILED;
        }
      average = cn_provider_average_rating (provider, review ? review->score : 0, &n_ratings);
      if (!is_json (opt_format))
        {
          g_autofree char *rating = n_ratings > 0 ? g_strdup_printf ("%.1f/5 (%u)", average, n_ratings) : g_strdup ("-");

          g_print ("%s\t%s\t%s\t%s%s\n", provider->id, provider->name, provider->commune, rating,
                   link != NULL ? _("\tlink declared") : "");
          continue;
        }
      json_builder_begin_object (builder);
      add_string (builder, "id", provider->id);
      add_string (builder, "name", provider->name);
      add_string (builder, "siret", provider->siret);
      add_string (builder, "commune", provider->commune);
      json_builder_set_member_name (builder, "services");
      json_builder_begin_array (builder);
      for (guint k = 0; k < provider->services->len; k++)
        {
          const CnProviderService *service = provider->services->pdata[k];

          json_builder_begin_object (builder);
          add_string (builder, "price_ref", service->price_ref);
          json_builder_set_member_name (builder, "min");
          json_builder_add_int_value (builder, service->min);
          json_builder_set_member_name (builder, "max");
          json_builder_add_int_value (builder, service->max);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "rating");
      if (n_ratings > 0)
        json_builder_add_double_value (builder, average);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "n_ratings");
      json_builder_add_int_value (builder, n_ratings);
      add_string (builder, "declared_link", link ? cn_provider_link_kind_to_string (link->kind) : NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (is_json (opt_format))
    print_json (builder);
  return EXIT_OK;
}

int
cli_catalogue (int argc, char **argv)
{
  static const CliCommand table[] = {
    { "show", cmd_catalogue_show, N_("The version of each part in use") },
    { "check", cmd_catalogue_check, N_("Check a catalogue file") },
    { "import", cmd_catalogue_import, N_("Use a newer catalogue file from now on") },
    { "testimonies", cmd_catalogue_testimonies, N_("Search the peer testimonies") },
    { "resources", cmd_catalogue_resources, N_("Search the guides, MOOCs and training") },
    { "providers", cmd_catalogue_providers, N_("Search the provider directory") },
  };

  return cli_dispatch ("catalogue", table, G_N_ELEMENTS (table), argc, argv);
}

/* ---- provider ----------------------------------------------------------- */

static int
cmd_provider_link (int argc, char **argv)
{
  static char *opt_kind = NULL, *opt_note = NULL;
  static const GOptionEntry entries[] = {
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &opt_kind, N_("capital or family"), N_("KIND") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &opt_note, N_("What the link is"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (_("PROVIDER"), _("Declares that you have capital or family links with a provider of the directory: the programme forbids recommending it, so it can no longer go into a recommendation basket, and no plan prints it."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  CnProviderLinkKind kind;
  guint n_baskets = 0;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || !cn_provider_link_kind_from_string (opt_kind, &kind))
    return usage_error (context, _("provider link takes a provider identifier and --kind capital or family."));
  if ((catalogue = load_catalogue_or_fail (&store)) == NULL)
    return EXIT_FAILED;
  if (!cn_store_declare_provider_link (store, catalogue, argv[1], kind, opt_note, &n_baskets, &error))
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  if (n_baskets > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "It is in %u recommendation basket: it stays listed there, but no plan prints it.\n",
                             "It is in %u recommendation baskets: it stays listed there, but no plan prints it.\n",
                             n_baskets), n_baskets);
  return EXIT_OK;
}

static int
cmd_provider_unlink (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = new_context (_("PROVIDER"), _("Withdraws the link you declared with a provider."), NULL);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("provider unlink takes a provider identifier."));
  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (!cn_store_withdraw_provider_link (store, argv[1], &error))
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  return EXIT_OK;
}

static int
cmd_provider_rate (int argc, char **argv)
{
  static char *opt_comment = NULL;
  static gboolean opt_remove = FALSE;
  static const GOptionEntry entries[] = {
    { "comment", 0, 0, G_OPTION_ARG_STRING, &opt_comment, N_("A short comment"), N_("TEXT") },
    { "remove", 0, 0, G_OPTION_ARG_NONE, &opt_remove, N_("Remove your rating"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (_("PROVIDER [SCORE]"), _("Rates a provider of the directory from 1 to 5, with a short comment; rating again replaces your rating."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  char *end = NULL;
  long score = 0;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc == 3)
    score = strtol (argv[2], &end, 10);
  if (opt_remove ? argc != 2 : (argc != 3 || *end != '\0' || score < 1 || score > 5))
    return usage_error (context, _("provider rate takes a provider identifier and a score from 1 to 5, or --remove."));
  if ((catalogue = load_catalogue_or_fail (&store)) == NULL)
    return EXIT_FAILED;
  if (opt_remove ? !cn_store_unrate_provider (store, argv[1], &error)
                 : !cn_store_rate_provider (store, catalogue, argv[1], (int) score, opt_comment, &error))
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  return EXIT_OK;
}

int
cli_provider (int argc, char **argv)
{
  static const CliCommand table[] = {
    { "link", cmd_provider_link, N_("Declare capital or family links with a provider") },
    { "unlink", cmd_provider_unlink, N_("Withdraw a declared link") },
    { "rate", cmd_provider_rate, N_("Rate a provider from 1 to 5") },
  };

  return cli_dispatch ("provider", table, G_N_ELEMENTS (table), argc, argv);
}

/* ---- basket ------------------------------------------------------------- */

static gboolean
basket_item_option (const char    *provider,
                    const char    *resource,
                    CnBasketKind  *kind,
                    const char   **item)
{
  if ((provider == NULL) == (resource == NULL))
    return FALSE;
  *kind = provider != NULL ? CN_BASKET_PROVIDER : CN_BASKET_RESOURCE;
  *item = provider != NULL ? provider : resource;
  return TRUE;
}

static int
cmd_basket_add_or_remove (int       argc,
                          char    **argv,
                          gboolean  add)
{
  static char *opt_company = NULL, *opt_provider = NULL, *opt_resource = NULL, *opt_note = NULL;
  static const GOptionEntry entries[] = {
    { "company", 'c', 0, G_OPTION_ARG_STRING, &opt_company, N_("Identifier of the company"), N_("ID") },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &opt_provider, N_("A provider of the directory"), N_("ID") },
    { "resource", 0, 0, G_OPTION_ARG_STRING, &opt_resource, N_("A resource of the catalogue"), N_("ID") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &opt_note, N_("Why you recommend it (printed in the plan)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, add
                                                   ? _("Puts a provider or a resource in a company's recommendation basket, printed in its action plan. A provider you declared capital or family links with is refused.")
                                                   : _("Takes a provider or a resource out of a company's recommendation basket."),
                                                   entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  CnBasketKind kind;
  const char *item;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1 || opt_company == NULL || !basket_item_option (opt_provider, opt_resource, &kind, &item))
    return usage_error (context, _("Give --company ID and either --provider ID or --resource ID."));
  if ((catalogue = load_catalogue_or_fail (&store)) == NULL)
    return EXIT_FAILED;
  if (add ? !cn_store_basket_add (store, catalogue, opt_company, kind, item, opt_note, &error)
          : !cn_store_basket_remove (store, opt_company, kind, item, &error))
    {
      print_error (error->message);
      /* A refusal the script can tell from a failure. */
      return g_error_matches (error, CN_ERROR, CN_ERROR_CONFLICT_OF_INTEREST) ? EXIT_REFUSED : EXIT_FAILED;
    }
  return EXIT_OK;
}

static int
cmd_basket_add (int argc, char **argv)
{
  return cmd_basket_add_or_remove (argc, argv, TRUE);
}

static int
cmd_basket_remove (int argc, char **argv)
{
  return cmd_basket_add_or_remove (argc, argv, FALSE);
}

static int
cmd_basket_list (int argc, char **argv)
{
  static char *opt_company = NULL, *opt_format = NULL;
  static const GOptionEntry entries[] = {
    { "company", 'c', 0, G_OPTION_ARG_STRING, &opt_company, N_("Identifier of the company"), N_("ID") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Lists a company's recommendation basket: providers, then resources."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status;

  if (!parse_context (context, &argc, &argv, &status) || !check_format (context, opt_format, &status))
    return status;
  if (argc != 1 || opt_company == NULL)
    return usage_error (context, _("basket list takes --company ID."));
  if ((catalogue = load_catalogue_or_fail (&store)) == NULL)
    return EXIT_FAILED;
  if ((company = cn_store_get_company (store, opt_company, &error)) == NULL ||
      (items = cn_store_list_basket (store, opt_company, &error)) == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      const CnBasketItem *item = items->pdata[i];
      const CnProvider *provider = item->kind == CN_BASKET_PROVIDER ? cn_catalogue_find_provider (catalogue, item->item_id) : NULL;
      const CnResource *resource = item->kind == CN_BASKET_RESOURCE ? cn_catalogue_find_resource (catalogue, item->item_id) : NULL;
      const char *name = provider ? provider->name : resource ? resource->title : NULL;
      g_autoptr(CnProviderLink) link = provider ? cn_store_get_provider_link (store, item->item_id, NULL) : NULL;

      if (!is_json (opt_format))
        {
          g_print ("%s\t%s\t%s%s\n", cn_basket_kind_to_string (item->kind), item->item_id,
                   name ? name : _("(no longer in the catalogue)"),
                   link != NULL ? _("\tlink declared: not printed") : "");
          continue;
        }
      json_builder_begin_object (builder);
      add_string (builder, "kind", cn_basket_kind_to_string (item->kind));
      add_string (builder, "id", item->item_id);
      add_string (builder, "name", name);
      add_string (builder, "note", item->note);
      add_string (builder, "added_at", item->added_at);
      json_builder_set_member_name (builder, "printed");
      json_builder_add_boolean_value (builder, name != NULL && link == NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (is_json (opt_format))
    print_json (builder);
  return EXIT_OK;
}

int
cli_basket (int argc, char **argv)
{
  static const CliCommand table[] = {
    { "list", cmd_basket_list, N_("List a company's recommendations") },
    { "add", cmd_basket_add, N_("Recommend a provider or a resource") },
    { "remove", cmd_basket_remove, N_("Take a recommendation out") },
  };

  return cli_dispatch ("basket", table, G_N_ELEMENTS (table), argc, argv);
}
