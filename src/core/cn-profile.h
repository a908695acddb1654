/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-store.h"

G_BEGIN_DECLS

/* The connector using the app: one per database.  Filled by hand or by the
 * platform's GET /me (kind and label expiry); never pushed. */

typedef enum {
  CN_CONNECTOR_CHARTER,   /* volunteer who signed the charter */
  CN_CONNECTOR_LABELLED,  /* labelled expert: may ask for co-financing */
} CnConnectorKind;

typedef struct {
  char            *name;              /* "" when unknown, never NULL */
  char            *organisation;      /* "" */
  char            *email;             /* "" */
  char            *phone;             /* "" */
  char            *region;            /* INSEE region code ("75"), or NULL */
  CnConnectorKind  kind;
  char            *label_expires_on;  /* "YYYY-MM-DD"; NULL for a charter connector */
  char            *updated_at;        /* NULL: never saved (the defaults) */
} CnProfile;

CnProfile  *cn_profile_new                  (void);
CnProfile  *cn_profile_copy                 (const CnProfile *profile);
void        cn_profile_free                 (CnProfile       *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnProfile, cn_profile_free)

/* "charter" / "labelled", as stored and as the platform spells them. */
const char *cn_connector_kind_to_string     (CnConnectorKind  kind);
gboolean    cn_connector_kind_from_string   (const char      *text,
                                             CnConnectorKind *kind);
/* Translated: "Charter connector", "Labelled connector". */
const char *cn_connector_kind_label         (CnConnectorKind  kind);

/* Trims the texts and checks them: email and phone when given, region an
 * INSEE region code, the expiry a date (YYYY-MM-DD).  A charter connector
 * has no label: its expiry date is cleared. */
gboolean    cn_profile_normalize            (CnProfile       *profile,
                                             GError         **error);

/* Co-financing fields are shown, and accepted in reports, only for a
 * labelled connector. */
gboolean    cn_profile_can_request_cofinancing (const CnProfile *profile);

/* No warning to show (see cn_profile_label_warning ()). */
#define CN_PROFILE_NO_LABEL_WARNING G_MININT

/* Days until the label expires, counted from @today ("YYYY-MM-DD"), when
 * it is worth a warning: 60 … 0 (0: it expires today), or a negative
 * number when it has expired (-1: expired yesterday).
 * CN_PROFILE_NO_LABEL_WARNING for a charter connector, a labelled one
 * without expiry date, more than 60 days ahead, or an unreadable date. */
int         cn_profile_label_warning        (const CnProfile *profile,
                                             const char      *today);
/* The same as a translated sentence for a banner, or NULL. */
char       *cn_profile_label_warning_text   (const CnProfile *profile,
                                             const char      *today);

/* The stored profile, or the defaults (a charter connector, empty fields,
 * updated_at NULL) when none was saved. */
CnProfile  *cn_store_get_profile            (CnStore         *store,
                                             GError         **error);
/* Normalises, then saves; sets @profile->updated_at. */
gboolean    cn_store_save_profile           (CnStore         *store,
                                             CnProfile       *profile,
                                             GError         **error);

G_END_DECLS
