/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-catalogue.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* What the connector keeps beside the catalogue, in the store: the links
 * they declared with providers, their own rating of providers, and each
 * company's recommendation basket (providers and resources, printed in the
 * action plan).  Local only: nothing of it syncs.
 *
 * The programme forbids a connector to recommend a provider they have
 * capital or family links with (seed 004, piste 2): such a provider never
 * enters a basket, and one already in a basket when the link is declared
 * stays listed but is left out of the plan. */

typedef enum {
  CN_BASKET_PROVIDER,
  CN_BASKET_RESOURCE,
} CnBasketKind;

typedef struct {
  CnBasketKind kind;
  char        *item_id;     /* a provider or resource id of the catalogue */
  char        *note;        /* why the connector recommends it; may be empty */
  char        *added_at;    /* UTC */
} CnBasketItem;

typedef enum {
  CN_PROVIDER_LINK_CAPITAL,
  CN_PROVIDER_LINK_FAMILY,
} CnProviderLinkKind;

typedef struct {
  char              *provider_id;
  CnProviderLinkKind kind;
  char              *note;
  char              *declared_at;  /* UTC */
} CnProviderLink;

typedef struct {
  char *provider_id;
  int   score;                     /* 1–5 */
  char *comment;
  char *updated_at;                /* UTC */
} CnProviderReview;

void        cn_basket_item_free        (CnBasketItem     *item);
void        cn_provider_link_free      (CnProviderLink   *link);
void        cn_provider_review_free    (CnProviderReview *review);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnBasketItem, cn_basket_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnProviderLink, cn_provider_link_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnProviderReview, cn_provider_review_free)

const char *cn_basket_kind_to_string   (CnBasketKind      kind);
gboolean    cn_basket_kind_from_string (const char       *text,
                                        CnBasketKind     *kind);
const char *cn_provider_link_kind_to_string   (CnProviderLinkKind  kind);
gboolean    cn_provider_link_kind_from_string (const char         *text,
                                               CnProviderLinkKind *kind);
/* "Capital links", "Family links", translated. */
const char *cn_provider_link_kind_label (CnProviderLinkKind kind);

/* ---- declared links ----------------------------------------------------- */

/* Declares (or changes) a link with @provider_id, which must be in
 * @catalogue.  Sets *@n_baskets (optional) to how many baskets hold the
 * provider: they keep it, but no plan prints it. */
gboolean    cn_store_declare_provider_link (CnStore            *store,
                                            CnCatalogue        *catalogue,
                                            const char         *provider_id,
                                            CnProviderLinkKind  kind,
                                            const char         *note,
                                            guint              *n_baskets,
                                            GError            **error);
gboolean    cn_store_withdraw_provider_link (CnStore           *store,
                                             const char        *provider_id,
                                             GError           **error);
/* Of CnProviderLink, by declaration date. */
GPtrArray  *cn_store_list_provider_links   (CnStore            *store,
                                            GError            **error);
/* The link declared with @provider_id, or NULL (and no error). */
CnProviderLink *cn_store_get_provider_link (CnStore            *store,
                                            const char         *provider_id,
                                            GError            **error);

/* ---- the connector's own ratings --------------------------------------- */

/* Rates @provider_id from 1 to 5 with a short comment; again replaces it. */
gboolean    cn_store_rate_provider         (CnStore            *store,
                                            CnCatalogue        *catalogue,
                                            const char         *provider_id,
                                            int                 score,
                                            const char         *comment,
                                            GError            **error);
gboolean    cn_store_unrate_provider       (CnStore            *store,
                                            const char         *provider_id,
                                            GError            **error);
/* The connector's rating of @provider_id, or NULL (and no error). */
CnProviderReview *cn_store_get_provider_review (CnStore        *store,
                                                const char     *provider_id,
                                                GError        **error);

/* ---- baskets ------------------------------------------------------------ */

/* Adds @item_id, which must be in @catalogue, to the company's basket.
 * Refused with CN_ERROR_CONFLICT_OF_INTEREST, saying why, for a provider
 * the connector declared a link with; adding an item again updates its
 * note. */
gboolean    cn_store_basket_add            (CnStore            *store,
                                            CnCatalogue        *catalogue,
                                            const char         *company_id,
                                            CnBasketKind        kind,
                                            const char         *item_id,
                                            const char         *note,
                                            GError            **error);
gboolean    cn_store_basket_remove         (CnStore            *store,
                                            const char         *company_id,
                                            CnBasketKind        kind,
                                            const char         *item_id,
                                            GError            **error);
/* Of CnBasketItem, providers then resources, each in the order added. */
GPtrArray  *cn_store_list_basket           (CnStore            *store,
                                            const char         *company_id,
                                            GError            **error);
/* What a plan prints of the basket: the items still in @catalogue,
 * without the providers the connector declared a link with. */
GPtrArray  *cn_store_list_basket_for_plan  (CnStore            *store,
                                            CnCatalogue        *catalogue,
                                            const char         *company_id,
                                            GError            **error);

/* Deleting a company with undo: its basket, taken and put back. */
GPtrArray  *cn_store_take_basket           (CnStore            *store,
                                            const char         *company_id,
                                            GError            **error);
gboolean    cn_store_put_back_basket       (CnStore            *store,
                                            const char         *company_id,
                                            GPtrArray          *items,
                                            GError            **error);

G_END_DECLS
