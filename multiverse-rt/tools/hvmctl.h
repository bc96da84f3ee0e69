/* SPDX-License-Identifier: MIT */
/* hvmctl: the commands, one file per group, and what they share. */
#ifndef HVMCTL_H
#define HVMCTL_H

#include <stdio.h>

#include "hvm_dev.h"

#define HVMCTL_DEFAULT_IMAGE "/lib/hvm/hvm-kernel.elf"

/* Open /dev/hvm or print why not; returns the fd or -1. */
int hvmctl_open(void);
/* One request on a fresh /dev/hvm descriptor: 0, -errno, or HVMCTL_NO_DEVICE
 * when the device could not be opened (hvmctl_open() said why). */
#define HVMCTL_NO_DEVICE 1
int hvmctl_request(unsigned long cmd, void *arg);
/* Print "hvmctl: what: <errno text or ABI message>" and return 1. */
int hvmctl_fail(const char *what, int err);

int cmd_status(int argc, char **argv);
int cmd_boot(int argc, char **argv);
int cmd_reboot(int argc, char **argv);
int cmd_halt(int argc, char **argv);
int cmd_ping(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_crash(int argc, char **argv);
int cmd_test_crash(int argc, char **argv);
int cmd_bench_boot(int argc, char **argv);
int cmd_profile(int argc, char **argv);
int cmd_ps(int argc, char **argv);

/* ksyms.c: "name+0xoff" for an address of the image at path, if it matches hash. */
const char *ksyms_lookup(const char *path, unsigned long long hash, unsigned long long addr);

const char *hrt_state_name(unsigned int state);

#endif /* HVMCTL_H */
