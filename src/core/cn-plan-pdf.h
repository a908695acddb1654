/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-basket.h"
#include "cn-catalogue.h"
#include "cn-plan.h"

G_BEGIN_DECLS

/* The connector who signs the plan (from the preferences, later from the
 * platform's profile).  Any field may be NULL. */
typedef struct {
  const char *name;
  const char *organisation;
  const char *email;
  const char *phone;
} CnConnector;

/* Everything the PDF shows.  Optional parts are NULL (or empty) and then
 * leave no heading behind. */
typedef struct {
  CnCompany         *company;
  CnReferential     *referential;       /* the diagnostic's questionnaire */
  CnDiagnostic      *diagnostic;        /* completed */
  const CnScore     *score;             /* of the diagnostic's answers */
  CnPlan            *plan;
  CnCatalogue       *catalogue;         /* prices, aids */
  GPtrArray         *aids;              /* of CnAidVerdict, eligible ones; may be NULL */
  const CnTestimony *testimony;         /* may be NULL */
  GPtrArray         *resources;         /* of const CnResource *, proposed for the weakest dimensions; may be NULL */
  GPtrArray         *basket;            /* of CnBasketItem, what the connector recommends; may be NULL */
  int                expense;           /* the planned expense the aids are judged on, euros HT */
  gboolean           expense_estimated; /* TRUE when estimated from the prices */
  const char        *aids_on;           /* "YYYY-MM-DD": the day the aids are judged on (the first issue) */
  const CnConnector *connector;         /* may be NULL */
  const char        *next_appointment;  /* already worded, or NULL */
  const char        *today;             /* "YYYY-MM-DD": the date on the cover */
} CnPlanDocument;

/* Writes the plan as an A4 PDF at @path (written to a temporary file and
 * renamed, so a failure leaves no half file).  All text is plain text. */
gboolean cn_plan_pdf_write (const CnPlanDocument *document,
                            const char           *path,
                            GError              **error);

G_END_DECLS
