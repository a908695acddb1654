/* SPDX-License-Identifier: GPL-3.0-or-later */

/* What a malicious or broken platform can answer.  The first byte picks
 * the endpoint ('r': a push response, applied to a frozen batch; anything
 * else: a pull page), the rest is the JSON body.  The store holds two
 * shared companies with fixed ids, so that an input can name them:
 * 00000000-0000-4000-8000-000000000001 and …0002. */

#include "fuzz-common.h"
#include "cn-company.h"
#include "cn-sync-store.h"

#define COMPANY_ID_1 "00000000-0000-4000-8000-000000000001"
#define COMPANY_ID_2 "00000000-0000-4000-8000-000000000002"

static void
add_company (CnStore    *store,
             const char *id,
             const char *name,
             const char *siret)
{
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(GError) error = NULL;

  cn_company_set_id (company, id);
  cn_company_set_name (company, name);
  cn_company_set_siret (company, siret);
  cn_company_set_naf (company, "47.71Z");
  cn_company_set_headcount (company, "11");
  cn_company_set_postcode (company, "19000");
  cn_company_set_commune (company, "Tulle");
  cn_company_set_consent_share (company, TRUE);
  cn_store_add_company (store, company, NULL, &error);
  g_assert_no_error (error);
}

static CnStore *
sync_store (void)
{
  static gboolean filled;
  CnStore *store = cn_fuzz_store ();

  if (!filled)
    {
      add_company (store, COMPANY_ID_1, "Fleurs de Corrèze", "41816609600069");
      add_company (store, COMPANY_ID_2, "Tabac Presse du Centre", "73282932000074");
      filled = TRUE;
    }
  return store;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  CnStore *store;
  g_autoptr(JsonParser) parser = json_parser_new ();
  CnSyncCounts counts = { 0 };
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  cn_fuzz_init ();
  store = sync_store ();
  if (size == 0 || !json_parser_load_from_data (parser, (const char *) data + 1, size - 1, NULL))
    return 0;
  root = json_parser_get_root (parser);

  g_assert_true (cn_store_begin (store, NULL));
  if (data[0] == 'r')
    {
      g_autoptr(CnSyncBatch) batch = cn_store_freeze_sync_batch (store, CN_SYNC_MAX_CHANGES, &error);

      g_assert_no_error (error);
      g_assert_nonnull (batch);
      if (!cn_store_apply_push_results (store, batch->id, root, &counts, &error))
        g_assert_nonnull (error);
    }
  else
    {
      JsonObject *page;
      JsonNode *changes;
      const char *cursor = NULL;

      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        goto out;
      page = json_node_get_object (root);
      changes = json_object_get_member (page, "changes");
      if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes))
        goto out;
      /* As the engine does: a cursor is a string, or the page is refused. */
      if (json_object_has_member (page, "cursor"))
        {
          JsonNode *node = json_object_get_member (page, "cursor");

          if (json_node_get_value_type (node) != G_TYPE_STRING)
            goto out;
          cursor = json_node_get_string (node);
        }
      if (!cn_store_apply_pull_page (store, json_node_get_array (changes), cursor, &counts, &error))
        g_assert_nonnull (error);
    }
out:
  cn_store_rollback (store);
  return 0;
}
