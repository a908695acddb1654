/* SPDX-License-Identifier: GPL-3.0-or-later */

/* A questionnaire file dropped in the extra directory: any JSON.  When it
 * loads, its lookups must hold too, since the app trusts a loaded one. */

#include "fuzz-common.h"
#include "cn-referential.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CnReferential) referential = NULL;
  g_autoptr(GError) error = NULL;

  cn_fuzz_init ();
  referential = cn_referential_load_data ((const char *) data, size, "fuzz.json", &error);
  g_assert_true ((referential == NULL) != (error == NULL));
  if (referential == NULL)
    return 0;

  g_assert_nonnull (cn_referential_find_reference (referential, NULL, NULL));
  g_assert_nonnull (cn_referential_find_reference (referential, "*", "*"));
  for (guint i = 0; i < cn_referential_get_n_questions (referential); i++)
    {
      const CnQuestion *question = cn_referential_get_question (referential, i);
      const CnQuestionChoice *choice;
      const char *choices[2] = { NULL, NULL };
      g_autoptr(GError) answer_error = NULL;

      g_assert_nonnull (question);
      if (question->choices->len == 0)
        continue;
      choice = g_ptr_array_index (question->choices, 0);
      choices[0] = choice->id;
      cn_referential_check_answer (referential, question->id, choices, &answer_error);
      if (question->profile != NULL)
        g_assert_nonnull (cn_referential_find_profile (referential, question->profile));
    }
  for (guint i = 0; i < cn_referential_get_n_levels (referential); i++)
    cn_referential_find_level (referential, cn_referential_get_level (referential, i)->id);
  return 0;
}
