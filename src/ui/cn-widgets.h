/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* An icon button that runs @action, with @tooltip as its tooltip and its
 * accessible name (an icon alone says nothing to a screen reader). */
GtkWidget *cn_icon_button_new (const char *icon,
                               const char *tooltip,
                               const char *action);

/* GTK 4.8 names a button made from a mnemonic label after the label as
 * written and as shown ("_Today Today"): screen readers read both.  These
 * name it with its text only. */
void       cn_widget_set_mnemonic_name (GtkWidget  *widget,
                                        const char *mnemonic_label);
GtkWidget *cn_button_new_with_mnemonic (const char *mnemonic_label);

/* Names a drop-down and its inner button, the one that takes the focus
 * (GTK 4.8 leaves that one unnamed). */
void       cn_drop_down_set_name       (GtkWidget  *dropdown,
                                        const char *name);

G_END_DECLS
