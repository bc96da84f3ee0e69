// SPDX-License-Identifier: MIT
/*
 * Signals of a hybrid program (hvm/signal.h): the handlers it installs run
 * on its HRT threads. rt_sigaction is intercepted on the way to Linux: the
 * program's action is kept here, and Linux gets the relay instead
 * (every signal blocked while it runs, no SA_RESTART, no SA_ONSTACK, no
 * SA_RESETHAND: the program's flags are applied on the HRT and here).
 * Linux delivers the signal to a partner thread; the relay queues it in
 * that partner's ring and has hvm.ko kick the HRT thread, which enters the
 * handler. Queries (oact) see the program's own action, never the relay.
 *
 * The thread's mask is the ring's (hvm/signal.h, Masks): hvm-kernel
 * changes it natively; the partner gives it to Linux before each forwarded
 * call (mv_signal_forward_begin), and the relay holds back, for Linux to
 * keep pending, a signal the thread blocks while Linux's mask lags behind.
 *
 * Handlers installed before main are taken over the same way when main
 * moves to the HRT (mv_signal_adopt).
 *
 * Where no HRT thread can take a signal (the partner has no call running,
 * its ring is full, a fork child goes on natively) the program's handler
 * runs right here on Linux, as before its main moved to the HRT: nothing
 * is lost. A forked child gets the program's actions back on Linux.
 *
 * The relay runs on a partner thread, whose FS base may be the program
 * thread's TLS: it uses raw system calls only, and no locks.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <hvm/barrier.h>
#include <hvm/signal.h>

#include "mv_runtime.h"

#define MV_NSIG HVM_SIG_ACTIONS /* signals 1..64 */
#define MV_MAX_PARTNERS 1024 /* partner threads with a ring at once */
#define MV_SIG_DFL 0ul
#define MV_SIG_IGN 1ul

/* Linux's struct sigaction for rt_sigaction (x86-64), as hvm/signal.h spells it. */
#define mv_ksigaction hvm_sigaction

/* A partner thread's ring and the call it serves, found by its tid. */
struct mv_partner_signals {
	struct hvm_sigring ring; /* first: the ring's address is the partner's */
	const struct hvm_call_request *call;
	int in_forward; /* making a forwarded call: Linux has the thread's mask */
	unsigned long long restarted_at; /* ring.tail + 1 when a call was last cancelled */
};

#define MV_SI_TKILL (-6) /* si_code of tkill / tgkill */

/* The program's actions as it set them on the HRT (hvm-kernel reads them: ring.actions). */
static struct mv_ksigaction mv_actions[HVM_SIG_ACTIONS];
static int mv_relayed[MV_NSIG];
static int mv_partner_tid[MV_MAX_PARTNERS];
static struct mv_partner_signals *mv_partner_sig[MV_MAX_PARTNERS];

void mv_signal_return(void); /* mv_signal.S: rt_sigreturn, the relay's restorer */
extern const char mv_syscall_cp_insn[], mv_syscall_cp_cancel[]; /* mv_syscall_cp.S */

static long mv_rt_sigaction(int sig, const struct mv_ksigaction *act, struct mv_ksigaction *old)
{
	return mv_raw_syscall(SYS_rt_sigaction, sig, (long)act, (long)old, sizeof(act->mask), 0, 0);
}

static int mv_gettid(void)
{
	return (int)mv_raw_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0);
}

/* rt_sigprocmask(how, set, old) on Linux for the calling thread. */
static long mv_linux_mask(int how, const unsigned long *set, unsigned long *old)
{
	return mv_raw_syscall(SYS_rt_sigprocmask, how, (long)set, (long)old, sizeof(*set), 0, 0);
}

static struct mv_partner_signals *mv_partner_self(void)
{
	int tid = mv_gettid();

	for (unsigned int i = 0; i < MV_MAX_PARTNERS; i++)
		if (hvm_observe(&mv_partner_tid[i]) == tid)
			return hvm_observe(&mv_partner_sig[i]); /* NULL while attaching */
	return NULL;
}

/*
 * A partner's ring, in pages of its own: raw mmap and munmap, never the
 * program's malloc or musl's munmap, whose locks a program thread may hold
 * on the HRT, where it wakes their waiters natively, not on Linux
 * (hvm/call.h, Futexes).
 */
static struct mv_partner_signals *mv_signals_alloc(void)
{
	long p = mv_raw_syscall(SYS_mmap, 0, sizeof(struct mv_partner_signals),
				PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p < 0 && p > -4096 ? NULL : (struct mv_partner_signals *)p;
}

static void mv_signals_free(struct mv_partner_signals *s)
{
	mv_raw_syscall(SYS_munmap, (long)s, sizeof(*s), 0, 0, 0, 0);
}

/* The calling partner thread takes signals for @call (its hvm_call_request): its ring. */
unsigned long long mv_signal_attach(const struct hvm_call_request *call)
{
	struct mv_partner_signals *s = mv_signals_alloc();
	int tid = mv_gettid();

	if (!s)
		return 0; /* no ring: this thread's handlers run on Linux */
	s->call = call;
	s->ring.actions = (unsigned long long)mv_actions;
	mv_linux_mask(SIG_BLOCK, NULL,
		      (unsigned long *)&s->ring.mask); /* the thread's mask so far */
	s->ring.linux_mask = s->ring.mask;
	for (unsigned int i = 0; i < MV_MAX_PARTNERS; i++) {
		if (hvm_read_once(&mv_partner_tid[i]) || !hvm_claim(&mv_partner_tid[i], 0, tid))
			continue;
		hvm_publish(&mv_partner_sig[i], s); /* the slot is ours: only now */
		return (unsigned long long)&s->ring;
	}
	mv_signals_free(s);
	return 0;
}

/* The calling partner's call ended: its signals are Linux's again. */
void mv_signal_detach(void)
{
	int tid = mv_gettid();

	for (unsigned int i = 0; i < MV_MAX_PARTNERS; i++) {
		struct mv_partner_signals *s;

		if (hvm_read_once(&mv_partner_tid[i]) != tid)
			continue;
		s = mv_partner_sig[i];
		hvm_publish(&mv_partner_sig[i], NULL); /* before the slot is free to claim */
		hvm_publish(&mv_partner_tid[i], 0);
		mv_signals_free(s); /* only this thread's relay used it */
		return;
	}
}

/* Run the program's handler for @sig here, on Linux. */
static void mv_signal_here(const struct mv_ksigaction *a, int sig, siginfo_t *info, void *uc)
{
	if (a->flags & SA_SIGINFO)
		((void (*)(int, siginfo_t *, void *))a->handler)(sig, info, uc);
	else
		((void (*)(int))a->handler)(sig);
}

/* Queue @sig for the HRT thread of partner @s; false if it cannot take it. */
static bool mv_signal_queue(struct mv_partner_signals *s, const struct mv_ksigaction *a, int sig,
			    const siginfo_t *info, unsigned int how)
{
	struct hvm_sigring *ring = &s->ring;
	unsigned long long head = ring->head;
	struct hvm_sigreq *req = &ring->req[head % HVM_SIGRING_LEN];
	struct hvm_call_request kick;

	if (head - hvm_observe(&ring->tail) >= HVM_SIGRING_LEN)
		return false;
	req->signo = (unsigned int)sig;
	req->how = how;
	req->handler = a->handler;
	req->flags = a->flags;
	req->restorer = a->restorer;
	req->action_mask = a->mask;
	memcpy(req->info, info, sizeof(req->info));
	hvm_publish(&ring->head, head + 1);
	memset(&kick, 0, sizeof(kick));
	kick.magic = HVM_ABI_MAGIC;
	kick.revision = HVM_ABI_REVISION;
	kick.ticket = s->call->ticket;
	if (!mv_raw_syscall(SYS_ioctl, mv_hrt_fd(), (long)HVM_IOC_SIGNAL, (long)&kick, 0, 0, 0))
		return true;
	/* No call of ours runs: nobody took it, take it back. */
	if (hvm_observe(&ring->tail) == head) {
		hvm_publish(&ring->head, head);
		return false;
	}
	return true;
}

/*
 * The mask Linux gets back when the relay returns, for @sig arriving while
 * the partner waits: the thread's own (ring.mask) if that blocks @sig
 * (*held = true), else the mask its handler will run with on the HRT, so
 * that Linux holds back what the handler blocks, as natively. Published
 * in ring.linux_mask before hvm-kernel can read the ring again: a native
 * unblocking that raced with this relay sees it and asks Linux (the
 * kernel stores ring.mask, then reads ring.linux_mask; this does the
 * reverse, so one of the two sees the other's store).
 */
static unsigned long mv_relay_linux_mask(struct hvm_sigring *ring, const struct mv_ksigaction *a,
					 int sig, bool *held)
{
	unsigned long bit = 1ul << (sig - 1), thread_mask, want;

	do {
		thread_mask = hvm_read_once(&ring->mask);
		*held = thread_mask & bit;
		want = thread_mask;
		if (!*held)
			want |= a->mask | ((a->flags & SA_NODEFER) ? 0 : bit);
		want &= ~HVM_SIG_UNBLOCKABLE;
		hvm_publish(&ring->linux_mask, want);
		hvm_full_fence(); /* linux_mask is visible before we read mask again */
	} while (hvm_read_once(&ring->mask) != thread_mask);
	return want;
}

/*
 * Was @info sent to this very thread? siginfo does not say whether Linux
 * took a signal from the thread's queue or the process's, so this goes by
 * who sent it: tkill and tgkill (SI_TKILL), and signals the program queued
 * itself (SI_QUEUE from its own pid: pthread_sigqueue, rt_tgsigqueueinfo).
 * A sigqueue() of the program to its own pid is so taken for the thread's.
 * hvm-kernel hands a request back to Linux by the same rule
 * (arch/x86_64/signal.c, signal_for_thread()).
 */
static bool mv_signal_for_thread(const siginfo_t *info, long tgid)
{
	return info->si_code == MV_SI_TKILL || (info->si_code == SI_QUEUE && info->si_pid == tgid);
}

/*
 * The thread blocks @sig, though Linux's mask let it through: raise it
 * again for Linux to keep pending under the thread's mask, which the relay
 * gives Linux on return. For the thread itself if it was sent to it
 * (mv_signal_for_thread()), else for the process, so that Linux may give
 * it to a thread that does not block it; from a thread other than the
 * first, Linux refuses to forge a kill()'s or the kernel's siginfo, and
 * kill() sends it instead (its si_pid is then the program's own).
 */
static void mv_signal_hold(int sig, const siginfo_t *info)
{
	long tgid = mv_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);

	if (mv_signal_for_thread(info, tgid)) {
		mv_raw_syscall(SYS_rt_tgsigqueueinfo, tgid, mv_gettid(), sig, (long)info, 0, 0);
		return;
	}
	if (mv_raw_syscall(SYS_rt_sigqueueinfo, tgid, sig, (long)info, 0, 0, 0) == -EPERM)
		mv_raw_syscall(SYS_kill, tgid, sig, 0, 0, 0, 0);
}

/*
 * A signal queued while the partner is about to make a forwarded call in
 * mv_syscall_cp, or was rewound to make it again: the call must not start
 * (it could wait for ever, the handler not run); it returns
 * -HVM_FORWARD_RESTART instead (mv_syscall_cp.S). Once in the kernel, the
 * call itself ends with -EINTR (the relay has no SA_RESTART).
 */
static void mv_forward_cancel(ucontext_t *uc)
{
	unsigned long rip = (unsigned long)uc->uc_mcontext.gregs[REG_RIP];

	if (rip >= (unsigned long)mv_syscall_cp && rip <= (unsigned long)mv_syscall_cp_insn)
		uc->uc_mcontext.gregs[REG_RIP] = (long)mv_syscall_cp_cancel;
}

/* Linux's handler for every signal the program catches: see the top of the file. */
static void mv_signal_relay(int sig, siginfo_t *info, void *ucv)
{
	ucontext_t *uc = ucv;
	unsigned long *linux_mask = (unsigned long *)&uc->uc_sigmask, saved = *linux_mask;
	struct mv_ksigaction a = mv_actions[sig];
	struct mv_partner_signals *s = mv_partner_self();
	unsigned int how = 0;
	bool held;

	if (a.handler == MV_SIG_DFL || a.handler == MV_SIG_IGN)
		return; /* changed meanwhile: Linux has the new action already */
	if (s && hvm_read_once(&s->in_forward)) {
		how = HVM_SIGREQ_UNMASKED; /* the forwarded call's mask let it through */
	} else if (s) {
		*linux_mask = mv_relay_linux_mask(&s->ring, &a, sig, &held);
		if (held) {
			mv_signal_hold(sig, info);
			return;
		}
	}
	if (a.flags & SA_RESETHAND) { /* as Linux does on delivery */
		struct mv_ksigaction dfl = {0};

		mv_actions[sig].handler = MV_SIG_DFL;
		mv_relayed[sig] = 0;
		mv_rt_sigaction(sig, &dfl, NULL);
	}
	if (s && mv_signal_queue(s, &a, sig, info, how)) {
		if (how)
			mv_forward_cancel(uc);
		return;
	}
	*linux_mask = saved; /* no HRT thread takes it: run it here, keep Linux's mask */
	if (s && !how)
		hvm_publish(&s->ring.linux_mask, saved);
	mv_signal_here(&a, sig, info, ucv);
}

/* Requests hvm-kernel makes itself while it delivers signals: never cancelled. */
static bool mv_signal_kernel_request(unsigned long long nr)
{
	return nr == SYS_sigaltstack || nr == SYS_rt_sigqueueinfo || nr == SYS_rt_tgsigqueueinfo ||
	       nr == SYS_kill || nr == SYS_rt_sigaction || nr == SYS_rt_sigprocmask;
}

/*
 * Before the partner makes a forwarded call: Linux gets the thread's
 * mask. A relay that runs meanwhile sets Linux's mask itself, so this
 * repeats until Linux's mask is the thread's. True when the call must not
 * be made now: a signal queued for the thread while the partner waited
 * (its handler runs first, then the call is made again: HVM_FORWARD_RESTART).
 */
bool mv_signal_forward_begin(const struct hvm_call_request *call)
{
	struct mv_partner_signals *s = (struct mv_partner_signals *)call->sigring;
	unsigned long long tail;
	unsigned long want;

	if (!s)
		return false;
	want = hvm_read_once(&s->ring.mask) & ~HVM_SIG_UNBLOCKABLE;
	while (hvm_read_once(&s->ring.linux_mask) != want) {
		hvm_publish(&s->ring.linux_mask, want);
		mv_linux_mask(SIG_SETMASK, &want, NULL);
	}
	hvm_publish(&s->in_forward, 1);
	hvm_signal_fence(); /* in_forward is set before we look at the ring */
	/*
	 * From here on a relay cancels the call itself (mv_forward_cancel).
	 * Once per ring position: if hvm-kernel took nothing since the last
	 * cancelled call (it gave up on a ring it found broken), the call is made.
	 */
	tail = hvm_observe(&s->ring.tail);
	if (hvm_observe(&s->ring.head) == tail || mv_signal_kernel_request(call->forward.nr) ||
	    s->restarted_at == tail + 1)
		return false;
	s->restarted_at = tail + 1;
	return true;
}

void mv_signal_forward_end(const struct hvm_call_request *call)
{
	struct mv_partner_signals *s = (struct mv_partner_signals *)call->sigring;

	hvm_signal_fence(); /* the call is over before in_forward says so */
	if (s)
		hvm_publish(&s->in_forward, 0);
}

/*
 * A forwarded rt_sigprocmask (the policy forwards it, or hvm-kernel has
 * Linux take a mask that unblocks what Linux may hold pending): Linux,
 * which has the thread's mask now, changes it, and the ring learns the
 * result.
 */
long mv_signal_mask(const struct hvm_call_request *call, const long a[6])
{
	struct mv_partner_signals *s = (struct mv_partner_signals *)call->sigring;
	long err = mv_raw_syscall(SYS_rt_sigprocmask, a[0], a[1], a[2], a[3], 0, 0);
	unsigned long now;

	if (!s || err || !a[1] || mv_linux_mask(SIG_BLOCK, NULL, &now))
		return err;
	hvm_publish(&s->ring.linux_mask, now);
	hvm_publish(&s->ring.mask, now);
	return err;
}

/* The action Linux gets for the program's @a. */
static void mv_relay_action(const struct mv_ksigaction *a, struct mv_ksigaction *relay)
{
	relay->handler = (unsigned long)mv_signal_relay;
	relay->flags = (a->flags & ~(SA_RESTART | SA_ONSTACK | SA_NODEFER | SA_RESETHAND)) |
		       SA_SIGINFO | SA_RESTORER;
	relay->restorer = (unsigned long)mv_signal_return;
	relay->mask = ~0ul;
}

/*
 * rt_sigaction(sig, act, oact, sigsetsize) the program made on the HRT,
 * with the program's view of the actions; anything unusual (a bad signal
 * number or size, SIGKILL, SIGSTOP) goes to Linux unchanged for its errno.
 */
long mv_signal_action(const long a[6])
{
	int sig = (int)a[0];
	const struct mv_ksigaction *act = (const struct mv_ksigaction *)a[1];
	struct mv_ksigaction *oact = (struct mv_ksigaction *)a[2];
	struct mv_ksigaction prev, kold, relay;
	int was_relayed;
	long err;

	if (sig < 1 || sig >= MV_NSIG || sig == SIGKILL || sig == SIGSTOP ||
	    a[3] != sizeof(act->mask))
		return mv_raw_syscall(SYS_rt_sigaction, a[0], a[1], a[2], a[3], 0, 0);
	prev = mv_actions[sig];
	was_relayed = mv_relayed[sig];
	if (act && act->handler != MV_SIG_DFL && act->handler != MV_SIG_IGN) {
		mv_actions[sig] = *act; /* before Linux may deliver to the relay */
		mv_relay_action(act, &relay);
		err = mv_rt_sigaction(sig, &relay, &kold);
		if (err) {
			mv_actions[sig] = prev;
			return err;
		}
		mv_relayed[sig] = 1;
	} else {
		err = mv_rt_sigaction(sig, act, &kold);
		if (err)
			return err;
		if (act) {
			mv_actions[sig] = *act;
			mv_relayed[sig] = 0;
		}
	}
	if (oact)
		*oact = was_relayed && kold.handler == (unsigned long)mv_signal_relay ? prev : kold;
	return 0;
}

/*
 * Before main moves to the HRT: handlers the program installed already
 * (constructors, a runtime's start-up) are taken over like later ones.
 */
void mv_signal_adopt(void)
{
	for (int sig = 1; sig < MV_NSIG; sig++) {
		struct mv_ksigaction now, relay;

		if (sig == SIGKILL || sig == SIGSTOP || mv_rt_sigaction(sig, NULL, &now) ||
		    now.handler == MV_SIG_DFL || now.handler == MV_SIG_IGN)
			continue;
		mv_actions[sig] = now;
		mv_relay_action(&now, &relay);
		if (!mv_rt_sigaction(sig, &relay, NULL))
			mv_relayed[sig] = 1;
	}
}

/* A child that goes on natively under Linux: the program's own actions, no relay. */
void mv_signal_native_again(void)
{
	for (int sig = 1; sig < MV_NSIG; sig++)
		if (mv_relayed[sig])
			mv_rt_sigaction(sig, &mv_actions[sig], NULL);
}
