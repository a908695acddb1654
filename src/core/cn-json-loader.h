/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Reading the project's JSON data files (questionnaires, catalogue) with
 * one kind of error: the first problem, naming the file and the path of
 * the member in it ("questions[3] (site-web).choices[1].points: this member
 * is missing"), so whoever edits the file can find it.  @path is the path
 * of @object ("" at the root). */
typedef struct {
  const char *name;     /* the file, in messages */
  GError    **error;
  gboolean    failed;   /* only the first problem is reported */
} CnJsonLoader;

void        cn_json_fail               (CnJsonLoader *loader,
                                        const char   *member,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (3, 4);
char       *cn_json_member_path        (const char   *path,
                                        const char   *member);
/* [a-z0-9][a-z0-9-]* */
gboolean    cn_json_is_valid_id        (const char   *id);
/* NULL (and a problem when @required) when absent or null. */
JsonNode   *cn_json_get_member         (CnJsonLoader *loader,
                                        JsonObject   *object,
                                        const char   *path,
                                        const char   *member,
                                        gboolean      required);
/* A text; blank counts as absent. */
char       *cn_json_get_string         (CnJsonLoader *loader,
                                        JsonObject   *object,
                                        const char   *path,
                                        const char   *member,
                                        gboolean      required);
char       *cn_json_get_id             (CnJsonLoader *loader,
                                        JsonObject   *object,
                                        const char   *path,
                                        const char   *member);
gboolean    cn_json_get_int            (CnJsonLoader *loader,
                                        JsonObject   *object,
                                        const char   *path,
                                        const char   *member,
                                        gboolean      required,
                                        int           min,
                                        int           max,
                                        int          *out);
JsonArray  *cn_json_get_array          (CnJsonLoader *loader,
                                        JsonObject   *object,
                                        const char   *path,
                                        const char   *member,
                                        gboolean      required);
/* A list of non-blank texts; NULL when absent, null or empty. */
char      **cn_json_get_strv           (CnJsonLoader *loader,
                                        JsonObject   *object,
                                        const char   *path,
                                        const char   *member,
                                        gboolean      required);
JsonObject *cn_json_get_element_object (CnJsonLoader *loader,
                                        JsonArray    *array,
                                        guint         index,
                                        const char   *where);

G_END_DECLS
