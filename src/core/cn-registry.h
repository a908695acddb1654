/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-company.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* The public company directory, "API Recherche d'entreprises" (open, no
 * key): GET /search?q=…&page=…&per_page=…, answering with "results" (one
 * object per company, its head office in "siege") and "total_results". */
#define CN_REGISTRY_DEFAULT_URL "https://recherche-entreprises.api.gouv.fr"

/* The directory answers 429 beyond 7 requests a second from one client. */
#define CN_REGISTRY_MAX_REQUESTS_PER_SECOND 7
#define CN_REGISTRY_DEFAULT_TIMEOUT_MS      10000
/* The directory refuses larger pages. */
#define CN_REGISTRY_MAX_PER_PAGE            25

#define CN_REGISTRY_ERROR (cn_registry_error_quark ())

typedef enum {
  CN_REGISTRY_ERROR_OFFLINE,          /* no network: nothing was sent */
  CN_REGISTRY_ERROR_UNREACHABLE,      /* sent, but the directory could not be reached */
  CN_REGISTRY_ERROR_TIMEOUT,          /* no answer in time */
  CN_REGISTRY_ERROR_RATE_LIMITED,     /* 429, or still within the wait it asked for */
  CN_REGISTRY_ERROR_SERVER,           /* 5xx: the directory is down */
  CN_REGISTRY_ERROR_REFUSED,          /* another 4xx: the query was refused */
  CN_REGISTRY_ERROR_INVALID_RESPONSE, /* not the JSON the directory sends */
  CN_REGISTRY_ERROR_NOT_FOUND,        /* no company with this SIREN */
} CnRegistryError;

GQuark cn_registry_error_quark (void);

/* One company as the directory describes it.  Every text field is NULL
 * when the directory left it out, withheld it ("[NON-DIFFUSIBLE]") or sent
 * a value Connecteur would refuse (an old NAF code, a bad postcode), so
 * applying an entry never makes a company invalid. */
typedef struct {
  char     *siren;
  char     *siret;               /* of the head office */
  char     *name;
  char     *naf;                 /* canonical NAF rév. 2 code of the company */
  char     *headcount;           /* INSEE bracket code of the company */
  char     *address;             /* street line of the head office */
  char     *postcode;
  char     *commune;
  char     *founded_on;          /* "2017-05-24" */
  char     *legal_form;          /* INSEE "nature juridique" code, "5499" */
  char     *category;            /* "PME", "ETI", "GE" */
  gint64    revenue;             /* latest published turnover in euros, or -1 */
  int       revenue_year;        /* the year it closed, 0 when none */
  guint     n_establishments;
  guint     n_open_establishments;
  gboolean  closed;              /* the company itself ceased ("C") */
} CnRegistryEntry;

CnRegistryEntry *cn_registry_entry_new  (void);
CnRegistryEntry *cn_registry_entry_copy (const CnRegistryEntry *entry);
void             cn_registry_entry_free (CnRegistryEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnRegistryEntry, cn_registry_entry_free)

/* The revenue bracket (cn_revenue_brackets()) of a turnover in euros. */
const char *cn_registry_revenue_bracket (gint64 amount);

/* A company field the directory would change: @field is "name", "siren",
 * "siret", "naf", "headcount", "revenue", "address", "postcode", "commune"
 * or "founded_on"; the values are as stored (NULL: empty). */
typedef struct {
  const char *field;
  char       *old_value;
  char       *new_value;
} CnRegistryChange;

void cn_registry_change_free (CnRegistryChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnRegistryChange, cn_registry_change_free)

/* What applying @entry would change in @company, in display order.  Only
 * what the directory knows is proposed: an empty directory field never
 * clears one, a difference of case or accents only is not a change, a
 * SIRET of another establishment of the same company is kept (and then
 * its address too), and revenue only when published. */
GPtrArray *cn_registry_entry_changes (const CnRegistryEntry *entry,
                                      CnCompany             *company);
/* Applies those changes to @company. */
void       cn_registry_entry_apply   (const CnRegistryEntry *entry,
                                      CnCompany             *company);

/* Reads a /search response: the entries (CnRegistryEntry), unknown
 * members ignored, and its total_results in @total (may be NULL). */
GPtrArray *cn_registry_parse_response (GBytes      *bytes,
                                       guint64     *total,
                                       GError     **error);

/* What to look for; NULL / 0 fields are left out of the request. */
typedef struct {
  const char *text;        /* words of the name or address, or a SIREN / SIRET */
  const char *postcode;    /* code_postal */
  const char *department;  /* departement */
  const char *naf;         /* activite_principale, "47.24Z" */
  const char *state;       /* etat_administratif: "A" (active) or "C" (ceased) */
  guint       page;        /* from 1 */
  guint       per_page;    /* at most CN_REGISTRY_MAX_PER_PAGE */
} CnRegistryQuery;

#define CN_REGISTRY_QUERY_INIT { NULL, NULL, NULL, NULL, NULL, 1, 10 }

typedef struct {
  GPtrArray *entries;      /* CnRegistryEntry */
  guint64    total;        /* matches in the directory, beyond this page */
  gboolean   from_cache;   /* read from the companies fetched before */
} CnRegistryResults;

CnRegistryResults *cn_registry_results_copy (const CnRegistryResults *results);
void               cn_registry_results_free (CnRegistryResults       *results);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnRegistryResults, cn_registry_results_free)

#define CN_TYPE_REGISTRY (cn_registry_get_type ())
G_DECLARE_FINAL_TYPE (CnRegistry, cn_registry, CN, REGISTRY, GObject)

/* @store, when not NULL, keeps every company fetched, for
 * cn_registry_search_cached () and cn_registry_get_cached (). */
CnRegistry        *cn_registry_new                 (const char             *base_url,
                                                    CnStore                *store);
const char        *cn_registry_get_base_url        (CnRegistry             *self);
void               cn_registry_set_base_url        (CnRegistry             *self,
                                                    const char             *base_url);
/* NULL: g_network_monitor_get_default (). */
void               cn_registry_set_network_monitor (CnRegistry             *self,
                                                    GNetworkMonitor        *monitor);
void               cn_registry_set_timeout         (CnRegistry             *self,
                                                    guint                   timeout_ms);
/* Whether a request would be sent now (the network monitor says so). */
gboolean           cn_registry_is_online           (CnRegistry             *self);

/* Asks the directory.  Offline, or within the wait a 429 asked for, it
 * fails at once without sending anything.  Requests beyond 7 a second
 * wait for their turn; cancelling @cancellable drops a request, waiting
 * or sent.  Results are kept in the store given to cn_registry_new (). */
void               cn_registry_search_async        (CnRegistry             *self,
                                                    const CnRegistryQuery  *query,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
CnRegistryResults *cn_registry_search_finish       (CnRegistry             *self,
                                                    GAsyncResult           *result,
                                                    GError                **error);

/* The company with this SIREN (or the SIREN of this SIRET). */
void               cn_registry_lookup_async        (CnRegistry             *self,
                                                    const char             *siren,
                                                    GCancellable           *cancellable,
                                                    GAsyncReadyCallback     callback,
                                                    gpointer                user_data);
CnRegistryEntry   *cn_registry_lookup_finish       (CnRegistry             *self,
                                                    GAsyncResult           *result,
                                                    GError                **error);

/* The companies fetched before that match, without a network; empty
 * results without a store. */
CnRegistryResults *cn_registry_search_cached       (CnRegistry             *self,
                                                    const CnRegistryQuery  *query,
                                                    GError                **error);
/* NULL without an error when this SIREN was never fetched. */
CnRegistryEntry   *cn_registry_get_cached          (CnRegistry             *self,
                                                    const char             *siren,
                                                    GError                **error);

G_END_DECLS
