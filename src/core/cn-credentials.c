/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-credentials"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "cn-credentials.h"

/* One secret per platform address, so a test platform and the real one
 * never share a token. */
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.croissanceconnectee.Connecteur.PlatformToken",
    SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

static char *
take_secret (char *password)
{
  char *copy = g_strdup (password);

  secret_password_free (password);
  return copy;
}

void
cn_credentials_lookup_async (const char          *url,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (url != NULL);
  secret_password_lookup (token_schema (), cancellable, callback, user_data, "url", url, NULL);
}

char *
cn_credentials_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  return take_secret (secret_password_lookup_finish (result, error));
}

char *
cn_credentials_lookup_sync (const char    *url,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_return_val_if_fail (url != NULL, NULL);
  return take_secret (secret_password_lookup_sync (token_schema (), cancellable, error, "url", url, NULL));
}

void
cn_credentials_store_async (const char          *url,
                            const char          *token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *label = NULL;

  g_return_if_fail (url != NULL);
  g_return_if_fail (token != NULL);

  /* The label is what the connector sees in Passwords and Keys. */
  label = g_strdup_printf (_("Connecteur: access token for %s"), url);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, callback, user_data, "url", url, NULL);
}

gboolean
cn_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  return secret_password_store_finish (result, error);
}

void
cn_credentials_clear_async (const char          *url,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (url != NULL);
  secret_password_clear (token_schema (), cancellable, callback, user_data, "url", url, NULL);
}

gboolean
cn_credentials_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  /* Nothing to forget is not a failure. */
  if (!secret_password_clear_finish (result, &local_error) && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}
