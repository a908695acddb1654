/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* Import of the spreadsheets connectors keep (French Excel conventions:
 * ";" separator, UTF-8 with BOM or Windows-1252) and export of a list. */

typedef struct {
  guint  line;     /* first line of the record in the file, from 1 */
  char  *message;  /* translated, plain text */
} CnImportProblem;

typedef struct {
  guint       added;
  guint       updated;
  guint       unchanged;
  guint       skipped;     /* rows with a problem, listed in @problems */
  GPtrArray  *problems;    /* CnImportProblem */
  char       *encoding;    /* "UTF-8", "WINDOWS-1252", "UTF-16" */
  char        separator;
} CnImportReport;

void cn_import_report_free (CnImportReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnImportReport, cn_import_report_free)

/* Called every few hundred rows; return FALSE to stop (rows so far stay). */
typedef gboolean (*CnImportProgress) (guint    rows_done,
                                      gpointer user_data);

/* Imports @data (the raw bytes of a file called @source_name).  Fails as a
 * whole only when the file cannot be read as a table of companies; problems
 * with single rows are in the report while the valid rows are imported. */
CnImportReport *cn_csv_import_data (CnStore          *store,
                                    const char       *data,
                                    gsize             length,
                                    const char       *source_name,
                                    CnImportProgress  progress,
                                    gpointer          user_data,
                                    GError          **error);
CnImportReport *cn_csv_import_file (CnStore          *store,
                                    const char       *path,
                                    CnImportProgress  progress,
                                    gpointer          user_data,
                                    GError          **error);

/* Writes the companies matching @filter (every field, id included) as a
 * ";"-separated UTF-8 file with BOM, as French Excel expects; 0600. */
gboolean        cn_csv_export_file (CnStore                *store,
                                    const CnCompanyFilter  *filter,
                                    const char             *path,
                                    guint                  *n_written,
                                    GError                **error);
char           *cn_csv_export_data (CnStore                *store,
                                    const CnCompanyFilter  *filter,
                                    guint                  *n_written,
                                    GError                **error);

G_END_DECLS
