/* SPDX-License-Identifier: GPL-3.0-or-later */
/* connecteur-cli sync and lead …: sync with the national platform from a
 * script or cron, and the leads it sends.  The token comes from
 * $CONNECTEUR_TOKEN, else from the keyring; it is never taken on the
 * command line, where other users could read it.  Exit 1 when the sync
 * could not finish (the message says why; nothing is lost), 2 on bad
 * arguments. */
#define G_LOG_DOMAIN "connecteur-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "cn-credentials.h"
#include "cn-headcount.h"
#include "cn-lead.h"
#include "cn-sync-engine.h"
#include "cn-util.h"

#include "cli-common.h"

/* ---- sync ------------------------------------------------------------------- */

typedef struct {
  GMainLoop    *loop;
  gboolean      ok;
  CnSyncCounts  counts;
  GError       *error;
} SyncWait;

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  SyncWait *wait = data;

  wait->ok = cn_sync_engine_sync_finish (CN_SYNC_ENGINE (source), result, &wait->counts, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* --url, else $CONNECTEUR_PLATFORM_URL, else the app's setting when its
 * schema is installed. */
static char *
platform_url (const char *option)
{
  const char *env = g_getenv ("CONNECTEUR_PLATFORM_URL");
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (option != NULL)
    return g_strdup (option);
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, APP_ID, TRUE)) != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *url = g_settings_get_string (settings, "platform-url");
      if (*url != '\0')
        return g_steal_pointer (&url);
    }
  return NULL;
}

static void
print_pending (CnStore *store)
{
  g_autoptr(GPtrArray) issues = cn_store_list_sync_issues (store, NULL);
  guint waiting = 0, held = 0;

  cn_store_count_sync_pending (store, &waiting, &held, NULL);
  g_print (ngettext ("Pending: %u change to send", "Pending: %u changes to send", waiting), waiting);
  if (held > 0)
    g_print (ngettext (", %u waiting for the connector (consent to share, conflict)",
                       ", %u waiting for the connector (consent to share, conflict)", held), held);
  g_print ("\n");
  if (issues != NULL && issues->len > 0)
    {
      g_print (ngettext ("%u record needs attention:\n", "%u records need attention:\n", issues->len), issues->len);
      for (guint i = 0; i < issues->len; i++)
        {
          CnSyncIssue *issue = issues->pdata[i];
          g_print ("  %s\t%s\t%s\t%s\n", issue->kind == CN_SYNC_ISSUE_CONFLICT ? _("conflict") : _("rejected"),
                   cn_sync_type_label (issue->entity_type), issue->entity_id,
                   issue->message ? issue->message : issue->title);
        }
    }
}

static int
cmd_sync (int argc, char **argv)
{
  static char *opt_url = NULL;
  static gboolean opt_status = FALSE;
  static const GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &opt_url, N_("Address of the platform (default: the app's setting)"), N_("URL") },
    { "status", 0, 0, G_OPTION_ARG_NONE, &opt_status, N_("Only show what waits to be sent, without syncing"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *last = NULL;
  SyncWait wait = { 0 };
  int status;

  context = new_context (NULL, _("Sends the changes waiting on this computer to the national platform and receives its own (appointments booked online, leads, co-financing decisions)."), entries);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (context, _("sync takes no argument."));

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (opt_status)
    {
      last = cn_store_get_last_sync (store, NULL);
      if (last != NULL)
        {
          g_autofree char *when = cn_format_datetime_for_display (last);
          g_print (_("Last sync: %s\n"), when);
        }
      else
        g_print ("%s\n", _("Never synced."));
      print_pending (store);
      return EXIT_OK;
    }

  url = platform_url (opt_url);
  if (url == NULL)
    {
      print_error (_("No platform address: pass --url or set it in the app's Preferences."));
      return EXIT_USAGE;
    }
  if (!cn_sync_check_url (url, &error))
    {
      print_error (error->message);
      return EXIT_USAGE;
    }

  if (g_getenv ("CONNECTEUR_TOKEN") != NULL && *g_getenv ("CONNECTEUR_TOKEN") != '\0')
    token = g_strdup (g_getenv ("CONNECTEUR_TOKEN"));
  else
    {
      token = cn_credentials_lookup_sync (url, NULL, &error);
      if (token == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("No access token for %s: sign in from the app's Preferences, or set CONNECTEUR_TOKEN.%s%s"),
                                                      url, error ? " " : "", error ? error->message : "");
          print_error (message);
          return EXIT_FAILED;
        }
    }

  engine = cn_sync_engine_new (store);
  cn_sync_engine_set_network_monitor (engine, NULL);
  if (!cn_sync_engine_set_url (engine, url, &error))
    {
      print_error (error->message);
      return EXIT_USAGE;
    }
  cn_sync_engine_set_token (engine, token);

  wait.loop = g_main_loop_new (NULL, FALSE);
  cn_sync_engine_sync_async (engine, NULL, sync_done, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);

  if (wait.counts.pushed || wait.counts.conflicts || wait.counts.rejected || wait.ok)
    {
      g_print (ngettext ("Sent: %u change applied", "Sent: %u changes applied", wait.counts.pushed), wait.counts.pushed);
      if (wait.counts.conflicts)
        g_print (ngettext (", %u conflict", ", %u conflicts", wait.counts.conflicts), wait.counts.conflicts);
      if (wait.counts.rejected)
        g_print (ngettext (", %u rejected", ", %u rejected", wait.counts.rejected), wait.counts.rejected);
      g_print ("\n");
      g_print (ngettext ("Received: %u change", "Received: %u changes", wait.counts.pulled), wait.counts.pulled);
      if (wait.counts.parked)
        g_print (ngettext (", %u waiting for its company", ", %u waiting for their company", wait.counts.parked), wait.counts.parked);
      if (wait.counts.ignored)
        g_print (ngettext (", %u unreadable (ignored)", ", %u unreadable (ignored)", wait.counts.ignored), wait.counts.ignored);
      g_print ("\n");
    }
  print_pending (store);

  if (!wait.ok)
    {
      print_error (wait.error->message);
      g_clear_error (&wait.error);
      return EXIT_FAILED;
    }
  return EXIT_OK;
}

int
cli_sync (int argc, char **argv)
{
  return cmd_sync (argc, argv);
}

/* ---- leads ---------------------------------------------------------------- */

static int
cmd_lead_list (int argc, char **argv)
{
  static char *opt_format = NULL;
  static gboolean opt_all = FALSE;
  static const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &opt_format, N_("Output format: text or json"), N_("FORMAT") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &opt_all, N_("Include the leads already followed"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = new_context (NULL, _("Lists the SMEs that took the platform's self-diagnostic and agreed to be contacted."), entries);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return usage_error (context, _("lead list takes no argument."));
  if (opt_format && !g_str_equal (opt_format, "text") && !g_str_equal (opt_format, "json"))
    return usage_error (context, _("--format takes text or json."));

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  leads = cn_store_list_leads (store, opt_all, &error);
  if (leads == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  if (opt_format && g_str_equal (opt_format, "json"))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < leads->len; i++)
        {
          CnLead *lead = leads->pdata[i];

          json_builder_begin_object (builder);
          add_string (builder, "id", lead->id);
          add_string (builder, "name", lead->name);
          add_string (builder, "siren", lead->siren);
          add_string (builder, "contact_name", lead->contact_name);
          add_string (builder, "contact_email", lead->contact_email);
          add_string (builder, "postcode", lead->postcode);
          add_string (builder, "naf", lead->naf);
          add_string (builder, "headcount_code", lead->headcount);
          json_builder_set_member_name (builder, "self_diagnostic");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "overall");
          if (lead->self_overall >= 0)
            json_builder_add_int_value (builder, lead->self_overall);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "level");
          if (lead->self_level > 0)
            json_builder_add_int_value (builder, lead->self_level);
          else
            json_builder_add_null_value (builder);
          add_string (builder, "completed_at", lead->self_completed_at);
          json_builder_end_object (builder);
          add_string (builder, "company_id", lead->company_id);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return EXIT_OK;
    }

  if (leads->len == 0)
    {
      g_print ("%s\n", _("No lead. Leads arrive from the platform when you sync."));
      return EXIT_OK;
    }
  for (guint i = 0; i < leads->len; i++)
    {
      CnLead *lead = leads->pdata[i];
      g_autofree char *level = lead->self_level > 0
                               ? g_strdup_printf (_("level %d of 5"), lead->self_level)
                               : g_strdup (_("no level"));

      g_print ("%s\t%s\t%s\t%s\t%s%s\n", lead->id, lead->name, lead->postcode ? lead->postcode : "",
               level, lead->contact_name ? lead->contact_name : "",
               lead->company_id ? _("\t(followed)") : "");
    }
  return EXIT_OK;
}

static int
cmd_lead_adopt (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *company_id = NULL;
  int status;

  context = new_context (_("ID"), _("Makes a lead a followed company, with the lead's data, and prints the company's identifier."), NULL);
  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("lead adopt takes the lead's identifier."));

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if (!cn_store_adopt_lead (store, argv[1], &company_id, &error))
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  g_print ("%s\n", company_id);
  return EXIT_OK;
}

int
cli_lead (int argc, char **argv)
{
  static const CliCommand table[] = {
    { "list", cmd_lead_list, N_("List the leads from the platform") },
    { "adopt", cmd_lead_adopt, N_("Make a lead a followed company") },
  };

  return cli_dispatch ("lead", table, G_N_ELEMENTS (table), argc, argv);
}
