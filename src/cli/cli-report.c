/* SPDX-License-Identifier: GPL-3.0-or-later */
/* connecteur-cli report … and outreach …: progress reports and the outreach
 * log, for scripts.  The JSON shapes printed here are an interface: keep
 * them.  Exit 2 when the arguments are malformed (missing option, not a
 * number, unknown kind or format), 1 when the store refuses the values or
 * fails, with its message. */
#define G_LOG_DOMAIN "connecteur-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cn-error.h"
#include "cn-outreach.h"
#include "cn-report.h"
#include "cn-util.h"

#include "cli-common.h"

/* ---- shared helpers ------------------------------------------------------ */

static gboolean
is_date (const char *text)
{
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* A whole number; @option names it in the message. */
static gboolean
parse_int (GOptionContext *context,
           const char     *option,
           const char     *text,
           int            *value,
           int            *status)
{
  gint64 number;

  if (!g_ascii_string_to_signed (text, 10, G_MININT, G_MAXINT, &number, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("%s takes a whole number, not “%s”."), option, text);
      *status = usage_error (context, message);
      return FALSE;
    }
  *value = (int) number;
  return TRUE;
}

/* Euros, "1500", "1500.50" or "1500,5", to cents. */
static gboolean
parse_euros (const char *text,
             gint64     *cents)
{
  const char *p = text;
  gint64 euros = 0, fraction = 0;
  guint digits = 0, decimals = 0;

  for (; g_ascii_isdigit (*p); p++, digits++)
    {
      if (euros > G_MAXINT64 / 1000)
        return FALSE;
      euros = euros * 10 + (*p - '0');
    }
  if (digits == 0)
    return FALSE;
  if (*p == '.' || *p == ',')
    for (p++; g_ascii_isdigit (*p); p++)
      {
        if (++decimals > 2)
          return FALSE;
        fraction = fraction * 10 + (*p - '0');
      }
  if (*p != '\0' || (decimals == 0 && (p[-1] == '.' || p[-1] == ',')))
    return FALSE;
  if (decimals == 1)
    fraction *= 10;
  *cents = euros * 100 + fraction;
  return TRUE;
}

static gboolean
check_format (GOptionContext *context,
              const char     *format,
              gboolean       *json,
              int            *status)
{
  if (format && !g_str_equal (format, "text") && !g_str_equal (format, "json"))
    {
      *status = usage_error (context, _("--format takes text or json."));
      return FALSE;
    }
  *json = format && g_str_equal (format, "json");
  return TRUE;
}

static void
add_int_or_null (JsonBuilder *builder,
                 const char  *name,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_lines (JsonBuilder       *builder,
           const char        *name,
           const char *const *lines)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; lines != NULL && lines[i] != NULL; i++)
    json_builder_add_string_value (builder, lines[i]);
  json_builder_end_array (builder);
}

static void
print_failure (GError *error)
{
  print_error (error->message);
}

/* ---- reports ------------------------------------------------------------- */

static char *opt_company, *opt_date, *opt_summary, *opt_appointment;
static char *opt_satisfaction, *opt_time_spent, *opt_maturity_before, *opt_maturity_after;
static char *opt_cofinancing_amount, *opt_connected_commerce, *opt_format;
static char **opt_actions_done, **opt_next_steps, **opt_plan_actions;

static const GOptionEntry report_entries[] = {
  { "company", 'c', 0, G_OPTION_ARG_STRING, &opt_company, N_("Identifier of the company"), N_("ID") },
  { "date", 0, 0, G_OPTION_ARG_STRING, &opt_date, N_("Date of the report, YYYY-MM-DD"), N_("DATE") },
  { "summary", 0, 0, G_OPTION_ARG_STRING, &opt_summary, N_("Summary of the meeting or of the work done"), N_("TEXT") },
  { "appointment", 0, 0, G_OPTION_ARG_STRING, &opt_appointment, N_("Identifier of the appointment it follows (empty: none)"), N_("ID") },
  { "action-done", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_actions_done, N_("An action done since last time (repeat for several)"), N_("TEXT") },
  { "plan-action", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_plan_actions, N_("Identifier of an action of the company's plan, now done (repeat for several)"), N_("ID") },
  { "next-step", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_next_steps, N_("A next step (repeat for several)"), N_("TEXT") },
  { "maturity-before", 0, 0, G_OPTION_ARG_STRING, &opt_maturity_before, N_("Maturity level before, 1 to 5"), N_("N") },
  { "maturity-after", 0, 0, G_OPTION_ARG_STRING, &opt_maturity_after, N_("Maturity level after, 1 to 5"), N_("N") },
  { "time-spent", 0, 0, G_OPTION_ARG_STRING, &opt_time_spent, N_("Time spent, in minutes"), N_("MINUTES") },
  { "satisfaction", 0, 0, G_OPTION_ARG_STRING, &opt_satisfaction, N_("The business's satisfaction, 1 to 5"), N_("N") },
  { "connected-commerce", 0, 0, G_OPTION_ARG_STRING, &opt_connected_commerce, N_("Whether connected-commerce elements were put in place: yes or no"), N_("yes|no") },
  { "cofinancing-amount", 0, 0, G_OPTION_ARG_STRING, &opt_cofinancing_amount, N_("Co-financing requested, in euros (labelled connectors only)"), N_("EUR") },
  { NULL }
};

/* Applies the options given to @report; FALSE (with *status) when one is
 * malformed. */
static gboolean
apply_report_options (GOptionContext *context,
                      CnReport       *report,
                      int            *status)
{
  if (opt_company)
    cn_set_str (&report->company_id, opt_company);
  if (opt_date)
    cn_set_str (&report->date, opt_date);
  if (opt_summary)
    cn_set_str (&report->summary, opt_summary);
  if (opt_appointment)
    cn_set_str (&report->appointment_id, *opt_appointment ? opt_appointment : NULL);
  if (opt_actions_done)
    {
      g_strfreev (report->actions_done);
      report->actions_done = g_strdupv (opt_actions_done);
    }
  if (opt_next_steps)
    {
      g_strfreev (report->next_steps);
      report->next_steps = g_strdupv (opt_next_steps);
    }
  if ((opt_maturity_before && !parse_int (context, "--maturity-before", opt_maturity_before, &report->maturity_before, status)) ||
      (opt_maturity_after && !parse_int (context, "--maturity-after", opt_maturity_after, &report->maturity_after, status)) ||
      (opt_time_spent && !parse_int (context, "--time-spent", opt_time_spent, &report->time_spent_minutes, status)) ||
      (opt_satisfaction && !parse_int (context, "--satisfaction", opt_satisfaction, &report->satisfaction, status)))
    return FALSE;
  if (opt_connected_commerce)
    {
      if (g_str_equal (opt_connected_commerce, "yes"))
        report->connected_commerce = TRUE;
      else if (g_str_equal (opt_connected_commerce, "no"))
        report->connected_commerce = FALSE;
      else
        {
          *status = usage_error (context, _("--connected-commerce takes yes or no."));
          return FALSE;
        }
    }
  if (opt_cofinancing_amount)
    {
      if (!parse_euros (opt_cofinancing_amount, &report->cofinancing_amount_cents))
        {
          g_autofree char *message = g_strdup_printf (_("--cofinancing-amount takes an amount in euros such as 1500 or 1500.50, not “%s”."),
                                                      opt_cofinancing_amount);
          *status = usage_error (context, message);
          return FALSE;
        }
      if (report->cofinancing_status == CN_COFINANCING_NONE)
        report->cofinancing_status = CN_COFINANCING_REQUESTED;
    }
  return TRUE;
}

/* The fields of one revision. */
static void
add_revision_members (JsonBuilder    *builder,
                      const CnReport *report)
{
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, report->number);
  add_string (builder, "written_at", report->written_at);
  add_string (builder, "date", report->date);
  add_string (builder, "summary", report->summary);
  add_lines (builder, "actions_done", (const char *const *) report->actions_done);
  add_lines (builder, "next_steps", (const char *const *) report->next_steps);
  add_int_or_null (builder, "maturity_before", report->maturity_before);
  add_int_or_null (builder, "maturity_after", report->maturity_after);
  add_int_or_null (builder, "time_spent_minutes", report->time_spent_minutes);
  add_int_or_null (builder, "satisfaction", report->satisfaction);
  json_builder_set_member_name (builder, "connected_commerce");
  json_builder_add_boolean_value (builder, report->connected_commerce);
  /* As the platform has it. */
  json_builder_set_member_name (builder, "cofinancing");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requested");
  json_builder_add_boolean_value (builder, report->cofinancing_status != CN_COFINANCING_NONE);
  json_builder_set_member_name (builder, "amount_eur");
  if (report->cofinancing_amount_cents >= 0)
    {
      if (report->cofinancing_amount_cents % 100 == 0)
        json_builder_add_int_value (builder, report->cofinancing_amount_cents / 100);
      else
        json_builder_add_double_value (builder, report->cofinancing_amount_cents / 100.0);
    }
  else
    json_builder_add_null_value (builder);
  add_string (builder, "status", cn_cofinancing_status_to_string (report->cofinancing_status));
  json_builder_end_object (builder);
}

static void
add_report (JsonBuilder    *builder,
            const CnReport *report)
{
  add_string (builder, "id", report->id);
  add_string (builder, "company_id", report->company_id);
  add_string (builder, "appointment_id", report->appointment_id);
  add_string (builder, "created_at", report->created_at);
  add_string (builder, "updated_at", report->updated_at);
  add_revision_members (builder, report);
}

static int
cmd_report_add (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = new_context (NULL, _("Writes a progress report for a company and prints its identifier."), report_entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnReport) report = cn_report_new ();
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1 || opt_company == NULL || opt_date == NULL || opt_summary == NULL)
    return usage_error (context, _("add takes --company, --date and --summary."));
  if (!apply_report_options (context, report, &status))
    return status;

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (!cn_store_add_report (store, report, (const char *const *) opt_plan_actions, &error))
    {
      print_failure (error);
      return EXIT_FAILED;
    }
  g_print ("%s\n", report->id);
  return EXIT_OK;
}

static int
cmd_report_correct (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = new_context (_("ID"), _("Corrects a progress report: the options given replace those fields, and the result is kept as a new revision, the earlier ones staying readable. Prints the new revision number."), report_entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnReport) report = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("correct takes one report identifier."));

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if ((report = cn_store_get_report (store, argv[1], &error)) == NULL)
    {
      print_failure (error);
      return EXIT_FAILED;
    }
  if (!apply_report_options (context, report, &status))
    return status;
  if (!cn_store_correct_report (store, report, (const char *const *) opt_plan_actions, &error))
    {
      print_failure (error);
      return EXIT_FAILED;
    }
  g_print ("%d\n", report->number);
  return EXIT_OK;
}

static int
cmd_report_show (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = new_context (_("ID"), _("Shows a progress report as JSON: its current revision and every revision."), NULL);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnReport) report = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("show takes one report identifier."));
  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if ((report = cn_store_get_report (store, argv[1], &error)) == NULL ||
      (revisions = cn_store_list_report_revisions (store, argv[1], &error)) == NULL)
    {
      print_failure (error);
      return EXIT_FAILED;
    }

  json_builder_begin_object (builder);
  add_report (builder, report);
  json_builder_set_member_name (builder, "revisions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < revisions->len; i++)
    {
      json_builder_begin_object (builder);
      add_revision_members (builder, revisions->pdata[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  print_json (builder);
  return EXIT_OK;
}

static int
cmd_report_list (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "company", 'c', 0, G_OPTION_ARG_STRING, &opt_company, N_("Identifier of the company (default: every company)"), N_("ID") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Lists progress reports, newest first, as they stand after their corrections."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) names = NULL;
  gboolean json;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("list takes no argument."));
  if (!check_format (context, opt_format, &json, &status))
    return status;

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (opt_company != NULL)
    {
      g_autoptr(CnCompany) company = cn_store_get_company (store, opt_company, &error);

      if (company == NULL)
        {
          print_failure (error);
          return EXIT_FAILED;
        }
    }
  if ((list = cn_store_list_reports (store, opt_company, &error)) == NULL)
    {
      print_failure (error);
      return EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          json_builder_begin_object (builder);
          add_report (builder, list->pdata[i]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return EXIT_OK;
    }

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < list->len; i++)
    {
      CnReport *report = list->pdata[i];
      const char *name = g_hash_table_lookup (names, report->company_id);
      g_autofree char *first_line = g_strdup (report->summary);
      g_autofree char *revision = NULL;
      char *newline = strchr (first_line, '\n');

      if (newline != NULL)
        *newline = '\0';
      if (name == NULL)
        {
          g_autoptr(CnCompany) company = cn_store_get_company (store, report->company_id, NULL);

          name = company ? cn_company_get_name (company) : report->company_id;
          g_hash_table_insert (names, g_strdup (report->company_id), g_strdup (name));
          name = g_hash_table_lookup (names, report->company_id);
        }
      /* Translators: the revision number of a progress report, in a list */
      revision = report->number > 1 ? g_strdup_printf (_("revision %d"), report->number) : g_strdup ("");
      g_print ("%s\t%s\t%s\t%s\t%s\n", report->id, report->date, name, first_line, revision);
    }
  if (list->len == 0)
    g_printerr ("%s\n", _("No progress report yet."));
  return EXIT_OK;
}

/* ---- outreach ------------------------------------------------------------ */

static char *opt_kind, *opt_title, *opt_reached, *opt_leads, *opt_notes, *opt_from, *opt_to;
static char *opt_name, *opt_postcode;

static void
add_outreach (JsonBuilder      *builder,
              const CnOutreach *outreach)
{
  add_string (builder, "id", outreach->id);
  add_string (builder, "date", outreach->date);
  add_string (builder, "kind", cn_outreach_kind_to_string (outreach->kind));
  add_string (builder, "title", outreach->title);
  json_builder_set_member_name (builder, "smes_reached");
  json_builder_add_int_value (builder, outreach->smes_reached);
  json_builder_set_member_name (builder, "leads");
  json_builder_add_int_value (builder, outreach->leads);
  add_string (builder, "notes", outreach->notes);
}

static int
cmd_outreach_add (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &opt_date, N_("Date, YYYY-MM-DD"), N_("DATE") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &opt_kind, N_("Kind: event, workshop, call, visit or other"), N_("KIND") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &opt_title, N_("Title"), N_("TEXT") },
    { "reached", 0, 0, G_OPTION_ARG_STRING, &opt_reached, N_("Number of businesses reached (default: 0)"), N_("N") },
    { "leads", 0, 0, G_OPTION_ARG_STRING, &opt_leads, N_("Number of leads generated (default: 0)"), N_("N") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &opt_notes, N_("Free notes"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Records an awareness action (event, workshop, calls…) and prints its identifier."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnOutreach) outreach = cn_outreach_new ();
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1 || opt_date == NULL || opt_kind == NULL || opt_title == NULL)
    return usage_error (context, _("add takes --date, --kind and --title."));
  if (!cn_outreach_kind_from_string (opt_kind, &outreach->kind))
    return usage_error (context, _("--kind takes event, workshop, call, visit or other."));
  if ((opt_reached && !parse_int (context, "--reached", opt_reached, &outreach->smes_reached, &status)) ||
      (opt_leads && !parse_int (context, "--leads", opt_leads, &outreach->leads, &status)))
    return status;
  outreach->date = g_strdup (opt_date);
  outreach->title = g_strdup (opt_title);
  if (opt_notes)
    cn_set_str (&outreach->notes, opt_notes);

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (!cn_store_save_outreach (store, outreach, &error))
    {
      print_failure (error);
      return EXIT_FAILED;
    }
  g_print ("%s\n", outreach->id);
  return EXIT_OK;
}

static int
cmd_outreach_list (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from, N_("First day, YYYY-MM-DD"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, N_("Last day, YYYY-MM-DD"), N_("DATE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Lists awareness actions, newest first."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("list takes no argument."));
  if ((opt_from && !is_date (opt_from)) || (opt_to && !is_date (opt_to)))
    return usage_error (context, _("--from and --to take a date, YYYY-MM-DD."));
  if (!check_format (context, opt_format, &json, &status))
    return status;

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if ((list = cn_store_list_outreach (store, opt_from, opt_to, &error)) == NULL)
    {
      print_failure (error);
      return EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          json_builder_begin_object (builder);
          add_outreach (builder, list->pdata[i]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return EXIT_OK;
    }

  for (guint i = 0; i < list->len; i++)
    {
      CnOutreach *outreach = list->pdata[i];

      /* Translators: an awareness action in a list: businesses reached, then leads */
      g_autofree char *counts = g_strdup_printf (_("reached: %d, leads: %d"), outreach->smes_reached, outreach->leads);

      g_print ("%s\t%s\t%s\t%s\t%s\n", outreach->id, outreach->date,
               cn_outreach_kind_to_string (outreach->kind), outreach->title, counts);
    }
  if (list->len == 0)
    g_printerr ("%s\n", _("No awareness action in this period."));
  return EXIT_OK;
}

static int
cmd_outreach_to_company (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &opt_name, N_("Name of the business met"), N_("TEXT") },
    { "postcode", 0, 0, G_OPTION_ARG_STRING, &opt_postcode, N_("Postcode"), N_("CODE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (_("ID"), _("Adds a lead met during an awareness action to the portfolio (status lead, tagged with the action's title) and prints the company's identifier."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || opt_name == NULL)
    return usage_error (context, _("to-company takes one outreach identifier and --name."));
  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if ((company = cn_store_company_from_outreach (store, argv[1], opt_name, opt_postcode, &error)) == NULL)
    {
      print_failure (error);
      return EXIT_FAILED;
    }
  g_print ("%s\n", cn_company_get_id (company));
  return EXIT_OK;
}

/* ---- dispatch ------------------------------------------------------------ */

int
cli_report (int argc, char **argv)
{
  static const CliCommand table[] = {
    { "add", cmd_report_add, N_("Write a progress report and print its identifier") },
    { "correct", cmd_report_correct, N_("Correct a report (adds a revision)") },
    { "show", cmd_report_show, N_("Show a report and its revisions as JSON") },
    { "list", cmd_report_list, N_("List reports, newest first") },
  };

  return cli_dispatch ("report", table, G_N_ELEMENTS (table), argc, argv);
}

int
cli_outreach (int argc, char **argv)
{
  static const CliCommand table[] = {
    { "add", cmd_outreach_add, N_("Record an awareness action and print its identifier") },
    { "list", cmd_outreach_list, N_("List awareness actions, newest first") },
    { "to-company", cmd_outreach_to_company, N_("Add a lead met there to the portfolio") },
  };

  return cli_dispatch ("outreach", table, G_N_ELEMENTS (table), argc, argv);
}
