/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* INSEE "tranche d'effectif salarié" brackets, as used by SIRENE. */
typedef struct {
  const char *code;       /* "11" */
  const char *label;      /* untranslated English; use cn_headcount_label() */
  int         min;        /* employees, inclusive; -1 when unknown */
  int         max;        /* inclusive; G_MAXINT for the open bracket */
} CnHeadcountBracket;

const CnHeadcountBracket *cn_headcount_brackets (guint      *n_brackets);
const CnHeadcountBracket *cn_headcount_lookup   (const char *code);
/* Translated label, or NULL for an unknown code. */
const char               *cn_headcount_label    (const char *code);
/* The bracket of an exact number of employees ("11" for 12). */
const char               *cn_headcount_code_for_count (int count);
gboolean                  cn_headcount_validate (const char  *text,
                                                 char       **normalized,
                                                 GError     **error);

G_END_DECLS
