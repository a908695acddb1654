/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-catalogue"

#include <string.h>
#include <glib/gstdio.h>

#include "cn-catalogue.h"
#include "cn-error.h"

/* ---- Helpers ---------------------------------------------------------- */

static char *
read_shipped (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "catalogue", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static CnCatalogue *
load_shipped (void)
{
  g_autofree char *prices = read_shipped ("prices.json");
  g_autofree char *aids = read_shipped ("aids.json");
  g_autofree char *testimonies = read_shipped ("testimonies.json");
  g_autoptr(GError) error = NULL;
  CnCatalogue *catalogue = cn_catalogue_load_data (prices, aids, testimonies, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
  return catalogue;
}

static CnCompany *
make_company (const char *naf,
              const char *headcount,
              const char *postcode)
{
  CnCompany *company = cn_company_new ();
  g_autoptr(GError) error = NULL;

  cn_company_set_name (company, "Entreprise d'essai");
  cn_company_set_naf (company, naf);
  cn_company_set_headcount (company, headcount);
  cn_company_set_postcode (company, postcode);
  cn_company_normalize (company, NULL, &error);
  g_assert_no_error (error);
  return company;
}

static const CnAidVerdict *
find_verdict (GPtrArray  *verdicts,
              const char *aid_id)
{
  for (guint i = 0; i < verdicts->len; i++)
    {
      const CnAidVerdict *verdict = verdicts->pdata[i];

      if (g_str_equal (verdict->aid->id, aid_id))
        return verdict;
    }
  g_assert_not_reached ();
  return NULL;
}

static const CnAidVerdict *
judge_one (CnCatalogue *catalogue,
           GPtrArray  **verdicts,
           CnCompany   *company,
           const char  *expense_kind,
           int          expense,
           const char  *today,
           const char  *aid_id)
{
  g_clear_pointer (verdicts, g_ptr_array_unref);
  *verdicts = cn_catalogue_judge_aids (catalogue, company, expense_kind, expense, today);
  g_assert_nonnull (*verdicts);
  g_assert_cmpuint ((*verdicts)->len, ==, cn_catalogue_get_n_aids (catalogue));
  return find_verdict (*verdicts, aid_id);
}

/* A minimal valid set, to break one file at a time. */
static const char *const good_prices =
  "{ \"version\": 1, \"prices\": ["
  "  { \"id\": \"site-vitrine\", \"label\": \"Site vitrine\", \"description\": \"Un site.\","
  "    \"min\": 800, \"max\": 4000, \"unit\": \"once\", \"expense_kind\": \"investment\" } ] }";
static const char *const good_aids =
  "{ \"version\": 1, \"aids\": ["
  "  { \"id\": \"aide-a\", \"name\": \"Aide A\", \"issuer\": \"Région\", \"valid_from\": \"2024-01-01\","
  "    \"rate\": 0.3, \"aid_max\": 5000 } ] }";
static const char *const good_testimonies =
  "{ \"version\": 1, \"testimonies\": ["
  "  { \"id\": \"t1\", \"illustrative\": true, \"company\": \"Une fleuriste\", \"trade\": \"Fleuriste\","
  "    \"naf_sections\": [\"G\"], \"size\": \"micro\", \"region\": \"53\", \"quote\": \"Citation.\","
  "    \"story\": \"Histoire.\", \"actions\": [\"une-action-inconnue\"] } ] }";

static void
assert_refused (const char *prices,
                const char *aids,
                const char *testimonies,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCatalogue) catalogue = cn_catalogue_load_data (prices ? prices : good_prices,
                                                             aids ? aids : good_aids,
                                                             testimonies ? testimonies : good_testimonies,
                                                             &error);

  g_assert_null (catalogue);
  g_assert_nonnull (error);
  g_assert_true (error->domain == CN_ERROR);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, expected);
}

/* ---- Loading ---------------------------------------------------------- */

static void
test_load_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;

  if (!g_resources_get_info ("/io/github/croissanceconnectee/Connecteur/catalogue/aids.json", 0, NULL, NULL, NULL))
    {
      g_test_skip ("the catalogue is not compiled into the core resources");
      return;
    }
  catalogue = cn_catalogue_load_default (&error);
  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
  g_assert_nonnull (cn_catalogue_find_price (catalogue, "site-vitrine"));
  g_assert_cmpuint (cn_catalogue_get_n_aids (catalogue), >=, 3);
}

static void
test_load_shipped (void)
{
  g_autoptr(CnCatalogue) catalogue = load_shipped ();
  static const char *const price_ids[] = {
    "site-vitrine", "site-ecommerce", "place-de-marche", "fiche-etablissement", "reseaux-sociaux",
    "paiement-en-ligne", "prise-rdv-en-ligne", "logiciel-caisse", "facturation-electronique", "crm",
    "emailing", "sauvegarde", "audit-cybersecurite", "formation", "accompagnement", "traduction-site",
    "logistique-internationale",
  };
  const CnAid *france_num = NULL, *model = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (price_ids); i++)
    {
      const CnPrice *price = cn_catalogue_find_price (catalogue, price_ids[i]);

      g_assert_nonnull (price);
      g_assert_cmpstr (price->id, ==, price_ids[i]);
      g_assert_nonnull (price->label);
      g_assert_nonnull (price->description);
      g_assert_cmpint (price->min, >=, 0);
      g_assert_cmpint (price->min, <=, price->max);
    }
  g_assert_null (cn_catalogue_find_price (catalogue, "no-such-price"));
  g_assert_null (cn_catalogue_find_price (catalogue, NULL));

  g_assert_cmpuint (cn_catalogue_get_n_aids (catalogue), >=, 3);
  for (guint i = 0; i < cn_catalogue_get_n_aids (catalogue); i++)
    {
      const CnAid *aid = cn_catalogue_get_aid (catalogue, i);

      g_assert_true (aid->rate >= 0 && aid->rate <= 1);
      if (g_str_equal (aid->id, "cheque-france-num"))
        france_num = aid;
      else if (g_str_equal (aid->id, "aide-regionale-modele"))
        model = aid;
    }
  g_assert_nonnull (france_num);
  g_assert_null (france_num->regions);
  g_assert_cmpstr (france_num->valid_from, ==, "2021-01-27");
  g_assert_cmpstr (france_num->valid_until, ==, "2021-07-31");
  g_assert_cmpint (france_num->max_employees, ==, 11);
  g_assert_cmpint (france_num->fixed_amount, ==, 500);

  g_assert_nonnull (model);
  g_assert_null (model->regions);
  g_assert_null (model->valid_until);
  g_assert_true (strstr (model->name, "modèle de la piste 4") != NULL);
  g_assert_cmpfloat (model->rate, ==, 0.5);
  g_assert_cmpint (model->expense_min, ==, 2000);
  g_assert_cmpint (model->expense_max, ==, 30000);
  g_assert_cmpint (model->aid_max, ==, 15000);
  g_assert_cmpint (model->max_employees, ==, 50);
  g_assert_true (g_strv_contains ((const char *const *) model->excluded_naf, "47.91"));
}

static void
test_load_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCatalogue) catalogue = cn_catalogue_load_data (good_prices, good_aids, good_testimonies, &error);
  const CnAid *aid;

  /* An unknown action id in a testimony is fine. */
  g_assert_no_error (error);
  g_assert_nonnull (catalogue);
  aid = cn_catalogue_get_aid (catalogue, 0);
  g_assert_cmpint (aid->max_employees, ==, -1);
  g_assert_null (aid->valid_until);
  g_assert_null (aid->regions);
  g_assert_null (aid->excluded_naf);
  g_assert_null (aid->expense_kinds);
  g_assert_null (aid->url);
}

static void
test_load_refused (void)
{
  /* Not JSON, not an object. */
  assert_refused ("{ \"version\": 1, ", NULL, NULL, "prices.json: ");
  assert_refused (NULL, "[]", NULL, "aids.json: ");
  /* Empty or blank: valid JSON without a root (found by fuzzing). */
  assert_refused ("", NULL, NULL, "prices.json: ");
  assert_refused (NULL, " \n", NULL, "aids.json: ");
  assert_refused (NULL, NULL, "{ \"testimonies\": [] }", "testimonies.json: version: ");

  /* Prices. */
  assert_refused ("{ \"version\": 1, \"prices\": ["
                  " { \"id\": \"a\", \"label\": \"A\", \"description\": \"A.\", \"min\": 1, \"max\": 2, \"unit\": \"once\", \"expense_kind\": \"subscription\" },"
                  " { \"id\": \"a\", \"label\": \"B\", \"description\": \"B.\", \"min\": 1, \"max\": 2, \"unit\": \"once\", \"expense_kind\": \"subscription\" } ] }",
                  NULL, NULL, "prices.json: prices[1]: ");
  assert_refused ("{ \"version\": 1, \"prices\": ["
                  " { \"id\": \"a\", \"label\": \"A\", \"description\": \"A.\", \"min\": 3000, \"max\": 2000, \"unit\": \"once\", \"expense_kind\": \"subscription\" } ] }",
                  NULL, NULL, "prices.json: prices[0]: ");
  assert_refused ("{ \"version\": 1, \"prices\": ["
                  " { \"id\": \"a\", \"label\": \"A\", \"description\": \"A.\", \"min\": 1, \"max\": 2, \"unit\": \"week\", \"expense_kind\": \"subscription\" } ] }",
                  NULL, NULL, "prices.json: prices[0].unit: ");
  assert_refused ("{ \"version\": 1, \"prices\": ["
                  " { \"id\": \"a\", \"label\": \"A\", \"description\": \"A.\", \"min\": 1, \"max\": 2, \"unit\": \"once\", \"expense_kind\": \"loisirs\" } ] }",
                  NULL, NULL, "prices.json: prices[0].expense_kind: ");
  assert_refused ("{ \"version\": 1, \"prices\": ["
                  " { \"id\": \"a\", \"description\": \"A.\", \"min\": 1, \"max\": 2, \"unit\": \"once\", \"expense_kind\": \"subscription\" } ] }",
                  NULL, NULL, "prices.json: prices[0].label: ");
  assert_refused ("{ \"version\": 1, \"prices\": ["
                  " { \"id\": \"A B\", \"label\": \"A\", \"description\": \"A.\", \"min\": 1, \"max\": 2, \"unit\": \"once\", \"expense_kind\": \"subscription\" } ] }",
                  NULL, NULL, "prices.json: prices[0].id: ");

  /* Aids. */
  assert_refused (NULL, "{ \"version\": 1, \"aids\": ["
                  " { \"id\": \"a\", \"name\": \"A\", \"issuer\": \"I\", \"rate\": 0.5 },"
                  " { \"id\": \"a\", \"name\": \"B\", \"issuer\": \"I\", \"rate\": 0.5 } ] }",
                  NULL, "aids.json: aids[1]: ");
  assert_refused (NULL, "{ \"version\": 1, \"aids\": ["
                  " { \"id\": \"a\", \"name\": \"A\", \"issuer\": \"I\", \"rate\": 1.5 } ] }",
                  NULL, "aids.json: aids[0].rate: ");
  assert_refused (NULL, "{ \"version\": 1, \"aids\": ["
                  " { \"id\": \"a\", \"name\": \"A\", \"issuer\": \"I\", \"rate\": -0.1 } ] }",
                  NULL, "aids.json: aids[0].rate: ");
  assert_refused (NULL, "{ \"version\": 1, \"aids\": ["
                  " { \"id\": \"a\", \"name\": \"A\", \"issuer\": \"I\", \"rate\": 0.5, \"valid_from\": \"2021-02-30\" } ] }",
                  NULL, "aids.json: aids[0].valid_from: ");
  assert_refused (NULL, "{ \"version\": 1, \"aids\": ["
                  " { \"id\": \"a\", \"name\": \"A\", \"issuer\": \"I\", \"rate\": 0.5, \"valid_until\": \"31/07/2021\" } ] }",
                  NULL, "aids.json: aids[0].valid_until: ");
  assert_refused (NULL, "{ \"version\": 1, \"aids\": ["
                  " { \"id\": \"a\", \"name\": \"A\", \"issuer\": \"I\", \"rate\": 0.5,"
                  "   \"valid_from\": \"2021-07-31\", \"valid_until\": \"2021-01-27\" } ] }",
                  NULL, "aids.json: aids[0]: ");
  assert_refused (NULL, "{ \"version\": 1, \"aids\": ["
                  " { \"id\": \"a\", \"name\": \"A\", \"issuer\": \"I\", \"rate\": 0.5,"
                  "   \"expense_min\": 30000, \"expense_max\": 2000 } ] }",
                  NULL, "aids.json: aids[0]: ");
  assert_refused (NULL, "{ \"version\": 1, \"aids\": ["
                  " { \"id\": \"a\", \"name\": \"A\", \"issuer\": \"I\", \"rate\": 0.5, \"regions\": [\"99\"] } ] }",
                  NULL, "aids.json: aids[0].regions[0]: ");
  assert_refused (NULL, "{ \"version\": 1, \"aids\": ["
                  " { \"id\": \"a\", \"name\": \"A\", \"issuer\": \"I\", \"rate\": 0.5, \"excluded_naf\": [\"numérique\"] } ] }",
                  NULL, "aids.json: aids[0].excluded_naf[0]: ");
  assert_refused (NULL, "{ \"version\": 1, \"aids\": ["
                  " { \"id\": \"a\", \"name\": \"A\", \"issuer\": \"I\", \"rate\": 0.5, \"fixed_amount\": 500 } ] }",
                  NULL, "aids.json: aids[0]: ");
  assert_refused (NULL, "{ \"version\": 1, \"aids\": ["
                  " { \"id\": \"a\", \"name\": \"A\", \"issuer\": \"I\" } ] }",
                  NULL, "aids.json: aids[0]: ");

  /* Testimonies. */
  assert_refused (NULL, NULL, "{ \"version\": 1, \"testimonies\": ["
                  " { \"id\": \"t\", \"company\": \"C\", \"trade\": \"T\", \"naf_sections\": [\"G\"], \"size\": \"micro\", \"quote\": \"Q\", \"story\": \"S\" },"
                  " { \"id\": \"t\", \"company\": \"C\", \"trade\": \"T\", \"naf_sections\": [\"G\"], \"size\": \"micro\", \"quote\": \"Q\", \"story\": \"S\" } ] }",
                  "testimonies.json: testimonies[1]: ");
  assert_refused (NULL, NULL, "{ \"version\": 1, \"testimonies\": ["
                  " { \"id\": \"t\", \"company\": \"C\", \"trade\": \"T\", \"naf_sections\": [\"Z\"], \"size\": \"micro\", \"quote\": \"Q\", \"story\": \"S\" } ] }",
                  "testimonies.json: testimonies[0].naf_sections[0]: ");
  assert_refused (NULL, NULL, "{ \"version\": 1, \"testimonies\": ["
                  " { \"id\": \"t\", \"company\": \"C\", \"trade\": \"T\", \"naf_sections\": [\"G\"], \"size\": \"geante\", \"quote\": \"Q\", \"story\": \"S\" } ] }",
                  "testimonies.json: testimonies[0].size: ");
  assert_refused (NULL, NULL, "{ \"version\": 1, \"testimonies\": ["
                  " { \"id\": \"t\", \"company\": \"C\", \"trade\": \"T\", \"naf_sections\": [\"G\"], \"size\": \"micro\", \"story\": \"S\" } ] }",
                  "testimonies.json: testimonies[0].quote: ");
  assert_refused (NULL, NULL, "{ \"version\": 1, \"testimonies\": ["
                  " { \"id\": \"t\", \"company\": \"C\", \"trade\": \"T\", \"naf_sections\": [\"G\"], \"size\": \"micro\", \"quote\": \"Q\", \"story\": \"S\", \"illustrative\": \"oui\" } ] }",
                  "testimonies.json: testimonies[0].illustrative: ");
}

/* ---- Judging ---------------------------------------------------------- */

static void
test_france_num (void)
{
  g_autoptr(CnCatalogue) catalogue = load_shipped ();
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(CnCompany) five = make_company ("47.76Z", "02", "35000");
  g_autoptr(CnCompany) ten_to_nineteen = make_company ("47.76Z", "11", "35000");
  g_autoptr(CnCompany) twenty = make_company ("47.76Z", "12", "35000");
  g_autoptr(CnCompany) unknown = make_company ("47.76Z", "NN", "35000");
  const CnAidVerdict *verdict;

  /* Expired. */
  verdict = judge_one (catalogue, &verdicts, five, NULL, 1000, "2026-11-23", "cheque-france-num");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (verdict->reason);
  g_assert_nonnull (strstr (verdict->reason, "31/07/2021"));

  /* Not open yet. */
  verdict = judge_one (catalogue, &verdicts, five, NULL, 1000, "2021-01-01", "cheque-france-num");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, "27/01/2021"));

  /* The last day still counts. */
  verdict = judge_one (catalogue, &verdicts, five, NULL, 1000, "2021-07-31", "cheque-france-num");
  g_assert_true (verdict->eligible);

  verdict = judge_one (catalogue, &verdicts, five, "investment", 1000, "2021-03-01", "cheque-france-num");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 500);
  /* A fixed cheque does not depend on the expense. */
  verdict = judge_one (catalogue, &verdicts, five, NULL, 0, "2021-03-01", "cheque-france-num");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 500);

  /* 10–19 employees spans the limit of 11: to check. */
  verdict = judge_one (catalogue, &verdicts, ten_to_nineteen, NULL, 1000, "2021-03-01", "cheque-france-num");
  g_assert_true (verdict->eligible);
  g_assert_true (verdict->to_check);
  g_assert_cmpint (verdict->amount, ==, 500);
  g_assert_nonnull (verdict->reason);

  verdict = judge_one (catalogue, &verdicts, unknown, NULL, 1000, "2021-03-01", "cheque-france-num");
  g_assert_true (verdict->eligible);
  g_assert_true (verdict->to_check);

  /* 20–49: out. */
  verdict = judge_one (catalogue, &verdicts, twenty, NULL, 1000, "2021-03-01", "cheque-france-num");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, "11"));

  /* Training was not among its expenses. */
  verdict = judge_one (catalogue, &verdicts, five, "training", 1000, "2021-03-01", "cheque-france-num");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (verdict->reason);
}

static void
test_model_aid (void)
{
  g_autoptr(CnCatalogue) catalogue = load_shipped ();
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(CnCompany) shop = make_company ("47.71Z", "03", "69001");
  g_autoptr(CnCompany) mail_order = make_company ("47.91B", "03", "69001");
  g_autoptr(CnCompany) software = make_company ("62.01Z", "03", "69001");
  g_autoptr(CnCompany) fifty = make_company ("47.71Z", "21", "69001");
  g_autoptr(CnCompany) twenty = make_company ("47.71Z", "12", "69001");
  g_autofree char *minimum = cn_format_euros (2000);
  const CnAidVerdict *verdict;

  verdict = judge_one (catalogue, &verdicts, shop, "investment", 4000, "2026-11-23", "aide-regionale-modele");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 2000);

  verdict = judge_one (catalogue, &verdicts, shop, NULL, 40000, "2026-11-23", "aide-regionale-modele");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 15000);

  verdict = judge_one (catalogue, &verdicts, shop, NULL, 2000, "2026-11-23", "aide-regionale-modele");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 1000);

  /* Rounded down to the euro. */
  verdict = judge_one (catalogue, &verdicts, shop, NULL, 4001, "2026-11-23", "aide-regionale-modele");
  g_assert_cmpint (verdict->amount, ==, 2000);

  verdict = judge_one (catalogue, &verdicts, shop, NULL, 1999, "2026-11-23", "aide-regionale-modele");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, minimum));

  verdict = judge_one (catalogue, &verdicts, mail_order, NULL, 4000, "2026-11-23", "aide-regionale-modele");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (verdict->reason);
  verdict = judge_one (catalogue, &verdicts, software, NULL, 4000, "2026-11-23", "aide-regionale-modele");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (verdict->reason);
  /* Both kinds of distance selling (there is no 47.91Z in NAF rév. 2). */
  {
    g_autoptr(CnCompany) catalogue_seller = make_company ("47.91A", "03", "69001");

    verdict = judge_one (catalogue, &verdicts, catalogue_seller, NULL, 4000, "2026-11-23", "aide-regionale-modele");
    g_assert_false (verdict->eligible);
  }
  /* Retail next door to the excluded class is not excluded. */
  {
    g_autoptr(CnCompany) market = make_company ("47.89Z", "03", "69001");

    verdict = judge_one (catalogue, &verdicts, market, NULL, 4000, "2026-11-23", "aide-regionale-modele");
    g_assert_true (verdict->eligible);
  }

  verdict = judge_one (catalogue, &verdicts, fifty, NULL, 4000, "2026-11-23", "aide-regionale-modele");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, "50"));

  /* 20–49 is under 50 whatever the exact number. */
  verdict = judge_one (catalogue, &verdicts, twenty, NULL, 4000, "2026-11-23", "aide-regionale-modele");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 2000);
}

static void
test_regional_aids (void)
{
  g_autoptr(CnCatalogue) catalogue = load_shipped ();
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(CnCompany) rennes = make_company ("47.76Z", "02", "35000");
  g_autoptr(CnCompany) nantes = make_company ("47.76Z", "02", "44000");
  g_autoptr(CnCompany) paris_small = make_company ("47.76Z", "01", "75001");
  g_autoptr(CnCompany) nantes_web = make_company ("62.01Z", "02", "44000");
  g_autoptr(CnCompany) nowhere = make_company ("47.76Z", "02", NULL);
  const CnAidVerdict *verdict;
  guint region_limited = 0;

  /* Every aid limited to regions refuses a company elsewhere, naming them. */
  for (guint i = 0; i < cn_catalogue_get_n_aids (catalogue); i++)
    {
      const CnAid *aid = cn_catalogue_get_aid (catalogue, i);
      g_autoptr(CnCompany) elsewhere = NULL;

      if (aid->regions == NULL)
        continue;
      region_limited++;
      /* Mayotte is in none of them. */
      g_assert_false (g_strv_contains ((const char *const *) aid->regions, "06"));
      elsewhere = make_company ("47.76Z", "02", "97600");
      verdict = judge_one (catalogue, &verdicts, elsewhere, NULL, 4000, "2016-06-01", aid->id);
      g_assert_false (verdict->eligible);
      g_assert_nonnull (verdict->reason);
    }
  g_assert_cmpuint (region_limited, >=, 5);

  verdict = judge_one (catalogue, &verdicts, rennes, "advice", 10000, "2016-06-01",
                       "pdl-cheque-numerique-conseil");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, "Pays de la Loire"));

  verdict = judge_one (catalogue, &verdicts, nantes, "advice", 10000, "2016-06-01",
                       "pdl-cheque-numerique-conseil");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 5000);
  /* Turnover is not in the record: to check. */
  g_assert_true (verdict->to_check);

  verdict = judge_one (catalogue, &verdicts, nantes, "investment", 10000, "2016-06-01",
                       "pdl-cheque-numerique-investissement");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 3000);
  verdict = judge_one (catalogue, &verdicts, nantes, "investment", 3333, "2016-06-01",
                       "pdl-cheque-numerique-investissement");
  g_assert_cmpint (verdict->amount, ==, 999);
  verdict = judge_one (catalogue, &verdicts, nantes, "advice", 10000, "2016-06-01",
                       "pdl-cheque-numerique-investissement");
  g_assert_false (verdict->eligible);

  verdict = judge_one (catalogue, &verdicts, nantes_web, "advice", 10000, "2016-06-01",
                       "pdl-cheque-numerique-conseil");
  g_assert_false (verdict->eligible);

  verdict = judge_one (catalogue, &verdicts, rennes, "investment", 1000, "2016-06-01",
                       "bretagne-cheque-numerique");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 240);

  /* The 2016 table gives no dates: closed at the end of the report's year. */
  verdict = judge_one (catalogue, &verdicts, rennes, "investment", 1000, "2026-11-23",
                       "bretagne-cheque-numerique");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, "31/12/2016"));

  /* PM'up starts at 5 employees. */
  verdict = judge_one (catalogue, &verdicts, paris_small, NULL, 10000, "2016-06-01", "idf-pm-up");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, "5"));

  /* No address: the region is to check, not a refusal. */
  verdict = judge_one (catalogue, &verdicts, nowhere, "investment", 1000, "2016-06-01",
                       "bretagne-cheque-numerique");
  g_assert_true (verdict->eligible);
  g_assert_true (verdict->to_check);
}

static void
test_sorting (void)
{
  g_autoptr(CnCatalogue) catalogue = load_shipped ();
  g_autoptr(CnCompany) nantes = make_company ("47.76Z", "02", "44000");
  g_autoptr(GPtrArray) verdicts = cn_catalogue_judge_aids (catalogue, nantes, NULL, 10000, "2016-06-01");
  int last_rank = 0, last_amount = G_MAXINT;
  guint n_eligible = 0;

  g_assert_cmpuint (verdicts->len, ==, cn_catalogue_get_n_aids (catalogue));
  for (guint i = 0; i < verdicts->len; i++)
    {
      const CnAidVerdict *verdict = verdicts->pdata[i];
      int rank = !verdict->eligible ? 2 : verdict->to_check ? 1 : 0;

      g_assert_cmpint (rank, >=, last_rank);
      if (rank != last_rank)
        last_amount = G_MAXINT;
      if (verdict->eligible)
        {
          n_eligible++;
          g_assert_cmpint (verdict->amount, <=, last_amount);
          last_amount = verdict->amount;
        }
      else
        g_assert_nonnull (verdict->reason);
      if (verdict->eligible && !verdict->to_check)
        g_assert_null (verdict->reason);
      last_rank = rank;
    }
  g_assert_cmpuint (n_eligible, >=, 2);
}

static void
test_judge_custom (void)
{
  const char *aids =
    "{ \"version\": 1, \"aids\": ["
    "  { \"id\": \"petit\", \"name\": \"Petit\", \"issuer\": \"I\", \"rate\": 0.5, \"aid_max\": 1000 },"
    "  { \"id\": \"grand\", \"name\": \"Grand\", \"issuer\": \"I\", \"rate\": 0.5, \"aid_max\": 3000 },"
    "  { \"id\": \"ferme\", \"name\": \"Fermé\", \"issuer\": \"I\", \"rate\": 1, \"valid_until\": \"2020-12-31\" },"
    "  { \"id\": \"fixe\", \"name\": \"Fixe\", \"issuer\": \"I\", \"fixed_amount\": 2000, \"max_employees\": 4 } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCatalogue) catalogue = cn_catalogue_load_data (good_prices, aids, good_testimonies, &error);
  g_autoptr(CnCompany) company = make_company ("47.76Z", "02", "35000");
  g_autoptr(GPtrArray) verdicts = NULL;
  const CnAidVerdict *verdict;

  g_assert_no_error (error);
  verdicts = cn_catalogue_judge_aids (catalogue, company, NULL, 10000, "2026-11-23");
  g_assert_cmpuint (verdicts->len, ==, 4);
  /* Plainly eligible by amount, then to check (3–5 employees spans 3), then out. */
  g_assert_cmpstr (((CnAidVerdict *) verdicts->pdata[0])->aid->id, ==, "grand");
  g_assert_cmpint (((CnAidVerdict *) verdicts->pdata[0])->amount, ==, 3000);
  g_assert_cmpstr (((CnAidVerdict *) verdicts->pdata[1])->aid->id, ==, "petit");
  g_assert_cmpint (((CnAidVerdict *) verdicts->pdata[1])->amount, ==, 1000);
  verdict = verdicts->pdata[2];
  g_assert_cmpstr (verdict->aid->id, ==, "fixe");
  g_assert_true (verdict->eligible && verdict->to_check);
  g_assert_cmpint (verdict->amount, ==, 2000);
  verdict = verdicts->pdata[3];
  g_assert_cmpstr (verdict->aid->id, ==, "ferme");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, "31/12/2020"));
}


/* ---- Every shipped aid, on cases computed by hand --------------------- */

static CnCompany *
make_counted (const char *naf,
              int         employees,
              const char *postcode)
{
  CnCompany *company = cn_company_new ();
  g_autoptr(GError) error = NULL;

  cn_company_set_name (company, "Entreprise d'essai");
  cn_company_set_naf (company, naf);
  cn_company_set_employees (company, employees);
  cn_company_set_postcode (company, postcode);
  cn_company_normalize (company, NULL, &error);
  g_assert_no_error (error);
  return company;
}

/* Eligible (plainly or to check) with @amount, or ineligible with a
 * reason containing @reason_part. */
static void
assert_verdict (CnCatalogue *catalogue,
                CnCompany   *company,
                const char  *kind,
                int          expense,
                const char  *today,
                const char  *aid_id,
                int          amount,
                const char  *reason_part)
{
  g_autoptr(GPtrArray) verdicts = NULL;
  const CnAidVerdict *verdict = judge_one (catalogue, &verdicts, company, kind, expense, today, aid_id);

  if (reason_part == NULL)
    {
      if (!verdict->eligible)
        g_error ("%s for %d employees, %d €: not eligible (%s)", aid_id,
                 cn_company_get_employees (company), expense, verdict->reason);
      g_assert_cmpint (verdict->amount, ==, amount);
    }
  else
    {
      g_assert_false (verdict->eligible);
      if (strstr (verdict->reason, reason_part) == NULL)
        g_error ("%s: “%s” does not contain “%s”", aid_id, verdict->reason, reason_part);
    }
}

static void
test_headcount_boundaries (void)
{
  g_autoptr(CnCatalogue) catalogue = load_shipped ();
  const char *during_france_num = "2021-03-01", *in_2016 = "2016-06-01", *today = "2026-11-23";

  /* France Num: under 11 employees; the exact count settles what the
   * bracket 10–19 cannot. */
  {
    g_autoptr(CnCompany) ten = make_counted ("47.71Z", 10, "35000");
    g_autoptr(CnCompany) eleven = make_counted ("47.71Z", 11, "35000");
    g_autoptr(GPtrArray) verdicts = NULL;
    const CnAidVerdict *verdict;

    verdict = judge_one (catalogue, &verdicts, ten, "subscription", 600, during_france_num, "cheque-france-num");
    g_assert_true (verdict->eligible);
    g_assert_cmpint (verdict->amount, ==, 500);
    /* Only the dates of the expenses remain to check, not the headcount. */
    g_assert_null (strstr (verdict->reason, "headcount"));
    assert_verdict (catalogue, eleven, "subscription", 600, during_france_num, "cheque-france-num", 0, "11");
  }
  /* The model aid: under 50. */
  {
    g_autoptr(CnCompany) forty_nine = make_counted ("47.71Z", 49, "69001");
    g_autoptr(CnCompany) fifty = make_counted ("47.71Z", 50, "69001");

    assert_verdict (catalogue, forty_nine, NULL, 8000, today, "aide-regionale-modele", 4000, NULL);
    assert_verdict (catalogue, fifty, NULL, 8000, today, "aide-regionale-modele", 0, "50");
  }
  /* Pays de la Loire: under 20. */
  {
    g_autoptr(CnCompany) nineteen = make_counted ("47.71Z", 19, "44000");
    g_autoptr(CnCompany) twenty = make_counted ("47.71Z", 20, "44000");

    assert_verdict (catalogue, nineteen, "advice", 8000, in_2016, "pdl-cheque-numerique-conseil", 4000, NULL);
    assert_verdict (catalogue, twenty, "advice", 8000, in_2016, "pdl-cheque-numerique-conseil", 0, "20");
  }
  /* PM'up: from 5 to 250. */
  {
    g_autoptr(CnCompany) four = make_counted ("25.62A", 4, "75011");
    g_autoptr(CnCompany) five = make_counted ("25.62A", 5, "75011");
    g_autoptr(CnCompany) two_fifty = make_counted ("25.62A", 250, "75011");
    g_autoptr(CnCompany) two_fifty_one = make_counted ("25.62A", 251, "75011");

    assert_verdict (catalogue, four, NULL, 100000, in_2016, "idf-pm-up", 0, "5");
    assert_verdict (catalogue, five, NULL, 100000, in_2016, "idf-pm-up", 0, NULL);
    assert_verdict (catalogue, two_fifty, NULL, 100000, in_2016, "idf-pm-up", 0, NULL);
    assert_verdict (catalogue, two_fifty_one, NULL, 100000, in_2016, "idf-pm-up", 0, "251");
  }
  /* Grand Est and Madeeli: under 50; Normandie: under 250. */
  {
    g_autoptr(CnCompany) strasbourg_49 = make_counted ("47.71Z", 49, "67000");
    g_autoptr(CnCompany) strasbourg_50 = make_counted ("47.71Z", 50, "67000");
    g_autoptr(CnCompany) toulouse_50 = make_counted ("25.62A", 50, "31000");
    g_autoptr(CnCompany) caen_249 = make_counted ("25.62A", 249, "14000");
    g_autoptr(CnCompany) caen_250 = make_counted ("25.62A", 250, "14000");

    assert_verdict (catalogue, strasbourg_49, "advice", 8000, in_2016, "grand-est-cheque-innovation", 4000, NULL);
    assert_verdict (catalogue, strasbourg_50, "advice", 8000, in_2016, "grand-est-cheque-innovation", 0, "50");
    assert_verdict (catalogue, toulouse_50, "training", 8000, in_2016, "lrmp-cheque-numerique", 0, "50");
    assert_verdict (catalogue, caen_249, "advice", 8000, in_2016, "normandie-impulsion-conseil-innovation", 4000, NULL);
    assert_verdict (catalogue, caen_250, "advice", 8000, in_2016, "normandie-impulsion-conseil-innovation", 0, "250");
  }
}

static void
test_floors_and_ceilings (void)
{
  g_autoptr(CnCatalogue) catalogue = load_shipped ();
  g_autoptr(CnCompany) lyon = make_counted ("47.71Z", 12, "69001");
  g_autoptr(CnCompany) nantes = make_counted ("47.71Z", 12, "44000");
  g_autoptr(CnCompany) rennes = make_counted ("47.71Z", 3, "35000");
  g_autoptr(CnCompany) bordeaux = make_counted ("47.71Z", 12, "33000");
  g_autoptr(CnCompany) strasbourg = make_counted ("47.71Z", 12, "67000");
  g_autoptr(CnCompany) toulouse = make_counted ("25.62A", 12, "31000");
  g_autoptr(CnCompany) caen = make_counted ("25.62A", 12, "14000");
  g_autofree char *floor = cn_format_euros (2000);
  const char *today = "2026-11-23", *in_2016 = "2016-06-01";

  /* The model aid: half of 2 000 to 30 000 €, so 1 000 to 15 000 €. */
  assert_verdict (catalogue, lyon, "investment", 1999, today, "aide-regionale-modele", 0, floor);
  assert_verdict (catalogue, lyon, "investment", 2000, today, "aide-regionale-modele", 1000, NULL);
  assert_verdict (catalogue, lyon, "investment", 2001, today, "aide-regionale-modele", 1000, NULL);
  assert_verdict (catalogue, lyon, "investment", 30000, today, "aide-regionale-modele", 15000, NULL);
  assert_verdict (catalogue, lyon, "investment", 30001, today, "aide-regionale-modele", 15000, NULL);
  assert_verdict (catalogue, lyon, "training", 8000, today, "aide-regionale-modele", 0, "kind of expense");
  /* Pays de la Loire: advice at 50 % up to 30 000 €, investment at 30 %
   * up to 15 000 €. */
  assert_verdict (catalogue, nantes, "advice", 60000, in_2016, "pdl-cheque-numerique-conseil", 30000, NULL);
  assert_verdict (catalogue, nantes, "advice", 60002, in_2016, "pdl-cheque-numerique-conseil", 30000, NULL);
  assert_verdict (catalogue, nantes, "investment", 50000, in_2016, "pdl-cheque-numerique-investissement", 15000, NULL);
  assert_verdict (catalogue, nantes, "investment", 8001, in_2016, "pdl-cheque-numerique-investissement", 2400, NULL);
  /* Bretagne: 50 % up to 240 €. */
  assert_verdict (catalogue, rennes, "advice", 480, in_2016, "bretagne-cheque-numerique", 240, NULL);
  assert_verdict (catalogue, rennes, "advice", 479, in_2016, "bretagne-cheque-numerique", 239, NULL);
  assert_verdict (catalogue, rennes, "advice", 10000, in_2016, "bretagne-cheque-numerique", 240, NULL);
  /* Aquitaine-Limousin-Poitou-Charentes: 50 %, up to 150 000 €. */
  assert_verdict (catalogue, bordeaux, NULL, 10000, in_2016, "alpc-cheque-transformation-numerique-feder", 5000, NULL);
  assert_verdict (catalogue, bordeaux, NULL, 400000, in_2016, "alpc-cheque-transformation-numerique-feder", 150000, NULL);
  /* Grand Est: 50 % up to 5 000 €. */
  assert_verdict (catalogue, strasbourg, "advice", 10000, in_2016, "grand-est-cheque-innovation", 5000, NULL);
  assert_verdict (catalogue, strasbourg, "advice", 9999, in_2016, "grand-est-cheque-innovation", 4999, NULL);
  /* Madeeli: 50 % up to 10 000 €. */
  assert_verdict (catalogue, toulouse, "training", 6000, in_2016, "lrmp-cheque-numerique", 3000, NULL);
  assert_verdict (catalogue, toulouse, "advice", 30000, in_2016, "lrmp-cheque-numerique", 10000, NULL);
  assert_verdict (catalogue, toulouse, "investment", 6000, in_2016, "lrmp-cheque-numerique", 0, "kind of expense");
  /* Normandie: 50 % up to 30 000 €. */
  assert_verdict (catalogue, caen, "advice", 20000, in_2016, "normandie-impulsion-conseil-innovation", 10000, NULL);
  assert_verdict (catalogue, caen, "advice", 70000, in_2016, "normandie-impulsion-conseil-innovation", 30000, NULL);
  /* Every regional cheque of 2016 is closed today. */
  for (guint i = 0; i < cn_catalogue_get_n_aids (catalogue); i++)
    {
      const CnAid *aid = cn_catalogue_get_aid (catalogue, i);
      g_autoptr(GPtrArray) verdicts = NULL;
      const CnAidVerdict *verdict;

      if (aid->regions == NULL)
        continue;
      verdict = judge_one (catalogue, &verdicts, caen, NULL, 8000, today, aid->id);
      g_assert_false (verdict->eligible);
      g_assert_nonnull (strstr (verdict->reason, "31/12/2016"));
    }
}

/* The case the action plan's test prints: a 12-employee retailer in Pays
 * de la Loire spending 8 000 €. */
static void
test_retailer_in_pays_de_la_loire (void)
{
  g_autoptr(CnCatalogue) catalogue = load_shipped ();
  g_autoptr(CnCompany) retailer = make_counted ("47.71Z", 12, "44000");
  g_autoptr(GPtrArray) today = NULL, in_2016 = NULL;
  const CnAidVerdict *verdict;

  cn_company_set_revenue (retailer, "500k-2m");
  /* Today: only the model aid, half of 8 000 €. */
  today = cn_catalogue_judge_aids (catalogue, retailer, NULL, 8000, "2026-11-23");
  verdict = today->pdata[0];
  g_assert_cmpstr (verdict->aid->id, ==, "aide-regionale-modele");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 4000);
  g_assert_false (((CnAidVerdict *) today->pdata[1])->eligible);
  g_assert_nonnull (strstr (find_verdict (today, "cheque-france-num")->reason, "31/07/2021"));
  /* In 2016: both parts of the regional cheque (50 % and 30 %), the model
   * aid; the France Num cheque did not exist yet. */
  in_2016 = cn_catalogue_judge_aids (catalogue, retailer, NULL, 8000, "2016-06-01");
  g_assert_cmpint (find_verdict (in_2016, "pdl-cheque-numerique-conseil")->amount, ==, 4000);
  g_assert_true (find_verdict (in_2016, "pdl-cheque-numerique-conseil")->eligible);
  g_assert_cmpint (find_verdict (in_2016, "pdl-cheque-numerique-investissement")->amount, ==, 2400);
  g_assert_true (find_verdict (in_2016, "pdl-cheque-numerique-investissement")->eligible);
  g_assert_cmpint (find_verdict (in_2016, "aide-regionale-modele")->amount, ==, 4000);
  g_assert_false (find_verdict (in_2016, "cheque-france-num")->eligible);
  g_assert_nonnull (strstr (find_verdict (in_2016, "cheque-france-num")->reason, "27/01/2021"));
  g_assert_false (find_verdict (in_2016, "bretagne-cheque-numerique")->eligible);
  g_assert_nonnull (strstr (find_verdict (in_2016, "bretagne-cheque-numerique")->reason, "Bretagne"));
}

static void
test_revenue (void)
{
  g_autoptr(CnCatalogue) catalogue = load_shipped ();
  g_autoptr(CnCompany) nantes = make_counted ("47.71Z", 12, "44000");
  g_autoptr(GPtrArray) verdicts = NULL;
  const CnAidVerdict *verdict;

  /* Under 2 million euros: the bracket up to 2 million passes plainly. */
  cn_company_set_revenue (nantes, "500k-2m");
  verdict = judge_one (catalogue, &verdicts, nantes, "advice", 8000, "2016-06-01", "pdl-cheque-numerique-conseil");
  g_assert_true (verdict->eligible);
  g_assert_false (verdict->to_check);
  cn_company_set_revenue (nantes, "2m-10m");
  verdict = judge_one (catalogue, &verdicts, nantes, "advice", 8000, "2016-06-01", "pdl-cheque-numerique-conseil");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, "2"));
  cn_company_set_revenue (nantes, NULL);
  verdict = judge_one (catalogue, &verdicts, nantes, "advice", 8000, "2016-06-01", "pdl-cheque-numerique-conseil");
  g_assert_true (verdict->eligible);
  g_assert_true (verdict->to_check);
  g_assert_nonnull (strstr (verdict->reason, "turnover"));
}

static void
test_age_and_exclusions (void)
{
  const char *aids =
    "{ \"version\": 1, \"aids\": ["
    "  { \"id\": \"jeune\", \"name\": \"Jeune\", \"issuer\": \"I\", \"rate\": 0.5, \"max_age_years\": 3 },"
    "  { \"id\": \"etablie\", \"name\": \"Établie\", \"issuer\": \"I\", \"rate\": 0.5, \"min_age_years\": 2,"
    "    \"excluded_naf\": [\"56.10A\", \"10\"] } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCatalogue) catalogue = cn_catalogue_load_data (good_prices, aids, good_testimonies, &error);
  g_autoptr(CnCompany) company = make_counted ("47.71Z", 3, "35000");
  g_autoptr(CnCompany) restaurant = make_counted ("56.10A", 3, "35000");
  g_autoptr(CnCompany) cafe = make_counted ("56.10C", 3, "35000");
  g_autoptr(CnCompany) baker = make_counted ("10.71C", 3, "35000");
  g_autoptr(GPtrArray) verdicts = NULL;
  const CnAidVerdict *verdict;

  g_assert_no_error (error);
  /* Unknown creation date: to check. */
  verdict = judge_one (catalogue, &verdicts, company, NULL, 1000, "2026-11-23", "jeune");
  g_assert_true (verdict->eligible && verdict->to_check);
  /* Three years old the day before its anniversary is still two. */
  cn_company_set_founded_on (company, "2023-11-24");
  assert_verdict (catalogue, company, NULL, 1000, "2026-11-23", "jeune", 500, NULL);
  assert_verdict (catalogue, company, NULL, 1000, "2026-11-24", "jeune", 0, "3");
  assert_verdict (catalogue, company, NULL, 1000, "2025-11-23", "etablie", 0, "2");
  assert_verdict (catalogue, company, NULL, 1000, "2025-11-24", "etablie", 500, NULL);
  /* A subclass, and a division. */
  assert_verdict (catalogue, restaurant, NULL, 1000, "2026-11-23", "etablie", 0, "Excluded sector");
  assert_verdict (catalogue, baker, NULL, 1000, "2026-11-23", "etablie", 0, "Excluded sector");
  verdict = judge_one (catalogue, &verdicts, cafe, NULL, 1000, "2026-11-23", "etablie");
  g_assert_true (verdict->eligible);
}

static void
test_employees_and_bracket (void)
{
  g_autoptr(CnCompany) company = cn_company_new ();
  g_autoptr(GError) error = NULL;
  CnCompanyField field;

  cn_company_set_name (company, "Essai");
  cn_company_set_employees (company, 12);
  g_assert_true (cn_company_normalize (company, &field, &error));
  g_assert_no_error (error);
  /* The bracket follows the count when empty. */
  g_assert_cmpstr (cn_company_get_headcount (company), ==, "11");
  cn_company_set_employees (company, 0);
  cn_company_set_headcount (company, NULL);
  g_assert_true (cn_company_normalize (company, &field, &error));
  g_assert_cmpstr (cn_company_get_headcount (company), ==, "00");
  /* A count outside its bracket is refused, naming the field. */
  cn_company_set_employees (company, 12);
  cn_company_set_headcount (company, "12");
  g_assert_false (cn_company_normalize (company, &field, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_cmpint (field, ==, CN_COMPANY_FIELD_EMPLOYEES);
  g_clear_error (&error);
  cn_company_set_employees (company, CN_COMPANY_EMPLOYEES_MAX + 1);
  cn_company_set_headcount (company, NULL);
  g_assert_false (cn_company_normalize (company, &field, &error));
  g_assert_cmpint (field, ==, CN_COMPANY_FIELD_EMPLOYEES);
}

/* ---- Resources, providers, matching ------------------------------------ */

static CnCatalogue *
load_all_shipped (void)
{
  const char *names[CN_CATALOGUE_N_PARTS] = { "prices.json", "aids.json", "testimonies.json", "resources.json", "providers.json" };
  char *texts[CN_CATALOGUE_N_PARTS];
  g_autoptr(GError) error = NULL;
  CnCatalogue *catalogue;

  for (guint i = 0; i < CN_CATALOGUE_N_PARTS; i++)
    {
      g_assert_cmpstr (cn_catalogue_part_file_name (i), ==, names[i]);
      texts[i] = read_shipped (names[i]);
    }
  catalogue = cn_catalogue_load_texts ((const char *const *) texts, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < CN_CATALOGUE_N_PARTS; i++)
    g_free (texts[i]);
  return catalogue;
}

static void
test_shipped_resources_and_providers (void)
{
  g_autoptr(CnCatalogue) catalogue = load_all_shipped ();
  const char *dimensions[] = {
    "strategie", "visibilite", "vente", "relation-client", "gestion", "cybersecurite", "competences",
    "numerique-responsable", "strategie-export", "places-de-marche", "site-multilingue",
    "paiement-logistique", "douane-reglementation", "prospection",
  };
  guint n_regions = 0;
  g_autoptr(GHashTable) regions = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (cn_catalogue_get_n_resources (catalogue), >=, 20);
  /* Every dimension of both questionnaires has something to read. */
  for (guint d = 0; d < G_N_ELEMENTS (dimensions); d++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < cn_catalogue_get_n_resources (catalogue) && !found; i++)
        found = cn_resource_matches (cn_catalogue_get_resource (catalogue, i), NULL, dimensions[d], 0, NULL);
      if (!found)
        g_error ("no resource for the dimension %s", dimensions[d]);
    }
  g_assert_cmpuint (cn_catalogue_get_n_providers (catalogue), >=, 10);
  for (guint i = 0; i < cn_catalogue_get_n_providers (catalogue); i++)
    {
      const CnProvider *provider = cn_catalogue_get_provider (catalogue, i);

      g_assert_true (provider->illustrative);
      g_assert_cmpuint (provider->services->len, >=, 1);
      for (guint r = 0; provider->regions[r] != NULL; r++)
        if (g_hash_table_add (regions, provider->regions[r]))
          n_regions++;
    }
  g_assert_cmpuint (n_regions, >=, 8);
  g_assert_nonnull (cn_catalogue_find_provider (catalogue, "atelier-pixel-et-lin"));
  g_assert_null (cn_catalogue_find_provider (catalogue, "nobody"));
}

static const char *const resources_json =
  "{ \"version\": 1, \"resources\": ["
  "  { \"id\": \"r-vitrine\", \"title\": \"Créer son site\", \"kind\": \"guide\", \"publisher\": \"France Num\","
  "    \"summary\": \"Les étapes d’un premier site.\", \"url\": \"https://example.org/a\","
  "    \"dimensions\": [\"visibilite\"], \"levels\": [1, 2], \"free\": true },"
  "  { \"id\": \"r-cyber\", \"title\": \"Sécurité\", \"kind\": \"mooc\", \"publisher\": \"ANSSI\","
  "    \"summary\": \"Les bons réflexes.\", \"url\": \"https://example.org/b\","
  "    \"dimensions\": [\"cybersecurite\"], \"levels\": [1, 2, 3], \"free\": true, \"duration\": \"4 h\" },"
  "  { \"id\": \"r-vitrine-avance\", \"title\": \"Référencement avancé\", \"kind\": \"training\", \"publisher\": \"CCI\","
  "    \"summary\": \"Pour aller loin.\", \"url\": \"https://example.org/c\","
  "    \"dimensions\": [\"visibilite\", \"vente\"], \"levels\": [4, 5], \"free\": false },"
  "  { \"id\": \"r-gestion\", \"title\": \"Facturer en ligne\", \"kind\": \"tool\", \"publisher\": \"DGFiP\","
  "    \"summary\": \"La facture électronique.\", \"url\": \"https://example.org/d\","
  "    \"dimensions\": [\"gestion\", \"visibilite\"], \"levels\": [1, 2, 3], \"free\": true } ] }";

static const char *const providers_json =
  "{ \"version\": 1, \"providers\": ["
  "  { \"id\": \"p1\", \"illustrative\": true, \"name\": \"Atelier Nantais\", \"siret\": \"73282932000074\","
  "    \"commune\": \"Nantes\", \"regions\": [\"52\"], \"description\": \"Sites vitrines pour commerçants.\","
  "    \"services\": [ { \"price_ref\": \"site-vitrine\", \"min\": 1000, \"max\": 3000 } ],"
  "    \"ratings\": [ { \"by\": \"company\", \"score\": 4, \"comment\": \"Bien.\", \"date\": \"2025-01-02\" },"
  "                  { \"by\": \"connector\", \"score\": 5, \"date\": \"2025-03-02\" } ] },"
  "  { \"id\": \"p2\", \"illustrative\": true, \"name\": \"Écran Breton\", \"commune\": \"Rennes\","
  "    \"regions\": [\"53\"], \"description\": \"Création de boutiques.\","
  "    \"services\": [ { \"price_ref\": \"site-vitrine\", \"min\": 900, \"max\": 2000 } ] } ] }";

static CnCatalogue *
load_with (const char *resources,
           const char *providers,
           GError    **error)
{
  const char *texts[CN_CATALOGUE_N_PARTS] = { good_prices, good_aids, good_testimonies, resources, providers };

  return cn_catalogue_load_texts (texts, error);
}

static void
test_match_resources (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCatalogue) catalogue = load_with (resources_json, providers_json, &error);
  const char *weakest[] = { "visibilite", "gestion", "cybersecurite", NULL };
  g_autoptr(GPtrArray) level1 = NULL, level4 = NULL, two = NULL, none = NULL;

  g_assert_no_error (error);
  /* Level 1: the weakest dimension's beginner resources first, in file
   * order; the advanced one does not suit. */
  level1 = cn_catalogue_match_resources (catalogue, weakest, 1, 10);
  g_assert_cmpuint (level1->len, ==, 3);
  g_assert_cmpstr (((CnResource *) level1->pdata[0])->id, ==, "r-vitrine");
  g_assert_cmpstr (((CnResource *) level1->pdata[1])->id, ==, "r-gestion");
  g_assert_cmpstr (((CnResource *) level1->pdata[2])->id, ==, "r-cyber");
  level4 = cn_catalogue_match_resources (catalogue, weakest, 4, 10);
  g_assert_cmpuint (level4->len, ==, 1);
  g_assert_cmpstr (((CnResource *) level4->pdata[0])->id, ==, "r-vitrine-avance");
  two = cn_catalogue_match_resources (catalogue, weakest, 1, 2);
  g_assert_cmpuint (two->len, ==, 2);
  none = cn_catalogue_match_resources (catalogue, (const char *[]) { "prospection", NULL }, 1, 10);
  g_assert_cmpuint (none->len, ==, 0);

  /* Search: words start words, accents and case aside. */
  g_assert_true (cn_resource_matches (cn_catalogue_find_resource (catalogue, "r-cyber"), "securite", NULL, 0, NULL));
  g_assert_true (cn_resource_matches (cn_catalogue_find_resource (catalogue, "r-cyber"), "BONS refl", NULL, 0, NULL));
  g_assert_false (cn_resource_matches (cn_catalogue_find_resource (catalogue, "r-cyber"), "curite", NULL, 0, NULL));
  g_assert_false (cn_resource_matches (cn_catalogue_find_resource (catalogue, "r-cyber"), NULL, NULL, 4, NULL));
  g_assert_true (cn_resource_matches (cn_catalogue_find_resource (catalogue, "r-cyber"), NULL, NULL, 0, "mooc"));
  g_assert_false (cn_resource_matches (cn_catalogue_find_resource (catalogue, "r-cyber"), NULL, NULL, 0, "guide"));
  g_assert_false (cn_resource_matches (cn_catalogue_find_resource (catalogue, "r-cyber"), NULL, "vente", 0, NULL));
}

static void
test_providers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCatalogue) catalogue = load_with (resources_json, providers_json, &error);
  const CnProvider *nantes, *rennes;
  guint n = 0;

  g_assert_no_error (error);
  nantes = cn_catalogue_find_provider (catalogue, "p1");
  rennes = cn_catalogue_find_provider (catalogue, "p2");
  g_assert_cmpfloat_with_epsilon (cn_provider_average_rating (nantes, 0, &n), 4.5, 1e-9);
  g_assert_cmpuint (n, ==, 2);
  /* The connector's own rating counts as one more. */
  g_assert_cmpfloat_with_epsilon (cn_provider_average_rating (nantes, 3, &n), 4.0, 1e-9);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (cn_provider_average_rating (rennes, 0, &n), ==, 0);
  g_assert_cmpuint (n, ==, 0);
  g_assert_true (cn_provider_matches (rennes, "ecran", NULL, NULL));
  g_assert_true (cn_provider_matches (rennes, "boutiques", "site-vitrine", "53"));
  g_assert_false (cn_provider_matches (rennes, NULL, NULL, "52"));
  g_assert_false (cn_provider_matches (rennes, NULL, "crm", NULL));
  g_assert_cmpint (cn_provider_find_service (nantes, "site-vitrine")->max, ==, 3000);
}

static void
test_providers_refused (void)
{
  struct {
    const char *providers;
    const char *expected;
  } cases[] = {
    { "{ \"version\": 1, \"providers\": [ { \"id\": \"p\", \"illustrative\": true, \"name\": \"N\", \"commune\": \"C\","
      " \"regions\": [\"52\"], \"description\": \"D.\", \"services\": [ { \"price_ref\": \"crm\", \"min\": 1, \"max\": 2 } ] } ] }",
      "providers.json: providers[0].services[0].price_ref: “crm” is not in the price reference" },
    { "{ \"version\": 1, \"providers\": [ { \"id\": \"p\", \"illustrative\": true, \"name\": \"N\", \"commune\": \"C\","
      " \"siret\": \"73282932000075\", \"regions\": [\"52\"], \"description\": \"D.\","
      " \"services\": [ { \"price_ref\": \"site-vitrine\", \"min\": 1, \"max\": 2 } ] } ] }",
      "providers.json: providers[0].siret: " },
    { "{ \"version\": 1, \"providers\": [ { \"id\": \"p\", \"illustrative\": true, \"name\": \"N\", \"commune\": \"C\","
      " \"regions\": [\"52\"], \"description\": \"D.\", \"services\": [ { \"price_ref\": \"site-vitrine\", \"min\": 1, \"max\": 2 } ],"
      " \"ratings\": [ { \"by\": \"company\", \"score\": 6, \"date\": \"2025-01-01\" } ] } ] }",
      "providers.json: providers[0].ratings[0].score: " },
    { "{ \"version\": 1, \"providers\": [ { \"id\": \"p\", \"illustrative\": true, \"name\": \"N\", \"commune\": \"C\","
      " \"regions\": [\"52\"], \"description\": \"D.\", \"url\": \"file:///etc/passwd\","
      " \"services\": [ { \"price_ref\": \"site-vitrine\", \"min\": 1, \"max\": 2 } ] } ] }",
      "providers.json: providers[0].url: “file:///etc/passwd” is not a web address" },
  };
  const char *bad_resources =
    "{ \"version\": 1, \"resources\": [ { \"id\": \"r\", \"title\": \"T\", \"kind\": \"guide\", \"publisher\": \"P\","
    " \"summary\": \"S.\", \"url\": \"https://example.org\", \"dimensions\": [\"vente\"], \"levels\": [0], \"free\": true } ] }";

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CnCatalogue) catalogue = load_with (resources_json, cases[i].providers, &error);

      g_assert_null (catalogue);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].expected) == NULL)
        g_error ("“%s” does not contain “%s”", error->message, cases[i].expected);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CnCatalogue) catalogue = load_with (bad_resources, providers_json, &error);

    g_assert_null (catalogue);
    g_assert_nonnull (strstr (error->message, "resources.json: resources[0].levels[0]: "));
  }
}

static void
test_match_testimony_level (void)
{
  const char *testimonies =
    "{ \"version\": 2, \"testimonies\": ["
    "  { \"id\": \"debut\", \"illustrative\": true, \"company\": \"Une épicerie\", \"trade\": \"Épicerie\","
    "    \"naf_sections\": [\"G\"], \"size\": \"micro\", \"quote\": \"Q.\", \"story\": \"S.\", \"level\": 1,"
    "    \"format\": \"audio\" },"
    "  { \"id\": \"suite\", \"illustrative\": true, \"company\": \"Une librairie\", \"trade\": \"Librairie\","
    "    \"naf_sections\": [\"G\"], \"size\": \"micro\", \"quote\": \"Q.\", \"story\": \"S.\", \"level\": 3,"
    "    \"format\": \"video\", \"url\": \"https://example.org/video\" } ] }";
  const char *texts[CN_CATALOGUE_N_PARTS] = { good_prices, good_aids, testimonies, resources_json, providers_json };
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCatalogue) catalogue = cn_catalogue_load_texts (texts, &error);
  g_autoptr(CnCompany) shop = make_counted ("47.61Z", 3, "44000");
  const CnTestimony *testimony;

  g_assert_no_error (error);
  /* Unknown level: the first; level 2: the one a step ahead. */
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, shop, "micro", 0, NULL)->id, ==, "debut");
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, shop, "micro", 2, NULL)->id, ==, "suite");
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, shop, "micro", 1, NULL)->id, ==, "debut");
  testimony = cn_catalogue_get_testimony (catalogue, 1);
  g_assert_cmpstr (testimony->format, ==, "video");
  g_assert_cmpstr (testimony->url, ==, "https://example.org/video");
  g_assert_true (cn_testimony_matches (testimony, "librairie", 'G', "micro", NULL, 3));
  g_assert_false (cn_testimony_matches (testimony, NULL, 'C', NULL, NULL, 0));
  g_assert_false (cn_testimony_matches (testimony, NULL, 0, "solo", NULL, 0));
  g_assert_false (cn_testimony_matches (testimony, NULL, 0, NULL, "53", 0));
  g_assert_false (cn_testimony_matches (testimony, NULL, 0, NULL, NULL, 2));
  /* A v1 file without format reads as articles. */
  g_assert_cmpstr (cn_catalogue_get_testimony (catalogue, 0)->format, ==, "audio");
}

/* ---- Files: check, import, versions ----------------------------------- */

static char *
write_temp (const char *dir,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
bump_version (const char *text,
              int         version)
{
  g_autoptr(GRegex) regex = g_regex_new ("\"version\": *[0-9]+", 0, 0, NULL);
  g_autofree char *replacement = g_strdup_printf ("\"version\": %d", version);

  return g_regex_replace_literal (regex, text, -1, 0, replacement, G_REGEX_MATCH_DEFAULT, NULL);
}

static void
test_import_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("connecteur-catalogue-XXXXXX", &error);
  g_autofree char *user_dir = cn_catalogue_user_dir (dir);
  g_autoptr(CnCatalogue) in_use = NULL, after = NULL, again = NULL;
  g_autofree char *aids = read_shipped ("aids.json");
  g_autofree char *newer = NULL, *newer_path = NULL, *broken_path = NULL, *same_path = NULL, *both_path = NULL;
  g_autofree char *installed = NULL, *before = NULL;
  CnCataloguePart part = CN_CATALOGUE_N_PARTS;
  int shipped_version, version = 0;

  g_assert_no_error (error);
  in_use = cn_catalogue_load (user_dir, &error);
  g_assert_no_error (error);
  shipped_version = cn_catalogue_get_version (in_use, CN_CATALOGUE_AIDS);
  g_assert_cmpint (shipped_version, >=, 2);
  g_assert_false (cn_catalogue_is_imported (in_use, CN_CATALOGUE_AIDS));

  /* A malformed file: refused, naming the file, the member and the
   * problem; nothing written. */
  broken_path = write_temp (dir, "aides-2027.json",
                            "{ \"version\": 9, \"aids\": [ { \"id\": \"x\", \"name\": \"X\", \"issuer\": \"I\", \"rate\": 1.5 } ] }");
  g_assert_false (cn_catalogue_install_file (in_use, user_dir, broken_path, &part, &version, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "aides-2027.json: aids[0].rate: the rate must be between 0 and 1");
  g_clear_error (&error);
  g_assert_false (g_file_test (user_dir, G_FILE_TEST_EXISTS));
  /* Not JSON, not a catalogue file, two lists. */
  g_free (broken_path);
  broken_path = write_temp (dir, "notes.json", "name;siret\n");
  g_assert_false (cn_catalogue_check_file (in_use, broken_path, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "notes.json: this is not valid JSON"));
  g_clear_error (&error);
  g_free (broken_path);
  broken_path = write_temp (dir, "other.json", "{ \"version\": 3, \"companies\": [] }");
  g_assert_false (cn_catalogue_check_file (in_use, broken_path, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "other.json: not a catalogue file"));
  g_clear_error (&error);
  both_path = write_temp (dir, "both.json", "{ \"version\": 3, \"aids\": [], \"prices\": [] }");
  g_assert_false (cn_catalogue_check_file (in_use, both_path, NULL, NULL, &error));
  g_assert_nonnull (strstr (error->message, "both.json: "));
  g_clear_error (&error);
  /* The same version again: not newer. */
  same_path = write_temp (dir, "aids.json", aids);
  g_assert_false (cn_catalogue_install_file (in_use, user_dir, same_path, &part, &version, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_OUTDATED);
  g_clear_error (&error);

  /* A newer one: checked, then used. */
  newer = bump_version (aids, shipped_version + 1);
  newer_path = write_temp (dir, "aides-nouvelles.json", newer);
  g_assert_true (cn_catalogue_check_file (in_use, newer_path, &part, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (part, ==, CN_CATALOGUE_AIDS);
  g_assert_cmpint (version, ==, shipped_version + 1);
  g_assert_false (g_file_test (user_dir, G_FILE_TEST_EXISTS));
  g_assert_true (cn_catalogue_install_file (in_use, user_dir, newer_path, &part, &version, &error));
  g_assert_no_error (error);
  after = cn_catalogue_load (user_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cn_catalogue_get_version (after, CN_CATALOGUE_AIDS), ==, shipped_version + 1);
  g_assert_true (cn_catalogue_is_imported (after, CN_CATALOGUE_AIDS));
  g_assert_false (cn_catalogue_is_imported (after, CN_CATALOGUE_PRICES));
  g_assert_cmpstr (cn_catalogue_get_checksum (after, CN_CATALOGUE_PRICES), ==,
                   cn_catalogue_get_checksum (in_use, CN_CATALOGUE_PRICES));
  g_assert_cmpstr (cn_catalogue_get_checksum (after, CN_CATALOGUE_AIDS), !=,
                   cn_catalogue_get_checksum (in_use, CN_CATALOGUE_AIDS));
  {
    g_autofree char *path = g_build_filename (user_dir, "aids.json", NULL);
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_file_get_contents (path, &installed, NULL, NULL);
    g_assert_cmpstr (installed, ==, newer);
  }

  /* A refused import leaves the one in use as it was. */
  g_file_get_contents (newer_path, &before, NULL, NULL);
  g_free (broken_path);
  {
    g_autofree char *broken = bump_version ("{ \"version\": 1, \"aids\": [ { \"id\": \"x\", \"name\": \"X\" } ] }",
                                            shipped_version + 5);
    broken_path = write_temp (dir, "aids-cassees.json", broken);
  }
  g_assert_false (cn_catalogue_install_file (after, user_dir, broken_path, &part, &version, &error));
  g_assert_nonnull (strstr (error->message, "aids-cassees.json: aids[0].issuer: "));
  g_clear_error (&error);
  again = cn_catalogue_load (user_dir, &error);
  g_assert_cmpint (cn_catalogue_get_version (again, CN_CATALOGUE_AIDS), ==, shipped_version + 1);

  /* A file broken by hand in the folder: the shipped catalogue serves. */
  {
    g_autofree char *path = g_build_filename (user_dir, "aids.json", NULL);
    g_autoptr(CnCatalogue) fallback = NULL;

    g_file_set_contents (path, "{ \"version\": 99, \"aids\": [ { } ] }", -1, NULL);
    fallback = cn_catalogue_load (user_dir, &error);
    g_assert_no_error (error);
    g_assert_cmpint (cn_catalogue_get_version (fallback, CN_CATALOGUE_AIDS), ==, shipped_version);
    g_assert_false (cn_catalogue_is_imported (fallback, CN_CATALOGUE_AIDS));
  }
}

/* ---- Testimonies ------------------------------------------------------ */

static void
test_match_testimony (void)
{
  g_autoptr(CnCatalogue) catalogue = load_shipped ();
  g_autoptr(CnCompany) florist_rennes = make_company ("47.76Z", "02", "35000");
  g_autoptr(CnCompany) shop_marseille = make_company ("47.29Z", "02", "13001");
  g_autoptr(CnCompany) shop_paris = make_company ("47.29Z", "12", "75001");
  g_autoptr(CnCompany) bank = make_company ("64.19Z", "02", "75001");
  g_autoptr(CnCompany) no_naf = make_company (NULL, "02", "75001");
  g_autoptr(CnCompany) hairdresser = make_company ("96.02A", "NN", "69001");
  const char *const fiche[] = { "creer-fiche-etablissement", NULL };
  const char *const marketplace[] = { "tester-place-de-marche", NULL };
  const CnTestimony *testimony;

  testimony = cn_catalogue_match_testimony (catalogue, florist_rennes, "micro", 0, fiche);
  g_assert_nonnull (testimony);
  g_assert_cmpstr (testimony->id, ==, "fleuriste-rennes");
  g_assert_true (testimony->illustrative);

  /* Same sector and size; region and action decide. */
  testimony = cn_catalogue_match_testimony (catalogue, shop_marseille, "micro", 0, marketplace);
  g_assert_cmpstr (testimony->id, ==, "epicerie-fine-marseille");
  testimony = cn_catalogue_match_testimony (catalogue, shop_marseille, "micro", 0, NULL);
  g_assert_cmpstr (testimony->id, ==, "epicerie-fine-marseille");
  /* The action alone decides. */
  testimony = cn_catalogue_match_testimony (catalogue, shop_paris, "petite", 0, marketplace);
  g_assert_cmpstr (testimony->id, ==, "epicerie-fine-marseille");
  /* A tie goes to the first in the file. */
  testimony = cn_catalogue_match_testimony (catalogue, shop_paris, "petite", 0, NULL);
  g_assert_cmpstr (testimony->id, ==, "fleuriste-rennes");
  testimony = cn_catalogue_match_testimony (catalogue, shop_paris, NULL, 0, NULL);
  g_assert_cmpstr (testimony->id, ==, "fleuriste-rennes");

  testimony = cn_catalogue_match_testimony (catalogue, hairdresser, "solo", 0, NULL);
  g_assert_cmpstr (testimony->id, ==, "coiffeuse-lyon");

  /* The sector must match: size, region and actions alone are not enough. */
  g_assert_null (cn_catalogue_match_testimony (catalogue, bank, "micro", 0, fiche));
  g_assert_null (cn_catalogue_match_testimony (catalogue, no_naf, "micro", 0, fiche));
}

static void
test_match_custom (void)
{
  const char *testimonies =
    "{ \"version\": 1, \"testimonies\": ["
    "  { \"id\": \"a\", \"company\": \"A\", \"trade\": \"T\", \"naf_sections\": [\"C\"], \"size\": \"micro\","
    "    \"region\": \"53\", \"quote\": \"Q\", \"story\": \"S\", \"actions\": [\"x\"] },"
    "  { \"id\": \"b\", \"company\": \"B\", \"trade\": \"T\", \"naf_sections\": [\"G\"], \"size\": \"petite\","
    "    \"quote\": \"Q\", \"story\": \"S\" },"
    "  { \"id\": \"c\", \"company\": \"C\", \"trade\": \"T\", \"naf_sections\": [\"F\", \"G\"], \"size\": \"micro\","
    "    \"region\": \"53\", \"quote\": \"Q\", \"story\": \"S\", \"actions\": [\"y\"] } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCatalogue) catalogue = cn_catalogue_load_data (good_prices, good_aids, testimonies, &error);
  g_autoptr(CnCompany) shop = make_company ("47.76Z", "02", "35000");
  g_autoptr(CnCompany) maker = make_company ("10.71C", "02", "35000");
  const char *const x[] = { "x", NULL };
  const char *const y[] = { "y", NULL };

  g_assert_no_error (error);
  /* b: 4 + 2 (size) = 6 against c: 4 + 1 (region) = 5. */
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, shop, "petite", 0, NULL)->id, ==, "b");
  /* c: 4 + 2 + 1 + 1 = 8. */
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, shop, "micro", 0, y)->id, ==, "c");
  /* b: 4 + 2 = 6 ties with c: 4 + 1 + 1 = 6: b comes first. */
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, shop, "petite", 0, y)->id, ==, "b");
  /* Only a speaks to section C, whatever else. */
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, maker, "moyenne", 0, NULL)->id, ==, "a");
  /* Actions of another section do not help. */
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, shop, NULL, 0, x)->id, ==, "c");
}

/* ---- Formatting ------------------------------------------------------- */

static void
assert_euros (int         euros,
              const char *expected)
{
  g_autofree char *text = cn_format_euros (euros);

  g_assert_cmpstr (text, ==, expected);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
test_format_euros (void)
{
  assert_euros (0, "0\u00a0€");
  assert_euros (7, "7\u00a0€");
  assert_euros (500, "500\u00a0€");
  assert_euros (1500, "1\u202f500\u00a0€");
  assert_euros (15000, "15\u202f000\u00a0€");
  assert_euros (150000, "150\u202f000\u00a0€");
  assert_euros (1234567, "1\u202f234\u202f567\u00a0€");
  assert_euros (-2000, "-2\u202f000\u00a0€");
  assert_euros (-500, "-500\u00a0€");
  assert_euros (G_MININT, "-2\u202f147\u202f483\u202f648\u00a0€");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/catalogue/load/default", test_load_default);
  g_test_add_func ("/catalogue/load/shipped", test_load_shipped);
  g_test_add_func ("/catalogue/load/minimal", test_load_minimal);
  g_test_add_func ("/catalogue/load/refused", test_load_refused);
  g_test_add_func ("/catalogue/judge/france-num", test_france_num);
  g_test_add_func ("/catalogue/judge/model-aid", test_model_aid);
  g_test_add_func ("/catalogue/judge/regional", test_regional_aids);
  g_test_add_func ("/catalogue/judge/sorting", test_sorting);
  g_test_add_func ("/catalogue/judge/custom", test_judge_custom);
  g_test_add_func ("/catalogue/testimony/shipped", test_match_testimony);
  g_test_add_func ("/catalogue/testimony/custom", test_match_custom);
  g_test_add_func ("/catalogue/format-euros", test_format_euros);
  g_test_add_func ("/catalogue/judge/headcount-boundaries", test_headcount_boundaries);
  g_test_add_func ("/catalogue/judge/floors-and-ceilings", test_floors_and_ceilings);
  g_test_add_func ("/catalogue/judge/retailer-pays-de-la-loire", test_retailer_in_pays_de_la_loire);
  g_test_add_func ("/catalogue/judge/revenue", test_revenue);
  g_test_add_func ("/catalogue/judge/age-and-exclusions", test_age_and_exclusions);
  g_test_add_func ("/catalogue/employees", test_employees_and_bracket);
  g_test_add_func ("/catalogue/load/shipped-resources-providers", test_shipped_resources_and_providers);
  g_test_add_func ("/catalogue/resources/match", test_match_resources);
  g_test_add_func ("/catalogue/providers", test_providers);
  g_test_add_func ("/catalogue/providers/refused", test_providers_refused);
  g_test_add_func ("/catalogue/testimony/level", test_match_testimony_level);
  g_test_add_func ("/catalogue/files/import", test_import_files);

  return g_test_run ();
}
