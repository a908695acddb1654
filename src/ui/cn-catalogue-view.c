/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-catalogue-view"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "cn-basket.h"
#include "cn-catalogue-view.h"
#include "cn-geo.h"
#include "cn-naf.h"
#include "cn-referential.h"
#include "cn-widgets.h"
#include "cn-wrap-box.h"

/* Lists read best at this width on a wide window. */
#define CLAMP_WIDTH 860

typedef enum {
  PAGE_AIDS,
  PAGE_PROVIDERS,
  PAGE_PRICES,
  PAGE_TESTIMONIES,
  PAGE_RESOURCES,
  N_PAGES
} PageId;

static const char *const page_names[N_PAGES] = {
  "aids", "providers", "prices", "testimonies", "resources",
};

typedef struct {
  GtkWidget *stack;    /* "list" or "empty" */
  GtkWidget *list;     /* GtkListBox */
  GtkWidget *filters;  /* CnWrapBox, or NULL */
  GtkWidget *search;   /* GtkSearchEntry, or NULL */
  guint      n_shown;
} Page;

/* The sizes of the questionnaires' profile, as testimonies give them. */
static const struct {
  const char *id;
  const char *label;
} sizes[] = {
  { "solo", NC_("company size", "Alone") },
  { "micro", NC_("company size", "1 to 9") },
  { "petite", NC_("company size", "10 to 49") },
  { "moyenne", NC_("company size", "50 to 249") },
};

static const char *const resource_kinds[] = { "guide", "mooc", "training", "tool", "kit" };

struct _CnCatalogueView
{
  GtkBox parent_instance;

  CnApplication *application;
  CnStore       *store;
  CnCatalogue   *catalogue;
  char          *today;           /* "YYYY-MM-DD" */

  GtkWidget *toasts;
  GtkWidget *view_stack;
  GtkWidget *switcher_squeezer, *wide_switcher, *switcher_bar;
  guint      switcher_idle;
  Page       pages[N_PAGES];

  GtkWidget *aid_region, *aid_open_only;
  GtkWidget *provider_service, *provider_region;
  GPtrArray *service_ids;         /* price ids behind the service filter */
  GtkWidget *testimony_sector, *testimony_size, *testimony_region, *testimony_level;
  GtkWidget *resource_dimension, *resource_level, *resource_kind;
  GPtrArray *dimension_ids;       /* behind the dimension filter */
  GtkWindow *watched_root;
};

G_DEFINE_FINAL_TYPE (CnCatalogueView, cn_catalogue_view, GTK_TYPE_BOX)

/* ---- helpers ------------------------------------------------------------ */

static void
toast (CnCatalogueView *self,
       const char      *text)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *t = adw_toast_new (escaped);

  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), t);
}

static GtkWindow *
parent_window (CnCatalogueView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
show_error (CnCatalogueView *self,
            const char      *heading,
            const char      *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* "2021-07-31" as the connector reads dates: "31/07/2021". */
static char *
format_day (const char *date)
{
  int year, month, day;
  g_autoptr(GDateTime) when = NULL;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return g_strdup (date ? date : "");
  when = g_date_time_new_local (year, month, day, 12, 0, 0);
  if (when == NULL)
    return g_strdup (date);
  /* Translators: a day, see strftime(3); French: "%d/%m/%Y" */
  return g_date_time_format (when, _("%d/%m/%Y"));
}

/* A stored UTC timestamp, as the local day it was. */
static char *
format_timestamp_day (const char *timestamp)
{
  g_autoptr(GDateTime) utc = timestamp ? g_date_time_new_from_iso8601 (timestamp, NULL) : NULL;
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *day = local ? g_date_time_format (local, "%Y-%m-%d") : NULL;

  return day ? format_day (day) : g_strdup (timestamp ? timestamp : "");
}

/* Plain text, wrapped: what the catalogue says is never markup. */
static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* A tag keeps a short text on one line and wraps a long one in two,
 * however little room the title beside it leaves. */
static void
tag_set_text (GtkWidget  *tag,
              const char *text)
{
  gtk_label_set_text (GTK_LABEL (tag), text ? text : "");
  gtk_label_set_width_chars (GTK_LABEL (tag), MIN ((int) g_utf8_strlen (text ? text : "", -1), 14));
}

/* A small pill: the state of an aid, a declared link, an example. */
static GtkWidget *
tag_new (const char *text,
         const char *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "cn-tag");
  gtk_widget_add_css_class (label, "caption");
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 16);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  tag_set_text (label, text);
  return label;
}

/* Lines of text in one row, each after a bullet: the rules of an aid. */
static GtkWidget *
lines_row (GPtrArray *lines)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  for (guint i = 0; i < lines->len; i++)
    {
      GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *bullet = gtk_label_new ("•");
      GtkWidget *label = gtk_label_new (lines->pdata[i]);

      gtk_widget_set_valign (bullet, GTK_ALIGN_START);
      gtk_widget_add_css_class (bullet, "dim-label");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (line), bullet);
      gtk_box_append (GTK_BOX (line), label);
      gtk_box_append (GTK_BOX (box), line);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
plain_row (const char *title,
           const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
expander_row (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_expander_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  return row;
}

/* A button that opens @url in the browser, named by what it opens. */
static void
on_link_clicked (GtkButton *button,
                 gpointer   user_data)
{
  const char *url = g_object_get_data (G_OBJECT (button), "cn-url");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

static GtkWidget *
link_button (const char *label,
             const char *url)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("adw-external-link-symbolic"));
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_tooltip_text (button, url);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "cn-url", g_strdup (url), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_link_clicked), NULL);
  return button;
}

static void
setup_ellipsized (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  gtk_list_item_set_child (item, label);
}

static void
setup_plain (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_string (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

/* A filter: its choices, the first meaning "any".  The chosen one is
 * ellipsized so that a long sector name never widens the page; the list
 * shows them whole. */
static GtkWidget *
filter_dropdown (CnCatalogueView *self,
                 GtkStringList   *model,
                 const char      *accessible_name,
                 const char      *widget_name)
{
  GtkListItemFactory *button_factory = gtk_signal_list_item_factory_new ();
  GtkListItemFactory *list_factory = gtk_signal_list_item_factory_new ();
  GtkWidget *dropdown;

  g_signal_connect (button_factory, "setup", G_CALLBACK (setup_ellipsized), NULL);
  g_signal_connect (button_factory, "bind", G_CALLBACK (bind_string), NULL);
  g_signal_connect (list_factory, "setup", G_CALLBACK (setup_plain), NULL);
  g_signal_connect (list_factory, "bind", G_CALLBACK (bind_string), NULL);
  dropdown = gtk_drop_down_new (G_LIST_MODEL (model), NULL);
  gtk_drop_down_set_factory (GTK_DROP_DOWN (dropdown), button_factory);
  gtk_drop_down_set_list_factory (GTK_DROP_DOWN (dropdown), list_factory);
  g_object_unref (button_factory);
  g_object_unref (list_factory);
  gtk_widget_set_name (dropdown, widget_name);
  gtk_widget_set_tooltip_text (dropdown, accessible_name);
  cn_drop_down_set_name (dropdown, accessible_name);
  return dropdown;
}

static guint
dropdown_index (GtkWidget *dropdown)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));

  return selected == GTK_INVALID_LIST_POSITION ? 0 : selected;
}

/* The region chosen in a "All regions" + regions drop-down, or NULL. */
static const char *
selected_region (GtkWidget *dropdown)
{
  guint n_regions;
  const CnRegion *regions = cn_geo_regions (&n_regions);
  guint index = dropdown_index (dropdown);

  return index > 0 && index <= n_regions ? regions[index - 1].code : NULL;
}

static GtkStringList *
regions_model (void)
{
  GtkStringList *model = gtk_string_list_new (NULL);
  guint n_regions;
  const CnRegion *regions = cn_geo_regions (&n_regions);

  gtk_string_list_append (model, _("All regions"));
  for (guint i = 0; i < n_regions; i++)
    gtk_string_list_append (model, regions[i].name);
  return model;
}

static GtkStringList *
levels_model (void)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, _("All levels"));
  for (int level = 1; level <= 5; level++)
    {
      /* Translators: a maturity level, from 1 to 5 */
      g_autofree char *text = g_strdup_printf (_("Level %d"), level);

      gtk_string_list_append (model, text);
    }
  return model;
}

static const char *
search_text (Page *page)
{
  return page->search ? gtk_editable_get_text (GTK_EDITABLE (page->search)) : NULL;
}

/* ---- pages: filters, lists and their empty state ------------------------ */

static gboolean row_matches (CnCatalogueView *self, PageId id, GtkWidget *row);

static void
refilter (CnCatalogueView *self,
          PageId           id)
{
  Page *page = &self->pages[id];
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (page->list); row; row = gtk_widget_get_next_sibling (row))
    {
      gboolean shown = row_matches (self, id, row);

      gtk_widget_set_visible (row, shown);
      n += shown;
    }
  page->n_shown = n;
  gtk_stack_set_visible_child_name (GTK_STACK (page->stack), n > 0 ? "list" : "empty");
}

static void
refilter_all (CnCatalogueView *self)
{
  for (PageId id = 0; id < N_PAGES; id++)
    refilter (self, id);
}

static PageId
page_of (CnCatalogueView *self,
         GtkWidget       *widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "cn-page"));
}

static void
on_filter_notify (GObject         *object,
                  GParamSpec      *pspec,
                  CnCatalogueView *self)
{
  refilter (self, page_of (self, GTK_WIDGET (object)));
}

static void
on_search_changed (GtkSearchEntry  *entry,
                   CnCatalogueView *self)
{
  refilter (self, page_of (self, GTK_WIDGET (entry)));
}

/* Hooks a filter control to its page: any change filters again. */
static void
add_filter (CnCatalogueView *self,
            PageId           id,
            GtkWidget       *widget,
            const char      *property)
{
  g_autofree char *signal = g_strdup_printf ("notify::%s", property);

  g_object_set_data (G_OBJECT (widget), "cn-page", GUINT_TO_POINTER (id));
  g_signal_connect (widget, signal, G_CALLBACK (on_filter_notify), self);
  cn_wrap_box_append (CN_WRAP_BOX (self->pages[id].filters), widget);
}

static void
add_search (CnCatalogueView *self,
            PageId           id,
            const char      *placeholder,
            const char      *accessible_name)
{
  GtkWidget *entry = gtk_search_entry_new ();
  g_autofree char *name = g_strdup_printf ("%s-search", page_names[id]);

  g_object_set (entry, "placeholder-text", placeholder, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  gtk_widget_set_name (entry, name);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_size_request (entry, 200, -1);
  g_object_set_data (G_OBJECT (entry), "cn-page", GUINT_TO_POINTER (id));
  g_signal_connect (entry, "search-changed", G_CALLBACK (on_search_changed), self);
  self->pages[id].search = entry;
  cn_wrap_box_append (CN_WRAP_BOX (self->pages[id].filters), entry);
}

static void
clear_page_filters (CnCatalogueView *self,
                    PageId           id)
{
  Page *page = &self->pages[id];

  if (page->search)
    gtk_editable_set_text (GTK_EDITABLE (page->search), "");
  for (GtkWidget *child = page->filters ? gtk_widget_get_first_child (page->filters) : NULL;
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_DROP_DOWN (child))
        gtk_drop_down_set_selected (GTK_DROP_DOWN (child), 0);
      else if (GTK_IS_BOX (child))
        for (GtkWidget *inner = gtk_widget_get_first_child (child); inner; inner = gtk_widget_get_next_sibling (inner))
          if (GTK_IS_SWITCH (inner))
            gtk_switch_set_active (GTK_SWITCH (inner), FALSE);
    }
  refilter (self, id);
}

static void
on_clear_clicked (GtkButton       *button,
                  CnCatalogueView *self)
{
  clear_page_filters (self, page_of (self, GTK_WIDGET (button)));
}

static GtkWidget *
clamped (GtkWidget *child)
{
  GtkWidget *clamp = adw_clamp_new ();

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), CLAMP_WIDTH);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), CLAMP_WIDTH - 200);
  adw_clamp_set_child (ADW_CLAMP (clamp), child);
  return clamp;
}

/* A page: its filters above, the list, or "No match" with a way back. */
static GtkWidget *
build_page (CnCatalogueView *self,
            PageId           id,
            const char      *list_name,
            const char      *description,
            gboolean         with_filters)
{
  Page *page = &self->pages[id];
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled, *content, *empty, *clear;
  g_autofree char *stack_name = g_strdup_printf ("%s-stack", page_names[id]);
  g_autofree char *clear_name = g_strdup_printf ("%s-clear", page_names[id]);

  if (with_filters)
    {
      GtkWidget *clamp;

      /* Margins inside the clamp, as the list's: both line up. */
      page->filters = cn_wrap_box_new (6, 6);
      gtk_widget_set_margin_top (page->filters, 12);
      gtk_widget_set_margin_bottom (page->filters, 6);
      gtk_widget_set_margin_start (page->filters, 12);
      gtk_widget_set_margin_end (page->filters, 12);
      clamp = clamped (page->filters);
      gtk_box_append (GTK_BOX (box), clamp);
    }

  page->stack = gtk_stack_new ();
  gtk_widget_set_name (page->stack, stack_name);
  gtk_widget_set_vexpand (page->stack, TRUE);
  gtk_box_append (GTK_BOX (box), page->stack);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (content, with_filters ? 6 : 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  if (description != NULL)
    gtk_box_append (GTK_BOX (content), text_label (description, "dim-label"));
  page->list = gtk_list_box_new ();
  gtk_widget_add_css_class (page->list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (page->list), GTK_SELECTION_NONE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (page->list), GTK_ACCESSIBLE_PROPERTY_LABEL, list_name, -1);
  gtk_widget_set_valign (page->list, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (content), page->list);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamped (content));
  gtk_stack_add_named (GTK_STACK (page->stack), scrolled, "list");

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Match"));
  if (with_filters)
    {
      adw_status_page_set_description (ADW_STATUS_PAGE (empty), _("Nothing in the catalogue matches these filters."));
      clear = cn_button_new_with_mnemonic (_("_Clear Filters"));
      gtk_widget_set_name (clear, clear_name);
      gtk_widget_add_css_class (clear, "pill");
      gtk_widget_set_halign (clear, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (clear), "cn-page", GUINT_TO_POINTER (id));
      g_signal_connect (clear, "clicked", G_CALLBACK (on_clear_clicked), self);
      adw_status_page_set_child (ADW_STATUS_PAGE (empty), clear);
    }
  else
    adw_status_page_set_description (ADW_STATUS_PAGE (empty), _("This part of the catalogue is empty."));
  gtk_stack_add_named (GTK_STACK (page->stack), empty, "empty");
  return box;
}

static void
remove_rows (GtkWidget *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (list), child);
}

/* ---- aids ------------------------------------------------------------------ */

typedef enum {
  AID_OPEN,
  AID_NOT_YET,
  AID_NO_DATES,
  AID_CLOSED,
} AidState;

static AidState
aid_state (CnCatalogueView *self,
           const CnAid     *aid)
{
  if (aid->valid_until != NULL && strcmp (aid->valid_until, self->today) < 0)
    return AID_CLOSED;
  if (aid->valid_from != NULL && strcmp (aid->valid_from, self->today) > 0)
    return AID_NOT_YET;
  if (aid->valid_from == NULL && aid->valid_until == NULL)
    return AID_NO_DATES;
  return AID_OPEN;
}

static char *
aid_where (const CnAid *aid)
{
  g_autoptr(GString) text = NULL;

  if (aid->regions == NULL || aid->regions[0] == NULL)
    return g_strdup (_("All of France"));
  text = g_string_new (NULL);
  for (guint i = 0; aid->regions[i] != NULL; i++)
    {
      const CnRegion *region = cn_geo_region_lookup (aid->regions[i]);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", region ? region->name : aid->regions[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
aid_status_tag (CnCatalogueView *self,
                const CnAid     *aid)
{
  g_autofree char *text = NULL;
  const char *style = NULL;
  GtkWidget *tag;

  switch (aid_state (self, aid))
    {
    case AID_CLOSED:
      {
        g_autofree char *day = format_day (aid->valid_until);

        /* Translators: %s is a date, 31/07/2021 */
        text = g_strdup_printf (_("Closed on %s"), day);
        style = "cn-tag-closed";
      }
      break;
    case AID_NOT_YET:
      {
        g_autofree char *day = format_day (aid->valid_from);

        /* Translators: %s is a date */
        text = g_strdup_printf (_("Opens on %s"), day);
        style = "cn-tag-soon";
      }
      break;
    case AID_NO_DATES:
      /* Translators: an aid without a validity period (the model aid) */
      text = g_strdup (_("No dates"));
      break;
    case AID_OPEN:
    default:
      /* Translators: an aid one can apply for today */
      text = g_strdup (C_("aid", "Open"));
      style = "cn-tag-open";
      break;
    }
  tag = tag_new (text, style);
  gtk_widget_set_name (tag, "aid-status");
  return tag;
}

/* The rules of an aid in words, one line each. */
static GPtrArray *
aid_rules (const CnAid *aid)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *const *conditions = cn_aid_get_conditions (aid);

  if (aid->fixed_amount > 0)
    {
      g_autofree char *euros = cn_format_euros (aid->fixed_amount);

      /* Translators: a flat cheque, %s is an amount in euros */
      g_ptr_array_add (lines, g_strdup_printf (_("A fixed amount of %s"), euros));
    }
  else if (aid->rate > 0)
    /* Translators: the share of the expense an aid pays; "50 % of the expense" */
    g_ptr_array_add (lines, g_strdup_printf (_("%d %% of the expense"), (int) lround (aid->rate * 100)));
  if (aid->expense_min > 0 && aid->expense_max > 0)
    {
      g_autofree char *low = cn_format_euros (aid->expense_min);
      g_autofree char *high = cn_format_euros (aid->expense_max);

      g_ptr_array_add (lines, g_strdup_printf (_("For an expense from %s to %s"), low, high));
    }
  else if (aid->expense_min > 0)
    {
      g_autofree char *low = cn_format_euros (aid->expense_min);

      g_ptr_array_add (lines, g_strdup_printf (_("For an expense of at least %s"), low));
    }
  else if (aid->expense_max > 0)
    {
      g_autofree char *high = cn_format_euros (aid->expense_max);

      g_ptr_array_add (lines, g_strdup_printf (_("For an expense of at most %s"), high));
    }
  if (aid->aid_max > 0)
    {
      g_autofree char *ceiling = cn_format_euros (aid->aid_max);

      /* Translators: %s is an amount in euros */
      g_ptr_array_add (lines, g_strdup_printf (_("Aid of at most %s"), ceiling));
    }
  if (aid->max_employees > 0)
    g_ptr_array_add (lines, g_strdup_printf (ngettext ("Under %d employee", "Under %d employees", aid->max_employees),
                                             aid->max_employees));
  if (aid->excluded_naf != NULL && aid->excluded_naf[0] != NULL)
    {
      g_autofree char *codes = g_strjoinv (", ", aid->excluded_naf);

      /* Translators: %s lists NAF codes or code prefixes, "47.91, 62, 63" */
      g_ptr_array_add (lines, g_strdup_printf (_("Excluded activities (NAF): %s"), codes));
    }
  if (aid->expense_kinds != NULL && aid->expense_kinds[0] != NULL)
    {
      g_autoptr(GString) kinds = g_string_new (NULL);

      for (guint i = 0; aid->expense_kinds[i] != NULL; i++)
        {
          const char *label = cn_expense_kind_label (aid->expense_kinds[i]);

          g_string_append_printf (kinds, "%s%s", i > 0 ? ", " : "", label ? label : aid->expense_kinds[i]);
        }
      /* Translators: %s lists kinds of expense, "Advice, Investment" */
      g_ptr_array_add (lines, g_strdup_printf (_("Eligible expenses: %s"), kinds->str));
    }
  if (aid->valid_from != NULL && aid->valid_until != NULL)
    {
      g_autofree char *from = format_day (aid->valid_from);
      g_autofree char *until = format_day (aid->valid_until);

      /* Translators: the validity of an aid, two dates */
      g_ptr_array_add (lines, g_strdup_printf (_("Valid from %s to %s"), from, until));
    }
  else if (aid->valid_from != NULL)
    {
      g_autofree char *from = format_day (aid->valid_from);

      g_ptr_array_add (lines, g_strdup_printf (_("Valid from %s"), from));
    }
  else if (aid->valid_until != NULL)
    {
      g_autofree char *until = format_day (aid->valid_until);

      g_ptr_array_add (lines, g_strdup_printf (_("Valid until %s"), until));
    }
  for (guint i = 0; conditions != NULL && conditions[i] != NULL; i++)
    /* Translators: a condition of an aid that the record cannot check */
    g_ptr_array_add (lines, g_strdup_printf (_("To check: %s"), conditions[i]));
  return lines;
}

static GtkWidget *
aid_row (CnCatalogueView *self,
         const CnAid     *aid)
{
  g_autofree char *where = aid_where (aid);
  g_autofree char *subtitle = g_strdup_printf ("%s\n%s", aid->issuer ? aid->issuer : "", where);
  g_autofree char *name = g_strconcat ("aid:", aid->id, NULL);
  g_autoptr(GPtrArray) rules = aid_rules (aid);
  GtkWidget *row = expander_row (aid->name, subtitle);

  gtk_widget_set_name (row, name);
  if (aid_state (self, aid) == AID_CLOSED)
    gtk_widget_add_css_class (row, "cn-expired");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), aid_status_tag (self, aid));
  if (rules->len > 0)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (row), lines_row (rules));
  if (aid->url != NULL && *aid->url != '\0')
    {
      GtkWidget *link = plain_row (_("Issuer’s page"), aid->url);

      adw_action_row_add_suffix (ADW_ACTION_ROW (link), link_button (_("Open"), aid->url));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), link);
    }
  g_object_set_data (G_OBJECT (row), "cn-item", (gpointer) aid);
  return row;
}

static int
compare_aids (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  CnCatalogueView *self = user_data;
  const CnAid *aid_a = *(const CnAid **) a;
  const CnAid *aid_b = *(const CnAid **) b;

  /* What can be asked for first; closed ones last, never mixed in. */
  return (int) aid_state (self, aid_a) - (int) aid_state (self, aid_b);
}

static void
fill_aids (CnCatalogueView *self)
{
  g_autoptr(GPtrArray) aids = g_ptr_array_new ();
  guint n = cn_catalogue_get_n_aids (self->catalogue);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (aids, (gpointer) cn_catalogue_get_aid (self->catalogue, i));
  g_ptr_array_sort_with_data (aids, compare_aids, self);
  for (guint i = 0; i < aids->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->pages[PAGE_AIDS].list), aid_row (self, aids->pdata[i]));
}

static gboolean
aid_matches (CnCatalogueView *self,
             const CnAid     *aid)
{
  const char *region = selected_region (self->aid_region);

  if (gtk_switch_get_active (GTK_SWITCH (self->aid_open_only)))
    {
      AidState state = aid_state (self, aid);

      if (state == AID_CLOSED || state == AID_NOT_YET)
        return FALSE;
    }
  if (region != NULL && aid->regions != NULL && aid->regions[0] != NULL &&
      !g_strv_contains ((const char *const *) aid->regions, region))
    return FALSE;
  return TRUE;
}

static GtkWidget *
labelled_switch (GtkWidget  **out_switch,
                 const char  *label,
                 const char  *widget_name)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *toggle = gtk_switch_new ();

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  gtk_widget_set_name (toggle, widget_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), toggle);
  gtk_widget_set_margin_start (box, 6);
  *out_switch = toggle;
  return box;
}

static GtkWidget *
aids_page (CnCatalogueView *self)
{
  GtkWidget *page = build_page (self, PAGE_AIDS, _("Financial aids"),
                                _("Aids for the digital projects of small businesses, with their rules. Closed ones are kept for reference and never offered in a plan."),
                                TRUE);
  GtkWidget *open_box;

  self->aid_region = filter_dropdown (self, regions_model (), _("Region"), "aids-region");
  add_filter (self, PAGE_AIDS, self->aid_region, "selected");
  open_box = labelled_switch (&self->aid_open_only, _("Open aids only"), "aids-open-only");
  g_object_set_data (G_OBJECT (self->aid_open_only), "cn-page", GUINT_TO_POINTER (PAGE_AIDS));
  g_signal_connect (self->aid_open_only, "notify::active", G_CALLBACK (on_filter_notify), self);
  cn_wrap_box_append (CN_WRAP_BOX (self->pages[PAGE_AIDS].filters), open_box);
  return page;
}

/* ---- providers -------------------------------------------------------------- */

typedef struct {
  CnCatalogueView  *view;
  const CnProvider *provider;
  GtkWidget        *row;
  GtkWidget        *link_tag;
  GtkWidget        *own_row, *rate_button;
  GtkWidget        *link_row, *declare_button, *withdraw_button;
} ProviderRow;

static char *
stars (int score)
{
  GString *text = g_string_new (NULL);

  for (int i = 1; i <= 5; i++)
    g_string_append (text, i <= score ? "★" : "☆");
  return g_string_free (text, FALSE);
}

static const char *
rater_label (const char *by)
{
  if (g_strcmp0 (by, "connector") == 0)
    /* Translators: who rated a provider */
    return _("A connector");
  if (g_strcmp0 (by, "company") == 0)
    /* Translators: who rated a provider */
    return _("A company");
  return by ? by : "";
}

static char *
provider_services_text (CnCatalogueView  *self,
                        const CnProvider *provider)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; provider->services != NULL && i < provider->services->len; i++)
    {
      const CnProviderService *service = provider->services->pdata[i];
      const CnPrice *price = cn_catalogue_find_price (self->catalogue, service->price_ref);
      g_autofree char *low = cn_format_euros (service->min);
      g_autofree char *high = cn_format_euros (service->max);

      if (i > 0)
        g_string_append_c (text, '\n');
      /* Translators: a service and the provider's price range, "Site vitrine: 1 200 € to 3 500 €" */
      g_string_append_printf (text, _("%s: %s to %s"), price ? price->label : service->price_ref, low, high);
    }
  return g_string_free (text, FALSE);
}

static void
provider_row_update (ProviderRow *pr)
{
  CnCatalogueView *self = pr->view;
  const CnProvider *provider = pr->provider;
  g_autoptr(CnProviderReview) review = cn_store_get_provider_review (self->store, provider->id, NULL);
  g_autoptr(CnProviderLink) link = cn_store_get_provider_link (self->store, provider->id, NULL);
  g_autofree char *services = provider_services_text (self, provider);
  g_autofree char *rating = NULL;
  g_autoptr(GString) subtitle = g_string_new (provider->commune);
  guint n_ratings = 0;
  double average = cn_provider_average_rating (provider, review ? review->score : 0, &n_ratings);

  if (n_ratings > 0)
    /* Translators: an average rating out of 5, then how many reviews: "★ 4,3 · 5 reviews" */
    rating = g_strdup_printf (ngettext ("★ %.1f · %u review", "★ %.1f · %u reviews", n_ratings), average, n_ratings);
  else
    rating = g_strdup (_("No review yet"));
  if (*services != '\0')
    g_string_append_printf (subtitle, "\n%s", services);
  g_string_append_printf (subtitle, "\n%s", rating);
  if (provider->illustrative)
    g_string_append_printf (subtitle, "\n%s", _("Illustrative example"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (pr->row), subtitle->str);

  if (review != NULL)
    {
      g_autofree char *score = stars (review->score);
      g_autofree char *day = format_timestamp_day (review->updated_at);
      g_autofree char *text = review->comment && *review->comment
                              ? g_strdup_printf ("%s · %s · %s", score, review->comment, day)
                              : g_strdup_printf ("%s · %s", score, day);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (pr->own_row), text);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (pr->own_row), _("You have not rated this provider."));

  gtk_widget_set_visible (pr->link_tag, link != NULL);
  gtk_widget_set_visible (pr->declare_button, link == NULL);
  gtk_widget_set_visible (pr->withdraw_button, link != NULL);
  if (link != NULL)
    {
      g_autofree char *day = format_timestamp_day (link->declared_at);
      g_autofree char *tag = NULL;
      g_autoptr(GString) text = g_string_new (NULL);

      /* Translators: a declared link with a provider; %s is "capital" or "family" */
      tag = g_strdup_printf (_("Link declared: %s"),
                             link->kind == CN_PROVIDER_LINK_FAMILY ? C_("link", "family") : C_("link", "capital"));
      tag_set_text (pr->link_tag, tag);
      g_string_append (text, cn_provider_link_kind_label (link->kind));
      if (link->note != NULL && *link->note != '\0')
        g_string_append_printf (text, " · %s", link->note);
      /* Translators: %s is a date */
      g_string_append_printf (text, " · ");
      g_string_append_printf (text, _("declared on %s"), day);
      g_string_append_printf (text, "\n%s", _("Never printed in a plan."));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (pr->link_row), text->str);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (pr->link_row),
                                 _("Declare capital or family links: the provider is then never recommended in a plan."));
}

/* The row of a provider, found again: a dialog may outlive the row it
 * was opened from (the catalogue loaded again meanwhile). */
static ProviderRow *
find_provider_row (CnCatalogueView *self,
                   const char      *provider_id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (self->pages[PAGE_PROVIDERS].list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      ProviderRow *pr = g_object_get_data (G_OBJECT (row), "cn-provider-row");

      if (pr != NULL && g_strcmp0 (pr->provider->id, provider_id) == 0)
        return pr;
    }
  return NULL;
}

static void
refresh_provider_rows (CnCatalogueView *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (self->pages[PAGE_PROVIDERS].list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      ProviderRow *pr = g_object_get_data (G_OBJECT (row), "cn-provider-row");

      if (pr != NULL)
        provider_row_update (pr);
    }
}

/* -- rating -- */

static void
on_score_toggled (GtkToggleButton *button,
                  AdwMessageDialog *dialog)
{
  gboolean any = FALSE;
  GtkWidget *scores = g_object_get_data (G_OBJECT (dialog), "cn-scores");

  for (GtkWidget *child = gtk_widget_get_first_child (scores); child; child = gtk_widget_get_next_sibling (child))
    any |= gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child));
  adw_message_dialog_set_response_enabled (dialog, "save", any);
}

static void
on_rate_response (AdwMessageDialog *dialog,
                  const char       *response,
                  CnCatalogueView  *self)
{
  ProviderRow *pr = find_provider_row (self, g_object_get_data (G_OBJECT (dialog), "cn-provider"));
  GtkWidget *scores = g_object_get_data (G_OBJECT (dialog), "cn-scores");
  GtkWidget *comment = g_object_get_data (G_OBJECT (dialog), "cn-comment");
  g_autoptr(GError) error = NULL;
  int score = 0, i = 1;

  if (pr == NULL)
    return;
  if (g_str_equal (response, "remove"))
    {
      if (!cn_store_unrate_provider (self->store, pr->provider->id, &error))
        show_error (self, _("Your rating could not be removed"), error->message);
      else
        toast (self, _("Your rating was removed"));
    }
  else if (g_str_equal (response, "save"))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (scores); child; child = gtk_widget_get_next_sibling (child), i++)
        if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (child)))
          score = i;
      if (score > 0 && !cn_store_rate_provider (self->store, self->catalogue, pr->provider->id, score,
                                                gtk_editable_get_text (GTK_EDITABLE (comment)), &error))
        show_error (self, _("Your rating could not be saved"), error->message);
      else if (score > 0)
        toast (self, _("Your rating was saved"));
    }
  provider_row_update (pr);
}

static void
open_rate_dialog (ProviderRow *pr)
{
  CnCatalogueView *self = pr->view;
  g_autoptr(CnProviderReview) review = cn_store_get_provider_review (self->store, pr->provider->id, NULL);
  /* Translators: %s is a provider's name */
  g_autofree char *heading = g_strdup_printf (_("Rate %s"), pr->provider->name);
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading,
                                              _("Your rating stays on this computer and counts in the average you see."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scores = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *comment = gtk_entry_new ();
  GtkWidget *first = NULL;

  gtk_widget_add_css_class (scores, "linked");
  gtk_widget_set_halign (scores, GTK_ALIGN_CENTER);
  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *label = g_strdup_printf ("%d", i);
      /* Translators: a rating, "4 out of 5" */
      g_autofree char *name = g_strdup_printf (_("%d out of 5"), i);
      g_autofree char *widget_name = g_strdup_printf ("score-%d", i);
      GtkWidget *button = gtk_toggle_button_new_with_label (label);

      gtk_widget_set_name (button, widget_name);
      gtk_widget_set_tooltip_text (button, name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (first));
      else
        first = button;
      if (review != NULL && review->score == i)
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
      g_signal_connect (button, "toggled", G_CALLBACK (on_score_toggled), dialog);
      gtk_box_append (GTK_BOX (scores), button);
    }
  gtk_box_append (GTK_BOX (box), scores);
  gtk_entry_set_placeholder_text (GTK_ENTRY (comment), _("Comment (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (comment), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comment"), -1);
  gtk_widget_set_name (comment, "rate-comment");
  gtk_entry_set_max_length (GTK_ENTRY (comment), 500);
  if (review != NULL && review->comment != NULL)
    gtk_editable_set_text (GTK_EDITABLE (comment), review->comment);
  gtk_box_append (GTK_BOX (box), comment);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "cn-scores", scores);
  g_object_set_data (G_OBJECT (dialog), "cn-comment", comment);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (review != NULL)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "remove", _("_Remove My Rating"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "save", _("_Save"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", review != NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cn-provider", g_strdup (pr->provider->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_rate_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* -- declared links -- */

static void
on_declare_response (AdwMessageDialog *dialog,
                     const char       *response,
                     CnCatalogueView  *self)
{
  ProviderRow *pr = find_provider_row (self, g_object_get_data (G_OBJECT (dialog), "cn-provider"));
  GtkWidget *family = g_object_get_data (G_OBJECT (dialog), "cn-family");
  GtkWidget *note = g_object_get_data (G_OBJECT (dialog), "cn-note");
  CnProviderLinkKind kind;
  g_autoptr(GError) error = NULL;
  guint n_baskets = 0;

  if (pr == NULL || !g_str_equal (response, "declare"))
    return;
  kind = gtk_check_button_get_active (GTK_CHECK_BUTTON (family)) ? CN_PROVIDER_LINK_FAMILY : CN_PROVIDER_LINK_CAPITAL;
  if (!cn_store_declare_provider_link (self->store, self->catalogue, pr->provider->id, kind,
                                       gtk_editable_get_text (GTK_EDITABLE (note)), &n_baskets, &error))
    {
      show_error (self, _("The link could not be declared"), error->message);
      return;
    }
  provider_row_update (pr);
  if (n_baskets > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Declared. It stays in %u basket but no plan will print it.",
                                                         "Declared. It stays in %u baskets but no plan will print it.",
                                                         n_baskets),
                                               n_baskets);
      toast (self, text);
    }
  else
    toast (self, _("Declared. No plan will recommend this provider."));
}

static void
open_declare_dialog (ProviderRow *pr)
{
  CnCatalogueView *self = pr->view;
  /* Translators: %s is a provider's name */
  g_autofree char *body = g_strdup_printf (_("The programme forbids recommending a provider you have capital or family links with. Once declared, %s is never printed in a plan."),
                                           pr->provider->name);
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Declare a Link"), body);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *capital = gtk_check_button_new_with_label (cn_provider_link_kind_label (CN_PROVIDER_LINK_CAPITAL));
  GtkWidget *family = gtk_check_button_new_with_label (cn_provider_link_kind_label (CN_PROVIDER_LINK_FAMILY));
  GtkWidget *note = gtk_entry_new ();

  gtk_widget_set_name (capital, "link-capital");
  gtk_widget_set_name (family, "link-family");
  gtk_check_button_set_group (GTK_CHECK_BUTTON (family), GTK_CHECK_BUTTON (capital));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (capital), TRUE);
  gtk_box_append (GTK_BOX (box), capital);
  gtk_box_append (GTK_BOX (box), family);
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("Note (optional)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"), -1);
  gtk_widget_set_name (note, "link-note");
  gtk_entry_set_max_length (GTK_ENTRY (note), 500);
  gtk_widget_set_margin_top (note, 6);
  gtk_box_append (GTK_BOX (box), note);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "cn-family", family);
  g_object_set_data (G_OBJECT (dialog), "cn-note", note);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "declare", _("_Declare"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "declare", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "declare");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cn-provider", g_strdup (pr->provider->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_declare_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
withdraw_link (ProviderRow *pr)
{
  CnCatalogueView *self = pr->view;
  g_autoptr(GError) error = NULL;

  if (!cn_store_withdraw_provider_link (self->store, pr->provider->id, &error))
    {
      show_error (self, _("The link could not be withdrawn"), error->message);
      return;
    }
  provider_row_update (pr);
  toast (self, _("Link withdrawn"));
}

static GtkWidget *
row_button (const char *mnemonic,
            const char *accessible_name,
            const char *widget_name)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  gtk_widget_set_name (button, widget_name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static GtkWidget *
provider_row (CnCatalogueView  *self,
              const CnProvider *provider)
{
  ProviderRow *pr = g_new0 (ProviderRow, 1);
  g_autofree char *name = g_strconcat ("provider:", provider->id, NULL);
  /* Translators: accessible names of the buttons of a provider's row; %s is its name */
  g_autofree char *rate_name = g_strdup_printf (_("Rate %s"), provider->name);
  g_autofree char *declare_name = g_strdup_printf (_("Declare a link with %s"), provider->name);
  g_autofree char *withdraw_name = g_strdup_printf (_("Withdraw the link with %s"), provider->name);

  pr->view = self;
  pr->provider = provider;
  pr->row = expander_row (provider->name, NULL);
  gtk_widget_set_name (pr->row, name);
  g_object_set_data (G_OBJECT (pr->row), "cn-item", (gpointer) provider);
  g_object_set_data_full (G_OBJECT (pr->row), "cn-provider-row", pr, g_free);

  pr->link_tag = tag_new (NULL, "cn-tag-closed");
  gtk_widget_set_name (pr->link_tag, "link-tag");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (pr->row), pr->link_tag);

  if (provider->description != NULL && *provider->description != '\0')
    {
      GtkWidget *about = plain_row (_("About"), provider->description);

      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (about), 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (pr->row), about);
    }
  if (provider->url != NULL && *provider->url != '\0')
    {
      GtkWidget *site = plain_row (_("Web site"), provider->url);

      adw_action_row_add_suffix (ADW_ACTION_ROW (site), link_button (_("Open"), provider->url));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (pr->row), site);
    }
  for (guint i = 0; provider->ratings != NULL && i < provider->ratings->len; i++)
    {
      const CnRating *rating = provider->ratings->pdata[i];
      g_autofree char *score = stars (rating->score);
      g_autofree char *day = format_day (rating->date);
      g_autofree char *title = g_strdup_printf ("%s · %s", score, rater_label (rating->by));
      g_autofree char *subtitle = rating->comment && *rating->comment
                                  ? g_strdup_printf ("%s\n%s", rating->comment, day) : g_strdup (day);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (pr->row), plain_row (title, subtitle));
    }

  pr->own_row = plain_row (_("Your rating"), NULL);
  gtk_widget_set_name (pr->own_row, "own-rating");
  pr->rate_button = row_button (_("_Rate…"), rate_name, "rate");
  g_signal_connect_swapped (pr->rate_button, "clicked", G_CALLBACK (open_rate_dialog), pr);
  adw_action_row_add_suffix (ADW_ACTION_ROW (pr->own_row), pr->rate_button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (pr->row), pr->own_row);

  pr->link_row = plain_row (_("Links with you"), NULL);
  gtk_widget_set_name (pr->link_row, "link-row");
  pr->declare_button = row_button (_("_Declare a Link…"), declare_name, "declare-link");
  g_signal_connect_swapped (pr->declare_button, "clicked", G_CALLBACK (open_declare_dialog), pr);
  adw_action_row_add_suffix (ADW_ACTION_ROW (pr->link_row), pr->declare_button);
  pr->withdraw_button = row_button (_("_Withdraw"), withdraw_name, "withdraw-link");
  g_signal_connect_swapped (pr->withdraw_button, "clicked", G_CALLBACK (withdraw_link), pr);
  adw_action_row_add_suffix (ADW_ACTION_ROW (pr->link_row), pr->withdraw_button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (pr->row), pr->link_row);

  provider_row_update (pr);
  return pr->row;
}

static void
fill_providers (CnCatalogueView *self)
{
  guint n = cn_catalogue_get_n_providers (self->catalogue);
  g_autoptr(GtkStringList) services = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->pages[PAGE_PROVIDERS].list),
                         provider_row (self, cn_catalogue_get_provider (self->catalogue, i)));

  /* The services are the entries of the price reference. */
  g_ptr_array_set_size (self->service_ids, 0);
  gtk_string_list_append (services, _("All services"));
  for (guint i = 0; i < cn_catalogue_get_n_prices (self->catalogue); i++)
    {
      const CnPrice *price = cn_catalogue_get_price (self->catalogue, i);

      gtk_string_list_append (services, price->label);
      g_ptr_array_add (self->service_ids, g_strdup (price->id));
    }
  g_signal_handlers_block_by_func (self->provider_service, on_filter_notify, self);
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->provider_service), G_LIST_MODEL (services));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->provider_service), 0);
  g_signal_handlers_unblock_by_func (self->provider_service, on_filter_notify, self);
}

static gboolean
provider_matches (CnCatalogueView  *self,
                  const CnProvider *provider)
{
  guint service = dropdown_index (self->provider_service);
  const char *price_ref = service > 0 && service <= self->service_ids->len ? self->service_ids->pdata[service - 1] : NULL;

  return cn_provider_matches (provider, search_text (&self->pages[PAGE_PROVIDERS]), price_ref,
                              selected_region (self->provider_region));
}

static GtkWidget *
providers_page (CnCatalogueView *self)
{
  GtkWidget *page = build_page (self, PAGE_PROVIDERS, _("Providers"),
                                _("Digital providers with their prices and ratings. Declare any capital or family link you have with one: the programme forbids recommending it."),
                                TRUE);

  add_search (self, PAGE_PROVIDERS, _("Name, town, service…"), _("Search Providers"));
  self->provider_service = filter_dropdown (self, gtk_string_list_new (NULL), _("Service"), "providers-service");
  add_filter (self, PAGE_PROVIDERS, self->provider_service, "selected");
  self->provider_region = filter_dropdown (self, regions_model (), _("Region"), "providers-region");
  add_filter (self, PAGE_PROVIDERS, self->provider_region, "selected");
  return page;
}

/* ---- prices ------------------------------------------------------------------ */

static const char *
unit_label (const char *unit)
{
  if (g_strcmp0 (unit, "month") == 0)
    return _("per month");
  if (g_strcmp0 (unit, "year") == 0)
    return _("per year");
  /* Translators: a price paid once */
  return _("once");
}

static GtkWidget *
price_row (CnCatalogueView *self,
           const CnPrice   *price)
{
  g_autofree char *low = cn_format_euros (price->min);
  g_autofree char *typical = cn_format_euros (price->typical);
  g_autofree char *high = cn_format_euros (price->max);
  g_autofree char *range = NULL;
  g_autofree char *offered = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *name = g_strconcat ("price:", price->id, NULL);
  const char *kind = cn_expense_kind_label (price->expense_kind);
  guint n_providers = 0;
  GtkWidget *row, *amount;

  for (guint i = 0; i < cn_catalogue_get_n_providers (self->catalogue); i++)
    n_providers += cn_provider_find_service (cn_catalogue_get_provider (self->catalogue, i), price->id) != NULL;
  /* Translators: a price range: low, typical and high amounts, then "once", "per month" or "per year" */
  range = g_strdup_printf (_("Low %s · typical %s · high %s, %s"), low, typical, high, unit_label (price->unit));
  if (n_providers > 0)
    offered = g_strdup_printf (ngettext ("Offered by %u provider of the directory", "Offered by %u providers of the directory",
                                         n_providers),
                               n_providers);
  else
    offered = g_strdup (_("No provider of the directory offers it"));
  subtitle = g_strdup_printf ("%s%s%s\n%s%s%s",
                              price->description ? price->description : "",
                              price->description && *price->description ? "\n" : "",
                              range,
                              kind ? kind : "", kind ? " · " : "", offered);
  row = plain_row (price->label, subtitle);
  gtk_widget_set_name (row, name);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  amount = gtk_label_new (typical);
  gtk_widget_add_css_class (amount, "heading");
  gtk_widget_add_css_class (amount, "numeric");
  gtk_widget_set_valign (amount, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
  g_object_set_data (G_OBJECT (row), "cn-item", (gpointer) price);
  return row;
}

static void
fill_prices (CnCatalogueView *self)
{
  for (guint i = 0; i < cn_catalogue_get_n_prices (self->catalogue); i++)
    gtk_list_box_append (GTK_LIST_BOX (self->pages[PAGE_PRICES].list),
                         price_row (self, cn_catalogue_get_price (self->catalogue, i)));
}

static GtkWidget *
prices_page (CnCatalogueView *self)
{
  return build_page (self, PAGE_PRICES, _("Price reference"),
                     _("What digital services usually cost small businesses, excluding VAT: the budgets of the action plans come from here."),
                     FALSE);
}

/* ---- testimonies and resources: rows of their own ---------------------------- */

/* A row that shows everything at once: title, details, text. */
static GtkWidget *
card_row (const char  *title,
          const char  *details,
          GtkWidget  **out_box,
          GtkWidget  **out_tags)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  /* Under the title rather than beside it: on a phone the title keeps
   * the width. */
  GtkWidget *tags = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (texts), text_label (title, "heading"));
  if (details != NULL && *details != '\0')
    gtk_box_append (GTK_BOX (texts), text_label (details, "dim-label"));
  gtk_widget_set_halign (tags, GTK_ALIGN_START);
  gtk_widget_set_margin_top (tags, 3);
  gtk_widget_set_visible (tags, FALSE);
  gtk_box_append (GTK_BOX (texts), tags);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  *out_box = box;
  if (out_tags != NULL)
    *out_tags = tags;
  return row;
}

static void
card_add_tag (GtkWidget *tags,
              GtkWidget *tag)
{
  gtk_box_append (GTK_BOX (tags), tag);
  gtk_widget_set_visible (tags, TRUE);
}

static const char *
size_label (const char *size)
{
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (g_strcmp0 (sizes[i].id, size) == 0)
      return g_dpgettext2 (NULL, "company size", sizes[i].label);
  return size;
}

static GtkWidget *
testimony_row (CnCatalogueView   *self,
               const CnTestimony *testimony)
{
  g_autoptr(GString) details = g_string_new (testimony->trade);
  g_autofree char *name = g_strconcat ("testimony:", testimony->id, NULL);
  const CnRegion *region = testimony->region ? cn_geo_region_lookup (testimony->region) : NULL;
  const char *size = size_label (testimony->size);
  GtkWidget *box, *tags, *row;

  if (size != NULL)
    {
      g_string_append (details, details->len ? " · " : "");
      if (g_strcmp0 (testimony->size, "solo") == 0)
        g_string_append (details, size);
      else
        /* Translators: a company's headcount; %s is "1 to 9"… */
        g_string_append_printf (details, _("%s employees"), size);
    }
  if (region != NULL)
    g_string_append_printf (details, "%s%s", details->len ? " · " : "", region->name);
  if (testimony->level > 0)
    {
      g_string_append (details, details->len ? " · " : "");
      g_string_append_printf (details, _("Level %d"), testimony->level);
    }
  row = card_row (testimony->company, details->str, &box, &tags);
  gtk_widget_set_name (row, name);
  if (testimony->illustrative)
    card_add_tag (tags, tag_new (_("Illustrative example"), NULL));
  if (testimony->quote != NULL && *testimony->quote != '\0')
    {
      /* Translators: a quotation; French: « %s » */
      g_autofree char *quoted = g_strdup_printf (_("“%s”"), testimony->quote);

      gtk_box_append (GTK_BOX (box), text_label (quoted, "cn-quote"));
    }
  if ((testimony->story != NULL && *testimony->story != '\0') || testimony->url != NULL)
    {
      const char *format = cn_testimony_format_label (testimony->format);

      GtkWidget *expander = gtk_expander_new_with_mnemonic (_("The _Story"));

      /* GTK 4.8 names an expander after nothing: its label, then. */
      cn_widget_set_mnemonic_name (expander, _("The _Story"));
      GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

      gtk_widget_set_margin_top (inner, 6);
      if (testimony->story != NULL && *testimony->story != '\0')
        gtk_box_append (GTK_BOX (inner), text_label (testimony->story, NULL));
      if (format != NULL || (testimony->url != NULL && *testimony->url != '\0'))
        {
          GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
          GtkWidget *label = text_label (format ? format : "", "dim-label");

          gtk_widget_set_hexpand (label, TRUE);
          gtk_box_append (GTK_BOX (line), label);
          if (testimony->url != NULL && *testimony->url != '\0')
            {
              /* Translators: %s is the company that speaks in a testimony */
              g_autofree char *link_name = g_strdup_printf (_("Open the testimony of %s"), testimony->company);
              GtkWidget *link = link_button (_("Open"), testimony->url);

              gtk_accessible_update_property (GTK_ACCESSIBLE (link), GTK_ACCESSIBLE_PROPERTY_LABEL, link_name, -1);
              gtk_box_append (GTK_BOX (line), link);
            }
          gtk_box_append (GTK_BOX (inner), line);
        }
      gtk_expander_set_child (GTK_EXPANDER (expander), inner);
      gtk_box_append (GTK_BOX (box), expander);
    }
  else if (cn_testimony_format_label (testimony->format) != NULL)
    gtk_box_append (GTK_BOX (box), text_label (cn_testimony_format_label (testimony->format), "dim-label"));
  g_object_set_data (G_OBJECT (row), "cn-item", (gpointer) testimony);
  return row;
}

static void
fill_testimonies (CnCatalogueView *self)
{
  for (guint i = 0; i < cn_catalogue_get_n_testimonies (self->catalogue); i++)
    gtk_list_box_append (GTK_LIST_BOX (self->pages[PAGE_TESTIMONIES].list),
                         testimony_row (self, cn_catalogue_get_testimony (self->catalogue, i)));
}

static gboolean
testimony_matches (CnCatalogueView   *self,
                   const CnTestimony *testimony)
{
  guint n_sections;
  const CnNafSection *sections = cn_naf_sections (&n_sections);
  guint sector = dropdown_index (self->testimony_sector);
  guint size = dropdown_index (self->testimony_size);

  return cn_testimony_matches (testimony, search_text (&self->pages[PAGE_TESTIMONIES]),
                               sector > 0 && sector <= n_sections ? sections[sector - 1].letter : 0,
                               size > 0 && size <= G_N_ELEMENTS (sizes) ? sizes[size - 1].id : NULL,
                               selected_region (self->testimony_region),
                               (int) dropdown_index (self->testimony_level));
}

static GtkWidget *
testimonies_page (CnCatalogueView *self)
{
  GtkWidget *page = build_page (self, PAGE_TESTIMONIES, _("Testimonies"),
                                _("Business owners who went digital, in their own words: a peer example for the company you coach."),
                                TRUE);
  GtkStringList *model;
  guint n_sections;
  const CnNafSection *sections = cn_naf_sections (&n_sections);

  add_search (self, PAGE_TESTIMONIES, _("Trade, company, words…"), _("Search Testimonies"));
  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, _("All sectors"));
  for (guint i = 0; i < n_sections; i++)
    {
      g_autofree char *text = g_strdup_printf ("%c — %s", sections[i].letter, sections[i].label);

      gtk_string_list_append (model, text);
    }
  self->testimony_sector = filter_dropdown (self, model, _("Sector"), "testimonies-sector");
  add_filter (self, PAGE_TESTIMONIES, self->testimony_sector, "selected");
  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, _("All sizes"));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    gtk_string_list_append (model, g_dpgettext2 (NULL, "company size", sizes[i].label));
  self->testimony_size = filter_dropdown (self, model, _("Size"), "testimonies-size");
  add_filter (self, PAGE_TESTIMONIES, self->testimony_size, "selected");
  self->testimony_region = filter_dropdown (self, regions_model (), _("Region"), "testimonies-region");
  add_filter (self, PAGE_TESTIMONIES, self->testimony_region, "selected");
  self->testimony_level = filter_dropdown (self, levels_model (), _("Maturity level"), "testimonies-level");
  add_filter (self, PAGE_TESTIMONIES, self->testimony_level, "selected");
  return page;
}

static char *
levels_text (guint levels)
{
  int low = 0, high = 0;

  for (int level = 1; level <= 5; level++)
    if (levels & (1u << level))
      {
        if (low == 0)
          low = level;
        high = level;
      }
  if (low == 0 || (low == 1 && high == 5))
    return g_strdup (_("All levels"));
  if (low == high)
    return g_strdup_printf (_("Level %d"), low);
  /* Translators: a range of maturity levels, "Levels 1 to 3" */
  return g_strdup_printf (_("Levels %d to %d"), low, high);
}

static GtkWidget *
resource_row (CnCatalogueView  *self,
              const CnResource *resource)
{
  g_autoptr(GString) details = g_string_new (resource->publisher);
  g_autofree char *levels = levels_text (resource->levels);
  g_autofree char *name = g_strconcat ("resource:", resource->id, NULL);
  const char *kind = cn_resource_kind_label (resource->kind);
  GtkWidget *box, *tags, *row;

  if (kind != NULL)
    g_string_append_printf (details, "%s%s", details->len ? " · " : "", kind);
  if (resource->duration != NULL && *resource->duration != '\0')
    g_string_append_printf (details, " · %s", resource->duration);
  g_string_append_printf (details, " · %s", levels);
  row = card_row (resource->title, details->str, &box, &tags);
  gtk_widget_set_name (row, name);
  if (resource->free)
    /* Translators: a resource that costs nothing */
    card_add_tag (tags, tag_new (C_("resource", "Free"), "cn-tag-open"));
  if (resource->summary != NULL && *resource->summary != '\0')
    gtk_box_append (GTK_BOX (box), text_label (resource->summary, NULL));
  if (resource->url != NULL && *resource->url != '\0')
    {
      /* Translators: %s is a resource's title */
      g_autofree char *link_name = g_strdup_printf (_("Open “%s”"), resource->title);
      GtkWidget *link = link_button (_("Open"), resource->url);

      gtk_accessible_update_property (GTK_ACCESSIBLE (link), GTK_ACCESSIBLE_PROPERTY_LABEL, link_name, -1);
      gtk_widget_set_halign (link, GTK_ALIGN_END);
      gtk_box_append (GTK_BOX (box), link);
    }
  g_object_set_data (G_OBJECT (row), "cn-item", (gpointer) resource);
  return row;
}

static void
fill_resources (CnCatalogueView *self)
{
  for (guint i = 0; i < cn_catalogue_get_n_resources (self->catalogue); i++)
    gtk_list_box_append (GTK_LIST_BOX (self->pages[PAGE_RESOURCES].list),
                         resource_row (self, cn_catalogue_get_resource (self->catalogue, i)));
}

static gboolean
resource_matches (CnCatalogueView  *self,
                  const CnResource *resource)
{
  guint dimension = dropdown_index (self->resource_dimension);
  guint kind = dropdown_index (self->resource_kind);

  return cn_resource_matches (resource, search_text (&self->pages[PAGE_RESOURCES]),
                              dimension > 0 && dimension <= self->dimension_ids->len
                                ? self->dimension_ids->pdata[dimension - 1] : NULL,
                              (int) dropdown_index (self->resource_level),
                              kind > 0 && kind <= G_N_ELEMENTS (resource_kinds) ? resource_kinds[kind - 1] : NULL);
}

/* The dimensions of every questionnaire, each once, as the diagnostics
 * name them. */
static GtkStringList *
dimensions_model (CnCatalogueView *self)
{
  GtkStringList *model = gtk_string_list_new (NULL);
  g_autofree char *data_dir = g_path_get_dirname (cn_store_get_path (self->store));
  g_autofree char *extra = g_build_filename (data_dir, "referential", NULL);
  g_autoptr(GPtrArray) referentials = cn_referential_list_available (extra, NULL);

  gtk_string_list_append (model, _("All dimensions"));
  for (guint i = 0; referentials != NULL && i < referentials->len; i++)
    {
      CnReferential *referential = referentials->pdata[i];

      for (guint d = 0; d < cn_referential_get_n_dimensions (referential); d++)
        {
          const CnDimension *dimension = cn_referential_get_dimension (referential, d);
          gboolean known = FALSE;

          for (guint k = 0; k < self->dimension_ids->len && !known; k++)
            known = g_str_equal (self->dimension_ids->pdata[k], dimension->id);
          if (known)
            continue;
          g_ptr_array_add (self->dimension_ids, g_strdup (dimension->id));
          gtk_string_list_append (model, dimension->title);
        }
    }
  return model;
}

static GtkWidget *
resources_page (CnCatalogueView *self)
{
  GtkWidget *page = build_page (self, PAGE_RESOURCES, _("Resources"),
                                _("Guides, courses, tools and kits to go further, by dimension of the diagnostic and maturity level."),
                                TRUE);
  GtkStringList *model;

  add_search (self, PAGE_RESOURCES, _("Title, publisher, topic…"), _("Search Resources"));
  self->resource_dimension = filter_dropdown (self, dimensions_model (self), _("Dimension"), "resources-dimension");
  add_filter (self, PAGE_RESOURCES, self->resource_dimension, "selected");
  self->resource_level = filter_dropdown (self, levels_model (), _("Maturity level"), "resources-level");
  add_filter (self, PAGE_RESOURCES, self->resource_level, "selected");
  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, _("All kinds"));
  for (guint i = 0; i < G_N_ELEMENTS (resource_kinds); i++)
    gtk_string_list_append (model, cn_resource_kind_label (resource_kinds[i]));
  self->resource_kind = filter_dropdown (self, model, _("Kind"), "resources-kind");
  add_filter (self, PAGE_RESOURCES, self->resource_kind, "selected");
  return page;
}

/* ---- the whole view ---------------------------------------------------------- */

static gboolean
row_matches (CnCatalogueView *self,
             PageId           id,
             GtkWidget       *row)
{
  gconstpointer item = g_object_get_data (G_OBJECT (row), "cn-item");

  if (item == NULL)
    return TRUE;
  switch (id)
    {
    case PAGE_AIDS:
      return aid_matches (self, item);
    case PAGE_PROVIDERS:
      return provider_matches (self, item);
    case PAGE_TESTIMONIES:
      return testimony_matches (self, item);
    case PAGE_RESOURCES:
      return resource_matches (self, item);
    case PAGE_PRICES:
    case N_PAGES:
    default:
      return TRUE;
    }
}

/* Every page again, from the catalogue the application has now. */
static void
reload (CnCatalogueView *self)
{
  CnCatalogue *catalogue = cn_application_get_catalogue (self->application);

  for (PageId id = 0; id < N_PAGES; id++)
    remove_rows (self->pages[id].list);
  g_clear_pointer (&self->catalogue, cn_catalogue_unref);
  g_free (self->today);
  self->today = today_text ();
  if (catalogue != NULL)
    {
      self->catalogue = cn_catalogue_ref (catalogue);
      fill_aids (self);
      fill_providers (self);
      fill_prices (self);
      fill_testimonies (self);
      fill_resources (self);
    }
  refilter_all (self);
}

static void
on_catalogue_changed (CnApplication   *application,
                      CnCatalogueView *self)
{
  reload (self);
}

/* The preferences can withdraw a link: the rows say so when the window
 * comes back. */
static void
on_root_active (GtkWindow       *window,
                GParamSpec      *pspec,
                CnCatalogueView *self)
{
  if (gtk_window_is_active (window) && self->catalogue != NULL)
    refresh_provider_rows (self);
}

/* Links and ratings may have changed elsewhere (the command line, the
 * preferences) since the section was last shown. */
static void
cn_catalogue_view_map (GtkWidget *widget)
{
  CnCatalogueView *self = CN_CATALOGUE_VIEW (widget);

  GTK_WIDGET_CLASS (cn_catalogue_view_parent_class)->map (widget);
  if (self->catalogue != NULL)
    refresh_provider_rows (self);
}

static void
cn_catalogue_view_root (GtkWidget *widget)
{
  CnCatalogueView *self = CN_CATALOGUE_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (cn_catalogue_view_parent_class)->root (widget);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      self->watched_root = GTK_WINDOW (root);
      g_signal_connect (root, "notify::is-active", G_CALLBACK (on_root_active), self);
    }
}

static void
cn_catalogue_view_unroot (GtkWidget *widget)
{
  CnCatalogueView *self = CN_CATALOGUE_VIEW (widget);

  if (self->watched_root != NULL)
    g_signal_handlers_disconnect_by_func (self->watched_root, on_root_active, self);
  self->watched_root = NULL;
  GTK_WIDGET_CLASS (cn_catalogue_view_parent_class)->unroot (widget);
}

/* The switcher at the top while its labels fit; at the bottom, as on a
 * phone, when they do not (libadwaita 1.2 has no breakpoints).  The
 * squeezer finds out while it is laid out: revealing the bar then would
 * lay it out at the height it had hidden (GTK warns of a negative
 * height), so it is revealed just after. */
static gboolean
sync_switcher_bar (gpointer data)
{
  CnCatalogueView *self = data;

  self->switcher_idle = 0;
  adw_view_switcher_bar_set_reveal (ADW_VIEW_SWITCHER_BAR (self->switcher_bar),
                                    adw_squeezer_get_visible_child (ADW_SQUEEZER (self->switcher_squeezer))
                                      != self->wide_switcher);
  return G_SOURCE_REMOVE;
}

static void
on_squeezed (AdwSqueezer     *squeezer,
             GParamSpec      *pspec,
             CnCatalogueView *self)
{
  if (self->switcher_idle == 0)
    self->switcher_idle = g_idle_add (sync_switcher_bar, self);
}

static void
add_page (CnCatalogueView *self,
          GtkWidget       *child,
          PageId           id,
          const char      *title,
          const char      *icon)
{
  AdwViewStackPage *page = adw_view_stack_add_titled (ADW_VIEW_STACK (self->view_stack), child, page_names[id], title);

  adw_view_stack_page_set_icon_name (page, icon);
}

static void
cn_catalogue_view_dispose (GObject *object)
{
  CnCatalogueView *self = CN_CATALOGUE_VIEW (object);

  g_clear_handle_id (&self->switcher_idle, g_source_remove);
  if (self->switcher_squeezer != NULL)
    g_signal_handlers_disconnect_by_func (self->switcher_squeezer, on_squeezed, self);
  self->switcher_squeezer = NULL;
  /* The application holds the windows: no cycle through it. */
  g_clear_object (&self->application);
  G_OBJECT_CLASS (cn_catalogue_view_parent_class)->dispose (object);
}

static void
cn_catalogue_view_finalize (GObject *object)
{
  CnCatalogueView *self = CN_CATALOGUE_VIEW (object);

  g_clear_pointer (&self->catalogue, cn_catalogue_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->service_ids, g_ptr_array_unref);
  g_clear_pointer (&self->dimension_ids, g_ptr_array_unref);
  g_free (self->today);
  G_OBJECT_CLASS (cn_catalogue_view_parent_class)->finalize (object);
}

static void
cn_catalogue_view_class_init (CnCatalogueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_catalogue_view_dispose;
  object_class->finalize = cn_catalogue_view_finalize;
  widget_class->map = cn_catalogue_view_map;
  widget_class->root = cn_catalogue_view_root;
  widget_class->unroot = cn_catalogue_view_unroot;
}

static void
cn_catalogue_view_init (CnCatalogueView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->service_ids = g_ptr_array_new_with_free_func (g_free);
  self->dimension_ids = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
cn_catalogue_view_new (CnApplication *application)
{
  CnCatalogueView *self;
  GtkWidget *content;

  g_return_val_if_fail (CN_IS_APPLICATION (application), NULL);

  self = g_object_new (CN_TYPE_CATALOGUE_VIEW, NULL);
  self->application = g_object_ref (application);
  self->store = g_object_ref (cn_application_get_store (application));

  self->toasts = adw_toast_overlay_new ();
  gtk_widget_set_vexpand (self->toasts, TRUE);
  gtk_box_append (GTK_BOX (self), self->toasts);
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), content);

  self->view_stack = adw_view_stack_new ();
  gtk_widget_set_name (self->view_stack, "catalogue-pages");
  gtk_widget_set_vexpand (self->view_stack, TRUE);
  /* Only the page shown is measured: the others' hundreds of wrapped rows
   * made every layout of the section slow. */
  adw_view_stack_set_hhomogeneous (ADW_VIEW_STACK (self->view_stack), FALSE);
  adw_view_stack_set_vhomogeneous (ADW_VIEW_STACK (self->view_stack), FALSE);

  /* Wide: the switcher above the pages; narrow: the bar below them. */
  self->switcher_squeezer = adw_squeezer_new ();
  adw_squeezer_set_transition_type (ADW_SQUEEZER (self->switcher_squeezer), ADW_SQUEEZER_TRANSITION_TYPE_NONE);
  self->wide_switcher = adw_view_switcher_new ();
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (self->wide_switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);
  gtk_widget_set_halign (self->wide_switcher, GTK_ALIGN_CENTER);
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (self->wide_switcher), ADW_VIEW_STACK (self->view_stack));
  adw_squeezer_add (ADW_SQUEEZER (self->switcher_squeezer), self->wide_switcher);
  /* Nothing at the top when the bar is at the bottom: no height either. */
  adw_squeezer_set_allow_none (ADW_SQUEEZER (self->switcher_squeezer), TRUE);
  adw_squeezer_set_homogeneous (ADW_SQUEEZER (self->switcher_squeezer), FALSE);
  gtk_widget_set_margin_top (self->wide_switcher, 6);
  gtk_box_append (GTK_BOX (content), self->switcher_squeezer);
  gtk_box_append (GTK_BOX (content), self->view_stack);
  self->switcher_bar = adw_view_switcher_bar_new ();
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (self->switcher_bar), ADW_VIEW_STACK (self->view_stack));
  gtk_box_append (GTK_BOX (content), self->switcher_bar);
  g_signal_connect (self->switcher_squeezer, "notify::visible-child", G_CALLBACK (on_squeezed), self);

  add_page (self, aids_page (self), PAGE_AIDS, C_("catalogue page", "Aids"), "application-certificate-symbolic");
  add_page (self, providers_page (self), PAGE_PROVIDERS, C_("catalogue page", "Providers"), "system-users-symbolic");
  add_page (self, prices_page (self), PAGE_PRICES, C_("catalogue page", "Prices"), "x-office-spreadsheet-symbolic");
  add_page (self, testimonies_page (self), PAGE_TESTIMONIES, C_("catalogue page", "Testimonies"), "face-smile-symbolic");
  add_page (self, resources_page (self), PAGE_RESOURCES, C_("catalogue page", "Resources"), "folder-documents-symbolic");

  g_signal_connect_object (application, "catalogue-changed", G_CALLBACK (on_catalogue_changed), self, 0);
  reload (self);
  return GTK_WIDGET (self);
}

void
cn_catalogue_view_show_page (CnCatalogueView *self,
                             const char      *name)
{
  g_return_if_fail (CN_IS_CATALOGUE_VIEW (self));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->view_stack), name);
}

const char *
cn_catalogue_view_get_page (CnCatalogueView *self)
{
  g_return_val_if_fail (CN_IS_CATALOGUE_VIEW (self), NULL);
  return adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (self->view_stack));
}

guint
cn_catalogue_view_get_n_shown (CnCatalogueView *self,
                               const char      *name)
{
  g_return_val_if_fail (CN_IS_CATALOGUE_VIEW (self), 0);
  for (PageId id = 0; id < N_PAGES; id++)
    if (g_strcmp0 (page_names[id], name) == 0)
      return self->pages[id].n_shown;
  return 0;
}

void
cn_catalogue_view_clear_filters (CnCatalogueView *self)
{
  g_return_if_fail (CN_IS_CATALOGUE_VIEW (self));
  for (PageId id = 0; id < N_PAGES; id++)
    clear_page_filters (self, id);
}
