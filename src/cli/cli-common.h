/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "cn-store.h"

/* What the commands of connecteur-cli share (connecteur-cli.c). */

/* Exit statuses a script can rely on. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,       /* the command could not do its work */
  EXIT_USAGE = 2,        /* wrong arguments */
  EXIT_PARTIAL = 3,      /* done, but some rows (import) or plans (batch) were skipped */
};

/* --data-dir, common to every command. */
extern char *opt_data_dir;

void            print_error   (const char         *message);
int             usage_error   (GOptionContext     *context,
                               const char         *message);
GOptionContext *new_context   (const char         *parameter,
                               const char         *summary,
                               const GOptionEntry *entries);
gboolean        parse_context (GOptionContext     *context,
                               int                *argc,
                               char             ***argv,
                               int                *status);
CnStore        *open_store    (void);
void            print_json    (JsonBuilder        *builder);
/* A string member, or null. */
void            add_string    (JsonBuilder        *builder,
                               const char         *name,
                               const char         *value);

/* cli-diagnostic.c */
int cli_diagnostic  (int argc, char **argv);
int cli_referential (int argc, char **argv);

/* cli-plan.c */
int cli_plan        (int argc, char **argv);

/* cli-appointment.c, cli-report.c (reports and outreach), cli-dashboard.c */
int cli_appointment (int argc, char **argv);
int cli_report      (int argc, char **argv);
int cli_outreach    (int argc, char **argv);
int cli_dashboard   (int argc, char **argv);
