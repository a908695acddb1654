/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-catalogue"

#include <string.h>

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
  "    \"min\": 800, \"max\": 4000, \"unit\": \"once\", \"expense_kind\": \"vente-promotion\" } ] }";
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
                  " { \"id\": \"a\", \"label\": \"A\", \"description\": \"A.\", \"min\": 1, \"max\": 2, \"unit\": \"once\", \"expense_kind\": \"gestion\" },"
                  " { \"id\": \"a\", \"label\": \"B\", \"description\": \"B.\", \"min\": 1, \"max\": 2, \"unit\": \"once\", \"expense_kind\": \"gestion\" } ] }",
                  NULL, NULL, "prices.json: prices[1]: ");
  assert_refused ("{ \"version\": 1, \"prices\": ["
                  " { \"id\": \"a\", \"label\": \"A\", \"description\": \"A.\", \"min\": 3000, \"max\": 2000, \"unit\": \"once\", \"expense_kind\": \"gestion\" } ] }",
                  NULL, NULL, "prices.json: prices[0]: ");
  assert_refused ("{ \"version\": 1, \"prices\": ["
                  " { \"id\": \"a\", \"label\": \"A\", \"description\": \"A.\", \"min\": 1, \"max\": 2, \"unit\": \"week\", \"expense_kind\": \"gestion\" } ] }",
                  NULL, NULL, "prices.json: prices[0].unit: ");
  assert_refused ("{ \"version\": 1, \"prices\": ["
                  " { \"id\": \"a\", \"label\": \"A\", \"description\": \"A.\", \"min\": 1, \"max\": 2, \"unit\": \"once\", \"expense_kind\": \"loisirs\" } ] }",
                  NULL, NULL, "prices.json: prices[0].expense_kind: ");
  assert_refused ("{ \"version\": 1, \"prices\": ["
                  " { \"id\": \"a\", \"description\": \"A.\", \"min\": 1, \"max\": 2, \"unit\": \"once\", \"expense_kind\": \"gestion\" } ] }",
                  NULL, NULL, "prices.json: prices[0].label: ");
  assert_refused ("{ \"version\": 1, \"prices\": ["
                  " { \"id\": \"A B\", \"label\": \"A\", \"description\": \"A.\", \"min\": 1, \"max\": 2, \"unit\": \"once\", \"expense_kind\": \"gestion\" } ] }",
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

  verdict = judge_one (catalogue, &verdicts, five, "vente-promotion", 1000, "2021-03-01", "cheque-france-num");
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
  verdict = judge_one (catalogue, &verdicts, five, "formation", 1000, "2021-03-01", "cheque-france-num");
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

  verdict = judge_one (catalogue, &verdicts, shop, "vente-promotion", 4000, "2026-11-23", "aide-regionale-modele");
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

  verdict = judge_one (catalogue, &verdicts, rennes, "accompagnement", 10000, "2016-06-01",
                       "pdl-cheque-numerique-conseil");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, "Pays de la Loire"));

  verdict = judge_one (catalogue, &verdicts, nantes, "accompagnement", 10000, "2016-06-01",
                       "pdl-cheque-numerique-conseil");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 5000);
  /* Turnover is not in the record: to check. */
  g_assert_true (verdict->to_check);

  verdict = judge_one (catalogue, &verdicts, nantes, "gestion", 10000, "2016-06-01",
                       "pdl-cheque-numerique-investissement");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 3000);
  verdict = judge_one (catalogue, &verdicts, nantes, "gestion", 3333, "2016-06-01",
                       "pdl-cheque-numerique-investissement");
  g_assert_cmpint (verdict->amount, ==, 999);
  verdict = judge_one (catalogue, &verdicts, nantes, "accompagnement", 10000, "2016-06-01",
                       "pdl-cheque-numerique-investissement");
  g_assert_false (verdict->eligible);

  verdict = judge_one (catalogue, &verdicts, nantes_web, "accompagnement", 10000, "2016-06-01",
                       "pdl-cheque-numerique-conseil");
  g_assert_false (verdict->eligible);

  verdict = judge_one (catalogue, &verdicts, rennes, "vente-promotion", 1000, "2016-06-01",
                       "bretagne-cheque-numerique");
  g_assert_true (verdict->eligible);
  g_assert_cmpint (verdict->amount, ==, 240);

  /* The 2016 table gives no dates: closed at the end of the report's year. */
  verdict = judge_one (catalogue, &verdicts, rennes, "vente-promotion", 1000, "2026-11-23",
                       "bretagne-cheque-numerique");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, "31/12/2016"));

  /* PM'up starts at 5 employees. */
  verdict = judge_one (catalogue, &verdicts, paris_small, NULL, 10000, "2016-06-01", "idf-pm-up");
  g_assert_false (verdict->eligible);
  g_assert_nonnull (strstr (verdict->reason, "5"));

  /* No address: the region is to check, not a refusal. */
  verdict = judge_one (catalogue, &verdicts, nowhere, "vente-promotion", 1000, "2016-06-01",
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

  testimony = cn_catalogue_match_testimony (catalogue, florist_rennes, "micro", fiche);
  g_assert_nonnull (testimony);
  g_assert_cmpstr (testimony->id, ==, "fleuriste-rennes");
  g_assert_true (testimony->illustrative);

  /* Same sector and size; region and action decide. */
  testimony = cn_catalogue_match_testimony (catalogue, shop_marseille, "micro", marketplace);
  g_assert_cmpstr (testimony->id, ==, "epicerie-fine-marseille");
  testimony = cn_catalogue_match_testimony (catalogue, shop_marseille, "micro", NULL);
  g_assert_cmpstr (testimony->id, ==, "epicerie-fine-marseille");
  /* The action alone decides. */
  testimony = cn_catalogue_match_testimony (catalogue, shop_paris, "petite", marketplace);
  g_assert_cmpstr (testimony->id, ==, "epicerie-fine-marseille");
  /* A tie goes to the first in the file. */
  testimony = cn_catalogue_match_testimony (catalogue, shop_paris, "petite", NULL);
  g_assert_cmpstr (testimony->id, ==, "fleuriste-rennes");
  testimony = cn_catalogue_match_testimony (catalogue, shop_paris, NULL, NULL);
  g_assert_cmpstr (testimony->id, ==, "fleuriste-rennes");

  testimony = cn_catalogue_match_testimony (catalogue, hairdresser, "solo", NULL);
  g_assert_cmpstr (testimony->id, ==, "coiffeuse-lyon");

  /* The sector must match: size, region and actions alone are not enough. */
  g_assert_null (cn_catalogue_match_testimony (catalogue, bank, "micro", fiche));
  g_assert_null (cn_catalogue_match_testimony (catalogue, no_naf, "micro", fiche));
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
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, shop, "petite", NULL)->id, ==, "b");
  /* c: 4 + 2 + 1 + 1 = 8. */
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, shop, "micro", y)->id, ==, "c");
  /* b: 4 + 2 = 6 ties with c: 4 + 1 + 1 = 6: b comes first. */
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, shop, "petite", y)->id, ==, "b");
  /* Only a speaks to section C, whatever else. */
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, maker, "moyenne", NULL)->id, ==, "a");
  /* Actions of another section do not help. */
  g_assert_cmpstr (cn_catalogue_match_testimony (catalogue, shop, NULL, x)->id, ==, "c");
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

  return g_test_run ();
}
