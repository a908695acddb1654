/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-basket.h"

G_BEGIN_DECLS

/* The window that adds a provider or a resource of the catalogue to a
 * company's recommendations: a search, a list (providers of the
 * company's region first, "All regions" for the others; resources by
 * text and dimension) and an optional note.  A provider the connector
 * declared a link with is listed with a warning and refused when chosen,
 * saying why.  Emits "added" (const char *item_id) once stored, then
 * closes. */
#define CN_TYPE_BASKET_CHOOSER (cn_basket_chooser_get_type ())
G_DECLARE_FINAL_TYPE (CnBasketChooser, cn_basket_chooser, CN, BASKET_CHOOSER, AdwWindow)

CnBasketChooser *cn_basket_chooser_new (GtkWindow    *parent,
                                        CnStore      *store,
                                        CnCatalogue  *catalogue,
                                        const char   *company_id,
                                        CnBasketKind  kind);

/* Shows @error (CN_ERROR_CONFLICT_OF_INTEREST, or any other) over
 * @parent: the item was not recommended. */
void             cn_basket_show_add_error (GtkWindow *parent,
                                           GError    *error);

/* For tests: the search, the "All regions" check button (providers
 * only), the dimension drop-down (resources only), the note, the ids
 * listed in order, and selecting one as a click does (FALSE when it is
 * not listed).  "chooser.add" adds the selected item. */
GtkEditable     *cn_basket_chooser_get_search_entry (CnBasketChooser *self);
GtkCheckButton  *cn_basket_chooser_get_all_regions  (CnBasketChooser *self);
GtkDropDown     *cn_basket_chooser_get_dimension    (CnBasketChooser *self);
GtkEditable     *cn_basket_chooser_get_note_entry   (CnBasketChooser *self);
GStrv            cn_basket_chooser_get_shown_ids    (CnBasketChooser *self);
gboolean         cn_basket_chooser_select           (CnBasketChooser *self,
                                                     const char      *item_id);

G_END_DECLS
