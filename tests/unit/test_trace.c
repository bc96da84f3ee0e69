// SPDX-License-Identifier: MIT
/*
 * Unit tests of HVM_TRACE's lines (multiverse-rt/lib/trace.c), on the
 * host: HVM_TRACE=FILE opens the trace and asks for HVM_SPACE_TRACE; a
 * forwarded call's line decodes its arguments (strings and buffers from
 * memory, quoted and escaped, cut at 48 bytes; a bad pointer in hex), its
 * result or -1 ENAME, and Linux's time; a call that does not return comes
 * before it is made with "= ?"; a trace note of a call hvm-kernel served
 * takes the arguments from the registers and says <hrt ...>.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <hvm/call.h>
#include <hvm/signal.h>

#include "mv_runtime.h"

/* What trace.c takes from the rest of the runtime, as the runtime does it. */
long mv_raw_syscall(long nr, long a, long b, long c, long d, long e, long f)
{
	long ret = syscall(nr, a, b, c, d, e, f);

	return ret < 0 ? -errno : ret;
}

void mv_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static char trace_path[] = "/tmp/hvm-trace-test.XXXXXX";

static void open_trace(void)
{
	__u32 flags = 0;
	int fd = mkstemp(trace_path);

	cr_assert_geq(fd, 0);
	close(fd);
	setenv("HVM_TRACE", trace_path, 1);
	cr_assert_eq(mv_trace_open(&flags), 0);
	cr_assert_eq(flags, HVM_SPACE_TRACE);
	cr_assert(mv_tracing());
}

/* The trace so far, each line's "[pid N] " cut off. */
static char *trace_text(void)
{
	static char text[8192];
	char line[1024];
	FILE *f = fopen(trace_path, "r");
	size_t used = 0;

	cr_assert_not_null(f);
	text[0] = 0;
	while (fgets(line, sizeof(line), f)) {
		char *rest = strstr(line, "] ");

		cr_assert(!strncmp(line, "[pid ", 5), "line without its thread: %s", line);
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s", rest + 2);
	}
	fclose(f);
	return text;
}

static struct hvm_forward forward(long nr, long a0, long a1, long a2)
{
	return (struct hvm_forward){.nr = (__u64)nr, .args = {(__u64)a0, (__u64)a1, (__u64)a2}};
}

Test(trace, forwarded_calls)
{
	static const char out[] = "hi \"there\"\n\t\x01";
	char long_path[100];
	struct hvm_forward fw;

	open_trace();
	fw = forward(SYS_write, 1, (long)out, sizeof(out) - 1);
	mv_trace_forwarded(&fw, (long)sizeof(out) - 1, mv_trace_now());
	fw = forward(SYS_open, (long)"/no/such", 0, 0);
	mv_trace_forwarded(&fw, -ENOENT, mv_trace_now());
	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[sizeof(long_path) - 1] = 0;
	fw = forward(SYS_unlink, (long)long_path, 0, 0);
	mv_trace_forwarded(&fw, -EACCES, mv_trace_now());
	fw = forward(SYS_access, 16, 0, 0); /* a pointer to nothing */
	mv_trace_forwarded(&fw, -EFAULT, mv_trace_now());
	fw = forward(999, 1, 2, 3);
	mv_trace_forwarded(&fw, -ENOSYS, mv_trace_now());
	fw = forward(SYS_exit_group, 3, 0, 0);
	mv_trace_before(&fw);
	fw = forward(SYS_getpid, 0, 0, 0);
	mv_trace_forwarded(&fw, -HVM_FORWARD_RESTART, mv_trace_now()); /* not made: no line */

	char *text = trace_text();
	cr_assert(strstr(text, "write(1, \"hi \\\"there\\\"\\n\\t\\x01\", 13) = 13 <linux 0."),
		  "%s", text);
	cr_assert(strstr(text, "open(\"/no/such\", 0x0, 0x0) = -1 ENOENT <linux 0."), "%s", text);
	cr_assert(
		strstr(text,
		       "unlink(\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"...) = -1 EACCES"),
		"%s", text);
	cr_assert(strstr(text, "access(0x10, 0x0) = -1 EFAULT"), "%s", text);
	cr_assert(strstr(text, "syscall_999(0x1, 0x2, 0x3, ...) = -1 ENOSYS"), "%s", text);
	cr_assert(strstr(text, "exit_group(3) = ?\n"), "%s", text);
	cr_assert_null(strstr(text, "getpid"), "%s", text);
	unlink(trace_path);
}

Test(trace, served_on_the_hrt)
{
	static char buf[] = "filled by the call";
	struct hvm_call_request req;

	open_trace();
	memset(&req, 0, sizeof(req));
	req.forward = forward((long)HVM_FORWARD_TRACE, SYS_getppid, 812, 1500);
	mv_trace_native(&req);
	/* read(7, buf, 100) = 6: the arguments come from RDI RSI RDX, the bytes shown are the result's */
	req.forward = forward((long)HVM_FORWARD_TRACE, SYS_read, 6, 2500000);
	req.regs.regs[5] = 7; /* rdi */
	req.regs.regs[4] = (unsigned long)buf; /* rsi */
	req.regs.regs[3] = 100; /* rdx */
	mv_trace_native(&req);
	req.forward = forward((long)HVM_FORWARD_TRACE, SYS_mmap, 0x7f0000001000, 900);
	req.regs.regs[5] = 0;
	req.regs.regs[4] = 8192;
	req.regs.regs[3] = 3;
	req.regs.regs[10] = 0x22; /* r10 */
	req.regs.regs[7] = (unsigned long)-1; /* r8 */
	req.regs.regs[8] = 0; /* r9 */
	mv_trace_native(&req);

	char *text = trace_text();
	cr_assert(strstr(text, "getppid() = 812 <hrt 0.000001>\n"), "%s", text);
	cr_assert(strstr(text, "read(7, \"filled\", 100) = 6 <hrt 0.002500>\n"), "%s", text);
	cr_assert(strstr(text,
			 "mmap(NULL, 8192, 0x3, 0x22, -1, 0x0) = 0x7f0000001000 <hrt 0.000000>\n"),
		  "%s", text);
	unlink(trace_path);
}

Test(trace, off_and_bad_file)
{
	__u32 flags = 0;

	unsetenv("HVM_TRACE");
	cr_assert_eq(mv_trace_open(&flags), 0);
	cr_assert_eq(flags, 0);
	setenv("HVM_TRACE", "0", 1);
	cr_assert_eq(mv_trace_open(&flags), 0);
	cr_assert_eq(flags, 0);
	cr_assert(!mv_tracing());
	setenv("HVM_TRACE", "/no/such/dir/trace", 1);
	cr_assert_eq(mv_trace_open(&flags), -ENOENT);
	cr_assert_eq(flags, 0);
}
