/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "connecteur-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cn-csv.h"
#include "cn-error.h"
#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-identifiers.h"
#include "cn-naf.h"
#include "cn-store.h"
#include "cn-util.h"

#include "cli-common.h"

char *opt_data_dir;

static const GOptionEntry common_entries[] = {
  { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &opt_data_dir,
    N_("Folder of the portfolio database (default: $CONNECTEUR_DATA_DIR or ~/.local/share/connecteur)"),
    N_("DIR") },
  { NULL }
};

void
print_error (const char *message)
{
  /* Translators: prefix of error messages of the command-line tool */
  g_printerr (_("connecteur-cli: %s\n"), message);
}

int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  print_error (message);
  g_printerr ("\n%s", help);
  return EXIT_USAGE;
}

GOptionContext *
new_context (const char         *parameter,
             const char         *summary,
             const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (entries)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

CnCatalogue *
cli_load_catalogue (CnStore  *store,
                    GError  **error)
{
  g_autofree char *data_dir = g_path_get_dirname (cn_store_get_path (store));
  g_autofree char *user_dir = cn_catalogue_user_dir (data_dir);

  return cn_catalogue_load (user_dir, error);
}

CnStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  CnStore *store = cn_store_open (opt_data_dir, &error);

  if (store == NULL)
    print_error (error->message);
  return store;
}

gboolean
parse_context (GOptionContext   *context,
               int              *argc,
               char           ***argv,
               int              *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = usage_error (context, error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- company fields shared by add and edit --------------------------- */

static char *opt_name, *opt_siret, *opt_siren, *opt_naf, *opt_headcount, *opt_address;
static char *opt_postcode, *opt_commune, *opt_status, *opt_notes, *opt_tags;
static char *opt_revenue, *opt_customer_type, *opt_web_presence, *opt_consent_share;
static char *opt_founded_on;
static int opt_employees = -2;

static const GOptionEntry company_entries[] = {
  { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_("Company name"), N_("TEXT") },
  { "siret", 0, 0, G_OPTION_ARG_STRING, &opt_siret, N_("SIRET number (14 digits)"), N_("SIRET") },
  { "siren", 0, 0, G_OPTION_ARG_STRING, &opt_siren, N_("SIREN number (9 digits), when there is no SIRET"), N_("SIREN") },
  { "naf", 0, 0, G_OPTION_ARG_STRING, &opt_naf, N_("NAF activity code, for example 47.71Z"), N_("CODE") },
  { "headcount", 0, 0, G_OPTION_ARG_STRING, &opt_headcount, N_("INSEE headcount bracket, for example 11"), N_("CODE") },
  { "revenue", 0, 0, G_OPTION_ARG_STRING, &opt_revenue, N_("Revenue bracket: lt100k, 100k-500k, 500k-2m, 2m-10m, 10m-50m, gt50m"), N_("BRACKET") },
  { "customer-type", 0, 0, G_OPTION_ARG_STRING, &opt_customer_type, N_("Customers: b2c, b2b or both"), N_("TYPE") },
  { "web-presence", 0, 0, G_OPTION_ARG_STRING, &opt_web_presence, N_("Online presence: none, listing, social, showcase, ecommerce, marketplace"), N_("KIND") },
  { "address", 0, 0, G_OPTION_ARG_STRING, &opt_address, N_("Street address"), N_("TEXT") },
  { "postcode", 0, 0, G_OPTION_ARG_STRING, &opt_postcode, N_("Postcode"), N_("CODE") },
  { "commune", 0, 0, G_OPTION_ARG_STRING, &opt_commune, N_("Commune (town)"), N_("TEXT") },
  { "employees", 0, 0, G_OPTION_ARG_INT, &opt_employees, N_("Exact number of employees; -1 when not known"), N_("N") },
  { "founded-on", 0, 0, G_OPTION_ARG_STRING, &opt_founded_on, N_("Creation date of the company, for example 24/05/2017"), N_("DATE") },
  { "status", 0, 0, G_OPTION_ARG_STRING, &opt_status, N_("Follow-up status: lead, contacted, diagnosed, plan_delivered, accompanied, followed_up, closed"), N_("STATUS") },
  { "notes", 0, 0, G_OPTION_ARG_STRING, &opt_notes, N_("Free notes"), N_("TEXT") },
  { "tags", 0, 0, G_OPTION_ARG_STRING, &opt_tags, N_("Tags, separated by commas"), N_("TAGS") },
  { "consent-share", 0, 0, G_OPTION_ARG_STRING, &opt_consent_share, N_("Whether the company agreed to be shared with the platform: yes or no"), N_("yes|no") },
  { NULL }
};

/* Applies the options given; an empty value clears the field. */
static gboolean
apply_company_options (CnCompany  *company,
                       GError    **error)
{
  if (opt_name) cn_company_set_name (company, opt_name);
  if (opt_siret) cn_company_set_siret (company, opt_siret);
  if (opt_siren) cn_company_set_siren (company, opt_siren);
  if (opt_naf) cn_company_set_naf (company, opt_naf);
  if (opt_headcount) cn_company_set_headcount (company, opt_headcount);
  if (opt_revenue) cn_company_set_revenue (company, opt_revenue);
  if (opt_customer_type) cn_company_set_customer_type (company, opt_customer_type);
  if (opt_web_presence) cn_company_set_web_presence (company, opt_web_presence);
  if (opt_address) cn_company_set_address (company, opt_address);
  if (opt_postcode) cn_company_set_postcode (company, opt_postcode);
  if (opt_commune) cn_company_set_commune (company, opt_commune);
  if (opt_founded_on) cn_company_set_founded_on (company, opt_founded_on);
  if (opt_employees >= -1) cn_company_set_employees (company, opt_employees);
  if (opt_notes) cn_company_set_notes (company, opt_notes);

  /* A SIRET replaces the SIREN it starts with. */
  if (opt_siret && !opt_siren)
    cn_company_set_siren (company, NULL);

  if (opt_tags)
    {
      g_auto(GStrv) tags = g_strsplit (opt_tags, ",", -1);
      cn_company_set_tags (company, (const char * const *) tags);
    }

  if (opt_status)
    {
      CnCompanyStatus status;
      if (!cn_company_status_from_string (opt_status, &status))
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                       _("Unknown status “%s” (expected lead, contacted, diagnosed, plan_delivered, accompanied, followed_up or closed)."),
                       opt_status);
          return FALSE;
        }
      cn_company_set_status (company, status);
    }

  if (opt_consent_share)
    {
      if (g_ascii_strcasecmp (opt_consent_share, "yes") == 0 || g_ascii_strcasecmp (opt_consent_share, "oui") == 0)
        cn_company_set_consent_share (company, TRUE);
      else if (g_ascii_strcasecmp (opt_consent_share, "no") == 0 || g_ascii_strcasecmp (opt_consent_share, "non") == 0)
        cn_company_set_consent_share (company, FALSE);
      else
        {
          g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                               _("--consent-share takes yes or no."));
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- JSON ------------------------------------------------------------- */

void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
build_company_json (JsonBuilder *builder,
                    CnCompany   *company,
                    GPtrArray   *contacts)
{
  const char * const *tags = cn_company_get_tags (company);
  gint64 revision = cn_company_get_revision (company);

  json_builder_begin_object (builder);
  add_string (builder, "id", cn_company_get_id (company));
  add_string (builder, "name", cn_company_get_name (company));
  add_string (builder, "siren", cn_company_get_siren (company));
  add_string (builder, "siret", cn_company_get_siret (company));
  add_string (builder, "naf", cn_company_get_naf (company));
  add_string (builder, "naf_label", cn_naf_label (cn_company_get_naf (company)));
  add_string (builder, "headcount", cn_company_get_headcount (company));
  json_builder_set_member_name (builder, "employees");
  if (cn_company_get_employees (company) >= 0)
    json_builder_add_int_value (builder, cn_company_get_employees (company));
  else
    json_builder_add_null_value (builder);
  add_string (builder, "revenue", cn_company_get_revenue (company));
  add_string (builder, "customer_type", cn_company_get_customer_type (company));
  add_string (builder, "web_presence", cn_company_get_web_presence (company));
  add_string (builder, "address", cn_company_get_address (company));
  add_string (builder, "postcode", cn_company_get_postcode (company));
  add_string (builder, "commune", cn_company_get_commune (company));
  add_string (builder, "department", cn_company_get_department (company));
  add_string (builder, "region", cn_company_get_region (company));
  add_string (builder, "founded_on", cn_company_get_founded_on (company));
  add_string (builder, "status", cn_company_status_to_string (cn_company_get_status (company)));
  add_string (builder, "notes", cn_company_get_notes (company));
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags[i]; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "consent_share");
  json_builder_add_boolean_value (builder, cn_company_get_consent_share (company));
  add_string (builder, "created_at", cn_company_get_created_at (company));
  add_string (builder, "updated_at", cn_company_get_updated_at (company));
  add_string (builder, "last_activity_at", cn_company_get_last_activity_at (company));
  json_builder_set_member_name (builder, "revision");
  if (revision >= 0)
    json_builder_add_int_value (builder, revision);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "contacts");
  json_builder_begin_array (builder);
  for (guint i = 0; contacts && i < contacts->len; i++)
    {
      CnContact *contact = g_ptr_array_index (contacts, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", cn_contact_get_id (contact));
      add_string (builder, "name", cn_contact_get_name (contact));
      add_string (builder, "role", cn_contact_get_role (contact));
      add_string (builder, "email", cn_contact_get_email (contact));
      add_string (builder, "phone", cn_contact_get_phone (contact));
      json_builder_set_member_name (builder, "consent");
      json_builder_add_boolean_value (builder, cn_contact_get_consent (contact));
      add_string (builder, "consent_date", cn_contact_get_consent_date (contact));
      add_string (builder, "consent_purpose", cn_contact_get_consent_purpose (contact));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

/* ---- commands --------------------------------------------------------- */

static char *opt_search, *opt_format, *opt_filter_status, *opt_department, *opt_section, *opt_filter_headcount, *opt_sort;

static const GOptionEntry filter_entries[] = {
  { "search", 's', 0, G_OPTION_ARG_STRING, &opt_search, N_("Only companies matching these words (name, commune, activity, contacts, notes)"), N_("TEXT") },
  { "status", 0, 0, G_OPTION_ARG_STRING, &opt_filter_status, N_("Only companies with this follow-up status"), N_("STATUS") },
  { "department", 0, 0, G_OPTION_ARG_STRING, &opt_department, N_("Only companies in this department (INSEE code)"), N_("CODE") },
  { "sector", 0, 0, G_OPTION_ARG_STRING, &opt_section, N_("Only companies in this NAF section (A to U)"), N_("LETTER") },
  { "headcount", 0, 0, G_OPTION_ARG_STRING, &opt_filter_headcount, N_("Only companies in this headcount bracket"), N_("CODE") },
  { "sort", 0, 0, G_OPTION_ARG_STRING, &opt_sort, N_("Order: name (default) or activity"), N_("ORDER") },
  { NULL }
};

static gboolean
build_filter (CnCompanyFilter  *filter,
              GError          **error)
{
  *filter = (CnCompanyFilter) CN_COMPANY_FILTER_INIT;
  filter->search = opt_search;
  filter->department = opt_department;
  filter->headcount = opt_filter_headcount;

  if (opt_filter_status)
    {
      CnCompanyStatus status;
      if (!cn_company_status_from_string (opt_filter_status, &status))
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID, _("Unknown status “%s”."), opt_filter_status);
          return FALSE;
        }
      filter->status = status;
    }
  if (opt_section)
    {
      if (strlen (opt_section) != 1 || cn_naf_section_label (g_ascii_toupper (opt_section[0])) == NULL)
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID, _("“%s” is not a NAF section (A to U)."), opt_section);
          return FALSE;
        }
      filter->naf_section = g_ascii_toupper (opt_section[0]);
    }
  if (opt_sort)
    {
      if (g_str_equal (opt_sort, "name"))
        filter->sort = CN_COMPANY_SORT_NAME;
      else if (g_str_equal (opt_sort, "activity"))
        filter->sort = CN_COMPANY_SORT_LAST_ACTIVITY;
      else
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID, _("Unknown order “%s” (expected name or activity)."), opt_sort);
          return FALSE;
        }
    }
  return TRUE;
}

static int
cmd_list (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  CnCompanyFilter filter;
  const GOptionEntry format_entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default), csv or json"), N_("FORMAT") },
    { NULL }
  };
  int status;

  context = new_context (NULL, _("Lists the companies of the portfolio."), filter_entries);
  g_option_context_add_main_entries (context, format_entries, GETTEXT_PACKAGE);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (context, _("list takes no file or identifier."));
  if (opt_format && !g_str_equal (opt_format, "text") && !g_str_equal (opt_format, "csv") && !g_str_equal (opt_format, "json"))
    return usage_error (context, _("--format takes text, csv or json."));
  if (!build_filter (&filter, &error))
    return usage_error (context, error->message);

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;

  if (opt_format && g_str_equal (opt_format, "csv"))
    {
      g_autofree char *data = cn_csv_export_data (store, &filter, NULL, &error);
      if (data == NULL)
        {
          print_error (error->message);
          return EXIT_FAILED;
        }
      fputs (data, stdout);
      return EXIT_OK;
    }

  rows = cn_store_find_companies (store, &filter, &error);
  if (rows == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  if (opt_format && g_str_equal (opt_format, "json"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < rows->len; i++)
        {
          g_autoptr(CnCompany) company = cn_store_get_company_by_rowid (store, g_array_index (rows, gint64, i), &error);
          g_autoptr(GPtrArray) contacts = NULL;

          if (company == NULL ||
              (contacts = cn_store_list_contacts (store, cn_company_get_id (company), &error)) == NULL)
            {
              print_error (error->message);
              return EXIT_FAILED;
            }
          build_company_json (builder, company, contacts);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return EXIT_OK;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(CnCompany) company = cn_store_get_company_by_rowid (store, g_array_index (rows, gint64, i), &error);

      if (company == NULL)
        {
          print_error (error->message);
          return EXIT_FAILED;
        }
      g_print ("%s\t%s\t%s\t%s %s\t%s\n",
               cn_company_get_id (company),
               cn_company_get_name (company),
               cn_company_get_siret (company) ? cn_company_get_siret (company) : "-",
               cn_company_get_postcode (company) ? cn_company_get_postcode (company) : "",
               cn_company_get_commune (company) ? cn_company_get_commune (company) : "",
               cn_company_status_label (cn_company_get_status (company)));
    }
  return EXIT_OK;
}

static int
report_field_error (GError *error)
{
  print_error (error->message);
  return error->domain == CN_ERROR && error->code == CN_ERROR_INVALID ? EXIT_USAGE : EXIT_FAILED;
}

static char *opt_from_registry, *opt_registry_url;

static int
cmd_add (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(GError) error = NULL;
  const GOptionEntry registry_entries[] = {
    { "from-registry", 0, 0, G_OPTION_ARG_STRING, &opt_from_registry, N_("Fill the company in from the public directory, by its SIREN or SIRET; the other options override what it says"), N_("SIREN") },
    { "registry-url", 0, 0, G_OPTION_ARG_STRING, &opt_registry_url, N_("Address of the company directory (default: the app’s setting, else the public directory)"), N_("URL") },
    { NULL }
  };
  int status;

  context = new_context (NULL, _("Adds a company to the portfolio and prints its identifier."), company_entries);
  g_option_context_add_main_entries (context, registry_entries, GETTEXT_PACKAGE);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (context, _("add takes its values as options, for example --name."));
  if (opt_name == NULL && opt_from_registry == NULL)
    return usage_error (context, _("add needs at least --name, or --from-registry."));

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (opt_from_registry &&
      !cli_registry_fill_company (store, company, opt_from_registry, opt_registry_url, &error))
    return report_field_error (error);
  if (!apply_company_options (company, &error))
    return report_field_error (error);
  if (!cn_store_add_company (store, company, NULL, &error))
    return report_field_error (error);

  g_print ("%s\n", cn_company_get_id (company));
  return EXIT_OK;
}

static CnCompany *
load_company (CnStore    *store,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  CnCompany *company = cn_store_get_company (store, id, &error);

  if (company == NULL)
    print_error (error->message);
  return company;
}

static void
print_line (const char *label,
            const char *value)
{
  if (value && *value)
    {
      /* Pad by characters, not bytes: French labels have accents. */
      glong width = g_utf8_strlen (label, -1);
      g_print ("%s%*s %s\n", label, (int) MAX (1, 28 - width), "", value);
    }
}

static int
cmd_show (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry format_entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { NULL }
  };
  int status;

  context = new_context (_("ID"), _("Shows everything about one company."), format_entries);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("show takes one company identifier."));
  if (opt_format && !g_str_equal (opt_format, "text") && !g_str_equal (opt_format, "json"))
    return usage_error (context, _("--format takes text or json."));

  if ((store = open_store ()) == NULL || (company = load_company (store, argv[1])) == NULL)
    return EXIT_FAILED;
  contacts = cn_store_list_contacts (store, argv[1], &error);
  events = contacts ? cn_store_list_events (store, argv[1], &error) : NULL;
  if (events == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  if (opt_format && g_str_equal (opt_format, "json"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      build_company_json (builder, company, contacts);
      print_json (builder);
      return EXIT_OK;
    }

  {
    g_autofree char *siret = cn_siret_format (cn_company_get_siret (company));
    g_autofree char *siren = cn_siren_format (cn_company_get_siren (company));
    g_autofree char *naf = NULL;
    g_autofree char *place = NULL;
    g_autofree char *tags = g_strjoinv (", ", (char **) cn_company_get_tags (company));
    const CnDepartment *dep = cn_geo_department_lookup (cn_company_get_department (company));
    const CnRegion *region = cn_geo_region_lookup (cn_company_get_region (company));
    guint n;
    const CnChoice *choices;

    if (cn_company_get_naf (company))
      naf = g_strdup_printf ("%s — %s", cn_company_get_naf (company), cn_naf_label (cn_company_get_naf (company)));
    if (dep)
      place = g_strdup_printf ("%s (%s), %s", dep->name, dep->code, region ? region->name : "");

    g_print ("%s\n\n", cn_company_get_name (company));
    print_line (_("Identifier"), cn_company_get_id (company));
    print_line (_("SIRET"), siret);
    print_line (_("SIREN"), siren);
    print_line (_("Activity"), naf);
    print_line (_("Headcount"), cn_headcount_label (cn_company_get_headcount (company)));
    if (cn_company_get_employees (company) >= 0)
      {
        g_autofree char *employees = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d employee", "%d employees",
                                                                   cn_company_get_employees (company)),
                                                      cn_company_get_employees (company));
        print_line (_("Employees"), employees);
      }
    choices = cn_revenue_brackets (&n);
    print_line (_("Revenue"), cn_choice_label (choices, n, cn_company_get_revenue (company)));
    choices = cn_customer_types (&n);
    print_line (_("Customers"), cn_choice_label (choices, n, cn_company_get_customer_type (company)));
    choices = cn_web_presences (&n);
    print_line (_("Online presence"), cn_choice_label (choices, n, cn_company_get_web_presence (company)));
    print_line (_("Address"), cn_company_get_address (company));
    {
      g_autofree char *town = g_strjoin (" ", cn_company_get_postcode (company) ?: "",
                                         cn_company_get_commune (company) ?: "", NULL);
      print_line (_("Commune"), g_strstrip (town));
    }
    print_line (_("Department"), place);
    if (cn_company_get_founded_on (company))
      {
        g_autofree char *noon = g_strdup_printf ("%sT12:00:00Z", cn_company_get_founded_on (company));
        g_autofree char *founded = cn_format_date_for_display (noon);

        print_line (_("Creation date"), founded);
      }
    print_line (_("Status"), cn_company_status_label (cn_company_get_status (company)));
    print_line (_("Tags"), tags);
    print_line (_("Shared with platform"), cn_company_get_consent_share (company) ? _("yes") : _("no"));

    if (contacts->len > 0)
      {
        g_print ("\n%s\n", _("Contacts"));
        for (guint i = 0; i < contacts->len; i++)
          {
            CnContact *c = g_ptr_array_index (contacts, i);
            g_autoptr(GString) line = g_string_new (cn_contact_get_name (c));

            if (cn_contact_get_role (c))
              g_string_append_printf (line, ", %s", cn_contact_get_role (c));
            if (cn_contact_get_email (c))
              g_string_append_printf (line, " <%s>", cn_contact_get_email (c));
            if (cn_contact_get_phone (c))
              g_string_append_printf (line, " %s", cn_contact_get_phone (c));
            g_print ("  %s\n", line->str);
          }
      }

    if (*cn_company_get_notes (company))
      g_print ("\n%s\n%s\n", _("Notes"), cn_company_get_notes (company));

    g_print ("\n%s\n", _("Timeline"));
    for (guint i = 0; i < events->len; i++)
      {
        CnEvent *event = g_ptr_array_index (events, i);
        g_autofree char *when = cn_format_datetime_for_display (cn_event_get_at (event));
        g_autofree char *what = cn_event_describe (event);
        g_print ("  %s  %s\n", when, what);
      }
  }
  return EXIT_OK;
}

static int
cmd_edit (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = new_context (_("ID"), _("Changes the given fields of a company; an empty value clears a field."), company_entries);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("edit takes one company identifier."));

  if ((store = open_store ()) == NULL || (company = load_company (store, argv[1])) == NULL)
    return EXIT_FAILED;
  if (!apply_company_options (company, &error) ||
      !cn_store_update_company (store, company, NULL, &error))
    return report_field_error (error);
  return EXIT_OK;
}

static int
cmd_delete (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = new_context (_("ID"), _("Deletes a company with its contacts and timeline."), NULL);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("delete takes one company identifier."));

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (!cn_store_delete_company (store, argv[1], NULL, &error))
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  return EXIT_OK;
}

static int
cmd_import (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = new_context (_("FILE"), _("Imports companies from a CSV spreadsheet (“;” or “,” separated, UTF-8 or Windows-1252). Companies already in the portfolio (same SIRET, or same name and postcode) are updated, not duplicated.\n\nExit status: 0 when every row was imported, 3 when some rows were skipped (listed on standard error), 1 when nothing could be imported."), NULL);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("import takes one file."));

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  report = cn_csv_import_file (store, argv[1], NULL, NULL, &error);
  if (report == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  for (guint i = 0; i < report->problems->len; i++)
    {
      CnImportProblem *problem = g_ptr_array_index (report->problems, i);
      g_printerr ("%s: %s\n", argv[1], problem->message);
    }
  /* Translators: the summary of an import; keep the numbers in this order */
  g_print (_("%u added, %u updated, %u unchanged, %u skipped\n"),
           report->added, report->updated, report->unchanged, report->skipped);
  return report->skipped > 0 ? EXIT_PARTIAL : EXIT_OK;
}

static int
cmd_export (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CnCompanyFilter filter;
  guint n = 0;
  int status;

  context = new_context (_("FILE"), _("Exports the companies (all, or those matching the filters) to a “;”-separated CSV file that spreadsheets open directly."), filter_entries);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("export takes one file."));
  if (!build_filter (&filter, &error))
    return usage_error (context, error->message);

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (!cn_csv_export_file (store, &filter, argv[1], &n, &error))
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  g_print (ngettext ("%u company exported to %s\n", "%u companies exported to %s\n", n), n, argv[1]);
  return EXIT_OK;
}

int
cli_dispatch (const char       *group,
              const CliCommand *table,
              guint             n,
              int               argc,
              char            **argv)
{
  gboolean help = argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"));
  FILE *out = help ? stdout : stderr;

  if (argc >= 2)
    for (guint i = 0; i < n; i++)
      if (g_str_equal (argv[1], table[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("connecteur-cli %s %s", group, table[i].name);

          g_set_prgname (prgname);
          return table[i].run (argc - 1, argv + 1);
        }
  if (argc >= 2 && !help)
    {
      g_autofree char *message = g_strdup_printf (_("unknown command “%s %s”."), group, argv[1]);
      print_error (message);
    }
  fprintf (out, "%s\n\n%s\n", _("Usage:"), _("Commands:"));
  for (guint i = 0; i < n; i++)
    fprintf (out, "  %s %-10s %s\n", group, table[i].name, _(table[i].summary));
  return help ? EXIT_OK : EXIT_USAGE;
}

static const struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "list", cmd_list, N_("List companies (text, csv or json)") },
  { "add", cmd_add, N_("Add a company and print its identifier") },
  { "show", cmd_show, N_("Show one company") },
  { "edit", cmd_edit, N_("Change fields of a company") },
  { "delete", cmd_delete, N_("Delete a company") },
  { "import", cmd_import, N_("Import companies from a CSV file") },
  { "export", cmd_export, N_("Export companies to a CSV file") },
  { "diagnostic", cli_diagnostic, N_("Diagnostics: template, run, show, list") },
  { "referential", cli_referential, N_("Questionnaires: check a file") },
  { "plan", cli_plan, N_("Action plans: export as PDF") },
  { "appointment", cli_appointment, N_("Appointments: add, list, export, set-status") },
  { "report", cli_report, N_("Progress reports: add, list") },
  { "outreach", cli_outreach, N_("Awareness actions: add, list") },
  { "dashboard", cli_dashboard, N_("The programme's indicators") },
  { "registry", cli_registry, N_("Company directory: search it") },
  { "sync", cli_sync, N_("Sync with the national platform") },
  { "lead", cli_lead, N_("Leads from the platform: list, adopt") },
  { "privacy", cli_privacy, N_("GDPR: export or erase a company, retention") },
  { "aids", cli_aids, N_("Financial aids a company is eligible for") },
  { "catalogue", cli_catalogue, N_("Catalogue: versions, check, import, search") },
  { "provider", cli_provider, N_("Providers: declare links, rate") },
  { "basket", cli_basket, N_("Recommendation basket of a company") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n%s\n", _("Usage: connecteur-cli COMMAND [OPTION…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “connecteur-cli COMMAND --help” for the options of a command."));
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("CONNECTEUR_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("connecteur-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("connecteur-cli %s", commands[i].name);
        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”."), argv[1]);
    print_error (message);
  }
  print_usage (stderr);
  return EXIT_USAGE;
}
