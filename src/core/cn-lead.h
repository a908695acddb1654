/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-store.h"

G_BEGIN_DECLS

/* A lead: an SME that took the platform's self-diagnostic and agreed to be
 * contacted.  Pulled from the platform, never pushed; adopting one makes
 * it a followed company. */
typedef struct {
  char   *id;
  char   *name;
  char   *siren;              /* or NULL */
  char   *contact_name;       /* or NULL */
  char   *contact_email;      /* or NULL */
  char   *postcode;           /* or NULL */
  char   *naf;                /* or NULL */
  char   *headcount;          /* INSEE bracket code, or NULL */
  int     self_overall;       /* 0–100, or -1 */
  int     self_level;         /* 1–5, or -1 */
  char   *self_completed_at;  /* UTC, or NULL */
  char   *received_at;
  char   *company_id;         /* the company made from it, or NULL */
} CnLead;

void      cn_lead_free          (CnLead     *lead);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnLead, cn_lead_free)

/* The leads not adopted yet (all of them with @include_adopted), newest
 * self-diagnostic first. */
GPtrArray *cn_store_list_leads  (CnStore     *store,
                                 gboolean     include_adopted,
                                 GError     **error);
CnLead    *cn_store_get_lead    (CnStore     *store,
                                 const char  *id,
                                 GError     **error);
/* Makes the lead a followed company (status "lead"), with what the lead
 * gave: name, SIREN, postcode, activity, headcount, and the contact with
 * their consent to be contacted dated from the self-diagnostic; a note on
 * the timeline gives the self-diagnostic's result.  A value the company
 * model refuses is left empty for the connector to fill.  One transaction;
 * sets *@company_id.  A lead already adopted gives its company again. */
gboolean   cn_store_adopt_lead  (CnStore     *store,
                                 const char  *id,
                                 char       **company_id,
                                 GError     **error);

G_END_DECLS
