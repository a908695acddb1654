/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-appointment.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* The new / edit appointment dialog: company (a searchable picker when no
 * company is given), day, start and end times in French time, mode, place,
 * subject and notes.  Errors show under their group with the core's
 * messages and keep Save insensitive; an overlap with another appointment
 * is only a warning.  Emits "saved" (const char *appointment_id) and
 * closes once saved. */
#define CN_TYPE_APPOINTMENT_FORM (cn_appointment_form_get_type ())
G_DECLARE_FINAL_TYPE (CnAppointmentForm, cn_appointment_form, CN, APPOINTMENT_FORM, AdwWindow)

/* @company_id NULL: the form offers a company picker (preset to
 * @appointment's company if any).  @appointment NULL: a new appointment
 * today; otherwise a copy of it is edited. */
CnAppointmentForm *cn_appointment_form_new                 (CnStore             *store,
                                                            const char          *company_id,
                                                            const CnAppointment *appointment);
/* Validates and saves, as the Save button does; FALSE when the form shows
 * an error instead. */
gboolean           cn_appointment_form_save                (CnAppointmentForm   *self);
/* The entry of a field, for tests and for focusing: COMPANY is the
 * picker's search entry (Enter picks the first match; NULL when the
 * company is fixed), STARTS_AT / ENDS_AT the "HH:MM" entries, LOCATION and
 * SUBJECT their rows; NULL for the others. */
GtkEditable       *cn_appointment_form_get_entry           (CnAppointmentForm   *self,
                                                            CnAppointmentField   field);
/* The "YYYY-MM-DD" entry. */
GtkEditable       *cn_appointment_form_get_date_entry      (CnAppointmentForm   *self);
/* Picks the company, as the picker does. */
void               cn_appointment_form_set_company         (CnAppointmentForm   *self,
                                                            const char          *company_id);
/* The error message shown (the first one if several), NULL when none. */
const char        *cn_appointment_form_get_error           (CnAppointmentForm   *self);
/* The overlap warning shown, NULL when none. */
const char        *cn_appointment_form_get_overlap_warning (CnAppointmentForm   *self);

/* ---- shared by CnAgendaView and CnAppointmentsGroup ---------------------
 * Their rows use the widget actions "appointment.edit" (s: id),
 * "appointment.set-status" ((ss): id, status), "appointment.export"
 * (s: id) and "appointment.delete" (s: id), which both classes install. */

/* A row: with @company_name, "09:30–10:30" first and the company as title
 * (a day of the agenda); without, the subject as title and the day in the
 * subtitle (a company page).  A dim tag for a status other than planned, a
 * warning icon if @overlaps, and a menu of the actions above. */
GtkWidget         *cn_appointment_row_new                  (const CnAppointment *appointment,
                                                            const char          *company_name,
                                                            gboolean             overlaps);
/* Whether @appointment, still planned, overlaps another one that is not
 * cancelled (one held, cancelled or missed is not checked). */
gboolean           cn_appointment_has_overlap              (CnStore             *store,
                                                            const CnAppointment *appointment);

typedef void (*CnAppointmentDoneFunc) (GtkWidget  *owner,
                                       gboolean    changed,
                                       const char *message,
                                       gboolean    is_error);

/* Asks for a file and writes @appointments there as iCalendar; @done gets
 * the message to show.  Nothing is asked if @appointments is empty. */
void               cn_appointment_export_dialog            (GtkWidget             *owner,
                                                            CnStore               *store,
                                                            GPtrArray             *appointments,
                                                            const char            *file_name,
                                                            CnAppointmentDoneFunc  done);
/* The same for one appointment, named after its start. */
void               cn_appointment_export_one               (GtkWidget             *owner,
                                                            CnStore               *store,
                                                            const char            *appointment_id,
                                                            CnAppointmentDoneFunc  done);
/* Asks for confirmation, then deletes; @done gets changed = TRUE after. */
void               cn_appointment_confirm_delete           (GtkWidget             *owner,
                                                            CnStore               *store,
                                                            const char            *appointment_id,
                                                            CnAppointmentDoneFunc  done);
/* Opens the form, transient for @owner's window; @on_saved (swapped: gets
 * @owner) is connected to "saved". */
CnAppointmentForm *cn_appointment_form_open                (GtkWidget             *owner,
                                                            CnStore               *store,
                                                            const char            *company_id,
                                                            const char            *appointment_id,
                                                            GCallback              on_saved);

G_END_DECLS
