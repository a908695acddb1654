/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cn-error.h"
#include "cn-geo.h"

#include "cn-test-util.h"

static void
assert_department (const char *postcode,
                   const char *code,
                   const char *region)
{
  const CnDepartment *dep = cn_geo_department_for_postcode (postcode);

  if (dep == NULL)
    g_error ("%s: no department, expected %s", postcode, code);
  g_assert_cmpstr (dep->code, ==, code);
  g_assert_cmpstr (dep->region_code, ==, region);
  g_assert_true (cn_geo_department_lookup (code) == dep);
  g_assert_nonnull (cn_geo_region_lookup (region));
}

static void
test_metropole (void)
{
  assert_department ("19000", "19", "75");
  assert_department ("75001", "75", "11");
  assert_department ("01000", "01", "84");
  assert_department ("45000", "45", "24");
  assert_department ("95000", "95", "11");

  g_assert_cmpstr (cn_geo_department_for_postcode ("19000")->name, ==, "Corrèze");
  g_assert_cmpstr (cn_geo_region_lookup ("75")->name, ==, "Nouvelle-Aquitaine");
  g_assert_cmpstr (cn_geo_region_lookup ("11")->name, ==, "Île-de-France");
}

static void
test_corsica (void)
{
  assert_department ("20000", "2A", "94");
  assert_department ("20090", "2A", "94");
  assert_department ("20167", "2A", "94");
  assert_department ("20200", "2B", "94");
  assert_department ("20600", "2B", "94");
  g_assert_cmpstr (cn_geo_department_lookup ("2A")->name, ==, "Corse-du-Sud");
  g_assert_cmpstr (cn_geo_department_lookup ("2B")->name, ==, "Haute-Corse");
  g_assert_null (cn_geo_department_lookup ("20"));
}

static void
test_overseas (void)
{
  assert_department ("97100", "971", "01");
  assert_department ("97200", "972", "02");
  assert_department ("97300", "973", "03");
  assert_department ("97400", "974", "04");
  assert_department ("97600", "976", "06");
  g_assert_cmpstr (cn_geo_region_lookup ("01")->name, ==, "Guadeloupe");
  g_assert_cmpstr (cn_geo_region_lookup ("06")->name, ==, "Mayotte");
}

static void
test_outside_departments (void)
{
  g_assert_null (cn_geo_department_for_postcode ("97133")); /* Saint-Barthélemy */
  g_assert_null (cn_geo_department_for_postcode ("97150")); /* Saint-Martin */
  g_assert_null (cn_geo_department_for_postcode ("97500")); /* Saint-Pierre-et-Miquelon */
  g_assert_null (cn_geo_department_for_postcode ("98000")); /* Monaco */
  g_assert_null (cn_geo_department_for_postcode ("98800")); /* Nouvelle-Calédonie */
  g_assert_null (cn_geo_department_for_postcode ("00100"));
  g_assert_null (cn_geo_department_for_postcode ("7500"));
  g_assert_null (cn_geo_department_for_postcode ("750011"));
  g_assert_null (cn_geo_department_for_postcode ("7500A"));
  g_assert_null (cn_geo_department_for_postcode (""));
  g_assert_null (cn_geo_department_for_postcode (NULL));

  /* Guadeloupe around them still is. */
  assert_department ("97134", "971", "01");
}

static void
test_postcode_validate (void)
{
  static const struct { const char *text, *expected; } ok[] = {
    { "75001", "75001" },
    { "75 001", "75001" },
    { " 19000 ", "19000" },
    { "2 0 0 0 0", "20000" },
  };
  static const char *refused[] = {
    "7500", "7500A", "750011", "", "75-001", "75001\n", "A5001", "７５００１",
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_assert_true (cn_postcode_validate (ok[i].text, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, ok[i].expected);
    }
  g_assert_true (cn_postcode_validate ("19000", NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      char *normalized = NULL;

      g_assert_false (cn_postcode_validate (refused[i], &normalized, &error));
      g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
      g_assert_null (normalized);
    }

  {
    g_autoptr(GError) error = NULL;
    g_assert_false (cn_postcode_validate (NULL, NULL, &error));
    g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  }
}

static void
test_tables (void)
{
  guint n_departments = 0, n_regions = 0;
  const CnDepartment *departments = cn_geo_departments (&n_departments);
  const CnRegion *regions = cn_geo_regions (&n_regions);
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);

  /* 96 in metropolitan France (with 2A and 2B) and 5 overseas. */
  g_assert_cmpuint (n_departments, ==, 101);
  g_assert_cmpuint (n_regions, ==, 18);

  for (guint i = 0; i < n_departments; i++)
    {
      g_assert_true (g_hash_table_add (codes, (gpointer) departments[i].code));
      g_assert_nonnull (departments[i].name);
      /* Every department's region exists. */
      if (cn_geo_region_lookup (departments[i].region_code) == NULL)
        g_error ("department %s: unknown region %s",
                 departments[i].code, departments[i].region_code);
      g_assert_true (cn_geo_department_lookup (departments[i].code) == &departments[i]);
    }

  for (guint i = 0; i < n_regions; i++)
    g_assert_true (cn_geo_region_lookup (regions[i].code) == &regions[i]);

  g_assert_null (cn_geo_region_lookup ("99"));
  g_assert_null (cn_geo_region_lookup (NULL));
  g_assert_null (cn_geo_department_lookup ("96"));
  g_assert_null (cn_geo_department_lookup (NULL));
}

int
main (int   argc,
      char *argv[])
{
  cn_test_init (&argc, &argv);

  g_test_add_func ("/geo/metropole", test_metropole);
  g_test_add_func ("/geo/corsica", test_corsica);
  g_test_add_func ("/geo/overseas", test_overseas);
  g_test_add_func ("/geo/outside-departments", test_outside_departments);
  g_test_add_func ("/geo/postcode-validate", test_postcode_validate);
  g_test_add_func ("/geo/tables", test_tables);

  return g_test_run ();
}
