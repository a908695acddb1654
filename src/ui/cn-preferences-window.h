/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "cn-store.h"

G_BEGIN_DECLS

#define CN_TYPE_PREFERENCES_WINDOW (cn_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CnPreferencesWindow, cn_preferences_window, CN, PREFERENCES_WINDOW, AdwPreferencesWindow)

CnPreferencesWindow *cn_preferences_window_new (CnStore *store);
/* Opens on the "Platform" page: address, interval, sign in and out. */
void                 cn_preferences_window_show_platform (CnPreferencesWindow *self);
/* Opens on the "Catalogue" page: versions, import, declared links. */
void                 cn_preferences_window_show_catalogue (CnPreferencesWindow *self);
/* Imports the catalogue file at @path as the file chooser of the
 * "Catalogue" page does: a toast on success, else a dialog that says what
 * is wrong (and nothing changes). */
gboolean             cn_preferences_window_import_file   (CnPreferencesWindow *self,
                                                          const char          *path);

/* For tests: the rows of the platform page, and their buttons. */
typedef enum {
  CN_PLATFORM_ENTRY_URL,
  CN_PLATFORM_ENTRY_TOKEN,
} CnPlatformEntry;

GtkEditable         *cn_preferences_window_get_platform_entry (CnPreferencesWindow *self,
                                                               CnPlatformEntry      entry);
void                 cn_preferences_window_apply_platform_url (CnPreferencesWindow *self);
/* Why the address typed was refused, or NULL. */
const char          *cn_preferences_window_get_platform_error (CnPreferencesWindow *self);
void                 cn_preferences_window_sign_in            (CnPreferencesWindow *self);
void                 cn_preferences_window_sign_out           (CnPreferencesWindow *self);
/* TRUE while the keyring is asked. */
gboolean             cn_preferences_window_is_busy            (CnPreferencesWindow *self);

G_END_DECLS
