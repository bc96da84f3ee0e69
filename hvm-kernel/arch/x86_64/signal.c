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
#define SA_RESTORER 0x04000000ull
#define SA_RESTART 0x10000000ull
#define UC_SIGCONTEXT_SS 0x2ull
#define NR_RT_SIGPROCMASK 14
#define SIG_SETMASK 2
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

/* Enter @req's handler from @f: the frame below the red zone, 16-byte aligned + 8 as after a call. */
static void signal_enter(struct trap_frame *f, const struct hvm_sigreq *req)
{
	struct fpu_image fpu = { 0 };
	struct sig_frame frame;
	__u64 sp = f->rsp - RED_ZONE_SIZE, fp, fr;

	__asm__ volatile("fxsaveq %0" : "=m"(fpu));
	fp = ALIGN_DOWN(sp - FPU_STATE_SIZE, 64);
	fr = ALIGN_DOWN(fp - sizeof(frame), 16) - 8;
	memset(&frame, 0, sizeof(frame));
	frame.pretcode = (req->flags & SA_RESTORER) ? req->restorer : 0;
	frame.uc.flags = UC_SIGCONTEXT_SS;
	signal_save_regs(&frame.uc.mcontext, f);
	frame.uc.mcontext.oldmask = req->old_mask;
	frame.uc.mcontext.fpstate = fp;
	frame.uc.sigmask = req->old_mask;
	memcpy(frame.info, req->info, sizeof(frame.info));
	if (f->rsp >= USER_HALF_END || fr < PAGE_SIZE ||
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
	struct hvm_sigreq req;
	bool first = true;

	while (signal_take(&req)) {
		if (req.handler >= USER_HALF_END)
			signal_fault("signal handler outside the lower half", req.handler);
		/* The interrupted call is made again once the first handler returned. */
		if (first && restart_nr != SIGNAL_NO_RESTART && (long)f->rax == -EINTR &&
		    (req.flags & SA_RESTART) && signal_restartable(restart_nr)) {
			f->rip -= SYSCALL_INSN_SIZE;
			f->rax = (__u64)restart_nr;
		}
		first = false;
		signal_enter(f, &req);
	}
}

void signal_interrupted(struct trap_frame *f)
{
	struct call_context *c = this_cpu()->arch.call;

	c->in_kernel = 1;
	signal_deliver(f, SIGNAL_NO_RESTART);
	c->in_kernel = 0;
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
