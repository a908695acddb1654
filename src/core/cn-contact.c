/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-contact"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cn-company.h"
#include "cn-contact.h"
#include "cn-error.h"
#include "cn-util.h"

struct _CnContact
{
  GObject parent_instance;

  char *id;
  char *company_id;
  char *name;
  char *role;
  char *email;
  char *phone;
  gboolean consent;
  char *consent_date;
  char *consent_purpose;
};

G_DEFINE_FINAL_TYPE (CnContact, cn_contact, G_TYPE_OBJECT)

static void
cn_contact_finalize (GObject *object)
{
  CnContact *self = CN_CONTACT (object);

  g_free (self->id);
  g_free (self->company_id);
  g_free (self->name);
  g_free (self->role);
  g_free (self->email);
  g_free (self->phone);
  g_free (self->consent_date);
  g_free (self->consent_purpose);

  G_OBJECT_CLASS (cn_contact_parent_class)->finalize (object);
}

static void
cn_contact_class_init (CnContactClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cn_contact_finalize;
}

static void
cn_contact_init (CnContact *self)
{
  self->name = g_strdup ("");
}

CnContact *
cn_contact_new (void)
{
  return g_object_new (CN_TYPE_CONTACT, NULL);
}

CnContact *
cn_contact_copy (CnContact *self)
{
  CnContact *copy = cn_contact_new ();

  cn_set_str (&copy->id, self->id);
  cn_set_str (&copy->company_id, self->company_id);
  cn_set_str (&copy->name, self->name);
  cn_set_str (&copy->role, self->role);
  cn_set_str (&copy->email, self->email);
  cn_set_str (&copy->phone, self->phone);
  copy->consent = self->consent;
  cn_set_str (&copy->consent_date, self->consent_date);
  cn_set_str (&copy->consent_purpose, self->consent_purpose);
  return copy;
}

static void
set_optional (char       **field,
              const char  *value)
{
  cn_set_str (field, (value && *value) ? value : NULL);
}

#define ACCESSORS(field)                                     \
  const char *                                               \
  cn_contact_get_##field (CnContact *self)                   \
  {                                                          \
    g_return_val_if_fail (CN_IS_CONTACT (self), NULL);       \
    return self->field;                                      \
  }                                                          \
  void                                                       \
  cn_contact_set_##field (CnContact  *self,                  \
                          const char *value)                 \
  {                                                          \
    g_return_if_fail (CN_IS_CONTACT (self));                 \
    set_optional (&self->field, value);                      \
  }

ACCESSORS (id)
ACCESSORS (company_id)
ACCESSORS (role)
ACCESSORS (email)
ACCESSORS (phone)

const char *
cn_contact_get_name (CnContact *self)
{
  return self->name;
}

void
cn_contact_set_name (CnContact  *self,
                     const char *name)
{
  cn_set_str (&self->name, name ? name : "");
}

gboolean
cn_contact_get_consent (CnContact *self)
{
  return self->consent;
}

const char *
cn_contact_get_consent_date (CnContact *self)
{
  return self->consent_date;
}

const char *
cn_contact_get_consent_purpose (CnContact *self)
{
  return self->consent_purpose;
}

void
cn_contact_set_consent (CnContact  *self,
                        gboolean    consent,
                        const char *date,
                        const char *purpose)
{
  self->consent = !!consent;
  if (!consent)
    {
      g_clear_pointer (&self->consent_date, g_free);
      g_clear_pointer (&self->consent_purpose, g_free);
      return;
    }

  if (date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
      cn_set_str (&self->consent_date, today);
    }
  else
    cn_set_str (&self->consent_date, date);
  set_optional (&self->consent_purpose, purpose);
}

gboolean
cn_email_validate (const char  *text,
                   GError     **error)
{
  const char *at;

  /* Deliberately loose: a connector types addresses from business cards,
   * the point is to catch typos, not to implement RFC 5322. */
  if (text == NULL || !g_utf8_validate (text, -1, NULL) ||
      strchr (text, ' ') != NULL ||
      (at = strchr (text, '@')) == NULL || at == text ||
      strchr (at + 1, '@') != NULL ||
      strchr (at + 1, '.') == NULL ||
      g_str_has_suffix (text, ".") ||
      at[1] == '.')
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("This email address does not look right (expected name@domain.fr)."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cn_phone_validate (const char  *text,
                   GError     **error)
{
  guint digits = 0;

  for (const char *p = text ? text : ""; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p == '+' && p == text)
        continue;
      else if (*p == ' ' || *p == '.' || *p == '-' || *p == '(' || *p == ')')
        continue;
      else
        {
          digits = 0;
          break;
        }
    }

  if (digits < 8 || digits > 15)
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("This phone number does not look right (expected 05 55 12 34 56 or +33 5 55 12 34 56)."));
      return FALSE;
    }
  return TRUE;
}

gboolean
cn_contact_normalize (CnContact  *self,
                      GError    **error)
{
  g_autofree char *name = NULL;

  if (!g_utf8_validate (self->name, -1, NULL) ||
      (self->role && !g_utf8_validate (self->role, -1, NULL)) ||
      (self->consent_purpose && !g_utf8_validate (self->consent_purpose, -1, NULL)))
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The contact contains characters that are not valid text."));
      return FALSE;
    }

  name = g_strstrip (g_strdup (self->name));
  if (*name == '\0')
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The contact needs a name."));
      return FALSE;
    }
  if (strlen (name) > CN_COMPANY_TEXT_MAX_BYTES ||
      (self->role && strlen (self->role) > CN_COMPANY_TEXT_MAX_BYTES))
    {
      g_set_error_literal (error, CN_ERROR, CN_ERROR_INVALID,
                           _("The contact’s name or role is too long."));
      return FALSE;
    }
  cn_set_str (&self->name, name);

  if (self->email)
    {
      g_autofree char *email = g_strstrip (g_strdup (self->email));
      if (!cn_email_validate (email, error))
        return FALSE;
      cn_set_str (&self->email, email);
    }

  if (self->phone && !cn_phone_validate (self->phone, error))
    return FALSE;

  return TRUE;
}
