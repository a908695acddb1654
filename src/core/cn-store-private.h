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
/* The schema the store was opened at (below the current one only in
 * tests): what a table's columns can be read with. */
int      cn_store_get_opened_version (CnStore   *self);

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

/* For the sync engine: writes a company as the platform sent it (already
 * normalised), inserting or updating it, with @revision and a timeline
 * event, without queueing it for the platform. */
gboolean cn_store_save_pulled_company (CnStore     *self,
                                       CnCompany   *company,
                                       gint64       revision,
                                       GError     **error);

/* The SQL helpers of cn-store.c, for the parts of the store that live in
 * their own file (diagnostics).  Statements are cached: reset after use. */
sqlite3_stmt *cn_store_prepare      (CnStore      *self,
                                     const char   *sql,
                                     GError      **error);
void          cn_store_bind_text    (sqlite3_stmt *stmt,
                                     const char   *name,
                                     const char   *value);
void          cn_store_bind_int64   (sqlite3_stmt *stmt,
                                     const char   *name,
                                     gint64        value);
gboolean      cn_store_step_done    (CnStore      *self,
                                     sqlite3_stmt *stmt,
                                     GError      **error);
gboolean      cn_store_set_error    (CnStore      *self,
                                     int           rc,
                                     GError      **error);
gboolean      cn_store_queue_change (CnStore      *self,
                                     const char   *type,
                                     const char   *id,
                                     const char   *op,
                                     GError      **error);
/* @revision: the platform's revision of the deleted record, -1 if it
 * never reached the platform. */
gboolean      cn_store_queue_delete (CnStore      *self,
                                     const char   *type,
                                     const char   *id,
                                     gint64        revision,
                                     GError      **error);

/* Deleting a company with undo (cn-diagnostic.c): the company's
 * diagnostics, with their answers, taken out of the outbox; and put back. */
GPtrArray    *cn_store_take_diagnostics     (CnStore    *self,
                                             const char *company_id,
                                             GError    **error);
gboolean      cn_store_put_back_diagnostics (CnStore    *self,
                                             GPtrArray  *diagnostics,
                                             GError    **error);

/* The same for the company's plans (cn-plan.c); put back after the
 * diagnostics they belong to. */
GPtrArray    *cn_store_take_plans           (CnStore    *self,
                                             const char *company_id,
                                             GError    **error);
gboolean      cn_store_put_back_plans       (CnStore    *self,
                                             GPtrArray  *plans,
                                             GError    **error);

/* The same for appointments (cn-appointment.c) and progress reports with
 * their revisions (cn-report.c); put back after the company. */
GPtrArray    *cn_store_take_appointments     (CnStore    *self,
                                              const char *company_id,
                                              GError    **error);
gboolean      cn_store_put_back_appointments (CnStore    *self,
                                              GPtrArray  *appointments,
                                              GError    **error);
GPtrArray    *cn_store_take_reports          (CnStore    *self,
                                              const char *company_id,
                                              GError    **error);
gboolean      cn_store_put_back_reports      (CnStore    *self,
                                              GPtrArray  *reports,
                                              GError    **error);

G_END_DECLS
