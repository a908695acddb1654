/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *code;        /* INSEE department code: "01" … "95", "2A", "2B", "971" … "976" */
  const char *name;
  const char *region_code; /* INSEE region code */
} CnDepartment;

typedef struct {
  const char *code;
  const char *name;
} CnRegion;

/* Five digits, spaces tolerated ("75 001"). */
gboolean            cn_postcode_validate                (const char  *text,
                                                         char       **normalized,
                                                         GError     **error);
/* The department a postcode belongs to, or NULL outside the departments
 * (Monaco, Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, Pacific). */
const CnDepartment *cn_geo_department_for_postcode      (const char  *postcode);
const CnDepartment *cn_geo_department_lookup            (const char  *code);
const CnRegion     *cn_geo_region_lookup                (const char  *code);
const CnDepartment *cn_geo_departments                  (guint       *n_departments);
const CnRegion     *cn_geo_regions                      (guint       *n_regions);

G_END_DECLS
