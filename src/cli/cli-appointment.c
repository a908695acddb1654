/* SPDX-License-Identifier: GPL-3.0-or-later */
/* connecteur-cli appointment …: appointments from scripts and calendars.
 * Times are typed and shown in Europe/Paris; the JSON members are the
 * platform's.  The shapes printed here are an interface: keep them. */
#define G_LOG_DOMAIN "connecteur-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "cn-appointment.h"
#include "cn-error.h"

#include "cli-common.h"

static char *opt_company;
static char *opt_start;
static char *opt_end;
static char *opt_mode;
static char *opt_location;
static char *opt_subject;
static char *opt_notes;
static char *opt_from;
static char *opt_to;
static char *opt_format;
static char *opt_output;

static int
fail_with (GError *error)
{
  print_error (error->message);
  return EXIT_FAILED;
}

/* "2026-12-03 09:30–10:30", or both dates when it spans midnight. */
static char *
format_span (const CnAppointment *appointment)
{
  g_autofree char *start_day = cn_appointment_format_time (appointment->starts_at, "%Y-%m-%d");
  g_autofree char *end_day = cn_appointment_format_time (appointment->ends_at, "%Y-%m-%d");
  g_autofree char *start = cn_appointment_format_time (appointment->starts_at, "%Y-%m-%d %H:%M");
  g_autofree char *end = cn_appointment_format_time (appointment->ends_at,
                                                      g_str_equal (start_day, end_day) ? "%H:%M" : "%Y-%m-%d %H:%M");

  return g_strdup_printf ("%s–%s", start, end);
}

static void
warn_overlaps (CnStore             *store,
               const CnAppointment *appointment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) overlaps = cn_store_find_overlaps (store, appointment, &error);

  if (overlaps == NULL)
    return;
  for (guint i = 0; i < overlaps->len; i++)
    {
      const CnAppointment *other = overlaps->pdata[i];
      g_autofree char *span = format_span (other);

      /* Translators: a warning of connecteur-cli: the first %s is an appointment's subject, the second its time, the third its identifier */
      g_printerr (_("Warning: this appointment overlaps “%s” (%s, %s).\n"), other->subject, span, other->id);
    }
}

/* ---- appointment add ---------------------------------------------------- */

static int
cmd_add (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "company", 'c', 0, G_OPTION_ARG_STRING, &opt_company, N_("Identifier of the company"), N_("ID") },
    { "start", 's', 0, G_OPTION_ARG_STRING, &opt_start, N_("Start, in French time (2026-12-03T09:30)"), N_("TIME") },
    { "end", 'e', 0, G_OPTION_ARG_STRING, &opt_end, N_("End, in French time (2026-12-03T10:30)"), N_("TIME") },
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &opt_mode, N_("on_site, phone or video"), N_("MODE") },
    { "location", 'l', 0, G_OPTION_ARG_STRING, &opt_location, N_("Where it takes place"), N_("TEXT") },
    { "subject", 0, 0, G_OPTION_ARG_STRING, &opt_subject, N_("What it is about"), N_("TEXT") },
    { "notes", 'n', 0, G_OPTION_ARG_STRING, &opt_notes, N_("Notes"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Plans an appointment with a company and prints its identifier. A warning tells when it overlaps another appointment."), entries);
  g_autoptr(CnAppointment) appointment = cn_appointment_new ();
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CnAppointmentField field;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1 || opt_company == NULL || opt_start == NULL || opt_end == NULL || opt_mode == NULL || opt_subject == NULL)
    return usage_error (context, _("add takes --company, --start, --end, --mode and --subject."));

  appointment->company_id = g_strdup (opt_company);
  if ((appointment->starts_at = cn_appointment_parse_time (opt_start, &error)) == NULL ||
      (appointment->ends_at = cn_appointment_parse_time (opt_end, &error)) == NULL)
    return usage_error (context, error->message);
  g_free (appointment->mode);
  appointment->mode = g_strdup (opt_mode);
  appointment->location = g_strdup (opt_location);
  appointment->subject = g_strdup (opt_subject);
  if (opt_notes)
    {
      g_free (appointment->notes);
      appointment->notes = g_strdup (opt_notes);
    }
  /* What is wrong in the arguments themselves is a usage error. */
  if (!cn_appointment_validate (appointment, &field, &error))
    return usage_error (context, error->message);

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (!cn_store_save_appointment (store, appointment, &field, &error))
    return fail_with (error);
  warn_overlaps (store, appointment);
  g_print ("%s\n", appointment->id);
  return EXIT_OK;
}

/* ---- appointment list / export ------------------------------------------ */

/* --from D (its local midnight) and --to D (inclusive: the next midnight). */
static gboolean
parse_range (GOptionContext  *context,
             char           **from,
             char           **to,
             int             *status)
{
  g_autoptr(GError) error = NULL;

  *from = *to = NULL;
  if ((opt_from && (*from = cn_appointment_parse_day (opt_from, 0, &error)) == NULL) ||
      (opt_to && (*to = cn_appointment_parse_day (opt_to, 1, &error)) == NULL))
    {
      g_clear_pointer (from, g_free);
      *status = usage_error (context, error->message);
      return FALSE;
    }
  if (*from && *to && g_strcmp0 (*from, *to) >= 0)
    {
      g_clear_pointer (from, g_free);
      g_clear_pointer (to, g_free);
      *status = usage_error (context, _("--to must not be before --from."));
      return FALSE;
    }
  return TRUE;
}

static GPtrArray *
list_range (CnStore    *store,
            const char *from,
            const char *to,
            int        *status)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list;

  if (opt_company != NULL)
    {
      g_autoptr(CnCompany) company = cn_store_get_company (store, opt_company, &error);

      if (company == NULL)
        {
          *status = fail_with (error);
          return NULL;
        }
    }
  list = cn_store_list_appointments (store, from, to, opt_company, &error);
  if (list == NULL)
    *status = fail_with (error);
  return list;
}

static const char *
company_name (CnStore    *store,
              GHashTable *names,
              const char *company_id)
{
  const char *name = g_hash_table_lookup (names, company_id);

  if (name == NULL)
    {
      g_autoptr(CnCompany) company = cn_store_get_company (store, company_id, NULL);

      g_hash_table_insert (names, g_strdup (company_id), g_strdup (company ? cn_company_get_name (company) : ""));
      name = g_hash_table_lookup (names, company_id);
    }
  return name;
}

static int
cmd_list (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from, N_("First day (2026-12-01)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, N_("Last day, included (2026-12-31)"), N_("DATE") },
    { "company", 'c', 0, G_OPTION_ARG_STRING, &opt_company, N_("Only this company's appointments"), N_("ID") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text (default), json or ics"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Lists appointments by start time, in French time."), entries);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int status = EXIT_OK;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("list takes no argument."));
  if (opt_format && !g_str_equal (opt_format, "text") && !g_str_equal (opt_format, "json") &&
      !g_str_equal (opt_format, "ics"))
    return usage_error (context, _("--format takes text, json or ics."));
  if (!parse_range (context, &from, &to, &status))
    return status;
  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if ((list = list_range (store, from, to, &status)) == NULL)
    return status;

  if (opt_format && g_str_equal (opt_format, "ics"))
    {
      g_autofree char *text = cn_appointments_to_ics (store, list, &error);

      if (text == NULL)
        return fail_with (error);
      fputs (text, stdout);
      return EXIT_OK;
    }

  if (opt_format && g_str_equal (opt_format, "json"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          const CnAppointment *appointment = list->pdata[i];

          json_builder_begin_object (builder);
          add_string (builder, "id", appointment->id);
          add_string (builder, "company_id", appointment->company_id);
          add_string (builder, "company_name", company_name (store, names, appointment->company_id));
          add_string (builder, "starts_at", appointment->starts_at);
          add_string (builder, "ends_at", appointment->ends_at);
          add_string (builder, "mode", appointment->mode);
          add_string (builder, "location", appointment->location);
          add_string (builder, "subject", appointment->subject);
          add_string (builder, "status", appointment->status);
          add_string (builder, "origin", appointment->origin);
          add_string (builder, "notes", appointment->notes);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return EXIT_OK;
    }

  for (guint i = 0; i < list->len; i++)
    {
      const CnAppointment *appointment = list->pdata[i];
      g_autofree char *span = format_span (appointment);

      g_print ("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", appointment->id, span,
               company_name (store, names, appointment->company_id),
               cn_appointment_mode_label (appointment->mode),
               cn_appointment_status_label (appointment->status),
               appointment->subject, appointment->location ? appointment->location : "");
    }
  if (list->len == 0)
    g_printerr ("%s\n", _("No appointment."));
  return EXIT_OK;
}

static int
cmd_export (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output, N_("Calendar file to write (.ics)"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &opt_from, N_("First day (2026-12-01)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to, N_("Last day, included (2026-12-31)"), N_("DATE") },
    { "company", 'c', 0, G_OPTION_ARG_STRING, &opt_company, N_("Only this company's appointments"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Writes appointments to an iCalendar file, for a calendar application."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int status = EXIT_OK;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1 || opt_output == NULL)
    return usage_error (context, _("export takes --output."));
  if (!parse_range (context, &from, &to, &status))
    return status;
  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if ((list = list_range (store, from, to, &status)) == NULL)
    return status;
  if (!cn_appointments_write_ics (store, list, opt_output, &error))
    return fail_with (error);
  return EXIT_OK;
}

/* ---- appointment set-status --------------------------------------------- */

static int
cmd_set_status (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = new_context (_("ID STATUS"), _("Records how an appointment went: planned, done, cancelled or no_show."), NULL);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return usage_error (context, _("set-status takes an appointment identifier and a status."));
  if (!cn_appointment_is_status (argv[2]))
    {
      g_autofree char *message = g_strdup_printf (_("Unknown appointment status “%s”: use planned, done, cancelled or no_show."),
                                                  argv[2]);
      return usage_error (context, message);
    }
  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (!cn_store_set_appointment_status (store, argv[1], argv[2], &error))
    return fail_with (error);
  return EXIT_OK;
}

/* ---- dispatch ----------------------------------------------------------- */

int
cli_appointment (int argc, char **argv)
{
  static const CliCommand table[] = {
    { "add", cmd_add, N_("Plan an appointment") },
    { "list", cmd_list, N_("List appointments as text, JSON or iCalendar") },
    { "export", cmd_export, N_("Write appointments to an iCalendar file") },
    { "set-status", cmd_set_status, N_("Record how an appointment went") },
  };

  return cli_dispatch ("appointment", table, G_N_ELEMENTS (table), argc, argv);
}
