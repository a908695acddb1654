/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A maturity questionnaire, loaded from JSON (see data/referential/README.md
 * for the format and the scoring rules).  Immutable once loaded: the
 * structures below are read-only views into it. */

/* Every scored question implicitly offers "I don't know". */
#define CN_CHOICE_DONT_KNOW "dont-know"

/* The six dimensions of the EU Digital Maturity Assessment (EDIH). */
#define CN_EU_DIMENSION_COUNT 6
extern const char *const cn_eu_dimensions[CN_EU_DIMENSION_COUNT];

typedef enum {
  CN_QUESTION_SINGLE,
  CN_QUESTION_MULTIPLE,
  CN_QUESTION_PROFILE,
} CnQuestionKind;

typedef struct {
  char      *id;
  char      *label;
  int        points;
  gboolean   exclusive;
  /* How to preselect a profile choice from the company record. */
  char     **headcount;     /* INSEE brackets, or NULL */
  char     **naf_sections;  /* NAF section letters, or NULL */
  char      *customer_type; /* "b2b", "b2c", "both", or NULL */
} CnQuestionChoice;

typedef struct {
  char           *id;
  CnQuestionKind  kind;
  int             dimension;   /* index in the dimensions; -1 for profile */
  char           *profile;     /* profile questions: "size", "sector", … */
  char           *text;
  char           *help;        /* may be NULL */
  double          weight;
  int             max_points;  /* the points that give 10/10 */
  GPtrArray      *choices;     /* of CnQuestionChoice */
} CnQuestion;

typedef struct {
  char   *id;
  char   *title;
  char   *description;
  char   *eu_dimension;        /* may be NULL */
  double  weight;
} CnDimension;

typedef struct {
  char *id;
  int   min;
  char *name;
  char *text;
  char *icon;
} CnLevel;

typedef struct {
  char *sector;                /* a sector choice id, or "*" */
  char *size;                  /* a size choice id, or "*" */
  int   overall;
  int  *dimensions;            /* one median per dimension */
} CnReferenceGroup;

typedef enum {
  CN_CONDITION_ANSWER_IN,
  CN_CONDITION_NOT_TICKED,
  CN_CONDITION_DIMENSION_BELOW,
  CN_CONDITION_DIMENSION_AT_LEAST,
  CN_CONDITION_OVERALL_BELOW,
} CnConditionKind;

typedef struct {
  CnConditionKind   kind;
  const CnQuestion *question;  /* answer conditions */
  char            **choices;   /* answer conditions */
  int               dimension; /* dimension conditions */
  int               value;     /* thresholds */
} CnCondition;

typedef struct {
  char *id;
  char *title;
  char *description;
  char *horizon;               /* "now", "3-months", "12-months" */
  int   priority;              /* 1 (highest) … 3 */
  char *price_ref;             /* may be NULL */
  char *expense_kind;          /* may be NULL */
} CnAction;

typedef struct {
  char      *id;
  GPtrArray *conditions;       /* of CnCondition */
  CnAction   action;
} CnRule;

typedef struct _CnReferential CnReferential;

GType              cn_referential_get_type        (void) G_GNUC_CONST;
#define CN_TYPE_REFERENTIAL (cn_referential_get_type ())

/* @name names the source in error messages (a file name).  A referential
 * that breaks any rule of the format is refused with CN_ERROR_PARSE or
 * CN_ERROR_INVALID and a message "NAME: member: problem". */
CnReferential     *cn_referential_load_data       (const char    *data,
                                                   gssize         length,
                                                   const char    *name,
                                                   GError       **error);
CnReferential     *cn_referential_load_file       (const char    *path,
                                                   GError       **error);
CnReferential     *cn_referential_ref             (CnReferential *self);
void               cn_referential_unref           (CnReferential *self);

const char        *cn_referential_get_id          (CnReferential *self);
int                cn_referential_get_version     (CnReferential *self);
const char        *cn_referential_get_title       (CnReferential *self);
const char        *cn_referential_get_description (CnReferential *self);
const char        *cn_referential_get_source      (CnReferential *self);
const char        *cn_referential_get_dont_know_label (CnReferential *self);

guint              cn_referential_get_n_dimensions (CnReferential *self);
const CnDimension *cn_referential_get_dimension   (CnReferential *self,
                                                   guint          index);
int                cn_referential_find_dimension  (CnReferential *self,
                                                   const char    *id);
guint              cn_referential_get_n_questions (CnReferential *self);
const CnQuestion  *cn_referential_get_question    (CnReferential *self,
                                                   guint          index);
const CnQuestion  *cn_referential_find_question   (CnReferential *self,
                                                   const char    *id);
int                cn_referential_question_index  (CnReferential *self,
                                                   const char    *id);
/* The profile question about @profile ("size", "sector"…), or NULL. */
const CnQuestion  *cn_referential_find_profile    (CnReferential *self,
                                                   const char    *profile);
const CnQuestionChoice    *cn_question_find_choice        (const CnQuestion *question,
                                                   const char    *id);
guint              cn_referential_get_n_levels    (CnReferential *self);
const CnLevel     *cn_referential_get_level       (CnReferential *self,
                                                   guint          index);
const CnLevel     *cn_referential_find_level      (CnReferential *self,
                                                   const char    *id);
guint              cn_referential_get_n_rules     (CnReferential *self);
const CnRule      *cn_referential_get_rule        (CnReferential *self,
                                                   guint          index);
/* The reference group for a sector and size choice (either may be NULL),
 * falling back as the format describes; never NULL. */
const CnReferenceGroup *cn_referential_find_reference (CnReferential *self,
                                                       const char    *sector,
                                                       const char    *size);

/* Checks one answer: @question must exist, @choices must be its choices
 * (or just CN_CHOICE_DONT_KNOW for a scored question), one for a single
 * or profile question, and an exclusive choice must come alone.  The
 * error names the question or choice. */
gboolean           cn_referential_check_answer    (CnReferential *self,
                                                   const char    *question,
                                                   const char *const *choices,
                                                   GError       **error);

/* The questionnaires shipped with the app, plus any *.json in @extra_dir
 * (may be NULL), which may add questionnaires or versions but never replace
 * one; a broken file there is skipped with a warning. */
GPtrArray         *cn_referential_list_available  (const char    *extra_dir,
                                                   GError       **error);
/* The questionnaire @id at @version (0: the newest), or NULL with
 * CN_ERROR_NOT_FOUND. */
CnReferential     *cn_referential_lookup          (const char    *extra_dir,
                                                   const char    *id,
                                                   int            version,
                                                   GError       **error);
#define CN_REFERENTIAL_DEFAULT "commerce-connecte"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CnReferential, cn_referential_unref)

G_END_DECLS
