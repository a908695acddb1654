/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The follow-up of a company, in the order a coaching usually goes. */
typedef enum {
  CN_COMPANY_STATUS_LEAD,
  CN_COMPANY_STATUS_CONTACTED,
  CN_COMPANY_STATUS_DIAGNOSED,
  CN_COMPANY_STATUS_PLAN_DELIVERED,
  CN_COMPANY_STATUS_ACCOMPANIED,
  CN_COMPANY_STATUS_FOLLOWED_UP,
  CN_COMPANY_STATUS_CLOSED,
} CnCompanyStatus;

#define CN_COMPANY_N_STATUSES (CN_COMPANY_STATUS_CLOSED + 1)

const char *cn_company_status_to_string   (CnCompanyStatus status);
gboolean    cn_company_status_from_string (const char      *text,
                                           CnCompanyStatus *status);
const char *cn_company_status_label       (CnCompanyStatus status);

/* Which fields the connector filled in the wrong way; the form shows each
 * message beside its field. */
typedef enum {
  CN_COMPANY_FIELD_NONE,
  CN_COMPANY_FIELD_NAME,
  CN_COMPANY_FIELD_SIREN,
  CN_COMPANY_FIELD_SIRET,
  CN_COMPANY_FIELD_NAF,
  CN_COMPANY_FIELD_HEADCOUNT,
  CN_COMPANY_FIELD_POSTCODE,
  CN_COMPANY_FIELD_REVENUE,
  CN_COMPANY_FIELD_CUSTOMER_TYPE,
  CN_COMPANY_FIELD_WEB_PRESENCE,
  CN_COMPANY_FIELD_NOTES,
  CN_COMPANY_FIELD_FOUNDED,
  CN_COMPANY_FIELD_EMPLOYEES,
} CnCompanyField;

#define CN_COMPANY_N_FIELDS (CN_COMPANY_FIELD_EMPLOYEES + 1)

/* More than any French company employs. */
#define CN_COMPANY_EMPLOYEES_MAX 1000000

typedef struct {
  const char *id;     /* stored value */
  const char *label;  /* untranslated; translate with _() */
} CnChoice;

const CnChoice *cn_revenue_brackets   (guint *n);
const CnChoice *cn_customer_types     (guint *n);
const CnChoice *cn_web_presences      (guint *n);
const char     *cn_choice_label       (const CnChoice *choices,
                                       guint           n,
                                       const char     *id);

/* Notes can hold years of visits, but a bound keeps one paste from filling
 * the disk or freezing the UI. */
#define CN_COMPANY_NOTES_MAX_BYTES (1024 * 1024)
#define CN_COMPANY_TEXT_MAX_BYTES  1024

#define CN_TYPE_COMPANY (cn_company_get_type ())
G_DECLARE_FINAL_TYPE (CnCompany, cn_company, CN, COMPANY, GObject)

CnCompany       *cn_company_new                 (void);
CnCompany       *cn_company_copy                (CnCompany      *self);
/* Copies every field of @source into @self and emits "changed", so rows
 * showing @self can redraw after the store changed it. */
void             cn_company_assign              (CnCompany      *self,
                                                 CnCompany      *source);

const char      *cn_company_get_id              (CnCompany      *self);
void             cn_company_set_id              (CnCompany      *self,
                                                 const char     *id);
const char      *cn_company_get_name            (CnCompany      *self);
void             cn_company_set_name            (CnCompany      *self,
                                                 const char     *name);
const char      *cn_company_get_siren           (CnCompany      *self);
void             cn_company_set_siren           (CnCompany      *self,
                                                 const char     *siren);
const char      *cn_company_get_siret           (CnCompany      *self);
void             cn_company_set_siret           (CnCompany      *self,
                                                 const char     *siret);
const char      *cn_company_get_naf             (CnCompany      *self);
void             cn_company_set_naf             (CnCompany      *self,
                                                 const char     *naf);
const char      *cn_company_get_headcount       (CnCompany      *self);
void             cn_company_set_headcount       (CnCompany      *self,
                                                 const char     *headcount);
const char      *cn_company_get_revenue         (CnCompany      *self);
void             cn_company_set_revenue         (CnCompany      *self,
                                                 const char     *revenue);
const char      *cn_company_get_customer_type   (CnCompany      *self);
void             cn_company_set_customer_type   (CnCompany      *self,
                                                 const char     *customer_type);
const char      *cn_company_get_web_presence    (CnCompany      *self);
void             cn_company_set_web_presence    (CnCompany      *self,
                                                 const char     *web_presence);
const char      *cn_company_get_address         (CnCompany      *self);
void             cn_company_set_address         (CnCompany      *self,
                                                 const char     *address);
const char      *cn_company_get_postcode        (CnCompany      *self);
void             cn_company_set_postcode        (CnCompany      *self,
                                                 const char     *postcode);
const char      *cn_company_get_commune         (CnCompany      *self);
void             cn_company_set_commune         (CnCompany      *self,
                                                 const char     *commune);
/* The date the company was created (registered), "2017-05-24"; the
 * directory gives it.  cn_company_normalize() also takes "24/05/2017". */
const char      *cn_company_get_founded_on      (CnCompany      *self);
void             cn_company_set_founded_on      (CnCompany      *self,
                                                 const char     *founded_on);
/* The exact number of employees, -1 when not known.  The bracket says
 * "10 to 19"; an aid for "under 11" needs the number.  When it is known,
 * cn_company_normalize() fills an empty bracket from it and refuses a
 * bracket it does not fall in.  Local only: the platform takes brackets. */
int              cn_company_get_employees       (CnCompany      *self);
void             cn_company_set_employees       (CnCompany      *self,
                                                 int             employees);
/* Derived from the postcode by cn_company_normalize(). */
const char      *cn_company_get_department      (CnCompany      *self);
const char      *cn_company_get_region          (CnCompany      *self);
CnCompanyStatus  cn_company_get_status          (CnCompany      *self);
void             cn_company_set_status          (CnCompany      *self,
                                                 CnCompanyStatus status);
const char      *cn_company_get_notes           (CnCompany      *self);
void             cn_company_set_notes           (CnCompany      *self,
                                                 const char     *notes);
const char * const *cn_company_get_tags         (CnCompany      *self);
void             cn_company_set_tags            (CnCompany      *self,
                                                 const char * const *tags);
gboolean         cn_company_get_consent_share   (CnCompany      *self);
void             cn_company_set_consent_share   (CnCompany      *self,
                                                 gboolean        consent);
const char      *cn_company_get_created_at      (CnCompany      *self);
const char      *cn_company_get_updated_at      (CnCompany      *self);
const char      *cn_company_get_last_activity_at (CnCompany     *self);
/* The platform's revision, or -1 when the platform never acknowledged it. */
gint64           cn_company_get_revision        (CnCompany      *self);

/* Canonical forms (bare digits, 47.71Z, derived SIREN, department and
 * region) and validation of every field.  On error, @field says which one. */
gboolean         cn_company_normalize           (CnCompany      *self,
                                                 CnCompanyField *field,
                                                 GError        **error);

/* Read-only fields the store fills in. */
void             cn_company_set_stored_fields   (CnCompany      *self,
                                                 const char     *created_at,
                                                 const char     *updated_at,
                                                 const char     *last_activity_at,
                                                 gint64          revision);

/* "Ecole Dupont" from "École Dupont": case- and accent-free, for sorting. */
char            *cn_sort_key                    (const char     *text);

G_END_DECLS
