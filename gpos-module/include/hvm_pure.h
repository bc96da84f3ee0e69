/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The environment shim of the "pure" files of hvm.ko (layout.c,
 * elf_check.c, space_sync.c, call_check.c): files with no kernel calls that
 * are also compiled on the host for the unit tests. They include this
 * instead of choosing headers.
 */
#ifndef HVM_PURE_H
#define HVM_PURE_H

#ifdef __KERNEL__
#include <linux/errno.h>
#include <linux/kernel.h> /* snprintf */
#include <linux/string.h> /* memcmp, memcpy, memset */
#else
#include <errno.h>
#include <stdio.h>
#include <string.h>
#endif

#include <hvm/types.h>

#endif /* HVM_PURE_H */
