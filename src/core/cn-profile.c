/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-profile"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "cn-contact.h"
#include "cn-error.h"
#include "cn-geo.h"
#include "cn-profile.h"
#include "cn-store-private.h"
#include "cn-util.h"

/* How long before its expiry the label is worth a warning. */
#define LABEL_WARNING_DAYS 60

CnProfile *
cn_profile_new (void)
{
  CnProfile *profile = g_new0 (CnProfile, 1);

  profile->name = g_strdup ("");
  profile->organisation = g_strdup ("");
  profile->email = g_strdup ("");
  profile->phone = g_strdup ("");
  profile->kind = CN_CONNECTOR_CHARTER;
  return profile;
}

CnProfile *
cn_profile_copy (const CnProfile *profile)
{
  CnProfile *copy = g_new0 (CnProfile, 1);

  copy->name = g_strdup (profile->name);
  copy->organisation = g_strdup (profile->organisation);
  copy->email = g_strdup (profile->email);
  copy->phone = g_strdup (profile->phone);
  copy->region = g_strdup (profile->region);
  copy->kind = profile->kind;
  copy->label_expires_on = g_strdup (profile->label_expires_on);
  copy->updated_at = g_strdup (profile->updated_at);
  return copy;
}

void
cn_profile_free (CnProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->name);
  g_free (profile->organisation);
  g_free (profile->email);
  g_free (profile->phone);
  g_free (profile->region);
  g_free (profile->label_expires_on);
  g_free (profile->updated_at);
  g_free (profile);
}

const char *
cn_connector_kind_to_string (CnConnectorKind kind)
{
  return kind == CN_CONNECTOR_LABELLED ? "labelled" : "charter";
}

gboolean
cn_connector_kind_from_string (const char      *text,
                               CnConnectorKind *kind)
{
  if (g_strcmp0 (text, "charter") == 0)
    *kind = CN_CONNECTOR_CHARTER;
  else if (g_strcmp0 (text, "labelled") == 0)
    *kind = CN_CONNECTOR_LABELLED;
  else
    return FALSE;
  return TRUE;
}

const char *
cn_connector_kind_label (CnConnectorKind kind)
{
  return kind == CN_CONNECTOR_LABELLED ? _("Labelled connector") : _("Charter connector");
}

/* "YYYY-MM-DD", a day that exists. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  int year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  year = atoi (text);
  month = atoi (text + 5);
  day = atoi (text + 8);
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* Strips @text in place; NULL becomes "". */
static void
strip_text (char **text)
{
  if (*text == NULL)
    *text = g_strdup ("");
  g_strstrip (*text);
}

static gboolean
check_text (const char  *text,
            GError     **error)
{
  if (!g_utf8_validate (text, -1, NULL) || strlen (text) > CN_COMPANY_TEXT_MAX_BYTES)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("A field of the profile is not valid text or is too long."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cn_profile_normalize (CnProfile  *profile,
                      GError    **error)
{
  strip_text (&profile->name);
  strip_text (&profile->organisation);
  strip_text (&profile->email);
  strip_text (&profile->phone);
  if (!check_text (profile->name, error) || !check_text (profile->organisation, error) ||
      !check_text (profile->email, error) || !check_text (profile->phone, error))
    return FALSE;
  if (*profile->email != '\0' && !cn_email_validate (profile->email, error))
    return FALSE;
  if (*profile->phone != '\0' && !cn_phone_validate (profile->phone, error))
    return FALSE;

  if (profile->region != NULL)
    {
      g_strstrip (profile->region);
      if (*profile->region == '\0')
        g_clear_pointer (&profile->region, g_free);
      else if (cn_geo_region_lookup (profile->region) == NULL)
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                       _("“%s” is not an INSEE region code (for example 75 for Nouvelle-Aquitaine)."),
                       profile->region);
          return FALSE;
        }
    }

  if (profile->kind != CN_CONNECTOR_CHARTER && profile->kind != CN_CONNECTOR_LABELLED)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("A connector is either a charter connector or a labelled one."));
      return FALSE;
    }
  if (profile->kind == CN_CONNECTOR_CHARTER)
    g_clear_pointer (&profile->label_expires_on, g_free);
  else if (profile->label_expires_on != NULL)
    {
      GDate date;

      g_strstrip (profile->label_expires_on);
      if (*profile->label_expires_on == '\0')
        g_clear_pointer (&profile->label_expires_on, g_free);
      else if (!parse_date (profile->label_expires_on, &date))
        {
          g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                               _("The label expiry date is not a date (YYYY-MM-DD)."));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
cn_profile_can_request_cofinancing (const CnProfile *profile)
{
  return profile != NULL && profile->kind == CN_CONNECTOR_LABELLED;
}

int
cn_profile_label_warning (const CnProfile *profile,
                          const char      *today)
{
  GDate now, expiry;
  int days;

  if (profile == NULL || profile->kind != CN_CONNECTOR_LABELLED ||
      !parse_date (profile->label_expires_on, &expiry) || !parse_date (today, &now))
    return CN_PROFILE_NO_LABEL_WARNING;
  days = g_date_days_between (&now, &expiry);
  if (days > LABEL_WARNING_DAYS)
    return CN_PROFILE_NO_LABEL_WARNING;
  return days;
}

char *
cn_profile_label_warning_text (const CnProfile *profile,
                               const char      *today)
{
  int days = cn_profile_label_warning (profile, today);

  if (days == CN_PROFILE_NO_LABEL_WARNING)
    return NULL;
  if (days < 0)
    {
      g_autofree char *iso = g_strconcat (profile->label_expires_on, "T12:00:00Z", NULL);
      g_autofree char *date = cn_format_date_for_display (iso);

      /* Translators: %s is a date, "March 31, 2027" */
      return g_strdup_printf (_("Your connector label expired on %s. Renew it to keep asking for co-financing."), date);
    }
  if (days == 0)
    return g_strdup (_("Your connector label expires today."));
  return g_strdup_printf (ngettext ("Your connector label expires in %d day.",
                                    "Your connector label expires in %d days.", days), days);
}

/* ---- in the store -------------------------------------------------------- */

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

CnProfile *
cn_store_get_profile (CnStore  *store,
                      GError  **error)
{
  g_autoptr(CnProfile) profile = cn_profile_new ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = cn_store_prepare (store,
                           "SELECT name, organisation, email, phone, region, kind, label_expires_on, updated_at"
                           " FROM connector_profile WHERE id = 1", error);
  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_free (profile->name);
      profile->name = column_strdup (stmt, 0);
      g_free (profile->organisation);
      profile->organisation = column_strdup (stmt, 1);
      g_free (profile->email);
      profile->email = column_strdup (stmt, 2);
      g_free (profile->phone);
      profile->phone = column_strdup (stmt, 3);
      profile->region = column_strdup (stmt, 4);
      cn_connector_kind_from_string ((const char *) sqlite3_column_text (stmt, 5), &profile->kind);
      profile->label_expires_on = column_strdup (stmt, 6);
      profile->updated_at = column_strdup (stmt, 7);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&profile);
}

gboolean
cn_store_save_profile (CnStore    *store,
                       CnProfile  *profile,
                       GError    **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  sqlite3_stmt *stmt;

  if (!cn_profile_normalize (profile, error))
    return FALSE;

  /* Not synced: GET /me only pulls it, so no outbox entry. */
  stmt = cn_store_prepare (store,
                           "INSERT INTO connector_profile (id, name, organisation, email, phone, region, kind,"
                           " label_expires_on, updated_at) VALUES (1, :name, :organisation, :email, :phone,"
                           " :region, :kind, :expires, :now)"
                           " ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                           " organisation = excluded.organisation, email = excluded.email,"
                           " phone = excluded.phone, region = excluded.region, kind = excluded.kind,"
                           " label_expires_on = excluded.label_expires_on, updated_at = excluded.updated_at",
                           error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":name", profile->name);
  cn_store_bind_text (stmt, ":organisation", profile->organisation);
  cn_store_bind_text (stmt, ":email", profile->email);
  cn_store_bind_text (stmt, ":phone", profile->phone);
  cn_store_bind_text (stmt, ":region", profile->region);
  cn_store_bind_text (stmt, ":kind", cn_connector_kind_to_string (profile->kind));
  cn_store_bind_text (stmt, ":expires", profile->label_expires_on);
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    return FALSE;
  g_free (profile->updated_at);
  profile->updated_at = g_steal_pointer (&now);
  return TRUE;
}
