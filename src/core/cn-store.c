/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "cn-error.h"
#include "cn-company-order.h"
#include "cn-naf.h"
#include "cn-basket.h"
#include "cn-store-private.h"
#include "cn-util.h"

/* "CNTR": marks the file as ours so another program's SQLite file is never
 * taken for an empty portfolio and migrated. */
#define CN_APPLICATION_ID 0x434E5452

/* Below this many hits, SQLite sorts a search's results in under 1.5 ms:
 * not worth reading the whole list's order (10 to 25 ms for 100 000
 * companies) when it is out of date. */
#define ORDER_WORTH_READING_HITS 1000

typedef struct {
  CnCompanyOrder *order;
  sqlite3_int64 changes;  /* sqlite3_total_changes64 () when read */
  gint64 data_version;    /* PRAGMA data_version when read */
} CnCachedOrder;

struct _CnStore
{
  GObject parent_instance;

  char *path;
  sqlite3 *db;
  GHashTable *statements; /* SQL text -> sqlite3_stmt, prepared once */
  guint tx_depth;
  int version;              /* schema version once opened */
  gboolean companies_changed; /* emit "changed" at the outermost commit */

  /* Companies added by cn_store_import_company () whose event and outbox
   * entry are still to be written, see flush_imported (): nums from
   * import_first to import_last (0 when none), all from import_source. */
  gint64 import_first;
  gint64 import_last;
  char *import_source;

  /* The list's order by name and by last activity, see current_order (). */
  CnCachedOrder orders[2];
};

G_DEFINE_FINAL_TYPE (CnStore, cn_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _CnCompanyBackup
{
  CnCompany *company;
  GPtrArray *contacts;
  GPtrArray *events;
  GPtrArray *diagnostics;
  GPtrArray *plans;
  GPtrArray *appointments;
  GPtrArray *reports;
  GPtrArray *basket;        /* NULL on a store older than schema 10 */
};

/* Ordered migrations: index i brings the schema from version i to i + 1.
 * Never edit a released one; add a new one. */
static const char *migrations[] = {
  /* 1: the portfolio */
  "CREATE TABLE companies ("
  "  num INTEGER PRIMARY KEY,"
  "  id TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL,"
  "  sort_key TEXT NOT NULL,"
  "  siren TEXT, siret TEXT,"
  "  naf TEXT, naf_section TEXT,"
  "  headcount TEXT, revenue TEXT, customer_type TEXT, web_presence TEXT,"
  "  address TEXT, postcode TEXT, commune TEXT, department TEXT, region TEXT,"
  "  status TEXT NOT NULL DEFAULT 'lead',"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  consent_share INTEGER NOT NULL DEFAULT 0,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  last_activity_at TEXT NOT NULL,"
  "  revision INTEGER"
  ");"
  "CREATE INDEX companies_sort ON companies (sort_key, postcode);"
  "CREATE INDEX companies_activity ON companies (last_activity_at);"
  "CREATE INDEX companies_siret ON companies (siret);"
  "CREATE INDEX companies_status ON companies (status, sort_key);"
  "CREATE TABLE company_tags ("
  "  company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,"
  "  tag TEXT NOT NULL,"
  "  position INTEGER NOT NULL,"
  "  PRIMARY KEY (company_id, tag)"
  ") WITHOUT ROWID;"
  "CREATE TABLE contacts ("
  "  id TEXT PRIMARY KEY,"
  "  company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL, role TEXT, email TEXT, phone TEXT,"
  "  consent INTEGER NOT NULL DEFAULT 0, consent_date TEXT, consent_purpose TEXT,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL"
  ");"
  "CREATE INDEX contacts_company ON contacts (company_id);"
  "CREATE TABLE events ("
  "  id TEXT PRIMARY KEY,"
  "  company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT"
  ");"
  "CREATE INDEX events_company ON events (company_id, at);"
  /* The transactional outbox: written in the same transaction as the
   * change it describes.  At most one pending (unbatched) entry per record. */
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  entity_type TEXT NOT NULL,"
  "  entity_id TEXT NOT NULL,"
  "  op TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),"
  "  queued_at TEXT NOT NULL,"
  "  batch_id TEXT"
  ");"
  "CREATE UNIQUE INDEX outbox_pending ON outbox (entity_type, entity_id) WHERE batch_id IS NULL;"
  "CREATE VIRTUAL TABLE company_fts USING fts5 ("
  "  name, commune, naf_label, contacts, notes, tags, identifiers,"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"
  ");"
  "CREATE TRIGGER companies_fts_insert AFTER INSERT ON companies BEGIN"
  "  INSERT INTO company_fts (rowid, name, commune, naf_label, contacts, notes, tags, identifiers)"
  "  VALUES (new.num, new.name, new.commune, cn_naf_label (new.naf), '', new.notes, '',"
  "          coalesce (new.siret, '') || ' ' || coalesce (new.siren, '') || ' ' || coalesce (new.postcode, ''));"
  "END;"
  "CREATE TRIGGER companies_fts_update AFTER UPDATE ON companies BEGIN"
  "  UPDATE company_fts SET name = new.name, commune = new.commune,"
  "    naf_label = cn_naf_label (new.naf), notes = new.notes,"
  "    identifiers = coalesce (new.siret, '') || ' ' || coalesce (new.siren, '') || ' ' || coalesce (new.postcode, '')"
  "  WHERE rowid = new.num;"
  "END;"
  "CREATE TRIGGER companies_fts_delete AFTER DELETE ON companies BEGIN"
  "  DELETE FROM company_fts WHERE rowid = old.num;"
  "END;"
  "CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN"
  "  UPDATE company_fts SET contacts = (SELECT group_concat (name || ' ' || coalesce (role, '') || ' ' || coalesce (email, '') || ' ' || coalesce (phone, ''), ' ')"
  "                                     FROM contacts WHERE company_id = new.company_id)"
  "  WHERE rowid = (SELECT num FROM companies WHERE id = new.company_id);"
  "END;"
  "CREATE TRIGGER contacts_fts_update AFTER UPDATE ON contacts BEGIN"
  "  UPDATE company_fts SET contacts = (SELECT group_concat (name || ' ' || coalesce (role, '') || ' ' || coalesce (email, '') || ' ' || coalesce (phone, ''), ' ')"
  "                                     FROM contacts WHERE company_id = new.company_id)"
  "  WHERE rowid = (SELECT num FROM companies WHERE id = new.company_id);"
  "END;"
  "CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN"
  "  UPDATE company_fts SET contacts = (SELECT group_concat (name || ' ' || coalesce (role, '') || ' ' || coalesce (email, '') || ' ' || coalesce (phone, ''), ' ')"
  "                                     FROM contacts WHERE company_id = old.company_id)"
  "  WHERE rowid = (SELECT num FROM companies WHERE id = old.company_id);"
  "END;"
  "CREATE TRIGGER tags_fts_insert AFTER INSERT ON company_tags BEGIN"
  "  UPDATE company_fts SET tags = (SELECT group_concat (tag, ' ') FROM company_tags WHERE company_id = new.company_id)"
  "  WHERE rowid = (SELECT num FROM companies WHERE id = new.company_id);"
  "END;"
  "CREATE TRIGGER tags_fts_delete AFTER DELETE ON company_tags BEGIN"
  "  UPDATE company_fts SET tags = (SELECT group_concat (tag, ' ') FROM company_tags WHERE company_id = old.company_id)"
  "  WHERE rowid = (SELECT num FROM companies WHERE id = old.company_id);"
  "END;",

  /* 2: sync bookkeeping (device id, pull cursor) */
  "CREATE TABLE sync_state ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "INSERT INTO sync_state (key, value) VALUES ('device_id', cn_uuid ());",

  /* 3: the full-text row of a company is rebuilt once per transaction, at
   * the outermost commit, instead of by every statement that touches it.
   * FTS5 flushes its pending terms whenever a statement opens a savepoint
   * on it or rewrites a row it just wrote, so per-statement triggers made
   * one tiny segment (and merges) per imported row. */
  "CREATE TABLE fts_pending (num INTEGER PRIMARY KEY);"
  "DROP TRIGGER companies_fts_insert;"
  "DROP TRIGGER companies_fts_update;"
  "DROP TRIGGER companies_fts_delete;"
  "DROP TRIGGER contacts_fts_insert;"
  "DROP TRIGGER contacts_fts_update;"
  "DROP TRIGGER contacts_fts_delete;"
  "DROP TRIGGER tags_fts_insert;"
  "DROP TRIGGER tags_fts_delete;"
  "CREATE TRIGGER companies_fts_insert AFTER INSERT ON companies BEGIN"
  "  INSERT OR IGNORE INTO fts_pending (num) VALUES (new.num);"
  "END;"
  /* Only the indexed columns: last_activity_at changes with every event. */
  "CREATE TRIGGER companies_fts_update AFTER UPDATE OF name, commune, naf, notes, siret, siren, postcode ON companies BEGIN"
  "  INSERT OR IGNORE INTO fts_pending (num) VALUES (new.num);"
  "END;"
  "CREATE TRIGGER companies_fts_delete AFTER DELETE ON companies BEGIN"
  "  INSERT OR IGNORE INTO fts_pending (num) VALUES (old.num);"
  "END;"
  "CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN"
  "  INSERT OR IGNORE INTO fts_pending (num) SELECT num FROM companies WHERE id = new.company_id;"
  "END;"
  "CREATE TRIGGER contacts_fts_update AFTER UPDATE OF company_id, name, role, email, phone ON contacts BEGIN"
  "  INSERT OR IGNORE INTO fts_pending (num) SELECT num FROM companies WHERE id IN (old.company_id, new.company_id);"
  "END;"
  "CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN"
  "  INSERT OR IGNORE INTO fts_pending (num) SELECT num FROM companies WHERE id = old.company_id;"
  "END;"
  "CREATE TRIGGER tags_fts_insert AFTER INSERT ON company_tags BEGIN"
  "  INSERT OR IGNORE INTO fts_pending (num) SELECT num FROM companies WHERE id = new.company_id;"
  "END;"
  "CREATE TRIGGER tags_fts_delete AFTER DELETE ON company_tags BEGIN"
  "  INSERT OR IGNORE INTO fts_pending (num) SELECT num FROM companies WHERE id = old.company_id;"
  "END;"
  /* Indexes that give the list its order without a sort, and the
   * departments of the filter without reading the whole table. */
  "DROP INDEX companies_activity;"
  "CREATE INDEX companies_activity ON companies (last_activity_at DESC, sort_key, postcode);"
  "CREATE INDEX companies_department ON companies (department);",

  /* 4: diagnostics.  The answers are the truth (a diagnostic keeps its
   * questionnaire id and version so it can be scored again); overall,
   * level and scores are the summary computed at completion. */
  "CREATE TABLE diagnostics ("
  "  id TEXT PRIMARY KEY,"
  "  company_id TEXT REFERENCES companies (id) ON DELETE CASCADE,"
  "  questionnaire TEXT NOT NULL,"
  "  questionnaire_version INTEGER NOT NULL,"
  "  started_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  completed_at TEXT,"
  "  position TEXT,"
  "  overall INTEGER,"
  "  level TEXT,"
  "  scores TEXT,"
  "  revision INTEGER"
  ");"
  "CREATE INDEX diagnostics_company ON diagnostics (company_id, completed_at);"
  "CREATE TABLE diagnostic_answers ("
  "  diagnostic_id TEXT NOT NULL REFERENCES diagnostics (id) ON DELETE CASCADE,"
  "  question TEXT NOT NULL,"
  "  choices TEXT NOT NULL,"
  "  answered_at TEXT NOT NULL,"
  "  PRIMARY KEY (diagnostic_id, question)"
  ") WITHOUT ROWID;",

  /* 5: action plans, one per diagnostic, as the connector edited them. */
  "CREATE TABLE plans ("
  "  id TEXT PRIMARY KEY,"
  "  company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,"
  "  diagnostic_id TEXT NOT NULL UNIQUE REFERENCES diagnostics (id) ON DELETE CASCADE,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  note TEXT NOT NULL DEFAULT ''"
  ");"
  "CREATE INDEX plans_company ON plans (company_id);"
  "CREATE TABLE plan_actions ("
  "  plan_id TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  action_id TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  description TEXT NOT NULL DEFAULT '',"
  "  why TEXT NOT NULL DEFAULT '',"
  "  horizon TEXT NOT NULL,"
  "  priority INTEGER NOT NULL,"
  "  price_ref TEXT,"
  "  owner TEXT,"
  "  due_date TEXT,"
  "  done INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (plan_id, position)"
  ") WITHOUT ROWID;",

  /* 6: what happens between visits.  Times are stored in UTC
   * ("2026-12-03T08:30:00Z", sortable as text) and shown in Europe/Paris;
   * dates are "YYYY-MM-DD".  A report is corrected by adding a revision,
   * never by overwriting one. */
  "CREATE TABLE appointments ("
  "  id TEXT PRIMARY KEY,"
  "  company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,"
  "  starts_at TEXT NOT NULL,"
  "  ends_at TEXT NOT NULL CHECK (ends_at > starts_at),"
  "  mode TEXT NOT NULL CHECK (mode IN ('on_site', 'phone', 'video')),"
  "  location TEXT,"
  "  subject TEXT NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled', 'no_show')),"
  "  origin TEXT NOT NULL DEFAULT 'connector' CHECK (origin IN ('connector', 'platform')),"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  revision INTEGER"
  ");"
  "CREATE INDEX appointments_start ON appointments (starts_at);"
  "CREATE INDEX appointments_company ON appointments (company_id, starts_at);"
  "CREATE TABLE reports ("
  "  id TEXT PRIMARY KEY,"
  "  company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,"
  "  appointment_id TEXT REFERENCES appointments (id) ON DELETE SET NULL,"
  "  current_revision INTEGER NOT NULL DEFAULT 1,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  revision INTEGER"
  ");"
  "CREATE INDEX reports_company ON reports (company_id);"
  "CREATE INDEX reports_appointment ON reports (appointment_id);"
  "CREATE TABLE report_revisions ("
  "  report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,"
  "  number INTEGER NOT NULL,"
  "  written_at TEXT NOT NULL,"
  "  date TEXT NOT NULL,"
  "  summary TEXT NOT NULL,"
  "  actions_done TEXT NOT NULL DEFAULT '[]',"
  "  next_steps TEXT NOT NULL DEFAULT '[]',"
  "  maturity_before INTEGER CHECK (maturity_before BETWEEN 1 AND 5),"
  "  maturity_after INTEGER CHECK (maturity_after BETWEEN 1 AND 5),"
  "  time_spent_minutes INTEGER CHECK (time_spent_minutes >= 0),"
  "  satisfaction INTEGER CHECK (satisfaction BETWEEN 1 AND 5),"
  "  connected_commerce INTEGER NOT NULL DEFAULT 0,"
  "  cofinancing_amount_cents INTEGER CHECK (cofinancing_amount_cents >= 0),"
  "  cofinancing_status TEXT NOT NULL DEFAULT 'none'"
  "    CHECK (cofinancing_status IN ('none', 'requested', 'accepted', 'refused')),"
  "  PRIMARY KEY (report_id, number)"
  ") WITHOUT ROWID;"
  "CREATE INDEX report_revisions_date ON report_revisions (date);"
  "CREATE TABLE outreach ("
  "  id TEXT PRIMARY KEY,"
  "  date TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('event', 'workshop', 'call', 'visit', 'other')),"
  "  title TEXT NOT NULL,"
  "  smes_reached INTEGER NOT NULL DEFAULT 0 CHECK (smes_reached >= 0),"
  "  leads INTEGER NOT NULL DEFAULT 0 CHECK (leads >= 0),"
  "  notes TEXT NOT NULL DEFAULT '',"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  revision INTEGER"
  ");"
  "CREATE INDEX outreach_date ON outreach (date);"
  /* The connector: one row.  The platform's GET /me updates kind and
   * label expiry. */
  "CREATE TABLE connector_profile ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name TEXT NOT NULL DEFAULT '',"
  "  organisation TEXT NOT NULL DEFAULT '',"
  "  email TEXT NOT NULL DEFAULT '',"
  "  phone TEXT NOT NULL DEFAULT '',"
  "  region TEXT,"
  "  kind TEXT NOT NULL DEFAULT 'charter' CHECK (kind IN ('charter', 'labelled')),"
  "  label_expires_on TEXT,"
  "  updated_at TEXT NOT NULL"
  ");",

  /* 7: the dashboard reads the current revision of every report and the
   * status of every appointment of a period from indexes alone. */
  "CREATE INDEX reports_current ON reports (id, current_revision, company_id);"
  "CREATE INDEX appointments_start_status ON appointments (starts_at, status);"
  "DROP INDEX appointments_start;",

  /* 8: sync with the national platform.  A batch, once built, is frozen:
   * its Idempotency-Key and the exact bytes sent are kept until the
   * platform gives a definitive answer, and resent as they are after a
   * timeout, a lost response or a crash.  What the platform said about a
   * record that it did not apply (a conflict, a rejection) stays on the
   * record until the connector resolves it or the next push is applied.
   * Leads are the SMEs that took the self-diagnostic and agreed to be
   * contacted; adopting one links it to the company made from it.  A pulled
   * change that names a company not known yet is parked until it arrives. */
  "CREATE TABLE sync_batches ("
  "  id TEXT PRIMARY KEY,"
  "  body TEXT NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  attempts INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX outbox_batch ON outbox (batch_id) WHERE batch_id IS NOT NULL;"
  "ALTER TABLE outbox ADD COLUMN base_revision INTEGER;"
  "CREATE TABLE sync_issues ("
  "  entity_type TEXT NOT NULL,"
  "  entity_id TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('conflict', 'rejected')),"
  "  code TEXT,"
  "  message TEXT,"
  "  field TEXT,"
  "  server_revision INTEGER,"
  "  server_data TEXT,"
  "  at TEXT NOT NULL,"
  "  PRIMARY KEY (entity_type, entity_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE sync_parked ("
  "  entity_type TEXT NOT NULL,"
  "  entity_id TEXT NOT NULL,"
  "  revision INTEGER NOT NULL,"
  "  data TEXT NOT NULL,"
  "  at TEXT NOT NULL,"
  "  PRIMARY KEY (entity_type, entity_id)"
  ") WITHOUT ROWID;"
  "CREATE TABLE leads ("
  "  id TEXT PRIMARY KEY,"
  "  revision INTEGER,"
  "  name TEXT NOT NULL,"
  "  siren TEXT,"
  "  contact_name TEXT,"
  "  contact_email TEXT,"
  "  postcode TEXT,"
  "  naf TEXT,"
  "  headcount TEXT,"
  "  self_overall INTEGER,"
  "  self_level INTEGER,"
  "  self_completed_at TEXT,"
  "  received_at TEXT NOT NULL,"
  "  company_id TEXT REFERENCES companies (id) ON DELETE SET NULL"
  ");"
  "CREATE INDEX leads_received ON leads (received_at);",

  /* 9: the public company directory.  A company it returned is kept, so it
   * is found again without a network; only the fields Connecteur uses are
   * kept (its directors, personal data of no use here, are not).  Local
   * only: nothing of it syncs.  And the company's creation date, which
   * the directory gives. */
  "ALTER TABLE companies ADD COLUMN founded_on TEXT;"
  "CREATE TABLE registry_cache ("
  "  num INTEGER PRIMARY KEY,"
  "  siren TEXT NOT NULL UNIQUE,"
  "  siret TEXT,"
  "  name TEXT NOT NULL,"
  "  commune TEXT,"
  "  postcode TEXT,"
  "  naf TEXT,"
  "  closed INTEGER NOT NULL DEFAULT 0,"
  "  entry TEXT NOT NULL,"
  "  fetched_at TEXT NOT NULL"
  ");"
  "CREATE INDEX registry_cache_fetched ON registry_cache (fetched_at);"
  "CREATE VIRTUAL TABLE registry_cache_fts USING fts5 ("
  "  name, commune, naf_label, identifiers,"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'"
  ");"
  "CREATE TRIGGER registry_cache_fts_insert AFTER INSERT ON registry_cache BEGIN"
  "  INSERT INTO registry_cache_fts (rowid, name, commune, naf_label, identifiers)"
  "  VALUES (new.num, new.name, new.commune, cn_naf_label (new.naf),"
  "          new.siren || ' ' || coalesce (new.siret, '') || ' ' || coalesce (new.postcode, ''));"
  "END;"
  "CREATE TRIGGER registry_cache_fts_update AFTER UPDATE ON registry_cache BEGIN"
  "  UPDATE registry_cache_fts SET name = new.name, commune = new.commune,"
  "    naf_label = cn_naf_label (new.naf),"
  "    identifiers = new.siren || ' ' || coalesce (new.siret, '') || ' ' || coalesce (new.postcode, '')"
  "  WHERE rowid = new.num;"
  "END;"
  "CREATE TRIGGER registry_cache_fts_delete AFTER DELETE ON registry_cache BEGIN"
  "  DELETE FROM registry_cache_fts WHERE rowid = old.num;"
  "END;",

  /* 10: the catalogue's side.  The exact headcount (an aid says "under
   * 11", the bracket "10 to 19"); a plan's planned expense, and what its
   * issued PDF showed of the catalogue, so a newer catalogue does not
   * change a plan already handed over; the links the connector declared
   * with providers, their own rating of providers, and each company's
   * recommendation basket.  Local only: nothing of it syncs. */
  "ALTER TABLE companies ADD COLUMN employees INTEGER CHECK (employees IS NULL OR employees >= 0);"
  "ALTER TABLE plans ADD COLUMN planned_expense INTEGER CHECK (planned_expense IS NULL OR planned_expense >= 0);"
  "ALTER TABLE plans ADD COLUMN expense_kind TEXT;"
  "ALTER TABLE plans ADD COLUMN issued_catalogue TEXT;"
  "CREATE TABLE provider_links ("
  "  provider_id TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('capital', 'family')),"
  "  note TEXT NOT NULL DEFAULT '',"
  "  declared_at TEXT NOT NULL"
  ");"
  "CREATE TABLE provider_reviews ("
  "  provider_id TEXT PRIMARY KEY,"
  "  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),"
  "  comment TEXT NOT NULL DEFAULT '',"
  "  updated_at TEXT NOT NULL"
  ");"
  "CREATE TABLE basket_items ("
  "  company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('provider', 'resource')),"
  "  item_id TEXT NOT NULL,"
  "  note TEXT NOT NULL DEFAULT '',"
  "  added_at TEXT NOT NULL,"
  "  PRIMARY KEY (company_id, kind, item_id)"
  ");"
  /* The programme forbids recommending a provider one has capital or
   * family links with: the code says why, the database makes sure. */
  "CREATE TRIGGER basket_items_no_linked_provider BEFORE INSERT ON basket_items"
  "  WHEN new.kind = 'provider'"
  "   AND EXISTS (SELECT 1 FROM provider_links WHERE provider_id = new.item_id)"
  "BEGIN"
  "  SELECT RAISE (ABORT, 'conflict of interest');"
  "END;"
  /* The catalogue files issued plans were made with, once each. */
  "CREATE TABLE catalogue_archive ("
  "  checksum TEXT PRIMARY KEY,"
  "  part TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  content TEXT NOT NULL"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CN_STORE_SCHEMA_VERSION);

void
cn_outbox_entry_free (CnOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->entity_type);
  g_free (entry->entity_id);
  g_free (entry->op);
  g_free (entry->batch_id);
  g_free (entry);
}

void
cn_company_backup_free (CnCompanyBackup *backup)
{
  if (backup == NULL)
    return;
  g_clear_object (&backup->company);
  g_clear_pointer (&backup->contacts, g_ptr_array_unref);
  g_clear_pointer (&backup->events, g_ptr_array_unref);
  g_clear_pointer (&backup->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&backup->plans, g_ptr_array_unref);
  g_clear_pointer (&backup->appointments, g_ptr_array_unref);
  g_clear_pointer (&backup->reports, g_ptr_array_unref);
  g_clear_pointer (&backup->basket, g_ptr_array_unref);
  g_free (backup);
}

/* ---- errors ---------------------------------------------------------- */

static gboolean
set_sqlite_error (CnStore     *self,
                  sqlite3     *db,
                  int          rc,
                  GError     **error)
{
  const char *detail = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  const char *path = self ? self->path : "";

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, CN_ERROR, CN_ERROR_DISK_FULL,
                   _("The disk is full: the change could not be saved. Free some space and try again; nothing already saved was lost."));
      break;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      g_set_error (error, CN_ERROR, CN_ERROR_READ_ONLY,
                   _("The database %s cannot be written (%s). Check that its folder is writable."),
                   path, detail);
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, CN_ERROR, CN_ERROR_NOT_A_DATABASE,
                   _("%s is not a Connecteur database, or it is damaged (%s). It was left untouched."),
                   path, detail);
      break;
    default:
      g_set_error (error, CN_ERROR, CN_ERROR_STORE,
                   _("The database reported an error: %s"), detail);
      break;
    }
  return FALSE;
}

/* ---- SQL helpers ----------------------------------------------------- */

static gboolean
exec_sql (CnStore     *self,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (self, self->db, rc, error);
  return TRUE;
}

/* Statements are prepared once and kept; callers reset them after use. */
static sqlite3_stmt *
prepare (CnStore     *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* sqlite3_bind_parameter_index () compares @name with every parameter
 * before it, which adds up over the twenty of an imported row.  Parameters
 * are mostly bound in the order they appear, so the one after the last
 * bound is checked first (a number lookup and one comparison). */
static int
parameter_index (sqlite3_stmt *stmt,
                 const char   *name)
{
  /* Per thread: the UI imports on its own thread and connection. */
  static _Thread_local sqlite3_stmt *last_stmt;
  static _Thread_local int last_index;
  int index = 0;

  if (stmt == last_stmt)
    {
      const char *next = sqlite3_bind_parameter_name (stmt, last_index + 1);

      if (next != NULL && strcmp (next, name) == 0)
        index = last_index + 1;
    }
  if (index == 0)
    index = sqlite3_bind_parameter_index (stmt, name);

  last_stmt = stmt;
  last_index = index;
  return index;
}

static void
bind_text (sqlite3_stmt *stmt,
           const char   *name,
           const char   *value)
{
  int index = parameter_index (stmt, name);

  g_assert (index > 0);
  if (value)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_int64 (sqlite3_stmt *stmt,
            const char   *name,
            gint64        value)
{
  int index = parameter_index (stmt, name);

  g_assert (index > 0);
  sqlite3_bind_int64 (stmt, index, value);
}

/* Runs a statement that returns no row. */
static gboolean
step_done (CnStore       *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, self->db, rc, error);
  return TRUE;
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* ---- SQL functions used by the schema -------------------------------- */

static void
sql_naf_label (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  const char *label = cn_naf_label ((const char *) sqlite3_value_text (argv[0]));

  if (label)
    sqlite3_result_text (context, label, -1, SQLITE_STATIC);
  else
    sqlite3_result_null (context);
}

/* A UUID whose text sorts by creation time (RFC 9562 version 7): the
 * indexes keyed by it grow at their end instead of at random pages.  Used
 * for local-only rows and for imported companies, whose id is also the key
 * of their tags, contacts, events and outbox entry (five indexes per row);
 * it is still a UUID to the platform and to g_uuid_string_is_valid(). */
static char *
local_uuid (void)
{
  G_LOCK_DEFINE_STATIC (clock);
  static gint64 last_ms;
  static guint counter;
  gint64 ms = g_get_real_time () / 1000;
  guint8 b[16];

  /* The UI imports on a thread while the main thread records events. */
  G_LOCK (clock);
  if (ms <= last_ms)
    {
      ms = last_ms;
      if (++counter > 0xFFF)
        {
          ms = ++last_ms;
          counter = 0;
        }
    }
  else
    counter = 0;
  last_ms = ms;
  b[6] = 0x70 | (guint8) (counter >> 8);
  b[7] = (guint8) counter;
  G_UNLOCK (clock);

  for (int i = 0; i < 6; i++)
    b[i] = (guint8) (ms >> (40 - 8 * i));
  /* Two draws, not eight: each takes the global generator's lock. */
  for (int i = 8; i < 16; i += 4)
    {
      guint32 r = g_random_int ();
      for (int j = 0; j < 4; j++)
        b[i + j] = (guint8) (r >> (8 * j));
    }
  b[8] = (b[8] & 0x3F) | 0x80;

  /* Written by hand: printf with 16 arguments is a measurable part of an
   * import, which makes up to three of these per row. */
  {
    static const char hex[] = "0123456789abcdef";
    char *text = g_malloc (37);
    char *p = text;

    for (int i = 0; i < 16; i++)
      {
        if (i == 4 || i == 6 || i == 8 || i == 10)
          *p++ = '-';
        *p++ = hex[b[i] >> 4];
        *p++ = hex[b[i] & 0xF];
      }
    *p = '\0';
    return text;
  }
}

static void
sql_uuid (sqlite3_context  *context,
          int               argc,
          sqlite3_value   **argv)
{
  sqlite3_result_text (context, g_uuid_string_random (), -1, g_free);
}

static void
sql_local_uuid (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  sqlite3_result_text (context, local_uuid (), -1, g_free);
}

/* ---- transactions ---------------------------------------------------- */

/* Writes the "imported" event and the outbox entry of the companies that
 * cn_store_import_company () added since the last call: two set-based
 * statements instead of two statements per row.  The values are those a
 * row-by-row insert would write (time of the row, source file, one upsert
 * per company); the ids of the events are time-ordered like the rest. */
static gboolean
flush_imported (CnStore  *self,
                GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (self->import_first == 0)
    return TRUE;

  stmt = prepare (self,
                  "INSERT INTO events (id, company_id, at, kind, detail)"
                  " SELECT cn_local_uuid (), id, created_at, :kind, :source FROM companies"
                  " WHERE num BETWEEN :first AND :last ORDER BY num",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":kind", CN_EVENT_IMPORTED);
  bind_text (stmt, ":source", self->import_source);
  bind_int64 (stmt, ":first", self->import_first);
  bind_int64 (stmt, ":last", self->import_last);
  if (!step_done (self, stmt, error))
    return FALSE;

  stmt = prepare (self,
                  "INSERT INTO outbox (entity_type, entity_id, op, queued_at)"
                  " SELECT 'company', id, 'upsert', created_at FROM companies"
                  " WHERE num BETWEEN :first AND :last ORDER BY num"
                  " ON CONFLICT (entity_type, entity_id) WHERE batch_id IS NULL"
                  " DO UPDATE SET op = excluded.op, queued_at = excluded.queued_at",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_int64 (stmt, ":first", self->import_first);
  bind_int64 (stmt, ":last", self->import_last);
  ok = step_done (self, stmt, error);

  self->import_first = self->import_last = 0;
  g_clear_pointer (&self->import_source, g_free);
  return ok;
}

/* The companies pending in flush_imported () were added in the transaction
 * or savepoint being rolled back (a savepoint flushes them before it
 * opens): they are gone, and so is the need to write their entries. */
static void
forget_imported (CnStore *self)
{
  self->import_first = self->import_last = 0;
  g_clear_pointer (&self->import_source, g_free);
}

gboolean
cn_store_begin (CnStore  *self,
                GError  **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  /* What is pending belongs to the enclosing level: write it there, so
   * that rolling back the savepoint cannot take it along, and so that
   * changes made inside come after it, as they would row by row. */
  if (self->tx_depth > 0 && !flush_imported (self, error))
    return FALSE;

  /* IMMEDIATE takes the write lock at once, so a concurrent
   * connecteur-cli waits (busy timeout) instead of failing half-way. */
  if (!exec_sql (self, self->tx_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT nested", error))
    return FALSE;
  self->tx_depth++;
  return TRUE;
}

/* Rebuilds the full-text rows of the companies changed in this transaction
 * (see migration 3): one set-based pass, rowids in order, so FTS5 writes
 * one segment per transaction. */
static gboolean
flush_fts (CnStore  *self,
           GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean pending;

  /* Before migration 3 (tests open old versions) the triggers index at once. */
  if (self->version < 3)
    return TRUE;
  stmt = prepare (self, "SELECT EXISTS (SELECT 1 FROM fts_pending)", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, self->db, sqlite3_errcode (self->db), error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  pending = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (!pending)
    return TRUE;

  return exec_sql (self,
                   "DELETE FROM company_fts WHERE rowid IN (SELECT num FROM fts_pending);"
                   "INSERT INTO company_fts (rowid, name, commune, naf_label, contacts, notes, tags, identifiers)"
                   " SELECT c.num, c.name, c.commune, cn_naf_label (c.naf),"
                   "  coalesce ((SELECT group_concat (name || ' ' || coalesce (role, '') || ' ' || coalesce (email, '') || ' ' || coalesce (phone, ''), ' ')"
                   "             FROM contacts WHERE company_id = c.id), ''),"
                   "  c.notes,"
                   "  coalesce ((SELECT group_concat (tag, ' ') FROM company_tags WHERE company_id = c.id), ''),"
                   "  coalesce (c.siret, '') || ' ' || coalesce (c.siren, '') || ' ' || coalesce (c.postcode, '')"
                   " FROM fts_pending p JOIN companies c ON c.num = p.num ORDER BY p.num;"
                   "DELETE FROM fts_pending;",
                   error);
}

gboolean
cn_store_commit (CnStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->tx_depth > 0, FALSE);

  if (self->tx_depth == 1)
    {
      if (!flush_imported (self, error) || !flush_fts (self, error) ||
          !exec_sql (self, "COMMIT", error))
        {
          cn_store_rollback (self);
          return FALSE;
        }
      self->tx_depth = 0;
      if (self->companies_changed)
        {
          self->companies_changed = FALSE;
          g_signal_emit (self, signals[CHANGED], 0);
        }
      return TRUE;
    }

  if (!exec_sql (self, "RELEASE nested", error))
    return FALSE;
  self->tx_depth--;
  return TRUE;
}

void
cn_store_rollback (CnStore *self)
{
  g_return_if_fail (CN_IS_STORE (self));
  g_return_if_fail (self->tx_depth > 0);

  forget_imported (self);
  if (self->tx_depth == 1)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->companies_changed = FALSE;
    }
  else
    sqlite3_exec (self->db, "ROLLBACK TO nested; RELEASE nested", NULL, NULL, NULL);
  self->tx_depth--;
}

void
cn_store_notify_changed (CnStore *self)
{
  g_return_if_fail (CN_IS_STORE (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- opening --------------------------------------------------------- */

char *
cn_store_default_data_dir (void)
{
  const char *env = g_getenv ("CONNECTEUR_DATA_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "connecteur", NULL);
}

static void
cn_store_finalize (GObject *object)
{
  CnStore *self = CN_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_free (self->import_source);
  for (guint i = 0; i < G_N_ELEMENTS (self->orders); i++)
    g_clear_pointer (&self->orders[i].order, cn_company_order_free);
  if (self->db)
    sqlite3_close (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (cn_store_parent_class)->finalize (object);
}

static void
cn_store_class_init (CnStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cn_store_finalize;

  /* Emitted after a committed change to the portfolio. */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* The statements are a few hundred bytes long and looked up several times
 * per imported row: hash their length and ends, not every byte (an equal
 * hash is still checked with g_str_equal). */
static guint
sql_hash (gconstpointer key)
{
  const char *sql = key;
  gsize len = strlen (sql);
  guint hash = (guint) len;
  gsize head = MIN (len, 32);
  gsize tail = MIN (len - head, 96);

  for (gsize i = 0; i < head; i++)
    hash = hash * 33 + (guchar) sql[i];
  for (gsize i = len - tail; i < len; i++)
    hash = hash * 33 + (guchar) sql[i];
  return hash;
}

static void
cn_store_init (CnStore *self)
{
  self->statements = g_hash_table_new_full (sql_hash, g_str_equal, g_free,
                                            finalize_statement);
}

/* The file is created 0600 by us, not by SQLite, whose default follows the
 * umask: a portfolio is personal data. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, CN_ERROR,
                   saved == ENOSPC ? CN_ERROR_DISK_FULL : CN_ERROR_READ_ONLY,
                   _("The database %s cannot be created: %s."),
                   path, g_strerror (saved));
      return FALSE;
    }

  if (fchmod (fd, 0600) != 0)
    g_warning ("Could not restrict the permissions of %s: %s", path, g_strerror (errno));
  close (fd);
  return TRUE;
}

static gboolean
read_pragma_int (CnStore     *self,
                 const char  *sql,
                 int         *value,
                 GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, self->db, rc, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  *value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
migrate (CnStore     *self,
         int          from,
         int          to,
         GError     **error)
{
  for (int version = from; version < to; version++)
    {
      g_autofree char *set_version = NULL;

      if (!exec_sql (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);
      if (!exec_sql (self, migrations[version], error) ||
          (version == 0 && !exec_sql (self, "PRAGMA application_id = " G_STRINGIFY (CN_APPLICATION_ID), error)) ||
          !exec_sql (self, set_version, error) ||
          !exec_sql (self, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          g_prefix_error (error, _("Could not upgrade the database to version %d: "), version + 1);
          return FALSE;
        }
      g_debug ("Database %s migrated to version %d", self->path, version + 1);
    }
  return TRUE;
}

CnStore *
cn_store_open_at_version (const char  *data_dir,
                          int          max_version,
                          GError     **error)
{
  g_autoptr(CnStore) self = g_object_new (CN_TYPE_STORE, NULL);
  g_autofree char *dir = data_dir ? g_strdup (data_dir) : cn_store_default_data_dir ();
  int version = 0, app_id = 0, has_tables = 0;
  int rc;

  g_return_val_if_fail (max_version >= 0 && max_version <= CN_STORE_SCHEMA_VERSION, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CN_ERROR, CN_ERROR_READ_ONLY,
                   _("The data folder %s cannot be created: %s."), dir, g_strerror (saved));
      return NULL;
    }

  self->path = g_build_filename (dir, CN_STORE_FILE_NAME, NULL);

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      if (!create_private_file (self->path, error))
        return NULL;
    }
  else if (g_chmod (self->path, 0600) != 0)
    g_debug ("Could not restrict the permissions of %s: %s", self->path, g_strerror (errno));

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_create_function (self->db, "cn_naf_label", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, sql_naf_label, NULL, NULL);
  sqlite3_create_function (self->db, "cn_uuid", 0, SQLITE_UTF8,
                           NULL, sql_uuid, NULL, NULL);
  sqlite3_create_function (self->db, "cn_local_uuid", 0, SQLITE_UTF8,
                           NULL, sql_local_uuid, NULL, NULL);

  /* Read before writing anything: a file that is not ours, or from a newer
   * Connecteur, must be left exactly as it is. */
  if (!read_pragma_int (self, "PRAGMA user_version", &version, error) ||
      !read_pragma_int (self, "PRAGMA application_id", &app_id, error) ||
      !read_pragma_int (self, "SELECT count(*) FROM sqlite_schema", &has_tables, error))
    return NULL;

  if ((app_id != 0 && app_id != CN_APPLICATION_ID) ||
      (app_id == 0 && has_tables > 0))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_NOT_A_DATABASE,
                   _("%s is a database of another program, not a Connecteur portfolio. It was left untouched."),
                   self->path);
      return NULL;
    }

  if (version > CN_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_STORE_TOO_NEW,
                   _("%s was written by a newer version of Connecteur (database version %d, this version reads up to %d). Update Connecteur to open it; the file was left untouched."),
                   self->path, version, CN_STORE_SCHEMA_VERSION);
      return NULL;
    }

  /* WAL lets the app read while the CLI writes; FULL sync because this data
   * cannot be typed again, and human edit rates make the cost invisible. */
  if (!exec_sql (self, "PRAGMA journal_mode = WAL", error) ||
      !exec_sql (self, "PRAGMA foreign_keys = ON", error) ||
      !exec_sql (self, "PRAGMA synchronous = FULL", error) ||
      !exec_sql (self, "PRAGMA temp_store = MEMORY", error))
    return NULL;

  if (version < max_version && !migrate (self, version, max_version, error))
    return NULL;
  self->version = MAX (version, max_version);

  return g_steal_pointer (&self);
}

CnStore *
cn_store_open (const char  *data_dir,
               GError     **error)
{
  return cn_store_open_at_version (data_dir, CN_STORE_SCHEMA_VERSION, error);
}

const char *
cn_store_get_path (CnStore *self)
{
  return self->path;
}

sqlite3 *
cn_store_get_db (CnStore *self)
{
  return self->db;
}

int
cn_store_get_opened_version (CnStore *self)
{
  return self->version;
}

int
cn_store_get_schema_version (CnStore *self)
{
  int version = -1;

  read_pragma_int (self, "PRAGMA user_version", &version, NULL);
  return version;
}

/* ---- outbox and timeline --------------------------------------------- */

/* An upsert sends the record as it is when its batch is built, on the
 * revision the record carries then; a delete has no record left to read,
 * so the entry keeps the revision it deletes (@base_revision, -1: none). */
static gboolean
queue_change_at (CnStore     *self,
                 const char  *type,
                 const char  *id,
                 const char  *op,
                 gint64       base_revision,
                 const char  *now,
                 GError     **error)
{
  sqlite3_stmt *stmt;

  /* base_revision came with schema 8 (tests open older versions). */
  if (self->version < 8)
    stmt = prepare (self,
                    "INSERT INTO outbox (entity_type, entity_id, op, queued_at)"
                    " VALUES (:type, :id, :op, :now)"
                    " ON CONFLICT (entity_type, entity_id) WHERE batch_id IS NULL"
                    " DO UPDATE SET op = excluded.op, queued_at = excluded.queued_at",
                    error);
  else
    stmt = prepare (self,
                    "INSERT INTO outbox (entity_type, entity_id, op, queued_at, base_revision)"
                    " VALUES (:type, :id, :op, :now, :base)"
                    " ON CONFLICT (entity_type, entity_id) WHERE batch_id IS NULL"
                    " DO UPDATE SET op = excluded.op, queued_at = excluded.queued_at,"
                    "  base_revision = excluded.base_revision",
                    error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":type", type);
  bind_text (stmt, ":id", id);
  bind_text (stmt, ":op", op);
  bind_text (stmt, ":now", now);
  if (base_revision >= 0 && self->version >= 8)
    bind_int64 (stmt, ":base", base_revision);
  return step_done (self, stmt, error);
}

static gboolean
queue_change (CnStore     *self,
              const char  *type,
              const char  *id,
              const char  *op,
              GError     **error)
{
  g_autofree char *now = cn_now_iso8601 ();

  return queue_change_at (self, type, id, op, -1, now, error);
}

/* A record the platform never saw (@revision -1), and that no batch in
 * flight carries, can simply be forgotten by the outbox when deleted. */
static gboolean
queue_delete (CnStore     *self,
              const char  *type,
              const char  *id,
              gint64       revision,
              GError     **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gboolean in_flight;

  stmt = prepare (self,
                  "SELECT EXISTS (SELECT 1 FROM outbox WHERE entity_type = :type"
                  " AND entity_id = :id AND batch_id IS NOT NULL)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":type", type);
  bind_text (stmt, ":id", id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, self->db, sqlite3_errcode (self->db), error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  in_flight = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (revision >= 0 || in_flight)
    {
      now = cn_now_iso8601 ();
      return queue_change_at (self, type, id, "delete", revision, now, error);
    }

  stmt = prepare (self,
                  "DELETE FROM outbox WHERE entity_type = :type AND entity_id = :id"
                  " AND batch_id IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":type", type);
  bind_text (stmt, ":id", id);
  return step_done (self, stmt, error);
}

static gboolean
insert_event (CnStore     *self,
              const char  *id,
              const char  *company_id,
              const char  *at,
              const char  *kind,
              const char  *detail,
              GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO events (id, company_id, at, kind, detail)"
                  " VALUES (:id, :company, :at, :kind, :detail)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", id);
  bind_text (stmt, ":company", company_id);
  bind_text (stmt, ":at", at);
  bind_text (stmt, ":kind", kind);
  bind_text (stmt, ":detail", detail);
  return step_done (self, stmt, error);
}

static gboolean
touch_company (CnStore     *self,
               const char  *company_id,
               const char  *now,
               GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self, "UPDATE companies SET last_activity_at = :now WHERE id = :id", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":now", now);
  bind_text (stmt, ":id", company_id);
  self->companies_changed = TRUE;
  return step_done (self, stmt, error);
}

gboolean
cn_store_add_event (CnStore     *self,
                    const char  *company_id,
                    const char  *kind,
                    const char  *detail,
                    GError     **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *id = g_uuid_string_random ();

  if (detail && (!g_utf8_validate (detail, -1, NULL) || strlen (detail) > CN_COMPANY_NOTES_MAX_BYTES))
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The note is not valid text or is too long."));
      return FALSE;
    }

  if (!cn_store_begin (self, error))
    return FALSE;
  if (!insert_event (self, id, company_id, now, kind, detail, error) ||
      !touch_company (self, company_id, now, error) ||
      !cn_store_commit (self, error))
    {
      if (self->tx_depth > 0)
        cn_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* ---- companies ------------------------------------------------------- */

static gboolean insert_contact_row (CnStore     *self,
                                    CnContact   *contact,
                                    const char  *now,
                                    GError     **error);

#define COMPANY_COLUMNS \
  "id, name, siren, siret, naf, headcount, revenue, customer_type, web_presence," \
  " address, postcode, commune, status, notes, consent_share," \
  " created_at, updated_at, last_activity_at, revision, num"

/* founded_on came with schema 9 and employees with 10: a store opened at an
 * older version (tests open old versions) reads and writes its companies
 * without them. */
#define SELECT_COMPANY(self, rest) \
  ((self)->version >= 10 ? "SELECT " COMPANY_COLUMNS ", founded_on, employees " rest : \
   (self)->version >= 9 ? "SELECT " COMPANY_COLUMNS ", founded_on " rest : "SELECT " COMPANY_COLUMNS " " rest)

static CnCompany *
company_from_row (CnStore      *self,
                  sqlite3_stmt *stmt,
                  GError      **error)
{
  CnCompany *company = cn_company_new ();
  CnCompanyStatus status = CN_COMPANY_STATUS_LEAD;
  g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
  g_auto(GStrv) tag_list = NULL;
  sqlite3_stmt *tag_stmt;
  const char *id = (const char *) sqlite3_column_text (stmt, 0);

  cn_company_set_id (company, id);
  cn_company_set_name (company, (const char *) sqlite3_column_text (stmt, 1));
  cn_company_set_siren (company, (const char *) sqlite3_column_text (stmt, 2));
  cn_company_set_siret (company, (const char *) sqlite3_column_text (stmt, 3));
  cn_company_set_naf (company, (const char *) sqlite3_column_text (stmt, 4));
  cn_company_set_headcount (company, (const char *) sqlite3_column_text (stmt, 5));
  cn_company_set_revenue (company, (const char *) sqlite3_column_text (stmt, 6));
  cn_company_set_customer_type (company, (const char *) sqlite3_column_text (stmt, 7));
  cn_company_set_web_presence (company, (const char *) sqlite3_column_text (stmt, 8));
  cn_company_set_address (company, (const char *) sqlite3_column_text (stmt, 9));
  cn_company_set_postcode (company, (const char *) sqlite3_column_text (stmt, 10));
  cn_company_set_commune (company, (const char *) sqlite3_column_text (stmt, 11));
  cn_company_status_from_string ((const char *) sqlite3_column_text (stmt, 12), &status);
  cn_company_set_status (company, status);
  cn_company_set_notes (company, (const char *) sqlite3_column_text (stmt, 13));
  cn_company_set_consent_share (company, sqlite3_column_int (stmt, 14));
  cn_company_set_stored_fields (company,
                                (const char *) sqlite3_column_text (stmt, 15),
                                (const char *) sqlite3_column_text (stmt, 16),
                                (const char *) sqlite3_column_text (stmt, 17),
                                sqlite3_column_type (stmt, 18) == SQLITE_NULL
                                  ? -1 : sqlite3_column_int64 (stmt, 18));
  if (sqlite3_column_count (stmt) > 20)
    cn_company_set_founded_on (company, (const char *) sqlite3_column_text (stmt, 20));
  if (sqlite3_column_count (stmt) > 21 && sqlite3_column_type (stmt, 21) != SQLITE_NULL)
    cn_company_set_employees (company, sqlite3_column_int (stmt, 21));

  /* Department and region are derived, so re-derive rather than trust. */
  cn_company_normalize (company, NULL, NULL);

  tag_stmt = prepare (self, "SELECT tag FROM company_tags WHERE company_id = :id ORDER BY position", error);
  if (tag_stmt == NULL)
    {
      g_object_unref (company);
      return NULL;
    }
  bind_text (tag_stmt, ":id", cn_company_get_id (company));
  while (sqlite3_step (tag_stmt) == SQLITE_ROW)
    g_strv_builder_add (tags, (const char *) sqlite3_column_text (tag_stmt, 0));
  sqlite3_reset (tag_stmt);
  tag_list = g_strv_builder_end (tags);
  cn_company_set_tags (company, (const char * const *) tag_list);

  return company;
}

/* NULL without an error when no row matches: the importer asks once per
 * row, and mostly for companies that are not there yet. */
static CnCompany *
find_company_where (CnStore     *self,
                    const char  *sql,
                    const char  *param,
                    const char  *text_value,
                    gint64       int_value,
                    GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  CnCompany *company;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (text_value)
    bind_text (stmt, param, text_value);
  else
    bind_int64 (stmt, param, int_value);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }

  company = company_from_row (self, stmt, error);
  sqlite3_reset (stmt);
  return company;
}

static CnCompany *
get_company_where (CnStore     *self,
                   const char  *sql,
                   const char  *param,
                   const char  *text_value,
                   gint64       int_value,
                   GError     **error)
{
  GError *local_error = NULL;
  CnCompany *company = find_company_where (self, sql, param, text_value, int_value, &local_error);

  if (company == NULL && local_error == NULL)
    g_set_error (&local_error, CN_ERROR, CN_ERROR_NOT_FOUND,
                 _("No company with the identifier %s."),
                 text_value ? text_value : "?");
  if (local_error)
    g_propagate_error (error, local_error);
  return company;
}

CnCompany *
cn_store_get_company (CnStore     *self,
                      const char  *id,
                      GError     **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return get_company_where (self, SELECT_COMPANY (self, "FROM companies WHERE id = :id"),
                            ":id", id, 0, error);
}

CnCompany *
cn_store_get_company_by_rowid (CnStore     *self,
                               gint64       rowid,
                               GError     **error)
{
  g_return_val_if_fail (CN_IS_STORE (self), NULL);

  return get_company_where (self, SELECT_COMPANY (self, "FROM companies WHERE num = :num"),
                            ":num", NULL, rowid, error);
}

static void
bind_company (sqlite3_stmt *stmt,
              CnCompany    *company)
{
  g_autofree char *sort_key = cn_sort_key (cn_company_get_name (company));
  const char *naf = cn_company_get_naf (company);
  char section[2] = { cn_naf_section (naf), 0 };

  bind_text (stmt, ":id", cn_company_get_id (company));
  bind_text (stmt, ":name", cn_company_get_name (company));
  bind_text (stmt, ":sort_key", sort_key);
  bind_text (stmt, ":siren", cn_company_get_siren (company));
  bind_text (stmt, ":siret", cn_company_get_siret (company));
  bind_text (stmt, ":naf", naf);
  bind_text (stmt, ":naf_section", section[0] ? section : NULL);
  bind_text (stmt, ":headcount", cn_company_get_headcount (company));
  bind_text (stmt, ":revenue", cn_company_get_revenue (company));
  bind_text (stmt, ":customer_type", cn_company_get_customer_type (company));
  bind_text (stmt, ":web_presence", cn_company_get_web_presence (company));
  bind_text (stmt, ":address", cn_company_get_address (company));
  bind_text (stmt, ":postcode", cn_company_get_postcode (company));
  bind_text (stmt, ":commune", cn_company_get_commune (company));
  bind_text (stmt, ":department", cn_company_get_department (company));
  bind_text (stmt, ":region", cn_company_get_region (company));
  bind_text (stmt, ":status", cn_company_status_to_string (cn_company_get_status (company)));
  bind_text (stmt, ":notes", cn_company_get_notes (company));
  bind_int64 (stmt, ":consent_share", cn_company_get_consent_share (company));
  if (sqlite3_bind_parameter_index (stmt, ":founded_on") > 0)
    bind_text (stmt, ":founded_on", cn_company_get_founded_on (company));
  if (sqlite3_bind_parameter_index (stmt, ":employees") > 0)
    {
      if (cn_company_get_employees (company) >= 0)
        bind_int64 (stmt, ":employees", cn_company_get_employees (company));
      else
        sqlite3_bind_null (stmt, sqlite3_bind_parameter_index (stmt, ":employees"));
    }
}

static gboolean
write_tags (CnStore     *self,
            CnCompany   *company,
            gboolean     is_new,
            GError     **error)
{
  const char * const *tags = cn_company_get_tags (company);
  sqlite3_stmt *stmt;

  if (is_new && tags[0] == NULL)
    return TRUE;
  stmt = prepare (self, "DELETE FROM company_tags WHERE company_id = :id", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", cn_company_get_id (company));
  if (!step_done (self, stmt, error))
    return FALSE;

  for (guint i = 0; tags[i]; i++)
    {
      stmt = prepare (self, "INSERT INTO company_tags (company_id, tag, position)"
                            " VALUES (:id, :tag, :position)", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, ":id", cn_company_get_id (company));
      bind_text (stmt, ":tag", tags[i]);
      bind_int64 (stmt, ":position", i);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

#define INSERT_COMPANY_COLUMNS(verb, more_columns, more_values) \
  verb " INTO companies (id, name, sort_key, siren, siret, naf, naf_section," \
  " headcount, revenue, customer_type, web_presence, address, postcode, commune," \
  " department, region, status, notes, consent_share, created_at, updated_at," \
  " last_activity_at, revision" more_columns ")" \
  " VALUES (:id, :name, :sort_key, :siren, :siret, :naf, :naf_section," \
  " :headcount, :revenue, :customer_type, :web_presence, :address, :postcode, :commune," \
  " :department, :region, :status, :notes, :consent_share, :created_at, :updated_at," \
  " :last_activity_at, :revision" more_values ")"
/* founded_on from schema 9 and employees from 10, as SELECT_COMPANY (). */
#define INSERT_COMPANY(verb) \
  (self->version >= 10 ? INSERT_COMPANY_COLUMNS (verb, ", founded_on, employees", ", :founded_on, :employees") : \
   self->version >= 9 ? INSERT_COMPANY_COLUMNS (verb, ", founded_on", ", :founded_on") \
                      : INSERT_COMPANY_COLUMNS (verb, "", ""))

/* @rollback_on_conflict: only for a caller that rolls the whole
 * transaction back on any error, outside any savepoint (the importer).
 * An INSERT that fires a trigger and may abort half-way gets a statement
 * journal, a copy of every page it changes; with OR ROLLBACK a constraint
 * failure ends the transaction instead and no copy is needed.  That copy
 * was about a tenth of a large import. */
static gboolean
insert_company_row (CnStore     *self,
                    CnCompany   *company,
                    const char  *created_at,
                    const char  *updated_at,
                    const char  *last_activity_at,
                    gint64       revision,
                    gboolean     rollback_on_conflict,
                    GError     **error)
{
  sqlite3_stmt *stmt;

  g_assert (!rollback_on_conflict || self->tx_depth == 1);
  stmt = prepare (self,
                  rollback_on_conflict ? INSERT_COMPANY ("INSERT OR ROLLBACK") : INSERT_COMPANY ("INSERT"),
                  error);
  if (stmt == NULL)
    return FALSE;

  bind_company (stmt, company);
  bind_text (stmt, ":created_at", created_at);
  bind_text (stmt, ":updated_at", updated_at);
  bind_text (stmt, ":last_activity_at", last_activity_at);
  if (revision >= 0)
    bind_int64 (stmt, ":revision", revision);
  else
    sqlite3_bind_null (stmt, sqlite3_bind_parameter_index (stmt, ":revision"));

  if (!step_done (self, stmt, error))
    return FALSE;
  self->companies_changed = TRUE;
  return write_tags (self, company, TRUE, error);
}

gboolean
cn_store_add_company (CnStore         *self,
                      CnCompany       *company,
                      CnCompanyField  *field,
                      GError         **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *event_id = g_uuid_string_random ();

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (CN_IS_COMPANY (company), FALSE);

  if (!cn_company_normalize (company, field, error))
    return FALSE;

  if (cn_company_get_id (company) == NULL)
    {
      g_autofree char *id = g_uuid_string_random ();
      cn_company_set_id (company, id);
    }

  if (!cn_store_begin (self, error))
    return FALSE;

  if (!insert_company_row (self, company, now, now, now, -1, FALSE, error) ||
      !insert_event (self, event_id, cn_company_get_id (company), now, CN_EVENT_CREATED, NULL, error) ||
      !queue_change (self, "company", cn_company_get_id (company), "upsert", error) ||
      !cn_store_commit (self, error))
    {
      if (self->tx_depth > 0)
        cn_store_rollback (self);
      return FALSE;
    }

  cn_company_set_stored_fields (company, now, now, now, -1);
  return TRUE;
}

gboolean
cn_store_import_company (CnStore     *self,
                         CnCompany   *company,
                         CnContact   *contact,
                         const char  *source_name,
                         GError     **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  gint64 num;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->tx_depth > 0, FALSE);

  if (cn_company_get_id (company) == NULL)
    {
      g_autofree char *id = local_uuid ();
      cn_company_set_id (company, id);
    }

  /* Entries pending for another file are written first: one source per
   * flush_imported (). */
  if (self->import_first != 0 && g_strcmp0 (source_name, self->import_source) != 0 &&
      !flush_imported (self, error))
    return FALSE;

  if (!insert_company_row (self, company, now, now, now, -1, self->tx_depth == 1, error))
    return FALSE;

  /* Nothing but the importer inserts companies during its batch, so the
   * rows it added have consecutive nums; anything else ends the range. */
  num = sqlite3_last_insert_rowid (self->db);
  if (self->import_first != 0 && num != self->import_last + 1 &&
      !flush_imported (self, error))
    return FALSE;
  if (self->import_first == 0)
    {
      self->import_first = num;
      self->import_source = g_strdup (source_name);
    }
  self->import_last = num;

  if (contact)
    {
      g_autofree char *contact_id = local_uuid ();

      cn_contact_set_id (contact, contact_id);
      cn_contact_set_company_id (contact, cn_company_get_id (company));
      if (!insert_contact_row (self, contact, now, error))
        return FALSE;
    }

  cn_company_set_stored_fields (company, now, now, now, -1);
  return TRUE;
}

/* Whether anything but the notes differs: notes are autosaved while typing
 * and would flood the timeline otherwise. */
static gboolean
details_differ (CnCompany *a,
                CnCompany *b)
{
  const char * const *ta = cn_company_get_tags (a);
  const char * const *tb = cn_company_get_tags (b);

  return g_strcmp0 (cn_company_get_name (a), cn_company_get_name (b)) != 0 ||
         g_strcmp0 (cn_company_get_siret (a), cn_company_get_siret (b)) != 0 ||
         g_strcmp0 (cn_company_get_siren (a), cn_company_get_siren (b)) != 0 ||
         g_strcmp0 (cn_company_get_naf (a), cn_company_get_naf (b)) != 0 ||
         g_strcmp0 (cn_company_get_headcount (a), cn_company_get_headcount (b)) != 0 ||
         g_strcmp0 (cn_company_get_revenue (a), cn_company_get_revenue (b)) != 0 ||
         g_strcmp0 (cn_company_get_customer_type (a), cn_company_get_customer_type (b)) != 0 ||
         g_strcmp0 (cn_company_get_web_presence (a), cn_company_get_web_presence (b)) != 0 ||
         g_strcmp0 (cn_company_get_address (a), cn_company_get_address (b)) != 0 ||
         g_strcmp0 (cn_company_get_postcode (a), cn_company_get_postcode (b)) != 0 ||
         g_strcmp0 (cn_company_get_commune (a), cn_company_get_commune (b)) != 0 ||
         g_strcmp0 (cn_company_get_founded_on (a), cn_company_get_founded_on (b)) != 0 ||
         cn_company_get_employees (a) != cn_company_get_employees (b) ||
         cn_company_get_consent_share (a) != cn_company_get_consent_share (b) ||
         !g_strv_equal ((const char * const *) ta, (const char * const *) tb);
}

/* founded_on from schema 9 and employees from 10, as SELECT_COMPANY (). */
#define UPDATE_COMPANY(more) \
  "UPDATE companies SET name = :name, sort_key = :sort_key, siren = :siren," \
  " siret = :siret, naf = :naf, naf_section = :naf_section, headcount = :headcount," \
  " revenue = :revenue, customer_type = :customer_type, web_presence = :web_presence," \
  " address = :address, postcode = :postcode, commune = :commune," \
  " department = :department, region = :region, status = :status, notes = :notes," \
  " consent_share = :consent_share," more " updated_at = :now, last_activity_at = :now" \
  " WHERE id = :id"

static gboolean
update_company_row (CnStore     *self,
                    CnCompany   *company,
                    const char  *now,
                    GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  self->version >= 10 ? UPDATE_COMPANY (" founded_on = :founded_on, employees = :employees,") :
                  self->version >= 9 ? UPDATE_COMPANY (" founded_on = :founded_on,") : UPDATE_COMPANY (""),
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_company (stmt, company);
  bind_text (stmt, ":now", now);
  return step_done (self, stmt, error) && write_tags (self, company, FALSE, error);
}

gboolean
cn_store_update_company (CnStore         *self,
                         CnCompany       *company,
                         CnCompanyField  *field,
                         GError         **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autoptr(CnCompany) old = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (CN_IS_COMPANY (company), FALSE);
  g_return_val_if_fail (cn_company_get_id (company) != NULL, FALSE);

  if (!cn_company_normalize (company, field, error))
    return FALSE;

  if (!cn_store_begin (self, error))
    return FALSE;

  old = cn_store_get_company (self, cn_company_get_id (company), error);
  if (old == NULL)
    goto fail;

  if (!update_company_row (self, company, now, error))
    goto fail;

  if (cn_company_get_status (old) != cn_company_get_status (company))
    {
      g_autofree char *event_id = g_uuid_string_random ();
      g_autofree char *detail = g_strdup_printf ("%s>%s",
                                                 cn_company_status_to_string (cn_company_get_status (old)),
                                                 cn_company_status_to_string (cn_company_get_status (company)));
      if (!insert_event (self, event_id, cn_company_get_id (company), now, CN_EVENT_STATUS, detail, error))
        goto fail;
    }
  if (details_differ (old, company))
    {
      g_autofree char *event_id = g_uuid_string_random ();
      if (!insert_event (self, event_id, cn_company_get_id (company), now, CN_EVENT_EDITED, NULL, error))
        goto fail;
    }

  if (!queue_change (self, "company", cn_company_get_id (company), "upsert", error))
    goto fail;

  self->companies_changed = TRUE;
  if (!cn_store_commit (self, error))
    return FALSE;

  cn_company_set_stored_fields (company, cn_company_get_created_at (old), now, now,
                                cn_company_get_revision (old));
  return TRUE;

fail:
  cn_store_rollback (self);
  return FALSE;
}

gboolean
cn_store_save_pulled_company (CnStore     *self,
                              CnCompany   *company,
                              gint64       revision,
                              GError     **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *event_id = g_uuid_string_random ();
  g_autoptr(CnCompany) old = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (cn_company_get_id (company) != NULL, FALSE);

  if (!cn_store_begin (self, error))
    return FALSE;

  old = cn_store_get_company (self, cn_company_get_id (company), &local_error);
  if (old == NULL && !g_error_matches (local_error, CN_ERROR, CN_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }

  if (old == NULL)
    {
      if (!insert_company_row (self, company, now, now, now, revision, FALSE, error) ||
          !insert_event (self, event_id, cn_company_get_id (company), now, CN_EVENT_CREATED, "platform", error))
        goto fail;
    }
  else
    {
      if (details_differ (old, company) &&
          (!update_company_row (self, company, now, error) ||
           !insert_event (self, event_id, cn_company_get_id (company), now, CN_EVENT_EDITED, "platform", error)))
        goto fail;
      stmt = prepare (self, "UPDATE companies SET revision = :revision WHERE id = :id", error);
      if (stmt == NULL)
        goto fail;
      bind_int64 (stmt, ":revision", revision);
      bind_text (stmt, ":id", cn_company_get_id (company));
      if (!step_done (self, stmt, error))
        goto fail;
    }

  self->companies_changed = TRUE;
  return cn_store_commit (self, error);

fail:
  cn_store_rollback (self);
  return FALSE;
}

gboolean
cn_store_delete_company (CnStore          *self,
                         const char       *id,
                         CnCompanyBackup **backup,
                         GError          **error)
{
  g_autoptr(CnCompanyBackup) saved = g_new0 (CnCompanyBackup, 1);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!cn_store_begin (self, error))
    return FALSE;

  saved->company = cn_store_get_company (self, id, error);
  if (saved->company == NULL ||
      (saved->contacts = cn_store_list_contacts (self, id, error)) == NULL ||
      (saved->events = cn_store_list_events (self, id, error)) == NULL ||
      (saved->diagnostics = cn_store_take_diagnostics (self, id, error)) == NULL ||
      (saved->plans = cn_store_take_plans (self, id, error)) == NULL ||
      (saved->appointments = cn_store_take_appointments (self, id, error)) == NULL ||
      (saved->reports = cn_store_take_reports (self, id, error)) == NULL ||
      (self->version >= 10 && (saved->basket = cn_store_take_basket (self, id, error)) == NULL))
    goto fail;

  /* Contacts, tags, events and the search index go with it (cascade and
   * triggers). */
  stmt = prepare (self, "DELETE FROM companies WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, ":id", id);
  if (!step_done (self, stmt, error))
    goto fail;

  if (!queue_delete (self, "company", id, cn_company_get_revision (saved->company), error))
    goto fail;

  self->companies_changed = TRUE;
  if (!cn_store_commit (self, error))
    return FALSE;

  if (backup)
    *backup = g_steal_pointer (&saved);
  return TRUE;

fail:
  cn_store_rollback (self);
  return FALSE;
}

static gboolean
insert_contact_row (CnStore     *self,
                    CnContact   *contact,
                    const char  *now,
                    GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = prepare (self,
                  "INSERT INTO contacts (id, company_id, name, role, email, phone, consent,"
                  " consent_date, consent_purpose, created_at, updated_at)"
                  " VALUES (:id, :company, :name, :role, :email, :phone, :consent,"
                  " :consent_date, :consent_purpose, :now, :now)"
                  " ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,"
                  " email = excluded.email, phone = excluded.phone, consent = excluded.consent,"
                  " consent_date = excluded.consent_date, consent_purpose = excluded.consent_purpose,"
                  " updated_at = excluded.updated_at",
                  error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", cn_contact_get_id (contact));
  bind_text (stmt, ":company", cn_contact_get_company_id (contact));
  bind_text (stmt, ":name", cn_contact_get_name (contact));
  bind_text (stmt, ":role", cn_contact_get_role (contact));
  bind_text (stmt, ":email", cn_contact_get_email (contact));
  bind_text (stmt, ":phone", cn_contact_get_phone (contact));
  bind_int64 (stmt, ":consent", cn_contact_get_consent (contact));
  bind_text (stmt, ":consent_date", cn_contact_get_consent_date (contact));
  bind_text (stmt, ":consent_purpose", cn_contact_get_consent_purpose (contact));
  bind_text (stmt, ":now", now);
  return step_done (self, stmt, error);
}

gboolean
cn_store_restore_company (CnStore          *self,
                          CnCompanyBackup  *backup,
                          GError          **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  CnCompany *company = backup->company;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);

  if (!cn_store_begin (self, error))
    return FALSE;

  if (!insert_company_row (self, company,
                           cn_company_get_created_at (company), now,
                           cn_company_get_last_activity_at (company),
                           cn_company_get_revision (company), FALSE, error))
    goto fail;

  for (guint i = 0; i < backup->contacts->len; i++)
    if (!insert_contact_row (self, g_ptr_array_index (backup->contacts, i), now, error))
      goto fail;

  for (guint i = 0; i < backup->events->len; i++)
    {
      CnEvent *event = g_ptr_array_index (backup->events, i);
      if (!insert_event (self, cn_event_get_id (event), cn_event_get_company_id (event),
                         cn_event_get_at (event), cn_event_get_kind (event),
                         cn_event_get_detail (event), error))
        goto fail;
    }

  if (!queue_change (self, "company", cn_company_get_id (company), "upsert", error) ||
      !cn_store_put_back_diagnostics (self, backup->diagnostics, error) ||
      !cn_store_put_back_plans (self, backup->plans, error) ||
      !cn_store_put_back_appointments (self, backup->appointments, error) ||
      !cn_store_put_back_reports (self, backup->reports, error) ||
      !cn_store_put_back_basket (self, cn_company_get_id (company), backup->basket, error))
    goto fail;

  return cn_store_commit (self, error);

fail:
  cn_store_rollback (self);
  return FALSE;
}

/* Turns typed words into an FTS5 query of quoted prefixes, so nothing the
 * user types is read as FTS syntax: "éco d'art" -> "éco"* "d"* "art"*. */
static char *
build_match_query (const char *typed)
{
  GString *query = g_string_new (NULL);
  GString *word = g_string_new (NULL);
  gboolean only_digits = TRUE;
  guint n_words = 0;
  /* An accent may come as a letter and a combining mark ("e" + U+0301,
   * as some keyboards and pasted text give it): composed first, and a
   * mark left over stays in its word instead of cutting it in two. */
  g_autofree char *valid = g_utf8_make_valid (typed, -1);
  g_autofree char *search = g_utf8_normalize (valid, -1, G_NORMALIZE_DEFAULT_COMPOSE);

  for (const char *p = search; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c != ' ' && !g_unichar_isdigit (c))
        only_digits = FALSE;
    }

  for (const char *p = search; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      /* SIRETs are typed with spaces between the groups: keep them whole. */
      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c) || (only_digits && c == ' ')))
        {
          if (c != ' ')
            g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          g_string_append_printf (query, "%s\"%s\"*", n_words ? " " : "", word->str);
          g_string_truncate (word, 0);
          n_words++;
        }
      if (c == 0)
        break;
    }

  g_string_free (word, TRUE);
  if (n_words == 0)
    {
      g_string_free (query, TRUE);
      return NULL;
    }
  return g_string_free (query, FALSE);
}

/* The SQL of a list query: only fixed fragments, every value is bound by
 * bind_filter ().  Without @ordered, the rows come in no set order. */
static char *
filter_sql (const CnCompanyFilter *filter,
            const char            *match,
            gboolean               ordered)
{
  GString *sql;

  /* The search alone needs nothing of the companies table. */
  if (match && !ordered && filter->status < 0 && !filter->department &&
      !filter->naf_section && !filter->headcount)
    return g_strdup ("SELECT rowid FROM company_fts WHERE company_fts MATCH :match");

  sql = g_string_new ("SELECT num FROM companies WHERE 1");
  if (match)
    g_string_append (sql, " AND num IN (SELECT rowid FROM company_fts WHERE company_fts MATCH :match)");
  if (filter->status >= 0)
    g_string_append (sql, " AND status = :status");
  if (filter->department)
    g_string_append (sql, " AND department = :department");
  if (filter->naf_section)
    g_string_append (sql, " AND naf_section = :section");
  if (filter->headcount)
    g_string_append (sql, " AND headcount = :headcount");

  if (!ordered)
    ;
  else if (filter->sort == CN_COMPANY_SORT_LAST_ACTIVITY)
    g_string_append (sql, " ORDER BY last_activity_at DESC, sort_key, postcode, num");
  else
    g_string_append (sql, " ORDER BY sort_key, postcode, num");
  return g_string_free (sql, FALSE);
}

/* The nums of the companies @filter keeps (@match is its search as an FTS5
 * query), in the list's order when @ordered. */
static GArray *
select_companies (CnStore               *self,
                  const CnCompanyFilter *filter,
                  const char            *match,
                  gboolean               ordered,
                  GError               **error)
{
  g_autofree char *sql = filter_sql (filter, match, ordered);
  char section[2] = { filter->naf_section, 0 };
  sqlite3_stmt *stmt = prepare (self, sql, error);
  GArray *rows;
  int rc;

  if (stmt == NULL)
    return NULL;

  if (match)
    bind_text (stmt, ":match", match);
  if (filter->status >= 0)
    bind_text (stmt, ":status", cn_company_status_to_string (filter->status));
  if (filter->department)
    bind_text (stmt, ":department", filter->department);
  if (filter->naf_section)
    bind_text (stmt, ":section", section);
  if (filter->headcount)
    bind_text (stmt, ":headcount", filter->headcount);

  rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 num = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (rows, num);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      g_array_unref (rows);
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }
  return rows;
}

/* The value of PRAGMA data_version: it changes when another connection
 * commits (changes made by this one are counted by total_changes). */
static gint64
read_data_version (CnStore *self)
{
  sqlite3_stmt *stmt = prepare (self, "PRAGMA data_version", NULL);
  gint64 version = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return version;
}

/* The whole portfolio's order for @sort, if it is known to be current: no
 * change by this connection and no commit by another since it was read.
 * It is read again only when @may_read (a search with enough hits to be
 * worth it); NULL otherwise, or inside a transaction, whose changes may
 * still be rolled back. */
static const CnCompanyOrder *
current_order (CnStore      *self,
               CnCompanySort sort,
               gboolean      may_read)
{
  CnCachedOrder *cached = &self->orders[sort == CN_COMPANY_SORT_LAST_ACTIVITY];
  sqlite3_int64 changes = sqlite3_total_changes64 (self->db);
  gint64 data_version;
  CnCompanyFilter all = CN_COMPANY_FILTER_INIT;
  g_autoptr(GArray) nums = NULL;

  if (!sqlite3_get_autocommit (self->db))
    return NULL;

  data_version = read_data_version (self);
  if (cached->order != NULL && cached->changes == changes &&
      cached->data_version == data_version && data_version >= 0)
    return cached->order;

  g_clear_pointer (&cached->order, cn_company_order_free);
  if (!may_read || data_version < 0)
    return NULL;

  all.sort = sort;
  nums = select_companies (self, &all, NULL, TRUE, NULL);
  if (nums == NULL)
    return NULL;
  cached->order = cn_company_order_new ((const gint64 *) (void *) nums->data, nums->len);
  cached->changes = changes;
  cached->data_version = data_version;
  return cached->order;
}

GArray *
cn_store_find_companies (CnStore                *self,
                         const CnCompanyFilter  *filter,
                         GError                **error)
{
  g_autofree char *match = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  match = filter->search ? build_match_query (filter->search) : NULL;

  /* Without a search, an index gives the order.  With one, SQLite would
   * look up and sort every hit (about 1.4 µs each, 30 ms for a three-letter
   * prefix in 100 000 companies): the hits are put in the order of the
   * whole list instead, which is read once and kept while nothing
   * changes. */
  if (match != NULL)
    {
      GArray *hits = select_companies (self, filter, match, FALSE, error);
      const CnCompanyOrder *order;

      if (hits == NULL)
        return NULL;
      order = current_order (self, filter->sort, hits->len >= ORDER_WORTH_READING_HITS);
      if (order != NULL && cn_company_order_sort (order, hits))
        return hits;
      g_array_unref (hits);
    }

  return select_companies (self, filter, match, TRUE, error);
}

gint64
cn_store_count_companies (CnStore  *self,
                          GError  **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT count(*) FROM companies", error);
  gint64 count;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, self->db, sqlite3_errcode (self->db), error);
      sqlite3_reset (stmt);
      return -1;
    }
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

gboolean
cn_store_count_by_status (CnStore  *self,
                          guint    *counts,
                          GError  **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT status, count(*) FROM companies GROUP BY status", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  memset (counts, 0, sizeof (guint) * CN_COMPANY_N_STATUSES);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CnCompanyStatus status;
      if (cn_company_status_from_string ((const char *) sqlite3_column_text (stmt, 0), &status))
        counts[status] = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, self->db, rc, error);
  return TRUE;
}

GStrv
cn_store_list_departments (CnStore  *self,
                           GError  **error)
{
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT DISTINCT department FROM companies"
                                " WHERE department IS NOT NULL ORDER BY department", error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}

CnCompany *
cn_store_find_duplicate (CnStore     *self,
                         CnCompany   *candidate,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CnCompany *found;

  if (cn_company_get_siret (candidate))
    {
      found = find_company_where (self,
                                  SELECT_COMPANY (self, "FROM companies WHERE siret = :siret LIMIT 1"),
                                  ":siret", cn_company_get_siret (candidate), 0, &local_error);
      if (found || local_error)
        {
          if (local_error)
            g_propagate_error (error, g_steal_pointer (&local_error));
          return found;
        }
    }

  {
    g_autofree char *sort_key = cn_sort_key (cn_company_get_name (candidate));
    sqlite3_stmt *stmt = prepare (self,
                                  SELECT_COMPANY (self, "FROM companies WHERE sort_key = :key"
                                                  " AND postcode IS :postcode"
                                                  " AND (:siret IS NULL OR siret IS NULL OR siret = :siret) LIMIT 1"),
                                  error);
    int rc;

    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":key", sort_key);
    bind_text (stmt, ":postcode", cn_company_get_postcode (candidate));
    bind_text (stmt, ":siret", cn_company_get_siret (candidate));
    rc = sqlite3_step (stmt);
    if (rc == SQLITE_ROW)
      {
        found = company_from_row (self, stmt, error);
        sqlite3_reset (stmt);
        return found;
      }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      set_sqlite_error (self, self->db, rc, error);
    return NULL;
  }
}

/* ---- contacts -------------------------------------------------------- */

GPtrArray *
cn_store_list_contacts (CnStore     *self,
                        const char  *company_id,
                        GError     **error)
{
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT id, company_id, name, role, email, phone, consent,"
                                " consent_date, consent_purpose FROM contacts"
                                " WHERE company_id = :company ORDER BY created_at, rowid", error);
  GPtrArray *contacts;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":company", company_id);

  contacts = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CnContact *contact = cn_contact_new ();

      cn_contact_set_id (contact, (const char *) sqlite3_column_text (stmt, 0));
      cn_contact_set_company_id (contact, (const char *) sqlite3_column_text (stmt, 1));
      cn_contact_set_name (contact, (const char *) sqlite3_column_text (stmt, 2));
      cn_contact_set_role (contact, (const char *) sqlite3_column_text (stmt, 3));
      cn_contact_set_email (contact, (const char *) sqlite3_column_text (stmt, 4));
      cn_contact_set_phone (contact, (const char *) sqlite3_column_text (stmt, 5));
      cn_contact_set_consent (contact, sqlite3_column_int (stmt, 6),
                              (const char *) sqlite3_column_text (stmt, 7),
                              (const char *) sqlite3_column_text (stmt, 8));
      g_ptr_array_add (contacts, contact);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (contacts);
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }
  return contacts;
}

gboolean
cn_store_save_contact (CnStore     *self,
                       CnContact   *contact,
                       GError     **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  gboolean is_new = cn_contact_get_id (contact) == NULL;
  g_autoptr(CnCompany) company = NULL;

  g_return_val_if_fail (CN_IS_STORE (self), FALSE);
  g_return_val_if_fail (cn_contact_get_company_id (contact) != NULL, FALSE);

  if (!cn_contact_normalize (contact, error))
    return FALSE;

  if (is_new)
    {
      g_autofree char *id = g_uuid_string_random ();
      cn_contact_set_id (contact, id);
    }

  if (!cn_store_begin (self, error))
    return FALSE;

  company = cn_store_get_company (self, cn_contact_get_company_id (contact), error);
  if (company == NULL || !insert_contact_row (self, contact, now, error))
    goto fail;

  if (is_new)
    {
      g_autofree char *event_id = g_uuid_string_random ();
      if (!insert_event (self, event_id, cn_contact_get_company_id (contact), now,
                         CN_EVENT_CONTACT_ADDED, cn_contact_get_name (contact), error))
        goto fail;
    }
  if (!touch_company (self, cn_contact_get_company_id (contact), now, error))
    goto fail;

  return cn_store_commit (self, error);

fail:
  if (is_new)
    cn_contact_set_id (contact, NULL);
  cn_store_rollback (self);
  return FALSE;
}

gboolean
cn_store_delete_contact (CnStore     *self,
                         const char  *contact_id,
                         GError     **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *event_id = g_uuid_string_random ();
  g_autofree char *company_id = NULL;
  g_autofree char *name = NULL;
  sqlite3_stmt *stmt;

  if (!cn_store_begin (self, error))
    return FALSE;

  stmt = prepare (self, "SELECT company_id, name FROM contacts WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, ":id", contact_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("No contact with the identifier %s."), contact_id);
      goto fail;
    }
  company_id = column_strdup (stmt, 0);
  name = column_strdup (stmt, 1);
  sqlite3_reset (stmt);

  stmt = prepare (self, "DELETE FROM contacts WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, ":id", contact_id);
  if (!step_done (self, stmt, error) ||
      !insert_event (self, event_id, company_id, now, CN_EVENT_CONTACT_REMOVED, name, error) ||
      !touch_company (self, company_id, now, error))
    goto fail;

  return cn_store_commit (self, error);

fail:
  cn_store_rollback (self);
  return FALSE;
}

/* ---- timeline -------------------------------------------------------- */

GPtrArray *
cn_store_list_events (CnStore     *self,
                      const char  *company_id,
                      GError     **error)
{
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT id, company_id, at, kind, detail FROM events"
                                " WHERE company_id = :company ORDER BY at DESC, rowid DESC", error);
  GPtrArray *events;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":company", company_id);

  events = g_ptr_array_new_with_free_func (g_object_unref);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (events, cn_event_new ((const char *) sqlite3_column_text (stmt, 0),
                                           (const char *) sqlite3_column_text (stmt, 1),
                                           (const char *) sqlite3_column_text (stmt, 2),
                                           (const char *) sqlite3_column_text (stmt, 3),
                                           (const char *) sqlite3_column_text (stmt, 4)));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (events);
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }
  return events;
}

/* ---- outbox ---------------------------------------------------------- */

GPtrArray *
cn_store_list_outbox (CnStore  *self,
                      GError  **error)
{
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT seq, entity_type, entity_id, op, batch_id FROM outbox ORDER BY seq",
                                error);
  GPtrArray *entries;
  int rc;

  if (stmt == NULL)
    return NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_outbox_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CnOutboxEntry *entry = g_new0 (CnOutboxEntry, 1);

      entry->seq = sqlite3_column_int64 (stmt, 0);
      entry->entity_type = column_strdup (stmt, 1);
      entry->entity_id = column_strdup (stmt, 2);
      entry->op = column_strdup (stmt, 3);
      entry->batch_id = column_strdup (stmt, 4);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (entries);
      set_sqlite_error (self, self->db, rc, error);
      return NULL;
    }
  return entries;
}

gint64
cn_store_count_outbox (CnStore  *self,
                       GError  **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT count(*) FROM outbox", error);
  gint64 count;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_sqlite_error (self, self->db, sqlite3_errcode (self->db), error);
      sqlite3_reset (stmt);
      return -1;
    }
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/* ---- for the other parts of the store (cn-store-private.h) ----------- */

sqlite3_stmt *
cn_store_prepare (CnStore     *self,
                  const char  *sql,
                  GError     **error)
{
  return prepare (self, sql, error);
}

void
cn_store_bind_text (sqlite3_stmt *stmt,
                    const char   *name,
                    const char   *value)
{
  bind_text (stmt, name, value);
}

void
cn_store_bind_int64 (sqlite3_stmt *stmt,
                     const char   *name,
                     gint64        value)
{
  bind_int64 (stmt, name, value);
}

gboolean
cn_store_step_done (CnStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  return step_done (self, stmt, error);
}

gboolean
cn_store_set_error (CnStore  *self,
                    int       rc,
                    GError  **error)
{
  return set_sqlite_error (self, self->db, rc, error);
}

gboolean
cn_store_queue_change (CnStore     *self,
                       const char  *type,
                       const char  *id,
                       const char  *op,
                       GError     **error)
{
  return queue_change (self, type, id, op, error);
}

gboolean
cn_store_queue_delete (CnStore     *self,
                       const char  *type,
                       const char  *id,
                       gint64       revision,
                       GError     **error)
{
  return queue_delete (self, type, id, revision, error);
}
