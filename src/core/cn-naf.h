/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  const char *code;   /* "47.71Z" */
  const char *label;  /* official INSEE label, French */
} CnNafEntry;

typedef struct {
  char        letter; /* 'G' */
  const char *label;
} CnNafSection;

/* Accepts the forms found in spreadsheets ("4771Z", "47.71z", "47 71 Z")
 * and returns the canonical "47.71Z" if it is a NAF rév. 2 subclass. */
gboolean            cn_naf_normalize     (const char  *text,
                                          char       **normalized,
                                          GError     **error);
const char         *cn_naf_label         (const char  *code);
/* The section letter of a canonical code (from its division), or 0. */
char                cn_naf_section       (const char  *code);
const char         *cn_naf_section_label (char         letter);
const CnNafSection *cn_naf_sections      (guint       *n_sections);
const CnNafEntry   *cn_naf_entries       (guint       *n_entries);

G_END_DECLS
