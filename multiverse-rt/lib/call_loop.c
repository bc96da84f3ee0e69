// SPDX-License-Identifier: MIT
/*
 * The runtime's one call loop: a Linux thread that made a ROS -> HRT call
 * (hrt_call() and friends, or a hybrid program's partner) serves it until
 * it ends. While the call runs on the HRT, the ioctl comes back to this
 * thread whenever the call needs Linux: for a system call it forwards
 * (made here, as this very thread: forward.c), or because Linux delivered
 * a signal to this thread on the way out (then it waits again).
 *
 * Raw system calls only: a thread partner's FS base is the program
 * thread's TLS (partner.c), so no errno and no libc locks here.
 */
#include <sys/syscall.h>

#include "mv_runtime.h"

static int mv_call_ioctl(unsigned long cmd, struct hvm_call_request *req)
{
	req->magic = HVM_ABI_MAGIC;
	req->revision = HVM_ABI_REVISION;
	return (int)mv_raw_syscall(SYS_ioctl, mv_hrt_fd(), (long)cmd, (long)req, 0, 0, 0);
}

/*
 * Hand back req->forward.ret and wait for what the call does next: the
 * lean HVM_IOC_ANSWER copies a small record and brings back a plain
 * forwarded system call itself; anything else (the call ended, a
 * task-creating call) is then fetched whole with HVM_IOC_WAIT.
 */
static int mv_call_answer(struct hvm_call_request *req)
{
	struct hvm_answer a = {
		.magic = HVM_ABI_MAGIC,
		.revision = HVM_ABI_REVISION,
		.ticket = req->ticket,
		.ret = req->forward.ret,
	};
	int err = (int)mv_raw_syscall(SYS_ioctl, mv_hrt_fd(), (long)HVM_IOC_ANSWER, (long)&a, 0, 0,
				      0);

	if (err)
		return err;
	if (a.status == HVM_ANSWER_FULL)
		return mv_call_ioctl(HVM_IOC_WAIT, req);
	req->status[0] = a.status;
	if (a.status == HVM_CALL_FORWARDED)
		req->forward = a.forward;
	return 0;
}

/*
 * The HRT thread exits: end its call, then this Linux thread, where Linux
 * clears and wakes its clear_child_tid word: the one the HRT says the
 * thread set there last, if it did (hvm/call.h, Threads).
 */
static _Noreturn void mv_thread_exit(struct hvm_call_request *req)
{
	const unsigned long long *a = req->forward.args;
	long status = (long)a[0];

	mv_call_ioctl(HVM_IOC_CANCEL, req);
	mv_signal_detach();
	if (a[1] == HVM_EXIT_TID_ADDRESS)
		mv_raw_syscall(SYS_set_tid_address, (long)a[2], 0, 0, 0, 0, 0);
	for (;;)
		mv_raw_syscall(SYS_exit, status, 0, 0, 0, 0, 0);
}

/*
 * Post @req (HVM_IOC_CALL) or wait for it again (HVM_IOC_WAIT with
 * req->ticket), then serve it until it ends: HVM_CALL_INTERRUPTED (Linux
 * ran a handler, the relay of signal.c for a partner, on the way out of
 * the ioctl) waits again; HVM_CALL_FORWARDED makes the system call and
 * hands its result back (HVM_IOC_ANSWER, which waits again). Returns 0
 * with req->status and req->result final, or the -errno of an ioctl. An
 * asynchronous post returns at once: waiting for it comes here later.
 */
int mv_call_loop(unsigned long cmd, struct hvm_call_request *req)
{
	int err = mv_call_ioctl(cmd, req);

	if (cmd == HVM_IOC_CALL && (req->flags & HVM_CALL_ASYNC))
		return err;
	while (!err) {
		if (req->status[0] == HVM_CALL_INTERRUPTED) {
			err = mv_call_ioctl(HVM_IOC_WAIT, req);
			continue;
		}
		if (req->status[0] != HVM_CALL_FORWARDED)
			return 0;
		if (req->forward.nr == SYS_exit)
			mv_thread_exit(req);
		req->forward.ret = (unsigned long long)mv_forward_syscall(req);
		err = mv_call_answer(req);
	}
	return err;
}
