/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-company"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "cn-company.h"
#include "cn-error.h"
#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-identifiers.h"
#include "cn-naf.h"
#include "cn-util.h"

struct _CnCompany
{
  GObject parent_instance;

  char *id;
  char *name;
  char *siren;
  char *siret;
  char *naf;
  char *headcount;
  char *revenue;
  char *customer_type;
  char *web_presence;
  char *address;
  char *postcode;
  char *commune;
  char *founded_on;
  int employees;
  char *department;
  char *region;
  CnCompanyStatus status;
  char *notes;
  GStrv tags;
  gboolean consent_share;
  char *created_at;
  char *updated_at;
  char *last_activity_at;
  gint64 revision;
};

G_DEFINE_FINAL_TYPE (CnCompany, cn_company, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COMMUNE,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *status_ids[] = {
  "lead", "contacted", "diagnosed", "plan_delivered",
  "accompanied", "followed_up", "closed",
};

static const char *status_labels[] = {
  N_("Lead"), N_("Contacted"), N_("Diagnosed"), N_("Plan delivered"),
  N_("Accompanied"), N_("Followed up"), N_("Closed"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (status_ids) == CN_COMPANY_N_STATUSES);
G_STATIC_ASSERT (G_N_ELEMENTS (status_labels) == CN_COMPANY_N_STATUSES);

static const CnChoice revenue_brackets[] = {
  { "lt100k", N_("Under €100,000") },
  { "100k-500k", N_("€100,000 to €500,000") },
  { "500k-2m", N_("€500,000 to €2 million") },
  { "2m-10m", N_("€2 million to €10 million") },
  { "10m-50m", N_("€10 million to €50 million") },
  { "gt50m", N_("Over €50 million") },
};

static const CnChoice customer_types[] = {
  { "b2c", N_("Consumers (B2C)") },
  { "b2b", N_("Businesses (B2B)") },
  { "both", N_("Consumers and businesses") },
};

static const CnChoice web_presences[] = {
  { "none", N_("No online presence") },
  { "listing", N_("Listing or map page only") },
  { "social", N_("Social networks") },
  { "showcase", N_("Showcase website") },
  { "ecommerce", N_("Online shop") },
  { "marketplace", N_("Sells on marketplaces") },
};

const CnChoice *
cn_revenue_brackets (guint *n)
{
  *n = G_N_ELEMENTS (revenue_brackets);
  return revenue_brackets;
}

const CnChoice *
cn_customer_types (guint *n)
{
  *n = G_N_ELEMENTS (customer_types);
  return customer_types;
}

const CnChoice *
cn_web_presences (guint *n)
{
  *n = G_N_ELEMENTS (web_presences);
  return web_presences;
}

const char *
cn_choice_label (const CnChoice *choices,
                 guint           n,
                 const char     *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (choices[i].id, id))
      return g_dgettext (GETTEXT_PACKAGE, choices[i].label);
  return NULL;
}

const char *
cn_company_status_to_string (CnCompanyStatus status)
{
  g_return_val_if_fail (status < CN_COMPANY_N_STATUSES, "lead");
  return status_ids[status];
}

gboolean
cn_company_status_from_string (const char      *text,
                               CnCompanyStatus *status)
{
  if (text == NULL)
    return FALSE;
  /* Stored ids first: every row read from the database goes through here. */
  for (guint i = 0; i < CN_COMPANY_N_STATUSES; i++)
    if (g_str_equal (text, status_ids[i]))
      {
        *status = i;
        return TRUE;
      }
  for (guint i = 0; i < CN_COMPANY_N_STATUSES; i++)
    if (g_str_equal (text, g_dgettext (GETTEXT_PACKAGE, status_labels[i])) ||
        g_ascii_strcasecmp (text, status_labels[i]) == 0)
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
cn_company_status_label (CnCompanyStatus status)
{
  g_return_val_if_fail (status < CN_COMPANY_N_STATUSES, "");
  return g_dgettext (GETTEXT_PACKAGE, status_labels[status]);
}

static void
cn_company_finalize (GObject *object)
{
  CnCompany *self = CN_COMPANY (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->siren);
  g_free (self->siret);
  g_free (self->naf);
  g_free (self->headcount);
  g_free (self->revenue);
  g_free (self->customer_type);
  g_free (self->web_presence);
  g_free (self->address);
  g_free (self->postcode);
  g_free (self->commune);
  g_free (self->founded_on);
  g_free (self->department);
  g_free (self->region);
  g_free (self->notes);
  g_strfreev (self->tags);
  g_free (self->created_at);
  g_free (self->updated_at);
  g_free (self->last_activity_at);

  G_OBJECT_CLASS (cn_company_parent_class)->finalize (object);
}

static void
cn_company_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CnCompany *self = CN_COMPANY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_COMMUNE:
      g_value_set_string (value, self->commune);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_company_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CnCompany *self = CN_COMPANY (object);

  switch (prop_id)
    {
    case PROP_ID:
      cn_company_set_id (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      cn_company_set_name (self, g_value_get_string (value));
      break;
    case PROP_COMMUNE:
      cn_company_set_commune (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      cn_company_set_status (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_company_class_init (CnCompanyClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cn_company_finalize;
  object_class->get_property = cn_company_get_property;
  object_class->set_property = cn_company_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMMUNE] =
    g_param_spec_string ("commune", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL,
                      0, CN_COMPANY_N_STATUSES - 1, CN_COMPANY_STATUS_LEAD,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted by cn_company_assign() once all fields are replaced. */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
cn_company_init (CnCompany *self)
{
  self->status = CN_COMPANY_STATUS_LEAD;
  self->revision = -1;
  self->employees = -1;
  self->name = g_strdup ("");
  self->notes = g_strdup ("");
  self->tags = g_new0 (char *, 1);
}

CnCompany *
cn_company_new (void)
{
  return g_object_new (CN_TYPE_COMPANY, NULL);
}

void
cn_company_assign (CnCompany *self,
                   CnCompany *source)
{
  g_return_if_fail (CN_IS_COMPANY (self));
  g_return_if_fail (CN_IS_COMPANY (source));

  g_object_freeze_notify (G_OBJECT (self));
  cn_company_set_id (self, source->id);
  cn_company_set_name (self, source->name);
  cn_company_set_siren (self, source->siren);
  cn_company_set_siret (self, source->siret);
  cn_company_set_naf (self, source->naf);
  cn_company_set_headcount (self, source->headcount);
  cn_company_set_revenue (self, source->revenue);
  cn_company_set_customer_type (self, source->customer_type);
  cn_company_set_web_presence (self, source->web_presence);
  cn_company_set_address (self, source->address);
  cn_company_set_postcode (self, source->postcode);
  cn_company_set_commune (self, source->commune);
  cn_company_set_founded_on (self, source->founded_on);
  self->employees = source->employees;
  cn_set_str (&self->department, source->department);
  cn_set_str (&self->region, source->region);
  cn_company_set_status (self, source->status);
  cn_company_set_notes (self, source->notes);
  cn_company_set_tags (self, (const char * const *) source->tags);
  self->consent_share = source->consent_share;
  cn_company_set_stored_fields (self, source->created_at, source->updated_at,
                                source->last_activity_at, source->revision);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

CnCompany *
cn_company_copy (CnCompany *self)
{
  CnCompany *copy = cn_company_new ();

  cn_company_assign (copy, self);
  return copy;
}

/* Empty strings are stored as NULL so "not filled" has one representation. */
static gboolean
set_optional (char       **field,
              const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  return cn_set_str (field, value);
}

#define STRING_ACCESSORS(field, prop)                                    \
  const char *                                                            \
  cn_company_get_##field (CnCompany *self)                               \
  {                                                                       \
    g_return_val_if_fail (CN_IS_COMPANY (self), NULL);                    \
    return self->field;                                                   \
  }                                                                       \
  void                                                                    \
  cn_company_set_##field (CnCompany  *self,                               \
                          const char *value)                              \
  {                                                                       \
    g_return_if_fail (CN_IS_COMPANY (self));                              \
    if (set_optional (&self->field, value) && (prop) != PROP_0)           \
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);       \
  }

STRING_ACCESSORS (id, PROP_ID)
STRING_ACCESSORS (siren, PROP_0)
STRING_ACCESSORS (siret, PROP_0)
STRING_ACCESSORS (naf, PROP_0)
STRING_ACCESSORS (headcount, PROP_0)
STRING_ACCESSORS (revenue, PROP_0)
STRING_ACCESSORS (customer_type, PROP_0)
STRING_ACCESSORS (web_presence, PROP_0)
STRING_ACCESSORS (address, PROP_0)
STRING_ACCESSORS (postcode, PROP_0)
STRING_ACCESSORS (commune, PROP_COMMUNE)
STRING_ACCESSORS (founded_on, PROP_0)

int
cn_company_get_employees (CnCompany *self)
{
  g_return_val_if_fail (CN_IS_COMPANY (self), -1);
  return self->employees;
}

void
cn_company_set_employees (CnCompany *self,
                          int        employees)
{
  g_return_if_fail (CN_IS_COMPANY (self));
  self->employees = employees < 0 ? -1 : employees;
}

const char *
cn_company_get_name (CnCompany *self)
{
  g_return_val_if_fail (CN_IS_COMPANY (self), NULL);
  return self->name;
}

void
cn_company_set_name (CnCompany  *self,
                     const char *name)
{
  g_return_if_fail (CN_IS_COMPANY (self));
  if (cn_set_str (&self->name, name ? name : ""))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
cn_company_get_notes (CnCompany *self)
{
  g_return_val_if_fail (CN_IS_COMPANY (self), NULL);
  return self->notes;
}

void
cn_company_set_notes (CnCompany  *self,
                      const char *notes)
{
  g_return_if_fail (CN_IS_COMPANY (self));
  cn_set_str (&self->notes, notes ? notes : "");
}

const char *
cn_company_get_department (CnCompany *self)
{
  return self->department;
}

const char *
cn_company_get_region (CnCompany *self)
{
  return self->region;
}

CnCompanyStatus
cn_company_get_status (CnCompany *self)
{
  g_return_val_if_fail (CN_IS_COMPANY (self), CN_COMPANY_STATUS_LEAD);
  return self->status;
}

void
cn_company_set_status (CnCompany       *self,
                       CnCompanyStatus  status)
{
  g_return_if_fail (CN_IS_COMPANY (self));
  g_return_if_fail (status < CN_COMPANY_N_STATUSES);
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
}

const char * const *
cn_company_get_tags (CnCompany *self)
{
  return (const char * const *) self->tags;
}

/* Tags are kept trimmed, without duplicates or empty entries, in the order
 * they were given. */
void
cn_company_set_tags (CnCompany          *self,
                     const char * const *tags)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; tags && tags[i]; i++)
    {
      g_autofree char *tag = g_strstrip (g_strdup (tags[i]));
      g_autofree char *key = NULL;

      if (*tag == '\0')
        continue;
      key = g_utf8_casefold (tag, -1);
      if (!g_hash_table_add (seen, g_steal_pointer (&key)))
        continue;
      g_strv_builder_add (builder, tag);
    }

  g_strfreev (self->tags);
  self->tags = g_strv_builder_end (builder);
}

gboolean
cn_company_get_consent_share (CnCompany *self)
{
  return self->consent_share;
}

void
cn_company_set_consent_share (CnCompany *self,
                              gboolean   consent)
{
  self->consent_share = !!consent;
}

const char *
cn_company_get_created_at (CnCompany *self)
{
  return self->created_at;
}

const char *
cn_company_get_updated_at (CnCompany *self)
{
  return self->updated_at;
}

const char *
cn_company_get_last_activity_at (CnCompany *self)
{
  return self->last_activity_at;
}

gint64
cn_company_get_revision (CnCompany *self)
{
  return self->revision;
}

void
cn_company_set_stored_fields (CnCompany  *self,
                              const char *created_at,
                              const char *updated_at,
                              const char *last_activity_at,
                              gint64      revision)
{
  cn_set_str (&self->created_at, created_at);
  cn_set_str (&self->updated_at, updated_at);
  cn_set_str (&self->last_activity_at, last_activity_at);
  self->revision = revision;
}

/* @what is untranslated (N_()): it is only looked up for an error, which
 * keeps gettext out of the import's per-row path. */
static gboolean
check_text (const char      *text,
            gsize            max_bytes,
            const char      *what,
            CnCompanyField   which,
            CnCompanyField  *field,
            GError         **error)
{
  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   /* Translators: %s is a field name such as "name" */
                   _("The %s contains characters that are not valid text."), _(what));
      *field = which;
      return FALSE;
    }

  if (strlen (text) > max_bytes)
    {
      g_autofree char *size = g_format_size (max_bytes);
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   /* Translators: %s is a field name, then a size such as "1.0 MB" */
                   _("The %s is too long (at most %s)."), _(what), size);
      *field = which;
      return FALSE;
    }

  return TRUE;
}

/* "2017-05-24" as stored, or "24/05/2017" as a French user types it. */
static gboolean
parse_founded_on (const char  *text,
                  char       **normalized,
                  GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  guint day = 0, month = 0, year = 0;
  char end = 0;

  if (!((sscanf (trimmed, "%4u-%2u-%2u%c", &year, &month, &day, &end) == 3 && strlen (trimmed) == 10) ||
        sscanf (trimmed, "%2u/%2u/%4u%c", &day, &month, &year, &end) == 3) ||
      year < 1800 || year > 9999 || !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("“%s” is not a valid creation date (expected day/month/year, for example 24/05/2017)."),
                   trimmed);
      return FALSE;
    }
  *normalized = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  return TRUE;
}

gboolean
cn_company_normalize (CnCompany       *self,
                      CnCompanyField  *field,
                      GError         **error)
{
  CnCompanyField dummy;
  g_autofree char *name = NULL;
  guint n;

  g_return_val_if_fail (CN_IS_COMPANY (self), FALSE);

  if (field == NULL)
    field = &dummy;
  *field = CN_COMPANY_FIELD_NONE;

  if (!check_text (self->name, CN_COMPANY_TEXT_MAX_BYTES, N_("name"), CN_COMPANY_FIELD_NAME, field, error) ||
      !check_text (self->address, CN_COMPANY_TEXT_MAX_BYTES, N_("address"), CN_COMPANY_FIELD_POSTCODE, field, error) ||
      !check_text (self->commune, CN_COMPANY_TEXT_MAX_BYTES, N_("commune"), CN_COMPANY_FIELD_POSTCODE, field, error) ||
      !check_text (self->notes, CN_COMPANY_NOTES_MAX_BYTES, N_("notes"), CN_COMPANY_FIELD_NOTES, field, error))
    return FALSE;

  for (guint i = 0; self->tags[i]; i++)
    if (!check_text (self->tags[i], CN_COMPANY_TEXT_MAX_BYTES, N_("tag"), CN_COMPANY_FIELD_NOTES, field, error))
      return FALSE;

  name = g_strstrip (g_strdup (self->name));
  if (*name == '\0')
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The company needs a name."));
      *field = CN_COMPANY_FIELD_NAME;
      return FALSE;
    }
  cn_company_set_name (self, name);

  if (self->siret)
    {
      g_autofree char *siret = NULL;
      if (!cn_siret_validate (self->siret, &siret, error))
        {
          *field = CN_COMPANY_FIELD_SIRET;
          return FALSE;
        }
      cn_set_str (&self->siret, siret);

      /* The SIRET starts with the SIREN: take it from there, and refuse a
       * SIREN typed separately that says otherwise. */
      if (self->siren)
        {
          g_autofree char *siren = NULL;
          if (!cn_siren_validate (self->siren, &siren, error))
            {
              *field = CN_COMPANY_FIELD_SIREN;
              return FALSE;
            }
          if (strncmp (siren, siret, 9) != 0)
            {
              g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                                   _("The SIRET does not start with the SIREN."));
              *field = CN_COMPANY_FIELD_SIRET;
              return FALSE;
            }
        }
      g_free (self->siren);
      self->siren = g_strndup (siret, 9);
    }
  else if (self->siren)
    {
      g_autofree char *siren = NULL;
      if (!cn_siren_validate (self->siren, &siren, error))
        {
          *field = CN_COMPANY_FIELD_SIREN;
          return FALSE;
        }
      cn_set_str (&self->siren, siren);
    }

  if (self->naf)
    {
      g_autofree char *naf = NULL;
      if (!cn_naf_normalize (self->naf, &naf, error))
        {
          *field = CN_COMPANY_FIELD_NAF;
          return FALSE;
        }
      cn_set_str (&self->naf, naf);
    }

  if (self->headcount)
    {
      g_autofree char *code = NULL;
      if (!cn_headcount_validate (self->headcount, &code, error))
        {
          *field = CN_COMPANY_FIELD_HEADCOUNT;
          return FALSE;
        }
      cn_set_str (&self->headcount, code);
    }

  /* The exact headcount, when known, settles the bracket: an aid's
   * "under 11 employees" cannot be decided from "10 to 19". */
  if (self->employees > CN_COMPANY_EMPLOYEES_MAX)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("A headcount of more than %d employees is not plausible."), CN_COMPANY_EMPLOYEES_MAX);
      *field = CN_COMPANY_FIELD_EMPLOYEES;
      return FALSE;
    }
  if (self->employees >= 0)
    {
      const CnHeadcountBracket *bracket = cn_headcount_lookup (self->headcount);

      if (bracket == NULL)
        cn_set_str (&self->headcount, cn_headcount_code_for_count (self->employees));
      else if (bracket->min >= 0 && (self->employees < bracket->min || self->employees > bracket->max))
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                       g_dngettext (GETTEXT_PACKAGE, "%d employee is not in the bracket “%s”.",
                                 "%d employees is not in the bracket “%s”.", self->employees),
                       self->employees, cn_headcount_label (bracket->code));
          *field = CN_COMPANY_FIELD_EMPLOYEES;
          return FALSE;
        }
    }

  if (self->founded_on)
    {
      g_autofree char *date = NULL;
      if (!parse_founded_on (self->founded_on, &date, error))
        {
          *field = CN_COMPANY_FIELD_FOUNDED;
          return FALSE;
        }
      cn_set_str (&self->founded_on, date);
    }

  g_clear_pointer (&self->department, g_free);
  g_clear_pointer (&self->region, g_free);
  if (self->postcode)
    {
      g_autofree char *postcode = NULL;
      const CnDepartment *dep;

      if (!cn_postcode_validate (self->postcode, &postcode, error))
        {
          *field = CN_COMPANY_FIELD_POSTCODE;
          return FALSE;
        }
      cn_set_str (&self->postcode, postcode);

      dep = cn_geo_department_for_postcode (postcode);
      if (dep)
        {
          self->department = g_strdup (dep->code);
          self->region = g_strdup (dep->region_code);
        }
    }

  cn_revenue_brackets (&n);
  if (self->revenue && !cn_choice_label (revenue_brackets, n, self->revenue))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("“%s” is not a known revenue bracket."), self->revenue);
      *field = CN_COMPANY_FIELD_REVENUE;
      return FALSE;
    }
  if (self->customer_type &&
      !cn_choice_label (customer_types, G_N_ELEMENTS (customer_types), self->customer_type))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("“%s” is not a known customer type."), self->customer_type);
      *field = CN_COMPANY_FIELD_CUSTOMER_TYPE;
      return FALSE;
    }
  if (self->web_presence &&
      !cn_choice_label (web_presences, G_N_ELEMENTS (web_presences), self->web_presence))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("“%s” is not a known kind of online presence."), self->web_presence);
      *field = CN_COMPANY_FIELD_WEB_PRESENCE;
      return FALSE;
    }

  return TRUE;
}

char *
cn_sort_key (const char *text)
{
  g_autofree char *ascii = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  /* Transliteration in the C locale is stable whatever the user's locale. */
  ascii = g_str_to_ascii (text, "C");
  return g_ascii_strdown (ascii, -1);
}
