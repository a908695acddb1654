/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sync against the loopback platform (cn-platform-server): a first sync,
 * edits on both sides and conflicts, every fault switch, a token that never
 * lands on disk, a company without consent that never travels, many
 * offline edits over several restarts, and the sync killed mid-way. */

#define _GNU_SOURCE
#include "config.h"

#include <signal.h>
#include <string.h>

#include <libsoup/soup.h>

#include "cn-appointment.h"
#include "cn-company.h"
#include "cn-error.h"
#include "cn-lead.h"
#include "cn-outreach.h"
#include "cn-profile.h"
#include "cn-report.h"
#include "cn-store-private.h"
#include "cn-sync-engine.h"
#include "cn-platform-server.h"
#include "cn-test-util.h"

#define TOKEN "tok-7b1e-SECRET-c0ffee"

typedef struct {
  char             *dir;
  CnStore          *store;
  CnSyncEngine     *engine;
  CnPlatformServer *server;
} Fixture;

static void
open_engine (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->engine = cn_sync_engine_new (f->store);
  cn_sync_engine_set_network_monitor (f->engine, NULL);
  cn_sync_engine_set_backoff (f->engine, 5, 50, 4);
  cn_sync_engine_set_timeout (f->engine, 5);
  g_assert_true (cn_sync_engine_set_url (f->engine, cn_platform_server_get_url (f->server), &error));
  g_assert_no_error (error);
  cn_sync_engine_set_token (f->engine, TOKEN);
}

static void
close_engine (Fixture *f)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->store);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cn_test_make_tmp_dir ();
  f->server = cn_platform_server_new (TOKEN, &error);
  g_assert_no_error (error);
  open_engine (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_engine (f);
  g_clear_object (&f->server);
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* ---- helpers ------------------------------------------------------------ */

/* A SIRET with a valid key, and a valid SIREN inside, numbered @n. */
static char *
make_siret (guint n)
{
  char digits[15];
  int sum;

  g_snprintf (digits, sizeof digits, "%08u", 31000000 + n);
  /* SIREN key: Luhn over 9 digits. */
  for (int key = 0; key < 10; key++)
    {
      digits[8] = '0' + key;
      sum = 0;
      for (int i = 0; i < 9; i++)
        {
          int d = digits[i] - '0';
          if (i % 2 == 1)
            d = d * 2 > 9 ? d * 2 - 9 : d * 2;
          sum += d;
        }
      if (sum % 10 == 0)
        break;
    }
  memcpy (digits + 9, "0001", 4);
  for (int key = 0; key < 10; key++)
    {
      digits[13] = '0' + key;
      sum = 0;
      for (int i = 0; i < 14; i++)
        {
          int d = digits[i] - '0';
          if (i % 2 == 0)
            d = d * 2 > 9 ? d * 2 - 9 : d * 2;
          sum += d;
        }
      if (sum % 10 == 0)
        break;
    }
  digits[14] = '\0';
  return g_strdup (digits);
}

static char *
add_company (Fixture    *f,
             const char *name,
             guint       n,
             gboolean    consent)
{
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *siret = make_siret (n);

  cn_company_set_name (company, name);
  cn_company_set_siret (company, siret);
  cn_company_set_naf (company, "47.71Z");
  cn_company_set_headcount (company, "11");
  cn_company_set_postcode (company, "19000");
  cn_company_set_commune (company, "Tulle");
  cn_company_set_consent_share (company, consent);
  g_assert_true (cn_store_add_company (f->store, company, NULL, &error));
  g_assert_no_error (error);
  return g_strdup (cn_company_get_id (company));
}

static char *
add_appointment (Fixture    *f,
                 const char *company_id,
                 const char *subject)
{
  g_autoptr(CnAppointment) appointment = cn_appointment_new ();
  g_autoptr(GError) error = NULL;

  appointment->company_id = g_strdup (company_id);
  appointment->starts_at = g_strdup ("2026-12-03T08:30:00Z");
  appointment->ends_at = g_strdup ("2026-12-03T10:00:00Z");
  appointment->subject = g_strdup (subject);
  appointment->location = g_strdup ("Sur place");
  g_assert_true (cn_store_save_appointment (f->store, appointment, NULL, &error));
  g_assert_no_error (error);
  return g_strdup (appointment->id);
}

static void
rename_appointment (Fixture    *f,
                    const char *id,
                    const char *subject)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) appointment = cn_store_get_appointment (f->store, id, &error);

  g_assert_no_error (error);
  g_free (appointment->subject);
  appointment->subject = g_strdup (subject);
  g_assert_true (cn_store_save_appointment (f->store, appointment, NULL, &error));
  g_assert_no_error (error);
}

static char *
add_report (Fixture    *f,
            const char *company_id,
            const char *summary)
{
  g_autoptr(CnReport) report = cn_report_new ();
  g_autoptr(GError) error = NULL;

  report->company_id = g_strdup (company_id);
  report->date = g_strdup ("2026-11-20");
  report->summary = g_strdup (summary);
  report->maturity_before = 2;
  report->time_spent_minutes = 90;
  g_assert_true (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_no_error (error);
  return g_strdup (report->id);
}

static char *
add_outreach (Fixture    *f,
              const char *title)
{
  g_autoptr(CnOutreach) outreach = cn_outreach_new ();
  g_autoptr(GError) error = NULL;

  outreach->date = g_strdup ("2026-11-18");
  outreach->kind = CN_OUTREACH_WORKSHOP;
  outreach->title = g_strdup (title);
  outreach->smes_reached = 12;
  outreach->leads = 3;
  g_assert_true (cn_store_save_outreach (f->store, outreach, &error));
  g_assert_no_error (error);
  return g_strdup (outreach->id);
}

typedef struct {
  GMainLoop    *loop;
  gboolean      ok;
  CnSyncCounts  counts;
  GError       *error;
} Wait;

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Wait *wait = data;

  wait->ok = cn_sync_engine_sync_finish (CN_SYNC_ENGINE (source), result, &wait->counts, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* One sync, run to its end on the loop the server shares. */
static gboolean
run_sync (Fixture       *f,
          CnSyncCounts  *counts,
          GError       **error)
{
  Wait wait = { 0 };

  wait.loop = g_main_loop_new (NULL, FALSE);
  cn_sync_engine_sync_async (f->engine, NULL, sync_done, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  if (counts)
    *counts = wait.counts;
  if (wait.error)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

static void
sync_ok (Fixture      *f,
         CnSyncCounts *counts)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (run_sync (f, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cn_sync_engine_get_state (f->engine), ==, CN_SYNC_STATE_IDLE);
}

static char *
server_string (Fixture    *f,
               const char *type,
               const char *id,
               const char *member)
{
  g_autoptr(JsonObject) data = cn_platform_server_dup_record_data (f->server, type, id);

  if (data == NULL || !json_object_has_member (data, member))
    return NULL;
  return g_strdup (json_object_get_string_member (data, member));
}

static gint64
db_int (Fixture    *f,
        const char *sql)
{
  return cn_test_query_int (cn_store_get_db (f->store), sql);
}

/* ---- the count at start ------------------------------------------------------ */

static void
on_pending_notify (GObject    *engine,
                   GParamSpec *pspec,
                   gpointer    data)
{
  g_main_loop_quit (data);
}

/* Ends a wait that took too long; the assertions that follow say what was
 * missing. */
static gboolean
give_up (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* A new engine does not count while it is made (the window waits on it),
 * but counts as soon as the main loop is idle. */
static void
test_first_count_when_idle (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *first = add_company (f, "Fleurs de Corrèze", 1, TRUE);
  g_autofree char *second = add_company (f, "Garage du Lac", 2, TRUE);
  g_autofree char *hidden = add_company (f, "Boulangerie Discrète", 3, FALSE);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint timeout;

  close_engine (f);
  open_engine (f);
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 0);

  g_signal_connect (f->engine, "notify::pending", G_CALLBACK (on_pending_notify), loop);
  timeout = g_timeout_add_seconds (10, give_up, loop);
  g_main_loop_run (loop);
  g_source_remove (timeout);
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 2);
  g_assert_cmpuint (cn_sync_engine_get_held (f->engine), ==, 0);
}

/* ---- first sync ------------------------------------------------------------ */

static void
test_first_sync (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *shared = add_company (f, "Fleurs de Corrèze", 1, TRUE);
  g_autofree char *private = add_company (f, "Boulangerie Discrète", 2, FALSE);
  g_autofree char *visit = add_appointment (f, shared, "Premier diagnostic");
  g_autofree char *hidden_visit = add_appointment (f, private, "Visite confidentielle");
  g_autofree char *report = add_report (f, shared, "Site vitrine à refaire");
  g_autofree char *outreach = add_outreach (f, "Atelier commerce connecté");
  g_autofree char *booked = NULL;
  g_autofree char *booked_json = NULL;
  g_autofree char *lead = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnProfile) profile = NULL;
  g_autoptr(GPtrArray) leads = NULL;
  g_autoptr(CnAppointment) pulled = NULL;
  CnSyncCounts counts;

  cn_sync_engine_recount (f->engine);
  /* The company without consent is not even counted; what names it waits. */
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 4);
  g_assert_cmpuint (cn_sync_engine_get_held (f->engine), ==, 1);

  /* Something the SME booked online, and a lead, wait on the platform. */
  lead = cn_platform_server_add_lead (f->server, "Garage du Lac", &error);
  g_assert_no_error (error);

  sync_ok (f, &counts);
  g_assert_cmpuint (counts.pushed, ==, 4);
  g_assert_cmpuint (counts.conflicts, ==, 0);
  g_assert_cmpuint (counts.rejected, ==, 0);

  g_assert_cmpuint (cn_platform_server_count_records (f->server, "company"), ==, 1);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "appointment"), ==, 1);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "report"), ==, 1);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "outreach"), ==, 1);
  subject = server_string (f, "appointment", visit, "subject");
  g_assert_cmpstr (subject, ==, "Premier diagnostic");

  /* Nothing about the private company ever left the machine. */
  g_assert_false (cn_platform_server_request_log_contains (f->server, "Discrète"));
  g_assert_false (cn_platform_server_request_log_contains (f->server, private));
  g_assert_false (cn_platform_server_request_log_contains (f->server, hidden_visit));
  g_assert_false (cn_platform_server_request_log_contains (f->server, TOKEN));

  /* The revisions the platform gave are stored. */
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM appointments WHERE revision = 1"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE batch_id IS NOT NULL"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM sync_batches"), ==, 0);
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 0);
  g_assert_cmpuint (cn_sync_engine_get_held (f->engine), ==, 1);
  g_assert_nonnull (cn_sync_engine_get_last_sync (f->engine));

  /* GET /me made the connector labelled, with the label's expiry. */
  profile = cn_store_get_profile (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (profile->kind, ==, CN_CONNECTOR_LABELLED);
  g_assert_cmpstr (profile->label_expires_on, ==, "2027-03-31");

  leads = cn_store_list_leads (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leads->len, ==, 1);
  g_assert_cmpstr (((CnLead *) leads->pdata[0])->name, ==, "Garage du Lac");

  /* An appointment booked online arrives with origin "platform". */
  booked = cn_platform_server_add_appointment (f->server, shared, NULL, NULL, &error);
  g_assert_no_error (error);
  sync_ok (f, &counts);
  booked_json = cn_platform_server_get_record_json (f->server, "appointment", booked);
  g_test_message ("pulled %u parked %u ignored %u: %s", counts.pulled, counts.parked, counts.ignored,
                  booked_json);
  g_assert_cmpuint (counts.pushed, ==, 0);
  g_assert_cmpuint (counts.pulled, ==, 1);
  pulled = cn_store_get_appointment (f->store, booked, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pulled->origin, ==, "platform");
  g_assert_cmpint (pulled->revision, ==, 1);
  /* Pulling it put nothing in the outbox. */
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outbox WHERE entity_type = 'appointment'"), ==, 1);

  /* A sync with nothing new changes nothing: our own changes come back
   * with their revision and are recognised. */
  sync_ok (f, &counts);
  g_assert_cmpuint (counts.pushed, ==, 0);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "appointment", visit), ==, 1);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "report", report), ==, 1);

  /* Giving consent lets the company and what names it leave. */
  {
    g_autoptr(CnCompany) company = cn_store_get_company (f->store, private, &error);
    g_assert_no_error (error);
    cn_company_set_consent_share (company, TRUE);
    g_assert_true (cn_store_update_company (f->store, company, NULL, &error));
    g_assert_no_error (error);
  }
  sync_ok (f, &counts);
  g_assert_cmpuint (counts.pushed, ==, 2);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "company"), ==, 2);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "appointment", hidden_visit), ==, 1);
  g_assert_cmpuint (cn_sync_engine_get_held (f->engine), ==, 0);
}

/* ---- the lead becomes a company ---------------------------------------------- */

static void
test_adopt_lead (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lead_id = cn_platform_server_add_lead (f->server, "Atelier Vélo", &error);
  g_autofree char *company_id = NULL;
  g_autofree char *again = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) leads = NULL;

  g_assert_no_error (error);
  sync_ok (f, NULL);
  g_assert_true (cn_store_adopt_lead (f->store, lead_id, &company_id, &error));
  g_assert_no_error (error);
  company = cn_store_get_company (f->store, company_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_company_get_name (company), ==, "Atelier Vélo");
  g_assert_cmpint (cn_company_get_status (company), ==, CN_COMPANY_STATUS_LEAD);
  contacts = cn_store_list_contacts (f->store, company_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_true (cn_contact_get_consent (contacts->pdata[0]));

  /* Adopted once: no longer listed, and adopting again gives the same. */
  leads = cn_store_list_leads (f->store, FALSE, &error);
  g_assert_cmpuint (leads->len, ==, 0);
  g_assert_true (cn_store_adopt_lead (f->store, lead_id, &again, &error));
  g_assert_cmpstr (again, ==, company_id);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM companies"), ==, 1);
}

/* ---- conflicts ----------------------------------------------------------- */

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *company = add_company (f, "Menuiserie Roche", 3, TRUE);
  g_autofree char *visit = add_appointment (f, company, "Diagnostic");
  g_autofree char *second = add_appointment (f, company, "Suivi");
  g_autofree char *visit_json = NULL;
  g_autofree char *subject = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) issues = NULL;
  g_autoptr(CnAppointment) local = NULL;
  g_autoptr(JsonNode) mine = NULL;
  CnSyncIssue *issue;
  CnSyncCounts counts;

  sync_ok (f, NULL);

  /* Both sides change the same appointments. */
  g_free (cn_platform_server_put_record (f->server, "appointment", visit,
                                         "{\"subject\": \"Diagnostic (changé en ligne)\"}", &error));
  g_assert_no_error (error);
  g_free (cn_platform_server_put_record (f->server, "appointment", second,
                                         "{\"subject\": \"Suivi (changé en ligne)\"}", &error));
  g_assert_no_error (error);
  rename_appointment (f, visit, "Diagnostic approfondi");
  rename_appointment (f, second, "Suivi trimestriel");
  cn_sync_engine_recount (f->engine);
  g_test_message ("pending %u held %u rev %d", cn_sync_engine_get_pending (f->engine), cn_sync_engine_get_held (f->engine),
                  (int) db_int (f, "SELECT count(*) FROM companies WHERE revision IS NOT NULL"));

  sync_ok (f, &counts);
  visit_json = cn_platform_server_get_record_json (f->server, "appointment", visit);
  g_test_message ("pushed %u conflicts %u rejected %u pulled %u: %s", counts.pushed, counts.conflicts,
                  counts.rejected, counts.pulled, visit_json);
  g_assert_cmpuint (counts.conflicts, ==, 2);
  issues = cn_store_list_sync_issues (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (issues->len, ==, 2);
  issue = issues->pdata[0];
  g_assert_cmpint (issue->kind, ==, CN_SYNC_ISSUE_CONFLICT);
  g_assert_cmpint (issue->server_revision, ==, 2);
  g_assert_nonnull (strstr (issue->server_data, "changé en ligne"));
  g_assert_cmpuint (cn_sync_engine_get_issues (f->engine), ==, 2);

  /* Nothing was overwritten on either side. */
  local = cn_store_get_appointment (f->store, visit, &error);
  g_assert_cmpstr (local->subject, ==, "Diagnostic approfondi");
  subject = server_string (f, "appointment", visit, "subject");
  g_assert_cmpstr (subject, ==, "Diagnostic (changé en ligne)");
  mine = cn_store_sync_record_data (f->store, "appointment", visit, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (mine), "subject"), ==, "Diagnostic approfondi");

  /* A conflict waits for the connector: another sync neither sends it
   * again nor overwrites it. */
  sync_ok (f, &counts);
  g_assert_cmpuint (counts.conflicts, ==, 0);
  g_assert_cmpuint (counts.pushed, ==, 0);
  g_assert_cmpuint (cn_sync_engine_get_issues (f->engine), ==, 2);
  g_clear_pointer (&local, cn_appointment_free);
  local = cn_store_get_appointment (f->store, visit, &error);
  g_assert_cmpstr (local->subject, ==, "Diagnostic approfondi");

  /* Keep mine for one, take the platform's for the other. */
  g_assert_true (cn_store_resolve_sync_conflict (f->store, "appointment", visit, CN_CONFLICT_KEEP_MINE, &error));
  g_assert_no_error (error);
  g_assert_true (cn_store_resolve_sync_conflict (f->store, "appointment", second, CN_CONFLICT_TAKE_PLATFORM, &error));
  g_assert_no_error (error);
  g_clear_pointer (&local, cn_appointment_free);
  local = cn_store_get_appointment (f->store, second, &error);
  g_assert_cmpstr (local->subject, ==, "Suivi (changé en ligne)");
  g_assert_false (cn_store_resolve_sync_conflict (f->store, "appointment", second, CN_CONFLICT_KEEP_MINE, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);

  sync_ok (f, &counts);
  g_assert_cmpuint (counts.pushed, ==, 1);
  g_clear_pointer (&subject, g_free);
  subject = server_string (f, "appointment", visit, "subject");
  g_assert_cmpstr (subject, ==, "Diagnostic approfondi");
  g_clear_pointer (&subject, g_free);
  subject = server_string (f, "appointment", second, "subject");
  g_assert_cmpstr (subject, ==, "Suivi (changé en ligne)");
  g_assert_cmpuint (cn_sync_engine_get_issues (f->engine), ==, 0);
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 0);
  g_assert_cmpuint (cn_sync_engine_get_held (f->engine), ==, 0);
}

/* The platform decides co-financing; the connector writes the text. */
static void
test_report_cofinancing (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *company = add_company (f, "Pressing Lumière", 4, TRUE);
  g_autofree char *first = add_report (f, company, "Caisse connectée installée");
  g_autofree char *second = add_report (f, company, "Formation réseaux sociaux");
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReport) report = NULL;
  g_autoptr(JsonObject) server = NULL;
  CnSyncCounts counts;

  sync_ok (f, NULL);

  /* The platform accepts the first one; nothing changed here. */
  g_assert_true (cn_platform_server_set_report_cofinancing (f->server, first, "accepted", &error));
  g_assert_no_error (error);
  /* It refuses the second one while the connector corrects its text. */
  g_assert_true (cn_platform_server_set_report_cofinancing (f->server, second, "refused", &error));
  report = cn_store_get_report (f->store, second, &error);
  g_assert_no_error (error);
  g_free (report->summary);
  report->summary = g_strdup ("Formation réseaux sociaux, deux séances");
  g_assert_true (cn_store_correct_report (f->store, report, NULL, &error));
  g_assert_no_error (error);

  sync_ok (f, &counts);
  g_clear_pointer (&report, cn_report_free);
  report = cn_store_get_report (f->store, first, &error);
  g_assert_cmpint (report->cofinancing_status, ==, CN_COFINANCING_ACCEPTED);
  g_assert_cmpstr (report->summary, ==, "Caisse connectée installée");

  g_clear_pointer (&report, cn_report_free);
  report = cn_store_get_report (f->store, second, &error);
  g_assert_cmpint (report->cofinancing_status, ==, CN_COFINANCING_REFUSED);
  g_assert_cmpstr (report->summary, ==, "Formation réseaux sociaux, deux séances");
  /* The platform has both: its status, the connector's text. */
  server = cn_platform_server_dup_record_data (f->server, "report", second);
  g_assert_cmpstr (json_object_get_string_member (server, "summary"), ==, "Formation réseaux sociaux, deux séances");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (server, "cofinancing"), "status"), ==, "refused");
  g_assert_cmpuint (cn_sync_engine_get_issues (f->engine), ==, 0);
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 0);
}

/* ---- rejections ------------------------------------------------------------ */

static void
test_rejected (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *company = add_company (f, "Épicerie Fine", 5, TRUE);
  g_autofree char *a = add_outreach (f, "Salon des artisans");
  g_autofree char *b = add_outreach (f, "Réunion CCI");
  g_autofree char *c = add_outreach (f, "Café numérique");
  const char *forbidden[] = { b, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CnSyncIssue) issue = NULL;
  CnSyncCounts counts;

  /* A batch refused with 403 is split until the culprit is found; the
   * others go, the culprit stays here, marked with the reason. */
  cn_platform_server_set_forbidden_ids (f->server, forbidden);
  sync_ok (f, &counts);
  g_assert_cmpuint (counts.pushed, ==, 3);
  g_assert_cmpuint (counts.rejected, ==, 1);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "outreach", a), ==, 1);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "outreach", c), ==, 1);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "outreach", b), ==, 0);
  issue = cn_store_get_sync_issue (f->store, "outreach", b, &error);
  g_assert_no_error (error);
  g_assert_nonnull (issue);
  g_assert_cmpint (issue->kind, ==, CN_SYNC_ISSUE_REJECTED);
  g_assert_cmpstr (issue->code, ==, "forbidden");
  g_assert_nonnull (issue->title);
  g_assert_nonnull (strstr (issue->title, "Réunion CCI"));
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM outreach"), ==, 3);
}

/* ---- faults ------------------------------------------------------------------- */

typedef void (*FaultSetter) (CnPlatformServer *server);

static void fault_503 (CnPlatformServer *s) { cn_platform_server_set_fail_503 (s, CN_PLATFORM_PATH_PUSH, 2, 1); }
static void fault_429 (CnPlatformServer *s) { cn_platform_server_set_fail_429 (s, CN_PLATFORM_PATH_ANY, 2, 0); }
static void fault_500 (CnPlatformServer *s) { cn_platform_server_set_fail_500 (s, CN_PLATFORM_PATH_ANY, 3); }
static void fault_drop_before (CnPlatformServer *s) { cn_platform_server_set_drop_before (s, CN_PLATFORM_PATH_PUSH, 2); }
static void fault_drop_after (CnPlatformServer *s) { cn_platform_server_set_drop_after (s, CN_PLATFORM_PATH_PUSH, 2); }
static void fault_drop_pull (CnPlatformServer *s) { cn_platform_server_set_drop_after (s, CN_PLATFORM_PATH_PULL, 1); }
static void fault_slow (CnPlatformServer *s) { cn_platform_server_set_slow_ms (s, 300); }
static void fault_expire (CnPlatformServer *s) { cn_platform_server_set_expire_cursor (s, TRUE); }
static void fault_401 (CnPlatformServer *s) { cn_platform_server_set_unauthorized (s, TRUE); }
/* More failures in a row than one sync retries: it gives up, the next one
 * finishes. */
static void fault_outage (CnPlatformServer *s) { cn_platform_server_set_drop_before (s, CN_PLATFORM_PATH_PUSH, 6); }

static void
test_fault (Fixture       *f,
            gconstpointer  data)
{
  FaultSetter set_fault = (FaultSetter) data;
  g_autofree char *company = add_company (f, "Quincaillerie Martin", 6, TRUE);
  g_autofree char *first = add_appointment (f, company, "Premier rendez-vous");
  g_autofree char *report = add_report (f, company, "Diagnostic fait");
  g_autofree char *outreach = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReport) correction = NULL;
  const char *types[] = { "company", "appointment", "report", "outreach" };
  CnPlatformStats stats;

  /* One sync first, so that a cursor exists (for the 410 case). */
  sync_ok (f, NULL);

  /* More edits, then the fault. */
  rename_appointment (f, first, "Premier rendez-vous (avancé)");
  correction = cn_store_get_report (f->store, report, &error);
  g_free (correction->summary);
  correction->summary = g_strdup ("Diagnostic fait, plan remis");
  g_assert_true (cn_store_correct_report (f->store, correction, NULL, &error));
  g_assert_no_error (error);
  outreach = add_outreach (f, "Petit-déjeuner numérique");
  g_free (cn_platform_server_add_appointment (f->server, company, NULL, NULL, &error));
  g_assert_no_error (error);

  set_fault (f->server);
  if (!run_sync (f, NULL, &error))
    {
      /* It may give up; nothing is lost and the reason is said. */
      g_assert_nonnull (error);
      g_assert_cmpint (cn_sync_engine_get_state (f->engine), !=, CN_SYNC_STATE_IDLE);
      g_assert_nonnull (cn_sync_engine_get_error_message (f->engine));
      g_clear_error (&error);
    }

  /* The switch did act on this sync. */
  cn_platform_server_get_stats (f->server, &stats);
  g_assert_cmpuint (stats.faults_fired, >, 0);

  /* The fault stops; the app (restarted, for good measure) catches up. */
  cn_platform_server_reset_faults (f->server);
  close_engine (f);
  open_engine (f);
  sync_ok (f, NULL);

  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM sync_batches"), ==, 0);
  /* Each record exactly once, with the latest data. */
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "company"), ==, 1);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "appointment"), ==, 2);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "report"), ==, 1);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "outreach"), ==, 1);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "appointment", first), ==, 2);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "report", report), ==, 2);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "outreach", outreach), ==, 1);
  subject = server_string (f, "appointment", first, "subject");
  g_assert_cmpstr (subject, ==, "Premier rendez-vous (avancé)");
  summary = server_string (f, "report", report, "summary");
  g_assert_cmpstr (summary, ==, "Diagnostic fait, plan remis");
  /* And everything the platform has is here. */
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM appointments"), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    g_assert_cmpuint (cn_platform_server_count_records (f->server, types[i]), >, 0);
}

/* A 401 stops at once and says so; nothing is retried with a bad token. */
static void
test_unauthorized (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *company = add_company (f, "Cordonnerie", 7, TRUE);
  g_autoptr(GError) error = NULL;
  guint before;

  cn_platform_server_set_token (f->server, "another-token");
  before = cn_platform_server_get_request_count (f->server);
  g_assert_false (run_sync (f, NULL, &error));
  g_assert_error (error, CN_SYNC_ERROR, CN_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpint (cn_sync_engine_get_state (f->engine), ==, CN_SYNC_STATE_NEEDS_TOKEN);
  g_assert_cmpuint (cn_platform_server_get_request_count (f->server) - before, ==, 1);
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 1);
  g_clear_error (&error);

  /* Without a token there is no request at all. */
  cn_sync_engine_set_token (f->engine, NULL);
  g_assert_false (run_sync (f, NULL, &error));
  g_assert_error (error, CN_SYNC_ERROR, CN_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (cn_platform_server_get_request_count (f->server) - before, ==, 1);
}

/* ---- the token never lands on disk ---------------------------------------------- */

static void
assert_not_in_tree (const char *path,
                    const char *needle)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          assert_not_in_tree (child, needle);
        }
      return;
    }
  {
    gsize length = 0;
    g_autofree char *contents = NULL;

    if (!g_file_get_contents (path, &contents, &length, NULL))
      return;
    if (memmem (contents, length, needle, strlen (needle)) != NULL)
      g_error ("%s contains the token", path);
  }
}

static void
test_token_never_stored (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *company = add_company (f, "Librairie du Centre", 8, TRUE);
  g_autofree char *visit = add_appointment (f, company, "Visite");

  sync_ok (f, NULL);
  /* The database, its journal, anything in the data folder, and the
   * isolated home, config and cache folders of this test. */
  close_engine (f);
  assert_not_in_tree (f->dir, TOKEN);
  assert_not_in_tree (g_get_user_config_dir (), TOKEN);
  assert_not_in_tree (g_get_user_data_dir (), TOKEN);
  assert_not_in_tree (g_get_user_cache_dir (), TOKEN);
  open_engine (f);
}

/* ---- many offline edits over several restarts ------------------------------------- */

static void
test_thousand_edits (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *company = add_company (f, "Coopérative Agricole", 9, TRUE);
  guint edits = 1;

  /* Five sessions of 200 edits, the app closed in between; two of the
   * sessions end with a sync that loses its answers. */
  for (guint session = 0; session < 5; session++)
    {
      for (guint i = 0; i < 200; i++)
        {
          if (ids->len > 0 && i % 4 == 3)
            {
              g_autofree char *subject = g_strdup_printf ("Rendez-vous %u, modifié en session %u", i, session);
              rename_appointment (f, ids->pdata[(i * 7 + session) % ids->len], subject);
            }
          else
            {
              g_autofree char *subject = g_strdup_printf ("Rendez-vous %u de la session %u", i, session);
              g_ptr_array_add (ids, add_appointment (f, company, subject));
            }
          edits++;
        }
      if (session % 2 == 1)
        {
          g_autoptr(GError) error = NULL;
          cn_platform_server_set_drop_after (f->server, CN_PLATFORM_PATH_PUSH, 100);
          g_assert_false (run_sync (f, NULL, &error));
          cn_platform_server_reset_faults (f->server);
        }
      close_engine (f);
      open_engine (f);
    }
  g_assert_cmpuint (edits, ==, 1001);

  sync_ok (f, NULL);
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 0);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "appointment"), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CnAppointment) local = cn_store_get_appointment (f->store, ids->pdata[i], &error);
      g_autofree char *subject = server_string (f, "appointment", ids->pdata[i], "subject");

      g_assert_cmpstr (subject, ==, local->subject);
      g_assert_cmpint (cn_platform_server_get_revision (f->server, "appointment", ids->pdata[i]), ==, local->revision);
    }
}

/* ---- killed mid-sync ---------------------------------------------------------- */

typedef struct {
  GSubprocess *child;
  guint        pushes;
  guint        kill_at;
} Killer;

static void
on_request (CnPlatformServer *server,
            const char       *method,
            const char       *path,
            Killer           *killer)
{
  if (g_strcmp0 (path, "/sync/push") == 0 && ++killer->pushes == killer->kill_at && killer->child)
    g_subprocess_send_signal (killer->child, SIGKILL);
}

static void
child_exited (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  g_main_loop_quit (data);
}

static int
run_cli_sync (Fixture *f,
              Killer  *killer)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "connecteur-cli", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  GSubprocess *child;
  int status;

  g_subprocess_launcher_setenv (launcher, "CONNECTEUR_TOKEN", TOKEN, TRUE);
  g_subprocess_launcher_setenv (launcher, "CONNECTEUR_SYNC_BACKOFF_MS", "5", TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, cli, "sync", "--data-dir", f->dir,
                                       "--url", cn_platform_server_get_url (f->server), NULL);
  g_assert_no_error (error);
  killer->child = child;
  g_subprocess_wait_async (child, NULL, child_exited, loop);
  g_main_loop_run (loop);
  killer->child = NULL;
  status = g_subprocess_get_if_exited (child) ? g_subprocess_get_exit_status (child) : -g_subprocess_get_term_sig (child);
  g_object_unref (child);
  return status;
}

static void
test_killed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *company = add_company (f, "Imprimerie Lenoir", 10, TRUE);
  Killer killer = { 0 };
  gulong handler;
  guint kills = 0;
  int status = -1;

  for (guint i = 0; i < 1600; i++)
    {
      g_autofree char *subject = g_strdup_printf ("Rendez-vous %u", i);
      g_ptr_array_add (ids, add_appointment (f, company, subject));
    }
  /* The CLI owns the database now. */
  close_engine (f);

  /* Each run resends the batch the previous one left unanswered, then is
   * killed when the platform receives its next batch, while it applies
   * it: the answer never arrives.  Four batches: killed twice at least. */
  handler = g_signal_connect (f->server, "request", G_CALLBACK (on_request), &killer);
  killer.kill_at = 2;
  for (guint run = 0; run < 6; run++)
    {
      killer.pushes = 0;
      status = run_cli_sync (f, &killer);
      if (status != -SIGKILL)
        break;
      kills++;
    }
  g_signal_handler_disconnect (f->server, handler);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (kills, >=, 2);
  g_assert_cmpuint (run_cli_sync (f, &killer), ==, 0);

  open_engine (f);
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 0);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "appointment"), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "appointment", ids->pdata[i]), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check != 'ok'"), ==, 0);
}

/* ---- a request that outlives the timeout ---------------------------------------- */

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *company = add_company (f, "Serrurerie Blanc", 12, TRUE);
  g_autofree char *visit = add_appointment (f, company, "Devis");
  g_autoptr(GError) error = NULL;

  /* Every answer comes after the client gave up: the sync ends, says
   * why, and the platform may have applied the batch meanwhile. */
  cn_sync_engine_set_timeout (f->engine, 1);
  cn_platform_server_set_slow_ms (f->server, 1500);
  g_assert_false (run_sync (f, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (cn_sync_engine_get_error_message (f->engine));
  g_clear_error (&error);

  cn_platform_server_set_slow_ms (f->server, 0);
  sync_ok (f, NULL);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "appointment", visit), ==, 1);
}

/* ---- same key, other bytes: the batch goes back to the outbox ---------------------- */

static void
test_key_reused (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *company = add_company (f, "Bijouterie Or", 13, TRUE);
  g_autofree char *visit = add_appointment (f, company, "Vitrine en ligne");
  g_autoptr(GError) error = NULL;
  sqlite3 *db = cn_store_get_db (f->store);

  /* The platform stores the batch and its answer, which is lost. */
  cn_platform_server_set_drop_after (f->server, CN_PLATFORM_PATH_PUSH, 10);
  g_assert_false (run_sync (f, NULL, &error));
  g_clear_error (&error);
  cn_platform_server_reset_faults (f->server);

  /* Then the frozen bytes change under the same key (a bug, a damaged
   * file): the platform refuses with 422, nothing is lost, the next sync
   * goes out under a new key. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE sync_batches SET body = replace (body, '\"Devis', '\"Devis modifié')"
                                     " || ' '", NULL, NULL, NULL), ==, SQLITE_OK);
  g_test_expect_message ("cn-sync", G_LOG_LEVEL_WARNING, "*idempotency_key_reused*");
  g_assert_false (run_sync (f, NULL, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, CN_SYNC_ERROR, CN_SYNC_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "idempotency_key_reused"));
  g_clear_error (&error);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM sync_batches"), ==, 0);
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 2);

  sync_ok (f, NULL);
  g_assert_cmpuint (cn_platform_server_get_applied_count (f->server, "appointment", visit), ==, 1);
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 0);
}

/* ---- the network comes back ------------------------------------------------------ */

/* A monitor the test switches on and off. */
typedef struct {
  GObject  parent_instance;
  gboolean available;
} FakeMonitor;

typedef GObjectClass FakeMonitorClass;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeMonitor, g_object_unref)

static void fake_monitor_iface_init (GNetworkMonitorInterface *iface);
static void fake_monitor_initable_init (GInitableIface *iface);
G_DEFINE_TYPE_WITH_CODE (FakeMonitor, fake_monitor, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, fake_monitor_initable_init)
                         G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, fake_monitor_iface_init))

enum { FAKE_PROP_0, FAKE_PROP_AVAILABLE, FAKE_PROP_METERED, FAKE_PROP_CONNECTIVITY };

static void
fake_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FakeMonitor *self = (FakeMonitor *) object;

  switch (prop_id)
    {
    case FAKE_PROP_AVAILABLE: g_value_set_boolean (value, self->available); break;
    case FAKE_PROP_METERED: g_value_set_boolean (value, FALSE); break;
    case FAKE_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fake_monitor_class_init (FakeMonitorClass *klass)
{
  klass->get_property = fake_monitor_get_property;
  g_object_class_override_property (klass, FAKE_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (klass, FAKE_PROP_METERED, "network-metered");
  g_object_class_override_property (klass, FAKE_PROP_CONNECTIVITY, "connectivity");
}

static void
fake_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

static gboolean
fake_monitor_initable_init_cb (GInitable     *initable,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return TRUE;
}

static void
fake_monitor_initable_init (GInitableIface *iface)
{
  iface->init = fake_monitor_initable_init_cb;
}

static void
fake_monitor_init (FakeMonitor *self)
{
}

static void
fake_monitor_set (FakeMonitor *monitor,
                  gboolean     available)
{
  monitor->available = available;
  g_signal_emit_by_name (monitor, "network-changed", available);
}

static void
quit_when_idle (GObject    *engine,
                GParamSpec *pspec,
                GMainLoop  *loop)
{
  if (cn_sync_engine_get_state (CN_SYNC_ENGINE (engine)) != CN_SYNC_STATE_SYNCING)
    g_main_loop_quit (loop);
}

static void
test_network_back (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FakeMonitor) monitor = g_object_new (fake_monitor_get_type (), NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *company = add_company (f, "Poissonnerie du Port", 14, TRUE);
  guint before = cn_platform_server_get_request_count (f->server);
  guint timeout;
  gulong handler;

  cn_sync_engine_set_network_monitor (f->engine, G_NETWORK_MONITOR (monitor));
  cn_sync_engine_set_interval (f->engine, 15);

  /* Offline: the state says so, nothing is tried. */
  fake_monitor_set (monitor, FALSE);
  g_assert_cmpint (cn_sync_engine_get_state (f->engine), ==, CN_SYNC_STATE_OFFLINE);
  g_assert_cmpuint (cn_platform_server_get_request_count (f->server), ==, before);

  /* The network is back: a sync starts by itself and empties the queue. */
  handler = g_signal_connect (f->engine, "notify::state", G_CALLBACK (quit_when_idle), loop);
  fake_monitor_set (monitor, TRUE);
  g_assert_cmpint (cn_sync_engine_get_state (f->engine), ==, CN_SYNC_STATE_SYNCING);
  timeout = g_timeout_add_seconds (20, give_up, loop);
  g_main_loop_run (loop);
  g_source_remove (timeout);
  g_signal_handler_disconnect (f->engine, handler);
  g_assert_cmpint (cn_sync_engine_get_state (f->engine), ==, CN_SYNC_STATE_IDLE);
  g_assert_cmpuint (cn_platform_server_count_records (f->server, "company"), ==, 1);
  g_assert_cmpuint (cn_sync_engine_get_pending (f->engine), ==, 0);

  /* With automatic sync off, the network coming back does nothing. */
  cn_sync_engine_set_interval (f->engine, 0);
  before = cn_platform_server_get_request_count (f->server);
  fake_monitor_set (monitor, FALSE);
  fake_monitor_set (monitor, TRUE);
  g_assert_cmpint (cn_sync_engine_get_state (f->engine), !=, CN_SYNC_STATE_SYNCING);
  g_assert_cmpuint (cn_platform_server_get_request_count (f->server), ==, before);
  cn_sync_engine_set_network_monitor (f->engine, NULL);
}

/* ---- answers that do not fit -------------------------------------------------- */

static void
test_bad_results (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *company = add_company (f, "Tabac Presse", 11, TRUE);
  g_autoptr(CnSyncBatch) batch = NULL;
  g_autoptr(CnSyncBatch) again = NULL;
  g_autoptr(GError) error = NULL;
  const char *bad[] = {
    "[]",
    "{\"results\": 3}",
    "{\"results\": []}",
    "{\"results\": [{\"id\": \"other\", \"status\": \"applied\", \"revision\": 1}]}",
    "{\"results\": [{\"id\": \"%s\", \"status\": \"applied\"}]}",
    "{\"results\": [{\"id\": \"%s\", \"status\": \"maybe\", \"revision\": 1}]}",
  };

  batch = cn_store_freeze_sync_batch (f->store, 500, &error);
  g_assert_no_error (error);
  g_assert_nonnull (batch);
  g_assert_cmpuint (batch->n_changes, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf (bad[i], company);
      g_autoptr(JsonNode) node = json_from_string (text, NULL);

      g_assert_false (cn_store_apply_push_results (f->store, batch->id, node, NULL, &error));
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  /* Still frozen, byte for byte, with the same key. */
  again = cn_store_get_sync_batch (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->id, ==, batch->id);
  g_assert_true (g_bytes_equal (again->body, batch->body));
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM companies WHERE revision IS NULL"), ==, 1);
}

/* ---- a hostile platform ---------------------------------------------------------- */

/* Answers every request with @mode's garbage. */
typedef struct {
  const char *me;
  const char *push;
  const char *pull;
  guint       pulls;
} Hostile;

static void
hostile_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  Hostile *hostile = data;
  const char *body = "{}";

  if (g_str_has_suffix (path, "/me"))
    body = hostile->me;
  else if (g_str_has_suffix (path, "/sync/push"))
    body = hostile->push;
  else if (g_str_has_suffix (path, "/sync/pull"))
    {
      body = hostile->pull;
      hostile->pulls++;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static gboolean
hostile_sync (Fixture  *f,
              Hostile  *hostile,
              GError  **error)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  GSList *uris;

  soup_server_add_handler (server, NULL, hostile_handler, hostile, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &local_error));
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/api/v1", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_assert_true (cn_sync_engine_set_url (f->engine, url, NULL));
  return run_sync (f, NULL, error);
}

static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *company = add_company (f, "Mercerie Fil", 15, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnProfile) profile = NULL;
  g_autofree char *last = NULL;
  g_autoptr(CnSyncBatch) batch = NULL;
  Hostile hostile = { "not json", "<html>500</html>", "{}" };

  /* A push answered with something that is not JSON: the sync stops,
   * the batch stays frozen, nothing is marked sent. */
  g_test_expect_message ("cn-sync", G_LOG_LEVEL_WARNING, "*profile*");
  g_assert_false (hostile_sync (f, &hostile, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, CN_SYNC_ERROR, CN_SYNC_ERROR_SERVER);
  g_clear_error (&error);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM sync_batches"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM companies WHERE revision IS NULL"), ==, 1);
  /* A profile of the wrong shape changed nothing. */
  profile = cn_store_get_profile (f->store, &error);
  g_assert_cmpint (profile->kind, ==, CN_CONNECTOR_CHARTER);

  /* Results for another batch. */
  hostile.me = "{\"kind\": \"astronaut\"}";
  hostile.push = "{\"results\": [{\"id\": \"someone-else\", \"status\": \"applied\", \"revision\": 1}]}";
  g_test_expect_message ("cn-sync", G_LOG_LEVEL_WARNING, "*profile*");
  g_assert_false (hostile_sync (f, &hostile, &error));
  g_test_assert_expected_messages ();
  g_assert_nonnull (strstr (error->message, "order"));
  g_clear_error (&error);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM companies WHERE revision IS NULL"), ==, 1);

  /* Pulls that never end: "more" with the same cursor. */
  batch = cn_store_get_sync_batch (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_release_sync_batch (f->store, batch->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (cn_store_get_db (f->store), "DELETE FROM outbox", NULL, NULL, NULL), ==, SQLITE_OK);
  hostile.me = "{\"kind\": \"charter\", \"label_expires_on\": null}";
  hostile.pull = "{\"changes\": [{\"type\": \"appointment\", \"id\": \"x\", \"revision\": \"one\"},"
                 " {\"type\": \"lead\", \"id\": \"5f0c8a34-9d4e-4c1a-8f00-2b3c4d5e6f70\", \"revision\": 1,"
                 "  \"data\": {\"name\": \"<b>Garage</b> & Co\", \"self_diagnostic\": {\"level\": 9}}}],"
                 " \"cursor\": \"c-1\", \"has_more\": true}";
  g_test_expect_message ("cn-sync", G_LOG_LEVEL_WARNING, "*Unreadable*");
  g_test_expect_message ("cn-sync", G_LOG_LEVEL_WARNING, "*Invalid lead*");
  g_assert_false (hostile_sync (f, &hostile, &error));
  g_test_assert_expected_messages ();
  g_assert_nonnull (strstr (error->message, "same changes"));
  g_clear_error (&error);
  g_assert_cmpuint (hostile.pulls, ==, 2);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM leads"), ==, 0);
  /* Nothing local was lost on the way. */
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM companies"), ==, 1);
  last = cn_store_get_last_sync (f->store, NULL);
  g_assert_null (last);
}

static void
test_urls (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cn_sync_check_url ("https://plateforme.example/api/v1", NULL));
  g_assert_true (cn_sync_check_url ("http://127.0.0.1:8080/api/v1", NULL));
  g_assert_true (cn_sync_check_url ("http://localhost/api/v1", NULL));
  g_assert_true (cn_sync_check_url ("http://[::1]:9000/api/v1", NULL));
  g_assert_false (cn_sync_check_url ("http://plateforme.example/api/v1", &error));
  g_assert_error (error, CN_SYNC_ERROR, CN_SYNC_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_false (cn_sync_check_url ("plateforme", &error));
  g_assert_error (error, CN_SYNC_ERROR, CN_SYNC_ERROR_INVALID_URL);
  g_clear_error (&error);
  g_assert_false (cn_sync_check_url ("ftp://127.0.0.1/", NULL));
}

int
main (int    argc,
      char **argv)
{
  static const struct {
    const char  *name;
    FaultSetter  setter;
  } faults[] = {
    { "503-retry-after", fault_503 },
    { "429", fault_429 },
    { "500", fault_500 },
    { "drop-before", fault_drop_before },
    { "drop-after", fault_drop_after },
    { "drop-pull", fault_drop_pull },
    { "slow", fault_slow },
    { "expired-cursor", fault_expire },
    { "401", fault_401 },
    { "outage", fault_outage },
  };

  cn_test_init (&argc, &argv);

  g_test_add_func ("/sync/urls", test_urls);
#define ADD(path, func) g_test_add ("/sync/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("first-count-when-idle", test_first_count_when_idle);
  ADD ("first", test_first_sync);
  ADD ("adopt-lead", test_adopt_lead);
  ADD ("conflict", test_conflict);
  ADD ("report-cofinancing", test_report_cofinancing);
  ADD ("rejected", test_rejected);
  ADD ("unauthorized", test_unauthorized);
  ADD ("token-never-stored", test_token_never_stored);
  ADD ("thousand-edits", test_thousand_edits);
  ADD ("killed", test_killed);
  ADD ("bad-results", test_bad_results);
  ADD ("timeout", test_timeout);
  ADD ("key-reused", test_key_reused);
  ADD ("network-back", test_network_back);
  ADD ("hostile", test_hostile);
#undef ADD
  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sync/fault/%s", faults[i].name);
      g_test_add (path, Fixture, (gconstpointer) faults[i].setter, fixture_set_up, test_fault, fixture_tear_down);
    }

  return g_test_run ();
}
