/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-store.h"

G_BEGIN_DECLS

/* The outreach log: awareness work that is not about one company (a
 * workshop at the chamber of commerce, a phone campaign…).  Synced as
 * "outreach". */

typedef enum {
  CN_OUTREACH_EVENT,
  CN_OUTREACH_WORKSHOP,
  CN_OUTREACH_CALL,
  CN_OUTREACH_VISIT,
  CN_OUTREACH_OTHER,
} CnOutreachKind;

#define CN_OUTREACH_N_KINDS (CN_OUTREACH_OTHER + 1)

/* "event", "workshop", "call", "visit", "other", as stored and synced. */
const char *cn_outreach_kind_to_string   (CnOutreachKind  kind);
gboolean    cn_outreach_kind_from_string (const char     *text,
                                          CnOutreachKind *kind);
/* Translated: "Event", "Workshop", "Phone call", "Visit", "Other". */
const char *cn_outreach_kind_label       (CnOutreachKind  kind);

typedef struct {
  char           *id;            /* NULL until saved */
  char           *date;          /* "YYYY-MM-DD" */
  CnOutreachKind  kind;
  char           *title;         /* not empty */
  int             smes_reached;  /* ≥ 0 */
  int             leads;         /* ≥ 0 */
  char           *notes;         /* "" when none, never NULL once normalised */
  char           *created_at;
  char           *updated_at;
  gint64          revision;      /* the platform's, or -1 if never sent */
} CnOutreach;

CnOutreach *cn_outreach_new       (void);
CnOutreach *cn_outreach_copy      (const CnOutreach *outreach);
void        cn_outreach_free      (CnOutreach       *outreach);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnOutreach, cn_outreach_free)

/* Trims the texts and checks: date YYYY-MM-DD, a known kind, a title,
 * counts ≥ 0.  Pure. */
gboolean    cn_outreach_normalize (CnOutreach       *outreach,
                                   GError          **error);

/* ---- in the store --------------------------------------------------------- */

/* Inserts (id NULL: one is given) or updates, and queues it for the
 * platform, in one transaction.  Sets id and the times. */
gboolean    cn_store_save_outreach   (CnStore     *store,
                                      CnOutreach  *outreach,
                                      GError     **error);
/* Deletes it and queues the deletion, in one transaction. */
gboolean    cn_store_delete_outreach (CnStore     *store,
                                      const char  *id,
                                      GError     **error);
/* CN_ERROR_NOT_FOUND when there is none. */
CnOutreach *cn_store_get_outreach    (CnStore     *store,
                                      const char  *id,
                                      GError     **error);
/* Entries from @from to @to included ("YYYY-MM-DD"; NULL: no bound), newest
 * first. */
GPtrArray  *cn_store_list_outreach   (CnStore     *store,
                                      const char  *from,
                                      const char  *to,
                                      GError     **error);

/* A lead met during @outreach_id becomes a company of the portfolio in one
 * step: status "lead", tagged with the outreach's title, its "created"
 * event and a note event naming the outreach, and its outbox entry, in one
 * transaction.  @postcode may be NULL.  Returns the new company. */
CnCompany  *cn_store_company_from_outreach (CnStore     *store,
                                            const char  *outreach_id,
                                            const char  *name,
                                            const char  *postcode,
                                            GError     **error);

G_END_DECLS
