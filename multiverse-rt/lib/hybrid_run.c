// SPDX-License-Identifier: MIT
/*
 * The program's first thread on the HRT, shared by the two ways a program
 * gets there: mv-cc's wrapped main (hybrid.c) and hvm-exec's loader
 * (exec.c). Apart from hybrid.c, which needs the program's main.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hrt.h"
#include "mv_runtime.h"

/*
 * Run @req on the HRT as the process's first thread (main's call, or
 * hvm-exec's program from its entry point) with this Linux thread as its
 * partner: the native-call policy, hvm-kernel booted if need be, the
 * address space merged, the handlers installed so far relayed; then serve
 * it until it ends. Its result, when it ends without a fault; a fault or a
 * failure ends the process with the reason.
 */
long mv_hybrid_run(struct hvm_call_request *req, const char *what)
{
	const char *cpu = getenv("HVM_CPU");
	__u64 native[HVM_NATIVE_WORDS];
	char why[160];
	int err;

	if (mv_native_policy(native, why, sizeof(why)))
		mv_die("%s", why);
	mv_autoboot();
	err = hrt_merge_native(native);
	if (err)
		mv_die("cannot run on the HRT: %s (%s); set HVM_HYBRID=0 to run natively",
		       mv_dev_error()[0] ? mv_dev_error() : "hrt_merge failed", strerror(-err));
	mv_signal_adopt();
	req->cpu = cpu ? (unsigned int)atoi(cpu) : HVM_CALL_ANY;
	err = mv_partner_post(req);
	if (err)
		mv_die("cannot run on the HRT: %s; set HVM_HYBRID=0 to run natively",
		       mv_post_failure(err));
	err = mv_partner_serve(req);
	if (err)
		mv_die("running %s on the HRT failed: %s", what, strerror(-err));
	if (req->status[0] == -EFAULT)
		mv_crash(&req->fault);
	if (req->status[0])
		mv_stopped(what, req->status[0]);
	return (long)req->result[0];
}

/*
 * Only root may use the HRT (/dev/hvm is root-only: README, Trust model).
 * A hybrid program that another user starts (a service's child after
 * setuid, `su nobody -c prog`) runs natively, as its native build would,
 * and says so once on stderr; HVM_HYBRID=1 makes that an error instead
 * (mv_prepare reports it), HVM_HYBRID=0 runs natively without a word.
 */
bool mv_hrt_permitted(const char *mode)
{
	int fd = mv_dev_open();

	if (fd >= 0) {
		close(fd);
		return true;
	}
	if ((fd != -EACCES && fd != -EPERM) || (mode && !strcmp(mode, "1")))
		return true; /* not ours to judge: mv_prepare fails with the reason */
	mv_warn("%s is root-only and this process runs as uid %u: running natively (HVM_HYBRID=1 makes this an error)",
		HVM_DEVICE_PATH, (unsigned int)geteuid());
	return false;
}
