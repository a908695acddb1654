/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-headcount"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-error.h"
#include "cn-headcount.h"

static const CnHeadcountBracket brackets[] = {
  { "NN", N_("No employees (non-employer unit)"), 0, 0 },
  { "00", N_("0 employees at year end"), 0, 0 },
  { "01", N_("1 or 2 employees"), 1, 2 },
  { "02", N_("3 to 5 employees"), 3, 5 },
  { "03", N_("6 to 9 employees"), 6, 9 },
  { "11", N_("10 to 19 employees"), 10, 19 },
  { "12", N_("20 to 49 employees"), 20, 49 },
  { "21", N_("50 to 99 employees"), 50, 99 },
  { "22", N_("100 to 199 employees"), 100, 199 },
  { "31", N_("200 to 249 employees"), 200, 249 },
  { "32", N_("250 to 499 employees"), 250, 499 },
  { "41", N_("500 to 999 employees"), 500, 999 },
  { "42", N_("1,000 to 1,999 employees"), 1000, 1999 },
  { "51", N_("2,000 to 4,999 employees"), 2000, 4999 },
  { "52", N_("5,000 to 9,999 employees"), 5000, 9999 },
  { "53", N_("10,000 employees or more"), 10000, G_MAXINT },
};

const CnHeadcountBracket *
cn_headcount_brackets (guint *n_brackets)
{
  *n_brackets = G_N_ELEMENTS (brackets);
  return brackets;
}

const CnHeadcountBracket *
cn_headcount_lookup (const char *code)
{
  if (code == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (brackets); i++)
    if (g_str_equal (brackets[i].code, code))
      return &brackets[i];
  return NULL;
}

const char *
cn_headcount_code_for_count (int count)
{
  g_return_val_if_fail (count >= 0, NULL);

  /* "00" (no employee at year end) rather than "NN" (not an employer). */
  for (guint i = 0; i < G_N_ELEMENTS (brackets); i++)
    if (g_strcmp0 (brackets[i].code, "NN") != 0 && count >= brackets[i].min && count <= brackets[i].max)
      return brackets[i].code;
  g_return_val_if_reached (NULL);
}

const char *
cn_headcount_label (const char *code)
{
  const CnHeadcountBracket *b = cn_headcount_lookup (code);
  return b ? g_dgettext (GETTEXT_PACKAGE, b->label) : NULL;
}

gboolean
cn_headcount_validate (const char  *text,
                       char       **normalized,
                       GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autofree char *code = NULL;

  if (text == NULL)
    text = "";
  trimmed = g_strstrip (g_strdup (text));
  code = g_ascii_strup (trimmed, -1);

  /* Spreadsheets often lose the leading zero of "01". */
  if (strlen (code) == 1 && g_ascii_isdigit (code[0]))
    {
      char *padded = g_strdup_printf ("0%s", code);
      g_free (code);
      code = padded;
    }

  if (cn_headcount_lookup (code) == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("“%s” is not an INSEE headcount bracket (NN, 00, 01, 02, 03, 11, 12, 21 … 53)."),
                   text);
      return FALSE;
    }

  if (normalized)
    *normalized = g_steal_pointer (&code);
  return TRUE;
}
