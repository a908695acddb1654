/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The order of a whole portfolio for one sort (the companies' nums, as the
 * list shows them), kept to put any subset of it, such as the hits of a
 * search, in that same order in time linear in the portfolio's size,
 * instead of having SQLite look up and sort every hit. */
typedef struct _CnCompanyOrder CnCompanyOrder;

/* NULL when @nums cannot be indexed by num: a negative or repeated num, or
 * nums so sparse that the table by num would be mostly empty. */
CnCompanyOrder *cn_company_order_new    (const gint64          *nums,
                                         gsize                  n_nums);
void            cn_company_order_free   (CnCompanyOrder        *self);
gsize           cn_company_order_get_length (const CnCompanyOrder *self);

/* Reorders @nums (an array of gint64) in place.  Returns FALSE, leaving
 * @nums as it was, when one of them is not in the order or appears twice:
 * the order is then older than the data, and the caller sorts otherwise. */
gboolean        cn_company_order_sort   (const CnCompanyOrder  *self,
                                         GArray                *nums);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnCompanyOrder, cn_company_order_free)

G_END_DECLS
