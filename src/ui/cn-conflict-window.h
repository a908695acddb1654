/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"
#include "cn-sync-store.h"

G_BEGIN_DECLS

/* A conflict side by side: the record as it is on this computer ("My
 * Version") and as the platform has it, field by field in words, the
 * fields that differ marked, and the two ways out: keep mine (sent again
 * on the platform's revision) or take the platform's.  A record deleted on
 * one side says so.  Widget actions "conflict.keep-mine" and
 * "conflict.take-platform".  Emits "resolved" (CnConflictChoice as int)
 * and closes once the store has it. */
#define CN_TYPE_CONFLICT_WINDOW (cn_conflict_window_get_type ())
G_DECLARE_FINAL_TYPE (CnConflictWindow, cn_conflict_window, CN, CONFLICT_WINDOW, AdwWindow)

/* NULL with @error when no conflict is open on the record. */
CnConflictWindow *cn_conflict_window_new        (GtkWindow        *parent,
                                                 CnStore          *store,
                                                 const char       *entity_type,
                                                 const char       *entity_id,
                                                 GError          **error);
/* What the buttons do; FALSE when the store refused (the window says why
 * and stays open). */
gboolean          cn_conflict_window_resolve    (CnConflictWindow *self,
                                                 CnConflictChoice  choice);
/* For tests: the text shown for @member (a `data` member of the platform)
 * in one version, or NULL when that version is not shown (deleted). */
const char       *cn_conflict_window_get_text   (CnConflictWindow *self,
                                                 const char       *member,
                                                 gboolean          platform);
gboolean          cn_conflict_window_differs    (CnConflictWindow *self,
                                                 const char       *member);

/* A `data` member of a record of the platform in words ("Start",
 * "Status"), or NULL for a member this version does not show. */
const char       *cn_sync_field_label           (const char       *entity_type,
                                                 const char       *member);
/* The company a sync issue is about: the record itself for a company,
 * else the company its data names, from this computer's copy or, when it
 * was deleted here, from the platform's.  NULL when none. */
char             *cn_sync_issue_get_company_id  (CnStore           *store,
                                                 const CnSyncIssue *issue);

G_END_DECLS
