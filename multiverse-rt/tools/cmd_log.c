// SPDX-License-Identifier: MIT
/* hvmctl log [-f]: print hvm-kernel's log ring, or follow it. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hvmctl.h"
#include "log_escape.h"

#define FOLLOW_PERIOD_MS 200
#define LOG_CHUNK 16384 /* bytes asked for per read */

/* Copy what is new since *pos to stdout, escaped (log_escape.h); returns 0 or -errno. */
static int drain(int fd, struct hvm_log_read *req, char *buf)
{
	static char out[LOG_ESCAPED_MAX(LOG_CHUNK)];

	do {
		int err;

		req->buf = (unsigned long long)(unsigned long)buf;
		req->len = LOG_CHUNK;
		err = mv_dev_call(fd, HVM_IOC_READ_LOG, req);
		if (err)
			return err;
		if (req->lost)
			printf("[hvmctl: %llu bytes of log were overwritten before they were read]\n",
			       req->lost);
		if (req->copied > LOG_CHUNK)
			return -EPROTO; /* hvm.ko never copies more than asked */
		fwrite(out, 1, log_escape(buf, req->copied, out), stdout);
	} while (req->copied == LOG_CHUNK);
	fflush(stdout);
	return 0;
}

int cmd_log(int argc, char **argv)
{
	static char buf[LOG_CHUNK];
	struct hvm_log_read req;
	int follow = argc > 1 && !strcmp(argv[1], "-f");
	unsigned int generation;
	int fd, err;

	fd = hvmctl_open();
	if (fd < 0)
		return 1;
	memset(&req, 0, sizeof(req));
	err = drain(fd, &req, buf);
	generation = req.generation;
	while (!err && follow) {
		struct timespec ts = {0, FOLLOW_PERIOD_MS * 1000000L};

		nanosleep(&ts, NULL);
		err = drain(fd, &req, buf);
		if (!err && req.generation != generation) {
			printf("[hvmctl: hvm-kernel was rebooted (boot %u)]\n", req.generation);
			generation = req.generation;
		}
	}
	close(fd);
	return err ? hvmctl_fail("log", err) : 0;
}
