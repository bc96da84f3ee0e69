/* SPDX-License-Identifier: MIT */
/* multiverse-rt: access to /dev/hvm, shared by the runtime and hvmctl. */
#ifndef MV_HVM_DEV_H
#define MV_HVM_DEV_H

#include <hvm/ioctl.h>

#define MV_HIDDEN __attribute__((visibility("hidden")))

/* Open /dev/hvm; returns an fd or -errno with a message in mv_dev_error(). */
MV_HIDDEN int mv_dev_open(void);
/* Read the partition the module verified; returns 0 or -errno. */
MV_HIDDEN int mv_dev_get_partition(int fd, struct hvm_partition_info *info);
/*
 * One ioctl on /dev/hvm: fills in magic and revision at the start of arg,
 * returns 0 or -errno (message in mv_dev_error() for ABI mismatches).
 */
MV_HIDDEN int mv_dev_call(int fd, unsigned long cmd, void *arg);
/* The last error explained for a user: what failed, the likely cause, the fix. */
MV_HIDDEN const char *mv_dev_error(void);
/* Record @text as the last error; returns -@err. */
MV_HIDDEN int mv_dev_fail(int err, const char *text);

#endif /* MV_HVM_DEV_H */
