/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-plan-window"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "cn-aids-group.h"
#include "cn-application.h"
#include "cn-error.h"
#include "cn-plan-document.h"
#include "cn-plan-window.h"
#include "cn-profile.h"
#include "cn-util.h"
#include "cn-widgets.h"
#include "cn-wrap-box.h"

/* poppler-glib 22.12 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* Edits are saved this long after the last keystroke, and when the window
 * closes. */
#define SAVE_DELAY_MS 400
/* Preview pages are at most this many pixels per PDF point wide. */
#define PREVIEW_SCALE 1.2
/* Pages are rendered again at their new size this long after the last
 * change of the window's width. */
#define RERENDER_DELAY_MS 150

static const char *const horizons[] = { "now", "3-months", "12-months" };

struct _CnPlanWindow
{
  AdwWindow       parent_instance;

  CnStore        *store;
  char           *diagnostic_id;
  CnCatalogue    *catalogue;
  CnPlanDocument *document;        /* owns the plan being edited */
  guint           save_timeout;
  guint           preview_generation;
  GBytes         *preview_pdf;     /* the PDF the preview shows */
  guint           preview_pdf_generation;
  int             preview_pixels;  /* the width its pages are rendered at, or 0 */
  guint           rerender_timeout;
  gboolean        building;
  int             expand;          /* the row to show expanded after a rebuild, or -1 */

  GtkWidget      *title;
  GtkWidget      *switcher_bar;
  guint           switcher_bar_idle;
  GtkWidget      *toasts;
  GtkWidget      *stack;
  GtkWidget      *actions_group;
  GPtrArray      *rows;
  GtkWidget      *note_view;
  GtkWidget      *issued_box;      /* a plan that keeps the catalogue of its first issue */
  GtkWidget      *issued_label;
  GtkWidget      *aids_group;
  GtkWidget      *expense_row;
  GtkWidget      *kind_row;
  GPtrArray      *aid_rows;
  GHashTable     *aids_expanded;
  GtkWidget      *preview_box;
  GtkWidget      *preview_status;
  guint           n_preview_pages;
};

G_DEFINE_FINAL_TYPE (CnPlanWindow, cn_plan_window, ADW_TYPE_WINDOW)

static void rebuild_rows    (CnPlanWindow *self);
static void refresh_preview (CnPlanWindow *self);
static void update_aids     (CnPlanWindow *self);

static void
toast (CnPlanWindow *self,
       const char   *message)
{
  /* Toast titles are markup in libadwaita 1.2. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (escaped));
}

static CnPlan *
plan (CnPlanWindow *self)
{
  return self->document->plan;
}

/* ---- saving ------------------------------------------------------------- */

gboolean
cn_plan_window_save (CnPlanWindow  *self,
                     GError       **error)
{
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  return cn_store_save_plan (self->store, plan (self), error);
}

static gboolean
save_now (gpointer data)
{
  CnPlanWindow *self = data;
  g_autoptr(GError) error = NULL;

  self->save_timeout = 0;
  if (!cn_plan_window_save (self, &error))
    toast (self, error->message);
  else if (g_strcmp0 (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (self->stack)), "preview") == 0)
    refresh_preview (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (CnPlanWindow *self)
{
  if (self->building)
    return;
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  self->save_timeout = g_timeout_add (SAVE_DELAY_MS, save_now, self);
}

/* ---- the action rows ----------------------------------------------------- */

static char *
row_subtitle (CnPlanAction *action)
{
  GString *text = g_string_new (cn_plan_horizon_label (action->horizon));

  if (action->owner && *action->owner)
    g_string_append_printf (text, " · %s", action->owner);
  if (action->due_date && *action->due_date)
    g_string_append_printf (text, " · %s", action->due_date);
  return g_string_free (text, FALSE);
}

static void
update_row_texts (GtkWidget    *expander,
                  CnPlanAction *action)
{
  g_autofree char *subtitle = row_subtitle (action);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), action->title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
}

static void
on_text_changed (GtkEditable  *editable,
                 CnPlanWindow *self)
{
  CnPlanAction *action = g_object_get_data (G_OBJECT (editable), "action");
  char **field = g_object_get_data (G_OBJECT (editable), "field");
  GtkWidget *expander = g_object_get_data (G_OBJECT (editable), "expander");
  const char *text = gtk_editable_get_text (editable);

  if (self->building)
    return;
  g_free (*field);
  *field = g_strdup (text);
  update_row_texts (expander, action);
  schedule_save (self);
}

/* A due date is saved only once it is a real date; meanwhile the entry
 * says it is not one yet. */
static void
on_date_changed (GtkEditable  *editable,
                 CnPlanWindow *self)
{
  CnPlanAction *action = g_object_get_data (G_OBJECT (editable), "action");
  GtkWidget *expander = g_object_get_data (G_OBJECT (editable), "expander");
  const char *text = gtk_editable_get_text (editable);
  g_autofree char *iso = g_strconcat (text, "T00:00:00Z", NULL);
  g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (iso, NULL);
  gboolean valid = *text == '\0' || (date != NULL && strlen (text) == 10);

  if (self->building)
    return;
  if (!valid)
    {
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  g_free (action->due_date);
  action->due_date = *text ? g_strdup (text) : NULL;
  update_row_texts (expander, action);
  schedule_save (self);
}

static void
on_horizon_selected (AdwComboRow  *row,
                     GParamSpec   *pspec,
                     CnPlanWindow *self)
{
  CnPlanAction *action = g_object_get_data (G_OBJECT (row), "action");
  GtkWidget *expander = g_object_get_data (G_OBJECT (row), "expander");
  guint selected = adw_combo_row_get_selected (row);

  if (self->building || selected >= G_N_ELEMENTS (horizons))
    return;
  g_free (action->horizon);
  action->horizon = g_strdup (horizons[selected]);
  update_row_texts (expander, action);
  schedule_save (self);
}

static GtkWidget *
text_row (CnPlanWindow *self,
          GtkWidget    *expander,
          CnPlanAction *action,
          const char   *title,
          char        **field,
          GCallback     on_changed)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (row), *field ? *field : "");
  g_object_set_data (G_OBJECT (row), "action", action);
  g_object_set_data (G_OBJECT (row), "field", field);
  g_object_set_data (G_OBJECT (row), "expander", expander);
  g_signal_connect (row, "changed", on_changed, self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  return row;
}

static GtkWidget *
row_button (const char *icon,
            const char *tooltip,
            const char *action_name,
            guint       index)
{
  GtkWidget *button = cn_icon_button_new (icon, tooltip, action_name);

  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static GtkWidget *
action_row (CnPlanWindow *self,
            CnPlanAction *action,
            guint         index)
{
  GtkWidget *expander = adw_expander_row_new ();
  GtkWidget *combo, *why, *up, *down;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  const CnPrice *price = action->price_ref ? cn_catalogue_find_price (self->catalogue, action->price_ref) : NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  update_row_texts (expander, action);
  /* Actions are packed from the end: the last added shows first. */
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander),
                               row_button ("user-trash-symbolic", _("Remove the Action"), "plan.remove", index));
  down = row_button ("go-down-symbolic", _("Move Down"), "plan.move-down", index);
  gtk_widget_set_sensitive (down, index + 1 < plan (self)->actions->len);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), down);
  up = row_button ("go-up-symbolic", _("Move Up"), "plan.move-up", index);
  gtk_widget_set_sensitive (up, index > 0);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), up);

  text_row (self, expander, action, _("Action"), &action->title, G_CALLBACK (on_text_changed));
  text_row (self, expander, action, _("Details"), &action->description, G_CALLBACK (on_text_changed));
  for (guint h = 0; h < G_N_ELEMENTS (horizons); h++)
    gtk_string_list_append (labels, cn_plan_horizon_label (horizons[h]));
  combo = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (combo), _("When"));
  adw_combo_row_set_model (ADW_COMBO_ROW (combo), G_LIST_MODEL (labels));
  for (guint h = 0; h < G_N_ELEMENTS (horizons); h++)
    if (g_strcmp0 (action->horizon, horizons[h]) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (combo), h);
  g_object_set_data (G_OBJECT (combo), "action", action);
  g_object_set_data (G_OBJECT (combo), "expander", expander);
  g_signal_connect (combo, "notify::selected", G_CALLBACK (on_horizon_selected), self);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), combo);
  text_row (self, expander, action, _("Who"), &action->owner, G_CALLBACK (on_text_changed));
  text_row (self, expander, action, _("Due Date (YYYY-MM-DD)"), &action->due_date, G_CALLBACK (on_date_changed));

  if (price != NULL)
    {
      g_autofree char *min = cn_format_euros (price->min);
      g_autofree char *max = cn_format_euros (price->max);
      /* Translators: an indicative price range, e.g. "Site vitrine: 600 € – 2 500 €" */
      g_autofree char *range = g_strdup_printf (_("%s: %s – %s"), price->label, min, max);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Indicative Budget"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), range);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
  if (action->why && *action->why)
    {
      why = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (why), _("Why"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (why), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (why), action->why);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), why);
    }
  return expander;
}

static void
rebuild_rows (CnPlanWindow *self)
{
  self->building = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->actions_group), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  for (guint i = 0; i < plan (self)->actions->len; i++)
    {
      GtkWidget *row = action_row (self, plan (self)->actions->pdata[i], i);

      if ((int) i == self->expand)
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->actions_group), row);
      g_ptr_array_add (self->rows, row);
    }
  if (plan (self)->actions->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No action yet: add the first one."));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->actions_group), row);
      g_ptr_array_add (self->rows, row);
    }
  self->expand = -1;
  self->building = FALSE;
  /* Without a planned expense, the aids follow the actions' prices. */
  update_aids (self);
}

void
cn_plan_window_reload_rows (CnPlanWindow *self)
{
  rebuild_rows (self);
}

static void
move_action (CnPlanWindow *self,
             guint         from,
             int           delta)
{
  GPtrArray *actions = plan (self)->actions;
  int to = (int) from + delta;

  if (from >= actions->len || to < 0 || to >= (int) actions->len)
    return;
  g_ptr_array_insert (actions, to, g_ptr_array_steal_index (actions, from));
  rebuild_rows (self);
  schedule_save (self);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move_action (CN_PLAN_WINDOW (widget), g_variant_get_uint32 (parameter), -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_action (CN_PLAN_WINDOW (widget), g_variant_get_uint32 (parameter), +1);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CnPlanWindow *self = CN_PLAN_WINDOW (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (index >= plan (self)->actions->len)
    return;
  g_ptr_array_remove_index (plan (self)->actions, index);
  rebuild_rows (self);
  schedule_save (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CnPlanWindow *self = CN_PLAN_WINDOW (widget);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strconcat ("custom-", uuid, NULL);

  g_ptr_array_add (plan (self)->actions, cn_plan_action_new (id, _("New action")));
  self->expand = (int) plan (self)->actions->len - 1;
  rebuild_rows (self);
  schedule_save (self);
}

static void
on_note_changed (GtkTextBuffer *buffer,
                 CnPlanWindow  *self)
{
  GtkTextIter start, end;

  if (self->building)
    return;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_free (plan (self)->note);
  plan (self)->note = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  schedule_save (self);
}

/* ---- the planned expense and its aids ------------------------------------ */

/* "31/12/2026" from "2026-12-31", as the French write it. */
static char *
day_for_display (const char *day)
{
  guint year, month, date;

  if (day != NULL && sscanf (day, "%4u-%2u-%2u", &year, &month, &date) == 3)
    return g_strdup_printf ("%02u/%02u/%04u", date, month, year);
  return g_strdup (day ? day : "");
}

/* The document's aids (what the PDF prints) judged again on the expense
 * of the plan, with the catalogue and on the day the document keeps; then
 * the rows. */
static void
update_aids (CnPlanWindow *self)
{
  CnPlanDocument *document = self->document;
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *description = NULL;

  if (document == NULL || self->aids_group == NULL)
    return;
  document->expense = cn_plan_get_expense (document->plan, document->catalogue, &document->expense_estimated);
  verdicts = cn_catalogue_judge_aids (document->catalogue, document->company, document->plan->expense_kind,
                                      document->expense, document->aids_on);
  g_clear_pointer (&document->aids, g_ptr_array_unref);
  document->aids = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_aid_verdict_free);
  for (guint i = 0; i < verdicts->len; i++)
    if (((CnAidVerdict *) verdicts->pdata[i])->eligible)
      g_ptr_array_add (document->aids, g_ptr_array_steal_index (verdicts, i--));

  if (document->expense_estimated)
    {
      g_autofree char *estimate = cn_format_euros (document->expense);

      /* Translators: %s is an amount in euros */
      description = g_strdup_printf (_("Empty: the estimate from the actions’ prices, %s, is used."), estimate);
    }
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->aids_group), description);

  g_hash_table_remove_all (self->aids_expanded);
  cn_aid_rows_get_expanded (self->aid_rows, self->aids_expanded);
  for (guint i = 0; i < self->aid_rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->aids_group), self->aid_rows->pdata[i]);
  g_ptr_array_set_size (self->aid_rows, 0);
  rows = cn_aid_rows_new (document->aids, document->expense > 0, FALSE, self->aids_expanded);
  for (guint i = 0; i < rows->len; i++)
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->aids_group), rows->pdata[i]);
      g_ptr_array_add (self->aid_rows, rows->pdata[i]);
    }
}

static void
on_expense_changed (CnPlanWindow *self)
{
  int expense = cn_aids_parse_expense (gtk_editable_get_text (GTK_EDITABLE (self->expense_row)));

  if (self->building)
    return;
  /* Nothing saved until it is an amount. */
  if (expense < 0)
    {
      gtk_widget_add_css_class (self->expense_row, "error");
      return;
    }
  gtk_widget_remove_css_class (self->expense_row, "error");
  plan (self)->planned_expense = *gtk_editable_get_text (GTK_EDITABLE (self->expense_row)) ? expense : -1;
  update_aids (self);
  schedule_save (self);
}

static void
on_kind_selected (CnPlanWindow *self)
{
  const char *const *kinds = cn_aids_expense_kinds ();
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row));

  if (self->building)
    return;
  g_clear_pointer (&plan (self)->expense_kind, g_free);
  if (selected > 0 && selected <= g_strv_length ((char **) kinds))
    plan (self)->expense_kind = g_strdup (kinds[selected - 1]);
  update_aids (self);
  schedule_save (self);
}

/* The fields from the plan, without saving. */
static void
load_expense (CnPlanWindow *self)
{
  const char *const *kinds = cn_aids_expense_kinds ();
  g_autofree char *text = plan (self)->planned_expense >= 0 ? g_strdup_printf ("%d", plan (self)->planned_expense) : NULL;
  guint selected = 0;

  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_strcmp0 (plan (self)->expense_kind, kinds[i]) == 0)
      selected = i + 1;
  self->building = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->expense_row), text ? text : "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row), selected);
  self->building = FALSE;
}

/* An issued plan shows what its first issue showed until the connector
 * asks for the current catalogue. */
static void
update_issued (CnPlanWindow *self)
{
  g_autoptr(CnCatalogue) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *issued_on = NULL;
  g_autofree char *day = NULL;
  g_autofree char *text = NULL;

  if (plan (self)->issued_catalogue == NULL)
    {
      gtk_widget_set_visible (self->issued_box, FALSE);
      return;
    }
  kept = cn_store_load_plan_catalogue (self->store, plan (self), &issued_on, &error);
  if (kept == NULL)
    g_warning ("The catalogue kept with the plan cannot be read: %s", error ? error->message : "");
  day = day_for_display (issued_on ? issued_on : self->document->aids_on);
  /* Translators: %s is a date, dd/mm/yyyy */
  text = g_strdup_printf (_("This plan keeps the aids and prices of its first issue on %s."), day);
  gtk_label_set_text (GTK_LABEL (self->issued_label), text);
  gtk_widget_set_visible (self->issued_box, TRUE);
}

static gboolean load_document (CnPlanWindow       *self,
                               const CnConnector  *connector,
                               GError            **error);

static void
renew_catalogue_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CnPlanWindow *self = CN_PLAN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  CnConnector connector;
  const CnConnector *signer = NULL;

  if (plan (self)->issued_catalogue == NULL)
    return;
  /* Edits first: the plan is read again with the current catalogue. */
  if (!cn_plan_window_save (self, &error) ||
      !cn_store_renew_plan_catalogue (self->store, plan (self), &error))
    {
      toast (self, error->message);
      return;
    }
  /* The catalogue in use now, which may have been imported since the
   * window opened. */
  if (CN_IS_APPLICATION (g_application_get_default ()) &&
      cn_application_get_catalogue (CN_APPLICATION (g_application_get_default ())) != NULL)
    {
      CnCatalogue *current = cn_catalogue_ref (cn_application_get_catalogue (CN_APPLICATION (g_application_get_default ())));

      cn_catalogue_unref (self->catalogue);
      self->catalogue = current;
    }
  if (self->document->connector != NULL)
    {
      connector = *self->document->connector;
      signer = &connector;
    }
  if (!load_document (self, signer, &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("The plan now shows the current catalogue"));
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (self->stack)), "preview") == 0)
    refresh_preview (self);
}

/* ---- the PDF: preview, export, print, open ------------------------------- */

static char *
write_temporary_pdf (CnPlanWindow  *self,
                     GError       **error)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("connecteur-plan-XXXXXX.pdf", &path, error);

  if (fd < 0)
    return NULL;
  close (fd);
  if (!cn_plan_pdf_write (self->document, path, error))
    {
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* ---- a page of the preview ----------------------------------------------- */

/* A page keeps the proportions of the paper and is never wider than at
 * PREVIEW_SCALE, but narrows with the window, down to a thumbnail.  Its
 * image is rendered again at the size it is shown, so it stays sharp. */
#define PREVIEW_MIN_WIDTH 120

#define CN_TYPE_PREVIEW_PAGE (cn_preview_page_get_type ())
G_DECLARE_FINAL_TYPE (CnPreviewPage, cn_preview_page, CN, PREVIEW_PAGE, GtkWidget)

struct _CnPreviewPage
{
  GtkWidget   parent_instance;

  double      width;     /* of the paper, in points */
  double      height;
  GdkTexture *texture;   /* never NULL; maybe rendered for another size */
};

G_DEFINE_FINAL_TYPE (CnPreviewPage, cn_preview_page, GTK_TYPE_WIDGET)

static void want_preview_width (CnPlanWindow *self,
                                int           pixels);

static int
page_height_for_width (CnPreviewPage *self,
                       int            width)
{
  return (int) ceil (width * self->height / self->width);
}

static void
cn_preview_page_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  CnPreviewPage *self = CN_PREVIEW_PAGE (widget);
  int largest = (int) round (self->width * PREVIEW_SCALE);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN (PREVIEW_MIN_WIDTH, largest);
      *natural = largest;
    }
  else
    *minimum = *natural = page_height_for_width (self, for_size < 0 ? largest : for_size);
}

static GtkSizeRequestMode
cn_preview_page_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cn_preview_page_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  CnPreviewPage *self = CN_PREVIEW_PAGE (widget);
  int pixels = width * gtk_widget_get_scale_factor (widget);
  GtkWidget *window = gtk_widget_get_ancestor (widget, CN_TYPE_PLAN_WINDOW);

  if (window != NULL && gdk_texture_get_width (self->texture) != pixels)
    want_preview_width (CN_PLAN_WINDOW (window), pixels);
}

static void
cn_preview_page_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  CnPreviewPage *self = CN_PREVIEW_PAGE (widget);

  gtk_snapshot_append_texture (snapshot, self->texture,
                               &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                    gtk_widget_get_height (widget)));
}

static void
cn_preview_page_finalize (GObject *object)
{
  g_clear_object (&CN_PREVIEW_PAGE (object)->texture);
  G_OBJECT_CLASS (cn_preview_page_parent_class)->finalize (object);
}

static void
cn_preview_page_class_init (CnPreviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cn_preview_page_finalize;
  widget_class->measure = cn_preview_page_measure;
  widget_class->get_request_mode = cn_preview_page_get_request_mode;
  widget_class->size_allocate = cn_preview_page_size_allocate;
  widget_class->snapshot = cn_preview_page_snapshot;
  gtk_widget_class_set_css_name (widget_class, "picture");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
cn_preview_page_init (CnPreviewPage *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

static GtkWidget *
cn_preview_page_new (double      width,
                     double      height,
                     GdkTexture *texture)
{
  CnPreviewPage *self = g_object_new (CN_TYPE_PREVIEW_PAGE, NULL);

  self->width = width;
  self->height = height;
  self->texture = g_object_ref (texture);
  return GTK_WIDGET (self);
}

static void
cn_preview_page_set_texture (CnPreviewPage *self,
                             GdkTexture    *texture)
{
  g_set_object (&self->texture, texture);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- rendering the preview ----------------------------------------------- */

/* What a worker thread renders: the PDF (a file to read, or the bytes
 * read before), with pages @pixels wide (0: at PREVIEW_SCALE). */
typedef struct {
  char       *path;
  GBytes     *pdf;
  int         pixels;
  guint       generation;
  GPtrArray  *textures;    /* the result */
  GArray     *sizes;       /* of graphene_size_t, in points */
} Rendering;

static void
rendering_free (Rendering *rendering)
{
  g_free (rendering->path);
  g_clear_pointer (&rendering->pdf, g_bytes_unref);
  g_clear_pointer (&rendering->textures, g_ptr_array_unref);
  g_clear_pointer (&rendering->sizes, g_array_unref);
  g_free (rendering);
}

/* Poppler renders the pages on a worker thread; only the textures come
 * back to the main thread. */
static void
render_pages_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  Rendering *rendering = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) pdf = NULL;

  if (rendering->path != NULL)
    {
      char *contents = NULL;
      gsize length = 0;
      gboolean read = g_file_get_contents (rendering->path, &contents, &length, &error);

      g_unlink (rendering->path);
      if (!read)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      rendering->pdf = g_bytes_new_take (contents, length);
    }
  pdf = poppler_document_new_from_bytes (rendering->pdf, NULL, &error);
  if (pdf == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  rendering->textures = g_ptr_array_new_with_free_func (g_object_unref);
  rendering->sizes = g_array_new (FALSE, FALSE, sizeof (graphene_size_t));
  for (int i = 0; i < poppler_document_get_n_pages (pdf); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (pdf, i);
      double width, height, scale;
      cairo_surface_t *surface;
      cairo_t *cr;
      g_autoptr(GBytes) bytes = NULL;
      int w, h, stride;

      poppler_page_get_size (page, &width, &height);
      g_array_append_val (rendering->sizes, GRAPHENE_SIZE_INIT (width, height));
      scale = rendering->pixels > 0 ? rendering->pixels / width : PREVIEW_SCALE;
      w = (int) round (width * scale);
      h = (int) round (height * scale);
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, (double) w / width, (double) h / height);
      poppler_page_render (page, cr);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      stride = cairo_image_surface_get_stride (surface);
      bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * h);
      /* cairo's ARGB32 is BGRA in memory on little-endian machines. */
      g_ptr_array_add (rendering->textures, gdk_memory_texture_new (w, h,
                                                                    G_BYTE_ORDER == G_LITTLE_ENDIAN
                                                                      ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                                                      : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                                                    bytes, stride));
      cairo_surface_destroy (surface);
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_pages_rendered (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CnPlanWindow *self = CN_PLAN_WINDOW (source);
  Rendering *rendering = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint i = 0;

  /* A newer preview is on its way: this one is stale. */
  if (rendering->generation != self->preview_generation)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      toast (self, error->message);
      return;
    }

  /* The same pages at another size: only their images change. */
  if (rendering->path == NULL)
    {
      if (rendering->pixels != self->preview_pixels || rendering->textures->len != self->n_preview_pages)
        return;
      for (child = gtk_widget_get_first_child (self->preview_box); child; child = gtk_widget_get_next_sibling (child))
        cn_preview_page_set_texture (CN_PREVIEW_PAGE (child), rendering->textures->pdata[i++]);
      return;
    }

  g_clear_pointer (&self->preview_pdf, g_bytes_unref);
  self->preview_pdf = g_bytes_ref (rendering->pdf);
  self->preview_pdf_generation = rendering->generation;
  while ((child = gtk_widget_get_first_child (self->preview_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->preview_box), child);
  for (i = 0; i < rendering->textures->len; i++)
    {
      const graphene_size_t *size = &g_array_index (rendering->sizes, graphene_size_t, i);
      GtkWidget *page = cn_preview_page_new (size->width, size->height, rendering->textures->pdata[i]);
      g_autofree char *name = g_strdup_printf (_("Page %u of %u"), i + 1, rendering->textures->len);

      gtk_widget_set_halign (page, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (page, "card");
      gtk_accessible_update_property (GTK_ACCESSIBLE (page), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_box_append (GTK_BOX (self->preview_box), page);
    }
  self->n_preview_pages = rendering->textures->len;
  gtk_widget_set_visible (self->preview_status, FALSE);
}

static void
render_pages (CnPlanWindow *self,
              Rendering    *rendering)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_pages_rendered, NULL);

  rendering->pixels = self->preview_pixels;
  g_task_set_task_data (task, rendering, (GDestroyNotify) rendering_free);
  g_task_run_in_thread (task, render_pages_thread);
}

static void
refresh_preview (CnPlanWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_temporary_pdf (self, &error);
  Rendering *rendering;

  if (path == NULL)
    {
      toast (self, error->message);
      return;
    }
  rendering = g_new0 (Rendering, 1);
  rendering->path = g_steal_pointer (&path);
  rendering->generation = ++self->preview_generation;
  render_pages (self, rendering);
}

static gboolean
rerender_preview (gpointer data)
{
  CnPlanWindow *self = data;
  Rendering *rendering;

  self->rerender_timeout = 0;
  if (self->preview_pdf == NULL)
    return G_SOURCE_REMOVE;
  rendering = g_new0 (Rendering, 1);
  rendering->pdf = g_bytes_ref (self->preview_pdf);
  /* Stale if a new preview was asked for meanwhile. */
  rendering->generation = self->preview_pdf_generation;
  render_pages (self, rendering);
  return G_SOURCE_REMOVE;
}

/* The pages are shown @pixels wide: render them at that width once the
 * window stops changing size. */
static void
want_preview_width (CnPlanWindow *self,
                    int           pixels)
{
  if (pixels <= 0 || pixels == self->preview_pixels)
    return;
  self->preview_pixels = pixels;
  g_clear_handle_id (&self->rerender_timeout, g_source_remove);
  self->rerender_timeout = g_timeout_add (RERENDER_DELAY_MS, rerender_preview, self);
}

void
cn_plan_window_show_preview (CnPlanWindow *self)
{
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (self->stack), "preview");
}

guint
cn_plan_window_get_n_preview_pages (CnPlanWindow *self)
{
  return self->n_preview_pages;
}

static void
on_page_shown (AdwViewStack *stack,
               GParamSpec   *pspec,
               CnPlanWindow *self)
{
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (stack), "preview") == 0)
    {
      g_autoptr(GError) error = NULL;

      if (!cn_plan_window_save (self, &error))
        toast (self, error->message);
      refresh_preview (self);
    }
}

gboolean
cn_plan_window_export (CnPlanWindow  *self,
                       const char    *path,
                       GError       **error)
{
  g_autofree char *name = g_path_get_basename (path);

  if (!cn_plan_window_save (self, error) ||
      !cn_plan_pdf_write (self->document, path, error) ||
      !cn_store_record_plan_issued (self->store, plan (self), self->catalogue, name, error))
    return FALSE;
  update_issued (self);
  return TRUE;
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    CnPlanWindow    *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      path = g_file_get_path (file);
      name = g_file_get_basename (file);
      if (!cn_plan_window_export (self, path, &error))
        toast (self, error->message);
      else
        {
          /* Translators: %s is a file name */
          message = g_strdup_printf (_("Plan saved as “%s”"), name);
          toast (self, message);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CnPlanWindow *self = CN_PLAN_WINDOW (widget);
  g_autofree char *name = cn_plan_document_file_name (self->document);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Save the Action Plan"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_launched (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CnPlanWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    toast (self, error->message);
}

/* Opening is for looking: the copy goes to the cache, and only a saved or
 * printed plan counts as issued. */
static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CnPlanWindow *self = CN_PLAN_WINDOW (widget);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "connecteur", "plans", NULL);
  g_autofree char *name = cn_plan_document_file_name (self->document);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 || !cn_plan_window_save (self, &error) ||
      !cn_plan_pdf_write (self->document, path, &error))
    {
      toast (self, error ? error->message : g_strerror (errno));
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, on_launched, g_object_ref (self));
}

typedef struct {
  CnPlanWindow    *self;
  PopplerDocument *pdf;
} Printing;

static void
printing_free (Printing *printing)
{
  g_clear_object (&printing->pdf);
  g_free (printing);
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_number,
              Printing          *printing)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (printing->pdf, page_number);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width, height;

  poppler_page_get_size (page, &width, &height);
  cairo_scale (cr, gtk_print_context_get_width (context) / width, gtk_print_context_get_height (context) / height);
  poppler_page_render_for_printing (page, cr);
}

static void
on_print_done (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               Printing                *printing)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_APPLY &&
      !cn_store_record_plan_issued (printing->self->store, plan (printing->self), printing->self->catalogue,
                                    _("printed"), &error))
    toast (printing->self, error->message);
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    update_issued (printing->self);
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      toast (printing->self, error ? error->message : _("The plan could not be printed."));
    }
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CnPlanWindow *self = CN_PLAN_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  Printing *printing;

  if (!cn_plan_window_save (self, &error) || (path = write_temporary_pdf (self, &error)) == NULL)
    {
      toast (self, error->message);
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  printing = g_new0 (Printing, 1);
  printing->self = self;
  printing->pdf = poppler_document_new_from_file (uri, NULL, &error);
  g_unlink (path);
  if (printing->pdf == NULL)
    {
      toast (self, error->message);
      printing_free (printing);
      return;
    }
  operation = gtk_print_operation_new ();
  gtk_print_operation_set_n_pages (operation, poppler_document_get_n_pages (printing->pdf));
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_object_set_data_full (G_OBJECT (operation), "printing", printing, (GDestroyNotify) printing_free);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), printing);
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done), printing);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error);
  if (error != NULL)
    toast (self, error->message);
}

/* ---- the window ---------------------------------------------------------- */

CnPlan *
cn_plan_window_get_plan (CnPlanWindow *self)
{
  return plan (self);
}

static gboolean
on_close_request (CnPlanWindow *self)
{
  g_autoptr(GError) error = NULL;

  /* Never lose the last keystrokes. */
  if (self->save_timeout != 0 && !cn_plan_window_save (self, &error))
    g_warning ("The plan could not be saved: %s", error->message);
  return FALSE;
}

/* The switcher leaves the header bar for a bar at the bottom when the
 * title needs the room.  The header bar finds out while it is laid out:
 * showing the bottom bar then would lay it out at the height it had
 * hidden (GTK warns of a negative height), so it is shown just after. */
static gboolean
sync_switcher_bar (gpointer data)
{
  CnPlanWindow *self = data;

  self->switcher_bar_idle = 0;
  adw_view_switcher_bar_set_reveal (ADW_VIEW_SWITCHER_BAR (self->switcher_bar),
                                    adw_view_switcher_title_get_title_visible (ADW_VIEW_SWITCHER_TITLE (self->title)));
  return G_SOURCE_REMOVE;
}

static void
on_title_visible (CnPlanWindow *self)
{
  if (self->switcher_bar_idle == 0)
    self->switcher_bar_idle = g_idle_add (sync_switcher_bar, self);
}

static void
cn_plan_window_dispose (GObject *object)
{
  CnPlanWindow *self = CN_PLAN_WINDOW (object);

  if (self->save_timeout != 0 && self->document != NULL)
    cn_plan_window_save (self, NULL);
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  g_clear_handle_id (&self->rerender_timeout, g_source_remove);
  g_clear_handle_id (&self->switcher_bar_idle, g_source_remove);
  G_OBJECT_CLASS (cn_plan_window_parent_class)->dispose (object);
}

static void
cn_plan_window_finalize (GObject *object)
{
  CnPlanWindow *self = CN_PLAN_WINDOW (object);

  g_clear_pointer (&self->document, cn_plan_document_free);
  g_clear_pointer (&self->catalogue, cn_catalogue_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->preview_pdf, g_bytes_unref);
  g_free (self->diagnostic_id);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->aid_rows);
  g_hash_table_unref (self->aids_expanded);
  G_OBJECT_CLASS (cn_plan_window_parent_class)->finalize (object);
}

static void
cn_plan_window_class_init (CnPlanWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_plan_window_dispose;
  object_class->finalize = cn_plan_window_finalize;

  gtk_widget_class_install_action (widget_class, "plan.move-up", "u", move_up_action);
  gtk_widget_class_install_action (widget_class, "plan.move-down", "u", move_down_action);
  gtk_widget_class_install_action (widget_class, "plan.remove", "u", remove_action);
  gtk_widget_class_install_action (widget_class, "plan.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "plan.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "plan.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "plan.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "plan.renew-catalogue", NULL, renew_catalogue_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "plan.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "plan.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_plan_window_init (CnPlanWindow *self)
{
  GtkWidget *box, *header, *switcher, *edit, *clamp, *content, *button, *frame, *group, *scrolled, *menu_button;
  GtkWidget *save_icon, *squeezer;
  g_autoptr(GMenu) menu = g_menu_new ();

  self->rows = g_ptr_array_new ();
  self->aid_rows = g_ptr_array_new ();
  self->aids_expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->expand = -1;
  gtk_window_set_default_size (GTK_WINDOW (self), 820, 760);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  self->stack = adw_view_stack_new ();
  switcher = adw_view_switcher_title_new ();
  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (switcher), ADW_VIEW_STACK (self->stack));
  adw_view_switcher_title_set_title (ADW_VIEW_SWITCHER_TITLE (switcher), _("Action Plan"));
  self->title = switcher;
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), switcher);
  /* Its label while the title has room, its icon only on a phone. */
  button = gtk_button_new_with_mnemonic (_("_Save as PDF…"));
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "plan.export");
  gtk_widget_set_tooltip_text (button, _("Save the plan as a PDF to hand over (Ctrl+S)"));
  save_icon = cn_icon_button_new ("document-save-symbolic", _("Save the plan as a PDF to hand over (Ctrl+S)"),
                                  "plan.export");
  gtk_widget_add_css_class (save_icon, "suggested-action");
  /* The squeezer may be given more room than the icon needs. */
  gtk_widget_set_halign (save_icon, GTK_ALIGN_END);
  squeezer = adw_squeezer_new ();
  adw_squeezer_add (ADW_SQUEEZER (squeezer), button);
  adw_squeezer_add (ADW_SQUEEZER (squeezer), save_icon);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), squeezer);
  g_menu_append (menu, _("_Print…"), "plan.print");
  g_menu_append (menu, _("_Open in the Document Viewer"), "plan.open");
  menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (menu_button, _("More"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("More"), -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), menu_button);
  gtk_box_append (GTK_BOX (box), header);

  self->toasts = adw_toast_overlay_new ();
  gtk_widget_set_vexpand (self->toasts, TRUE);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), self->stack);
  gtk_box_append (GTK_BOX (box), self->toasts);
  self->switcher_bar = adw_view_switcher_bar_new ();
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (self->switcher_bar), ADW_VIEW_STACK (self->stack));
  g_signal_connect_swapped (switcher, "notify::title-visible", G_CALLBACK (on_title_visible), self);
  gtk_box_append (GTK_BOX (box), self->switcher_bar);

  /* Editing */
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (content, 24);
  gtk_widget_set_margin_bottom (content, 24);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);

  /* Above all: what an issued plan keeps. */
  self->issued_box = cn_wrap_box_new (12, 6);
  gtk_widget_add_css_class (self->issued_box, "cn-plan-issued");
  self->issued_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->issued_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->issued_label), 0);
  gtk_widget_set_hexpand (self->issued_label, TRUE);
  gtk_widget_set_valign (self->issued_label, GTK_ALIGN_CENTER);
  cn_wrap_box_append (CN_WRAP_BOX (self->issued_box), self->issued_label);
  button = cn_button_new_with_mnemonic (_("Use the _Current Catalogue"));
  gtk_widget_set_tooltip_text (button, _("Show the aids and prices of the catalogue in use; the next issue keeps them"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "plan.renew-catalogue");
  cn_wrap_box_append (CN_WRAP_BOX (self->issued_box), button);
  gtk_widget_set_visible (self->issued_box, FALSE);
  gtk_box_append (GTK_BOX (content), self->issued_box);

  self->actions_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->actions_group), _("Actions"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->actions_group),
                                         _("In the order of the plan. Changes are saved as you go."));
  button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "plan.add");
  gtk_widget_set_tooltip_text (button, _("Add an Action"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add an Action"), -1);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self->actions_group), button);
  gtk_box_append (GTK_BOX (content), self->actions_group);

  /* The expense the plan's aids are judged on, saved with the plan. */
  self->aids_group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->aids_group), _("Financial Aids"));
  self->expense_row = adw_entry_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->expense_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expense_row), _("Planned Expense (€ excl. VAT)"));
  gtk_editable_set_max_width_chars (GTK_EDITABLE (self->expense_row), 12);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->expense_row), GTK_INPUT_PURPOSE_DIGITS);
  g_signal_connect_swapped (self->expense_row, "changed", G_CALLBACK (on_expense_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->aids_group), self->expense_row);
  {
    g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
    const char *const *ids = cn_aids_expense_kinds ();

    gtk_string_list_append (kinds, _("Any"));
    for (guint i = 0; ids[i] != NULL; i++)
      gtk_string_list_append (kinds, cn_expense_kind_label (ids[i]));
    self->kind_row = adw_combo_row_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Kind of Expense"));
    adw_combo_row_set_model (ADW_COMBO_ROW (self->kind_row), G_LIST_MODEL (kinds));
    g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_kind_selected), self);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->aids_group), self->kind_row);
  }
  gtk_box_append (GTK_BOX (content), self->aids_group);

  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Personal Note"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), _("Printed at the end of the plan"));
  self->note_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->note_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->note_view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->note_view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->note_view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->note_view), 12);
  gtk_widget_set_size_request (self->note_view, -1, 100);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Personal Note"), -1);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), self->note_view);
  gtk_widget_add_css_class (frame, "view");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
  gtk_box_append (GTK_BOX (content), group);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  edit = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (edit), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (edit), clamp);
  adw_view_stack_page_set_icon_name (adw_view_stack_add_titled (ADW_VIEW_STACK (self->stack), edit, "edit", _("Edit")),
                                     "document-edit-symbolic");

  /* Preview */
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  self->preview_status = gtk_spinner_new ();
  gtk_spinner_start (GTK_SPINNER (self->preview_status));
  gtk_widget_set_size_request (self->preview_status, 32, 32);
  gtk_box_append (GTK_BOX (content), self->preview_status);
  /* The pages only: replaced at every preview. */
  self->preview_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_box_append (GTK_BOX (content), self->preview_box);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_add_css_class (scrolled, "cn-plan-preview");
  adw_view_stack_page_set_icon_name (adw_view_stack_add_titled (ADW_VIEW_STACK (self->stack), scrolled, "preview", _("Preview")),
                                     "document-print-preview-symbolic");
  g_signal_connect (self->stack, "notify::visible-child", G_CALLBACK (on_page_shown), self);

  adw_window_set_content (ADW_WINDOW (self), box);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}

static CnPlanWindow *
find_open_window (const char *diagnostic_id)
{
  GApplication *app = g_application_get_default ();
  GList *windows = GTK_IS_APPLICATION (app) ? gtk_application_get_windows (GTK_APPLICATION (app)) : NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (CN_IS_PLAN_WINDOW (l->data) && g_strcmp0 (CN_PLAN_WINDOW (l->data)->diagnostic_id, diagnostic_id) == 0)
      return l->data;
  return NULL;
}

CnPlanWindow *
cn_plan_window_open (GtkWindow   *parent,
                     CnStore     *store,
                     const char  *diagnostic_id,
                     GError     **error)
{
  g_autoptr(CnCatalogue) catalogue = NULL;
  g_autoptr(CnProfile) profile = NULL;
  CnConnector connector;
  CnPlanDocument *document;
  CnPlanWindow *self;

  if ((self = find_open_window (diagnostic_id)) != NULL)
    {
      gtk_window_present (GTK_WINDOW (self));
      return self;
    }
  /* The application's catalogue: the shipped files with those imported. */
  {
    GApplication *app = g_application_get_default ();
    CnCatalogue *in_use = CN_IS_APPLICATION (app) ? cn_application_get_catalogue (CN_APPLICATION (app)) : NULL;

    if (in_use == NULL)
      {
        g_set_error_literal (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("The catalogue cannot be loaded."));
        return NULL;
      }
    catalogue = cn_catalogue_ref (in_use);
  }
  /* The connector signs the plan with the profile of the preferences. */
  profile = cn_store_get_profile (store, error);
  if (profile == NULL)
    return NULL;
  connector = (CnConnector) { profile->name, profile->organisation, profile->email, profile->phone };
  document = cn_plan_document_load (store, diagnostic_id, catalogue, *profile->name ? &connector : NULL, error);
  if (document == NULL)
    return NULL;

  self = g_object_new (CN_TYPE_PLAN_WINDOW, "application", g_application_get_default (), NULL);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  self->store = g_object_ref (store);
  self->diagnostic_id = g_strdup (diagnostic_id);
  self->catalogue = g_steal_pointer (&catalogue);
  self->document = document;
  adw_view_switcher_title_set_subtitle (ADW_VIEW_SWITCHER_TITLE (self->title), cn_company_get_name (document->company));

  self->building = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->note_view)), plan (self)->note, -1);
  self->building = FALSE;
  g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->note_view)), "changed",
                    G_CALLBACK (on_note_changed), self);
  load_expense (self);
  rebuild_rows (self);
  update_issued (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

/* The document again, from the store, with the window's catalogue (an
 * issued plan: the one it keeps): after the plan took the current one. */
static gboolean
load_document (CnPlanWindow       *self,
               const CnConnector  *connector,
               GError            **error)
{
  CnPlanDocument *document = cn_plan_document_load (self->store, self->diagnostic_id, self->catalogue,
                                                    connector, error);

  if (document == NULL)
    return FALSE;
  /* Rows and fields point into the plan: replaced together. */
  g_clear_pointer (&self->document, cn_plan_document_free);
  self->document = document;
  load_expense (self);
  rebuild_rows (self);
  update_issued (self);
  return TRUE;
}

GtkEditable *
cn_plan_window_get_expense_entry (CnPlanWindow *self)
{
  return GTK_EDITABLE (self->expense_row);
}

GtkWidget *
cn_plan_window_get_kind_row (CnPlanWindow *self)
{
  return self->kind_row;
}
