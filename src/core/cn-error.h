/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CN_ERROR (cn_error_quark ())

/* One error domain for the core: the code says what kind of problem it is,
 * the message (already translated) says it to the user. */
typedef enum {
  CN_ERROR_INVALID,        /* a value does not pass validation */
  CN_ERROR_NOT_FOUND,      /* no such record */
  CN_ERROR_STORE,          /* the database failed */
  CN_ERROR_STORE_TOO_NEW,  /* the database comes from a newer Connecteur */
  CN_ERROR_NOT_A_DATABASE, /* the file is not a Connecteur database */
  CN_ERROR_READ_ONLY,      /* the data directory or file cannot be written */
  CN_ERROR_DISK_FULL,      /* no space left */
  CN_ERROR_PARSE,          /* a file could not be read as the expected format */
  CN_ERROR_IO,             /* reading or writing a file failed */
  CN_ERROR_CONFLICT_OF_INTEREST, /* a provider the connector declared a link with */
  CN_ERROR_OUTDATED,       /* a file is not newer than the one in use */
} CnError;

GQuark cn_error_quark (void);

G_END_DECLS
