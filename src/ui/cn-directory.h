/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "cn-registry.h"
#include "cn-store.h"

G_BEGIN_DECLS

/* The app's one client of the public company directory, shared by the
 * forms and pages of @store so that they share its request budget and
 * cache.  Its address follows the "registry-url" setting. */
CnRegistry *cn_directory_get (CnStore *store);

G_END_DECLS
