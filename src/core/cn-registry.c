/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-registry"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-identifiers.h"
#include "cn-naf.h"
#include "cn-registry.h"
#include "cn-store-private.h"
#include "cn-util.h"

G_DEFINE_QUARK (cn-registry-error-quark, cn_registry_error)

/* The answer to a query is reused this long: typing a letter then erasing
 * it, or opening the form again, asks the directory nothing new. */
#define MEMO_LIFETIME_US (5 * 60 * G_USEC_PER_SEC)
#define MEMO_MAX         64
/* A Retry-After longer than this is taken as this: the connector is told
 * to wait, not locked out for the day by a misconfigured mirror. */
#define MAX_RETRY_AFTER_S 600
/* Requests are spaced by a second per seven, plus this, so that a server
 * counting arrivals never sees an eighth within its second even when the
 * first took longer to reach it (a connection set up, a slow link). */
#define SLOT_MARGIN_US   (250 * 1000)
/* Companies not fetched again for this long leave the cache. */
#define CACHE_LIFETIME_DAYS 365
/* Rows read from the cache for one query, before filters and paging. */
#define CACHE_SEARCH_LIMIT 200

/* ---- entries ------------------------------------------------------------ */

CnRegistryEntry *
cn_registry_entry_new (void)
{
  CnRegistryEntry *entry = g_new0 (CnRegistryEntry, 1);

  entry->revenue = -1;
  return entry;
}

CnRegistryEntry *
cn_registry_entry_copy (const CnRegistryEntry *entry)
{
  CnRegistryEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->siren = g_strdup (entry->siren);
  copy->siret = g_strdup (entry->siret);
  copy->name = g_strdup (entry->name);
  copy->naf = g_strdup (entry->naf);
  copy->headcount = g_strdup (entry->headcount);
  copy->address = g_strdup (entry->address);
  copy->postcode = g_strdup (entry->postcode);
  copy->commune = g_strdup (entry->commune);
  copy->founded_on = g_strdup (entry->founded_on);
  copy->legal_form = g_strdup (entry->legal_form);
  copy->category = g_strdup (entry->category);
  return copy;
}

void
cn_registry_entry_free (CnRegistryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->siren);
  g_free (entry->siret);
  g_free (entry->name);
  g_free (entry->naf);
  g_free (entry->headcount);
  g_free (entry->address);
  g_free (entry->postcode);
  g_free (entry->commune);
  g_free (entry->founded_on);
  g_free (entry->legal_form);
  g_free (entry->category);
  g_free (entry);
}

CnRegistryResults *
cn_registry_results_copy (const CnRegistryResults *results)
{
  CnRegistryResults *copy = g_new0 (CnRegistryResults, 1);

  copy->entries = g_ptr_array_new_full (results->entries->len, (GDestroyNotify) cn_registry_entry_free);
  for (guint i = 0; i < results->entries->len; i++)
    g_ptr_array_add (copy->entries, cn_registry_entry_copy (g_ptr_array_index (results->entries, i)));
  copy->total = results->total;
  copy->from_cache = results->from_cache;
  return copy;
}

void
cn_registry_results_free (CnRegistryResults *results)
{
  if (results == NULL)
    return;
  g_clear_pointer (&results->entries, g_ptr_array_unref);
  g_free (results);
}

static CnRegistryResults *
results_new (GPtrArray *entries,
             guint64    total)
{
  CnRegistryResults *results = g_new0 (CnRegistryResults, 1);

  results->entries = entries ? entries
                             : g_ptr_array_new_with_free_func ((GDestroyNotify) cn_registry_entry_free);
  results->total = total;
  return results;
}

const char *
cn_registry_revenue_bracket (gint64 amount)
{
  /* The limits of cn_revenue_brackets (), each lower bound included. */
  if (amount < 0)
    return NULL;
  if (amount < 100000)
    return "lt100k";
  if (amount < 500000)
    return "100k-500k";
  if (amount < 2000000)
    return "500k-2m";
  if (amount < 10000000)
    return "2m-10m";
  if (amount < 50000000)
    return "10m-50m";
  return "gt50m";
}

/* ---- reading the directory's JSON --------------------------------------- */

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A text member, trimmed; NULL when it is absent, not text, empty, longer
 * than a company field takes, or withheld by its owner's choice. */
static char *
member_text (JsonObject *object,
             const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;
  g_autofree char *text = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = g_strstrip (g_strdup (json_node_get_string (node)));
  if (*text == '\0' || strlen (text) > CN_COMPANY_TEXT_MAX_BYTES ||
      g_str_equal (text, "[NON-DIFFUSIBLE]"))
    return NULL;
  return g_steal_pointer (&text);
}

/* A whole number, sent as a number or as text; @fallback otherwise. */
static gint64
member_int (JsonObject *object,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return (gint64) json_node_get_double (node);
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);
        gint64 value;

        if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
          return value;
        return fallback;
      }
    default:
      return fallback;
    }
}

static gboolean
member_bool (JsonObject *object,
             const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* "2017-05-24", also from a timestamp; NULL unless a real date. */
static char *
valid_date (const char *text)
{
  guint year, month, day;

  if (text == NULL || strlen (text) < 10 ||
      sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3 ||
      year < 1800 || !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

/* The street line of an establishment: "12 BIS RUE DU PORT", after its
 * complement ("ZA DU MOULIN, 12 RUE…").  From the address parts when the
 * directory sends them, else from its one-line address without the
 * postcode and commune it ends with. */
static char *
street_line (JsonObject *office,
             const char *postcode)
{
  static const struct { const char *code, *word; } repetitions[] = {
    { "B", "BIS" }, { "T", "TER" }, { "Q", "QUATER" }, { "C", "QUINQUIES" },
  };
  g_autofree char *complement = member_text (office, "complement_adresse");
  g_autofree char *number = member_text (office, "numero_voie");
  g_autofree char *repetition = member_text (office, "indice_repetition");
  g_autofree char *kind = member_text (office, "type_voie");
  g_autofree char *way = member_text (office, "libelle_voie");
  g_autoptr(GString) street = g_string_new (NULL);
  const char *parts[4];

  for (guint i = 0; repetition && i < G_N_ELEMENTS (repetitions); i++)
    if (g_ascii_strcasecmp (repetition, repetitions[i].code) == 0)
      cn_set_str (&repetition, repetitions[i].word);

  parts[0] = number;
  parts[1] = repetition;
  parts[2] = kind;
  parts[3] = way;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i])
      g_string_append_printf (street, "%s%s", street->len ? " " : "", parts[i]);

  if (street->len == 0 && complement == NULL)
    {
      g_autofree char *line = member_text (office, "adresse");
      char *cut;

      if (line == NULL)
        return NULL;
      if (postcode && (cut = strstr (line, postcode)) != NULL && cut > line)
        *cut = '\0';
      g_strstrip (line);
      return *line ? g_steal_pointer (&line) : NULL;
    }

  if (complement)
    g_string_prepend (street, street->len ? ", " : "");
  if (complement)
    g_string_prepend (street, complement);
  return g_string_free (g_steal_pointer (&street), FALSE);
}

static CnRegistryEntry *
entry_from_result (JsonObject *result)
{
  g_autoptr(CnRegistryEntry) entry = cn_registry_entry_new ();
  g_autofree char *siren = member_text (result, "siren");
  g_autofree char *text = NULL;
  JsonObject *office = member_object (result, "siege");
  JsonObject *finances;

  /* Without a valid SIREN the company cannot be told apart: skipped. */
  if (siren == NULL || !cn_siren_validate (siren, &entry->siren, NULL))
    return NULL;

  /* The head office, also when a response lists it among the
   * establishments only. */
  text = member_text (office, "siret");
  if (text == NULL)
    {
      JsonNode *node = json_object_get_member (result, "matching_etablissements");
      JsonArray *list = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      for (guint i = 0; list && i < json_array_get_length (list); i++)
        {
          JsonNode *element = json_array_get_element (list, i);
          JsonObject *establishment = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;

          if (member_bool (establishment, "est_siege"))
            {
              office = establishment;
              break;
            }
        }
    }

  entry->name = member_text (result, "nom_complet");
  if (entry->name == NULL)
    entry->name = member_text (result, "nom_raison_sociale");

  g_clear_pointer (&text, g_free);
  text = member_text (office, "siret");
  if (text && (!cn_siret_validate (text, &entry->siret, NULL) ||
               !g_str_has_prefix (entry->siret, entry->siren)))
    g_clear_pointer (&entry->siret, g_free);
  g_clear_pointer (&text, g_free);

  /* The company's activity and size, not its head office's. */
  text = member_text (result, "activite_principale");
  if (text == NULL)
    text = member_text (office, "activite_principale");
  if (text)
    cn_naf_normalize (text, &entry->naf, NULL);
  g_clear_pointer (&text, g_free);

  text = member_text (result, "tranche_effectif_salarie");
  if (text)
    cn_headcount_validate (text, &entry->headcount, NULL);
  g_clear_pointer (&text, g_free);

  text = member_text (office, "code_postal");
  if (text)
    cn_postcode_validate (text, &entry->postcode, NULL);
  g_clear_pointer (&text, g_free);
  entry->commune = member_text (office, "libelle_commune");
  entry->address = street_line (office, entry->postcode);

  text = member_text (result, "date_creation");
  entry->founded_on = valid_date (text);
  g_clear_pointer (&text, g_free);

  entry->legal_form = member_text (result, "nature_juridique");
  entry->category = member_text (result, "categorie_entreprise");
  text = member_text (result, "etat_administratif");
  entry->closed = g_strcmp0 (text, "C") == 0;
  g_clear_pointer (&text, g_free);
  entry->n_establishments = (guint) CLAMP (member_int (result, "nombre_etablissements", 0), 0, G_MAXUINT);
  entry->n_open_establishments = (guint) CLAMP (member_int (result, "nombre_etablissements_ouverts", 0), 0, G_MAXUINT);

  /* {"2023": {"ca": 412000, "resultat_net": 8100}, …}: the latest year
   * with a published turnover. */
  finances = member_object (result, "finances");
  if (finances)
    {
      g_autoptr(GList) years = json_object_get_members (finances);

      for (GList *l = years; l; l = l->next)
        {
          JsonObject *year_figures = member_object (finances, l->data);
          gint64 year, revenue;

          if (!g_ascii_string_to_signed (l->data, 10, 1900, 9999, &year, NULL) || year <= entry->revenue_year)
            continue;
          revenue = member_int (year_figures, "ca", -1);
          if (revenue < 0)
            continue;
          entry->revenue = revenue;
          entry->revenue_year = (int) year;
        }
    }

  return g_steal_pointer (&entry);
}

static gboolean
invalid_response (GError **error)
{
  g_set_error_literal (error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_INVALID_RESPONSE,
                       _("The directory sent an answer that Connecteur cannot read. Try again later."));
  return FALSE;
}

GPtrArray *
cn_registry_parse_response (GBytes   *bytes,
                            guint64  *total,
                            GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_registry_entry_free);
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;
  JsonNode *root, *node;
  JsonObject *object;
  JsonArray *results;

  if (data == NULL || size == 0 || !json_parser_load_from_data (parser, data, size, NULL))
    {
      invalid_response (error);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      invalid_response (error);
      return NULL;
    }
  object = json_node_get_object (root);

  node = json_object_get_member (object, "results");
  if (node && !JSON_NODE_HOLDS_ARRAY (node) && !JSON_NODE_HOLDS_NULL (node))
    {
      invalid_response (error);
      return NULL;
    }
  results = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  for (guint i = 0; results && i < json_array_get_length (results); i++)
    {
      JsonNode *element = json_array_get_element (results, i);
      CnRegistryEntry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      entry = entry_from_result (json_node_get_object (element));
      if (entry)
        g_ptr_array_add (entries, entry);
    }

  if (total)
    *total = (guint64) MAX (member_int (object, "total_results", entries->len), (gint64) entries->len);
  return g_steal_pointer (&entries);
}

/* ---- the cache's own form of an entry ----------------------------------- */

static void
add_text (JsonBuilder *builder,
          const char  *name,
          const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static char *
entry_to_json (const CnRegistryEntry *entry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_text (builder, "siren", entry->siren);
  add_text (builder, "siret", entry->siret);
  add_text (builder, "name", entry->name);
  add_text (builder, "naf", entry->naf);
  add_text (builder, "headcount", entry->headcount);
  add_text (builder, "address", entry->address);
  add_text (builder, "postcode", entry->postcode);
  add_text (builder, "commune", entry->commune);
  add_text (builder, "founded_on", entry->founded_on);
  add_text (builder, "legal_form", entry->legal_form);
  add_text (builder, "category", entry->category);
  if (entry->revenue >= 0)
    {
      json_builder_set_member_name (builder, "revenue");
      json_builder_add_int_value (builder, entry->revenue);
      json_builder_set_member_name (builder, "revenue_year");
      json_builder_add_int_value (builder, entry->revenue_year);
    }
  json_builder_set_member_name (builder, "establishments");
  json_builder_add_int_value (builder, entry->n_establishments);
  json_builder_set_member_name (builder, "open_establishments");
  json_builder_add_int_value (builder, entry->n_open_establishments);
  json_builder_set_member_name (builder, "closed");
  json_builder_add_boolean_value (builder, entry->closed);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static CnRegistryEntry *
entry_from_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  CnRegistryEntry *entry;
  JsonObject *object;
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  object = json_node_get_object (root);

  entry = cn_registry_entry_new ();
  entry->siren = member_text (object, "siren");
  entry->siret = member_text (object, "siret");
  entry->name = member_text (object, "name");
  entry->naf = member_text (object, "naf");
  entry->headcount = member_text (object, "headcount");
  entry->address = member_text (object, "address");
  entry->postcode = member_text (object, "postcode");
  entry->commune = member_text (object, "commune");
  entry->founded_on = member_text (object, "founded_on");
  entry->legal_form = member_text (object, "legal_form");
  entry->category = member_text (object, "category");
  entry->revenue = member_int (object, "revenue", -1);
  entry->revenue_year = (int) member_int (object, "revenue_year", 0);
  entry->n_establishments = (guint) CLAMP (member_int (object, "establishments", 0), 0, G_MAXUINT);
  entry->n_open_establishments = (guint) CLAMP (member_int (object, "open_establishments", 0), 0, G_MAXUINT);
  entry->closed = member_bool (object, "closed");
  if (entry->siren == NULL)
    g_clear_pointer (&entry, cn_registry_entry_free);
  return entry;
}

/* ---- changes to a company ------------------------------------------------ */

void
cn_registry_change_free (CnRegistryChange *change)
{
  if (change == NULL)
    return;
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

/* The directory writes names in capitals and without accents: a
 * connector's "Boulangerie Lefèvre" is the same as its "BOULANGERIE
 * LEFEVRE", and stays as typed. */
static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *key_a = cn_sort_key (a);
  g_autofree char *key_b = cn_sort_key (b);
  g_auto(GStrv) words_a = g_strsplit_set (g_strstrip (key_a), " ,'-", -1);
  g_auto(GStrv) words_b = g_strsplit_set (g_strstrip (key_b), " ,'-", -1);
  guint i = 0, j = 0;

  /* Spacing and punctuation aside. */
  for (;;)
    {
      while (words_a[i] && *words_a[i] == '\0')
        i++;
      while (words_b[j] && *words_b[j] == '\0')
        j++;
      if (words_a[i] == NULL || words_b[j] == NULL)
        return words_a[i] == NULL && words_b[j] == NULL;
      if (!g_str_equal (words_a[i], words_b[j]))
        return FALSE;
      i++;
      j++;
    }
}

static void
propose (GPtrArray  *changes,
         const char *field,
         const char *old_value,
         const char *new_value,
         gboolean    loose)
{
  CnRegistryChange *change;

  if (new_value == NULL || *new_value == '\0')
    return;
  if (old_value && (loose ? same_text (old_value, new_value) : g_str_equal (old_value, new_value)))
    return;
  change = g_new0 (CnRegistryChange, 1);
  change->field = field;
  change->old_value = g_strdup (old_value);
  change->new_value = g_strdup (new_value);
  g_ptr_array_add (changes, change);
}

GPtrArray *
cn_registry_entry_changes (const CnRegistryEntry *entry,
                           CnCompany             *company)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_registry_change_free);
  const char *siret = cn_company_get_siret (company);
  const char *siren = cn_company_get_siren (company);
  gboolean same_company, other_establishment;

  g_return_val_if_fail (entry != NULL, changes);
  g_return_val_if_fail (CN_IS_COMPANY (company), changes);

  same_company = siret && entry->siren && g_str_has_prefix (siret, entry->siren);
  /* The connector may follow a shop, not the head office: its SIRET, and
   * the address that goes with it, are the connector's to keep. */
  other_establishment = same_company && entry->siret && !g_str_equal (siret, entry->siret);

  propose (changes, "name", cn_company_get_name (company), entry->name, TRUE);
  if (!same_company)
    {
      propose (changes, "siren", siren, entry->siren, FALSE);
      propose (changes, "siret", siret, entry->siret, FALSE);
    }
  propose (changes, "naf", cn_company_get_naf (company), entry->naf, FALSE);
  propose (changes, "headcount", cn_company_get_headcount (company), entry->headcount, FALSE);
  propose (changes, "founded_on", cn_company_get_founded_on (company), entry->founded_on, FALSE);
  if (entry->revenue >= 0)
    propose (changes, "revenue", cn_company_get_revenue (company),
             cn_registry_revenue_bracket (entry->revenue), FALSE);
  if (!other_establishment)
    {
      propose (changes, "address", cn_company_get_address (company), entry->address, TRUE);
      propose (changes, "postcode", cn_company_get_postcode (company), entry->postcode, FALSE);
      propose (changes, "commune", cn_company_get_commune (company), entry->commune, TRUE);
    }
  return changes;
}

void
cn_registry_entry_apply (const CnRegistryEntry *entry,
                         CnCompany             *company)
{
  g_autoptr(GPtrArray) changes = cn_registry_entry_changes (entry, company);

  for (guint i = 0; i < changes->len; i++)
    {
      CnRegistryChange *change = g_ptr_array_index (changes, i);
      const char *value = change->new_value;

      if (g_str_equal (change->field, "name"))
        cn_company_set_name (company, value);
      else if (g_str_equal (change->field, "siren"))
        cn_company_set_siren (company, value);
      else if (g_str_equal (change->field, "siret"))
        cn_company_set_siret (company, value);
      else if (g_str_equal (change->field, "naf"))
        cn_company_set_naf (company, value);
      else if (g_str_equal (change->field, "headcount"))
        cn_company_set_headcount (company, value);
      else if (g_str_equal (change->field, "founded_on"))
        cn_company_set_founded_on (company, value);
      else if (g_str_equal (change->field, "revenue"))
        cn_company_set_revenue (company, value);
      else if (g_str_equal (change->field, "address"))
        cn_company_set_address (company, value);
      else if (g_str_equal (change->field, "postcode"))
        cn_company_set_postcode (company, value);
      else if (g_str_equal (change->field, "commune"))
        cn_company_set_commune (company, value);
    }
}

/* ---- the client ---------------------------------------------------------- */

typedef struct {
  gint64             at;      /* monotonic */
  CnRegistryResults *results;
} Memo;

static void
memo_free (Memo *memo)
{
  cn_registry_results_free (memo->results);
  g_free (memo);
}

struct _CnRegistry
{
  GObject parent_instance;

  char *base_url;           /* without a trailing slash */
  CnStore *store;           /* the cache; may be NULL */
  SoupSession *session;
  GNetworkMonitor *monitor; /* NULL: the default one */
  guint timeout_ms;

  /* When each of the last seven requests was (or will be) sent, a ring:
   * the next one goes a second after the oldest. */
  gint64 slots[CN_REGISTRY_MAX_REQUESTS_PER_SECOND];
  guint next_slot;
  gint64 blocked_until;     /* monotonic: the wait the last 429 asked for */
  GHashTable *memo;         /* URL -> Memo */
};

G_DEFINE_FINAL_TYPE (CnRegistry, cn_registry, G_TYPE_OBJECT)

static void
cn_registry_finalize (GObject *object)
{
  CnRegistry *self = CN_REGISTRY (object);

  g_free (self->base_url);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->monitor);
  g_hash_table_unref (self->memo);
  G_OBJECT_CLASS (cn_registry_parent_class)->finalize (object);
}

static void
cn_registry_class_init (CnRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cn_registry_finalize;
}

static void
cn_registry_init (CnRegistry *self)
{
  /* A trailing space: libsoup appends its own name and version. */
  self->session = soup_session_new_with_options ("user-agent", "Connecteur/" PACKAGE_VERSION " ", NULL);
  self->timeout_ms = CN_REGISTRY_DEFAULT_TIMEOUT_MS;
  self->memo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) memo_free);
}

CnRegistry *
cn_registry_new (const char *base_url,
                 CnStore    *store)
{
  CnRegistry *self = g_object_new (CN_TYPE_REGISTRY, NULL);

  cn_registry_set_base_url (self, base_url);
  if (store)
    self->store = g_object_ref (store);
  return self;
}

const char *
cn_registry_get_base_url (CnRegistry *self)
{
  g_return_val_if_fail (CN_IS_REGISTRY (self), NULL);
  return self->base_url;
}

void
cn_registry_set_base_url (CnRegistry *self,
                          const char *base_url)
{
  g_autofree char *url = NULL;
  gsize len;

  g_return_if_fail (CN_IS_REGISTRY (self));

  url = g_strstrip (g_strdup (base_url && *base_url ? base_url : CN_REGISTRY_DEFAULT_URL));
  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';
  if (cn_set_str (&self->base_url, url))
    g_hash_table_remove_all (self->memo);
}

void
cn_registry_set_network_monitor (CnRegistry      *self,
                                 GNetworkMonitor *monitor)
{
  g_return_if_fail (CN_IS_REGISTRY (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));
  g_set_object (&self->monitor, monitor);
}

void
cn_registry_set_timeout (CnRegistry *self,
                         guint       timeout_ms)
{
  g_return_if_fail (CN_IS_REGISTRY (self));
  self->timeout_ms = timeout_ms > 0 ? timeout_ms : CN_REGISTRY_DEFAULT_TIMEOUT_MS;
}

gboolean
cn_registry_is_online (CnRegistry *self)
{
  GNetworkMonitor *monitor;

  g_return_val_if_fail (CN_IS_REGISTRY (self), FALSE);
  monitor = self->monitor ? self->monitor : g_network_monitor_get_default ();
  return g_network_monitor_get_network_available (monitor);
}

static void
append_parameter (GString    *url,
                  const char *name,
                  const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;
  escaped = g_uri_escape_string (value, NULL, FALSE);
  g_string_append_printf (url, "&%s=%s", name, escaped);
}

static char *
build_url (CnRegistry             *self,
           const CnRegistryQuery  *query,
           GError                **error)
{
  g_autofree char *text = g_strstrip (g_strdup (query->text ? query->text : ""));
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);
  gboolean filtered = (query->postcode && *query->postcode) || (query->department && *query->department) ||
                      (query->naf && *query->naf) || (query->state && *query->state);
  GString *url;

  if (!g_str_has_prefix (self->base_url, "http://") && !g_str_has_prefix (self->base_url, "https://"))
    {
      g_set_error (error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_UNREACHABLE,
                   _("The directory address “%s” is not a web address (http:// or https://). Check it in the preferences."),
                   self->base_url);
      return NULL;
    }
  /* The directory refuses shorter queries without a filter; saying it
   * here spares a request. */
  if (g_utf8_strlen (text, -1) < 3 && !filtered)
    {
      g_set_error_literal (error, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_REFUSED,
                           _("Type at least three characters to search the directory."));
      return NULL;
    }

  url = g_string_new (self->base_url);
  /* Only what Connecteur reads: the head office and the turnover, not the
   * directors (personal data) nor the labels. */
  g_string_append_printf (url, "/search?q=%s&page=%u&per_page=%u&minimal=true&include=siege%%2Cfinances",
                          escaped, MAX (query->page, 1),
                          CLAMP (query->per_page, 1, CN_REGISTRY_MAX_PER_PAGE));
  append_parameter (url, "code_postal", query->postcode);
  append_parameter (url, "departement", query->department);
  append_parameter (url, "activite_principale", query->naf);
  append_parameter (url, "etat_administratif", query->state);
  return g_string_free (url, FALSE);
}

/* ---- the cache ------------------------------------------------------------ */

/* Typed words as FTS5 quoted prefixes, never FTS syntax; a SIREN typed in
 * groups ("130 025 265") stays one word. */
static char *
build_match_query (const char *text)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) word = g_string_new (NULL);
  gboolean only_digits = TRUE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c != ' ' && !g_unichar_isdigit (c))
        only_digits = FALSE;
    }

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;

      if (c != 0 && (g_unichar_isalnum (c) || (only_digits && c == ' ')))
        {
          if (c != ' ')
            g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0)
        {
          g_string_append_printf (query, "%s\"%s\"*", query->len ? " " : "", word->str);
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  return query->len ? g_string_free (g_steal_pointer (&query), FALSE) : NULL;
}

static gboolean
matches_filters (const CnRegistryEntry *entry,
                 const CnRegistryQuery *query)
{
  if (query->postcode && *query->postcode && g_strcmp0 (entry->postcode, query->postcode) != 0)
    return FALSE;
  if (query->department && *query->department)
    {
      const CnDepartment *department = entry->postcode ? cn_geo_department_for_postcode (entry->postcode) : NULL;
      if (department == NULL || g_ascii_strcasecmp (department->code, query->department) != 0)
        return FALSE;
    }
  if (query->naf && *query->naf)
    {
      g_autofree char *naf = NULL;
      if (!cn_naf_normalize (query->naf, &naf, NULL) || g_strcmp0 (naf, entry->naf) != 0)
        return FALSE;
    }
  if (query->state && *query->state)
    {
      if ((g_str_equal (query->state, "C") && !entry->closed) ||
          (g_str_equal (query->state, "A") && entry->closed))
        return FALSE;
    }
  return TRUE;
}

static void
cache_entries (CnRegistry *self,
               GPtrArray  *entries)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *cutoff = NULL;
  g_autoptr(GDateTime) limit = NULL;
  sqlite3_stmt *stmt;

  if (self->store == NULL || entries->len == 0)
    return;

  {
    g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();
    limit = g_date_time_add_days (utc, -CACHE_LIFETIME_DAYS);
    cutoff = g_date_time_format (limit, "%Y-%m-%dT%H:%M:%S.%fZ");
  }

  if (!cn_store_begin (self->store, &error))
    goto fail;
  for (guint i = 0; i < entries->len; i++)
    {
      CnRegistryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *json = entry_to_json (entry);

      stmt = cn_store_prepare (self->store,
                               "INSERT INTO registry_cache (siren, siret, name, commune, postcode, naf,"
                               " closed, entry, fetched_at)"
                               " VALUES (:siren, :siret, :name, :commune, :postcode, :naf, :closed, :entry, :now)"
                               " ON CONFLICT (siren) DO UPDATE SET siret = excluded.siret,"
                               " name = excluded.name, commune = excluded.commune,"
                               " postcode = excluded.postcode, naf = excluded.naf, closed = excluded.closed,"
                               " entry = excluded.entry, fetched_at = excluded.fetched_at",
                               &error);
      if (stmt == NULL)
        goto fail_rollback;
      cn_store_bind_text (stmt, ":siren", entry->siren);
      cn_store_bind_text (stmt, ":siret", entry->siret);
      cn_store_bind_text (stmt, ":name", entry->name ? entry->name : "");
      cn_store_bind_text (stmt, ":commune", entry->commune);
      cn_store_bind_text (stmt, ":postcode", entry->postcode);
      cn_store_bind_text (stmt, ":naf", entry->naf);
      cn_store_bind_int64 (stmt, ":closed", entry->closed);
      cn_store_bind_text (stmt, ":entry", json);
      cn_store_bind_text (stmt, ":now", now);
      if (!cn_store_step_done (self->store, stmt, &error))
        goto fail_rollback;
    }

  stmt = cn_store_prepare (self->store, "DELETE FROM registry_cache WHERE fetched_at < :cutoff", &error);
  if (stmt == NULL)
    goto fail_rollback;
  cn_store_bind_text (stmt, ":cutoff", cutoff);
  if (!cn_store_step_done (self->store, stmt, &error) || !cn_store_commit (self->store, &error))
    goto fail_rollback;
  return;

fail_rollback:
  cn_store_rollback (self->store);
fail:
  /* The search itself worked: the cache is a convenience. */
  g_message ("Could not keep the directory's answer: %s", error->message);
}

CnRegistryResults *
cn_registry_search_cached (CnRegistry             *self,
                           const CnRegistryQuery  *query,
                           GError                **error)
{
  g_autoptr(CnRegistryResults) results = results_new (NULL, 0);
  g_autofree char *match = NULL;
  guint per_page, skip;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CN_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  results->from_cache = TRUE;
  match = build_match_query (query->text);
  if (self->store == NULL || match == NULL)
    return g_steal_pointer (&results);

  per_page = CLAMP (query->per_page, 1, CN_REGISTRY_MAX_PER_PAGE);
  skip = (MAX (query->page, 1) - 1) * per_page;

  stmt = cn_store_prepare (self->store,
                           "SELECT c.entry FROM registry_cache_fts"
                           " JOIN registry_cache c ON c.num = registry_cache_fts.rowid"
                           " WHERE registry_cache_fts MATCH :match"
                           " ORDER BY registry_cache_fts.rank LIMIT " G_STRINGIFY (CACHE_SEARCH_LIMIT),
                           error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":match", match);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(CnRegistryEntry) entry = entry_from_json ((const char *) sqlite3_column_text (stmt, 0));

      if (entry == NULL || !matches_filters (entry, query))
        continue;
      if (results->total++ >= skip && results->entries->len < per_page)
        g_ptr_array_add (results->entries, g_steal_pointer (&entry));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (self->store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&results);
}

CnRegistryEntry *
cn_registry_get_cached (CnRegistry  *self,
                        const char  *siren,
                        GError     **error)
{
  CnRegistryEntry *entry = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CN_IS_REGISTRY (self), NULL);

  if (self->store == NULL || siren == NULL)
    return NULL;
  stmt = cn_store_prepare (self->store, "SELECT entry FROM registry_cache WHERE siren = :siren", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":siren", siren);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entry = entry_from_json ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    cn_store_set_error (self->store, rc, error);
  return entry;
}

/* ---- requests ------------------------------------------------------------- */

typedef struct {
  char *url;
  GCancellable *caller;       /* the caller's, or NULL */
  gulong caller_handler;
  GCancellable *cancellable;  /* the request's: by the caller or the timeout */
  SoupMessage *message;
  GSource *wait;              /* for its turn among the seven a second */
  GSource *wait_cancelled;
  GSource *timeout;
  gboolean timed_out;
  int slot;                   /* its place among the seven, -1 before */
} Request;

static void
drop_source (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
request_free (Request *request)
{
  if (request->caller_handler)
    g_cancellable_disconnect (request->caller, request->caller_handler);
  g_clear_object (&request->caller);
  g_clear_object (&request->cancellable);
  g_clear_object (&request->message);
  g_clear_pointer (&request->wait, drop_source);
  g_clear_pointer (&request->wait_cancelled, drop_source);
  g_clear_pointer (&request->timeout, drop_source);
  g_free (request->url);
  g_free (request);
}

static void
on_caller_cancelled (GCancellable *caller,
                     GCancellable *ours)
{
  /* Only cancels: disconnecting here would deadlock. */
  g_cancellable_cancel (ours);
}

static void
return_rate_limited (GTask  *task,
                     gint64  wait_us)
{
  guint seconds = (guint) MAX (1, (wait_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);

  g_task_return_new_error (task, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_RATE_LIMITED,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "The directory is receiving too many requests: try again in %u second.",
                                        "The directory is receiving too many requests: try again in %u seconds.",
                                        seconds),
                           seconds);
}

/* Seconds asked by Retry-After (a number or an HTTP date); 1 when it
 * says nothing usable. */
static guint
retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  guint64 seconds = 1;

  if (value)
    {
      g_autofree char *text = g_strstrip (g_strdup (value));
      g_autoptr(GDateTime) date = NULL;

      if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &seconds, NULL))
        ;
      else if ((date = soup_date_time_new_from_http_string (text)) != NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          GTimeSpan span = g_date_time_difference (date, now);
          seconds = span > 0 ? (guint64) ((span + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC) : 1;
        }
      else
        seconds = 1;
    }
  return (guint) CLAMP (seconds, 1, MAX_RETRY_AFTER_S);
}

/* The "erreur" the directory explains a refusal with, if any. */
static char *
refusal_reason (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;
  JsonNode *root;

  if (data == NULL || size == 0 || !json_parser_load_from_data (parser, data, size, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return member_text (json_node_get_object (root), "erreur");
}

static void
on_response (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CnRegistry *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(GPtrArray) entries = NULL;
  CnRegistryResults *results;
  guint status;
  guint64 total = 0;

  g_clear_pointer (&request->timeout, drop_source);

  /* The request reached the server at some point before its answer came
   * back, maybe well after it was sent (a connection to set up, a slow
   * link): the next one in its place waits a second after the answer, so
   * the server never counts eight within its second. */
  if (request->slot >= 0)
    self->slots[request->slot] = MAX (self->slots[request->slot], g_get_monotonic_time ());

  if (body == NULL)
    {
      if (request->timed_out)
        g_task_return_new_error (task, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_TIMEOUT,
                                 g_dngettext (GETTEXT_PACKAGE,
                                              "The directory did not answer within %u second. Try again later; the fields can be filled in by hand.",
                                              "The directory did not answer within %u seconds. Try again later; the fields can be filled in by hand.",
                                              MAX (1, self->timeout_ms / 1000)),
                                 MAX (1, self->timeout_ms / 1000));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_UNREACHABLE,
                                 _("The directory cannot be reached (%s). The fields can be filled in by hand."),
                                 error->message);
      return;
    }

  status = soup_message_get_status (request->message);
  if (status == 429 /* Too Many Requests */)
    {
      guint seconds = retry_after (request->message);

      self->blocked_until = g_get_monotonic_time () + (gint64) seconds * G_USEC_PER_SEC;
      return_rate_limited (task, (gint64) seconds * G_USEC_PER_SEC);
      return;
    }
  if (status >= 500)
    {
      g_task_return_new_error (task, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_SERVER,
                               _("The directory is not available at the moment (error %u). Try again later; the fields can be filled in by hand."),
                               status);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *reason = refusal_reason (body);

      if (reason)
        g_task_return_new_error (task, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_REFUSED,
                                 _("The directory refused the search: %s"), reason);
      else
        g_task_return_new_error (task, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_REFUSED,
                                 _("The directory refused the search (error %u)."), status);
      return;
    }

  entries = cn_registry_parse_response (body, &total, &error);
  if (entries == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cache_entries (self, entries);

  results = results_new (g_steal_pointer (&entries), total);
  if (g_hash_table_size (self->memo) >= MEMO_MAX)
    g_hash_table_remove_all (self->memo);
  {
    Memo *memo = g_new0 (Memo, 1);

    memo->at = g_get_monotonic_time ();
    memo->results = cn_registry_results_copy (results);
    g_hash_table_replace (self->memo, g_strdup (request->url), memo);
  }
  g_task_return_pointer (task, results, (GDestroyNotify) cn_registry_results_free);
}

static gboolean
on_timeout (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_clear_pointer (&request->timeout, g_source_unref);
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static void
send_request (GTask *task)
{
  CnRegistry *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);

  request->message = soup_message_new (SOUP_METHOD_GET, request->url);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_UNREACHABLE,
                               _("The directory address “%s” is not a web address (http:// or https://). Check it in the preferences."),
                               self->base_url);
      g_object_unref (task);
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (request->message),
                                "Accept", "application/json");

  request->timeout = g_timeout_source_new (self->timeout_ms);
  g_source_set_callback (request->timeout, on_timeout, request, NULL);
  g_source_attach (request->timeout, g_task_get_context (task));

  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    request->cancellable, on_response, task);
}

static gboolean
on_turn (gpointer user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  g_clear_pointer (&request->wait_cancelled, drop_source);
  g_clear_pointer (&request->wait, g_source_unref);
  send_request (task);
  return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Request *request = g_task_get_task_data (task);

  g_clear_pointer (&request->wait, drop_source);
  g_clear_pointer (&request->wait_cancelled, g_source_unref);
  g_task_return_error_if_cancelled (task);
  g_object_unref (task);
  return G_SOURCE_REMOVE;
}

/* Takes the reference of @task. */
static void
start_request (GTask *task)
{
  CnRegistry *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  GCancellable *caller = g_task_get_cancellable (task);
  gint64 now = g_get_monotonic_time ();
  gint64 oldest, at;
  Memo *memo;

  if (g_task_return_error_if_cancelled (task))
    goto done;

  /* Offline, nothing is even tried: no waiting on a DNS timeout. */
  if (!cn_registry_is_online (self))
    {
      g_task_return_new_error (task, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_OFFLINE,
                               _("The directory cannot be reached: this computer is offline. The fields can be filled in by hand."));
      goto done;
    }

  if (self->blocked_until > now)
    {
      return_rate_limited (task, self->blocked_until - now);
      goto done;
    }

  memo = g_hash_table_lookup (self->memo, request->url);
  if (memo && now - memo->at < MEMO_LIFETIME_US)
    {
      g_task_return_pointer (task, cn_registry_results_copy (memo->results),
                             (GDestroyNotify) cn_registry_results_free);
      goto done;
    }

  request->cancellable = g_cancellable_new ();
  if (caller)
    {
      request->caller = g_object_ref (caller);
      request->caller_handler = g_cancellable_connect (caller, G_CALLBACK (on_caller_cancelled),
                                                       request->cancellable, NULL);
    }

  oldest = self->slots[self->next_slot];
  at = oldest > 0 ? MAX (now, oldest + G_USEC_PER_SEC + SLOT_MARGIN_US) : now;
  self->slots[self->next_slot] = at;
  request->slot = self->next_slot;
  self->next_slot = (self->next_slot + 1) % G_N_ELEMENTS (self->slots);

  if (at <= now)
    {
      send_request (task);
      return;
    }

  request->wait = g_timeout_source_new ((guint) ((at - now + 999) / 1000));
  g_source_set_callback (request->wait, on_turn, task, NULL);
  g_source_attach (request->wait, g_task_get_context (task));
  request->wait_cancelled = g_cancellable_source_new (request->cancellable);
  g_source_set_callback (request->wait_cancelled, G_SOURCE_FUNC (on_wait_cancelled), task, NULL);
  g_source_attach (request->wait_cancelled, g_task_get_context (task));
  return;

done:
  g_object_unref (task);
}

void
cn_registry_search_async (CnRegistry             *self,
                          const CnRegistryQuery  *query,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Request *request;

  g_return_if_fail (CN_IS_REGISTRY (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_registry_search_async);
  request = g_new0 (Request, 1);
  request->slot = -1;
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  request->url = build_url (self, query, &error);
  if (request->url == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  start_request (g_steal_pointer (&task));
}

CnRegistryResults *
cn_registry_search_finish (CnRegistry    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_lookup_searched (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const char *siren = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CnRegistryResults) results = cn_registry_search_finish (CN_REGISTRY (source), result, &error);

  if (results == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < results->entries->len; i++)
    {
      CnRegistryEntry *entry = g_ptr_array_index (results->entries, i);

      if (g_strcmp0 (entry->siren, siren) == 0)
        {
          g_task_return_pointer (task, cn_registry_entry_copy (entry), (GDestroyNotify) cn_registry_entry_free);
          return;
        }
    }
  {
    g_autofree char *formatted = cn_siren_format (siren);
    g_task_return_new_error (task, CN_REGISTRY_ERROR, CN_REGISTRY_ERROR_NOT_FOUND,
                             _("The directory has no company with the SIREN %s."), formatted);
  }
}

void
cn_registry_lookup_async (CnRegistry          *self,
                          const char          *siren,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  CnRegistryQuery query = CN_REGISTRY_QUERY_INIT;
  guint n_digits = 0;

  g_return_if_fail (CN_IS_REGISTRY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cn_registry_lookup_async);

  /* A SIRET names its company by its first nine digits. */
  for (const char *p = siren ? siren : ""; *p; p++)
    n_digits += g_ascii_isdigit (*p);
  if (!(n_digits == 14 ? cn_siret_validate (siren, &digits, &error)
                       : cn_siren_validate (siren, &digits, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  digits[9] = '\0';
  g_task_set_task_data (task, g_strdup (digits), g_free);

  query.text = digits;
  query.per_page = 5;
  cn_registry_search_async (self, &query, cancellable, on_lookup_searched, g_steal_pointer (&task));
}

CnRegistryEntry *
cn_registry_lookup_finish (CnRegistry    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
