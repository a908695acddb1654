/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-store.h"

G_BEGIN_DECLS

/* An appointment with a company: a visit, a call, a video meeting.  Times
 * are stored in UTC ("2026-12-03T08:30:00Z", sortable as text) and shown
 * in Europe/Paris, whatever the machine's time zone: the connector works
 * in France.  The member names are the platform's ("appointment"). */

#define CN_APPOINTMENT_TIME_ZONE "Europe/Paris"
#define CN_APPOINTMENT_SUBJECT_MAX_CHARS 200

typedef struct {
  char   *id;          /* UUID; NULL until first saved */
  char   *company_id;
  char   *starts_at;   /* UTC, "2026-12-03T08:30:00Z" */
  char   *ends_at;     /* UTC, after starts_at */
  char   *mode;        /* "on_site", "phone", "video" */
  char   *location;    /* free text, or NULL */
  char   *subject;     /* not empty */
  char   *status;      /* "planned", "done", "cancelled", "no_show" */
  char   *origin;      /* "connector", "platform" (booked online by the SME) */
  char   *notes;       /* may be empty, never NULL once stored */
  char   *created_at;  /* filled in by the store */
  char   *updated_at;
  gint64  revision;    /* the platform's revision, -1 if never acknowledged */
} CnAppointment;

/* The field a validation error is about. */
typedef enum {
  CN_APPOINTMENT_FIELD_NONE,
  CN_APPOINTMENT_FIELD_COMPANY,
  CN_APPOINTMENT_FIELD_STARTS_AT,
  CN_APPOINTMENT_FIELD_ENDS_AT,
  CN_APPOINTMENT_FIELD_MODE,
  CN_APPOINTMENT_FIELD_LOCATION,
  CN_APPOINTMENT_FIELD_SUBJECT,
  CN_APPOINTMENT_FIELD_STATUS,
  CN_APPOINTMENT_FIELD_ORIGIN,
  CN_APPOINTMENT_FIELD_NOTES,
} CnAppointmentField;

/* A new, unsaved appointment: status "planned", origin "connector", mode
 * "on_site", empty notes, revision -1; everything else NULL. */
CnAppointment *cn_appointment_new   (void);
CnAppointment *cn_appointment_copy  (const CnAppointment *appointment);
void           cn_appointment_free  (CnAppointment       *appointment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnAppointment, cn_appointment_free)

gboolean     cn_appointment_is_mode        (const char *mode);
gboolean     cn_appointment_is_status      (const char *status);
gboolean     cn_appointment_is_origin      (const char *origin);
/* Translated labels for display ("On site", "No-show"…); the id itself
 * if unknown. */
const char  *cn_appointment_mode_label     (const char *mode);
const char  *cn_appointment_status_label   (const char *status);

/* ---- time ---------------------------------------------------------------- */

/* Europe/Paris (UTC if the system has no time zone data). */
GTimeZone   *cn_appointment_time_zone      (void);

/* A time typed by the user, "2026-12-03T09:30" (or with a space, with
 * seconds), read in Europe/Paris; an explicit "Z" or "+01:00" is honoured.
 * Returns the stored UTC form "2026-12-03T08:30:00Z".  A wall time skipped
 * by the change to summer time (2:30 on the last Sunday of March) is
 * refused; one that happens twice (2:30 on the last Sunday of October) is
 * taken as the second, in winter time. */
char        *cn_appointment_parse_time     (const char  *text,
                                            GError     **error);
/* A stored UTC time in Europe/Paris, with a strftime-like @format
 * (NULL: "%Y-%m-%dT%H:%M").  "" if @utc is not a time. */
char        *cn_appointment_format_time    (const char  *utc,
                                            const char  *format);
/* Local midnight (Europe/Paris) of the day @days_after the date "YYYY-MM-DD",
 * in UTC: the bounds of a range of days for cn_store_list_appointments (). */
char        *cn_appointment_parse_day      (const char  *date,
                                            int          days_after,
                                            GError     **error);

/* ---- validation (pure) ------------------------------------------------ */

/* Checks every field but the company's existence (the store checks it),
 * and normalises the times to the stored UTC form.  On error @field (may
 * be NULL) says which field is at fault; the message is translated. */
gboolean     cn_appointment_validate       (CnAppointment       *appointment,
                                            CnAppointmentField  *field,
                                            GError             **error);

/* ---- in the store --------------------------------------------------------
 * Every change writes its outbox entry ("appointment") in its transaction. */

/* Inserts (id NULL: a new UUID is set, with created_at and updated_at, and
 * an event "planned\tsubject" or whatever status it has) or updates (an
 * event when the status changes).  Validates first; an unknown company is a
 * CN_ERROR_INVALID about CN_APPOINTMENT_FIELD_COMPANY.  On success the
 * struct holds what was stored. */
gboolean        cn_store_save_appointment       (CnStore             *store,
                                                 CnAppointment       *appointment,
                                                 CnAppointmentField  *field,
                                                 GError             **error);
/* CN_ERROR_NOT_FOUND if there is none. */
CnAppointment  *cn_store_get_appointment        (CnStore             *store,
                                                 const char          *id,
                                                 GError             **error);
gboolean        cn_store_delete_appointment     (CnStore             *store,
                                                 const char          *id,
                                                 GError             **error);
/* Nothing is written if the status is already @status. */
gboolean        cn_store_set_appointment_status (CnStore             *store,
                                                 const char          *id,
                                                 const char          *status,
                                                 GError             **error);
/* The appointments that start in [@from, @to) (UTC; NULL: unbounded), of
 * @company_id only if not NULL, by start time.  Of CnAppointment. */
GPtrArray      *cn_store_list_appointments      (CnStore             *store,
                                                 const char          *from,
                                                 const char          *to,
                                                 const char          *company_id,
                                                 GError             **error);
/* The other appointments (any company, not cancelled) whose time overlaps
 * @appointment's: allowed, but shown to the user.  @appointment itself
 * (same id) is left out; it need not be stored yet. */
GPtrArray      *cn_store_find_overlaps          (CnStore             *store,
                                                 const CnAppointment *appointment,
                                                 GError             **error);

/* ---- calendar export (iCalendar, RFC 5545) ---------------------------- */

/* A VCALENDAR with the Europe/Paris VTIMEZONE and one VEVENT per
 * appointment: DTSTART/DTEND with TZID=Europe/Paris, UID "<id>@connecteur",
 * SUMMARY "<subject> — <company name>", LOCATION, DESCRIPTION (notes),
 * STATUS CONFIRMED or CANCELLED, DTSTAMP.  Lines folded at 75 octets,
 * CRLF line ends. */
char           *cn_appointments_to_ics          (CnStore             *store,
                                                 GPtrArray           *appointments,
                                                 GError             **error);
/* The same, written to @path atomically. */
gboolean        cn_appointments_write_ics       (CnStore             *store,
                                                 GPtrArray           *appointments,
                                                 const char          *path,
                                                 GError             **error);

G_END_DECLS
