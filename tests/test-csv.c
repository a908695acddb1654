/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>

#include "cn-csv.h"
#include "cn-error.h"
#include "cn-store.h"
#include "cn-store-private.h"

#include "cn-test-util.h"

#define BOM "\xEF\xBB\xBF"

typedef struct {
  char *dir;
  CnStore *store;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = cn_test_make_tmp_dir ();
  f->store = cn_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_assert_finalize_object (g_steal_pointer (&f->store));
  cn_test_remove_tree (f->dir);
  g_free (f->dir);
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, set_up, func, tear_down)

/* ---- helpers --------------------------------------------------------- */

static CnImportReport *
import_len (CnStore    *store,
            const char *data,
            gsize       length)
{
  g_autoptr(GError) error = NULL;
  CnImportReport *report = cn_csv_import_data (store, data, length, "test.csv", NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_nonnull (report->problems);
  return report;
}

static CnImportReport *
import (Fixture    *f,
        const char *text)
{
  return import_len (f->store, text, strlen (text));
}

static void
assert_import_fails (Fixture    *f,
                     const char *data,
                     gsize       length,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  CnImportReport *report = cn_csv_import_data (f->store, data, length, "bad.csv", NULL, NULL, &error);

  g_assert_null (report);
  g_assert_error (error, CN_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* "3,5" for problems on lines 3 and 5. */
static char *
problem_lines (CnImportReport *report)
{
  GString *lines = g_string_new (NULL);

  for (guint i = 0; i < report->problems->len; i++)
    {
      CnImportProblem *problem = g_ptr_array_index (report->problems, i);

      g_assert_nonnull (problem->message);
      g_assert_true (g_utf8_validate (problem->message, -1, NULL));
      g_string_append_printf (lines, "%s%u", i ? "," : "", problem->line);
    }
  return g_string_free (lines, FALSE);
}

static void
assert_counts (CnImportReport *report,
               guint           added,
               guint           updated,
               guint           unchanged,
               guint           skipped)
{
  g_assert_cmpuint (report->added, ==, added);
  g_assert_cmpuint (report->updated, ==, updated);
  g_assert_cmpuint (report->unchanged, ==, unchanged);
  g_assert_cmpuint (report->skipped, ==, skipped);
}

static gint64
count_companies (CnStore *store)
{
  g_autoptr(GError) error = NULL;
  gint64 n = cn_store_count_companies (store, &error);

  g_assert_no_error (error);
  return n;
}

/* The only company with that name; fails the test otherwise. */
static CnCompany *
company_named (CnStore    *store,
               const char *name)
{
  g_autoptr(GError) error = NULL;
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
  g_autoptr(GArray) rows = cn_store_find_companies (store, &filter, &error);
  CnCompany *found = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      CnCompany *company = cn_store_get_company_by_rowid (store, g_array_index (rows, gint64, i), &error);

      g_assert_no_error (error);
      if (g_str_equal (cn_company_get_name (company), name))
        {
          if (found != NULL)
            g_error ("two companies named “%s”", name);
          found = company;
        }
      else
        g_object_unref (company);
    }
  if (found == NULL)
    g_error ("no company named “%s”", name);
  return found;
}

static GPtrArray *
contacts_of (CnStore   *store,
             CnCompany *company)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *contacts = cn_store_list_contacts (store, cn_company_get_id (company), &error);

  g_assert_no_error (error);
  g_assert_nonnull (contacts);
  return contacts;
}

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* ---- separators and encodings ---------------------------------------- */

static void
test_semicolon (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnCompany) martin = NULL;
  g_autoptr(CnCompany) dubois = NULL;

  report = import (f, "Nom;SIRET;Code postal;Ville;Code NAF\r\n"
                      "Boulangerie Martin;418 166 096 00069;19000;Tulle;1071C\r\n"
                      "Garage Dubois, père et fils;;75001;Paris;\r\n");
  assert_counts (report, 2, 0, 0, 0);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpint (report->separator, ==, ';');
  g_assert_cmpstr (report->encoding, ==, "UTF-8");
  g_assert_cmpint (count_companies (f->store), ==, 2);

  martin = company_named (f->store, "Boulangerie Martin");
  g_assert_cmpstr (cn_company_get_siret (martin), ==, "41816609600069");
  g_assert_cmpstr (cn_company_get_siren (martin), ==, "418166096");
  g_assert_cmpstr (cn_company_get_naf (martin), ==, "10.71C");
  g_assert_cmpstr (cn_company_get_postcode (martin), ==, "19000");
  g_assert_cmpstr (cn_company_get_commune (martin), ==, "Tulle");
  g_assert_cmpstr (cn_company_get_department (martin), ==, "19");

  /* A comma inside a ';' file is text. */
  dubois = company_named (f->store, "Garage Dubois, père et fils");
  g_assert_null (cn_company_get_siret (dubois));
  g_assert_cmpstr (cn_company_get_commune (dubois), ==, "Paris");
}

static void
test_comma (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnCompany) acme = NULL;
  g_autoptr(CnCompany) dupont = NULL;

  report = import (f, "Name,Postcode,City\n"
                      "Acme,75001,Paris\n"
                      "\"Dupont; Fils et Cie\",19000,\"Tulle\"\n");
  assert_counts (report, 2, 0, 0, 0);
  g_assert_cmpint (report->separator, ==, ',');

  acme = company_named (f->store, "Acme");
  g_assert_cmpstr (cn_company_get_postcode (acme), ==, "75001");
  g_assert_cmpstr (cn_company_get_commune (acme), ==, "Paris");
  dupont = company_named (f->store, "Dupont; Fils et Cie");
  g_assert_cmpstr (cn_company_get_commune (dupont), ==, "Tulle");
}

static void
test_utf8_bom (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnCompany) lea = NULL;

  /* Without stripping the BOM, the first header would not be "Nom". */
  report = import (f, BOM "Nom;Ville\r\nÉpicerie Léa;Brive-la-Gaillarde\r\n");
  assert_counts (report, 1, 0, 0, 0);
  g_assert_cmpstr (report->encoding, ==, "UTF-8");
  lea = company_named (f->store, "Épicerie Léa");
  g_assert_cmpstr (cn_company_get_commune (lea), ==, "Brive-la-Gaillarde");
}

static void
test_windows_1252 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnCompany) sg = NULL;

  /* As Excel for Windows saves it: é is 0xE9, € is 0x80. */
  report = import (f, "Raison sociale;Ville;Chiffre d'affaires\r\n"
                      "Soci\xe9t\xe9 G\xe9n\xe9rale;Orl\xe9\x61ns;1 500 000 \x80\r\n");
  assert_counts (report, 1, 0, 0, 0);
  g_assert_cmpstr (report->encoding, ==, "WINDOWS-1252");

  sg = company_named (f->store, "Société Générale");
  g_assert_cmpstr (cn_company_get_commune (sg), ==, "Orléans");
  g_assert_cmpstr (cn_company_get_revenue (sg), ==, "500k-2m");
}

static void
test_utf16 (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnCompany) ecole = NULL;
  g_autofree char *utf16 = NULL;
  g_autoptr(GString) bytes = g_string_new_len ("\xFF\xFE", 2);
  gsize written = 0;

  /* Excel's "Unicode text": UTF-16LE with BOM, tab-separated. */
  utf16 = g_convert ("Nom\tVille\r\nÉcole des Arts\tOrléans\r\n", -1,
                     "UTF-16LE", "UTF-8", NULL, &written, NULL);
  g_assert_nonnull (utf16);
  g_string_append_len (bytes, utf16, written);

  report = import_len (f->store, bytes->str, bytes->len);
  assert_counts (report, 1, 0, 0, 0);
  g_assert_cmpstr (report->encoding, ==, "UTF-16");
  g_assert_cmpint (report->separator, ==, '\t');
  ecole = company_named (f->store, "École des Arts");
  g_assert_cmpstr (cn_company_get_commune (ecole), ==, "Orléans");
}

/* ---- records and problems -------------------------------------------- */

static void
test_embedded_newlines (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnCompany) a = NULL;
  g_autoptr(CnCompany) d = NULL;
  g_autofree char *lines = NULL;

  report = import (f, "Nom;Notes;SIRET\r\n"                           /* 1 */
                      "A;\"ligne 1\r\nligne 2\r\nligne 3\";\r\n"      /* 2-4 */
                      "B;\"x\ny\";41816609600068\r\n"                 /* 5-6: bad SIRET */
                      "C;ok;\r\n"                                     /* 7 */
                      "\r\n"                                          /* 8: blank */
                      ";vide;\r\n"                                    /* 9: no name */
                      "D;\"multi\n\nwith a blank line\";\r\n"         /* 10-12 */
                      "E;court;123\r\n");                             /* 13: bad SIRET */
  assert_counts (report, 3, 0, 0, 3);
  lines = problem_lines (report);
  g_assert_cmpstr (lines, ==, "5,9,13");
  g_assert_nonnull (strstr (((CnImportProblem *) g_ptr_array_index (report->problems, 0))->message, "Line 5"));
  g_assert_nonnull (strstr (((CnImportProblem *) g_ptr_array_index (report->problems, 0))->message, "SIRET"));
  g_assert_nonnull (strstr (((CnImportProblem *) g_ptr_array_index (report->problems, 1))->message, "name"));

  a = company_named (f->store, "A");
  g_assert_cmpstr (cn_company_get_notes (a), ==, "ligne 1\r\nligne 2\r\nligne 3");
  d = company_named (f->store, "D");
  g_assert_cmpstr (cn_company_get_notes (d), ==, "multi\n\nwith a blank line");
  g_assert_cmpint (count_companies (f->store), ==, 3);
}

static void
test_line_numbers_after_odd_lines (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autofree char *lines = NULL;

  /* Lines a spreadsheet leaves: blank, spaces only, separators only. */
  report = import (f, "Nom;SIRET\n"          /* 1 */
                      "A;\n"                 /* 2 */
                      "\n"                   /* 3 */
                      "   \n"                /* 4 */
                      ";\n"                  /* 5 */
                      "B;41816609600068\n"   /* 6: bad SIRET */
                      "  \r\n"               /* 7 */
                      "C;123\n");            /* 8: bad SIRET */
  assert_counts (report, 1, 0, 0, 2);
  lines = problem_lines (report);
  g_assert_cmpstr (lines, ==, "6,8");
}

static void
test_bad_rows (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autofree char *lines = NULL;

  report = import (f, "Nom;SIRET;Code postal\n"
                      "Boulangerie Martin;41816609600069;19000\n"
                      "Mauvais SIRET;41816609600068;19000\n"
                      "Garage Dubois;;75001\n"
                      ";73282932000074;45000\n"
                      "Mauvais code postal;;7500\n"
                      "École des Arts;73282932000074;45000\n");
  assert_counts (report, 3, 0, 0, 3);
  lines = problem_lines (report);
  g_assert_cmpstr (lines, ==, "3,5,6");
  g_assert_cmpint (count_companies (f->store), ==, 3);
  /* Nothing of the refused rows reached the store or the outbox. */
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM outbox"), ==, 3);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM companies WHERE siret = '41816609600068'"), ==, 0);
}

static void
test_unclosed_quote (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autofree char *lines = NULL;
  g_autoptr(CnCompany) a = NULL;

  report = import (f, "Nom;Notes\n"
                      "A;ok\n"
                      "B;\"jamais fermé\n"
                      "C;x\n"
                      "D;y\n");
  /* The rows before are imported; the problem is reported where the
   * quote opened. */
  g_assert_cmpuint (report->added, ==, 1);
  g_assert_cmpuint (report->problems->len, ==, 1);
  lines = problem_lines (report);
  g_assert_cmpstr (lines, ==, "3");
  g_assert_nonnull (strstr (((CnImportProblem *) g_ptr_array_index (report->problems, 0))->message, "quote"));
  g_assert_cmpuint (report->skipped, >=, 1);
  g_assert_cmpint (count_companies (f->store), ==, 1);
  a = company_named (f->store, "A");
  g_assert_cmpstr (cn_company_get_notes (a), ==, "ok");
}

static void
test_lenient_quotes (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnCompany) lea = NULL;
  g_autoptr(CnCompany) last = NULL;

  /* A stray quote inside an unquoted name, and a last line that ends with
   * a closed quote but no line break: both are ordinary. */
  report = import (f, "Nom;Notes\n"
                      "Chez \"Léa\";x\n"
                      "Dernière;\"fin\"");
  assert_counts (report, 2, 0, 0, 0);
  g_assert_cmpuint (report->problems->len, ==, 0);
  lea = company_named (f->store, "Chez \"Léa\"");
  g_assert_cmpstr (cn_company_get_notes (lea), ==, "x");
  last = company_named (f->store, "Dernière");
  g_assert_cmpstr (cn_company_get_notes (last), ==, "fin");
}

/* ---- matching and re-import ------------------------------------------ */

static const char portfolio[] =
  "Raison sociale;SIRET;Code postal;Ville;Statut;Etiquettes;Contact;Email;Consentement\r\n"
  "Boulangerie Martin;418 166 096 00069;19000;Tulle;Contacté;pain, bio;Jeanne Martin;jeanne@example.fr;oui\r\n"
  "Café du Port;;29200;Brest;Prospect;;;;\r\n"
  "École des Arts;73282932000074;45000;Orléans;;;;;\r\n";

static void
test_reimport_idempotent (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CnImportReport) first = NULL;
  g_autoptr(CnImportReport) second = NULL;
  g_autoptr(CnCompany) martin = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  gint64 events, outbox;

  first = import (f, portfolio);
  assert_counts (first, 3, 0, 0, 0);
  g_assert_cmpuint (first->problems->len, ==, 0);
  events = cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM events");
  outbox = cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM outbox");

  second = import (f, portfolio);
  assert_counts (second, 0, 0, 3, 0);
  g_assert_cmpuint (second->problems->len, ==, 0);
  g_assert_cmpint (count_companies (f->store), ==, 3);
  /* Nothing changed, so nothing was written. */
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM events"), ==, events);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM outbox"), ==, outbox);

  martin = company_named (f->store, "Boulangerie Martin");
  contacts = contacts_of (f->store, martin);
  g_assert_cmpuint (contacts->len, ==, 1);
}

static void
test_reimport_changed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CnImportReport) first = NULL;
  g_autoptr(CnImportReport) second = NULL;
  g_autoptr(CnCompany) martin = NULL;
  g_autoptr(GString) changed = g_string_new (portfolio);

  first = import (f, portfolio);
  assert_counts (first, 3, 0, 0, 0);

  g_string_replace (changed, "19000;Tulle;Contacté", "19000;Tulle Centre;Diagnostiqué", 1);
  second = import (f, changed->str);
  assert_counts (second, 0, 1, 2, 0);
  g_assert_cmpint (count_companies (f->store), ==, 3);

  martin = company_named (f->store, "Boulangerie Martin");
  g_assert_cmpstr (cn_company_get_commune (martin), ==, "Tulle Centre");
  g_assert_cmpint (cn_company_get_status (martin), ==, CN_COMPANY_STATUS_DIAGNOSED);
}

static void
test_match_name_postcode (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CnImportReport) first = NULL;
  g_autoptr(CnImportReport) second = NULL;
  g_autoptr(CnImportReport) third = NULL;
  g_autoptr(CnCompany) cafe = NULL;

  first = import (f, "Nom;Code postal;Ville\nCafé du Port;29200;Brest\n");
  assert_counts (first, 1, 0, 0, 0);

  /* No SIRET: the same name (case and accents aside) and postcode is the
   * same company. */
  second = import (f, "Nom;Code postal;Notes\ncafe du port;29 200;Terrasse l'été\n");
  assert_counts (second, 0, 1, 0, 0);
  g_assert_cmpint (count_companies (f->store), ==, 1);
  cafe = company_named (f->store, "cafe du port");
  g_assert_cmpstr (cn_company_get_notes (cafe), ==, "Terrasse l'été");
  /* Empty cells keep what was stored. */
  g_assert_cmpstr (cn_company_get_commune (cafe), ==, "Brest");

  /* Same name in another town: another company. */
  third = import (f, "Nom;Code postal\nCafé du Port;13002\n");
  assert_counts (third, 1, 0, 0, 0);
  g_assert_cmpint (count_companies (f->store), ==, 2);
}

/* ---- columns --------------------------------------------------------- */

static void
test_french_headers (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnCompany) martin = NULL;
  g_autoptr(CnCompany) garage = NULL;

  report = import (f, "Raison sociale;Code postal;Ville;Tranche d'effectif;Statut;Adresse\n"
                      "Boulangerie Martin;19000;Tulle;11;Contacté;3 place de la Cathédrale\n"
                      "Garage Dubois;75001;Paris;1;Clôturé;\n");
  assert_counts (report, 2, 0, 0, 0);
  g_assert_cmpuint (report->problems->len, ==, 0);

  martin = company_named (f->store, "Boulangerie Martin");
  g_assert_cmpstr (cn_company_get_postcode (martin), ==, "19000");
  g_assert_cmpstr (cn_company_get_commune (martin), ==, "Tulle");
  g_assert_cmpstr (cn_company_get_headcount (martin), ==, "11");
  g_assert_cmpint (cn_company_get_status (martin), ==, CN_COMPANY_STATUS_CONTACTED);
  g_assert_cmpstr (cn_company_get_address (martin), ==, "3 place de la Cathédrale");

  garage = company_named (f->store, "Garage Dubois");
  g_assert_cmpstr (cn_company_get_headcount (garage), ==, "01");
  g_assert_cmpint (cn_company_get_status (garage), ==, CN_COMPANY_STATUS_CLOSED);
}

static void
test_english_headers (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnCompany) acme = NULL;

  report = import (f, "Name,Postcode,City,Status,SIRET\n"
                      "Acme,75001,Paris,Contacted,73282932000074\n");
  assert_counts (report, 1, 0, 0, 0);
  acme = company_named (f->store, "Acme");
  g_assert_cmpstr (cn_company_get_postcode (acme), ==, "75001");
  g_assert_cmpstr (cn_company_get_commune (acme), ==, "Paris");
  g_assert_cmpstr (cn_company_get_siret (acme), ==, "73282932000074");
  g_assert_cmpint (cn_company_get_status (acme), ==, CN_COMPANY_STATUS_CONTACTED);
}

static void
test_unknown_status (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnCompany) acme = NULL;
  g_autofree char *lines = NULL;

  report = import (f, "Nom;Statut\nAcme;En vacances\n");
  /* Imported, with the problem reported. */
  assert_counts (report, 1, 0, 0, 0);
  lines = problem_lines (report);
  g_assert_cmpstr (lines, ==, "2");
  acme = company_named (f->store, "Acme");
  g_assert_cmpint (cn_company_get_status (acme), ==, CN_COMPANY_STATUS_LEAD);
}

static void
test_employees (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  struct { const char *name, *bracket; int employees; } expected[] = {
    { "A", "11", 12 }, { "B", "00", 0 }, { "C", "NN", -1 }, { "D", "32", 250 }, { "E", "53", 10000 }, { "F", "01", 2 },
  };

  /* A number is the exact headcount, and gives the bracket. */
  report = import (f, "Nom;Effectif\nA;12\nB;0\nC;NN\nD;250\nE;10000\nF;2\n");
  assert_counts (report, 6, 0, 0, 0);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(CnCompany) company = company_named (f->store, expected[i].name);
      g_assert_cmpstr (cn_company_get_headcount (company), ==, expected[i].bracket);
      g_assert_cmpint (cn_company_get_employees (company), ==, expected[i].employees);
    }
}

/* The creation date and the exact headcount are details: one that does
 * not hold is reported and left empty, and the company is imported. */
static void
test_details_left_empty (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnImportReport) again = NULL;
  g_autofree char *lines = NULL;
  g_autoptr(CnCompany) french = NULL;
  g_autoptr(CnCompany) iso = NULL;
  g_autoptr(CnCompany) bad_date = NULL;
  g_autoptr(CnCompany) outside = NULL;
  g_autoptr(CnCompany) huge = NULL;
  g_autoptr(CnCompany) bracket_only = NULL;

  report = import (f, "Nom;Date de création;Tranche d'effectif;Effectif\n"
                      "Date française;24/05/2017;;7\n"
                      "Date ISO;2009-01-31;03;8\n"
                      "Mauvaise date;31/02/2017;;3\n"
                      "Hors tranche;;03;40\n"
                      "Trop grand;;;2000000\n"
                      "Tranche seule;;12;\n");
  assert_counts (report, 6, 0, 0, 0);
  lines = problem_lines (report);
  g_assert_cmpstr (lines, ==, "4,5,6");

  french = company_named (f->store, "Date française");
  g_assert_cmpstr (cn_company_get_founded_on (french), ==, "2017-05-24");
  g_assert_cmpint (cn_company_get_employees (french), ==, 7);
  g_assert_cmpstr (cn_company_get_headcount (french), ==, "03");
  iso = company_named (f->store, "Date ISO");
  g_assert_cmpstr (cn_company_get_founded_on (iso), ==, "2009-01-31");
  g_assert_cmpint (cn_company_get_employees (iso), ==, 8);
  bad_date = company_named (f->store, "Mauvaise date");
  g_assert_null (cn_company_get_founded_on (bad_date));
  g_assert_cmpint (cn_company_get_employees (bad_date), ==, 3);
  /* The file's own bracket wins over a number outside it. */
  outside = company_named (f->store, "Hors tranche");
  g_assert_cmpstr (cn_company_get_headcount (outside), ==, "03");
  g_assert_cmpint (cn_company_get_employees (outside), ==, -1);
  huge = company_named (f->store, "Trop grand");
  g_assert_cmpint (cn_company_get_employees (huge), ==, -1);
  bracket_only = company_named (f->store, "Tranche seule");
  g_assert_cmpstr (cn_company_get_headcount (bracket_only), ==, "12");
  g_assert_cmpint (cn_company_get_employees (bracket_only), ==, -1);

  /* A new exact headcount or date is an update; an empty cell keeps what
   * is stored. */
  again = import (f, "Nom;Date de création;Effectif\n"
                     "Date française;;9\n"
                     "Date ISO;2009-01-31;8\n"
                     "Mauvaise date;01/02/2017;\n");
  assert_counts (again, 0, 2, 1, 0);
  {
    g_autoptr(CnCompany) french_now = company_named (f->store, "Date française");
    g_autoptr(CnCompany) fixed = company_named (f->store, "Mauvaise date");

    g_assert_cmpstr (cn_company_get_founded_on (french_now), ==, "2017-05-24");
    g_assert_cmpint (cn_company_get_employees (french_now), ==, 9);
    g_assert_cmpstr (cn_company_get_founded_on (fixed), ==, "2017-02-01");
    g_assert_cmpint (cn_company_get_employees (fixed), ==, 3);
  }

  /* A new bracket alone: the stored number, outside it, is dropped; one
   * inside it is kept. */
  g_clear_pointer (&again, cn_import_report_free);
  again = import (f, "Nom;Tranche d'effectif\n"
                     "Date française;12\n"
                     "Date ISO;03\n");
  assert_counts (again, 0, 1, 1, 0);
  g_assert_cmpuint (again->problems->len, ==, 0);
  {
    g_autoptr(CnCompany) grown = company_named (f->store, "Date française");
    g_autoptr(CnCompany) same = company_named (f->store, "Date ISO");

    g_assert_cmpstr (cn_company_get_headcount (grown), ==, "12");
    g_assert_cmpint (cn_company_get_employees (grown), ==, -1);
    g_assert_cmpint (cn_company_get_employees (same), ==, 8);
  }
}

static void
test_revenue (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autofree char *lines = NULL;
  struct { const char *name, *bracket; } expected[] = {
    { "A", "500k-2m" },   /* 1 234 567,89 € */
    { "B", "lt100k" },    /* 80 000 */
    { "C", "2m-10m" },    /* 2,5 M€ */
    { "D", NULL },        /* not an amount */
    { "E", "500k-2m" },   /* already a bracket id */
    { "F", "100k-500k" }, /* narrow no-break spaces, as French Excel writes */
    { "G", "gt50m" },     /* 1.234.567.890 */
  };

  report = import (f, "Nom;Chiffre d'affaires\n"
                      "A;1 234 567,89 €\n"
                      "B;80 000\n"
                      "C;2,5 M€\n"
                      "D;beaucoup\n"
                      "E;500k-2m\n"
                      "F;250\xE2\x80\xAF" "000\xC2\xA0€\n"
                      "G;1.234.567.890\n");
  assert_counts (report, 7, 0, 0, 0);
  lines = problem_lines (report);
  g_assert_cmpstr (lines, ==, "5");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(CnCompany) company = company_named (f->store, expected[i].name);
      g_assert_cmpstr (cn_company_get_revenue (company), ==, expected[i].bracket);
    }
}

/* Word-list columns are parsed once per distinct value (memo_parse): a
 * value repeated on other rows, or in another column, gives the same
 * result, and every bad row is still reported on its own line. */
static void
test_repeated_values (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autofree char *lines = NULL;
  struct {
    const char *name;
    CnCompanyStatus status;
    const char *revenue, *customer_type;
    gboolean share;
  } expected[] = {
    { "A", CN_COMPANY_STATUS_CONTACTED, "lt100k", "b2b", TRUE },
    { "B", CN_COMPANY_STATUS_LEAD, "lt100k", "b2b", FALSE },
    { "C", CN_COMPANY_STATUS_CONTACTED, NULL, "b2c", TRUE },
    { "D", CN_COMPANY_STATUS_LEAD, NULL, "b2b", TRUE },
    { "E", CN_COMPANY_STATUS_FOLLOWED_UP, "lt100k", "b2c", FALSE },
  };

  report = import (f, "Nom;Statut;Chiffre d'affaires;Clientèle;Partage plateforme\n"
                      "A;Contacté;80 000;B2B;oui\n"
                      "B;En vacances;80 000;B2B;non\n"
                      "C;Contacté;beaucoup;particuliers;oui\n"
                      "D;En vacances;beaucoup;B2B;oui\n"
                      "E;suivi;80 000;particuliers;non\n");
  assert_counts (report, 5, 0, 0, 0);
  lines = problem_lines (report);
  g_assert_cmpstr (lines, ==, "3,4,5,5");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(CnCompany) company = company_named (f->store, expected[i].name);

      g_assert_cmpint (cn_company_get_status (company), ==, expected[i].status);
      g_assert_cmpstr (cn_company_get_revenue (company), ==, expected[i].revenue);
      g_assert_cmpstr (cn_company_get_customer_type (company), ==, expected[i].customer_type);
      g_assert_cmpint (cn_company_get_consent_share (company), ==, expected[i].share);
    }
}

/* Imported companies, their events and contacts get version 7 ids, in
 * the order they were imported, so that their indexes grow at the end. */
static void
test_time_ordered_ids (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  const char *queries[] = {
    "SELECT id FROM companies ORDER BY num",
    "SELECT id FROM events ORDER BY rowid",
    "SELECT id FROM contacts ORDER BY rowid",
  };

  report = import (f, "Nom;Contact\nA;Léa Martin\nB;Paul Roux\nC;Anne Petit\nD;Jean Morel\n");
  assert_counts (report, 4, 0, 0, 0);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = NULL;
      g_autofree char *previous = NULL;
      guint n = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (cn_store_get_db (f->store), queries[q], -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *id = (const char *) sqlite3_column_text (stmt, 0);

          g_assert_true (g_uuid_string_is_valid (id));
          g_assert_cmpint (id[14], ==, '7');
          g_assert_true (strchr ("89ab", id[19]) != NULL);
          if (previous)
            g_assert_cmpstr (previous, <, id);
          g_free (previous);
          previous = g_strdup (id);
          n++;
        }
      sqlite3_finalize (stmt);
      g_assert_cmpuint (n, ==, 4);
    }
}

static void
test_contact (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(CnCompany) martin = NULL;
  g_autoptr(CnCompany) dubois = NULL;
  g_autoptr(GPtrArray) martin_contacts = NULL;
  g_autoptr(GPtrArray) dubois_contacts = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *day = today ();
  CnContact *jeanne;

  report = import (f, "Nom;Contact;Fonction;Email;Téléphone;Consentement\n"
                      "Boulangerie Martin;Jeanne Martin;Gérante;jeanne@example.fr;05 55 12 34 56;oui\n"
                      "Garage Dubois;Paul Dubois;;paul@;;non\n");
  assert_counts (report, 2, 0, 0, 0);
  /* The bad email costs the contact, not the company. */
  lines = problem_lines (report);
  g_assert_cmpstr (lines, ==, "3");

  martin = company_named (f->store, "Boulangerie Martin");
  martin_contacts = contacts_of (f->store, martin);
  g_assert_cmpuint (martin_contacts->len, ==, 1);
  jeanne = g_ptr_array_index (martin_contacts, 0);
  g_assert_cmpstr (cn_contact_get_name (jeanne), ==, "Jeanne Martin");
  g_assert_cmpstr (cn_contact_get_role (jeanne), ==, "Gérante");
  g_assert_cmpstr (cn_contact_get_email (jeanne), ==, "jeanne@example.fr");
  g_assert_cmpstr (cn_contact_get_phone (jeanne), ==, "05 55 12 34 56");
  g_assert_true (cn_contact_get_consent (jeanne));
  g_assert_cmpstr (cn_contact_get_consent_date (jeanne), ==, day);
  g_assert_nonnull (cn_contact_get_consent_purpose (jeanne));

  dubois = company_named (f->store, "Garage Dubois");
  dubois_contacts = contacts_of (f->store, dubois);
  g_assert_cmpuint (dubois_contacts->len, ==, 0);
}

/* ---- files that are not tables --------------------------------------- */

static void
test_not_csv (Fixture       *f,
              gconstpointer  data)
{
  static const char binary[] = "Nom;Ville\n\x00\x01\x02\x03\xff\xfe\x00 binary\nA;B\n";
  static const char png[] =
    "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    "\x1f\xf3\xff" "a\x00\x00\x00\x04sBIT\x08\x08\x08\x08|\x08" "d\x88";
  g_autofree char *path = g_build_filename (f->dir, "image.csv", NULL);
  g_autoptr(GError) error = NULL;
  CnImportReport *report;

  assert_import_fails (f, binary, sizeof binary - 1, CN_ERROR_PARSE);
  assert_import_fails (f, png, sizeof png - 1, CN_ERROR_PARSE);

  /* The same through a file. */
  cn_test_write_file (path, png, sizeof png - 1);
  report = cn_csv_import_file (f->store, path, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CN_ERROR, CN_ERROR_PARSE);

  g_assert_cmpint (count_companies (f->store), ==, 0);
  g_assert_cmpint (cn_test_query_int (cn_store_get_db (f->store), "SELECT count(*) FROM outbox"), ==, 0);
}

static void
test_undecodable (Fixture       *f,
                  gconstpointer  data)
{
  /* Neither UTF-8 nor Windows-1252 (0x81 and 0x8D are unassigned there). */
  static const char bytes[] = "Nom;Ville\nA\x81\x8d;B\n";

  assert_import_fails (f, bytes, sizeof bytes - 1, CN_ERROR_PARSE);
  g_assert_cmpint (count_companies (f->store), ==, 0);
}

static void
test_no_name_column (Fixture       *f,
                     gconstpointer  data)
{
  static const char text[] = "Ville;Code postal;SIRET\nTulle;19000;41816609600069\n";
  g_autoptr(GError) error = NULL;
  CnImportReport *report;

  report = cn_csv_import_data (f->store, text, strlen (text), "x.csv", NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CN_ERROR, CN_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "name"));
  g_assert_cmpint (count_companies (f->store), ==, 0);
}

static void
test_empty_file (Fixture       *f,
                 gconstpointer  data)
{
  assert_import_fails (f, "", 0, CN_ERROR_PARSE);
  assert_import_fails (f, BOM, 3, CN_ERROR_PARSE);
  assert_import_fails (f, "\r\n\r\n", 4, CN_ERROR_PARSE);
  g_assert_cmpint (count_companies (f->store), ==, 0);
}

static void
test_missing_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "absent.csv", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_null (cn_csv_import_file (f->store, path, NULL, NULL, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_IO);
}

static gboolean
stop_at_first_call (guint    rows_done,
                    gpointer user_data)
{
  guint *calls = user_data;

  (*calls)++;
  return FALSE;
}

static void
test_progress_stop (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("Nom;Code postal\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(CnImportReport) report = NULL;
  guint calls = 0;

  for (guint i = 0; i < 700; i++)
    g_string_append_printf (text, "Entreprise %u;19000\n", i);

  report = cn_csv_import_data (f->store, text->str, text->len, "big.csv",
                               stop_at_first_call, &calls, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (calls, ==, 1);
  /* Stopped after the first progress report: the rows so far stay. */
  g_assert_cmpuint (report->added, >, 0);
  g_assert_cmpuint (report->added, <, 700);
  g_assert_cmpint (count_companies (f->store), ==, report->added);
}

/* ---- export ---------------------------------------------------------- */

static void
add_export_set (CnStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnCompany) formula = cn_company_new ();
  g_autoptr(CnCompany) martin = cn_company_new ();
  g_autoptr(CnCompany) cafe = cn_company_new ();
  g_autoptr(CnContact) jeanne = cn_contact_new ();
  const char *tags[] = { "pain", "bio", NULL };

  cn_company_set_name (formula, "=SUM(A1)");
  cn_company_set_notes (formula, "-rappeler@lundi");
  cn_company_set_commune (formula, "@Lyon");
  cn_company_set_address (formula, "+HYPERLINK(\"x\")");
  cn_company_set_postcode (formula, "69001");
  g_assert_true (cn_store_add_company (store, formula, NULL, &error));

  cn_company_set_name (martin, "Boulangerie \"Martin\"; fils");
  cn_company_set_siret (martin, "41816609600069");
  cn_company_set_naf (martin, "10.71C");
  cn_company_set_headcount (martin, "03");
  cn_company_set_employees (martin, 7);
  cn_company_set_founded_on (martin, "2012-03-15");
  cn_company_set_revenue (martin, "100k-500k");
  cn_company_set_customer_type (martin, "b2c");
  cn_company_set_web_presence (martin, "social");
  cn_company_set_address (martin, "12, rue Principale");
  cn_company_set_postcode (martin, "19000");
  cn_company_set_commune (martin, "Tulle");
  cn_company_set_status (martin, CN_COMPANY_STATUS_PLAN_DELIVERED);
  cn_company_set_notes (martin, "ligne 1\nligne 2; \"citée\"\n-5 % en mai");
  cn_company_set_tags (martin, tags);
  cn_company_set_consent_share (martin, TRUE);
  g_assert_true (cn_store_add_company (store, martin, NULL, &error));

  cn_contact_set_company_id (jeanne, cn_company_get_id (martin));
  cn_contact_set_name (jeanne, "Jeanne Martin");
  cn_contact_set_role (jeanne, "Gérante");
  cn_contact_set_email (jeanne, "jeanne@example.fr");
  cn_contact_set_phone (jeanne, "+33 5 55 12 34 56");
  cn_contact_set_consent (jeanne, TRUE, NULL, "Diagnostic");
  g_assert_true (cn_store_save_contact (store, jeanne, &error));

  cn_company_set_name (cafe, "Café du Port");
  cn_company_set_status (cafe, CN_COMPANY_STATUS_CLOSED);
  g_assert_true (cn_store_add_company (store, cafe, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_same_company (CnCompany *a,
                     CnCompany *b)
{
  g_assert_cmpstr (cn_company_get_id (a), ==, cn_company_get_id (b));
  g_assert_cmpstr (cn_company_get_name (a), ==, cn_company_get_name (b));
  g_assert_cmpstr (cn_company_get_siret (a), ==, cn_company_get_siret (b));
  g_assert_cmpstr (cn_company_get_siren (a), ==, cn_company_get_siren (b));
  g_assert_cmpstr (cn_company_get_naf (a), ==, cn_company_get_naf (b));
  g_assert_cmpstr (cn_company_get_headcount (a), ==, cn_company_get_headcount (b));
  g_assert_cmpint (cn_company_get_employees (a), ==, cn_company_get_employees (b));
  g_assert_cmpstr (cn_company_get_founded_on (a), ==, cn_company_get_founded_on (b));
  g_assert_cmpstr (cn_company_get_revenue (a), ==, cn_company_get_revenue (b));
  g_assert_cmpstr (cn_company_get_customer_type (a), ==, cn_company_get_customer_type (b));
  g_assert_cmpstr (cn_company_get_web_presence (a), ==, cn_company_get_web_presence (b));
  g_assert_cmpstr (cn_company_get_address (a), ==, cn_company_get_address (b));
  g_assert_cmpstr (cn_company_get_postcode (a), ==, cn_company_get_postcode (b));
  g_assert_cmpstr (cn_company_get_commune (a), ==, cn_company_get_commune (b));
  g_assert_cmpstr (cn_company_get_department (a), ==, cn_company_get_department (b));
  g_assert_cmpint (cn_company_get_status (a), ==, cn_company_get_status (b));
  g_assert_cmpstr (cn_company_get_notes (a), ==, cn_company_get_notes (b));
  g_assert_cmpstrv (cn_company_get_tags (a), cn_company_get_tags (b));
  g_assert_cmpint (cn_company_get_consent_share (a), ==, cn_company_get_consent_share (b));
}

static void
test_export_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "export.csv", NULL);
  g_autofree char *other_dir = cn_test_make_tmp_dir ();
  g_autofree char *contents = NULL;
  g_autoptr(CnImportReport) again = NULL;
  g_autoptr(CnImportReport) elsewhere = NULL;
  g_autoptr(GArray) rows = NULL;
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
  CnStore *other;
  gsize length;
  guint n_written = 0;

  add_export_set (f->store);

  /* An older export with loose permissions is replaced by a private one. */
  cn_test_write_file (path, "old", -1);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  g_assert_true (cn_csv_export_file (f->store, &filter, path, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 3);
  g_assert_cmpuint (cn_test_file_mode (path), ==, 0600);

  contents = cn_test_read_file (path, &length);
  g_assert_cmpuint (length, >, 3);
  g_assert_cmpmem (contents, 3, BOM, 3);
  g_assert_true (g_utf8_validate (contents, length, NULL));
  /* Formula-looking cells are neutralised; a phone number is not. */
  g_assert_nonnull (strstr (contents, "\"'=SUM(A1)\""));
  g_assert_nonnull (strstr (contents, "\"'-rappeler@lundi\""));
  g_assert_nonnull (strstr (contents, "\"'@Lyon\""));
  g_assert_nonnull (strstr (contents, "\"'+HYPERLINK(\"\"x\"\")\""));
  g_assert_nonnull (strstr (contents, "\"+33 5 55 12 34 56\""));
  g_assert_null (strstr (contents, ";\"=SUM"));

  /* Back into the same portfolio: matched by id, nothing changes. */
  again = cn_csv_import_file (f->store, path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  assert_counts (again, 0, 0, 3, 0);
  g_assert_cmpuint (again->problems->len, ==, 0);
  g_assert_cmpint (count_companies (f->store), ==, 3);

  /* Into an empty portfolio: the same companies, ids included. */
  other = cn_store_open (other_dir, &error);
  g_assert_no_error (error);
  elsewhere = cn_csv_import_file (other, path, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_counts (elsewhere, 3, 0, 0, 0);
  g_assert_cmpuint (elsewhere->problems->len, ==, 0);

  rows = cn_store_find_companies (f->store, &filter, &error);
  g_assert_cmpuint (rows->len, ==, 3);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(CnCompany) original = cn_store_get_company_by_rowid (f->store, g_array_index (rows, gint64, i), &error);
      g_autoptr(CnCompany) copy = cn_store_get_company (other, cn_company_get_id (original), &error);
      g_autoptr(GPtrArray) original_contacts = contacts_of (f->store, original);
      g_autoptr(GPtrArray) copy_contacts = NULL;

      g_assert_no_error (error);
      assert_same_company (original, copy);

      copy_contacts = contacts_of (other, copy);
      g_assert_cmpuint (copy_contacts->len, ==, original_contacts->len);
      for (guint j = 0; j < copy_contacts->len; j++)
        {
          CnContact *a = g_ptr_array_index (original_contacts, j);
          CnContact *b = g_ptr_array_index (copy_contacts, j);
          g_assert_cmpstr (cn_contact_get_name (a), ==, cn_contact_get_name (b));
          g_assert_cmpstr (cn_contact_get_role (a), ==, cn_contact_get_role (b));
          g_assert_cmpstr (cn_contact_get_email (a), ==, cn_contact_get_email (b));
          g_assert_cmpstr (cn_contact_get_phone (a), ==, cn_contact_get_phone (b));
          g_assert_cmpint (cn_contact_get_consent (a), ==, cn_contact_get_consent (b));
        }
    }

  {
    g_autoptr(CnCompany) formula = company_named (other, "=SUM(A1)");
    g_assert_cmpstr (cn_company_get_notes (formula), ==, "-rappeler@lundi");
    g_assert_cmpstr (cn_company_get_commune (formula), ==, "@Lyon");
    g_assert_cmpstr (cn_company_get_address (formula), ==, "+HYPERLINK(\"x\")");
  }

  g_assert_finalize_object (other);
  cn_test_remove_tree (other_dir);
}

static void
test_export_filtered (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
  guint n_written = 0;

  add_export_set (f->store);
  filter.status = CN_COMPANY_STATUS_CLOSED;
  text = cn_csv_export_data (f->store, &filter, &n_written, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 1);
  g_assert_true (g_str_has_prefix (text, BOM "\"id\";\"nom\";"));
  g_assert_nonnull (strstr (text, "Café du Port"));
  g_assert_null (strstr (text, "Martin"));
}

int
main (int   argc,
      char *argv[])
{
  cn_test_init (&argc, &argv);

  ADD_TEST ("/csv/import/semicolon", test_semicolon);
  ADD_TEST ("/csv/import/comma", test_comma);
  ADD_TEST ("/csv/import/utf8-bom", test_utf8_bom);
  ADD_TEST ("/csv/import/windows-1252", test_windows_1252);
  ADD_TEST ("/csv/import/utf16", test_utf16);
  ADD_TEST ("/csv/import/embedded-newlines", test_embedded_newlines);
  ADD_TEST ("/csv/import/line-numbers-after-odd-lines", test_line_numbers_after_odd_lines);
  ADD_TEST ("/csv/import/bad-rows", test_bad_rows);
  ADD_TEST ("/csv/import/unclosed-quote", test_unclosed_quote);
  ADD_TEST ("/csv/import/lenient-quotes", test_lenient_quotes);
  ADD_TEST ("/csv/import/reimport-idempotent", test_reimport_idempotent);
  ADD_TEST ("/csv/import/reimport-changed", test_reimport_changed);
  ADD_TEST ("/csv/import/match-name-postcode", test_match_name_postcode);
  ADD_TEST ("/csv/import/french-headers", test_french_headers);
  ADD_TEST ("/csv/import/english-headers", test_english_headers);
  ADD_TEST ("/csv/import/unknown-status", test_unknown_status);
  ADD_TEST ("/csv/import/employees", test_employees);
  ADD_TEST ("/csv/import/details-left-empty", test_details_left_empty);
  ADD_TEST ("/csv/import/revenue", test_revenue);
  ADD_TEST ("/csv/import/repeated-values", test_repeated_values);
  ADD_TEST ("/csv/import/time-ordered-ids", test_time_ordered_ids);
  ADD_TEST ("/csv/import/contact", test_contact);
  ADD_TEST ("/csv/import/not-csv", test_not_csv);
  ADD_TEST ("/csv/import/undecodable", test_undecodable);
  ADD_TEST ("/csv/import/no-name-column", test_no_name_column);
  ADD_TEST ("/csv/import/empty-file", test_empty_file);
  ADD_TEST ("/csv/import/missing-file", test_missing_file);
  ADD_TEST ("/csv/import/progress-stop", test_progress_stop);
  ADD_TEST ("/csv/export/round-trip", test_export_round_trip);
  ADD_TEST ("/csv/export/filtered", test_export_filtered);

  return g_test_run ();
}
