/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "cn-application.h"
#include "cn-basket.h"
#include "cn-company-form.h"
#include "cn-naf.h"
#include "cn-plan-window.h"
#include "cn-diagnostic-session.h"
#include "cn-diagnostic-window.h"
#include "cn-score-chart.h"
#include "cn-util.h"
#include "cn-wrap-box.h"

/* Below this width a page holds one question: a phone-sized window, or a
 * laptop shared with the owner in split screen. */
#define NARROW_WIDTH 600

struct _CnDiagnosticWindow
{
  AdwWindow            parent_instance;

  CnStore             *store;
  CnReferential       *referential;
  char                *diagnostic_id;
  char                *company_id;      /* NULL: a prospect */
  char                *prospect_company_id; /* saved from the results, not yet attached */
  CnDiagnosticSession *session;         /* NULL once completed */

  GPtrArray           *pages;           /* of GPtrArray of const CnQuestion * */
  guint                page;
  gboolean             narrow;
  gboolean             building;        /* check buttons set by code, not by the user */
  GHashTable          *buttons;         /* "question\nchoice" → GtkCheckButton, current page */

  GtkWidget           *title;
  GtkWidget           *toasts;
  GtkWidget           *stack;           /* "questions" / "results" */
  GtkWidget           *page_bin;
  GtkWidget           *progress;
  GtkWidget           *progress_label;
  GtkWidget           *back_button;
  GtkWidget           *skip_button;
  GtkWidget           *next_button;
  GtkWidget           *results_bin;
};

G_DEFINE_FINAL_TYPE (CnDiagnosticWindow, cn_diagnostic_window, ADW_TYPE_WINDOW)

static void show_page    (CnDiagnosticWindow *self);
static void show_results (CnDiagnosticWindow *self);

static void
toast (CnDiagnosticWindow *self,
       const char         *message)
{
  /* Toast titles are markup in libadwaita 1.2; messages may quote a file
   * or a user's text. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (self->toasts), adw_toast_new (escaped));
}

static char *
button_key (const char *question,
            const char *choice)
{
  return g_strconcat (question, "\n", choice, NULL);
}

/* ---- the page plan ------------------------------------------------------ */

/* Wide: the company profile first, then one page per dimension.  Narrow:
 * one question per page, in the same order. */
static void
plan_pages (CnDiagnosticWindow *self)
{
  CnReferential *referential = self->referential;
  GPtrArray *profile = g_ptr_array_new ();

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < cn_referential_get_n_questions (referential); i++)
    {
      const CnQuestion *question = cn_referential_get_question (referential, i);

      if (question->kind == CN_QUESTION_PROFILE)
        g_ptr_array_add (profile, (gpointer) question);
    }
  if (profile->len > 0)
    g_ptr_array_add (self->pages, profile);
  else
    g_ptr_array_unref (profile);

  for (guint d = 0; d < cn_referential_get_n_dimensions (referential); d++)
    {
      GPtrArray *page = g_ptr_array_new ();

      for (guint i = 0; i < cn_referential_get_n_questions (referential); i++)
        {
          const CnQuestion *question = cn_referential_get_question (referential, i);

          if (question->dimension == (int) d)
            g_ptr_array_add (page, (gpointer) question);
        }
      g_ptr_array_add (self->pages, page);
    }

  if (self->narrow)
    {
      GPtrArray *wide = g_steal_pointer (&self->pages);

      self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      for (guint p = 0; p < wide->len; p++)
        {
          GPtrArray *page = wide->pdata[p];

          for (guint q = 0; q < page->len; q++)
            {
              GPtrArray *single = g_ptr_array_new ();

              g_ptr_array_add (single, page->pdata[q]);
              g_ptr_array_add (self->pages, single);
            }
        }
      g_ptr_array_unref (wide);
    }
}

static guint
page_of_question (CnDiagnosticWindow *self,
                  const char         *question_id)
{
  for (guint p = 0; question_id != NULL && p < self->pages->len; p++)
    {
      GPtrArray *page = self->pages->pdata[p];

      for (guint q = 0; q < page->len; q++)
        if (g_str_equal (((const CnQuestion *) page->pdata[q])->id, question_id))
          return p;
    }
  return 0;
}

static const CnQuestion *
first_question (CnDiagnosticWindow *self)
{
  GPtrArray *page = self->pages->pdata[self->page];

  return page->pdata[0];
}

/* ---- answering ------------------------------------------------------------ */

static void
set_active_quietly (CnDiagnosticWindow *self,
                    GtkCheckButton     *button,
                    gboolean            active)
{
  self->building = TRUE;
  gtk_check_button_set_active (button, active);
  self->building = FALSE;
}

static void
save_answer (CnDiagnosticWindow *self,
             const CnQuestion   *question,
             const char *const  *choices)
{
  g_autoptr(GError) error = NULL;

  if (!cn_diagnostic_session_answer (self->session, question->id, choices, &error))
    toast (self, error->message);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress),
                                 (double) g_hash_table_size (cn_diagnostic_session_get_answers (self->session)) /
                                 cn_referential_get_n_questions (self->referential));
}

static void
on_choice_toggled (GtkCheckButton     *button,
                   CnDiagnosticWindow *self)
{
  const CnQuestion *question = g_object_get_data (G_OBJECT (button), "question");
  const char *choice = g_object_get_data (G_OBJECT (button), "choice");
  gboolean alone = g_str_equal (choice, CN_CHOICE_DONT_KNOW) ||
                   (cn_question_find_choice (question, choice) != NULL &&
                    cn_question_find_choice (question, choice)->exclusive);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) choices = NULL;
  GPtrArray *ids = g_ptr_array_new ();

  if (self->building)
    {
      g_ptr_array_unref (ids);
      return;
    }

  if (question->kind != CN_QUESTION_MULTIPLE)
    {
      /* A radio group: only the button turned on speaks. */
      g_ptr_array_unref (ids);
      if (!gtk_check_button_get_active (button))
        return;
      g_strv_builder_add (builder, choice);
      choices = g_strv_builder_end (builder);
      save_answer (self, question, (const char *const *) choices);
      return;
    }

  /* Ticking "None" or "I don't know" clears the others; ticking a tool
   * clears them. */
  g_ptr_array_add (ids, (gpointer) CN_CHOICE_DONT_KNOW);
  for (guint c = 0; c < question->choices->len; c++)
    g_ptr_array_add (ids, ((CnQuestionChoice *) question->choices->pdata[c])->id);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *key = button_key (question->id, ids->pdata[i]);
      GtkCheckButton *other = g_hash_table_lookup (self->buttons, key);
      const CnQuestionChoice *other_choice = cn_question_find_choice (question, ids->pdata[i]);
      gboolean other_alone = other_choice == NULL || other_choice->exclusive;

      if (other == NULL || other == button)
        continue;
      if (gtk_check_button_get_active (button) && (alone || other_alone))
        set_active_quietly (self, other, FALSE);
    }
  for (guint i = 1; i < ids->len; i++)
    {
      g_autofree char *key = button_key (question->id, ids->pdata[i]);
      GtkCheckButton *other = g_hash_table_lookup (self->buttons, key);

      if (other != NULL && gtk_check_button_get_active (other))
        g_strv_builder_add (builder, ids->pdata[i]);
    }
  {
    g_autofree char *key = button_key (question->id, CN_CHOICE_DONT_KNOW);
    GtkCheckButton *dont_know = g_hash_table_lookup (self->buttons, key);

    if (dont_know != NULL && gtk_check_button_get_active (dont_know))
      g_strv_builder_add (builder, CN_CHOICE_DONT_KNOW);
  }
  g_ptr_array_unref (ids);
  choices = g_strv_builder_end (builder);
  save_answer (self, question, (const char *const *) choices);
}

static GtkWidget *
choice_row (CnDiagnosticWindow *self,
            const CnQuestion   *question,
            const char         *choice_id,
            const char         *label,
            GtkCheckButton     *group)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  const char *const *answer = cn_diagnostic_session_get_answer (self->session, question->id);

  /* Labels are content from the questionnaire: plain text. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), answer != NULL && g_strv_contains (answer, choice_id));

  g_object_set_data (G_OBJECT (check), "question", (gpointer) question);
  g_object_set_data_full (G_OBJECT (check), "choice", g_strdup (choice_id), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (on_choice_toggled), self);
  g_hash_table_insert (self->buttons, button_key (question->id, choice_id), check);
  if (g_str_equal (choice_id, CN_CHOICE_DONT_KNOW))
    gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static GtkWidget *
question_group (CnDiagnosticWindow *self,
                const CnQuestion   *question)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *text = gtk_label_new (question->text);
  GtkWidget *list = gtk_list_box_new ();
  GtkCheckButton *group = NULL;

  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_widget_add_css_class (text, "heading");
  gtk_box_append (GTK_BOX (box), text);
  if (question->help != NULL)
    {
      GtkWidget *help = gtk_label_new (question->help);

      gtk_label_set_wrap (GTK_LABEL (help), TRUE);
      gtk_label_set_xalign (GTK_LABEL (help), 0);
      gtk_widget_add_css_class (help, "dim-label");
      gtk_box_append (GTK_BOX (box), help);
    }
  if (question->kind == CN_QUESTION_MULTIPLE)
    {
      GtkWidget *hint = gtk_label_new (_("Several answers possible"));

      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_widget_add_css_class (hint, "caption");
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_box_append (GTK_BOX (box), hint);
    }

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_margin_top (list, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, question->text, -1);
  for (guint c = 0; c < question->choices->len; c++)
    {
      const CnQuestionChoice *choice = question->choices->pdata[c];
      GtkWidget *row = choice_row (self, question, choice->id, choice->label,
                                   question->kind == CN_QUESTION_MULTIPLE ? NULL : group);

      if (question->kind != CN_QUESTION_MULTIPLE && group == NULL)
        group = GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  /* A profile question may simply stay blank. */
  if (question->kind != CN_QUESTION_PROFILE)
    gtk_list_box_append (GTK_LIST_BOX (list),
                         choice_row (self, question, CN_CHOICE_DONT_KNOW,
                                     cn_referential_get_dont_know_label (self->referential),
                                     question->kind == CN_QUESTION_MULTIPLE ? NULL : group));
  gtk_box_append (GTK_BOX (box), list);
  return box;
}

static const char *
page_title (CnDiagnosticWindow *self,
            const CnQuestion   *question)
{
  if (question->kind == CN_QUESTION_PROFILE)
    return _("Your company");
  return cn_referential_get_dimension (self->referential, question->dimension)->title;
}

static void
show_page (CnDiagnosticWindow *self)
{
  GPtrArray *questions = self->pages->pdata[self->page];
  const CnQuestion *first = questions->pdata[0];
  GtkWidget *scrolled, *clamp, *box, *heading, *heading_box;
  g_autofree char *progress = NULL;
  gboolean last = self->page + 1 == self->pages->len;

  g_hash_table_remove_all (self->buttons);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  heading = gtk_label_new (page_title (self, first));
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-2");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  heading_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (heading_box), heading);
  gtk_box_append (GTK_BOX (box), heading_box);
  if (first->kind != CN_QUESTION_PROFILE && !self->narrow)
    {
      const CnDimension *dimension = cn_referential_get_dimension (self->referential, first->dimension);

      if (dimension->description != NULL)
        {
          GtkWidget *description = gtk_label_new (dimension->description);

          gtk_label_set_wrap (GTK_LABEL (description), TRUE);
          gtk_label_set_xalign (GTK_LABEL (description), 0);
          gtk_widget_add_css_class (description, "dim-label");
          gtk_box_append (GTK_BOX (heading_box), description);
        }
    }

  for (guint q = 0; q < questions->len; q++)
    gtk_box_append (GTK_BOX (box), question_group (self, questions->pdata[q]));

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);
  adw_bin_set_child (ADW_BIN (self->page_bin), scrolled);

  /* Translators: progress through the questionnaire, e.g. "Step 3 of 9" */
  progress = g_strdup_printf (_("Step %u of %u"), self->page + 1, self->pages->len);
  gtk_label_set_text (GTK_LABEL (self->progress_label), progress);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress),
                                 (double) g_hash_table_size (cn_diagnostic_session_get_answers (self->session)) /
                                 cn_referential_get_n_questions (self->referential));
  gtk_widget_set_sensitive (self->back_button, self->page > 0);
  gtk_widget_set_visible (self->skip_button, !last);
  gtk_button_set_label (GTK_BUTTON (self->next_button), last ? _("See the _Results") : _("_Next"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "diagnostic.back", self->page > 0);

  cn_diagnostic_session_set_position (self->session, first->id);
}

static void
go_to_page (CnDiagnosticWindow *self,
            guint               page)
{
  self->page = MIN (page, self->pages->len - 1);
  show_page (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CnDiagnosticWindow *self = CN_DIAGNOSTIC_WINDOW (widget);

  if (self->session == NULL)
    return;
  /* From a prospect's preview, back to the last page of questions. */
  if (cn_diagnostic_window_is_showing_results (self))
    {
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "questions");
      return;
    }
  if (self->page > 0)
    go_to_page (self, self->page - 1);
}

static guint
count_unsure (CnDiagnosticWindow *self)
{
  guint n = 0;

  for (guint i = 0; i < cn_referential_get_n_questions (self->referential); i++)
    {
      const CnQuestion *question = cn_referential_get_question (self->referential, i);
      const char *const *answer = cn_diagnostic_session_get_answer (self->session, question->id);

      if (question->kind != CN_QUESTION_PROFILE &&
          (answer == NULL || g_strv_contains (answer, CN_CHOICE_DONT_KNOW)))
        n++;
    }
  return n;
}

static void
on_complete_response (AdwMessageDialog   *dialog,
                      const char         *response,
                      CnDiagnosticWindow *self)
{
  if (g_str_equal (response, "complete"))
    show_results (self);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CnDiagnosticWindow *self = CN_DIAGNOSTIC_WINDOW (widget);

  if (self->session == NULL || gtk_stack_get_visible_child (GTK_STACK (self->stack)) != gtk_stack_get_child_by_name (GTK_STACK (self->stack), "questions"))
    return;
  if (self->page + 1 < self->pages->len)
    go_to_page (self, self->page + 1);
  else if (self->company_id != NULL && count_unsure (self) > 0)
    {
      /* Completing is final: say what is left open first. */
      guint n = count_unsure (self);
      g_autofree char *heading = g_strdup_printf (ngettext ("%u question is still open", "%u questions are still open", n), n);
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                  _("Unanswered questions and “I don't know” count as 0 in the scores. Once completed, the diagnostic can no longer change."));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "back", _("_Go Back"), "complete", _("_Complete"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "complete", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "complete");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "back");
      g_signal_connect (dialog, "response", G_CALLBACK (on_complete_response), self);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    show_results (self);
}

/* For tests: completes without asking. */
static void
complete_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CnDiagnosticWindow *self = CN_DIAGNOSTIC_WINDOW (widget);

  if (self->session != NULL && self->page + 1 == self->pages->len)
    show_results (self);
}

/* Skipping leaves the questions of the page unanswered, which counts as
 * "I don't know"; the results list them to come back to. */
static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  next_action (widget, action_name, parameter);
}

/* On a narrow window the way back is an arrow: the labels of the way
 * forward matter more. */
static void
update_back_button (CnDiagnosticWindow *self)
{
  if (self->narrow)
    {
      gtk_button_set_icon_name (GTK_BUTTON (self->back_button), "go-previous-symbolic");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->back_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Back"), -1);
    }
  else
    {
      gtk_button_set_label (GTK_BUTTON (self->back_button), _("_Back"));
      gtk_button_set_use_underline (GTK_BUTTON (self->back_button), TRUE);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->back_button), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
}

/* The layout follows the width the window really has (maximized, tiled or
 * in split screen too), checked once per frame: cheap, and always right. */
static gboolean
check_width (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  CnDiagnosticWindow *self = CN_DIAGNOSTIC_WINDOW (widget);
  int width = gtk_widget_get_width (widget);
  gboolean narrow = width > 0 && width < NARROW_WIDTH;
  const char *question;

  if (narrow == self->narrow || self->session == NULL || self->pages == NULL)
    return G_SOURCE_CONTINUE;
  /* Keep the same question in view across the change of layout. */
  question = first_question (self)->id;
  self->narrow = narrow;
  update_back_button (self);
  plan_pages (self);
  go_to_page (self, page_of_question (self, question));
  return G_SOURCE_CONTINUE;
}

/* ---- results ----------------------------------------------------------- */

static const char *
horizon_label (const char *horizon)
{
  if (g_strcmp0 (horizon, "now") == 0)
    return _("Now");
  if (g_strcmp0 (horizon, "3-months") == 0)
    return _("Within 3 months");
  return _("Within a year");
}

static const char *
profile_label (CnReferential *referential,
               const char    *profile,
               const char    *choice_id)
{
  const CnQuestion *question = cn_referential_find_profile (referential, profile);
  const CnQuestionChoice *choice = question && choice_id ? cn_question_find_choice (question, choice_id) : NULL;

  return choice ? choice->label : NULL;
}

static char *
comparison_text (CnReferential *referential,
                 CnScore       *score)
{
  const CnReferenceGroup *group = score->reference;
  const char *sector = profile_label (referential, "sector", group->sector);
  const char *size = profile_label (referential, "size", group->size);
  g_autofree char *who = NULL;
  int gap = score->overall_rounded - group->overall;

  if (sector && size)
    /* Translators: a reference group, e.g. "Commerce de détail, 1 à 9 salariés" */
    who = g_strdup_printf (_("companies like yours (%s, %s)"), sector, size);
  else if (sector || size)
    who = g_strdup_printf (_("companies like yours (%s)"), sector ? sector : size);
  else
    who = g_strdup (_("companies in France"));

  if (gap > 2)
    return g_strdup_printf (_("The median of %s is %d/100: you are %d points above it."), who, group->overall, gap);
  if (gap < -2)
    return g_strdup_printf (_("The median of %s is %d/100: %d points to go to reach it."), who, group->overall, -gap);
  return g_strdup_printf (_("The median of %s is %d/100: you are right there."), who, group->overall);
}

/* The company's previous completed diagnostic with the same
 * questionnaire, to show the way travelled. */
static CnDiagnostic *
find_previous (CnDiagnosticWindow *self)
{
  g_autoptr(GPtrArray) list = NULL;
  int previous = -1;

  if (self->company_id == NULL)
    return NULL;
  list = cn_store_list_diagnostics (self->store, self->company_id, NULL);
  /* Oldest first: the last one of this questionnaire before this one. */
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      CnDiagnostic *diagnostic = list->pdata[i];

      if (g_str_equal (diagnostic->id, self->diagnostic_id))
        break;
      if (g_str_equal (diagnostic->questionnaire, cn_referential_get_id (self->referential)))
        previous = (int) i;
    }
  return previous >= 0 ? g_ptr_array_steal_index (list, previous) : NULL;
}

static GtkWidget *
wrapped_label (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* ---- going further: a peer's testimony, resources -------------------- */

static void
on_add_resource_clicked (GtkButton          *button,
                         CnDiagnosticWindow *self)
{
  GApplication *app = g_application_get_default ();
  CnCatalogue *catalogue = CN_IS_APPLICATION (app) ? cn_application_get_catalogue (CN_APPLICATION (app)) : NULL;
  const char *id = g_object_get_data (G_OBJECT (button), "cn-resource-id");
  g_autoptr(GError) error = NULL;

  if (self->company_id == NULL || catalogue == NULL)
    return;
  if (!cn_store_basket_add (self->store, catalogue, self->company_id, CN_BASKET_RESOURCE, id, "", &error))
    {
      toast (self, error->message);
      return;
    }
  gtk_button_set_label (button, _("Added to the Recommendations"));
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  toast (self, _("Added to the company’s recommendations"));
}

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* Lines of text with buttons under them: a testimony or a resource, read
 * whole on a phone. */
static GtkWidget *
card_row (const char  *title,
          GtkWidget  **box_out)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), text_label (title, "heading"));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  *box_out = box;
  return row;
}

static void
on_open_clicked (GtkButton *button)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                g_object_get_data (G_OBJECT (button), "cn-url"), GDK_CURRENT_TIME);
}

/* A button that opens @url in the browser, and says so by its icon. */
static GtkWidget *
open_button (const char *url,
             const char *label)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "adw-external-link-symbolic");
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_tooltip_text (button, url);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "cn-url", g_strdup (url), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_open_clicked), NULL);
  return button;
}

static GtkWidget *
buttons_box (void)
{
  GtkWidget *buttons = cn_wrap_box_new (6, 6);

  gtk_widget_set_margin_top (buttons, 6);
  return buttons;
}

static GtkWidget *
testimony_row (const CnTestimony *testimony)
{
  /* Translators: a quotation */
  g_autofree char *quote = g_strdup_printf (_("“%s”"), testimony->quote);
  g_autoptr(GString) who = g_string_new (testimony->trade);
  GtkWidget *box, *row = card_row (testimony->company, &box);

  /* Never passed off as a real firm. */
  if (testimony->illustrative)
    g_string_append_printf (who, "%s%s", who->len ? " · " : "", _("an example written for the app"));
  if (who->len > 0)
    gtk_box_append (GTK_BOX (box), text_label (who->str, "dim-label"));
  gtk_box_append (GTK_BOX (box), text_label (quote, NULL));
  if (testimony->url != NULL && *testimony->url != '\0')
    {
      GtkWidget *buttons = buttons_box ();
      const char *format = cn_testimony_format_label (testimony->format);
      /* Translators: %s is "Video", "Audio" or "Article" */
      g_autofree char *label = format ? g_strdup_printf (_("Open the %s"), format) : g_strdup (_("Open"));

      cn_wrap_box_append (CN_WRAP_BOX (buttons), open_button (testimony->url, label));
      gtk_box_append (GTK_BOX (box), buttons);
    }
  return row;
}

static GtkWidget *
resource_row (CnDiagnosticWindow *self,
              const CnResource   *resource,
              GHashTable         *in_basket)
{
  g_autoptr(GString) details = g_string_new (resource->publisher ? resource->publisher : "");
  const char *kind = cn_resource_kind_label (resource->kind);
  GtkWidget *box, *buttons, *row = card_row (resource->title, &box);
  gboolean has_buttons = FALSE;

  if (kind != NULL)
    g_string_append_printf (details, "%s%s", details->len ? " · " : "", kind);
  if (resource->duration != NULL && *resource->duration != '\0')
    g_string_append_printf (details, " · %s", resource->duration);
  if (resource->free)
    g_string_append_printf (details, " · %s", _("free"));
  if (details->len > 0)
    gtk_box_append (GTK_BOX (box), text_label (details->str, "dim-label"));
  if (resource->summary != NULL && *resource->summary != '\0')
    gtk_box_append (GTK_BOX (box), text_label (resource->summary, NULL));

  buttons = buttons_box ();
  if (resource->url != NULL && *resource->url != '\0')
    {
      cn_wrap_box_append (CN_WRAP_BOX (buttons), open_button (resource->url, _("Open")));
      has_buttons = TRUE;
    }
  /* A prospect has no company to recommend to yet. */
  if (self->company_id != NULL)
    {
      gboolean added = g_hash_table_contains (in_basket, resource->id);
      GtkWidget *add = gtk_button_new_with_label (added ? _("Added to the Recommendations")
                                                        : _("Add to Recommendations"));
      /* Translators: %s is a resource's title */
      g_autofree char *name = g_strdup_printf (_("Add “%s” to the recommendations"), resource->title);

      gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_widget_set_sensitive (add, !added);
      g_object_set_data_full (G_OBJECT (add), "cn-resource-id", g_strdup (resource->id), g_free);
      g_signal_connect (add, "clicked", G_CALLBACK (on_add_resource_clicked), self);
      cn_wrap_box_append (CN_WRAP_BOX (buttons), add);
      has_buttons = TRUE;
    }
  if (has_buttons)
    gtk_box_append (GTK_BOX (box), buttons);
  else
    g_object_unref (g_object_ref_sink (buttons));
  return row;
}

/* « Pour aller plus loin »: a peer like the company, and two or three
 * resources for its weakest dimensions at its level. */
static void
add_going_further (CnDiagnosticWindow *self,
                   GtkWidget          *box,
                   CnScore            *score,
                   gboolean            preview)
{
  GApplication *app = g_application_get_default ();
  CnCatalogue *catalogue = CN_IS_APPLICATION (app) ? cn_application_get_catalogue (CN_APPLICATION (app)) : NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) action_ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) resources = NULL;
  g_autoptr(GPtrArray) basket = NULL;
  g_autoptr(GHashTable) in_basket = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) weakest = NULL;
  const CnTestimony *testimony = NULL;
  int level = cn_score_get_level_number (score);
  GtkWidget *group;

  if (catalogue == NULL)
    return;
  /* A prospect has no record yet: no sector, so no peer, only resources. */
  if (!preview && self->company_id != NULL)
    company = cn_store_get_company (self->store, self->company_id, NULL);
  if (company != NULL)
    {
      for (guint r = 0; r < score->rules->len; r++)
        g_ptr_array_add (action_ids, ((const CnRule *) score->rules->pdata[r])->action.id);
      g_ptr_array_add (action_ids, NULL);
      testimony = cn_catalogue_match_testimony (catalogue, company, score->size, level,
                                                (const char *const *) action_ids->pdata);
    }
  weakest = cn_score_weakest_dimensions (score);
  resources = cn_catalogue_match_resources (catalogue, (const char *const *) weakest, level, 3);
  if (testimony == NULL && (resources == NULL || resources->len == 0))
    return;

  if (company != NULL)
    basket = cn_store_list_basket (self->store, self->company_id, NULL);
  for (guint i = 0; basket != NULL && i < basket->len; i++)
    {
      CnBasketItem *item = basket->pdata[i];

      if (item->kind == CN_BASKET_RESOURCE)
        g_hash_table_add (in_basket, item->item_id);
    }

  group = adw_preferences_group_new ();
  gtk_widget_set_margin_top (group, 12);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Going Further"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         testimony ? _("A business like this one, and where to learn more")
                                                   : _("Where to learn more"));
  if (testimony != NULL)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), testimony_row (testimony));
  for (guint i = 0; resources != NULL && i < resources->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                               resource_row (self, resources->pdata[i], in_basket));
  gtk_box_append (GTK_BOX (box), group);
}

static void
build_results (CnDiagnosticWindow *self,
               GHashTable         *answers,
               gboolean            preview)
{
  g_autoptr(CnScore) score = cn_score_compute (self->referential, answers);
  g_autoptr(CnDiagnostic) previous = preview ? NULL : find_previous (self);
  guint n = cn_referential_get_n_dimensions (self->referential);
  g_autofree const char **labels = g_new0 (const char *, n + 1);
  g_autofree double *reference = g_new0 (double, n);
  g_autofree double *before = g_new0 (double, n);
  g_autofree char *overall = NULL;
  g_autofree char *comparison = NULL;
  GtkWidget *box, *icon, *chart, *group, *clamp, *scrolled;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  icon = gtk_image_new_from_icon_name (score->level->icon);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 128);
  gtk_widget_set_halign (icon, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, score->level->name, -1);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), wrapped_label (score->level->name, "title-1"));
  gtk_box_append (GTK_BOX (box), wrapped_label (score->level->text, NULL));
  /* Translators: the overall maturity score */
  overall = g_strdup_printf (_("Overall score: %d/100"), score->overall_rounded);
  gtk_box_append (GTK_BOX (box), wrapped_label (overall, "title-4"));
  comparison = comparison_text (self->referential, score);
  gtk_box_append (GTK_BOX (box), wrapped_label (comparison, "dim-label"));
  if (previous != NULL && previous->overall >= 0)
    {
      const CnLevel *level = cn_referential_find_level (self->referential, previous->level);
      g_autofree char *date = cn_format_date_for_display (previous->completed_at);
      g_autofree char *progress = g_strdup_printf (_("On %s: %d/100, “%s”."), date, previous->overall,
                                                   level ? level->name : previous->level);

      gtk_box_append (GTK_BOX (box), wrapped_label (progress, "dim-label"));
    }
  /* A prospect's results are a preview: the way to keep them comes first. */
  if (preview)
    gtk_box_append (GTK_BOX (box), wrapped_label (_("Save the company to keep this diagnostic in its record."), "warning"));
  if (preview)
    {
      GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save the Company…"));
      GtkWidget *back;

      gtk_widget_add_css_class (save, "suggested-action");
      gtk_widget_add_css_class (save, "pill");
      gtk_widget_set_halign (save, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "diagnostic.save-prospect");
      gtk_box_append (GTK_BOX (box), save);
      back = gtk_button_new_with_mnemonic (_("_Back to the Questions"));
      gtk_widget_add_css_class (back, "flat");
      gtk_widget_set_halign (back, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "diagnostic.back");
      gtk_box_append (GTK_BOX (box), back);
    }


  if (!preview)
    {
      GtkWidget *plan_button = gtk_button_new_with_mnemonic (_("_Action Plan…"));

      gtk_widget_add_css_class (plan_button, "suggested-action");
      gtk_widget_add_css_class (plan_button, "pill");
      gtk_widget_set_halign (plan_button, GTK_ALIGN_CENTER);
      gtk_widget_set_margin_top (plan_button, 6);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (plan_button), "diagnostic.plan");
      gtk_box_append (GTK_BOX (box), plan_button);
    }

  for (guint d = 0; d < n; d++)
    {
      const CnDimension *dimension = cn_referential_get_dimension (self->referential, d);

      labels[d] = dimension->title;
      reference[d] = score->reference->dimensions[d];
      before[d] = previous ? cn_diagnostic_get_score (previous, dimension->id) : -1;
    }
  chart = cn_score_chart_new ();
  cn_score_chart_set_legend (CN_SCORE_CHART (chart), _("Score"), _("Median of similar companies"),
                             previous ? _("Previous diagnostic") : NULL);
  /* Translators: read to screen reader users, one sentence per dimension */
  cn_score_chart_set_row_description_format (CN_SCORE_CHART (chart), _("%s: %d out of 100 (median %d)."),
                                             _("%s: %d out of 100."));
  cn_score_chart_set_data (CN_SCORE_CHART (chart), n, labels, score->dimensions, reference,
                           previous ? before : NULL);
  gtk_widget_set_margin_top (chart, 12);
  gtk_box_append (GTK_BOX (box), chart);

  group = adw_preferences_group_new ();
  gtk_widget_set_margin_top (group, 12);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Recommended Actions"));
  if (score->rules->len == 0)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                           _("No action stands out: keep going, and come back for the next step."));
  for (guint r = 0; r < score->rules->len; r++)
    {
      const CnRule *rule = score->rules->pdata[r];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *when = gtk_label_new (horizon_label (rule->action.horizon));

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rule->action.title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), rule->action.description);
      gtk_widget_add_css_class (when, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), when);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  gtk_box_append (GTK_BOX (box), group);

  if (score->unsure->len > 0)
    {
      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("To Look at Together"));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                             _("Answered “I don't know” or skipped: they count as 0 in the scores."));
      for (guint i = 0; i < score->unsure->len; i++)
        {
          const CnQuestion *question = score->unsure->pdata[i];
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), question->text);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                       cn_referential_get_dimension (self->referential, question->dimension)->title);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      gtk_box_append (GTK_BOX (box), group);
    }

  add_going_further (self, box, score, preview);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_bin_set_child (ADW_BIN (self->results_bin), scrolled);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "results");
}

/* Completes the diagnostic (a company's) and shows its results; a
 * prospect's results are a preview until the company is saved. */
static void
show_results (CnDiagnosticWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnDiagnostic) completed = NULL;

  if (!cn_diagnostic_session_flush (self->session, &error))
    {
      toast (self, error->message);
      return;
    }
  if (self->company_id == NULL)
    {
      build_results (self, cn_diagnostic_session_get_answers (self->session), TRUE);
      return;
    }
  if (!cn_store_complete_diagnostic (self->store, self->referential, self->diagnostic_id, &error) ||
      (completed = cn_store_load_diagnostic (self->store, self->diagnostic_id, &error)) == NULL)
    {
      toast (self, error->message);
      return;
    }
  g_clear_object (&self->session);
  build_results (self, completed->answers, FALSE);
}

/* Gives the diagnostic to the company just saved and completes it, all or
 * nothing; on failure the company stays known, so trying again does not
 * make a second one. */
static void
attach_to_company (CnDiagnosticWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnDiagnostic) completed = NULL;
  g_autoptr(CnCompany) company = NULL;

  if (!cn_diagnostic_session_flush (self->session, &error) ||
      !cn_store_begin (self->store, &error))
    goto fail;
  if (!cn_store_assign_diagnostic (self->store, self->diagnostic_id, self->prospect_company_id, &error) ||
      !cn_store_complete_diagnostic (self->store, self->referential, self->diagnostic_id, &error))
    {
      cn_store_rollback (self->store);
      goto fail;
    }
  if (!cn_store_commit (self->store, &error) ||
      (completed = cn_store_load_diagnostic (self->store, self->diagnostic_id, &error)) == NULL ||
      (company = cn_store_get_company (self->store, self->prospect_company_id, &error)) == NULL)
    goto fail;

  self->company_id = g_steal_pointer (&self->prospect_company_id);
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->title), cn_company_get_name (company));
  g_clear_object (&self->session);
  build_results (self, completed->answers, FALSE);
  return;

fail:
  toast (self, error->message);
}

static void
on_prospect_saved (CnCompanyForm      *form,
                   CnCompany          *company,
                   CnDiagnosticWindow *self)
{
  cn_set_str (&self->prospect_company_id, cn_company_get_id (company));
  attach_to_company (self);
}

/* The profile answers fill what they can of the new record. */
static void
save_prospect_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CnDiagnosticWindow *self = CN_DIAGNOSTIC_WINDOW (widget);
  g_autoptr(CnCompany) company = cn_company_new ();
  const CnQuestion *customers = cn_referential_find_profile (self->referential, "customers");
  const char *const *answer = customers && self->session ? cn_diagnostic_session_get_answer (self->session, customers->id) : NULL;
  const CnQuestionChoice *choice = answer ? cn_question_find_choice (customers, answer[0]) : NULL;
  CnCompanyForm *form;

  if (self->company_id != NULL || self->session == NULL)
    return;
  /* The company was saved but attaching failed: try again, not a second company. */
  if (self->prospect_company_id != NULL)
    {
      attach_to_company (self);
      return;
    }
  if (choice != NULL && choice->customer_type != NULL)
    cn_company_set_customer_type (company, choice->customer_type);
  cn_company_set_status (company, CN_COMPANY_STATUS_DIAGNOSED);
  form = cn_company_form_new (self->store, company);
  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (self));
  gtk_window_set_modal (GTK_WINDOW (form), TRUE);
  g_signal_connect_object (form, "saved", G_CALLBACK (on_prospect_saved), self, 0);
  gtk_window_present (GTK_WINDOW (form));
}

static void
plan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CnDiagnosticWindow *self = CN_DIAGNOSTIC_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->session != NULL || self->company_id == NULL)
    return;
  if (cn_plan_window_open (GTK_WINDOW (self), self->store, self->diagnostic_id, &error) == NULL)
    toast (self, error->message);
}

/* ---- the window --------------------------------------------------------- */

static void
on_write_failed (CnDiagnosticSession *session,
                 const char          *message,
                 CnDiagnosticWindow  *self)
{
  g_autofree char *text = g_strdup_printf (_("The answers could not be saved: %s"), message);

  toast (self, text);
}

static void
cn_diagnostic_window_dispose (GObject *object)
{
  CnDiagnosticWindow *self = CN_DIAGNOSTIC_WINDOW (object);

  /* The session's last answers reach the disk before it goes. */
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (cn_diagnostic_window_parent_class)->dispose (object);
}

static void
cn_diagnostic_window_finalize (GObject *object)
{
  CnDiagnosticWindow *self = CN_DIAGNOSTIC_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->referential, cn_referential_unref);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->buttons, g_hash_table_unref);
  g_free (self->diagnostic_id);
  g_free (self->company_id);
  g_free (self->prospect_company_id);
  G_OBJECT_CLASS (cn_diagnostic_window_parent_class)->finalize (object);
}

static void
cn_diagnostic_window_class_init (CnDiagnosticWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cn_diagnostic_window_dispose;
  object_class->finalize = cn_diagnostic_window_finalize;

  gtk_widget_class_install_action (widget_class, "diagnostic.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "diagnostic.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "diagnostic.skip", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "diagnostic.complete", NULL, complete_action);
  gtk_widget_class_install_action (widget_class, "diagnostic.save-prospect", NULL, save_prospect_action);
  gtk_widget_class_install_action (widget_class, "diagnostic.plan", NULL, plan_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "diagnostic.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "diagnostic.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cn_diagnostic_window_init (CnDiagnosticWindow *self)
{
  GtkWidget *box, *header, *questions, *bar, *bottom, *progress_box;

  self->buttons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 720);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  self->title = adw_window_title_new (_("Diagnostic"), NULL);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), self->title);
  gtk_box_append (GTK_BOX (box), header);

  self->toasts = adw_toast_overlay_new ();
  gtk_widget_set_vexpand (self->toasts, TRUE);
  gtk_box_append (GTK_BOX (box), self->toasts);
  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  /* The results are as narrow as they can be, whatever the last page of
   * questions needed. */
  gtk_stack_set_hhomogeneous (GTK_STACK (self->stack), FALSE);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (self->toasts), self->stack);

  questions = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  self->progress = gtk_progress_bar_new ();
  gtk_widget_add_css_class (self->progress, "osd");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Questions answered"), -1);
  gtk_box_append (GTK_BOX (questions), self->progress);
  self->page_bin = adw_bin_new ();
  gtk_widget_set_vexpand (self->page_bin, TRUE);
  gtk_box_append (GTK_BOX (questions), self->page_bin);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (bar, "toolbar");
  self->back_button = gtk_button_new ();
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->back_button), "diagnostic.back");
  gtk_widget_set_tooltip_text (self->back_button, _("Previous question (Alt+←)"));
  update_back_button (self);
  gtk_box_append (GTK_BOX (bar), self->back_button);
  progress_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (progress_box, TRUE);
  gtk_widget_set_valign (progress_box, GTK_ALIGN_CENTER);
  self->progress_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->progress_label, "dim-label");
  /* "Step 12 of 27" goes on two lines rather than widen the window. */
  gtk_label_set_wrap (GTK_LABEL (self->progress_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->progress_label), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (progress_box), self->progress_label);
  gtk_box_append (GTK_BOX (bar), progress_box);
  self->skip_button = gtk_button_new_with_mnemonic (_("_Skip"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->skip_button), "diagnostic.skip");
  gtk_widget_set_tooltip_text (self->skip_button, _("Leave unanswered: counts as “I don't know”"));
  gtk_box_append (GTK_BOX (bar), self->skip_button);
  self->next_button = gtk_button_new_with_mnemonic (_("_Next"));
  gtk_widget_add_css_class (self->next_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "diagnostic.next");
  gtk_widget_set_tooltip_text (self->next_button, _("Next question (Alt+→)"));
  gtk_box_append (GTK_BOX (bar), self->next_button);
  bottom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (bottom), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (bottom), bar);
  gtk_box_append (GTK_BOX (questions), bottom);
  gtk_stack_add_named (GTK_STACK (self->stack), questions, "questions");

  self->results_bin = adw_bin_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), self->results_bin, "results");

  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_widget_add_tick_callback (GTK_WIDGET (self), check_width, NULL, NULL);
}

/* The profile answers the company record already gives: less to ask. */
static void
prefill_profile (CnDiagnosticWindow *self,
                 CnCompany          *company)
{
  for (guint i = 0; i < cn_referential_get_n_questions (self->referential); i++)
    {
      const CnQuestion *question = cn_referential_get_question (self->referential, i);

      if (question->kind != CN_QUESTION_PROFILE || cn_diagnostic_session_get_answer (self->session, question->id))
        continue;
      for (guint c = 0; c < question->choices->len; c++)
        {
          const CnQuestionChoice *choice = question->choices->pdata[c];
          const char *headcount = cn_company_get_headcount (company);
          const char *naf = cn_company_get_naf (company);
          g_autofree char *section = NULL;
          gboolean match = FALSE;

          if (naf != NULL && cn_naf_section (naf) != 0)
            section = g_strdup_printf ("%c", cn_naf_section (naf));
          if (choice->headcount && headcount)
            match = g_strv_contains ((const char *const *) choice->headcount, headcount);
          else if (choice->naf_sections && section)
            match = g_strv_contains ((const char *const *) choice->naf_sections, section);
          else if (choice->customer_type && cn_company_get_customer_type (company))
            match = g_str_equal (choice->customer_type, cn_company_get_customer_type (company));
          if (match)
            {
              const char *choices[] = { choice->id, NULL };

              cn_diagnostic_session_answer (self->session, question->id, choices, NULL);
              break;
            }
        }
    }
}

static CnDiagnosticWindow *
find_open_window (const char *diagnostic_id)
{
  GApplication *app = g_application_get_default ();
  GList *windows = GTK_IS_APPLICATION (app) ? gtk_application_get_windows (GTK_APPLICATION (app)) : NULL;

  for (GList *l = windows; l != NULL; l = l->next)
    if (CN_IS_DIAGNOSTIC_WINDOW (l->data) &&
        g_strcmp0 (CN_DIAGNOSTIC_WINDOW (l->data)->diagnostic_id, diagnostic_id) == 0)
      return l->data;
  return NULL;
}

CnDiagnosticWindow *
cn_diagnostic_window_open (GtkWindow   *parent,
                           CnStore     *store,
                           const char  *diagnostic_id,
                           GError     **error)
{
  g_autoptr(CnDiagnostic) diagnostic = NULL;
  g_autoptr(CnReferential) referential = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autofree char *extra = NULL;
  CnDiagnosticWindow *self;

  if ((self = find_open_window (diagnostic_id)) != NULL)
    {
      gtk_window_present (GTK_WINDOW (self));
      return self;
    }

  diagnostic = cn_store_load_diagnostic (store, diagnostic_id, error);
  if (diagnostic == NULL)
    return NULL;
  {
    g_autofree char *data_dir = g_path_get_dirname (cn_store_get_path (store));

    extra = g_build_filename (data_dir, "referential", NULL);
  }
  /* The questionnaire at the version the diagnostic was started with. */
  referential = cn_referential_lookup (extra, diagnostic->questionnaire, diagnostic->version, error);
  if (referential == NULL)
    return NULL;
  if (diagnostic->company_id != NULL &&
      (company = cn_store_get_company (store, diagnostic->company_id, error)) == NULL)
    return NULL;

  self = g_object_new (CN_TYPE_DIAGNOSTIC_WINDOW,
                       "application", g_application_get_default (),
                       NULL);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  self->store = g_object_ref (store);
  self->referential = g_steal_pointer (&referential);
  self->diagnostic_id = g_strdup (diagnostic_id);
  self->company_id = g_strdup (diagnostic->company_id);
  adw_window_title_set_title (ADW_WINDOW_TITLE (self->title), cn_referential_get_title (self->referential));
  adw_window_title_set_subtitle (ADW_WINDOW_TITLE (self->title),
                                 company ? cn_company_get_name (company) : _("New prospect"));

  if (diagnostic->completed_at != NULL)
    build_results (self, diagnostic->answers, FALSE);
  else
    {
      self->session = cn_diagnostic_session_new (store, self->referential, diagnostic);
      g_signal_connect (self->session, "write-failed", G_CALLBACK (on_write_failed), self);
      if (company != NULL)
        prefill_profile (self, company);
      /* Wide until the first frame says otherwise. */
      plan_pages (self);
      /* Resume exactly where the session stopped. */
      go_to_page (self, page_of_question (self, diagnostic->position));
    }
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

CnDiagnosticWindow *
cn_diagnostic_window_start (GtkWindow   *parent,
                            CnStore     *store,
                            const char  *company_id,
                            const char  *questionnaire,
                            GError     **error)
{
  g_autoptr(CnDiagnostic) open = NULL;
  g_autoptr(CnReferential) referential = NULL;
  g_autofree char *data_dir = g_path_get_dirname (cn_store_get_path (store));
  g_autofree char *extra = g_build_filename (data_dir, "referential", NULL);
  g_autofree char *id = NULL;
  g_autoptr(GError) local_error = NULL;

  open = cn_store_find_open_diagnostic (store, company_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (open != NULL && (questionnaire == NULL || g_str_equal (open->questionnaire, questionnaire)))
    return cn_diagnostic_window_open (parent, store, open->id, error);

  referential = cn_referential_lookup (extra, questionnaire ? questionnaire : CN_REFERENTIAL_DEFAULT, 0, error);
  if (referential == NULL)
    return NULL;
  id = cn_store_start_diagnostic (store, company_id, referential, error);
  if (id == NULL)
    return NULL;
  return cn_diagnostic_window_open (parent, store, id, error);
}

const char *
cn_diagnostic_window_get_diagnostic_id (CnDiagnosticWindow *self)
{
  return self->diagnostic_id;
}

guint
cn_diagnostic_window_get_page (CnDiagnosticWindow *self)
{
  return self->page;
}

guint
cn_diagnostic_window_get_n_pages (CnDiagnosticWindow *self)
{
  return self->pages ? self->pages->len : 0;
}

GPtrArray *
cn_diagnostic_window_get_page_questions (CnDiagnosticWindow *self)
{
  return self->pages ? self->pages->pdata[self->page] : NULL;
}

GtkCheckButton *
cn_diagnostic_window_get_choice_button (CnDiagnosticWindow *self,
                                        const char         *question,
                                        const char         *choice)
{
  g_autofree char *key = button_key (question, choice);

  return g_hash_table_lookup (self->buttons, key);
}

gboolean
cn_diagnostic_window_is_showing_results (CnDiagnosticWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)), "results") == 0;
}
