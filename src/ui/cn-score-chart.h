/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The result of a digital-maturity diagnostic: one horizontal bar per
 * dimension (0–100) under its label, the score as a number, the median of
 * similar companies as a tick across the bar and, when known, the previous
 * diagnostic's score as a thin bar underneath; a legend follows.  Drawn from
 * the current style, so it follows dark mode and the accent colour.  For
 * assistive technologies it is an image whose label sums up every row.
 *
 * Hovering a row shows the same sentence as a tooltip, since the median is a
 * tick without a number. */
#define CN_TYPE_SCORE_CHART (cn_score_chart_get_type ())
G_DECLARE_FINAL_TYPE (CnScoreChart, cn_score_chart, CN, SCORE_CHART, GtkWidget)

GtkWidget *cn_score_chart_new                        (void);

/* Copies @n rows.  @labels: plain text (never markup).  @scores: 0–100,
 * clamped.  @reference: the median of similar companies per row, or NULL.
 * @previous: the previous diagnostic's score per row, or NULL.  In both, a
 * value < 0 means none for that row.  @n may be 0 (all arrays may then be
 * NULL) to show nothing. */
void       cn_score_chart_set_data                   (CnScoreChart       *self,
                                                      guint               n,
                                                      const char *const  *labels,
                                                      const double       *scores,
                                                      const double       *reference,
                                                      const double       *previous);

/* Texts of the legend, already translated: e.g. "Votre score", "Médiane des
 * entreprises comparables", "Diagnostic précédent".  NULL hides an entry; an
 * entry is also hidden while no row has that kind of value.  No legend is
 * shown until this is called. */
void       cn_score_chart_set_legend                 (CnScoreChart       *self,
                                                      const char         *score_label,
                                                      const char         *reference_label,
                                                      const char         *previous_label);

/* printf formats, already translated, of the sentence that describes one row
 * to assistive technologies and in the row's tooltip.  @format takes the
 * label (%s), the score (%d) and the median (%d), e.g.
 * "%s : %d sur 100 (médiane %d)."; @format_without_reference takes the label
 * and the score only, e.g. "%s : %d sur 100.".  Scores are rounded to
 * integers.  The sentences are joined by a space, so end them with their
 * punctuation.  NULL restores the English default of that format
 * ("%s: %d out of 100 (median %d)." and "%s: %d out of 100."). */
void       cn_score_chart_set_row_description_format (CnScoreChart       *self,
                                                      const char         *format,
                                                      const char         *format_without_reference);

G_END_DECLS
