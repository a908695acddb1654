/* SPDX-License-Identifier: GPL-3.0-or-later */
/* connecteur-cli diagnostic … and referential …: scripted diagnostics for
 * batch work.  The JSON shapes printed here are an interface: keep them. */
#define G_LOG_DOMAIN "connecteur-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "cn-diagnostic.h"
#include "cn-error.h"
#include "cn-referential.h"
#include "cn-scoring.h"
#include "cn-util.h"

#include "cli-common.h"

/* Questionnaires dropped in <data dir>/referential add to the shipped ones. */
static char *
extra_referential_dir (void)
{
  g_autofree char *data_dir = opt_data_dir ? g_strdup (opt_data_dir) : cn_store_default_data_dir ();

  return g_build_filename (data_dir, "referential", NULL);
}

static CnReferential *
lookup_referential (const char *id,
                    int         version)
{
  g_autofree char *extra = extra_referential_dir ();
  g_autoptr(GError) error = NULL;
  CnReferential *referential = cn_referential_lookup (extra, id, version, &error);

  if (referential == NULL)
    print_error (error->message);
  return referential;
}

static const char *
kind_name (CnQuestionKind kind)
{
  switch (kind)
    {
    case CN_QUESTION_SINGLE: return "single";
    case CN_QUESTION_MULTIPLE: return "multiple";
    case CN_QUESTION_PROFILE: return "profile";
    default: g_return_val_if_reached ("single");
    }
}

static void
add_scores (JsonBuilder   *builder,
            CnReferential *referential,
            const double  *scores)
{
  json_builder_set_member_name (builder, "scores");
  json_builder_begin_object (builder);
  for (guint d = 0; d < cn_referential_get_n_dimensions (referential); d++)
    {
      json_builder_set_member_name (builder, cn_referential_get_dimension (referential, d)->id);
      json_builder_add_int_value (builder, cn_score_round (scores[d]));
    }
  json_builder_end_object (builder);
}

/* ---- diagnostic template ---------------------------------------------- */

static char *opt_questionnaire;

static int
cmd_template (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "questionnaire", 'q', 0, G_OPTION_ARG_STRING, &opt_questionnaire,
      N_("Questionnaire identifier (default: commerce-connecte)"), N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Prints the questions and choices of a questionnaire as JSON, to prepare an answers file."), entries);
  g_autoptr(CnReferential) referential = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return usage_error (context, _("template takes no argument."));
  referential = lookup_referential (opt_questionnaire ? opt_questionnaire : CN_REFERENTIAL_DEFAULT, 0);
  if (referential == NULL)
    return EXIT_FAILED;

  json_builder_begin_object (builder);
  add_string (builder, "questionnaire", cn_referential_get_id (referential));
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, cn_referential_get_version (referential));
  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < cn_referential_get_n_questions (referential); i++)
    {
      const CnQuestion *question = cn_referential_get_question (referential, i);

      json_builder_begin_object (builder);
      add_string (builder, "id", question->id);
      add_string (builder, "dimension", question->dimension >= 0
                  ? cn_referential_get_dimension (referential, question->dimension)->id : NULL);
      add_string (builder, "kind", kind_name (question->kind));
      add_string (builder, "text", question->text);
      json_builder_set_member_name (builder, "choices");
      json_builder_begin_array (builder);
      for (guint c = 0; c < question->choices->len; c++)
        {
          const CnQuestionChoice *choice = question->choices->pdata[c];

          json_builder_begin_object (builder);
          add_string (builder, "id", choice->id);
          add_string (builder, "label", choice->label);
          json_builder_set_member_name (builder, "points");
          if (question->kind == CN_QUESTION_PROFILE)
            json_builder_add_null_value (builder);
          else
            json_builder_add_int_value (builder, choice->points);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  print_json (builder);
  return EXIT_OK;
}

/* ---- diagnostic run --------------------------------------------------- */

static char *opt_company;
static char *opt_answers;

/* Reads {"questionnaire": ID, "answers": {"Q": "C" or ["C", …]}}, checking
 * every answer against the questionnaire before anything is stored. */
static GHashTable *
read_answers_file (const char     *path,
                   CnReferential **referential_out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) answers = cn_answers_new ();
  g_autoptr(CnReferential) referential = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root, *object;
  JsonNode *node;

  if (!json_parser_load_from_file (parser, path, &error))
    {
      g_autofree char *message = g_strdup_printf (_("%s: this is not a readable JSON file: %s"), path, error->message);
      print_error (message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (node = json_object_get_member (json_node_get_object (node), "questionnaire")) == NULL ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *message = g_strdup_printf (_("%s: “questionnaire” must name the questionnaire, e.g. “%s”."),
                                                  path, CN_REFERENTIAL_DEFAULT);
      print_error (message);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  /* The version the file was prepared for ("diagnostic template" prints
   * it), else the newest. */
  {
    JsonNode *version = json_object_get_member (root, "version");
    gint64 wanted = 0;

    if (version != NULL && JSON_NODE_HOLDS_VALUE (version) && json_node_get_value_type (version) == G_TYPE_INT64)
      wanted = json_node_get_int (version);
    else if (version != NULL)
      {
        g_autofree char *message = g_strdup_printf (_("%s: “version” must be a whole number."), path);
        print_error (message);
        return NULL;
      }
    referential = lookup_referential (json_node_get_string (node), (int) CLAMP (wanted, 0, G_MAXINT));
  }
  if (referential == NULL)
    return NULL;

  node = json_object_get_member (root, "answers");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *message = g_strdup_printf (_("%s: “answers” must be an object of question → choice."), path);
      print_error (message);
      return NULL;
    }
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *question = l->data;
      JsonNode *value = json_object_get_member (object, question);
      g_autoptr(GStrvBuilder) choices = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;
      gboolean valid = TRUE;

      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        g_strv_builder_add (choices, json_node_get_string (value));
      else if (JSON_NODE_HOLDS_ARRAY (value))
        {
          JsonArray *array = json_node_get_array (value);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
                g_strv_builder_add (choices, json_node_get_string (element));
              else
                valid = FALSE;
            }
        }
      else
        valid = FALSE;
      if (!valid)
        {
          g_autofree char *message = g_strdup_printf (_("%s: the answer to “%s” must be a choice identifier or a list of them."),
                                                      path, question);
          print_error (message);
          return NULL;
        }

      list = g_strv_builder_end (choices);
      if (!cn_referential_check_answer (referential, question, (const char *const *) list, &error))
        {
          g_autofree char *message = g_strdup_printf ("%s: %s", path, error->message);
          print_error (message);
          return NULL;
        }
      cn_answers_set (answers, question, (const char *const *) list);
    }

  *referential_out = g_steal_pointer (&referential);
  return g_steal_pointer (&answers);
}

typedef struct {
  CnStore       *store;
  CnReferential *referential;
  const char    *id;
  GError       **error;
  gboolean       ok;
} SaveAll;

static void
save_one (gpointer key,
          gpointer value,
          gpointer user_data)
{
  SaveAll *all = user_data;

  if (all->ok)
    all->ok = cn_store_save_answer (all->store, all->referential, all->id, key, value, all->error);
}

static int
cmd_run (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "company", 'c', 0, G_OPTION_ARG_STRING, &opt_company, N_("Identifier of the company diagnosed"), N_("ID") },
    { "answers", 'a', 0, G_OPTION_ARG_FILENAME, &opt_answers, N_("JSON file of the answers (see “diagnostic template”)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Records a completed diagnostic from a file of answers and prints its scores as JSON. Unanswered questions count as “I don't know”."), entries);
  g_autoptr(CnReferential) referential = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnScore) score = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = NULL;
  SaveAll all = { 0 };
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1 || opt_company == NULL || opt_answers == NULL)
    return usage_error (context, _("run takes --company and --answers."));

  if ((answers = read_answers_file (opt_answers, &referential)) == NULL)
    return EXIT_FAILED;
  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if ((company = cn_store_get_company (store, opt_company, &error)) == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }

  /* All or nothing: a diagnostic is stored complete, or not at all. */
  if (!cn_store_begin (store, &error))
    goto fail;
  if ((id = cn_store_start_diagnostic (store, opt_company, referential, &error)) == NULL)
    goto rollback;
  all = (SaveAll) { store, referential, id, &error, TRUE };
  g_hash_table_foreach (answers, save_one, &all);
  if (!all.ok || !cn_store_complete_diagnostic (store, referential, id, &error))
    goto rollback;
  /* A failed commit has rolled back already. */
  if (!cn_store_commit (store, &error))
    goto fail;

  score = cn_score_compute (referential, answers);
  json_builder_begin_object (builder);
  add_string (builder, "id", id);
  json_builder_set_member_name (builder, "overall");
  json_builder_add_int_value (builder, score->overall_rounded);
  add_string (builder, "level", score->level->id);
  add_scores (builder, referential, score->dimensions);
  json_builder_end_object (builder);
  print_json (builder);
  return EXIT_OK;

rollback:
  cn_store_rollback (store);
fail:
  print_error (error->message);
  return EXIT_FAILED;
}

/* ---- diagnostic show / list ------------------------------------------- */

static CnDiagnostic *
load_diagnostic (CnStore    *store,
                 const char *id)
{
  g_autoptr(GError) error = NULL;
  CnDiagnostic *diagnostic = cn_store_load_diagnostic (store, id, &error);

  if (diagnostic == NULL)
    print_error (error->message);
  return diagnostic;
}

static void
add_answers (JsonBuilder   *builder,
             CnReferential *referential,
             CnDiagnostic  *diagnostic)
{
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_object (builder);
  for (guint i = 0; i < cn_referential_get_n_questions (referential); i++)
    {
      const CnQuestion *question = cn_referential_get_question (referential, i);
      const char *const *choices = cn_answers_get (diagnostic->answers, question->id);

      if (choices == NULL)
        continue;
      json_builder_set_member_name (builder, question->id);
      if (question->kind == CN_QUESTION_MULTIPLE)
        {
          json_builder_begin_array (builder);
          for (guint c = 0; choices[c] != NULL; c++)
            json_builder_add_string_value (builder, choices[c]);
          json_builder_end_array (builder);
        }
      else
        json_builder_add_string_value (builder, choices[0]);
    }
  json_builder_end_object (builder);
}

static int
cmd_show (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = new_context (_("ID"), _("Shows a diagnostic as JSON: its answers and, scored again from them, its result, reference group and recommended actions."), NULL);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnDiagnostic) diagnostic = NULL;
  g_autoptr(CnReferential) referential = NULL;
  g_autoptr(CnScore) score = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("show takes one diagnostic identifier."));
  if ((store = open_store ()) == NULL || (diagnostic = load_diagnostic (store, argv[1])) == NULL)
    return EXIT_FAILED;
  /* The questionnaire at the version the diagnostic was made with. */
  if ((referential = lookup_referential (diagnostic->questionnaire, diagnostic->version)) == NULL)
    return EXIT_FAILED;
  score = cn_score_compute (referential, diagnostic->answers);

  json_builder_begin_object (builder);
  add_string (builder, "id", diagnostic->id);
  add_string (builder, "company", diagnostic->company_id);
  add_string (builder, "questionnaire", diagnostic->questionnaire);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, diagnostic->version);
  add_string (builder, "started_at", diagnostic->started_at);
  add_string (builder, "completed_at", diagnostic->completed_at);
  json_builder_set_member_name (builder, "overall");
  json_builder_add_int_value (builder, score->overall_rounded);
  add_string (builder, "level", score->level->id);
  add_string (builder, "level_name", score->level->name);
  add_scores (builder, referential, score->dimensions);
  json_builder_set_member_name (builder, "reference");
  json_builder_begin_object (builder);
  add_string (builder, "sector", score->reference->sector);
  add_string (builder, "size", score->reference->size);
  json_builder_set_member_name (builder, "overall");
  json_builder_add_int_value (builder, score->reference->overall);
  json_builder_end_object (builder);
  add_answers (builder, referential, diagnostic);
  json_builder_set_member_name (builder, "actions");
  json_builder_begin_array (builder);
  for (guint r = 0; r < score->rules->len; r++)
    {
      const CnRule *rule = score->rules->pdata[r];

      json_builder_begin_object (builder);
      add_string (builder, "id", rule->action.id);
      add_string (builder, "title", rule->action.title);
      add_string (builder, "horizon", rule->action.horizon);
      json_builder_set_member_name (builder, "priority");
      json_builder_add_int_value (builder, rule->action.priority);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  print_json (builder);
  return EXIT_OK;
}

static char *opt_list_format;

static int
cmd_list (int argc, char **argv)
{
  const GOptionEntry entries[] = {
    { "company", 'c', 0, G_OPTION_ARG_STRING, &opt_company, N_("Identifier of the company"), N_("ID") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_list_format, N_("Output format: text (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = new_context (NULL, _("Lists a company's diagnostics, oldest first, and the one in progress if any."), entries);
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(CnDiagnostic) open = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 1 || opt_company == NULL)
    return usage_error (context, _("list takes --company."));
  if (opt_list_format && !g_str_equal (opt_list_format, "text") && !g_str_equal (opt_list_format, "json"))
    return usage_error (context, _("--format takes text or json."));
  json = opt_list_format && g_str_equal (opt_list_format, "json");

  if ((store = open_store ()) == NULL)
    return EXIT_FAILED;
  if ((company = cn_store_get_company (store, opt_company, &error)) == NULL ||
      (list = cn_store_list_diagnostics (store, opt_company, &error)) == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  open = cn_store_find_open_diagnostic (store, opt_company, &error);
  if (error != NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  if (open != NULL)
    g_ptr_array_add (list, g_steal_pointer (&open));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < list->len; i++)
        {
          CnDiagnostic *diagnostic = list->pdata[i];

          json_builder_begin_object (builder);
          add_string (builder, "id", diagnostic->id);
          add_string (builder, "questionnaire", diagnostic->questionnaire);
          json_builder_set_member_name (builder, "version");
          json_builder_add_int_value (builder, diagnostic->version);
          add_string (builder, "started_at", diagnostic->started_at);
          add_string (builder, "completed_at", diagnostic->completed_at);
          json_builder_set_member_name (builder, "overall");
          if (diagnostic->overall >= 0)
            json_builder_add_int_value (builder, diagnostic->overall);
          else
            json_builder_add_null_value (builder);
          add_string (builder, "level", diagnostic->level);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return EXIT_OK;
    }

  for (guint i = 0; i < list->len; i++)
    {
      CnDiagnostic *diagnostic = list->pdata[i];
      g_autofree char *date = cn_format_date_for_display (diagnostic->completed_at ? diagnostic->completed_at
                                                                                     : diagnostic->started_at);
      g_autofree char *result = NULL;

      if (diagnostic->completed_at != NULL)
        {
          g_autoptr(CnReferential) referential = lookup_referential (diagnostic->questionnaire, diagnostic->version);
          const CnLevel *level = referential ? cn_referential_find_level (referential, diagnostic->level) : NULL;

          /* Translators: a diagnostic's result: score out of 100, then the level's name */
          result = g_strdup_printf (_("%d/100, %s"), diagnostic->overall, level ? level->name : diagnostic->level);
        }
      else
        result = g_strdup_printf (_("in progress (%u answers)"), g_hash_table_size (diagnostic->answers));
      g_print ("%s\t%s\t%s\t%s\n", diagnostic->id, date, diagnostic->questionnaire, result);
    }
  if (list->len == 0)
    g_printerr ("%s\n", _("No diagnostic yet for this company."));
  return EXIT_OK;
}

/* ---- dispatch ----------------------------------------------------------- */

int
cli_diagnostic (int argc, char **argv)
{
  static const CliCommand table[] = {
    { "template", cmd_template, N_("Print a questionnaire's questions as JSON") },
    { "run", cmd_run, N_("Record a diagnostic from a JSON file of answers") },
    { "show", cmd_show, N_("Show a diagnostic as JSON") },
    { "list", cmd_list, N_("List a company's diagnostics") },
  };

  return cli_dispatch ("diagnostic", table, G_N_ELEMENTS (table), argc, argv);
}

static int
cmd_check (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = new_context (_("FILE"), _("Checks a questionnaire file: its format, its identifiers, its levels, its reference and its rules."), NULL);
  g_autoptr(CnReferential) referential = NULL;
  g_autoptr(GError) error = NULL;
  guint n_profile = 0;
  int status;

  if (!parse_context (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return usage_error (context, _("check takes one file."));
  if ((referential = cn_referential_load_file (argv[1], &error)) == NULL)
    {
      print_error (error->message);
      return EXIT_FAILED;
    }
  for (guint i = 0; i < cn_referential_get_n_questions (referential); i++)
    n_profile += cn_referential_get_question (referential, i)->kind == CN_QUESTION_PROFILE;

  /* Translators: the result of checking a questionnaire file */
  g_print (_("%s: valid. Questionnaire “%s” version %d: %u dimensions, %u questions (%u about the company), %u levels, %u rules.\n"),
           argv[1], cn_referential_get_id (referential), cn_referential_get_version (referential),
           cn_referential_get_n_dimensions (referential), cn_referential_get_n_questions (referential), n_profile,
           cn_referential_get_n_levels (referential), cn_referential_get_n_rules (referential));
  return EXIT_OK;
}

int
cli_referential (int argc, char **argv)
{
  static const CliCommand table[] = {
    { "check", cmd_check, N_("Check a questionnaire file") },
  };

  return cli_dispatch ("referential", table, G_N_ELEMENTS (table), argc, argv);
}
