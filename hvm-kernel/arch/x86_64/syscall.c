// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * System calls of a call's code: unmodified Linux programs run in ring 0
 * here and still use the `syscall` instruction. Each CPU enables it at boot
 * with its own stack (syscall_entry.S says how the program's registers and
 * stack are kept). Linux's x86-64 convention holds: number in RAX,
 * arguments in RDI, RSI, RDX, R10, R8, R9, result in RAX, everything else
 * but RCX and R11 preserved. What the HRT must do itself (the FS base
 * belongs to this CPU, not to the Linux thread) and what the process's
 * policy asks to serve natively is served by the table of
 * kernel/syscalls/; everything else is made by Linux on the call's behalf
 * (kernel/forward.c), on the call's own stack, so its CPU runs other calls
 * while Linux works. Either way the call's count and time go to its
 * space's profile (kernel/profile.c).
 */
#include <hvm/barrier.h>
#include <hvm/call.h>

#include "arch.h"
#include "clock.h"
#include "forward.h"
#include "heap.h"
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "preempt.h"
#include "profile.h"
#include "signal.h"
#include "syscalls.h"
#include "arch/cpu.h"
#include "arch/segment.h"
#include "arch/thread.h"
#include "arch/trap.h"

/* hvm/call.h names Linux's task-creating calls for all sides: they must be Linux's numbers. */
_Static_assert(HVM_NR_CLONE == __NR_clone && HVM_NR_FORK == __NR_fork &&
		       HVM_NR_VFORK == __NR_vfork && HVM_NR_CLONE3 == __NR_clone3,
	       "hvm/call.h: HVM_NR_CLONE... differ from Linux's <asm/unistd_64.h>");

/* What SYSCALL clears: no interrupts until the frame is saved, C's flags. */
#define SYSCALL_RFLAGS_MASK                                                                        \
	(X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF | X86_EFLAGS_AC | X86_EFLAGS_NT)

_Static_assert(__builtin_offsetof(struct percpu, arch.syscall.user_rsp) == 0x08,
	       "syscall_entry.S: PCPU_USER_RSP");
_Static_assert(__builtin_offsetof(struct percpu, arch.syscall.stack_top) == 0x10,
	       "syscall_entry.S: PCPU_STACK_TOP");

extern char syscall_entry[]; /* syscall_entry.S */

/* The stack is the running call's, set whenever one runs (thread.c, enter.S). */
void syscall_init(void)
{
	wrmsr(MSR_STAR, (__u64)KERNEL_CS << 32);
	wrmsr(MSR_LSTAR, (__u64)syscall_entry);
	wrmsr(MSR_SFMASK, SYSCALL_RFLAGS_MASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

/*
 * Linux takes the number's low 32 bits, sign-extended; a negative one is
 * -ENOSYS there, and here it could not be forwarded (HVM_FORWARD_FAULT).
 * The native table (kernel/syscalls/) serves what the process's policy asks.
 */
static bool syscall_serve(const struct trap_frame *f, const __u64 *args, long *ret)
{
	int nr = (int)f->rax;

	if (nr < 0) {
		*ret = -ENOSYS;
		return true;
	}
	return syscall_native((__u64)nr, args, ret);
}

int arch_copy_to_user(void *dst, const void *src, size_t n)
{
	return arch_copy_out(dst, src, n) ? -EFAULT : 0;
}

int arch_copy_from_user(void *dst, const void *src, size_t n)
{
	return arch_copy_in(dst, src, n) ? -EFAULT : 0;
}

/*
 * A task-creating system call: the caller's registers at its `syscall`
 * go to the slot's struct hvm_regs (hvm/call.h, Threads), so Linux can
 * start the new task where the caller goes on. The frame holds them in
 * the crash record's order, RCX and R11 as the instruction left them.
 */
static void syscall_regs_to_slot(const struct trap_frame *f, unsigned int slot)
{
	struct hvm_regs *r = hvm_slot_regs(partition(), slot);

	memcpy(r->regs, f, sizeof(r->regs));
	r->rip = f->rip;
	r->rsp = f->rsp;
	r->rflags = f->rflags;
	r->fs_base = rdmsr(MSR_FS_BASE);
	r->reserved = 0;
}

static void syscall_save_regs(const struct trap_frame *f, unsigned int slot)
{
	if (hvm_forward_carries_regs((__u32)f->rax))
		syscall_regs_to_slot(f, slot);
}

/*
 * A call served here, in a traced space (hvm/call.h, Tracing): its trace
 * note, with the program's registers (RAX still the call's number).
 */
static void syscall_trace_native(const struct trap_frame *f, unsigned int slot, long ret,
				 __u64 start)
{
	__u64 khz = clock_tsc_khz();

	if (!(hvm_read_once(&syscall_space()->flags) & HVM_SPACE_TRACE))
		return;
	syscall_regs_to_slot(f, slot);
	forward_trace(f->rax, ret, khz ? (arch_timestamp() - start) * 1000000 / khz : 0);
}

/*
 * Interrupts off, on the running call's stack (syscall_entry.S). On the
 * way back to the program, the thread's queued signals are taken
 * (arch/x86_64/signal.c); rt_sigreturn, which only the HRT can serve
 * (the frame is the program's state on this CPU), comes back from them.
 * A thread whose slice is over parks there first (kernel/preempt.c).
 */
void syscall_dispatch(struct trap_frame *f)
{
	struct percpu *p = this_cpu();
	struct call_context *c = p->arch.call;
	__u64 args[FORWARD_ARGS] = {f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9};
	long nr = (int)f->rax, ret;
	__u64 start;

	if (!p->call_slot || !c || !c->active) { /* no program runs: nothing to serve */
		f->rax = (__u64)-ENOSYS;
		return;
	}
	c->in_kernel = 1;
	start = arch_timestamp();
	if (nr == __NR_rt_sigreturn) {
		signal_return(f);
		ret = (long)f->rax;
		nr = SIGNAL_NO_RESTART;
		p->nr_syscalls_native++;
		profile_syscall(__NR_rt_sigreturn, false, start);
	} else if (syscall_serve(f, args, &ret)) {
		p->nr_syscalls_native++; /* a thread never changes CPU, even after parking */
		profile_syscall((__u64)nr, false, start);
		syscall_trace_native(f, p->call_slot - 1, ret, start);
	} else {
		syscall_save_regs(f, p->call_slot - 1); /* published with the request */
		start = arch_timestamp();
		ret = forward_program_syscall((__u64)nr, args);
		if (ret == -HVM_FORWARD_RESTART) { /* not made: the handler first, then the call */
			f->rip -= SYSCALL_INSN_SIZE;
			ret = nr;
			nr = SIGNAL_NO_RESTART;
		} else {
			profile_syscall((__u64)nr, true, start);
			ret = heap_forwarded((__u64)nr, args, ret); /* memory limits */
		}
	}
	f->rax = (__u64)ret;
	if (preempt_due(false)) /* the call may have woken a thread of this CPU */
		preempt_yield();
	signal_deliver(f, nr);
	c->in_kernel = 0;
}
