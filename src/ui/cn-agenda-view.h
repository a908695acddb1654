/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

/* The agenda: a toolbar (Today, previous / next week, List / Week, New
 * Appointment, Export…) over either the list of the two weeks from the
 * shown day (today unless moved), grouped by day, or the seven days of the
 * shown week side by side.  Rows and cards open the appointment; a row's
 * menu marks it held / cancelled / no-show, exports or deletes it.
 *
 * Widget actions, for shortcuts: "agenda.new", "agenda.today",
 * "agenda.previous", "agenda.next", "agenda.export" and the stateful
 * "agenda.view-mode" (s: "list" or "week"; the "view-mode" property).
 * Also "appointment.edit" (s: id), "appointment.set-status" ((ss): id,
 * status), "appointment.export" (s: id), "appointment.delete" (s: id).
 *
 * Emits "report-requested" (const char *appointment_id) after an
 * appointment was marked held, so that the window can offer to write its
 * progress report. */
#define CN_TYPE_AGENDA_VIEW (cn_agenda_view_get_type ())
G_DECLARE_FINAL_TYPE (CnAgendaView, cn_agenda_view, CN, AGENDA_VIEW, GtkBox)

GtkWidget *cn_agenda_view_new        (CnStore      *store);
/* Reads the store again (done on the store's "changed", after every change
 * the view makes and when it is shown). */
void       cn_agenda_view_refresh    (CnAgendaView *self);
/* Week (TRUE) or list (FALSE) mode. */
void       cn_agenda_view_set_mode   (CnAgendaView *self,
                                      gboolean      week);
/* The first day shown, "YYYY-MM-DD" (list mode; week mode shows its week);
 * NULL: today. */
void       cn_agenda_view_set_day    (CnAgendaView *self,
                                      const char   *date);
/* What a row's menu does: sets the status, refreshes, and emits
 * "report-requested" for "done".  FALSE (with a toast) on failure. */
gboolean   cn_agenda_view_set_status (CnAgendaView *self,
                                      const char   *appointment_id,
                                      const char   *status);
/* For tests: the appointments listed in list mode, and the form the view
 * opened last (NULL once closed). */
guint      cn_agenda_view_get_n_rows (CnAgendaView *self);
GtkWindow *cn_agenda_view_get_open_form (CnAgendaView *self);

G_END_DECLS
