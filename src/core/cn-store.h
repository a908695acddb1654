/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "cn-company.h"
#include "cn-contact.h"
#include "cn-event.h"

G_BEGIN_DECLS

/* The schema this build writes; a database with a higher version is refused. */
#define CN_STORE_SCHEMA_VERSION 10
#define CN_STORE_FILE_NAME "connecteur.db"

typedef enum {
  CN_COMPANY_SORT_NAME,
  CN_COMPANY_SORT_LAST_ACTIVITY,
} CnCompanySort;

/* What the portfolio list shows.  NULL / -1 / 0 mean "any". */
typedef struct {
  const char    *search;      /* words typed by the user, accent-insensitive */
  int            status;      /* CnCompanyStatus or -1 */
  const char    *department;  /* INSEE code */
  char           naf_section; /* 'A' … 'U' */
  const char    *headcount;   /* INSEE bracket code */
  CnCompanySort  sort;
} CnCompanyFilter;

#define CN_COMPANY_FILTER_INIT { NULL, -1, NULL, 0, NULL, CN_COMPANY_SORT_NAME }

/* A pending change for the platform (see the sync engine). */
typedef struct {
  gint64  seq;
  char   *entity_type;
  char   *entity_id;
  char   *op;          /* "upsert" or "delete" */
  char   *batch_id;    /* NULL until a batch takes it */
} CnOutboxEntry;

void cn_outbox_entry_free (CnOutboxEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnOutboxEntry, cn_outbox_entry_free)

/* Everything the store held about a deleted company, to undo the deletion. */
typedef struct _CnCompanyBackup CnCompanyBackup;
void cn_company_backup_free (CnCompanyBackup *backup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnCompanyBackup, cn_company_backup_free)

#define CN_TYPE_STORE (cn_store_get_type ())
G_DECLARE_FINAL_TYPE (CnStore, cn_store, CN, STORE, GObject)

/* $CONNECTEUR_DATA_DIR, else $XDG_DATA_HOME/connecteur. */
char       *cn_store_default_data_dir     (void);
/* Opens (creating if needed) the database in @data_dir (NULL: the default)
 * and brings its schema up to date. */
CnStore    *cn_store_open                 (const char          *data_dir,
                                           GError             **error);
const char *cn_store_get_path             (CnStore             *self);
int         cn_store_get_schema_version   (CnStore             *self);

/* Tells listeners the portfolio changed behind this connection's back
 * (an import run on another connection). */
void        cn_store_notify_changed       (CnStore             *self);

/* Groups several changes in one transaction (an import); nests. */
gboolean    cn_store_begin                (CnStore             *self,
                                           GError             **error);
gboolean    cn_store_commit               (CnStore             *self,
                                           GError             **error);
void        cn_store_rollback             (CnStore             *self);

/* Companies.  add/update normalise and validate first; on a validation
 * error @field names the field at fault. */
gboolean    cn_store_add_company          (CnStore             *self,
                                           CnCompany           *company,
                                           CnCompanyField      *field,
                                           GError             **error);
gboolean    cn_store_update_company       (CnStore             *self,
                                           CnCompany           *company,
                                           CnCompanyField      *field,
                                           GError             **error);
gboolean    cn_store_delete_company       (CnStore             *self,
                                           const char          *id,
                                           CnCompanyBackup    **backup,
                                           GError             **error);
gboolean    cn_store_restore_company      (CnStore             *self,
                                           CnCompanyBackup     *backup,
                                           GError             **error);
CnCompany  *cn_store_get_company          (CnStore             *self,
                                           const char          *id,
                                           GError             **error);
CnCompany  *cn_store_get_company_by_rowid (CnStore             *self,
                                           gint64               rowid,
                                           GError             **error);
/* Row ids of the matching companies, in display order. */
GArray     *cn_store_find_companies       (CnStore             *self,
                                           const CnCompanyFilter *filter,
                                           GError             **error);
gint64      cn_store_count_companies      (CnStore             *self,
                                           GError             **error);
/* @counts gets CN_COMPANY_N_STATUSES numbers. */
gboolean    cn_store_count_by_status      (CnStore             *self,
                                           guint               *counts,
                                           GError             **error);
/* Departments that appear in the portfolio, sorted, for the filter. */
GStrv       cn_store_list_departments     (CnStore             *self,
                                           GError             **error);
/* The company an import row would duplicate: same SIRET, else same name
 * (ignoring case and accents) and postcode. */
CnCompany  *cn_store_find_duplicate       (CnStore             *self,
                                           CnCompany           *candidate,
                                           GError             **error);

/* Contacts and timeline. */
GPtrArray  *cn_store_list_contacts        (CnStore             *self,
                                           const char          *company_id,
                                           GError             **error);
gboolean    cn_store_save_contact         (CnStore             *self,
                                           CnContact           *contact,
                                           GError             **error);
gboolean    cn_store_delete_contact       (CnStore             *self,
                                           const char          *contact_id,
                                           GError             **error);
GPtrArray  *cn_store_list_events          (CnStore             *self,
                                           const char          *company_id,
                                           GError             **error);
gboolean    cn_store_add_event            (CnStore             *self,
                                           const char          *company_id,
                                           const char          *kind,
                                           const char          *detail,
                                           GError             **error);

/* The transactional outbox, oldest first. */
GPtrArray  *cn_store_list_outbox          (CnStore             *self,
                                           GError             **error);
gint64      cn_store_count_outbox         (CnStore             *self,
                                           GError             **error);

G_END_DECLS
