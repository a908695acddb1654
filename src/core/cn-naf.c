/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-naf"

#include "config.h"

#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "cn-error.h"
#include "cn-naf.h"

static const CnNafEntry naf_entries[] = {
#include "cn-naf-data.inc"
};

static const CnNafSection naf_sections[] = {
#include "cn-naf-sections.inc"
};

/* Sections are defined by ranges of divisions (the first two digits). */
static const struct {
  guint first, last;
  char letter;
} section_ranges[] = {
  { 1, 3, 'A' }, { 5, 9, 'B' }, { 10, 33, 'C' }, { 35, 35, 'D' },
  { 36, 39, 'E' }, { 41, 43, 'F' }, { 45, 47, 'G' }, { 49, 53, 'H' },
  { 55, 56, 'I' }, { 58, 63, 'J' }, { 64, 66, 'K' }, { 68, 68, 'L' },
  { 69, 75, 'M' }, { 77, 82, 'N' }, { 84, 84, 'O' }, { 85, 85, 'P' },
  { 86, 88, 'Q' }, { 90, 93, 'R' }, { 94, 96, 'S' }, { 97, 98, 'T' },
  { 99, 99, 'U' },
};

static int
compare_entry (const void *key,
               const void *member)
{
  return strcmp (key, ((const CnNafEntry *) member)->code);
}

const char *
cn_naf_label (const char *code)
{
  const CnNafEntry *entry;

  if (code == NULL)
    return NULL;

  entry = bsearch (code, naf_entries, G_N_ELEMENTS (naf_entries),
                   sizeof naf_entries[0], compare_entry);
  return entry ? entry->label : NULL;
}

gboolean
cn_naf_normalize (const char  *text,
                  char       **normalized,
                  GError     **error)
{
  char digits[5];
  char letter = 0;
  guint n_digits = 0;
  char canonical[7];

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The activity code is empty."));
      return FALSE;
    }

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p) && letter == 0 && n_digits < 4)
        digits[n_digits++] = *p;
      else if (g_ascii_isalpha (*p) && n_digits == 4 && letter == 0)
        letter = g_ascii_toupper (*p);
      else if (*p == '.' || *p == ' ' || *p == '-')
        continue;
      else
        {
          n_digits = 0;
          break;
        }
    }

  if (n_digits != 4 || letter == 0)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The activity code must look like 47.71Z (four digits and a letter)."));
      return FALSE;
    }

  g_snprintf (canonical, sizeof canonical, "%c%c.%c%c%c",
              digits[0], digits[1], digits[2], digits[3], letter);

  if (cn_naf_label (canonical) == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("%s is not a NAF rév. 2 activity code."), canonical);
      return FALSE;
    }

  if (normalized)
    *normalized = g_strdup (canonical);
  return TRUE;
}

char
cn_naf_section (const char *code)
{
  guint division;

  if (code == NULL || !g_ascii_isdigit (code[0]) || !g_ascii_isdigit (code[1]))
    return 0;

  division = (code[0] - '0') * 10 + (code[1] - '0');
  for (guint i = 0; i < G_N_ELEMENTS (section_ranges); i++)
    if (division >= section_ranges[i].first && division <= section_ranges[i].last)
      return section_ranges[i].letter;

  return 0;
}

const char *
cn_naf_section_label (char letter)
{
  for (guint i = 0; i < G_N_ELEMENTS (naf_sections); i++)
    if (naf_sections[i].letter == letter)
      return naf_sections[i].label;
  return NULL;
}

const CnNafSection *
cn_naf_sections (guint *n_sections)
{
  *n_sections = G_N_ELEMENTS (naf_sections);
  return naf_sections;
}

const CnNafEntry *
cn_naf_entries (guint *n_entries)
{
  *n_entries = G_N_ELEMENTS (naf_entries);
  return naf_entries;
}
