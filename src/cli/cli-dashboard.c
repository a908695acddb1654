/* SPDX-License-Identifier: GPL-3.0-or-later */
/* connecteur-cli dashboard: the programme's indicators over a period.  The
 * JSON members and the CSV indicator ids are an interface: keep them. */
#define G_LOG_DOMAIN "connecteur-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "cn-dashboard.h"
#include "cn-error.h"

#include "cli-common.h"

#include <locale.h>

/* Text output follows the reader's locale: "37,5" in French. */
static gboolean
decimal_comma (void)
{
  const struct lconv *conventions = localeconv ();

  return conventions != NULL && conventions->decimal_point != NULL && conventions->decimal_point[0] == ',';
}

static char *opt_from, *opt_to, *opt_dashboard_format;

/* Width of the bar drawn after a count, for the largest one of its group. */
#define BAR_WIDTH 30

static guint
text_width (const char *text)
{
  return (guint) g_utf8_strlen (text, -1);
}

/* Text: one line per indicator, labels aligned; the counts of the
 * companies by status and of the appointments get a bar, scaled on the
 * largest of their group, to be seen at a glance. */
static void
print_text (const CnDashboard *dashboard)
{
  guint n = cn_dashboard_get_n_indicators ();
  g_autofree CnDashboardIndicator *indicators = g_new0 (CnDashboardIndicator, n);
  g_autofree char *period = NULL;
  guint label_width = 0, value_width = 0;
  gint64 status_max = 1, appointment_max = 1;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = NULL;

      cn_dashboard_get_indicator (dashboard, i, &indicators[i]);
      value = cn_dashboard_format_value (&indicators[i], decimal_comma ());
      label_width = MAX (label_width, text_width (indicators[i].label));
      value_width = MAX (value_width, text_width (value));
      if (g_str_has_prefix (indicators[i].id, "companies_") && !g_str_equal (indicators[i].id, "companies_total"))
        status_max = MAX (status_max, indicators[i].count);
      if (g_str_has_prefix (indicators[i].id, "appointments_"))
        appointment_max = MAX (appointment_max, indicators[i].count);
    }

  if (dashboard->from && dashboard->to)
    /* Translators: the period of the dashboard, two dates YYYY-MM-DD */
    period = g_strdup_printf (_("Period: %s to %s"), dashboard->from, dashboard->to);
  else if (dashboard->from)
    period = g_strdup_printf (_("Period: from %s"), dashboard->from);
  else if (dashboard->to)
    period = g_strdup_printf (_("Period: until %s"), dashboard->to);
  else
    period = g_strdup (_("Period: all time"));
  g_print ("%s\n\n", period);

  for (guint i = 0; i < n; i++)
    {
      const CnDashboardIndicator *indicator = &indicators[i];
      g_autofree char *value = cn_dashboard_format_value (indicator, decimal_comma ());
      g_autoptr(GString) line = g_string_new (indicator->label);
      gint64 max = 0;

      if (!indicator->present)
        {
          g_free (value);
          value = g_strdup ("—");
        }
      g_string_append_printf (line, "%*s", (int) (label_width - text_width (indicator->label) + 2), "");
      g_string_append_printf (line, "%*s%s", (int) (value_width - text_width (value)), "", value);

      if (g_str_has_prefix (indicator->id, "companies_") && !g_str_equal (indicator->id, "companies_total"))
        max = status_max;
      else if (g_str_has_prefix (indicator->id, "appointments_"))
        max = appointment_max;
      if (max > 0 && indicator->count > 0)
        {
          guint length = (guint) ((indicator->count * BAR_WIDTH + max / 2) / max);

          g_string_append (line, "  ");
          for (guint b = 0; b < length; b++)
            g_string_append (line, "█");
          if (length == 0 && indicator->count > 0)
            g_string_append (line, "▏");
        }
      g_print ("%s\n", line->str);

      /* A blank line between the groups. */
      if (i + 1 < n &&
          (g_str_equal (indicator->id, "companies_closed") ||
           g_str_equal (indicator->id, "gain_average") ||
           g_str_equal (indicator->id, "appointments_no_show") ||
           g_str_equal (indicator->id, "satisfaction_average")))
        g_print ("\n");
    }
}

int
cli_dashboard (int    argc,
               char **argv)
{
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from, N_("First day of the period, YYYY-MM-DD (default: the beginning)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, N_("Last day of the period, included, YYYY-MM-DD (default: no end)"), N_("DATE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_dashboard_format, N_("Output format: text (default), json or csv"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Prints the programme's indicators over a period: companies followed, diagnostics, appointments, reports, co-financing, connected commerce, satisfaction, awareness actions."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnDashboard) dashboard = NULL;
  g_autoptr(GError) error = NULL;
  const char *format;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("dashboard takes no argument."));
  format = opt_dashboard_format ? opt_dashboard_format : "text";
  if (!g_str_equal (format, "text") && !g_str_equal (format, "json") && !g_str_equal (format, "csv"))
    return usage_error (context, _("--format takes text, json or csv."));

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  dashboard = cn_dashboard_compute (store, opt_from, opt_to, &error);
  if (dashboard == NULL)
    {
      print_error (error->message);
      return error->domain == CN_ERROR && error->code == CN_ERROR_INVALID ? EXIT_USAGE : EXIT_FAILED;
    }

  if (g_str_equal (format, "json"))
    {
      g_autoptr(JsonNode) root = cn_dashboard_to_json (dashboard);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else if (g_str_equal (format, "csv"))
    {
      g_autoptr(GString) out = g_string_new (NULL);

      cn_dashboard_write_csv (dashboard, out);
      fwrite (out->str, 1, out->len, stdout);
    }
  else
    print_text (dashboard);
  return EXIT_OK;
}
