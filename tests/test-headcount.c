/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cn-error.h"
#include "cn-headcount.h"

#include "cn-test-util.h"

static const char *all_codes[] = {
  "NN", "00", "01", "02", "03", "11", "12", "21", "22",
  "31", "32", "41", "42", "51", "52", "53",
};

static void
assert_valid (const char *text,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  g_assert_true (cn_headcount_validate (text, &normalized, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (normalized, ==, expected);
}

static void
assert_refused (const char *text)
{
  g_autoptr(GError) error = NULL;
  char *normalized = NULL;

  g_assert_false (cn_headcount_validate (text, &normalized, &error));
  g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  g_assert_null (normalized);
}

static void
test_all_codes (void)
{
  guint n = 0;
  const CnHeadcountBracket *brackets = cn_headcount_brackets (&n);

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (all_codes));

  for (guint i = 0; i < G_N_ELEMENTS (all_codes); i++)
    {
      const CnHeadcountBracket *b = cn_headcount_lookup (all_codes[i]);

      assert_valid (all_codes[i], all_codes[i]);
      g_assert_nonnull (b);
      g_assert_cmpstr (b->code, ==, all_codes[i]);
      g_assert_true (b == &brackets[i]);
      g_assert_nonnull (cn_headcount_label (all_codes[i]));
      g_assert_cmpstr (cn_headcount_label (all_codes[i]), !=, "");
    }
}

static void
test_padding (void)
{
  /* Spreadsheets drop the leading zero. */
  assert_valid ("1", "01");
  assert_valid ("2", "02");
  assert_valid ("3", "03");
  assert_valid ("0", "00");
  assert_valid (" 1 ", "01");
  assert_valid ("nn", "NN");
  assert_valid (" 11", "11");
}

static void
test_refused (void)
{
  assert_refused ("13");
  assert_refused ("4");
  assert_refused ("10");
  assert_refused ("54");
  assert_refused ("011");
  assert_refused ("N");
  assert_refused ("12 salariés");
  assert_refused ("");
  assert_refused (NULL);

  g_assert_null (cn_headcount_lookup ("13"));
  g_assert_null (cn_headcount_lookup ("1"));
  g_assert_null (cn_headcount_lookup (NULL));
  g_assert_null (cn_headcount_label ("13"));
}

static void
test_bounds (void)
{
  const CnHeadcountBracket *b;
  guint n = 0;
  const CnHeadcountBracket *brackets = cn_headcount_brackets (&n);

  b = cn_headcount_lookup ("NN");
  g_assert_cmpint (b->min, ==, 0);
  g_assert_cmpint (b->max, ==, 0);
  b = cn_headcount_lookup ("00");
  g_assert_cmpint (b->min, ==, 0);
  g_assert_cmpint (b->max, ==, 0);
  b = cn_headcount_lookup ("01");
  g_assert_cmpint (b->min, ==, 1);
  g_assert_cmpint (b->max, ==, 2);
  b = cn_headcount_lookup ("03");
  g_assert_cmpint (b->min, ==, 6);
  g_assert_cmpint (b->max, ==, 9);
  b = cn_headcount_lookup ("11");
  g_assert_cmpint (b->min, ==, 10);
  g_assert_cmpint (b->max, ==, 19);
  b = cn_headcount_lookup ("32");
  g_assert_cmpint (b->min, ==, 250);
  g_assert_cmpint (b->max, ==, 499);
  b = cn_headcount_lookup ("53");
  g_assert_cmpint (b->min, ==, 10000);
  g_assert_cmpint (b->max, ==, G_MAXINT);

  /* From "00" on, the brackets cover every number once, in order. */
  g_assert_cmpstr (brackets[1].code, ==, "00");
  for (guint i = 2; i < n; i++)
    {
      g_assert_cmpint (brackets[i].min, <=, brackets[i].max);
      g_assert_cmpint (brackets[i].min, ==, brackets[i - 1].max + 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  cn_test_init (&argc, &argv);

  g_test_add_func ("/headcount/all-codes", test_all_codes);
  g_test_add_func ("/headcount/padding", test_padding);
  g_test_add_func ("/headcount/refused", test_refused);
  g_test_add_func ("/headcount/bounds", test_bounds);

  return g_test_run ();
}
