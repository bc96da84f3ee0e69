// SPDX-License-Identifier: MIT
/*
 * Signals of a hybrid program (hvm/signal.h): the handlers it installs run
 * on its HRT threads. rt_sigaction is intercepted on the way to Linux: the
 * program's action is kept here, and Linux gets the relay instead
 * (every signal blocked while it runs, no SA_RESTART, no SA_ONSTACK:
 * the program's SA_RESTART is applied on the HRT). Linux delivers the
 * signal to a partner thread; the relay queues it in that partner's ring
 * and has hvm.ko kick the HRT thread, which enters the handler. Queries
 * (oact) see the program's own action, never the relay.
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

#include <hvm/signal.h>

#include "mv_runtime.h"

#define MV_NSIG HVM_SIG_ACTIONS		/* signals 1..64 */
#define MV_MAX_PARTNERS 1024		/* partner threads with a ring at once */
#define MV_SIG_DFL 0ul
#define MV_SIG_IGN 1ul

/* Linux's struct sigaction for rt_sigaction (x86-64), as hvm/signal.h spells it. */
#define mv_ksigaction hvm_sigaction

/* A partner thread's ring and the call it serves, found by its tid. */
struct mv_partner_signals {
	struct hvm_sigring ring;
	const struct hvm_call_request *call;
};

/* The program's actions as it set them on the HRT (hvm-kernel reads them: ring.actions). */
static struct mv_ksigaction mv_actions[HVM_SIG_ACTIONS];
static int mv_relayed[MV_NSIG];
static int mv_partner_tid[MV_MAX_PARTNERS];
static struct mv_partner_signals *mv_partner_sig[MV_MAX_PARTNERS];

void mv_signal_return(void);	/* mv_signal.S: rt_sigreturn, the relay's restorer */

static long mv_rt_sigaction(int sig, const struct mv_ksigaction *act, struct mv_ksigaction *old)
{
	return mv_raw_syscall(SYS_rt_sigaction, sig, (long)act, (long)old, sizeof(act->mask), 0, 0);
}

static int mv_gettid(void)
{
	return (int)mv_raw_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0);
}

static struct mv_partner_signals *mv_partner_self(void)
{
	int tid = mv_gettid();

	for (unsigned int i = 0; i < MV_MAX_PARTNERS; i++)
		if (__atomic_load_n(&mv_partner_tid[i], __ATOMIC_ACQUIRE) == tid)
			return mv_partner_sig[i];
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
	long p = mv_raw_syscall(SYS_mmap, 0, sizeof(struct mv_partner_signals), PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

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
		return 0;	/* no ring: this thread's handlers run on Linux */
	s->call = call;
	s->ring.actions = (unsigned long long)mv_actions;
	for (unsigned int i = 0; i < MV_MAX_PARTNERS; i++) {
		int free_tid = 0;

		if (__atomic_load_n(&mv_partner_tid[i], __ATOMIC_RELAXED))
			continue;
		mv_partner_sig[i] = s;
		if (__atomic_compare_exchange_n(&mv_partner_tid[i], &free_tid, tid, false,
						__ATOMIC_RELEASE, __ATOMIC_RELAXED))
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
		if (__atomic_load_n(&mv_partner_tid[i], __ATOMIC_RELAXED) != tid)
			continue;
		__atomic_store_n(&mv_partner_tid[i], 0, __ATOMIC_RELEASE);
		mv_signals_free(mv_partner_sig[i]);	/* only this thread's relay used it */
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
			    const siginfo_t *info, unsigned long old_mask)
{
	struct hvm_sigring *ring = &s->ring;
	unsigned long long head = ring->head;
	struct hvm_sigreq *req = &ring->req[head % HVM_SIGRING_LEN];
	struct hvm_call_request kick;

	if (head - __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE) >= HVM_SIGRING_LEN)
		return false;
	req->signo = (unsigned int)sig;
	req->handler = a->handler;
	req->flags = a->flags;
	req->restorer = a->restorer;
	req->old_mask = old_mask;
	memcpy(req->info, info, sizeof(req->info));
	__atomic_store_n(&ring->head, head + 1, __ATOMIC_RELEASE);
	memset(&kick, 0, sizeof(kick));
	kick.magic = HVM_ABI_MAGIC;
	kick.revision = HVM_ABI_REVISION;
	kick.ticket = s->call->ticket;
	if (!mv_raw_syscall(SYS_ioctl, mv_hrt_fd(), (long)HVM_IOC_SIGNAL, (long)&kick, 0, 0, 0))
		return true;
	/* No call of ours runs: nobody took it, take it back. */
	if (__atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE) == head) {
		__atomic_store_n(&ring->head, head, __ATOMIC_RELEASE);
		return false;
	}
	return true;
}

/* Linux's handler for every signal the program catches: see the top of the file. */
static void mv_signal_relay(int sig, siginfo_t *info, void *ucv)
{
	ucontext_t *uc = ucv;
	struct mv_ksigaction a = mv_actions[sig];
	struct mv_partner_signals *s = mv_partner_self();
	unsigned long old_mask, *mask = (unsigned long *)&uc->uc_sigmask;

	if (a.handler == MV_SIG_DFL || a.handler == MV_SIG_IGN)
		return;	/* changed meanwhile: Linux has the new action already */
	if (a.flags & SA_RESETHAND)
		mv_actions[sig].handler = MV_SIG_DFL;	/* Linux reset it on delivery */
	old_mask = *mask;
	if (!s || !mv_signal_queue(s, &a, sig, info, old_mask)) {
		mv_signal_here(&a, sig, info, ucv);
		return;
	}
	/* The handler's mask on the partner until the HRT thread's rt_sigreturn. */
	*mask = old_mask | a.mask;
	if (!(a.flags & SA_NODEFER))
		*mask |= 1ul << (sig - 1);
	*mask &= ~(1ul << (SIGKILL - 1) | 1ul << (SIGSTOP - 1));
}

/* The action Linux gets for the program's @a. */
static void mv_relay_action(const struct mv_ksigaction *a, struct mv_ksigaction *relay)
{
	relay->handler = (unsigned long)mv_signal_relay;
	relay->flags = (a->flags & ~(SA_RESTART | SA_ONSTACK | SA_NODEFER)) | SA_SIGINFO | SA_RESTORER;
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
		mv_actions[sig] = *act;	/* before Linux may deliver to the relay */
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
