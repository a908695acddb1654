/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The rights of the people and companies in the portfolio (RGPD): access
 * (export everything held about a company), erasure (nothing kept, not
 * even for undo) and limited retention (closed companies proposed for
 * erasure after some years). */

/* The name of the JSON file inside an export folder. */
#define CN_PRIVACY_EXPORT_FILE "company.json"

/* Writes everything the store holds about the company into a new folder
 * (mode 0700) inside @dest_dir: CN_PRIVACY_EXPORT_FILE and a copy of each
 * plan PDF issued for it that is still found in one of @pdf_dirs (NULL:
 * the data directory, Documents, Downloads and the home folder), all 0600.
 * The timeline keeps only the PDF's file name, hence the search.  Returns
 * the folder's path; @n_pdfs (optional) gets the number of PDFs copied. */
char       *cn_store_export_company_data     (CnStore             *store,
                                              const char          *company_id,
                                              const char          *dest_dir,
                                              const char * const  *pdf_dirs,
                                              guint               *n_pdfs,
                                              GError             **error);

/* Erases the company and everything that names it, in one transaction:
 * every row, its full-text entry, its outbox entries not yet sent, the
 * lead it came from and the directory's cached entry for its SIREN.  When
 * it had reached the platform, a delete is queued so the erasure syncs.
 * Freed pages are zeroed (secure_delete) and the WAL is checkpointed.
 * @issued_files (optional) gets the names of the PDFs issued for it: they
 * are the connector's files, outside the store, to delete by hand. */
gboolean    cn_store_erase_company           (CnStore             *store,
                                              const char          *company_id,
                                              GStrv               *issued_files,
                                              GError             **error);

/* Tables (and columns, "table.column") where a row still contains @needle
 * (an id or a name; ASCII case ignored); an empty vector when none. */
GStrv       cn_store_find_traces             (CnStore             *store,
                                              const char          *needle,
                                              GError             **error);

/* Companies closed (status "closed") whose last activity is more than
 * @years years before @now (NULL: now), oldest first; CnCompany objects.
 * Empty when @years is 0 (retention off). */
GPtrArray  *cn_store_list_retention_expired  (CnStore             *store,
                                              guint                years,
                                              GDateTime           *now,
                                              GError             **error);

G_END_DECLS
