/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-score-chart"

#include "config.h"

#include <math.h>

#include "cn-score-chart.h"

/* Sizes in pixels.  The bar is thick enough to read across a table, the
 * median tick sticks out of it so it stays visible over the fill, and the
 * previous score is a thinner bar so it never competes with the current one. */
#define MIN_WIDTH 240
#define NAT_WIDTH 480
#define LABEL_MAX_LINES 2
#define LABEL_BAR_GAP 6
#define BAR_HEIGHT 12
#define MARKER_WIDTH 3
#define MARKER_OVERHANG 4
#define PREVIOUS_GAP 5
#define PREVIOUS_HEIGHT 4
#define NUMBER_GAP 12
#define ROW_SPACING 18
#define LEGEND_TOP 20
#define LEGEND_ITEM_SPACING 18
#define LEGEND_LINE_SPACING 6
#define SWATCH_WIDTH 16
#define SWATCH_GAP 6

/* Opacities applied to the foreground colour, so the chart works on any
 * background: the empty track must stay discreet, the previous score must
 * stand out from the track. */
#define TRACK_ALPHA 0.12
#define PREVIOUS_ALPHA 0.55

#define DEFAULT_FORMAT "%s: %d out of 100 (median %d)."
#define DEFAULT_FORMAT_WITHOUT_REFERENCE "%s: %d out of 100."

struct _CnScoreChart
{
  GtkWidget parent_instance;

  guint n;
  char **labels;
  double *scores;
  double *reference; /* NULL, or n values; < 0 means none */
  double *previous;  /* same */

  char *score_label, *reference_label, *previous_label;
  char *format, *format_without_reference;
};

G_DEFINE_FINAL_TYPE (CnScoreChart, cn_score_chart, GTK_TYPE_WIDGET)

typedef enum
{
  LEGEND_SCORE,
  LEGEND_REFERENCE,
  LEGEND_PREVIOUS,
  N_LEGEND,
} LegendEntry;

typedef struct
{
  GdkRGBA fg, accent, track, previous;
} Colors;

static void
replace_str (char      **dest,
             const char *src)
{
  char *copy = g_strdup (src);

  g_free (*dest);
  *dest = copy;
}

static double *
dup_values (const double *values,
            guint         n)
{
  return values != NULL && n > 0 ? g_memdup2 (values, n * sizeof (double)) : NULL;
}

/* Out-of-range or NaN scores from a bad import must not draw outside the bar. */
static double
clamp_score (double value)
{
  if (!isfinite (value))
    return 0;
  return CLAMP (value, 0, 100);
}

static gboolean
has_value (const double *values,
           guint         i)
{
  return values != NULL && isfinite (values[i]) && values[i] >= 0;
}

static gboolean
any_value (CnScoreChart *self,
           const double *values)
{
  for (guint i = 0; i < self->n; i++)
    if (has_value (values, i))
      return TRUE;
  return FALSE;
}

static const char *
legend_text (CnScoreChart *self,
             LegendEntry   entry)
{
  switch (entry)
    {
    case LEGEND_SCORE:
      return self->n > 0 ? self->score_label : NULL;
    case LEGEND_REFERENCE:
      return any_value (self, self->reference) ? self->reference_label : NULL;
    case LEGEND_PREVIOUS:
      return any_value (self, self->previous) ? self->previous_label : NULL;
    case N_LEGEND:
    default:
      g_assert_not_reached ();
    }
}

static char *
describe_row (CnScoreChart *self,
              guint         i)
{
  int score = (int) round (clamp_score (self->scores[i]));

  if (has_value (self->reference, i))
    return g_strdup_printf (self->format, self->labels[i], score,
                            (int) round (clamp_score (self->reference[i])));
  return g_strdup_printf (self->format_without_reference, self->labels[i], score);
}

static void
update_accessible_label (CnScoreChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->n == 0)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }
  for (guint i = 0; i < self->n; i++)
    {
      g_autofree char *sentence = describe_row (self, i);

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, sentence);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
}

static void
get_colors (CnScoreChart *self,
            Colors       *colors)
{
  /* The style context is deprecated from 4.10 on, for gtk_widget_get_color(),
   * but is the only way to read the colours in 4.8. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &colors->fg);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &colors->accent))
    gdk_rgba_parse (&colors->accent, "#3584e4");
  G_GNUC_END_IGNORE_DEPRECATIONS

  colors->track = colors->fg;
  colors->track.alpha *= TRACK_ALPHA;
  colors->previous = colors->fg;
  colors->previous.alpha *= PREVIOUS_ALPHA;
}

static void
append_rounded (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                const GdkRGBA         *color)
{
  GskRoundedRect rounded;
  float radius = MIN (rect->size.width, rect->size.height) / 2;

  gsk_rounded_rect_init_from_rect (&rounded, rect, radius);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, rect);
  gtk_snapshot_pop (snapshot);
}

static void
append_layout (GtkSnapshot   *snapshot,
               PangoLayout   *layout,
               float          x,
               float          y,
               const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* The median tick, centred on @x across a bar whose top is @bar_y. */
static void
append_marker (GtkSnapshot   *snapshot,
               float          x,
               float          bar_y,
               const GdkRGBA *color)
{
  graphene_rect_t rect = GRAPHENE_RECT_INIT (x - MARKER_WIDTH / 2.f, bar_y - MARKER_OVERHANG,
                                             MARKER_WIDTH, BAR_HEIGHT + 2 * MARKER_OVERHANG);

  append_rounded (snapshot, &rect, color);
}

static PangoLayout *
create_label_layout (CnScoreChart *self,
                     const char   *text,
                     int           width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  /* Dimension names are long ("Présence et visibilité en ligne"): wrap them
   * rather than squeeze the bars, but cap the lines so one label cannot push
   * the others off screen. */
  pango_layout_set_width (layout, MAX (width, 1) * PANGO_SCALE);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (layout, -LABEL_MAX_LINES);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
}

static PangoLayout *
create_number_layout (CnScoreChart *self,
                      const char   *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  /* Tabular digits so the numbers line up from one row to the next. */
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

/* Width kept right of the bars for the numbers: that of the widest, "100". */
static int
number_column_width (CnScoreChart *self)
{
  g_autoptr(PangoLayout) layout = create_number_layout (self, "100");
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

static void
append_swatch (GtkSnapshot  *snapshot,
               LegendEntry   entry,
               float         x,
               float         y,
               const Colors *colors)
{
  graphene_rect_t bar = GRAPHENE_RECT_INIT (x, y, SWATCH_WIDTH, BAR_HEIGHT);

  switch (entry)
    {
    case LEGEND_SCORE:
      append_rounded (snapshot, &bar, &colors->accent);
      break;
    case LEGEND_REFERENCE:
      append_rounded (snapshot, &bar, &colors->track);
      append_marker (snapshot, x + SWATCH_WIDTH / 2.f, y, &colors->fg);
      break;
    case LEGEND_PREVIOUS:
      append_rounded (snapshot,
                      &GRAPHENE_RECT_INIT (x, y + (BAR_HEIGHT - PREVIOUS_HEIGHT) / 2.f,
                                           SWATCH_WIDTH, PREVIOUS_HEIGHT),
                      &colors->previous);
      break;
    case N_LEGEND:
    default:
      g_assert_not_reached ();
    }
}

/* Lays the legend out from @y in @width, left to right, wrapping entries that
 * do not fit; draws it when @snapshot is set.  Returns its height. */
static int
layout_legend (CnScoreChart *self,
               int           width,
               int           y,
               GtkSnapshot  *snapshot,
               const Colors *colors)
{
  /* The swatch sticks out of its bar for the median tick. */
  int swatch_height = BAR_HEIGHT + 2 * MARKER_OVERHANG;
  int x = 0, line_top = y, line_height = 0;
  gboolean any = FALSE;

  for (LegendEntry entry = 0; entry < N_LEGEND; entry++)
    {
      const char *text = legend_text (self, entry);
      g_autoptr(PangoLayout) layout = NULL;
      PangoRectangle first_line;
      int text_width, text_height, item_width, item_height, first_height;

      if (text == NULL || *text == '\0')
        continue;

      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      /* A legend wider than the widget wraps like the labels, the legend
       * being what makes the chart readable. */
      pango_layout_set_width (layout, MAX (width - SWATCH_WIDTH - SWATCH_GAP, 1) * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_height (layout, -LABEL_MAX_LINES);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      pango_layout_line_get_pixel_extents (pango_layout_get_line_readonly (layout, 0),
                                           NULL, &first_line);
      item_width = SWATCH_WIDTH + SWATCH_GAP + text_width;
      /* The swatch faces the first line of a wrapped text. */
      first_height = MAX (swatch_height, first_line.height);
      item_height = MAX (first_height, (first_height - first_line.height) / 2 + text_height);

      if (x > 0 && x + item_width > width)
        {
          line_top += line_height + LEGEND_LINE_SPACING;
          x = 0;
          line_height = 0;
        }
      if (snapshot != NULL)
        {
          append_swatch (snapshot, entry, x, line_top + (first_height - BAR_HEIGHT) / 2.f, colors);
          append_layout (snapshot, layout, x + SWATCH_WIDTH + SWATCH_GAP,
                         line_top + (first_height - first_line.height) / 2, &colors->fg);
        }
      x += item_width + LEGEND_ITEM_SPACING;
      line_height = MAX (line_height, item_height);
      any = TRUE;
    }

  return any ? line_top + line_height - y : 0;
}

/* Lays the chart out in @width and, when @snapshot is set, draws it.  When
 * @hit_y is >= 0, stores in @hit_row the row drawn at that height, or -1.
 * Returns the height of the chart, so measuring and drawing cannot disagree. */
static int
layout_chart (CnScoreChart *self,
              int           width,
              GtkSnapshot  *snapshot,
              int           hit_y,
              int          *hit_row)
{
  Colors colors = { 0 };
  int number_width = number_column_width (self);
  int bar_width = MAX (width - number_width - NUMBER_GAP, 1);
  gboolean with_previous = any_value (self, self->previous);
  int y = 0, legend_height;

  if (hit_row != NULL)
    *hit_row = -1;
  if (snapshot != NULL)
    get_colors (self, &colors);

  for (guint i = 0; i < self->n; i++)
    {
      g_autoptr(PangoLayout) label = create_label_layout (self, self->labels[i], width);
      int row_top = y, label_height, bar_y;

      pango_layout_get_pixel_size (label, NULL, &label_height);
      bar_y = row_top + label_height + LABEL_BAR_GAP + MARKER_OVERHANG;
      y = bar_y + BAR_HEIGHT + MARKER_OVERHANG;
      /* The previous bar's slot is kept in every row once one row has it, so
       * the rows stay evenly spaced. */
      if (with_previous)
        y = MAX (y, bar_y + BAR_HEIGHT + PREVIOUS_GAP + PREVIOUS_HEIGHT);

      if (hit_y >= 0 && hit_y >= row_top && hit_y < y + ROW_SPACING / 2)
        *hit_row = i;

      if (snapshot != NULL)
        {
          double score = clamp_score (self->scores[i]);
          g_autofree char *number = g_strdup_printf ("%d", (int) round (score));
          g_autoptr(PangoLayout) number_layout = create_number_layout (self, number);
          graphene_rect_t track = GRAPHENE_RECT_INIT (0, bar_y, bar_width, BAR_HEIGHT);
          GskRoundedRect track_clip;
          int number_text_width, number_text_height;

          append_layout (snapshot, label, 0, row_top, &colors.fg);

          append_rounded (snapshot, &track, &colors.track);
          if (score > 0)
            {
              /* The fill keeps its own round end but is clipped to the
               * track, so a tiny score stays a sliver inside the bar. */
              gsk_rounded_rect_init_from_rect (&track_clip, &track, BAR_HEIGHT / 2.f);
              gtk_snapshot_push_rounded_clip (snapshot, &track_clip);
              append_rounded (snapshot,
                              &GRAPHENE_RECT_INIT (0, bar_y, bar_width * score / 100, BAR_HEIGHT),
                              &colors.accent);
              gtk_snapshot_pop (snapshot);
            }

          if (has_value (self->previous, i))
            {
              double previous = clamp_score (self->previous[i]);

              if (previous > 0)
                append_rounded (snapshot,
                                &GRAPHENE_RECT_INIT (0, bar_y + BAR_HEIGHT + PREVIOUS_GAP,
                                                     bar_width * previous / 100, PREVIOUS_HEIGHT),
                                &colors.previous);
            }

          if (has_value (self->reference, i))
            {
              /* Kept inside the track at 0 and 100 so the tick is never cut. */
              float x = bar_width * clamp_score (self->reference[i]) / 100;

              x = CLAMP (x, MARKER_WIDTH / 2.f, bar_width - MARKER_WIDTH / 2.f);
              append_marker (snapshot, x, bar_y, &colors.fg);
            }

          pango_layout_get_pixel_size (number_layout, &number_text_width, &number_text_height);
          append_layout (snapshot, number_layout, width - number_text_width,
                         bar_y + (BAR_HEIGHT - number_text_height) / 2.f, &colors.fg);
        }

      if (i + 1 < self->n)
        y += ROW_SPACING;
    }

  legend_height = layout_legend (self, width, y + LEGEND_TOP, snapshot, &colors);
  if (legend_height > 0)
    y += LEGEND_TOP + legend_height;
  return y;
}

static GtkSizeRequestMode
cn_score_chart_get_request_mode (GtkWidget *widget G_GNUC_UNUSED)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cn_score_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline G_GNUC_UNUSED,
                        int            *natural_baseline G_GNUC_UNUSED)
{
  CnScoreChart *self = CN_SCORE_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NAT_WIDTH;
    }
  else
    {
      /* Without a width, assume the narrowest: labels wrap most there. */
      *minimum = *natural = layout_chart (self, for_size < 0 ? MIN_WIDTH : for_size, NULL, -1, NULL);
    }
}

static void
cn_score_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CnScoreChart *self = CN_SCORE_CHART (widget);

  layout_chart (self, gtk_widget_get_width (widget), snapshot, -1, NULL);
}

static gboolean
cn_score_chart_query_tooltip (GtkWidget  *widget,
                              int         x G_GNUC_UNUSED,
                              int         y,
                              gboolean    keyboard_mode G_GNUC_UNUSED,
                              GtkTooltip *tooltip)
{
  CnScoreChart *self = CN_SCORE_CHART (widget);
  g_autofree char *sentence = NULL;
  int row;

  layout_chart (self, gtk_widget_get_width (widget), NULL, MAX (y, 0), &row);
  if (row < 0)
    return FALSE;
  sentence = describe_row (self, row);
  gtk_tooltip_set_text (tooltip, sentence);
  return TRUE;
}

static void
cn_score_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (cn_score_chart_parent_class)->css_changed (widget, change);

  /* The colours are read while drawing, and a switch to dark mode or a new
   * accent colour may not change anything GTK knows this widget draws. */
  gtk_widget_queue_draw (widget);
}

static void
cn_score_chart_finalize (GObject *object)
{
  CnScoreChart *self = CN_SCORE_CHART (object);

  g_strfreev (self->labels);
  g_free (self->scores);
  g_free (self->reference);
  g_free (self->previous);
  g_free (self->score_label);
  g_free (self->reference_label);
  g_free (self->previous_label);
  g_free (self->format);
  g_free (self->format_without_reference);

  G_OBJECT_CLASS (cn_score_chart_parent_class)->finalize (object);
}

static void
cn_score_chart_class_init (CnScoreChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cn_score_chart_finalize;
  widget_class->get_request_mode = cn_score_chart_get_request_mode;
  widget_class->measure = cn_score_chart_measure;
  widget_class->snapshot = cn_score_chart_snapshot;
  widget_class->query_tooltip = cn_score_chart_query_tooltip;
  widget_class->css_changed = cn_score_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "scorechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cn_score_chart_init (CnScoreChart *self)
{
  self->format = g_strdup (DEFAULT_FORMAT);
  self->format_without_reference = g_strdup (DEFAULT_FORMAT_WITHOUT_REFERENCE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
cn_score_chart_new (void)
{
  return g_object_new (CN_TYPE_SCORE_CHART, NULL);
}

void
cn_score_chart_set_data (CnScoreChart      *self,
                         guint              n,
                         const char *const *labels,
                         const double      *scores,
                         const double      *reference,
                         const double      *previous)
{
  g_return_if_fail (CN_IS_SCORE_CHART (self));
  g_return_if_fail (n == 0 || (labels != NULL && scores != NULL));

  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->scores, g_free);
  g_clear_pointer (&self->reference, g_free);
  g_clear_pointer (&self->previous, g_free);

  self->n = n;
  self->labels = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    self->labels[i] = g_strdup (labels[i] != NULL ? labels[i] : "");
  self->scores = dup_values (scores, n);
  self->reference = dup_values (reference, n);
  self->previous = dup_values (previous, n);

  update_accessible_label (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
cn_score_chart_set_legend (CnScoreChart *self,
                           const char   *score_label,
                           const char   *reference_label,
                           const char   *previous_label)
{
  g_return_if_fail (CN_IS_SCORE_CHART (self));

  replace_str (&self->score_label, score_label);
  replace_str (&self->reference_label, reference_label);
  replace_str (&self->previous_label, previous_label);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
cn_score_chart_set_row_description_format (CnScoreChart *self,
                                           const char   *format,
                                           const char   *format_without_reference)
{
  g_return_if_fail (CN_IS_SCORE_CHART (self));

  replace_str (&self->format, format != NULL ? format : DEFAULT_FORMAT);
  replace_str (&self->format_without_reference,
               format_without_reference != NULL ? format_without_reference
                                                : DEFAULT_FORMAT_WITHOUT_REFERENCE);
  update_accessible_label (self);
}
