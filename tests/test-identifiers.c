/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cn-error.h"
#include "cn-identifiers.h"

#include "cn-test-util.h"

static guint
digit_sum (const char *digits)
{
  guint sum = 0;

  for (const char *p = digits; *p; p++)
    sum += *p - '0';
  return sum;
}

static void
assert_siren_ok (const char *text,
                 const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_assert_true (cn_siren_validate (text, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, expected);
}

static void
assert_siret_ok (const char *text,
                 const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_assert_true (cn_siret_validate (text, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, expected);
}

/* Returns the message, for the caller to check. */
static char *
assert_siren_refused (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *normalized = NULL;

  g_assert_false (cn_siren_validate (text, &normalized, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_null (normalized);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  return g_strdup (error->message);
}

static char *
assert_siret_refused (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *normalized = NULL;

  g_assert_false (cn_siret_validate (text, &normalized, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_null (normalized);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  return g_strdup (error->message);
}

static void
test_siren_valid (void)
{
  assert_siren_ok ("418166096", "418166096");
  assert_siren_ok ("732829320", "732829320");

  /* The normalized form is optional. */
  g_assert_true (cn_siren_validate ("418166096", NULL, NULL));
}

static void
test_siret_valid (void)
{
  assert_siret_ok ("41816609600069", "41816609600069");
  assert_siret_ok ("73282932000074", "73282932000074");

  /* La Poste's head office passes the ordinary Luhn check. */
  g_assert_true (cn_luhn_is_valid ("35600000000048"));
  assert_siret_ok ("35600000000048", "35600000000048");

  g_assert_true (cn_siret_validate ("41816609600069", NULL, NULL));
}

static void
test_siret_la_poste (void)
{
  /* A La Poste establishment: Luhn fails, the digit sum is a multiple of 5,
   * which is La Poste's own rule. */
  g_assert_false (cn_luhn_is_valid ("35600000049837"));
  g_assert_cmpuint (digit_sum ("35600000049837") % 5, ==, 0);
  assert_siret_ok ("35600000049837", "35600000049837");
  assert_siret_ok ("356 000 000 49837", "35600000049837");

  /* La Poste's SIREN with a digit sum that is not a multiple of 5. */
  g_assert_false (cn_luhn_is_valid ("35600000049838"));
  g_assert_cmpuint (digit_sum ("35600000049838") % 5, !=, 0);
  g_free (assert_siret_refused ("35600000049838"));
}

static void
test_siret_la_poste_rule_only_for_la_poste (void)
{
  /* Same shape as a La Poste establishment (bad Luhn, digit sum multiple
   * of 5) but another SIREN: refused. */
  g_assert_false (cn_luhn_is_valid ("41816609600004"));
  g_assert_cmpuint (digit_sum ("41816609600004") % 5, ==, 0);
  g_free (assert_siret_refused ("41816609600004"));

  g_assert_false (cn_luhn_is_valid ("41816609600068"));
  g_assert_cmpuint (digit_sum ("41816609600068") % 5, ==, 0);
  g_free (assert_siret_refused ("41816609600068"));
}

static void
test_check_digit (void)
{
  g_autofree char *siren_message = assert_siren_refused ("418166097");
  g_autofree char *siret_message = assert_siret_refused ("41816609600068");

  g_assert_nonnull (strstr (siren_message, "SIREN"));
  g_assert_nonnull (strstr (siren_message, "check digit"));
  g_assert_nonnull (strstr (siret_message, "SIRET"));
  g_assert_nonnull (strstr (siret_message, "check digit"));

  /* One digit swapped: the typical typo. */
  g_free (assert_siren_refused ("481166096"));
  g_free (assert_siret_refused ("73282932000047"));
}

static void
test_wrong_length (void)
{
  g_autofree char *short_siren = assert_siren_refused ("41816609");
  g_autofree char *long_siren = assert_siren_refused ("4181660960");
  g_autofree char *short_siret = assert_siret_refused ("4181660960006");
  g_autofree char *spaced = assert_siret_refused ("418 166 096 0006");
  g_autofree char *siren_as_siret = assert_siret_refused ("418166096");

  /* The message says how many digits were typed. */
  g_assert_nonnull (strstr (short_siren, "9 digits"));
  g_assert_nonnull (strstr (short_siren, "(8 typed)"));
  g_assert_nonnull (strstr (long_siren, "(10 typed)"));
  g_assert_nonnull (strstr (short_siret, "14 digits"));
  g_assert_nonnull (strstr (short_siret, "(13 typed)"));
  /* Spaces are not counted. */
  g_assert_nonnull (strstr (spaced, "(13 typed)"));
  g_assert_nonnull (strstr (siren_as_siret, "(9 typed)"));
}

static void
test_letters (void)
{
  g_autofree char *siren = assert_siren_refused ("41816609A");
  g_autofree char *siret = assert_siret_refused ("4181660960006O");

  g_assert_nonnull (strstr (siren, "only contain digits"));
  g_assert_nonnull (strstr (siret, "only contain digits"));

  g_free (assert_siren_refused ("SIREN418166096"));
  g_free (assert_siret_refused ("418-166-096-00069"));
  g_free (assert_siret_refused ("41816609600069\n"));
  /* Non-ASCII digits are not digits. */
  g_free (assert_siren_refused ("４１８１６６０９６"));
}

static void
test_empty (void)
{
  g_autofree char *siren = assert_siren_refused ("");
  g_autofree char *siret = assert_siret_refused ("");
  g_autofree char *siret_null = assert_siret_refused (NULL);
  g_autofree char *only_spaces = assert_siret_refused ("   ");

  g_assert_nonnull (strstr (siren, "empty"));
  g_assert_nonnull (strstr (siret, "empty"));
  g_assert_nonnull (strstr (siret_null, "empty"));
  g_assert_nonnull (strstr (only_spaces, "(0 typed)"));
}

static void
test_spaces (void)
{
  assert_siret_ok ("418 166 096 00069", "41816609600069");
  assert_siret_ok (" 41816609600069 ", "41816609600069");
  assert_siret_ok ("732 829 320 00074", "73282932000074");
  assert_siren_ok ("418 166 096", "418166096");
  assert_siren_ok ("732 829 320", "732829320");
}

static void
test_luhn (void)
{
  g_assert_true (cn_luhn_is_valid ("418166096"));
  g_assert_true (cn_luhn_is_valid ("41816609600069"));
  g_assert_true (cn_luhn_is_valid ("79927398713"));
  g_assert_true (cn_luhn_is_valid ("0"));

  g_assert_false (cn_luhn_is_valid ("79927398710"));
  g_assert_false (cn_luhn_is_valid ("418166097"));
  g_assert_false (cn_luhn_is_valid (""));
  g_assert_false (cn_luhn_is_valid ("4181 66096"));
  g_assert_false (cn_luhn_is_valid ("41816609a"));
}

static void
test_format (void)
{
  g_autofree char *siret = cn_siret_format ("41816609600069");
  g_autofree char *siren = cn_siren_format ("418166096");
  g_autofree char *odd = cn_siret_format ("4181660960006");
  g_autofree char *odd_siren = cn_siren_format ("41816");
  g_autofree char *none = cn_siret_format (NULL);
  g_autofree char *none_siren = cn_siren_format (NULL);

  g_assert_cmpstr (siret, ==, "418 166 096 00069");
  g_assert_cmpstr (siren, ==, "418 166 096");
  /* Anything that is not the right length is shown as it is. */
  g_assert_cmpstr (odd, ==, "4181660960006");
  g_assert_cmpstr (odd_siren, ==, "41816");
  g_assert_cmpstr (none, ==, "");
  g_assert_cmpstr (none_siren, ==, "");
}

static void
test_format_round_trip (void)
{
  g_autofree char *formatted = cn_siret_format ("35600000049837");
  g_autofree char *normalized = NULL;

  g_assert_cmpstr (formatted, ==, "356 000 000 49837");
  g_assert_true (cn_siret_validate (formatted, &normalized, NULL));
  g_assert_cmpstr (normalized, ==, "35600000049837");
}

int
main (int   argc,
      char *argv[])
{
  cn_test_init (&argc, &argv);

  g_test_add_func ("/identifiers/siren/valid", test_siren_valid);
  g_test_add_func ("/identifiers/siret/valid", test_siret_valid);
  g_test_add_func ("/identifiers/siret/la-poste", test_siret_la_poste);
  g_test_add_func ("/identifiers/siret/la-poste-rule-only-for-la-poste",
                   test_siret_la_poste_rule_only_for_la_poste);
  g_test_add_func ("/identifiers/check-digit", test_check_digit);
  g_test_add_func ("/identifiers/wrong-length", test_wrong_length);
  g_test_add_func ("/identifiers/letters", test_letters);
  g_test_add_func ("/identifiers/empty", test_empty);
  g_test_add_func ("/identifiers/spaces", test_spaces);
  g_test_add_func ("/identifiers/luhn", test_luhn);
  g_test_add_func ("/identifiers/format", test_format);
  g_test_add_func ("/identifiers/format-round-trip", test_format_round_trip);

  return g_test_run ();
}
