/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the connector keeps beside the catalogue: declared links with
 * providers (and the refusal they bring), their own ratings, each
 * company's recommendation basket; and the action plan that prints it,
 * with the aids of its planned expense, and keeps the catalogue of its
 * first issue. */
#include "config.h"

#include <string.h>

#include <poppler.h>

#include "cn-basket.h"
#include "cn-diagnostic.h"
#include "cn-error.h"
#include "cn-plan-document.h"
#include "cn-privacy.h"
#include "cn-store-private.h"
#include "cn-test-util.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

typedef struct {
  char        *dir;
  CnStore     *store;
  CnCatalogue *catalogue;
  CnCompany   *company;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cn_test_make_tmp_dir ();
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->catalogue = cn_catalogue_load_default (&error);
  g_assert_no_error (error);
  /* A 12-employee clothes shop in Nantes (Pays de la Loire). */
  f->company = cn_company_new ();
  cn_company_set_name (f->company, "Boutique Lemoine");
  cn_company_set_naf (f->company, "47.71Z");
  cn_company_set_employees (f->company, 12);
  cn_company_set_revenue (f->company, "500k-2m");
  cn_company_set_postcode (f->company, "44000");
  cn_company_set_commune (f->company, "Nantes");
  g_assert_true (cn_store_add_company (f->store, f->company, NULL, &error));
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->company);
  g_clear_pointer (&f->catalogue, cn_catalogue_unref);
  if (f->store)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
}

static const char *
company_id (Fixture *f)
{
  return cn_company_get_id (f->company);
}

static guint
count_rows (Fixture    *f,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  guint count;

  g_assert_cmpint (sqlite3_prepare_v2 (cn_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/* ---- the guard ---------------------------------------------------------- */

static void
test_conflict_of_interest (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) basket = NULL;
  g_autoptr(CnProviderLink) link = NULL;
  const CnProvider *provider = cn_catalogue_find_provider (f->catalogue, "atelier-pixel-et-lin");
  guint n_baskets = 99;

  g_assert_nonnull (provider);
  g_assert_true (cn_store_declare_provider_link (f->store, f->catalogue, provider->id, CN_PROVIDER_LINK_FAMILY,
                                                 "Ma sœur en est la gérante", &n_baskets, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_baskets, ==, 0);
  link = cn_store_get_provider_link (f->store, provider->id, &error);
  g_assert_nonnull (link);
  g_assert_cmpint (link->kind, ==, CN_PROVIDER_LINK_FAMILY);
  g_assert_cmpstr (link->note, ==, "Ma sœur en est la gérante");

  /* Refused, saying why and naming the provider; nothing stored. */
  g_assert_false (cn_store_basket_add (f->store, f->catalogue, company_id (f), CN_BASKET_PROVIDER,
                                       provider->id, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_CONFLICT_OF_INTEREST);
  g_assert_nonnull (strstr (error->message, provider->name));
  g_assert_nonnull (strstr (error->message, "family"));
  g_clear_error (&error);
  basket = cn_store_list_basket (f->store, company_id (f), &error);
  g_assert_cmpuint (basket->len, ==, 0);

  /* The database refuses it too, whatever the code path. */
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO basket_items (company_id, kind, item_id, added_at)"
                                            " VALUES ('%s', 'provider', '%s', '2026-11-23T10:00:00Z')",
                                            company_id (f), provider->id);

    g_assert_cmpint (sqlite3_exec (cn_store_get_db (f->store), sql, NULL, NULL, NULL), ==, SQLITE_CONSTRAINT_TRIGGER);
  }

  /* Withdrawn: it can be recommended again. */
  g_assert_true (cn_store_withdraw_provider_link (f->store, provider->id, &error));
  g_assert_true (cn_store_basket_add (f->store, f->catalogue, company_id (f), CN_BASKET_PROVIDER,
                                      provider->id, "Sites soignés, délais tenus", &error));
  g_assert_no_error (error);

  /* Declared after the recommendation: listed, counted, never printed. */
  g_assert_true (cn_store_declare_provider_link (f->store, f->catalogue, provider->id, CN_PROVIDER_LINK_CAPITAL,
                                                 NULL, &n_baskets, &error));
  g_assert_cmpuint (n_baskets, ==, 1);
  g_clear_pointer (&basket, g_ptr_array_unref);
  basket = cn_store_list_basket (f->store, company_id (f), &error);
  g_assert_cmpuint (basket->len, ==, 1);
  g_clear_pointer (&basket, g_ptr_array_unref);
  basket = cn_store_list_basket_for_plan (f->store, f->catalogue, company_id (f), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (basket->len, ==, 0);
  /* The second declaration changed the kind. */
  g_clear_pointer (&link, cn_provider_link_free);
  link = cn_store_get_provider_link (f->store, provider->id, &error);
  g_assert_cmpint (link->kind, ==, CN_PROVIDER_LINK_CAPITAL);

  /* Only providers of the directory. */
  g_assert_false (cn_store_declare_provider_link (f->store, f->catalogue, "inconnu", CN_PROVIDER_LINK_CAPITAL,
                                                  NULL, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
}

static void
test_basket (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) basket = NULL;
  g_autoptr(CnCompanyBackup) backup = NULL;
  const CnResource *resource = cn_catalogue_get_resource (f->catalogue, 0);
  const CnProvider *provider = cn_catalogue_get_provider (f->catalogue, 1);

  g_assert_true (cn_store_basket_add (f->store, f->catalogue, company_id (f), CN_BASKET_RESOURCE,
                                      resource->id, "À lire avant notre rendez-vous", &error));
  g_assert_true (cn_store_basket_add (f->store, f->catalogue, company_id (f), CN_BASKET_PROVIDER,
                                      provider->id, NULL, &error));
  g_assert_no_error (error);
  /* Again: the note changes, no second row. */
  g_assert_true (cn_store_basket_add (f->store, f->catalogue, company_id (f), CN_BASKET_PROVIDER,
                                      provider->id, "Proche de chez vous", &error));
  basket = cn_store_list_basket (f->store, company_id (f), &error);
  g_assert_cmpuint (basket->len, ==, 2);
  /* Providers first. */
  g_assert_cmpint (((CnBasketItem *) basket->pdata[0])->kind, ==, CN_BASKET_PROVIDER);
  g_assert_cmpstr (((CnBasketItem *) basket->pdata[0])->note, ==, "Proche de chez vous");
  g_assert_cmpstr (((CnBasketItem *) basket->pdata[1])->item_id, ==, resource->id);

  /* Unknown items and companies are refused. */
  g_assert_false (cn_store_basket_add (f->store, f->catalogue, company_id (f), CN_BASKET_RESOURCE, "nope", NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (cn_store_basket_add (f->store, f->catalogue, "no-such-company", CN_BASKET_RESOURCE,
                                       resource->id, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Deleting the company takes the basket; undo brings it back. */
  g_assert_true (cn_store_delete_company (f->store, company_id (f), &backup, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM basket_items"), ==, 0);
  g_assert_true (cn_store_restore_company (f->store, backup, &error));
  g_assert_no_error (error);
  g_clear_pointer (&basket, g_ptr_array_unref);
  basket = cn_store_list_basket (f->store, company_id (f), &error);
  g_assert_cmpuint (basket->len, ==, 2);
  g_assert_cmpstr (((CnBasketItem *) basket->pdata[0])->note, ==, "Proche de chez vous");

  /* The company's export (RGPD) carries its recommendations. */
  {
    g_autofree char *folder = cn_store_export_company_data (f->store, company_id (f), f->dir, NULL, NULL, &error);
    g_autofree char *json_path = NULL, *contents = NULL;

    g_assert_no_error (error);
    json_path = g_build_filename (folder, "company.json", NULL);
    g_assert_true (g_file_get_contents (json_path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "\"recommendations\""));
    g_assert_nonnull (strstr (contents, "Proche de chez vous"));
  }

  g_assert_true (cn_store_basket_remove (f->store, company_id (f), CN_BASKET_RESOURCE, resource->id, &error));
  g_clear_pointer (&basket, g_ptr_array_unref);
  basket = cn_store_list_basket (f->store, company_id (f), &error);
  g_assert_cmpuint (basket->len, ==, 1);
}

static void
test_ratings (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnProviderReview) review = NULL;
  const CnProvider *provider = cn_catalogue_get_provider (f->catalogue, 0);

  g_assert_null (cn_store_get_provider_review (f->store, provider->id, &error));
  g_assert_no_error (error);
  g_assert_false (cn_store_rate_provider (f->store, f->catalogue, provider->id, 6, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (cn_store_rate_provider (f->store, f->catalogue, provider->id, 0, NULL, &error));
  g_clear_error (&error);
  g_assert_true (cn_store_rate_provider (f->store, f->catalogue, provider->id, 4, "Réactif", &error));
  g_assert_true (cn_store_rate_provider (f->store, f->catalogue, provider->id, 2, "Retard de livraison", &error));
  review = cn_store_get_provider_review (f->store, provider->id, &error);
  g_assert_cmpint (review->score, ==, 2);
  g_assert_cmpstr (review->comment, ==, "Retard de livraison");
  g_assert_true (cn_store_unrate_provider (f->store, provider->id, &error));
  g_clear_pointer (&review, cn_provider_review_free);
  g_assert_null (cn_store_get_provider_review (f->store, provider->id, &error));
}

/* ---- the plan that prints it ------------------------------------------- */

static char *
complete_diagnostic (Fixture *f)
{
  const char *answers[][2] = {
    { "taille", "petite" }, { "secteur", "commerce" }, { "clientele", "b2c" }, { "localisation", "urbain" },
    { "strategie-projets", "reflexion" }, { "strategie-suivi", "approx" }, { "visibilite-site", "vitrine" },
    { "visibilite-presence", "reseaux-sociaux" }, { "visibilite-animation", "mois" }, { "vente-paiement", "carte" },
    { "vente-part", "aucune" }, { "relation-fichier", "tableur" }, { "gestion-outils", "caisse" },
    { "gestion-factures", "logiciel" }, { "cyber-sauvegarde", "parfois" }, { "competences-aisance", "plutot" },
    { "responsable-gestes", "reconditionne" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CnReferential) referential = cn_referential_lookup (NULL, "commerce-connecte", 0, &error);
  char *id;

  g_assert_no_error (error);
  id = cn_store_start_diagnostic (f->store, company_id (f), referential, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      const char *choices[] = { answers[i][1], NULL };

      g_assert_true (cn_store_save_answer (f->store, referential, id, answers[i][0], choices, &error));
      g_assert_no_error (error);
    }
  g_assert_true (cn_store_complete_diagnostic (f->store, referential, id, &error));
  g_assert_no_error (error);
  return id;
}

/* The PDF's text, all pages, spaces of any kind made plain. */
static char *
pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, &error);
  g_autoptr(PopplerDocument) document = poppler_document_new_from_file (uri, NULL, &error);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GRegex) spaces = g_regex_new ("[\\s\\x{00a0}\\x{202f}]+", 0, 0, NULL);

  g_assert_no_error (error);
  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      g_autofree char *page_text = poppler_page_get_text (page);

      g_string_append (text, page_text);
      g_string_append_c (text, '\n');
    }
  return g_regex_replace_literal (spaces, text->str, -1, 0, " ", 0, NULL);
}

static void
test_plan_of_retailer (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *diagnostic_id = complete_diagnostic (f);
  g_autoptr(CnPlanDocument) document = NULL;
  g_autofree char *path = g_build_filename (f->dir, "plan.pdf", NULL);
  g_autofree char *text = NULL;
  const CnProvider *provider = cn_catalogue_find_provider (f->catalogue, "atelier-pixel-et-lin");
  const CnProvider *linked = cn_catalogue_find_provider (f->catalogue, "voilerie-numerique");
  const CnResource *resource = cn_catalogue_get_resource (f->catalogue, 2);
  guint n_eligible = 0;

  /* The connector plans 8 000 € and recommends a provider and a guide;
   * a second provider gets a declared link afterwards. */
  g_assert_true (cn_store_basket_add (f->store, f->catalogue, company_id (f), CN_BASKET_PROVIDER, provider->id,
                                      "Spécialiste des boutiques", &error));
  g_assert_true (cn_store_basket_add (f->store, f->catalogue, company_id (f), CN_BASKET_PROVIDER, linked->id,
                                      NULL, &error));
  g_assert_true (cn_store_basket_add (f->store, f->catalogue, company_id (f), CN_BASKET_RESOURCE, resource->id,
                                      NULL, &error));
  g_assert_true (cn_store_declare_provider_link (f->store, f->catalogue, linked->id, CN_PROVIDER_LINK_CAPITAL,
                                                 NULL, NULL, &error));
  g_assert_no_error (error);
  document = cn_plan_document_load (f->store, diagnostic_id, f->catalogue, NULL, &error);
  g_assert_no_error (error);
  document->plan->planned_expense = 8000;
  g_assert_true (cn_store_save_plan (f->store, document->plan, &error));
  g_clear_pointer (&document, cn_plan_document_free);
  document = cn_plan_document_load (f->store, diagnostic_id, f->catalogue, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (document->expense, ==, 8000);
  g_assert_false (document->expense_estimated);

  /* By hand, today: the regional cheques closed in 2016 and the France
   * Num cheque in 2021; the model aid gives half of 8 000 €. */
  for (guint i = 0; i < document->aids->len; i++)
    {
      const CnAidVerdict *verdict = document->aids->pdata[i];

      g_assert_true (verdict->eligible);
      g_assert_cmpstr (verdict->aid->id, ==, "aide-regionale-modele");
      g_assert_cmpint (verdict->amount, ==, 4000);
      n_eligible++;
    }
  g_assert_cmpuint (n_eligible, ==, 1);
  g_assert_cmpuint (document->basket->len, ==, 2);

  g_assert_true (cn_plan_pdf_write (document, path, &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "Aide régionale type (modèle de la piste 4)"));
  g_assert_nonnull (strstr (text, "4 000 €"));
  g_assert_nonnull (strstr (text, "8 000 €"));
  /* Exactly the aids computed: no other aid's name. */
  for (guint i = 0; i < cn_catalogue_get_n_aids (f->catalogue); i++)
    {
      const CnAid *aid = cn_catalogue_get_aid (f->catalogue, i);

      if (!g_str_equal (aid->id, "aide-regionale-modele"))
        g_assert_null (strstr (text, aid->name));
    }
  /* The basket, without the provider the connector has links with. */
  g_assert_nonnull (strstr (text, provider->name));
  g_assert_nonnull (strstr (text, "Spécialiste des boutiques"));
  g_assert_null (strstr (text, linked->name));
  g_assert_nonnull (strstr (text, resource->title));
}

static void
test_plan_keeps_its_catalogue (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *diagnostic_id = complete_diagnostic (f);
  g_autofree char *user_dir = cn_catalogue_user_dir (f->dir);
  g_autofree char *issued_on = NULL;
  g_autofree char *aids = NULL, *newer = NULL, *newer_path = NULL;
  g_autoptr(CnPlanDocument) document = NULL;
  g_autoptr(CnCatalogue) kept = NULL, current = NULL;
  int version = cn_catalogue_get_version (f->catalogue, CN_CATALOGUE_AIDS);

  document = cn_plan_document_load (f->store, diagnostic_id, f->catalogue, NULL, &error);
  g_assert_no_error (error);
  document->plan->planned_expense = 8000;
  g_assert_true (cn_store_save_plan (f->store, document->plan, &error));
  g_assert_true (cn_store_record_plan_issued (f->store, document->plan, document->catalogue, "plan.pdf", &error));
  g_assert_no_error (error);
  g_assert_nonnull (document->plan->issued_catalogue);
  g_clear_pointer (&document, cn_plan_document_free);

  /* A newer aids file doubles the model aid's rate. */
  {
    g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/croissanceconnectee/Connecteur/catalogue/aids.json", 0, &error);
    g_autoptr(GRegex) rate = g_regex_new ("\"rate\": 0.5,\n      \"expense_min\": 2000", 0, 0, NULL);
    g_autoptr(GRegex) version_re = g_regex_new ("\"version\": [0-9]+", 0, 0, NULL);
    g_autofree char *bumped = NULL, *replacement = g_strdup_printf ("\"version\": %d", version + 1);

    g_assert_no_error (error);
    aids = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    bumped = g_regex_replace_literal (version_re, aids, -1, 0, replacement, G_REGEX_MATCH_DEFAULT, NULL);
    newer = g_regex_replace_literal (rate, bumped, -1, 0, "\"rate\": 1,\n      \"expense_min\": 2000", 0, NULL);
    g_assert_cmpstr (newer, !=, bumped);
    newer_path = g_build_filename (f->dir, "aids-v-next.json", NULL);
    g_assert_true (g_file_set_contents (newer_path, newer, -1, NULL));
  }
  g_assert_true (cn_catalogue_install_file (f->catalogue, user_dir, newer_path, NULL, NULL, &error));
  g_assert_no_error (error);
  current = cn_catalogue_load (user_dir, &error);
  g_assert_cmpint (cn_catalogue_get_version (current, CN_CATALOGUE_AIDS), ==, version + 1);

  /* The issued plan still shows 4 000 €, from the catalogue it kept. */
  document = cn_plan_document_load (f->store, diagnostic_id, current, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cn_catalogue_get_version (document->catalogue, CN_CATALOGUE_AIDS), ==, version);
  g_assert_cmpuint (document->aids->len, ==, 1);
  g_assert_cmpint (((CnAidVerdict *) document->aids->pdata[0])->amount, ==, 4000);
  kept = cn_store_load_plan_catalogue (f->store, document->plan, &issued_on, &error);
  g_assert_nonnull (kept);
  g_assert_cmpuint (strlen (issued_on), ==, 10);

  /* Renewed: the new catalogue, 8 000 € (capped at 15 000 €). */
  g_assert_true (cn_store_renew_plan_catalogue (f->store, document->plan, &error));
  g_clear_pointer (&document, cn_plan_document_free);
  document = cn_plan_document_load (f->store, diagnostic_id, current, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (document->plan->issued_catalogue);
  g_assert_cmpint (((CnAidVerdict *) document->aids->pdata[0])->amount, ==, 8000);
  /* The archive keeps each text once. */
  g_assert_true (cn_store_record_plan_issued (f->store, document->plan, document->catalogue, "plan2.pdf", &error));
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM catalogue_archive WHERE part = 'aids'"), ==, 2);
  g_assert_cmpuint (count_rows (f, "SELECT count(*) FROM catalogue_archive WHERE part = 'prices'"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/basket/conflict-of-interest", Fixture, NULL, set_up, test_conflict_of_interest, tear_down);
  g_test_add ("/basket/items", Fixture, NULL, set_up, test_basket, tear_down);
  g_test_add ("/basket/ratings", Fixture, NULL, set_up, test_ratings, tear_down);
  g_test_add ("/basket/plan-of-retailer", Fixture, NULL, set_up, test_plan_of_retailer, tear_down);
  g_test_add ("/basket/plan-keeps-its-catalogue", Fixture, NULL, set_up, test_plan_keeps_its_catalogue, tear_down);
  return g_test_run ();
}
