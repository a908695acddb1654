/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-company.h"

G_BEGIN_DECLS

/* The offline catalogue the plan draws on: the price reference, the
 * financial aids with their eligibility rules, and peer testimonies.  Data
 * in data/catalogue/ as JSON (format in its README), compiled into the core;
 * read-only once loaded. */

typedef struct {
  char *id;            /* "site-vitrine" */
  char *label;         /* "Site vitrine" */
  char *description;
  int   min;           /* euros, excluding VAT */
  int   max;
  char *unit;          /* "once", "month" or "year" */
  char *expense_kind;  /* for the aids: "vente-promotion", "gestion", … */
} CnPrice;

typedef struct {
  char  *id;
  char  *name;
  char  *issuer;
  char **regions;          /* INSEE region codes; NULL: all of France */
  char  *valid_from;       /* "YYYY-MM-DD" */
  char  *valid_until;      /* "YYYY-MM-DD", or NULL: open-ended */
  int    max_employees;    /* eligible below this many (exclusive); -1: any */
  char **excluded_naf;     /* NAF codes or prefixes ("62", "47.91"); NULL: none */
  char **expense_kinds;    /* eligible expense kinds; NULL: any */
  double rate;             /* share of the expense, 0–1; 0 with a fixed amount */
  int    expense_min;      /* euros; 0: none */
  int    expense_max;      /* euros; 0: none */
  int    aid_max;          /* euros; 0: none */
  int    fixed_amount;     /* euros, for a flat cheque; 0 otherwise */
  char  *url;
} CnAid;

typedef struct {
  char  *id;
  char  *company;          /* the firm that speaks */
  char  *trade;            /* "Fleuriste" */
  char **naf_sections;     /* sections it speaks to */
  char  *size;             /* a size choice of the questionnaire: "micro"… */
  char  *region;           /* INSEE region code, or NULL */
  char  *quote;
  char  *story;
  char **actions;          /* plan action ids it illustrates */
  gboolean illustrative;   /* an example written for the app, not a real firm */
} CnTestimony;

/* The verdict on one aid for one company and expense. */
typedef struct {
  const CnAid *aid;
  gboolean     eligible;
  gboolean     to_check;   /* eligible unless a detail the record lacks says otherwise */
  int          amount;     /* euros, when eligible */
  char        *reason;     /* why not, or what to check; translated; NULL when plainly eligible */
} CnAidVerdict;

typedef struct _CnCatalogue CnCatalogue;

CnCatalogue      *cn_catalogue_load_default  (GError        **error);
CnCatalogue      *cn_catalogue_load_data     (const char     *prices_json,
                                              const char     *aids_json,
                                              const char     *testimonies_json,
                                              GError        **error);
CnCatalogue      *cn_catalogue_ref           (CnCatalogue    *self);
void              cn_catalogue_unref         (CnCatalogue    *self);

const CnPrice    *cn_catalogue_find_price    (CnCatalogue    *self,
                                              const char     *id);
guint             cn_catalogue_get_n_aids    (CnCatalogue    *self);
const CnAid      *cn_catalogue_get_aid       (CnCatalogue    *self,
                                              guint           index);
/* Every aid judged for @company spending @expense euros of @expense_kind
 * (NULL: any) on @today ("YYYY-MM-DD"): a GPtrArray of CnAidVerdict,
 * eligible ones first, by amount. */
GPtrArray        *cn_catalogue_judge_aids    (CnCatalogue    *self,
                                              CnCompany      *company,
                                              const char     *expense_kind,
                                              int             expense,
                                              const char     *today);
void              cn_aid_verdict_free        (CnAidVerdict   *verdict);
/* The testimony that fits best (same section, then size, then region, and
 * one that illustrates one of @action_ids), or NULL. */
const CnTestimony *cn_catalogue_match_testimony (CnCatalogue       *self,
                                                 CnCompany         *company,
                                                 const char        *size,
                                                 const char *const *action_ids);

/* "1 500 €": French grouping with a narrow no-break space, then " €". */
char             *cn_format_euros            (int             euros);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnCatalogue, cn_catalogue_unref)

G_END_DECLS
