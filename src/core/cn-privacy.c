/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "connecteur-privacy"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cn-error.h"
#include "cn-event.h"
#include "cn-privacy.h"
#include "cn-store-private.h"
#include "cn-util.h"

/* Every id that belongs to the company: the company itself and the records
 * that name it.  The outbox, the sync issues and the parked pulls refer to
 * records by id only, so this is how their rows are found. */
#define OWNED_IDS \
  "SELECT :id" \
  " UNION ALL SELECT id FROM contacts WHERE company_id = :id" \
  " UNION ALL SELECT id FROM events WHERE company_id = :id" \
  " UNION ALL SELECT id FROM diagnostics WHERE company_id = :id" \
  " UNION ALL SELECT id FROM plans WHERE company_id = :id" \
  " UNION ALL SELECT id FROM appointments WHERE company_id = :id" \
  " UNION ALL SELECT id FROM reports WHERE company_id = :id"

/* Columns that hold JSON as text: exported as JSON, not as a string. */
static const char *json_columns[] = {
  "scores", "actions_done", "next_steps", "choices", "server_data", "data",
};

static gboolean
is_json_column (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (json_columns); i++)
    if (g_str_equal (name, json_columns[i]))
      return TRUE;
  return FALSE;
}

static void
add_column (JsonBuilder  *builder,
            sqlite3_stmt *stmt,
            int           column)
{
  const char *name = sqlite3_column_name (stmt, column);

  json_builder_set_member_name (builder, name);
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      json_builder_add_null_value (builder);
      break;
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      break;
    case SQLITE_FLOAT:
      json_builder_add_double_value (builder, sqlite3_column_double (stmt, column));
      break;
    default:
      {
        const char *text = (const char *) sqlite3_column_text (stmt, column);
        g_autoptr(JsonNode) node = NULL;

        if (is_json_column (name) && (node = json_from_string (text, NULL)) != NULL)
          json_builder_add_value (builder, g_steal_pointer (&node));
        else
          json_builder_add_string_value (builder, text);
      }
      break;
    }
}

typedef gboolean (*ChildRows) (CnStore      *store,
                               JsonBuilder  *builder,
                               const char   *parent_id,
                               GError      **error);

/* The rows @sql returns for :id, each as an object of all its columns, so
 * that a column added later is exported without touching this file.
 * @child adds what hangs under a row (answers, actions, revisions).
 * @single: one row, written as an object instead of an array. */
static gboolean
add_rows (CnStore      *store,
          JsonBuilder  *builder,
          const char   *member,
          const char   *sql,
          const char   *id,
          ChildRows     child,
          const char   *child_member,
          gboolean      single,
          GError      **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);

  json_builder_set_member_name (builder, member);
  if (!single)
    json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);

      json_builder_begin_object (builder);
      for (int i = 0; i < n; i++)
        add_column (builder, stmt, i);
      if (child != NULL)
        {
          g_autofree char *row_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

          json_builder_set_member_name (builder, child_member);
          json_builder_begin_array (builder);
          if (!child (store, builder, row_id, error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      if (single)
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  if (!single)
    json_builder_end_array (builder);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return cn_store_set_error (store, rc, error);
  return TRUE;
}

/* Children go straight into the array add_rows () opened for them. */
static gboolean
add_child_rows (CnStore      *store,
                JsonBuilder  *builder,
                const char   *sql,
                const char   *id,
                GError      **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);

      json_builder_begin_object (builder);
      for (int i = 0; i < n; i++)
        add_column (builder, stmt, i);
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return cn_store_set_error (store, rc, error);
  return TRUE;
}

static gboolean
add_answers (CnStore *store, JsonBuilder *builder, const char *id, GError **error)
{
  return add_child_rows (store, builder,
                         "SELECT * FROM diagnostic_answers WHERE diagnostic_id = :id ORDER BY question",
                         id, error);
}

static gboolean
add_actions (CnStore *store, JsonBuilder *builder, const char *id, GError **error)
{
  return add_child_rows (store, builder,
                         "SELECT * FROM plan_actions WHERE plan_id = :id ORDER BY position",
                         id, error);
}

static gboolean
add_revisions (CnStore *store, JsonBuilder *builder, const char *id, GError **error)
{
  return add_child_rows (store, builder,
                         "SELECT * FROM report_revisions WHERE report_id = :id ORDER BY number",
                         id, error);
}

/* ---- the PDFs issued ------------------------------------------------------ */

typedef struct {
  char *name;
  char *diagnostic_id;
  char *issued_at;
  char *copied_from;   /* NULL when not found */
} IssuedFile;

static void
issued_file_free (IssuedFile *file)
{
  g_free (file->name);
  g_free (file->diagnostic_id);
  g_free (file->issued_at);
  g_free (file->copied_from);
  g_free (file);
}

/* The "plan-issued" events of the company, oldest first. */
static GPtrArray *
list_issued_files (CnStore     *store,
                   const char  *company_id,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) issued_file_free);
  int rc;

  stmt = cn_store_prepare (store,
                           "SELECT at, detail FROM events WHERE company_id = :id AND kind = :kind ORDER BY at",
                           error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":id", company_id);
  cn_store_bind_text (stmt, ":kind", CN_EVENT_PLAN_ISSUED);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *detail = (const char *) sqlite3_column_text (stmt, 1);
      g_auto(GStrv) parts = g_strsplit (detail ? detail : "", "\t", 2);
      IssuedFile *file;

      if (parts[0] == NULL || *parts[0] == '\0')
        continue;
      file = g_new0 (IssuedFile, 1);
      file->issued_at = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      file->name = g_strdup (parts[0]);
      file->diagnostic_id = g_strdup (parts[1]);
      g_ptr_array_add (files, file);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&files);
}

/* A bare file name: the timeline is data that came from elsewhere (a
 * sync, an old version), so a path in it is never followed. */
static gboolean
is_bare_file_name (const char *name)
{
  return *name != '\0' && strchr (name, '/') == NULL && strchr (name, '\\') == NULL &&
         !g_str_equal (name, ".") && !g_str_equal (name, "..") &&
         g_str_has_suffix (name, ".pdf");
}

static GPtrArray *
default_pdf_dirs (CnStore *store)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);

  g_ptr_array_add (dirs, g_path_get_dirname (cn_store_get_path (store)));
  if (documents != NULL)
    g_ptr_array_add (dirs, g_strdup (documents));
  if (downloads != NULL)
    g_ptr_array_add (dirs, g_strdup (downloads));
  g_ptr_array_add (dirs, g_strdup (g_get_home_dir ()));
  g_ptr_array_add (dirs, NULL);
  return dirs;
}

/* Private from the first byte: the folder is already 0700, and the mode
 * is set again in case the file existed. */
static gboolean
write_private (const char  *path,
               const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  if (!g_file_replace_contents (file, data, length, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                NULL, NULL, error))
    return FALSE;
  if (g_chmod (path, 0600) != 0)
    {
      int saved = errno;
      g_set_error (error, CN_ERROR, CN_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
copy_issued_files (GPtrArray           *files,
                   const char * const  *dirs,
                   const char          *folder,
                   guint               *n_copied,
                   GError             **error)
{
  g_autoptr(GHashTable) copied = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < files->len; i++)
    {
      IssuedFile *file = files->pdata[i];

      if (!is_bare_file_name (file->name))
        continue;
      if (g_hash_table_contains (copied, file->name))
        {
          file->copied_from = g_strdup (g_hash_table_lookup (copied, file->name));
          continue;
        }
      for (guint d = 0; dirs[d] != NULL; d++)
        {
          g_autofree char *source = g_build_filename (dirs[d], file->name, NULL);
          g_autofree char *target = NULL;
          g_autofree char *contents = NULL;
          gsize length;

          if (!g_file_test (source, G_FILE_TEST_IS_REGULAR) ||
              !g_file_get_contents (source, &contents, &length, NULL))
            continue;
          target = g_build_filename (folder, file->name, NULL);
          if (!write_private (target, contents, length, error))
            return FALSE;
          file->copied_from = g_steal_pointer (&source);
          g_hash_table_insert (copied, file->name, file->copied_from);
          (*n_copied)++;
          break;
        }
    }
  return TRUE;
}

/* ---- export --------------------------------------------------------------- */

/* "connecteur-boulangerie-martin-2026-05-04": readable, and safe on any
 * file system the connector may copy it to. */
static char *
folder_name (CnCompany *company)
{
  g_autofree char *ascii = g_str_to_ascii (cn_company_get_name (company), "C");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && slug->len < 40; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "entreprise");
  {
    g_autofree char *text = g_string_free (slug, FALSE);
    return g_strdup_printf ("connecteur-%s-%s", text, date);
  }
}

static char *
make_private_folder (const char  *dest_dir,
                     CnCompany   *company,
                     GError     **error)
{
  g_autofree char *base = folder_name (company);

  /* Never write into a folder that was there before: it may be readable
   * by others, or hold an older export. */
  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, i);
      g_autofree char *path = g_build_filename (dest_dir, name, NULL);

      if (g_mkdir (path, 0700) == 0)
        {
          g_chmod (path, 0700);
          return g_steal_pointer (&path);
        }
      if (errno != EEXIST)
        {
          int saved = errno;
          g_set_error (error, CN_ERROR, saved == EACCES || saved == EROFS ? CN_ERROR_READ_ONLY : CN_ERROR_IO,
                       _("The folder %s could not be created: %s"), path, g_strerror (saved));
          return NULL;
        }
    }
  g_set_error (error, CN_ERROR, CN_ERROR_IO, _("Too many exports of this company in %s."), dest_dir);
  return NULL;
}

static gboolean
build_export (CnStore      *store,
              JsonBuilder  *builder,
              const char   *company_id,
              GPtrArray    *files,
              GError      **error)
{
  g_autofree char *now = cn_now_iso8601 ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "connecteur-company-export");
  json_builder_set_member_name (builder, "format_version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, now);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, cn_store_get_schema_version (store));

  /* "revision" and "updated_at" on each record are its sync state; the
   * outbox, issues and parked pulls below are what is still pending. */
  if (!add_rows (store, builder, "company", "SELECT * FROM companies WHERE id = :id",
                 company_id, NULL, NULL, TRUE, error) ||
      !add_rows (store, builder, "tags",
                 "SELECT tag, position FROM company_tags WHERE company_id = :id ORDER BY position",
                 company_id, NULL, NULL, FALSE, error) ||
      !add_rows (store, builder, "contacts",
                 "SELECT * FROM contacts WHERE company_id = :id ORDER BY created_at, id",
                 company_id, NULL, NULL, FALSE, error) ||
      !add_rows (store, builder, "events",
                 "SELECT * FROM events WHERE company_id = :id ORDER BY at, id",
                 company_id, NULL, NULL, FALSE, error) ||
      !add_rows (store, builder, "diagnostics",
                 "SELECT * FROM diagnostics WHERE company_id = :id ORDER BY started_at, id",
                 company_id, add_answers, "answers", FALSE, error) ||
      !add_rows (store, builder, "plans",
                 "SELECT * FROM plans WHERE company_id = :id ORDER BY created_at, id",
                 company_id, add_actions, "actions", FALSE, error) ||
      !add_rows (store, builder, "appointments",
                 "SELECT * FROM appointments WHERE company_id = :id ORDER BY starts_at, id",
                 company_id, NULL, NULL, FALSE, error) ||
      !add_rows (store, builder, "reports",
                 "SELECT * FROM reports WHERE company_id = :id ORDER BY created_at, id",
                 company_id, add_revisions, "revisions", FALSE, error) ||
      (cn_store_get_opened_version (store) >= 10 &&
       !add_rows (store, builder, "recommendations",
                  "SELECT kind, item_id, note, added_at FROM basket_items WHERE company_id = :id"
                  " ORDER BY kind, added_at, item_id",
                  company_id, NULL, NULL, FALSE, error)) ||
      !add_rows (store, builder, "leads",
                 "SELECT * FROM leads WHERE company_id = :id ORDER BY received_at, id",
                 company_id, NULL, NULL, FALSE, error) ||
      !add_rows (store, builder, "sync_outbox",
                 "SELECT entity_type, entity_id, op, queued_at, batch_id, base_revision FROM outbox"
                 " WHERE entity_id IN (" OWNED_IDS ") ORDER BY seq",
                 company_id, NULL, NULL, FALSE, error) ||
      !add_rows (store, builder, "sync_issues",
                 "SELECT * FROM sync_issues WHERE entity_id IN (" OWNED_IDS ") ORDER BY at",
                 company_id, NULL, NULL, FALSE, error))
    return FALSE;

  json_builder_set_member_name (builder, "plan_files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < files->len; i++)
    {
      IssuedFile *file = files->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, file->name);
      json_builder_set_member_name (builder, "diagnostic_id");
      json_builder_add_string_value (builder, file->diagnostic_id);
      json_builder_set_member_name (builder, "issued_at");
      json_builder_add_string_value (builder, file->issued_at);
      json_builder_set_member_name (builder, "included");
      json_builder_add_boolean_value (builder, file->copied_from != NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

char *
cn_store_export_company_data (CnStore             *store,
                              const char          *company_id,
                              const char          *dest_dir,
                              const char * const  *pdf_dirs,
                              guint               *n_pdfs,
                              GError             **error)
{
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) default_dirs = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *text = NULL;
  gsize length;
  guint copied = 0;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (company_id != NULL && dest_dir != NULL, NULL);

  company = cn_store_get_company (store, company_id, error);
  if (company == NULL)
    return NULL;

  /* One read transaction: the JSON is a consistent picture even if the
   * app edits the company meanwhile. */
  if (!cn_store_begin (store, error))
    return NULL;
  files = list_issued_files (store, company_id, error);
  if (files == NULL || (folder = make_private_folder (dest_dir, company, error)) == NULL)
    goto fail;
  if (pdf_dirs == NULL)
    {
      default_dirs = default_pdf_dirs (store);
      pdf_dirs = (const char * const *) default_dirs->pdata;
    }
  if (!copy_issued_files (files, pdf_dirs, folder, &copied, error) ||
      !build_export (store, builder, company_id, files, error))
    goto fail;
  if (!cn_store_commit (store, error))
    return NULL;

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);
  json_path = g_build_filename (folder, CN_PRIVACY_EXPORT_FILE, NULL);
  if (!write_private (json_path, text, length, error))
    return NULL;

  if (n_pdfs != NULL)
    *n_pdfs = copied;
  return g_steal_pointer (&folder);

fail:
  cn_store_rollback (store);
  return NULL;
}

/* ---- erasure -------------------------------------------------------------- */

static gboolean
run_for_company (CnStore     *store,
                 const char  *sql,
                 const char  *company_id,
                 GError     **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", company_id);
  return cn_store_step_done (store, stmt, error);
}

static gboolean
exec_simple (CnStore     *store,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (cn_store_get_db (store), sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return cn_store_set_error (store, rc, error);
  return TRUE;
}

static int
read_secure_delete (CnStore *store)
{
  sqlite3_stmt *stmt = cn_store_prepare (store, "PRAGMA secure_delete", NULL);
  int value = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
erase_rows (CnStore     *store,
            CnCompany   *company,
            GError     **error)
{
  const char *id = cn_company_get_id (company);
  const char *siren = cn_company_get_siren (company);

  /* Pending changes go: nothing of the company must leave the machine
   * after its erasure.  An entry already in a batch stays, since the batch
   * is resent byte for byte until the platform answers; the delete queued
   * below follows it. */
  if (!run_for_company (store,
                        "DELETE FROM outbox WHERE batch_id IS NULL AND entity_id IN (" OWNED_IDS ")",
                        id, error) ||
      !run_for_company (store,
                        "DELETE FROM sync_issues WHERE entity_id IN (" OWNED_IDS ")",
                        id, error) ||
      /* A parked pull may name the company inside its data. */
      !run_for_company (store,
                        "DELETE FROM sync_parked WHERE entity_id IN (" OWNED_IDS ")"
                        " OR instr (data, :id) > 0",
                        id, error) ||
      /* The lead it was adopted from is the same company's data. */
      !run_for_company (store, "DELETE FROM leads WHERE company_id = :id", id, error))
    return FALSE;

  /* The directory's cached entry holds its name and address: public data,
   * but a trace that it was followed here. */
  if (siren != NULL && *siren != '\0')
    {
      sqlite3_stmt *stmt = cn_store_prepare (store, "DELETE FROM registry_cache WHERE siren = :siren", error);

      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":siren", siren);
      if (!cn_store_step_done (store, stmt, error))
        return FALSE;
    }

  /* Contacts, tags, events, diagnostics and their answers, plans and their
   * actions, appointments, reports and their revisions go by cascade; the
   * full-text row at the commit (fts_pending).  Deleted explicitly first
   * anyway, children before parents, so that the erasure does not depend
   * on foreign_keys being on for this connection. */
  if (!run_for_company (store,
                        "DELETE FROM diagnostic_answers WHERE diagnostic_id IN"
                        " (SELECT id FROM diagnostics WHERE company_id = :id)", id, error) ||
      !run_for_company (store,
                        "DELETE FROM plan_actions WHERE plan_id IN"
                        " (SELECT id FROM plans WHERE company_id = :id)", id, error) ||
      !run_for_company (store, "DELETE FROM plans WHERE company_id = :id", id, error) ||
      !run_for_company (store, "DELETE FROM diagnostics WHERE company_id = :id", id, error) ||
      !run_for_company (store,
                        "DELETE FROM report_revisions WHERE report_id IN"
                        " (SELECT id FROM reports WHERE company_id = :id)", id, error) ||
      !run_for_company (store, "DELETE FROM reports WHERE company_id = :id", id, error) ||
      !run_for_company (store, "DELETE FROM appointments WHERE company_id = :id", id, error) ||
      !run_for_company (store, "DELETE FROM events WHERE company_id = :id", id, error) ||
      !run_for_company (store, "DELETE FROM contacts WHERE company_id = :id", id, error) ||
      !run_for_company (store, "DELETE FROM company_tags WHERE company_id = :id", id, error) ||
      !run_for_company (store, "DELETE FROM companies WHERE id = :id", id, error))
    return FALSE;

  /* Shared with the platform (it has a revision), or on its way there in
   * a batch: the erasure syncs as a delete.  Otherwise nothing is queued. */
  return cn_store_queue_delete (store, "company", id, cn_company_get_revision (company), error);
}

gboolean
cn_store_erase_company (CnStore      *store,
                        const char   *company_id,
                        GStrv        *issued_files,
                        GError      **error)
{
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) files = NULL;
  sqlite3 *db;
  int secure_before;
  int wal_frames = 0, checkpointed = 0;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);
  g_return_val_if_fail (company_id != NULL, FALSE);

  db = cn_store_get_db (store);
  /* Deleted content is overwritten with zeros instead of left in free
   * pages and free space of pages, where a file viewer would find it. */
  secure_before = read_secure_delete (store);
  if (!exec_simple (store, "PRAGMA secure_delete = ON", error))
    return FALSE;

  if (!cn_store_begin (store, error))
    goto restore;
  company = cn_store_get_company (store, company_id, error);
  if (company == NULL ||
      (files = list_issued_files (store, company_id, error)) == NULL ||
      !erase_rows (store, company, error))
    {
      cn_store_rollback (store);
      goto restore;
    }
  if (!cn_store_commit (store, error))
    goto restore;
  cn_store_notify_changed (store);

  /* FTS5 deletes by adding a tombstone: the words stay in older segments
   * until they are merged.  'optimize' merges them all, and secure_delete
   * zeroes the pages they leave.  Its cost (a rewrite of the index) is
   * that of a rare, deliberate act. */
  if (!exec_simple (store, "INSERT INTO company_fts (company_fts) VALUES ('optimize')", error) ||
      !exec_simple (store, "INSERT INTO registry_cache_fts (registry_cache_fts) VALUES ('optimize')", error))
    goto restore;

  /* The WAL still holds the pages as they were before the erasure until a
   * checkpoint copies the new ones into the database; TRUNCATE then empties
   * it.  Another connection reading at this moment (the app while the CLI
   * erases) keeps part of it: its next checkpoint finishes the job. */
  rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &wal_frames, &checkpointed);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
    g_debug ("Checkpoint after erasure: %s", sqlite3_errstr (rc));

  if (issued_files != NULL)
    {
      GStrvBuilder *names = g_strv_builder_new ();

      for (guint i = 0; i < files->len; i++)
        {
          IssuedFile *file = files->pdata[i];
          if (is_bare_file_name (file->name))
            g_strv_builder_add (names, file->name);
        }
      *issued_files = g_strv_builder_end (names);
      g_strv_builder_unref (names);
    }

  if (!secure_before)
    exec_simple (store, "PRAGMA secure_delete = OFF", NULL);
  return TRUE;

restore:
  if (!secure_before)
    exec_simple (store, "PRAGMA secure_delete = OFF", NULL);
  return FALSE;
}

/* ---- traces --------------------------------------------------------------- */

/* Identifiers come from the schema, never from the user; quoted anyway. */
static char *
quote_identifier (const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "\"", -1);
  g_autofree char *doubled = g_strjoinv ("\"\"", parts);

  return g_strdup_printf ("\"%s\"", doubled);
}

GStrv
cn_store_find_traces (CnStore     *store,
                      const char  *needle,
                      GError     **error)
{
  sqlite3 *db = cn_store_get_db (store);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  GStrvBuilder *found = g_strv_builder_new ();
  sqlite3_stmt *stmt = NULL;
  GStrv result;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);
  g_return_val_if_fail (needle != NULL && *needle != '\0', NULL);

  /* Real tables only: a virtual table is read through its shadow tables
   * (company_fts_content, …_data), which are listed as tables. */
  rc = sqlite3_prepare_v2 (db,
                           "SELECT name FROM sqlite_schema WHERE type = 'table'"
                           " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc != SQLITE_DONE)
    goto fail;

  for (guint t = 0; t < tables->len; t++)
    {
      g_autofree char *table = quote_identifier (tables->pdata[t]);
      g_autofree char *columns_sql = g_strdup_printf ("SELECT * FROM %s LIMIT 0", table);
      g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);

      rc = sqlite3_prepare_v2 (db, columns_sql, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        goto fail;
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_ptr_array_add (columns, g_strdup (sqlite3_column_name (stmt, c)));
      sqlite3_finalize (stmt);
      stmt = NULL;

      for (guint c = 0; c < columns->len; c++)
        {
          g_autofree char *column = quote_identifier (columns->pdata[c]);
          /* Bytes, so that blobs are searched too. */
          g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s WHERE"
                                                  " instr (lower (CAST (%s AS BLOB)), lower (CAST (?1 AS BLOB))) > 0)",
                                                  table, column);

          rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
          if (rc != SQLITE_OK)
            goto fail;
          sqlite3_bind_text (stmt, 1, needle, -1, SQLITE_TRANSIENT);
          rc = sqlite3_step (stmt);
          if (rc != SQLITE_ROW)
            goto fail;
          if (sqlite3_column_int (stmt, 0))
            {
              g_autofree char *where = g_strdup_printf ("%s.%s", (char *) tables->pdata[t],
                                                        (char *) columns->pdata[c]);
              g_strv_builder_add (found, where);
            }
          sqlite3_finalize (stmt);
          stmt = NULL;
        }
    }

  result = g_strv_builder_end (found);
  g_strv_builder_unref (found);
  return result;

fail:
  if (stmt != NULL)
    sqlite3_finalize (stmt);
  g_strv_builder_unref (found);
  cn_store_set_error (store, rc == SQLITE_OK || rc == SQLITE_ROW ? SQLITE_ERROR : rc, error);
  return NULL;
}

/* ---- retention ------------------------------------------------------------ */

GPtrArray *
cn_store_list_retention_expired (CnStore     *store,
                                 guint        years,
                                 GDateTime   *now,
                                 GError     **error)
{
  g_autoptr(GPtrArray) companies = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) cutoff = NULL;
  g_autofree char *cutoff_text = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  if (years == 0)
    return g_steal_pointer (&companies);

  current = now != NULL ? g_date_time_ref (now) : g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (current);
  cutoff = g_date_time_add_years (utc, -(int) MIN (years, 1000));
  /* The stored format (cn_now_iso8601 ()), so that the times compare as text. */
  cutoff_text = g_date_time_format (cutoff, "%Y-%m-%dT%H:%M:%S.%fZ");

  stmt = cn_store_prepare (store,
                           "SELECT id FROM companies WHERE status = 'closed'"
                           " AND last_activity_at < :cutoff ORDER BY last_activity_at, sort_key",
                           error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":cutoff", cutoff_text);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      CnCompany *company = cn_store_get_company (store, ids->pdata[i], error);

      if (company == NULL)
        return NULL;
      g_ptr_array_add (companies, company);
    }
  return g_steal_pointer (&companies);
}
