/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-catalogue.h"
#include "cn-store.h"
#include "cn-sync-engine.h"

G_BEGIN_DECLS

#define CN_TYPE_APPLICATION (cn_application_get_type ())
G_DECLARE_FINAL_TYPE (CnApplication, cn_application, CN, APPLICATION, AdwApplication)

CnApplication *cn_application_new       (void);
CnStore       *cn_application_get_store (CnApplication *self);
/* The sync with the national platform; NULL until the store is open. */
CnSyncEngine  *cn_application_get_sync_engine (CnApplication *self);
/* Gives the engine a token the connector just typed and syncs; NULL
 * signs out.  @in_keyring: whether the caller could keep it in the
 * keyring (else it lasts until the app quits). */
void           cn_application_sign_in   (CnApplication *self,
                                         const char    *token,
                                         gboolean       in_keyring);
/* Whether the token in use came from, or went to, the keyring. */
gboolean       cn_application_get_token_in_keyring (CnApplication *self);

/* The catalogue in use: the shipped one with the files imported into the
 * data folder's "catalogue" folder.  Loaded on first use; NULL when it
 * cannot be (said once, in a dialog).  Not a new reference. */
CnCatalogue   *cn_application_get_catalogue (CnApplication *self);
/* Where imported catalogue files go: <data folder>/catalogue. */
char          *cn_application_get_catalogue_dir (CnApplication *self);
/* After an import: loads the catalogue again and emits
 * "catalogue-changed", so that every view shows the new files. */
void           cn_application_reload_catalogue (CnApplication *self);

G_END_DECLS
