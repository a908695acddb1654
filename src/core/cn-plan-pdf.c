/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-plan-pdf"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <librsvg/rsvg.h>
#include <pango/pangocairo.h>

#include "cn-error.h"
#include "cn-naf.h"
#include "cn-plan-pdf.h"
#include "cn-scoring.h"
#include "cn-util.h"

/* The action plan as an A4 PDF, the document the owner keeps.
 *
 * The content is first built as a list of items (blocks of laid-out text
 * and shapes, headings, spaces); the items are then placed twice with the
 * same code: once to count the pages, once to draw them with the page
 * count in the footers.  A block never breaks across pages unless it is
 * taller than a page, or is prose: it then breaks between lines, never
 * through one.  A heading keeps with what follows it, and a table repeats
 * its header row on every page it continues on. */

/* ---- page and style ----------------------------------------------------- */

#define PAGE_WIDTH     595.28
#define PAGE_HEIGHT    841.89
#define MARGIN_X       50.0
#define MARGIN_TOP     50.0
#define CONTENT_WIDTH  (PAGE_WIDTH - 2 * MARGIN_X)
#define CONTENT_RIGHT  (PAGE_WIDTH - MARGIN_X)
#define CONTENT_BOTTOM (PAGE_HEIGHT - 64.0)
#define FOOTER_RULE_Y  (PAGE_HEIGHT - 46.0)
#define FOOTER_TEXT_Y  (PAGE_HEIGHT - 40.0)

#define SECTION_SPACE  24.0   /* above a heading */
#define KEEP_WITH_NEXT 90.0   /* at most this much of what follows stays with a heading */
#define MIN_SPLIT      42.0   /* do not start prose in less room than this */

#define ICON_SIZE      64.0
#define LEVEL_ICON_PATH "/io/github/croissanceconnectee/Connecteur/levels/%s.svg"

/* The table's columns: #, action, when, who, budget. */
#define CELL_PAD_X     6.0
#define CELL_PAD_Y     7.0
static const double column_widths[] = { 30.0, 211.28, 86.0, 68.0, 100.0 };
#define N_COLUMNS G_N_ELEMENTS (column_widths)

typedef struct {
  double r, g, b;
} Color;

static const Color INK    = { 0.133, 0.137, 0.169 };
static const Color MUTED  = { 0.400, 0.408, 0.447 };
static const Color ACCENT = { 0.102, 0.373, 0.706 };  /* GNOME blue 5: prints well */
static const Color BAR    = { 0.208, 0.518, 0.894 };  /* GNOME blue 3 */
static const Color RULE   = { 0.835, 0.843, 0.867 };
static const Color TRACK  = { 0.910, 0.918, 0.937 };
static const Color TINT   = { 0.937, 0.953, 0.980 };

#define FAMILY "Cantarell, DejaVu Sans, Sans"

typedef enum {
  ST_BODY,
  ST_BODY_BOLD,
  ST_TEXT,         /* a description: a little smaller than the body */
  ST_SMALL,
  ST_SMALL_BOLD,
  ST_NOTE,         /* footnotes, "why", secondary lines */
  ST_KICKER,
  ST_TITLE,
  ST_SUBTITLE,
  ST_HEADING,
  ST_LEVEL,
  ST_SCORE,
  ST_AMOUNT,
  ST_QUOTE,
  ST_FOOTER,
  N_STYLES
} Style;

static const struct {
  const char  *font;
  const Color *color;
} styles[N_STYLES] = {
  [ST_BODY]       = { FAMILY " 10",            &INK },
  [ST_BODY_BOLD]  = { FAMILY " Bold 10",       &INK },
  [ST_TEXT]       = { FAMILY " 9.2",           &INK },
  [ST_SMALL]      = { FAMILY " 8.8",           &INK },
  [ST_SMALL_BOLD] = { FAMILY " Bold 8.8",      &INK },
  [ST_NOTE]       = { FAMILY " 8.2",           &MUTED },
  [ST_KICKER]     = { FAMILY " Bold 8.5",      &ACCENT },
  [ST_TITLE]      = { FAMILY " Bold 23",       &INK },
  [ST_SUBTITLE]   = { FAMILY " 10.5",          &MUTED },
  [ST_HEADING]    = { FAMILY " Bold 14",       &INK },
  [ST_LEVEL]      = { FAMILY " Bold 15",       &ACCENT },
  [ST_SCORE]      = { FAMILY " Bold 28",       &ACCENT },
  [ST_AMOUNT]     = { FAMILY " Bold 13",       &ACCENT },
  [ST_QUOTE]      = { FAMILY " Light 12",      &INK },
  [ST_FOOTER]     = { FAMILY " 7.5",           &MUTED },
};

/* ---- blocks and items --------------------------------------------------- */

typedef struct {
  PangoLayout *layout;
  double       x, y;      /* x on the page, y from the block's top */
  Color        color;
  char        *uri;       /* a link around the text, or NULL */
} Piece;

typedef enum {
  SHAPE_RECT,
  SHAPE_SVG,
} ShapeKind;

typedef struct {
  ShapeKind   kind;
  double      x, y, width, height;
  double      radius;
  Color       color;
  RsvgHandle *svg;
} Shape;

typedef enum {
  DECO_NONE,
  DECO_ROW,          /* a table row: a rule below, an accent bar for priority 1 */
  DECO_HEADER,       /* the table's header row: a tinted band */
  DECO_QUOTE,        /* an accent bar on the left */
} Decoration;

typedef struct {
  GArray     *pieces;     /* of Piece */
  GArray     *shapes;     /* of Shape */
  double      height;
  Decoration  decoration;
  gboolean    accent;     /* DECO_ROW: a priority 1 action */
  gboolean    prose;      /* may break between lines wherever a page ends */
  gboolean    keep_with_next;
  char       *outline;    /* a bookmark to this block, or NULL */
} Block;

typedef enum {
  ITEM_BLOCK,
  ITEM_SPACE,          /* vertical space, dropped at the top of a page */
  ITEM_REPEAT_BEGIN,   /* the block is repeated at the top of each new page… */
  ITEM_REPEAT_END,     /* …until here */
} ItemKind;

typedef struct {
  ItemKind  kind;
  Block    *block;
  double    space;
} Item;

typedef struct {
  const CnPlanDocument *document;
  cairo_surface_t      *surface;
  cairo_t              *cr;
  PangoContext         *context;
  PangoFontDescription *fonts[N_STYLES];
  GArray               *items;      /* of Item */

  /* Placement. */
  gboolean              drawing;
  int                   page;
  int                   n_pages;
  double                y;
  double                page_top;   /* under the repeated header, if any */
  Block                *repeat;
} Pdf;

static void
piece_clear (gpointer data)
{
  Piece *piece = data;

  g_clear_object (&piece->layout);
  g_clear_pointer (&piece->uri, g_free);
}

static void
shape_clear (gpointer data)
{
  Shape *shape = data;

  g_clear_object (&shape->svg);
}

static Block *
block_new (void)
{
  Block *block = g_new0 (Block, 1);

  block->pieces = g_array_new (FALSE, TRUE, sizeof (Piece));
  g_array_set_clear_func (block->pieces, piece_clear);
  block->shapes = g_array_new (FALSE, TRUE, sizeof (Shape));
  g_array_set_clear_func (block->shapes, shape_clear);
  return block;
}

static void
block_free (Block *block)
{
  if (block == NULL)
    return;
  g_array_unref (block->pieces);
  g_array_unref (block->shapes);
  g_free (block->outline);
  g_free (block);
}

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->block, block_free);
}

static void
add_block (Pdf   *pdf,
           Block *block)
{
  Item item = { ITEM_BLOCK, block, 0 };

  g_array_append_val (pdf->items, item);
}

static void
add_item (Pdf      *pdf,
          ItemKind  kind,
          Block    *block,
          double    space)
{
  Item item = { kind, block, space };

  g_array_append_val (pdf->items, item);
}

/* ---- text ------------------------------------------------------------- */

static PangoLayout *
new_layout (Pdf            *pdf,
            Style           style,
            const char     *text,
            double          width,
            PangoAlignment  alignment)
{
  PangoLayout *layout = pango_layout_new (pdf->context);

  pango_layout_set_font_description (layout, pdf->fonts[style]);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, alignment);
  /* Plain text, always: names and notes are the user's words. */
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

/* Adds @layout (taking it) at @x, @y; returns its height. */
static double
block_add_layout (Block       *block,
                  PangoLayout *layout,
                  double       x,
                  double       y,
                  const Color *color)
{
  Piece piece = { layout, x, y, *color, NULL };

  g_array_append_val (block->pieces, piece);
  return layout_height (layout);
}

static double
block_add_text (Pdf            *pdf,
                Block          *block,
                Style           style,
                const char     *text,
                double          x,
                double          y,
                double          width,
                PangoAlignment  alignment)
{
  return block_add_layout (block, new_layout (pdf, style, text, width, alignment),
                           x, y, styles[style].color);
}

static void
block_set_last_uri (Block      *block,
                    const char *uri)
{
  Piece *piece = &g_array_index (block->pieces, Piece, block->pieces->len - 1);

  g_free (piece->uri);
  piece->uri = g_strdup (uri);
}

static void
block_add_rect (Block       *block,
                double       x,
                double       y,
                double       width,
                double       height,
                double       radius,
                const Color *color)
{
  Shape shape = { SHAPE_RECT, x, y, width, height, radius, *color, NULL };

  g_array_append_val (block->shapes, shape);
}

/* Bold on the text that a translated "Label: %s" puts before its %s. */
static PangoLayout *
new_prefixed_layout (Pdf        *pdf,
                     Style       style,
                     const char *format,
                     const char *value,
                     double      width)
{
  g_autofree char *text = g_strdup_printf (format, value);
  const char *hole = strstr (format, "%s");
  PangoLayout *layout = new_layout (pdf, style, text, width, PANGO_ALIGN_LEFT);

  if (hole != NULL && hole > format)
    {
      PangoAttrList *attributes = pango_attr_list_new ();
      PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);

      bold->start_index = 0;
      bold->end_index = hole - format;
      pango_attr_list_insert (attributes, bold);
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
  return layout;
}

static gboolean
is_empty (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* "23 novembre 2026" from "2026-11-23" or from a full timestamp. */
static char *
format_date (const char *date)
{
  int year, month, day;
  char end;

  if (date == NULL)
    return NULL;
  if (sscanf (date, "%4d-%2d-%2d%c", &year, &month, &day, &end) == 3)
    {
      g_autoptr(GDateTime) local = g_date_time_new_local (year, month, day, 12, 0, 0);

      if (local == NULL)
        return NULL;
      /* Translators: a date as shown in lists, see strftime(3); "%-d %B %Y" gives "23 novembre 2026" */
      return g_date_time_format (local, _("%B %-d, %Y"));
    }
  return cn_format_date_for_display (date);
}

/* "600 € – 2 500 €", or NULL; @per gets "per month" for a recurring price. */
static char *
format_price (const CnPrice *price,
              const char   **per)
{
  g_autofree char *range = NULL;

  if (price == NULL || (price->min <= 0 && price->max <= 0))
    return NULL;
  if (price->max <= price->min)
    range = cn_format_euros (price->min);
  else
    {
      g_autofree char *min = cn_format_euros (price->min);
      g_autofree char *max = cn_format_euros (price->max);

      /* The no-break space keeps the dash with the low end. */
      range = g_strdup_printf ("%s\u00a0– %s", min, max);
    }
  /* Translators: under a price range in the plan's table */
  if (g_strcmp0 (price->unit, "month") == 0)
    *per = _("per month");
  /* Translators: under a price range in the plan's table */
  else if (g_strcmp0 (price->unit, "year") == 0)
    *per = _("per year");
  return g_steal_pointer (&range);
}

/* ---- the content -------------------------------------------------------- */

static void
add_heading (Pdf        *pdf,
             const char *title)
{
  Block *block = block_new ();
  double height;

  height = block_add_text (pdf, block, ST_HEADING, title, MARGIN_X, 0, CONTENT_WIDTH, PANGO_ALIGN_LEFT);
  block_add_rect (block, MARGIN_X, height + 3, 28, 2.5, 0, &ACCENT);
  block->height = height + 3 + 2.5 + 10;
  block->keep_with_next = TRUE;
  block->outline = g_strdup (title);
  add_item (pdf, ITEM_SPACE, NULL, SECTION_SPACE);
  add_block (pdf, block);
}

static void
build_cover (Pdf *pdf)
{
  const CnPlanDocument *document = pdf->document;
  const CnConnector *connector = document->connector;
  CnCompany *company = document->company;
  const char *naf = cn_company_get_naf (company);
  const char *activity = naf ? cn_naf_label (naf) : NULL;
  const char *commune = cn_company_get_commune (company);
  g_autofree char *kicker = g_utf8_strup (_("Digital Action Plan"), -1);
  g_autofree char *date = format_date (document->today);
  g_autoptr(GPtrArray) details = g_ptr_array_new ();
  PangoLayout *layout;
  Block *block = block_new ();
  double y = 0, date_width = 0;

  if (!is_empty (date))
    {
      layout = new_layout (pdf, ST_SMALL, date, 0, PANGO_ALIGN_LEFT);
      date_width = layout_width (layout);
      block_add_layout (block, layout, CONTENT_RIGHT - date_width, y + 0.5, &MUTED);
    }
  layout = new_layout (pdf, ST_KICKER, kicker, CONTENT_WIDTH - date_width - 12, PANGO_ALIGN_LEFT);
  y += block_add_layout (block, layout, MARGIN_X, y, &ACCENT) + 8;

  y += block_add_text (pdf, block, ST_TITLE, cn_company_get_name (company),
                       MARGIN_X, y, CONTENT_WIDTH, PANGO_ALIGN_LEFT);

  if (!is_empty (activity))
    g_ptr_array_add (details, (gpointer) activity);
  if (!is_empty (commune))
    g_ptr_array_add (details, (gpointer) commune);
  if (details->len > 0)
    {
      g_autofree char *line = NULL;

      g_ptr_array_add (details, NULL);
      line = g_strjoinv ("  ·  ", (char **) details->pdata);
      y += 3 + block_add_text (pdf, block, ST_SUBTITLE, line, MARGIN_X, y + 3, CONTENT_WIDTH, PANGO_ALIGN_LEFT);
    }

  if (connector != NULL &&
      (!is_empty (connector->name) || !is_empty (connector->organisation) ||
       !is_empty (connector->email) || !is_empty (connector->phone)))
    {
      double box_top = y + 16, inner = box_top + 10, x = MARGIN_X + 14;
      double width = CONTENT_WIDTH - 28;
      g_autoptr(GString) who = g_string_new (NULL);
      g_autoptr(GString) reach = g_string_new (NULL);

      inner += block_add_text (pdf, block, ST_NOTE, _("Your connector"), x, inner, width, PANGO_ALIGN_LEFT) + 2;
      if (!is_empty (connector->name))
        g_string_append (who, connector->name);
      if (!is_empty (connector->organisation))
        g_string_append_printf (who, "%s%s", who->len ? " — " : "", connector->organisation);
      if (who->len > 0)
        inner += block_add_text (pdf, block, ST_BODY_BOLD, who->str, x, inner, width, PANGO_ALIGN_LEFT) + 1;

      if (!is_empty (connector->email))
        {
          g_autofree char *uri = g_strconcat ("mailto:", connector->email, NULL);
          PangoLayout *email = new_layout (pdf, ST_SMALL, connector->email, 0, PANGO_ALIGN_LEFT);
          double email_width = MIN (layout_width (email), width);

          pango_layout_set_width (email, (int) (width * PANGO_SCALE));
          pango_layout_set_wrap (email, PANGO_WRAP_WORD_CHAR);
          block_add_layout (block, email, x, inner, &ACCENT);
          block_set_last_uri (block, uri);
          if (!is_empty (connector->phone) && email_width + 140 < width)
            {
              g_string_append (reach, connector->phone);
              block_add_text (pdf, block, ST_SMALL, "·", x + email_width + 7, inner, 0, PANGO_ALIGN_LEFT);
              inner += block_add_text (pdf, block, ST_SMALL, reach->str, x + email_width + 17, inner,
                                       width - email_width - 17, PANGO_ALIGN_LEFT);
            }
          else
            {
              inner += layout_height (g_array_index (block->pieces, Piece, block->pieces->len - 1).layout);
              if (!is_empty (connector->phone))
                inner += block_add_text (pdf, block, ST_SMALL, connector->phone, x, inner, width, PANGO_ALIGN_LEFT);
            }
        }
      else if (!is_empty (connector->phone))
        inner += block_add_text (pdf, block, ST_SMALL, connector->phone, x, inner, width, PANGO_ALIGN_LEFT);

      /* Added last, drawn first: shapes go under the text. */
      block_add_rect (block, MARGIN_X, box_top, CONTENT_WIDTH, inner + 10 - box_top, 4, &TINT);
      y = inner + 10;
    }

  block->height = y;
  block->outline = g_strdup (_("Digital Action Plan"));
  add_block (pdf, block);
}

static RsvgHandle *
load_level_icon (const char *icon)
{
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gconstpointer data;
  gsize size;

  if (is_empty (icon) || strchr (icon, '/') != NULL)
    return NULL;
  path = g_strdup_printf (LEVEL_ICON_PATH, icon);
  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  /* A broken icon is left out, like a missing one. */
  return rsvg_handle_new_from_data (data, size, NULL);
}

static void
build_maturity (Pdf *pdf)
{
  const CnPlanDocument *document = pdf->document;
  const CnScore *score = document->score;
  CnReferential *referential = document->referential ? document->referential : score->referential;
  const CnReferenceGroup *reference = score->reference;
  guint n_dimensions = referential ? cn_referential_get_n_dimensions (referential) : 0;
  Block *block = block_new ();
  RsvgHandle *icon = score->level ? load_level_icon (score->level->icon) : NULL;
  double text_x = MARGIN_X, y = 0, side_width = 118, text_width, left_height = 0, side_height;
  g_autofree char *overall = g_strdup_printf ("%d/100", score->overall_rounded);
  g_autofree char *diagnosed = NULL;
  PangoLayout *layout;
  PangoAttrList *attributes;
  PangoAttribute *attribute;

  add_heading (pdf, _("Your maturity level"));

  if (document->diagnostic != NULL)
    diagnosed = format_date (document->diagnostic->completed_at);
  if (!is_empty (diagnosed))
    {
      g_autofree char *line = g_strdup_printf (_("Diagnostic of %s"), diagnosed);

      if (referential != NULL && !is_empty (cn_referential_get_title (referential)))
        {
          g_autofree char *with_title = g_strdup_printf ("%s  ·  %s", line, cn_referential_get_title (referential));

          g_free (line);
          line = g_steal_pointer (&with_title);
        }
      y += block_add_text (pdf, block, ST_NOTE, line, MARGIN_X, y, CONTENT_WIDTH, PANGO_ALIGN_LEFT) + 12;
    }

  if (icon != NULL)
    {
      Shape shape = { SHAPE_SVG, MARGIN_X, y, ICON_SIZE, ICON_SIZE, 0, INK, icon };

      g_array_append_val (block->shapes, shape);
      text_x = MARGIN_X + ICON_SIZE + 16;
      left_height = ICON_SIZE;
    }
  text_width = CONTENT_RIGHT - side_width - 18 - text_x;

  /* The level and its words. */
  if (score->level != NULL)
    {
      double h = block_add_text (pdf, block, ST_LEVEL, score->level->name, text_x, y + 2, text_width, PANGO_ALIGN_LEFT);

      if (!is_empty (score->level->text))
        h += 4 + block_add_text (pdf, block, ST_TEXT, score->level->text, text_x, y + 2 + h + 4,
                                 text_width, PANGO_ALIGN_LEFT);
      left_height = MAX (left_height, h + 2);
    }

  /* The score, "47" large and "/100" smaller, and the median. */
  layout = new_layout (pdf, ST_SCORE, overall, side_width, PANGO_ALIGN_RIGHT);
  attributes = pango_attr_list_new ();
  attribute = pango_attr_scale_new (0.5);
  attribute->start_index = strchr (overall, '/') - overall;
  attribute->end_index = strlen (overall);
  pango_attr_list_insert (attributes, attribute);
  attribute = pango_attr_foreground_new (0x6666, 0x6868, 0x7272);
  attribute->start_index = strchr (overall, '/') - overall;
  attribute->end_index = strlen (overall);
  pango_attr_list_insert (attributes, attribute);
  pango_layout_set_attributes (layout, attributes);
  pango_attr_list_unref (attributes);
  side_height = block_add_layout (block, layout, CONTENT_RIGHT - side_width, y - 4, &ACCENT) - 4;
  if (reference != NULL)
    {
      g_autofree char *median = g_strdup_printf (_("Median of similar companies: %d/100"), reference->overall);

      side_height += 2 + block_add_text (pdf, block, ST_NOTE, median, CONTENT_RIGHT - side_width,
                                         y + side_height + 2, side_width, PANGO_ALIGN_RIGHT);
    }
  y += MAX (left_height, side_height) + 20;

  /* The chart: label, bar with the median tick, score. */
  if (n_dimensions > 0)
    {
      double label_width = 170, number_width = 24;
      double bar_x = MARGIN_X + label_width + 12;
      double bar_width = CONTENT_RIGHT - number_width - 10 - bar_x;
      double bar_height = 8;

      block_add_rect (block, MARGIN_X, y - 8, CONTENT_WIDTH, 0.6, 0, &RULE);
      y += 4;
      for (guint i = 0; i < n_dimensions; i++)
        {
          const CnDimension *dimension = cn_referential_get_dimension (referential, i);
          double value = score->dimensions ? score->dimensions[i] : 0;
          g_autofree char *number = NULL;
          double label_height, row_height, bar_y;

          if (!isfinite (value))
            value = 0;
          value = CLAMP (value, 0, 100);
          number = g_strdup_printf ("%d", cn_score_round (value));
          layout = new_layout (pdf, ST_SMALL, dimension->title, label_width, PANGO_ALIGN_LEFT);
          label_height = layout_height (layout);
          row_height = MAX (label_height, 13);
          block_add_layout (block, layout, MARGIN_X, y + (row_height - label_height) / 2, &INK);
          bar_y = y + (row_height - bar_height) / 2;

          block_add_rect (block, bar_x, bar_y, bar_width, bar_height, bar_height / 2, &TRACK);
          if (value > 0)
            block_add_rect (block, bar_x, bar_y, MAX (bar_width * value / 100, bar_height), bar_height,
                            bar_height / 2, &BAR);
          if (reference != NULL && reference->dimensions != NULL)
            {
              double median = CLAMP (reference->dimensions[i], 0, 100);
              double x = CLAMP (bar_x + bar_width * median / 100, bar_x + 1, bar_x + bar_width - 1);

              block_add_rect (block, x - 1, bar_y - 3, 2, bar_height + 6, 0, &INK);
            }
          layout = new_layout (pdf, ST_SMALL_BOLD, number, number_width, PANGO_ALIGN_RIGHT);
          block_add_layout (block, layout, CONTENT_RIGHT - number_width,
                            y + (row_height - layout_height (layout)) / 2, &INK);
          y += row_height + 5;
        }

      /* The legend, under the bars. */
      {
        double x = bar_x, h;

        y += 3;
        block_add_rect (block, x, y + 2.5, 16, bar_height, bar_height / 2, &BAR);
        layout = new_layout (pdf, ST_NOTE, _("Score"), 0, PANGO_ALIGN_LEFT);
        h = layout_height (layout);
        x += 22;
        block_add_layout (block, layout, x, y + 6.5 - h / 2, &MUTED);
        x += layout_width (layout) + 18;
        if (reference != NULL)
          {
            block_add_rect (block, x, y - 0.5, 2, bar_height + 6, 0, &INK);
            x += 8;
            layout = new_layout (pdf, ST_NOTE, _("Median of similar companies"), CONTENT_RIGHT - x, PANGO_ALIGN_LEFT);
            block_add_layout (block, layout, x, y + 6.5 - h / 2, &MUTED);
          }
        y += MAX (h, 13);
      }
    }

  block->height = y;
  add_block (pdf, block);
}

static double
column_x (guint column)
{
  double x = MARGIN_X;

  for (guint i = 0; i < column; i++)
    x += column_widths[i];
  return x;
}

static Block *
build_table_header (Pdf *pdf)
{
  const char *titles[N_COLUMNS] = {
    "#", _("Action"), _("When"), _("Who"), _("Indicative Budget"),
  };
  Block *block = block_new ();
  double height = 0;

  for (guint i = 0; i < N_COLUMNS; i++)
    height = MAX (height, block_add_text (pdf, block, ST_SMALL_BOLD, titles[i],
                                          column_x (i) + CELL_PAD_X, 6,
                                          column_widths[i] - 2 * CELL_PAD_X, PANGO_ALIGN_LEFT));
  block->height = height + 12;
  block->decoration = DECO_HEADER;
  return block;
}

static Block *
build_action_row (Pdf          *pdf,
                  CnPlanAction *action,
                  guint         index,
                  gboolean     *has_price)
{
  const CnPrice *price = NULL;
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  g_autofree char *due = format_date (action->due_date);
  g_autofree char *budget = NULL;
  const char *per = NULL;
  Block *block = block_new ();
  double height = 0, y, x, width;

  if (pdf->document->catalogue != NULL && !is_empty (action->price_ref))
    price = cn_catalogue_find_price (pdf->document->catalogue, action->price_ref);
  budget = format_price (price, &per);
  if (budget != NULL)
    *has_price = TRUE;

  /* # */
  height = block_add_text (pdf, block, ST_BODY_BOLD, number, column_x (0) + CELL_PAD_X + 2, CELL_PAD_Y,
                           0, PANGO_ALIGN_LEFT);
  if (action->priority == 1)
    g_array_index (block->pieces, Piece, 0).color = ACCENT;
  else
    g_array_index (block->pieces, Piece, 0).color = MUTED;

  /* Action: title, description, why. */
  x = column_x (1) + CELL_PAD_X;
  width = column_widths[1] - 2 * CELL_PAD_X;
  y = CELL_PAD_Y;
  y += block_add_text (pdf, block, ST_BODY_BOLD, is_empty (action->title) ? "—" : action->title,
                       x, y, width, PANGO_ALIGN_LEFT);
  if (!is_empty (action->description))
    y += 2 + block_add_text (pdf, block, ST_TEXT, action->description, x, y + 2, width, PANGO_ALIGN_LEFT);
  if (!is_empty (action->why))
    {
      /* Translators: why an action is proposed, under it in the plan */
      PangoLayout *layout = new_prefixed_layout (pdf, ST_NOTE, _("Why: %s"), action->why, width);

      y += 4 + block_add_layout (block, layout, x, y + 4, &MUTED);
    }
  height = MAX (height, y - CELL_PAD_Y);

  /* When. */
  x = column_x (2) + CELL_PAD_X;
  width = column_widths[2] - 2 * CELL_PAD_X;
  y = CELL_PAD_Y + 1;
  y += block_add_text (pdf, block, ST_SMALL, cn_plan_horizon_label (action->horizon), x, y, width, PANGO_ALIGN_LEFT);
  if (!is_empty (due))
    y += 1 + block_add_text (pdf, block, ST_SMALL_BOLD, due, x, y + 1, width, PANGO_ALIGN_LEFT);
  if (action->done)
    y += 3 + block_add_text (pdf, block, ST_NOTE, _("Done"), x, y + 3, width, PANGO_ALIGN_LEFT);
  height = MAX (height, y - CELL_PAD_Y);

  /* Who. */
  x = column_x (3) + CELL_PAD_X;
  width = column_widths[3] - 2 * CELL_PAD_X;
  if (!is_empty (action->owner))
    height = MAX (height, 1 + block_add_text (pdf, block, ST_SMALL, action->owner, x, CELL_PAD_Y + 1,
                                              width, PANGO_ALIGN_LEFT));
  else
    block_add_text (pdf, block, ST_SMALL, "—", x, CELL_PAD_Y + 1, width, PANGO_ALIGN_LEFT);

  /* Budget. */
  x = column_x (4) + CELL_PAD_X;
  width = column_widths[4] - 2 * CELL_PAD_X;
  y = CELL_PAD_Y + 1;
  y += block_add_text (pdf, block, ST_SMALL, budget ? budget : "—", x, y, width, PANGO_ALIGN_LEFT);
  if (budget != NULL && per != NULL)
    y += block_add_text (pdf, block, ST_NOTE, per, x, y, width, PANGO_ALIGN_LEFT);
  height = MAX (height, y - CELL_PAD_Y);

  block->height = height + 2 * CELL_PAD_Y;
  block->decoration = DECO_ROW;
  block->accent = action->priority == 1;
  return block;
}

static void
build_actions (Pdf *pdf)
{
  CnPlan *plan = pdf->document->plan;
  gboolean has_price = FALSE;

  if (plan == NULL || plan->actions == NULL || plan->actions->len == 0)
    return;

  add_heading (pdf, _("Your actions"));
  add_item (pdf, ITEM_REPEAT_BEGIN, build_table_header (pdf), 0);
  for (guint i = 0; i < plan->actions->len; i++)
    add_block (pdf, build_action_row (pdf, plan->actions->pdata[i], i, &has_price));
  add_item (pdf, ITEM_REPEAT_END, NULL, 0);

  if (has_price)
    {
      Block *block = block_new ();

      block->height = 6 + block_add_text (pdf, block, ST_NOTE,
                                          _("Budgets are indicative ranges, excluding VAT: ask for quotes."),
                                          MARGIN_X, 6, CONTENT_WIDTH, PANGO_ALIGN_LEFT);
      add_block (pdf, block);
    }
}

/* cairo's attribute syntax: single quotes, with \ and ' escaped. */
static char *
link_attributes (const char *uri)
{
  GString *text = g_string_new ("uri='");

  for (const char *p = uri; *p; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (text, '\\');
      g_string_append_c (text, *p);
    }
  g_string_append_c (text, '\'');
  return g_string_free (text, FALSE);
}

static gboolean
is_web_uri (const char *uri)
{
  return uri != NULL &&
         (g_str_has_prefix (uri, "https://") || g_str_has_prefix (uri, "http://"));
}

static void
build_aids (Pdf *pdf)
{
  GPtrArray *aids = pdf->document->aids;
  gboolean any = FALSE;

  if (aids == NULL)
    return;
  for (guint i = 0; i < aids->len && !any; i++)
    {
      const CnAidVerdict *verdict = aids->pdata[i];

      any = verdict->eligible && verdict->aid != NULL;
    }
  if (!any)
    return;

  add_heading (pdf, _("Financial aid"));
  if (pdf->document->expense > 0 && pdf->document->aids_on != NULL)
    {
      g_autofree char *amount = cn_format_euros (pdf->document->expense);
      g_autofree char *day = g_strdup_printf ("%.2s/%.2s/%.4s", pdf->document->aids_on + 8,
                                              pdf->document->aids_on + 5, pdf->document->aids_on);
      g_autofree char *line = g_strdup_printf (pdf->document->expense_estimated
                                               /* Translators: the expense, then a date dd/mm/yyyy */
                                               ? _("For an expense of %s excluding VAT, estimated from the price ranges above, as of %s.")
                                               : _("For a planned expense of %s excluding VAT, as of %s."),
                                               amount, day);
      Block *block = block_new ();

      block->height = block_add_text (pdf, block, ST_NOTE, line, MARGIN_X, 0, CONTENT_WIDTH, PANGO_ALIGN_LEFT) + 4;
      block->keep_with_next = TRUE;
      add_block (pdf, block);
    }
  for (guint i = 0; i < aids->len; i++)
    {
      const CnAidVerdict *verdict = aids->pdata[i];
      const CnAid *aid = verdict->aid;
      double side_width = 120, left_width = CONTENT_WIDTH - side_width - 16;
      double y = 9, side = 9;
      Block *block;

      if (!verdict->eligible || aid == NULL)
        continue;
      block = block_new ();
      y += block_add_text (pdf, block, ST_BODY_BOLD, aid->name, MARGIN_X, y, left_width, PANGO_ALIGN_LEFT);
      if (!is_empty (aid->issuer))
        y += 1 + block_add_text (pdf, block, ST_SMALL, aid->issuer, MARGIN_X, y + 1, left_width, PANGO_ALIGN_LEFT);
      if (is_web_uri (aid->url))
        {
          /* Printed, the address must still be readable. */
          const char *shown = strstr (aid->url, "://") + 3;

          y += 2 + block_add_text (pdf, block, ST_SMALL, shown, MARGIN_X, y + 2, left_width, PANGO_ALIGN_LEFT);
          g_array_index (block->pieces, Piece, block->pieces->len - 1).color = ACCENT;
          block_set_last_uri (block, aid->url);
        }
      if (verdict->to_check && !is_empty (verdict->reason))
        {
          /* Translators: what the owner should check before counting on an aid */
          PangoLayout *layout = new_prefixed_layout (pdf, ST_NOTE, _("To check: %s"), verdict->reason, left_width);

          y += 4 + block_add_layout (block, layout, MARGIN_X, y + 4, &MUTED);
        }
      if (verdict->amount > 0)
        {
          g_autofree char *amount = cn_format_euros (verdict->amount);

          side += block_add_text (pdf, block, ST_NOTE, _("Estimated amount"), CONTENT_RIGHT - side_width, side,
                                  side_width, PANGO_ALIGN_RIGHT);
          side += block_add_text (pdf, block, ST_AMOUNT, amount, CONTENT_RIGHT - side_width, side,
                                  side_width, PANGO_ALIGN_RIGHT);
        }
      block->height = MAX (y, side) + 9;
      block->decoration = DECO_ROW;
      add_block (pdf, block);
    }
}

static void
build_testimony (Pdf *pdf)
{
  const CnTestimony *testimony = pdf->document->testimony;
  g_autoptr(GPtrArray) who = g_ptr_array_new ();
  double x = MARGIN_X + 16, width = CONTENT_WIDTH - 16, y = 2;
  Block *block;

  if (testimony == NULL || (is_empty (testimony->quote) && is_empty (testimony->story)))
    return;

  add_heading (pdf, _("An example that inspires"));
  block = block_new ();
  if (!is_empty (testimony->trade))
    g_ptr_array_add (who, testimony->trade);
  if (!is_empty (testimony->company))
    g_ptr_array_add (who, testimony->company);
  if (who->len > 0)
    {
      g_autofree char *line = NULL;

      g_ptr_array_add (who, NULL);
      line = g_strjoinv (" — ", (char **) who->pdata);
      y += block_add_text (pdf, block, ST_SMALL_BOLD, line, x, y, width, PANGO_ALIGN_LEFT) + 5;
    }
  if (!is_empty (testimony->quote))
    {
      /* Translators: a quotation; French uses « %s » */
      g_autofree char *quote = g_strdup_printf (_("“%s”"), testimony->quote);

      y += block_add_text (pdf, block, ST_QUOTE, quote, x, y, width, PANGO_ALIGN_LEFT) + 6;
    }
  if (!is_empty (testimony->story))
    y += block_add_text (pdf, block, ST_TEXT, testimony->story, x, y, width, PANGO_ALIGN_LEFT) + 4;
  if (testimony->illustrative)
    y += block_add_text (pdf, block, ST_NOTE, _("Illustrative example"), x, y + 2, width, PANGO_ALIGN_LEFT) + 2;
  block->height = y + 2;
  block->decoration = DECO_QUOTE;
  block->prose = TRUE;
  add_block (pdf, block);
}

/* A row of the recommendations or the resources: a title, a line of
 * detail, a summary, the connector's note and the address. */
static void
add_recommendation (Pdf        *pdf,
                    const char *title,
                    const char *detail,
                    const char *summary,
                    const char *note,
                    const char *url)
{
  Block *block = block_new ();
  double y = 9, width = CONTENT_WIDTH;

  y += block_add_text (pdf, block, ST_BODY_BOLD, title, MARGIN_X, y, width, PANGO_ALIGN_LEFT);
  if (!is_empty (detail))
    y += 1 + block_add_text (pdf, block, ST_SMALL, detail, MARGIN_X, y + 1, width, PANGO_ALIGN_LEFT);
  if (!is_empty (summary))
    y += 3 + block_add_text (pdf, block, ST_TEXT, summary, MARGIN_X, y + 3, width, PANGO_ALIGN_LEFT);
  if (!is_empty (note))
    {
      /* Translators: the connector's own words about what they recommend */
      PangoLayout *layout = new_prefixed_layout (pdf, ST_NOTE, _("Why: %s"), note, width);

      y += 3 + block_add_layout (block, layout, MARGIN_X, y + 3, &MUTED);
    }
  if (is_web_uri (url))
    {
      const char *shown = strstr (url, "://") + 3;

      y += 2 + block_add_text (pdf, block, ST_SMALL, shown, MARGIN_X, y + 2, width, PANGO_ALIGN_LEFT);
      g_array_index (block->pieces, Piece, block->pieces->len - 1).color = ACCENT;
      block_set_last_uri (block, url);
    }
  block->height = y + 9;
  block->decoration = DECO_ROW;
  add_block (pdf, block);
}

static char *
resource_detail (const CnResource *resource)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  g_ptr_array_add (parts, (gpointer) cn_resource_kind_label (resource->kind));
  g_ptr_array_add (parts, resource->publisher);
  if (resource->free)
    g_ptr_array_add (parts, (gpointer) _("free"));
  if (!is_empty (resource->duration))
    g_ptr_array_add (parts, resource->duration);
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* What the connector put in the company's basket: providers with their
 * services and prices, then resources. */
static void
build_recommendations (Pdf *pdf)
{
  const CnPlanDocument *document = pdf->document;

  if (document->basket == NULL || document->basket->len == 0)
    return;
  add_heading (pdf, _("Recommended by your connector"));
  for (guint i = 0; i < document->basket->len; i++)
    {
      const CnBasketItem *item = document->basket->pdata[i];

      if (item->kind == CN_BASKET_PROVIDER)
        {
          const CnProvider *provider = cn_catalogue_find_provider (document->catalogue, item->item_id);
          g_autoptr(GString) services = g_string_new (NULL);
          g_autofree char *detail = NULL;

          if (provider == NULL)
            continue;
          for (guint k = 0; k < provider->services->len; k++)
            {
              const CnProviderService *service = provider->services->pdata[k];
              const CnPrice *price = cn_catalogue_find_price (document->catalogue, service->price_ref);
              g_autofree char *low = cn_format_euros (service->min);
              g_autofree char *high = cn_format_euros (service->max);

              if (services->len > 0)
                g_string_append (services, "\n");
              /* Translators: a service, then its price range */
              g_string_append_printf (services, _("%s: %s to %s"), price != NULL ? price->label : service->price_ref,
                                      low, high);
            }
          detail = g_strdup_printf (_("Digital provider · %s"), provider->commune);
          add_recommendation (pdf, provider->name, detail, services->str, item->note, provider->url);
        }
      else
        {
          const CnResource *resource = cn_catalogue_find_resource (document->catalogue, item->item_id);
          g_autofree char *detail = NULL;

          if (resource == NULL)
            continue;
          detail = resource_detail (resource);
          add_recommendation (pdf, resource->title, detail, resource->summary, item->note, resource->url);
        }
    }
}

static void
build_resources (Pdf *pdf)
{
  GPtrArray *resources = pdf->document->resources;

  if (resources == NULL || resources->len == 0)
    return;
  add_heading (pdf, _("To go further"));
  for (guint i = 0; i < resources->len; i++)
    {
      const CnResource *resource = resources->pdata[i];
      g_autofree char *detail = resource_detail (resource);

      add_recommendation (pdf, resource->title, detail, resource->summary, NULL, resource->url);
    }
}

static void
build_next_steps (Pdf *pdf)
{
  const CnPlanDocument *document = pdf->document;
  const char *note = document->plan ? document->plan->note : NULL;
  gboolean has_appointment = !is_empty (document->next_appointment);
  gboolean has_note = !is_empty (note);

  if (!has_appointment && !has_note)
    return;

  add_heading (pdf, _("Next steps"));
  if (has_appointment)
    {
      Block *block = block_new ();
      double y = 9, x = MARGIN_X + 14, width = CONTENT_WIDTH - 28;

      y += block_add_text (pdf, block, ST_NOTE, _("Next appointment"), x, y, width, PANGO_ALIGN_LEFT) + 2;
      y += block_add_text (pdf, block, ST_BODY_BOLD, document->next_appointment, x, y, width, PANGO_ALIGN_LEFT);
      block_add_rect (block, MARGIN_X, 0, CONTENT_WIDTH, y + 9, 4, &TINT);
      block->height = y + 9 + (has_note ? 14 : 0);
      block->keep_with_next = has_note;
      add_block (pdf, block);
    }
  if (has_note)
    {
      Block *block = block_new ();
      g_autofree char *trimmed = g_strstrip (g_strdup (note));
      const CnConnector *connector = document->connector;
      double y;

      y = block_add_text (pdf, block, ST_BODY, trimmed, MARGIN_X, 0, CONTENT_WIDTH, PANGO_ALIGN_LEFT);
      if (connector != NULL && !is_empty (connector->name))
        {
          g_autofree char *signature = g_strconcat ("— ", connector->name, NULL);

          y += 8 + block_add_text (pdf, block, ST_SMALL, signature, MARGIN_X, y + 8, CONTENT_WIDTH, PANGO_ALIGN_LEFT);
        }
      block->height = y;
      block->prose = TRUE;
      add_block (pdf, block);
    }
}

/* ---- placing and drawing ------------------------------------------------ */

static void
set_color (cairo_t     *cr,
           const Color *color)
{
  cairo_set_source_rgb (cr, color->r, color->g, color->b);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   width,
              double   height,
              double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  if (radius <= 0)
    {
      cairo_rectangle (cr, x, y, width, height);
      return;
    }
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_footer (Pdf *pdf)
{
  cairo_t *cr = pdf->cr;
  g_autofree char *page = g_strdup_printf (_("Page %d of %d"), pdf->page, pdf->n_pages);
  g_autoptr(PangoLayout) right = new_layout (pdf, ST_FOOTER, page, 0, PANGO_ALIGN_LEFT);
  g_autoptr(PangoLayout) left = NULL;
  double right_width = layout_width (right);

  left = new_layout (pdf, ST_FOOTER, cn_company_get_name (pdf->document->company),
                     CONTENT_WIDTH - right_width - 24, PANGO_ALIGN_LEFT);
  pango_layout_set_ellipsize (left, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (left, 0);  /* one line */

  set_color (cr, &RULE);
  cairo_rectangle (cr, MARGIN_X, FOOTER_RULE_Y, CONTENT_WIDTH, 0.5);
  cairo_fill (cr);
  set_color (cr, &MUTED);
  cairo_move_to (cr, MARGIN_X, FOOTER_TEXT_Y);
  pango_cairo_show_layout (cr, left);
  cairo_move_to (cr, CONTENT_RIGHT - right_width, FOOTER_TEXT_Y);
  pango_cairo_show_layout (cr, right);
}

/* Draws the part of @block between @from and @to (block coordinates) with
 * @from at the page's @y.  Text lines are wholly in one part. */
static void
draw_block (Pdf   *pdf,
            Block *block,
            double y,
            double from,
            double to)
{
  cairo_t *cr = pdf->cr;
  gboolean whole = from <= 0 && to >= block->height;
  double top = y, height = to - from;

  /* Decorations of this part. */
  switch (block->decoration)
    {
    case DECO_HEADER:
      set_color (cr, &TINT);
      cairo_rectangle (cr, MARGIN_X, top, CONTENT_WIDTH, height);
      cairo_fill (cr);
      set_color (cr, &ACCENT);
      cairo_rectangle (cr, MARGIN_X, top + height - 1, CONTENT_WIDTH, 1);
      cairo_fill (cr);
      break;
    case DECO_ROW:
      set_color (cr, &RULE);
      cairo_rectangle (cr, MARGIN_X, top + height - 0.6, CONTENT_WIDTH, 0.6);
      cairo_fill (cr);
      if (block->accent)
        {
          set_color (cr, &ACCENT);
          cairo_rectangle (cr, MARGIN_X, top + (from <= 0 ? CELL_PAD_Y - 1 : 0), 3,
                           height - (from <= 0 ? CELL_PAD_Y - 1 : 0) - (to >= block->height ? CELL_PAD_Y - 1 : 0));
          cairo_fill (cr);
        }
      break;
    case DECO_QUOTE:
      set_color (cr, &BAR);
      cairo_rectangle (cr, MARGIN_X, top, 3, height);
      cairo_fill (cr);
      break;
    case DECO_NONE:
    default:
      break;
    }

  for (guint i = 0; i < block->shapes->len; i++)
    {
      Shape *shape = &g_array_index (block->shapes, Shape, i);
      double shape_y = y + shape->y - from;

      if (shape->y < from || shape->y >= to)
        continue;
      if (shape->kind == SHAPE_SVG)
        {
          RsvgRectangle viewport = { shape->x, shape_y, shape->width, shape->height };

          /* Whatever goes wrong in an icon leaves the page as it is. */
          cairo_save (cr);
          rsvg_handle_render_document (shape->svg, cr, &viewport, NULL);
          cairo_restore (cr);
          continue;
        }
      set_color (cr, &shape->color);
      rounded_rect (cr, shape->x, shape_y, shape->width, shape->height, shape->radius);
      cairo_fill (cr);
    }

  for (guint i = 0; i < block->pieces->len; i++)
    {
      Piece *piece = &g_array_index (block->pieces, Piece, i);
      g_autofree char *link = piece->uri ? link_attributes (piece->uri) : NULL;

      set_color (cr, &piece->color);
      if (whole)
        {
          if (link)
            cairo_tag_begin (cr, CAIRO_TAG_LINK, link);
          cairo_move_to (cr, piece->x, y + piece->y);
          pango_cairo_show_layout (cr, piece->layout);
          if (link)
            cairo_tag_end (cr, CAIRO_TAG_LINK);
        }
      else
        {
          PangoLayoutIter *iter = pango_layout_get_iter (piece->layout);

          do
            {
              PangoRectangle logical;
              double line_top, line_bottom, baseline;

              pango_layout_iter_get_line_extents (iter, NULL, &logical);
              line_top = piece->y + (double) logical.y / PANGO_SCALE;
              line_bottom = line_top + (double) logical.height / PANGO_SCALE;
              if (line_top < from - 0.01 || line_bottom > to + 0.01)
                continue;
              baseline = piece->y + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
              if (link)
                cairo_tag_begin (cr, CAIRO_TAG_LINK, link);
              cairo_move_to (cr, piece->x + (double) logical.x / PANGO_SCALE, y + baseline - from);
              pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
              if (link)
                cairo_tag_end (cr, CAIRO_TAG_LINK);
            }
          while (pango_layout_iter_next_line (iter));
          pango_layout_iter_free (iter);
        }
    }
}

/* The lowest place in (@from, @limit] where no text line of @block is cut,
 * or @from when there is none. */
static double
find_break (Block  *block,
            double  from,
            double  limit)
{
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  double best = from;

  if (limit >= block->height)
    return block->height;

  for (guint i = 0; i < block->pieces->len; i++)
    {
      Piece *piece = &g_array_index (block->pieces, Piece, i);
      PangoLayoutIter *iter = pango_layout_get_iter (piece->layout);

      do
        {
          PangoRectangle logical;
          double line[2];

          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          line[0] = piece->y + (double) logical.y / PANGO_SCALE;
          line[1] = line[0] + (double) logical.height / PANGO_SCALE;
          g_array_append_val (lines, line);
        }
      while (pango_layout_iter_next_line (iter));
      pango_layout_iter_free (iter);
    }

  for (guint i = 0; i < lines->len; i++)
    {
      double candidate = ((double *) lines->data)[2 * i + 1];
      gboolean cuts = FALSE;

      if (candidate <= from || candidate > limit || candidate <= best)
        continue;
      for (guint j = 0; j < lines->len && !cuts; j++)
        {
          double *line = &((double *) lines->data)[2 * j];

          cuts = line[0] < candidate - 0.01 && line[1] > candidate + 0.01;
        }
      if (!cuts)
        best = candidate;
    }
  return best;
}

static void
new_page (Pdf *pdf)
{
  if (pdf->drawing)
    {
      draw_footer (pdf);
      cairo_show_page (pdf->cr);
    }
  pdf->page++;
  pdf->y = MARGIN_TOP;
  if (pdf->repeat != NULL)
    {
      if (pdf->drawing)
        draw_block (pdf, pdf->repeat, pdf->y, 0, pdf->repeat->height);
      pdf->y += pdf->repeat->height;
    }
  pdf->page_top = pdf->y;
}

static void
add_outline (Pdf   *pdf,
             Block *block)
{
  g_autofree char *destination = NULL;

  if (!pdf->drawing || block->outline == NULL)
    return;
  /* Whole points: cairo 1.16 reads the numbers of tag attributes with the
   * locale's decimal separator, so "50.0" fails under a French locale. */
  destination = g_strdup_printf ("page=%d pos=[%d %d]", pdf->page, (int) MARGIN_X, (int) MAX (pdf->y - 12, 0));
  cairo_pdf_surface_add_outline (pdf->surface, CAIRO_PDF_OUTLINE_ROOT, block->outline, destination,
                                 CAIRO_PDF_OUTLINE_FLAG_OPEN);
}

static void
place_block (Pdf   *pdf,
             Block *block,
             double keep)
{
  double room = CONTENT_BOTTOM - pdf->y;
  double full = CONTENT_BOTTOM - pdf->page_top;
  double from = 0;

  if (block->height + keep <= room + 0.01)
    {
      add_outline (pdf, block);
      if (pdf->drawing)
        draw_block (pdf, block, pdf->y, 0, block->height);
      pdf->y += block->height;
      return;
    }

  /* It does not fit here.  A block that fits on a page goes to the next
   * one, unless it is prose and enough room is left to start it here; one
   * taller than a page starts here if a good part of the page is left. */
  if (pdf->y > pdf->page_top + 0.01)
    {
      if (block->prose ? room < MIN_SPLIT + keep
                       : (block->height + keep <= full || room < full / 3))
        new_page (pdf);
    }
  if (block->height + keep <= CONTENT_BOTTOM - pdf->y + 0.01)
    {
      add_outline (pdf, block);
      if (pdf->drawing)
        draw_block (pdf, block, pdf->y, 0, block->height);
      pdf->y += block->height;
      return;
    }

  /* Taller than the room: in parts, broken between lines. */
  add_outline (pdf, block);
  while (from < block->height - 0.01)
    {
      /* A continuation starts a little under the header. */
      double pad = from > 0 ? 5 : 0;
      double to = find_break (block, from, from + CONTENT_BOTTOM - pdf->y - pad);

      if (to <= from + 0.01)
        {
          if (pdf->y > pdf->page_top + 0.01)
            {
              new_page (pdf);
              continue;
            }
          /* Not even one line fits on a page: cut it. */
          to = MIN (from + CONTENT_BOTTOM - pdf->y, block->height);
        }
      if (pdf->drawing)
        draw_block (pdf, block, pdf->y + pad, from, to);
      pdf->y += pad + to - from;
      from = to;
      if (from < block->height - 0.01)
        new_page (pdf);
    }
}

/* How much of what follows item @index must stay with it. */
static double
keep_height (Pdf  *pdf,
             guint index)
{
  double keep = 0;

  for (guint i = index + 1; i < pdf->items->len; i++)
    {
      Item *item = &g_array_index (pdf->items, Item, i);

      if (item->kind == ITEM_SPACE || item->kind == ITEM_REPEAT_END)
        continue;
      if (item->kind == ITEM_REPEAT_BEGIN)
        {
          keep += item->block->height;
          continue;
        }
      /* Prose may break after a few lines; anything else comes whole,
       * with what it keeps with in turn. */
      if (item->block->prose)
        keep += MIN (item->block->height, KEEP_WITH_NEXT);
      else if (item->block->keep_with_next)
        keep += item->block->height + keep_height (pdf, i);
      else
        keep += item->block->height;
      break;
    }
  /* Never more than a page can take. */
  return MIN (keep, CONTENT_BOTTOM - MARGIN_TOP - 80);
}

static void
place_items (Pdf *pdf)
{
  pdf->page = 1;
  pdf->y = MARGIN_TOP;
  pdf->page_top = MARGIN_TOP;
  pdf->repeat = NULL;

  for (guint i = 0; i < pdf->items->len; i++)
    {
      Item *item = &g_array_index (pdf->items, Item, i);

      switch (item->kind)
        {
        case ITEM_SPACE:
          if (pdf->y > pdf->page_top + 0.01)
            pdf->y += item->space;
          break;
        case ITEM_REPEAT_BEGIN:
          {
            /* The header with the first row, on a new page if needed. */
            double keep = keep_height (pdf, i) - item->block->height;

            if (pdf->y + item->block->height + keep > CONTENT_BOTTOM && pdf->y > pdf->page_top + 0.01)
              new_page (pdf);
            if (pdf->drawing)
              draw_block (pdf, item->block, pdf->y, 0, item->block->height);
            pdf->y += item->block->height;
            pdf->repeat = item->block;
          }
          break;
        case ITEM_REPEAT_END:
          pdf->repeat = NULL;
          break;
        case ITEM_BLOCK:
        default:
          place_block (pdf, item->block, item->block->keep_with_next ? keep_height (pdf, i) : 0);
          break;
        }
    }
  if (pdf->drawing)
    draw_footer (pdf);
}

/* ---- writing ------------------------------------------------------------ */

typedef struct {
  int fd;
  int error;   /* errno of the first failed write, or 0 */
} Sink;

static cairo_status_t
write_to_fd (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  Sink *sink = closure;

  while (length > 0)
    {
      ssize_t written = write (sink->fd, data, length);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          if (sink->error == 0)
            sink->error = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += written;
      length -= written;
    }
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
set_write_error (GError    **error,
                 const char *path,
                 int         errsv,
                 const char *detail)
{
  g_autofree char *name = g_filename_display_name (path);

  if (errsv == ENOSPC || errsv == EDQUOT)
    g_set_error (error, CN_ERROR, CN_ERROR_DISK_FULL,
                 _("Could not write “%s”: the disk is full"), name);
  else if (errsv == EACCES || errsv == EPERM || errsv == EROFS)
    g_set_error (error, CN_ERROR, CN_ERROR_READ_ONLY,
                 _("Could not write “%s”: %s"), name, g_strerror (errsv));
  else
    g_set_error (error, CN_ERROR, CN_ERROR_IO,
                 _("Could not write “%s”: %s"), name, errsv ? g_strerror (errsv) : detail);
  return FALSE;
}

static void
set_metadata (Pdf *pdf)
{
  const CnPlanDocument *document = pdf->document;
  const CnConnector *connector = document->connector;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *title = g_strdup_printf ("%s — %s", _("Digital Action Plan"),
                                            cn_company_get_name (document->company));

  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_AUTHOR,
                                  connector && !is_empty (connector->name) ? connector->name : "Connecteur");
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_SUBJECT,
                                  _("Digital maturity diagnostic and action plan"));
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATOR, "Connecteur");
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATE_DATE, created);
}

static void
pdf_clear (Pdf *pdf)
{
  g_clear_pointer (&pdf->items, g_array_unref);
  for (guint i = 0; i < N_STYLES; i++)
    g_clear_pointer (&pdf->fonts[i], pango_font_description_free);
  g_clear_object (&pdf->context);
  g_clear_pointer (&pdf->cr, cairo_destroy);
  g_clear_pointer (&pdf->surface, cairo_surface_destroy);
}

gboolean
cn_plan_pdf_write (const CnPlanDocument *document,
                   const char           *path,
                   GError              **error)
{
  Pdf pdf = { 0 };
  Sink sink = { -1, 0 };
  g_autofree char *tmp_path = NULL;
  cairo_font_options_t *options;
  cairo_status_t status;
  int errsv;

  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (CN_IS_COMPANY (document->company), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  tmp_path = g_strconcat (path, ".tmp-XXXXXX", NULL);
  /* Names, figures and notes about a client: readable by the connector
   * only, like the database (they may move it where they want). */
  sink.fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (sink.fd < 0)
    return set_write_error (error, path, errno, NULL);

  pdf.document = document;
  pdf.surface = cairo_pdf_surface_create_for_stream (write_to_fd, &sink, PAGE_WIDTH, PAGE_HEIGHT);
  pdf.cr = cairo_create (pdf.surface);
  pdf.items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (pdf.items, item_clear);

  /* Unhinted metrics: the text is laid out as it will print. */
  pdf.context = pango_cairo_create_context (pdf.cr);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pdf.context, options);
  cairo_font_options_destroy (options);
  pango_context_set_language (pdf.context, pango_language_from_string ("fr"));
  for (guint i = 0; i < N_STYLES; i++)
    pdf.fonts[i] = pango_font_description_from_string (styles[i].font);

  if (cairo_surface_status (pdf.surface) == CAIRO_STATUS_SUCCESS)
    {
      set_metadata (&pdf);

      build_cover (&pdf);
      if (document->score != NULL)
        build_maturity (&pdf);
      build_actions (&pdf);
      build_aids (&pdf);
      build_recommendations (&pdf);
      build_testimony (&pdf);
      build_resources (&pdf);
      build_next_steps (&pdf);

      /* Once to count the pages, once to draw them. */
      place_items (&pdf);
      pdf.n_pages = pdf.page;
      pdf.drawing = TRUE;
      place_items (&pdf);
    }

  status = cairo_status (pdf.cr);
  g_clear_pointer (&pdf.cr, cairo_destroy);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_finish (pdf.surface);
      status = cairo_surface_status (pdf.surface);
    }
  pdf_clear (&pdf);

  errsv = sink.error;
  if (status == CAIRO_STATUS_SUCCESS && g_fsync (sink.fd) != 0)
    errsv = errno;
  if (close (sink.fd) != 0 && errsv == 0 && status == CAIRO_STATUS_SUCCESS)
    errsv = errno;

  if (status != CAIRO_STATUS_SUCCESS || errsv != 0)
    {
      g_unlink (tmp_path);
      return set_write_error (error, path, errsv, cairo_status_to_string (status));
    }
  if (g_rename (tmp_path, path) != 0)
    {
      errsv = errno;
      g_unlink (tmp_path);
      return set_write_error (error, path, errsv, NULL);
    }
  return TRUE;
}
