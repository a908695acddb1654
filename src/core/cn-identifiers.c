/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-identifiers"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-error.h"
#include "cn-identifiers.h"

/* La Poste's establishments share one SIREN and got SIRETs long before the
 * Luhn rule: for them the digit sum is a multiple of 5 instead. */
#define LA_POSTE_SIREN "356000000"

G_DEFINE_QUARK (cn-error-quark, cn_error)

gboolean
cn_luhn_is_valid (const char *digits)
{
  gsize len = strlen (digits);
  guint sum = 0;

  if (len == 0)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = digits[len - 1 - i];
      guint d;

      if (!g_ascii_isdigit (c))
        return FALSE;
      d = c - '0';
      if (i % 2 == 1)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }

  return sum % 10 == 0;
}

/* Keeps digits, drops the spaces people type between groups; anything else
 * makes the text invalid.  Returns NULL on a non-digit. */
static char *
strip_digits (const char *text,
              gboolean   *had_other)
{
  GString *s = g_string_new (NULL);

  *had_other = FALSE;
  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (s, *p);
      else if (*p == ' ' || *p == '.' || *p == '\t')
        continue;
      else
        *had_other = TRUE;
    }

  return g_string_free (s, FALSE);
}

static gboolean
validate_number (const char  *text,
                 guint        expected_len,
                 const char  *what,
                 char       **normalized,
                 GError     **error)
{
  g_autofree char *digits = NULL;
  gboolean had_other;

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   /* Translators: %s is "SIREN" or "SIRET" */
                   _("The %s is empty."), what);
      return FALSE;
    }

  digits = strip_digits (text, &had_other);
  if (had_other)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   /* Translators: %s is "SIREN" or "SIRET" */
                   _("The %s may only contain digits."), what);
      return FALSE;
    }

  if (strlen (digits) != expected_len)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   /* Translators: first %s is "SIREN" or "SIRET", %u a count, %u the count typed */
                   _("The %s must have %u digits (%u typed)."),
                   what, expected_len, (guint) strlen (digits));
      return FALSE;
    }

  if (!cn_luhn_is_valid (digits))
    {
      gboolean la_poste = FALSE;

      if (expected_len == 14 && g_str_has_prefix (digits, LA_POSTE_SIREN))
        {
          guint sum = 0;
          for (const char *p = digits; *p; p++)
            sum += *p - '0';
          la_poste = sum % 5 == 0;
        }

      if (!la_poste)
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                       /* Translators: %s is "SIREN" or "SIRET" */
                       _("This %s is not valid: its check digit does not match. Check for a typing mistake."),
                       what);
          return FALSE;
        }
    }

  if (normalized)
    *normalized = g_steal_pointer (&digits);
  return TRUE;
}

gboolean
cn_siren_validate (const char  *text,
                   char       **normalized,
                   GError     **error)
{
  return validate_number (text, 9, "SIREN", normalized, error);
}

gboolean
cn_siret_validate (const char  *text,
                   char       **normalized,
                   GError     **error)
{
  return validate_number (text, 14, "SIRET", normalized, error);
}

char *
cn_siren_format (const char *siren)
{
  if (siren == NULL || strlen (siren) != 9)
    return g_strdup (siren ? siren : "");
  return g_strdup_printf ("%.3s %.3s %.3s", siren, siren + 3, siren + 6);
}

char *
cn_siret_format (const char *siret)
{
  if (siret == NULL || strlen (siret) != 14)
    return g_strdup (siret ? siret : "");
  return g_strdup_printf ("%.3s %.3s %.3s %.5s", siret, siret + 3, siret + 6, siret + 9);
}
