/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-util"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-util.h"

char *
cn_now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  /* Always with microseconds so that stored times compare as text. */
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static GDateTime *
parse_local (const char *iso8601)
{
  g_autoptr(GDateTime) utc = NULL;

  if (iso8601 == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (iso8601, NULL);
  if (utc == NULL)
    return NULL;
  return g_date_time_to_local (utc);
}

char *
cn_format_date_for_display (const char *iso8601)
{
  g_autoptr(GDateTime) local = parse_local (iso8601);

  if (local == NULL)
    return g_strdup ("");
  /* Translators: a date as shown in lists, see strftime(3); "%-d %B %Y" gives "23 novembre 2026" */
  return g_date_time_format (local, _("%B %-d, %Y"));
}

char *
cn_format_datetime_for_display (const char *iso8601)
{
  g_autoptr(GDateTime) local = parse_local (iso8601);

  if (local == NULL)
    return g_strdup ("");
  /* Translators: a date and time, see strftime(3); "%-d %B %Y à %H:%M" gives "23 novembre 2026 à 14:05" */
  return g_date_time_format (local, _("%B %-d, %Y at %H:%M"));
}
