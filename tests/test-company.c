/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cn-company.h"
#include "cn-error.h"

#include "cn-test-util.h"

static CnCompany *
company_named (const char *name)
{
  CnCompany *company = cn_company_new ();

  cn_company_set_name (company, name);
  return company;
}

/* Normalisation must fail on @expected_field with CN_ERROR_INVALID. */
static char *
assert_refused (CnCompany      *company,
                CnCompanyField  expected_field)
{
  g_autoptr(GError) error = NULL;
  CnCompanyField field = CN_COMPANY_FIELD_NONE;

  g_assert_false (cn_company_normalize (company, &field, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_cmpint (field, ==, expected_field);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  return g_strdup (error->message);
}

static void
assert_normalizes (CnCompany *company)
{
  g_autoptr(GError) error = NULL;
  CnCompanyField field = CN_COMPANY_FIELD_NOTES;

  g_assert_true (cn_company_normalize (company, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpint (field, ==, CN_COMPANY_FIELD_NONE);
}

static void
test_defaults (void)
{
  g_autoptr(CnCompany) company = cn_company_new ();

  g_assert_null (cn_company_get_id (company));
  g_assert_cmpstr (cn_company_get_name (company), ==, "");
  g_assert_cmpstr (cn_company_get_notes (company), ==, "");
  g_assert_nonnull (cn_company_get_tags (company));
  g_assert_null (cn_company_get_tags (company)[0]);
  g_assert_cmpint (cn_company_get_status (company), ==, CN_COMPANY_STATUS_LEAD);
  g_assert_cmpint (cn_company_get_revision (company), ==, -1);
  g_assert_false (cn_company_get_consent_share (company));

  /* Empty strings are "not filled". */
  cn_company_set_commune (company, "");
  g_assert_null (cn_company_get_commune (company));
  cn_company_set_siret (company, "");
  g_assert_null (cn_company_get_siret (company));
  cn_company_set_name (company, NULL);
  g_assert_cmpstr (cn_company_get_name (company), ==, "");
}

static void
test_empty_name (void)
{
  g_autoptr(CnCompany) empty = company_named ("");
  g_autoptr(CnCompany) blank = company_named ("   \t ");
  g_autofree char *message = assert_refused (empty, CN_COMPANY_FIELD_NAME);

  g_assert_nonnull (strstr (message, "name"));
  g_free (assert_refused (blank, CN_COMPANY_FIELD_NAME));
}

static void
test_name_trimmed (void)
{
  g_autoptr(CnCompany) company = company_named ("  Boulangerie Martin \n");

  assert_normalizes (company);
  g_assert_cmpstr (cn_company_get_name (company), ==, "Boulangerie Martin");
}

static void
test_invalid_utf8_name (void)
{
  g_autoptr(CnCompany) company = company_named ("Soci\xe9t\xe9 G\xe9n\xe9rale");
  g_autofree char *message = assert_refused (company, CN_COMPANY_FIELD_NAME);

  g_assert_nonnull (strstr (message, "name"));
}

static void
test_siret_check_digit (void)
{
  g_autoptr(CnCompany) company = company_named ("Boulangerie Martin");
  g_autofree char *message = NULL;

  cn_company_set_siret (company, "41816609600068");
  message = assert_refused (company, CN_COMPANY_FIELD_SIRET);
  g_assert_nonnull (strstr (message, "SIRET"));
  /* Left as typed, for the form to show it. */
  g_assert_cmpstr (cn_company_get_siret (company), ==, "41816609600068");
  g_assert_null (cn_company_get_siren (company));
}

static void
test_siren_from_siret (void)
{
  g_autoptr(CnCompany) company = company_named ("Boulangerie Martin");

  cn_company_set_siret (company, "418 166 096 00069");
  assert_normalizes (company);
  g_assert_cmpstr (cn_company_get_siret (company), ==, "41816609600069");
  g_assert_cmpstr (cn_company_get_siren (company), ==, "418166096");

  /* A SIREN typed separately that agrees (even with spaces) is accepted. */
  cn_company_set_siren (company, "418 166 096");
  assert_normalizes (company);
  g_assert_cmpstr (cn_company_get_siren (company), ==, "418166096");

  /* The SIRET wins when the company moves to another establishment. */
  cn_company_set_siret (company, "73282932000074");
  cn_company_set_siren (company, NULL);
  assert_normalizes (company);
  g_assert_cmpstr (cn_company_get_siren (company), ==, "732829320");
}

static void
test_siren_mismatch (void)
{
  g_autoptr(CnCompany) company = company_named ("Boulangerie Martin");
  g_autoptr(GError) error = NULL;
  CnCompanyField field = CN_COMPANY_FIELD_NONE;

  cn_company_set_siret (company, "41816609600069");
  cn_company_set_siren (company, "732829320");
  g_assert_false (cn_company_normalize (company, &field, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_true (field == CN_COMPANY_FIELD_SIRET || field == CN_COMPANY_FIELD_SIREN);
  g_assert_nonnull (strstr (error->message, "SIREN"));
  g_assert_cmpstr (cn_company_get_siren (company), ==, "732829320");
}

static void
test_siren_alone (void)
{
  g_autoptr(CnCompany) company = company_named ("Boulangerie Martin");

  cn_company_set_siren (company, "418 166 096");
  assert_normalizes (company);
  g_assert_cmpstr (cn_company_get_siren (company), ==, "418166096");
  g_assert_null (cn_company_get_siret (company));

  cn_company_set_siren (company, "418166097");
  g_free (assert_refused (company, CN_COMPANY_FIELD_SIREN));
}

static void
test_geography (void)
{
  g_autoptr(CnCompany) company = company_named ("Boulangerie Martin");

  cn_company_set_postcode (company, "19 000");
  assert_normalizes (company);
  g_assert_cmpstr (cn_company_get_postcode (company), ==, "19000");
  g_assert_cmpstr (cn_company_get_department (company), ==, "19");
  g_assert_cmpstr (cn_company_get_region (company), ==, "75");

  /* Derived again when the postcode changes or goes away. */
  cn_company_set_postcode (company, "20200");
  assert_normalizes (company);
  g_assert_cmpstr (cn_company_get_department (company), ==, "2B");
  g_assert_cmpstr (cn_company_get_region (company), ==, "94");

  cn_company_set_postcode (company, "98000");
  assert_normalizes (company);
  g_assert_cmpstr (cn_company_get_postcode (company), ==, "98000");
  g_assert_null (cn_company_get_department (company));
  g_assert_null (cn_company_get_region (company));

  cn_company_set_postcode (company, "75001");
  assert_normalizes (company);
  g_assert_cmpstr (cn_company_get_department (company), ==, "75");
  cn_company_set_postcode (company, NULL);
  assert_normalizes (company);
  g_assert_null (cn_company_get_department (company));
  g_assert_null (cn_company_get_region (company));

  cn_company_set_postcode (company, "7500");
  g_free (assert_refused (company, CN_COMPANY_FIELD_POSTCODE));
}

static void
test_naf_and_headcount (void)
{
  g_autoptr(CnCompany) company = company_named ("Boutique Léa");

  cn_company_set_naf (company, "4771z");
  cn_company_set_headcount (company, "1");
  assert_normalizes (company);
  g_assert_cmpstr (cn_company_get_naf (company), ==, "47.71Z");
  g_assert_cmpstr (cn_company_get_headcount (company), ==, "01");

  cn_company_set_naf (company, "47.70Z");
  g_free (assert_refused (company, CN_COMPANY_FIELD_NAF));
  cn_company_set_naf (company, "ABCDE");
  g_free (assert_refused (company, CN_COMPANY_FIELD_NAF));

  cn_company_set_naf (company, "47 71 Z");
  cn_company_set_headcount (company, "13");
  g_free (assert_refused (company, CN_COMPANY_FIELD_HEADCOUNT));
}

static void
test_choices (void)
{
  g_autoptr(CnCompany) company = company_named ("Boutique Léa");
  guint n;
  const CnChoice *revenues = cn_revenue_brackets (&n);

  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    g_assert_nonnull (cn_choice_label (revenues, n, revenues[i].id));
  g_assert_null (cn_choice_label (revenues, n, "lots"));
  g_assert_null (cn_choice_label (revenues, n, NULL));

  cn_company_set_revenue (company, "500k-2m");
  cn_company_set_customer_type (company, "b2c");
  cn_company_set_web_presence (company, "showcase");
  assert_normalizes (company);

  cn_company_set_revenue (company, "lots");
  g_free (assert_refused (company, CN_COMPANY_FIELD_REVENUE));
  cn_company_set_revenue (company, NULL);
  cn_company_set_customer_type (company, "aliens");
  g_free (assert_refused (company, CN_COMPANY_FIELD_CUSTOMER_TYPE));
  cn_company_set_customer_type (company, NULL);
  cn_company_set_web_presence (company, "carrier pigeon");
  g_free (assert_refused (company, CN_COMPANY_FIELD_WEB_PRESENCE));
}

static void
test_notes_size (void)
{
  g_autoptr(CnCompany) company = company_named ("Boulangerie Martin");
  g_autofree char *ten_mb = g_malloc (10 * 1024 * 1024 + 1);
  g_autofree char *one_mb = NULL;
  g_autofree char *message = NULL;

  memset (ten_mb, 'a', 10 * 1024 * 1024);
  ten_mb[10 * 1024 * 1024] = '\0';
  cn_company_set_notes (company, ten_mb);
  message = assert_refused (company, CN_COMPANY_FIELD_NOTES);
  /* A message a user understands: which field, and the limit. */
  g_assert_nonnull (strstr (message, "notes"));
  g_assert_nonnull (strstr (message, "too long"));
  g_assert_nonnull (strstr (message, "MB"));

  /* Exactly the limit passes, one byte more does not. */
  one_mb = g_strnfill (CN_COMPANY_NOTES_MAX_BYTES, 'b');
  cn_company_set_notes (company, one_mb);
  assert_normalizes (company);
  g_assert_cmpuint (strlen (cn_company_get_notes (company)), ==, CN_COMPANY_NOTES_MAX_BYTES);

  g_free (one_mb);
  one_mb = g_strnfill (CN_COMPANY_NOTES_MAX_BYTES + 1, 'b');
  cn_company_set_notes (company, one_mb);
  g_free (assert_refused (company, CN_COMPANY_FIELD_NOTES));
}

static void
test_long_name (void)
{
  g_autoptr(CnCompany) company = NULL;
  g_autofree char *name = g_strnfill (CN_COMPANY_TEXT_MAX_BYTES + 1, 'x');

  company = company_named (name);
  g_free (assert_refused (company, CN_COMPANY_FIELD_NAME));
}

static void
test_tags (void)
{
  g_autoptr(CnCompany) company = cn_company_new ();
  const char *tags[] = { " vin ", "Vin", "", "   ", "Épicerie", "épicerie", "bio", "VIN", NULL };
  const char *expected[] = { "vin", "Épicerie", "bio", NULL };

  cn_company_set_tags (company, tags);
  g_assert_cmpstrv (cn_company_get_tags (company), expected);

  cn_company_set_tags (company, NULL);
  g_assert_nonnull (cn_company_get_tags (company));
  g_assert_cmpuint (g_strv_length ((char **) cn_company_get_tags (company)), ==, 0);
}

static void
test_status_strings (void)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  CnCompanyStatus status;

  for (guint i = 0; i < CN_COMPANY_N_STATUSES; i++)
    {
      const char *id = cn_company_status_to_string (i);
      const char *label = cn_company_status_label (i);

      g_assert_nonnull (id);
      g_assert_nonnull (label);
      g_assert_cmpstr (label, !=, "");
      g_assert_true (g_hash_table_add (ids, (gpointer) id));
      g_assert_true (g_hash_table_add (labels, (gpointer) label));

      /* Round trip through the stored id and through the label. */
      status = CN_COMPANY_N_STATUSES;
      g_assert_true (cn_company_status_from_string (id, &status));
      g_assert_cmpint (status, ==, i);
      status = CN_COMPANY_N_STATUSES;
      g_assert_true (cn_company_status_from_string (label, &status));
      g_assert_cmpint (status, ==, i);
    }

  g_assert_cmpstr (cn_company_status_to_string (CN_COMPANY_STATUS_LEAD), ==, "lead");
  g_assert_cmpstr (cn_company_status_to_string (CN_COMPANY_STATUS_PLAN_DELIVERED), ==, "plan_delivered");
  g_assert_cmpstr (cn_company_status_to_string (CN_COMPANY_STATUS_CLOSED), ==, "closed");
  g_assert_cmpstr (cn_company_status_label (CN_COMPANY_STATUS_CONTACTED), ==, "Contacted");

  status = CN_COMPANY_STATUS_CLOSED;
  g_assert_false (cn_company_status_from_string ("unknown", &status));
  g_assert_false (cn_company_status_from_string ("", &status));
  g_assert_false (cn_company_status_from_string (NULL, &status));
  g_assert_cmpint (status, ==, CN_COMPANY_STATUS_CLOSED);
}

static void
test_copy (void)
{
  g_autoptr(CnCompany) company = company_named ("Boulangerie Martin");
  g_autoptr(CnCompany) copy = NULL;
  const char *tags[] = { "pain", "bio", NULL };

  cn_company_set_id (company, "7b0c7c43-2d0e-4d5b-8f43-8a0a8c6c1f00");
  cn_company_set_siret (company, "41816609600069");
  cn_company_set_naf (company, "10.71C");
  cn_company_set_postcode (company, "19000");
  cn_company_set_commune (company, "Tulle");
  cn_company_set_notes (company, "Four à bois");
  cn_company_set_tags (company, tags);
  cn_company_set_status (company, CN_COMPANY_STATUS_DIAGNOSED);
  cn_company_set_consent_share (company, TRUE);
  assert_normalizes (company);

  copy = cn_company_copy (company);
  g_assert_true (copy != company);
  g_assert_cmpstr (cn_company_get_id (copy), ==, cn_company_get_id (company));
  g_assert_cmpstr (cn_company_get_name (copy), ==, "Boulangerie Martin");
  g_assert_cmpstr (cn_company_get_siren (copy), ==, "418166096");
  g_assert_cmpstr (cn_company_get_naf (copy), ==, "10.71C");
  g_assert_cmpstr (cn_company_get_department (copy), ==, "19");
  g_assert_cmpstr (cn_company_get_region (copy), ==, "75");
  g_assert_cmpstr (cn_company_get_commune (copy), ==, "Tulle");
  g_assert_cmpstr (cn_company_get_notes (copy), ==, "Four à bois");
  g_assert_cmpstrv (cn_company_get_tags (copy), tags);
  g_assert_cmpint (cn_company_get_status (copy), ==, CN_COMPANY_STATUS_DIAGNOSED);
  g_assert_true (cn_company_get_consent_share (copy));

  /* Independent of the original. */
  cn_company_set_name (copy, "Autre");
  g_assert_cmpstr (cn_company_get_name (company), ==, "Boulangerie Martin");
}

static void
test_sort_key (void)
{
  g_autofree char *ecole = cn_sort_key ("École Dupont");
  g_autofree char *upper = cn_sort_key ("ÉCOLE DUPONT");
  g_autofree char *invalid = cn_sort_key ("Soci\xe9t\xe9");
  g_autofree char *none = cn_sort_key (NULL);

  g_assert_cmpstr (ecole, ==, "ecole dupont");
  g_assert_cmpstr (upper, ==, "ecole dupont");
  g_assert_cmpstr (invalid, ==, "");
  g_assert_cmpstr (none, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  cn_test_init (&argc, &argv);

  g_test_add_func ("/company/defaults", test_defaults);
  g_test_add_func ("/company/normalize/empty-name", test_empty_name);
  g_test_add_func ("/company/normalize/name-trimmed", test_name_trimmed);
  g_test_add_func ("/company/normalize/invalid-utf8-name", test_invalid_utf8_name);
  g_test_add_func ("/company/normalize/long-name", test_long_name);
  g_test_add_func ("/company/normalize/siret-check-digit", test_siret_check_digit);
  g_test_add_func ("/company/normalize/siren-from-siret", test_siren_from_siret);
  g_test_add_func ("/company/normalize/siren-mismatch", test_siren_mismatch);
  g_test_add_func ("/company/normalize/siren-alone", test_siren_alone);
  g_test_add_func ("/company/normalize/geography", test_geography);
  g_test_add_func ("/company/normalize/naf-and-headcount", test_naf_and_headcount);
  g_test_add_func ("/company/normalize/choices", test_choices);
  g_test_add_func ("/company/normalize/notes-size", test_notes_size);
  g_test_add_func ("/company/tags", test_tags);
  g_test_add_func ("/company/status-strings", test_status_strings);
  g_test_add_func ("/company/copy", test_copy);
  g_test_add_func ("/company/sort-key", test_sort_key);

  return g_test_run ();
}
