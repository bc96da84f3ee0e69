/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Requests a running call makes of Linux (kernel/forward.c), protocol in
 * hvm/call.h: a system call hvm-kernel does not serve itself, and a page
 * fault on the program's lower half, which Linux may resolve. Both run
 * with interrupts off on the running call's own stack (its slot is
 * this_cpu()->call_slot) and park its thread until Linux answered; an
 * abort request meanwhile finishes the call, so they do not return then.
 */
#ifndef HVM_KERNEL_FORWARD_H
#define HVM_KERNEL_FORWARD_H

#include "kernel.h"

#define FORWARD_ARGS 6

/* Resolutions of one address in a row after which its fault counts as real. */
#define FORWARD_FAULT_REPEAT_MAX 64

struct thread;

/* A new call starts on thread @t: forget the faults of the last one. */
void forward_reset(struct thread *t);

/* Have Linux make system call @nr(@args); its raw result, -errno on failure. */
long forward_syscall(__u64 nr, const __u64 args[FORWARD_ARGS]);

/*
 * The same for a call the program made: -HVM_FORWARD_RESTART when a
 * signal came before Linux could start it (hvm/signal.h): the program
 * makes it again after the handler.
 */
long forward_program_syscall(__u64 nr, const __u64 args[FORWARD_ARGS]);

/* Have Linux resolve a fault at @addr; true when the access may be retried. */
bool forward_fault(__u64 addr, __u64 error_code);

/* A trace note of the call @nr served here (hvm/call.h, Tracing); the slot's registers are set. */
void forward_trace(__u64 nr, long ret, __u64 ns);

#endif /* HVM_KERNEL_FORWARD_H */
