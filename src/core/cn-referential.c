/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-referential"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cn-core-resources.h"
#include "cn-error.h"
#include "cn-json-loader.h"
#include "cn-referential.h"

#define RESOURCE_DIR "/io/github/croissanceconnectee/Connecteur/referential"

const char *const cn_eu_dimensions[CN_EU_DIMENSION_COUNT] = {
  "digital-business-strategy",
  "digital-readiness",
  "human-centric-digitalisation",
  "data-management",
  "automation-ai",
  "green-digitalisation",
};

static const char *const profile_kinds[] = { "size", "sector", "customers", "location", NULL };
static const char *const horizons[] = { "now", "3-months", "12-months", NULL };

struct _CnReferential
{
  char       *id;
  int         version;
  char       *title;
  char       *description;
  char       *source;
  char       *dont_know_label;
  GPtrArray  *dimensions;   /* of CnDimension */
  GPtrArray  *questions;    /* of CnQuestion */
  GPtrArray  *levels;       /* of CnLevel */
  GPtrArray  *reference;    /* of CnReferenceGroup */
  char       *reference_source;
  GPtrArray  *rules;        /* of CnRule */
  GHashTable *question_index; /* id → index + 1 */
};

G_DEFINE_BOXED_TYPE (CnReferential, cn_referential, cn_referential_ref, cn_referential_unref)

static void
choice_free (CnQuestionChoice *choice)
{
  g_free (choice->id);
  g_free (choice->label);
  g_strfreev (choice->headcount);
  g_strfreev (choice->naf_sections);
  g_free (choice->customer_type);
  g_free (choice);
}

static void
question_free (CnQuestion *question)
{
  g_free (question->id);
  g_free (question->profile);
  g_free (question->text);
  g_free (question->help);
  g_clear_pointer (&question->choices, g_ptr_array_unref);
  g_free (question);
}

static void
dimension_free (CnDimension *dimension)
{
  g_free (dimension->id);
  g_free (dimension->title);
  g_free (dimension->description);
  g_free (dimension->eu_dimension);
  g_free (dimension);
}

static void
level_free (CnLevel *level)
{
  g_free (level->id);
  g_free (level->name);
  g_free (level->text);
  g_free (level->icon);
  g_free (level);
}

static void
group_free (CnReferenceGroup *group)
{
  g_free (group->sector);
  g_free (group->size);
  g_free (group->dimensions);
  g_free (group);
}

static void
condition_free (CnCondition *condition)
{
  g_strfreev (condition->choices);
  g_free (condition);
}

static void
rule_free (CnRule *rule)
{
  g_free (rule->id);
  g_clear_pointer (&rule->conditions, g_ptr_array_unref);
  g_free (rule->action.id);
  g_free (rule->action.title);
  g_free (rule->action.description);
  g_free (rule->action.horizon);
  g_free (rule->action.price_ref);
  g_free (rule->action.expense_kind);
  g_free (rule);
}

static CnReferential *
referential_new (void)
{
  CnReferential *self = g_atomic_rc_box_new0 (CnReferential);

  self->dimensions = g_ptr_array_new_with_free_func ((GDestroyNotify) dimension_free);
  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);
  self->levels = g_ptr_array_new_with_free_func ((GDestroyNotify) level_free);
  self->reference = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  self->rules = g_ptr_array_new_with_free_func ((GDestroyNotify) rule_free);
  self->question_index = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

static void
referential_clear (CnReferential *self)
{
  g_free (self->id);
  g_free (self->title);
  g_free (self->description);
  g_free (self->source);
  g_free (self->dont_know_label);
  g_ptr_array_unref (self->dimensions);
  g_ptr_array_unref (self->questions);
  g_ptr_array_unref (self->levels);
  g_ptr_array_unref (self->reference);
  g_free (self->reference_source);
  g_ptr_array_unref (self->rules);
  g_hash_table_unref (self->question_index);
}

CnReferential *
cn_referential_ref (CnReferential *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
cn_referential_unref (CnReferential *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) referential_clear);
}

/* ---- Loading ---------------------------------------------------------- */


static double
get_weight (CnJsonLoader *loader,
            JsonObject *object,
            const char *path)
{
  JsonNode *node = cn_json_get_member (loader, object, path, "weight", FALSE);
  double weight;

  if (node == NULL)
    return 1.0;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    {
      g_autofree char *where = g_strdup_printf ("%s.weight", path);
      cn_json_fail (loader, where, _("a number is expected"));
      return 1.0;
    }
  weight = json_node_get_double (node);
  if (!(weight > 0 && weight <= 100))
    {
      g_autofree char *where = g_strdup_printf ("%s.weight", path);
      cn_json_fail (loader, where, _("the weight must be more than 0"));
      return 1.0;
    }
  return weight;
}

static void
load_dimensions (CnJsonLoader  *loader,
                 CnReferential *self,
                 JsonObject    *root)
{
  JsonArray *array = cn_json_get_array (loader, root, "", "dimensions", TRUE);
  gboolean any_eu = FALSE;

  if (array == NULL)
    return;
  if (json_array_get_length (array) == 0)
    cn_json_fail (loader, "dimensions", _("at least one dimension is needed"));

  for (guint i = 0; i < json_array_get_length (array) && !loader->failed; i++)
    {
      g_autofree char *path = g_strdup_printf ("dimensions[%u]", i);
      JsonObject *object = cn_json_get_element_object (loader, array, i, path);
      CnDimension *dimension;

      if (object == NULL)
        return;
      dimension = g_new0 (CnDimension, 1);
      g_ptr_array_add (self->dimensions, dimension);
      dimension->id = cn_json_get_id (loader, object, path, "id");
      dimension->title = cn_json_get_string (loader, object, path, "title", TRUE);
      dimension->description = cn_json_get_string (loader, object, path, "description", FALSE);
      dimension->eu_dimension = cn_json_get_string (loader, object, path, "eu_dimension", FALSE);
      dimension->weight = get_weight (loader, object, path);
      if (loader->failed)
        return;
      if (cn_referential_find_dimension (self, dimension->id) != (int) i)
        cn_json_fail (loader, path, _("the dimension “%s” is defined twice"), dimension->id);
      if (dimension->eu_dimension != NULL)
        {
          any_eu = TRUE;
          if (!g_strv_contains ((const char *const *) cn_eu_dimensions, dimension->eu_dimension))
            cn_json_fail (loader, path, _("“%s” is not a dimension of the EU Digital Maturity Assessment"),
                  dimension->eu_dimension);
        }
    }

  /* Aligned on the EU assessment means all of it, not a part. */
  for (guint e = 0; any_eu && e < CN_EU_DIMENSION_COUNT && !loader->failed; e++)
    {
      gboolean covered = FALSE;

      for (guint i = 0; i < self->dimensions->len; i++)
        covered |= g_strcmp0 (((CnDimension *) self->dimensions->pdata[i])->eu_dimension, cn_eu_dimensions[e]) == 0;
      if (!covered)
        cn_json_fail (loader, "dimensions", _("no dimension covers the EU dimension “%s”"), cn_eu_dimensions[e]);
    }
}

static void
load_choices (CnJsonLoader *loader,
              CnQuestion *question,
              JsonObject *object,
              const char *path)
{
  JsonArray *array = cn_json_get_array (loader, object, path, "choices", TRUE);
  gboolean scored = question->kind != CN_QUESTION_PROFILE;
  int total = 0, highest = 0;

  if (array == NULL)
    return;
  if (json_array_get_length (array) < 2)
    {
      g_autofree char *where = g_strdup_printf ("%s.choices", path);
      cn_json_fail (loader, where, _("a question needs at least two choices"));
      return;
    }

  for (guint i = 0; i < json_array_get_length (array) && !loader->failed; i++)
    {
      g_autofree char *choice_path = g_strdup_printf ("%s.choices[%u]", path, i);
      JsonObject *choice_object = cn_json_get_element_object (loader, array, i, choice_path);
      CnQuestionChoice *choice;

      if (choice_object == NULL)
        return;
      choice = g_new0 (CnQuestionChoice, 1);
      g_ptr_array_add (question->choices, choice);
      choice->id = cn_json_get_id (loader, choice_object, choice_path, "id");
      choice->label = cn_json_get_string (loader, choice_object, choice_path, "label", TRUE);
      if (loader->failed)
        return;
      if (g_str_equal (choice->id, CN_CHOICE_DONT_KNOW))
        {
          cn_json_fail (loader, choice_path, _("“%s” is reserved for “I don't know”, which every question offers"),
                CN_CHOICE_DONT_KNOW);
          return;
        }
      if (cn_question_find_choice (question, choice->id) != choice)
        {
          cn_json_fail (loader, choice_path, _("the choice “%s” is defined twice"), choice->id);
          return;
        }
      if (scored)
        {
          if (!cn_json_get_int (loader, choice_object, choice_path, "points", TRUE, 0, 1000, &choice->points))
            return;
          total += choice->points;
          highest = MAX (highest, choice->points);
        }
      else if (json_object_has_member (choice_object, "points"))
        {
          cn_json_fail (loader, choice_path, _("a profile question is not scored: remove “points”"));
          return;
        }

      if (json_object_has_member (choice_object, "exclusive"))
        {
          JsonNode *node = json_object_get_member (choice_object, "exclusive");

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
            {
              g_autofree char *where = g_strdup_printf ("%s.exclusive", choice_path);
              cn_json_fail (loader, where, _("true or false is expected"));
              return;
            }
          choice->exclusive = json_node_get_boolean (node);
          if (choice->exclusive && question->kind != CN_QUESTION_MULTIPLE)
            {
              cn_json_fail (loader, choice_path, _("only a multiple-choice question can have an exclusive choice"));
              return;
            }
        }
      choice->headcount = cn_json_get_strv (loader, choice_object, choice_path, "headcount", FALSE);
      choice->naf_sections = cn_json_get_strv (loader, choice_object, choice_path, "naf_sections", FALSE);
      choice->customer_type = cn_json_get_string (loader, choice_object, choice_path, "customer_type", FALSE);
    }
  if (loader->failed || !scored)
    return;

  if (question->kind == CN_QUESTION_SINGLE)
    question->max_points = highest;
  else if (!cn_json_get_int (loader, object, path, "max_points", FALSE, 1, 1000, &question->max_points))
    question->max_points = total;
  else if (question->max_points > total)
    {
      g_autofree char *where = g_strdup_printf ("%s.max_points", path);
      cn_json_fail (loader, where, _("%d cannot be reached: the choices give %d points at most"),
            question->max_points, total);
    }
  if (!loader->failed && question->max_points <= 0)
    {
      g_autofree char *where = g_strdup_printf ("%s.choices", path);
      cn_json_fail (loader, where, _("no choice gives any points"));
    }
}

static void
load_questions (CnJsonLoader  *loader,
                CnReferential *self,
                JsonObject    *root)
{
  JsonArray *array = cn_json_get_array (loader, root, "", "questions", TRUE);

  if (array == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (array) && !loader->failed; i++)
    {
      g_autofree char *path = g_strdup_printf ("questions[%u]", i);
      JsonObject *object = cn_json_get_element_object (loader, array, i, path);
      g_autofree char *kind = NULL;
      g_autofree char *dimension = NULL;
      CnQuestion *question;

      if (object == NULL)
        return;
      question = g_new0 (CnQuestion, 1);
      question->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
      question->dimension = -1;
      g_ptr_array_add (self->questions, question);
      question->id = cn_json_get_id (loader, object, path, "id");
      if (loader->failed)
        return;
      /* Name the question in the path: "questions[3] (site-web)". */
      g_free (path);
      path = g_strdup_printf ("questions[%u] (%s)", i, question->id);
      if (g_hash_table_contains (self->question_index, question->id))
        {
          cn_json_fail (loader, path, _("the question “%s” is defined twice"), question->id);
          return;
        }
      g_hash_table_insert (self->question_index, question->id, GUINT_TO_POINTER (i + 1));

      kind = cn_json_get_string (loader, object, path, "kind", TRUE);
      question->text = cn_json_get_string (loader, object, path, "text", TRUE);
      question->help = cn_json_get_string (loader, object, path, "help", FALSE);
      question->weight = get_weight (loader, object, path);
      dimension = cn_json_get_string (loader, object, path, "dimension", FALSE);
      if (loader->failed)
        return;

      if (g_str_equal (kind, "single"))
        question->kind = CN_QUESTION_SINGLE;
      else if (g_str_equal (kind, "multiple"))
        question->kind = CN_QUESTION_MULTIPLE;
      else if (g_str_equal (kind, "profile"))
        question->kind = CN_QUESTION_PROFILE;
      else
        {
          g_autofree char *where = g_strdup_printf ("%s.kind", path);
          cn_json_fail (loader, where, _("“%s” is not a kind of question (single, multiple or profile)"), kind);
          return;
        }

      if (question->kind == CN_QUESTION_PROFILE)
        {
          if (dimension != NULL)
            cn_json_fail (loader, path, _("a profile question is not scored and has no dimension"));
          question->profile = cn_json_get_string (loader, object, path, "profile", TRUE);
          if (loader->failed)
            return;
          if (!g_strv_contains (profile_kinds, question->profile))
            cn_json_fail (loader, path, _("“%s” is not a profile (size, sector, customers or location)"), question->profile);
          else if (cn_referential_find_profile (self, question->profile) != question)
            cn_json_fail (loader, path, _("another question already asks the profile “%s”"), question->profile);
        }
      else if (dimension == NULL)
        cn_json_fail (loader, path, _("a scored question needs a dimension"));
      else if ((question->dimension = cn_referential_find_dimension (self, dimension)) < 0)
        cn_json_fail (loader, path, _("the dimension “%s” does not exist"), dimension);
      if (loader->failed)
        return;

      load_choices (loader, question, object, path);
    }

  for (guint d = 0; d < self->dimensions->len && !loader->failed; d++)
    {
      gboolean has_question = FALSE;

      for (guint i = 0; i < self->questions->len; i++)
        has_question |= ((CnQuestion *) self->questions->pdata[i])->dimension == (int) d;
      if (!has_question)
        {
          g_autofree char *path = g_strdup_printf ("dimensions[%u]", d);
          cn_json_fail (loader, path, _("no question scores the dimension “%s”"),
                ((CnDimension *) self->dimensions->pdata[d])->id);
        }
    }
}

static void
load_levels (CnJsonLoader  *loader,
             CnReferential *self,
             JsonObject    *root)
{
  JsonArray *array = cn_json_get_array (loader, root, "", "levels", TRUE);

  if (array == NULL)
    return;
  if (json_array_get_length (array) != 5)
    {
      cn_json_fail (loader, "levels", _("there must be five levels (%u given)"), json_array_get_length (array));
      return;
    }

  for (guint i = 0; i < json_array_get_length (array) && !loader->failed; i++)
    {
      g_autofree char *path = g_strdup_printf ("levels[%u]", i);
      JsonObject *object = cn_json_get_element_object (loader, array, i, path);
      CnLevel *level;

      if (object == NULL)
        return;
      level = g_new0 (CnLevel, 1);
      g_ptr_array_add (self->levels, level);
      level->id = cn_json_get_id (loader, object, path, "id");
      level->name = cn_json_get_string (loader, object, path, "name", TRUE);
      level->text = cn_json_get_string (loader, object, path, "text", TRUE);
      level->icon = cn_json_get_string (loader, object, path, "icon", TRUE);
      cn_json_get_int (loader, object, path, "min", TRUE, 0, 100, &level->min);
      if (loader->failed)
        return;
      if (cn_referential_find_level (self, level->id) != level)
        cn_json_fail (loader, path, _("the level “%s” is defined twice"), level->id);
      else if (i == 0 && level->min != 0)
        cn_json_fail (loader, path, _("the first level must start at 0"));
      else if (i > 0 && level->min <= ((CnLevel *) self->levels->pdata[i - 1])->min)
        cn_json_fail (loader, path, _("the thresholds must go up: %d does not come after %d"),
              level->min, ((CnLevel *) self->levels->pdata[i - 1])->min);
    }
}

static gboolean
is_profile_choice (CnReferential *self,
                   const char    *profile,
                   const char    *id)
{
  const CnQuestion *question = cn_referential_find_profile (self, profile);

  return g_str_equal (id, "*") || (question != NULL && cn_question_find_choice (question, id) != NULL);
}

static void
load_reference (CnJsonLoader  *loader,
                CnReferential *self,
                JsonObject    *root)
{
  JsonNode *node = cn_json_get_member (loader, root, "", "reference", TRUE);
  JsonObject *reference;
  JsonArray *groups;
  gboolean has_default = FALSE;

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      cn_json_fail (loader, "reference", _("an object is expected"));
      return;
    }
  reference = json_node_get_object (node);
  self->reference_source = cn_json_get_string (loader, reference, "reference", "source", TRUE);
  groups = cn_json_get_array (loader, reference, "reference", "groups", TRUE);
  if (groups == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (groups) && !loader->failed; i++)
    {
      g_autofree char *path = g_strdup_printf ("reference.groups[%u]", i);
      JsonObject *object = cn_json_get_element_object (loader, groups, i, path);
      g_autofree char *dimensions_path = g_strdup_printf ("%s.dimensions", path);
      CnReferenceGroup *group;
      JsonNode *dimensions;

      if (object == NULL)
        return;
      group = g_new0 (CnReferenceGroup, 1);
      group->dimensions = g_new0 (int, self->dimensions->len);
      g_ptr_array_add (self->reference, group);
      group->sector = cn_json_get_string (loader, object, path, "sector", TRUE);
      group->size = cn_json_get_string (loader, object, path, "size", TRUE);
      cn_json_get_int (loader, object, path, "overall", TRUE, 0, 100, &group->overall);
      if (loader->failed)
        return;
      if (!is_profile_choice (self, "sector", group->sector))
        cn_json_fail (loader, path, _("“%s” is not a choice of the sector question"), group->sector);
      else if (!is_profile_choice (self, "size", group->size))
        cn_json_fail (loader, path, _("“%s” is not a choice of the size question"), group->size);
      for (guint j = 0; j < i && !loader->failed; j++)
        {
          CnReferenceGroup *other = self->reference->pdata[j];

          if (g_str_equal (other->sector, group->sector) && g_str_equal (other->size, group->size))
            cn_json_fail (loader, path, _("the group %s / %s is given twice"), group->sector, group->size);
        }
      has_default |= g_str_equal (group->sector, "*") && g_str_equal (group->size, "*");

      dimensions = cn_json_get_member (loader, object, path, "dimensions", TRUE);
      if (dimensions == NULL)
        return;
      if (!JSON_NODE_HOLDS_OBJECT (dimensions))
        {
          cn_json_fail (loader, dimensions_path, _("an object is expected"));
          return;
        }
      for (guint d = 0; d < self->dimensions->len && !loader->failed; d++)
        cn_json_get_int (loader, json_node_get_object (dimensions), dimensions_path,
                 ((CnDimension *) self->dimensions->pdata[d])->id, TRUE, 0, 100, &group->dimensions[d]);
      if (!loader->failed && json_object_get_size (json_node_get_object (dimensions)) != self->dimensions->len)
        {
          g_autoptr(GList) members = json_object_get_members (json_node_get_object (dimensions));

          for (GList *l = members; l != NULL && !loader->failed; l = l->next)
            if (cn_referential_find_dimension (self, l->data) < 0)
              cn_json_fail (loader, dimensions_path, _("the dimension “%s” does not exist"), (const char *) l->data);
        }
    }
  if (!loader->failed && !has_default)
    cn_json_fail (loader, "reference.groups", _("a group for any sector and any size (\"*\" / \"*\") is needed"));
}

static void
load_condition (CnJsonLoader  *loader,
                CnReferential *self,
                CnRule        *rule,
                JsonObject    *object,
                const char    *path)
{
  g_autofree char *question_id = cn_json_get_string (loader, object, path, "question", FALSE);
  g_autofree char *dimension_id = cn_json_get_string (loader, object, path, "dimension", FALSE);
  CnCondition *condition = g_new0 (CnCondition, 1);

  g_ptr_array_add (rule->conditions, condition);
  condition->dimension = -1;
  if (loader->failed)
    return;

  if (question_id != NULL)
    {
      gboolean any_in = json_object_has_member (object, "answer_in");
      const char *member = any_in ? "answer_in" : "not_ticked";

      condition->question = cn_referential_find_question (self, question_id);
      if (condition->question == NULL)
        {
          cn_json_fail (loader, path, _("the question “%s” does not exist"), question_id);
          return;
        }
      if (!any_in && !json_object_has_member (object, "not_ticked"))
        {
          cn_json_fail (loader, path, _("a question condition needs “answer_in” or “not_ticked”"));
          return;
        }
      condition->kind = any_in ? CN_CONDITION_ANSWER_IN : CN_CONDITION_NOT_TICKED;
      condition->choices = cn_json_get_strv (loader, object, path, member, FALSE);
      if (loader->failed)
        return;
      if (condition->choices == NULL || condition->choices[0] == NULL)
        cn_json_fail (loader, path, _("“%s” lists no choice"), member);
      for (guint i = 0; !loader->failed && condition->choices[i] != NULL; i++)
        if (!(g_str_equal (condition->choices[i], CN_CHOICE_DONT_KNOW) && any_in &&
              condition->question->kind != CN_QUESTION_PROFILE) &&
            cn_question_find_choice (condition->question, condition->choices[i]) == NULL)
          cn_json_fail (loader, path, _("the question “%s” has no choice “%s”"), question_id, condition->choices[i]);
    }
  else if (dimension_id != NULL)
    {
      gboolean below = json_object_has_member (object, "below");

      condition->dimension = cn_referential_find_dimension (self, dimension_id);
      if (condition->dimension < 0)
        {
          cn_json_fail (loader, path, _("the dimension “%s” does not exist"), dimension_id);
          return;
        }
      if (!below && !json_object_has_member (object, "at_least"))
        {
          cn_json_fail (loader, path, _("a dimension condition needs “below” or “at_least”"));
          return;
        }
      condition->kind = below ? CN_CONDITION_DIMENSION_BELOW : CN_CONDITION_DIMENSION_AT_LEAST;
      cn_json_get_int (loader, object, path, below ? "below" : "at_least", TRUE, 0, 100, &condition->value);
    }
  else if (json_object_has_member (object, "overall_below"))
    {
      condition->kind = CN_CONDITION_OVERALL_BELOW;
      cn_json_get_int (loader, object, path, "overall_below", TRUE, 0, 100, &condition->value);
    }
  else
    cn_json_fail (loader, path, _("a condition names a “question”, a “dimension” or “overall_below”"));
}

static void
load_rules (CnJsonLoader  *loader,
            CnReferential *self,
            JsonObject    *root)
{
  JsonArray *array = cn_json_get_array (loader, root, "", "rules", TRUE);
  g_autoptr(GHashTable) action_ids = g_hash_table_new (g_str_hash, g_str_equal);

  if (array == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (array) && !loader->failed; i++)
    {
      g_autofree char *path = g_strdup_printf ("rules[%u]", i);
      g_autofree char *action_path = NULL;
      JsonObject *object = cn_json_get_element_object (loader, array, i, path);
      JsonArray *when;
      JsonNode *action_node;
      JsonObject *action;
      CnRule *rule;

      if (object == NULL)
        return;
      rule = g_new0 (CnRule, 1);
      rule->conditions = g_ptr_array_new_with_free_func ((GDestroyNotify) condition_free);
      g_ptr_array_add (self->rules, rule);
      rule->id = cn_json_get_id (loader, object, path, "id");
      if (loader->failed)
        return;
      g_free (path);
      path = g_strdup_printf ("rules[%u] (%s)", i, rule->id);
      for (guint j = 0; j < i; j++)
        if (g_str_equal (((CnRule *) self->rules->pdata[j])->id, rule->id))
          {
            cn_json_fail (loader, path, _("the rule “%s” is defined twice"), rule->id);
            return;
          }

      when = cn_json_get_array (loader, object, path, "when", TRUE);
      if (when == NULL)
        return;
      if (json_array_get_length (when) == 0)
        {
          g_autofree char *where = g_strdup_printf ("%s.when", path);
          cn_json_fail (loader, where, _("a rule needs at least one condition"));
          return;
        }
      for (guint c = 0; c < json_array_get_length (when) && !loader->failed; c++)
        {
          g_autofree char *condition_path = g_strdup_printf ("%s.when[%u]", path, c);
          JsonObject *condition = cn_json_get_element_object (loader, when, c, condition_path);

          if (condition != NULL)
            load_condition (loader, self, rule, condition, condition_path);
        }
      if (loader->failed)
        return;

      action_path = g_strdup_printf ("%s.action", path);
      action_node = cn_json_get_member (loader, object, path, "action", TRUE);
      if (action_node == NULL)
        return;
      if (!JSON_NODE_HOLDS_OBJECT (action_node))
        {
          cn_json_fail (loader, action_path, _("an object is expected"));
          return;
        }
      action = json_node_get_object (action_node);
      rule->action.id = cn_json_get_id (loader, action, action_path, "id");
      rule->action.title = cn_json_get_string (loader, action, action_path, "title", TRUE);
      rule->action.description = cn_json_get_string (loader, action, action_path, "description", TRUE);
      rule->action.horizon = cn_json_get_string (loader, action, action_path, "horizon", TRUE);
      rule->action.price_ref = cn_json_get_string (loader, action, action_path, "price_ref", FALSE);
      rule->action.expense_kind = cn_json_get_string (loader, action, action_path, "expense_kind", FALSE);
      cn_json_get_int (loader, action, action_path, "priority", TRUE, 1, 3, &rule->action.priority);
      if (loader->failed)
        return;
      if (!g_strv_contains (horizons, rule->action.horizon))
        cn_json_fail (loader, action_path, _("“%s” is not a horizon (now, 3-months or 12-months)"), rule->action.horizon);
      else if (!g_hash_table_add (action_ids, rule->action.id))
        cn_json_fail (loader, action_path, _("the action “%s” is defined twice"), rule->action.id);
    }
}

CnReferential *
cn_referential_load_data (const char  *data,
                          gssize       length,
                          const char  *name,
                          GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(CnReferential) self = NULL;
  g_autoptr(GError) local_error = NULL;
  CnJsonLoader loader = { name, error, FALSE };
  JsonObject *root;
  JsonNode *dont_know;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_PARSE, _("%s: this is not valid JSON: %s"), name, local_error->message);
      return NULL;
    }
  /* Empty or blank text parses without error and without a root. */
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_PARSE, _("%s: a questionnaire is a JSON object"), name);
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  self = referential_new ();
  self->id = cn_json_get_id (&loader, root, "", "id");
  cn_json_get_int (&loader, root, "", "version", TRUE, 1, G_MAXINT, &self->version);
  self->title = cn_json_get_string (&loader, root, "", "title", TRUE);
  self->description = cn_json_get_string (&loader, root, "", "description", FALSE);
  self->source = cn_json_get_string (&loader, root, "", "source", FALSE);
  dont_know = cn_json_get_member (&loader, root, "", "dont_know", TRUE);
  if (dont_know != NULL && !JSON_NODE_HOLDS_OBJECT (dont_know))
    cn_json_fail (&loader, "dont_know", _("an object is expected"));
  else if (dont_know != NULL)
    self->dont_know_label = cn_json_get_string (&loader, json_node_get_object (dont_know), "dont_know", "label", TRUE);

  if (!loader.failed)
    load_dimensions (&loader, self, root);
  if (!loader.failed)
    load_questions (&loader, self, root);
  if (!loader.failed)
    load_levels (&loader, self, root);
  if (!loader.failed)
    load_reference (&loader, self, root);
  if (!loader.failed)
    load_rules (&loader, self, root);

  if (loader.failed)
    return NULL;
  return g_steal_pointer (&self);
}

CnReferential *
cn_referential_load_file (const char  *path,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GError) local_error = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_IO, _("%s: cannot be read: %s"), name, local_error->message);
      return NULL;
    }
  return cn_referential_load_data (contents, length, name, error);
}

/* ---- Accessors -------------------------------------------------------- */

const char *
cn_referential_get_id (CnReferential *self)
{
  return self->id;
}

int
cn_referential_get_version (CnReferential *self)
{
  return self->version;
}

const char *
cn_referential_get_title (CnReferential *self)
{
  return self->title;
}

const char *
cn_referential_get_description (CnReferential *self)
{
  return self->description;
}

const char *
cn_referential_get_source (CnReferential *self)
{
  return self->reference_source;
}

const char *
cn_referential_get_dont_know_label (CnReferential *self)
{
  return self->dont_know_label;
}

guint
cn_referential_get_n_dimensions (CnReferential *self)
{
  return self->dimensions->len;
}

const CnDimension *
cn_referential_get_dimension (CnReferential *self,
                              guint          index)
{
  g_return_val_if_fail (index < self->dimensions->len, NULL);
  return self->dimensions->pdata[index];
}

int
cn_referential_find_dimension (CnReferential *self,
                               const char    *id)
{
  for (guint i = 0; i < self->dimensions->len; i++)
    if (g_strcmp0 (((CnDimension *) self->dimensions->pdata[i])->id, id) == 0)
      return (int) i;
  return -1;
}

guint
cn_referential_get_n_questions (CnReferential *self)
{
  return self->questions->len;
}

const CnQuestion *
cn_referential_get_question (CnReferential *self,
                             guint          index)
{
  g_return_val_if_fail (index < self->questions->len, NULL);
  return self->questions->pdata[index];
}

int
cn_referential_question_index (CnReferential *self,
                               const char    *id)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (self->question_index, id)) - 1;
}

const CnQuestion *
cn_referential_find_question (CnReferential *self,
                              const char    *id)
{
  int index = cn_referential_question_index (self, id);

  return index < 0 ? NULL : self->questions->pdata[index];
}

const CnQuestion *
cn_referential_find_profile (CnReferential *self,
                             const char    *profile)
{
  for (guint i = 0; i < self->questions->len; i++)
    {
      CnQuestion *question = self->questions->pdata[i];

      if (g_strcmp0 (question->profile, profile) == 0)
        return question;
    }
  return NULL;
}

const CnQuestionChoice *
cn_question_find_choice (const CnQuestion *question,
                         const char       *id)
{
  for (guint i = 0; i < question->choices->len; i++)
    if (g_strcmp0 (((CnQuestionChoice *) question->choices->pdata[i])->id, id) == 0)
      return question->choices->pdata[i];
  return NULL;
}

guint
cn_referential_get_n_levels (CnReferential *self)
{
  return self->levels->len;
}

const CnLevel *
cn_referential_get_level (CnReferential *self,
                          guint          index)
{
  g_return_val_if_fail (index < self->levels->len, NULL);
  return self->levels->pdata[index];
}

const CnLevel *
cn_referential_find_level (CnReferential *self,
                           const char    *id)
{
  for (guint i = 0; i < self->levels->len; i++)
    if (g_strcmp0 (((CnLevel *) self->levels->pdata[i])->id, id) == 0)
      return self->levels->pdata[i];
  return NULL;
}

guint
cn_referential_get_n_rules (CnReferential *self)
{
  return self->rules->len;
}

const CnRule *
cn_referential_get_rule (CnReferential *self,
                         guint          index)
{
  g_return_val_if_fail (index < self->rules->len, NULL);
  return self->rules->pdata[index];
}

const CnReferenceGroup *
cn_referential_find_reference (CnReferential *self,
                               const char    *sector,
                               const char    *size)
{
  const char *wanted[][2] = {
    { sector, size }, { sector, "*" }, { "*", size }, { "*", "*" },
  };

  for (guint w = 0; w < G_N_ELEMENTS (wanted); w++)
    {
      if (wanted[w][0] == NULL || wanted[w][1] == NULL)
        continue;
      for (guint i = 0; i < self->reference->len; i++)
        {
          CnReferenceGroup *group = self->reference->pdata[i];

          if (g_str_equal (group->sector, wanted[w][0]) && g_str_equal (group->size, wanted[w][1]))
            return group;
        }
    }
  g_return_val_if_reached (NULL);
}

gboolean
cn_referential_check_answer (CnReferential      *self,
                             const char         *question_id,
                             const char *const  *choices,
                             GError            **error)
{
  const CnQuestion *question = cn_referential_find_question (self, question_id);
  guint n = choices != NULL ? g_strv_length ((char **) choices) : 0;

  if (question == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("The questionnaire “%s” has no question “%s”."), self->id, question_id);
      return FALSE;
    }
  if (n == 0)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("The answer to “%s” has no choice."), question_id);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      const CnQuestionChoice *choice = cn_question_find_choice (question, choices[i]);
      gboolean dont_know = g_str_equal (choices[i], CN_CHOICE_DONT_KNOW) && question->kind != CN_QUESTION_PROFILE;

      if (choice == NULL && !dont_know)
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                       _("The question “%s” has no choice “%s”."), question_id, choices[i]);
          return FALSE;
        }
      if ((dont_know || (choice != NULL && choice->exclusive)) && n > 1)
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                       _("The choice “%s” of “%s” cannot be combined with another."), choices[i], question_id);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_str_equal (choices[i], choices[j]))
          {
            g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                         _("The choice “%s” of “%s” is given twice."), choices[i], question_id);
            return FALSE;
          }
    }
  if (n > 1 && question->kind != CN_QUESTION_MULTIPLE)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("The question “%s” takes a single choice."), question_id);
      return FALSE;
    }
  return TRUE;
}

/* ---- The shipped questionnaires --------------------------------------- */

static gint
compare_referentials (gconstpointer a,
                      gconstpointer b)
{
  CnReferential *ra = *(CnReferential **) a;
  CnReferential *rb = *(CnReferential **) b;
  int by_id = g_strcmp0 (ra->id, rb->id);

  return by_id != 0 ? by_id : rb->version - ra->version;
}

static gint
compare_names (const char **a,
               const char **b)
{
  return strcmp (*a, *b);
}

/* A released version never changes meaning: a file may add a
 * questionnaire or a version, never replace one already known. */
static void
add_unique (GPtrArray     *list,
            CnReferential *referential,
            const char    *source)
{
  for (guint i = 0; i < list->len; i++)
    {
      CnReferential *other = list->pdata[i];

      if (g_str_equal (other->id, referential->id) && other->version == referential->version)
        {
          g_warning ("%s: the questionnaire %s version %d is already known; this file is ignored",
                     source, referential->id, referential->version);
          cn_referential_unref (referential);
          return;
        }
    }
  g_ptr_array_add (list, referential);
}

GPtrArray *
cn_referential_list_available (const char  *extra_dir,
                               GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_referential_unref);
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) names = NULL;

  /* Referencing the resource links its object file in, and with it the
   * constructor that registers it. */
  (void) cn_core_get_resource ();
  names = g_resources_enumerate_children (RESOURCE_DIR, 0, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_path ("/", RESOURCE_DIR, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      CnReferential *referential;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;
      bytes = g_resources_lookup_data (path, 0, NULL);
      referential = cn_referential_load_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), names[i], error);
      if (referential == NULL)
        return NULL;
      add_unique (list, referential, names[i]);
    }

  if (extra_dir != NULL && g_file_test (extra_dir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (extra_dir, 0, NULL);
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
      const char *entry;

      /* In name order, so which file wins and what is reported does not
       * depend on the file system. */
      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (entry, ".json"))
          g_ptr_array_add (files, g_strdup (entry));
      g_ptr_array_sort (files, (GCompareFunc) compare_names);
      for (guint f = 0; f < files->len; f++)
        {
          const char *name = files->pdata[f];
          g_autofree char *path = NULL;
          CnReferential *referential;

          path = g_build_filename (extra_dir, name, NULL);
          referential = cn_referential_load_file (path, &local_error);
          /* A broken file of the user's must not take the shipped
           * questionnaires down with it: `connecteur-cli referential
           * check` says what is wrong with it. */
          if (referential == NULL)
            {
              g_warning ("%s", local_error->message);
              g_clear_error (&local_error);
              continue;
            }
          add_unique (list, referential, path);
        }
    }

  g_ptr_array_sort (list, compare_referentials);
  return g_steal_pointer (&list);
}

CnReferential *
cn_referential_lookup (const char  *extra_dir,
                       const char  *id,
                       int          version,
                       GError     **error)
{
  g_autoptr(GPtrArray) list = cn_referential_list_available (extra_dir, error);

  if (list == NULL)
    return NULL;
  /* Sorted by id, newest version first. */
  for (guint i = 0; i < list->len; i++)
    {
      CnReferential *referential = list->pdata[i];

      if (g_str_equal (referential->id, id) && (version == 0 || referential->version == version))
        return cn_referential_ref (referential);
    }
  if (version == 0)
    g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("There is no questionnaire “%s”."), id);
  else
    g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND,
                 _("Version %d of the questionnaire “%s” is not available."), version, id);
  return NULL;
}
