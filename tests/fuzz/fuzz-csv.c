/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A spreadsheet from anywhere: any bytes, any encoding, any separator. */

#include "fuzz-common.h"
#include "cn-csv.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  CnStore *store;
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  cn_fuzz_init ();
  store = cn_fuzz_store ();
  g_assert_true (cn_store_begin (store, NULL));
  report = cn_csv_import_data (store, (const char *) data, size, "fuzz.csv", NULL, NULL, &error);
  /* Either a report or an error, never both nor neither. */
  g_assert_true ((report == NULL) != (error == NULL));
  cn_store_rollback (store);
  return 0;
}
