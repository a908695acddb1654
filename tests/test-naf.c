/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cn-error.h"
#include "cn-naf.h"

#include "cn-test-util.h"

static void
assert_normalizes (const char *text,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_assert_true (cn_naf_normalize (text, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, expected);
}

static char *
assert_refused (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *normalized = NULL;

  g_assert_false (cn_naf_normalize (text, &normalized, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_null (normalized);
  return g_strdup (error->message);
}

static void
test_normalize (void)
{
  assert_normalizes ("47.71Z", "47.71Z");
  assert_normalizes ("4771Z", "47.71Z");
  assert_normalizes ("47.71z", "47.71Z");
  assert_normalizes ("47 71 Z", "47.71Z");
  assert_normalizes ("4771z", "47.71Z");
  assert_normalizes ("62.01Z", "62.01Z");
  assert_normalizes ("47.72a", "47.72A");
  assert_normalizes ("01.11Z", "01.11Z");

  g_assert_true (cn_naf_normalize ("4771Z", NULL, NULL));
}

static void
test_unknown (void)
{
  /* Well-formed but not in NAF rév. 2.  (47.79Z does exist: second-hand
   * goods.) */
  g_autofree char *message = assert_refused ("47.70Z");

  g_assert_nonnull (strstr (message, "47.70Z"));
  g_free (assert_refused ("4772Z"));     /* 47.72 has A and B only */
  g_free (assert_refused ("00.00Z"));
  g_free (assert_refused ("62.02Z"));
  g_free (assert_refused ("99.99Z"));

  assert_normalizes ("47.79Z", "47.79Z");
}

static void
test_malformed (void)
{
  g_autofree char *letters = assert_refused ("ABCDE");
  g_autofree char *short_code = assert_refused ("47.7Z");

  g_assert_nonnull (strstr (letters, "47.71Z"));
  g_assert_nonnull (strstr (short_code, "four digits"));

  g_free (assert_refused ("47.711Z"));
  g_free (assert_refused ("4771"));
  g_free (assert_refused ("4771ZZ"));
  g_free (assert_refused ("Z4771"));
  g_free (assert_refused ("47/71Z"));
  g_free (assert_refused (""));
  g_free (assert_refused (NULL));
}

static void
test_labels (void)
{
  g_assert_cmpstr (cn_naf_label ("47.71Z"), ==,
                   "Commerce de détail d'habillement en magasin spécialisé");
  g_assert_cmpstr (cn_naf_label ("62.01Z"), ==, "Programmation informatique");
  g_assert_cmpstr (cn_naf_label ("01.11Z"), ==,
                   "Culture de céréales (à l'exception du riz), de légumineuses et de graines oléagineuses");
  g_assert_cmpstr (cn_naf_label ("99.00Z"), ==,
                   "Activités des organisations et organismes extraterritoriaux");

  /* Labels are looked up by canonical code only. */
  g_assert_null (cn_naf_label ("4771Z"));
  g_assert_null (cn_naf_label ("47.70Z"));
  g_assert_null (cn_naf_label (""));
  g_assert_null (cn_naf_label (NULL));
}

static void
test_sections (void)
{
  g_assert_cmpint (cn_naf_section ("47.71Z"), ==, 'G');
  g_assert_cmpint (cn_naf_section ("01.11Z"), ==, 'A');
  g_assert_cmpint (cn_naf_section ("62.01Z"), ==, 'J');
  g_assert_cmpint (cn_naf_section ("99.00Z"), ==, 'U');
  g_assert_cmpint (cn_naf_section ("35.11Z"), ==, 'D');
  g_assert_cmpint (cn_naf_section ("10.11Z"), ==, 'C');
  g_assert_cmpint (cn_naf_section ("33.20A"), ==, 'C');
  g_assert_cmpint (cn_naf_section ("85.52Z"), ==, 'P');
  g_assert_cmpint (cn_naf_section ("97.00Z"), ==, 'T');

  /* Divisions that belong to no section, and garbage. */
  g_assert_cmpint (cn_naf_section ("04.00Z"), ==, 0);
  g_assert_cmpint (cn_naf_section ("00.00Z"), ==, 0);
  g_assert_cmpint (cn_naf_section ("AB"), ==, 0);
  g_assert_cmpint (cn_naf_section (""), ==, 0);
  g_assert_cmpint (cn_naf_section (NULL), ==, 0);

  g_assert_cmpstr (cn_naf_section_label ('G'), ==,
                   "Commerce ; réparation d'automobiles et de motocycles");
  g_assert_cmpstr (cn_naf_section_label ('J'), ==, "Information et communication");
  g_assert_null (cn_naf_section_label ('Z'));
  g_assert_null (cn_naf_section_label (0));
}

static void
test_tables (void)
{
  guint n_entries = 0, n_sections = 0;
  const CnNafEntry *entries = cn_naf_entries (&n_entries);
  const CnNafSection *sections = cn_naf_sections (&n_sections);

  g_assert_cmpuint (n_entries, ==, 732);
  g_assert_cmpuint (n_sections, ==, 21);

  /* Sections A … U, in order, each with a label. */
  for (guint i = 0; i < n_sections; i++)
    {
      g_assert_cmpint (sections[i].letter, ==, 'A' + (int) i);
      g_assert_nonnull (sections[i].label);
      g_assert_cmpstr (cn_naf_section_label (sections[i].letter), ==, sections[i].label);
    }

  for (guint i = 0; i < n_entries; i++)
    {
      const char *code = entries[i].code;
      char section = cn_naf_section (code);
      g_autofree char *normalized = NULL;

      /* Canonical form "NN.NNL". */
      g_assert_cmpuint (strlen (code), ==, 6);
      g_assert_true (g_ascii_isdigit (code[0]) && g_ascii_isdigit (code[1]));
      g_assert_cmpint (code[2], ==, '.');
      g_assert_true (g_ascii_isdigit (code[3]) && g_ascii_isdigit (code[4]));
      g_assert_true (g_ascii_isupper (code[5]));

      /* Every entry's section exists. */
      if (section == 0 || cn_naf_section_label (section) == NULL)
        g_error ("%s has no section", code);

      g_assert_nonnull (entries[i].label);
      g_assert_true (g_utf8_validate (entries[i].label, -1, NULL));
      g_assert_cmpstr (cn_naf_label (code), ==, entries[i].label);

      g_assert_true (cn_naf_normalize (code, &normalized, NULL));
      g_assert_cmpstr (normalized, ==, code);

      /* Sorted without duplicates: the lookup is a binary search. */
      if (i > 0)
        g_assert_cmpint (strcmp (entries[i - 1].code, code), <, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  cn_test_init (&argc, &argv);

  g_test_add_func ("/naf/normalize", test_normalize);
  g_test_add_func ("/naf/unknown", test_unknown);
  g_test_add_func ("/naf/malformed", test_malformed);
  g_test_add_func ("/naf/labels", test_labels);
  g_test_add_func ("/naf/sections", test_sections);
  g_test_add_func ("/naf/tables", test_tables);

  return g_test_run ();
}
