/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "cn-catalogue.h"
#include "cn-store.h"

/* What the commands of connecteur-cli share (connecteur-cli.c). */

/* Exit statuses a script can rely on. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,       /* the command could not do its work */
  EXIT_USAGE = 2,        /* wrong arguments */
  EXIT_PARTIAL = 3,      /* done, but some rows (import) or plans (batch) were skipped */
  EXIT_REFUSED = 4,      /* refused by a rule of the programme (a declared link) */
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
/* The catalogue in use with the data of @store: shipped, or imported. */
CnCatalogue    *cli_load_catalogue (CnStore       *store,
                                    GError       **error);
void            print_json    (JsonBuilder        *builder);
/* A string member, or null. */
void            add_string    (JsonBuilder        *builder,
                               const char         *name,
                               const char         *value);

/* A group of subcommands ("report add", "report list"…). */
typedef struct {
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;  /* N_() */
} CliCommand;

/* Runs the subcommand named by argv[1], or prints the group's usage
 * (exit 0 for --help, 2 otherwise). */
int             cli_dispatch  (const char         *group,
                               const CliCommand   *table,
                               guint               n,
                               int                 argc,
                               char              **argv);

/* cli-registry.c: the public company directory.  The directory's
 * address: @option when given, else the app's setting, else the public
 * one.  fill_company applies the directory's data for a SIREN (or SIRET)
 * to @company, from what was fetched before when it cannot be reached. */
int       cli_registry              (int argc, char **argv);
char     *cli_registry_url          (const char  *option);
gboolean  cli_registry_fill_company (CnStore     *store,
                                     CnCompany   *company,
                                     const char  *siren,
                                     const char  *url,
                                     GError     **error);

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

/* cli-sync.c: sync with the platform, and its leads */
int cli_sync        (int argc, char **argv);
int cli_lead        (int argc, char **argv);

/* cli-privacy.c: export, erasure and retention (RGPD) */
int cli_privacy     (int argc, char **argv);

/* cli-catalogue.c: aids, the catalogue, providers, baskets */
int cli_aids        (int argc, char **argv);
int cli_catalogue   (int argc, char **argv);
int cli_provider    (int argc, char **argv);
int cli_basket      (int argc, char **argv);
