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
 * The thread's mask is its ring's (hvm/signal.h, Masks): entering a
 * handler blocks the handler's mask there, rt_sigreturn puts back the
 * frame's uc_sigmask, both natively (Linux is asked only when it may hold
 * back a signal the mask unblocks). A request taken while the mask blocks
 * its signal goes back to Linux, to be held pending there.
 */
#include <hvm/signal.h>

#include "arch.h"
#include "slot.h"
#include "forward.h"
#include "kernel.h"
#include "memlayout.h"
#include "percpu.h"
#include "printk.h"
#include "sched.h"
#include "signal.h"
#include "syscalls.h"
#include "arch/cpu.h"
#include "arch/fpu.h"
#include "arch/segment.h"
#include "arch/thread.h"
#include "arch/trap.h"

/*
 * The selectors a frame records are Linux's user ones (__USER_CS,
 * __USER_DS), whatever hvm-kernel runs the program with: the frame is the
 * program's, and a native child forked in the handler returns through it
 * with Linux's rt_sigreturn, which loads them. Here they are ignored.
 */
#define LINUX_USER_CS 0x33
#define LINUX_USER_DS 0x2b
#define PF_PRESENT 1ull /* page-fault error code: a protection fault */
#define RED_ZONE_SIZE 128
#define FP_XSTATE_MAGIC2_SIZE 4 /* the word after the XSAVE area */

/* struct sigcontext (64-bit), the registers a handler sees in its ucontext. */
struct sig_context {
	__u64 r8, r9, r10, r11, r12, r13, r14, r15;
	__u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
	__u64 eflags;
	__u16 cs, gs, fs, ss;
	__u64 err, trapno, oldmask, cr2;
	__u64 fpstate; /* the x87/SSE(/XSAVE) image in the program's memory, 0 none */
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
	__u64 pretcode; /* the restorer: the handler returns there */
	struct sig_ucontext uc;
	__u8 info[HVM_SIGINFO_SIZE];
};

_Static_assert(sizeof(struct sig_context) == 256, "struct sigcontext layout");
_Static_assert(__builtin_offsetof(struct sig_ucontext, mcontext) == 40, "struct ucontext layout");
_Static_assert(sizeof(struct sig_ucontext) == 304, "struct ucontext layout");
_Static_assert(__builtin_offsetof(struct sig_frame, info) == 312, "struct rt_sigframe layout");

/*
 * Linux's struct _fpx_sw_bytes, in the legacy region's bytes the
 * processor leaves alone: with magic1 FP_XSTATE_MAGIC1, the image is an
 * XSAVE area of xstate_size bytes holding the xfeatures components,
 * followed by FP_XSTATE_MAGIC2 (extended_size counts that word too).
 */
struct fpx_sw_bytes {
	__u32 magic1;
	__u32 extended_size;
	__u64 xfeatures;
	__u32 xstate_size;
	__u32 padding[7];
};

_Static_assert(sizeof(struct fpx_sw_bytes) == FXSAVE_SIZE - FXSAVE_SW_RESERVED, "_fpx_sw_bytes");

/* The XSAVE header after the legacy region: XRSTOR faults unless its bytes 8-23 are 0. */
struct xsave_header {
	__u64 xstate_bv;
	__u64 reserved[7];
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

/* The start of siginfo_t for the signals a process sends (kill, tkill, sigqueue). */
struct sig_sender_info {
	__s32 signo, errno_, code, pad;
	__s32 pid;
	__u32 uid;
};

/* Room on the program's stack below its red zone, for requests to Linux. */
#define SIGNAL_SCRATCH_SIZE 256

static __u64 signal_scratch_below(__u64 sp)
{
	return ALIGN_DOWN(sp - RED_ZONE_SIZE - SIGNAL_SCRATCH_SIZE, 16);
}

static __u64 signal_scratch(const struct trap_frame *f)
{
	return signal_scratch_below(f->rsp);
}

bool signal_altstack_get(__u64 sp, struct signal_stack *ss)
{
	__u64 scratch = signal_scratch_below(sp);
	__u64 args[FORWARD_ARGS] = {0, scratch};

	return sp < HVM_LOWER_HALF_END && !forward_syscall(__NR_sigaltstack, args) &&
	       !arch_copy_from_user(ss, (const void *)scratch, sizeof(*ss));
}

bool signal_on_altstack(const struct signal_stack *ss, __u64 sp)
{
	if ((ss->flags & (SS_DISABLE | SS_AUTODISARM)) || !ss->size)
		return false;
	return sp > ss->sp && sp - ss->sp <= ss->size;
}

/* Write the program's @n bytes at @src to the scratch room of @f; its address, 0 if none. */
static __u64 signal_scratch_put(const struct trap_frame *f, const void *src, size_t n)
{
	__u64 scratch = signal_scratch(f);

	if (f->rsp >= HVM_LOWER_HALF_END || n > SIGNAL_SCRATCH_SIZE ||
	    arch_copy_to_user((void *)scratch, src, n))
		return 0;
	return scratch;
}

/*
 * Where the frame goes: below the red zone of the interrupted stack, or
 * for SA_ONSTACK the top of the thread's sigaltstack (which Linux keeps:
 * a forwarded sigaltstack) unless the thread is on it already. An
 * SS_AUTODISARM stack is disarmed while the handler runs on it, as Linux
 * does; the frame keeps it, and rt_sigreturn arms it again.
 */
static __u64 signal_stack(const struct trap_frame *f, const struct hvm_sigreq *req,
			  struct sig_ucontext *uc)
{
	static const struct signal_stack disarmed = {.flags = SS_DISABLE};
	__u64 args[FORWARD_ARGS] = {0};
	struct signal_stack ss;

	if (!(req->flags & SA_ONSTACK) || !signal_altstack_get(f->rsp, &ss))
		return f->rsp - RED_ZONE_SIZE;
	uc->ss_sp = ss.sp;
	uc->ss_flags = (__u32)ss.flags;
	uc->ss_size = ss.size;
	if ((ss.flags & SS_DISABLE) || !ss.size || signal_on_altstack(&ss, f->rsp))
		return f->rsp - RED_ZONE_SIZE;
	if (ss.flags & SS_AUTODISARM) {
		args[0] = signal_scratch_put(f, &disarmed, sizeof(disarmed));
		if (args[0])
			forward_syscall(__NR_sigaltstack, args);
	}
	return ss.sp + ss.size;
}

/*
 * rt_sigreturn from a handler that ran on a disarmed SS_AUTODISARM stack:
 * arm the frame's stack again, unless (as Linux would refuse, and ignore
 * the refusal) the stack set now holds @sp, the stack pointer the frame
 * returns to.
 */
static void signal_rearm_altstack(__u64 frame, __u64 sp)
{
	__u64 args[FORWARD_ARGS] = {frame + __builtin_offsetof(struct sig_frame, uc.ss_sp)};
	struct signal_stack now;

	if (signal_altstack_get(sp, &now) && signal_on_altstack(&now, sp))
		return;
	forward_syscall(__NR_sigaltstack, args);
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
	mc->cs = LINUX_USER_CS;
	mc->ss = LINUX_USER_DS;
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

/* The program's floating-point state as a signal frame holds it: bytes the frame gives it. */
static __u32 signal_fpu_frame_size(void)
{
	return fpu_config.xsave ? fpu_config.size + FP_XSTATE_MAGIC2_SIZE : FXSAVE_SIZE;
}

/*
 * The program's state into the thread's sigfpu, as Linux writes it into
 * a frame: with XSAVE, the XSAVE area with the legacy region's software
 * bytes saying so, and FP and SSE always marked present in xstate_bv, so
 * a handler that edits only the legacy region (written for FXSAVE) has
 * its changes restored.
 */
static struct fpu_area *signal_fpu_save(void)
{
	struct fpu_area *a = &this_cpu()->thread->arch.sigfpu;
	struct fpx_sw_bytes sw = {0};
	struct xsave_header h;

	if (!fpu_config.xsave) {
		fpu_save(a);
		return a;
	}
	memset(a->bytes + FXSAVE_SIZE, 0, XSAVE_HEADER_SIZE); /* XSAVE writes only xstate_bv */
	fpu_save(a);
	memcpy(&h, a->bytes + FXSAVE_SIZE, sizeof(h));
	h.xstate_bv |= XFEATURE_FPSSE;
	memcpy(a->bytes + FXSAVE_SIZE, &h, sizeof(h));
	sw.magic1 = FP_XSTATE_MAGIC1;
	sw.extended_size = fpu_config.size + FP_XSTATE_MAGIC2_SIZE;
	sw.xfeatures = fpu_config.xfeatures;
	sw.xstate_size = fpu_config.size;
	memcpy(a->bytes + FXSAVE_SW_RESERVED, &sw, sizeof(sw));
	return a;
}

/* Write the program's state to @fp in the program's memory; nonzero if it is not writable. */
static int signal_fpu_write(__u64 fp)
{
	struct fpu_area *a = signal_fpu_save();
	__u32 magic2 = FP_XSTATE_MAGIC2;

	if (!fpu_config.xsave)
		return arch_copy_to_user((void *)fp, a, FXSAVE_SIZE);
	return arch_copy_to_user((void *)fp, a, fpu_config.size) ||
	       arch_copy_to_user((void *)(fp + fpu_config.size), &magic2, sizeof(magic2));
}

/*
 * Enter @req's handler from @f (@why: the exception, or NULL) with
 * @old_mask, the mask before it, in the frame: the frame 16-byte aligned
 * + 8 as after a call, below the red zone or on the sigaltstack.
 */
static void signal_enter(struct trap_frame *f, const struct hvm_sigreq *req,
			 const struct sig_fault *why, __u64 old_mask)
{
	struct sig_frame frame;
	__u64 sp, fp, fr;

	memset(&frame, 0, sizeof(frame));
	sp = signal_stack(f, req, &frame.uc);
	fp = ALIGN_DOWN(sp - signal_fpu_frame_size(), 64);
	fr = ALIGN_DOWN(fp - sizeof(frame), 16) - 8;
	frame.pretcode = (req->flags & SA_RESTORER) ? req->restorer : 0;
	/* As Linux's 64-bit frames. */
	frame.uc.flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	if (fpu_config.xsave)
		frame.uc.flags |= UC_FP_XSTATE;
	signal_save_regs(&frame.uc.mcontext, f);
	if (why) {
		frame.uc.mcontext.trapno = why->trapno;
		frame.uc.mcontext.err = why->err;
		frame.uc.mcontext.cr2 = why->cr2;
	}
	frame.uc.mcontext.oldmask = old_mask;
	frame.uc.mcontext.fpstate = fp;
	frame.uc.sigmask = old_mask;
	memcpy(frame.info, req->info, sizeof(frame.info));
	if (sp >= HVM_LOWER_HALF_END || fr < PAGE_SIZE || signal_fpu_write(fp) ||
	    arch_copy_to_user((void *)fr, &frame, sizeof(frame)))
		signal_fault("no room for a signal frame on the program's stack", f->rsp);
	f->rip = req->handler;
	f->rsp = fr;
	f->rdi = req->signo;
	f->rsi = fr + __builtin_offsetof(struct sig_frame, info);
	f->rdx = fr + __builtin_offsetof(struct sig_frame, uc);
	f->rax = 0;
	f->rflags &= ~(X86_EFLAGS_DF | X86_EFLAGS_TF);
	arch_fpu_reset(); /* the handler starts with Linux's initial x87/SSE/AVX state */
}

/* The mask a handler for @req runs with, from @mask: its sa_mask and, unless SA_NODEFER, the signal. */
static __u64 signal_handler_mask(__u64 mask, const struct hvm_sigreq *req)
{
	mask |= req->action_mask;
	if (!(req->flags & SA_NODEFER))
		mask |= 1ull << (req->signo - 1);
	return mask;
}

/*
 * Was @req sent to this very thread? The same rule as the relay's
 * (multiverse-rt/lib/signal.c, mv_signal_for_thread()): siginfo does not
 * say which queue Linux took it from, so this goes by who sent it: tkill
 * and tgkill (SI_TKILL), and signals the program queued itself (SI_QUEUE
 * from its own pid: pthread_sigqueue, rt_tgsigqueueinfo). Handed back to
 * the process instead, such a signal may run in another thread.
 */
static bool signal_for_thread(const struct hvm_sigreq *req, __u32 tgid)
{
	struct sig_sender_info si;

	memcpy(&si, req->info, sizeof(si));
	return si.code == SI_TKILL || (si.code == SI_QUEUE && (__u32)si.pid == tgid);
}

/*
 * A request whose signal the thread blocked since the relay queued it:
 * Linux holds it pending instead, under the thread's mask, which the
 * partner gives Linux before these forwarded calls (hvm/signal.h, Masks).
 * The runtime applied SA_RESETHAND when it queued: the action comes back
 * first, as the signal was not delivered after all.
 */
static void signal_hold(const struct trap_frame *f, const struct hvm_sigreq *req)
{
	__u64 tgid = syscall_space()->tgid,
	      tid = *hvm_slot_tid(partition(), this_cpu()->thread->slot);
	__u64 args[FORWARD_ARGS] = {0}, info;

	if (req->flags & SA_RESETHAND) {
		struct hvm_sigaction act = {req->handler, req->flags, req->restorer,
					    req->action_mask};

		args[0] = req->signo;
		args[1] = signal_scratch_put(f, &act, sizeof(act));
		args[3] = sizeof(act.mask);
		if (args[1])
			forward_syscall(__NR_rt_sigaction, args);
	}
	info = signal_scratch_put(f, req->info, sizeof(req->info));
	if (!info)
		signal_fault(
			"no room to hand a blocked signal back to Linux on the program's stack",
			f->rsp);
	if (signal_for_thread(req, (__u32)tgid)) { /* held for this thread */
		__u64 thread_args[FORWARD_ARGS] = {tgid, tid, req->signo, info};

		forward_syscall(__NR_rt_tgsigqueueinfo, thread_args);
		return;
	}
	args[0] = tgid, args[1] = req->signo, args[2] = info, args[3] = 0;
	if (forward_syscall(__NR_rt_sigqueueinfo, args) == -EPERM) {
		__u64 kill_args[FORWARD_ARGS] = {tgid, req->signo}; /* see mv_signal_hold() */

		forward_syscall(__NR_kill, kill_args);
	}
}

void signal_deliver(struct trap_frame *f, long restart_nr)
{
	/* The call's arguments are still in their registers: only RAX, RCX and R11 changed. */
	const __u64 args[6] = {f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9};
	struct hvm_sigreq req;
	bool first = true;
	__u64 mask;

	if (!signal_pending()) /* the common case: the partition's count alone says so */
		return;
	while (signal_take(&req)) {
		if (req.handler >= HVM_LOWER_HALF_END)
			signal_fault("signal handler outside the lower half", req.handler);
		if (req.signo < 1 || req.signo >= HVM_SIG_ACTIONS || !signal_mask_get(&mask))
			continue;
		if ((mask >> (req.signo - 1) & 1) && !(req.how & HVM_SIGREQ_UNMASKED)) {
			signal_hold(f, &req);
			continue;
		}
		/* The interrupted call is made again once the first handler returned. */
		if (first && restart_nr != SIGNAL_NO_RESTART && (long)f->rax == -EINTR &&
		    (req.flags & SA_RESTART) && signal_restartable(restart_nr, args)) {
			f->rip -= SYSCALL_INSN_SIZE;
			f->rax = (__u64)restart_nr;
		}
		first = false;
		signal_mask_set(signal_handler_mask(mask, &req)); /* only blocks: stays here */
		signal_enter(f, &req, NULL, mask);
	}
}

void signal_interrupted(struct trap_frame *f)
{
	struct call_context *c = this_cpu()->arch.call;

	c->in_kernel = 1;
	signal_deliver(
		f, SIGNAL_NO_RESTART); /* reads the ring, which may need Linux: not on the IST */
	c->in_kernel = 0;
}

/* The signal, si_code and si_addr Linux gives for exception @f; false: none to give. */
static bool signal_of_exception(const struct trap_frame *f, __u64 cr2, struct sig_fault_info *si)
{
	si->signo = hvm_exception_signal(f->vector);
	si->addr = f->rip;
	switch (f->vector) {
	case 0: /* #DE */
		si->code = FPE_INTDIV;
		break;
	case 3: /* #BP: int3, RIP already past it */
	case 13: /* #GP */
		si->code = SI_KERNEL, si->addr = 0;
		break;
	case 6: /* #UD */
		si->code = ILL_ILLOPN;
		break;
	case X86_TRAP_PF:
		si->addr = cr2;
		si->code =
			(f->error_code & PF_PRESENT) || this_cpu()->thread->fault_refusal == -EACCES
				? SEGV_ACCERR
				: SEGV_MAPERR;
		break;
	case 16: /* #MF */
	case 19: /* #XM */
		si->code = FPE_FLTINV;
		break;
	case 17: /* #AC */
		si->code = BUS_ADRALN;
		break;
	}
	return si->signo != 0;
}

/*
 * As Linux's force_sig_fault(): a blocked fault signal is not caught, it
 * ends the process. The handler runs with its mask blocked; the mask
 * before goes into the frame for rt_sigreturn.
 */
bool signal_exception(struct trap_frame *f, __u64 cr2)
{
	struct sig_fault why = {f->vector, f->error_code, f->vector == X86_TRAP_PF ? cr2 : 0};
	struct sig_fault_info si = {0};
	struct hvm_sigaction act;
	struct hvm_sigreq req = {0};
	__u64 mask;

	if (!signal_of_exception(f, cr2, &si) || !signal_action(si.signo, &act) ||
	    act.handler >= HVM_LOWER_HALF_END || !signal_mask_get(&mask) ||
	    (mask >> (si.signo - 1) & 1))
		return false;
	if (act.flags & SA_RESETHAND) { /* Linux's action and the runtime's table: SIG_DFL */
		__u64 dfl[4] = {0}, args[FORWARD_ARGS] = {(__u64)si.signo, 0, 0, 8};

		args[1] = signal_scratch_put(f, dfl, sizeof(dfl));
		if (args[1])
			forward_syscall(__NR_rt_sigaction, args);
	}
	req.signo = (__u32)si.signo;
	req.handler = act.handler;
	req.flags = act.flags;
	req.restorer = act.restorer;
	req.action_mask = act.mask;
	memcpy(req.info, &si, sizeof(si));
	signal_mask_set(signal_handler_mask(mask, &req));
	signal_enter(f, &req, &why, mask);
	return true;
}

/*
 * How much of the image at @fp to take as an XSAVE area: Linux's checks
 * of the frame's software bytes and FP_XSTATE_MAGIC2 (the magic follows
 * the area), else 0 (an image written for FXSAVE, or one a handler
 * broke): then only the legacy region counts. An area larger than this
 * CPU's (Linux's own, with components XCR0 here lacks, such as AMX's)
 * counts up to this CPU's size: the standard format puts every component
 * at the same offset whatever else XCR0 enables.
 */
static __u32 signal_fpu_xsave_size(__u64 fp, const struct fpu_area *a, __u64 *xfeatures)
{
	struct fpx_sw_bytes sw;
	__u32 magic2;

	memcpy(&sw, a->bytes + FXSAVE_SW_RESERVED, sizeof(sw));
	if (sw.magic1 != FP_XSTATE_MAGIC1 || sw.xstate_size < FXSAVE_SIZE + XSAVE_HEADER_SIZE ||
	    sw.xstate_size > sw.extended_size ||
	    arch_copy_from_user(&magic2, (const void *)(fp + sw.xstate_size), sizeof(magic2)) ||
	    magic2 != FP_XSTATE_MAGIC2)
		return 0;
	*xfeatures = sw.xfeatures & fpu_config.xfeatures;
	return MIN(sw.xstate_size, fpu_config.size);
}

/*
 * The handler's state from @fp, into the thread's sigfpu and from there
 * into this CPU, as Linux's rt_sigreturn restores it: the components the
 * frame's header and software bytes name, the others in their initial
 * state; a frame without the magics gives its legacy region only.
 * Components XCR0 here lacks are dropped, and MXCSR loses the bits this
 * CPU does not allow. A header XRSTOR would fault on (XCOMP_BV set) ends
 * the call as Linux's rt_sigreturn would, with SIGSEGV.
 */
static void signal_restore_fpu(__u64 fp)
{
	struct fpu_area *a = &this_cpu()->thread->arch.sigfpu;
	__u64 xfeatures = XFEATURE_FPSSE;
	struct xsave_header h = {0};
	__u32 mxcsr, size = 0;

	if (arch_copy_from_user(a, (const void *)fp, FXSAVE_SIZE))
		signal_fault("unreadable x87/SSE state in the signal frame", fp);
	if (fpu_config.xsave) {
		size = signal_fpu_xsave_size(fp, a, &xfeatures);
		if (size) {
			if (arch_copy_from_user(a->bytes + FXSAVE_SIZE,
						(const void *)(fp + FXSAVE_SIZE),
						size - FXSAVE_SIZE))
				signal_fault("unreadable XSAVE state in the signal frame", fp);
			memcpy(&h, a->bytes + FXSAVE_SIZE, sizeof(h));
			if (h.reserved[0] || h.reserved[1]) /* XCOMP_BV and the word after */
				signal_fault("XSAVE header with reserved bits in the signal frame",
					     fp);
			memset(h.reserved, 0, sizeof(h.reserved));
			h.xstate_bv &= xfeatures;
		} else {
			size = FXSAVE_SIZE + XSAVE_HEADER_SIZE;
			h.xstate_bv = XFEATURE_FPSSE;
		}
		memset(a->bytes + size, 0, fpu_config.size - size);
		memcpy(a->bytes + FXSAVE_SIZE, &h, sizeof(h));
	}
	memcpy(&mxcsr, a->bytes + FXSAVE_MXCSR, sizeof(mxcsr));
	mxcsr &= fpu_config.mxcsr_mask;
	memcpy(a->bytes + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
	fpu_restore(a);
}

/*
 * rt_sigreturn: RSP is just past the frame's return address (the restorer
 * was returned to). The program's state comes back as the handler left
 * the frame, and so does the mask, from the frame's uc_sigmask.
 */
void signal_return(struct trap_frame *f)
{
	__u64 fr = f->rsp - 8;
	struct sig_frame frame;

	if (fr >= HVM_LOWER_HALF_END ||
	    arch_copy_from_user(&frame, (const void *)fr, sizeof(frame)))
		signal_fault("rt_sigreturn without a readable signal frame", fr);
	if (frame.uc.mcontext.rip >= HVM_LOWER_HALF_END ||
	    frame.uc.mcontext.rsp >= HVM_LOWER_HALF_END)
		signal_fault("rt_sigreturn to an address outside the lower half",
			     frame.uc.mcontext.rip);
	if (frame.uc.mcontext.fpstate)
		signal_restore_fpu(frame.uc.mcontext.fpstate);
	if (frame.uc.ss_flags & SS_AUTODISARM)
		signal_rearm_altstack(fr, frame.uc.mcontext.rsp);
	signal_load_regs(f, &frame.uc.mcontext);
	signal_mask_set(frame.uc.sigmask);
}
