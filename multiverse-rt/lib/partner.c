// SPDX-License-Identifier: MIT
/*
 * Partners: every HRT thread of a hybrid program is one ROS -> HRT call,
 * and the Linux thread that made the call is its partner: it makes the
 * system calls the HRT thread forwards, as that very Linux thread (tid,
 * signal mask, clear_child_tid: everything Linux attaches to a thread is
 * the partner's), until the HRT thread exits.
 *
 * A new thread (clone with CLONE_VM | CLONE_THREAD from the HRT): the
 * partner makes the clone itself, with the program's own flags, ptid, ctid
 * and TLS, so the child Linux thread is exactly what the program asked
 * for; that child becomes the partner of a new HRT thread that starts from
 * the parent's registers (rax = 0, rsp = the new stack). Partners use only
 * raw system calls: a thread partner's FS base is the program thread's TLS.
 * The clone returns only once the child posted its call: when hvm.ko
 * refuses it (the process's share of call slots, or all of them, are in
 * use) the child leaves no trace and the clone fails with EAGAIN, as at a
 * thread limit on Linux; the program goes on.
 *
 * A new process (fork, vfork, or clone without CLONE_THREAD, as
 * posix_spawn and system() make): the partner makes the same call, and the
 * child goes on natively under Linux from the HRT thread's registers
 * (mv_resume_native): a forked child has no HRT thread, as after fork it
 * has only the calling thread; a vfork or CLONE_VM child shares the memory
 * and runs while its parent waits, exactly as natively.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

#include "hrt.h"
#include "mv_runtime.h"

#define MV_PARTNER_STACK (64 * 1024)
/* Linux's futex operations, shared (musl has no <linux/futex.h>): clear_child_tid wakes so. */
#define MV_FUTEX_WAIT 0
#define MV_FUTEX_WAKE 1

long mv_clone(unsigned long flags, void *stack, int *ptid, int *ctid, unsigned long tls,
	      void (*fn)(void *), void *arg);
void mv_resume_native(const struct hvm_regs *r);

/* What a new thread's partner starts from, at the bottom of its stack. */
struct mv_thread_start {
	struct hvm_call_request req;
	int posting; /* 1 until the child posted its call, or is gone (then err) */
	int err; /* -errno: the post failed */
};

/*
 * Post req (main, or a new thread from its registers) with this thread's
 * signals relayed to it from now on; asynchronous, so that the poster
 * learns at once whether hvm.ko took it. On failure nothing stays behind.
 */
int mv_partner_post(struct hvm_call_request *req)
{
	int err;

	req->sigring = mv_signal_attach(req);
	req->flags |= HVM_CALL_ASYNC;
	err = mv_call_loop(HVM_IOC_CALL, req);
	if (err)
		mv_signal_detach();
	return err;
}

/* Serve the posted req until it ends (call_loop.c). */
int mv_partner_serve(struct hvm_call_request *req)
{
	int err = mv_call_loop(HVM_IOC_WAIT, req);

	mv_signal_detach(); /* Linux runs this thread's handlers from now on */
	return err;
}

const char *mv_post_failure(int err)
{
	if (err == -EAGAIN)
		return "this process holds its share of hvm.ko's call slots, one per thread (raise /sys/module/hvm/parameters/max_slots_per_process, at most " MV_STR(
			HVM_MAX_SLOTS) ")";
	if (err == -ENOSPC)
		return "all " MV_STR(
			HVM_MAX_SLOTS) " call slots of the HRT are in use by hybrid programs (wait for some to end; /sys/module/hvm/parameters/max_slots_per_process bounds each program's share)";
	if (err == -ENODEV)
		return "hvm-kernel is not running ('hvmctl boot' starts it)";
	return strerror(-err);
}

static void mv_futex(int *word, int op, int val)
{
	struct timespec second = {1, 0}; /* a bound on each wait; the callers look again */

	mv_raw_syscall(SYS_futex, (long)word, op, val, op == MV_FUTEX_WAIT ? (long)&second : 0, 0,
		       0);
}

/*
 * The post failed: end this Linux thread without a trace in the program.
 * Linux zeroes and wakes start->posting once the thread is gone, instead
 * of the word the program gave clone (musl's thread-list lock): the parent
 * returns only then, and frees this stack.
 */
static _Noreturn void mv_thread_unborn(struct mv_thread_start *start, int err)
{
	unsigned long all = ~0ul;

	mv_raw_syscall(SYS_rt_sigprocmask, SIG_BLOCK, (long)&all, 0, sizeof(all), 0, 0);
	__atomic_store_n(&start->err, err, __ATOMIC_RELAXED);
	mv_raw_syscall(SYS_set_tid_address, (long)&start->posting, 0, 0, 0, 0, 0);
	for (;;)
		mv_raw_syscall(SYS_exit, 0, 0, 0, 0, 0, 0);
}

/* A thread partner's life: post and serve its HRT thread; a crash there ends the process. */
static void mv_thread_partner(void *arg)
{
	struct mv_thread_start *start = arg;
	struct hvm_call_request *req = &start->req;
	int err = mv_partner_post(req);

	if (err)
		mv_thread_unborn(start, err);
	__atomic_store_n(&start->posting, 0, __ATOMIC_RELEASE);
	mv_futex(&start->posting, MV_FUTEX_WAKE, 1);
	err = mv_partner_serve(req);
	if (!err && req->status[0] == -EFAULT)
		mv_crash(&req->fault);
	mv_stopped("a thread", err ? err : req->status[0]);
}

/* The new thread's partner posted its call (0), or is gone (-errno): wait for either. */
static int mv_thread_born(struct mv_thread_start *start)
{
	while (__atomic_load_n(&start->posting, __ATOMIC_ACQUIRE))
		mv_futex(&start->posting, MV_FUTEX_WAIT, 1);
	return __atomic_load_n(&start->err, __ATOMIC_RELAXED);
}

/* The program learns of a refused thread from pthread_create; the user, once, from stderr. */
static void mv_thread_refused(int err)
{
	static int said;

	if (!__atomic_exchange_n(&said, 1, __ATOMIC_RELAXED))
		mv_warn("cannot start another thread on the HRT: %s; pthread_create fails with EAGAIN",
			mv_post_failure(err));
}

/*
 * A new partner's stack top; the stack's lowest bytes (zeroed, @size of
 * them at *start) hold what it starts from. NULL if there is no memory.
 * Partners never use the program's malloc: a libc lock a partner waited
 * for on Linux would never see the wake of a program thread freeing it
 * natively on the HRT (hvm/call.h, Futexes); partner stacks are never
 * freed anyway.
 */
static char *mv_partner_stack(void **start, size_t size)
{
	char *area = mmap(NULL, MV_PARTNER_STACK, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (area == MAP_FAILED || size > MV_PARTNER_STACK / 2)
		return NULL;
	*start = area;
	return area + MV_PARTNER_STACK;
}

/* What the child of a fork-like call starts from. */
struct mv_fork_start {
	struct hvm_regs regs;
	unsigned long flags; /* the clone's */
};

/* The child of a fork-like call: becomes the program thread, natively. */
static void mv_child_resume(void *arg)
{
	struct mv_fork_start *start = arg;

	mv_hrt_leave(start->flags);
	mv_signal_native_again();
	mv_resume_native(&start->regs);
}

/* fork, vfork or a process clone from the HRT: see the comment at the top. */
static long mv_fork_native(const struct hvm_call_request *parent)
{
	const unsigned long long *a = parent->forward.args;
	struct mv_fork_start *start;
	char *stack_top = mv_partner_stack((void **)&start, sizeof(*start));

	if (!stack_top)
		return -EAGAIN;
	start->regs = parent->regs;
	start->flags = SIGCHLD;
	if (parent->forward.nr == SYS_vfork)
		start->flags = CLONE_VM | CLONE_VFORK | SIGCHLD;
	if (parent->forward.nr == SYS_clone) {
		start->flags = a[0];
		if (a[1])
			start->regs.rsp = a[1]; /* the child's own stack (posix_spawn) */
	}
	return mv_clone(start->flags, stack_top, (int *)a[2], (int *)a[3], a[4], mv_child_resume,
			start);
}

/* A task-creating call from an HRT thread: a thread, or a process. */
long mv_clone_thread(const struct hvm_call_request *parent)
{
	const unsigned long long *a = parent->forward.args;
	struct mv_thread_start *start;
	struct hvm_call_request *child;
	char *stack_top;
	long tid;
	int err;

	if (parent->forward.nr == SYS_clone3)
		return -ENOSYS; /* musl never makes it; callers fall back to clone */
	if (parent->forward.nr != SYS_clone || !(a[0] & CLONE_THREAD))
		return mv_fork_native(parent);
	if (!(a[0] & CLONE_VM))
		return -EINVAL;
	stack_top = mv_partner_stack((void **)&start, sizeof(*start));
	if (!stack_top)
		return -EAGAIN;
	child = &start->req;
	child->flags = HVM_CALL_FROM_REGS;
	child->cpu = HVM_CALL_ANY; /* hvm.ko: the least busy CPU of the process's set */
	child->regs = parent->regs;
	child->regs.regs[0] = 0; /* rax: clone returns 0 in the child */
	child->regs.rsp = a[1];
	if (a[0] & CLONE_SETTLS)
		child->regs.fs_base = a[4];
	start->posting = 1;
	tid = mv_clone(a[0], stack_top, (int *)a[2], (int *)a[3], a[4], mv_thread_partner, start);
	if (tid < 0)
		return tid;
	err = mv_thread_born(start);
	if (!err)
		return tid;
	/* The child is gone. Raw: musl's munmap may wait for a lock the program holds. */
	mv_raw_syscall(SYS_munmap, (long)(stack_top - MV_PARTNER_STACK), MV_PARTNER_STACK, 0, 0, 0,
		       0);
	mv_thread_refused(err);
	return -EAGAIN;
}
