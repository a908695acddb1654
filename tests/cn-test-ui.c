/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the UI tests share: running the main loop a while, and saving
 * screenshots (as the tests ask, or as build-aux/screenshots.sh asks). */
#include "config.h"

#include <glib/gstdio.h>

#include "cn-test-ui.h"

void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Screenshot mode, for build-aux/screenshots.sh only: CN_SCREENSHOT_WIDTH
 * takes every screenshot of a window at that width (the window is resized
 * for the shot, then given back its size, so the test goes on as before);
 * CN_SCREENSHOT_THEME=light|dark|hc|hc-dark forces that style. Both unset,
 * as in `meson test`, the screenshots are taken as the tests ask. */
int screenshot_width;
int screenshot_height;
AdwColorScheme screenshot_scheme = ADW_COLOR_SCHEME_DEFAULT;

void
screenshot_mode_init (void)
{
  const char *width = g_getenv ("CN_SCREENSHOT_WIDTH");
  const char *height = g_getenv ("CN_SCREENSHOT_HEIGHT");
  const char *theme = g_getenv ("CN_SCREENSHOT_THEME");

  if (width && *width)
    screenshot_width = (int) g_ascii_strtoll (width, NULL, 10);
  if (height && *height)
    screenshot_height = (int) g_ascii_strtoll (height, NULL, 10);
  if (theme == NULL || *theme == '\0')
    return;
  /* libadwaita 1.2 has no API to force high contrast; its debug variable
   * does it (read once, by adw_init()). */
  if (g_str_equal (theme, "hc") || g_str_equal (theme, "hc-dark"))
    g_setenv ("ADW_DEBUG_HIGH_CONTRAST", "1", TRUE);
  if (g_str_equal (theme, "light") || g_str_equal (theme, "hc"))
    screenshot_scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (theme, "dark") || g_str_equal (theme, "hc-dark"))
    screenshot_scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  else
    g_error ("CN_SCREENSHOT_THEME=%s: expected light, dark, hc or hc-dark", theme);
}

/* Dismisses the toasts shown in @widget; TRUE if there were some. */
static gboolean
dismiss_toasts (GtkWidget *widget)
{
  gboolean found = FALSE;
  GtkWidget *next;

  /* Without animations a dismissed toast goes at once: find the next
   * child first. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = next)
    {
      next = gtk_widget_get_next_sibling (child);
      /* A toast overlay's toasts are private widgets with a "toast". */
      if (ADW_IS_TOAST_OVERLAY (widget) && g_object_class_find_property (G_OBJECT_GET_CLASS (child), "toast"))
        {
          g_autoptr(AdwToast) toast = NULL;

          g_object_get (child, "toast", &toast, NULL);
          if (toast != NULL)
            {
              adw_toast_dismiss (toast);
              found = TRUE;
            }
        }
      else
        found |= dismiss_toasts (child);
    }
  return found;
}

void
save_png (GtkWidget  *widget,
          const char *name)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  int old_width = 0, old_height = 0;
  gboolean resized = FALSE;

  /* A style the test asked for itself (a "-dark" shot) is kept. */
  if (screenshot_scheme != ADW_COLOR_SCHEME_DEFAULT
      && adw_style_manager_get_color_scheme (style) == ADW_COLOR_SCHEME_DEFAULT)
    {
      adw_style_manager_set_color_scheme (style, screenshot_scheme);
      iterate_for (100);
    }
  if (screenshot_width > 0 && GTK_IS_WINDOW (widget))
    {
      int height;

      gtk_window_get_default_size (GTK_WINDOW (widget), &old_width, &old_height);
      /* A window without a default size is given back the size it had. */
      if (old_width <= 0)
        old_width = gtk_widget_get_width (widget);
      if (old_height <= 0)
        old_height = gtk_widget_get_height (widget);
      height = screenshot_height > 0 ? screenshot_height : old_height;
      if (old_width != screenshot_width || old_height != height)
        {
          gtk_window_set_default_size (GTK_WINDOW (widget), screenshot_width, height);
          iterate_for (500);
          /* A window that changes its layout once narrow (the diagnostic)
           * could only shrink to the minimum of its wide layout. */
          gtk_window_set_default_size (GTK_WINDOW (widget), screenshot_width, height);
          iterate_for (200);
          resized = TRUE;
        }
    }
  save_png_as_is (widget, name);
  if (resized)
    {
      gtk_window_set_default_size (GTK_WINDOW (widget), old_width, old_height);
      iterate_for (500);
    }
}

void
save_png_as_is (GtkWidget  *widget,
                const char *name)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("CN_SCREENSHOT_DIR") ? g_getenv ("CN_SCREENSHOT_DIR")
                                                                           : g_get_tmp_dir (), NULL);
  g_autofree char *path = NULL;

  /* A toast would hide the bottom of the screen (the last rows of a
   * list) for the seconds it stays: the screenshot is of the screen.
   * Those queued behind it show in turn. */
  for (guint i = 0; i < 10 && dismiss_toasts (widget); i++)
    iterate_for (100);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  /* Right after a change the widget may not have drawn yet: give the frame
   * clock up to two seconds. */
  for (guint i = 0; node == NULL && i < 200; i++)
    {
      iterate_for (10);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_test_message ("Saved %s (%dx%d)", path, width, height);
  g_object_unref (paintable);
}
