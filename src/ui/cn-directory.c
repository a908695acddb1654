/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-directory"

#include "config.h"

#include "cn-directory.h"

static void
on_url_changed (GSettings  *settings,
                const char *key,
                CnRegistry *registry)
{
  g_autofree char *url = g_settings_get_string (settings, key);

  cn_registry_set_base_url (registry, url);
}

CnRegistry *
cn_directory_get (CnStore *store)
{
  CnRegistry *registry;
  GApplication *app;
  GObject *owner;
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (CN_IS_STORE (store), NULL);

  /* Kept by the application, which outlives the windows: kept by the
   * store, the client would keep the store alive in turn. */
  app = g_application_get_default ();
  owner = app ? G_OBJECT (app) : G_OBJECT (store);
  registry = g_object_get_data (owner, "cn-directory");
  if (registry)
    return registry;

  registry = cn_registry_new (NULL, app ? store : NULL);
  /* Without the installed schema (a build tree run by hand) the public
   * directory is used. */
  source = g_settings_schema_source_get_default ();
  schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  if (schema && g_settings_schema_has_key (schema, "registry-url"))
    {
      GSettings *settings = g_settings_new (APP_ID);

      on_url_changed (settings, "registry-url", registry);
      g_signal_connect_object (settings, "changed::registry-url", G_CALLBACK (on_url_changed), registry, 0);
      g_object_set_data_full (G_OBJECT (registry), "settings", settings, g_object_unref);
    }
  g_object_set_data_full (owner, "cn-directory", registry, g_object_unref);
  return registry;
}
