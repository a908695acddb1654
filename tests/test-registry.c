/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The company directory client against a directory on the loopback
 * interface, in this process, serving answers of the recorded shape
 * (tests/data/registry/). */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cn-error.h"
#include "cn-registry.h"
#include "cn-store.h"
#include "cn-store-private.h"

#include "cn-test-network.h"
#include "cn-test-util.h"

typedef struct {
  char   *text;
  char   *query;    /* the whole query string, as sent */
  gint64  at;       /* monotonic, when it arrived */
} Arrival;

typedef struct {
  char *dir;
  CnStore *store;
  SoupServer *server;
  char *base_url;
  GNetworkMonitor *monitor;
  CnRegistry *registry;
  GPtrArray *arrivals;  /* Arrival */
  GPtrArray *paused;    /* SoupServerMessage held without an answer */
  guint n_busy;         /* 429s to answer before answering normally */
  guint unpause_id;
} Fixture;

static void
arrival_free (Arrival *arrival)
{
  g_free (arrival->text);
  g_free (arrival->query);
  g_free (arrival);
}

static char *
data_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "registry", name, NULL);

  return cn_test_read_file (path, NULL);
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

/* The lefevre answer reduced to the company with this SIREN, as the
 * directory answers a search for a SIREN. */
static char *
answer_for_siren (const char *siren)
{
  g_autofree char *all = data_file ("search-lefevre.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *results;
  guint n = 0;

  g_assert_true (json_parser_load_from_data (parser, all, -1, NULL));
  results = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "results");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      if (g_str_equal (json_object_get_string_member (json_node_get_object (node), "siren"), siren))
        {
          json_builder_add_value (builder, json_node_copy (node));
          n++;
        }
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total_results");
  json_builder_add_int_value (builder, n);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* The slow answer finally comes, if its client still waits for it. */
static gboolean
unpause_later (gpointer data)
{
  Fixture *f = data;

  f->unpause_id = 0;
  for (guint i = 0; i < f->paused->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (f->paused, i);

      respond (msg, 200, "{\"results\": [], \"total_results\": 0}");
      soup_server_message_unpause (msg);
    }
  return G_SOURCE_REMOVE;
}

static void
on_paused_finished (SoupServerMessage *msg,
                    Fixture           *f)
{
  g_ptr_array_remove (f->paused, msg);
}

static void
pause_message (Fixture           *f,
               SoupServerMessage *msg)
{
  soup_server_message_pause (msg);
  g_ptr_array_add (f->paused, g_object_ref (msg));
  g_signal_connect (msg, "finished", G_CALLBACK (on_paused_finished), f);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_paused_finished), f);
}

static void
handle_search (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *f = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *text = query ? g_hash_table_lookup (query, "q") : NULL;
  Arrival *arrival = g_new0 (Arrival, 1);

  arrival->text = g_strdup (text);
  arrival->query = g_strdup (g_uri_get_query (uri));
  arrival->at = g_get_monotonic_time ();
  g_ptr_array_add (f->arrivals, arrival);

  if (text == NULL)
    respond (msg, 400, "{\"erreur\": \"Veuillez indiquer au moins un paramètre de recherche.\"}");
  else if (f->n_busy > 0)
    {
      f->n_busy--;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      respond (msg, 429, "{\"erreur\": \"Trop de requêtes\"}");
    }
  else if (strstr (text, "lefevre") || strstr (text, "lefèvre"))
    {
      g_autofree char *body = data_file ("search-lefevre.json");
      respond (msg, 200, body);
    }
  else if (g_str_equal (text, "dinum"))
    {
      g_autofree char *body = data_file ("search-dinum.json");
      respond (msg, 200, body);
    }
  else if (g_str_equal (text, "missing"))
    {
      g_autofree char *body = data_file ("search-missing.json");
      respond (msg, 200, body);
    }
  else if (g_str_equal (text, "invalid"))
    respond (msg, 200, "{\"results\": [{\"siren\": \"812453678\", \"nom_complet\": ");
  else if (g_str_equal (text, "not an object"))
    respond (msg, 200, "[1, 2, 3]");
  else if (g_str_equal (text, "down"))
    respond (msg, 503, "<html><body>Service Unavailable</body></html>");
  else if (g_str_equal (text, "refused"))
    respond (msg, 400, "{\"erreur\": \"3 caractères minimum pour les termes de la requête\"}");
  else if (g_str_equal (text, "slow"))
    pause_message (f, msg);
  else if (g_str_equal (text, "stale"))
    {
      pause_message (f, msg);
      if (f->unpause_id == 0)
        f->unpause_id = g_timeout_add (1500, unpause_later, f);
    }
  else if (strlen (text) == 9 && g_ascii_isdigit (text[0]))
    {
      g_autofree char *body = answer_for_siren (text);
      respond (msg, 200, body);
    }
  else
    respond (msg, 200, "{\"results\": [], \"total_results\": 0, \"page\": 1, \"per_page\": 10, \"total_pages\": 0}");
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->dir = cn_test_make_tmp_dir ();
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->arrivals = g_ptr_array_new_with_free_func ((GDestroyNotify) arrival_free);
  f->paused = g_ptr_array_new_with_free_func (g_object_unref);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/search", handle_search, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  g_assert_nonnull (uris);
  f->base_url = g_strdup_printf ("http://127.0.0.1:%d/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->monitor = cn_test_monitor_new (TRUE);
  f->registry = cn_registry_new (f->base_url, f->store);
  cn_registry_set_network_monitor (f->registry, f->monitor);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_handle_id (&f->unpause_id, g_source_remove);
  for (guint i = 0; i < f->paused->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (f->paused, i), f);
  g_clear_pointer (&f->paused, g_ptr_array_unref);
  /* The client first: its connections close, and the server's end of
   * them goes with them. */
  g_assert_finalize_object (g_steal_pointer (&f->registry));
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->monitor);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_ptr_array_unref (f->arrivals);
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->base_url);
}

/* ---- running the asynchronous calls ---------------------------------- */

typedef struct {
  gboolean done;
  CnRegistryResults *results;
  CnRegistryEntry *entry;
  GError *error;
  gint64 finished_at;
} Call;

static void
call_clear (Call *call)
{
  g_clear_pointer (&call->results, cn_registry_results_free);
  g_clear_pointer (&call->entry, cn_registry_entry_free);
  g_clear_error (&call->error);
  call->done = FALSE;
}

static void
on_searched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Call *call = user_data;

  call->results = cn_registry_search_finish (CN_REGISTRY (source), result, &call->error);
  call->finished_at = g_get_monotonic_time ();
  call->done = TRUE;
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;

  call->entry = cn_registry_lookup_finish (CN_REGISTRY (source), result, &call->error);
  call->done = TRUE;
}

static void
wait_for (Call *call)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!call->done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
start_search (Fixture      *f,
              const char   *text,
              GCancellable *cancellable,
              Call         *call)
{
  CnRegistryQuery query = CN_REGISTRY_QUERY_INIT;

  query.text = text;
  cn_registry_search_async (f->registry, &query, cancellable, on_searched, call);
}

static void
search (Fixture    *f,
        const char *text,
        Call       *call)
{
  start_search (f, text, NULL, call);
  wait_for (call);
}

static CnRegistryEntry *
find_entry (CnRegistryResults *results,
            const char        *siren)
{
  for (guint i = 0; i < results->entries->len; i++)
    {
      CnRegistryEntry *entry = g_ptr_array_index (results->entries, i);
      if (g_strcmp0 (entry->siren, siren) == 0)
        return entry;
    }
  return NULL;
}

/* ---- mapping ----------------------------------------------------------- */

static void
test_mapping (Fixture       *f,
              gconstpointer  data)
{
  Call call = { 0 };
  CnRegistryQuery query = CN_REGISTRY_QUERY_INIT;
  CnRegistryEntry *entry;
  Arrival *arrival;
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(GError) error = NULL;

  query.text = "boulangerie lefevre";
  query.postcode = "19100";
  query.per_page = 5;
  cn_registry_search_async (f->registry, &query, NULL, on_searched, &call);
  wait_for (&call);
  g_assert_no_error (call.error);
  g_assert_false (call.results->from_cache);
  g_assert_cmpuint (call.results->entries->len, ==, 3);
  g_assert_cmpuint (call.results->total, ==, 3);

  /* What was asked, as the directory documents it. */
  g_assert_cmpuint (f->arrivals->len, ==, 1);
  arrival = g_ptr_array_index (f->arrivals, 0);
  g_assert_cmpstr (arrival->text, ==, "boulangerie lefevre");
  g_assert_nonnull (strstr (arrival->query, "q=boulangerie%20lefevre"));
  g_assert_nonnull (strstr (arrival->query, "&page=1"));
  g_assert_nonnull (strstr (arrival->query, "&per_page=5"));
  g_assert_nonnull (strstr (arrival->query, "&code_postal=19100"));
  g_assert_null (strstr (arrival->query, "departement"));

  /* Every field of a company. */
  entry = g_ptr_array_index (call.results->entries, 0);
  g_assert_cmpstr (entry->siren, ==, "812453678");
  g_assert_cmpstr (entry->siret, ==, "81245367800011");
  g_assert_cmpstr (entry->name, ==, "BOULANGERIE LEFEVRE");
  g_assert_cmpstr (entry->naf, ==, "10.71C");
  g_assert_cmpstr (entry->headcount, ==, "02");
  g_assert_cmpstr (entry->address, ==, "12 BIS AVENUE DE LA LIBERATION");
  g_assert_cmpstr (entry->postcode, ==, "19100");
  g_assert_cmpstr (entry->commune, ==, "BRIVE-LA-GAILLARDE");
  g_assert_cmpstr (entry->founded_on, ==, "2015-09-01");
  g_assert_cmpstr (entry->legal_form, ==, "5499");
  g_assert_cmpstr (entry->category, ==, "PME");
  /* The latest published year, not the first listed. */
  g_assert_cmpint (entry->revenue, ==, 412300);
  g_assert_cmpint (entry->revenue_year, ==, 2022);
  g_assert_cmpuint (entry->n_establishments, ==, 1);
  g_assert_cmpuint (entry->n_open_establishments, ==, 1);
  g_assert_false (entry->closed);

  /* Onto the company model: valid as it is. */
  cn_registry_entry_apply (entry, company);
  g_assert_true (cn_company_normalize (company, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cn_company_get_name (company), ==, "BOULANGERIE LEFEVRE");
  g_assert_cmpstr (cn_company_get_siren (company), ==, "812453678");
  g_assert_cmpstr (cn_company_get_siret (company), ==, "81245367800011");
  g_assert_cmpstr (cn_company_get_naf (company), ==, "10.71C");
  g_assert_cmpstr (cn_company_get_headcount (company), ==, "02");
  g_assert_cmpstr (cn_company_get_revenue (company), ==, "100k-500k");
  g_assert_cmpstr (cn_company_get_address (company), ==, "12 BIS AVENUE DE LA LIBERATION");
  g_assert_cmpstr (cn_company_get_postcode (company), ==, "19100");
  g_assert_cmpstr (cn_company_get_commune (company), ==, "BRIVE-LA-GAILLARDE");
  g_assert_cmpstr (cn_company_get_department (company), ==, "19");
  g_assert_cmpstr (cn_company_get_founded_on (company), ==, "2015-09-01");

  /* The company saved and read back keeps its creation date. */
  g_assert_true (cn_store_add_company (f->store, company, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CnCompany) stored = cn_store_get_company (f->store, cn_company_get_id (company), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (cn_company_get_founded_on (stored), ==, "2015-09-01");
  }
  call_clear (&call);
}

/* The recorded answer of the real directory for one company. */
static void
test_recorded (Fixture       *f,
               gconstpointer  data)
{
  Call call = { 0 };
  CnRegistryEntry *entry;

  search (f, "dinum", &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (call.results->entries->len, ==, 1);
  entry = g_ptr_array_index (call.results->entries, 0);
  g_assert_cmpstr (entry->siren, ==, "130025265");
  g_assert_cmpstr (entry->siret, ==, "13002526500013");
  g_assert_cmpstr (entry->name, ==, "DIRECTION INTERMINISTERIELLE DU NUMERIQUE (DINUM)");
  g_assert_cmpstr (entry->naf, ==, "84.11Z");
  g_assert_cmpstr (entry->headcount, ==, "22");
  g_assert_cmpstr (entry->address, ==, "20 AVENUE DE SEGUR");
  g_assert_cmpstr (entry->postcode, ==, "75007");
  g_assert_cmpstr (entry->commune, ==, "PARIS");
  g_assert_cmpstr (entry->founded_on, ==, "2017-05-24");
  g_assert_cmpstr (entry->legal_form, ==, "7120");
  /* "finances": {} is no published revenue. */
  g_assert_cmpint (entry->revenue, ==, -1);
  g_assert_cmpint (entry->revenue_year, ==, 0);
  g_assert_false (entry->closed);
  call_clear (&call);
}

static void
test_establishments (Fixture       *f,
                     gconstpointer  data)
{
  Call call = { 0 };
  CnRegistryEntry *entry;

  search (f, "maison lefevre", &call);
  g_assert_no_error (call.error);
  entry = find_entry (call.results, "523478915");
  g_assert_nonnull (entry);
  /* The head office, though the search matched a shop in Brive first. */
  g_assert_cmpstr (entry->siret, ==, "52347891500011");
  g_assert_cmpstr (entry->postcode, ==, "87000");
  g_assert_cmpstr (entry->commune, ==, "LIMOGES");
  g_assert_cmpstr (entry->address, ==, "ZONE ARTISANALE DU MOULIN, 4 RUE DES ARTISANS");
  g_assert_cmpuint (entry->n_establishments, ==, 3);
  g_assert_cmpuint (entry->n_open_establishments, ==, 2);
  g_assert_cmpstr (entry->headcount, ==, "11");
  g_assert_cmpint (entry->revenue, ==, 1250000);
  g_assert_cmpstr (cn_registry_revenue_bracket (entry->revenue), ==, "500k-2m");
  g_assert_false (entry->closed);
  call_clear (&call);
}

static void
test_closed (Fixture       *f,
             gconstpointer  data)
{
  Call call = { 0 };
  CnRegistryEntry *entry;

  search (f, "lefevre et fils", &call);
  g_assert_no_error (call.error);
  entry = find_entry (call.results, "433129871");
  g_assert_nonnull (entry);
  g_assert_true (entry->closed);
  g_assert_cmpstr (entry->name, ==, "BOULANGERIE LEFEVRE ET FILS");
  g_assert_cmpstr (entry->address, ==, "3 PLACE GAMBETTA");
  g_assert_null (entry->headcount);
  g_assert_null (entry->category);
  g_assert_cmpint (entry->revenue, ==, -1);
  g_assert_cmpuint (entry->n_open_establishments, ==, 0);
  /* The open ones are not marked. */
  g_assert_false (find_entry (call.results, "812453678")->closed);
  call_clear (&call);
}

static void
test_missing_members (Fixture       *f,
                      gconstpointer  data)
{
  Call call = { 0 };
  CnRegistryEntry *entry;
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(GError) error = NULL;

  search (f, "missing", &call);
  g_assert_no_error (call.error);
  /* A bad SIREN, an element that is not an object and one without a
   * SIREN are skipped; the others kept with what they have. */
  g_assert_cmpuint (call.results->entries->len, ==, 3);
  g_assert_cmpuint (call.results->total, ==, 6);

  entry = find_entry (call.results, "798112348");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->name, ==, "ATELIER DU CUIR");
  g_assert_null (entry->siret);
  g_assert_null (entry->naf);
  g_assert_null (entry->headcount);
  g_assert_null (entry->address);
  g_assert_null (entry->postcode);
  g_assert_null (entry->commune);
  g_assert_null (entry->founded_on);
  g_assert_null (entry->legal_form);
  g_assert_cmpint (entry->revenue, ==, -1);
  g_assert_cmpuint (entry->n_establishments, ==, 0);
  g_assert_false (entry->closed);
  cn_registry_entry_apply (entry, company);
  g_assert_true (cn_company_normalize (company, NULL, &error));
  g_assert_cmpstr (cn_company_get_siren (company), ==, "798112348");
  g_assert_null (cn_company_get_siret (company));

  /* Withheld ("[NON-DIFFUSIBLE]") and unusable values are left empty: an
   * old NAF code, an impossible date, a turnover of null. */
  entry = find_entry (call.results, "433129871");
  g_assert_nonnull (entry);
  g_assert_null (entry->name);
  g_assert_cmpstr (entry->siret, ==, "43312987100029");
  g_assert_null (entry->address);
  g_assert_null (entry->postcode);
  g_assert_cmpstr (entry->commune, ==, "TULLE");
  g_assert_null (entry->naf);
  g_assert_cmpstr (entry->headcount, ==, "NN");
  g_assert_null (entry->founded_on);
  g_assert_cmpint (entry->revenue, ==, -1);

  /* No "siege": the establishment marked as head office stands in; a
   * count sent as text is still read. */
  entry = find_entry (call.results, "523478915");
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->name, ==, "MAISON LEFEVRE");
  g_assert_cmpstr (entry->siret, ==, "52347891500011");
  g_assert_cmpstr (entry->address, ==, "4 RUE DES ARTISANS");
  g_assert_cmpstr (entry->commune, ==, "LIMOGES");
  g_assert_cmpuint (entry->n_establishments, ==, 3);
  g_assert_null (entry->headcount);
  call_clear (&call);
}

static void
test_invalid_json (Fixture       *f,
                   gconstpointer  data)
{
  Call call = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint64 total = 99;
  GPtrArray *entries;

  search (f, "invalid", &call);
  g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_INVALID_RESPONSE);
  g_assert_null (call.results);
  call_clear (&call);

  search (f, "not an object", &call);
  g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_INVALID_RESPONSE);
  call_clear (&call);

  /* Nothing was cached from them. */
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM registry_cache"), ==, 0);

  bytes = g_bytes_new_static ("{\"results\": {\"siren\": 1}}", 25);
  entries = cn_registry_parse_response (bytes, &total, &error);
  g_assert_error (error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_INVALID_RESPONSE);
  g_assert_null (entries);
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);

  bytes = g_bytes_new_static ("", 0);
  g_assert_null (cn_registry_parse_response (bytes, &total, &error));
  g_assert_error (error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* An object without results is an empty answer, not an error. */
  bytes = g_bytes_new_static ("{\"page\": 1}", 11);
  entries = cn_registry_parse_response (bytes, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_cmpuint (total, ==, 0);
  g_ptr_array_unref (entries);
}

/* ---- polite use ------------------------------------------------------------ */

static void
test_too_many_requests (Fixture       *f,
                        gconstpointer  data)
{
  Call call = { 0 };

  f->n_busy = 1;
  search (f, "dinum", &call);
  g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (call.error->message, "1 second"));
  g_assert_cmpuint (f->arrivals->len, ==, 1);
  call_clear (&call);

  /* Within the second Retry-After asked for, nothing is sent. */
  search (f, "boulangerie lefevre", &call);
  g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_RATE_LIMITED);
  g_assert_cmpuint (f->arrivals->len, ==, 1);
  call_clear (&call);

  /* After it, the directory is asked again. */
  g_usleep (1100 * 1000);
  search (f, "dinum", &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (call.results->entries->len, ==, 1);
  g_assert_cmpuint (f->arrivals->len, ==, 2);
  call_clear (&call);
}

static void
test_seven_a_second (Fixture       *f,
                     gconstpointer  data)
{
  Call calls[12] = { { 0 } };
  char texts[G_N_ELEMENTS (calls)][32];

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_snprintf (texts[i], sizeof texts[i], "query number %u", i);
      start_search (f, texts[i], NULL, &calls[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      wait_for (&calls[i]);
      g_assert_no_error (calls[i].error);
      call_clear (&calls[i]);
    }

  /* Every request arrived, and never eight within a second. */
  g_assert_cmpuint (f->arrivals->len, ==, G_N_ELEMENTS (calls));
  for (guint i = 0; i + CN_REGISTRY_MAX_REQUESTS_PER_SECOND < f->arrivals->len; i++)
    {
      Arrival *first = g_ptr_array_index (f->arrivals, i);
      Arrival *eighth = g_ptr_array_index (f->arrivals, i + CN_REGISTRY_MAX_REQUESTS_PER_SECOND);

      g_assert_cmpint (eighth->at - first->at, >=, G_USEC_PER_SEC);
    }
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  Call call = { 0 };

  search (f, "down", &call);
  g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_SERVER);
  g_assert_nonnull (strstr (call.error->message, "503"));
  call_clear (&call);

  search (f, "refused", &call);
  g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_REFUSED);
  g_assert_nonnull (strstr (call.error->message, "3 caractères minimum"));
  call_clear (&call);

  /* Too short to be accepted: refused here, nothing sent. */
  g_assert_cmpuint (f->arrivals->len, ==, 2);
  search (f, " ab ", &call);
  g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_REFUSED);
  g_assert_cmpuint (f->arrivals->len, ==, 2);
  call_clear (&call);

  /* Nobody listening there. */
  {
    g_autoptr(CnRegistry) registry = cn_registry_new ("http://127.0.0.1:9", NULL);

    cn_registry_set_network_monitor (registry, f->monitor);
    {
      CnRegistryQuery query = CN_REGISTRY_QUERY_INIT;
      query.text = "dinum";
      cn_registry_search_async (registry, &query, NULL, on_searched, &call);
    }
    wait_for (&call);
    g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_UNREACHABLE);
    call_clear (&call);
  }
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  Call call = { 0 };
  gint64 start = g_get_monotonic_time ();

  cn_registry_set_timeout (f->registry, 300);
  search (f, "slow", &call);
  g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  call_clear (&call);
}

/* What typing does: each new text cancels the search of the one before. */
static void
test_stale_cancelled (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GCancellable) stale = g_cancellable_new ();
  g_autoptr(GCancellable) waiting = g_cancellable_new ();
  Call first = { 0 }, second = { 0 }, queued = { 0 };
  Call fill[CN_REGISTRY_MAX_REQUESTS_PER_SECOND] = { { 0 } };
  gint64 start = g_get_monotonic_time ();

  /* Sent, and the directory is slow to answer it. */
  start_search (f, "stale", stale, &first);
  while (f->arrivals->len < 1)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (stale);
  start_search (f, "boulangerie lefevre", NULL, &second);
  wait_for (&first);
  wait_for (&second);
  g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (first.results);
  /* Dropped at once, not when the slow answer came. */
  g_assert_cmpint (first.finished_at - start, <, 1000 * 1000);
  g_assert_no_error (second.error);
  g_assert_cmpuint (second.results->entries->len, ==, 3);
  call_clear (&first);
  call_clear (&second);

  /* Waiting for its turn (seven already went this second): dropped
   * without ever being sent. */
  for (guint i = 0; i < G_N_ELEMENTS (fill); i++)
    {
      g_autofree char *text = g_strdup_printf ("fill %u", i);
      start_search (f, text, NULL, &fill[i]);
    }
  start_search (f, "never sent", waiting, &queued);
  g_main_context_iteration (NULL, FALSE);
  g_cancellable_cancel (waiting);
  wait_for (&queued);
  g_assert_error (queued.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  for (guint i = 0; i < G_N_ELEMENTS (fill); i++)
    {
      wait_for (&fill[i]);
      call_clear (&fill[i]);
    }
  for (guint i = 0; i < f->arrivals->len; i++)
    g_assert_cmpstr (((Arrival *) g_ptr_array_index (f->arrivals, i))->text, !=, "never sent");
  call_clear (&queued);
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  Call call = { 0 };

  cn_test_monitor_set_available (f->monitor, FALSE);
  g_assert_false (cn_registry_is_online (f->registry));
  search (f, "boulangerie lefevre", &call);
  g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_OFFLINE);
  call_clear (&call);
  cn_registry_lookup_async (f->registry, "812453678", NULL, on_looked_up, &call);
  wait_for (&call);
  g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_OFFLINE);
  call_clear (&call);
  /* Not one request. */
  g_assert_cmpuint (f->arrivals->len, ==, 0);

  cn_test_monitor_set_available (f->monitor, TRUE);
  search (f, "boulangerie lefevre", &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (f->arrivals->len, ==, 1);
  call_clear (&call);
}

static void
test_cache (Fixture       *f,
            gconstpointer  data)
{
  Call call = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRegistryResults) cached = NULL;
  g_autoptr(CnRegistryEntry) entry = NULL;
  CnRegistryQuery query = CN_REGISTRY_QUERY_INIT;

  /* Nothing fetched yet. */
  query.text = "lefevre";
  cached = cn_registry_search_cached (f->registry, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cached->entries->len, ==, 0);
  g_clear_pointer (&cached, cn_registry_results_free);

  search (f, "boulangerie lefevre", &call);
  g_assert_no_error (call.error);
  call_clear (&call);
  /* Asked again at once: answered from memory, not sent again. */
  search (f, "boulangerie lefevre", &call);
  g_assert_no_error (call.error);
  g_assert_cmpuint (call.results->entries->len, ==, 3);
  g_assert_cmpuint (f->arrivals->len, ==, 1);
  call_clear (&call);

  cn_test_monitor_set_available (f->monitor, FALSE);

  /* Offline, found again by name, accents and case aside… */
  query.text = "Lefèvre";
  cached = cn_registry_search_cached (f->registry, &query, &error);
  g_assert_no_error (error);
  g_assert_true (cached->from_cache);
  g_assert_cmpuint (cached->entries->len, ==, 3);
  g_clear_pointer (&cached, cn_registry_results_free);

  /* …by commune, activity label, SIREN, with filters. */
  query.text = "brive";
  cached = cn_registry_search_cached (f->registry, &query, &error);
  g_assert_cmpuint (cached->entries->len, ==, 1);
  g_assert_cmpstr (((CnRegistryEntry *) g_ptr_array_index (cached->entries, 0))->siren, ==, "812453678");
  g_clear_pointer (&cached, cn_registry_results_free);

  query.text = "boulangerie";
  query.state = "C";
  cached = cn_registry_search_cached (f->registry, &query, &error);
  g_assert_cmpuint (cached->entries->len, ==, 1);
  g_assert_true (((CnRegistryEntry *) g_ptr_array_index (cached->entries, 0))->closed);
  g_clear_pointer (&cached, cn_registry_results_free);
  query.state = NULL;

  query.text = "523 478 915";
  cached = cn_registry_search_cached (f->registry, &query, &error);
  g_assert_cmpuint (cached->entries->len, ==, 1);
  g_clear_pointer (&cached, cn_registry_results_free);

  query.text = "lefevre";
  query.department = "87";
  cached = cn_registry_search_cached (f->registry, &query, &error);
  g_assert_cmpuint (cached->entries->len, ==, 1);
  g_clear_pointer (&cached, cn_registry_results_free);
  query.department = NULL;

  /* Typed text is never FTS syntax. */
  query.text = "lefevre\" OR * NEAR(";
  cached = cn_registry_search_cached (f->registry, &query, &error);
  g_assert_no_error (error);
  g_clear_pointer (&cached, cn_registry_results_free);

  /* The whole entry comes back, as fetched. */
  entry = cn_registry_get_cached (f->registry, "812453678", &error);
  g_assert_no_error (error);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->siret, ==, "81245367800011");
  g_assert_cmpstr (entry->name, ==, "BOULANGERIE LEFEVRE");
  g_assert_cmpstr (entry->naf, ==, "10.71C");
  g_assert_cmpstr (entry->headcount, ==, "02");
  g_assert_cmpstr (entry->address, ==, "12 BIS AVENUE DE LA LIBERATION");
  g_assert_cmpstr (entry->postcode, ==, "19100");
  g_assert_cmpstr (entry->commune, ==, "BRIVE-LA-GAILLARDE");
  g_assert_cmpstr (entry->founded_on, ==, "2015-09-01");
  g_assert_cmpstr (entry->legal_form, ==, "5499");
  g_assert_cmpint (entry->revenue, ==, 412300);
  g_assert_cmpint (entry->revenue_year, ==, 2022);
  g_assert_false (entry->closed);
  g_assert_null (cn_registry_get_cached (f->registry, "798112348", &error));
  g_assert_no_error (error);

  /* Still nothing sent while offline; the cache is not company data:
   * nothing queued for the platform. */
  g_assert_cmpuint (f->arrivals->len, ==, 1);
  g_assert_cmpint (cn_store_count_outbox (f->store, NULL), ==, 0);

  /* Fetched again, a company is updated, not duplicated. */
  cn_test_monitor_set_available (f->monitor, TRUE);
  search (f, "maison lefevre", &call);
  g_assert_no_error (call.error);
  call_clear (&call);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM registry_cache"), ==, 3);
}

static void
test_lookup (Fixture       *f,
             gconstpointer  data)
{
  Call call = { 0 };

  /* A SIRET names its company. */
  cn_registry_lookup_async (f->registry, "812 453 678 00011", NULL, on_looked_up, &call);
  wait_for (&call);
  g_assert_no_error (call.error);
  g_assert_cmpstr (call.entry->siren, ==, "812453678");
  g_assert_cmpstr (call.entry->name, ==, "BOULANGERIE LEFEVRE");
  g_assert_cmpstr (((Arrival *) g_ptr_array_index (f->arrivals, 0))->text, ==, "812453678");
  call_clear (&call);

  cn_registry_lookup_async (f->registry, "798112348", NULL, on_looked_up, &call);
  wait_for (&call);
  g_assert_error (call.error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (call.error->message, "798 112 348"));
  call_clear (&call);

  /* A mistyped number is refused before anything is sent. */
  cn_registry_lookup_async (f->registry, "812453679", NULL, on_looked_up, &call);
  wait_for (&call);
  g_assert_error (call.error, CN_ERROR, CN_ERROR_INVALID);
  call_clear (&call);
  g_assert_cmpuint (f->arrivals->len, ==, 2);
}

/* ---- changes to a company ------------------------------------------------ */

static const char *
change_value (GPtrArray  *changes,
              const char *field)
{
  for (guint i = 0; i < changes->len; i++)
    {
      CnRegistryChange *change = g_ptr_array_index (changes, i);
      if (g_str_equal (change->field, field))
        return change->new_value;
    }
  return NULL;
}

static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  Call call = { 0 };
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  CnRegistryEntry *entry;
  gint64 outbox;

  search (f, "maison lefevre", &call);
  g_assert_no_error (call.error);
  entry = find_entry (call.results, "523478915");

  /* Followed as its Brive shop, with a name typed the connector's way. */
  cn_company_set_name (company, "Maison Lefèvre");
  cn_company_set_siret (company, "523 478 915 00029");
  cn_company_set_address (company, "27 boulevard du Salan");
  cn_company_set_postcode (company, "19100");
  cn_company_set_commune (company, "Brive-la-Gaillarde");
  cn_company_set_headcount (company, "03");
  cn_company_set_notes (company, "Vitrine à refaire");
  g_assert_true (cn_store_add_company (f->store, company, NULL, &error));
  g_assert_no_error (error);

  changes = cn_registry_entry_changes (entry, company);
  /* Case and accents only: not a change.  The shop's SIRET and address
   * stay.  What the directory knows better is proposed. */
  g_assert_null (change_value (changes, "name"));
  g_assert_null (change_value (changes, "siren"));
  g_assert_null (change_value (changes, "siret"));
  g_assert_null (change_value (changes, "address"));
  g_assert_null (change_value (changes, "postcode"));
  g_assert_null (change_value (changes, "commune"));
  g_assert_cmpstr (change_value (changes, "naf"), ==, "47.24Z");
  g_assert_cmpstr (change_value (changes, "headcount"), ==, "11");
  g_assert_cmpstr (change_value (changes, "founded_on"), ==, "2010-06-14");
  g_assert_cmpstr (change_value (changes, "revenue"), ==, "500k-2m");
  g_assert_cmpuint (changes->len, ==, 4);
  for (guint i = 0; i < changes->len; i++)
    {
      CnRegistryChange *change = g_ptr_array_index (changes, i);
      if (g_str_equal (change->field, "headcount"))
        g_assert_cmpstr (change->old_value, ==, "03");
    }

  /* Applied and saved as one edit: in the timeline and the outbox. */
  outbox = cn_store_count_outbox (f->store, NULL);
  cn_registry_entry_apply (entry, company);
  g_assert_true (cn_store_update_company (f->store, company, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CnCompany) stored = cn_store_get_company (f->store, cn_company_get_id (company), &error);
    g_autoptr(GPtrArray) events = cn_store_list_events (f->store, cn_company_get_id (company), &error);
    g_autoptr(GPtrArray) after = NULL;

    g_assert_cmpstr (cn_company_get_name (stored), ==, "Maison Lefèvre");
    g_assert_cmpstr (cn_company_get_siret (stored), ==, "52347891500029");
    g_assert_cmpstr (cn_company_get_naf (stored), ==, "47.24Z");
    g_assert_cmpstr (cn_company_get_headcount (stored), ==, "11");
    g_assert_cmpstr (cn_company_get_founded_on (stored), ==, "2010-06-14");
    g_assert_cmpstr (cn_company_get_revenue (stored), ==, "500k-2m");
    g_assert_cmpstr (cn_company_get_notes (stored), ==, "Vitrine à refaire");
    g_assert_cmpuint (events->len, ==, 2);
    g_assert_cmpint (cn_store_count_outbox (f->store, NULL), ==, outbox);
    /* Nothing left to propose. */
    after = cn_registry_entry_changes (entry, stored);
    g_assert_cmpuint (after->len, ==, 0);
  }

  /* A company of another SIREN (a wrong pick, then the right one): its
   * identity is replaced. */
  {
    g_autoptr(CnCompany) other = cn_company_new ();
    g_autoptr(GPtrArray) replaced = NULL;

    cn_company_set_name (other, "Maison");
    cn_company_set_siret (other, "81245367800011");
    replaced = cn_registry_entry_changes (entry, other);
    g_assert_cmpstr (change_value (replaced, "siret"), ==, "52347891500011");
    g_assert_cmpstr (change_value (replaced, "siren"), ==, "523478915");
    g_assert_cmpstr (change_value (replaced, "address"), ==, "ZONE ARTISANALE DU MOULIN, 4 RUE DES ARTISANS");
    cn_registry_entry_apply (entry, other);
    g_assert_true (cn_company_normalize (other, NULL, &error));
    g_assert_no_error (error);
  }
  call_clear (&call);
}

static void
test_founded_on (void)
{
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(GError) error = NULL;
  CnCompanyField field = CN_COMPANY_FIELD_NONE;

  cn_company_set_name (company, "Atelier");
  cn_company_set_founded_on (company, " 24/05/2017 ");
  g_assert_true (cn_company_normalize (company, &field, &error));
  g_assert_cmpstr (cn_company_get_founded_on (company), ==, "2017-05-24");

  cn_company_set_founded_on (company, "31/02/2017");
  g_assert_false (cn_company_normalize (company, &field, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_cmpint (field, ==, CN_COMPANY_FIELD_FOUNDED);
  g_clear_error (&error);

  cn_company_set_founded_on (company, "2017-05-24x");
  g_assert_false (cn_company_normalize (company, &field, &error));
  g_clear_error (&error);

  cn_company_set_founded_on (company, "");
  g_assert_true (cn_company_normalize (company, &field, &error));
  g_assert_null (cn_company_get_founded_on (company));

  g_assert_null (cn_registry_revenue_bracket (-1));
  g_assert_cmpstr (cn_registry_revenue_bracket (0), ==, "lt100k");
  g_assert_cmpstr (cn_registry_revenue_bracket (99999), ==, "lt100k");
  g_assert_cmpstr (cn_registry_revenue_bracket (100000), ==, "100k-500k");
  g_assert_cmpstr (cn_registry_revenue_bracket (2000000), ==, "2m-10m");
  g_assert_cmpstr (cn_registry_revenue_bracket (50000000), ==, "gt50m");
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)

int
main (int    argc,
      char **argv)
{
  /* The tests' isolated folders have no GSettings schemas, which the
   * desktop's proxy settings need: talk to the loopback directly. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  cn_test_init (&argc, &argv);

  ADD ("/registry/mapping", test_mapping);
  ADD ("/registry/recorded", test_recorded);
  ADD ("/registry/establishments", test_establishments);
  ADD ("/registry/closed", test_closed);
  ADD ("/registry/missing-members", test_missing_members);
  ADD ("/registry/invalid-json", test_invalid_json);
  ADD ("/registry/too-many-requests", test_too_many_requests);
  ADD ("/registry/seven-a-second", test_seven_a_second);
  ADD ("/registry/server-error", test_server_error);
  ADD ("/registry/timeout", test_timeout);
  ADD ("/registry/stale-cancelled", test_stale_cancelled);
  ADD ("/registry/offline", test_offline);
  ADD ("/registry/cache", test_cache);
  ADD ("/registry/lookup", test_lookup);
  ADD ("/registry/changes", test_changes);
  g_test_add_func ("/registry/founded-on", test_founded_on);
  return g_test_run ();
}
