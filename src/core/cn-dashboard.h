/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "cn-company.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* The programme's indicators (the "connecteurs du numérique" charter, §8:
 * co-financed services, companies that put connected-commerce elements in
 * place, satisfaction; plus the connector's own activity) over a period.
 *
 * The period is [from, to], two local dates "YYYY-MM-DD" in Europe/Paris,
 * both days included; NULL for either bound means "no bound" (from the
 * beginning / until now and beyond).  Stored UTC times (appointments,
 * diagnostics) are compared with the UTC instants of local midnight at the
 * start of @from and at the end of @to, so an appointment at 23:30 on the
 * last day (21:30Z or 22:30Z) counts, and one at 00:30 the day after does
 * not.  Stored dates (reports, outreach) are local dates already.
 *
 * Definitions:
 *
 * companies_total, companies_by_status[]
 *     Every company of the portfolio ("followed"), by its current status.
 *     The store keeps no history of statuses, so these do not depend on
 *     the period: they are the portfolio as it is now.
 * diagnostics_completed
 *     Diagnostics completed in the period (completed_at within it).
 * maturity_average, maturity_companies
 *     Average "overall" score (0–100) of the latest diagnostic of each
 *     company, over the companies with at least one diagnostic completed
 *     before the end of the period: the maturity of the portfolio as it was
 *     known at the end of the period.
 * gain_average, gain_companies
 *     Average of (latest overall − first overall) over the companies with
 *     at least two diagnostics completed before the end of the period; may
 *     be negative.  First and latest are ordered by completion time, then
 *     by id, as everywhere in the store.
 * appointments_planned, _done, _cancelled, _no_show
 *     Appointments whose start is in the period, by status.  "Held" is
 *     done.
 * reports_written
 *     Progress reports whose current revision is dated in the period
 *     (earlier revisions of a corrected report are ignored: only the
 *     current one counts, with its own date).
 * cofinancing_requested, cofinancing_requested_cents
 *     Among those reports, the ones whose co-financing status is
 *     requested, accepted or refused (all of them were requested), and the
 *     sum of their amounts in cents (a missing amount counts 0).
 * cofinancing_accepted, cofinancing_accepted_cents
 *     The same for the status accepted only.
 * connected_commerce_companies
 *     Companies that put connected-commerce elements in place: those with a
 *     report counted above flagged connected_commerce, or whose latest
 *     diagnostic was completed in the period and has a higher "vente" (sales)
 *     or "visibilite" (online visibility) dimension score than their first
 *     diagnostic.  Each company counts once.
 * satisfaction_average, satisfaction_responses
 *     Average satisfaction (1–5) of the reports counted above that have
 *     one.
 * outreach_actions, outreach_smes_reached, outreach_leads
 *     Awareness actions dated in the period, the SMEs they reached and the
 *     leads they brought.
 *
 * An average over nothing is absent: its count is 0 and the average is 0,
 * never NaN (JSON null, empty in CSV, a dash in text). */
typedef struct {
  char   *from;                    /* "YYYY-MM-DD" or NULL */
  char   *to;                      /* "YYYY-MM-DD" or NULL */

  guint   companies_total;
  guint   companies_by_status[CN_COMPANY_N_STATUSES];

  guint   diagnostics_completed;
  guint   maturity_companies;
  double  maturity_average;
  guint   gain_companies;
  double  gain_average;

  guint   appointments_planned;
  guint   appointments_done;
  guint   appointments_cancelled;
  guint   appointments_no_show;

  guint   reports_written;
  guint   cofinancing_requested;
  gint64  cofinancing_requested_cents;
  guint   cofinancing_accepted;
  gint64  cofinancing_accepted_cents;
  guint   connected_commerce_companies;
  guint   satisfaction_responses;
  double  satisfaction_average;

  guint   outreach_actions;
  gint64  outreach_smes_reached;
  gint64  outreach_leads;
} CnDashboard;

void cn_dashboard_free (CnDashboard *dashboard);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnDashboard, cn_dashboard_free)

/* Computes the figures; @from and @to may be NULL.  Fails with
 * CN_ERROR_INVALID on a date that is not a real "YYYY-MM-DD" day or when
 * @from comes after @to. */
CnDashboard *cn_dashboard_compute (CnStore     *store,
                                   const char  *from,
                                   const char  *to,
                                   GError     **error);

/* One line of the dashboard, in display order, for the CSV, the command
 * line and the window. */
typedef enum {
  CN_DASHBOARD_COUNT,     /* a whole number */
  CN_DASHBOARD_AVERAGE,   /* a mean, with @decimals digits; may be absent */
  CN_DASHBOARD_AMOUNT,    /* euros, the value is in cents */
} CnDashboardKind;

typedef struct {
  const char      *id;       /* stable: "appointments_done", … */
  const char      *label;    /* translated */
  CnDashboardKind  kind;
  guint            decimals; /* for averages */
  gboolean         present;  /* FALSE for an average over nothing */
  gint64           count;    /* COUNT and AMOUNT (cents) */
  double           average;  /* AVERAGE */
} CnDashboardIndicator;

guint    cn_dashboard_get_n_indicators (void);
void     cn_dashboard_get_indicator    (const CnDashboard    *dashboard,
                                        guint                 index,
                                        CnDashboardIndicator *indicator);
/* The value as text, without unit or thousands separator: "12", "52.3",
 * amounts in euros "1250.00"; with @french_decimal "52,3" and "1250,00".
 * An absent average gives "". */
char    *cn_dashboard_format_value     (const CnDashboardIndicator *indicator,
                                        gboolean                    french_decimal);

/* "indicator;label;value" lines for French Excel: UTF-8 with BOM, ";",
 * decimal comma, amounts in euros with two decimals, an absent average
 * empty.  Two first lines give the period (period_from, period_to; empty
 * for no bound).  The file is written 0600. */
void     cn_dashboard_write_csv        (const CnDashboard *dashboard,
                                        GString           *out);
gboolean cn_dashboard_write_csv_file   (const CnDashboard *dashboard,
                                        const char        *path,
                                        GError           **error);

/* {"from", "to", "companies": {"total", "by_status": {"lead", …}},
 *  "diagnostics": {"completed", "maturity_average", "maturity_companies",
 *                  "gain_average", "gain_companies"},
 *  "appointments": {"planned", "done", "cancelled", "no_show"},
 *  "reports": {"written", "satisfaction_average", "satisfaction_responses"},
 *  "cofinancing": {"requested", "requested_amount_cents", "accepted",
 *                  "accepted_amount_cents"},
 *  "connected_commerce_companies",
 *  "outreach": {"actions", "smes_reached", "leads"}}
 * Averages are rounded to two decimals, null when absent. */
JsonNode *cn_dashboard_to_json         (const CnDashboard *dashboard);

G_END_DECLS
