/* SPDX-License-Identifier: MIT */
/* multiverse-rt internals shared by its files (all hidden from the program). */
#ifndef MV_RUNTIME_H
#define MV_RUNTIME_H

#include <hvm/ioctl.h>

#include "hvm_dev.h"

/* The merged /dev/hvm descriptor (after hrt_merge). */
MV_HIDDEN int mv_hrt_fd(void);
/* Make the system call a program's HRT thread forwarded; returns its raw result. */
MV_HIDDEN long mv_forward_syscall(const struct hvm_forward *fw);
/* Print the forwarded-call summary to stderr if HVM_STATS=1 asked for it. */
MV_HIDDEN void mv_stats_report(void);
/* Say why multiverse-rt cannot go on, on stderr, and end the process. */
MV_HIDDEN _Noreturn void mv_die(const char *fmt, ...);

#endif /* MV_RUNTIME_H */
