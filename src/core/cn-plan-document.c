/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-error.h"
#include "cn-plan-document.h"
#include "cn-util.h"

/* The document owns what its const pointers point to; these keep the
 * owned copies so they can be freed. */
typedef struct {
  CnPlanDocument  public;
  CnScore        *score;
  CnConnector     connector;
  char           *connector_strings[4];
  char           *today;
  char           *aids_on;
} OwnedDocument;

void
cn_plan_document_free (CnPlanDocument *document)
{
  OwnedDocument *owned = (OwnedDocument *) document;

  if (document == NULL)
    return;
  g_clear_object (&document->company);
  g_clear_pointer (&document->referential, cn_referential_unref);
  g_clear_pointer (&document->diagnostic, cn_diagnostic_free);
  g_clear_pointer (&owned->score, cn_score_free);
  g_clear_pointer (&document->plan, cn_plan_free);
  g_clear_pointer (&document->catalogue, cn_catalogue_unref);
  g_clear_pointer (&document->aids, g_ptr_array_unref);
  g_clear_pointer (&document->resources, g_ptr_array_unref);
  g_clear_pointer (&document->basket, g_ptr_array_unref);
  g_free (owned->aids_on);
  for (guint i = 0; i < G_N_ELEMENTS (owned->connector_strings); i++)
    g_free (owned->connector_strings[i]);
  g_free (owned->today);
  g_free (owned);
}

int
cn_plan_estimate_investment (CnPlan      *plan,
                             CnCatalogue *catalogue)
{
  int total = 0;

  for (guint i = 0; i < plan->actions->len; i++)
    {
      CnPlanAction *action = plan->actions->pdata[i];
      const CnPrice *price = action->price_ref ? cn_catalogue_find_price (catalogue, action->price_ref) : NULL;

      if (price != NULL && g_strcmp0 (price->unit, "once") == 0)
        total += price->typical;
    }
  return total;
}

int
cn_plan_get_expense (CnPlan      *plan,
                     CnCatalogue *catalogue,
                     gboolean    *estimated)
{
  if (estimated != NULL)
    *estimated = plan->planned_expense < 0;
  return plan->planned_expense >= 0 ? plan->planned_expense : cn_plan_estimate_investment (plan, catalogue);
}

static const char *
profile_answer (CnReferential *referential,
                CnDiagnostic  *diagnostic,
                const char    *profile)
{
  const CnQuestion *question = cn_referential_find_profile (referential, profile);
  const char *const *answer = question ? cn_answers_get (diagnostic->answers, question->id) : NULL;

  return answer ? answer[0] : NULL;
}

CnPlanDocument *
cn_plan_document_load (CnStore            *store,
                       const char         *diagnostic_id,
                       CnCatalogue        *catalogue,
                       const CnConnector  *connector,
                       GError            **error)
{
  OwnedDocument *owned = g_new0 (OwnedDocument, 1);
  CnPlanDocument *document = &owned->public;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *data_dir = g_path_get_dirname (cn_store_get_path (store));
  g_autofree char *extra = g_build_filename (data_dir, "referential", NULL);
  g_autoptr(GPtrArray) verdicts = NULL;
  g_autoptr(GPtrArray) action_ids = g_ptr_array_new ();

  document->catalogue = cn_catalogue_ref (catalogue);
  document->diagnostic = cn_store_load_diagnostic (store, diagnostic_id, error);
  if (document->diagnostic == NULL)
    goto fail;
  if (document->diagnostic->completed_at == NULL || document->diagnostic->company_id == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("A plan is made from a completed diagnostic of a saved company."));
      goto fail;
    }
  /* The questionnaire at the version the diagnostic was made with. */
  document->referential = cn_referential_lookup (extra, document->diagnostic->questionnaire,
                                                 document->diagnostic->version, error);
  if (document->referential == NULL ||
      (document->company = cn_store_get_company (store, document->diagnostic->company_id, error)) == NULL ||
      (document->plan = cn_store_get_plan (store, document->referential, diagnostic_id, error)) == NULL)
    goto fail;
  owned->score = cn_score_compute (document->referential, document->diagnostic->answers);
  document->score = owned->score;

  owned->today = g_date_time_format (now, "%Y-%m-%d");
  document->today = owned->today;
  /* An issued plan keeps the catalogue of its first issue, and its aids
   * are judged on that day: what the owner was handed stays true. */
  {
    g_autoptr(CnCatalogue) kept = cn_store_load_plan_catalogue (store, document->plan, &owned->aids_on, error);

    if (kept == NULL && document->plan->issued_catalogue != NULL)
      goto fail;
    if (kept != NULL)
      {
        cn_catalogue_unref (document->catalogue);
        document->catalogue = g_steal_pointer (&kept);
        catalogue = document->catalogue;
      }
  }
  if (owned->aids_on == NULL)
    owned->aids_on = g_strdup (owned->today);
  document->aids_on = owned->aids_on;
  document->expense = cn_plan_get_expense (document->plan, catalogue, &document->expense_estimated);
  verdicts = cn_catalogue_judge_aids (catalogue, document->company, document->plan->expense_kind,
                                      document->expense, owned->aids_on);
  /* The PDF offers what the company can claim; the app shows the rest. */
  document->aids = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_aid_verdict_free);
  for (guint i = 0; i < verdicts->len; i++)
    {
      CnAidVerdict *verdict = verdicts->pdata[i];

      if (verdict->eligible)
        g_ptr_array_add (document->aids, g_ptr_array_steal_index (verdicts, i--));
    }

  for (guint i = 0; i < document->plan->actions->len; i++)
    g_ptr_array_add (action_ids, ((CnPlanAction *) document->plan->actions->pdata[i])->id);
  g_ptr_array_add (action_ids, NULL);
  document->testimony = cn_catalogue_match_testimony (catalogue, document->company,
                                                      profile_answer (document->referential, document->diagnostic, "size"),
                                                      cn_score_get_level_number (owned->score),
                                                      (const char *const *) action_ids->pdata);
  {
    g_auto(GStrv) weakest = cn_score_weakest_dimensions (owned->score);

    /* The three weakest dimensions: more would drown the plan. */
    guint n_weakest = g_strv_length (weakest);

    for (guint i = 3; i < n_weakest; i++)
      g_clear_pointer (&weakest[i], g_free);
    document->basket = cn_store_list_basket_for_plan (store, catalogue, document->plan->company_id, error);
    if (document->basket == NULL)
      goto fail;
    document->resources = cn_catalogue_match_resources (catalogue, (const char *const *) weakest,
                                                        cn_score_get_level_number (owned->score), 3);
    /* What the connector recommends is printed once, with their words. */
    for (guint i = 0; i < document->resources->len; i++)
      for (guint b = 0; b < document->basket->len; b++)
        {
          CnBasketItem *item = document->basket->pdata[b];

          if (item->kind == CN_BASKET_RESOURCE &&
              g_strcmp0 (item->item_id, ((const CnResource *) document->resources->pdata[i])->id) == 0)
            {
              g_ptr_array_remove_index (document->resources, i--);
              break;
            }
        }
  }

  if (connector != NULL)
    {
      const char *fields[] = { connector->name, connector->organisation, connector->email, connector->phone };

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        owned->connector_strings[i] = fields[i] && *fields[i] ? g_strdup (fields[i]) : NULL;
      owned->connector = (CnConnector) { owned->connector_strings[0], owned->connector_strings[1],
                                         owned->connector_strings[2], owned->connector_strings[3] };
      document->connector = &owned->connector;
    }
  return document;

fail:
  cn_plan_document_free (document);
  return NULL;
}

char *
cn_plan_document_file_name (CnPlanDocument *document)
{
  g_autofree char *ascii = g_str_to_ascii (cn_company_get_name (document->company), "C");
  g_autoptr(GString) slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && slug->len < 60; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (*p == '&')
        g_string_append (slug, slug->len && slug->str[slug->len - 1] != '-' ? "-et-" : "et-");
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "entreprise");
  /* Translators: the start of an action plan's file name; keep it ASCII, lower case, with dashes */
  return g_strdup_printf ("%s-%s-%s.pdf", _("action-plan"), slug->str, document->today);
}
