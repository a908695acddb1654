/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the fuzz targets: each defines LLVMFuzzerTestOneInput(), built
 * either with libFuzzer (build-aux/fuzz.sh) or with fuzz-replay.c, which
 * runs it over the corpus in the normal test suite. */

#include <stdint.h>
#include <stdlib.h>

#include <glib.h>

#include "cn-store.h"
#include "cn-test-util.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Warnings about hostile input are expected (the pull logs what it
 * ignores) and would drown the fuzzer's output; a critical is a broken
 * precondition inside our own code, so it must stop the run like a crash. */
static GLogWriterOutput
cn_fuzz_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    {
      g_log_writer_default (log_level, fields, n_fields, user_data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

static inline void
cn_fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_log_set_writer_func (cn_fuzz_log_writer, NULL, NULL);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
}

static char *cn_fuzz_store_dir;
static CnStore *cn_fuzz_store_instance;

static void
cn_fuzz_store_cleanup (void)
{
  g_clear_object (&cn_fuzz_store_instance);
  if (cn_fuzz_store_dir != NULL)
    cn_test_remove_tree (cn_fuzz_store_dir);
  g_clear_pointer (&cn_fuzz_store_dir, g_free);
}

/* One store for the whole run: opening one per input (schema, migrations)
 * would cost more than the input itself.  Each input works inside a
 * transaction that is rolled back, so every input sees the same store. */
static inline CnStore *
cn_fuzz_store (void)
{
  g_autoptr(GError) error = NULL;

  if (cn_fuzz_store_instance != NULL)
    return cn_fuzz_store_instance;
  cn_fuzz_store_dir = cn_test_make_tmp_dir ();
  cn_fuzz_store_instance = cn_store_open (cn_fuzz_store_dir, &error);
  g_assert_no_error (error);
  atexit (cn_fuzz_store_cleanup);
  return cn_fuzz_store_instance;
}
