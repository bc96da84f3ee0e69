/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The x86-64 half of a call's thread (kernel/sched.c, arch/x86_64/thread.c):
 * the call's kernel stack, what a switch to and from the CPU's scheduler
 * keeps, and the state of the call running on it (enter.c, enter.S).
 */
#ifndef HVM_ARCH_THREAD_H
#define HVM_ARCH_THREAD_H

#include "kernel.h"
#include "arch/fpu.h"

/* Linux's initial x87/SSE/AVX state (control words 0x037f, MXCSR 0x1f80) in this CPU (fpu.c). */
void arch_fpu_reset(void);

/*
 * The call on a thread (enter.c, enter.S, which uses the offsets:
 * kernel_rsp 0x0, active 0x8). kernel_rsp is 16-byte aligned: the system
 * calls of the call and its page faults forwarded to Linux build their
 * frames right below it (syscall_entry.S, trap.c). active is set just
 * before the switch to the program's stack and cleared just after the
 * switch back, interrupts off; it stays set while hvm-kernel works for the
 * call (a system call, a forwarded fault), so an abort request still
 * unwinds it. in_kernel is set meanwhile: an exception then is
 * hvm-kernel's own, not the program's. Written by the thread's CPU only.
 */
struct call_context {
	__u64 kernel_rsp; /* enter_program's stack, its saved registers on top */
	__u32 active; /* 1 while the program's code may run */
	__u32 outcome; /* CALL_*: set by the trap code that unwinds */
	__u32 in_kernel; /* 1 while syscall.c or a forwarded fault runs */
};

_Static_assert(__builtin_offsetof(struct call_context, kernel_rsp) == 0x0, "enter.S layout");
_Static_assert(__builtin_offsetof(struct call_context, active) == 0x8, "enter.S layout");

/*
 * What a thread keeps while the scheduler or another call has its CPU.
 * The kernel's callee-saved registers are on its own stack (switch.S);
 * the program's FS base, x87/SSE/AVX state and CR2 (a fault waiting for
 * Linux may still be recorded) are CPU state that the next call would
 * change. sigfpu holds the state a signal frame is being built from or
 * restored to (signal.c): building and restoring may park the thread
 * (the program's stack may need Linux), which overwrites fpu.
 */
struct arch_thread {
	struct call_context call; /* the call running on this thread */
	__u64 rsp; /* its stack pointer while switched out */
	__u64 fs_base; /* while parked */
	__u64 cr2; /* while parked */
	struct fpu_area fpu; /* while parked (fpu_config.size bytes of it) */
	struct fpu_area sigfpu; /* signal.c's, while it copies a signal frame's state */
};

#endif /* HVM_ARCH_THREAD_H */
