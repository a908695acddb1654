/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cn-company-order.h"

/* A table by num costs four bytes a slot; past this many slots per company
 * (nums left by deleted companies) the order is not worth keeping. */
#define MAX_SLOTS_PER_COMPANY 8
#define MIN_SLOTS 4096

struct _CnCompanyOrder
{
  gint64 *nums;         /* every company, in order */
  gsize n_nums;
  guint32 *rank_by_num; /* 1 + the position of num in nums; 0 when absent */
  gint64 max_num;
};

CnCompanyOrder *
cn_company_order_new (const gint64 *nums,
                      gsize         n_nums)
{
  g_autoptr(CnCompanyOrder) self = g_new0 (CnCompanyOrder, 1);
  gint64 max_num = 0;

  g_return_val_if_fail (nums != NULL || n_nums == 0, NULL);

  if (n_nums >= G_MAXUINT32)
    return NULL;
  for (gsize i = 0; i < n_nums; i++)
    {
      if (nums[i] < 0)
        return NULL;
      max_num = MAX (max_num, nums[i]);
    }
  if ((guint64) max_num >= MAX ((guint64) n_nums * MAX_SLOTS_PER_COMPANY, MIN_SLOTS))
    return NULL;

  self->n_nums = n_nums;
  self->max_num = max_num;
  self->nums = g_memdup2 (nums, n_nums * sizeof (gint64));
  self->rank_by_num = g_new0 (guint32, max_num + 1);
  for (gsize i = 0; i < n_nums; i++)
    {
      if (self->rank_by_num[nums[i]] != 0)
        return NULL;
      self->rank_by_num[nums[i]] = (guint32) i + 1;
    }
  return g_steal_pointer (&self);
}

void
cn_company_order_free (CnCompanyOrder *self)
{
  if (self == NULL)
    return;
  g_free (self->nums);
  g_free (self->rank_by_num);
  g_free (self);
}

gsize
cn_company_order_get_length (const CnCompanyOrder *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_nums;
}

/* The members are marked in a bitmap by their position, then read back in
 * position order: no comparison sort, and a 100 000-company portfolio is a
 * 12.5 KB bitmap. */
gboolean
cn_company_order_sort (const CnCompanyOrder *self,
                       GArray               *nums)
{
  g_autofree guint64 *present = NULL;
  gsize n_words;
  gint64 *values;
  gsize out = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (nums != NULL, FALSE);
  g_return_val_if_fail (g_array_get_element_size (nums) == sizeof (gint64), FALSE);

  if (nums->len > self->n_nums)
    return FALSE;

  n_words = (self->n_nums + 63) / 64;
  present = g_new0 (guint64, MAX (n_words, 1));
  values = (gint64 *) (void *) nums->data;

  for (guint i = 0; i < nums->len; i++)
    {
      guint32 rank;
      guint64 bit;

      if (values[i] < 0 || values[i] > self->max_num)
        return FALSE;
      rank = self->rank_by_num[values[i]];
      if (rank == 0)
        return FALSE;
      rank--;
      bit = G_GUINT64_CONSTANT (1) << (rank % 64);
      if (present[rank / 64] & bit)
        return FALSE;
      present[rank / 64] |= bit;
    }

  for (gsize w = 0; w < n_words; w++)
    {
      guint64 word = present[w];

      while (word != 0)
        {
          int bit = __builtin_ctzll (word);

          values[out++] = self->nums[w * 64 + bit];
          word &= word - 1;
        }
    }
  g_assert (out == nums->len);
  return TRUE;
}
