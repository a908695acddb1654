/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* One line of a company's timeline.  The kind and detail are data; the
 * sentence is written when displayed, in the user's language. */
#define CN_EVENT_CREATED        "created"
#define CN_EVENT_EDITED         "edited"
#define CN_EVENT_STATUS         "status"    /* detail: "old>new" status ids */
#define CN_EVENT_IMPORTED       "imported"  /* detail: file name */
#define CN_EVENT_CONTACT_ADDED  "contact-added"  /* detail: contact name */
#define CN_EVENT_CONTACT_REMOVED "contact-removed"
#define CN_EVENT_NOTE           "note"      /* detail: the note */
#define CN_EVENT_DIAGNOSTIC     "diagnostic" /* detail: "overall\tlevel name" */
#define CN_EVENT_PLAN_ISSUED    "plan-issued" /* detail: "file name\tdiagnostic id" */
#define CN_EVENT_APPOINTMENT    "appointment" /* detail: "status\tsubject" (planned, done, cancelled, no_show) */
#define CN_EVENT_REPORT         "report"      /* detail: the report's summary */

#define CN_TYPE_EVENT (cn_event_get_type ())
G_DECLARE_FINAL_TYPE (CnEvent, cn_event, CN, EVENT, GObject)

CnEvent    *cn_event_new          (const char *id,
                                   const char *company_id,
                                   const char *at,
                                   const char *kind,
                                   const char *detail);
const char *cn_event_get_id         (CnEvent *self);
const char *cn_event_get_company_id (CnEvent *self);
const char *cn_event_get_at         (CnEvent *self);
const char *cn_event_get_kind       (CnEvent *self);
const char *cn_event_get_detail     (CnEvent *self);
/* A translated sentence for the timeline ("Status changed from Lead to
 * Contacted"); plain text, never markup. */
char       *cn_event_describe       (CnEvent *self);

G_END_DECLS
