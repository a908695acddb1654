/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The "Appointments" group of a company page: the upcoming appointments,
 * soonest first, then the last past ones, newest first; "+" plans one for
 * the company; a row opens it; a row's menu marks it held / cancelled /
 * no-show, exports or deletes it.
 *
 * Widget actions: "appointments.new", and "appointment.edit" (s: id),
 * "appointment.set-status" ((ss): id, status), "appointment.export"
 * (s: id), "appointment.delete" (s: id).  Messages go to the nearest
 * AdwToastOverlay above the group (errors to a dialog if there is none).
 * Emits "report-requested" (const char *appointment_id) after an
 * appointment was marked held. */
#define CN_TYPE_APPOINTMENTS_GROUP (cn_appointments_group_get_type ())
G_DECLARE_FINAL_TYPE (CnAppointmentsGroup, cn_appointments_group, CN, APPOINTMENTS_GROUP, AdwPreferencesGroup)

/* At most this many past appointments are listed. */
#define CN_APPOINTMENTS_GROUP_MAX_PAST 10

GtkWidget *cn_appointments_group_new         (CnStore             *store);
void       cn_appointments_group_set_company (CnAppointmentsGroup *self,
                                              const char          *company_id);
/* Reads the store again (also done on the store's "changed" and after every
 * change the group makes). */
void       cn_appointments_group_refresh     (CnAppointmentsGroup *self);
/* What a row's menu does; FALSE (with a message) on failure. */
gboolean   cn_appointments_group_set_status  (CnAppointmentsGroup *self,
                                              const char          *appointment_id,
                                              const char          *status);
/* For tests: the appointments listed, and the form opened last (NULL once
 * closed). */
guint      cn_appointments_group_get_n_rows  (CnAppointmentsGroup *self);
GtkWindow *cn_appointments_group_get_open_form (CnAppointmentsGroup *self);

G_END_DECLS
