/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A person at a company.  Personal data under the RGPD: the consent to be
 * contacted is recorded with its date and purpose. */
#define CN_TYPE_CONTACT (cn_contact_get_type ())
G_DECLARE_FINAL_TYPE (CnContact, cn_contact, CN, CONTACT, GObject)

CnContact  *cn_contact_new                 (void);
CnContact  *cn_contact_copy                (CnContact   *self);
const char *cn_contact_get_id              (CnContact   *self);
void        cn_contact_set_id              (CnContact   *self,
                                            const char  *id);
const char *cn_contact_get_company_id      (CnContact   *self);
void        cn_contact_set_company_id      (CnContact   *self,
                                            const char  *company_id);
const char *cn_contact_get_name            (CnContact   *self);
void        cn_contact_set_name            (CnContact   *self,
                                            const char  *name);
const char *cn_contact_get_role            (CnContact   *self);
void        cn_contact_set_role            (CnContact   *self,
                                            const char  *role);
const char *cn_contact_get_email           (CnContact   *self);
void        cn_contact_set_email           (CnContact   *self,
                                            const char  *email);
const char *cn_contact_get_phone           (CnContact   *self);
void        cn_contact_set_phone           (CnContact   *self,
                                            const char  *phone);
gboolean    cn_contact_get_consent         (CnContact   *self);
/* The date (YYYY-MM-DD) the consent was given, NULL when none. */
const char *cn_contact_get_consent_date    (CnContact   *self);
const char *cn_contact_get_consent_purpose (CnContact   *self);
/* Recording consent sets its date to @date, or today when NULL;
 * withdrawing it clears date and purpose. */
void        cn_contact_set_consent         (CnContact   *self,
                                            gboolean     consent,
                                            const char  *date,
                                            const char  *purpose);

gboolean    cn_contact_normalize           (CnContact   *self,
                                            GError     **error);
gboolean    cn_email_validate              (const char  *text,
                                            GError     **error);
gboolean    cn_phone_validate              (const char  *text,
                                            GError     **error);

G_END_DECLS
