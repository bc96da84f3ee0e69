// SPDX-License-Identifier: MIT
/*
 * ROS -> HRT calls from user space: one /dev/hvm descriptor per process,
 * merged once; each call blocks only the calling thread, which makes the
 * system calls the function forwards meanwhile (call_loop.c).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hrt.h"
#include "hvm_dev.h"
#include "mv_runtime.h"

static int mv_fd = -1;
static int mv_atfork_set;
static int mv_nr_cpus;
static pthread_mutex_t mv_merge_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread struct hvm_crash_record mv_last_fault;

/*
 * A new process leaves its parent's space: it inherited the descriptor (one
 * struct file, whose space is the parent's), but hvm.ko would refuse its
 * calls, and the file would keep the parent's space and calls until the
 * child exits too. It closes its copy (not a shared descriptor table:
 * CLONE_FILES) and, with memory of its own (not CLONE_VM: a vfork child
 * shares the parent's), forgets it, so that hrt_merge() merges anew.
 */
void mv_hrt_leave(unsigned long clone_flags)
{
	int fd = mv_fd;

	if (fd < 0)
		return;
	if (!(clone_flags & CLONE_FILES))
		mv_raw_syscall(SYS_close, fd, 0, 0, 0, 0, 0);
	if (!(clone_flags & CLONE_VM))
		mv_fd = -1;
}

/* The child of a fork made on Linux (pthread_atfork). */
static void mv_hrt_leave_forked(void)
{
	mv_hrt_leave(SIGCHLD);
}

int hrt_merge(void)
{
	__u64 native[HVM_NATIVE_WORDS];
	char why[160];

	if (mv_native_policy(native, why, sizeof(why)))
		return -EINVAL;
	return hrt_merge_native(native);
}

int hrt_merge_native(const unsigned long long native[HVM_NATIVE_WORDS])
{
	struct hvm_merge_request req;
	int fd, err = 0;

	pthread_mutex_lock(&mv_merge_lock);
	if (mv_fd >= 0)
		goto out_unlock;
	fd = mv_dev_open();
	if (fd < 0) {
		err = fd;
		goto out_unlock;
	}
	/*
	 * A child forked on Linux leaves the space too. Registered before the
	 * heap is reserved at the program break: pthread_atfork() allocates,
	 * which must not move the break past the heap's start.
	 */
	if (!mv_atfork_set)
		mv_atfork_set = !pthread_atfork(NULL, NULL, mv_hrt_leave_forked);
	memset(&req, 0, sizeof(req));
	memcpy(req.native, native, sizeof(req.native));
	err = mv_cpus_wanted(fd, &req.cpus);
	if (err)
		goto err_close;
	err = mv_trace_open(&req.flags);
	if (err)
		goto err_close;
	err = mv_heap_reserve(native, &req);
	if (err)
		goto err_close;
	err = mv_dev_call(fd, HVM_IOC_MERGE, &req);
	if (err == -ENOSPC)
		mv_dev_fail(
			ENOSPC,
			"all " MV_STR(
				HVM_MAX_SPACES) " merged address spaces are in use, one per running hybrid program");
	if (err) {
		mv_heap_unreserve(&req);
		goto err_close;
	}
	mv_nr_cpus = (int)req.nr_cpus;
	mv_cpus_merged(native, req.cpus);
	mv_fd = fd;
out_unlock:
	pthread_mutex_unlock(&mv_merge_lock);
	return err;

err_close:
	close(fd);
	goto out_unlock;
}

int hrt_nr_cpus(void)
{
	return mv_nr_cpus;
}

/* The call loop (call_loop.c) serves the system calls the function forwards. */
int hrt_call_request(struct hvm_call_request *req)
{
	if (mv_fd < 0)
		return -ENOTCONN;
	return mv_call_loop(HVM_IOC_CALL, req);
}

static void mv_call_init(struct hvm_call_request *req, unsigned int cpu, hrt_fn fn, long arg,
			 void *stack_top)
{
	memset(req, 0, sizeof(*req)); /* sigring 0: Linux runs this thread's handlers */
	req->func = (unsigned long)fn;
	req->arg = (unsigned long)arg;
	req->stack_top = (unsigned long)stack_top & ~15ul;
	req->cpu = cpu;
	/* musl's thread pointer is the FS base: the call sees this thread's TLS. */
	req->fs_base = (unsigned long)pthread_self();
}

/* The outcome of a finished request for one CPU entry n. */
static int mv_call_outcome(const struct hvm_call_request *req, unsigned int n, long *result)
{
	if (req->status[n] == -EFAULT)
		mv_last_fault = req->fault;
	if (result)
		*result = (long)req->result[n];
	return req->status[n];
}

int hrt_call(unsigned int cpu, hrt_fn fn, long arg, void *stack_top, long *result)
{
	struct hvm_call_request req;
	int err;

	mv_call_init(&req, cpu, fn, arg, stack_top);
	err = hrt_call_request(&req);
	return err ? err : mv_call_outcome(&req, 0, result);
}

int hrt_call_all(hrt_fn fn, long arg, void *stack_top, size_t stride, long *results, int *status)
{
	struct hvm_call_request req;
	int err, first = 0;

	mv_call_init(&req, HVM_CALL_ALL, fn, arg, stack_top);
	req.stack_stride = stride & ~15ul;
	err = hrt_call_request(&req);
	if (err)
		return err;
	for (unsigned int n = 0; n < req.nr_cpus && n < HVM_MAX_CPUS; n++) {
		int st = mv_call_outcome(&req, n, results ? &results[n] : NULL);

		if (status)
			status[n] = st;
		if (st && !first)
			first = st;
	}
	return first;
}

int hrt_call_async(unsigned int cpu, hrt_fn fn, long arg, void *stack_top,
		   unsigned long long *ticket)
{
	struct hvm_call_request req;
	int err;

	mv_call_init(&req, cpu, fn, arg, stack_top);
	req.flags = HVM_CALL_ASYNC;
	err = hrt_call_request(&req);
	if (!err)
		*ticket = req.ticket;
	return err;
}

int hrt_wait(unsigned long long ticket, long *result)
{
	struct hvm_call_request req;
	int err;

	if (mv_fd < 0)
		return -ENOTCONN;
	memset(&req, 0, sizeof(req));
	req.ticket = ticket;
	err = mv_call_loop(HVM_IOC_WAIT, &req);
	return err ? err : mv_call_outcome(&req, 0, result);
}

int mv_hrt_fd(void)
{
	return mv_fd;
}

const struct hvm_crash_record *hrt_last_fault(void)
{
	return &mv_last_fault;
}
