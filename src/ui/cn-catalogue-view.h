/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-application.h"

G_BEGIN_DECLS

#define CN_TYPE_CATALOGUE_VIEW (cn_catalogue_view_get_type ())
G_DECLARE_FINAL_TYPE (CnCatalogueView, cn_catalogue_view, CN, CATALOGUE_VIEW, GtkBox)

/* The "Catalogue" section: the application's catalogue in five pages
 * (aids, providers, prices, testimonies, resources), each with its
 * filters.  Follows the application's "catalogue-changed". */
GtkWidget  *cn_catalogue_view_new          (CnApplication   *application);

/* "aids", "providers", "prices", "testimonies" or "resources". */
void        cn_catalogue_view_show_page    (CnCatalogueView *self,
                                            const char      *name);
const char *cn_catalogue_view_get_page     (CnCatalogueView *self);
/* How many entries the page shows with its filters as they are. */
guint       cn_catalogue_view_get_n_shown  (CnCatalogueView *self,
                                            const char      *name);
/* Puts back every filter of every page. */
void        cn_catalogue_view_clear_filters (CnCatalogueView *self);

G_END_DECLS
