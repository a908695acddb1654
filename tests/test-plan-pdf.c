/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The action plan PDF, read back with poppler: pages, text (user text shown
 * literally, French amounts), footers, metadata, links, the table's header
 * repeated on every page, optional sections left out, and failures that
 * leave no file behind. */
#include "config.h"

#include <locale.h>

#include <poppler.h>

#include "cn-diagnostic.h"
#include "cn-error.h"
#include "cn-plan-pdf.h"
#include "cn-test-util.h"

/* poppler-glib 22.12 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#define COMPANY_NAME "<b>Dupont & Fils</b> \"l'Atelier\""
#define AID_URL "https://www.example.org/aides/cheque-numerique?region=53&x='1'"

typedef struct {
  char          *dir;
  CnReferential *referential;
  CnDiagnostic  *diagnostic;
  CnScore       *score;
  CnCompany     *company;
  CnPlan        *plan;
  CnCatalogue   *catalogue;
  GPtrArray     *aids;
  CnAid          aid_region;
  CnAid          aid_state;
  CnTestimony    testimony;
  CnConnector    connector;
  CnPlanDocument document;
} Fixture;

static void
answer (GHashTable *answers,
        const char *question,
        const char *choice)
{
  const char *choices[] = { choice, NULL };

  cn_answers_set (answers, question, choices);
}

static void
add_action (CnPlan     *plan,
            const char *id,
            const char *title,
            const char *description,
            const char *why,
            const char *horizon,
            int         priority,
            const char *price_ref,
            const char *owner,
            const char *due_date)
{
  CnPlanAction *action = cn_plan_action_new (id, title);

  g_free (action->description);
  action->description = g_strdup (description);
  g_free (action->why);
  action->why = g_strdup (why);
  g_free (action->horizon);
  action->horizon = g_strdup (horizon);
  action->priority = priority;
  action->price_ref = g_strdup (price_ref);
  action->owner = g_strdup (owner);
  action->due_date = g_strdup (due_date);
  g_ptr_array_add (plan->actions, action);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GHashTable *answers;
  CnAidVerdict *verdict;

  f->dir = cn_test_make_tmp_dir ();
  f->referential = cn_referential_lookup (NULL, "commerce-connecte", 0, &error);
  g_assert_no_error (error);
  f->catalogue = cn_catalogue_load_default (&error);
  g_assert_no_error (error);

  f->diagnostic = g_new0 (CnDiagnostic, 1);
  f->diagnostic->id = g_strdup ("d1");
  f->diagnostic->questionnaire = g_strdup ("commerce-connecte");
  f->diagnostic->version = cn_referential_get_version (f->referential);
  f->diagnostic->completed_at = g_strdup ("2026-11-20T10:00:00Z");
  f->diagnostic->answers = answers = cn_answers_new ();
  answer (answers, "taille", "micro");
  answer (answers, "secteur", "commerce");
  answer (answers, "clientele", "b2c");
  answer (answers, "localisation", "urbain");
  answer (answers, "strategie-projets", "reflexion");
  answer (answers, "strategie-suivi", "approx");
  answer (answers, "visibilite-site", "vitrine");
  answer (answers, "visibilite-presence", "reseaux-sociaux");
  answer (answers, "visibilite-animation", "mois");
  answer (answers, "vente-paiement", "carte");
  answer (answers, "vente-part", "aucune");
  answer (answers, "relation-fichier", "tableur");
  answer (answers, "gestion-outils", "caisse");
  answer (answers, "gestion-factures", "logiciel");
  answer (answers, "cyber-sauvegarde", "parfois");
  answer (answers, "competences-aisance", "plutot");
  answer (answers, "responsable-gestes", "reconditionne");
  f->score = cn_score_compute (f->referential, answers);
  g_assert_nonnull (f->score->level);

  f->company = cn_company_new ();
  cn_company_set_name (f->company, COMPANY_NAME);
  cn_company_set_naf (f->company, "47.76Z");
  cn_company_set_postcode (f->company, "35000");
  cn_company_set_commune (f->company, "Rennes");

  f->plan = g_new0 (CnPlan, 1);
  f->plan->id = g_strdup ("p1");
  f->plan->note = g_strdup ("Bravo pour cet échange, Madame Dupont !\n"
                            "Je vous envoie la liste des prestataires <locaux> dès lundi.");
  f->plan->actions = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_plan_action_free);
  add_action (f->plan, "creer-fiche-etablissement", "Créer votre fiche d'établissement",
              "Une fiche à jour sur les cartes en ligne : horaires, photos, téléphone.",
              "Êtes-vous présent sur les cartes en ligne ? — Non",
              "now", 1, "fiche-etablissement", "Mme Dupont", "2026-12-15");
  add_action (f->plan, "refaire-site", "Moderniser le site vitrine",
              "Un site lisible sur téléphone, avec vos produits phares et un formulaire de contact.",
              "Avez-vous un site internet ? — Un site vitrine\nPrésence et visibilité en ligne : 35/100",
              "3-months", 2, "site-vitrine", "Prestataire local", NULL);
  add_action (f->plan, "sauvegarder", "Sauvegarder automatiquement vos données",
              "", "Sauvegardez-vous vos données ? — Parfois",
              "now", 1, "sauvegarde", NULL, NULL);
  add_action (f->plan, "former", "Vous former au numérique",
              "Une formation courte, prise en charge par votre OPCO.", "",
              "12-months", 3, "formation", "Toute l'équipe", NULL);

  f->aid_region = (CnAid) {
    .id = (char *) "cheque-region", .name = (char *) "Chèque numérique Bretagne",
    .issuer = (char *) "Région Bretagne", .url = (char *) AID_URL,
  };
  f->aid_state = (CnAid) {
    .id = (char *) "aide-etat", .name = (char *) "Aide à la transformation numérique",
    .issuer = (char *) "État", .url = NULL,
  };
  f->aids = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_aid_verdict_free);
  verdict = g_new0 (CnAidVerdict, 1);
  verdict->aid = &f->aid_region;
  verdict->eligible = TRUE;
  verdict->amount = 1500;
  g_ptr_array_add (f->aids, verdict);
  verdict = g_new0 (CnAidVerdict, 1);
  verdict->aid = &f->aid_state;
  verdict->eligible = TRUE;
  verdict->to_check = TRUE;
  verdict->amount = 12000;
  verdict->reason = g_strdup ("l'entreprise doit compter moins de 11 salariés");
  g_ptr_array_add (f->aids, verdict);

  f->testimony = (CnTestimony) {
    .id = (char *) "fleuriste-rennes", .company = (char *) "Une fleuriste de Rennes",
    .trade = (char *) "Fleuriste", .illustrative = TRUE,
    .quote = (char *) "Depuis que ma fiche est à jour, les clients m'appellent pour commander avant de passer.",
    .story = (char *) "La boutique n'apparaissait pas sur les cartes en ligne et les horaires affichés "
                      "étaient faux. En une matinée, la fiche d'établissement a été corrigée, avec des "
                      "photos des compositions. Les commandes par téléphone ont suivi.",
  };
  f->connector = (CnConnector) {
    "Claire Martin", "CCI Ille-et-Vilaine", "claire.martin@example.org", "02 99 00 00 00",
  };

  f->document = (CnPlanDocument) {
    .company = f->company,
    .referential = f->referential,
    .diagnostic = f->diagnostic,
    .score = f->score,
    .plan = f->plan,
    .catalogue = f->catalogue,
    .aids = f->aids,
    .testimony = &f->testimony,
    .connector = &f->connector,
    .next_appointment = "Mardi 8 décembre 2026 à 14 h, en boutique",
    .today = "2026-11-23",
  };
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_pointer (&f->aids, g_ptr_array_unref);
  g_clear_pointer (&f->plan, cn_plan_free);
  g_clear_object (&f->company);
  g_clear_pointer (&f->score, cn_score_free);
  g_clear_pointer (&f->diagnostic, cn_diagnostic_free);
  g_clear_pointer (&f->catalogue, cn_catalogue_unref);
  g_clear_pointer (&f->referential, cn_referential_unref);
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Writes the document and keeps a copy in $CN_TEST_PDF_DIR if set, for
 * looking at it. */
static PopplerDocument *
write_and_open (Fixture    *f,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *uri = NULL;
  PopplerDocument *pdf;
  const char *keep = g_getenv ("CN_TEST_PDF_DIR");

  g_assert_true (cn_plan_pdf_write (&f->document, path, &error));
  g_assert_no_error (error);
  /* A client's plan is readable by the connector only. */
  g_assert_cmpuint (cn_test_file_mode (path), ==, 0600);
  if (keep != NULL)
    {
      g_autofree char *contents = NULL;
      g_autofree char *copy = g_build_filename (keep, name, NULL);
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (copy, contents, length, NULL));
    }
  uri = g_filename_to_uri (path, NULL, &error);
  g_assert_no_error (error);
  pdf = poppler_document_new_from_file (uri, NULL, &error);
  g_assert_no_error (error);
  return pdf;
}

/* poppler gives the no-break spaces of the text back as they were drawn
 * (U+00A0 before "€" and ":", U+202F between thousands); lines end with
 * "\n".  All become one plain space so the checks read naturally. */
static char *
normalize (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x00A0 || c == 0x202F || g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
page_text (PopplerDocument *pdf,
           int              index)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (pdf, index);
  g_autofree char *text = poppler_page_get_text (page);

  return normalize (text);
}

static char *
all_text (PopplerDocument *pdf)
{
  GString *text = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (pdf); i++)
    {
      g_autofree char *page = page_text (pdf, i);

      g_string_append (text, page);
      g_string_append_c (text, ' ');
    }
  return g_string_free (text, FALSE);
}

static void
test_typical (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PopplerDocument) pdf = write_and_open (f, "typical.pdf");
  int n_pages = poppler_document_get_n_pages (pdf);
  g_autofree char *first = page_text (pdf, 0);
  g_autofree char *text = all_text (pdf);
  g_autofree char *title = poppler_document_get_title (pdf);
  g_autofree char *author = poppler_document_get_author (pdf);
  g_autofree char *creator = poppler_document_get_creator (pdf);
  g_autofree char *subject = poppler_document_get_subject (pdf);
  g_autofree char *score = g_strdup_printf ("%d/100", f->score->overall_rounded);
  gboolean found_link = FALSE;

  g_assert_cmpint (n_pages, >=, 1);
  g_assert_cmpint (n_pages, <=, 3);

  /* The user's text, literally: no markup was interpreted. */
  g_assert_nonnull (strstr (first, COMPANY_NAME));
  g_assert_nonnull (strstr (first, "DIGITAL ACTION PLAN"));
  g_assert_nonnull (strstr (first, "Rennes"));
  g_assert_nonnull (strstr (first, "November 23, 2026"));
  g_assert_nonnull (strstr (first, "Claire Martin"));
  g_assert_nonnull (strstr (first, f->score->level->name));
  g_assert_nonnull (strstr (first, score));
  for (guint i = 0; i < f->plan->actions->len; i++)
    {
      CnPlanAction *action = f->plan->actions->pdata[i];

      g_assert_nonnull (strstr (text, action->title));
    }
  g_assert_nonnull (strstr (text, "Why: Êtes-vous présent sur les cartes en ligne ? — Non"));
  g_assert_nonnull (strstr (text, "December 15, 2026"));
  g_assert_nonnull (strstr (text, "800 € – 4 000 €"));
  g_assert_nonnull (strstr (text, "10 € – 60 €"));
  g_assert_nonnull (strstr (text, "per month"));

  /* Aids, with amounts in the French format. */
  g_assert_nonnull (strstr (text, "Financial aid"));
  g_assert_nonnull (strstr (text, "1 500 €"));
  g_assert_nonnull (strstr (text, "12 000 €"));
  g_assert_nonnull (strstr (text, "To check: l'entreprise doit compter moins de 11 salariés"));
  g_assert_nonnull (strstr (text, "An example that inspires"));
  g_assert_nonnull (strstr (text, "Illustrative example"));
  g_assert_nonnull (strstr (text, "Next steps"));
  g_assert_nonnull (strstr (text, "prestataires <locaux>"));

  /* Footers. */
  for (int i = 0; i < n_pages; i++)
    {
      g_autofree char *page = page_text (pdf, i);
      g_autofree char *footer = g_strdup_printf ("Page %d of %d", i + 1, n_pages);

      g_assert_nonnull (strstr (page, footer));
    }

  g_assert_cmpstr (title, ==, "Digital Action Plan — " COMPANY_NAME);
  g_assert_cmpstr (author, ==, "Claire Martin");
  g_assert_cmpstr (creator, ==, "Connecteur");
  g_assert_nonnull (subject);
  g_assert_cmpint (poppler_document_get_creation_date (pdf), >, 0);

  /* The aid's address is a link (the email too). */
  for (int i = 0; i < n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pdf, i);
      GList *links = poppler_page_get_link_mapping (page);

      for (GList *l = links; l; l = l->next)
        {
          PopplerLinkMapping *mapping = l->data;

          if (mapping->action->type == POPPLER_ACTION_URI &&
              g_strcmp0 (mapping->action->uri.uri, AID_URL) == 0)
            found_link = TRUE;
        }
      poppler_page_free_link_mapping (links);
    }
  g_assert_true (found_link);

  /* Bookmarks. */
  {
    PopplerIndexIter *iter = poppler_index_iter_new (pdf);
    guint n = 0;

    g_assert_nonnull (iter);
    do
      n++;
    while (poppler_index_iter_next (iter));
    poppler_index_iter_free (iter);
    /* The cover, the maturity, the actions, the aids, the example, the next steps. */
    g_assert_cmpuint (n, ==, 6);
  }
}

static void
test_long_plan (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PopplerDocument) pdf = NULL;
  int n_pages, first_table_page = -1, last_table_page = -1;

  for (int i = 0; i < 60; i++)
    {
      g_autofree char *id = g_strdup_printf ("action-%d", i);
      g_autofree char *title = g_strdup_printf ("Action numéro %d du plan", i + 1);

      add_action (f->plan, id, title,
                  i % 7 == 3 ? "Une description un peu plus longue, pour que certaines lignes du tableau "
                               "soient plus hautes que d'autres et que les sauts de page tombent n'importe où."
                             : "Une description courte.",
                  i % 2 ? "Une raison." : "", i % 3 == 0 ? "now" : "3-months", 1 + i % 3,
                  i % 4 ? "site-vitrine" : NULL, NULL, NULL);
    }
  pdf = write_and_open (f, "long.pdf");
  n_pages = poppler_document_get_n_pages (pdf);
  g_assert_cmpint (n_pages, >=, 4);

  for (int p = 0; p < n_pages; p++)
    {
      g_autofree char *text = page_text (pdf, p);

      if (strstr (text, "Action numéro ") != NULL)
        {
          if (first_table_page < 0)
            first_table_page = p;
          last_table_page = p;
        }
    }
  g_assert_cmpint (last_table_page - first_table_page, >=, 2);
  for (int p = first_table_page; p <= last_table_page; p++)
    {
      g_autofree char *text = page_text (pdf, p);

      /* The header row, on every page the table is on. */
      g_assert_nonnull (strstr (text, "Indicative Budget"));
      g_assert_nonnull (strstr (text, "When"));
    }
  /* Every row once: none lost or repeated at a page break. */
  for (int i = 0; i < 60; i++)
    {
      g_autofree char *all = all_text (pdf);
      g_autofree char *title = g_strdup_printf ("Action numéro %d du plan", i + 1);
      const char *hit = strstr (all, title);

      g_assert_nonnull (hit);
      g_assert_null (strstr (hit + 1, title));
    }
}

static void
test_minimal (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(PopplerDocument) pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *author = NULL;

  f->document.aids = NULL;
  f->document.testimony = NULL;
  f->document.connector = NULL;
  f->document.next_appointment = NULL;
  g_free (f->plan->note);
  f->plan->note = g_strdup ("  \n ");
  pdf = write_and_open (f, "minimal.pdf");
  text = all_text (pdf);
  author = poppler_document_get_author (pdf);

  g_assert_nonnull (strstr (text, COMPANY_NAME));
  g_assert_nonnull (strstr (text, "Your actions"));
  g_assert_null (strstr (text, "Financial aid"));
  g_assert_null (strstr (text, "An example"));
  g_assert_null (strstr (text, "Next steps"));
  g_assert_null (strstr (text, "Your connector"));
  g_assert_cmpstr (author, ==, "Connecteur");
}

/* Aids that are not eligible leave no heading either. */
static void
test_no_eligible_aid (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PopplerDocument) pdf = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < f->aids->len; i++)
    ((CnAidVerdict *) f->aids->pdata[i])->eligible = FALSE;
  pdf = write_and_open (f, "no-aid.pdf");
  text = all_text (pdf);
  g_assert_null (strstr (text, "Financial aid"));
  g_assert_nonnull (strstr (text, "Next steps"));
}

/* Under a locale whose decimal separator is a comma (French), the outline
 * and links still come out: cairo 1.16 reads tag numbers with the locale. */
static void
test_french_locale (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *previous = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autoptr(PopplerDocument) pdf = NULL;

  if (setlocale (LC_NUMERIC, "fr_FR.UTF-8") == NULL)
    {
      g_test_skip ("the fr_FR.UTF-8 locale is not installed (build-aux/install-deps.sh makes it)");
      return;
    }
  pdf = write_and_open (f, "french.pdf");
  setlocale (LC_NUMERIC, previous);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), >=, 1);
}

/* A note longer than a page flows over the next pages, line by line. */
static void
test_long_note (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(PopplerDocument) pdf = NULL;
  g_autofree char *text = NULL;

  for (int i = 0; i < 150; i++)
    g_string_append_printf (note, "Ligne %d de la note du connecteur.\n", i + 1);
  g_free (f->plan->note);
  f->plan->note = g_strdup (note->str);
  pdf = write_and_open (f, "long-note.pdf");
  text = all_text (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (pdf), >=, 4);
  for (int i = 0; i < 150; i++)
    {
      g_autofree char *line = g_strdup_printf ("Ligne %d de la note ", i + 1);
      const char *hit = strstr (text, line);

      g_assert_nonnull (hit);
      g_assert_null (strstr (hit + 1, line));
    }
}

/* A row taller than a page is split between its lines, and the table's
 * header comes back above its continuation. */
static void
test_huge_row (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(PopplerDocument) pdf = NULL;
  g_autofree char *text = NULL;
  int n_pages;

  for (int i = 0; i < 90; i++)
    g_string_append_printf (description, "Étape %d du chantier.\n", i + 1);
  add_action (f->plan, "huge", "Une action très détaillée", description->str, "", "now", 1,
              NULL, NULL, NULL);
  add_action (f->plan, "after", "L'action d'après", "", "", "now", 2, NULL, NULL, NULL);
  pdf = write_and_open (f, "huge-row.pdf");
  n_pages = poppler_document_get_n_pages (pdf);
  text = all_text (pdf);
  for (int i = 0; i < 90; i++)
    {
      g_autofree char *line = g_strdup_printf ("Étape %d du chantier.", i + 1);
      const char *hit = strstr (text, line);

      g_assert_nonnull (hit);
      g_assert_null (strstr (hit + 1, line));
    }
  for (int p = 0; p < n_pages; p++)
    {
      g_autofree char *page = page_text (pdf, p);

      if (strstr (page, "du chantier.") != NULL)
        g_assert_nonnull (strstr (page, "Indicative Budget"));
    }
  g_assert_nonnull (strstr (text, "L'action d'après"));
}

static void
assert_no_temporary (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_null (strstr (name, ".tmp-"));
}

static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "plan.pdf", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "a-folder", NULL);

  g_assert_false (cn_plan_pdf_write (&f->document, missing, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "plan.pdf"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The temporary file is written, but cannot replace a folder. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_false (cn_plan_pdf_write (&f->document, folder, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == CN_ERROR);
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  assert_no_temporary (f->dir);
  g_clear_error (&error);

  /* A read-only folder (root writes anyway). */
  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (f->dir, "locked", NULL);
      g_autofree char *path = g_build_filename (locked, "plan.pdf", NULL);

      g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
      g_assert_false (cn_plan_pdf_write (&f->document, path, &error));
      g_assert_error (error, CN_ERROR, CN_ERROR_READ_ONLY);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      assert_no_temporary (locked);
    }
}

/* How long a typical plan takes: `-m perf` renders it 50 times. */
static void
test_speed (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "speed.pdf", NULL);
  int runs = g_test_perf () ? 50 : 3;
  gint64 start = g_get_monotonic_time ();
  double each;

  for (int i = 0; i < runs; i++)
    g_assert_true (cn_plan_pdf_write (&f->document, path, NULL));
  each = (g_get_monotonic_time () - start) / 1000.0 / runs;
  g_test_minimized_result (each, "%.1f ms per typical plan (%d runs)", each, runs);
  if (g_test_perf ())
    g_printerr ("%.1f ms per typical plan (%d runs)\n", each, runs);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/plan-pdf/typical", Fixture, NULL, set_up, test_typical, tear_down);
  g_test_add ("/plan-pdf/long-plan", Fixture, NULL, set_up, test_long_plan, tear_down);
  g_test_add ("/plan-pdf/minimal", Fixture, NULL, set_up, test_minimal, tear_down);
  g_test_add ("/plan-pdf/no-eligible-aid", Fixture, NULL, set_up, test_no_eligible_aid, tear_down);
  g_test_add ("/plan-pdf/long-note", Fixture, NULL, set_up, test_long_note, tear_down);
  g_test_add ("/plan-pdf/french-locale", Fixture, NULL, set_up, test_french_locale, tear_down);
  g_test_add ("/plan-pdf/huge-row", Fixture, NULL, set_up, test_huge_row, tear_down);
  g_test_add ("/plan-pdf/unwritable", Fixture, NULL, set_up, test_unwritable, tear_down);
  g_test_add ("/plan-pdf/speed", Fixture, NULL, set_up, test_speed, tear_down);
  return g_test_run ();
}
