/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-outreach"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "cn-error.h"
#include "cn-event.h"
#include "cn-outreach.h"
#include "cn-store-private.h"
#include "cn-util.h"

/* ---- the model ------------------------------------------------------------ */

static const char *const kinds[] = { "event", "workshop", "call", "visit", "other" };
G_STATIC_ASSERT (G_N_ELEMENTS (kinds) == CN_OUTREACH_N_KINDS);

const char *
cn_outreach_kind_to_string (CnOutreachKind kind)
{
  g_return_val_if_fail ((guint) kind < CN_OUTREACH_N_KINDS, "other");
  return kinds[kind];
}

gboolean
cn_outreach_kind_from_string (const char     *text,
                              CnOutreachKind *kind)
{
  for (guint i = 0; i < CN_OUTREACH_N_KINDS; i++)
    if (g_strcmp0 (text, kinds[i]) == 0)
      {
        *kind = (CnOutreachKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cn_outreach_kind_label (CnOutreachKind kind)
{
  switch (kind)
    {
    case CN_OUTREACH_EVENT: return C_("outreach kind", "Event");
    case CN_OUTREACH_WORKSHOP: return C_("outreach kind", "Workshop");
    case CN_OUTREACH_CALL: return C_("outreach kind", "Phone call");
    case CN_OUTREACH_VISIT: return C_("outreach kind", "Visit");
    case CN_OUTREACH_OTHER:
    default: return C_("outreach kind", "Other");
    }
}

CnOutreach *
cn_outreach_new (void)
{
  CnOutreach *outreach = g_new0 (CnOutreach, 1);

  outreach->kind = CN_OUTREACH_EVENT;
  outreach->notes = g_strdup ("");
  outreach->revision = -1;
  return outreach;
}

CnOutreach *
cn_outreach_copy (const CnOutreach *outreach)
{
  CnOutreach *copy = g_new0 (CnOutreach, 1);

  *copy = *outreach;
  copy->id = g_strdup (outreach->id);
  copy->date = g_strdup (outreach->date);
  copy->title = g_strdup (outreach->title);
  copy->notes = g_strdup (outreach->notes);
  copy->created_at = g_strdup (outreach->created_at);
  copy->updated_at = g_strdup (outreach->updated_at);
  return copy;
}

void
cn_outreach_free (CnOutreach *outreach)
{
  if (outreach == NULL)
    return;
  g_free (outreach->id);
  g_free (outreach->date);
  g_free (outreach->title);
  g_free (outreach->notes);
  g_free (outreach->created_at);
  g_free (outreach->updated_at);
  g_free (outreach);
}

/* "YYYY-MM-DD", a day that exists. */
static gboolean
is_date (const char *text)
{
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  return g_date_valid_dmy (atoi (text + 8), atoi (text + 5), atoi (text));
}

gboolean
cn_outreach_normalize (CnOutreach  *outreach,
                       GError     **error)
{
  if (!is_date (outreach->date))
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The date of the outreach action is not a date (YYYY-MM-DD)."));
      return FALSE;
    }
  if ((guint) outreach->kind >= CN_OUTREACH_N_KINDS)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The kind of outreach action must be event, workshop, call, visit or other."));
      return FALSE;
    }
  if (outreach->title == NULL || !g_utf8_validate (outreach->title, -1, NULL) ||
      strlen (outreach->title) > CN_COMPANY_TEXT_MAX_BYTES)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The title of the outreach action is missing, not valid text or too long."));
      return FALSE;
    }
  g_strstrip (outreach->title);
  if (*outreach->title == '\0')
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, _("The outreach action needs a title."));
      return FALSE;
    }
  if (outreach->smes_reached < 0)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The number of businesses reached cannot be negative."));
      return FALSE;
    }
  if (outreach->leads < 0)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The number of leads cannot be negative."));
      return FALSE;
    }
  if (outreach->notes == NULL)
    outreach->notes = g_strdup ("");
  if (!g_utf8_validate (outreach->notes, -1, NULL) || strlen (outreach->notes) > CN_COMPANY_NOTES_MAX_BYTES)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The notes of the outreach action are not valid text or are too long."));
      return FALSE;
    }
  g_strstrip (outreach->notes);
  return TRUE;
}

/* ---- in the store --------------------------------------------------------- */

#define OUTREACH_COLUMNS \
  "id, date, kind, title, smes_reached, leads, notes, created_at, updated_at, revision"

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static CnOutreach *
outreach_from_row (sqlite3_stmt *stmt)
{
  CnOutreach *outreach = g_new0 (CnOutreach, 1);

  outreach->id = column_strdup (stmt, 0);
  outreach->date = column_strdup (stmt, 1);
  if (!cn_outreach_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &outreach->kind))
    outreach->kind = CN_OUTREACH_OTHER;
  outreach->title = column_strdup (stmt, 3);
  outreach->smes_reached = sqlite3_column_int (stmt, 4);
  outreach->leads = sqlite3_column_int (stmt, 5);
  outreach->notes = column_strdup (stmt, 6);
  outreach->created_at = column_strdup (stmt, 7);
  outreach->updated_at = column_strdup (stmt, 8);
  outreach->revision = sqlite3_column_type (stmt, 9) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 9);
  return outreach;
}

static GPtrArray *
collect (CnStore       *store,
         sqlite3_stmt  *stmt,
         GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_outreach_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, outreach_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

CnOutreach *
cn_store_get_outreach (CnStore     *store,
                       const char  *id,
                       GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store, "SELECT " OUTREACH_COLUMNS " FROM outreach WHERE id = :id", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":id", id);
  if ((list = collect (store, stmt, error)) == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("This outreach action no longer exists."));
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

GPtrArray *
cn_store_list_outreach (CnStore     *store,
                        const char  *from,
                        const char  *to,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           "SELECT " OUTREACH_COLUMNS " FROM outreach"
                           " WHERE (:from IS NULL OR date >= :from) AND (:to IS NULL OR date <= :to)"
                           " ORDER BY date DESC, created_at DESC, id", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":from", from);
  cn_store_bind_text (stmt, ":to", to);
  return collect (store, stmt, error);
}

gboolean
cn_store_save_outreach (CnStore     *store,
                        CnOutreach  *outreach,
                        GError     **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *new_id = NULL;
  g_autofree char *created_at = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);
  g_return_val_if_fail (outreach != NULL, FALSE);

  if (!cn_outreach_normalize (outreach, error))
    return FALSE;

  if (!cn_store_begin (store, error))
    return FALSE;
  if (outreach->id == NULL)
    {
      new_id = g_uuid_string_random ();
      created_at = g_strdup (now);
      stmt = cn_store_prepare (store,
                               "INSERT INTO outreach (id, date, kind, title, smes_reached, leads, notes,"
                               " created_at, updated_at) VALUES (:id, :date, :kind, :title, :reached, :leads,"
                               " :notes, :now, :now)", error);
    }
  else
    stmt = cn_store_prepare (store,
                             "UPDATE outreach SET date = :date, kind = :kind, title = :title,"
                             " smes_reached = :reached, leads = :leads, notes = :notes, updated_at = :now"
                             " WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", new_id ? new_id : outreach->id);
  cn_store_bind_text (stmt, ":date", outreach->date);
  cn_store_bind_text (stmt, ":kind", cn_outreach_kind_to_string (outreach->kind));
  cn_store_bind_text (stmt, ":title", outreach->title);
  cn_store_bind_int64 (stmt, ":reached", outreach->smes_reached);
  cn_store_bind_int64 (stmt, ":leads", outreach->leads);
  cn_store_bind_text (stmt, ":notes", outreach->notes);
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;
  if (new_id == NULL && sqlite3_changes (cn_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("This outreach action no longer exists."));
      goto fail;
    }
  if (!cn_store_queue_change (store, "outreach", new_id ? new_id : outreach->id, "upsert", error))
    goto fail;
  /* A failed commit has rolled back already. */
  if (!cn_store_commit (store, error))
    return FALSE;

  if (new_id != NULL)
    {
      outreach->id = g_steal_pointer (&new_id);
      cn_set_str (&outreach->created_at, created_at);
    }
  cn_set_str (&outreach->updated_at, now);
  return TRUE;

fail:
  cn_store_rollback (store);
  return FALSE;
}

gboolean
cn_store_delete_outreach (CnStore     *store,
                          const char  *id,
                          GError     **error)
{
  g_autoptr(CnOutreach) outreach = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  if (!cn_store_begin (store, error))
    return FALSE;
  if ((outreach = cn_store_get_outreach (store, id, error)) == NULL)
    goto fail;
  stmt = cn_store_prepare (store, "DELETE FROM outreach WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", id);
  if (!cn_store_step_done (store, stmt, error) ||
      !cn_store_queue_delete (store, "outreach", id, outreach->revision, error))
    goto fail;
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

CnCompany *
cn_store_company_from_outreach (CnStore     *store,
                                const char  *outreach_id,
                                const char  *name,
                                const char  *postcode,
                                GError     **error)
{
  g_autoptr(CnOutreach) outreach = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autofree char *note = NULL;
  const char *tags[2] = { NULL, NULL };

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  if (!cn_store_begin (store, error))
    return NULL;
  if ((outreach = cn_store_get_outreach (store, outreach_id, error)) == NULL)
    goto fail;

  company = cn_company_new ();
  cn_company_set_name (company, name);
  if (postcode != NULL && *postcode != '\0')
    cn_company_set_postcode (company, postcode);
  cn_company_set_status (company, CN_COMPANY_STATUS_LEAD);
  tags[0] = outreach->title;
  cn_company_set_tags (company, tags);

  /* Translators: a note in a company's timeline; the title of an outreach action, then its date (YYYY-MM-DD) */
  note = g_strdup_printf (_("Lead met at “%s” (%s)."), outreach->title, outreach->date);
  if (!cn_store_add_company (store, company, NULL, error) ||
      !cn_store_add_event (store, cn_company_get_id (company), CN_EVENT_NOTE, note, error))
    goto fail;
  if (!cn_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&company);

fail:
  cn_store_rollback (store);
  return NULL;
}
