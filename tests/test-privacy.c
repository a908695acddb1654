/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The rights of the people in the portfolio (RGPD): a company's export
 * holds everything and only it, in private files; its erasure leaves no
 * trace in any table, the search index or the outbox, and syncs as a
 * delete only when the platform knew it; retention picks the closed
 * companies inactive for too long. */
#include "config.h"

#include <sys/stat.h>
#include <json-glib/json-glib.h>

#include "cn-appointment.h"
#include "cn-error.h"
#include "cn-plan.h"
#include "cn-privacy.h"
#include "cn-report.h"
#include "cn-store-private.h"
#include "cn-test-util.h"

/* Words found nowhere else in the test data. */
#define NAME "Zéphyrine Quincaillerie"
#define NOTE_WORD "xylophone"
#define CONTACT "Hortense Vandermolen"
#define PDF_NAME "plan-zephyrine.pdf"
#define SIRET "73282932000074"

typedef struct {
  char          *dir;
  char          *pdf_dir;
  char          *out_dir;
  CnStore       *store;
  CnReferential *referential;
  CnCompany     *company;
  CnCompany     *other;
  char          *diagnostic_id;
} Fixture;

static void
exec_ok (Fixture    *f,
         const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (cn_store_get_db (f->store), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* The same statement with the company's id in place of %s: test data only. */
static void
exec_for (Fixture    *f,
          const char *format,
          const char *id)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (cn_store_get_db (f->store), format, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static gint64
query_for (Fixture    *f,
           const char *sql,
           const char *id)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (cn_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
answer (Fixture    *f,
        const char *question,
        const char *choice)
{
  g_autoptr(GError) error = NULL;
  const char *choices[] = { choice, NULL };

  g_assert_true (cn_store_save_answer (f->store, f->referential, f->diagnostic_id, question, choices, &error));
  g_assert_no_error (error);
}

/* A company with something in every table that can name it, and another
 * one that must come through untouched. */
static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "referential-small.json", NULL);
  g_autofree char *pdf = NULL;
  g_autoptr(CnContact) contact = cn_contact_new ();
  g_autoptr(CnPlan) plan = NULL;
  g_autoptr(CnAppointment) appointment = cn_appointment_new ();
  g_autoptr(CnReport) report = cn_report_new ();
  const char *tags[] = { "artisanat", NULL };
  const char *id;

  f->dir = cn_test_make_tmp_dir ();
  f->pdf_dir = g_build_filename (f->dir, "Documents", NULL);
  f->out_dir = g_build_filename (f->dir, "exports", NULL);
  g_assert_cmpint (g_mkdir (f->pdf_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (f->out_dir, 0755), ==, 0);
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->referential = cn_referential_load_file (path, &error);
  g_assert_no_error (error);

  f->company = cn_company_new ();
  cn_company_set_name (f->company, NAME);
  cn_company_set_siret (f->company, SIRET);
  cn_company_set_notes (f->company, "Aime le " NOTE_WORD);
  cn_company_set_tags (f->company, tags);
  g_assert_true (cn_store_add_company (f->store, f->company, NULL, &error));
  g_assert_no_error (error);
  id = cn_company_get_id (f->company);

  f->other = cn_company_new ();
  cn_company_set_name (f->other, "Garage Durand");
  g_assert_true (cn_store_add_company (f->store, f->other, NULL, &error));

  cn_contact_set_company_id (contact, id);
  cn_contact_set_name (contact, CONTACT);
  cn_contact_set_email (contact, "hortense@example.fr");
  cn_contact_set_consent (contact, TRUE, "2026-03-02", "Suivi par le connecteur");
  g_assert_true (cn_store_save_contact (f->store, contact, &error));
  g_assert_no_error (error);

  f->diagnostic_id = cn_store_start_diagnostic (f->store, id, f->referential, &error);
  answer (f, "q1", "x0");
  answer (f, "q3", "y1");
  g_assert_true (cn_store_complete_diagnostic (f->store, f->referential, f->diagnostic_id, &error));
  g_assert_no_error (error);
  plan = cn_store_get_plan (f->store, f->referential, f->diagnostic_id, &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_record_plan_issued (f->store, plan, NULL, PDF_NAME, &error));
  pdf = g_build_filename (f->pdf_dir, PDF_NAME, NULL);
  g_assert_true (g_file_set_contents (pdf, "%PDF-1.5 plan", -1, &error));

  appointment->company_id = g_strdup (id);
  appointment->starts_at = g_strdup ("2026-12-03T08:30:00Z");
  appointment->ends_at = g_strdup ("2026-12-03T09:30:00Z");
  appointment->subject = g_strdup ("Visite de suivi");
  g_assert_true (cn_store_save_appointment (f->store, appointment, NULL, &error));
  g_assert_no_error (error);

  report->company_id = g_strdup (id);
  report->date = g_strdup ("2026-12-03");
  report->summary = g_strdup ("Première visite");
  g_assert_true (cn_store_add_report (f->store, report, NULL, &error));
  g_assert_no_error (error);
  g_free (report->summary);
  report->summary = g_strdup ("Première visite, corrigée");
  g_assert_true (cn_store_correct_report (f->store, report, NULL, &error));
  g_assert_no_error (error);

  /* What the platform and the directory left about it. */
  exec_for (f, "INSERT INTO leads (id, name, contact_name, received_at, company_id)"
               " VALUES ('lead-1', '" NAME "', '" CONTACT "', '2026-01-01T00:00:00Z', ?1)", id);
  exec_for (f, "INSERT INTO sync_issues (entity_type, entity_id, kind, message, at)"
               " VALUES ('company', ?1, 'rejected', 'invalid', '2026-01-01T00:00:00Z')", id);
  exec_for (f, "INSERT INTO sync_parked (entity_type, entity_id, revision, data, at)"
               " VALUES ('appointment', 'parked-1', 1, json_object ('company_id', ?1), '2026-01-01T00:00:00Z')", id);
  exec_ok (f, "INSERT INTO registry_cache (siren, siret, name, entry, fetched_at)"
              " VALUES ('732829320', '" SIRET "', '" NAME "', '{}', '2026-01-01T00:00:00Z')");
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->company);
  g_clear_object (&f->other);
  g_clear_pointer (&f->referential, cn_referential_unref);
  if (f->store)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->pdf_dir);
  g_free (f->out_dir);
  g_free (f->diagnostic_id);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static guint
array_length (JsonObject *object,
              const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  return json_array_get_length (json_object_get_array_member (object, member));
}

/* ---- export ----------------------------------------------------------------- */

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *dirs[] = { f->pdf_dir, NULL };
  g_autofree char *folder = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *pdf_path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *company, *contact, *diagnostic, *plan, *report;
  guint n_pdfs = 0;

  folder = cn_store_export_company_data (f->store, cn_company_get_id (f->company), f->out_dir,
                                         dirs, &n_pdfs, &error);
  g_assert_no_error (error);
  g_assert_nonnull (folder);
  g_assert_true (g_str_has_prefix (folder, f->out_dir));
  g_assert_cmpuint (n_pdfs, ==, 1);

  /* Readable by the connector only, whatever the umask. */
  json_path = g_build_filename (folder, CN_PRIVACY_EXPORT_FILE, NULL);
  pdf_path = g_build_filename (folder, PDF_NAME, NULL);
  g_assert_cmpuint (file_mode (folder), ==, 0700);
  g_assert_cmpuint (file_mode (json_path), ==, 0600);
  g_assert_cmpuint (file_mode (pdf_path), ==, 0600);
  g_assert_true (g_file_get_contents (pdf_path, &copy, NULL, NULL));
  g_assert_cmpstr (copy, ==, "%PDF-1.5 plan");

  g_assert_true (g_file_get_contents (json_path, &text, NULL, NULL));
  /* Only this company. */
  g_assert_null (strstr (text, "Garage Durand"));
  g_assert_null (strstr (text, cn_company_get_id (f->other)));

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "connecteur-company-export");

  company = json_object_get_object_member (root, "company");
  g_assert_cmpstr (json_object_get_string_member (company, "name"), ==, NAME);
  g_assert_cmpstr (json_object_get_string_member (company, "siret"), ==, SIRET);
  g_assert_nonnull (strstr (json_object_get_string_member (company, "notes"), NOTE_WORD));
  g_assert_true (json_object_has_member (company, "revision"));

  g_assert_cmpuint (array_length (root, "tags"), ==, 1);
  g_assert_cmpuint (array_length (root, "contacts"), ==, 1);
  contact = json_array_get_object_element (json_object_get_array_member (root, "contacts"), 0);
  g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, CONTACT);
  g_assert_cmpint (json_object_get_int_member (contact, "consent"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (contact, "consent_date"), ==, "2026-03-02");
  g_assert_cmpstr (json_object_get_string_member (contact, "consent_purpose"), ==, "Suivi par le connecteur");

  g_assert_cmpuint (array_length (root, "events"), >=, 4);
  g_assert_cmpuint (array_length (root, "diagnostics"), ==, 1);
  diagnostic = json_array_get_object_element (json_object_get_array_member (root, "diagnostics"), 0);
  g_assert_cmpuint (array_length (diagnostic, "answers"), ==, 2);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (diagnostic, "scores")));
  g_assert_false (json_object_get_null_member (diagnostic, "overall"));

  g_assert_cmpuint (array_length (root, "plans"), ==, 1);
  plan = json_array_get_object_element (json_object_get_array_member (root, "plans"), 0);
  g_assert_cmpuint (array_length (plan, "actions"), >, 0);

  g_assert_cmpuint (array_length (root, "appointments"), ==, 1);
  g_assert_cmpuint (array_length (root, "reports"), ==, 1);
  report = json_array_get_object_element (json_object_get_array_member (root, "reports"), 0);
  g_assert_cmpuint (array_length (report, "revisions"), ==, 2);

  g_assert_cmpuint (array_length (root, "leads"), ==, 1);
  g_assert_cmpuint (array_length (root, "sync_outbox"), >, 0);
  g_assert_cmpuint (array_length (root, "sync_issues"), ==, 1);
  g_assert_cmpuint (array_length (root, "plan_files"), ==, 1);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (json_object_get_array_member (root, "plan_files"), 0),
                                                 "included"));

  /* A second export never writes into the first one's folder. */
  {
    g_autofree char *again = cn_store_export_company_data (f->store, cn_company_get_id (f->company),
                                                           f->out_dir, dirs, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (again, !=, folder);
  }

  /* A PDF no longer there is listed, not included. */
  {
    g_autofree char *pdf = g_build_filename (f->pdf_dir, PDF_NAME, NULL);
    g_autofree char *third = NULL;

    g_assert_cmpint (g_unlink (pdf), ==, 0);
    third = cn_store_export_company_data (f->store, cn_company_get_id (f->company), f->out_dir, dirs, &n_pdfs, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_pdfs, ==, 0);
  }
}

static void
test_export_unknown (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = cn_store_export_company_data (f->store, "no-such-company", f->out_dir,
                                                          NULL, NULL, &error);

  g_assert_null (folder);
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
}

/* ---- erasure ---------------------------------------------------------------- */

static void
assert_no_trace (Fixture    *f,
                 const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) traces = cn_store_find_traces (f->store, needle, &error);

  g_assert_no_error (error);
  g_assert_nonnull (traces);
  if (traces[0] != NULL)
    {
      g_autofree char *where = g_strjoinv (", ", traces);
      g_error ("“%s” still found in %s", needle, where);
    }
}

static guint
search_count (Fixture    *f,
              const char *words)
{
  g_autoptr(GError) error = NULL;
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
  g_autoptr(GArray) rows = NULL;

  filter.search = words;
  rows = cn_store_find_companies (f->store, &filter, &error);
  g_assert_no_error (error);
  return rows->len;
}

static void
test_erase_local (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *id = g_strdup (cn_company_get_id (f->company));
  g_autofree char *pdf = g_build_filename (f->pdf_dir, PDF_NAME, NULL);
  g_auto(GStrv) before = NULL;
  gint64 other_outbox, secure_before;

  /* The check itself finds what is there. */
  before = cn_store_find_traces (f->store, NAME, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) before, "companies.name"));
  g_assert_true (g_strv_contains ((const char * const *) before, "leads.name"));
  g_assert_cmpuint (search_count (f, "zephyrine"), ==, 1);
  g_assert_cmpuint (search_count (f, CONTACT), ==, 1);
  g_assert_cmpint (query_for (f, "SELECT count(*) FROM outbox WHERE entity_id = ?1", id), ==, 1);
  other_outbox = query_for (f, "SELECT count(*) FROM outbox WHERE entity_id = ?1", cn_company_get_id (f->other));
  secure_before = cn_test_query_int (cn_store_get_db (f->store), "PRAGMA secure_delete");

  g_assert_true (cn_store_erase_company (f->store, id, &files, &error));
  g_assert_no_error (error);
  g_assert_nonnull (files);
  g_assert_cmpstr (files[0], ==, PDF_NAME);
  g_assert_null (files[1]);
  /* The connector's own file is named, not deleted behind their back. */
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));

  /* Not a row anywhere, the full-text index's own tables included. */
  assert_no_trace (f, id);
  assert_no_trace (f, NAME);
  assert_no_trace (f, CONTACT);
  assert_no_trace (f, NOTE_WORD);
  assert_no_trace (f, SIRET);
  assert_no_trace (f, f->diagnostic_id);
  assert_no_trace (f, "Première visite");
  /* The index segments hold words, not sentences: after the merge they
   * hold none of the erased ones. */
  assert_no_trace (f, "zephyrine");
  assert_no_trace (f, "quincaillerie");
  assert_no_trace (f, "vandermolen");
  g_assert_cmpuint (search_count (f, "zephyrine"), ==, 0);
  g_assert_cmpuint (search_count (f, "Zéphyrine"), ==, 0);
  g_assert_cmpuint (search_count (f, CONTACT), ==, 0);
  g_assert_cmpuint (search_count (f, NOTE_WORD), ==, 0);

  /* It never reached the platform: nothing to send, no delete. */
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store),
                                      "SELECT count(*) FROM outbox WHERE op = 'delete'"), ==, 0);

  /* The other company is untouched. */
  g_assert_cmpuint (search_count (f, "Durand"), ==, 1);
  g_assert_cmpint (query_for (f, "SELECT count(*) FROM outbox WHERE entity_id = ?1", cn_company_get_id (f->other)),
                   ==, other_outbox);
  g_assert_cmpint (cn_store_count_companies (f->store, NULL), ==, 1);
  {
    sqlite3_stmt *check = NULL;

    g_assert_cmpint (sqlite3_prepare_v2 (cn_store_get_db (f->store), "PRAGMA integrity_check", -1, &check, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (check), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (check, 0), ==, "ok");
    sqlite3_finalize (check);
  }

  /* Secure deletion is for the erasure only (Debian's SQLite has it on
   * by default anyway); the WAL was emptied. */
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "PRAGMA secure_delete"), ==, secure_before);
  {
    g_autofree char *wal = g_strdup_printf ("%s-wal", cn_store_get_path (f->store));
    GStatBuf st;

    g_assert_cmpint (g_stat (wal, &st), ==, 0);
    g_assert_cmpint (st.st_size, ==, 0);
  }

  /* Gone: a second erasure says so. */
  g_assert_false (cn_store_erase_company (f->store, id, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
}

static void
test_erase_shared (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (cn_company_get_id (f->company));
  sqlite3_stmt *stmt = NULL;

  /* As after a sync: the platform knows it at revision 3, and a later
   * change waits to be sent. */
  exec_for (f, "UPDATE companies SET revision = 3 WHERE id = ?1", id);
  exec_for (f, "DELETE FROM outbox WHERE entity_id = ?1", id);
  exec_for (f, "INSERT INTO outbox (entity_type, entity_id, op, queued_at) VALUES ('company', ?1, 'upsert', 'now')", id);

  g_assert_true (cn_store_erase_company (f->store, id, NULL, &error));
  g_assert_no_error (error);

  /* One delete for the company, on its revision, and nothing else of it. */
  g_assert_cmpint (sqlite3_prepare_v2 (cn_store_get_db (f->store),
                                       "SELECT entity_type, op, base_revision, batch_id FROM outbox WHERE entity_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "company");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "delete");
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, 3);
  g_assert_cmpint (sqlite3_column_type (stmt, 3), ==, SQLITE_NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store),
                                      "SELECT count(*) FROM outbox WHERE op = 'delete'"), ==, 1);

  /* The id stays in that one outbox row only; the name nowhere. */
  {
    g_auto(GStrv) traces = cn_store_find_traces (f->store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (traces), ==, 1);
    g_assert_cmpstr (traces[0], ==, "outbox.entity_id");
  }
  assert_no_trace (f, NAME);
  assert_no_trace (f, CONTACT);
  g_assert_cmpuint (search_count (f, "zephyrine"), ==, 0);
}

/* ---- retention -------------------------------------------------------------- */

static void
add_dated (Fixture         *f,
           const char      *name,
           CnCompanyStatus  status,
           const char      *last_activity)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = cn_company_new ();
  sqlite3_stmt *stmt = NULL;

  cn_company_set_name (company, name);
  cn_company_set_status (company, status);
  g_assert_true (cn_store_add_company (f->store, company, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_prepare_v2 (cn_store_get_db (f->store),
                                       "UPDATE companies SET last_activity_at = ?2 WHERE id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, cn_company_get_id (company), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, last_activity, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 6, 1, 12, 0, 0);
  g_autoptr(GPtrArray) off = NULL;
  g_autoptr(GPtrArray) five = NULL;
  g_autoptr(GPtrArray) two = NULL;

  add_dated (f, "Fermée il y a longtemps", CN_COMPANY_STATUS_CLOSED, "2019-02-01T10:00:00.000000Z");
  add_dated (f, "Fermée depuis peu", CN_COMPANY_STATUS_CLOSED, "2025-11-01T10:00:00.000000Z");
  add_dated (f, "Fermée il y a quatre ans", CN_COMPANY_STATUS_CLOSED, "2022-03-01T10:00:00.000000Z");
  add_dated (f, "Suivie mais endormie", CN_COMPANY_STATUS_FOLLOWED_UP, "2015-01-01T10:00:00.000000Z");
  /* Just inside five years: kept. */
  add_dated (f, "Fermée pile", CN_COMPANY_STATUS_CLOSED, "2021-06-01T12:00:01.000000Z");

  off = cn_store_list_retention_expired (f->store, 0, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (off->len, ==, 0);

  five = cn_store_list_retention_expired (f->store, 5, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (five->len, ==, 1);
  g_assert_cmpstr (cn_company_get_name (five->pdata[0]), ==, "Fermée il y a longtemps");

  /* Oldest first; an active company is never proposed, however old. */
  two = cn_store_list_retention_expired (f->store, 2, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two->len, ==, 3);
  g_assert_cmpstr (cn_company_get_name (two->pdata[0]), ==, "Fermée il y a longtemps");
  g_assert_cmpstr (cn_company_get_name (two->pdata[1]), ==, "Fermée pile");
  g_assert_cmpstr (cn_company_get_name (two->pdata[2]), ==, "Fermée il y a quatre ans");
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/privacy/export", test_export);
  ADD ("/privacy/export-unknown", test_export_unknown);
  ADD ("/privacy/erase-local", test_erase_local);
  ADD ("/privacy/erase-shared", test_erase_shared);
  ADD ("/privacy/retention", test_retention);

  return g_test_run ();
}
