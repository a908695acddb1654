/* SPDX-License-Identifier: GPL-3.0-or-later */
/* connecteur-cli registry: the public company directory, and the
 * directory's half of "add --from-registry".  The JSON members are an
 * interface: keep them. */
#define G_LOG_DOMAIN "connecteur-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "cn-error.h"
#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-identifiers.h"
#include "cn-naf.h"
#include "cn-registry.h"

#include "cli-common.h"

char *
cli_registry_url (const char *option)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (option && *option)
    return g_strdup (option);
  /* The app's setting when it is installed, so the command line uses the
   * same mirror; the public directory otherwise. */
  source = g_settings_schema_source_get_default ();
  schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema && g_settings_schema_has_key (schema, "registry-url"))
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *url = g_settings_get_string (settings, "registry-url");

      if (*g_strstrip (url))
        return g_steal_pointer (&url);
    }
  return g_strdup (CN_REGISTRY_DEFAULT_URL);
}

typedef struct {
  GMainLoop *loop;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static CnRegistryResults *
search_sync (CnRegistry             *registry,
             const CnRegistryQuery  *query,
             GError                **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  CnRegistryResults *results;

  cn_registry_search_async (registry, query, NULL, on_done, &wait);
  g_main_loop_run (wait.loop);
  results = cn_registry_search_finish (registry, wait.result, error);
  g_object_unref (wait.result);
  g_main_loop_unref (wait.loop);
  return results;
}

static CnRegistryEntry *
lookup_sync (CnRegistry  *registry,
             const char  *siren,
             GError     **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL };
  CnRegistryEntry *entry;

  cn_registry_lookup_async (registry, siren, NULL, on_done, &wait);
  g_main_loop_run (wait.loop);
  entry = cn_registry_lookup_finish (registry, wait.result, error);
  g_object_unref (wait.result);
  g_main_loop_unref (wait.loop);
  return entry;
}

/* What can be retried later (unlike a refused query or an unknown SIREN),
 * and where what was fetched before helps meanwhile. */
static gboolean
is_transient (const GError *error)
{
  return error->domain == CN_REGISTRY_ERROR &&
         (error->code == CN_REGISTRY_ERROR_OFFLINE ||
          error->code == CN_REGISTRY_ERROR_UNREACHABLE ||
          error->code == CN_REGISTRY_ERROR_TIMEOUT ||
          error->code == CN_REGISTRY_ERROR_RATE_LIMITED ||
          error->code == CN_REGISTRY_ERROR_SERVER);
}

gboolean
cli_registry_fill_company (CnStore     *store,
                           CnCompany   *company,
                           const char  *siren,
                           const char  *url,
                           GError     **error)
{
  g_autofree char *base_url = cli_registry_url (url);
  g_autoptr(CnRegistry) registry = cn_registry_new (base_url, store);
  g_autoptr(CnRegistryEntry) entry = NULL;
  g_autoptr(GError) local_error = NULL;

  entry = lookup_sync (registry, siren, &local_error);
  if (entry == NULL && is_transient (local_error))
    {
      g_autofree char *digits = NULL;

      /* The same company fetched before does, and says so. */
      if (cn_siren_validate (siren, &digits, NULL) || cn_siret_validate (siren, &digits, NULL))
        {
          digits[9] = '\0';
          entry = cn_registry_get_cached (registry, digits, NULL);
        }
      if (entry)
        {
          g_autofree char *message = g_strdup_printf (_("%s Using what the directory said when this company was last looked up."),
                                                      local_error->message);
          print_error (message);
          g_clear_error (&local_error);
        }
    }
  if (entry == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  cn_registry_entry_apply (entry, company);
  return TRUE;
}

/* ---- registry search -------------------------------------------------------- */

static char *opt_postcode, *opt_format, *opt_url;
static int opt_per_page = 10;

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
print_results_json (CnRegistryResults *results)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_int (builder, "total", (gint64) MIN (results->total, G_MAXINT64));
  json_builder_set_member_name (builder, "from_cache");
  json_builder_add_boolean_value (builder, results->from_cache);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < results->entries->len; i++)
    {
      CnRegistryEntry *entry = g_ptr_array_index (results->entries, i);

      json_builder_begin_object (builder);
      add_string (builder, "siren", entry->siren);
      add_string (builder, "siret", entry->siret);
      add_string (builder, "name", entry->name);
      add_string (builder, "naf", entry->naf);
      add_string (builder, "naf_label", entry->naf ? cn_naf_label (entry->naf) : NULL);
      add_string (builder, "headcount", entry->headcount);
      add_string (builder, "address", entry->address);
      add_string (builder, "postcode", entry->postcode);
      add_string (builder, "commune", entry->commune);
      add_string (builder, "founded_on", entry->founded_on);
      add_string (builder, "legal_form", entry->legal_form);
      add_string (builder, "category", entry->category);
      json_builder_set_member_name (builder, "revenue");
      if (entry->revenue >= 0)
        json_builder_add_int_value (builder, entry->revenue);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "revenue_year");
      if (entry->revenue >= 0)
        json_builder_add_int_value (builder, entry->revenue_year);
      else
        json_builder_add_null_value (builder);
      add_string (builder, "revenue_bracket", cn_registry_revenue_bracket (entry->revenue));
      add_int (builder, "establishments", entry->n_establishments);
      add_int (builder, "open_establishments", entry->n_open_establishments);
      json_builder_set_member_name (builder, "closed");
      json_builder_add_boolean_value (builder, entry->closed);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  print_json (builder);
}

/* One line per company, tab-separated like "list": SIREN, name, place,
 * activity, headcount, and "closed" for a closed one. */
static void
print_results_text (CnRegistryResults *results)
{
  for (guint i = 0; i < results->entries->len; i++)
    {
      CnRegistryEntry *entry = g_ptr_array_index (results->entries, i);
      g_autofree char *place = g_strjoin (" ", entry->postcode ? entry->postcode : "",
                                          entry->commune ? entry->commune : "", NULL);
      const char *headcount = cn_headcount_label (entry->headcount);

      g_print ("%s\t%s\t%s\t%s\t%s%s%s\n",
               entry->siren,
               entry->name ? entry->name : "-",
               *g_strstrip (place) ? place : "-",
               entry->naf ? entry->naf : "-",
               headcount ? headcount : "-",
               entry->closed ? "\t" : "",
               /* Translators: marks a company the directory lists as ceased, in connecteur-cli's output */
               entry->closed ? C_("company directory", "closed") : "");
    }
  if (results->total > results->entries->len)
    {
      guint total = (guint) MIN (results->total, G_MAXUINT);

      /* Translators: on standard error after the companies listed */
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u of %u company shown.\n", "%u of %u companies shown.\n", total),
                  results->entries->len, total);
    }
}

static int
cmd_search (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnRegistry) registry = NULL;
  g_autoptr(CnRegistryResults) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  CnRegistryQuery query = CN_REGISTRY_QUERY_INIT;
  const GOptionEntry entries[] = {
    { "postcode", 'p', 0, G_OPTION_ARG_STRING, &opt_postcode, N_("Only companies whose head office has this postcode"), N_("CODE") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &opt_per_page, N_("At most this many companies (1 to 25, default 10)"), N_("N") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { "registry-url", 0, 0, G_OPTION_ARG_STRING, &opt_url, N_("Address of the company directory (default: the app’s setting, else the public directory)"), N_("URL") },
    { NULL }
  };
  int status;

  context = new_context (_("TEXT"),
                         _("Searches the public company directory by name, address, SIREN or SIRET. Companies found are kept, so that the app proposes them offline.\n\nWithout a network, or when the directory does not answer, the companies found before are shown with a warning; exit status 1 when there are none."),
                         entries);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc < 2)
    return usage_error (context, _("registry search takes the words to look for."));
  if (opt_format && !g_str_equal (opt_format, "text") && !g_str_equal (opt_format, "json"))
    return usage_error (context, _("--format takes text or json."));
  if (opt_per_page < 1 || opt_per_page > CN_REGISTRY_MAX_PER_PAGE)
    return usage_error (context, _("--limit takes a number from 1 to 25."));
  if (opt_postcode)
    {
      g_autofree char *postcode = NULL;
      if (!cn_postcode_validate (opt_postcode, &postcode, &error))
        return usage_error (context, error->message);
      g_free (opt_postcode);
      opt_postcode = g_steal_pointer (&postcode);
    }

  text = g_strjoinv (" ", argv + 1);
  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  url = cli_registry_url (opt_url);
  registry = cn_registry_new (url, store);
  query.text = text;
  query.postcode = opt_postcode;
  query.per_page = (guint) opt_per_page;

  results = search_sync (registry, &query, &error);
  if (results == NULL && error->domain == CN_REGISTRY_ERROR && error->code == CN_REGISTRY_ERROR_REFUSED)
    return usage_error (context, error->message);
  if (results == NULL && is_transient (error))
    {
      g_autoptr(GError) cache_error = NULL;

      results = cn_registry_search_cached (registry, &query, &cache_error);
      if (results && results->entries->len > 0)
        {
          g_autofree char *message = g_strdup_printf (_("%s Companies found before are shown."), error->message);
          print_error (message);
        }
      else
        g_clear_pointer (&results, cn_registry_results_free);
    }
  if (results == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  if (opt_format && g_str_equal (opt_format, "json"))
    print_results_json (results);
  else
    print_results_text (results);
  return EXIT_OK;
}

int
cli_registry (int argc, char **argv)
{
  gboolean help = argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"));

  if (argc >= 2 && g_str_equal (argv[1], "search"))
    {
      g_set_prgname ("connecteur-cli registry search");
      return cmd_search (argc - 1, argv + 1);
    }
  if (argc >= 2 && !help)
    {
      g_autofree char *message = g_strdup_printf (_("unknown command “registry %s”."), argv[1]);
      print_error (message);
    }
  fprintf (help ? stdout : stderr, "%s\n\n%s\n  registry search %s\n",
           _("Usage: connecteur-cli registry search TEXT [OPTION…]"), _("Commands:"),
           _("Search the public company directory"));
  return help ? EXIT_OK : EXIT_USAGE;
}
