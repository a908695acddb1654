/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-lead"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-company.h"
#include "cn-contact.h"
#include "cn-error.h"
#include "cn-event.h"
#include "cn-lead.h"
#include "cn-store-private.h"
#include "cn-util.h"

void
cn_lead_free (CnLead *lead)
{
  if (lead == NULL)
    return;
  g_free (lead->id);
  g_free (lead->name);
  g_free (lead->siren);
  g_free (lead->contact_name);
  g_free (lead->contact_email);
  g_free (lead->postcode);
  g_free (lead->naf);
  g_free (lead->headcount);
  g_free (lead->self_completed_at);
  g_free (lead->received_at);
  g_free (lead->company_id);
  g_free (lead);
}

#define LEAD_COLUMNS \
  "id, name, siren, contact_name, contact_email, postcode, naf, headcount," \
  " self_overall, self_level, self_completed_at, received_at, company_id"

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static CnLead *
lead_from_row (sqlite3_stmt *stmt)
{
  CnLead *lead = g_new0 (CnLead, 1);

  lead->id = column_dup (stmt, 0);
  lead->name = column_dup (stmt, 1);
  lead->siren = column_dup (stmt, 2);
  lead->contact_name = column_dup (stmt, 3);
  lead->contact_email = column_dup (stmt, 4);
  lead->postcode = column_dup (stmt, 5);
  lead->naf = column_dup (stmt, 6);
  lead->headcount = column_dup (stmt, 7);
  lead->self_overall = sqlite3_column_type (stmt, 8) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 8);
  lead->self_level = sqlite3_column_type (stmt, 9) == SQLITE_NULL ? -1 : sqlite3_column_int (stmt, 9);
  lead->self_completed_at = column_dup (stmt, 10);
  lead->received_at = column_dup (stmt, 11);
  lead->company_id = column_dup (stmt, 12);
  return lead;
}

GPtrArray *
cn_store_list_leads (CnStore   *store,
                     gboolean   include_adopted,
                     GError   **error)
{
  g_autoptr(GPtrArray) leads = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_lead_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  stmt = cn_store_prepare (store,
                           "SELECT " LEAD_COLUMNS " FROM leads"
                           " WHERE :all OR company_id IS NULL"
                           " ORDER BY coalesce (self_completed_at, received_at) DESC, name",
                           error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_int64 (stmt, ":all", include_adopted);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (leads, lead_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&leads);
}

CnLead *
cn_store_get_lead (CnStore     *store,
                   const char  *id,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  CnLead *lead;
  int rc;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  stmt = cn_store_prepare (store, "SELECT " LEAD_COLUMNS " FROM leads WHERE id = :id", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":id", id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc == SQLITE_DONE)
        g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("No lead has the id %s."), id);
      else
        cn_store_set_error (store, rc, error);
      return NULL;
    }
  lead = lead_from_row (stmt);
  sqlite3_reset (stmt);
  return lead;
}

/* The lead's identity as a company.  What the model refuses (a SIREN with
 * a wrong key, an unknown activity code) is dropped, one field at a time:
 * the connector completes it on the company's page. */
static CnCompany *
company_from_lead (CnLead  *lead,
                   GError **error)
{
  g_autoptr(CnCompany) company = cn_company_new ();

  cn_company_set_name (company, lead->name);
  cn_company_set_siren (company, lead->siren);
  cn_company_set_postcode (company, lead->postcode);
  cn_company_set_naf (company, lead->naf);
  cn_company_set_headcount (company, lead->headcount);

  for (guint attempt = 0; attempt < CN_COMPANY_N_FIELDS; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      CnCompanyField field = CN_COMPANY_FIELD_NONE;

      if (cn_company_normalize (company, &field, &local_error))
        return g_steal_pointer (&company);
      switch (field)
        {
        case CN_COMPANY_FIELD_SIREN: cn_company_set_siren (company, NULL); break;
        case CN_COMPANY_FIELD_POSTCODE: cn_company_set_postcode (company, NULL); break;
        case CN_COMPANY_FIELD_NAF: cn_company_set_naf (company, NULL); break;
        case CN_COMPANY_FIELD_HEADCOUNT: cn_company_set_headcount (company, NULL); break;
        default:
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  g_set_error (error, CN_ERROR, CN_ERROR_INVALID, _("The lead cannot be made a company."));
  return NULL;
}

gboolean
cn_store_adopt_lead (CnStore     *store,
                     const char  *id,
                     char       **company_id,
                     GError     **error)
{
  g_autoptr(CnLead) lead = NULL;
  g_autoptr(CnCompany) company = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  if (!cn_store_begin (store, error))
    return FALSE;
  lead = cn_store_get_lead (store, id, error);
  if (lead == NULL)
    goto fail;
  if (lead->company_id != NULL)
    {
      if (company_id)
        *company_id = g_strdup (lead->company_id);
      return cn_store_commit (store, error);
    }

  company = company_from_lead (lead, error);
  if (company == NULL || !cn_store_add_company (store, company, NULL, error))
    goto fail;

  if (lead->contact_name != NULL && *lead->contact_name != '\0')
    {
      g_autoptr(CnContact) contact = cn_contact_new ();
      g_autofree char *date = g_strndup (lead->self_completed_at ? lead->self_completed_at : lead->received_at, 10);

      cn_contact_set_company_id (contact, cn_company_get_id (company));
      cn_contact_set_name (contact, lead->contact_name);
      if (lead->contact_email != NULL && cn_email_validate (lead->contact_email, NULL))
        cn_contact_set_email (contact, lead->contact_email);
      /* The platform only passes on SMEs that agreed to be contacted. */
      cn_contact_set_consent (contact, TRUE, date, _("To be contacted after the online self-diagnostic"));
      if (!cn_store_save_contact (store, contact, error))
        goto fail;
    }

  if (lead->self_level > 0)
    {
      g_autofree char *note = NULL;

      if (lead->self_overall >= 0)
        note = g_strdup_printf (_("Online self-diagnostic: level %d of 5, score %d/100."),
                                lead->self_level, lead->self_overall);
      else
        note = g_strdup_printf (_("Online self-diagnostic: level %d of 5."), lead->self_level);
      if (!cn_store_add_event (store, cn_company_get_id (company), CN_EVENT_NOTE, note, error))
        goto fail;
    }

  stmt = cn_store_prepare (store, "UPDATE leads SET company_id = :company WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":company", cn_company_get_id (company));
  cn_store_bind_text (stmt, ":id", id);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;
  if (!cn_store_commit (store, error))
    return FALSE;

  if (company_id)
    *company_id = g_strdup (cn_company_get_id (company));
  return TRUE;

fail:
  cn_store_rollback (store);
  return FALSE;
}
