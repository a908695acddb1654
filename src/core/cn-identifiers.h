/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* French company identifiers.  Both functions accept spaces between digit
 * groups ("418 166 096 00069") and write the bare digits to @normalized. */
gboolean cn_siren_validate (const char  *text,
                            char       **normalized,
                            GError     **error);
gboolean cn_siret_validate (const char  *text,
                            char       **normalized,
                            GError     **error);

gboolean cn_luhn_is_valid  (const char  *digits);

/* "41816609600069" -> "418 166 096 00069" (display form). */
char    *cn_siret_format   (const char  *siret);
char    *cn_siren_format   (const char  *siren);

G_END_DECLS
