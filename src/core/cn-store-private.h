/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* For tests and tools: open migrating only up to @max_version, and reach the
 * connection underneath. */
CnStore *cn_store_open_at_version (const char  *data_dir,
                                   int          max_version,
                                   GError     **error);
sqlite3 *cn_store_get_db          (CnStore     *self);

/* For the importer, inside cn_store_begin (): adds a new, already
 * normalised company with its contact (may be NULL) and one "imported"
 * event, without a savepoint of its own: on error the caller rolls back.
 * The event and the outbox entry are written for many rows at once, in the
 * same transaction: at its commit, or before a nested cn_store_begin (). */
gboolean cn_store_import_company  (CnStore     *self,
                                   CnCompany   *company,
                                   CnContact   *contact,
                                   const char  *source_name,
                                   GError     **error);

G_END_DECLS
