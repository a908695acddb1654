/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-wrap-box"

#include "config.h"

#include <string.h>

#include "cn-wrap-box.h"

struct _CnWrapBox
{
  GtkWidget parent_instance;

  int spacing;        /* between the children of a line */
  int line_spacing;   /* between lines */
};

G_DEFINE_FINAL_TYPE (CnWrapBox, cn_wrap_box, GTK_TYPE_WIDGET)

typedef struct {
  GtkWidget *widget;
  int        minimum;   /* width */
  int        natural;   /* width */
  gboolean   expand;
  int        width;     /* given on its line */
  guint      line;
} Child;

static GArray *
measure_children (CnWrapBox *self)
{
  GArray *children = g_array_new (FALSE, TRUE, sizeof (Child));

  for (GtkWidget *widget = gtk_widget_get_first_child (GTK_WIDGET (self));
       widget != NULL;
       widget = gtk_widget_get_next_sibling (widget))
    {
      Child child = { widget, 0, 0, FALSE, 0, 0 };

      if (!gtk_widget_should_layout (widget))
        continue;
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &child.minimum, &child.natural, NULL, NULL);
      child.expand = gtk_widget_compute_expand (widget, GTK_ORIENTATION_HORIZONTAL);
      g_array_append_val (children, child);
    }
  return children;
}

/* Puts @children on lines @width wide, each as wide as it asks for plus
 * its share of what its line leaves; returns the number of lines. */
static guint
break_lines (CnWrapBox *self,
             GArray    *children,
             int        width)
{
  guint n_lines = 0;
  guint first = 0;

  while (first < children->len)
    {
      /* A line holds at least one child, even one wider than the line. */
      guint end = first + 1;
      int used = g_array_index (children, Child, first).natural;
      int n_expand = 0;
      int extra;

      while (end < children->len &&
             used + self->spacing + g_array_index (children, Child, end).natural <= width)
        used += self->spacing + g_array_index (children, Child, end++).natural;
      extra = width - used;
      for (guint i = first; i < end; i++)
        n_expand += g_array_index (children, Child, i).expand;

      for (guint i = first; i < end; i++)
        {
          Child *child = &g_array_index (children, Child, i);

          child->line = n_lines;
          if (extra < 0)
            child->width = MAX (child->minimum, width);
          else
            {
              child->width = child->natural;
              if (child->expand)
                {
                  int share = extra / n_expand--;

                  child->width += share;
                  extra -= share;
                }
            }
        }
      n_lines++;
      first = end;
    }
  return n_lines;
}

/* Each line as high as its highest child at the width it was given. */
static int
measure_lines (CnWrapBox *self,
               GArray    *children,
               guint      n_lines,
               int       *heights)
{
  int total = 0;

  memset (heights, 0, n_lines * sizeof (int));
  for (guint i = 0; i < children->len; i++)
    {
      Child *child = &g_array_index (children, Child, i);
      int height;

      gtk_widget_measure (child->widget, GTK_ORIENTATION_VERTICAL, child->width, NULL, &height, NULL, NULL);
      heights[child->line] = MAX (heights[child->line], height);
    }
  for (guint line = 0; line < n_lines; line++)
    total += heights[line] + (line > 0 ? self->line_spacing : 0);
  return total;
}

static int
height_for_width (CnWrapBox *self,
                  GArray    *children,
                  int        width)
{
  guint n_lines = break_lines (self, children, width);
  g_autofree int *heights = g_new (int, n_lines);

  return measure_lines (self, children, n_lines, heights);
}

static void
cn_wrap_box_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  CnWrapBox *self = CN_WRAP_BOX (widget);
  g_autoptr(GArray) children = measure_children (self);
  int min_width = 0, nat_width = 0;

  *minimum = *natural = 0;
  if (children->len == 0)
    return;
  for (guint i = 0; i < children->len; i++)
    {
      Child *child = &g_array_index (children, Child, i);

      min_width = MAX (min_width, child->minimum);
      nat_width += child->natural + (i > 0 ? self->spacing : 0);
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At the least one child per line; at best one line. */
      *minimum = min_width;
      *natural = nat_width;
    }
  else if (for_size < 0)
    {
      /* At least one line; more when as narrow as it gets. */
      *minimum = height_for_width (self, children, nat_width);
      *natural = MAX (*minimum, height_for_width (self, children, min_width));
    }
  else
    *minimum = *natural = height_for_width (self, children, MAX (for_size, min_width));
}

static void
cn_wrap_box_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  CnWrapBox *self = CN_WRAP_BOX (widget);
  g_autoptr(GArray) children = measure_children (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  g_autofree int *heights = NULL;
  guint n_lines, line = 0;
  int x = 0, y = 0;

  if (children->len == 0)
    return;
  n_lines = break_lines (self, children, width);
  heights = g_new (int, n_lines);
  measure_lines (self, children, n_lines, heights);

  for (guint i = 0; i < children->len; i++)
    {
      Child *child = &g_array_index (children, Child, i);

      if (child->line != line)
        {
          y += heights[line] + self->line_spacing;
          line = child->line;
          x = 0;
        }
      gtk_widget_size_allocate (child->widget,
                                &(GtkAllocation) { rtl ? width - x - child->width : x, y,
                                                   child->width, heights[line] },
                                -1);
      x += child->width + self->spacing;
    }
}

static GtkSizeRequestMode
cn_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cn_wrap_box_compute_expand (GtkWidget *widget,
                            gboolean  *hexpand,
                            gboolean  *vexpand)
{
  *hexpand = *vexpand = FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      *hexpand = *hexpand || gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL);
      *vexpand = *vexpand || gtk_widget_compute_expand (child, GTK_ORIENTATION_VERTICAL);
    }
}

static void
cn_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (cn_wrap_box_parent_class)->dispose (object);
}

static void
cn_wrap_box_class_init (CnWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_wrap_box_dispose;
  widget_class->measure = cn_wrap_box_measure;
  widget_class->size_allocate = cn_wrap_box_size_allocate;
  widget_class->get_request_mode = cn_wrap_box_get_request_mode;
  widget_class->compute_expand = cn_wrap_box_compute_expand;
  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cn_wrap_box_init (CnWrapBox *self)
{
}

GtkWidget *
cn_wrap_box_new (int spacing,
                 int line_spacing)
{
  CnWrapBox *self = g_object_new (CN_TYPE_WRAP_BOX, NULL);

  self->spacing = spacing;
  self->line_spacing = line_spacing;
  return GTK_WIDGET (self);
}

void
cn_wrap_box_append (CnWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (CN_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_set_parent (child, GTK_WIDGET (self));
}
