/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-csv"

#include "config.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <glib/gi18n-lib.h>

#include "cn-csv.h"
#include "cn-error.h"
#include "cn-geo.h"
#include "cn-headcount.h"
#include "cn-naf.h"
#include "cn-util.h"
#include "cn-store-private.h"

/* Rows per transaction: large enough to be fast, small enough that the
 * WAL stays modest and the UI sees progress being committed. */
#define ROWS_PER_TRANSACTION 10000
#define PROGRESS_EVERY 500

typedef enum {
  COL_IGNORED = -1,
  COL_ID,
  COL_NAME,
  COL_SIRET,
  COL_SIREN,
  COL_NAF,
  COL_HEADCOUNT_CODE,
  COL_EMPLOYEES,
  COL_REVENUE,
  COL_CUSTOMER_TYPE,
  COL_WEB_PRESENCE,
  COL_FOUNDED,
  COL_ADDRESS,
  COL_POSTCODE,
  COL_COMMUNE,
  COL_STATUS,
  COL_NOTES,
  COL_TAGS,
  COL_CONTACT_NAME,
  COL_CONTACT_ROLE,
  COL_CONTACT_EMAIL,
  COL_CONTACT_PHONE,
  COL_CONTACT_CONSENT,
  COL_CONSENT_SHARE,
  N_COLUMNS
} Column;

/* Header names as people write them, compared without case, accents or
 * punctuation ("Code postal", "CODE_POSTAL" and "code-postal" are one). */
static const struct {
  Column column;
  const char *names;
} header_aliases[] = {
  { COL_ID, "id|identifiant|uuid" },
  { COL_NAME, "nom|name|raison sociale|entreprise|societe|company|company name|denomination|nom de l entreprise|nom entreprise|nom de la societe" },
  { COL_SIRET, "siret|n siret|no siret|numero siret|num siret|numero de siret" },
  { COL_SIREN, "siren|n siren|no siren|numero siren|numero de siren" },
  { COL_NAF, "naf|code naf|ape|code ape|naf ape|code naf ape|activite principale|naf code|activity code" },
  { COL_HEADCOUNT_CODE, "tranche effectif|tranche d effectif|tranche effectif salarie|tranche d effectif salarie|tranche effectifs|headcount bracket|headcount code" },
  { COL_EMPLOYEES, "effectif|effectifs|salaries|nombre de salaries|nb salaries|nombre salaries|employees|headcount|number of employees" },
  { COL_REVENUE, "chiffre d affaires|chiffre affaires|ca|ca annuel|revenue|turnover|tranche de chiffre d affaires|revenue bracket" },
  { COL_CUSTOMER_TYPE, "clientele|type de clientele|type de clients|customer type|customers" },
  { COL_WEB_PRESENCE, "presence en ligne|presence web|online presence|web presence" },
  { COL_FOUNDED, "date creation|date de creation|date de creation de l entreprise|creation|founded|founded on|creation date|date founded" },
  { COL_ADDRESS, "adresse|address|rue|adresse postale" },
  { COL_POSTCODE, "code postal|cp|postcode|postal code|zip|zip code" },
  { COL_COMMUNE, "commune|ville|city|town|localite" },
  { COL_STATUS, "statut|status|etape|suivi|statut de suivi|follow up status" },
  { COL_NOTES, "notes|note|commentaire|commentaires|remarques|observations|comments" },
  { COL_TAGS, "tags|etiquettes|etiquette|mots cles|labels" },
  { COL_CONTACT_NAME, "contact|nom du contact|nom contact|interlocuteur|dirigeant|contact name" },
  { COL_CONTACT_ROLE, "fonction|role|poste|fonction du contact|contact role" },
  { COL_CONTACT_EMAIL, "email|e mail|mail|courriel|adresse mail|adresse e mail|contact email" },
  { COL_CONTACT_PHONE, "telephone|tel|phone|portable|mobile|contact phone" },
  { COL_CONTACT_CONSENT, "consentement|consentement contact|consentement rgpd|rgpd|consent|contact consent" },
  { COL_CONSENT_SHARE, "partage plateforme|consentement partage|consent share|share consent" },
};

/* French words found in spreadsheets for the follow-up statuses. */
static const struct {
  CnCompanyStatus status;
  const char *names;
} status_aliases[] = {
  { CN_COMPANY_STATUS_LEAD, "prospect|piste|a contacter|lead|nouveau|nouvelle" },
  { CN_COMPANY_STATUS_CONTACTED, "contacte|contactee|contacted|en contact|premier contact" },
  { CN_COMPANY_STATUS_DIAGNOSED, "diagnostique|diagnostiquee|diagnostic fait|diagnostic realise|diagnosed" },
  { CN_COMPANY_STATUS_PLAN_DELIVERED, "plan remis|plan d action remis|plan livre|plan delivered" },
  { CN_COMPANY_STATUS_ACCOMPANIED, "accompagne|accompagnee|en accompagnement|accompanied" },
  { CN_COMPANY_STATUS_FOLLOWED_UP, "suivi|suivie|relance|relancee|followed up" },
  { CN_COMPANY_STATUS_CLOSED, "clos|close|cloture|cloturee|termine|terminee|ferme|fermee|closed" },
};

void
cn_import_report_free (CnImportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->problems);
  g_free (report->encoding);
  g_free (report);
}

static void
problem_free (CnImportProblem *problem)
{
  g_free (problem->message);
  g_free (problem);
}

/* "Code-Postal " -> "code postal" */
static char *
simplify (const char *text)
{
  g_autofree char *key = cn_sort_key (text);
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = key; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (space && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_c (out, *p);
          space = FALSE;
        }
      else
        space = TRUE;
    }
  return g_string_free (out, FALSE);
}

static gboolean
alias_matches (const char *names,
               const char *key)
{
  g_auto(GStrv) list = g_strsplit (names, "|", -1);

  for (guint i = 0; list[i]; i++)
    if (g_str_equal (list[i], key))
      return TRUE;
  return FALSE;
}

static Column
column_for_header (const char *header)
{
  g_autofree char *key = simplify (header);

  for (guint i = 0; i < G_N_ELEMENTS (header_aliases); i++)
    if (alias_matches (header_aliases[i].names, key))
      return header_aliases[i].column;
  return COL_IGNORED;
}

static gboolean
parse_status (const char      *text,
              CnCompanyStatus *status)
{
  g_autofree char *key = NULL;

  if (cn_company_status_from_string (text, status))
    return TRUE;
  key = simplify (text);
  for (guint i = 0; i < G_N_ELEMENTS (status_aliases); i++)
    if (alias_matches (status_aliases[i].names, key))
      {
        *status = status_aliases[i].status;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_yes_no (const char *text,
              gboolean   *value)
{
  g_autofree char *key = simplify (text);

  if (alias_matches ("oui|o|yes|y|x|1|vrai|true|ok|d accord", key))
    *value = TRUE;
  else if (alias_matches ("non|n|no|0|faux|false|refus|refuse", key))
    *value = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* French spreadsheets write "1 234 567,89 €" or "1,2 M€". */
static gboolean
parse_amount (const char *text,
              double     *amount)
{
  GString *number = g_string_new (NULL);
  double multiplier = 1;
  char *end = NULL;
  gboolean ok;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c) && c < 128)
        g_string_append_c (number, (char) c);
      else if (c == ',' || c == '.')
        g_string_append_c (number, '.');
      else if (c == '-' && number->len == 0)
        g_string_append_c (number, '-');
      else if (c == 'k' || c == 'K')
        multiplier = 1e3;
      else if (c == 'M' || c == 'm')
        multiplier = 1e6;
      else if (c == ' ' || c == 0xA0 || c == 0x202F || c == 0x20AC /* € */ ||
               c == 'E' || c == 'U' || c == 'R' || c == 'e' || c == 'u' || c == 'r')
        continue;
      else
        {
          g_string_free (number, TRUE);
          return FALSE;
        }
    }

  /* "1.234.567" uses dots for thousands: more than one dot cannot be a
   * decimal separator. */
  if (strchr (number->str, '.') != strrchr (number->str, '.'))
    {
      char *dot;
      while ((dot = strchr (number->str, '.')) != NULL)
        g_string_erase (number, dot - number->str, 1);
    }

  *amount = g_ascii_strtod (number->str, &end) * multiplier;
  ok = number->len > 0 && end && *end == '\0' && isfinite (*amount) && *amount >= 0;
  g_string_free (number, TRUE);
  return ok;
}

static const char *
revenue_bracket_for (double amount)
{
  if (amount < 100e3) return "lt100k";
  if (amount < 500e3) return "100k-500k";
  if (amount < 2e6) return "500k-2m";
  if (amount < 10e6) return "2m-10m";
  if (amount < 50e6) return "10m-50m";
  return "gt50m";
}

/* Matches a value against a choice list by id or by (translated) label. */
static const char *
parse_choice (const CnChoice *choices,
              guint           n,
              const char     *text)
{
  g_autofree char *key = simplify (text);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label_key = simplify (g_dgettext (GETTEXT_PACKAGE, choices[i].label));
      g_autofree char *source_key = simplify (choices[i].label);
      g_autofree char *id_key = simplify (choices[i].id);

      if (g_str_equal (key, id_key) || g_str_equal (key, label_key) || g_str_equal (key, source_key))
        return choices[i].id;
    }
  return NULL;
}

/* Parsers of the word-list columns, in the shape memo_parse() keeps. */

static gpointer
parse_status_value (const char *text)
{
  CnCompanyStatus status;

  return GINT_TO_POINTER (parse_status (text, &status) ? (int) status + 1 : 0);
}

static gpointer
parse_yes_no_value (const char *text)
{
  gboolean value;

  if (!parse_yes_no (text, &value))
    return GINT_TO_POINTER (0);
  return GINT_TO_POINTER (value ? 1 : 2);
}

static gpointer
parse_revenue (const char *text)
{
  guint n;
  const CnChoice *brackets = cn_revenue_brackets (&n);
  const char *bracket = parse_choice (brackets, n, text);
  double amount;

  if (bracket == NULL && parse_amount (text, &amount))
    bracket = revenue_bracket_for (amount);
  return (gpointer) bracket;
}

static gpointer
parse_customer_type (const char *text)
{
  guint n;
  const CnChoice *choices = cn_customer_types (&n);
  const char *id = parse_choice (choices, n, text);

  if (id == NULL)
    {
      g_autofree char *key = simplify (text);
      if (strstr (key, "b2b") && strstr (key, "b2c"))
        id = "both";
      else if (strstr (key, "b2b") || strstr (key, "professionnel") || strstr (key, "entreprise"))
        id = "b2b";
      else if (strstr (key, "b2c") || strstr (key, "particulier"))
        id = "b2c";
    }
  return (gpointer) id;
}

static gpointer
parse_web_presence (const char *text)
{
  guint n;
  const CnChoice *choices = cn_web_presences (&n);

  return (gpointer) parse_choice (choices, n, text);
}

/* ---- reading --------------------------------------------------------- */

/* Distinct values remembered per column: a column of free amounts must not
 * grow the table with the file. */
#define MEMO_MAX_VALUES 1024

typedef gpointer (*ParseFunc) (const char *text);

typedef struct {
  CnStore *store;
  const char *source_name;
  CnImportReport *report;
  CnImportProgress progress;
  gpointer user_data;

  GPtrArray *fields;       /* the record being read */
  Column columns[256];     /* header position -> column */
  guint n_header_fields;
  gboolean header_done;
  gboolean has_name_column;

  guint line;              /* line being fed to the parser */
  guint record_line;       /* first line of the record being read */
  gboolean between_records;
  guint rows_done;
  guint rows_in_transaction;
  gboolean stopped;
  GError *fatal;           /* a store failure that ends the import */

  GHashTable *memo[N_COLUMNS]; /* value -> parse result, see memo_parse () */
} ImportState;

/* A status, revenue or yes/no column holds a handful of distinct values
 * over thousands of rows: each is parsed once per import instead of once
 * per row (simplify () and gettext per alias were a tenth of the time of
 * an import). */
static gpointer
memo_parse (ImportState *state,
            Column       column,
            const char  *value,
            ParseFunc    parse)
{
  GHashTable **memo = &state->memo[column];
  gpointer result;

  if (*memo && g_hash_table_lookup_extended (*memo, value, NULL, &result))
    return result;

  result = parse (value);
  if (*memo == NULL)
    *memo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_hash_table_size (*memo) < MEMO_MAX_VALUES)
    g_hash_table_insert (*memo, g_strdup (value), result);
  return result;
}

static void
add_problem (ImportState *state,
             guint        line,
             const char  *message)
{
  CnImportProblem *problem = g_new0 (CnImportProblem, 1);

  problem->line = line;
  problem->message = g_strdup (message);
  g_ptr_array_add (state->report->problems, problem);
}

static void G_GNUC_PRINTF (3, 4)
add_problemf (ImportState *state,
              guint        line,
              const char  *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  add_problem (state, line, message);
}

static const char *
field_for (ImportState *state,
           Column       column)
{
  for (guint i = 0; i < state->fields->len && i < G_N_ELEMENTS (state->columns); i++)
    if (state->columns[i] == column)
      {
        const char *value = g_ptr_array_index (state->fields, i);
        if (value && *value)
          return value;
      }
  return NULL;
}

static void
read_header (ImportState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state->columns); i++)
    state->columns[i] = COL_IGNORED;

  state->n_header_fields = MIN (state->fields->len, G_N_ELEMENTS (state->columns));
  for (guint i = 0; i < state->n_header_fields; i++)
    {
      Column column = column_for_header (g_ptr_array_index (state->fields, i));

      /* The first column of a kind wins; a second "Téléphone" is ignored. */
      for (guint j = 0; j < i && column != COL_IGNORED; j++)
        if (state->columns[j] == column)
          column = COL_IGNORED;
      state->columns[i] = column;
      if (column == COL_NAME)
        state->has_name_column = TRUE;
    }
  state->header_done = TRUE;
}

/* Copies the row's values onto @company; the caller normalises. */
static void
fill_company (ImportState *state,
              CnCompany   *company,
              guint        line)
{
  const char *value;

  if ((value = field_for (state, COL_NAME))) cn_company_set_name (company, value);
  if ((value = field_for (state, COL_SIRET))) cn_company_set_siret (company, value);
  if ((value = field_for (state, COL_SIREN))) cn_company_set_siren (company, value);
  if ((value = field_for (state, COL_NAF))) cn_company_set_naf (company, value);
  if ((value = field_for (state, COL_ADDRESS))) cn_company_set_address (company, value);
  if ((value = field_for (state, COL_POSTCODE))) cn_company_set_postcode (company, value);
  if ((value = field_for (state, COL_COMMUNE))) cn_company_set_commune (company, value);
  if ((value = field_for (state, COL_NOTES))) cn_company_set_notes (company, value);

  if ((value = field_for (state, COL_FOUNDED))) cn_company_set_founded_on (company, value);

  if ((value = field_for (state, COL_HEADCOUNT_CODE)))
    cn_company_set_headcount (company, value);
  if ((value = field_for (state, COL_EMPLOYEES)))
    {
      char *end = NULL;
      gint64 n = g_ascii_strtoll (value, &end, 10);

      /* A number of employees, which also gives the bracket when no column
       * does (cn_company_normalize ()), or already a bracket code such as
       * "NN". */
      if (end && *end == '\0' && n >= 0)
        cn_company_set_employees (company, (int) MIN (n, G_MAXINT));
      else if (field_for (state, COL_HEADCOUNT_CODE) == NULL)
        cn_company_set_headcount (company, value);
    }

  if ((value = field_for (state, COL_STATUS)))
    {
      int status = GPOINTER_TO_INT (memo_parse (state, COL_STATUS, value, parse_status_value));

      if (status > 0)
        cn_company_set_status (company, status - 1);
      else
        add_problemf (state, line, _("Line %u: the status “%s” is unknown; the company was imported without it."),
                      line, value);
    }

  if ((value = field_for (state, COL_REVENUE)))
    {
      const char *bracket = memo_parse (state, COL_REVENUE, value, parse_revenue);

      if (bracket)
        cn_company_set_revenue (company, bracket);
      else
        add_problemf (state, line, _("Line %u: the revenue “%s” is not an amount; it was left empty."),
                      line, value);
    }

  if ((value = field_for (state, COL_CUSTOMER_TYPE)))
    {
      const char *id = memo_parse (state, COL_CUSTOMER_TYPE, value, parse_customer_type);

      if (id)
        cn_company_set_customer_type (company, id);
      else
        add_problemf (state, line, _("Line %u: the customer type “%s” is unknown; it was left empty."),
                      line, value);
    }

  if ((value = field_for (state, COL_WEB_PRESENCE)))
    {
      const char *id = memo_parse (state, COL_WEB_PRESENCE, value, parse_web_presence);

      if (id)
        cn_company_set_web_presence (company, id);
      else
        add_problemf (state, line, _("Line %u: the online presence “%s” is unknown; it was left empty."),
                      line, value);
    }

  if ((value = field_for (state, COL_TAGS)))
    {
      g_auto(GStrv) tags = g_strsplit_set (value, ",;|", -1);
      const char * const *old = cn_company_get_tags (company);
      g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
      g_auto(GStrv) merged = NULL;

      g_strv_builder_addv (all, (const char **) old);
      g_strv_builder_addv (all, (const char **) tags);
      merged = g_strv_builder_end (all);
      cn_company_set_tags (company, (const char * const *) merged);
    }

  if ((value = field_for (state, COL_CONSENT_SHARE)))
    {
      int consent = GPOINTER_TO_INT (memo_parse (state, COL_CONSENT_SHARE, value, parse_yes_no_value));

      if (consent)
        cn_company_set_consent_share (company, consent == 1);
    }
}

static CnContact *
contact_from_row (ImportState *state,
                  guint        line)
{
  const char *name = field_for (state, COL_CONTACT_NAME);
  const char *value;
  g_autoptr(CnContact) contact = NULL;
  g_autoptr(GError) error = NULL;

  if (name == NULL)
    return NULL;

  contact = cn_contact_new ();
  cn_contact_set_name (contact, name);
  cn_contact_set_role (contact, field_for (state, COL_CONTACT_ROLE));
  cn_contact_set_email (contact, field_for (state, COL_CONTACT_EMAIL));
  cn_contact_set_phone (contact, field_for (state, COL_CONTACT_PHONE));
  if ((value = field_for (state, COL_CONTACT_CONSENT)))
    {
      int consent = GPOINTER_TO_INT (memo_parse (state, COL_CONTACT_CONSENT, value, parse_yes_no_value));

      if (consent)
        cn_contact_set_consent (contact, consent == 1, NULL, _("Imported with the consent recorded in the spreadsheet"));
    }

  if (!cn_contact_normalize (contact, &error))
    {
      add_problemf (state, line, _("Line %u: the contact was not added: %s"), line, error->message);
      return NULL;
    }
  return g_steal_pointer (&contact);
}

static gboolean
has_contact_named (GPtrArray  *contacts,
                   const char *name)
{
  g_autofree char *key = cn_sort_key (name);

  for (guint i = 0; contacts && i < contacts->len; i++)
    {
      g_autofree char *other = cn_sort_key (cn_contact_get_name (g_ptr_array_index (contacts, i)));
      if (g_str_equal (key, other))
        return TRUE;
    }
  return FALSE;
}

/* Everything an import can change, as one string, to tell whether a merge
 * changed anything. */
static char *
company_fingerprint (CnCompany *c)
{
  g_autofree char *tags = g_strjoinv ("\x1e", (char **) cn_company_get_tags (c));
  g_autofree char *employees = g_strdup_printf ("%d", cn_company_get_employees (c));

  return g_strjoin ("\x1f", cn_company_get_name (c),
                    cn_company_get_siret (c) ?: "", cn_company_get_siren (c) ?: "",
                    cn_company_get_naf (c) ?: "", cn_company_get_headcount (c) ?: "",
                    cn_company_get_revenue (c) ?: "", cn_company_get_customer_type (c) ?: "",
                    cn_company_get_web_presence (c) ?: "", cn_company_get_founded_on (c) ?: "", employees,
                    cn_company_get_address (c) ?: "",
                    cn_company_get_postcode (c) ?: "", cn_company_get_commune (c) ?: "",
                    cn_company_get_notes (c), cn_company_status_to_string (cn_company_get_status (c)),
                    cn_company_get_consent_share (c) ? "1" : "0", tags, NULL);
}

/* Values the file gives replace the stored ones; empty cells keep them.
 * Returns whether @existing changed. */
static gboolean
merge_into (CnCompany *existing,
            CnCompany *incoming,
            gboolean   status_given)
{
  g_autofree char *before = company_fingerprint (existing);
  g_autofree char *after = NULL;
  g_autoptr(GStrvBuilder) all_tags = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;

#define TAKE(field) \
  if (cn_company_get_##field (incoming)) cn_company_set_##field (existing, cn_company_get_##field (incoming))
  cn_company_set_name (existing, cn_company_get_name (incoming));
  TAKE (siret);
  TAKE (siren);
  TAKE (naf);
  TAKE (headcount);
  TAKE (revenue);
  TAKE (customer_type);
  TAKE (web_presence);
  TAKE (founded_on);
  TAKE (address);
  TAKE (postcode);
  TAKE (commune);
#undef TAKE
  if (cn_company_get_employees (incoming) >= 0)
    cn_company_set_employees (existing, cn_company_get_employees (incoming));
  else if (cn_company_get_headcount (incoming) && cn_company_get_employees (existing) >= 0)
    {
      /* A new bracket without a number: a stored number outside it is out
       * of date. */
      const CnHeadcountBracket *bracket = cn_headcount_lookup (cn_company_get_headcount (existing));

      if (bracket && bracket->min >= 0 &&
          (cn_company_get_employees (existing) < bracket->min || cn_company_get_employees (existing) > bracket->max))
        cn_company_set_employees (existing, -1);
    }
  if (*cn_company_get_notes (incoming))
    cn_company_set_notes (existing, cn_company_get_notes (incoming));
  if (status_given)
    cn_company_set_status (existing, cn_company_get_status (incoming));
  if (cn_company_get_consent_share (incoming))
    cn_company_set_consent_share (existing, TRUE);

  g_strv_builder_addv (all_tags, (const char **) cn_company_get_tags (existing));
  g_strv_builder_addv (all_tags, (const char **) cn_company_get_tags (incoming));
  tags = g_strv_builder_end (all_tags);
  cn_company_set_tags (existing, (const char * const *) tags);

  after = company_fingerprint (existing);
  return !g_str_equal (before, after);
}

static void
import_row (ImportState *state)
{
  guint line = state->record_line;
  g_autoptr(CnCompany) incoming = cn_company_new ();
  g_autoptr(CnCompany) existing = NULL;
  g_autoptr(CnContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  CnCompanyField field;
  const char *id;

  fill_company (state, incoming, line);

  /* A creation date or an exact headcount that does not hold is left out,
   * not the company (a headcount outside the file's own bracket, say). */
  while (!cn_company_normalize (incoming, &field, &error))
    {
      if (field == CN_COMPANY_FIELD_FOUNDED && cn_company_get_founded_on (incoming) != NULL)
        {
          add_problemf (state, line, _("Line %u: %s The creation date was left empty."), line, error->message);
          cn_company_set_founded_on (incoming, NULL);
        }
      else if (field == CN_COMPANY_FIELD_EMPLOYEES && cn_company_get_employees (incoming) >= 0)
        {
          add_problemf (state, line, _("Line %u: %s The exact headcount was left empty."), line, error->message);
          cn_company_set_employees (incoming, -1);
        }
      else
        {
          add_problemf (state, line, _("Line %u: %s"), line, error->message);
          state->report->skipped++;
          return;
        }
      g_clear_error (&error);
    }

  contact = contact_from_row (state, line);

  /* An exported file carries ids: match on them first. */
  id = field_for (state, COL_ID);
  if (id && g_uuid_string_is_valid (id))
    {
      existing = cn_store_get_company (state->store, id, &error);
      if (existing == NULL && !g_error_matches (error, CN_ERROR, CN_ERROR_NOT_FOUND))
        goto store_failed;
      g_clear_error (&error);
    }
  if (existing == NULL)
    {
      existing = cn_store_find_duplicate (state->store, incoming, &error);
      if (error)
        goto store_failed;
    }

  if (existing)
    {
      g_autoptr(GPtrArray) contacts = NULL;
      gboolean changed = merge_into (existing, incoming, field_for (state, COL_STATUS) != NULL);
      gboolean contact_added = FALSE;

      if (changed && !cn_store_update_company (state->store, existing, &field, &error))
        goto row_failed;

      if (contact)
        {
          contacts = cn_store_list_contacts (state->store, cn_company_get_id (existing), &error);
          if (contacts == NULL)
            goto store_failed;
          if (!has_contact_named (contacts, cn_contact_get_name (contact)))
            {
              cn_contact_set_company_id (contact, cn_company_get_id (existing));
              if (!cn_store_save_contact (state->store, contact, &error))
                goto row_failed;
              contact_added = TRUE;
            }
        }

      if (changed || contact_added)
        state->report->updated++;
      else
        state->report->unchanged++;
      return;
    }

  if (id && g_uuid_string_is_valid (id))
    cn_company_set_id (incoming, id);

  /* Validated above: a failure now is the store's, and rolls the batch back. */
  if (!cn_store_import_company (state->store, incoming, contact, state->source_name, &error))
    goto store_failed;

  state->report->added++;
  return;

row_failed:
  /* Disk full or a read-only database will fail every row: stop there. */
  if (g_error_matches (error, CN_ERROR, CN_ERROR_INVALID))
    {
      add_problemf (state, line, _("Line %u: %s"), line, error->message);
      state->report->skipped++;
      return;
    }
store_failed:
  state->fatal = g_steal_pointer (&error);
}

static void
on_field (void   *data,
          size_t  length,
          void   *user_data)
{
  ImportState *state = user_data;
  char *value = g_strndup (data ? data : "", length);

  /* Values exported with a protective quote (see escape_for_spreadsheet). */
  if (value[0] == '\'' && strchr ("=+-@", value[1]) && value[1] != '\0')
    memmove (value, value + 1, strlen (value));
  g_ptr_array_add (state->fields, g_strstrip (value));
}

static void
on_record (int   terminator,
           void *user_data)
{
  ImportState *state = user_data;
  gboolean empty = TRUE;

  state->between_records = TRUE;
  if (state->fatal || state->stopped)
    goto out;

  for (guint i = 0; i < state->fields->len; i++)
    if (*(char *) g_ptr_array_index (state->fields, i))
      empty = FALSE;
  if (empty)
    goto out;

  if (!state->header_done)
    {
      read_header (state);
      goto out;
    }

  if (!state->has_name_column)
    goto out;

  if (state->rows_in_transaction == 0 && !cn_store_begin (state->store, &state->fatal))
    goto out;

  import_row (state);
  state->rows_done++;
  state->rows_in_transaction++;

  if (!state->fatal && state->rows_in_transaction >= ROWS_PER_TRANSACTION)
    {
      state->rows_in_transaction = 0;
      if (!cn_store_commit (state->store, &state->fatal))
        goto out;
    }

  if (state->progress && state->rows_done % PROGRESS_EVERY == 0 &&
      !state->progress (state->rows_done, state->user_data))
    state->stopped = TRUE;

out:
  g_ptr_array_set_size (state->fields, 0);
}

static gboolean
is_space (unsigned char c)
{
  return c == ' ';
}

/* A line the parser skips without a record (only spaces and the line end):
 * the next record must not be numbered from it. */
static gboolean
is_blank_line (const char *line,
               gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!is_space (line[i]) && line[i] != '\r' && line[i] != '\n')
      return FALSE;
  return TRUE;
}

/* Bytes that do not decode are binary data too: say so in the core's error
 * domain rather than with iconv's words. */
static char *
convert_to_utf8 (const char  *data,
                 gsize        length,
                 const char  *from,
                 GError     **error)
{
  char *text = g_convert (data, length, "UTF-8", from, NULL, NULL, NULL);

  if (text == NULL)
    g_set_error_literal (error, CN_ERROR, CN_ERROR_PARSE,
                         _("This file is not a text table (CSV): it contains binary data."));
  return text;
}

/* Detects the encoding and returns UTF-8 text without BOM. */
static char *
to_utf8 (const char  *data,
         gsize        length,
         char       **encoding,
         GError     **error)
{
  if (length >= 2 && ((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE))
    {
      char *text = convert_to_utf8 (data + 2, length - 2, "UTF-16LE", error);
      *encoding = g_strdup ("UTF-16");
      return text;
    }
  if (length >= 2 && ((guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF))
    {
      char *text = convert_to_utf8 (data + 2, length - 2, "UTF-16BE", error);
      *encoding = g_strdup ("UTF-16");
      return text;
    }

  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_PARSE,
                           _("This file is not a text table (CSV): it contains binary data."));
      return NULL;
    }

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (g_utf8_validate_len (data, length, NULL))
    {
      *encoding = g_strdup ("UTF-8");
      return g_strndup (data, length);
    }

  /* Excel on Windows saves "CSV (séparateur : point-virgule)" in cp1252. */
  *encoding = g_strdup ("WINDOWS-1252");
  return convert_to_utf8 (data, length, "WINDOWS-1252", error);
}

static char
detect_separator (const char *text)
{
  guint semicolons = 0, commas = 0, tabs = 0;
  gboolean quoted = FALSE;

  for (const char *p = text; *p && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == ';')
        semicolons++;
      else if (!quoted && *p == ',')
        commas++;
      else if (!quoted && *p == '\t')
        tabs++;
    }

  if (tabs > semicolons && tabs > commas)
    return '\t';
  if (commas > semicolons)
    return ',';
  return ';';
}

CnImportReport *
cn_csv_import_data (CnStore          *store,
                    const char       *data,
                    gsize             length,
                    const char       *source_name,
                    CnImportProgress  progress,
                    gpointer          user_data,
                    GError          **error)
{
  g_autoptr(CnImportReport) report = g_new0 (CnImportReport, 1);
  g_autofree char *text = NULL;
  struct csv_parser parser;
  ImportState state = { 0 };
  const char *p;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);

  text = to_utf8 (data, length, &report->encoding, error);
  if (text == NULL)
    return NULL;
  report->separator = detect_separator (text);

  if (csv_init (&parser, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_PARSE, _("Out of memory."));
      return NULL;
    }
  csv_set_delim (&parser, report->separator);
  csv_set_space_func (&parser, is_space);

  state.store = store;
  state.source_name = source_name;
  state.report = report;
  state.progress = progress;
  state.user_data = user_data;
  state.fields = g_ptr_array_new_with_free_func (g_free);
  state.between_records = TRUE;

  /* A batch lost to a power cut is imported again by running the import
   * again (it is idempotent): no fsync per batch. */
  sqlite3_exec (cn_store_get_db (store), "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  /* Random UUID keys spread inserts over the whole index: keep it cached
   * while importing, then give the memory back. */
  sqlite3_exec (cn_store_get_db (store), "PRAGMA cache_size = -65536", NULL, NULL, NULL);

  /* Fed line by line so that problems can name the line a record starts on,
   * even when quoted fields hold line breaks. */
  p = text;
  while (*p && !state.fatal && !state.stopped)
    {
      const char *eol = strchr (p, '\n');
      gsize len = eol ? (gsize) (eol - p + 1) : strlen (p);

      state.line++;
      if (state.between_records && !is_blank_line (p, len))
        {
          state.record_line = state.line;
          state.between_records = FALSE;
        }
      if (csv_parse (&parser, p, len, on_field, on_record, &state) != len)
        break;
      p += len;
    }

  /* libcsv honours CSV_STRICT_FINI only together with CSV_STRICT; strict
   * parsing would refuse the stray quotes common in names (Chez "Léa"), so
   * it is turned on for the end of the file only. */
  csv_set_opts (&parser, csv_get_opts (&parser) | CSV_STRICT);
  if (!state.fatal && !state.stopped &&
      csv_fini (&parser, on_field, on_record, &state) != 0)
    {
      add_problemf (&state, state.record_line,
                    _("Line %u: a quoted value opened here is never closed; this row and the following ones were not imported."),
                    state.record_line);
      report->skipped++;
    }
  csv_free (&parser);
  g_ptr_array_unref (state.fields);
  for (guint i = 0; i < G_N_ELEMENTS (state.memo); i++)
    g_clear_pointer (&state.memo[i], g_hash_table_unref);

  if (state.rows_in_transaction > 0)
    {
      if (state.fatal)
        cn_store_rollback (store);
      else
        cn_store_commit (store, &state.fatal);
    }

  sqlite3_exec (cn_store_get_db (store), "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  sqlite3_exec (cn_store_get_db (store), "PRAGMA cache_size = -2000", NULL, NULL, NULL);

  if (state.fatal)
    {
      g_propagate_prefixed_error (error, state.fatal,
                                  _("The import stopped at line %u: "), state.record_line);
      return NULL;
    }

  if (!state.header_done)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_PARSE,
                           _("The file is empty: there is no header row and no company."));
      return NULL;
    }

  if (!state.has_name_column)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_PARSE,
                           _("No column holds the company name: the first row must be a header with a column such as “Nom”, “Raison sociale” or “Entreprise”."));
      return NULL;
    }

  return g_steal_pointer (&report);
}

CnImportReport *
cn_csv_import_file (CnStore          *store,
                    const char       *path,
                    CnImportProgress  progress,
                    gpointer          user_data,
                    GError          **error)
{
  g_autofree char *data = NULL;
  g_autofree char *basename = g_path_get_basename (path);
  gsize length;
  GError *local_error = NULL;

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_IO, "%s", local_error->message);
      g_error_free (local_error);
      return NULL;
    }
  return cn_csv_import_data (store, data, length, basename, progress, user_data, error);
}

/* ---- writing --------------------------------------------------------- */

/* A cell starting with = + - @ is run as a formula by spreadsheets: a
 * quote in front keeps it text (and the importer removes it again).
 * Phone numbers such as "+33 5 …" start with a digit after the sign and
 * are left alone. */
static void
append_cell (GString    *out,
             const char *value,
             gboolean    first)
{
  if (!first)
    g_string_append_c (out, ';');
  if (value == NULL || *value == '\0')
    return;

  g_string_append_c (out, '"');
  if (strchr ("=@", value[0]) ||
      ((value[0] == '+' || value[0] == '-') && !g_ascii_isdigit (value[1]) && value[1] != ' '))
    g_string_append_c (out, '\'');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static const char *export_headers[] = {
  "id", "nom", "siret", "siren", "code_naf", "activite", "tranche_effectif", "effectif",
  "chiffre_affaires", "clientele", "presence_en_ligne", "date_creation", "adresse", "code_postal",
  "commune", "departement", "region", "statut", "etiquettes", "notes",
  "contact", "fonction", "email", "telephone", "consentement_contact",
  "partage_plateforme", "cree_le", "modifie_le",
};

char *
cn_csv_export_data (CnStore                *store,
                    const CnCompanyFilter  *filter,
                    guint                  *n_written,
                    GError                **error)
{
  g_autoptr(GArray) rows = cn_store_find_companies (store, filter, error);
  GString *out;

  if (rows == NULL)
    return NULL;

  out = g_string_new ("\xEF\xBB\xBF");
  for (guint i = 0; i < G_N_ELEMENTS (export_headers); i++)
    append_cell (out, export_headers[i], i == 0);
  g_string_append (out, "\r\n");

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(CnCompany) company = cn_store_get_company_by_rowid (store, g_array_index (rows, gint64, i), error);
      g_autoptr(GPtrArray) contacts = NULL;
      g_autofree char *tags = NULL;
      g_autofree char *employees = NULL;
      CnContact *contact = NULL;
      const CnDepartment *dep;

      if (company == NULL)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      contacts = cn_store_list_contacts (store, cn_company_get_id (company), error);
      if (contacts == NULL)
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      /* One row per company: the first contact goes in the contact columns. */
      if (contacts->len > 0)
        contact = g_ptr_array_index (contacts, 0);
      tags = g_strjoinv (", ", (char **) cn_company_get_tags (company));
      if (cn_company_get_employees (company) >= 0)
        employees = g_strdup_printf ("%d", cn_company_get_employees (company));
      dep = cn_geo_department_lookup (cn_company_get_department (company));

      append_cell (out, cn_company_get_id (company), TRUE);
      append_cell (out, cn_company_get_name (company), FALSE);
      append_cell (out, cn_company_get_siret (company), FALSE);
      append_cell (out, cn_company_get_siren (company), FALSE);
      append_cell (out, cn_company_get_naf (company), FALSE);
      append_cell (out, cn_naf_label (cn_company_get_naf (company)), FALSE);
      append_cell (out, cn_company_get_headcount (company), FALSE);
      append_cell (out, employees, FALSE);
      append_cell (out, cn_company_get_revenue (company), FALSE);
      append_cell (out, cn_company_get_customer_type (company), FALSE);
      append_cell (out, cn_company_get_web_presence (company), FALSE);
      append_cell (out, cn_company_get_founded_on (company), FALSE);
      append_cell (out, cn_company_get_address (company), FALSE);
      append_cell (out, cn_company_get_postcode (company), FALSE);
      append_cell (out, cn_company_get_commune (company), FALSE);
      append_cell (out, dep ? dep->code : NULL, FALSE);
      append_cell (out, cn_company_get_region (company), FALSE);
      append_cell (out, cn_company_status_label (cn_company_get_status (company)), FALSE);
      append_cell (out, tags, FALSE);
      append_cell (out, cn_company_get_notes (company), FALSE);
      append_cell (out, contact ? cn_contact_get_name (contact) : NULL, FALSE);
      append_cell (out, contact ? cn_contact_get_role (contact) : NULL, FALSE);
      append_cell (out, contact ? cn_contact_get_email (contact) : NULL, FALSE);
      append_cell (out, contact ? cn_contact_get_phone (contact) : NULL, FALSE);
      append_cell (out, contact ? (cn_contact_get_consent (contact) ? "oui" : "non") : NULL, FALSE);
      append_cell (out, cn_company_get_consent_share (company) ? "oui" : "non", FALSE);
      append_cell (out, cn_company_get_created_at (company), FALSE);
      append_cell (out, cn_company_get_updated_at (company), FALSE);
      g_string_append (out, "\r\n");
    }

  if (n_written)
    *n_written = rows->len;
  return g_string_free (out, FALSE);
}

gboolean
cn_csv_export_file (CnStore                *store,
                    const CnCompanyFilter  *filter,
                    const char             *path,
                    guint                  *n_written,
                    GError                **error)
{
  g_autofree char *data = cn_csv_export_data (store, filter, n_written, error);
  GError *local_error = NULL;

  if (data == NULL)
    return FALSE;

  /* Written to a temporary file and renamed: a crash never leaves half a
   * file under the chosen name.  0600: it holds personal data. */
  if (!g_file_set_contents_full (path, data, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, CN_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOSPC)
                     ? CN_ERROR_DISK_FULL : CN_ERROR_IO,
                   "%s", local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  return TRUE;
}
