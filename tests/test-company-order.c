/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cn-company-order.h"

static GArray *
array_of (const gint64 *values,
          gsize         n_values)
{
  GArray *array = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_values);

  g_array_append_vals (array, values, n_values);
  return array;
}

static void
assert_array (GArray       *array,
              const gint64 *expected,
              gsize         n_expected)
{
  g_assert_cmpuint (array->len, ==, n_expected);
  for (gsize i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (array, gint64, i), ==, expected[i]);
}

static void
test_sorts_a_subset (void)
{
  /* The list's order: nums are not in it by value. */
  static const gint64 order_nums[] = { 7, 3, 12, 1, 9, 4, 11 };
  static const gint64 hits[] = { 1, 4, 7, 11 };
  static const gint64 expected[] = { 7, 1, 4, 11 };
  g_autoptr(CnCompanyOrder) order = cn_company_order_new (order_nums, G_N_ELEMENTS (order_nums));
  g_autoptr(GArray) array = array_of (hits, G_N_ELEMENTS (hits));

  g_assert_nonnull (order);
  g_assert_cmpuint (cn_company_order_get_length (order), ==, G_N_ELEMENTS (order_nums));
  g_assert_true (cn_company_order_sort (order, array));
  assert_array (array, expected, G_N_ELEMENTS (expected));
}

static void
test_whole_and_empty (void)
{
  static const gint64 order_nums[] = { 5, 2, 8 };
  static const gint64 reversed[] = { 8, 2, 5 };
  g_autoptr(CnCompanyOrder) order = cn_company_order_new (order_nums, G_N_ELEMENTS (order_nums));
  g_autoptr(GArray) all = array_of (reversed, G_N_ELEMENTS (reversed));
  g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CnCompanyOrder) empty = cn_company_order_new (NULL, 0);

  g_assert_true (cn_company_order_sort (order, all));
  assert_array (all, order_nums, G_N_ELEMENTS (order_nums));
  g_assert_true (cn_company_order_sort (order, none));
  g_assert_cmpuint (none->len, ==, 0);

  /* An empty portfolio has an order too, in which nothing can be found. */
  g_assert_nonnull (empty);
  g_assert_true (cn_company_order_sort (empty, none));
  g_array_append_vals (none, order_nums, 1);
  g_assert_false (cn_company_order_sort (empty, none));
}

/* Across the 64-bit words of the bitmap, on a long shuffled order. */
static void
test_large_order (void)
{
  const gsize n = 10007;
  g_autofree gint64 *order_nums = g_new (gint64, n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(CnCompanyOrder) order = NULL;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree gboolean *chosen = NULL;

  for (gsize i = 0; i < n; i++)
    order_nums[i] = (gint64) i + 1;
  for (gsize i = n - 1; i > 0; i--)
    {
      gsize j = g_rand_int_range (rand, 0, (gint32) i + 1);
      gint64 tmp = order_nums[i];
      order_nums[i] = order_nums[j];
      order_nums[j] = tmp;
    }
  order = cn_company_order_new (order_nums, n);
  g_assert_nonnull (order);

  /* Every third company in the order, handed over in num order. */
  chosen = g_new0 (gboolean, n + 1);
  for (gsize i = 0; i < n; i += 3)
    {
      g_array_append_val (expected, order_nums[i]);
      chosen[order_nums[i]] = TRUE;
    }
  for (gint64 num = 1; num <= (gint64) n; num++)
    if (chosen[num])
      g_array_append_val (hits, num);

  g_assert_true (cn_company_order_sort (order, hits));
  assert_array (hits, (const gint64 *) (void *) expected->data, expected->len);
}

/* A hit the order does not know means the order is older than the data:
 * refused, and the hits are left as they were for another sort. */
static void
test_refuses_unknown_or_repeated (void)
{
  static const gint64 order_nums[] = { 4, 2, 6 };
  static const gint64 unknown[] = { 6, 3, 2 };
  static const gint64 beyond[] = { 2, 600 };
  static const gint64 negative[] = { -1 };
  static const gint64 repeated[] = { 6, 2, 6 };
  g_autoptr(CnCompanyOrder) order = cn_company_order_new (order_nums, G_N_ELEMENTS (order_nums));
  g_autoptr(GArray) a = array_of (unknown, G_N_ELEMENTS (unknown));
  g_autoptr(GArray) b = array_of (beyond, G_N_ELEMENTS (beyond));
  g_autoptr(GArray) c = array_of (negative, G_N_ELEMENTS (negative));
  g_autoptr(GArray) d = array_of (repeated, G_N_ELEMENTS (repeated));

  g_assert_false (cn_company_order_sort (order, a));
  assert_array (a, unknown, G_N_ELEMENTS (unknown));
  g_assert_false (cn_company_order_sort (order, b));
  assert_array (b, beyond, G_N_ELEMENTS (beyond));
  g_assert_false (cn_company_order_sort (order, c));
  g_assert_false (cn_company_order_sort (order, d));
  assert_array (d, repeated, G_N_ELEMENTS (repeated));
}

static void
test_refuses_bad_orders (void)
{
  static const gint64 repeated[] = { 1, 2, 1 };
  static const gint64 negative[] = { 1, -2 };
  /* Two companies left at nums one million apart: a table of a million
   * slots for two would be waste. */
  static const gint64 sparse[] = { 1, 1000000 };
  static const gint64 gaps[] = { 10, 200, 3000 };

  g_assert_null (cn_company_order_new (repeated, G_N_ELEMENTS (repeated)));
  g_assert_null (cn_company_order_new (negative, G_N_ELEMENTS (negative)));
  g_assert_null (cn_company_order_new (sparse, G_N_ELEMENTS (sparse)));
  /* Gaps of a few thousand are fine. */
  {
    g_autoptr(CnCompanyOrder) order = cn_company_order_new (gaps, G_N_ELEMENTS (gaps));
    g_assert_nonnull (order);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/company-order/sort/subset", test_sorts_a_subset);
  g_test_add_func ("/company-order/sort/whole-and-empty", test_whole_and_empty);
  g_test_add_func ("/company-order/sort/large", test_large_order);
  g_test_add_func ("/company-order/sort/refuses-unknown-or-repeated", test_refuses_unknown_or_repeated);
  g_test_add_func ("/company-order/new/refuses-bad-orders", test_refuses_bad_orders);

  return g_test_run ();
}
