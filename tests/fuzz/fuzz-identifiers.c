/* SPDX-License-Identifier: GPL-3.0-or-later */

/* SIRET, SIREN, NAF and postcode as typed or found in a spreadsheet cell.
 * What a parser accepts must be canonical: parsing it again gives it back,
 * and the lookups on it hold. */

#include <string.h>

#include "fuzz-common.h"
#include "cn-geo.h"
#include "cn-identifiers.h"
#include "cn-naf.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *siret = NULL, *siren = NULL, *naf = NULL, *postcode = NULL;
  g_autoptr(GError) error = NULL;

  cn_fuzz_init ();

  if (cn_siret_validate (text, &siret, &error))
    {
      g_autofree char *formatted = cn_siret_format (siret);
      g_autofree char *again = NULL;

      g_assert_cmpuint (strlen (siret), ==, 14);
      g_assert_true (cn_siret_validate (formatted, &again, NULL));
      g_assert_cmpstr (again, ==, siret);
    }
  else
    g_assert_nonnull (error);
  g_clear_error (&error);

  if (cn_siren_validate (text, &siren, &error))
    {
      g_autofree char *formatted = cn_siren_format (siren);
      g_autofree char *again = NULL;

      g_assert_cmpuint (strlen (siren), ==, 9);
      g_assert_true (cn_luhn_is_valid (siren));
      g_assert_true (cn_siren_validate (formatted, &again, NULL));
      g_assert_cmpstr (again, ==, siren);
    }
  else
    g_assert_nonnull (error);
  g_clear_error (&error);
  cn_luhn_is_valid (text);
  g_free (cn_siret_format (text));
  g_free (cn_siren_format (text));

  if (cn_naf_normalize (text, &naf, &error))
    {
      g_autofree char *again = NULL;

      g_assert_nonnull (cn_naf_label (naf));
      g_assert_nonnull (cn_naf_section_label (cn_naf_section (naf)));
      g_assert_true (cn_naf_normalize (naf, &again, NULL));
      g_assert_cmpstr (again, ==, naf);
    }
  else
    g_assert_nonnull (error);
  g_clear_error (&error);
  cn_naf_label (text);
  cn_naf_section (text);

  if (cn_postcode_validate (text, &postcode, &error))
    {
      g_autofree char *again = NULL;

      g_assert_cmpuint (strlen (postcode), ==, 5);
      g_assert_true (cn_postcode_validate (postcode, &again, NULL));
      g_assert_cmpstr (again, ==, postcode);
      cn_geo_department_for_postcode (postcode);
    }
  else
    g_assert_nonnull (error);
  g_clear_error (&error);
  cn_geo_department_for_postcode (text);
  cn_geo_department_lookup (text);
  cn_geo_region_lookup (text);
  return 0;
}
