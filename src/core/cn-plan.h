/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-catalogue.h"
#include "cn-diagnostic.h"

G_BEGIN_DECLS

/* An action plan: what the connector hands the owner after a diagnostic.
 * Built from the diagnostic's triggered rules, then edited freely by the
 * connector; the stored plan is what the PDF shows. */

typedef struct {
  char      *id;           /* the rule's action id, or "custom-…" for one added by hand */
  char      *title;
  char      *description;  /* may be empty */
  char      *why;          /* why it is proposed, in words; may be empty */
  char      *horizon;      /* "now", "3-months", "12-months" */
  int        priority;     /* 1 (highest) … 3 */
  char      *price_ref;    /* an entry of the price reference, or NULL */
  char      *owner;        /* who does it, or NULL */
  char      *due_date;     /* "YYYY-MM-DD", or NULL */
  gboolean   done;
} CnPlanAction;

typedef struct {
  char      *id;
  char      *company_id;
  char      *diagnostic_id;
  char      *created_at;
  char      *updated_at;
  char      *note;         /* the connector's personal note, may be empty */
  GPtrArray *actions;      /* of CnPlanAction, in the order shown */
  int        planned_expense;  /* euros HT the company plans to spend; -1: estimated from the prices */
  char      *expense_kind;     /* advice, investment, training, subscription, or NULL: any */
  char      *issued_catalogue; /* set once issued: the catalogue it was issued with (JSON); NULL: the current one */
} CnPlan;

CnPlanAction *cn_plan_action_new   (const char   *id,
                                    const char   *title);
CnPlanAction *cn_plan_action_copy  (const CnPlanAction *action);
void          cn_plan_action_free  (CnPlanAction *action);
void          cn_plan_free         (CnPlan       *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnPlanAction, cn_plan_action_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnPlan, cn_plan_free)

/* A display label for a horizon ("Now", "Within 3 months", …), translated. */
const char   *cn_plan_horizon_label (const char *horizon);

/* Builds (does not store) the plan of a completed diagnostic: one action
 * per triggered rule, by priority, each with the answers that triggered it
 * as its "why".  Pure. */
CnPlan       *cn_plan_build        (CnReferential *referential,
                                    CnDiagnostic  *diagnostic);

/* ---- in the store (one plan per diagnostic) --------------------------- */

/* The plan of @diagnostic_id: the stored one, else built and stored now. */
CnPlan   *cn_store_get_plan         (CnStore       *store,
                                     CnReferential *referential,
                                     const char    *diagnostic_id,
                                     GError       **error);
/* Saves the whole plan (actions, order, note, planned expense) in one
 * transaction. */
gboolean  cn_store_save_plan        (CnStore       *store,
                                     CnPlan        *plan,
                                     GError       **error);
/* Records in the company's timeline that the plan was issued as @file_name,
 * and moves the company to "plan delivered" unless it is further along.
 * The first issue also keeps @catalogue (may be NULL) with the plan and the
 * day: the plan then shows the same aids, prices, testimony and resources
 * however the catalogue changes, until cn_store_renew_plan_catalogue (). */
gboolean  cn_store_record_plan_issued (CnStore     *store,
                                       CnPlan      *plan,
                                       CnCatalogue *catalogue,
                                       const char  *file_name,
                                       GError     **error);
/* The catalogue an issued plan keeps and the day it was issued
 * ("YYYY-MM-DD", the day its aids are judged on); NULL with no error for a
 * plan not issued yet. */
CnCatalogue *cn_store_load_plan_catalogue (CnStore     *store,
                                           CnPlan      *plan,
                                           char       **issued_on,
                                           GError     **error);
/* Lets an issued plan take the catalogue in use again (its next issue
 * keeps that one). */
gboolean  cn_store_renew_plan_catalogue (CnStore     *store,
                                         CnPlan      *plan,
                                         GError     **error);

/* The actions not yet done of the company's latest plan (the one a report
 * marks actions done in), without building a plan: an empty array when the
 * company has none. */
GPtrArray *cn_store_list_open_plan_actions (CnStore     *store,
                                            const char  *company_id,
                                            GError     **error);

G_END_DECLS
