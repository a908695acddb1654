/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Runs the main loop for @ms milliseconds. */
void iterate_for          (guint       ms);

/* Screenshot mode (CN_SCREENSHOT_WIDTH, _HEIGHT, _THEME), read once at
 * start; the values, for tests that lay out their own shots. */
extern int            screenshot_width;
extern int            screenshot_height;
extern AdwColorScheme screenshot_scheme;
void screenshot_mode_init (void);

/* Saves @widget as @name in $CN_SCREENSHOT_DIR (default: the temporary
 * folder): save_png() at the screenshot script's width and theme when set,
 * save_png_as_is() as it is on screen. */
void save_png             (GtkWidget  *widget,
                           const char *name);
void save_png_as_is       (GtkWidget  *widget,
                           const char *name);

G_END_DECLS
