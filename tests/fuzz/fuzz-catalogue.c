/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The catalogue files: the first byte says which one the input replaces
 * ('p' prices, 'a' aids, anything else testimonies), the others are the
 * shipped ones, so that a replaced file meets real data.  When it loads,
 * judging the aids and matching a testimony must hold too. */

#include "fuzz-common.h"
#include "cn-catalogue.h"

#define RESOURCE_DIR "/io/github/croissanceconnectee/Connecteur/catalogue/"

static char *
shipped (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_DIR, name, NULL);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);

  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *files[3];
  const char *texts[3];
  g_autofree char *text = NULL;
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(GError) error = NULL;
  int which;

  cn_fuzz_init ();
  if (files[0] == NULL)
    {
      files[0] = shipped ("prices.json");
      files[1] = shipped ("aids.json");
      files[2] = shipped ("testimonies.json");
    }
  if (size == 0)
    return 0;
  which = data[0] == 'p' ? 0 : data[0] == 'a' ? 1 : 2;
  text = g_strndup ((const char *) data + 1, size - 1);
  for (int i = 0; i < 3; i++)
    texts[i] = i == which ? text : files[i];

  catalogue = cn_catalogue_load_data (texts[0], texts[1], texts[2], &error);
  g_assert_true ((catalogue == NULL) != (error == NULL));
  if (catalogue != NULL)
    {
      g_autoptr(CnCompany) company = cn_company_new ();
      g_autoptr(GPtrArray) verdicts = NULL;
      const char *actions[] = { "site-vitrine", "fiche-google", NULL };

      cn_company_set_name (company, "Fleurs de Corrèze");
      cn_company_set_naf (company, "47.76Z");
      cn_company_set_headcount (company, "03");
      cn_company_set_postcode (company, "19000");
      verdicts = cn_catalogue_judge_aids (catalogue, company, NULL, 1500, "2025-03-01");
      g_clear_pointer (&verdicts, g_ptr_array_unref);
      verdicts = cn_catalogue_judge_aids (catalogue, company, "vente-promotion", 0, "2030-12-31");
      cn_catalogue_match_testimony (catalogue, company, "micro", 0, actions);
      cn_catalogue_find_price (catalogue, "site-vitrine");
    }
  return 0;
}
