/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "cn-error.h"
#include "cn-store.h"
#include "cn-store-private.h"

#include "cn-test-util.h"

typedef struct {
  char *dir;
  CnStore *store;
  guint n_changed;
} Fixture;

static void
on_changed (CnStore *store,
            Fixture *f)
{
  f->n_changed++;
}

static void
set_up_dir (Fixture       *f,
            gconstpointer  data)
{
  f->dir = cn_test_make_tmp_dir ();
}

static void
set_up_store (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  set_up_dir (f, data);
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  g_signal_connect (f->store, "changed", G_CALLBACK (on_changed), f);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  if (f->store)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
}

#define ADD_STORE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, set_up_store, func, tear_down)
#define ADD_DIR_TEST(path, func) \
  g_test_add (path, Fixture, NULL, set_up_dir, func, tear_down)

/* ---- helpers --------------------------------------------------------- */

static char *
db_path (Fixture *f)
{
  return g_build_filename (f->dir, CN_STORE_FILE_NAME, NULL);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
exec_raw (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Changes a file behind Connecteur's back, as another program would. */
static void
exec_on_file (const char *path,
              const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  exec_raw (db, sql);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static CnCompany *
new_company (const char *name,
             const char *siret,
             const char *postcode,
             const char *commune,
             const char *naf)
{
  CnCompany *company = cn_company_new ();

  cn_company_set_name (company, name);
  cn_company_set_siret (company, siret);
  cn_company_set_postcode (company, postcode);
  cn_company_set_commune (company, commune);
  cn_company_set_naf (company, naf);
  return company;
}

static CnCompany *
add_company (Fixture    *f,
             const char *name,
             const char *siret,
             const char *postcode,
             const char *commune,
             const char *naf)
{
  g_autoptr(GError) error = NULL;
  CnCompany *company = new_company (name, siret, postcode, commune, naf);
  CnCompanyField field = CN_COMPANY_FIELD_NOTES;

  g_assert_true (cn_store_add_company (f->store, company, &field, &error));
  g_assert_no_error (error);
  g_assert_nonnull (cn_company_get_id (company));
  return company;
}

static void
add_contact (Fixture    *f,
             CnCompany  *company,
             const char *name,
             const char *email)
{
  g_autoptr(CnContact) contact = cn_contact_new ();
  g_autoptr(GError) error = NULL;

  cn_contact_set_company_id (contact, cn_company_get_id (company));
  cn_contact_set_name (contact, name);
  cn_contact_set_email (contact, email);
  g_assert_true (cn_store_save_contact (f->store, contact, &error));
  g_assert_no_error (error);
}

/* Names of the matching companies, in display order. */
static GStrv
find_names (Fixture               *f,
            const CnCompanyFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = cn_store_find_companies (f->store, filter, &error);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(CnCompany) company =
        cn_store_get_company_by_rowid (f->store, g_array_index (rows, gint64, i), &error);
      g_assert_no_error (error);
      g_strv_builder_add (names, cn_company_get_name (company));
    }
  return g_strv_builder_end (names);
}

static GStrv
search (Fixture    *f,
        const char *text)
{
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;

  filter.search = text;
  return find_names (f, &filter);
}

#define assert_search(f, text, ...) \
  G_STMT_START { \
    const char *expected_[] = { __VA_ARGS__, NULL }; \
    g_auto(GStrv) found_ = search ((f), (text)); \
    g_assert_cmpstrv (found_, expected_); \
  } G_STMT_END

static gint64
count_companies (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = cn_store_count_companies (f->store, &error);

  g_assert_no_error (error);
  return n;
}

static gint64
count_outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = cn_store_count_outbox (f->store, &error);

  g_assert_no_error (error);
  /* Cross-check with SQL so a count function bug cannot hide a row. */
  g_assert_cmpint (n, ==, cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM outbox"));
  return n;
}

static GPtrArray *
list_events (Fixture    *f,
             const char *company_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = cn_store_list_events (f->store, company_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  return events;
}

static guint
count_events_of_kind (GPtrArray  *events,
                      const char *kind)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (cn_event_get_kind (g_ptr_array_index (events, i)), kind))
      n++;
  return n;
}

static CnEvent *
find_event (GPtrArray  *events,
            const char *kind)
{
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (cn_event_get_kind (g_ptr_array_index (events, i)), kind))
      return g_ptr_array_index (events, i);
  return NULL;
}

/* ---- opening --------------------------------------------------------- */

static void
test_open_fresh (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = db_path (f);
  g_autofree char *journal = NULL;
  g_autofree char *wal = NULL;
  sqlite3 *db;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);

  g_assert_cmpstr (cn_store_get_path (f->store), ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (cn_test_file_mode (path), ==, 0600);
  g_assert_cmpint (cn_store_get_schema_version (f->store), ==, CN_STORE_SCHEMA_VERSION);

  db = cn_store_get_db (f->store);
  g_assert_nonnull (db);
  journal = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (cn_test_query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (cn_test_query_int (db, "PRAGMA user_version"), ==, CN_STORE_SCHEMA_VERSION);
  /* Marked as ours. */
  g_assert_cmpint (cn_test_query_int (db, "PRAGMA application_id"), !=, 0);
  /* FULL (2): user edits are durable. */
  g_assert_cmpint (cn_test_query_int (db, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (count_companies (f), ==, 0);

  /* The write-ahead log holds the same personal data: private too. */
  g_object_unref (add_company (f, "Boulangerie Martin", NULL, NULL, NULL, NULL));
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_true (g_file_test (wal, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (cn_test_file_mode (wal), ==, 0600);
}

static void
test_open_creates_data_dir (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nested = g_build_filename (f->dir, "a", "b", "connecteur", NULL);
  g_autofree char *path = g_build_filename (nested, CN_STORE_FILE_NAME, NULL);

  f->store = cn_store_open (nested, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_DIR));
  /* The folder holds personal data: private too. */
  g_assert_cmpuint (cn_test_file_mode (nested), ==, 0700);
  g_assert_cmpuint (cn_test_file_mode (path), ==, 0600);
}

static void
test_open_reopen (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) added = NULL;
  g_autoptr(CnCompany) found = NULL;
  g_autofree char *path = db_path (f);
  g_autofree char *device = NULL;
  g_autofree char *device_again = NULL;
  g_autofree char *id = NULL;

  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  added = add_company (f, "Boulangerie Martin", "41816609600069", "19000", "Tulle", "10.71C");
  id = g_strdup (cn_company_get_id (added));
  device = query_text (cn_store_get_db (f->store), "SELECT value FROM sync_state WHERE key = 'device_id'");
  g_assert_finalize_object (g_steal_pointer (&f->store));

  /* Someone loosened the permissions: opening restores them. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cn_test_file_mode (path), ==, 0600);
  found = cn_store_get_company (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_company_get_name (found), ==, "Boulangerie Martin");
  g_assert_cmpstr (cn_company_get_siren (found), ==, "418166096");
  /* Migrations do not run twice. */
  device_again = query_text (cn_store_get_db (f->store), "SELECT value FROM sync_state WHERE key = 'device_id'");
  g_assert_cmpstr (device, ==, device_again);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM sync_state"), ==, 1);
}

static void
test_open_upgrade (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) added = NULL;
  g_autoptr(CnCompany) found = NULL;
  g_autofree char *id = NULL;
  g_autofree char *device = NULL;
  g_autofree char *integrity = NULL;
  sqlite3 *db;

  /* A portfolio written by the first release. */
  f->store = cn_store_open_at_version (f->dir, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cn_store_get_schema_version (f->store), ==, 1);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store),
                              "SELECT count(*) FROM sqlite_schema WHERE name = 'sync_state'"), ==, 0);
  added = add_company (f, "École des Arts", "73282932000074", "45000", "Orléans", "85.52Z");
  id = g_strdup (cn_company_get_id (added));
  g_assert_finalize_object (g_steal_pointer (&f->store));

  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cn_store_get_schema_version (f->store), ==, CN_STORE_SCHEMA_VERSION);

  found = cn_store_get_company (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (cn_company_get_name (found), ==, "École des Arts");
  g_assert_cmpstr (cn_company_get_siret (found), ==, "73282932000074");

  db = cn_store_get_db (f->store);
  device = query_text (db, "SELECT value FROM sync_state WHERE key = 'device_id'");
  g_assert_nonnull (device);
  g_assert_true (g_uuid_string_is_valid (device));

  /* The search index survived the upgrade. */
  assert_search (f, "orleans", "École des Arts");
  integrity = query_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
}

static void
assert_open_refused (Fixture    *f,
                     const char *path,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  CnStore *store;

  before = cn_test_read_file (path, &before_len);
  store = cn_store_open (f->dir, &error);
  g_assert_null (store);
  g_assert_error (error, CN_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  /* The message names the file. */
  g_assert_nonnull (strstr (error->message, path));

  after = cn_test_read_file (path, &after_len);
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_open_refuse_newer (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = db_path (f);
  g_autoptr(CnCompany) added = NULL;
  sqlite3 *db = NULL;

  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  added = add_company (f, "Boulangerie Martin", NULL, "19000", "Tulle", NULL);
  g_assert_finalize_object (g_steal_pointer (&f->store));

  exec_on_file (path, "PRAGMA user_version = 99");
  assert_open_refused (f, path, CN_ERROR_STORE_TOO_NEW);

  /* Still version 99 with its data, as another program sees it. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (cn_test_query_int (db, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (cn_test_query_int (db, "SELECT count(*) FROM companies"), ==, 1);
  sqlite3_close (db);
}

static void
test_open_not_a_database (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = db_path (f);
  g_autoptr(GString) text = g_string_new (NULL);

  /* Random printable text, a few pages' worth. */
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (text, (i % 61 == 60) ? '\n' : (char) g_test_rand_int_range (' ', '~' + 1));
  cn_test_write_file (path, text->str, text->len);

  assert_open_refused (f, path, CN_ERROR_NOT_A_DATABASE);
}

static void
test_open_foreign_sqlite (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = db_path (f);

  /* Another program's database: a table, no application id. */
  exec_on_file (path,
                "CREATE TABLE recipes (name TEXT, steps TEXT);"
                "INSERT INTO recipes VALUES ('Far breton', 'Mélanger');");
  assert_open_refused (f, path, CN_ERROR_NOT_A_DATABASE);
}

static void
test_open_foreign_application_id (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *path = db_path (f);

  /* Empty, but claimed by another application. */
  exec_on_file (path, "PRAGMA application_id = 12345; PRAGMA user_version = 1");
  assert_open_refused (f, path, CN_ERROR_NOT_A_DATABASE);
}

static void
test_open_uncreatable_dir (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CnStore *store;

  store = cn_store_open ("/proc/cn-test/x", &error);
  g_assert_null (store);
  g_assert_error (error, CN_ERROR, CN_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "/proc/cn-test/x"));
  g_assert_false (g_file_test ("/proc/cn-test", G_FILE_TEST_EXISTS));
}

/* ---- companies ------------------------------------------------------- */

static void
test_add_get (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = new_company ("  Boulangerie Martin ", "418 166 096 00069",
                                              "19 000", "Tulle", "1071c");
  g_autoptr(CnCompany) found = NULL;
  g_autoptr(CnCompany) by_rowid = NULL;
  g_autoptr(CnCompany) missing = NULL;
  g_autoptr(GPtrArray) events = NULL;
  const char *tags[] = { "pain", "bio", NULL };
  CnCompanyField field = CN_COMPANY_FIELD_NOTES;
  gint64 rowid;

  cn_company_set_tags (company, tags);
  cn_company_set_notes (company, "Four à bois");
  cn_company_set_headcount (company, "3");
  cn_company_set_revenue (company, "100k-500k");
  cn_company_set_status (company, CN_COMPANY_STATUS_CONTACTED);
  cn_company_set_consent_share (company, TRUE);

  g_assert_true (cn_store_add_company (f->store, company, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, CN_COMPANY_FIELD_NONE);
  g_assert_true (g_uuid_string_is_valid (cn_company_get_id (company)));
  g_assert_nonnull (cn_company_get_created_at (company));
  g_assert_cmpint (count_companies (f), ==, 1);

  found = cn_store_get_company (f->store, cn_company_get_id (company), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (cn_company_get_id (found), ==, cn_company_get_id (company));
  g_assert_cmpstr (cn_company_get_name (found), ==, "Boulangerie Martin");
  g_assert_cmpstr (cn_company_get_siret (found), ==, "41816609600069");
  g_assert_cmpstr (cn_company_get_siren (found), ==, "418166096");
  g_assert_cmpstr (cn_company_get_naf (found), ==, "10.71C");
  g_assert_cmpstr (cn_company_get_headcount (found), ==, "03");
  g_assert_cmpstr (cn_company_get_revenue (found), ==, "100k-500k");
  g_assert_cmpstr (cn_company_get_postcode (found), ==, "19000");
  g_assert_cmpstr (cn_company_get_commune (found), ==, "Tulle");
  g_assert_cmpstr (cn_company_get_department (found), ==, "19");
  g_assert_cmpstr (cn_company_get_region (found), ==, "75");
  g_assert_cmpstr (cn_company_get_notes (found), ==, "Four à bois");
  g_assert_cmpstrv (cn_company_get_tags (found), tags);
  g_assert_cmpint (cn_company_get_status (found), ==, CN_COMPANY_STATUS_CONTACTED);
  g_assert_true (cn_company_get_consent_share (found));
  g_assert_cmpstr (cn_company_get_created_at (found), ==, cn_company_get_created_at (company));
  g_assert_nonnull (cn_company_get_updated_at (found));
  g_assert_nonnull (cn_company_get_last_activity_at (found));
  g_assert_cmpint (cn_company_get_revision (found), ==, -1);

  rowid = cn_test_query_int (cn_store_get_db (f->store), "SELECT num FROM companies");
  by_rowid = cn_store_get_company_by_rowid (f->store, rowid, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_company_get_id (by_rowid), ==, cn_company_get_id (company));

  events = list_events (f, cn_company_get_id (company));
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (cn_event_get_kind (g_ptr_array_index (events, 0)), ==, CN_EVENT_CREATED);
  g_assert_cmpstr (cn_event_get_company_id (g_ptr_array_index (events, 0)), ==, cn_company_get_id (company));

  missing = cn_store_get_company (f->store, "00000000-0000-4000-8000-000000000000", &error);
  g_assert_null (missing);
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (cn_store_get_company_by_rowid (f->store, rowid + 100, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
}

static void
test_add_invalid (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = new_company ("Boulangerie Martin", "41816609600068", NULL, NULL, NULL);
  CnCompanyField field = CN_COMPANY_FIELD_NONE;

  g_assert_false (cn_store_add_company (f->store, company, &field, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_cmpint (field, ==, CN_COMPANY_FIELD_SIRET);

  g_assert_cmpint (count_companies (f), ==, 0);
  g_assert_cmpint (count_outbox (f), ==, 0);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM events"), ==, 0);
  g_assert_cmpuint (f->n_changed, ==, 0);
}

static void
test_update_events (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", NULL, "19000", "Tulle", NULL);
  g_autoptr(CnCompany) found = NULL;
  g_autoptr(GPtrArray) events = NULL;
  CnEvent *status;
  CnCompanyField field = CN_COMPANY_FIELD_NOTES;

  cn_company_set_status (company, CN_COMPANY_STATUS_CONTACTED);
  cn_company_set_commune (company, "Tulle Centre");
  g_assert_true (cn_store_update_company (f->store, company, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, CN_COMPANY_FIELD_NONE);

  found = cn_store_get_company (f->store, cn_company_get_id (company), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_company_get_commune (found), ==, "Tulle Centre");
  g_assert_cmpint (cn_company_get_status (found), ==, CN_COMPANY_STATUS_CONTACTED);
  g_assert_cmpstr (cn_company_get_created_at (found), ==, cn_company_get_created_at (company));

  events = list_events (f, cn_company_get_id (company));
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpuint (count_events_of_kind (events, CN_EVENT_CREATED), ==, 1);
  g_assert_cmpuint (count_events_of_kind (events, CN_EVENT_EDITED), ==, 1);
  g_assert_cmpuint (count_events_of_kind (events, CN_EVENT_STATUS), ==, 1);
  status = find_event (events, CN_EVENT_STATUS);
  g_assert_cmpstr (cn_event_get_detail (status), ==, "lead>contacted");
  {
    g_autofree char *sentence = cn_event_describe (status);
    g_assert_cmpstr (sentence, ==, "Status changed from “Lead” to “Contacted”");
  }
  /* Newest first: the creation is last. */
  g_assert_cmpstr (cn_event_get_kind (g_ptr_array_index (events, 2)), ==, CN_EVENT_CREATED);
}

static void
test_update_status_only (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", NULL, NULL, NULL, NULL);
  g_autoptr(GPtrArray) events = NULL;

  cn_company_set_status (company, CN_COMPANY_STATUS_DIAGNOSED);
  g_assert_true (cn_store_update_company (f->store, company, NULL, &error));
  g_assert_no_error (error);

  events = list_events (f, cn_company_get_id (company));
  g_assert_cmpuint (count_events_of_kind (events, CN_EVENT_STATUS), ==, 1);
  g_assert_cmpuint (count_events_of_kind (events, CN_EVENT_EDITED), ==, 0);
}

static void
test_update_notes_only (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) found = NULL;
  g_autoptr(GPtrArray) events = NULL;

  /* Notes are autosaved while typing: no timeline line for each save. */
  cn_company_set_notes (company, "Rappeler en mai");
  g_assert_true (cn_store_update_company (f->store, company, NULL, &error));
  g_assert_no_error (error);

  events = list_events (f, cn_company_get_id (company));
  g_assert_cmpuint (events->len, ==, 1);
  found = cn_store_get_company (f->store, cn_company_get_id (company), &error);
  g_assert_cmpstr (cn_company_get_notes (found), ==, "Rappeler en mai");
}

static void
test_update_invalid (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", "41816609600069", NULL, NULL, NULL);
  g_autoptr(CnCompany) found = NULL;
  g_autoptr(CnCompany) ghost = new_company ("Ghost", NULL, NULL, NULL, NULL);
  CnCompanyField field = CN_COMPANY_FIELD_NONE;
  guint changed_before = f->n_changed;

  cn_company_set_siret (company, "41816609600068");
  g_assert_false (cn_store_update_company (f->store, company, &field, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_cmpint (field, ==, CN_COMPANY_FIELD_SIRET);
  g_clear_error (&error);

  found = cn_store_get_company (f->store, cn_company_get_id (company), &error);
  g_assert_cmpstr (cn_company_get_siret (found), ==, "41816609600069");

  cn_company_set_id (ghost, "00000000-0000-4000-8000-000000000000");
  g_assert_false (cn_store_update_company (f->store, ghost, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_assert_cmpint (count_companies (f), ==, 1);
  g_assert_cmpint (count_outbox (f), ==, 1);
  g_assert_cmpuint (f->n_changed, ==, changed_before);
}

static void
test_delete_restore (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", "41816609600069", "19000", "Tulle", "10.71C");
  g_autoptr(CnCompany) gone = NULL;
  g_autoptr(CnCompany) back = NULL;
  g_autoptr(CnCompanyBackup) backup = NULL;
  g_autoptr(GPtrArray) events_before = NULL;
  g_autoptr(GPtrArray) events_after = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  const char *tags[] = { "pain", NULL };
  const char *id = cn_company_get_id (company);
  sqlite3 *db = cn_store_get_db (f->store);

  cn_company_set_tags (company, tags);
  g_assert_true (cn_store_update_company (f->store, company, NULL, &error));
  add_contact (f, company, "Jeanne Martin", "jeanne@example.fr");
  add_contact (f, company, "Paul Martin", NULL);
  g_assert_true (cn_store_add_event (f->store, id, CN_EVENT_NOTE, "Vu au marché", &error));
  g_assert_no_error (error);
  events_before = list_events (f, id);
  g_assert_cmpuint (events_before->len, ==, 5);

  g_assert_true (cn_store_delete_company (f->store, id, &backup, &error));
  g_assert_no_error (error);
  g_assert_nonnull (backup);

  gone = cn_store_get_company (f->store, id, &error);
  g_assert_null (gone);
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_companies (f), ==, 0);
  /* Cascade: nothing is left behind. */
  g_assert_cmpint (cn_test_query_int (db, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (cn_test_query_int (db, "SELECT count(*) FROM events"), ==, 0);
  g_assert_cmpint (cn_test_query_int (db, "SELECT count(*) FROM company_tags"), ==, 0);
  g_assert_cmpint (cn_test_query_int (db, "SELECT count(*) FROM company_fts"), ==, 0);
  assert_search (f, "Jeanne", NULL);

  g_assert_true (cn_store_restore_company (f->store, backup, &error));
  g_assert_no_error (error);

  back = cn_store_get_company (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_company_get_name (back), ==, "Boulangerie Martin");
  g_assert_cmpstr (cn_company_get_siret (back), ==, "41816609600069");
  g_assert_cmpstrv (cn_company_get_tags (back), tags);
  g_assert_cmpstr (cn_company_get_created_at (back), ==, cn_company_get_created_at (company));

  contacts = cn_store_list_contacts (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);
  g_assert_cmpstr (cn_contact_get_name (g_ptr_array_index (contacts, 0)), ==, "Jeanne Martin");
  g_assert_cmpstr (cn_contact_get_email (g_ptr_array_index (contacts, 0)), ==, "jeanne@example.fr");
  g_assert_cmpstr (cn_contact_get_name (g_ptr_array_index (contacts, 1)), ==, "Paul Martin");

  events_after = list_events (f, id);
  g_assert_cmpuint (events_after->len, ==, events_before->len);
  for (guint i = 0; i < events_after->len; i++)
    {
      CnEvent *a = g_ptr_array_index (events_before, i);
      CnEvent *b = g_ptr_array_index (events_after, i);
      g_assert_cmpstr (cn_event_get_id (a), ==, cn_event_get_id (b));
      g_assert_cmpstr (cn_event_get_kind (a), ==, cn_event_get_kind (b));
      g_assert_cmpstr (cn_event_get_detail (a), ==, cn_event_get_detail (b));
      g_assert_cmpstr (cn_event_get_at (a), ==, cn_event_get_at (b));
    }

  /* Searchable again, contacts and tags included. */
  assert_search (f, "Jeanne", "Boulangerie Martin");
  assert_search (f, "pain", "Boulangerie Martin");
  assert_search (f, "tulle", "Boulangerie Martin");
  g_assert_cmpint (count_outbox (f), ==, 1);
}

static void
test_delete_missing (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CnCompanyBackup *backup = NULL;

  g_assert_false (cn_store_delete_company (f->store, "00000000-0000-4000-8000-000000000000", &backup, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_assert_null (backup);
  g_assert_cmpuint (f->n_changed, ==, 0);
}

/* ---- contacts and timeline ------------------------------------------- */

static void
test_contacts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", NULL, NULL, NULL, NULL);
  g_autoptr(CnContact) contact = cn_contact_new ();
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *contact_id = NULL;
  CnContact *stored;

  cn_contact_set_company_id (contact, cn_company_get_id (company));
  cn_contact_set_name (contact, " Élodie Lefèvre ");
  cn_contact_set_role (contact, "Gérante");
  cn_contact_set_email (contact, "elodie@example.fr");
  cn_contact_set_phone (contact, "05 55 12 34 56");
  cn_contact_set_consent (contact, TRUE, "2024-03-01", "Diagnostic");
  g_assert_true (cn_store_save_contact (f->store, contact, &error));
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (cn_contact_get_id (contact)));
  contact_id = g_strdup (cn_contact_get_id (contact));

  contacts = cn_store_list_contacts (f->store, cn_company_get_id (company), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
  stored = g_ptr_array_index (contacts, 0);
  g_assert_cmpstr (cn_contact_get_id (stored), ==, contact_id);
  g_assert_cmpstr (cn_contact_get_name (stored), ==, "Élodie Lefèvre");
  g_assert_cmpstr (cn_contact_get_role (stored), ==, "Gérante");
  g_assert_cmpstr (cn_contact_get_email (stored), ==, "elodie@example.fr");
  g_assert_cmpstr (cn_contact_get_phone (stored), ==, "05 55 12 34 56");
  g_assert_true (cn_contact_get_consent (stored));
  g_assert_cmpstr (cn_contact_get_consent_date (stored), ==, "2024-03-01");
  g_assert_cmpstr (cn_contact_get_consent_purpose (stored), ==, "Diagnostic");
  g_clear_pointer (&contacts, g_ptr_array_unref);

  /* Saving again updates the same row. */
  cn_contact_set_email (contact, "e.lefevre@example.fr");
  g_assert_true (cn_store_save_contact (f->store, contact, &error));
  g_assert_no_error (error);
  contacts = cn_store_list_contacts (f->store, cn_company_get_id (company), &error);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_cmpstr (cn_contact_get_email (g_ptr_array_index (contacts, 0)), ==, "e.lefevre@example.fr");
  g_clear_pointer (&contacts, g_ptr_array_unref);
  assert_search (f, "lefevre", "Boulangerie Martin");

  g_assert_true (cn_store_delete_contact (f->store, contact_id, &error));
  g_assert_no_error (error);
  contacts = cn_store_list_contacts (f->store, cn_company_get_id (company), &error);
  g_assert_cmpuint (contacts->len, ==, 0);
  assert_search (f, "lefevre", NULL);

  events = list_events (f, cn_company_get_id (company));
  g_assert_cmpuint (count_events_of_kind (events, CN_EVENT_CONTACT_ADDED), ==, 1);
  g_assert_cmpuint (count_events_of_kind (events, CN_EVENT_CONTACT_REMOVED), ==, 1);
  g_assert_cmpstr (cn_event_get_detail (find_event (events, CN_EVENT_CONTACT_REMOVED)), ==, "Élodie Lefèvre");

  g_assert_false (cn_store_delete_contact (f->store, contact_id, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
}

static void
test_contact_invalid (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", NULL, NULL, NULL, NULL);
  g_autoptr(CnContact) contact = cn_contact_new ();
  g_autoptr(CnContact) orphan = cn_contact_new ();

  cn_contact_set_company_id (contact, cn_company_get_id (company));
  cn_contact_set_name (contact, "Jeanne");
  cn_contact_set_email (contact, "jeanne");
  g_assert_false (cn_store_save_contact (f->store, contact, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_null (cn_contact_get_id (contact));
  g_clear_error (&error);

  /* A contact of a company that does not exist. */
  cn_contact_set_company_id (orphan, "00000000-0000-4000-8000-000000000000");
  cn_contact_set_name (orphan, "Paul");
  g_assert_false (cn_store_save_contact (f->store, orphan, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_assert_null (cn_contact_get_id (orphan));
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM contacts"), ==, 0);
}

static void
test_add_event (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", NULL, NULL, NULL, NULL);
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *big = g_strnfill (CN_COMPANY_NOTES_MAX_BYTES + 1, 'x');

  g_assert_true (cn_store_add_event (f->store, cn_company_get_id (company), CN_EVENT_NOTE,
                                     "Appel : rappeler lundi", &error));
  g_assert_no_error (error);

  g_assert_false (cn_store_add_event (f->store, cn_company_get_id (company), CN_EVENT_NOTE,
                                      "caf\xe9", &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cn_store_add_event (f->store, cn_company_get_id (company), CN_EVENT_NOTE,
                                      big, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);

  events = list_events (f, cn_company_get_id (company));
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (cn_event_get_kind (g_ptr_array_index (events, 0)), ==, CN_EVENT_NOTE);
  g_assert_cmpstr (cn_event_get_detail (g_ptr_array_index (events, 0)), ==, "Appel : rappeler lundi");
}

/* ---- search, filters, sorting ---------------------------------------- */

static void
add_search_set (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) ecole = new_company ("École des Arts", "41816609600069", "45000", "Orléans", "85.52Z");
  g_autoptr(CnCompany) boutique = new_company ("Boutique Dupont", NULL, "19000", "Tulle", "47.71Z");
  g_autoptr(CnCompany) fabre = new_company ("Fabre Informatique", "73282932000074", "75001", "Paris", "62.01Z");

  cn_company_set_notes (ecole, "Rencontrée au salon du numérique");
  cn_company_set_headcount (ecole, "11");
  cn_company_set_headcount (boutique, "01");
  cn_company_set_status (boutique, CN_COMPANY_STATUS_CONTACTED);
  g_assert_true (cn_store_add_company (f->store, ecole, NULL, &error));
  g_assert_true (cn_store_add_company (f->store, boutique, NULL, &error));
  g_assert_true (cn_store_add_company (f->store, fabre, NULL, &error));
  g_assert_no_error (error);
  add_contact (f, boutique, "Marie Lefèvre", "marie@example.fr");
}

static void
test_search_accents_and_case (Fixture       *f,
                              gconstpointer  data)
{
  add_search_set (f);
  assert_search (f, "ecole", "École des Arts");
  assert_search (f, "ECOLE", "École des Arts");
  assert_search (f, "École", "École des Arts");
  assert_search (f, "écOLE", "École des Arts");
  /* Prefixes, as the user types. */
  assert_search (f, "eco", "École des Arts");
  assert_search (f, "ecole arts", "École des Arts");
  /* Accents typed as a letter and a combining mark (U+0301). */
  assert_search (f, "e\xcc\x81" "cole", "École des Arts");
  assert_search (f, "E\xcc\x81" "COLE arts", "École des Arts");
  assert_search (f, "orle\xcc\x81" "ans", "École des Arts");
  /* And stored that way, as a file from another system may have it. */
  g_object_unref (add_company (f, "Cafe\xcc\x81 du Port", NULL, NULL, NULL, NULL));
  assert_search (f, "café port", "Cafe\xcc\x81 du Port");
  assert_search (f, "cafe\xcc\x81", "Cafe\xcc\x81 du Port");
  /* Every word must match. */
  assert_search (f, "ecole tulle", NULL);
  assert_search (f, "zzz", NULL);
}

static void
test_search_fields (Fixture       *f,
                    gconstpointer  data)
{
  add_search_set (f);
  /* Commune, with and without its accent. */
  assert_search (f, "orleans", "École des Arts");
  assert_search (f, "Orléans", "École des Arts");
  /* Contact name. */
  assert_search (f, "lefevre", "Boutique Dupont");
  assert_search (f, "Marie", "Boutique Dupont");
  /* A word of the NAF label. */
  assert_search (f, "habillement", "Boutique Dupont");
  assert_search (f, "programmation", "Fabre Informatique");
  /* Notes. */
  assert_search (f, "salon", "École des Arts");
  assert_search (f, "numerique", "École des Arts");
  /* Identifiers, typed as they are printed. */
  assert_search (f, "418 166 096 00069", "École des Arts");
  assert_search (f, "41816609600069", "École des Arts");
  assert_search (f, "732829320", "Fabre Informatique");
  assert_search (f, "19000", "Boutique Dupont");
}

static void
test_search_syntax (Fixture       *f,
                    gconstpointer  data)
{
  static const char *inputs[] = {
    "\"", "*", "AND", "NEAR(", "-", "ecole AND", "\"ecole", "name:ecole", "^ecole",
    "ecole OR", "(", ")", "NOT", "ecole*", "+", "'", "d'art", "{name}: x", "\\",
    "ecole\" OR \"fabre", "", "   ",
  };

  add_search_set (f);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) rows = NULL;

      filter.search = inputs[i];
      rows = cn_store_find_companies (f->store, &filter, &error);
      if (error)
        g_error ("search “%s”: %s", inputs[i], error->message);
      g_assert_nonnull (rows);
    }

  /* Punctuation alone is no filter; words keep their meaning. */
  {
    const char *all[] = { "Boutique Dupont", "École des Arts", "Fabre Informatique", NULL };
    g_auto(GStrv) found = search (f, "-");
    g_assert_cmpstrv (found, all);
  }
  assert_search (f, "\"ecole\"", "École des Arts");
  assert_search (f, "ecole*", "École des Arts");
  assert_search (f, "ecole AND", NULL);
  assert_search (f, "NEAR(", NULL);
}

static void
test_search_follows_edits (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", NULL, "19000", "Tulle", NULL);

  assert_search (f, "boulangerie", "Boulangerie Martin");
  cn_company_set_name (company, "Pâtisserie Martin");
  cn_company_set_commune (company, "Brive-la-Gaillarde");
  g_assert_true (cn_store_update_company (f->store, company, NULL, &error));
  g_assert_no_error (error);
  assert_search (f, "boulangerie", NULL);
  assert_search (f, "patisserie", "Pâtisserie Martin");
  assert_search (f, "brive", "Pâtisserie Martin");
  assert_search (f, "tulle", NULL);
}

/* ---- searches with many hits ------------------------------------------
 * Past a thousand hits, a search is put in the list's order by the store's
 * kept copy of that order (see current_order ()), not by SQLite: these
 * check it against SQLite's own ORDER BY, and that it never goes stale. */

#define MANY_HITS 1200

static const char *const bakery_words[] = {
  "Martin", "Lefèvre", "Éclair", "du Port", "Azur", "des Halles", "Zola",
  "Saint-Jean", "Olive", "Ézy", "Bernard", "Moulin",
};

/* MANY_HITS bakeries whose names do not follow their nums, in a few
 * postcodes (the second key of the order) and statuses, and 300 other
 * companies.  One transaction, as an import would. */
static void
add_many_bakeries (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  g_assert_true (cn_store_begin (f->store, &error));
  for (guint i = 0; i < MANY_HITS + 300; i++)
    {
      g_autofree char *name = NULL;
      g_autoptr(CnCompany) company = NULL;
      CnCompanyField field;

      name = g_strdup_printf ("%s %s %u", i < MANY_HITS ? "Boulangerie" : "Atelier",
                              bakery_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (bakery_words))],
                              g_rand_int_range (rand, 0, 400));
      company = new_company (name, NULL, i % 3 ? "19000" : "87000", NULL, NULL);
      cn_company_set_status (company, i % 4 ? CN_COMPANY_STATUS_LEAD : CN_COMPANY_STATUS_CONTACTED);
      g_assert_true (cn_store_add_company (f->store, company, &field, &error));
      g_assert_no_error (error);
    }
  g_assert_true (cn_store_commit (f->store, &error));
  g_assert_no_error (error);
}

/* The nums SQLite gives for @where, in the list's order for @sort. */
static GArray *
nums_by_sqlite (CnStore       *store,
                const char    *where,
                CnCompanySort  sort)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT num FROM companies WHERE %s ORDER BY %s", where,
                     sort == CN_COMPANY_SORT_LAST_ACTIVITY
                     ? "last_activity_at DESC, sort_key, postcode, num"
                     : "sort_key, postcode, num");
  sqlite3_stmt *stmt = NULL;
  GArray *nums = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_cmpint (sqlite3_prepare_v2 (cn_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 num = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (nums, num);
    }
  sqlite3_finalize (stmt);
  return nums;
}

static void
assert_found_in_sqlite_order (CnStore               *store,
                              const CnCompanyFilter *filter,
                              const char            *where,
                              guint                  expected_hits)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = cn_store_find_companies (store, filter, &error);
  g_autoptr(GArray) expected = nums_by_sqlite (store, where, filter->sort);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpuint (expected->len, ==, expected_hits);
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (g_array_index (found, gint64, i), ==, g_array_index (expected, gint64, i));
}

#define BOUL_WHERE "num IN (SELECT rowid FROM company_fts WHERE company_fts MATCH '\"boul\"*')"

static void
test_search_many_hits_order (Fixture       *f,
                             gconstpointer  data)
{
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;

  add_many_bakeries (f);

  filter.search = "boul";
  assert_found_in_sqlite_order (f->store, &filter, BOUL_WHERE, MANY_HITS);
  /* Asked again: the same, from the kept order. */
  assert_found_in_sqlite_order (f->store, &filter, BOUL_WHERE, MANY_HITS);

  /* Few hits, once the order is kept: still the list's order. */
  filter.search = "boul ezy";
  assert_found_in_sqlite_order (f->store, &filter,
                                BOUL_WHERE " AND name LIKE '%Ézy%'",
                                cn_test_query_int (cn_store_get_db (f->store),
                                                   "SELECT count(*) FROM companies WHERE name LIKE 'Boulangerie Ézy%'"));

  /* With a filter on top, and by last activity. */
  filter.search = "boul";
  filter.status = CN_COMPANY_STATUS_LEAD;
  assert_found_in_sqlite_order (f->store, &filter, BOUL_WHERE " AND status = 'lead'", MANY_HITS * 3 / 4);
  filter.status = -1;
  filter.department = "87";
  assert_found_in_sqlite_order (f->store, &filter, BOUL_WHERE " AND department = '87'", MANY_HITS / 3);
  filter.department = NULL;
  filter.sort = CN_COMPANY_SORT_LAST_ACTIVITY;
  assert_found_in_sqlite_order (f->store, &filter, BOUL_WHERE, MANY_HITS);
}

static void
test_search_many_hits_follow_edits (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
  g_autoptr(GArray) before = NULL;
  g_autoptr(CnCompany) last = NULL;
  g_autoptr(CnCompany) added = NULL;
  g_autoptr(CnCompanyBackup) backup = NULL;
  g_auto(GStrv) names = NULL;

  add_many_bakeries (f);
  filter.search = "boul";
  before = cn_store_find_companies (f->store, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, MANY_HITS);

  /* The last one renamed to sort first. */
  last = cn_store_get_company_by_rowid (f->store, g_array_index (before, gint64, before->len - 1), &error);
  g_assert_no_error (error);
  cn_company_set_name (last, "Aaa Boulangerie");
  g_assert_true (cn_store_update_company (f->store, last, NULL, &error));
  g_assert_no_error (error);
  assert_found_in_sqlite_order (f->store, &filter, BOUL_WHERE, MANY_HITS);
  names = find_names (f, &filter);
  g_assert_cmpstr (names[0], ==, "Aaa Boulangerie");

  /* Deleted: gone; put back: found again. */
  g_assert_true (cn_store_delete_company (f->store, cn_company_get_id (last), &backup, &error));
  g_assert_no_error (error);
  assert_found_in_sqlite_order (f->store, &filter, BOUL_WHERE, MANY_HITS - 1);
  g_assert_true (cn_store_restore_company (f->store, backup, &error));
  g_assert_no_error (error);
  assert_found_in_sqlite_order (f->store, &filter, BOUL_WHERE, MANY_HITS);

  /* A new one, somewhere in the middle of the order. */
  added = add_company (f, "Boulangerie Moulin 200 bis", NULL, "19000", NULL, NULL);
  assert_found_in_sqlite_order (f->store, &filter, BOUL_WHERE, MANY_HITS + 1);
}

/* A change committed by another connection (the import runs on one of its
 * own) is seen by the next search. */
static void
test_search_many_hits_other_connection (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) other = NULL;
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
  g_autoptr(GArray) before = NULL;
  g_autoptr(CnCompany) first = NULL;
  g_auto(GStrv) names = NULL;

  add_many_bakeries (f);
  filter.search = "boul";
  before = cn_store_find_companies (f->store, &filter, &error);
  g_assert_no_error (error);

  other = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  first = cn_store_get_company_by_rowid (other, g_array_index (before, gint64, 0), &error);
  g_assert_no_error (error);
  cn_company_set_name (first, "Zzz Boulangerie");
  g_assert_true (cn_store_update_company (other, first, NULL, &error));
  g_assert_no_error (error);

  assert_found_in_sqlite_order (f->store, &filter, BOUL_WHERE, MANY_HITS);
  names = find_names (f, &filter);
  g_assert_cmpstr (names[MANY_HITS - 1], ==, "Zzz Boulangerie");
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;

  add_search_set (f);

  {
    const char *expected[] = { "Boutique Dupont", NULL };
    g_auto(GStrv) found = NULL;
    filter.status = CN_COMPANY_STATUS_CONTACTED;
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  {
    const char *expected[] = { "École des Arts", "Fabre Informatique", NULL };
    g_auto(GStrv) found = NULL;
    filter.status = CN_COMPANY_STATUS_LEAD;
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  {
    const char *expected[] = { NULL };
    g_auto(GStrv) found = NULL;
    filter.status = CN_COMPANY_STATUS_CLOSED;
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  filter.status = -1;
  {
    const char *expected[] = { "Boutique Dupont", NULL };
    g_auto(GStrv) found = NULL;
    filter.department = "19";
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  {
    const char *expected[] = { "École des Arts", NULL };
    g_auto(GStrv) found = NULL;
    filter.department = "45";
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  filter.department = NULL;
  {
    const char *expected[] = { "Boutique Dupont", NULL };
    g_auto(GStrv) found = NULL;
    filter.naf_section = 'G';
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  {
    const char *expected[] = { "Fabre Informatique", NULL };
    g_auto(GStrv) found = NULL;
    filter.naf_section = 'J';
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  {
    const char *expected[] = { "École des Arts", NULL };
    g_auto(GStrv) found = NULL;
    filter.naf_section = 'P';
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  {
    const char *expected[] = { NULL };
    g_auto(GStrv) found = NULL;
    filter.naf_section = 'A';
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  filter.naf_section = 0;
  {
    const char *expected[] = { "École des Arts", NULL };
    g_auto(GStrv) found = NULL;
    filter.headcount = "11";
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  {
    const char *expected[] = { "Boutique Dupont", NULL };
    g_auto(GStrv) found = NULL;
    filter.headcount = "01";
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  filter.headcount = NULL;

  /* Combined: every criterion applies. */
  {
    const char *expected[] = { "Boutique Dupont", NULL };
    const char *none[] = { NULL };
    g_auto(GStrv) found = NULL;
    g_auto(GStrv) found_none = NULL;

    filter.search = "dupont";
    filter.department = "19";
    filter.status = CN_COMPANY_STATUS_CONTACTED;
    filter.naf_section = 'G';
    filter.headcount = "01";
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);

    filter.department = "75";
    found_none = find_names (f, &filter);
    g_assert_cmpstrv (found_none, none);
  }
}

static void
test_sort_by_name (Fixture       *f,
                   gconstpointer  data)
{
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
  const char *expected[] = { "agence Azur", "Dupont", "École", "Ecole B", "élan", "Fabre", "zinc", NULL };
  const char *names[] = { "Fabre", "zinc", "École", "Dupont", "élan", "agence Azur", "Ecole B" };
  g_auto(GStrv) found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_object_unref (add_company (f, names[i], NULL, NULL, NULL, NULL));

  /* "École" sorts with the E, not after Z; case does not matter either. */
  filter.sort = CN_COMPANY_SORT_NAME;
  found = find_names (f, &filter);
  g_assert_cmpstrv (found, expected);
}

static void
test_sort_by_activity (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) a = add_company (f, "A", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) b = add_company (f, "B", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) c = add_company (f, "C", NULL, NULL, NULL, NULL);
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;

  filter.sort = CN_COMPANY_SORT_LAST_ACTIVITY;
  {
    const char *expected[] = { "C", "B", "A", NULL };
    g_auto(GStrv) found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }

  /* A note on A, then an edit of B: most recent first. */
  g_usleep (2000);
  g_assert_true (cn_store_add_event (f->store, cn_company_get_id (a), CN_EVENT_NOTE, "Appel", &error));
  g_usleep (2000);
  cn_company_set_commune (b, "Tulle");
  g_assert_true (cn_store_update_company (f->store, b, NULL, &error));
  g_assert_no_error (error);
  {
    const char *expected[] = { "B", "A", "C", NULL };
    g_auto(GStrv) found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  {
    const char *expected[] = { "A", "B", "C", NULL };
    g_auto(GStrv) found = NULL;
    filter.sort = CN_COMPANY_SORT_NAME;
    found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
}

/* ---- outbox ---------------------------------------------------------- */

static void
test_outbox_add_update (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", NULL, NULL, NULL, NULL);
  g_autoptr(GPtrArray) entries = NULL;
  CnOutboxEntry *entry;
  gint64 seq;

  entries = cn_store_list_outbox (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->entity_type, ==, "company");
  g_assert_cmpstr (entry->entity_id, ==, cn_company_get_id (company));
  g_assert_cmpstr (entry->op, ==, "upsert");
  g_assert_null (entry->batch_id);
  seq = entry->seq;
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Edits coalesce into the pending entry. */
  cn_company_set_commune (company, "Tulle");
  g_assert_true (cn_store_update_company (f->store, company, NULL, &error));
  cn_company_set_status (company, CN_COMPANY_STATUS_CLOSED);
  g_assert_true (cn_store_update_company (f->store, company, NULL, &error));
  g_assert_no_error (error);

  entries = cn_store_list_outbox (f->store, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpint (entry->seq, ==, seq);
  g_assert_cmpstr (entry->op, ==, "upsert");
  g_assert_cmpstr (entry->entity_id, ==, cn_company_get_id (company));
  g_assert_cmpint (count_outbox (f), ==, 1);
}

static void
test_outbox_delete_never_synced (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) other = add_company (f, "Garage Dubois", NULL, NULL, NULL, NULL);
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_cmpint (count_outbox (f), ==, 2);
  g_assert_true (cn_store_delete_company (f->store, cn_company_get_id (company), NULL, &error));
  g_assert_no_error (error);

  /* The platform never saw it: nothing to tell it. */
  entries = cn_store_list_outbox (f->store, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((CnOutboxEntry *) g_ptr_array_index (entries, 0))->entity_id, ==,
                   cn_company_get_id (other));
}

static void
test_outbox_delete_synced (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", NULL, NULL, NULL, NULL);
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3 *db = cn_store_get_db (f->store);
  CnOutboxEntry *entry;

  /* As if a sync had pushed it and got revision 7 back. */
  exec_raw (db, "DELETE FROM outbox; UPDATE companies SET revision = 7");
  g_assert_true (cn_store_delete_company (f->store, cn_company_get_id (company), NULL, &error));
  g_assert_no_error (error);

  entries = cn_store_list_outbox (f->store, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->op, ==, "delete");
  g_assert_cmpstr (entry->entity_id, ==, cn_company_get_id (company));
}

static void
test_outbox_in_flight (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = add_company (f, "Boulangerie Martin", NULL, NULL, NULL, NULL);
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3 *db = cn_store_get_db (f->store);

  /* A batch took the entry; an edit made meanwhile needs its own. */
  exec_raw (db, "UPDATE outbox SET batch_id = 'batch-1'");
  cn_company_set_commune (company, "Tulle");
  g_assert_true (cn_store_update_company (f->store, company, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_outbox (f), ==, 2);

  /* Deleted while the batch carrying its creation is in flight: the
   * platform will know it, so the deletion must be queued. */
  g_assert_true (cn_store_delete_company (f->store, cn_company_get_id (company), NULL, &error));
  g_assert_no_error (error);
  entries = cn_store_list_outbox (f->store, &error);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((CnOutboxEntry *) g_ptr_array_index (entries, 0))->batch_id, ==, "batch-1");
  g_assert_cmpstr (((CnOutboxEntry *) g_ptr_array_index (entries, 1))->op, ==, "delete");
  g_assert_null (((CnOutboxEntry *) g_ptr_array_index (entries, 1))->batch_id);
}

static void
test_outbox_same_transaction (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) company = new_company ("Boulangerie Martin", NULL, NULL, NULL, NULL);
  sqlite3 *db = cn_store_get_db (f->store);

  g_assert_true (cn_store_begin (f->store, &error));
  g_assert_true (cn_store_add_company (f->store, company, NULL, &error));
  g_assert_no_error (error);
  /* Both are there inside the transaction... */
  g_assert_cmpint (cn_test_query_int (db, "SELECT count(*) FROM companies"), ==, 1);
  g_assert_cmpint (cn_test_query_int (db, "SELECT count(*) FROM outbox"), ==, 1);
  cn_store_rollback (f->store);

  /* ...and neither after the rollback. */
  g_assert_cmpint (count_companies (f), ==, 0);
  g_assert_cmpint (count_outbox (f), ==, 0);
  g_assert_cmpint (cn_test_query_int (db, "SELECT count(*) FROM events"), ==, 0);
  g_assert_cmpint (cn_test_query_int (db, "SELECT count(*) FROM company_fts"), ==, 0);
  g_assert_null (cn_store_get_company (f->store, cn_company_get_id (company), NULL));
  g_assert_cmpuint (f->n_changed, ==, 0);

  /* The store is usable afterwards. */
  g_object_unref (add_company (f, "Garage Dubois", NULL, NULL, NULL, NULL));
  g_assert_cmpint (count_companies (f), ==, 1);
  g_assert_cmpint (count_outbox (f), ==, 1);
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *integrity = NULL;
  g_autofree char *limit = NULL;
  sqlite3 *db = cn_store_get_db (f->store);
  gboolean failed = FALSE;
  gint64 pages = cn_test_query_int (db, "PRAGMA page_count");
  guint changed_before;

  /* SQLite's own quota stands in for a full disk. */
  limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages + 30);
  exec_raw (db, limit);

  for (guint i = 0; i < 5000 && !failed; i++)
    {
      g_autoptr(CnCompany) company = NULL;
      g_autofree char *name = g_strdup_printf ("Entreprise %u", i);
      g_autoptr(GString) notes = g_string_new (NULL);

      for (guint w = 0; w < 200; w++)
        g_string_append_printf (notes, "mot%u_%u ", i, w);
      company = new_company (name, NULL, "19000", "Tulle", "47.71Z");
      cn_company_set_notes (company, notes->str);
      changed_before = f->n_changed;

      if (cn_store_add_company (f->store, company, NULL, &error))
        {
          g_assert_no_error (error);
          g_ptr_array_add (ids, g_strdup (cn_company_get_id (company)));
        }
      else
        {
          g_assert_error (error, CN_ERROR, CN_ERROR_DISK_FULL);
          g_assert_nonnull (strstr (error->message, "disk is full"));
          g_assert_null (cn_store_get_company (f->store, cn_company_get_id (company), NULL));
          g_assert_cmpuint (f->n_changed, ==, changed_before);
          g_clear_error (&error);
          failed = TRUE;
        }
    }

  g_assert_true (failed);
  g_assert_cmpuint (ids->len, >, 0);

  /* Everything saved before is still there and readable. */
  g_assert_cmpint (count_companies (f), ==, ids->len);
  g_assert_cmpint (count_outbox (f), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CnCompany) company = cn_store_get_company (f->store, g_ptr_array_index (ids, i), &error);
      g_autofree char *name = g_strdup_printf ("Entreprise %u", i);

      g_assert_no_error (error);
      g_assert_cmpstr (cn_company_get_name (company), ==, name);
    }
  integrity = query_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");

  /* Space freed: saving works again. */
  exec_raw (db, "PRAGMA max_page_count = 1073741823");
  g_object_unref (add_company (f, "Après", NULL, NULL, NULL, NULL));
  g_assert_cmpint (count_companies (f), ==, ids->len + 1);
}

/* ---- duplicates and counts ------------------------------------------- */

static void
test_find_duplicate (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) ecole = add_company (f, "École des Arts", "41816609600069", "45000", "Orléans", NULL);
  g_autoptr(CnCompany) cafe = add_company (f, "Café du Port", NULL, "29200", "Brest", NULL);
  struct {
    const char *name, *siret, *postcode;
    CnCompany *expected;
  } cases[] = {
    /* Same SIRET, whatever the name. */
    { "Autre nom", "418 166 096 00069", NULL, ecole },
    /* Same name ignoring case and accents, same postcode. */
    { "ECOLE DES ARTS", NULL, "45000", ecole },
    { "cafe du port", NULL, "29 200", cafe },
    { "Café du Port", NULL, "29200", cafe },
    /* Same name elsewhere, or another SIRET: another company. */
    { "Café du Port", NULL, "29000", NULL },
    { "Café du Port", NULL, NULL, NULL },
    { "École des Arts", "73282932000074", "45000", NULL },
    { "Café du Port", "73282932000074", "29200", cafe },
    { "Café du Porte", NULL, "29200", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CnCompany) candidate = new_company (cases[i].name, cases[i].siret,
                                                    cases[i].postcode, NULL, NULL);
      g_autoptr(CnCompany) found = NULL;

      /* The importer normalises before looking. */
      g_assert_true (cn_company_normalize (candidate, NULL, NULL));
      found = cn_store_find_duplicate (f->store, candidate, &error);
      g_assert_no_error (error);
      if (cases[i].expected == NULL)
        {
          if (found != NULL)
            g_error ("case %u: unexpected duplicate %s", i, cn_company_get_name (found));
        }
      else
        {
          if (found == NULL)
            g_error ("case %u: duplicate not found", i);
          g_assert_cmpstr (cn_company_get_id (found), ==, cn_company_get_id (cases[i].expected));
        }
    }
}

static void
test_count_by_status (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint counts[CN_COMPANY_N_STATUSES];
  CnCompanyStatus statuses[] = {
    CN_COMPANY_STATUS_LEAD, CN_COMPANY_STATUS_LEAD, CN_COMPANY_STATUS_LEAD,
    CN_COMPANY_STATUS_CONTACTED, CN_COMPANY_STATUS_CONTACTED, CN_COMPANY_STATUS_CLOSED,
  };

  memset (counts, 0xff, sizeof counts);
  g_assert_true (cn_store_count_by_status (f->store, counts, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < CN_COMPANY_N_STATUSES; i++)
    g_assert_cmpuint (counts[i], ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *name = g_strdup_printf ("Entreprise %u", i);
      g_autoptr(CnCompany) company = new_company (name, NULL, NULL, NULL, NULL);

      cn_company_set_status (company, statuses[i]);
      g_assert_true (cn_store_add_company (f->store, company, NULL, &error));
      g_assert_no_error (error);
    }

  g_assert_true (cn_store_count_by_status (f->store, counts, &error));
  g_assert_cmpuint (counts[CN_COMPANY_STATUS_LEAD], ==, 3);
  g_assert_cmpuint (counts[CN_COMPANY_STATUS_CONTACTED], ==, 2);
  g_assert_cmpuint (counts[CN_COMPANY_STATUS_DIAGNOSED], ==, 0);
  g_assert_cmpuint (counts[CN_COMPANY_STATUS_PLAN_DELIVERED], ==, 0);
  g_assert_cmpuint (counts[CN_COMPANY_STATUS_ACCOMPANIED], ==, 0);
  g_assert_cmpuint (counts[CN_COMPANY_STATUS_FOLLOWED_UP], ==, 0);
  g_assert_cmpuint (counts[CN_COMPANY_STATUS_CLOSED], ==, 1);
}

static void
test_list_departments (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) departments = NULL;
  const char *expected[] = { "19", "2A", "75", "971", NULL };

  g_object_unref (add_company (f, "A", NULL, "75001", NULL, NULL));
  g_object_unref (add_company (f, "B", NULL, "19000", NULL, NULL));
  g_object_unref (add_company (f, "C", NULL, "75011", NULL, NULL));
  g_object_unref (add_company (f, "D", NULL, "97100", NULL, NULL));
  g_object_unref (add_company (f, "E", NULL, "20000", NULL, NULL));
  g_object_unref (add_company (f, "F", NULL, "98000", NULL, NULL));
  g_object_unref (add_company (f, "G", NULL, NULL, NULL, NULL));

  departments = cn_store_list_departments (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (departments, expected);
}

/* ---- the "changed" signal -------------------------------------------- */

static void
test_changed_signal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) a = NULL;
  g_autoptr(CnCompany) b = new_company ("B", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) c = new_company ("C", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) d = new_company ("D", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) bad = new_company ("", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompanyBackup) backup = NULL;

  g_assert_cmpuint (f->n_changed, ==, 0);
  a = add_company (f, "A", NULL, NULL, NULL, NULL);
  g_assert_cmpuint (f->n_changed, ==, 1);

  cn_company_set_commune (a, "Tulle");
  g_assert_true (cn_store_update_company (f->store, a, NULL, &error));
  g_assert_cmpuint (f->n_changed, ==, 2);

  /* One transaction, one signal, at the commit. */
  g_assert_true (cn_store_begin (f->store, &error));
  g_assert_true (cn_store_add_company (f->store, b, NULL, &error));
  g_assert_true (cn_store_add_company (f->store, c, NULL, &error));
  g_assert_cmpuint (f->n_changed, ==, 2);
  g_assert_true (cn_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_changed, ==, 3);

  /* Rolled back: nothing happened. */
  g_assert_true (cn_store_begin (f->store, &error));
  g_assert_true (cn_store_add_company (f->store, d, NULL, &error));
  cn_store_rollback (f->store);
  g_assert_cmpuint (f->n_changed, ==, 3);
  /* ...not even at the next commit, which changes nothing. */
  g_assert_true (cn_store_begin (f->store, &error));
  g_assert_true (cn_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_changed, ==, 3);

  /* Refused: nothing happened. */
  g_assert_false (cn_store_add_company (f->store, bad, NULL, NULL));
  g_assert_cmpuint (f->n_changed, ==, 3);

  g_assert_true (cn_store_delete_company (f->store, cn_company_get_id (a), &backup, &error));
  g_assert_cmpuint (f->n_changed, ==, 4);
  g_assert_true (cn_store_restore_company (f->store, backup, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_changed, ==, 5);

  /* The timeline moves the company in the "last activity" order. */
  g_assert_true (cn_store_add_event (f->store, cn_company_get_id (a), CN_EVENT_NOTE, "x", &error));
  g_assert_cmpuint (f->n_changed, ==, 6);
  g_assert_no_error (error);
  g_assert_cmpint (count_companies (f), ==, 3);
}

static void
test_nested_transactions (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) kept = new_company ("Kept", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) dropped = new_company ("Dropped", NULL, NULL, NULL, NULL);

  g_assert_true (cn_store_begin (f->store, &error));
  g_assert_true (cn_store_add_company (f->store, kept, NULL, &error));

  g_assert_true (cn_store_begin (f->store, &error));
  g_assert_true (cn_store_add_company (f->store, dropped, NULL, &error));
  cn_store_rollback (f->store);

  g_assert_true (cn_store_commit (f->store, &error));
  g_assert_no_error (error);

  {
    const char *expected[] = { "Kept", NULL };
    CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
    g_auto(GStrv) found = find_names (f, &filter);
    g_assert_cmpstrv (found, expected);
  }
  g_assert_cmpint (count_outbox (f), ==, 1);
  g_assert_cmpuint (f->n_changed, ==, 1);
}

static void
import_from (Fixture     *f,
             CnCompany   *company,
             const char  *contact_name,
             const char  *source,
             GError     **error)
{
  g_autoptr(CnContact) contact = NULL;

  if (contact_name)
    {
      contact = cn_contact_new ();
      cn_contact_set_name (contact, contact_name);
    }
  g_assert_true (cn_company_normalize (company, NULL, NULL));
  cn_store_import_company (f->store, company, contact, source, error);
}

static void
import_one (Fixture     *f,
            CnCompany   *company,
            const char  *contact_name,
            GError     **error)
{
  import_from (f, company, contact_name, "test.csv", error);
}

/* The one "imported" event of @company, from @source at its creation. */
static void
assert_imported_once (Fixture    *f,
                      CnCompany  *company,
                      const char *source)
{
  g_autoptr(GPtrArray) events = list_events (f, cn_company_get_id (company));
  CnEvent *event = find_event (events, CN_EVENT_IMPORTED);

  g_assert_cmpuint (count_events_of_kind (events, CN_EVENT_IMPORTED), ==, 1);
  g_assert_cmpstr (cn_event_get_detail (event), ==, source);
  g_assert_cmpstr (cn_event_get_at (event), ==, cn_company_get_created_at (company));
  g_assert_true (g_uuid_string_is_valid (cn_event_get_id (event)));
}

static gint64
count_pending_upserts (Fixture    *f,
                       CnCompany  *company)
{
  g_autofree char *sql =
    g_strdup_printf ("SELECT count(*) FROM outbox WHERE entity_type = 'company' AND op = 'upsert'"
                     " AND batch_id IS NULL AND entity_id = '%s'", cn_company_get_id (company));

  return cn_test_query_int (cn_store_get_db (f->store), sql);
}

/* Events and outbox entries of imported companies are written per batch,
 * not per row: every company still gets exactly its own, with the right
 * source, in the transaction, whatever else happens in it. */
static void
test_import_entries (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) a = new_company ("Boulangerie Martin", NULL, "19000", "Tulle", NULL);
  g_autoptr(CnCompany) b = new_company ("Garage Roux", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) c = new_company ("Atelier Petit", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) d = new_company ("Fleurs Morel", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) e = new_company ("Café Dubois", NULL, NULL, NULL, NULL);
  g_autoptr(GPtrArray) events = NULL;
  CnCompanyField field;

  g_assert_true (cn_store_begin (f->store, &error));
  import_from (f, a, "Léa Martin", "a.csv", &error);
  g_assert_no_error (error);
  /* An update (a nested transaction) of a row imported just before. */
  cn_company_set_notes (a, "Rappeler en mars");
  cn_company_set_commune (a, "Brive");
  g_assert_true (cn_store_update_company (f->store, a, &field, &error));
  g_assert_no_error (error);
  import_from (f, b, NULL, "a.csv", &error);
  g_assert_no_error (error);
  /* A company added by other means in the middle of the batch. */
  g_assert_true (cn_store_add_company (f->store, c, NULL, &error));
  import_from (f, d, NULL, "a.csv", &error);
  g_assert_no_error (error);
  import_from (f, e, "Paul Dubois", "b.csv", &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_commit (f->store, &error));
  g_assert_no_error (error);

  assert_imported_once (f, b, "a.csv");
  assert_imported_once (f, d, "a.csv");
  assert_imported_once (f, e, "b.csv");

  /* Imported first, edited afterwards, in that order. */
  events = list_events (f, cn_company_get_id (a));
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (cn_event_get_kind (g_ptr_array_index (events, 0)), ==, CN_EVENT_EDITED);
  g_assert_cmpstr (cn_event_get_kind (g_ptr_array_index (events, 1)), ==, CN_EVENT_IMPORTED);
  g_clear_pointer (&events, g_ptr_array_unref);

  events = list_events (f, cn_company_get_id (c));
  g_assert_cmpuint (count_events_of_kind (events, CN_EVENT_IMPORTED), ==, 0);
  g_assert_cmpuint (count_events_of_kind (events, CN_EVENT_CREATED), ==, 1);

  g_assert_cmpint (count_outbox (f), ==, 5);
  g_assert_cmpint (count_pending_upserts (f, a), ==, 1);
  g_assert_cmpint (count_pending_upserts (f, b), ==, 1);
  g_assert_cmpint (count_pending_upserts (f, c), ==, 1);
  g_assert_cmpint (count_pending_upserts (f, d), ==, 1);
  g_assert_cmpint (count_pending_upserts (f, e), ==, 1);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM events"), ==, 6);

  /* Found by search right away, with the edit and the contacts. */
  assert_search (f, "brive", "Boulangerie Martin");
  assert_search (f, "lea", "Boulangerie Martin");
  assert_search (f, "dubois", "Café Dubois");
  assert_search (f, "morel", "Fleurs Morel");
}

/* Rows imported in a savepoint that is rolled back leave no event or
 * outbox entry, and those imported before it keep theirs. */
static void
test_import_nested_rollback (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) kept = new_company ("Kept", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) dropped = new_company ("Dropped", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) after = new_company ("After", NULL, NULL, NULL, NULL);

  g_assert_true (cn_store_begin (f->store, &error));
  import_one (f, kept, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_begin (f->store, &error));
  import_one (f, dropped, NULL, &error);
  g_assert_no_error (error);
  cn_store_rollback (f->store);
  import_one (f, after, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_commit (f->store, &error));
  g_assert_no_error (error);

  assert_imported_once (f, kept, "test.csv");
  assert_imported_once (f, after, "test.csv");
  g_assert_cmpint (count_companies (f), ==, 2);
  g_assert_cmpint (count_pending_upserts (f, dropped), ==, 0);
  g_assert_cmpint (count_outbox (f), ==, 2);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM events"), ==, 2);
}

/* The importer's insert ends the whole transaction on a constraint failure
 * (OR ROLLBACK): the batch is gone, what was committed before stays, and
 * the store takes the next transaction normally. */
static void
test_import_batch_failure (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) first = new_company ("Boulangerie Martin", NULL, "19000", "Tulle", NULL);
  g_autoptr(CnCompany) second = new_company ("Garage Roux", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) clash = new_company ("Atelier Petit", NULL, NULL, NULL, NULL);
  g_autoptr(CnCompany) later = new_company ("Fleurs Morel", NULL, NULL, NULL, NULL);

  g_assert_true (cn_store_begin (f->store, &error));
  import_one (f, first, "Léa Martin", &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_commit (f->store, &error));
  g_assert_no_error (error);

  g_assert_true (cn_store_begin (f->store, &error));
  import_one (f, second, "Paul Roux", &error);
  g_assert_no_error (error);
  cn_company_set_id (clash, cn_company_get_id (first));
  import_one (f, clash, NULL, &error);
  g_assert_error (error, CN_ERROR, CN_ERROR_STORE);
  g_clear_error (&error);
  cn_store_rollback (f->store);

  g_assert_cmpint (count_companies (f), ==, 1);
  g_assert_cmpint (count_outbox (f), ==, 1);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM contacts"), ==, 1);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM events"), ==, 1);
  assert_search (f, "martin", "Boulangerie Martin");
  assert_search (f, "roux", NULL);

  /* The connection is back in autocommit and the next batch works. */
  g_assert_true (sqlite3_get_autocommit (cn_store_get_db (f->store)));
  g_assert_true (cn_store_begin (f->store, &error));
  import_one (f, later, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cn_store_commit (f->store, &error));
  g_assert_no_error (error);
  assert_search (f, "fleurs", "Fleurs Morel");
  g_assert_cmpint (count_outbox (f), ==, 2);
  assert_imported_once (f, later, "test.csv");
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM events"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  cn_test_init (&argc, &argv);

  ADD_DIR_TEST ("/store/open/fresh", test_open_fresh);
  ADD_DIR_TEST ("/store/open/creates-data-dir", test_open_creates_data_dir);
  ADD_DIR_TEST ("/store/open/reopen", test_open_reopen);
  ADD_DIR_TEST ("/store/open/upgrade", test_open_upgrade);
  ADD_DIR_TEST ("/store/open/refuse-newer", test_open_refuse_newer);
  ADD_DIR_TEST ("/store/open/not-a-database", test_open_not_a_database);
  ADD_DIR_TEST ("/store/open/foreign-sqlite", test_open_foreign_sqlite);
  ADD_DIR_TEST ("/store/open/foreign-application-id", test_open_foreign_application_id);
  ADD_DIR_TEST ("/store/open/uncreatable-dir", test_open_uncreatable_dir);

  ADD_STORE_TEST ("/store/company/add-get", test_add_get);
  ADD_STORE_TEST ("/store/company/add-invalid", test_add_invalid);
  ADD_STORE_TEST ("/store/company/update-events", test_update_events);
  ADD_STORE_TEST ("/store/company/update-status-only", test_update_status_only);
  ADD_STORE_TEST ("/store/company/update-notes-only", test_update_notes_only);
  ADD_STORE_TEST ("/store/company/update-invalid", test_update_invalid);
  ADD_STORE_TEST ("/store/company/delete-restore", test_delete_restore);
  ADD_STORE_TEST ("/store/company/delete-missing", test_delete_missing);

  ADD_STORE_TEST ("/store/contacts/save-delete", test_contacts);
  ADD_STORE_TEST ("/store/contacts/invalid", test_contact_invalid);
  ADD_STORE_TEST ("/store/events/add", test_add_event);

  ADD_STORE_TEST ("/store/search/accents-and-case", test_search_accents_and_case);
  ADD_STORE_TEST ("/store/search/fields", test_search_fields);
  ADD_STORE_TEST ("/store/search/syntax", test_search_syntax);
  ADD_STORE_TEST ("/store/search/follows-edits", test_search_follows_edits);
  ADD_STORE_TEST ("/store/search/many-hits/order", test_search_many_hits_order);
  ADD_STORE_TEST ("/store/search/many-hits/follow-edits", test_search_many_hits_follow_edits);
  ADD_STORE_TEST ("/store/search/many-hits/other-connection", test_search_many_hits_other_connection);
  ADD_STORE_TEST ("/store/filters", test_filters);
  ADD_STORE_TEST ("/store/sort/name", test_sort_by_name);
  ADD_STORE_TEST ("/store/sort/last-activity", test_sort_by_activity);

  ADD_STORE_TEST ("/store/outbox/add-update", test_outbox_add_update);
  ADD_STORE_TEST ("/store/outbox/delete-never-synced", test_outbox_delete_never_synced);
  ADD_STORE_TEST ("/store/outbox/delete-synced", test_outbox_delete_synced);
  ADD_STORE_TEST ("/store/outbox/in-flight", test_outbox_in_flight);
  ADD_STORE_TEST ("/store/outbox/same-transaction", test_outbox_same_transaction);
  ADD_STORE_TEST ("/store/disk-full", test_disk_full);

  ADD_STORE_TEST ("/store/find-duplicate", test_find_duplicate);
  ADD_STORE_TEST ("/store/count-by-status", test_count_by_status);
  ADD_STORE_TEST ("/store/list-departments", test_list_departments);
  ADD_STORE_TEST ("/store/changed-signal", test_changed_signal);
  ADD_STORE_TEST ("/store/nested-transactions", test_nested_transactions);
  ADD_STORE_TEST ("/store/import/batch-failure", test_import_batch_failure);
  ADD_STORE_TEST ("/store/import/entries", test_import_entries);
  ADD_STORE_TEST ("/store/import/nested-rollback", test_import_nested_rollback);

  return g_test_run ();
}
