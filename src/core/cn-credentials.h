/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The platform token lives in the user's keyring (Secret Service, through
 * libsecret), one per platform address; never in the database, GSettings
 * or a file.  Scripts and tests may pass it in $CONNECTEUR_TOKEN instead
 * (the CLI only). */

void      cn_credentials_lookup_async  (const char          *url,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
/* The token, or NULL without error when none is stored. */
char     *cn_credentials_lookup_finish (GAsyncResult        *result,
                                        GError             **error);
char     *cn_credentials_lookup_sync   (const char          *url,
                                        GCancellable        *cancellable,
                                        GError             **error);

void      cn_credentials_store_async   (const char          *url,
                                        const char          *token,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  cn_credentials_store_finish  (GAsyncResult        *result,
                                        GError             **error);

/* Signing out: forgets the token of @url. */
void      cn_credentials_clear_async   (const char          *url,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  cn_credentials_clear_finish  (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
