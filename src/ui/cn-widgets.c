/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cn-widgets"

#include "config.h"

#include "cn-widgets.h"

GtkWidget *
cn_icon_button_new (const char *icon,
                    const char *tooltip,
                    const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

void
cn_widget_set_mnemonic_name (GtkWidget  *widget,
                             const char *mnemonic_label)
{
  g_autofree char *name = g_strdup (mnemonic_label);
  char *out = name;

  /* "_" marks the mnemonic; "__" is a literal underscore. */
  for (const char *in = mnemonic_label; *in; in++)
    {
      if (*in == '_' && in[1] == '_')
        *out++ = *in++;
      else if (*in != '_')
        *out++ = *in;
    }
  *out = '\0';
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

GtkWidget *
cn_button_new_with_mnemonic (const char *mnemonic_label)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic_label);

  cn_widget_set_mnemonic_name (button, mnemonic_label);
  return button;
}

void
cn_drop_down_set_name (GtkWidget  *dropdown,
                       const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (dropdown); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}
