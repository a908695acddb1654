/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Skeleton: being written. */
#include "config.h"

#include "cli-common.h"

int
cli_appointment (int argc, char **argv)
{
  print_error ("not available yet");
  return EXIT_USAGE;
}
