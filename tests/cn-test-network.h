/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* A network monitor the test decides for, so that "offline" can be
 * tested on a machine that is online, and the other way round.  Include
 * it in one file of a test program. */

#include <gio/gio.h>

G_BEGIN_DECLS

#define CN_TYPE_TEST_MONITOR (cn_test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (CnTestMonitor, cn_test_monitor, CN, TEST_MONITOR, GObject)

struct _CnTestMonitor
{
  GObject parent_instance;

  gboolean available;
};

enum {
  CN_TEST_MONITOR_PROP_0,
  CN_TEST_MONITOR_PROP_AVAILABLE,
  CN_TEST_MONITOR_PROP_METERED,
  CN_TEST_MONITOR_PROP_CONNECTIVITY,
};

static gboolean
cn_test_monitor_can_reach (GNetworkMonitor     *monitor,
                           GSocketConnectable  *connectable,
                           GCancellable        *cancellable,
                           GError             **error)
{
  if (CN_TEST_MONITOR (monitor)->available)
    return TRUE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, "Network unreachable");
  return FALSE;
}

static void
cn_test_monitor_network_monitor_init (GNetworkMonitorInterface *iface)
{
  iface->can_reach = cn_test_monitor_can_reach;
}

static gboolean
cn_test_monitor_initable_init (GInitable     *initable,
                               GCancellable  *cancellable,
                               GError       **error)
{
  return TRUE;
}

static void
cn_test_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = cn_test_monitor_initable_init;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (CnTestMonitor, cn_test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, cn_test_monitor_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, cn_test_monitor_network_monitor_init))

static void
cn_test_monitor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CnTestMonitor *self = CN_TEST_MONITOR (object);

  switch (prop_id)
    {
    case CN_TEST_MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case CN_TEST_MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case CN_TEST_MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cn_test_monitor_class_init (CnTestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cn_test_monitor_get_property;
  g_object_class_override_property (object_class, CN_TEST_MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, CN_TEST_MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, CN_TEST_MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
cn_test_monitor_init (CnTestMonitor *self)
{
  self->available = TRUE;
}

static inline GNetworkMonitor *
cn_test_monitor_new (gboolean available)
{
  CnTestMonitor *self = g_object_new (CN_TYPE_TEST_MONITOR, NULL);

  self->available = available;
  return G_NETWORK_MONITOR (self);
}

static inline void
cn_test_monitor_set_available (GNetworkMonitor *monitor,
                               gboolean         available)
{
  CnTestMonitor *self = CN_TEST_MONITOR (monitor);

  if (self->available == available)
    return;
  self->available = available;
  g_object_notify (G_OBJECT (self), "network-available");
  g_object_notify (G_OBJECT (self), "connectivity");
  g_signal_emit_by_name (self, "network-changed", available);
}

G_END_DECLS
