/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "cn-company.h"

G_BEGIN_DECLS

/* The offline catalogue the plan and the connector draw on: the price
 * reference, the financial aids with their eligibility rules, peer
 * testimonies, resources (guides, MOOCs, training) and the directory of
 * digital providers.  Five JSON files (format in data/catalogue/README.md),
 * compiled into the core; a newer version of any of them can be imported
 * into the data folder and is then used instead.  Read-only once loaded. */

typedef enum {
  CN_CATALOGUE_PRICES,
  CN_CATALOGUE_AIDS,
  CN_CATALOGUE_TESTIMONIES,
  CN_CATALOGUE_RESOURCES,
  CN_CATALOGUE_PROVIDERS,
  CN_CATALOGUE_N_PARTS
} CnCataloguePart;

/* The kinds of expense the aids and the prices speak of. */
#define CN_EXPENSE_KINDS "advice", "investment", "training", "subscription"

typedef struct {
  char *id;            /* "site-vitrine" */
  char *label;         /* "Site vitrine" */
  char *description;
  int   min;           /* euros, excluding VAT */
  int   max;
  int   typical;       /* what most pay; the middle of the range when the file does not say */
  char *unit;          /* "once", "month" or "year" */
  char *expense_kind;  /* advice, investment, training or subscription */
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
  char  *format;           /* "video", "audio" or "article" */
  char  *url;              /* where to watch, hear or read it; may be NULL */
  int    level;            /* the maturity level reached, 1–5; 0: not said */
} CnTestimony;

/* A guide, a MOOC, a training course, a tool or a kit. */
typedef struct {
  char   *id;
  char   *title;
  char   *kind;            /* "guide", "mooc", "training", "tool" or "kit" */
  char   *publisher;
  char   *summary;
  char   *url;
  char  **dimensions;      /* questionnaire dimensions it helps with */
  guint   levels;          /* bit n set: suits maturity level n (1–5) */
  gboolean free;
  char   *duration;        /* "4 h", or NULL */
} CnResource;

typedef struct {
  char *price_ref;         /* an entry of the price reference */
  int   min;               /* the provider's own range, euros HT */
  int   max;
} CnProviderService;

typedef struct {
  char *by;                /* "connector" or "company" */
  int   score;             /* 1–5 */
  char *comment;
  char *date;              /* "YYYY-MM-DD" */
} CnRating;

typedef struct {
  char      *id;
  char      *name;
  char      *siret;
  char      *commune;
  char      *postcode;
  char     **regions;      /* where they work, INSEE region codes */
  char      *description;
  char      *url;          /* may be NULL */
  char      *email;        /* may be NULL */
  GPtrArray *services;     /* of CnProviderService */
  GPtrArray *ratings;      /* of CnRating, moderated by the platform */
  gboolean   illustrative;
} CnProvider;

/* The verdict on one aid for one company and expense. */
typedef struct {
  const CnAid *aid;
  gboolean     eligible;
  gboolean     to_check;   /* eligible unless a detail the record lacks says otherwise */
  int          amount;     /* euros, when eligible */
  char        *reason;     /* why not, or what to check; translated; NULL when plainly eligible */
} CnAidVerdict;

typedef struct _CnCatalogue CnCatalogue;

/* "aids.json"… */
const char       *cn_catalogue_part_file_name (CnCataloguePart part);
/* "aids"…: the file's list member, and the part's name in the CLI. */
const char       *cn_catalogue_part_member    (CnCataloguePart part);
/* "Financial aids"…, translated. */
const char       *cn_catalogue_part_label     (CnCataloguePart part);

/* Where imported catalogue files go: "catalogue" in the data folder. */
char             *cn_catalogue_user_dir      (const char     *data_dir);
/* The shipped catalogue, with the newer files imported into @user_dir
 * (NULL: the shipped one only).  An imported file that no longer loads is
 * passed over with a warning: the shipped one serves instead. */
CnCatalogue      *cn_catalogue_load          (const char     *user_dir,
                                              GError        **error);
CnCatalogue      *cn_catalogue_load_default  (GError        **error);
/* From texts, one per part; a NULL text takes the shipped file. */
CnCatalogue      *cn_catalogue_load_texts    (const char *const texts[CN_CATALOGUE_N_PARTS],
                                              GError        **error);
/* Prices, aids and testimonies; no resource, no provider. */
CnCatalogue      *cn_catalogue_load_data     (const char     *prices_json,
                                              const char     *aids_json,
                                              const char     *testimonies_json,
                                              GError        **error);
CnCatalogue      *cn_catalogue_ref           (CnCatalogue    *self);
void              cn_catalogue_unref         (CnCatalogue    *self);

/* Checks the catalogue file at @path: which part it is, and that the
 * catalogue in use with it in place loads (every rule of its format, and
 * the references between parts).  A file not newer than the one in use is
 * refused too.  Sets @part and @version. */
gboolean          cn_catalogue_check_file    (CnCatalogue     *in_use,
                                              const char      *path,
                                              CnCataloguePart *part,
                                              int             *version,
                                              GError         **error);
/* Checks the file as cn_catalogue_check_file () does, then copies it into
 * @user_dir (atomically, 0600), where cn_catalogue_load () finds it.  On
 * any error nothing changes. */
gboolean          cn_catalogue_install_file  (CnCatalogue     *in_use,
                                              const char      *user_dir,
                                              const char      *path,
                                              CnCataloguePart *part,
                                              int             *version,
                                              GError         **error);
/* The version of a part, whether it was imported, its text and a checksum
 * of it (what issued plans keep). */
int               cn_catalogue_get_version   (CnCatalogue    *self,
                                              CnCataloguePart part);
gboolean          cn_catalogue_is_imported   (CnCatalogue    *self,
                                              CnCataloguePart part);
const char       *cn_catalogue_get_text      (CnCatalogue    *self,
                                              CnCataloguePart part);
const char       *cn_catalogue_get_checksum  (CnCatalogue    *self,
                                              CnCataloguePart part);

const CnPrice    *cn_catalogue_find_price    (CnCatalogue    *self,
                                              const char     *id);
guint             cn_catalogue_get_n_prices  (CnCatalogue    *self);
const CnPrice    *cn_catalogue_get_price     (CnCatalogue    *self,
                                              guint           index);
guint             cn_catalogue_get_n_aids    (CnCatalogue    *self);
const CnAid      *cn_catalogue_get_aid       (CnCatalogue    *self,
                                              guint           index);
/* The conditions the record cannot check, in French; NULL when none. */
const char *const *cn_aid_get_conditions     (const CnAid    *aid);
guint             cn_catalogue_get_n_testimonies (CnCatalogue *self);
const CnTestimony *cn_catalogue_get_testimony (CnCatalogue   *self,
                                               guint          index);
guint             cn_catalogue_get_n_resources (CnCatalogue  *self);
const CnResource *cn_catalogue_get_resource  (CnCatalogue    *self,
                                              guint           index);
const CnResource *cn_catalogue_find_resource (CnCatalogue    *self,
                                              const char     *id);
guint             cn_catalogue_get_n_providers (CnCatalogue  *self);
const CnProvider *cn_catalogue_get_provider  (CnCatalogue    *self,
                                              guint           index);
const CnProvider *cn_catalogue_find_provider (CnCatalogue    *self,
                                              const char     *id);

/* Every aid judged for @company spending @expense euros (0: not known
 * yet) of @expense_kind (NULL: any) on @today ("YYYY-MM-DD", NULL: today):
 * a GPtrArray of CnAidVerdict, eligible ones first, by amount. */
GPtrArray        *cn_catalogue_judge_aids    (CnCatalogue    *self,
                                              CnCompany      *company,
                                              const char     *expense_kind,
                                              int             expense,
                                              const char     *today);
void              cn_aid_verdict_free        (CnAidVerdict   *verdict);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnAidVerdict, cn_aid_verdict_free)

/* The testimony that fits best (same section, then size, then region, then
 * the maturity @level (0: not known) or the next one, and one that
 * illustrates one of @action_ids), or NULL. */
const CnTestimony *cn_catalogue_match_testimony (CnCatalogue       *self,
                                                 CnCompany         *company,
                                                 const char        *size,
                                                 int                level,
                                                 const char *const *action_ids);
/* Up to @max resources for a company at maturity @level (1–5) whose
 * weakest dimensions are @dimensions, weakest first: those that suit the
 * level, by how weak a dimension they help with; ties in file order. */
GPtrArray        *cn_catalogue_match_resources (CnCatalogue       *self,
                                                const char *const *dimensions,
                                                int                level,
                                                guint              max);

/* Search filters shared by the app and the CLI: NULL, empty or 0 means
 * any.  Text matches word starts, accents and case aside. */
gboolean          cn_testimony_matches       (const CnTestimony *testimony,
                                              const char        *text,
                                              char               naf_section,
                                              const char        *size,
                                              const char        *region,
                                              int                level);
gboolean          cn_resource_matches        (const CnResource  *resource,
                                              const char        *text,
                                              const char        *dimension,
                                              int                level,
                                              const char        *kind);
gboolean          cn_provider_matches        (const CnProvider  *provider,
                                              const char        *text,
                                              const char        *price_ref,
                                              const char        *region);
/* The average of the platform's ratings and @own_score (0: none), and
 * how many there are; 0 when none. */
double            cn_provider_average_rating (const CnProvider  *provider,
                                              int                own_score,
                                              guint             *n_ratings);
const CnProviderService *cn_provider_find_service (const CnProvider *provider,
                                                   const char       *price_ref);

/* Labels, translated: "Advice"…, "Guide"…, "Video"…; NULL when unknown. */
const char       *cn_expense_kind_label      (const char     *kind);
const char       *cn_resource_kind_label     (const char     *kind);
const char       *cn_testimony_format_label  (const char     *format);

/* "1 500 €": French grouping with a narrow no-break space, then " €". */
char             *cn_format_euros            (int             euros);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnCatalogue, cn_catalogue_unref)

G_END_DECLS
