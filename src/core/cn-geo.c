/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-geo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-error.h"
#include "cn-geo.h"

static const CnDepartment departments[] = {
#include "cn-geo-data.inc"
};

static const CnRegion regions[] = {
#include "cn-region-data.inc"
};

gboolean
cn_postcode_validate (const char  *text,
                      char       **normalized,
                      GError     **error)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ')
        {
          g_string_truncate (digits, 0);
          break;
        }
    }

  if (digits->len != 5)
    {
      g_string_free (digits, TRUE);
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("A postcode has five digits, for example 19000."));
      return FALSE;
    }

  if (normalized)
    *normalized = g_string_free (digits, FALSE);
  else
    g_string_free (digits, TRUE);
  return TRUE;
}

const CnDepartment *
cn_geo_department_lookup (const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (departments); i++)
    if (g_str_equal (departments[i].code, code))
      return &departments[i];
  return NULL;
}

const CnDepartment *
cn_geo_department_for_postcode (const char *postcode)
{
  char code[4] = { 0 };

  if (postcode == NULL || strlen (postcode) != 5)
    return NULL;
  for (guint i = 0; i < 5; i++)
    if (!g_ascii_isdigit (postcode[i]))
      return NULL;

  if (g_str_has_prefix (postcode, "20"))
    {
      /* Corsica: 200xx and 201xx are Corse-du-Sud, 202xx to 206xx Haute-Corse. */
      return cn_geo_department_lookup (postcode[2] <= '1' ? "2A" : "2B");
    }

  if (g_str_has_prefix (postcode, "97"))
    {
      /* Saint-Barthélemy (97133) and Saint-Martin (97150) use Guadeloupe's
       * range but are overseas collectivities, not departments. */
      if (g_str_equal (postcode, "97133") || g_str_equal (postcode, "97150"))
        return NULL;
      memcpy (code, postcode, 3);
      return cn_geo_department_lookup (code);
    }

  memcpy (code, postcode, 2);
  return cn_geo_department_lookup (code);
}

const CnRegion *
cn_geo_region_lookup (const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    if (g_str_equal (regions[i].code, code))
      return &regions[i];
  return NULL;
}

const CnDepartment *
cn_geo_departments (guint *n_departments)
{
  *n_departments = G_N_ELEMENTS (departments);
  return departments;
}

const CnRegion *
cn_geo_regions (guint *n_regions)
{
  *n_regions = G_N_ELEMENTS (regions);
  return regions;
}
