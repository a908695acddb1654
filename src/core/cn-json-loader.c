/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-error.h"
#include "cn-json-loader.h"

void
cn_json_fail (CnJsonLoader *loader,
      const char *member,
      const char *format,
      ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  if (loader->failed)
    return;
  loader->failed = TRUE;
  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  if (member != NULL && *member != '\0')
    /* Translators: a problem in a data file: the file, the member (its path in the file), the problem */
    g_set_error (loader->error, CN_ERROR, CN_ERROR_INVALID, _("%s: %s: %s"), loader->name, member, problem);
  else
    /* Translators: a problem in a data file: the file, the problem */
    g_set_error (loader->error, CN_ERROR, CN_ERROR_INVALID, _("%s: %s"), loader->name, problem);
}

char *
cn_json_member_path (const char *path,
             const char *member)
{
  return *path ? g_strdup_printf ("%s.%s", path, member) : g_strdup (member);
}

gboolean
cn_json_is_valid_id (const char *id)
{
  if (id == NULL || !g_ascii_isalnum (*id))
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-'))
      return FALSE;
  return TRUE;
}

JsonNode *
cn_json_get_member (CnJsonLoader *loader,
            JsonObject *object,
            const char *path,
            const char *member,
            gboolean    required)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *where = cn_json_member_path (path, member);
          cn_json_fail (loader, where, _("this member is missing"));
        }
      return NULL;
    }
  return node;
}

char *
cn_json_get_string (CnJsonLoader *loader,
            JsonObject *object,
            const char *path,
            const char *member,
            gboolean    required)
{
  JsonNode *node = cn_json_get_member (loader, object, path, member, required);
  const char *value;

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *where = cn_json_member_path (path, member);
      cn_json_fail (loader, where, _("a text is expected"));
      return NULL;
    }
  value = json_node_get_string (node);
  while (g_ascii_isspace (*value))
    value++;
  if (*value == '\0')
    {
      g_autofree char *where = NULL;

      if (!required)
        return NULL;
      where = cn_json_member_path (path, member);
      cn_json_fail (loader, where, _("this text is empty"));
      return NULL;
    }
  return g_strdup (json_node_get_string (node));
}

char *
cn_json_get_id (CnJsonLoader *loader,
        JsonObject *object,
        const char *path,
        const char *member)
{
  char *id = cn_json_get_string (loader, object, path, member, TRUE);

  if (id != NULL && !cn_json_is_valid_id (id))
    {
      g_autofree char *where = cn_json_member_path (path, member);
      cn_json_fail (loader, where, _("“%s” is not a valid identifier (lower-case letters, digits and “-”)"), id);
      g_clear_pointer (&id, g_free);
    }
  return id;
}

gboolean
cn_json_get_int (CnJsonLoader *loader,
         JsonObject *object,
         const char *path,
         const char *member,
         gboolean    required,
         int         min,
         int         max,
         int        *out)
{
  JsonNode *node = cn_json_get_member (loader, object, path, member, required);
  g_autofree char *where = cn_json_member_path (path, member);
  gint64 value;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      cn_json_fail (loader, where, _("a whole number is expected"));
      return FALSE;
    }
  value = json_node_get_int (node);
  if (value < min || value > max)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, value);

      cn_json_fail (loader, where, _("%s is out of range (%d to %d)"), number, min, max);
      return FALSE;
    }
  *out = (int) value;
  return TRUE;
}

JsonArray *
cn_json_get_array (CnJsonLoader *loader,
           JsonObject *object,
           const char *path,
           const char *member,
           gboolean    required)
{
  JsonNode *node = cn_json_get_member (loader, object, path, member, required);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *where = cn_json_member_path (path, member);
      cn_json_fail (loader, where, _("a list is expected"));
      return NULL;
    }
  return json_node_get_array (node);
}

char **
cn_json_get_strv (CnJsonLoader *loader,
          JsonObject *object,
          const char *path,
          const char *member,
          gboolean    required)
{
  JsonArray *array = cn_json_get_array (loader, object, path, member, required);
  g_autoptr(GStrvBuilder) builder = NULL;

  if (array == NULL)
    return NULL;
  if (json_array_get_length (array) == 0)
    {
      if (required)
        {
          g_autofree char *where = cn_json_member_path (path, member);
          cn_json_fail (loader, where, _("the list is empty"));
        }
      return NULL;
    }
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      const char *text = NULL;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        for (text = json_node_get_string (node); g_ascii_isspace (*text); text++)
          ;
      if (text == NULL || *text == '\0')
        {
          g_autofree char *where = g_strdup_printf ("%s.%s[%u]", path, member, i);
          cn_json_fail (loader, where, _("a text is expected"));
          return NULL;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

JsonObject *
cn_json_get_element_object (CnJsonLoader *loader,
                    JsonArray  *array,
                    guint       index,
                    const char *where)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      cn_json_fail (loader, where, _("an object is expected"));
      return NULL;
    }
  return json_node_get_object (node);
}
