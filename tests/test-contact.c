/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cn-company.h"
#include "cn-contact.h"
#include "cn-error.h"

#include "cn-test-util.h"

static char *
today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static void
test_email (void)
{
  static const char *valid[] = {
    "jeanne.martin@example.fr",
    "j@example.fr",
    "contact+crm@boulangerie-martin.fr",
    "élodie@café.fr",
  };
  static const char *invalid[] = {
    "", "jeanne", "jeanne.martin", "@example.fr", "jeanne@", "jeanne@example",
    "jeanne@.fr", "jeanne@example.fr.", "jeanne martin@example.fr",
    "jeanne@@example.fr", "jeanne@exa@mple.fr", "Soci\xe9t\xe9@example.fr",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!cn_email_validate (valid[i], &error))
        g_error ("“%s” refused: %s", valid[i], error->message);
      g_assert_no_error (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      if (cn_email_validate (invalid[i], &error))
        g_error ("“%s” accepted", invalid[i]);
      g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
    }

  g_assert_false (cn_email_validate (NULL, NULL));
}

static void
test_phone (void)
{
  static const char *valid[] = {
    "05 55 12 34 56", "0555123456", "+33 5 55 12 34 56", "05.55.12.34.56",
    "05-55-12-34-56", "+33 (0)5 55 12 34 56", "+262 262 12 34 56",
  };
  static const char *invalid[] = {
    "", "12345", "05 55 12", "05 55 AB CD EF", "05 55 12 34 56 ext 2",
    "05+55 12 34 56", "0123456789012345678", "++33 5 55 12 34 56",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      if (!cn_phone_validate (valid[i], &error))
        g_error ("“%s” refused: %s", valid[i], error->message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      if (cn_phone_validate (invalid[i], &error))
        g_error ("“%s” accepted", invalid[i]);
      g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
    }

  g_assert_false (cn_phone_validate (NULL, NULL));
}

static void
test_consent (void)
{
  g_autoptr(CnContact) contact = cn_contact_new ();
  g_autofree char *day = NULL;

  g_assert_false (cn_contact_get_consent (contact));
  g_assert_null (cn_contact_get_consent_date (contact));
  g_assert_null (cn_contact_get_consent_purpose (contact));

  /* Recorded without a date: today. */
  cn_contact_set_consent (contact, TRUE, NULL, "Newsletter");
  day = today ();
  g_assert_true (cn_contact_get_consent (contact));
  g_assert_cmpstr (cn_contact_get_consent_date (contact), ==, day);
  g_assert_cmpstr (cn_contact_get_consent_purpose (contact), ==, "Newsletter");

  /* With a date, that date. */
  cn_contact_set_consent (contact, TRUE, "2024-03-01", "Diagnostic");
  g_assert_cmpstr (cn_contact_get_consent_date (contact), ==, "2024-03-01");
  g_assert_cmpstr (cn_contact_get_consent_purpose (contact), ==, "Diagnostic");

  /* Withdrawn: date and purpose go. */
  cn_contact_set_consent (contact, FALSE, "2024-05-01", "ignored");
  g_assert_false (cn_contact_get_consent (contact));
  g_assert_null (cn_contact_get_consent_date (contact));
  g_assert_null (cn_contact_get_consent_purpose (contact));
}

static void
test_normalize (void)
{
  g_autoptr(CnContact) contact = cn_contact_new ();
  g_autoptr(GError) error = NULL;

  cn_contact_set_name (contact, "  Jeanne Martin ");
  cn_contact_set_email (contact, " jeanne.martin@example.fr ");
  cn_contact_set_phone (contact, "05 55 12 34 56");
  g_assert_true (cn_contact_normalize (contact, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (cn_contact_get_name (contact), ==, "Jeanne Martin");
  g_assert_cmpstr (cn_contact_get_email (contact), ==, "jeanne.martin@example.fr");
  g_assert_cmpstr (cn_contact_get_phone (contact), ==, "05 55 12 34 56");

  /* Empty optional fields are "not filled". */
  cn_contact_set_email (contact, "");
  cn_contact_set_role (contact, "");
  g_assert_null (cn_contact_get_email (contact));
  g_assert_null (cn_contact_get_role (contact));
  g_assert_true (cn_contact_normalize (contact, NULL));
}

static void
test_normalize_refuses (void)
{
  struct {
    const char *name, *email, *phone, *role;
  } cases[] = {
    { "", NULL, NULL, NULL },
    { "   ", NULL, NULL, NULL },
    { "Jeanne", "jeanne", NULL, NULL },
    { "Jeanne", NULL, "12", NULL },
    { "Jeanne \xff", NULL, NULL, NULL },
    { "Jeanne", NULL, NULL, "G\xe9rante" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CnContact) contact = cn_contact_new ();
      g_autoptr(GError) error = NULL;

      cn_contact_set_name (contact, cases[i].name);
      cn_contact_set_email (contact, cases[i].email);
      cn_contact_set_phone (contact, cases[i].phone);
      cn_contact_set_role (contact, cases[i].role);
      if (cn_contact_normalize (contact, &error))
        g_error ("case %u accepted", i);
      g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
    }

  {
    g_autoptr(CnContact) contact = cn_contact_new ();
    g_autoptr(GError) error = NULL;

    g_assert_false (cn_contact_normalize (contact, &error));
    g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "name"));
  }

  {
    g_autoptr(CnContact) contact = cn_contact_new ();
    g_autofree char *long_name = g_strnfill (CN_COMPANY_TEXT_MAX_BYTES + 1, 'x');
    g_autoptr(GError) error = NULL;

    cn_contact_set_name (contact, long_name);
    g_assert_false (cn_contact_normalize (contact, &error));
    g_assert_error (error, CN_ERROR, CN_ERROR_INVALID);
  }
}

static void
test_copy (void)
{
  g_autoptr(CnContact) contact = cn_contact_new ();
  g_autoptr(CnContact) copy = NULL;

  cn_contact_set_id (contact, "c1");
  cn_contact_set_company_id (contact, "co1");
  cn_contact_set_name (contact, "Jeanne Martin");
  cn_contact_set_role (contact, "Gérante");
  cn_contact_set_email (contact, "jeanne@example.fr");
  cn_contact_set_phone (contact, "05 55 12 34 56");
  cn_contact_set_consent (contact, TRUE, "2024-03-01", "Diagnostic");

  copy = cn_contact_copy (contact);
  g_assert_true (copy != contact);
  g_assert_cmpstr (cn_contact_get_id (copy), ==, "c1");
  g_assert_cmpstr (cn_contact_get_company_id (copy), ==, "co1");
  g_assert_cmpstr (cn_contact_get_name (copy), ==, "Jeanne Martin");
  g_assert_cmpstr (cn_contact_get_role (copy), ==, "Gérante");
  g_assert_cmpstr (cn_contact_get_email (copy), ==, "jeanne@example.fr");
  g_assert_cmpstr (cn_contact_get_phone (copy), ==, "05 55 12 34 56");
  g_assert_true (cn_contact_get_consent (copy));
  g_assert_cmpstr (cn_contact_get_consent_date (copy), ==, "2024-03-01");
  g_assert_cmpstr (cn_contact_get_consent_purpose (copy), ==, "Diagnostic");
}

int
main (int   argc,
      char *argv[])
{
  cn_test_init (&argc, &argv);

  g_test_add_func ("/contact/email", test_email);
  g_test_add_func ("/contact/phone", test_phone);
  g_test_add_func ("/contact/consent", test_consent);
  g_test_add_func ("/contact/normalize", test_normalize);
  g_test_add_func ("/contact/normalize-refuses", test_normalize_refuses);
  g_test_add_func ("/contact/copy", test_copy);

  return g_test_run ();
}
