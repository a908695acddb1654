/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cn-catalogue.h"
#include "cn-core-resources.h"
#include "cn-error.h"
#include "cn-json-loader.h"
#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-naf.h"

#define RESOURCE_DIR "/io/github/croissanceconnectee/Connecteur/catalogue"

static const char *const units[] = { "once", "month", "year", NULL };
static const char *const expense_kinds[] = {
  "vente-promotion", "gestion", "relation-client", "accompagnement", "formation", NULL
};
static const char *const sizes[] = { "solo", "micro", "petite", "moyenne", NULL };

/* What the header shows of an aid, and what only the judge needs. */
typedef struct {
  CnAid   aid;            /* first: a CnAid * is an AidEntry * */
  guint   index;          /* file order, for stable sorting */
  int     min_employees;  /* eligible from this many (inclusive); 0: any */
  gint64  rate_ppm;       /* the rate in millionths, so amounts are exact */
  char  **conditions;     /* French, what the record cannot tell; NULL: none */
} AidEntry;

struct _CnCatalogue
{
  GPtrArray  *prices;       /* of CnPrice */
  GHashTable *price_index;  /* id → CnPrice */
  GPtrArray  *aids;         /* of AidEntry */
  GPtrArray  *testimonies;  /* of CnTestimony */
};

static void
price_free (CnPrice *price)
{
  g_free (price->id);
  g_free (price->label);
  g_free (price->description);
  g_free (price->unit);
  g_free (price->expense_kind);
  g_free (price);
}

static void
aid_free (AidEntry *entry)
{
  CnAid *aid = &entry->aid;

  g_free (aid->id);
  g_free (aid->name);
  g_free (aid->issuer);
  g_strfreev (aid->regions);
  g_free (aid->valid_from);
  g_free (aid->valid_until);
  g_strfreev (aid->excluded_naf);
  g_strfreev (aid->expense_kinds);
  g_free (aid->url);
  g_strfreev (entry->conditions);
  g_free (entry);
}

static void
testimony_free (CnTestimony *testimony)
{
  g_free (testimony->id);
  g_free (testimony->company);
  g_free (testimony->trade);
  g_strfreev (testimony->naf_sections);
  g_free (testimony->size);
  g_free (testimony->region);
  g_free (testimony->quote);
  g_free (testimony->story);
  g_strfreev (testimony->actions);
  g_free (testimony);
}

static CnCatalogue *
catalogue_new (void)
{
  CnCatalogue *self = g_atomic_rc_box_new0 (CnCatalogue);

  self->prices = g_ptr_array_new_with_free_func ((GDestroyNotify) price_free);
  self->price_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->aids = g_ptr_array_new_with_free_func ((GDestroyNotify) aid_free);
  self->testimonies = g_ptr_array_new_with_free_func ((GDestroyNotify) testimony_free);
  return self;
}

static void
catalogue_clear (CnCatalogue *self)
{
  g_hash_table_unref (self->price_index);
  g_ptr_array_unref (self->prices);
  g_ptr_array_unref (self->aids);
  g_ptr_array_unref (self->testimonies);
}

CnCatalogue *
cn_catalogue_ref (CnCatalogue *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
cn_catalogue_unref (CnCatalogue *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) catalogue_clear);
}

/* ---- Loading ---------------------------------------------------------- */


static gboolean
get_rate (CnJsonLoader *loader,
          JsonObject *object,
          const char *path,
          double     *out)
{
  JsonNode *node = cn_json_get_member (loader, object, path, "rate", FALSE);
  g_autofree char *where = cn_json_member_path (path, "rate");
  double rate;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      cn_json_fail (loader, where, _("a number is expected"));
      return FALSE;
    }
  rate = json_node_get_double (node);
  if (!(rate >= 0 && rate <= 1))
    {
      cn_json_fail (loader, where, _("the rate must be between 0 and 1"));
      return FALSE;
    }
  *out = rate;
  return TRUE;
}

static gboolean
get_bool (CnJsonLoader *loader,
          JsonObject *object,
          const char *path,
          const char *member)
{
  JsonNode *node = cn_json_get_member (loader, object, path, member, FALSE);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *where = cn_json_member_path (path, member);
      cn_json_fail (loader, where, _("true or false is expected"));
      return FALSE;
    }
  return json_node_get_boolean (node);
}

/* A list of texts; NULL when absent, null or empty. */
/* "YYYY-MM-DD", a real day. */
static gboolean
is_valid_date (const char *text)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  return year >= 1900 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static char *
get_date (CnJsonLoader *loader,
          JsonObject *object,
          const char *path,
          const char *member)
{
  char *date = cn_json_get_string (loader, object, path, member, FALSE);

  if (date != NULL && !is_valid_date (date))
    {
      g_autofree char *where = cn_json_member_path (path, member);
      cn_json_fail (loader, where, _("“%s” is not a date (YYYY-MM-DD)"), date);
      g_clear_pointer (&date, g_free);
    }
  return date;
}

/* "62", "58.2", "47.91" or a whole code "47.91Z". */
static gboolean
is_valid_naf_prefix (const char *text)
{
  gsize length = strlen (text);

  if (length < 2 || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]))
    return FALSE;
  if (length == 2)
    return TRUE;
  if (text[2] != '.' || length < 4 || length > 6 || !g_ascii_isdigit (text[3]))
    return FALSE;
  if (length >= 5 && !g_ascii_isdigit (text[4]))
    return FALSE;
  return length < 6 || g_ascii_isupper (text[5]);
}

static JsonObject *
parse_root (CnJsonLoader *loader,
            JsonParser *parser,
            const char *data)
{
  g_autoptr(GError) local_error = NULL;
  int version;

  if (!json_parser_load_from_data (parser, data, -1, &local_error))
    {
      g_set_error (loader->error, CN_ERROR, CN_ERROR_PARSE, _("%s: this is not valid JSON: %s"),
                   loader->name, local_error->message);
      loader->failed = TRUE;
      return NULL;
    }
  /* Empty or blank text parses without error and without a root. */
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (loader->error, CN_ERROR, CN_ERROR_PARSE, _("%s: a JSON object is expected"), loader->name);
      loader->failed = TRUE;
      return NULL;
    }
  cn_json_get_int (loader, json_node_get_object (json_parser_get_root (parser)), "", "version", TRUE, 1, G_MAXINT, &version);
  return loader->failed ? NULL : json_node_get_object (json_parser_get_root (parser));
}

static void
load_prices (CnJsonLoader      *loader,
             CnCatalogue *self,
             const char  *data)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root = parse_root (loader, parser, data);
  JsonArray *array;

  if (root == NULL)
    return;
  array = cn_json_get_array (loader, root, "", "prices", TRUE);
  for (guint i = 0; array != NULL && i < json_array_get_length (array) && !loader->failed; i++)
    {
      g_autofree char *path = g_strdup_printf ("prices[%u]", i);
      JsonObject *object = cn_json_get_element_object (loader, array, i, path);
      CnPrice *price;

      if (object == NULL)
        return;
      price = g_new0 (CnPrice, 1);
      g_ptr_array_add (self->prices, price);
      price->id = cn_json_get_id (loader, object, path, "id");
      price->label = cn_json_get_string (loader, object, path, "label", TRUE);
      price->description = cn_json_get_string (loader, object, path, "description", TRUE);
      cn_json_get_int (loader, object, path, "min", TRUE, 0, G_MAXINT, &price->min);
      cn_json_get_int (loader, object, path, "max", TRUE, 0, G_MAXINT, &price->max);
      price->unit = cn_json_get_string (loader, object, path, "unit", TRUE);
      price->expense_kind = cn_json_get_string (loader, object, path, "expense_kind", TRUE);
      if (loader->failed)
        return;
      if (g_hash_table_contains (self->price_index, price->id))
        cn_json_fail (loader, path, _("the price “%s” is defined twice"), price->id);
      else if (price->min > price->max)
        cn_json_fail (loader, path, _("the minimum (%d) is more than the maximum (%d)"), price->min, price->max);
      else if (!g_strv_contains (units, price->unit))
        {
          g_autofree char *where = g_strdup_printf ("%s.unit", path);
          cn_json_fail (loader, where, _("“%s” is not a unit (once, month or year)"), price->unit);
        }
      else if (!g_strv_contains (expense_kinds, price->expense_kind))
        {
          g_autofree char *where = g_strdup_printf ("%s.expense_kind", path);
          g_autofree char *known = g_strjoinv (", ", (char **) expense_kinds);
          cn_json_fail (loader, where, _("“%s” is not a kind of expense (%s)"), price->expense_kind, known);
        }
      else
        g_hash_table_insert (self->price_index, price->id, price);
    }
}

static gboolean
find_aid (CnCatalogue *self,
          const char  *id)
{
  for (guint i = 0; i < self->aids->len; i++)
    if (g_strcmp0 (((CnAid *) self->aids->pdata[i])->id, id) == 0)
      return TRUE;
  return FALSE;
}

static void
check_aid (CnJsonLoader *loader,
           AidEntry   *entry,
           const char *path)
{
  CnAid *aid = &entry->aid;

  for (guint r = 0; aid->regions != NULL && aid->regions[r] != NULL && !loader->failed; r++)
    if (cn_geo_region_lookup (aid->regions[r]) == NULL)
      {
        g_autofree char *where = g_strdup_printf ("%s.regions[%u]", path, r);
        cn_json_fail (loader, where, _("“%s” is not an INSEE region code"), aid->regions[r]);
      }
  for (guint n = 0; aid->excluded_naf != NULL && aid->excluded_naf[n] != NULL && !loader->failed; n++)
    if (!is_valid_naf_prefix (aid->excluded_naf[n]))
      {
        g_autofree char *where = g_strdup_printf ("%s.excluded_naf[%u]", path, n);
        cn_json_fail (loader, where, _("“%s” is not a NAF code or prefix (“62”, “47.91”)"), aid->excluded_naf[n]);
      }
  for (guint k = 0; aid->expense_kinds != NULL && aid->expense_kinds[k] != NULL && !loader->failed; k++)
    if (!g_strv_contains (expense_kinds, aid->expense_kinds[k]))
      {
        g_autofree char *where = g_strdup_printf ("%s.expense_kinds[%u]", path, k);
        g_autofree char *known = g_strjoinv (", ", (char **) expense_kinds);
        cn_json_fail (loader, where, _("“%s” is not a kind of expense (%s)"), aid->expense_kinds[k], known);
      }
  if (loader->failed)
    return;

  if (aid->valid_from != NULL && aid->valid_until != NULL && strcmp (aid->valid_until, aid->valid_from) < 0)
    cn_json_fail (loader, path, _("the end date is before the start date"));
  else if (aid->expense_max > 0 && aid->expense_min > aid->expense_max)
    cn_json_fail (loader, path, _("the minimum (%d) is more than the maximum (%d)"), aid->expense_min, aid->expense_max);
  else if (aid->max_employees > 0 && entry->min_employees >= aid->max_employees)
    cn_json_fail (loader, path, _("the minimum (%d) is more than the maximum (%d)"), entry->min_employees, aid->max_employees - 1);
  else if (aid->fixed_amount > 0 && aid->rate > 0)
    cn_json_fail (loader, path, _("an aid has a rate or a fixed amount, not both"));
  else if (aid->fixed_amount == 0 && aid->rate == 0 && aid->aid_max == 0)
    cn_json_fail (loader, path, _("an aid needs a rate, a fixed amount or a maximum"));
}

static void
load_aids (CnJsonLoader      *loader,
           CnCatalogue *self,
           const char  *data)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root = parse_root (loader, parser, data);
  JsonArray *array;

  if (root == NULL)
    return;
  array = cn_json_get_array (loader, root, "", "aids", TRUE);
  for (guint i = 0; array != NULL && i < json_array_get_length (array) && !loader->failed; i++)
    {
      g_autofree char *path = g_strdup_printf ("aids[%u]", i);
      JsonObject *object = cn_json_get_element_object (loader, array, i, path);
      AidEntry *entry;
      CnAid *aid;
      gboolean duplicate;

      if (object == NULL)
        return;
      entry = g_new0 (AidEntry, 1);
      aid = &entry->aid;
      entry->index = i;
      aid->max_employees = -1;
      aid->id = cn_json_get_id (loader, object, path, "id");
      duplicate = aid->id != NULL && find_aid (self, aid->id);
      g_ptr_array_add (self->aids, entry);
      aid->name = cn_json_get_string (loader, object, path, "name", TRUE);
      aid->issuer = cn_json_get_string (loader, object, path, "issuer", TRUE);
      aid->regions = cn_json_get_strv (loader, object, path, "regions", FALSE);
      aid->valid_from = get_date (loader, object, path, "valid_from");
      aid->valid_until = get_date (loader, object, path, "valid_until");
      cn_json_get_int (loader, object, path, "max_employees", FALSE, 1, G_MAXINT, &aid->max_employees);
      cn_json_get_int (loader, object, path, "min_employees", FALSE, 1, G_MAXINT, &entry->min_employees);
      aid->excluded_naf = cn_json_get_strv (loader, object, path, "excluded_naf", FALSE);
      aid->expense_kinds = cn_json_get_strv (loader, object, path, "expense_kinds", FALSE);
      get_rate (loader, object, path, &aid->rate);
      cn_json_get_int (loader, object, path, "expense_min", FALSE, 0, G_MAXINT, &aid->expense_min);
      cn_json_get_int (loader, object, path, "expense_max", FALSE, 0, G_MAXINT, &aid->expense_max);
      cn_json_get_int (loader, object, path, "aid_max", FALSE, 0, G_MAXINT, &aid->aid_max);
      cn_json_get_int (loader, object, path, "fixed_amount", FALSE, 0, G_MAXINT, &aid->fixed_amount);
      aid->url = cn_json_get_string (loader, object, path, "url", FALSE);
      entry->conditions = cn_json_get_strv (loader, object, path, "conditions", FALSE);
      entry->rate_ppm = (gint64) (aid->rate * 1000000.0 + 0.5);
      if (loader->failed)
        return;
      if (duplicate)
        cn_json_fail (loader, path, _("the aid “%s” is defined twice"), aid->id);
      else
        check_aid (loader, entry, path);
    }
}

static gboolean
find_testimony (CnCatalogue *self,
                const char  *id)
{
  for (guint i = 0; i < self->testimonies->len; i++)
    if (g_strcmp0 (((CnTestimony *) self->testimonies->pdata[i])->id, id) == 0)
      return TRUE;
  return FALSE;
}

static void
load_testimonies (CnJsonLoader      *loader,
                  CnCatalogue *self,
                  const char  *data)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root = parse_root (loader, parser, data);
  JsonArray *array;

  if (root == NULL)
    return;
  array = cn_json_get_array (loader, root, "", "testimonies", TRUE);
  for (guint i = 0; array != NULL && i < json_array_get_length (array) && !loader->failed; i++)
    {
      g_autofree char *path = g_strdup_printf ("testimonies[%u]", i);
      JsonObject *object = cn_json_get_element_object (loader, array, i, path);
      CnTestimony *testimony;
      gboolean duplicate;

      if (object == NULL)
        return;
      testimony = g_new0 (CnTestimony, 1);
      testimony->id = cn_json_get_id (loader, object, path, "id");
      duplicate = testimony->id != NULL && find_testimony (self, testimony->id);
      g_ptr_array_add (self->testimonies, testimony);
      testimony->company = cn_json_get_string (loader, object, path, "company", TRUE);
      testimony->trade = cn_json_get_string (loader, object, path, "trade", TRUE);
      testimony->naf_sections = cn_json_get_strv (loader, object, path, "naf_sections", TRUE);
      testimony->size = cn_json_get_string (loader, object, path, "size", TRUE);
      testimony->region = cn_json_get_string (loader, object, path, "region", FALSE);
      testimony->quote = cn_json_get_string (loader, object, path, "quote", TRUE);
      testimony->story = cn_json_get_string (loader, object, path, "story", TRUE);
      /* Action ids are not checked against a questionnaire: a testimony
       * may speak to actions a later version adds. */
      testimony->actions = cn_json_get_strv (loader, object, path, "actions", FALSE);
      testimony->illustrative = get_bool (loader, object, path, "illustrative");
      if (loader->failed)
        return;
      if (duplicate)
        {
          cn_json_fail (loader, path, _("the testimony “%s” is defined twice"), testimony->id);
          return;
        }
      for (guint s = 0; testimony->naf_sections[s] != NULL; s++)
        {
          const char *letter = testimony->naf_sections[s];

          if (strlen (letter) != 1 || cn_naf_section_label (letter[0]) == NULL)
            {
              g_autofree char *where = g_strdup_printf ("%s.naf_sections[%u]", path, s);
              cn_json_fail (loader, where, _("“%s” is not a NAF section letter"), letter);
              return;
            }
        }
      if (!g_strv_contains (sizes, testimony->size))
        {
          g_autofree char *where = g_strdup_printf ("%s.size", path);
          cn_json_fail (loader, where, _("“%s” is not a size (solo, micro, petite or moyenne)"), testimony->size);
        }
      else if (testimony->region != NULL && cn_geo_region_lookup (testimony->region) == NULL)
        {
          g_autofree char *where = g_strdup_printf ("%s.region", path);
          cn_json_fail (loader, where, _("“%s” is not an INSEE region code"), testimony->region);
        }
      for (guint a = 0; testimony->actions != NULL && testimony->actions[a] != NULL && !loader->failed; a++)
        if (!cn_json_is_valid_id (testimony->actions[a]))
          {
            g_autofree char *where = g_strdup_printf ("%s.actions[%u]", path, a);
            cn_json_fail (loader, where, _("“%s” is not a valid identifier (lower-case letters, digits and “-”)"),
                  testimony->actions[a]);
          }
    }
}

CnCatalogue *
cn_catalogue_load_data (const char  *prices_json,
                        const char  *aids_json,
                        const char  *testimonies_json,
                        GError     **error)
{
  g_autoptr(CnCatalogue) self = NULL;
  CnJsonLoader prices = { "prices.json", error, FALSE };
  CnJsonLoader aids = { "aids.json", error, FALSE };
  CnJsonLoader testimonies = { "testimonies.json", error, FALSE };

  g_return_val_if_fail (prices_json != NULL, NULL);
  g_return_val_if_fail (aids_json != NULL, NULL);
  g_return_val_if_fail (testimonies_json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = catalogue_new ();
  load_prices (&prices, self, prices_json);
  if (prices.failed)
    return NULL;
  load_aids (&aids, self, aids_json);
  if (aids.failed)
    return NULL;
  load_testimonies (&testimonies, self, testimonies_json);
  if (testimonies.failed)
    return NULL;
  return g_steal_pointer (&self);
}

static char *
lookup_resource (const char  *name,
                 GError     **error)
{
  g_autofree char *path = g_build_path ("/", RESOURCE_DIR, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  bytes = g_resources_lookup_data (path, 0, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_IO, _("%s: cannot be read: %s"), name, local_error->message);
      return NULL;
    }
  /* NUL-terminated copy: the loader takes text. */
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

CnCatalogue *
cn_catalogue_load_default (GError **error)
{
  g_autofree char *prices = NULL;
  g_autofree char *aids = NULL;
  g_autofree char *testimonies = NULL;

  /* Referencing the resource links its object file in, and with it the
   * constructor that registers it. */
  (void) cn_core_get_resource ();
  if ((prices = lookup_resource ("prices.json", error)) == NULL ||
      (aids = lookup_resource ("aids.json", error)) == NULL ||
      (testimonies = lookup_resource ("testimonies.json", error)) == NULL)
    return NULL;
  return cn_catalogue_load_data (prices, aids, testimonies, error);
}

/* ---- Lookups ---------------------------------------------------------- */

const CnPrice *
cn_catalogue_find_price (CnCatalogue *self,
                         const char  *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  return id != NULL ? g_hash_table_lookup (self->price_index, id) : NULL;
}

guint
cn_catalogue_get_n_aids (CnCatalogue *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->aids->len;
}

const CnAid *
cn_catalogue_get_aid (CnCatalogue *self,
                      guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->aids->len, NULL);

  return &((AidEntry *) self->aids->pdata[index])->aid;
}

/* ---- Judging the aids ------------------------------------------------- */

void
cn_aid_verdict_free (CnAidVerdict *verdict)
{
  if (verdict == NULL)
    return;
  g_free (verdict->reason);
  g_free (verdict);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnAidVerdict, cn_aid_verdict_free)

/* "31/07/2021" from "2021-07-31", whatever the locale. */
static char *
french_date (const char *iso)
{
  return g_strdup_printf ("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

static char *
region_names (const char *const *codes)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; codes[i] != NULL; i++)
    {
      const CnRegion *region = cn_geo_region_lookup (codes[i]);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, region != NULL ? region->name : codes[i]);
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
naf_excluded (const CnAid *aid,
              const char  *naf)
{
  for (guint i = 0; aid->excluded_naf != NULL && aid->excluded_naf[i] != NULL; i++)
    if (g_str_has_prefix (naf, aid->excluded_naf[i]))
      return TRUE;
  return FALSE;
}

/* Rate × the expense (up to the ceiling of expenses), capped, in whole euros
 * below: issuers pay whole euros. */
static int
rate_amount (const AidEntry *entry,
             gint64          expense)
{
  const CnAid *aid = &entry->aid;
  gint64 amount;

  if (aid->expense_max > 0)
    expense = MIN (expense, (gint64) aid->expense_max);
  amount = expense * entry->rate_ppm / 1000000;
  if (aid->aid_max > 0)
    amount = MIN (amount, (gint64) aid->aid_max);
  return (int) CLAMP (amount, 0, G_MAXINT);
}

static CnAidVerdict *
judge (const AidEntry *entry,
       CnCompany      *company,
       const char     *expense_kind,
       int             expense,
       const char     *today)
{
  const CnAid *aid = &entry->aid;
  g_autoptr(CnAidVerdict) verdict = g_new0 (CnAidVerdict, 1);
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func (g_free);
  const char *region = cn_company_get_region (company);
  const char *naf = cn_company_get_naf (company);
  const CnHeadcountBracket *bracket = cn_headcount_lookup (cn_company_get_headcount (company));
  gboolean headcount_known = bracket != NULL && bracket->min >= 0;

  verdict->aid = aid;

  /* What rules the aid out, in the order a connector would say it. */
  if (aid->valid_until != NULL && strcmp (today, aid->valid_until) > 0)
    {
      g_autofree char *date = french_date (aid->valid_until);
      verdict->reason = g_strdup_printf (_("Closed on %s"), date);
      return g_steal_pointer (&verdict);
    }
  if (aid->valid_from != NULL && strcmp (today, aid->valid_from) < 0)
    {
      g_autofree char *date = french_date (aid->valid_from);
      verdict->reason = g_strdup_printf (_("Opens on %s"), date);
      return g_steal_pointer (&verdict);
    }
  if (aid->regions != NULL)
    {
      if (region == NULL)
        g_ptr_array_add (checks, g_strdup (_("Check the region: the company's address is not known")));
      else if (!g_strv_contains ((const char *const *) aid->regions, region))
        {
          g_autofree char *names = region_names ((const char *const *) aid->regions);
          verdict->reason = g_strdup_printf (_("Only in %s"), names);
          return g_steal_pointer (&verdict);
        }
    }
  if (aid->max_employees > 0)
    {
      if (headcount_known && bracket->min >= aid->max_employees)
        {
          verdict->reason = g_strdup_printf (_("Only for companies under %d employees"), aid->max_employees);
          return g_steal_pointer (&verdict);
        }
      if (!headcount_known)
        g_ptr_array_add (checks, g_strdup (_("Check the headcount: it is not known")));
      else if (bracket->max >= aid->max_employees)
        g_ptr_array_add (checks, g_strdup (_("Check the headcount: the bracket spans the limit")));
    }
  if (entry->min_employees > 0)
    {
      if (headcount_known && bracket->max < entry->min_employees)
        {
          verdict->reason = g_strdup_printf (_("Only for companies of at least %d employees"), entry->min_employees);
          return g_steal_pointer (&verdict);
        }
      if (!headcount_known)
        {
          if (aid->max_employees <= 0)
            g_ptr_array_add (checks, g_strdup (_("Check the headcount: it is not known")));
        }
      else if (bracket->min < entry->min_employees)
        g_ptr_array_add (checks, g_strdup (_("Check the headcount: the bracket spans the limit")));
    }
  if (aid->excluded_naf != NULL)
    {
      if (naf == NULL)
        g_ptr_array_add (checks, g_strdup (_("Check the sector: the activity code is not known")));
      else if (naf_excluded (aid, naf))
        {
          verdict->reason = g_strdup (_("Excluded sector"));
          return g_steal_pointer (&verdict);
        }
    }
  if (expense_kind != NULL && aid->expense_kinds != NULL &&
      !g_strv_contains ((const char *const *) aid->expense_kinds, expense_kind))
    {
      verdict->reason = g_strdup (_("Not for this kind of expense"));
      return g_steal_pointer (&verdict);
    }
  if (expense > 0 && aid->expense_min > 0 && expense < aid->expense_min)
    {
      g_autofree char *minimum = cn_format_euros (aid->expense_min);
      verdict->reason = g_strdup_printf (_("Expense below the minimum of %s"), minimum);
      return g_steal_pointer (&verdict);
    }

  /* Eligible: how much. */
  verdict->eligible = TRUE;
  if (aid->fixed_amount > 0)
    verdict->amount = aid->fixed_amount;
  else if (entry->rate_ppm > 0 && expense > 0)
    verdict->amount = rate_amount (entry, expense);
  else if (entry->rate_ppm > 0)
    {
      /* No expense yet: what the aid gives at most. */
      verdict->amount = aid->expense_max > 0 ? rate_amount (entry, aid->expense_max) : aid->aid_max;
      g_ptr_array_add (checks, g_strdup (_("The amount depends on the expense")));
    }
  else
    {
      g_autofree char *maximum = cn_format_euros (aid->aid_max);
      g_ptr_array_add (checks, g_strdup_printf (_("The issuer sets the amount case by case, up to %s"), maximum));
    }
  for (guint i = 0; entry->conditions != NULL && entry->conditions[i] != NULL; i++)
    g_ptr_array_add (checks, g_strdup_printf (_("Also check: %s"), entry->conditions[i]));

  if (checks->len > 0)
    {
      verdict->to_check = TRUE;
      g_ptr_array_add (checks, NULL);
      verdict->reason = g_strjoinv ("\n", (char **) checks->pdata);
    }
  return g_steal_pointer (&verdict);
}

static int
verdict_rank (const CnAidVerdict *verdict)
{
  if (!verdict->eligible)
    return 2;
  return verdict->to_check ? 1 : 0;
}

static gint
compare_verdicts (gconstpointer a,
                  gconstpointer b)
{
  const CnAidVerdict *va = *(CnAidVerdict **) a;
  const CnAidVerdict *vb = *(CnAidVerdict **) b;
  int rank = verdict_rank (va) - verdict_rank (vb);

  if (rank != 0)
    return rank;
  if (va->eligible && va->amount != vb->amount)
    return va->amount > vb->amount ? -1 : 1;
  /* Then in the order of the file. */
  return (int) ((const AidEntry *) va->aid)->index - (int) ((const AidEntry *) vb->aid)->index;
}

GPtrArray *
cn_catalogue_judge_aids (CnCatalogue *self,
                         CnCompany   *company,
                         const char  *expense_kind,
                         int          expense,
                         const char  *today)
{
  GPtrArray *verdicts;
  g_autofree char *now = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (CN_IS_COMPANY (company), NULL);

  if (today == NULL || !is_valid_date (today))
    {
      g_autoptr(GDateTime) date = g_date_time_new_now_local ();

      g_return_val_if_fail (today == NULL, NULL);
      now = g_date_time_format (date, "%Y-%m-%d");
      today = now;
    }

  verdicts = g_ptr_array_new_full (self->aids->len, (GDestroyNotify) cn_aid_verdict_free);
  for (guint i = 0; i < self->aids->len; i++)
    g_ptr_array_add (verdicts, judge (self->aids->pdata[i], company, expense_kind, expense, today));
  g_ptr_array_sort (verdicts, compare_verdicts);
  return verdicts;
}

/* ---- Testimonies ------------------------------------------------------ */

const CnTestimony *
cn_catalogue_match_testimony (CnCatalogue       *self,
                              CnCompany         *company,
                              const char        *size,
                              const char *const *action_ids)
{
  const char *naf, *region;
  const CnTestimony *best = NULL;
  char section[2] = { 0, 0 };
  int best_score = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (CN_IS_COMPANY (company), NULL);

  naf = cn_company_get_naf (company);
  region = cn_company_get_region (company);
  section[0] = naf != NULL ? cn_naf_section (naf) : 0;
  if (section[0] == 0)
    return NULL;

  for (guint i = 0; i < self->testimonies->len; i++)
    {
      const CnTestimony *testimony = self->testimonies->pdata[i];
      int score = 0;

      /* The sector must match: a florist does not speak to a plumber. */
      if (!g_strv_contains ((const char *const *) testimony->naf_sections, section))
        continue;
      score += 4;
      if (size != NULL && g_strcmp0 (testimony->size, size) == 0)
        score += 2;
      if (region != NULL && g_strcmp0 (testimony->region, region) == 0)
        score += 1;
      for (guint a = 0; action_ids != NULL && action_ids[a] != NULL && testimony->actions != NULL; a++)
        if (g_strv_contains ((const char *const *) testimony->actions, action_ids[a]))
          {
            score += 1;
            break;
          }
      /* Strictly better only: ties go to the first in the file. */
      if (score > best_score)
        {
          best = testimony;
          best_score = score;
        }
    }
  return best;
}

/* ---- Formatting ------------------------------------------------------- */

char *
cn_format_euros (int euros)
{
  GString *text = g_string_new (NULL);
  gint64 value = euros;
  char digits[24];
  gsize length;

  if (value < 0)
    {
      g_string_append_c (text, '-');
      value = -value;
    }
  g_snprintf (digits, sizeof digits, "%" G_GINT64_FORMAT, value);
  length = strlen (digits);
  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append (text, "\u202f");  /* NARROW NO-BREAK SPACE */
      g_string_append_c (text, digits[i]);
    }
  g_string_append (text, "\u00a0€");  /* NO-BREAK SPACE */
  return g_string_free (text, FALSE);
}
