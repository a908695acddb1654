/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Diagnostics in the store: answers saved one by one and found again after
 * reopening, completion (summary, timeline, status, outbox), prospects,
 * deletion with undo, and the migration of an older database. */
#include "config.h"

#include "cn-diagnostic.h"
#include "cn-diagnostic-session.h"
#include "cn-error.h"
#include "cn-store-private.h"
#include "cn-test-util.h"

typedef struct {
  char          *dir;
  CnStore       *store;
  CnReferential *referential;
  CnCompany     *company;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "referential-small.json", NULL);

  f->dir = cn_test_make_tmp_dir ();
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->referential = cn_referential_load_file (path, &error);
  g_assert_no_error (error);

  f->company = cn_company_new ();
  cn_company_set_name (f->company, "Boulangerie Martin");
  cn_company_set_postcode (f->company, "35000");
  g_assert_true (cn_store_add_company (f->store, f->company, NULL, &error));
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->company);
  g_clear_pointer (&f->referential, cn_referential_unref);
  if (f->store)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (g_steal_pointer (&f->store));
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
answer (Fixture    *f,
        const char *diagnostic,
        const char *question,
        const char *choices)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) list = g_strsplit (choices, " ", -1);

  g_assert_true (cn_store_save_answer (f->store, f->referential, diagnostic, question,
                                       (const char *const *) list, &error));
  g_assert_no_error (error);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return cn_test_query_int (cn_store_get_db (f->store), sql);
}

static void
test_answers_survive_reopening (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);
  g_autoptr(CnDiagnostic) diagnostic = NULL;
  g_autoptr(CnDiagnostic) open = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (id);
  answer (f, id, "q1", "x2");
  answer (f, id, "q2", "t1 t3");
  answer (f, id, "q1", "x3");          /* changed mind: the last answer wins */
  answer (f, id, "q3", "dont-know");
  reopen (f);

  diagnostic = cn_store_load_diagnostic (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (diagnostic->company_id, ==, cn_company_get_id (f->company));
  g_assert_cmpstr (diagnostic->questionnaire, ==, "petit-test");
  g_assert_cmpint (diagnostic->version, ==, 2);
  g_assert_null (diagnostic->completed_at);
  g_assert_cmpint (diagnostic->overall, ==, -1);
  /* Resume exactly there: the last question answered. */
  g_assert_cmpstr (diagnostic->position, ==, "q3");
  g_assert_cmpuint (g_hash_table_size (diagnostic->answers), ==, 3);
  g_assert_cmpstr (cn_answers_get (diagnostic->answers, "q1")[0], ==, "x3");
  g_assert_cmpstr (cn_answers_get (diagnostic->answers, "q2")[0], ==, "t1");
  g_assert_cmpstr (cn_answers_get (diagnostic->answers, "q2")[1], ==, "t3");
  g_assert_null (cn_answers_get (diagnostic->answers, "q2")[2]);
  g_assert_cmpstr (cn_answers_get (diagnostic->answers, "q3")[0], ==, "dont-know");

  open = cn_store_find_open_diagnostic (f->store, cn_company_get_id (f->company), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (open->id, ==, id);

  /* Forgetting an answer, and moving the position without answering. */
  g_assert_true (cn_store_save_answer (f->store, f->referential, id, "q3", NULL, &error));
  g_assert_true (cn_store_set_diagnostic_position (f->store, id, "q4", &error));
  g_assert_no_error (error);
  g_clear_pointer (&diagnostic, cn_diagnostic_free);
  diagnostic = cn_store_load_diagnostic (f->store, id, &error);
  g_assert_null (cn_answers_get (diagnostic->answers, "q3"));
  g_assert_cmpstr (diagnostic->position, ==, "q4");
  /* Nothing travels while in progress. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE entity_type = 'diagnostic'"), ==, 0);
}

static void
test_invalid_answer_changes_nothing (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);
  const char *unknown[] = { "x9", NULL };
  const char *mixed[] = { "t1", "aucun", NULL };
  g_autoptr(CnDiagnostic) diagnostic = NULL;

  answer (f, id, "q1", "x1");
  g_assert_false (cn_store_save_answer (f->store, f->referential, id, "q1", unknown, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cn_store_save_answer (f->store, f->referential, id, "q2", mixed, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cn_store_save_answer (f->store, f->referential, id, "zz", NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cn_store_save_answer (f->store, f->referential, "no-such-id", "q1", unknown + 1, &error));
  g_clear_error (&error);
  g_assert_false (cn_store_save_answer (f->store, f->referential, "no-such-id", "q1", (const char *[]) { "x1", NULL }, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);

  diagnostic = cn_store_load_diagnostic (f->store, id, &error);
  g_assert_cmpuint (g_hash_table_size (diagnostic->answers), ==, 1);
  g_assert_cmpstr (cn_answers_get (diagnostic->answers, "q1")[0], ==, "x1");
}

static void
test_complete (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);
  g_autoptr(CnDiagnostic) diagnostic = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *sentence = NULL;
  const char *again[] = { "x0", NULL };

  answer (f, id, "q1", "x2");
  answer (f, id, "q2", "t1");
  answer (f, id, "q3", "y1");
  answer (f, id, "q4", "u1");
  g_assert_true (cn_store_complete_diagnostic (f->store, f->referential, id, &error));
  g_assert_no_error (error);

  diagnostic = cn_store_load_diagnostic (f->store, id, &error);
  g_assert_nonnull (diagnostic->completed_at);
  g_assert_cmpint (diagnostic->overall, ==, 50);
  g_assert_cmpstr (diagnostic->level, ==, "n3");
  g_assert_cmpint (cn_diagnostic_get_score (diagnostic, "alpha"), ==, 50);
  g_assert_cmpint (cn_diagnostic_get_score (diagnostic, "beta"), ==, 50);
  g_assert_cmpint (cn_diagnostic_get_score (diagnostic, "gamma"), ==, -1);

  /* The company moved from lead to diagnosed, and the timeline says so. */
  company = cn_store_get_company (f->store, cn_company_get_id (f->company), &error);
  g_assert_cmpint (cn_company_get_status (company), ==, CN_COMPANY_STATUS_DIAGNOSED);
  events = cn_store_list_events (f->store, cn_company_get_id (f->company), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (cn_event_get_kind (events->pdata[i]), CN_EVENT_DIAGNOSTIC))
      sentence = cn_event_describe (events->pdata[i]);
  g_assert_nonnull (sentence);
  g_assert_nonnull (strstr (sentence, "Bâtisseuse"));
  g_assert_nonnull (strstr (sentence, "50/100"));

  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE entity_type = 'diagnostic' AND op = 'upsert'"), ==, 1);

  /* A completed diagnostic is a record: no more answers, no second completion. */
  g_assert_false (cn_store_save_answer (f->store, f->referential, id, "q1", again, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cn_store_complete_diagnostic (f->store, f->referential, id, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);

  list = cn_store_list_diagnostics (f->store, cn_company_get_id (f->company), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_null (cn_store_find_open_diagnostic (f->store, cn_company_get_id (f->company), &error));
  g_assert_no_error (error);
}

static void
test_status_never_goes_back (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(CnCompany) company = NULL;

  cn_company_set_status (f->company, CN_COMPANY_STATUS_ACCOMPANIED);
  g_assert_true (cn_store_update_company (f->store, f->company, NULL, &error));
  id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);
  g_assert_true (cn_store_complete_diagnostic (f->store, f->referential, id, &error));
  g_assert_no_error (error);
  company = cn_store_get_company (f->store, cn_company_get_id (f->company), &error);
  g_assert_cmpint (cn_company_get_status (company), ==, CN_COMPANY_STATUS_ACCOMPANIED);
}

static void
test_wrong_questionnaire (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReferential) shipped = cn_referential_lookup (NULL, CN_REFERENTIAL_DEFAULT, 0, &error);
  g_autofree char *id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), shipped, &error);
  const char *choice[] = { "x1", NULL };

  g_assert_no_error (error);
  /* q1/x1 exist in the small questionnaire, not in the one it was started with. */
  g_assert_false (cn_store_save_answer (f->store, f->referential, id, "q1", choice, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, CN_REFERENTIAL_DEFAULT));
  g_clear_error (&error);
  g_assert_false (cn_store_complete_diagnostic (f->store, f->referential, id, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
}

static void
test_prospect (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = cn_store_start_diagnostic (f->store, NULL, f->referential, &error);
  g_autoptr(CnDiagnostic) open = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  answer (f, id, "p-taille", "micro");
  answer (f, id, "q1", "x3");
  open = cn_store_find_open_diagnostic (f->store, NULL, &error);
  g_assert_cmpstr (open->id, ==, id);

  /* Completing needs a company: the prospect's record is made at the end. */
  g_assert_false (cn_store_complete_diagnostic (f->store, f->referential, id, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (cn_store_assign_diagnostic (f->store, id, "no-such-company", &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (cn_store_assign_diagnostic (f->store, id, cn_company_get_id (f->company), &error));
  g_assert_no_error (error);
  /* Once only. */
  g_assert_false (cn_store_assign_diagnostic (f->store, id, cn_company_get_id (f->company), &error));
  g_clear_error (&error);
  g_assert_true (cn_store_complete_diagnostic (f->store, f->referential, id, &error));
  g_assert_no_error (error);
  list = cn_store_list_diagnostics (f->store, cn_company_get_id (f->company), &error);
  g_assert_cmpuint (list->len, ==, 1);
}

static void
test_history_order (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  const char *const firsts[] = { "x0", "x3" };

  for (guint i = 0; i < G_N_ELEMENTS (firsts); i++)
    {
      g_autofree char *id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);

      answer (f, id, "q1", firsts[i]);
      g_assert_true (cn_store_complete_diagnostic (f->store, f->referential, id, &error));
      g_assert_no_error (error);
      g_usleep (2000);   /* completion times are kept to the millisecond */
    }
  list = cn_store_list_diagnostics (f->store, cn_company_get_id (f->company), &error);
  g_assert_cmpuint (list->len, ==, 2);
  /* Oldest first: from one level to the next. */
  g_assert_cmpint (((CnDiagnostic *) list->pdata[0])->overall, ==, 0);
  g_assert_cmpint (((CnDiagnostic *) list->pdata[1])->overall, ==, 25);
}

static void
test_delete_company_and_undo (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *done = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);
  g_autofree char *open_id = NULL;
  g_autoptr(CnCompanyBackup) backup = NULL;
  g_autoptr(CnDiagnostic) restored = NULL;
  g_autoptr(CnDiagnostic) open = NULL;

  answer (f, done, "q1", "x2");
  g_assert_true (cn_store_complete_diagnostic (f->store, f->referential, done, &error));
  open_id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);
  answer (f, open_id, "q2", "t2");

  g_assert_true (cn_store_delete_company (f->store, cn_company_get_id (f->company), &backup, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM diagnostics"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM diagnostic_answers"), ==, 0);
  /* Never sent: the outbox simply forgets it. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE entity_type = 'diagnostic'"), ==, 0);

  g_assert_true (cn_store_restore_company (f->store, backup, &error));
  g_assert_no_error (error);
  restored = cn_store_load_diagnostic (f->store, done, &error);
  g_assert_no_error (error);
  g_assert_cmpint (restored->overall, ==, 17);
  g_assert_cmpint (cn_diagnostic_get_score (restored, "alpha"), ==, 33);
  g_assert_cmpstr (cn_answers_get (restored->answers, "q1")[0], ==, "x2");
  open = cn_store_find_open_diagnostic (f->store, cn_company_get_id (f->company), &error);
  g_assert_cmpstr (open->id, ==, open_id);
  g_assert_cmpstr (cn_answers_get (open->answers, "q2")[0], ==, "t2");
  g_assert_cmpint (count (f, "SELECT count(*) FROM outbox WHERE entity_type = 'diagnostic'"), ==, 1);
}

static void
test_delete_open_diagnostic (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);

  answer (f, id, "q1", "x2");
  g_assert_true (cn_store_delete_diagnostic (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM diagnostic_answers"), ==, 0);
  g_assert_false (cn_store_delete_diagnostic (f->store, id, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
}

static CnDiagnostic *
fake (const char *questionnaire)
{
  CnDiagnostic *diagnostic = g_new0 (CnDiagnostic, 1);

  diagnostic->questionnaire = g_strdup (questionnaire);
  return diagnostic;
}

static void
test_find_progress (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_diagnostic_free);
  guint before = 99, after = 99;

  g_assert_false (cn_diagnostic_find_progress (list, &before, &after));
  g_ptr_array_add (list, fake ("commerce"));
  g_assert_false (cn_diagnostic_find_progress (list, &before, &after));
  g_ptr_array_add (list, fake ("export"));
  g_assert_false (cn_diagnostic_find_progress (list, &before, &after));
  g_ptr_array_add (list, fake ("commerce"));
  g_assert_true (cn_diagnostic_find_progress (list, &before, &after));
  g_assert_cmpuint (before, ==, 0);
  g_assert_cmpuint (after, ==, 2);
  /* A newer lone export diagnostic does not hide the commerce progress. */
  g_ptr_array_add (list, fake ("export-2"));
  g_assert_true (cn_diagnostic_find_progress (list, &before, &after));
  g_assert_cmpuint (after, ==, 2);
  g_ptr_array_add (list, fake ("export"));
  g_assert_true (cn_diagnostic_find_progress (list, &before, &after));
  g_assert_cmpuint (before, ==, 1);
  g_assert_cmpuint (after, ==, 4);
}

/* A database from the previous version gains the diagnostics and keeps
 * its companies. */
static void
test_migration_from_3 (void)
{
  g_autofree char *dir = cn_test_make_tmp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) old = cn_store_open_at_version (dir, 3, &error);
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  cn_company_set_name (company, "Ancienne base");
  g_assert_true (cn_store_add_company (old, company, NULL, &error));
  g_assert_cmpint (cn_store_get_schema_version (old), ==, 3);
  g_assert_finalize_object (g_steal_pointer (&old));

  store = cn_store_open (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cn_store_get_schema_version (store), ==, CN_STORE_SCHEMA_VERSION);
  g_assert_cmpint (cn_store_count_companies (store, NULL), ==, 1);
  list = cn_store_list_diagnostics (store, cn_company_get_id (company), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_finalize_object (g_steal_pointer (&store));
  cn_test_remove_tree (dir);
}

/* The session writes on its own thread: after a flush, a fresh connection
 * finds every answer and the position, in the order given. */
static void
test_session_writes_in_background (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);
  g_autoptr(CnDiagnostic) diagnostic = cn_store_load_diagnostic (f->store, id, &error);
  g_autoptr(CnDiagnosticSession) session = cn_diagnostic_session_new (f->store, f->referential, diagnostic);
  g_autoptr(CnDiagnostic) saved = NULL;
  const char *x1[] = { "x1", NULL }, *x3[] = { "x3", NULL }, *tools[] = { "t1", "t2", NULL };
  const char *bad[] = { "t1", "aucun", NULL };

  g_assert_true (cn_diagnostic_session_answer (session, "q1", x1, &error));
  g_assert_true (cn_diagnostic_session_answer (session, "q2", tools, &error));
  g_assert_true (cn_diagnostic_session_answer (session, "q1", x3, &error));
  g_assert_no_error (error);
  /* Refused at once, and never queued. */
  g_assert_false (cn_diagnostic_session_answer (session, "q2", bad, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cn_diagnostic_session_answer (session, "q7", x1, &error));
  g_clear_error (&error);
  /* The screen sees the answers at once. */
  g_assert_cmpstr (cn_diagnostic_session_get_answer (session, "q1")[0], ==, "x3");
  cn_diagnostic_session_set_position (session, "q3");
  g_assert_true (cn_diagnostic_session_flush (session, &error));
  g_assert_no_error (error);

  reopen (f);
  saved = cn_store_load_diagnostic (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cn_answers_get (saved->answers, "q1")[0], ==, "x3");
  g_assert_cmpstr (cn_answers_get (saved->answers, "q2")[1], ==, "t2");
  g_assert_cmpstr (saved->position, ==, "q3");
}

static void
on_write_failed (CnDiagnosticSession *session,
                 const char          *message,
                 char               **out)
{
  /* Every write that fails is reported: keep the first. */
  if (*out == NULL)
    *out = g_strdup (message);
}

/* A write that fails is reported (signal and flush), not lost silently. */
static void
test_session_reports_failures (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);
  g_autoptr(CnDiagnostic) diagnostic = cn_store_load_diagnostic (f->store, id, &error);
  g_autoptr(CnDiagnosticSession) session = cn_diagnostic_session_new (f->store, f->referential, diagnostic);
  g_autofree char *message = NULL;
  const char *x1[] = { "x1", NULL };

  g_autoptr(CnDiagnostic) saved = NULL;
  sqlite3 *db = cn_store_get_db (f->store);

  g_signal_connect (session, "write-failed", G_CALLBACK (on_write_failed), &message);
  /* The diagnostic disappears under the session (another window deleted
   * it, then the deletion was undone). */
  g_assert_cmpint (sqlite3_exec (db, "CREATE TEMP TABLE kept AS SELECT * FROM diagnostics", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (cn_store_delete_diagnostic (f->store, id, &error));
  g_assert_true (cn_diagnostic_session_answer (session, "q1", x1, &error));
  g_assert_false (cn_diagnostic_session_flush (session, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  while (message == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (message, id));

  /* Still failing: reported again, not forgotten. */
  g_assert_false (cn_diagnostic_session_flush (session, &error));
  g_clear_error (&error);
  /* Back: the answer that failed is written at the next flush. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO diagnostics SELECT * FROM kept", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (cn_diagnostic_session_flush (session, &error));
  g_assert_no_error (error);
  saved = cn_store_load_diagnostic (f->store, id, &error);
  g_assert_cmpstr (cn_answers_get (saved->answers, "q1")[0], ==, "x1");
}

/* Closing with a write in flight that fails: no reference to a dying
 * session (criticals are fatal in tests). */
static void
test_session_closed_while_failing (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = cn_store_start_diagnostic (f->store, cn_company_get_id (f->company), f->referential, &error);
      g_autoptr(CnDiagnostic) diagnostic = cn_store_load_diagnostic (f->store, id, &error);
      CnDiagnosticSession *session = cn_diagnostic_session_new (f->store, f->referential, diagnostic);
      const char *x1[] = { "x1", NULL };

      g_assert_true (cn_store_delete_diagnostic (f->store, id, &error));
      g_assert_true (cn_diagnostic_session_answer (session, "q1", x1, &error));
      g_object_unref (session);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD ("/diagnostic/answers-survive-reopening", test_answers_survive_reopening);
  ADD ("/diagnostic/invalid-answer", test_invalid_answer_changes_nothing);
  ADD ("/diagnostic/complete", test_complete);
  ADD ("/diagnostic/status-never-goes-back", test_status_never_goes_back);
  ADD ("/diagnostic/wrong-questionnaire", test_wrong_questionnaire);
  ADD ("/diagnostic/prospect", test_prospect);
  ADD ("/diagnostic/history-order", test_history_order);
  ADD ("/diagnostic/delete-company-and-undo", test_delete_company_and_undo);
  ADD ("/diagnostic/delete-open", test_delete_open_diagnostic);
  ADD ("/diagnostic/session/background-writes", test_session_writes_in_background);
  ADD ("/diagnostic/session/failures", test_session_reports_failures);
  ADD ("/diagnostic/session/closed-while-failing", test_session_closed_while_failing);
  g_test_add_func ("/diagnostic/migration-from-3", test_migration_from_3);
  g_test_add_func ("/diagnostic/find-progress", test_find_progress);

  return g_test_run ();
}
