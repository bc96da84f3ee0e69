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

#include "hrt.h"
#include "mv_runtime.h"

#define MV_PARTNER_STACK (64 * 1024)

long mv_clone(unsigned long flags, void *stack, int *ptid, int *ctid, unsigned long tls,
	      void (*fn)(void *), void *arg);
void mv_resume_native(const struct hvm_regs *r);

/*
 * Post req (main, or a new thread from its registers) and serve it until
 * it ends (call_loop.c), with this thread's signals relayed to it meanwhile.
 */
int mv_partner_serve(struct hvm_call_request *req)
{
	int err;

	req->sigring = mv_signal_attach(req);
	err = mv_call_loop(HVM_IOC_CALL, req);
	mv_signal_detach(); /* Linux runs this thread's handlers from now on */
	return err;
}

/* A thread partner's life: serve its HRT thread; a crash there ends the process. */
static void mv_thread_partner(void *arg)
{
	struct hvm_call_request *req = arg;
	int err = mv_partner_serve(req);

	if (!err && req->status[0] == -EFAULT)
		mv_crash(&req->fault);
	mv_stopped("a thread", err ? err : req->status[0]);
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

/* The child of a fork-like call: becomes the program thread, natively. */
static void mv_child_resume(void *arg)
{
	mv_signal_native_again();
	mv_resume_native(arg);
}

/* fork, vfork or a process clone from the HRT: see the comment at the top. */
static long mv_fork_native(const struct hvm_call_request *parent)
{
	const unsigned long long *a = parent->forward.args;
	unsigned long flags = SIGCHLD;
	struct hvm_regs *regs;
	char *stack_top = mv_partner_stack((void **)&regs, sizeof(*regs));

	if (!stack_top)
		return -EAGAIN;
	*regs = parent->regs;
	if (parent->forward.nr == SYS_vfork)
		flags = CLONE_VM | CLONE_VFORK | SIGCHLD;
	if (parent->forward.nr == SYS_clone) {
		flags = a[0];
		if (a[1])
			regs->rsp = a[1]; /* the child's own stack (posix_spawn) */
	}
	return mv_clone(flags, stack_top, (int *)a[2], (int *)a[3], a[4], mv_child_resume, regs);
}

/*
 * New threads go round robin over the HRT CPUs, starting after main's, so
 * the first threads get CPUs of their own as long as there are enough:
 * threads sharing a CPU take turns only when one waits, yields or its
 * time slice ends (hvm-kernel/kernel/preempt.c, 10 ms), so a thread that
 * busy-waits for another one on its own CPU waits up to a slice each time.
 */
static unsigned int mv_next_cpu;

void mv_threads_start_after(unsigned int main_cpu)
{
	__atomic_store_n(&mv_next_cpu, main_cpu + 1, __ATOMIC_RELAXED);
}

/* A task-creating call from an HRT thread: a thread, or a process. */
long mv_clone_thread(const struct hvm_call_request *parent)
{
	const unsigned long long *a = parent->forward.args;
	struct hvm_call_request *child;
	char *stack_top;

	if (parent->forward.nr == SYS_clone3)
		return -ENOSYS; /* musl never makes it; callers fall back to clone */
	if (parent->forward.nr != SYS_clone || !(a[0] & CLONE_THREAD))
		return mv_fork_native(parent);
	if (!(a[0] & CLONE_VM))
		return -EINVAL;
	stack_top = mv_partner_stack((void **)&child, sizeof(*child));
	if (!stack_top)
		return -EAGAIN;
	child->flags = HVM_CALL_FROM_REGS;
	child->cpu =
		__atomic_fetch_add(&mv_next_cpu, 1, __ATOMIC_RELAXED) % (unsigned int)hrt_nr_cpus();
	child->regs = parent->regs;
	child->regs.regs[0] = 0; /* rax: clone returns 0 in the child */
	child->regs.rsp = a[1];
	if (a[0] & CLONE_SETTLS)
		child->regs.fs_base = a[4];
	return mv_clone(a[0], stack_top, (int *)a[2], (int *)a[3], a[4], mv_thread_partner, child);
}
