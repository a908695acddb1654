/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-catalogue"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cn-catalogue.h"
#include "cn-core-resources.h"
#include "cn-error.h"
#include "cn-json-loader.h"
#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-identifiers.h"
#include "cn-naf.h"

#define RESOURCE_DIR "/io/github/croissanceconnectee/Connecteur/catalogue"

static const char *const units[] = { "once", "month", "year", NULL };
static const char *const expense_kinds[] = { CN_EXPENSE_KINDS, NULL };
static const char *const sizes[] = { "solo", "micro", "petite", "moyenne", NULL };
static const char *const formats[] = { "video", "audio", "article", NULL };
static const char *const resource_kinds[] = { "guide", "mooc", "training", "tool", "kit", NULL };
static const char *const raters[] = { "connector", "company", NULL };

static const struct {
  const char *file_name;
  const char *member;
  const char *label;
} parts[CN_CATALOGUE_N_PARTS] = {
  [CN_CATALOGUE_PRICES] = { "prices.json", "prices", N_("Price reference") },
  [CN_CATALOGUE_AIDS] = { "aids.json", "aids", N_("Financial aids") },
  [CN_CATALOGUE_TESTIMONIES] = { "testimonies.json", "testimonies", N_("Testimonies") },
  [CN_CATALOGUE_RESOURCES] = { "resources.json", "resources", N_("Resources") },
  [CN_CATALOGUE_PROVIDERS] = { "providers.json", "providers", N_("Provider directory") },
};

/* Revenue brackets of the company model, in euros: [min, max). */
static const struct {
  const char *code;
  gint64      min;
  gint64      max;
} revenue_bounds[] = {
  { "lt100k", 0, 100000 },
  { "100k-500k", 100000, 500000 },
  { "500k-2m", 500000, 2000000 },
  { "2m-10m", 2000000, 10000000 },
  { "10m-50m", 10000000, 50000000 },
  { "gt50m", 50000000, G_MAXINT64 },
};

/* What the header shows of an aid, and what only the judge needs. */
typedef struct {
  CnAid   aid;            /* first: a CnAid * is an AidEntry * */
  guint   index;          /* file order, for stable sorting */
  int     min_employees;  /* eligible from this many (inclusive); 0: any */
  gint64  rate_ppm;       /* the rate in millionths, so amounts are exact */
  char  **conditions;     /* French, what the record cannot tell; NULL: none */
  gint64  max_revenue;    /* eligible below this turnover, euros; 0: any */
  int     min_age_years;  /* eligible from this age of the firm; 0: any */
  int     max_age_years;  /* eligible below this age; 0: any */
} AidEntry;

struct _CnCatalogue
{
  GPtrArray  *prices;       /* of CnPrice */
  GHashTable *price_index;  /* id → CnPrice */
  GPtrArray  *aids;         /* of AidEntry */
  GPtrArray  *testimonies;  /* of CnTestimony */
  GPtrArray  *resources;    /* of CnResource */
  GPtrArray  *providers;    /* of CnProvider */
  /* Each part's version, origin and text (kept for the plans it issues). */
  int         versions[CN_CATALOGUE_N_PARTS];
  gboolean    imported[CN_CATALOGUE_N_PARTS];
  char       *texts[CN_CATALOGUE_N_PARTS];
  char       *checksums[CN_CATALOGUE_N_PARTS];
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
  g_free (testimony->format);
  g_free (testimony->url);
  g_free (testimony->quote);
  g_free (testimony->story);
  g_strfreev (testimony->actions);
  g_free (testimony);
}

static void
resource_free (CnResource *resource)
{
  g_free (resource->id);
  g_free (resource->title);
  g_free (resource->kind);
  g_free (resource->publisher);
  g_free (resource->summary);
  g_free (resource->url);
  g_strfreev (resource->dimensions);
  g_free (resource->duration);
  g_free (resource);
}

static void
service_free (CnProviderService *service)
{
  g_free (service->price_ref);
  g_free (service);
}

static void
rating_free (CnRating *rating)
{
  g_free (rating->by);
  g_free (rating->comment);
  g_free (rating->date);
  g_free (rating);
}

static void
provider_free (CnProvider *provider)
{
  g_free (provider->id);
  g_free (provider->name);
  g_free (provider->siret);
  g_free (provider->commune);
  g_free (provider->postcode);
  g_strfreev (provider->regions);
  g_free (provider->description);
  g_free (provider->url);
  g_free (provider->email);
  g_ptr_array_unref (provider->services);
  g_ptr_array_unref (provider->ratings);
  g_free (provider);
}

static CnCatalogue *
catalogue_new (void)
{
  CnCatalogue *self = g_atomic_rc_box_new0 (CnCatalogue);

  self->prices = g_ptr_array_new_with_free_func ((GDestroyNotify) price_free);
  self->price_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->aids = g_ptr_array_new_with_free_func ((GDestroyNotify) aid_free);
  self->testimonies = g_ptr_array_new_with_free_func ((GDestroyNotify) testimony_free);
  self->resources = g_ptr_array_new_with_free_func ((GDestroyNotify) resource_free);
  self->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) provider_free);
  return self;
}

static void
catalogue_clear (CnCatalogue *self)
{
  g_hash_table_unref (self->price_index);
  g_ptr_array_unref (self->prices);
  g_ptr_array_unref (self->aids);
  g_ptr_array_unref (self->testimonies);
  g_ptr_array_unref (self->resources);
  g_ptr_array_unref (self->providers);
  for (guint i = 0; i < CN_CATALOGUE_N_PARTS; i++)
    {
      g_free (self->texts[i]);
      g_free (self->checksums[i]);
    }
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

/* The item of @array with @id, or NULL: every item starts with its id
 * (an AidEntry with its CnAid). */
static gpointer
find_by_id (GPtrArray  *array,
            const char *id)
{
  for (guint i = 0; id != NULL && i < array->len; i++)
    if (g_strcmp0 (*(char **) array->pdata[i], id) == 0)
      return array->pdata[i];
  return NULL;
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

/* Only web addresses open from the app: never file:// or a command. */
static gboolean
is_web_address (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);

  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
         (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 || g_strcmp0 (g_uri_get_scheme (uri), "http") == 0);
}

static void
check_web_address (CnJsonLoader *loader,
                   const char   *path,
                   const char   *member,
                   const char   *url)
{
  if (url != NULL && !loader->failed && !is_web_address (url))
    {
      g_autofree char *where = cn_json_member_path (path, member);
      cn_json_fail (loader, where, _("“%s” is not a web address (https://…)"), url);
    }
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
            const char *data,
            int        *version)
{
  g_autoptr(GError) local_error = NULL;

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
  cn_json_get_int (loader, json_node_get_object (json_parser_get_root (parser)), "", "version", TRUE, 1, G_MAXINT, version);
  return loader->failed ? NULL : json_node_get_object (json_parser_get_root (parser));
}

static void
load_prices (CnJsonLoader      *loader,
             CnCatalogue *self,
             const char  *data)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  int version = 0;
  JsonObject *root = parse_root (loader, parser, data, &version);
  JsonArray *array;

  if (root == NULL)
    return;
  self->versions[CN_CATALOGUE_PRICES] = version;
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
      price->typical = -1;
      cn_json_get_int (loader, object, path, "typical", FALSE, 0, G_MAXINT, &price->typical);
      price->unit = cn_json_get_string (loader, object, path, "unit", TRUE);
      price->expense_kind = cn_json_get_string (loader, object, path, "expense_kind", TRUE);
      if (loader->failed)
        return;
      if (g_hash_table_contains (self->price_index, price->id))
        cn_json_fail (loader, path, _("the price “%s” is defined twice"), price->id);
      else if (price->min > price->max)
        cn_json_fail (loader, path, _("the minimum (%d) is more than the maximum (%d)"), price->min, price->max);
      else if (price->typical >= 0 && (price->typical < price->min || price->typical > price->max))
        {
          g_autofree char *where = g_strdup_printf ("%s.typical", path);
          cn_json_fail (loader, where, _("the typical price (%d) is outside the range %d–%d"),
                        price->typical, price->min, price->max);
        }
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
        {
          if (price->typical < 0)
            price->typical = price->min + (price->max - price->min) / 2;
          g_hash_table_insert (self->price_index, price->id, price);
        }
    }
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
  else if (entry->max_age_years > 0 && entry->min_age_years >= entry->max_age_years)
    cn_json_fail (loader, path, _("the minimum (%d) is more than the maximum (%d)"), entry->min_age_years, entry->max_age_years - 1);
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
  int version = 0;
  JsonObject *root = parse_root (loader, parser, data, &version);
  JsonArray *array;

  if (root == NULL)
    return;
  self->versions[CN_CATALOGUE_AIDS] = version;
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
      duplicate = aid->id != NULL && find_by_id (self->aids, aid->id) != NULL;
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
      check_web_address (loader, path, "url", aid->url);
      entry->conditions = cn_json_get_strv (loader, object, path, "conditions", FALSE);
      {
        int max_revenue = 0;

        cn_json_get_int (loader, object, path, "max_revenue", FALSE, 1, G_MAXINT, &max_revenue);
        entry->max_revenue = max_revenue;
      }
      cn_json_get_int (loader, object, path, "min_age_years", FALSE, 1, 200, &entry->min_age_years);
      cn_json_get_int (loader, object, path, "max_age_years", FALSE, 1, 200, &entry->max_age_years);
      entry->rate_ppm = (gint64) (aid->rate * 1000000.0 + 0.5);
      if (loader->failed)
        return;
      if (duplicate)
        cn_json_fail (loader, path, _("the aid “%s” is defined twice"), aid->id);
      else
        check_aid (loader, entry, path);
    }
}

static void
load_testimonies (CnJsonLoader      *loader,
                  CnCatalogue *self,
                  const char  *data)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  int version = 0;
  JsonObject *root = parse_root (loader, parser, data, &version);
  JsonArray *array;

  if (root == NULL)
    return;
  self->versions[CN_CATALOGUE_TESTIMONIES] = version;
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
      duplicate = testimony->id != NULL && find_by_id (self->testimonies, testimony->id) != NULL;
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
      testimony->format = cn_json_get_string (loader, object, path, "format", FALSE);
      testimony->url = cn_json_get_string (loader, object, path, "url", FALSE);
      cn_json_get_int (loader, object, path, "level", FALSE, 1, 5, &testimony->level);
      if (testimony->format == NULL && !loader->failed)
        testimony->format = g_strdup ("article");
      if (loader->failed)
        return;
      if (!g_strv_contains (formats, testimony->format))
        {
          g_autofree char *where = g_strdup_printf ("%s.format", path);
          cn_json_fail (loader, where, _("“%s” is not a format (video, audio or article)"), testimony->format);
          return;
        }
      if (testimony->url != NULL && !is_web_address (testimony->url))
        {
          g_autofree char *where = g_strdup_printf ("%s.url", path);
          cn_json_fail (loader, where, _("“%s” is not a web address (https://…)"), testimony->url);
          return;
        }
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


static void
load_resources (CnJsonLoader *loader,
                CnCatalogue  *self,
                const char   *data)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  int version = 0;
  JsonObject *root = parse_root (loader, parser, data, &version);
  JsonArray *array;

  if (root == NULL)
    return;
  self->versions[CN_CATALOGUE_RESOURCES] = version;
  array = cn_json_get_array (loader, root, "", "resources", TRUE);
  for (guint i = 0; array != NULL && i < json_array_get_length (array) && !loader->failed; i++)
    {
      g_autofree char *path = g_strdup_printf ("resources[%u]", i);
      JsonObject *object = cn_json_get_element_object (loader, array, i, path);
      JsonArray *levels;
      CnResource *resource;
      gboolean duplicate;

      if (object == NULL)
        return;
      resource = g_new0 (CnResource, 1);
      resource->id = cn_json_get_id (loader, object, path, "id");
      duplicate = resource->id != NULL && find_by_id (self->resources, resource->id) != NULL;
      g_ptr_array_add (self->resources, resource);
      resource->title = cn_json_get_string (loader, object, path, "title", TRUE);
      resource->kind = cn_json_get_string (loader, object, path, "kind", TRUE);
      resource->publisher = cn_json_get_string (loader, object, path, "publisher", TRUE);
      resource->summary = cn_json_get_string (loader, object, path, "summary", TRUE);
      resource->url = cn_json_get_string (loader, object, path, "url", TRUE);
      resource->dimensions = cn_json_get_strv (loader, object, path, "dimensions", TRUE);
      resource->free = get_bool (loader, object, path, "free");
      resource->duration = cn_json_get_string (loader, object, path, "duration", FALSE);
      levels = cn_json_get_array (loader, object, path, "levels", TRUE);
      if (loader->failed)
        return;
      if (duplicate)
        {
          cn_json_fail (loader, path, _("the resource “%s” is defined twice"), resource->id);
          return;
        }
      if (!g_strv_contains (resource_kinds, resource->kind))
        {
          g_autofree char *where = g_strdup_printf ("%s.kind", path);
          g_autofree char *known = g_strjoinv (", ", (char **) resource_kinds);
          cn_json_fail (loader, where, _("“%s” is not a kind of resource (%s)"), resource->kind, known);
          return;
        }
      check_web_address (loader, path, "url", resource->url);
      for (guint d = 0; resource->dimensions[d] != NULL && !loader->failed; d++)
        if (!cn_json_is_valid_id (resource->dimensions[d]))
          {
            g_autofree char *where = g_strdup_printf ("%s.dimensions[%u]", path, d);
            cn_json_fail (loader, where, _("“%s” is not a valid identifier (lower-case letters, digits and “-”)"),
                          resource->dimensions[d]);
          }
      for (guint l = 0; l < json_array_get_length (levels) && !loader->failed; l++)
        {
          JsonNode *node = json_array_get_element (levels, l);
          gint64 level = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
                         ? json_node_get_int (node) : 0;

          if (level < 1 || level > 5)
            {
              g_autofree char *where = g_strdup_printf ("%s.levels[%u]", path, l);
              cn_json_fail (loader, where, _("a maturity level from 1 to 5 is expected"));
            }
          else
            resource->levels |= 1u << level;
        }
      if (!loader->failed && resource->levels == 0)
        {
          g_autofree char *where = g_strdup_printf ("%s.levels", path);
          cn_json_fail (loader, where, _("at least one maturity level is expected"));
        }
    }
}

static void
load_providers (CnJsonLoader *loader,
                CnCatalogue  *self,
                const char   *data)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  int version = 0;
  JsonObject *root = parse_root (loader, parser, data, &version);
  JsonArray *array;

  if (root == NULL)
    return;
  self->versions[CN_CATALOGUE_PROVIDERS] = version;
  array = cn_json_get_array (loader, root, "", "providers", TRUE);
  for (guint i = 0; array != NULL && i < json_array_get_length (array) && !loader->failed; i++)
    {
      g_autofree char *path = g_strdup_printf ("providers[%u]", i);
      JsonObject *object = cn_json_get_element_object (loader, array, i, path);
      JsonArray *services, *ratings;
      CnProvider *provider;
      gboolean duplicate;

      if (object == NULL)
        return;
      provider = g_new0 (CnProvider, 1);
      provider->services = g_ptr_array_new_with_free_func ((GDestroyNotify) service_free);
      provider->ratings = g_ptr_array_new_with_free_func ((GDestroyNotify) rating_free);
      provider->id = cn_json_get_id (loader, object, path, "id");
      duplicate = provider->id != NULL && find_by_id (self->providers, provider->id) != NULL;
      g_ptr_array_add (self->providers, provider);
      provider->name = cn_json_get_string (loader, object, path, "name", TRUE);
      provider->siret = cn_json_get_string (loader, object, path, "siret", FALSE);
      provider->commune = cn_json_get_string (loader, object, path, "commune", TRUE);
      provider->postcode = cn_json_get_string (loader, object, path, "postcode", FALSE);
      provider->regions = cn_json_get_strv (loader, object, path, "regions", TRUE);
      provider->description = cn_json_get_string (loader, object, path, "description", TRUE);
      provider->url = cn_json_get_string (loader, object, path, "url", FALSE);
      provider->email = cn_json_get_string (loader, object, path, "email", FALSE);
      provider->illustrative = get_bool (loader, object, path, "illustrative");
      services = cn_json_get_array (loader, object, path, "services", TRUE);
      ratings = cn_json_get_array (loader, object, path, "ratings", FALSE);
      if (loader->failed)
        return;
      if (duplicate)
        {
          cn_json_fail (loader, path, _("the provider “%s” is defined twice"), provider->id);
          return;
        }
      if (provider->siret != NULL)
        {
          g_autoptr(GError) local_error = NULL;
          g_autofree char *siret = NULL;

          if (!cn_siret_validate (provider->siret, &siret, &local_error))
            {
              g_autofree char *where = g_strdup_printf ("%s.siret", path);
              cn_json_fail (loader, where, "%s", local_error->message);
              return;
            }
        }
      check_web_address (loader, path, "url", provider->url);
      for (guint r = 0; provider->regions[r] != NULL && !loader->failed; r++)
        if (cn_geo_region_lookup (provider->regions[r]) == NULL)
          {
            g_autofree char *where = g_strdup_printf ("%s.regions[%u]", path, r);
            cn_json_fail (loader, where, _("“%s” is not an INSEE region code"), provider->regions[r]);
          }
      if (json_array_get_length (services) == 0 && !loader->failed)
        {
          g_autofree char *where = g_strdup_printf ("%s.services", path);
          cn_json_fail (loader, where, _("at least one service is expected"));
        }
      for (guint k = 0; k < json_array_get_length (services) && !loader->failed; k++)
        {
          g_autofree char *where = g_strdup_printf ("%s.services[%u]", path, k);
          JsonObject *item = cn_json_get_element_object (loader, services, k, where);
          CnProviderService *service;

          if (item == NULL)
            return;
          service = g_new0 (CnProviderService, 1);
          g_ptr_array_add (provider->services, service);
          service->price_ref = cn_json_get_string (loader, item, where, "price_ref", TRUE);
          cn_json_get_int (loader, item, where, "min", TRUE, 0, G_MAXINT, &service->min);
          cn_json_get_int (loader, item, where, "max", TRUE, 0, G_MAXINT, &service->max);
          if (loader->failed)
            return;
          /* A service is one of the price reference's, so the two compare. */
          if (cn_catalogue_find_price (self, service->price_ref) == NULL)
            {
              g_autofree char *member = g_strdup_printf ("%s.price_ref", where);
              cn_json_fail (loader, member, _("“%s” is not in the price reference"), service->price_ref);
            }
          else if (service->min > service->max)
            cn_json_fail (loader, where, _("the minimum (%d) is more than the maximum (%d)"), service->min, service->max);
          else if (cn_provider_find_service (provider, service->price_ref) != service)
            cn_json_fail (loader, where, _("the service “%s” is listed twice"), service->price_ref);
        }
      for (guint k = 0; ratings != NULL && k < json_array_get_length (ratings) && !loader->failed; k++)
        {
          g_autofree char *where = g_strdup_printf ("%s.ratings[%u]", path, k);
          JsonObject *item = cn_json_get_element_object (loader, ratings, k, where);
          CnRating *rating;

          if (item == NULL)
            return;
          rating = g_new0 (CnRating, 1);
          g_ptr_array_add (provider->ratings, rating);
          rating->by = cn_json_get_string (loader, item, where, "by", TRUE);
          cn_json_get_int (loader, item, where, "score", TRUE, 1, 5, &rating->score);
          rating->comment = cn_json_get_string (loader, item, where, "comment", FALSE);
          rating->date = get_date (loader, item, where, "date");
          if (!loader->failed && !g_strv_contains (raters, rating->by))
            {
              g_autofree char *member = g_strdup_printf ("%s.by", where);
              cn_json_fail (loader, member, _("“%s” is not who rates (connector or company)"), rating->by);
            }
        }
    }
}

static const char empty_resources[] = "{ \"version\": 1, \"resources\": [] }";
static const char empty_providers[] = "{ \"version\": 1, \"providers\": [] }";

static char *
lookup_resource (const char  *name,
                 GError     **error)
{
  g_autofree char *path = g_build_path ("/", RESOURCE_DIR, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;

  /* Referencing the resource links its object file in, and with it the
   * constructor that registers it. */
  (void) cn_core_get_resource ();
  bytes = g_resources_lookup_data (path, 0, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_IO, _("%s: cannot be read: %s"), name, local_error->message);
      return NULL;
    }
  /* NUL-terminated copy: the loader takes text. */
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* Loads the five texts; @names names them in messages (NULL: the usual
 * file names). */
static CnCatalogue *
load_parts (const char *const  texts[CN_CATALOGUE_N_PARTS],
            const char *const  names[CN_CATALOGUE_N_PARTS],
            GError           **error)
{
  static void (*const loaders[CN_CATALOGUE_N_PARTS]) (CnJsonLoader *, CnCatalogue *, const char *) = {
    /* Prices first: the providers' services refer to them. */
    [CN_CATALOGUE_PRICES] = load_prices,
    [CN_CATALOGUE_AIDS] = load_aids,
    [CN_CATALOGUE_TESTIMONIES] = load_testimonies,
    [CN_CATALOGUE_RESOURCES] = load_resources,
    [CN_CATALOGUE_PROVIDERS] = load_providers,
  };
  g_autoptr(CnCatalogue) self = catalogue_new ();

  for (guint part = 0; part < CN_CATALOGUE_N_PARTS; part++)
    {
      CnJsonLoader loader = { names != NULL && names[part] != NULL ? names[part] : parts[part].file_name, error, FALSE };

      loaders[part] (&loader, self, texts[part]);
      if (loader.failed)
        return NULL;
      self->texts[part] = g_strdup (texts[part]);
      self->checksums[part] = g_compute_checksum_for_string (G_CHECKSUM_SHA256, texts[part], -1);
    }
  return g_steal_pointer (&self);
}

CnCatalogue *
cn_catalogue_load_texts (const char *const   texts[CN_CATALOGUE_N_PARTS],
                         GError            **error)
{
  char *shipped[CN_CATALOGUE_N_PARTS] = { NULL, };
  const char *chosen[CN_CATALOGUE_N_PARTS];
  CnCatalogue *self = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint part = 0; part < CN_CATALOGUE_N_PARTS; part++)
    {
      if (texts != NULL && texts[part] != NULL)
        chosen[part] = texts[part];
      else if ((shipped[part] = lookup_resource (parts[part].file_name, error)) != NULL)
        chosen[part] = shipped[part];
      else
        goto out;
    }
  self = load_parts (chosen, NULL, error);
out:
  for (guint part = 0; part < CN_CATALOGUE_N_PARTS; part++)
    g_free (shipped[part]);
  return self;
}

CnCatalogue *
cn_catalogue_load_data (const char  *prices_json,
                        const char  *aids_json,
                        const char  *testimonies_json,
                        GError     **error)
{
  const char *texts[CN_CATALOGUE_N_PARTS] = {
    [CN_CATALOGUE_PRICES] = prices_json,
    [CN_CATALOGUE_AIDS] = aids_json,
    [CN_CATALOGUE_TESTIMONIES] = testimonies_json,
    [CN_CATALOGUE_RESOURCES] = empty_resources,
    [CN_CATALOGUE_PROVIDERS] = empty_providers,
  };

  g_return_val_if_fail (prices_json != NULL, NULL);
  g_return_val_if_fail (aids_json != NULL, NULL);
  g_return_val_if_fail (testimonies_json != NULL, NULL);

  return load_parts (texts, NULL, error);
}

CnCatalogue *
cn_catalogue_load_default (GError **error)
{
  return cn_catalogue_load_texts (NULL, error);
}

/* The "version" of a catalogue text, 0 when it has none. */
static int
text_version (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonNode *version;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (version = json_object_get_member (json_node_get_object (root), "version")) == NULL ||
      !JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64)
    return 0;
  return (int) CLAMP (json_node_get_int (version), 0, G_MAXINT);
}

char *
cn_catalogue_user_dir (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);
  return g_build_filename (data_dir, "catalogue", NULL);
}

CnCatalogue *
cn_catalogue_load (const char  *user_dir,
                   GError     **error)
{
  char *shipped[CN_CATALOGUE_N_PARTS] = { NULL, };
  char *imported[CN_CATALOGUE_N_PARTS] = { NULL, };
  const char *chosen[CN_CATALOGUE_N_PARTS];
  CnCatalogue *self = NULL;

  for (guint part = 0; part < CN_CATALOGUE_N_PARTS; part++)
    {
      g_autofree char *path = user_dir ? g_build_filename (user_dir, parts[part].file_name, NULL) : NULL;

      if ((shipped[part] = lookup_resource (parts[part].file_name, error)) == NULL)
        goto out;
      chosen[part] = shipped[part];
      /* An imported file serves only while newer than the shipped one: an
       * update of the app may bring a newer one still. */
      if (path != NULL && g_file_get_contents (path, &imported[part], NULL, NULL) &&
          g_utf8_validate (imported[part], -1, NULL) &&
          text_version (imported[part]) > text_version (shipped[part]))
        chosen[part] = imported[part];
    }

  self = load_parts (chosen, NULL, NULL);
  if (self == NULL)
    {
      /* The import checked each file with the others of its day; a file
       * edited by hand since, or an app update, can break that.  The
       * shipped catalogue always loads: never leave the connector without. */
      g_autoptr(GError) local_error = NULL;

      self = load_parts ((const char *const *) shipped, NULL, &local_error);
      if (self == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }
      g_message ("The imported catalogue files in %s do not load together; the shipped catalogue is used", user_dir);
    }
  else
    for (guint part = 0; part < CN_CATALOGUE_N_PARTS; part++)
      self->imported[part] = chosen[part] == imported[part];

out:
  for (guint part = 0; part < CN_CATALOGUE_N_PARTS; part++)
    {
      g_free (shipped[part]);
      g_free (imported[part]);
    }
  return self;
}

/* The largest file the import takes: the shipped ones are a few dozen
 * kilobytes. */
#define MAX_FILE_SIZE (8 * 1024 * 1024)

/* Reads @path and finds which part it is; @name is its name in messages. */
static char *
read_catalogue_file (const char       *path,
                     const char       *name,
                     CnCataloguePart  *part,
                     GError          **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *text = NULL;
  JsonObject *root;
  int found = -1;

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_IO, _("%s: cannot be read: %s"), name, local_error->message);
      return NULL;
    }
  if (g_mapped_file_get_length (mapped) > MAX_FILE_SIZE)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_PARSE, _("%s: too large for a catalogue file (more than 8 MB)"), name);
      return NULL;
    }
  text = g_strndup (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped));
  if (strlen (text) != g_mapped_file_get_length (mapped) || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_PARSE, _("%s: this is not UTF-8 text"), name);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, text, -1, &local_error))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_PARSE, _("%s: this is not valid JSON: %s"), name, local_error->message);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_PARSE, _("%s: a JSON object is expected"), name);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < CN_CATALOGUE_N_PARTS; i++)
    if (json_object_has_member (root, parts[i].member))
      {
        if (found >= 0)
          {
            g_set_error (error, CN_ERROR, CN_ERROR_PARSE,
                         _("%s: a catalogue file holds one list, and this one has both “%s” and “%s”"),
                         name, parts[found].member, parts[i].member);
            return NULL;
          }
        found = (int) i;
      }
  if (found < 0)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_PARSE,
                   _("%s: not a catalogue file: it has no “prices”, “aids”, “testimonies”, “resources” or “providers” list"),
                   name);
      return NULL;
    }
  *part = (CnCataloguePart) found;
  return g_steal_pointer (&text);
}

static char *
check_file (CnCatalogue      *in_use,
            const char       *path,
            CnCataloguePart  *part,
            int              *version,
            GError          **error)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *text = NULL;
  g_autoptr(CnCatalogue) trial = NULL;
  const char *texts[CN_CATALOGUE_N_PARTS];
  const char *names[CN_CATALOGUE_N_PARTS] = { NULL, };
  CnCataloguePart found;

  g_return_val_if_fail (in_use != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  text = read_catalogue_file (path, name, &found, error);
  if (text == NULL)
    return NULL;
  /* The catalogue in use with this file in place: the references between
   * parts are checked too (a provider's service in the price reference). */
  for (guint i = 0; i < CN_CATALOGUE_N_PARTS; i++)
    texts[i] = in_use->texts[i];
  texts[found] = text;
  names[found] = name;
  trial = load_parts (texts, names, error);
  if (trial == NULL)
    return NULL;
  if (trial->versions[found] <= in_use->versions[found])
    {
      g_set_error (error, CN_ERROR, CN_ERROR_OUTDATED,
                   _("%s: version %d is not newer than the %s in use (version %d)"),
                   name, trial->versions[found], parts[found].member, in_use->versions[found]);
      return NULL;
    }
  if (part != NULL)
    *part = found;
  if (version != NULL)
    *version = trial->versions[found];
  return g_steal_pointer (&text);
}

gboolean
cn_catalogue_check_file (CnCatalogue      *in_use,
                         const char       *path,
                         CnCataloguePart  *part,
                         int              *version,
                         GError          **error)
{
  g_autofree char *text = check_file (in_use, path, part, version, error);

  return text != NULL;
}

gboolean
cn_catalogue_install_file (CnCatalogue      *in_use,
                           const char       *user_dir,
                           const char       *path,
                           CnCataloguePart  *part,
                           int              *version,
                           GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;
  CnCataloguePart found;

  g_return_val_if_fail (user_dir != NULL, FALSE);

  text = check_file (in_use, path, &found, version, error);
  if (text == NULL)
    return FALSE;
  target = g_build_filename (user_dir, parts[found].file_name, NULL);
  /* Written aside and renamed: a crash leaves the old file or the new. */
  if (g_mkdir_with_parents (user_dir, 0700) != 0 ||
      !g_file_set_contents_full (target, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_IO, _("The catalogue file could not be saved in %s: %s"),
                   user_dir, local_error ? local_error->message : g_strerror (errno));
      return FALSE;
    }
  if (part != NULL)
    *part = found;
  return TRUE;
}

const char *
cn_catalogue_part_file_name (CnCataloguePart part)
{
  g_return_val_if_fail (part < CN_CATALOGUE_N_PARTS, NULL);
  return parts[part].file_name;
}

const char *
cn_catalogue_part_member (CnCataloguePart part)
{
  g_return_val_if_fail (part < CN_CATALOGUE_N_PARTS, NULL);
  return parts[part].member;
}

const char *
cn_catalogue_part_label (CnCataloguePart part)
{
  g_return_val_if_fail (part < CN_CATALOGUE_N_PARTS, NULL);
  return _(parts[part].label);
}

int
cn_catalogue_get_version (CnCatalogue     *self,
                          CnCataloguePart  part)
{
  g_return_val_if_fail (self != NULL && part < CN_CATALOGUE_N_PARTS, 0);
  return self->versions[part];
}

gboolean
cn_catalogue_is_imported (CnCatalogue     *self,
                          CnCataloguePart  part)
{
  g_return_val_if_fail (self != NULL && part < CN_CATALOGUE_N_PARTS, FALSE);
  return self->imported[part];
}

const char *
cn_catalogue_get_text (CnCatalogue     *self,
                       CnCataloguePart  part)
{
  g_return_val_if_fail (self != NULL && part < CN_CATALOGUE_N_PARTS, NULL);
  return self->texts[part];
}

const char *
cn_catalogue_get_checksum (CnCatalogue     *self,
                           CnCataloguePart  part)
{
  g_return_val_if_fail (self != NULL && part < CN_CATALOGUE_N_PARTS, NULL);
  return self->checksums[part];
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

guint
cn_catalogue_get_n_prices (CnCatalogue *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->prices->len;
}

const CnPrice *
cn_catalogue_get_price (CnCatalogue *self,
                        guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->prices->len, NULL);
  return self->prices->pdata[index];
}

const char *const *
cn_aid_get_conditions (const CnAid *aid)
{
  g_return_val_if_fail (aid != NULL, NULL);
  return (const char *const *) ((const AidEntry *) aid)->conditions;
}

guint
cn_catalogue_get_n_testimonies (CnCatalogue *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->testimonies->len;
}

const CnTestimony *
cn_catalogue_get_testimony (CnCatalogue *self,
                            guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->testimonies->len, NULL);
  return self->testimonies->pdata[index];
}

guint
cn_catalogue_get_n_resources (CnCatalogue *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->resources->len;
}

const CnResource *
cn_catalogue_get_resource (CnCatalogue *self,
                           guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->resources->len, NULL);
  return self->resources->pdata[index];
}

const CnResource *
cn_catalogue_find_resource (CnCatalogue *self,
                            const char  *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return find_by_id (self->resources, id);
}

guint
cn_catalogue_get_n_providers (CnCatalogue *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->providers->len;
}

const CnProvider *
cn_catalogue_get_provider (CnCatalogue *self,
                           guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->providers->len, NULL);
  return self->providers->pdata[index];
}

const CnProvider *
cn_catalogue_find_provider (CnCatalogue *self,
                            const char  *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return find_by_id (self->providers, id);
}

const CnProviderService *
cn_provider_find_service (const CnProvider *provider,
                          const char       *price_ref)
{
  g_return_val_if_fail (provider != NULL, NULL);
  for (guint i = 0; price_ref != NULL && i < provider->services->len; i++)
    {
      const CnProviderService *service = provider->services->pdata[i];

      if (g_strcmp0 (service->price_ref, price_ref) == 0)
        return service;
    }
  return NULL;
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

/* Whole years from @founded_on to @today, both "YYYY-MM-DD"; -1 when
 * either is missing or the company is not founded yet. */
static int
company_age (const char *founded_on,
             const char *today)
{
  int years;

  if (founded_on == NULL || !is_valid_date (founded_on) || today == NULL || strcmp (founded_on, today) > 0)
    return -1;
  years = atoi (today) - atoi (founded_on);
  /* Not yet the anniversary this year: "MM-DD" compare as text. */
  if (strcmp (today + 5, founded_on + 5) < 0)
    years--;
  return years;
}

/* "2 million €" reads better than "2 000 000 €" in a reason. */
static char *
format_large_euros (gint64 euros)
{
  if (euros >= 1000000 && euros % 1000000 == 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d million €", "%d million €", (gulong) (euros / 1000000)),
                            (int) (euros / 1000000));
  return cn_format_euros ((int) MIN (euros, G_MAXINT));
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
  int employees = cn_company_get_employees (company);
  /* The exact headcount when known, else the bracket's range. */
  gboolean headcount_known = employees >= 0 || (bracket != NULL && bracket->min >= 0);
  int head_min = employees >= 0 ? employees : bracket != NULL ? bracket->min : -1;
  int head_max = employees >= 0 ? employees : bracket != NULL ? bracket->max : -1;

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
      if (headcount_known && head_min >= aid->max_employees)
        {
          verdict->reason = g_strdup_printf (_("Only for companies under %d employees"), aid->max_employees);
          return g_steal_pointer (&verdict);
        }
      if (!headcount_known)
        g_ptr_array_add (checks, g_strdup (_("Check the headcount: it is not known")));
      else if (head_max >= aid->max_employees)
        g_ptr_array_add (checks, g_strdup (_("Check the headcount: the bracket spans the limit")));
    }
  if (entry->min_employees > 0)
    {
      if (headcount_known && head_max < entry->min_employees)
        {
          verdict->reason = g_strdup_printf (_("Only for companies of at least %d employees"), entry->min_employees);
          return g_steal_pointer (&verdict);
        }
      if (!headcount_known)
        {
          if (aid->max_employees <= 0)
            g_ptr_array_add (checks, g_strdup (_("Check the headcount: it is not known")));
        }
      else if (head_min < entry->min_employees)
        g_ptr_array_add (checks, g_strdup (_("Check the headcount: the bracket spans the limit")));
    }
  if (entry->max_revenue > 0)
    {
      gint64 revenue_min = -1, revenue_max = -1;

      for (guint i = 0; i < G_N_ELEMENTS (revenue_bounds); i++)
        if (g_strcmp0 (cn_company_get_revenue (company), revenue_bounds[i].code) == 0)
          {
            revenue_min = revenue_bounds[i].min;
            revenue_max = revenue_bounds[i].max;
          }
      if (revenue_min >= entry->max_revenue)
        {
          g_autofree char *limit = format_large_euros (entry->max_revenue);
          verdict->reason = g_strdup_printf (_("Only for a turnover under %s"), limit);
          return g_steal_pointer (&verdict);
        }
      if (revenue_min < 0)
        g_ptr_array_add (checks, g_strdup (_("Check the turnover: it is not known")));
      else if (revenue_max > entry->max_revenue)
        g_ptr_array_add (checks, g_strdup (_("Check the turnover: the bracket spans the limit")));
    }
  if (entry->min_age_years > 0 || entry->max_age_years > 0)
    {
      int age = company_age (cn_company_get_founded_on (company), today);

      if (age < 0)
        g_ptr_array_add (checks, g_strdup (_("Check the age of the company: its creation date is not known")));
      else if (entry->min_age_years > 0 && age < entry->min_age_years)
        {
          verdict->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Only for companies at least %d year old",
                                                          "Only for companies at least %d years old",
                                                          entry->min_age_years), entry->min_age_years);
          return g_steal_pointer (&verdict);
        }
      else if (entry->max_age_years > 0 && age >= entry->max_age_years)
        {
          verdict->reason = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Only for companies under %d year old",
                                                          "Only for companies under %d years old",
                                                          entry->max_age_years), entry->max_age_years);
          return g_steal_pointer (&verdict);
        }
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
                              int                level,
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
      score += 8;
      if (size != NULL && g_strcmp0 (testimony->size, size) == 0)
        score += 4;
      if (region != NULL && g_strcmp0 (testimony->region, region) == 0)
        score += 2;
      /* A peer one step ahead shows the way better than one far ahead. */
      if (level > 0 && testimony->level > 0 && (testimony->level == level || testimony->level == level + 1))
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

typedef struct {
  const CnResource *resource;
  int               score;
  guint             index;
} ScoredResource;

static gint
compare_scored (gconstpointer a,
                gconstpointer b)
{
  const ScoredResource *ra = a, *rb = b;

  if (ra->score != rb->score)
    return ra->score > rb->score ? -1 : 1;
  return ra->index < rb->index ? -1 : ra->index > rb->index;
}

GPtrArray *
cn_catalogue_match_resources (CnCatalogue       *self,
                              const char *const *dimensions,
                              int                level,
                              guint              max)
{
  g_autoptr(GArray) scored = g_array_new (FALSE, FALSE, sizeof (ScoredResource));
  GPtrArray *result = g_ptr_array_new ();
  guint n_dimensions = dimensions != NULL ? g_strv_length ((char **) dimensions) : 0;

  g_return_val_if_fail (self != NULL, result);

  for (guint i = 0; i < self->resources->len; i++)
    {
      const CnResource *resource = self->resources->pdata[i];
      ScoredResource entry = { resource, 0, i };

      if (level >= 1 && level <= 5 && !(resource->levels & (1u << level)))
        continue;
      /* The weaker the dimension it helps with, the more it counts. */
      for (guint d = 0; d < n_dimensions; d++)
        if (g_strv_contains ((const char *const *) resource->dimensions, dimensions[d]))
          {
            entry.score = (int) (n_dimensions - d);
            break;
          }
      if (entry.score > 0)
        g_array_append_val (scored, entry);
    }
  g_array_sort (scored, compare_scored);
  for (guint i = 0; i < scored->len && result->len < max; i++)
    g_ptr_array_add (result, (gpointer) g_array_index (scored, ScoredResource, i).resource);
  return result;
}

/* ---- Search filters ---------------------------------------------------- */

/* Every word of @text starts a word of one of @fields, accents and case
 * aside. */
static gboolean
text_matches (const char        *text,
              const char *const *fields)
{
  g_autoptr(GString) all = g_string_new (NULL);

  if (text == NULL || *text == '\0')
    return TRUE;
  for (guint i = 0; fields[i] != NULL; i++)
    g_string_append_printf (all, "%s ", fields[i]);
  return g_str_match_string (text, all->str, TRUE);
}

gboolean
cn_testimony_matches (const CnTestimony *testimony,
                      const char        *text,
                      char               naf_section,
                      const char        *size,
                      const char        *region,
                      int                level)
{
  char section[2] = { naf_section, 0 };
  const char *fields[] = { testimony->company, testimony->trade, testimony->quote, testimony->story, NULL };

  g_return_val_if_fail (testimony != NULL, FALSE);

  return (naf_section == 0 || g_strv_contains ((const char *const *) testimony->naf_sections, section)) &&
         (size == NULL || *size == '\0' || g_strcmp0 (testimony->size, size) == 0) &&
         (region == NULL || *region == '\0' || g_strcmp0 (testimony->region, region) == 0) &&
         (level == 0 || testimony->level == level) &&
         text_matches (text, fields);
}

gboolean
cn_resource_matches (const CnResource *resource,
                     const char       *text,
                     const char       *dimension,
                     int               level,
                     const char       *kind)
{
  const char *fields[] = { resource->title, resource->publisher, resource->summary, NULL };

  g_return_val_if_fail (resource != NULL, FALSE);

  return (dimension == NULL || *dimension == '\0' ||
          g_strv_contains ((const char *const *) resource->dimensions, dimension)) &&
         (level < 1 || level > 5 || (resource->levels & (1u << level))) &&
         (kind == NULL || *kind == '\0' || g_strcmp0 (resource->kind, kind) == 0) &&
         text_matches (text, fields);
}

gboolean
cn_provider_matches (const CnProvider *provider,
                     const char       *text,
                     const char       *price_ref,
                     const char       *region)
{
  const char *fields[] = { provider->name, provider->commune, provider->description, NULL };

  g_return_val_if_fail (provider != NULL, FALSE);

  return (price_ref == NULL || *price_ref == '\0' || cn_provider_find_service (provider, price_ref) != NULL) &&
         (region == NULL || *region == '\0' || g_strv_contains ((const char *const *) provider->regions, region)) &&
         text_matches (text, fields);
}

double
cn_provider_average_rating (const CnProvider *provider,
                            int               own_score,
                            guint            *n_ratings)
{
  guint count = 0;
  int total = 0;

  g_return_val_if_fail (provider != NULL, 0);

  for (guint i = 0; i < provider->ratings->len; i++, count++)
    total += ((CnRating *) provider->ratings->pdata[i])->score;
  if (own_score >= 1 && own_score <= 5)
    {
      total += own_score;
      count++;
    }
  if (n_ratings != NULL)
    *n_ratings = count;
  return count > 0 ? (double) total / count : 0;
}

/* ---- Labels ------------------------------------------------------------ */

static const char *
label_of (const char *const *ids,
          const char *const *labels,
          const char        *id)
{
  for (guint i = 0; id != NULL && ids[i] != NULL; i++)
    if (g_str_equal (ids[i], id))
      return _(labels[i]);
  return NULL;
}

const char *
cn_expense_kind_label (const char *kind)
{
  static const char *const labels[] = { N_("Advice"), N_("Investment"), N_("Training"), N_("Subscription") };

  return label_of (expense_kinds, labels, kind);
}

const char *
cn_resource_kind_label (const char *kind)
{
  static const char *const labels[] = { N_("Guide"), N_("MOOC"), N_("Training course"), N_("Tool"), N_("Kit") };

  return label_of (resource_kinds, labels, kind);
}

const char *
cn_testimony_format_label (const char *format)
{
  static const char *const labels[] = { N_("Video"), N_("Audio"), N_("Article") };

  return label_of (formats, labels, format);
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
