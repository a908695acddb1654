/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CN_TYPE_WRAP_BOX (cn_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (CnWrapBox, cn_wrap_box, CN, WRAP_BOX, GtkWidget)

/* Lays its children out in a row, as a horizontal GtkBox does, while their
 * natural widths fit; a child that would not fit starts a new line below.
 * A toolbar or a row keeps one line on a wide window and wraps on a phone
 * (libadwaita 1.2 has no breakpoints nor wrap box).  On a line, the room
 * left goes to the children that expand horizontally. */
GtkWidget *cn_wrap_box_new    (int        spacing,
                               int        line_spacing);
void       cn_wrap_box_append (CnWrapBox *self,
                               GtkWidget *child);

G_END_DECLS
