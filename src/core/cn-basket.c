/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-basket"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-basket.h"
#include "cn-error.h"
#include "cn-store-private.h"
#include "cn-util.h"

static const char *const basket_kinds[] = { "provider", "resource" };
static const char *const link_kinds[] = { "capital", "family" };

void
cn_basket_item_free (CnBasketItem *item)
{
  if (item == NULL)
    return;
  g_free (item->item_id);
  g_free (item->note);
  g_free (item->added_at);
  g_free (item);
}

void
cn_provider_link_free (CnProviderLink *link)
{
  if (link == NULL)
    return;
  g_free (link->provider_id);
  g_free (link->note);
  g_free (link->declared_at);
  g_free (link);
}

void
cn_provider_review_free (CnProviderReview *review)
{
  if (review == NULL)
    return;
  g_free (review->provider_id);
  g_free (review->comment);
  g_free (review->updated_at);
  g_free (review);
}

const char *
cn_basket_kind_to_string (CnBasketKind kind)
{
  g_return_val_if_fail (kind <= CN_BASKET_RESOURCE, NULL);
  return basket_kinds[kind];
}

gboolean
cn_basket_kind_from_string (const char   *text,
                            CnBasketKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (basket_kinds); i++)
    if (g_strcmp0 (text, basket_kinds[i]) == 0)
      {
        *kind = (CnBasketKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cn_provider_link_kind_to_string (CnProviderLinkKind kind)
{
  g_return_val_if_fail (kind <= CN_PROVIDER_LINK_FAMILY, NULL);
  return link_kinds[kind];
}

gboolean
cn_provider_link_kind_from_string (const char         *text,
                                   CnProviderLinkKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (link_kinds); i++)
    if (g_strcmp0 (text, link_kinds[i]) == 0)
      {
        *kind = (CnProviderLinkKind) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cn_provider_link_kind_label (CnProviderLinkKind kind)
{
  switch (kind)
    {
    case CN_PROVIDER_LINK_CAPITAL:
      return _("Capital links");
    case CN_PROVIDER_LINK_FAMILY:
      return _("Family links");
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Runs @stmt to the end, giving each row to @read; a GPtrArray freed with
 * @free_func, or NULL on error. */
static GPtrArray *
collect_rows (CnStore         *store,
              sqlite3_stmt    *stmt,
              gpointer       (*read) (sqlite3_stmt *stmt),
              GDestroyNotify   free_func,
              GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* The row of @provider_id read by @sql (":id"), or NULL (and no error). */
static gpointer
get_provider_row (CnStore         *store,
                  const char      *sql,
                  const char      *provider_id,
                  gpointer       (*read) (sqlite3_stmt *stmt),
                  GDestroyNotify   free_func,
                  GError         **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store, sql, error);
  g_autoptr(GPtrArray) rows = NULL;

  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":id", provider_id);
  rows = collect_rows (store, stmt, read, free_func, error);
  return rows != NULL && rows->len > 0 ? g_ptr_array_steal_index (rows, 0) : NULL;
}

static gboolean
delete_provider_row (CnStore     *store,
                     const char  *sql,
                     const char  *provider_id,
                     GError     **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", provider_id);
  return cn_store_step_done (store, stmt, error);
}

static gboolean
check_note (const char  *note,
            GError     **error)
{
  if (note != NULL && (!g_utf8_validate (note, -1, NULL) || strlen (note) > CN_COMPANY_TEXT_MAX_BYTES))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("The note must be valid text of at most %d bytes."), CN_COMPANY_TEXT_MAX_BYTES);
      return FALSE;
    }
  return TRUE;
}

static const CnProvider *
require_provider (CnCatalogue  *catalogue,
                  const char   *provider_id,
                  GError      **error)
{
  const CnProvider *provider = cn_catalogue_find_provider (catalogue, provider_id);

  if (provider == NULL)
    g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND,
                 _("No provider “%s” in the directory."), provider_id ? provider_id : "");
  return provider;
}

/* ---- declared links ----------------------------------------------------- */

static gpointer
read_link (sqlite3_stmt *stmt)
{
  CnProviderLink *link = g_new0 (CnProviderLink, 1);

  link->provider_id = column_strdup (stmt, 0);
  cn_provider_link_kind_from_string ((const char *) sqlite3_column_text (stmt, 1), &link->kind);
  link->note = column_strdup (stmt, 2);
  link->declared_at = column_strdup (stmt, 3);
  return link;
}

gboolean
cn_store_declare_provider_link (CnStore             *store,
                                CnCatalogue         *catalogue,
                                const char          *provider_id,
                                CnProviderLinkKind   kind,
                                const char          *note,
                                guint               *n_baskets,
                                GError             **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (kind <= CN_PROVIDER_LINK_FAMILY, FALSE);

  if (require_provider (catalogue, provider_id, error) == NULL || !check_note (note, error))
    return FALSE;
  if (!cn_store_begin (store, error))
    return FALSE;
  /* A second declaration changes the kind and the note, not the date. */
  stmt = cn_store_prepare (store,
                           "INSERT INTO provider_links (provider_id, kind, note, declared_at)"
                           " VALUES (:id, :kind, :note, :now)"
                           " ON CONFLICT (provider_id) DO UPDATE SET kind = excluded.kind, note = excluded.note",
                           error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", provider_id);
  cn_store_bind_text (stmt, ":kind", link_kinds[kind]);
  cn_store_bind_text (stmt, ":note", note ? note : "");
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;
  if (n_baskets != NULL)
    {
      int rc;

      stmt = cn_store_prepare (store,
                               "SELECT count(*) FROM basket_items WHERE kind = 'provider' AND item_id = :id",
                               error);
      if (stmt == NULL)
        goto fail;
      cn_store_bind_text (stmt, ":id", provider_id);
      rc = sqlite3_step (stmt);
      *n_baskets = rc == SQLITE_ROW ? (guint) sqlite3_column_int (stmt, 0) : 0;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          cn_store_set_error (store, rc, error);
          goto fail;
        }
    }
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

gboolean
cn_store_withdraw_provider_link (CnStore     *store,
                                 const char  *provider_id,
                                 GError     **error)
{
  return delete_provider_row (store, "DELETE FROM provider_links WHERE provider_id = :id", provider_id, error);
}

GPtrArray *
cn_store_list_provider_links (CnStore  *store,
                              GError  **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store,
                                         "SELECT provider_id, kind, note, declared_at FROM provider_links"
                                         " ORDER BY declared_at, provider_id", error);

  if (stmt == NULL)
    return NULL;
  return collect_rows (store, stmt, read_link, (GDestroyNotify) cn_provider_link_free, error);
}

CnProviderLink *
cn_store_get_provider_link (CnStore     *store,
                            const char  *provider_id,
                            GError     **error)
{
  return get_provider_row (store,
                           "SELECT provider_id, kind, note, declared_at FROM provider_links WHERE provider_id = :id",
                           provider_id, read_link, (GDestroyNotify) cn_provider_link_free, error);
}

/* ---- the connector's own ratings --------------------------------------- */

static gpointer
read_review (sqlite3_stmt *stmt)
{
  CnProviderReview *review = g_new0 (CnProviderReview, 1);

  review->provider_id = column_strdup (stmt, 0);
  review->score = sqlite3_column_int (stmt, 1);
  review->comment = column_strdup (stmt, 2);
  review->updated_at = column_strdup (stmt, 3);
  return review;
}

gboolean
cn_store_rate_provider (CnStore      *store,
                        CnCatalogue  *catalogue,
                        const char   *provider_id,
                        int           score,
                        const char   *comment,
                        GError      **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  sqlite3_stmt *stmt;

  if (require_provider (catalogue, provider_id, error) == NULL || !check_note (comment, error))
    return FALSE;
  if (score < 1 || score > 5)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID, _("A rating goes from 1 to 5 stars."));
      return FALSE;
    }
  stmt = cn_store_prepare (store,
                           "INSERT INTO provider_reviews (provider_id, score, comment, updated_at)"
                           " VALUES (:id, :score, :comment, :now)"
                           " ON CONFLICT (provider_id) DO UPDATE SET score = excluded.score,"
                           " comment = excluded.comment, updated_at = excluded.updated_at",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":id", provider_id);
  cn_store_bind_int64 (stmt, ":score", score);
  cn_store_bind_text (stmt, ":comment", comment ? comment : "");
  cn_store_bind_text (stmt, ":now", now);
  return cn_store_step_done (store, stmt, error);
}

gboolean
cn_store_unrate_provider (CnStore     *store,
                          const char  *provider_id,
                          GError     **error)
{
  return delete_provider_row (store, "DELETE FROM provider_reviews WHERE provider_id = :id", provider_id, error);
}

CnProviderReview *
cn_store_get_provider_review (CnStore     *store,
                              const char  *provider_id,
                              GError     **error)
{
  return get_provider_row (store,
                           "SELECT provider_id, score, comment, updated_at FROM provider_reviews WHERE provider_id = :id",
                           provider_id, read_review, (GDestroyNotify) cn_provider_review_free, error);
}

/* ---- baskets ------------------------------------------------------------ */

static gpointer
read_item (sqlite3_stmt *stmt)
{
  CnBasketItem *item = g_new0 (CnBasketItem, 1);

  cn_basket_kind_from_string ((const char *) sqlite3_column_text (stmt, 0), &item->kind);
  item->item_id = column_strdup (stmt, 1);
  item->note = column_strdup (stmt, 2);
  item->added_at = column_strdup (stmt, 3);
  return item;
}

static gboolean
insert_item (CnStore             *store,
             const char          *company_id,
             const CnBasketItem  *item,
             GError             **error)
{
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           "INSERT INTO basket_items (company_id, kind, item_id, note, added_at)"
                           " VALUES (:company, :kind, :item, :note, :added)"
                           " ON CONFLICT (company_id, kind, item_id) DO UPDATE SET note = excluded.note",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":company", company_id);
  cn_store_bind_text (stmt, ":kind", basket_kinds[item->kind]);
  cn_store_bind_text (stmt, ":item", item->item_id);
  cn_store_bind_text (stmt, ":note", item->note ? item->note : "");
  cn_store_bind_text (stmt, ":added", item->added_at);
  return cn_store_step_done (store, stmt, error);
}

gboolean
cn_store_basket_add (CnStore       *store,
                     CnCatalogue   *catalogue,
                     const char    *company_id,
                     CnBasketKind   kind,
                     const char    *item_id,
                     const char    *note,
                     GError       **error)
{
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *now = cn_now_iso8601 ();
  CnBasketItem item = { kind, (char *) item_id, (char *) note, now };

  g_return_val_if_fail (kind <= CN_BASKET_RESOURCE, FALSE);

  if (!check_note (note, error))
    return FALSE;
  if (kind == CN_BASKET_RESOURCE && cn_catalogue_find_resource (catalogue, item_id) == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("No resource “%s” in the catalogue."), item_id ? item_id : "");
      return FALSE;
    }
  if (!cn_store_begin (store, error))
    return FALSE;
  company = cn_store_get_company (store, company_id, error);
  if (company == NULL)
    goto fail;
  if (kind == CN_BASKET_PROVIDER)
    {
      const CnProvider *provider = require_provider (catalogue, item_id, error);
      g_autoptr(CnProviderLink) link = NULL;

      if (provider == NULL)
        goto fail;
      link = cn_store_get_provider_link (store, item_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto fail;
        }
      if (link != NULL)
        {
          /* Said in full: the connector must understand it is the rule of
           * the programme, not a failure of the app. */
          g_set_error (error, CN_ERROR, CN_ERROR_CONFLICT_OF_INTEREST,
                       link->kind == CN_PROVIDER_LINK_CAPITAL
                       ? _("You declared capital links with %s. The programme forbids recommending a provider you have capital or family links with, so it cannot go into a recommendation basket.")
                       : _("You declared family links with %s. The programme forbids recommending a provider you have capital or family links with, so it cannot go into a recommendation basket."),
                       provider->name);
          goto fail;
        }
    }
  if (!insert_item (store, company_id, &item, error))
    goto fail;
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

gboolean
cn_store_basket_remove (CnStore       *store,
                        const char    *company_id,
                        CnBasketKind   kind,
                        const char    *item_id,
                        GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (kind <= CN_BASKET_RESOURCE, FALSE);

  stmt = cn_store_prepare (store,
                           "DELETE FROM basket_items WHERE company_id = :company AND kind = :kind AND item_id = :item",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":company", company_id);
  cn_store_bind_text (stmt, ":kind", basket_kinds[kind]);
  cn_store_bind_text (stmt, ":item", item_id);
  return cn_store_step_done (store, stmt, error);
}

GPtrArray *
cn_store_list_basket (CnStore     *store,
                      const char  *company_id,
                      GError     **error)
{
  sqlite3_stmt *stmt = cn_store_prepare (store,
                                         "SELECT kind, item_id, note, added_at FROM basket_items"
                                         " WHERE company_id = :company"
                                         " ORDER BY kind = 'resource', added_at, item_id", error);

  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":company", company_id);
  return collect_rows (store, stmt, read_item, (GDestroyNotify) cn_basket_item_free, error);
}

GPtrArray *
cn_store_list_basket_for_plan (CnStore      *store,
                               CnCatalogue  *catalogue,
                               const char   *company_id,
                               GError      **error)
{
  g_autoptr(GPtrArray) items = cn_store_list_basket (store, company_id, error);

  if (items == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      CnBasketItem *item = items->pdata[i];
      gboolean keep;

      if (item->kind == CN_BASKET_RESOURCE)
        keep = cn_catalogue_find_resource (catalogue, item->item_id) != NULL;
      else
        {
          g_autoptr(CnProviderLink) link = NULL;
          g_autoptr(GError) local_error = NULL;

          link = cn_store_get_provider_link (store, item->item_id, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          /* A link declared after the recommendation: never printed. */
          keep = link == NULL && cn_catalogue_find_provider (catalogue, item->item_id) != NULL;
        }
      if (!keep)
        g_ptr_array_remove_index (items, i--);
    }
  return g_steal_pointer (&items);
}

GPtrArray *
cn_store_take_basket (CnStore     *store,
                      const char  *company_id,
                      GError     **error)
{
  /* The rows go with the company (ON DELETE CASCADE): reading them is
   * enough to put them back. */
  return cn_store_list_basket (store, company_id, error);
}

gboolean
cn_store_put_back_basket (CnStore     *store,
                          const char  *company_id,
                          GPtrArray   *items,
                          GError     **error)
{
  for (guint i = 0; items != NULL && i < items->len; i++)
    if (!insert_item (store, company_id, items->pdata[i], error))
      return FALSE;
  return TRUE;
}
