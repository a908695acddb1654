/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* An icon button that runs @action, with @tooltip as its tooltip and its
 * accessible name (an icon alone says nothing to a screen reader). */
GtkWidget *cn_icon_button_new (const char *icon,
                               const char *tooltip,
                               const char *action);

G_END_DECLS
