/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-company-list"

#include "config.h"

#include "cn-company-list.h"

struct _CnCompanyList
{
  GObject parent_instance;

  CnStore *store;
  CnCompanyFilter filter;   /* strings owned */
  GArray *rows;             /* gint64 row ids, display order */
  GHashTable *alive;        /* row id -> CnCompany (not owned, weak) */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CnCompanyList, cn_company_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GQuark rowid_quark;

static GType
get_item_type (GListModel *model)
{
  return CN_TYPE_COMPANY;
}

static guint
get_n_items (GListModel *model)
{
  return CN_COMPANY_LIST (model)->rows->len;
}

static void
company_finalized (gpointer  data,
                   GObject  *where_the_object_was)
{
  CnCompanyList *self = data;
  gint64 rowid = GPOINTER_TO_SIZE (g_object_get_qdata (where_the_object_was, rowid_quark));

  /* qdata is already gone at weak-notify time on some GLib versions; fall
   * back to a scan, rare and only over live rows. */
  if (rowid == 0 || g_hash_table_lookup (self->alive, &rowid) != (gpointer) where_the_object_was)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->alive);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (value == (gpointer) where_the_object_was)
          {
            g_hash_table_iter_remove (&iter);
            return;
          }
      return;
    }
  g_hash_table_remove (self->alive, &rowid);
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CnCompanyList *self = CN_COMPANY_LIST (model);
  g_autoptr(GError) error = NULL;
  CnCompany *company;
  gint64 rowid;

  if (position >= self->rows->len)
    return NULL;

  rowid = g_array_index (self->rows, gint64, position);
  company = g_hash_table_lookup (self->alive, &rowid);
  if (company)
    return g_object_ref (company);

  company = cn_store_get_company_by_rowid (self->store, rowid, &error);
  if (company == NULL)
    {
      /* Deleted by another process since the query: an empty item keeps
       * the model consistent until the next refresh. */
      g_debug ("Row %" G_GINT64_FORMAT " vanished: %s", rowid, error->message);
      company = cn_company_new ();
    }

  g_object_set_qdata (G_OBJECT (company), rowid_quark, GSIZE_TO_POINTER ((gsize) rowid));
  g_hash_table_insert (self->alive, g_memdup2 (&rowid, sizeof rowid), company);
  g_object_weak_ref (G_OBJECT (company), company_finalized, self);
  return company;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
clear_filter (CnCompanyFilter *filter)
{
  g_free ((char *) filter->search);
  g_free ((char *) filter->department);
  g_free ((char *) filter->headcount);
  *filter = (CnCompanyFilter) CN_COMPANY_FILTER_INIT;
}

static void
on_store_changed (CnStore       *store,
                  CnCompanyList *self)
{
  g_autoptr(GError) error = NULL;

  if (!cn_company_list_refresh (self, &error))
    g_warning ("Could not refresh the company list: %s", error->message);
}

static void
cn_company_list_dispose (GObject *object)
{
  CnCompanyList *self = CN_COMPANY_LIST (object);
  GHashTableIter iter;
  gpointer value;

  if (self->alive)
    {
      g_hash_table_iter_init (&iter, self->alive);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_object_weak_unref (value, company_finalized, self);
      g_clear_pointer (&self->alive, g_hash_table_unref);
    }
  if (self->store)
    g_signal_handlers_disconnect_by_func (self->store, on_store_changed, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_company_list_parent_class)->dispose (object);
}

static void
cn_company_list_finalize (GObject *object)
{
  CnCompanyList *self = CN_COMPANY_LIST (object);

  clear_filter (&self->filter);
  g_array_unref (self->rows);

  G_OBJECT_CLASS (cn_company_list_parent_class)->finalize (object);
}

static void
cn_company_list_class_init (CnCompanyListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cn_company_list_dispose;
  object_class->finalize = cn_company_list_finalize;
  rowid_quark = g_quark_from_static_string ("cn-company-list-rowid");
}

static void
cn_company_list_init (CnCompanyList *self)
{
  self->filter = (CnCompanyFilter) CN_COMPANY_FILTER_INIT;
  self->rows = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->alive = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

CnCompanyList *
cn_company_list_new (CnStore *store)
{
  CnCompanyList *self = g_object_new (CN_TYPE_COMPANY_LIST, NULL);
  g_autoptr(GError) error = NULL;

  self->store = g_object_ref (store);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), self);
  if (!cn_company_list_refresh (self, &error))
    g_warning ("Could not list the companies: %s", error->message);
  return self;
}

const CnCompanyFilter *
cn_company_list_get_filter (CnCompanyList *self)
{
  return &self->filter;
}

void
cn_company_list_set_filter (CnCompanyList         *self,
                            const CnCompanyFilter *filter)
{
  g_autoptr(GError) error = NULL;

  clear_filter (&self->filter);
  self->filter = *filter;
  self->filter.search = g_strdup (filter->search);
  self->filter.department = g_strdup (filter->department);
  self->filter.headcount = g_strdup (filter->headcount);

  if (!cn_company_list_refresh (self, &error))
    g_warning ("Could not filter the companies: %s", error->message);
}

gboolean
cn_company_list_refresh (CnCompanyList  *self,
                         GError        **error)
{
  g_autoptr(GArray) rows = cn_store_find_companies (self->store, &self->filter, error);
  g_autoptr(GArray) old = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint prefix = 0, suffix = 0;

  if (rows == NULL)
    return FALSE;

  old = self->rows;
  self->rows = g_steal_pointer (&rows);

  /* Rows still shown get the stored values in place, so an edit redraws
   * one row instead of resetting the list (and its scroll position). */
  g_hash_table_iter_init (&iter, self->alive);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(CnCompany) fresh = cn_store_get_company_by_rowid (self->store, *(gint64 *) key, NULL);
      if (fresh)
        cn_company_assign (value, fresh);
    }

  while (prefix < old->len && prefix < self->rows->len &&
         g_array_index (old, gint64, prefix) == g_array_index (self->rows, gint64, prefix))
    prefix++;
  while (suffix < old->len - prefix && suffix < self->rows->len - prefix &&
         g_array_index (old, gint64, old->len - 1 - suffix) ==
         g_array_index (self->rows, gint64, self->rows->len - 1 - suffix))
    suffix++;

  if (prefix != old->len || prefix != self->rows->len)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                old->len - prefix - suffix,
                                self->rows->len - prefix - suffix);
  return TRUE;
}
