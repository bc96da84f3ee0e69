// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The program's signal handlers on its HRT thread (hvm/signal.h), with
 * Linux's x86-64 signal frame, so handlers, siglongjmp and code that
 * reads or edits the ucontext work as natively. A handler is entered by
 * rewriting the frame the thread returns to the program through (a system
 * call's, a resolved page fault's, or a kick's moved to the call's stack):
 * its saved state goes into the signal frame on the program's stack, and
 * the return goes to the handler instead. Its rt_sigreturn comes back
 * here and puts the saved state, as the handler left it, into the frame
 * of that system call, which returns to it. Several pending signals nest
 * like Linux's: the last one taken runs first.
 *
 * Linux keeps the thread's signal mask: the runtime's relay set the
 * handler's mask on the partner already, and rt_sigreturn restores the old
 * one there (a forwarded rt_sigprocmask from the frame's uc_sigmask).
 * sigaltstack is not used: handlers run on the thread's own stack.
 */
#include <hvm/signal.h>

#include "arch.h"
#include "call.h"
#include "forward.h"
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "printk.h"
#include "sched.h"
#include "signal.h"
#include "arch/cpu.h"
#include "arch/segment.h"
#include "arch/thread.h"
#include "arch/trap.h"

/* Linux's x86-64 values. */
#define SA_NODEFER 0x40000000ull
#define SA_RESETHAND 0x80000000ull
#define SA_ONSTACK 0x08000000ull
#define SA_RESTORER 0x04000000ull
#define SA_RESTART 0x10000000ull
#define UC_SIGCONTEXT_SS 0x2ull
#define SS_DISABLE 2
#define NR_RT_SIGACTION 13
#define NR_RT_SIGPROCMASK 14
#define NR_SIGALTSTACK 131
#define SIG_BLOCK 0
#define SIG_SETMASK 2
#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGFPE 8
#define SIGSEGV 11
#define SI_KERNEL 0x80
#define ILL_ILLOPN 2
#define FPE_INTDIV 1
#define FPE_FLTINV 7
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRALN 1
#define PF_PRESENT 1ull			/* page-fault error code: a protection fault */
#define SYSCALL_INSN_SIZE 2		/* 0f 05 */
#define RED_ZONE_SIZE 128
#define FXSAVE_MXCSR 24			/* byte offsets in an FXSAVE image */
#define FXSAVE_MXCSR_MASK 28
#define MXCSR_MASK_DEFAULT 0xffbfu	/* what an image without a mask allows */

/* struct sigcontext (64-bit), the registers a handler sees in its ucontext. */
struct sig_context {
	__u64 r8, r9, r10, r11, r12, r13, r14, r15;
	__u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
	__u64 eflags;
	__u16 cs, gs, fs, ss;
	__u64 err, trapno, oldmask, cr2;
	__u64 fpstate;			/* the FXSAVE image in the program's memory, 0 none */
	__u64 reserved[8];
};

/* The kernel's struct ucontext (its uc_sigmask is one word). */
struct sig_ucontext {
	__u64 flags;
	__u64 link;
	__u64 ss_sp;
	__u32 ss_flags, ss_pad;
	__u64 ss_size;
	struct sig_context mcontext;
	__u64 sigmask;
};

/* struct rt_sigframe: what the handler's RSP points at on entry. */
struct sig_frame {
	__u64 pretcode;			/* the restorer: the handler returns there */
	struct sig_ucontext uc;
	__u8 info[HVM_SIGINFO_SIZE];
};

_Static_assert(sizeof(struct sig_context) == 256, "struct sigcontext layout");
_Static_assert(__builtin_offsetof(struct sig_ucontext, mcontext) == 40, "struct ucontext layout");
_Static_assert(sizeof(struct sig_ucontext) == 304, "struct ucontext layout");
_Static_assert(__builtin_offsetof(struct sig_frame, info) == 312, "struct rt_sigframe layout");

struct fpu_image {
	__u8 bytes[FPU_STATE_SIZE];
} __aligned(16);

/* stack_t as sigaltstack reports it. */
struct sig_stack {
	__u64 sp;
	__u32 flags, pad;
	__u64 size;
};

/* What an exception adds to the ucontext (zero for other signals). */
struct sig_fault {
	__u64 trapno, err, cr2;
};

/* The start of siginfo_t for the fault signals. */
struct sig_fault_info {
	__s32 signo, errno_, code, pad;
	__u64 addr;
};

/* A few words of the program's stack below its red zone, for requests to Linux. */
static __u64 signal_scratch(const struct trap_frame *f)
{
	return ALIGN_DOWN(f->rsp - RED_ZONE_SIZE - 64, 16);
}

/*
 * Where the frame goes: below the red zone of the interrupted stack, or
 * for SA_ONSTACK the top of the thread's sigaltstack (which Linux keeps:
 * a forwarded sigaltstack) unless the thread is on it already.
 */
static __u64 signal_stack(const struct trap_frame *f, const struct hvm_sigreq *req,
			  struct sig_ucontext *uc)
{
	__u64 scratch = signal_scratch(f);
	__u64 args[FORWARD_ARGS] = { 0, scratch };
	struct sig_stack ss;

	if (!(req->flags & SA_ONSTACK) || forward_syscall(NR_SIGALTSTACK, args) ||
	    arch_copy_from_user(&ss, (const void *)scratch, sizeof(ss)))
		return f->rsp - RED_ZONE_SIZE;
	uc->ss_sp = ss.sp;
	uc->ss_flags = ss.flags;
	uc->ss_size = ss.size;
	if ((ss.flags & SS_DISABLE) || (f->rsp > ss.sp && f->rsp - ss.sp <= ss.size))
		return f->rsp - RED_ZONE_SIZE;
	return ss.sp + ss.size;
}

/* The program's frame or ring is unusable: the call ends as a fault (Linux: SIGSEGV). */
static __noreturn void signal_fault(const char *what, __u64 addr)
{
	char why[96];

	snprintf(why, sizeof(why), "%s at 0x%llx", what, addr);
	arch_call_refused(this_cpu()->thread->slot, why);
	arch_call_abandon(CALL_FAULTED);
}

static void signal_save_regs(struct sig_context *mc, const struct trap_frame *f)
{
	mc->r8 = f->r8, mc->r9 = f->r9, mc->r10 = f->r10, mc->r11 = f->r11;
	mc->r12 = f->r12, mc->r13 = f->r13, mc->r14 = f->r14, mc->r15 = f->r15;
	mc->rdi = f->rdi, mc->rsi = f->rsi, mc->rbp = f->rbp, mc->rbx = f->rbx;
	mc->rdx = f->rdx, mc->rax = f->rax, mc->rcx = f->rcx, mc->rsp = f->rsp;
	mc->rip = f->rip;
	mc->eflags = f->rflags;
	mc->cs = (__u16)f->cs;
	mc->ss = (__u16)f->ss;
}

/* Only what a program may choose: segments stay hvm-kernel's, interrupts stay on. */
static void signal_load_regs(struct trap_frame *f, const struct sig_context *mc)
{
	f->r8 = mc->r8, f->r9 = mc->r9, f->r10 = mc->r10, f->r11 = mc->r11;
	f->r12 = mc->r12, f->r13 = mc->r13, f->r14 = mc->r14, f->r15 = mc->r15;
	f->rdi = mc->rdi, f->rsi = mc->rsi, f->rbp = mc->rbp, f->rbx = mc->rbx;
	f->rdx = mc->rdx, f->rax = mc->rax, f->rcx = mc->rcx, f->rsp = mc->rsp;
	f->rip = mc->rip;
	f->rflags = (mc->eflags & X86_EFLAGS_PROGRAM) | X86_EFLAGS_FIXED | X86_EFLAGS_IF;
	f->cs = KERNEL_CS;
	f->ss = KERNEL_DS;
}

/*
 * Enter @req's handler from @f (@why: the exception, or NULL): the frame
 * 16-byte aligned + 8 as after a call, below the red zone or on the
 * sigaltstack.
 */
static void signal_enter(struct trap_frame *f, const struct hvm_sigreq *req,
			 const struct sig_fault *why)
{
	struct fpu_image fpu = { 0 };
	struct sig_frame frame;
	__u64 sp, fp, fr;

	memset(&frame, 0, sizeof(frame));
	sp = signal_stack(f, req, &frame.uc);
	__asm__ volatile("fxsaveq %0" : "=m"(fpu));
	fp = ALIGN_DOWN(sp - FPU_STATE_SIZE, 64);
	fr = ALIGN_DOWN(fp - sizeof(frame), 16) - 8;
	frame.pretcode = (req->flags & SA_RESTORER) ? req->restorer : 0;
	frame.uc.flags = UC_SIGCONTEXT_SS;
	signal_save_regs(&frame.uc.mcontext, f);
	if (why) {
		frame.uc.mcontext.trapno = why->trapno;
		frame.uc.mcontext.err = why->err;
		frame.uc.mcontext.cr2 = why->cr2;
	}
	frame.uc.mcontext.oldmask = req->old_mask;
	frame.uc.mcontext.fpstate = fp;
	frame.uc.sigmask = req->old_mask;
	memcpy(frame.info, req->info, sizeof(frame.info));
	if (sp >= USER_HALF_END || fr < PAGE_SIZE ||
	    arch_copy_to_user((void *)fp, &fpu, sizeof(fpu)) ||
	    arch_copy_to_user((void *)fr, &frame, sizeof(frame)))
		signal_fault("no room for a signal frame on the program's stack", f->rsp);
	f->rip = req->handler;
	f->rsp = fr;
	f->rdi = req->signo;
	f->rsi = fr + __builtin_offsetof(struct sig_frame, info);
	f->rdx = fr + __builtin_offsetof(struct sig_frame, uc);
	f->rax = 0;
	f->rflags &= ~(X86_EFLAGS_DF | X86_EFLAGS_TF);
	arch_fpu_reset();	/* the handler starts with Linux's initial x87/SSE state */
}

void signal_deliver(struct trap_frame *f, long restart_nr)
{
	/* The call's arguments are still in their registers: only RAX, RCX and R11 changed. */
	const __u64 args[6] = { f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9 };
	struct hvm_sigreq req;
	bool first = true;

	if (!signal_pending())	/* the common case: the partition's count alone says so */
		return;
	while (signal_take(&req)) {
		if (req.handler >= USER_HALF_END)
			signal_fault("signal handler outside the lower half", req.handler);
		/* The interrupted call is made again once the first handler returned. */
		if (first && restart_nr != SIGNAL_NO_RESTART && (long)f->rax == -EINTR &&
		    (req.flags & SA_RESTART) && signal_restartable(restart_nr, args)) {
			f->rip -= SYSCALL_INSN_SIZE;
			f->rax = (__u64)restart_nr;
		}
		first = false;
		signal_enter(f, &req, NULL);
	}
}

void signal_interrupted(struct trap_frame *f)
{
	struct call_context *c = this_cpu()->arch.call;

	c->in_kernel = 1;
	signal_deliver(f, SIGNAL_NO_RESTART);	/* reads the ring, which may need Linux: not on the IST */
	c->in_kernel = 0;
}

/* The signal, si_code and si_addr Linux gives for exception @f; false: none to give. */
static bool signal_of_exception(const struct trap_frame *f, __u64 cr2, struct sig_fault_info *si)
{
	si->addr = f->rip;
	switch (f->vector) {
	case 0:		/* #DE */
		si->signo = SIGFPE, si->code = FPE_INTDIV;
		return true;
	case 3:		/* #BP: int3, RIP already past it */
		si->signo = SIGTRAP, si->code = SI_KERNEL, si->addr = 0;
		return true;
	case 6:		/* #UD */
		si->signo = SIGILL, si->code = ILL_ILLOPN;
		return true;
	case 13:	/* #GP */
		si->signo = SIGSEGV, si->code = SI_KERNEL, si->addr = 0;
		return true;
	case X86_TRAP_PF:
		si->signo = SIGSEGV, si->addr = cr2;
		si->code = (f->error_code & PF_PRESENT) || this_cpu()->thread->fault_refusal == -EACCES ?
			   SEGV_ACCERR : SEGV_MAPERR;
		return true;
	case 16:	/* #MF */
	case 19:	/* #XM */
		si->signo = SIGFPE, si->code = FPE_FLTINV;
		return true;
	case 17:	/* #AC */
		si->signo = SIGBUS, si->code = BUS_ADRALN;
		return true;
	default:
		return false;
	}
}

/* Forward rt_sigprocmask(how, set, oldset) with the sets at @scratch and @scratch + 8. */
static long signal_mask_op(int how, __u64 scratch, bool with_old)
{
	__u64 args[FORWARD_ARGS] = { (__u64)how, scratch, with_old ? scratch + 8 : 0, 8 };

	return forward_syscall(NR_RT_SIGPROCMASK, args);
}

/*
 * As Linux's force_sig_fault(): a blocked fault signal is not caught, it
 * ends the process. The handler's mask is blocked on Linux first; its old
 * set goes into the frame for rt_sigreturn.
 */
bool signal_exception(struct trap_frame *f, __u64 cr2)
{
	struct sig_fault why = { f->vector, f->error_code, f->vector == X86_TRAP_PF ? cr2 : 0 };
	struct sig_fault_info si = { 0 };
	struct hvm_sigaction act;
	struct hvm_sigreq req = { 0 };
	__u64 scratch = signal_scratch(f), bit, set[2];

	if (!signal_of_exception(f, cr2, &si) || !signal_action(si.signo, &act) ||
	    act.handler >= USER_HALF_END)
		return false;
	bit = 1ull << (si.signo - 1);
	set[0] = act.mask | ((act.flags & SA_NODEFER) ? 0 : bit);
	set[1] = 0;
	if (f->rsp >= USER_HALF_END || arch_copy_to_user((void *)scratch, set, sizeof(set)) ||
	    signal_mask_op(SIG_BLOCK, scratch, true) ||
	    arch_copy_from_user(set, (const void *)scratch, sizeof(set)))
		return false;
	if (set[1] & bit) {	/* it was blocked: put the mask back, the call faults */
		signal_mask_op(SIG_SETMASK, scratch + 8, false);
		return false;
	}
	if (act.flags & SA_RESETHAND) {	/* Linux's action and the runtime's table: SIG_DFL */
		__u64 dfl[4] = { 0 }, args[FORWARD_ARGS] = { (__u64)si.signo, scratch, 0, 8 };

		if (!arch_copy_to_user((void *)scratch, dfl, sizeof(dfl)))
			forward_syscall(NR_RT_SIGACTION, args);
	}
	req.signo = (__u32)si.signo;
	req.handler = act.handler;
	req.flags = act.flags;
	req.restorer = act.restorer;
	req.old_mask = set[1];
	memcpy(req.info, &si, sizeof(si));
	signal_enter(f, &req, &why);
	return true;
}

/* The handler's x87/SSE state from @fp, with MXCSR bits this CPU has not cleared. */
static void signal_restore_fpu(__u64 fp)
{
	struct fpu_image fpu, now;
	__u32 mxcsr, mask;

	if (arch_copy_from_user(&fpu, (const void *)fp, sizeof(fpu)))
		signal_fault("unreadable x87/SSE state in the signal frame", fp);
	__asm__ volatile("fxsaveq %0" : "=m"(now));
	memcpy(&mask, now.bytes + FXSAVE_MXCSR_MASK, 4);
	if (!mask)
		mask = MXCSR_MASK_DEFAULT;
	memcpy(&mxcsr, fpu.bytes + FXSAVE_MXCSR, 4);
	mxcsr &= mask;
	memcpy(fpu.bytes + FXSAVE_MXCSR, &mxcsr, 4);
	memcpy(fpu.bytes + FXSAVE_MXCSR_MASK, &mask, 4);
	__asm__ volatile("fxrstorq %0" : : "m"(fpu));
}

/*
 * rt_sigreturn: RSP is just past the frame's return address (the restorer
 * was returned to). The program's state comes back as the handler left
 * the frame; Linux restores the mask from the frame's uc_sigmask.
 */
void signal_return(struct trap_frame *f)
{
	__u64 fr = f->rsp - 8;
	struct sig_frame frame;
	__u64 args[FORWARD_ARGS] = { SIG_SETMASK };

	if (fr >= USER_HALF_END || arch_copy_from_user(&frame, (const void *)fr, sizeof(frame)))
		signal_fault("rt_sigreturn without a readable signal frame", fr);
	if (frame.uc.mcontext.rip >= USER_HALF_END || frame.uc.mcontext.rsp >= USER_HALF_END)
		signal_fault("rt_sigreturn to an address outside the lower half", frame.uc.mcontext.rip);
	if (frame.uc.mcontext.fpstate)
		signal_restore_fpu(frame.uc.mcontext.fpstate);
	signal_load_regs(f, &frame.uc.mcontext);
	args[1] = fr + __builtin_offsetof(struct sig_frame, uc.sigmask);
	args[3] = sizeof(frame.uc.sigmask);
	forward_syscall(NR_RT_SIGPROCMASK, args);
}
