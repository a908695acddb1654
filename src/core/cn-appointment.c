/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cn-store-private.h"

/* Skeleton: being written. */
GPtrArray *
cn_store_take_appointments (CnStore     *store,
            const char  *company_id,
            GError     **error)
{
  return g_ptr_array_new ();
}

gboolean
cn_store_put_back_appointments (CnStore    *store,
                GPtrArray  *items,
                GError    **error)
{
  return TRUE;
}
