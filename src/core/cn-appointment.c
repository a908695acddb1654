/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-appointment"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libical/ical.h>

#include "cn-appointment.h"
#include "cn-error.h"
#include "cn-event.h"
#include "cn-store-private.h"
#include "cn-util.h"

#define APPOINTMENT_COLUMNS \
  "id, company_id, starts_at, ends_at, mode, location, subject, status, origin," \
  " notes, created_at, updated_at, revision"

/* ---- the record ------------------------------------------------------- */

CnAppointment *
cn_appointment_new (void)
{
  CnAppointment *appointment = g_new0 (CnAppointment, 1);

  appointment->mode = g_strdup ("on_site");
  appointment->status = g_strdup ("planned");
  appointment->origin = g_strdup ("connector");
  appointment->notes = g_strdup ("");
  appointment->revision = -1;
  return appointment;
}

CnAppointment *
cn_appointment_copy (const CnAppointment *appointment)
{
  CnAppointment *copy;

  if (appointment == NULL)
    return NULL;
  copy = g_new0 (CnAppointment, 1);
  copy->id = g_strdup (appointment->id);
  copy->company_id = g_strdup (appointment->company_id);
  copy->starts_at = g_strdup (appointment->starts_at);
  copy->ends_at = g_strdup (appointment->ends_at);
  copy->mode = g_strdup (appointment->mode);
  copy->location = g_strdup (appointment->location);
  copy->subject = g_strdup (appointment->subject);
  copy->status = g_strdup (appointment->status);
  copy->origin = g_strdup (appointment->origin);
  copy->notes = g_strdup (appointment->notes);
  copy->created_at = g_strdup (appointment->created_at);
  copy->updated_at = g_strdup (appointment->updated_at);
  copy->revision = appointment->revision;
  return copy;
}

void
cn_appointment_free (CnAppointment *appointment)
{
  if (appointment == NULL)
    return;
  g_free (appointment->id);
  g_free (appointment->company_id);
  g_free (appointment->starts_at);
  g_free (appointment->ends_at);
  g_free (appointment->mode);
  g_free (appointment->location);
  g_free (appointment->subject);
  g_free (appointment->status);
  g_free (appointment->origin);
  g_free (appointment->notes);
  g_free (appointment->created_at);
  g_free (appointment->updated_at);
  g_free (appointment);
}

typedef struct {
  const char *id;
  const char *label;
} Choice;

static const Choice modes[] = {
  { "on_site", N_("On site") },
  { "phone", N_("Phone") },
  { "video", N_("Video") },
};

static const Choice statuses[] = {
  /* Translators: an appointment's status */
  { "planned", N_("Planned") },
  { "done", N_("Held") },
  { "cancelled", N_("Cancelled") },
  /* Translators: an appointment's status: the company did not come */
  { "no_show", N_("No-show") },
};

static const Choice *
find_choice (const Choice *choices,
             guint         n,
             const char   *id)
{
  for (guint i = 0; id != NULL && i < n; i++)
    if (g_str_equal (choices[i].id, id))
      return &choices[i];
  return NULL;
}

gboolean
cn_appointment_is_mode (const char *mode)
{
  return find_choice (modes, G_N_ELEMENTS (modes), mode) != NULL;
}

gboolean
cn_appointment_is_status (const char *status)
{
  return find_choice (statuses, G_N_ELEMENTS (statuses), status) != NULL;
}

gboolean
cn_appointment_is_origin (const char *origin)
{
  return g_strcmp0 (origin, "connector") == 0 || g_strcmp0 (origin, "platform") == 0;
}

const char *
cn_appointment_mode_label (const char *mode)
{
  const Choice *choice = find_choice (modes, G_N_ELEMENTS (modes), mode);

  return choice ? _(choice->label) : mode;
}

const char *
cn_appointment_status_label (const char *status)
{
  const Choice *choice = find_choice (statuses, G_N_ELEMENTS (statuses), status);

  return choice ? _(choice->label) : status;
}

/* ---- time --------------------------------------------------------------- */

GTimeZone *
cn_appointment_time_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *found = g_time_zone_new_identifier (CN_APPOINTMENT_TIME_ZONE);

      if (found == NULL)
        {
          g_warning ("No time zone data for %s: times are shown in UTC", CN_APPOINTMENT_TIME_ZONE);
          found = g_time_zone_new_utc ();
        }
      g_once_init_leave (&zone, found);
    }
  return g_time_zone_ref (zone);
}

static gboolean
read_digits (const char **p,
             guint        n,
             int         *value)
{
  *value = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      *value = *value * 10 + ((*p)[i] - '0');
    }
  *p += n;
  return TRUE;
}

static char *
format_utc (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* "YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH[:]MM]".  Without an offset the wall
 * time is read in Europe/Paris, unless @need_offset. */
static GDateTime *
parse_time (const char  *text,
            gboolean     need_offset,
            GError     **error)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) time = NULL;
  const char *p = text;
  int year, month, day, hour, minute, second = 0;
  gboolean has_offset = FALSE;

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, _("The time is missing."));
      return NULL;
    }
  if (!read_digits (&p, 4, &year) || *p++ != '-' || !read_digits (&p, 2, &month) || *p++ != '-' ||
      !read_digits (&p, 2, &day) || (*p != 'T' && *p != 't' && *p != ' ') || !(p++, read_digits (&p, 2, &hour)) ||
      *p++ != ':' || !read_digits (&p, 2, &minute))
    goto bad;
  if (*p == ':')
    {
      p++;
      if (!read_digits (&p, 2, &second))
        goto bad;
      if (*p == '.' || *p == ',')
        {
          /* Fractions of a second mean nothing for an appointment. */
          p++;
          if (!g_ascii_isdigit (*p))
            goto bad;
          while (g_ascii_isdigit (*p))
            p++;
        }
    }
  if (*p == 'Z' || *p == 'z')
    {
      p++;
      has_offset = TRUE;
      zone = g_time_zone_new_utc ();
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p++ == '-' ? -1 : 1;
      int offset_hours, offset_minutes;

      if (!read_digits (&p, 2, &offset_hours))
        goto bad;
      if (*p == ':')
        p++;
      if (!read_digits (&p, 2, &offset_minutes) || offset_hours > 23 || offset_minutes > 59)
        goto bad;
      has_offset = TRUE;
      zone = g_time_zone_new_offset (sign * (offset_hours * 3600 + offset_minutes * 60));
    }
  if (*p != '\0')
    goto bad;
  if (!has_offset && need_offset)
    goto bad;
  if (zone == NULL)
    zone = cn_appointment_time_zone ();

  if (hour > 23 || minute > 59 || second > 59 ||
      (time = g_date_time_new (zone, year, month, day, hour, minute, second)) == NULL ||
      g_date_time_get_day_of_month (time) != day)
    goto bad;
  /* GLib moves a wall time that does not exist (the hour skipped in
   * March) forward: say so rather than book another time. */
  if (g_date_time_get_hour (time) != hour || g_date_time_get_minute (time) != minute)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   /* Translators: %s is a time typed by the user */
                   _("“%s” does not exist in French time: the clocks go forward that night."), text);
      return NULL;
    }
  return g_steal_pointer (&time);

bad:
  g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
               /* Translators: %s is what the user typed; keep the example as is */
               _("“%s” is not a valid date and time: use the form 2026-12-03T09:30."), text);
  return NULL;
}

char *
cn_appointment_parse_time (const char  *text,
                           GError     **error)
{
  g_autoptr(GDateTime) time = parse_time (text, FALSE, error);

  return time ? format_utc (time) : NULL;
}

char *
cn_appointment_format_time (const char *utc,
                            const char *format)
{
  g_autoptr(GDateTime) time = utc ? parse_time (utc, TRUE, NULL) : NULL;
  g_autoptr(GTimeZone) zone = cn_appointment_time_zone ();
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (time, zone);
  return g_date_time_format (local, format ? format : "%Y-%m-%dT%H:%M");
}

char *
cn_appointment_parse_day (const char  *date,
                          int          days_after,
                          GError     **error)
{
  g_autoptr(GTimeZone) zone = cn_appointment_time_zone ();
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  const char *p = date;
  int year, month, dom;

  if (date == NULL || !read_digits (&p, 4, &year) || *p++ != '-' || !read_digits (&p, 2, &month) ||
      *p++ != '-' || !read_digits (&p, 2, &dom) || *p != '\0' ||
      !g_date_valid_dmy (dom, month, year))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   /* Translators: %s is what the user typed; keep the example as is */
                   _("“%s” is not a valid date: use the form 2026-12-03."), date ? date : "");
      return NULL;
    }
  day = g_date_time_new (zone, year, month, dom, 0, 0, 0);
  midnight = g_date_time_add_days (day, days_after);
  /* Midnight always exists in Paris (the clocks change at 2:00 or 3:00). */
  return format_utc (midnight);
}

/* ---- validation ----------------------------------------------------------- */

static gboolean
invalid (CnAppointmentField  *field,
         CnAppointmentField   which,
         GError             **error,
         const char          *message)
{
  if (field)
    *field = which;
  g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
normalize_time (char               **value,
                CnAppointmentField   which,
                CnAppointmentField  *field,
                GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (*value == NULL || **value == '\0')
    return invalid (field, which, error,
                    which == CN_APPOINTMENT_FIELD_STARTS_AT ? _("The start time is missing.")
                                                            : _("The end time is missing."));
  time = parse_time (*value, TRUE, &local_error);
  if (time == NULL)
    {
      if (field)
        *field = which;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_free (*value);
  *value = format_utc (time);
  return TRUE;
}

static gboolean
check_text (const char          *text,
            gsize                max_bytes,
            CnAppointmentField   which,
            CnAppointmentField  *field,
            GError             **error)
{
  if (text != NULL && (!g_utf8_validate (text, -1, NULL) || strlen (text) > max_bytes))
    return invalid (field, which, error,
                    which == CN_APPOINTMENT_FIELD_NOTES ? _("The notes are not valid text or are too long.")
                                                        : _("The place is not valid text or is too long."));
  return TRUE;
}

gboolean
cn_appointment_validate (CnAppointment       *appointment,
                         CnAppointmentField  *field,
                         GError             **error)
{
  g_autofree char *subject = NULL;

  if (field)
    *field = CN_APPOINTMENT_FIELD_NONE;

  if (appointment->company_id == NULL || *appointment->company_id == '\0')
    return invalid (field, CN_APPOINTMENT_FIELD_COMPANY, error,
                    _("Choose the company the appointment is with."));
  if (!normalize_time (&appointment->starts_at, CN_APPOINTMENT_FIELD_STARTS_AT, field, error) ||
      !normalize_time (&appointment->ends_at, CN_APPOINTMENT_FIELD_ENDS_AT, field, error))
    return FALSE;
  /* Both in the same UTC form: they compare as text. */
  if (strcmp (appointment->ends_at, appointment->starts_at) <= 0)
    return invalid (field, CN_APPOINTMENT_FIELD_ENDS_AT, error,
                    _("The appointment must end after it starts."));

  if (!cn_appointment_is_mode (appointment->mode))
    {
      if (field)
        *field = CN_APPOINTMENT_FIELD_MODE;
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   /* Translators: do not translate on_site, phone, video: they are typed as is */
                   _("Unknown appointment mode “%s”: use on_site, phone or video."),
                   appointment->mode ? appointment->mode : "");
      return FALSE;
    }
  if (!cn_appointment_is_status (appointment->status))
    {
      if (field)
        *field = CN_APPOINTMENT_FIELD_STATUS;
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   /* Translators: do not translate planned, done, cancelled, no_show: they are typed as is */
                   _("Unknown appointment status “%s”: use planned, done, cancelled or no_show."),
                   appointment->status ? appointment->status : "");
      return FALSE;
    }
  if (!cn_appointment_is_origin (appointment->origin))
    {
      if (field)
        *field = CN_APPOINTMENT_FIELD_ORIGIN;
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("Unknown appointment origin “%s”."), appointment->origin ? appointment->origin : "");
      return FALSE;
    }

  if (appointment->subject == NULL || !g_utf8_validate (appointment->subject, -1, NULL))
    return invalid (field, CN_APPOINTMENT_FIELD_SUBJECT, error, _("The appointment needs a subject."));
  subject = g_strstrip (g_strdup (appointment->subject));
  if (*subject == '\0')
    return invalid (field, CN_APPOINTMENT_FIELD_SUBJECT, error, _("The appointment needs a subject."));
  if (g_utf8_strlen (subject, -1) > CN_APPOINTMENT_SUBJECT_MAX_CHARS)
    {
      if (field)
        *field = CN_APPOINTMENT_FIELD_SUBJECT;
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("The subject is too long: at most %d characters."), CN_APPOINTMENT_SUBJECT_MAX_CHARS);
      return FALSE;
    }
  g_free (appointment->subject);
  appointment->subject = g_steal_pointer (&subject);

  if (!check_text (appointment->location, CN_COMPANY_TEXT_MAX_BYTES, CN_APPOINTMENT_FIELD_LOCATION, field, error) ||
      !check_text (appointment->notes, CN_COMPANY_NOTES_MAX_BYTES, CN_APPOINTMENT_FIELD_NOTES, field, error))
    return FALSE;
  if (appointment->location != NULL)
    {
      g_strstrip (appointment->location);
      if (*appointment->location == '\0')
        g_clear_pointer (&appointment->location, g_free);
    }
  if (appointment->notes == NULL)
    appointment->notes = g_strdup ("");
  return TRUE;
}

/* ---- store ------------------------------------------------------------------ */

static char *
column_strdup (sqlite3_stmt *stmt,
               int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static CnAppointment *
appointment_from_row (sqlite3_stmt *stmt)
{
  CnAppointment *appointment = g_new0 (CnAppointment, 1);

  appointment->id = column_strdup (stmt, 0);
  appointment->company_id = column_strdup (stmt, 1);
  appointment->starts_at = column_strdup (stmt, 2);
  appointment->ends_at = column_strdup (stmt, 3);
  appointment->mode = column_strdup (stmt, 4);
  appointment->location = column_strdup (stmt, 5);
  appointment->subject = column_strdup (stmt, 6);
  appointment->status = column_strdup (stmt, 7);
  appointment->origin = column_strdup (stmt, 8);
  appointment->notes = column_strdup (stmt, 9);
  appointment->created_at = column_strdup (stmt, 10);
  appointment->updated_at = column_strdup (stmt, 11);
  appointment->revision = sqlite3_column_type (stmt, 12) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 12);
  return appointment;
}

/* Runs @stmt (already bound) and returns the appointments it selects. */
static GPtrArray *
collect_appointments (CnStore       *store,
                      sqlite3_stmt  *stmt,
                      GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) cn_appointment_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, appointment_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      cn_store_set_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

CnAppointment *
cn_store_get_appointment (CnStore     *store,
                          const char  *id,
                          GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store, "SELECT " APPOINTMENT_COLUMNS " FROM appointments WHERE id = :id", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":id", id);
  list = collect_appointments (store, stmt, error);
  if (list == NULL)
    return NULL;
  if (list->len == 0)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_NOT_FOUND, _("No appointment with the identifier %s."), id);
      return NULL;
    }
  return g_ptr_array_steal_index (list, 0);
}

static gboolean
add_status_event (CnStore              *store,
                  const CnAppointment  *appointment,
                  GError              **error)
{
  g_autofree char *detail = g_strdup_printf ("%s\t%s", appointment->status, appointment->subject);

  return cn_store_add_event (store, appointment->company_id, CN_EVENT_APPOINTMENT, detail, error);
}

gboolean
cn_store_save_appointment (CnStore             *store,
                           CnAppointment       *appointment,
                           CnAppointmentField  *field,
                           GError             **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autofree char *id = NULL;
  g_autoptr(CnAppointment) old = NULL;
  g_autoptr(CnCompany) company = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean insert = appointment->id == NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  if (!cn_appointment_validate (appointment, field, error))
    return FALSE;

  if (!cn_store_begin (store, error))
    return FALSE;

  company = cn_store_get_company (store, appointment->company_id, &local_error);
  if (company == NULL)
    {
      if (g_error_matches (local_error, CN_ERROR, CN_ERROR_NOT_FOUND))
        {
          if (field)
            *field = CN_APPOINTMENT_FIELD_COMPANY;
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                       _("There is no company “%s”: the appointment cannot be saved."), appointment->company_id);
        }
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      goto fail;
    }

  if (insert)
    {
      id = g_uuid_string_random ();
      stmt = cn_store_prepare (store,
                               "INSERT INTO appointments (" APPOINTMENT_COLUMNS ") VALUES (:id, :company,"
                               " :starts, :ends, :mode, :location, :subject, :status, :origin, :notes,"
                               " :now, :now, NULL)", error);
    }
  else
    {
      old = cn_store_get_appointment (store, appointment->id, error);
      if (old == NULL)
        goto fail;
      stmt = cn_store_prepare (store,
                               "UPDATE appointments SET company_id = :company, starts_at = :starts,"
                               " ends_at = :ends, mode = :mode, location = :location, subject = :subject,"
                               " status = :status, origin = :origin, notes = :notes, updated_at = :now"
                               " WHERE id = :id", error);
    }
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", insert ? id : appointment->id);
  cn_store_bind_text (stmt, ":company", appointment->company_id);
  cn_store_bind_text (stmt, ":starts", appointment->starts_at);
  cn_store_bind_text (stmt, ":ends", appointment->ends_at);
  cn_store_bind_text (stmt, ":mode", appointment->mode);
  cn_store_bind_text (stmt, ":location", appointment->location);
  cn_store_bind_text (stmt, ":subject", appointment->subject);
  cn_store_bind_text (stmt, ":status", appointment->status);
  cn_store_bind_text (stmt, ":origin", appointment->origin);
  cn_store_bind_text (stmt, ":notes", appointment->notes);
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;

  if (insert)
    {
      appointment->id = g_steal_pointer (&id);
      cn_set_str (&appointment->created_at, now);
      appointment->revision = -1;
    }
  else
    {
      cn_set_str (&appointment->created_at, old->created_at);
      appointment->revision = old->revision;
    }
  cn_set_str (&appointment->updated_at, now);

  /* The timeline says when it was planned and how it went; on a move to
   * another company, the new company's timeline hears of it. */
  if ((insert || !g_str_equal (old->status, appointment->status) ||
       !g_str_equal (old->company_id, appointment->company_id)) &&
      !add_status_event (store, appointment, error))
    goto fail;
  if (!cn_store_queue_change (store, "appointment", appointment->id, "upsert", error))
    goto fail;
  if (!cn_store_commit (store, error))
    goto undo;
  return TRUE;

fail:
  cn_store_rollback (store);
undo:
  if (insert)
    g_clear_pointer (&appointment->id, g_free);
  return FALSE;
}

/* Reports that named a deleted appointment lose the link (ON DELETE SET
 * NULL): their new content must reach the platform too. */
static gboolean
queue_linked_reports (CnStore     *store,
                      const char  *column,
                      const char  *value,
                      GError     **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = g_strdup_printf ("SELECT r.id FROM reports r JOIN appointments a ON a.id = r.appointment_id"
                                          " WHERE a.%s = :value", column);
  sqlite3_stmt *stmt;
  int rc;

  stmt = cn_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  cn_store_bind_text (stmt, ":value", value);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, column_strdup (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return cn_store_set_error (store, rc, error);
  for (guint i = 0; i < ids->len; i++)
    if (!cn_store_queue_change (store, "report", ids->pdata[i], "upsert", error))
      return FALSE;
  return TRUE;
}

gboolean
cn_store_delete_appointment (CnStore     *store,
                             const char  *id,
                             GError     **error)
{
  g_autoptr(CnAppointment) appointment = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  if (!cn_store_begin (store, error))
    return FALSE;
  appointment = cn_store_get_appointment (store, id, error);
  if (appointment == NULL || !queue_linked_reports (store, "id", id, error))
    goto fail;
  stmt = cn_store_prepare (store, "DELETE FROM appointments WHERE id = :id", error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", id);
  if (!cn_store_step_done (store, stmt, error) ||
      !cn_store_queue_delete (store, "appointment", id, appointment->revision, error))
    goto fail;
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

gboolean
cn_store_set_appointment_status (CnStore     *store,
                                 const char  *id,
                                 const char  *status,
                                 GError     **error)
{
  g_autofree char *now = cn_now_iso8601 ();
  g_autoptr(CnAppointment) appointment = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), FALSE);

  if (!cn_appointment_is_status (status))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                   _("Unknown appointment status “%s”: use planned, done, cancelled or no_show."),
                   status ? status : "");
      return FALSE;
    }
  if (!cn_store_begin (store, error))
    return FALSE;
  appointment = cn_store_get_appointment (store, id, error);
  if (appointment == NULL)
    goto fail;
  if (g_str_equal (appointment->status, status))
    return cn_store_commit (store, error);

  stmt = cn_store_prepare (store, "UPDATE appointments SET status = :status, updated_at = :now WHERE id = :id",
                           error);
  if (stmt == NULL)
    goto fail;
  cn_store_bind_text (stmt, ":id", id);
  cn_store_bind_text (stmt, ":status", status);
  cn_store_bind_text (stmt, ":now", now);
  if (!cn_store_step_done (store, stmt, error))
    goto fail;
  cn_set_str (&appointment->status, status);
  if (!add_status_event (store, appointment, error) ||
      !cn_store_queue_change (store, "appointment", id, "upsert", error))
    goto fail;
  return cn_store_commit (store, error);

fail:
  cn_store_rollback (store);
  return FALSE;
}

/* A bound given by the caller, in the stored form so it compares as text. */
static gboolean
normalize_bound (const char  *bound,
                 char       **out,
                 GError     **error)
{
  g_autoptr(GDateTime) time = NULL;

  *out = NULL;
  if (bound == NULL)
    return TRUE;
  time = parse_time (bound, TRUE, error);
  if (time == NULL)
    return FALSE;
  *out = format_utc (time);
  return TRUE;
}

GPtrArray *
cn_store_list_appointments (CnStore     *store,
                            const char  *from,
                            const char  *to,
                            const char  *company_id,
                            GError     **error)
{
  g_autofree char *from_utc = NULL;
  g_autofree char *to_utc = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  if (!normalize_bound (from, &from_utc, error) || !normalize_bound (to, &to_utc, error))
    return NULL;
  stmt = cn_store_prepare (store,
                           "SELECT " APPOINTMENT_COLUMNS " FROM appointments"
                           " WHERE (:from IS NULL OR starts_at >= :from) AND (:to IS NULL OR starts_at < :to)"
                           " AND (:company IS NULL OR company_id = :company)"
                           " ORDER BY starts_at, ends_at, id", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":from", from_utc);
  cn_store_bind_text (stmt, ":to", to_utc);
  cn_store_bind_text (stmt, ":company", company_id);
  return collect_appointments (store, stmt, error);
}

GPtrArray *
cn_store_find_overlaps (CnStore              *store,
                        const CnAppointment  *appointment,
                        GError              **error)
{
  g_autofree char *starts = NULL;
  g_autofree char *ends = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  if (!normalize_bound (appointment->starts_at, &starts, error) ||
      !normalize_bound (appointment->ends_at, &ends, error))
    return NULL;
  if (starts == NULL || ends == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) cn_appointment_free);
  /* Touching is not overlapping: 9:00–10:00 then 10:00–11:00 is fine. */
  stmt = cn_store_prepare (store,
                           "SELECT " APPOINTMENT_COLUMNS " FROM appointments"
                           " WHERE starts_at < :ends AND ends_at > :starts AND status != 'cancelled'"
                           " AND id IS NOT :id ORDER BY starts_at, id", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":starts", starts);
  cn_store_bind_text (stmt, ":ends", ends);
  cn_store_bind_text (stmt, ":id", appointment->id);
  return collect_appointments (store, stmt, error);
}

/* ---- a company's deletion, with undo -------------------------------------- */

GPtrArray *
cn_store_take_appointments (CnStore     *store,
                            const char  *company_id,
                            GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  sqlite3_stmt *stmt;

  stmt = cn_store_prepare (store,
                           "SELECT " APPOINTMENT_COLUMNS " FROM appointments WHERE company_id = :company"
                           " ORDER BY starts_at, id", error);
  if (stmt == NULL)
    return NULL;
  cn_store_bind_text (stmt, ":company", company_id);
  list = collect_appointments (store, stmt, error);
  if (list == NULL)
    return NULL;
  /* The rows go with the company (ON DELETE CASCADE); a never-sent one is
   * simply forgotten by the outbox. */
  for (guint i = 0; i < list->len; i++)
    {
      CnAppointment *appointment = list->pdata[i];

      if (!cn_store_queue_delete (store, "appointment", appointment->id, appointment->revision, error))
        return NULL;
    }
  return g_steal_pointer (&list);
}

gboolean
cn_store_put_back_appointments (CnStore     *store,
                                GPtrArray   *appointments,
                                GError     **error)
{
  for (guint i = 0; appointments != NULL && i < appointments->len; i++)
    {
      CnAppointment *appointment = appointments->pdata[i];
      sqlite3_stmt *stmt;

      stmt = cn_store_prepare (store,
                               "INSERT INTO appointments (" APPOINTMENT_COLUMNS ") VALUES (:id, :company,"
                               " :starts, :ends, :mode, :location, :subject, :status, :origin, :notes,"
                               " :created, :updated, :revision)", error);
      if (stmt == NULL)
        return FALSE;
      cn_store_bind_text (stmt, ":id", appointment->id);
      cn_store_bind_text (stmt, ":company", appointment->company_id);
      cn_store_bind_text (stmt, ":starts", appointment->starts_at);
      cn_store_bind_text (stmt, ":ends", appointment->ends_at);
      cn_store_bind_text (stmt, ":mode", appointment->mode);
      cn_store_bind_text (stmt, ":location", appointment->location);
      cn_store_bind_text (stmt, ":subject", appointment->subject);
      cn_store_bind_text (stmt, ":status", appointment->status);
      cn_store_bind_text (stmt, ":origin", appointment->origin);
      cn_store_bind_text (stmt, ":notes", appointment->notes);
      cn_store_bind_text (stmt, ":created", appointment->created_at);
      cn_store_bind_text (stmt, ":updated", appointment->updated_at);
      if (appointment->revision >= 0)
        cn_store_bind_int64 (stmt, ":revision", appointment->revision);
      if (!cn_store_step_done (store, stmt, error) ||
          !cn_store_queue_change (store, "appointment", appointment->id, "upsert", error))
        return FALSE;
    }
  return TRUE;
}

/* ---- iCalendar ---------------------------------------------------------------- */

/* @utc as a wall time in @zone (Paris), or in UTC when @zone is NULL. */
static gboolean
ical_time_from_utc (const char          *utc,
                    icaltimezone        *zone,
                    struct icaltimetype *out)
{
  g_autoptr(GDateTime) time = utc ? parse_time (utc, TRUE, NULL) : NULL;
  g_autoptr(GTimeZone) paris = cn_appointment_time_zone ();
  g_autoptr(GDateTime) wall = NULL;

  if (time == NULL)
    return FALSE;
  wall = zone ? g_date_time_to_timezone (time, paris) : g_date_time_to_utc (time);
  *out = icaltime_null_time ();
  out->year = g_date_time_get_year (wall);
  out->month = g_date_time_get_month (wall);
  out->day = g_date_time_get_day_of_month (wall);
  out->hour = g_date_time_get_hour (wall);
  out->minute = g_date_time_get_minute (wall);
  out->second = g_date_time_get_second (wall);
  out->is_date = 0;
  *out = icaltime_set_timezone (out, zone ? zone : icaltimezone_get_utc_timezone ());
  return TRUE;
}

/* DTSTART or DTEND in Paris wall time, TZID=Europe/Paris. */
static icalproperty *
zoned_property (icalproperty        *property,
                const char          *tzid)
{
  icalproperty_remove_parameter_by_kind (property, ICAL_TZID_PARAMETER);
  icalproperty_add_parameter (property, icalparameter_new_tzid (tzid));
  return property;
}

char *
cn_appointments_to_ics (CnStore     *store,
                        GPtrArray   *appointments,
                        GError     **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  icaltimezone *zone = icaltimezone_get_builtin_timezone (CN_APPOINTMENT_TIME_ZONE);
  icalcomponent *calendar;
  char *text, *result;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  if (zone == NULL)
    {
      g_set_error (error, CN_ERROR, CN_ERROR_IO,
                   _("The time zone %s is not known on this system: install the time zone data (tzdata)."),
                   CN_APPOINTMENT_TIME_ZONE);
      return NULL;
    }

  calendar = icalcomponent_new_vcalendar ();
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Connecteur//Connecteur//FR"));
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_calscale ("GREGORIAN"));

  {
    /* libical names its zones "/freeassociation.sourceforge.net/…":
     * calendars understand the plain Olson name better. */
    icalcomponent *vtimezone = icalcomponent_new_clone (icaltimezone_get_component (zone));
    icalproperty *tzid = icalcomponent_get_first_property (vtimezone, ICAL_TZID_PROPERTY);

    if (tzid != NULL)
      icalproperty_set_tzid (tzid, CN_APPOINTMENT_TIME_ZONE);
    else
      icalcomponent_add_property (vtimezone, icalproperty_new_tzid (CN_APPOINTMENT_TIME_ZONE));
    icalcomponent_add_component (calendar, vtimezone);
  }

  for (guint i = 0; appointments != NULL && i < appointments->len; i++)
    {
      const CnAppointment *appointment = appointments->pdata[i];
      const char *name = g_hash_table_lookup (names, appointment->company_id);
      g_autofree char *uid = g_strdup_printf ("%s@connecteur", appointment->id);
      g_autofree char *summary = NULL;
      struct icaltimetype start, end, stamp;
      icalcomponent *event;

      if (name == NULL)
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(CnCompany) company = cn_store_get_company (store, appointment->company_id, &local_error);

          if (company == NULL && !g_error_matches (local_error, CN_ERROR, CN_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              icalcomponent_free (calendar);
              return NULL;
            }
          name = company ? cn_company_get_name (company) : "";
          g_hash_table_insert (names, g_strdup (appointment->company_id), g_strdup (name));
          name = g_hash_table_lookup (names, appointment->company_id);
        }

      if (!ical_time_from_utc (appointment->starts_at, zone, &start) ||
          !ical_time_from_utc (appointment->ends_at, zone, &end))
        {
          g_set_error (error, CN_ERROR, CN_ERROR_INVALID,
                       _("The appointment %s has no valid time."), appointment->id);
          icalcomponent_free (calendar);
          return NULL;
        }
      if (!ical_time_from_utc (appointment->updated_at, NULL, &stamp))
        stamp = icaltime_current_time_with_zone (icaltimezone_get_utc_timezone ());

      summary = *name ? g_strdup_printf ("%s — %s", appointment->subject, name) : g_strdup (appointment->subject);
      event = icalcomponent_new_vevent ();
      icalcomponent_add_property (event, icalproperty_new_uid (uid));
      icalcomponent_add_property (event, icalproperty_new_dtstamp (stamp));
      icalcomponent_add_property (event, zoned_property (icalproperty_new_dtstart (start), CN_APPOINTMENT_TIME_ZONE));
      icalcomponent_add_property (event, zoned_property (icalproperty_new_dtend (end), CN_APPOINTMENT_TIME_ZONE));
      icalcomponent_add_property (event, icalproperty_new_summary (summary));
      if (appointment->location != NULL && *appointment->location != '\0')
        icalcomponent_add_property (event, icalproperty_new_location (appointment->location));
      if (appointment->notes != NULL && *appointment->notes != '\0')
        icalcomponent_add_property (event, icalproperty_new_description (appointment->notes));
      icalcomponent_add_property (event, icalproperty_new_status (g_strcmp0 (appointment->status, "cancelled") == 0
                                                                  ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
      icalcomponent_add_component (calendar, event);
    }

  text = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);
  result = g_strdup (text);
  icalmemory_free_buffer (text);
  return result;
}

gboolean
cn_appointments_write_ics (CnStore     *store,
                           GPtrArray   *appointments,
                           const char  *path,
                           GError     **error)
{
  g_autofree char *text = cn_appointments_to_ics (store, appointments, error);
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    return FALSE;
  if (!g_file_set_contents (path, text, -1, &local_error))
    {
      g_set_error (error, CN_ERROR, CN_ERROR_IO,
                   /* Translators: the first %s is a file name, the second the system's reason */
                   _("Could not write %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
