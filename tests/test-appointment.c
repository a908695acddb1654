/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Appointments: validation, French time to UTC across the clock changes,
 * the store with its outbox and timeline, overlaps, a company's deletion
 * with undo, and the iCalendar export read back with libical. */
#include "config.h"

#include <string.h>

#include <libical/ical.h>

#include "cn-appointment.h"
#include "cn-error.h"
#include "cn-store-private.h"
#include "cn-test-util.h"
#include "cn-util.h"

typedef struct {
  char      *dir;
  CnStore   *store;
  CnCompany *company;
  CnCompany *other;
} Fixture;

static CnCompany *
add_company (Fixture    *f,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  CnCompany *company = cn_company_new ();

  cn_company_set_name (company, name);
  g_assert_true (cn_store_add_company (f->store, company, NULL, &error));
  g_assert_no_error (error);
  return company;
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cn_test_make_tmp_dir ();
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->company = add_company (f, "Café Éléonore");
  f->other = add_company (f, "Garage Dupuis");
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->company);
  g_clear_object (&f->other);
  if (f->store)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
query (Fixture    *f,
       const char *sql)
{
  return cn_test_query_int (cn_store_get_db (f->store), sql);
}

static gint64
count_outbox (Fixture    *f,
              const char *id,
              const char *op)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE entity_type = 'appointment'"
                                          " AND entity_id = '%s' AND op = '%s'", id, op);
  return query (f, sql);
}

static gint64
count_appointment_outbox (Fixture *f)
{
  return query (f, "SELECT count(*) FROM outbox WHERE entity_type = 'appointment'");
}

/* A valid, unsaved appointment with @company, local times. */
static CnAppointment *
make (CnCompany  *company,
      const char *start,
      const char *end,
      const char *subject)
{
  g_autoptr(GError) error = NULL;
  CnAppointment *appointment = cn_appointment_new ();

  appointment->company_id = g_strdup (cn_company_get_id (company));
  appointment->starts_at = cn_appointment_parse_time (start, &error);
  g_assert_no_error (error);
  appointment->ends_at = cn_appointment_parse_time (end, &error);
  g_assert_no_error (error);
  appointment->subject = g_strdup (subject);
  return appointment;
}

static CnAppointment *
add (Fixture    *f,
     CnCompany  *company,
     const char *start,
     const char *end,
     const char *subject)
{
  g_autoptr(GError) error = NULL;
  CnAppointment *appointment = make (company, start, end, subject);

  g_assert_true (cn_store_save_appointment (f->store, appointment, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (appointment->id);
  return appointment;
}

/* ---- pure --------------------------------------------------------------- */

static void
check_time (const char *text,
            const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *utc = cn_appointment_parse_time (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (utc, ==, expected);
}

static void
test_time (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *utc = NULL;
  g_autofree char *local = NULL;
  const char *bad[] = { "", "demain", "2026-12-03", "2026-12-03T9:30", "2026-13-03T09:30",
                        "2026-02-30T09:30", "2026-12-03T24:00", "2026-12-03T09:30+1", "2026-12-03T09:30 ", NULL };

  /* Winter (UTC+1) and summer (UTC+2) time. */
  check_time ("2026-12-03T09:30", "2026-12-03T08:30:00Z");
  check_time ("2026-07-14T09:30", "2026-07-14T07:30:00Z");
  check_time ("2026-12-03 09:30", "2026-12-03T08:30:00Z");
  check_time ("2026-12-03T09:30:15", "2026-12-03T08:30:15Z");
  /* The clocks go forward on 2026-03-29 at 2:00, back on 2026-10-25 at 3:00. */
  check_time ("2026-03-28T09:30", "2026-03-28T08:30:00Z");
  check_time ("2026-03-29T01:59", "2026-03-29T00:59:00Z");
  check_time ("2026-03-29T03:00", "2026-03-29T01:00:00Z");
  check_time ("2026-03-29T09:30", "2026-03-29T07:30:00Z");
  check_time ("2026-10-24T09:30", "2026-10-24T07:30:00Z");
  check_time ("2026-10-25T01:30", "2026-10-24T23:30:00Z");
  /* 2:30 happens twice that night: the second one, in winter time. */
  check_time ("2026-10-25T02:30", "2026-10-25T01:30:00Z");
  check_time ("2026-10-25T09:30", "2026-10-25T08:30:00Z");
  /* An explicit offset or Z wins over French time. */
  check_time ("2026-12-03T09:30Z", "2026-12-03T09:30:00Z");
  check_time ("2026-12-03T09:30:00+05:00", "2026-12-03T04:30:00Z");
  check_time ("2026-07-14T09:30-0400", "2026-07-14T13:30:00Z");
  check_time ("2026-11-23T14:00:00.123Z", "2026-11-23T14:00:00Z");

  /* 2:30 does not exist on 2026-03-29. */
  utc = cn_appointment_parse_time ("2026-03-29T02:30", &error);
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_null (utc);
  g_assert_nonnull (strstr (error->message, "2026-03-29T02:30"));
  g_clear_error (&error);

  for (guint i = 0; bad[i] != NULL; i++)
    {
      utc = cn_appointment_parse_time (bad[i], &error);
      g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
      g_assert_null (utc);
      g_clear_error (&error);
    }

  /* Back to French time for display, whatever the process's zone. */
  local = cn_appointment_format_time ("2026-03-29T07:30:00Z", NULL);
  g_assert_cmpstr (local, ==, "2026-03-29T09:30");
  g_clear_pointer (&local, g_free);
  local = cn_appointment_format_time ("2026-10-25T08:30:00Z", "%H:%M");
  g_assert_cmpstr (local, ==, "09:30");
  g_clear_pointer (&local, g_free);
  local = cn_appointment_format_time ("not a time", NULL);
  g_assert_cmpstr (local, ==, "");
  g_clear_pointer (&local, g_free);

  /* Days: local midnights. */
  g_free (utc);
  utc = cn_appointment_parse_day ("2026-12-03", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (utc, ==, "2026-12-02T23:00:00Z");
  g_free (utc);
  utc = cn_appointment_parse_day ("2026-03-28", 1, &error);
  g_assert_cmpstr (utc, ==, "2026-03-28T23:00:00Z");
  g_free (utc);
  utc = cn_appointment_parse_day ("2026-03-29", 1, &error);
  g_assert_cmpstr (utc, ==, "2026-03-29T22:00:00Z");
  g_free (utc);
  utc = cn_appointment_parse_day ("2026-02-30", 0, &error);
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_null (utc);
}

static void
expect_invalid (CnAppointment      *appointment,
                CnAppointmentField  expected_field,
                const char         *in_message)
{
  g_autoptr(GError) error = NULL;
  CnAppointmentField field = CN_APPOINTMENT_FIELD_NONE;

  g_assert_false (cn_appointment_validate (appointment, &field, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_cmpint (field, ==, expected_field);
  if (in_message)
    g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_validate (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) good = make (f->company, "2026-12-03T09:30", "2026-12-03T10:30", "  Diagnostic  ");
  CnAppointmentField field;
  CnAppointment *a;

  good->location = g_strdup ("   ");
  g_assert_true (cn_appointment_validate (good, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, CN_APPOINTMENT_FIELD_NONE);
  g_assert_cmpstr (good->subject, ==, "Diagnostic");
  g_assert_null (good->location);
  g_assert_cmpstr (good->status, ==, "planned");
  g_assert_cmpstr (good->origin, ==, "connector");

  /* Times given with an offset are stored in the UTC form. */
  a = cn_appointment_copy (good);
  cn_set_str (&a->starts_at, "2026-12-03T09:30:00+01:00");
  g_assert_true (cn_appointment_validate (a, NULL, NULL));
  g_assert_cmpstr (a->starts_at, ==, "2026-12-03T08:30:00Z");
  cn_appointment_free (a);

#define CHECK_FIELD(member, value, expected_field, in_message) \
  a = cn_appointment_copy (good); \
  cn_set_str (&a->member, value); \
  expect_invalid (a, expected_field, in_message); \
  cn_appointment_free (a);

  CHECK_FIELD (company_id, NULL, CN_APPOINTMENT_FIELD_COMPANY, NULL);
  CHECK_FIELD (starts_at, NULL, CN_APPOINTMENT_FIELD_STARTS_AT, NULL);
  CHECK_FIELD (starts_at, "tomorrow", CN_APPOINTMENT_FIELD_STARTS_AT, "tomorrow");
  /* The struct holds UTC: a time without offset is not one. */
  CHECK_FIELD (starts_at, "2026-12-03T09:30", CN_APPOINTMENT_FIELD_STARTS_AT, NULL);
  CHECK_FIELD (ends_at, "", CN_APPOINTMENT_FIELD_ENDS_AT, NULL);
  CHECK_FIELD (ends_at, "2026-12-03T08:30:00Z", CN_APPOINTMENT_FIELD_ENDS_AT, "end after");
  CHECK_FIELD (ends_at, "2026-12-03T08:00:00Z", CN_APPOINTMENT_FIELD_ENDS_AT, "end after");
  CHECK_FIELD (mode, "visio", CN_APPOINTMENT_FIELD_MODE, "visio");
  CHECK_FIELD (mode, NULL, CN_APPOINTMENT_FIELD_MODE, NULL);
  CHECK_FIELD (status, "postponed", CN_APPOINTMENT_FIELD_STATUS, "postponed");
  CHECK_FIELD (origin, "email", CN_APPOINTMENT_FIELD_ORIGIN, "email");
  CHECK_FIELD (subject, NULL, CN_APPOINTMENT_FIELD_SUBJECT, NULL);
  CHECK_FIELD (subject, " \t ", CN_APPOINTMENT_FIELD_SUBJECT, NULL);
  CHECK_FIELD (subject, "\xff\xfe", CN_APPOINTMENT_FIELD_SUBJECT, NULL);
  CHECK_FIELD (location, "\xc3", CN_APPOINTMENT_FIELD_LOCATION, NULL);
  CHECK_FIELD (notes, "\xc3(", CN_APPOINTMENT_FIELD_NOTES, NULL);
#undef CHECK_FIELD

  {
    g_autofree char *long_subject = g_strnfill (CN_APPOINTMENT_SUBJECT_MAX_CHARS + 1, 'a');

    a = cn_appointment_copy (good);
    cn_set_str (&a->subject, long_subject);
    expect_invalid (a, CN_APPOINTMENT_FIELD_SUBJECT, NULL);
    cn_appointment_free (a);
  }

  /* Every mode and status is accepted. */
  for (guint i = 0; i < 3; i++)
    {
      const char *modes[] = { "on_site", "phone", "video" };

      a = cn_appointment_copy (good);
      cn_set_str (&a->mode, modes[i]);
      g_assert_true (cn_appointment_validate (a, NULL, NULL));
      cn_appointment_free (a);
    }
  for (guint i = 0; i < 4; i++)
    {
      const char *statuses[] = { "planned", "done", "cancelled", "no_show" };

      a = cn_appointment_copy (good);
      cn_set_str (&a->status, statuses[i]);
      cn_set_str (&a->origin, "platform");
      g_assert_true (cn_appointment_validate (a, NULL, NULL));
      cn_appointment_free (a);
    }
}

/* ---- store ------------------------------------------------------------------ */

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) appointment = make (f->company, "2026-12-03T09:30", "2026-12-03T10:30", "Diagnostic numérique");
  g_autoptr(CnAppointment) stored = NULL;
  g_autoptr(GPtrArray) events = NULL;
  guint n_appointment_events = 0;

  cn_set_str (&appointment->mode, "video");
  appointment->location = g_strdup ("https://visio.example/abc");
  cn_set_str (&appointment->notes, "Préparer le questionnaire");
  g_assert_true (cn_store_save_appointment (f->store, appointment, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (appointment->id));
  g_assert_nonnull (appointment->created_at);
  g_assert_cmpstr (appointment->created_at, ==, appointment->updated_at);
  g_assert_cmpint (appointment->revision, ==, -1);

  stored = cn_store_get_appointment (f->store, appointment->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->company_id, ==, cn_company_get_id (f->company));
  g_assert_cmpstr (stored->starts_at, ==, "2026-12-03T08:30:00Z");
  g_assert_cmpstr (stored->ends_at, ==, "2026-12-03T09:30:00Z");
  g_assert_cmpstr (stored->mode, ==, "video");
  g_assert_cmpstr (stored->location, ==, "https://visio.example/abc");
  g_assert_cmpstr (stored->subject, ==, "Diagnostic numérique");
  g_assert_cmpstr (stored->status, ==, "planned");
  g_assert_cmpstr (stored->origin, ==, "connector");
  g_assert_cmpstr (stored->notes, ==, "Préparer le questionnaire");
  g_assert_cmpint (stored->revision, ==, -1);

  /* Exactly one outbox entry, an upsert. */
  g_assert_cmpint (count_appointment_outbox (f), ==, 1);
  g_assert_cmpint (count_outbox (f, appointment->id, "upsert"), ==, 1);

  /* The timeline says it was planned. */
  events = cn_store_list_events (f->store, cn_company_get_id (f->company), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (cn_event_get_kind (events->pdata[i]), CN_EVENT_APPOINTMENT))
      {
        n_appointment_events++;
        g_assert_cmpstr (cn_event_get_detail (events->pdata[i]), ==, "planned\tDiagnostic numérique");
      }
  g_assert_cmpuint (n_appointment_events, ==, 1);

  g_clear_pointer (&stored, cn_appointment_free);
  stored = cn_store_get_appointment (f->store, "no-such-id", &error);
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_assert_null (stored);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) backwards = make (f->company, "2026-12-03T10:30", "2026-12-03T09:30", "Diagnostic");
  g_autoptr(CnAppointment) nobody = make (f->company, "2026-12-03T09:30", "2026-12-03T10:30", "Diagnostic");
  gint64 events = query (f, "SELECT count(*) FROM events");
  CnAppointmentField field;

  g_assert_false (cn_store_save_appointment (f->store, backwards, &field, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_cmpint (field, ==, CN_APPOINTMENT_FIELD_ENDS_AT);
  g_assert_null (backwards->id);
  g_clear_error (&error);

  cn_set_str (&nobody->company_id, "no-such-company");
  g_assert_false (cn_store_save_appointment (f->store, nobody, &field, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_cmpint (field, ==, CN_APPOINTMENT_FIELD_COMPANY);
  g_assert_nonnull (strstr (error->message, "no-such-company"));
  g_assert_null (nobody->id);
  g_clear_error (&error);

  /* Nothing stored, nothing queued, nothing in the timeline. */
  g_assert_cmpint (query (f, "SELECT count(*) FROM appointments"), ==, 0);
  g_assert_cmpint (count_appointment_outbox (f), ==, 0);
  g_assert_cmpint (query (f, "SELECT count(*) FROM events"), ==, events);

  /* The schema refuses it too, whatever writes. */
  g_assert_cmpint (sqlite3_exec (cn_store_get_db (f->store),
                                 "INSERT INTO appointments (id, company_id, starts_at, ends_at, mode, subject,"
                                 " created_at, updated_at) SELECT 'x', id, '2026-12-03T09:00:00Z',"
                                 " '2026-12-03T08:00:00Z', 'phone', 's', 'now', 'now' FROM companies LIMIT 1",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) appointment = add (f, f->company, "2026-12-03T09:30", "2026-12-03T10:30", "Diagnostic");
  g_autoptr(CnAppointment) stored = NULL;
  g_autoptr(CnAppointment) ghost = NULL;
  g_autofree char *created = g_strdup (appointment->created_at);
  gint64 events = query (f, "SELECT count(*) FROM events WHERE kind = 'appointment'");

  /* Sent and acknowledged: the outbox is empty, the platform knows rev 3. */
  g_assert_cmpint (sqlite3_exec (cn_store_get_db (f->store),
                                 "DELETE FROM outbox; UPDATE appointments SET revision = 3", NULL, NULL, NULL), ==, SQLITE_OK);

  g_free (appointment->ends_at);
  appointment->ends_at = cn_appointment_parse_time ("2026-12-03T11:00", &error);
  cn_set_str (&appointment->subject, "Diagnostic et plan d’action");
  cn_set_str (&appointment->location, "Atelier, 3 rue Basse");
  g_assert_true (cn_store_save_appointment (f->store, appointment, NULL, &error));
  g_assert_no_error (error);

  stored = cn_store_get_appointment (f->store, appointment->id, &error);
  g_assert_cmpstr (stored->ends_at, ==, "2026-12-03T10:00:00Z");
  g_assert_cmpstr (stored->subject, ==, "Diagnostic et plan d’action");
  g_assert_cmpstr (stored->location, ==, "Atelier, 3 rue Basse");
  g_assert_cmpstr (stored->created_at, ==, created);
  g_assert_cmpint (stored->revision, ==, 3);
  g_assert_cmpint (appointment->revision, ==, 3);
  g_assert_cmpint (query (f, "SELECT count(*) FROM appointments"), ==, 1);
  g_assert_cmpint (count_appointment_outbox (f), ==, 1);
  g_assert_cmpint (count_outbox (f, appointment->id, "upsert"), ==, 1);
  /* An edit without a status change is not a timeline event. */
  g_assert_cmpint (query (f, "SELECT count(*) FROM events WHERE kind = 'appointment'"), ==, events);

  /* An invalid edit changes nothing. */
  cn_set_str (&appointment->ends_at, "2026-12-03T07:00:00Z");
  g_assert_false (cn_store_save_appointment (f->store, appointment, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&stored, cn_appointment_free);
  stored = cn_store_get_appointment (f->store, appointment->id, &error);
  g_assert_cmpstr (stored->ends_at, ==, "2026-12-03T10:00:00Z");

  /* Updating an id that is not stored. */
  ghost = cn_appointment_copy (stored);
  cn_set_str (&ghost->id, "no-such-id");
  g_assert_false (cn_store_save_appointment (f->store, ghost, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_assert_cmpint (count_appointment_outbox (f), ==, 1);
}

static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) appointment = add (f, f->company, "2026-12-03T09:30", "2026-12-03T10:30", "Diagnostic");
  g_autoptr(CnAppointment) stored = NULL;

  g_assert_cmpint (sqlite3_exec (cn_store_get_db (f->store), "DELETE FROM outbox", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (cn_store_set_appointment_status (f->store, appointment->id, "done", &error));
  g_assert_no_error (error);
  stored = cn_store_get_appointment (f->store, appointment->id, &error);
  g_assert_cmpstr (stored->status, ==, "done");
  g_assert_cmpint (query (f, "SELECT count(*) FROM events WHERE kind = 'appointment' AND detail = 'done\tDiagnostic'"), ==, 1);
  g_assert_cmpint (count_appointment_outbox (f), ==, 1);
  g_assert_cmpint (count_outbox (f, appointment->id, "upsert"), ==, 1);

  /* The same status again writes nothing. */
  g_assert_cmpint (sqlite3_exec (cn_store_get_db (f->store), "DELETE FROM outbox", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (cn_store_set_appointment_status (f->store, appointment->id, "done", &error));
  g_assert_cmpint (count_appointment_outbox (f), ==, 0);
  g_assert_cmpint (query (f, "SELECT count(*) FROM events WHERE kind = 'appointment'"), ==, 2);

  /* Unknown status or appointment: refused, nothing written. */
  g_assert_false (cn_store_set_appointment_status (f->store, appointment->id, "postponed", &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cn_store_set_appointment_status (f->store, "no-such-id", "cancelled", &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_appointment_outbox (f), ==, 0);

  /* A status change through save is an event too. */
  cn_set_str (&stored->status, "no_show");
  g_assert_true (cn_store_save_appointment (f->store, stored, NULL, &error));
  g_assert_cmpint (query (f, "SELECT count(*) FROM events WHERE kind = 'appointment' AND detail = 'no_show\tDiagnostic'"), ==, 1);
  g_assert_cmpint (count_outbox (f, appointment->id, "upsert"), ==, 1);
}

/* The record and its outbox entry go in one transaction: rolling back the
 * enclosing transaction takes both. */
static void
test_same_transaction (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) kept = add (f, f->company, "2026-12-03T09:30", "2026-12-03T10:30", "Gardé");
  g_autoptr(CnAppointment) appointment = make (f->company, "2026-12-04T09:30", "2026-12-04T10:30", "Annulé");
  g_autoptr(CnAppointment) stored = NULL;

  g_assert_cmpint (sqlite3_exec (cn_store_get_db (f->store), "DELETE FROM outbox", NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_true (cn_store_begin (f->store, &error));
  g_assert_true (cn_store_save_appointment (f->store, appointment, NULL, &error));
  g_assert_cmpint (count_appointment_outbox (f), ==, 1);
  cn_store_rollback (f->store);
  g_assert_cmpint (query (f, "SELECT count(*) FROM appointments"), ==, 1);
  g_assert_cmpint (count_appointment_outbox (f), ==, 0);

  g_assert_true (cn_store_begin (f->store, &error));
  g_assert_true (cn_store_set_appointment_status (f->store, kept->id, "cancelled", &error));
  g_assert_cmpint (count_appointment_outbox (f), ==, 1);
  cn_store_rollback (f->store);
  stored = cn_store_get_appointment (f->store, kept->id, &error);
  g_assert_cmpstr (stored->status, ==, "planned");
  g_assert_cmpint (count_appointment_outbox (f), ==, 0);

  g_assert_true (cn_store_begin (f->store, &error));
  g_assert_true (cn_store_delete_appointment (f->store, kept->id, &error));
  g_assert_cmpint (query (f, "SELECT count(*) FROM appointments"), ==, 0);
  cn_store_rollback (f->store);
  g_assert_cmpint (query (f, "SELECT count(*) FROM appointments"), ==, 1);
  g_assert_cmpint (count_appointment_outbox (f), ==, 0);
  g_assert_no_error (error);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) never_sent = add (f, f->company, "2026-12-03T09:30", "2026-12-03T10:30", "Brouillon");
  g_autoptr(CnAppointment) sent = add (f, f->company, "2026-12-04T09:30", "2026-12-04T10:30", "Envoyé");

  /* Never sent: its pending upsert simply disappears. */
  g_assert_cmpint (count_outbox (f, never_sent->id, "upsert"), ==, 1);
  g_assert_true (cn_store_delete_appointment (f->store, never_sent->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_outbox (f, never_sent->id, "upsert") + count_outbox (f, never_sent->id, "delete"), ==, 0);

  /* Known to the platform: a delete is queued. */
  g_assert_cmpint (sqlite3_exec (cn_store_get_db (f->store),
                                 "DELETE FROM outbox; UPDATE appointments SET revision = 2", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (cn_store_delete_appointment (f->store, sent->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_appointment_outbox (f), ==, 1);
  g_assert_cmpint (count_outbox (f, sent->id, "delete"), ==, 1);
  g_assert_cmpint (query (f, "SELECT count(*) FROM appointments"), ==, 0);

  g_assert_false (cn_store_delete_appointment (f->store, sent->id, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_assert_cmpint (count_appointment_outbox (f), ==, 1);
}

static gboolean
has_id (GPtrArray  *list,
        const char *id)
{
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((CnAppointment *) list->pdata[i])->id, id))
      return TRUE;
  return FALSE;
}

static void
test_overlaps (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) morning = add (f, f->company, "2026-12-03T09:00", "2026-12-03T10:00", "Matin");
  g_autoptr(CnAppointment) elsewhere = add (f, f->other, "2026-12-03T09:30", "2026-12-03T11:00", "Ailleurs");
  g_autoptr(CnAppointment) cancelled = add (f, f->other, "2026-12-03T09:45", "2026-12-03T10:15", "Annulé");
  g_autoptr(CnAppointment) next = make (f->company, "2026-12-03T10:00", "2026-12-03T10:30", "Juste après");
  g_autoptr(CnAppointment) inside = make (f->company, "2026-12-03T09:40", "2026-12-03T09:50", "Dedans");
  g_autoptr(GPtrArray) overlaps = NULL;

  g_assert_true (cn_store_set_appointment_status (f->store, cancelled->id, "cancelled", &error));

  /* Overlapping is allowed (both are stored) but shown. */
  overlaps = cn_store_find_overlaps (f->store, morning, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overlaps->len, ==, 1);
  g_assert_cmpstr (((CnAppointment *) overlaps->pdata[0])->id, ==, elsewhere->id);
  g_clear_pointer (&overlaps, g_ptr_array_unref);

  /* Touching is not overlapping; an unsaved one is checked too. */
  overlaps = cn_store_find_overlaps (f->store, next, &error);
  g_assert_cmpuint (overlaps->len, ==, 1);
  g_assert_true (has_id (overlaps, elsewhere->id));
  g_clear_pointer (&overlaps, g_ptr_array_unref);

  overlaps = cn_store_find_overlaps (f->store, inside, &error);
  g_assert_cmpuint (overlaps->len, ==, 2);
  g_assert_true (has_id (overlaps, morning->id));
  g_assert_true (has_id (overlaps, elsewhere->id));
  g_assert_false (has_id (overlaps, cancelled->id));
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) late = add (f, f->company, "2026-12-04T23:30", "2026-12-05T00:30", "Tard");
  g_autoptr(CnAppointment) early = add (f, f->other, "2026-12-03T00:15", "2026-12-03T01:00", "Tôt");
  g_autoptr(CnAppointment) middle = add (f, f->company, "2026-12-04T09:00", "2026-12-04T10:00", "Milieu");
  g_autoptr(CnAppointment) before = add (f, f->company, "2026-12-02T23:59", "2026-12-03T00:30", "Avant");
  g_autofree char *from = cn_appointment_parse_day ("2026-12-03", 0, &error);
  g_autofree char *to = cn_appointment_parse_day ("2026-12-04", 1, &error);
  g_autoptr(GPtrArray) list = NULL;

  /* All, by start time. */
  list = cn_store_list_appointments (f->store, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  g_assert_cmpstr (((CnAppointment *) list->pdata[0])->id, ==, before->id);
  g_assert_cmpstr (((CnAppointment *) list->pdata[1])->id, ==, early->id);
  g_assert_cmpstr (((CnAppointment *) list->pdata[2])->id, ==, middle->id);
  g_assert_cmpstr (((CnAppointment *) list->pdata[3])->id, ==, late->id);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The local days 3 and 4 December: from included, to excluded, even
   * when the UTC date differs from the French one. */
  list = cn_store_list_appointments (f->store, from, to, NULL, &error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_false (has_id (list, before->id));
  g_assert_true (has_id (list, late->id));
  g_clear_pointer (&list, g_ptr_array_unref);

  list = cn_store_list_appointments (f->store, from, NULL, cn_company_get_id (f->company), &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((CnAppointment *) list->pdata[0])->id, ==, middle->id);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = cn_store_list_appointments (f->store, NULL, "2026-12-03T00:00:00+01:00", NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((CnAppointment *) list->pdata[0])->id, ==, before->id);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = cn_store_list_appointments (f->store, "soon", NULL, NULL, &error);
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_null (list);
}

static void
test_company_undo (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) never_sent = add (f, f->company, "2026-12-03T09:30", "2026-12-03T10:30", "Brouillon");
  g_autoptr(CnAppointment) sent = add (f, f->company, "2026-12-04T09:30", "2026-12-04T10:30", "Envoyé");
  g_autoptr(CnAppointment) other = add (f, f->other, "2026-12-05T09:30", "2026-12-05T10:30", "Autre");
  g_autoptr(CnCompanyBackup) backup = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(CnAppointment) restored = NULL;

  g_assert_cmpint (sqlite3_exec (cn_store_get_db (f->store), "DELETE FROM outbox", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (cn_store_get_db (f->store),
                                 "UPDATE appointments SET revision = 4 WHERE subject = 'Envoyé'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (cn_store_set_appointment_status (f->store, never_sent->id, "done", &error));
  g_assert_cmpint (count_outbox (f, never_sent->id, "upsert"), ==, 1);

  g_assert_true (cn_store_delete_company (f->store, cn_company_get_id (f->company), &backup, &error));
  g_assert_no_error (error);
  list = cn_store_list_appointments (f->store, NULL, NULL, NULL, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((CnAppointment *) list->pdata[0])->id, ==, other->id);
  g_clear_pointer (&list, g_ptr_array_unref);
  /* The never-sent one leaves the outbox; the sent one is deleted there. */
  g_assert_cmpint (count_outbox (f, never_sent->id, "upsert") + count_outbox (f, never_sent->id, "delete"), ==, 0);
  g_assert_cmpint (count_outbox (f, sent->id, "delete"), ==, 1);
  g_assert_cmpint (count_appointment_outbox (f), ==, 1);

  g_assert_true (cn_store_restore_company (f->store, backup, &error));
  g_assert_no_error (error);
  list = cn_store_list_appointments (f->store, NULL, NULL, cn_company_get_id (f->company), &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_clear_pointer (&list, g_ptr_array_unref);

  restored = cn_store_get_appointment (f->store, never_sent->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (restored->status, ==, "done");
  g_assert_cmpstr (restored->starts_at, ==, never_sent->starts_at);
  g_assert_cmpstr (restored->created_at, ==, never_sent->created_at);
  g_assert_cmpint (restored->revision, ==, -1);
  g_clear_pointer (&restored, cn_appointment_free);
  restored = cn_store_get_appointment (f->store, sent->id, &error);
  g_assert_cmpint (restored->revision, ==, 4);
  g_assert_cmpstr (restored->subject, ==, "Envoyé");

  /* Both are upserts again, one entry each. */
  g_assert_cmpint (count_outbox (f, never_sent->id, "upsert"), ==, 1);
  g_assert_cmpint (count_outbox (f, sent->id, "upsert"), ==, 1);
  g_assert_cmpint (count_appointment_outbox (f), ==, 2);
}

/* ---- iCalendar ------------------------------------------------------------- */

static const char *long_notes =
  "Préparer le diagnostic « commerce connecté » : site web, réseaux sociaux, "
  "caisse enregistreuse, avis clients ; apporter la grille d’évaluation, "
  "les fiches « Clic & collecte » et les coordonnées de l’élu référent.\n"
  "Deuxième ligne, avec des virgules, des points-virgules; et des \\ obliques.";

static icalproperty *
first_property (icalcomponent    *component,
                icalproperty_kind kind)
{
  icalproperty *property = icalcomponent_get_first_property (component, kind);

  g_assert_nonnull (property);
  return property;
}

static void
test_ics (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnAppointment) summer = make (f->company, "2026-07-07T09:30", "2026-07-07T11:00", "Atelier « vitrine » à l’étage");
  g_autoptr(CnAppointment) winter = make (f->other, "2026-12-03T09:30", "2026-12-03T10:30", "Appel de suivi");
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *path = g_build_filename (f->dir, "rendez-vous.ics", NULL);
  g_autofree char *raw = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *expected_uid = NULL;
  icalcomponent *calendar, *vtimezone, *event;
  guint n_events = 0, n_continuations = 0;

  summer->location = g_strdup ("12, rue de l’Église; Tulle");
  cn_set_str (&summer->notes, long_notes);
  g_assert_true (cn_store_save_appointment (f->store, summer, NULL, &error));
  cn_set_str (&winter->mode, "phone");
  g_assert_true (cn_store_save_appointment (f->store, winter, NULL, &error));
  g_assert_true (cn_store_set_appointment_status (f->store, winter->id, "cancelled", &error));
  g_assert_no_error (error);

  list = cn_store_list_appointments (f->store, NULL, NULL, NULL, &error);
  g_assert_true (cn_appointments_write_ics (f->store, list, path, &error));
  g_assert_no_error (error);
  raw = cn_test_read_file (path, NULL);

  /* CRLF lines of at most 75 octets; the long description is folded. */
  g_assert_true (g_str_has_suffix (raw, "\r\n"));
  lines = g_strsplit (raw, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_null (strchr (lines[i], '\n'));
      if (lines[i][0] == ' ')
        n_continuations++;
    }
  g_assert_cmpuint (n_continuations, >=, 3);
  g_assert_nonnull (strstr (raw, "DTSTART;TZID=Europe/Paris:20260707T093000\r\n"));

  calendar = icalparser_parse_string (raw);
  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  vtimezone = icalcomponent_get_first_component (calendar, ICAL_VTIMEZONE_COMPONENT);
  g_assert_nonnull (vtimezone);
  g_assert_cmpstr (icalproperty_get_tzid (first_property (vtimezone, ICAL_TZID_PROPERTY)), ==, "Europe/Paris");

  for (event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT); event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      icalproperty *dtstart = first_property (event, ICAL_DTSTART_PROPERTY);
      icalparameter *tzid = icalproperty_get_first_parameter (dtstart, ICAL_TZID_PARAMETER);
      struct icaltimetype start = icalproperty_get_dtstart (dtstart);
      struct icaltimetype end = icalproperty_get_dtend (first_property (event, ICAL_DTEND_PROPERTY));
      const char *uid = icalproperty_get_uid (first_property (event, ICAL_UID_PROPERTY));

      n_events++;
      g_assert_nonnull (tzid);
      g_assert_cmpstr (icalparameter_get_tzid (tzid), ==, "Europe/Paris");
      g_assert_nonnull (icalproperty_get_first_parameter (first_property (event, ICAL_DTEND_PROPERTY), ICAL_TZID_PARAMETER));
      /* The wall time in Paris, summer or winter. */
      g_assert_cmpint (start.hour, ==, 9);
      g_assert_cmpint (start.minute, ==, 30);
      g_assert_false (icaltime_is_utc (start));
      g_assert_nonnull (icalcomponent_get_first_property (event, ICAL_DTSTAMP_PROPERTY));

      if (start.month == 7)
        {
          expected_uid = g_strdup_printf ("%s@connecteur", summer->id);
          g_assert_cmpstr (uid, ==, expected_uid);
          g_clear_pointer (&expected_uid, g_free);
          g_assert_cmpint (end.hour, ==, 11);
          g_assert_cmpstr (icalproperty_get_summary (first_property (event, ICAL_SUMMARY_PROPERTY)), ==,
                           "Atelier « vitrine » à l’étage — Café Éléonore");
          g_assert_cmpstr (icalproperty_get_location (first_property (event, ICAL_LOCATION_PROPERTY)), ==,
                           "12, rue de l’Église; Tulle");
          g_assert_cmpstr (icalproperty_get_description (first_property (event, ICAL_DESCRIPTION_PROPERTY)), ==,
                           long_notes);
          g_assert_cmpint (icalproperty_get_status (first_property (event, ICAL_STATUS_PROPERTY)), ==,
                           ICAL_STATUS_CONFIRMED);
          /* libical maps the zone and gives the right instant back. */
          {
            g_autoptr(GDateTime) instant = g_date_time_new_from_iso8601 ("2026-07-07T07:30:00Z", NULL);

            g_assert_cmpint (icaltime_as_timet_with_zone (start, icaltimezone_get_builtin_timezone ("Europe/Paris")),
                             ==, g_date_time_to_unix (instant));
          }
        }
      else
        {
          expected_uid = g_strdup_printf ("%s@connecteur", winter->id);
          g_assert_cmpstr (uid, ==, expected_uid);
          g_clear_pointer (&expected_uid, g_free);
          g_assert_cmpint (start.month, ==, 12);
          g_assert_cmpstr (icalproperty_get_summary (first_property (event, ICAL_SUMMARY_PROPERTY)), ==,
                           "Appel de suivi — Garage Dupuis");
          g_assert_null (icalcomponent_get_first_property (event, ICAL_LOCATION_PROPERTY));
          g_assert_null (icalcomponent_get_first_property (event, ICAL_DESCRIPTION_PROPERTY));
          g_assert_cmpint (icalproperty_get_status (first_property (event, ICAL_STATUS_PROPERTY)), ==,
                           ICAL_STATUS_CANCELLED);
        }
    }
  g_assert_cmpuint (n_events, ==, 2);
  icalcomponent_free (calendar);

  /* An unwritable place: a clear error, no file. */
  {
    g_autofree char *bad = g_build_filename (f->dir, "missing", "x.ics", NULL);

    g_assert_false (cn_appointments_write_ics (f->store, list, bad, &error));
    g_assert_error (error, CN_ERROR, CN_ERROR_IO);
  }
}

static void
test_ics_empty (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autofree char *text = cn_appointments_to_ics (f->store, list, &error);
  icalcomponent *calendar;

  g_assert_no_error (error);
  calendar = icalparser_parse_string (text);
  g_assert_nonnull (calendar);
  g_assert_null (icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT));
  icalcomponent_free (calendar);
}

int
main (int argc, char *argv[])
{
  cn_test_init (&argc, &argv);

  g_test_add_func ("/appointment/time", test_time);
#define ADD(path, func) g_test_add ("/appointment/" path, Fixture, NULL, set_up, func, tear_down)
  ADD ("validate", test_validate);
  ADD ("create", test_create);
  ADD ("refused", test_refused);
  ADD ("update", test_update);
  ADD ("status", test_status);
  ADD ("same-transaction", test_same_transaction);
  ADD ("delete", test_delete);
  ADD ("overlaps", test_overlaps);
  ADD ("list", test_list);
  ADD ("company-undo", test_company_undo);
  ADD ("ics", test_ics);
  ADD ("ics-empty", test_ics_empty);
#undef ADD
  return g_test_run ();
}
