/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* g_set_str() arrived in GLib 2.76; Debian 12 has 2.74. */
static inline gboolean
cn_set_str (char       **str_pointer,
            const char  *new_str)
{
  char *copy;

  if (*str_pointer == new_str ||
      (*str_pointer && new_str && strcmp (*str_pointer, new_str) == 0))
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

/* Now, in UTC, as stored: "2026-11-23T14:00:00.123456Z" (sorts as text). */
char *cn_now_iso8601 (void);

/* "23 novembre 2026" style local date for display, from a stored timestamp. */
char *cn_format_date_for_display     (const char *iso8601);
char *cn_format_datetime_for_display (const char *iso8601);

G_END_DECLS
