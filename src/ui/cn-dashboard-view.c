/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-dashboard-view"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cn-appointment.h"
#include "cn-company.h"
#include "cn-dashboard-view.h"
#include "cn-dashboard.h"
#include "cn-error.h"
#include "cn-wrap-box.h"
#include "cn-widgets.h"

/* An absent average (nothing to average over in the period). */
#define NO_VALUE "—"
#define CLAMP_WIDTH 1000
#define CARDS_PER_LINE 4

/* ---- horizontal bar chart ------------------------------------------------- */

/* A few labelled counts as horizontal bars scaled to the largest: the label
 * on the left, the bar, the count on the right.  Drawn with the foreground
 * and the theme's named colours, so it follows dark mode. */

#define BARS_MIN_WIDTH 200
#define BARS_NAT_WIDTH 480
#define BARS_HEIGHT 12
#define BARS_ROW_SPACING 10
#define BARS_GAP 12
#define BARS_LABEL_MAX_FRACTION 0.45
#define BARS_TRACK_ALPHA 0.10
#define BARS_NEUTRAL_ALPHA 0.45
#define BARS_INSENSITIVE_OPACITY 0.5

typedef enum
{
  BAR_ACCENT,
  BAR_SUCCESS,
  BAR_WARNING,
  BAR_NEUTRAL,
} BarColor;

#define CN_TYPE_DASHBOARD_BARS (cn_dashboard_bars_get_type ())
G_DECLARE_FINAL_TYPE (CnDashboardBars, cn_dashboard_bars, CN, DASHBOARD_BARS, GtkWidget)

struct _CnDashboardBars
{
  GtkWidget parent_instance;

  guint n;
  char **labels;
  BarColor *colors;
  gint64 *values;
};

G_DEFINE_FINAL_TYPE (CnDashboardBars, cn_dashboard_bars, GTK_TYPE_WIDGET)

typedef struct
{
  GdkRGBA fg, track, neutral, accent, success, warning;
} BarColors;

static char *
describe_bar (CnDashboardBars *self,
              guint            i)
{
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, self->values[i]);

  /* Translators: a bar of a dashboard chart read aloud or in a tooltip,
   * a label and a count: "Lead: 12" */
  return g_strdup_printf (_("%s: %s"), self->labels[i], count);
}

static void
update_bars_accessible_label (CnDashboardBars *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->n; i++)
    {
      g_autofree char *sentence = describe_bar (self, i);

      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, sentence);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
}

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *color)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
get_bar_colors (CnDashboardBars *self,
                BarColors       *colors)
{
  /* The style context is deprecated from 4.10 on, but is the only way to
   * read the colours in 4.8 (see cn-score-chart.c). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_color (context, &colors->fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  lookup_color (context, "accent_bg_color", "#3584e4", &colors->accent);
  lookup_color (context, "success_bg_color", "#26a269", &colors->success);
  lookup_color (context, "warning_bg_color", "#cd9309", &colors->warning);

  colors->track = colors->fg;
  colors->track.alpha *= BARS_TRACK_ALPHA;
  colors->neutral = colors->fg;
  colors->neutral.alpha *= BARS_NEUTRAL_ALPHA;
}

static const GdkRGBA *
bar_color (const BarColors *colors,
           BarColor         color)
{
  switch (color)
    {
    case BAR_SUCCESS:
      return &colors->success;
    case BAR_WARNING:
      return &colors->warning;
    case BAR_NEUTRAL:
      return &colors->neutral;
    case BAR_ACCENT:
    default:
      return &colors->accent;
    }
}

static PangoLayout *
create_count_layout (CnDashboardBars *self,
                     gint64           value)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static int
row_height (CnDashboardBars *self)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "Ag");
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return MAX (height, BARS_HEIGHT);
}

static int
bars_height (CnDashboardBars *self)
{
  if (self->n == 0)
    return 0;
  return self->n * row_height (self) + (self->n - 1) * BARS_ROW_SPACING;
}

static void
append_rounded (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                const GdkRGBA         *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, rect, MIN (rect->size.width, rect->size.height) / 2);
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

static void
cn_dashboard_bars_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  CnDashboardBars *self = CN_DASHBOARD_BARS (widget);
  int width = gtk_widget_get_width (widget);
  int height = row_height (self);
  int label_width = 0, count_width = 0, bar_x, bar_width;
  gint64 max = 1;
  BarColors colors;

  if (self->n == 0)
    return;

  get_bar_colors (self, &colors);
  for (guint i = 0; i < self->n; i++)
    {
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (widget, self->labels[i]);
      g_autoptr(PangoLayout) count = create_count_layout (self, self->values[i]);
      int w;

      pango_layout_get_pixel_size (label, &w, NULL);
      label_width = MAX (label_width, w);
      pango_layout_get_pixel_size (count, &w, NULL);
      count_width = MAX (count_width, w);
      max = MAX (max, self->values[i]);
    }
  /* Long status names are ellipsized rather than squeezing the bars. */
  label_width = MIN (label_width, (int) (width * BARS_LABEL_MAX_FRACTION));
  bar_x = label_width + BARS_GAP;
  bar_width = MAX (width - bar_x - BARS_GAP - count_width, 1);

  /* Stale figures (a wrong custom period) are dimmed like the cards. */
  if (!gtk_widget_is_sensitive (widget))
    gtk_snapshot_push_opacity (snapshot, BARS_INSENSITIVE_OPACITY);

  for (guint i = 0; i < self->n; i++)
    {
      g_autoptr(PangoLayout) label = gtk_widget_create_pango_layout (widget, self->labels[i]);
      g_autoptr(PangoLayout) count = create_count_layout (self, self->values[i]);
      float y = i * (height + BARS_ROW_SPACING);
      float bar_y = y + (height - BARS_HEIGHT) / 2.f;
      int text_width, text_height;

      pango_layout_set_width (label, MAX (label_width, 1) * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, NULL, &text_height);
      append_layout (snapshot, label, 0, y + (height - text_height) / 2.f, &colors.fg);

      append_rounded (snapshot, &GRAPHENE_RECT_INIT (bar_x, bar_y, bar_width, BARS_HEIGHT), &colors.track);
      if (self->values[i] > 0)
        {
          /* At least a round dot, so a small count next to a big one shows. */
          float fill = MAX ((float) bar_width * self->values[i] / max, BARS_HEIGHT);

          append_rounded (snapshot, &GRAPHENE_RECT_INIT (bar_x, bar_y, MIN (fill, bar_width), BARS_HEIGHT),
                          bar_color (&colors, self->colors[i]));
        }

      pango_layout_get_pixel_size (count, &text_width, &text_height);
      append_layout (snapshot, count, width - text_width, y + (height - text_height) / 2.f, &colors.fg);
    }

  if (!gtk_widget_is_sensitive (widget))
    gtk_snapshot_pop (snapshot);
}

static void
cn_dashboard_bars_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size G_GNUC_UNUSED,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline G_GNUC_UNUSED,
                           int            *natural_baseline G_GNUC_UNUSED)
{
  CnDashboardBars *self = CN_DASHBOARD_BARS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = BARS_MIN_WIDTH;
      *natural = BARS_NAT_WIDTH;
    }
  else
    *minimum = *natural = bars_height (self);
}

static gboolean
cn_dashboard_bars_query_tooltip (GtkWidget  *widget,
                                 int         x G_GNUC_UNUSED,
                                 int         y,
                                 gboolean    keyboard_mode G_GNUC_UNUSED,
                                 GtkTooltip *tooltip)
{
  CnDashboardBars *self = CN_DASHBOARD_BARS (widget);
  int pitch = row_height (self) + BARS_ROW_SPACING;
  g_autofree char *sentence = NULL;
  int row;

  if (self->n == 0 || y < 0)
    return FALSE;
  row = MIN ((y + BARS_ROW_SPACING / 2) / pitch, (int) self->n - 1);
  sentence = describe_bar (self, row);
  gtk_tooltip_set_text (tooltip, sentence);
  return TRUE;
}

static void
cn_dashboard_bars_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (cn_dashboard_bars_parent_class)->css_changed (widget, change);
  /* The colours are read while drawing: redraw on a switch to dark mode. */
  gtk_widget_queue_draw (widget);
}

static void
cn_dashboard_bars_state_flags_changed (GtkWidget     *widget,
                                       GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (cn_dashboard_bars_parent_class)->state_flags_changed (widget, previous);
  /* Insensitive, the chart is drawn dimmed. */
  if ((previous ^ gtk_widget_get_state_flags (widget)) & GTK_STATE_FLAG_INSENSITIVE)
    gtk_widget_queue_draw (widget);
}

static void
cn_dashboard_bars_finalize (GObject *object)
{
  CnDashboardBars *self = CN_DASHBOARD_BARS (object);

  g_strfreev (self->labels);
  g_free (self->colors);
  g_free (self->values);

  G_OBJECT_CLASS (cn_dashboard_bars_parent_class)->finalize (object);
}

static void
cn_dashboard_bars_class_init (CnDashboardBarsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cn_dashboard_bars_finalize;
  widget_class->measure = cn_dashboard_bars_measure;
  widget_class->snapshot = cn_dashboard_bars_snapshot;
  widget_class->query_tooltip = cn_dashboard_bars_query_tooltip;
  widget_class->css_changed = cn_dashboard_bars_css_changed;
  widget_class->state_flags_changed = cn_dashboard_bars_state_flags_changed;

  gtk_widget_class_set_css_name (widget_class, "dashboardbars");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cn_dashboard_bars_init (CnDashboardBars *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

/* @labels and @colors for @n bars, all at 0. */
static GtkWidget *
cn_dashboard_bars_new (guint              n,
                       const char *const *labels,
                       const BarColor    *colors)
{
  CnDashboardBars *self = g_object_new (CN_TYPE_DASHBOARD_BARS, NULL);

  self->n = n;
  self->labels = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    self->labels[i] = g_strdup (labels[i]);
  self->colors = g_memdup2 (colors, n * sizeof (BarColor));
  self->values = g_new0 (gint64, n);
  update_bars_accessible_label (self);
  return GTK_WIDGET (self);
}

static void
cn_dashboard_bars_set_value (CnDashboardBars *self,
                             guint            i,
                             gint64           value)
{
  g_return_if_fail (i < self->n);

  if (self->values[i] == value)
    return;
  self->values[i] = value;
  update_bars_accessible_label (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- the view ------------------------------------------------------------- */

typedef enum
{
  PERIOD_THIS_MONTH,
  PERIOD_LAST_3_MONTHS,
  PERIOD_THIS_YEAR,
  PERIOD_ALL_TIME,
  PERIOD_CUSTOM,
} Period;

typedef enum
{
  SECTION_PORTFOLIO,
  SECTION_DIAGNOSTICS,
  SECTION_APPOINTMENTS,
  SECTION_REPORTS,
  SECTION_AWARENESS,
  N_SECTIONS,
} Section;

/* Which section an indicator goes to, by the start of its id; an indicator
 * added later to the list joins the section of the one before it. */
static const struct
{
  const char *prefix;
  Section     section;
} section_prefixes[] = {
  { "companies_", SECTION_PORTFOLIO },
  { "diagnostics_", SECTION_DIAGNOSTICS },
  { "maturity_", SECTION_DIAGNOSTICS },
  { "gain_", SECTION_DIAGNOSTICS },
  { "appointments_", SECTION_APPOINTMENTS },
  { "reports_", SECTION_REPORTS },
  { "cofinancing_", SECTION_REPORTS },
  { "connected_commerce_", SECTION_REPORTS },
  { "satisfaction_", SECTION_REPORTS },
  { "outreach_", SECTION_AWARENESS },
};

/* The appointments chart, in this order. */
static const char *const appointment_statuses[] = { "done", "cancelled", "no_show", "planned" };
static const BarColor appointment_colors[] = { BAR_SUCCESS, BAR_NEUTRAL, BAR_WARNING, BAR_ACCENT };

typedef struct
{
  GtkWidget *card;
  GtkWidget *value;
} Card;

typedef struct
{
  GtkWidget *box;
  GtkWidget *cards;   /* GtkFlowBox */
  guint      n_cards;
} SectionWidgets;

struct _CnDashboardView
{
  GtkBox parent_instance;

  CnStore *store;

  GtkWidget *period_dropdown;
  GtkWidget *custom_revealer;
  GtkWidget *from_entry;
  GtkWidget *to_entry;
  GtkWidget *period_error;
  GtkWidget *toasts;
  GtkWidget *content;
  GtkWidget *caption;
  GtkWidget *status_chart;
  GtkWidget *appointment_chart;
  SectionWidgets sections[N_SECTIONS];

  GHashTable *cards;  /* indicator id → Card */
  GHashTable *texts;  /* indicator id → text shown */

  CnDashboard *dashboard;  /* the figures shown, or NULL */
  gboolean dirty;          /* not read since the store last changed */
  gboolean setting_period; /* the entries are being filled in by code */
};

G_DEFINE_FINAL_TYPE (CnDashboardView, cn_dashboard_view, GTK_TYPE_BOX)

static void
toast (CnDashboardView *self,
       const char      *message)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *t = adw_toast_new (escaped);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), t);
}

static gboolean
uses_decimal_comma (void)
{
  const char *point = localeconv ()->decimal_point;

  return point != NULL && point[0] == ',';
}

/* ---- period --------------------------------------------------------------- */

static char *
format_day (int year,
            int month,
            int day)
{
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

static int
days_in_month (int year,
               int month)
{
  return g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year);
}

/* The bounds of a preset period, in the programme's time zone (Europe/Paris,
 * where the store's local dates are). */
static void
preset_bounds (Period   period,
               char   **from,
               char   **to)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (cn_appointment_time_zone ());
  int year = g_date_time_get_year (now);
  int month = g_date_time_get_month (now);
  int first_year = year, first_month = month - 2;

  *from = *to = NULL;
  switch (period)
    {
    case PERIOD_THIS_MONTH:
      *from = format_day (year, month, 1);
      *to = format_day (year, month, days_in_month (year, month));
      break;
    case PERIOD_LAST_3_MONTHS:
      /* This month and the two before it, whole. */
      if (first_month < 1)
        {
          first_month += 12;
          first_year--;
        }
      *from = format_day (first_year, first_month, 1);
      *to = format_day (year, month, days_in_month (year, month));
      break;
    case PERIOD_THIS_YEAR:
      *from = format_day (year, 1, 1);
      *to = format_day (year, 12, 31);
      break;
    case PERIOD_ALL_TIME:
    case PERIOD_CUSTOM:
    default:
      break;
    }
}

/* "YYYY-MM-DD" and a real day. */
static gboolean
is_day (const char *text)
{
  int year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  year = atoi (text);
  month = atoi (text + 5);
  day = atoi (text + 8);
  return year >= 1 && g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
set_entry_error (GtkWidget *entry,
                 gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

/* Reads a date entry: an empty one is no bound.  FALSE on a wrong date. */
static gboolean
read_day_entry (GtkWidget  *entry,
                char      **day)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  *day = NULL;
  if (*text == '\0')
    return TRUE;
  if (!is_day (text))
    return FALSE;
  *day = g_steal_pointer (&text);
  return TRUE;
}

/* The selected period; on an invalid custom one, marks the entries at fault
 * and sets @message. */
static gboolean
selected_period (CnDashboardView  *self,
                 char            **from,
                 char            **to,
                 const char      **message)
{
  Period period = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->period_dropdown));
  gboolean from_ok, to_ok;

  *message = NULL;
  if (period != PERIOD_CUSTOM)
    {
      preset_bounds (period, from, to);
      return TRUE;
    }

  from_ok = read_day_entry (self->from_entry, from);
  to_ok = read_day_entry (self->to_entry, to);
  set_entry_error (self->from_entry, !from_ok);
  set_entry_error (self->to_entry, !to_ok);
  if (!from_ok || !to_ok)
    *message = _("Enter dates as YYYY-MM-DD, for example 2025-06-30.");
  else if (*from != NULL && *to != NULL && strcmp (*from, *to) > 0)
    {
      set_entry_error (self->to_entry, TRUE);
      *message = _("The end date comes before the start date.");
    }
  if (*message != NULL)
    {
      g_clear_pointer (from, g_free);
      g_clear_pointer (to, g_free);
      return FALSE;
    }
  return TRUE;
}

static char *
format_caption_day (const char *day)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, d;

  if (sscanf (day, "%d-%d-%d", &year, &month, &d) != 3 ||
      (date = g_date_time_new_local (year, month, d, 12, 0, 0)) == NULL)
    return g_strdup (day);
  /* Translators: a day in the dashboard's period line, in
   * g_date_time_format() syntax: "June 30, 2025" */
  return g_date_time_format (date, _("%B %-d, %Y"));
}

static char *
period_caption (const char *from,
                const char *to)
{
  g_autofree char *first = from != NULL ? format_caption_day (from) : NULL;
  g_autofree char *last = to != NULL ? format_caption_day (to) : NULL;

  if (first != NULL && last != NULL)
    /* Translators: the period of the dashboard: "From June 1, 2025 to June 30, 2025" */
    return g_strdup_printf (_("From %s to %s"), first, last);
  if (first != NULL)
    /* Translators: the period of the dashboard, without an end */
    return g_strdup_printf (_("Since %s"), first);
  if (last != NULL)
    /* Translators: the period of the dashboard, without a start */
    return g_strdup_printf (_("Until %s"), last);
  return g_strdup (_("Since the beginning"));
}

/* ---- figures -------------------------------------------------------------- */

static void
set_value (CnDashboardView            *self,
           const CnDashboardIndicator *indicator,
           gboolean                    french_decimal)
{
  g_autofree char *text = NULL;
  Card *card;

  if (indicator->kind == CN_DASHBOARD_AVERAGE && !indicator->present)
    text = g_strdup (NO_VALUE);
  else
    text = cn_dashboard_format_value (indicator, french_decimal);

  card = g_hash_table_lookup (self->cards, indicator->id);
  if (card != NULL)
    {
      gtk_label_set_text (GTK_LABEL (card->value), text);
      gtk_widget_set_tooltip_text (card->card, indicator->kind == CN_DASHBOARD_AVERAGE && !indicator->present
                                               ? _("Not enough data for this period")
                                               : NULL);
    }
  g_hash_table_replace (self->texts, g_strdup (indicator->id), g_steal_pointer (&text));
}

static void
show_dashboard (CnDashboardView *self)
{
  gboolean french_decimal = uses_decimal_comma ();
  guint n = cn_dashboard_get_n_indicators ();
  g_autofree char *caption = period_caption (self->dashboard->from, self->dashboard->to);

  for (guint i = 0; i < n; i++)
    {
      CnDashboardIndicator indicator;

      cn_dashboard_get_indicator (self->dashboard, i, &indicator);
      set_value (self, &indicator, french_decimal);
    }

  for (guint s = 0; s < CN_COMPANY_N_STATUSES; s++)
    cn_dashboard_bars_set_value (CN_DASHBOARD_BARS (self->status_chart), s,
                                 self->dashboard->companies_by_status[s]);

  cn_dashboard_bars_set_value (CN_DASHBOARD_BARS (self->appointment_chart), 0, self->dashboard->appointments_done);
  cn_dashboard_bars_set_value (CN_DASHBOARD_BARS (self->appointment_chart), 1, self->dashboard->appointments_cancelled);
  cn_dashboard_bars_set_value (CN_DASHBOARD_BARS (self->appointment_chart), 2, self->dashboard->appointments_no_show);
  cn_dashboard_bars_set_value (CN_DASHBOARD_BARS (self->appointment_chart), 3, self->dashboard->appointments_planned);

  gtk_label_set_text (GTK_LABEL (self->caption), caption);
}

/* Computes the figures of the selected period and shows them.  On an
 * invalid period, shows why and dims the figures, which are then stale. */
static gboolean
compute (CnDashboardView  *self,
         GError          **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const char *message = NULL;
  CnDashboard *dashboard;

  self->dirty = FALSE;
  if (!selected_period (self, &from, &to, &message))
    {
      gtk_label_set_text (GTK_LABEL (self->period_error), message);
      gtk_widget_set_visible (self->period_error, TRUE);
      gtk_widget_set_sensitive (self->content, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.export", FALSE);
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, message);
      return FALSE;
    }
  gtk_widget_set_visible (self->period_error, FALSE);

  dashboard = cn_dashboard_compute (self->store, from, to, error);
  if (dashboard == NULL)
    {
      gtk_widget_set_sensitive (self->content, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.export", FALSE);
      return FALSE;
    }

  g_clear_pointer (&self->dashboard, cn_dashboard_free);
  self->dashboard = dashboard;
  show_dashboard (self);
  gtk_widget_set_sensitive (self->content, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dashboard.export", TRUE);
  return TRUE;
}

void
cn_dashboard_view_refresh (CnDashboardView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CN_IS_DASHBOARD_VIEW (self));

  /* A wrong custom date is already shown beside the entries. */
  if (!compute (self, &error) && !g_error_matches (error, CN_ERROR, CN_ERROR_INVALID))
    toast (self, error->message);
}

static void
on_store_changed (CnDashboardView *self)
{
  /* Hidden, the view waits to be shown again (an import may change the
   * store many times, the dashboard of a huge portfolio takes a moment). */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    cn_dashboard_view_refresh (self);
  else
    self->dirty = TRUE;
}

static void
on_map (CnDashboardView *self)
{
  /* Not every change emits "changed" (the outreach log does not touch the
   * portfolio): read the store again whenever the section is shown. */
  cn_dashboard_view_refresh (self);
}

static void
on_period_selected (CnDashboardView *self)
{
  gboolean custom = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->period_dropdown)) == PERIOD_CUSTOM;

  if (custom && !self->setting_period &&
      *gtk_editable_get_text (GTK_EDITABLE (self->from_entry)) == '\0' &&
      *gtk_editable_get_text (GTK_EDITABLE (self->to_entry)) == '\0' &&
      self->dashboard != NULL)
    {
      /* Start from the period shown, to adjust. */
      self->setting_period = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->from_entry), self->dashboard->from ? self->dashboard->from : "");
      gtk_editable_set_text (GTK_EDITABLE (self->to_entry), self->dashboard->to ? self->dashboard->to : "");
      self->setting_period = FALSE;
    }
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->custom_revealer), custom);
  if (!self->setting_period)
    cn_dashboard_view_refresh (self);
}

static void
on_date_changed (CnDashboardView *self)
{
  if (!self->setting_period)
    cn_dashboard_view_refresh (self);
}

void
cn_dashboard_view_set_period (CnDashboardView *self,
                              const char      *from,
                              const char      *to)
{
  g_return_if_fail (CN_IS_DASHBOARD_VIEW (self));

  self->setting_period = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from ? from : "");
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to ? to : "");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->period_dropdown),
                              from == NULL && to == NULL ? PERIOD_ALL_TIME : PERIOD_CUSTOM);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->custom_revealer), from != NULL || to != NULL);
  self->setting_period = FALSE;
  cn_dashboard_view_refresh (self);
}

const char *
cn_dashboard_view_get_value_text (CnDashboardView *self,
                                  const char      *indicator_id)
{
  g_return_val_if_fail (CN_IS_DASHBOARD_VIEW (self), NULL);
  g_return_val_if_fail (indicator_id != NULL, NULL);

  if (self->dirty)
    cn_dashboard_view_refresh (self);
  return g_hash_table_lookup (self->texts, indicator_id);
}

/* ---- export --------------------------------------------------------------- */

gboolean
cn_dashboard_view_export (CnDashboardView *self,
                          const char      *path,
                          GError         **error)
{
  g_return_val_if_fail (CN_IS_DASHBOARD_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* What is written is what is shown, read again right now. */
  if (!compute (self, error))
    return FALSE;
  return cn_dashboard_write_csv_file (self->dashboard, path, error);
}

static char *
default_file_name (CnDashboardView *self)
{
  const char *from = self->dashboard ? self->dashboard->from : NULL;
  const char *to = self->dashboard ? self->dashboard->to : NULL;
  /* Translators: the start of the CSV file name of the dashboard,
   * "indicators-2025-06-01-2025-06-30.csv": lower case, no spaces */
  const char *prefix = _("indicators");

  if (from != NULL && to != NULL)
    return g_strdup_printf ("%s-%s-%s.csv", prefix, from, to);
  if (from != NULL)
    /* Translators: part of a file name, "indicators-since-2025-06-01.csv":
     * lower case, no spaces */
    return g_strdup_printf ("%s-%s-%s.csv", prefix, _("since"), from);
  if (to != NULL)
    /* Translators: part of a file name, "indicators-until-2025-06-30.csv":
     * lower case, no spaces */
    return g_strdup_printf ("%s-%s-%s.csv", prefix, _("until"), to);
  /* Translators: part of a file name, "indicators-all-time.csv": lower case,
   * no spaces */
  return g_strdup_printf ("%s-%s.csv", prefix, _("all-time"));
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(CnDashboardView) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *name = g_file_get_basename (file);

      if (path == NULL)
        toast (self, _("The indicators can only be saved to a local folder."));
      else if (!cn_dashboard_view_export (self, path, &error))
        toast (self, error->message);
      else
        {
          /* Translators: %s is a file name */
          g_autofree char *message = g_strdup_printf (_("Indicators saved as “%s”"), name);

          toast (self, message);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name G_GNUC_UNUSED,
               GVariant   *parameter G_GNUC_UNUSED)
{
  CnDashboardView *self = CN_DASHBOARD_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = default_file_name (self);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export the Indicators"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- construction --------------------------------------------------------- */

static Section
section_for (const char *id,
             Section     previous)
{
  for (guint i = 0; i < G_N_ELEMENTS (section_prefixes); i++)
    if (g_str_has_prefix (id, section_prefixes[i].prefix))
      return section_prefixes[i].section;
  return previous;
}

/* Shown in a chart rather than as a card. */
static gboolean
is_charted (const char *id)
{
  if (g_str_has_prefix (id, "appointments_"))
    return cn_appointment_is_status (id + strlen ("appointments_"));
  if (g_str_has_prefix (id, "companies_"))
    {
      CnCompanyStatus status;

      return cn_company_status_from_string (id + strlen ("companies_"), &status);
    }
  return FALSE;
}

static GtkWidget *
new_card (const char *label_text,
          Card       *card)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *value = gtk_label_new (NO_VALUE);
  GtkWidget *label = gtk_label_new (label_text);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (value, "title-1");
  gtk_label_set_selectable (GTK_LABEL (value), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (value, 18);
  gtk_widget_set_margin_start (value, 12);
  gtk_widget_set_margin_end (value, 12);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_bottom (label, 18);

  gtk_box_append (GTK_BOX (box), value);
  gtk_box_append (GTK_BOX (box), label);

  card->card = box;
  card->value = value;
  return box;
}

static GtkWidget *
new_chart_card (const char *title,
                GtkWidget  *chart)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *heading = gtk_label_new (title);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_set_margin_top (heading, 18);
  gtk_widget_set_margin_start (heading, 18);
  gtk_widget_set_margin_end (heading, 18);
  gtk_widget_set_margin_start (chart, 18);
  gtk_widget_set_margin_end (chart, 18);
  gtk_widget_set_margin_bottom (chart, 18);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), chart);
  return box;
}

static GtkWidget *
new_section (SectionWidgets *section,
             const char     *title,
             const char     *subtitle)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *heading = gtk_label_new (title);

  section->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (heading, "title-4");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_box_append (GTK_BOX (header), heading);
  gtk_box_append (GTK_BOX (section->box), header);

  if (subtitle != NULL)
    {
      GtkWidget *label = gtk_label_new (subtitle);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (header), label);
    }

  section->cards = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (section->cards), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (section->cards), TRUE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (section->cards), 1);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (section->cards), CARDS_PER_LINE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (section->cards), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (section->cards), 12);
  gtk_widget_set_valign (section->cards, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (section->box), section->cards);
  return section->box;
}

static void
build_figures (CnDashboardView *self,
               GtkWidget       *content)
{
  static const char *const titles[N_SECTIONS] = {
    N_("Portfolio"),
    N_("Diagnostics"),
    N_("Appointments"),
    N_("Reports and co-financing"),
    N_("Awareness"),
  };
  const char *status_labels[CN_COMPANY_N_STATUSES];
  BarColor status_colors[CN_COMPANY_N_STATUSES];
  const char *appointment_labels[G_N_ELEMENTS (appointment_statuses)];
  /* Only the list of indicators is read from it. */
  CnDashboard empty = { 0 };
  guint n = cn_dashboard_get_n_indicators ();
  Section section = SECTION_PORTFOLIO;

  for (Section s = 0; s < N_SECTIONS; s++)
    gtk_box_append (GTK_BOX (content),
                    new_section (&self->sections[s], _(titles[s]),
                                 s == SECTION_PORTFOLIO ? _("The portfolio as it is today, whatever the period.")
                                                        : NULL));

  for (guint i = 0; i < n; i++)
    {
      CnDashboardIndicator indicator;
      Card *card;
      GtkWidget *widget, *child;

      cn_dashboard_get_indicator (&empty, i, &indicator);
      section = section_for (indicator.id, section);
      g_hash_table_replace (self->texts, g_strdup (indicator.id), g_strdup (""));
      if (is_charted (indicator.id))
        continue;

      card = g_new0 (Card, 1);
      widget = new_card (indicator.label, card);
      g_hash_table_replace (self->cards, g_strdup (indicator.id), card);
      gtk_flow_box_append (GTK_FLOW_BOX (self->sections[section].cards), widget);
      child = gtk_widget_get_parent (widget);
      gtk_widget_set_focusable (child, FALSE);
      self->sections[section].n_cards++;
    }

  for (Section s = 0; s < N_SECTIONS; s++)
    gtk_widget_set_visible (self->sections[s].cards, self->sections[s].n_cards > 0);

  for (CnCompanyStatus s = 0; s < CN_COMPANY_N_STATUSES; s++)
    {
      status_labels[s] = cn_company_status_label (s);
      status_colors[s] = s == CN_COMPANY_STATUS_CLOSED ? BAR_NEUTRAL : BAR_ACCENT;
    }
  self->status_chart = cn_dashboard_bars_new (CN_COMPANY_N_STATUSES, status_labels, status_colors);
  gtk_box_append (GTK_BOX (self->sections[SECTION_PORTFOLIO].box),
                  new_chart_card (_("Companies by follow-up status"), self->status_chart));

  for (guint i = 0; i < G_N_ELEMENTS (appointment_statuses); i++)
    appointment_labels[i] = cn_appointment_status_label (appointment_statuses[i]);
  self->appointment_chart = cn_dashboard_bars_new (G_N_ELEMENTS (appointment_statuses),
                                                   appointment_labels, appointment_colors);
  gtk_box_append (GTK_BOX (self->sections[SECTION_APPOINTMENTS].box),
                  new_chart_card (_("Appointments by status"), self->appointment_chart));
}

/* A label and its entry, kept together when the dates wrap. */
static GtkWidget *
new_date_entry (GtkWidget  *dates,
                const char *mnemonic)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 11);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 10);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  /* Translators: the placeholder of a date entry; the date itself is typed
   * as 2025-06-30 in every language */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("YYYY-MM-DD"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  cn_wrap_box_append (CN_WRAP_BOX (dates), box);
  return entry;
}

static void
cn_dashboard_view_dispose (GObject *object)
{
  CnDashboardView *self = CN_DASHBOARD_VIEW (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (cn_dashboard_view_parent_class)->dispose (object);
}

static void
cn_dashboard_view_finalize (GObject *object)
{
  CnDashboardView *self = CN_DASHBOARD_VIEW (object);

  g_clear_pointer (&self->dashboard, cn_dashboard_free);
  g_hash_table_unref (self->cards);
  g_hash_table_unref (self->texts);

  G_OBJECT_CLASS (cn_dashboard_view_parent_class)->finalize (object);
}

static void
cn_dashboard_view_class_init (CnDashboardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_dashboard_view_dispose;
  object_class->finalize = cn_dashboard_view_finalize;

  gtk_widget_class_install_action (widget_class, "dashboard.export", NULL, export_action);
  gtk_widget_class_set_css_name (widget_class, "dashboardview");
}

/* The theme pads the children of a flow box for a selection this view does
 * not have: without it the cards line up with the charts. */
static void
add_style (void)
{
  static gsize done;
  GdkDisplay *display = gdk_display_get_default ();

  if (display != NULL && g_once_init_enter (&done))
    {
      g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

      gtk_css_provider_load_from_data (provider, "dashboardview flowbox > flowboxchild { padding: 0; }", -1);
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_once_init_leave (&done, 1);
    }
}

static void
cn_dashboard_view_init (CnDashboardView *self)
{
  const char *periods[] = {
    _("This Month"),
    _("Last 3 Months"),
    _("This Year"),
    _("All Time"),
    /* Translators: a period chosen with two dates */
    _("Custom"),
    NULL,
  };
  GtkWidget *toolbar, *export_button, *custom, *dates, *scrolled, *clamp, *sections;

  add_style ();
  self->cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);

  /* The toolbar: the period, and the export at the end of the line, or
   * under the period when the window is too narrow for both. */
  toolbar = cn_wrap_box_new (6, 6);
  gtk_widget_set_margin_top (toolbar, 6);
  gtk_widget_set_margin_bottom (toolbar, 6);
  gtk_widget_set_margin_start (toolbar, 12);
  gtk_widget_set_margin_end (toolbar, 12);

  self->period_dropdown = gtk_drop_down_new_from_strings (periods);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->period_dropdown), PERIOD_THIS_MONTH);
  gtk_widget_set_tooltip_text (self->period_dropdown, _("Period"));
  cn_drop_down_set_name (self->period_dropdown, _("Period"));
  g_signal_connect_swapped (self->period_dropdown, "notify::selected", G_CALLBACK (on_period_selected), self);
  cn_wrap_box_append (CN_WRAP_BOX (toolbar), self->period_dropdown);

  export_button = cn_button_new_with_mnemonic (_("_Export as CSV…"));
  gtk_widget_set_tooltip_text (export_button, _("Save the indicators of the period for a spreadsheet"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (export_button), "dashboard.export");
  gtk_widget_set_hexpand (export_button, TRUE);
  gtk_widget_set_halign (export_button, GTK_ALIGN_END);
  cn_wrap_box_append (CN_WRAP_BOX (toolbar), export_button);
  gtk_box_append (GTK_BOX (self), toolbar);

  /* The custom dates, under the toolbar when "Custom" is chosen. */
  custom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_bottom (custom, 6);
  gtk_widget_set_margin_start (custom, 12);
  gtk_widget_set_margin_end (custom, 12);
  dates = cn_wrap_box_new (12, 6);
  self->from_entry = new_date_entry (dates, _("_From"));
  self->to_entry = new_date_entry (dates, _("_To"));
  g_signal_connect_swapped (self->from_entry, "changed", G_CALLBACK (on_date_changed), self);
  g_signal_connect_swapped (self->to_entry, "changed", G_CALLBACK (on_date_changed), self);
  gtk_box_append (GTK_BOX (custom), dates);
  self->period_error = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->period_error, "error");
  gtk_label_set_xalign (GTK_LABEL (self->period_error), 0);
  gtk_label_set_wrap (GTK_LABEL (self->period_error), TRUE);
  gtk_widget_set_visible (self->period_error, FALSE);
  gtk_box_append (GTK_BOX (custom), self->period_error);
  self->custom_revealer = gtk_revealer_new ();
  gtk_revealer_set_transition_type (GTK_REVEALER (self->custom_revealer),
                                    GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_revealer_set_child (GTK_REVEALER (self->custom_revealer), custom);
  gtk_box_append (GTK_BOX (self), self->custom_revealer);

  gtk_box_append (GTK_BOX (self), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  /* The figures. */
  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (self->content, 18);
  gtk_widget_set_margin_bottom (self->content, 24);
  gtk_widget_set_margin_start (self->content, 12);
  gtk_widget_set_margin_end (self->content, 12);
  self->caption = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->caption, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (self->caption), 0);
  gtk_label_set_wrap (GTK_LABEL (self->caption), TRUE);
  gtk_box_append (GTK_BOX (self->content), self->caption);
  sections = gtk_box_new (GTK_ORIENTATION_VERTICAL, 30);
  gtk_box_append (GTK_BOX (self->content), sections);
  build_figures (self, sections);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), CLAMP_WIDTH);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), CLAMP_WIDTH * 3 / 4);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->content);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  self->toasts = adw_toast_overlay_new ();
  gtk_widget_set_vexpand (self->toasts, TRUE);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), scrolled);
  gtk_box_append (GTK_BOX (self), self->toasts);

  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
}

GtkWidget *
cn_dashboard_view_new (CnStore *store)
{
  CnDashboardView *self;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  self = g_object_new (CN_TYPE_DASHBOARD_VIEW, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  /* Read when first shown (on_map ()): the window opens on the portfolio,
   * and the figures of a large one take a moment to gather. */
  self->dirty = TRUE;
  return GTK_WIDGET (self);
}
