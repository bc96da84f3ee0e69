// SPDX-License-Identifier: MIT
/*
 * HVM_TRACE: every system call of a hybrid program, one line each, as
 * strace -f -T prints them, plus who served it:
 *
 *   [pid 812] write(1, "hello\n", 6) = 6 <linux 0.000113>
 *   [pid 812] getppid() = 1 <hrt 0.000001>
 *   [pid 812] open("nope", 0, 0) = -1 ENOENT <linux 0.000201>
 *
 * HVM_TRACE=1 writes to the program's standard error as it was at start
 * (a copy of the descriptor, so the program's own dup2/close of fd 2 does
 * not move it), HVM_TRACE=FILE appends to FILE (ignored in a set-user-ID
 * program, as HVM_PROFILE_SVG is). Forwarded calls are reported by their
 * partner once Linux made them (the time is Linux's: the call itself);
 * calls hvm-kernel serves arrive as trace notes right after it served them
 * (hvm/call.h, Tracing; the time is the HRT's). Calls that do not come
 * back (exit, exit_group, a successful execve) are reported before they
 * are made, with "= ?". The calls hvm-kernel makes for the HRT heap
 * (mprotect, madvise, mmap) are forwarded as the program's and appear too.
 *
 * Partners run with the program's TLS (partner.c): no malloc, no errno, no
 * stdio; the line is built here and written with one raw write, so lines
 * of different threads never mix. Strings are read with process_vm_readv,
 * so a bad pointer of the program shows as such instead of faulting here.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <hvm/call.h>
#include <hvm/signal.h>

#include "mv_profile.h"
#include "mv_runtime.h"

#define MV_TRACE_FD_MIN 900 /* the trace's descriptor: out of the way of the program's */
#define MV_TRACE_LINE 512
#define MV_TRACE_STR 48 /* bytes of a string or buffer shown */

static int mv_trace_fd = -1;

/* The kinds of arguments a call's line decodes. */
enum mv_arg {
	A_END, /* no more arguments */
	A_INT, /* an int, signed decimal (fds, pids, signals, clock ids) */
	A_LONG, /* a long or size_t, decimal (lengths, counts, offsets) */
	A_HEX, /* flags, masks, unknown words */
	A_PTR, /* an address: NULL or hex */
	A_STR, /* a NUL-terminated string */
	A_BUF_IN, /* a buffer the call reads; its length is the next argument */
	A_BUF_OUT, /* a buffer the call fills; what it filled is the result */
};

struct mv_trace_call {
	long nr;
	enum mv_arg args[6];
};

/* The calls decoded; any other shows three words in hex and "...". */
static const struct mv_trace_call mv_trace_calls[] = {
	{SYS_read, {A_INT, A_BUF_OUT, A_LONG}},
	{SYS_write, {A_INT, A_BUF_IN, A_LONG}},
	{SYS_pread64, {A_INT, A_BUF_OUT, A_LONG, A_LONG}},
	{SYS_pwrite64, {A_INT, A_BUF_IN, A_LONG, A_LONG}},
	{SYS_readv, {A_INT, A_PTR, A_INT}},
	{SYS_writev, {A_INT, A_PTR, A_INT}},
	{SYS_open, {A_STR, A_HEX, A_HEX}},
	{SYS_openat, {A_INT, A_STR, A_HEX, A_HEX}},
	{SYS_close, {A_INT}},
	{SYS_stat, {A_STR, A_PTR}},
	{SYS_lstat, {A_STR, A_PTR}},
	{SYS_fstat, {A_INT, A_PTR}},
	{SYS_newfstatat, {A_INT, A_STR, A_PTR, A_HEX}},
	{SYS_statx, {A_INT, A_STR, A_HEX, A_HEX, A_PTR}},
	{SYS_access, {A_STR, A_HEX}},
	{SYS_faccessat, {A_INT, A_STR, A_HEX}},
	{SYS_lseek, {A_INT, A_LONG, A_INT}},
	{SYS_mmap, {A_PTR, A_LONG, A_HEX, A_HEX, A_INT, A_HEX}},
	{SYS_mprotect, {A_PTR, A_LONG, A_HEX}},
	{SYS_munmap, {A_PTR, A_LONG}},
	{SYS_mremap, {A_PTR, A_LONG, A_LONG, A_HEX, A_PTR}},
	{SYS_madvise, {A_PTR, A_LONG, A_INT}},
	{SYS_brk, {A_PTR}},
	{SYS_ioctl, {A_INT, A_HEX, A_PTR}},
	{SYS_fcntl, {A_INT, A_INT, A_HEX}},
	{SYS_dup, {A_INT}},
	{SYS_dup2, {A_INT, A_INT}},
	{SYS_dup3, {A_INT, A_INT, A_HEX}},
	{SYS_pipe, {A_PTR}},
	{SYS_pipe2, {A_PTR, A_HEX}},
	{SYS_getpid, {A_END}},
	{SYS_getppid, {A_END}},
	{SYS_gettid, {A_END}},
	{SYS_getuid, {A_END}},
	{SYS_geteuid, {A_END}},
	{SYS_sched_yield, {A_END}},
	{SYS_uname, {A_PTR}},
	{SYS_getcwd, {A_PTR, A_LONG}},
	{SYS_chdir, {A_STR}},
	{SYS_mkdir, {A_STR, A_HEX}},
	{SYS_rmdir, {A_STR}},
	{SYS_unlink, {A_STR}},
	{SYS_unlinkat, {A_INT, A_STR, A_HEX}},
	{SYS_rename, {A_STR, A_STR}},
	{SYS_readlink, {A_STR, A_PTR, A_LONG}},
	{SYS_getdents64, {A_INT, A_PTR, A_LONG}},
	{SYS_clock_gettime, {A_INT, A_PTR}},
	{SYS_clock_getres, {A_INT, A_PTR}},
	{SYS_gettimeofday, {A_PTR, A_PTR}},
	{SYS_time, {A_PTR}},
	{SYS_nanosleep, {A_PTR, A_PTR}},
	{SYS_clock_nanosleep, {A_INT, A_HEX, A_PTR, A_PTR}},
	{SYS_futex, {A_PTR, A_INT, A_INT, A_PTR, A_PTR, A_INT}},
	{SYS_getrandom, {A_PTR, A_LONG, A_HEX}},
	{SYS_set_tid_address, {A_PTR}},
	{SYS_arch_prctl, {A_HEX, A_PTR}},
	{SYS_rt_sigaction, {A_INT, A_PTR, A_PTR, A_LONG}},
	{SYS_rt_sigprocmask, {A_INT, A_PTR, A_PTR, A_LONG}},
	{SYS_sched_getaffinity, {A_INT, A_LONG, A_PTR}},
	{SYS_sched_setaffinity, {A_INT, A_LONG, A_PTR}},
	{SYS_getcpu, {A_PTR, A_PTR, A_PTR}},
	{SYS_clone, {A_HEX, A_PTR, A_PTR, A_PTR, A_PTR}},
	{SYS_fork, {A_END}},
	{SYS_vfork, {A_END}},
	{SYS_execve, {A_STR, A_PTR, A_PTR}},
	{SYS_exit, {A_INT}},
	{SYS_exit_group, {A_INT}},
	{SYS_wait4, {A_INT, A_PTR, A_HEX, A_PTR}},
	{SYS_kill, {A_INT, A_INT}},
	{SYS_tgkill, {A_INT, A_INT, A_INT}},
	{SYS_socket, {A_INT, A_INT, A_INT}},
	{SYS_connect, {A_INT, A_PTR, A_INT}},
	{SYS_bind, {A_INT, A_PTR, A_INT}},
	{SYS_listen, {A_INT, A_INT}},
	{SYS_accept, {A_INT, A_PTR, A_PTR}},
	{SYS_accept4, {A_INT, A_PTR, A_PTR, A_HEX}},
	{SYS_sendto, {A_INT, A_BUF_IN, A_LONG, A_HEX, A_PTR, A_INT}},
	{SYS_recvfrom, {A_INT, A_BUF_OUT, A_LONG, A_HEX, A_PTR, A_PTR}},
	{SYS_poll, {A_PTR, A_INT, A_INT}},
	{SYS_epoll_wait, {A_INT, A_PTR, A_INT, A_INT}},
};

/* Linux's names of the errors a call returns most often; others show as their number. */
static const char *const mv_errno_names[] = {
	[EPERM] = "EPERM",
	[ENOENT] = "ENOENT",
	[ESRCH] = "ESRCH",
	[EINTR] = "EINTR",
	[EIO] = "EIO",
	[ENXIO] = "ENXIO",
	[E2BIG] = "E2BIG",
	[ENOEXEC] = "ENOEXEC",
	[EBADF] = "EBADF",
	[ECHILD] = "ECHILD",
	[EAGAIN] = "EAGAIN",
	[ENOMEM] = "ENOMEM",
	[EACCES] = "EACCES",
	[EFAULT] = "EFAULT",
	[EBUSY] = "EBUSY",
	[EEXIST] = "EEXIST",
	[EXDEV] = "EXDEV",
	[ENODEV] = "ENODEV",
	[ENOTDIR] = "ENOTDIR",
	[EISDIR] = "EISDIR",
	[EINVAL] = "EINVAL",
	[ENFILE] = "ENFILE",
	[EMFILE] = "EMFILE",
	[ENOTTY] = "ENOTTY",
	[EFBIG] = "EFBIG",
	[ENOSPC] = "ENOSPC",
	[ESPIPE] = "ESPIPE",
	[EROFS] = "EROFS",
	[EPIPE] = "EPIPE",
	[ERANGE] = "ERANGE",
	[EDEADLK] = "EDEADLK",
	[ENAMETOOLONG] = "ENAMETOOLONG",
	[ENOSYS] = "ENOSYS",
	[ENOTEMPTY] = "ENOTEMPTY",
	[ELOOP] = "ELOOP",
	[ETIMEDOUT] = "ETIMEDOUT",
	[ENOTSOCK] = "ENOTSOCK",
	[EADDRINUSE] = "EADDRINUSE",
	[ECONNREFUSED] = "ECONNREFUSED",
	[ECONNRESET] = "ECONNRESET",
	[EINPROGRESS] = "EINPROGRESS",
	[ENOTCONN] = "ENOTCONN",
	[EOPNOTSUPP] = "EOPNOTSUPP",
	[ENODATA] = "ENODATA",
};

/* A line under construction: appends stop at its end, which the line then shows. */
struct mv_line {
	char buf[MV_TRACE_LINE];
	size_t len;
};

static void put_str(struct mv_line *l, const char *s)
{
	while (*s && l->len < sizeof(l->buf) - 1)
		l->buf[l->len++] = *s++;
}

static void put_udec(struct mv_line *l, unsigned long v)
{
	char digits[24];
	int n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < (int)sizeof(digits));
	while (n && l->len < sizeof(l->buf) - 1)
		l->buf[l->len++] = digits[--n];
}

static void put_dec(struct mv_line *l, long v)
{
	if (v < 0) {
		put_str(l, "-");
		put_udec(l, -(unsigned long)v);
	} else {
		put_udec(l, (unsigned long)v);
	}
}

static void put_hex(struct mv_line *l, unsigned long v)
{
	static const char hex[] = "0123456789abcdef";
	char digits[16];
	int n = 0;

	put_str(l, "0x");
	do
		digits[n++] = hex[v & 15];
	while ((v >>= 4) && n < (int)sizeof(digits));
	while (n && l->len < sizeof(l->buf) - 1)
		l->buf[l->len++] = digits[--n];
}

/* Copy @len bytes of the program's memory at @addr into @to: the bytes copied, or -errno. */
static long mv_peek(void *to, unsigned long addr, size_t len)
{
	struct iovec here = {to, len}, there = {(void *)addr, len};

	return mv_raw_syscall(SYS_process_vm_readv, mv_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0),
			      (long)&here, 1, (long)&there, 1, 0);
}

/* Up to @len bytes of the program's memory at @addr, quoted and escaped as strace shows them. */
static void put_bytes(struct mv_line *l, unsigned long addr, long len, int stop_at_nul)
{
	unsigned char bytes[MV_TRACE_STR];
	size_t want = (size_t)(len < 0 ? 0 : len < MV_TRACE_STR ? len : MV_TRACE_STR);
	long got, n;

	if (!addr) {
		put_str(l, "NULL");
		return;
	}
	got = mv_peek(bytes, addr, want);
	if (got < 0 && stop_at_nul) { /* the string may end before a page that is not there */
		for (got = 0; got < (long)want; got++)
			if (mv_peek(bytes + got, addr + (unsigned long)got, 1) != 1 || !bytes[got])
				break;
		if (!got && mv_peek(bytes, addr, 1) != 1)
			got = -EFAULT; /* not even its first byte: a bad pointer */
	}
	if (got < 0) {
		put_hex(l, addr);
		return;
	}
	put_str(l, "\"");
	for (n = 0; n < got && !(stop_at_nul && !bytes[n]); n++) {
		unsigned char c = bytes[n];
		char esc[5] = {'\\', 0, 0, 0, 0};

		if (c == '\n' || c == '\t' || c == '"' || c == '\\') {
			esc[1] = c == '\n' ? 'n' : c == '\t' ? 't' : (char)c;
			put_str(l, esc);
		} else if (c < 0x20 || c > 0x7e) {
			esc[1] = 'x';
			esc[2] = "0123456789abcdef"[c >> 4];
			esc[3] = "0123456789abcdef"[c & 15];
			put_str(l, esc);
		} else {
			esc[0] = (char)c;
			put_str(l, esc);
		}
	}
	put_str(l, "\"");
	if (n == MV_TRACE_STR && (len > MV_TRACE_STR || stop_at_nul))
		put_str(l, "...");
}

static const struct mv_trace_call *mv_trace_find(long nr)
{
	for (size_t i = 0; i < sizeof(mv_trace_calls) / sizeof(mv_trace_calls[0]); i++)
		if (mv_trace_calls[i].nr == nr)
			return &mv_trace_calls[i];
	return NULL;
}

/* "name(args)": the arguments as the table says; @ret for the buffers a call filled. */
static void put_call(struct mv_line *l, long nr, const unsigned long a[6], long ret, int done)
{
	const struct mv_trace_call *c = mv_trace_find(nr);
	const char *name = mv_syscall_name((unsigned int)nr);

	if (name) {
		put_str(l, name);
	} else {
		put_str(l, "syscall_");
		put_dec(l, nr);
	}
	put_str(l, "(");
	for (int i = 0; i < 6; i++) {
		enum mv_arg kind = c ? c->args[i] : i < 3 ? A_HEX : A_END;

		if (kind == A_END) {
			if (!c && i == 3)
				put_str(l, ", ...");
			break;
		}
		if (i)
			put_str(l, ", ");
		switch (kind) {
		case A_INT:
			put_dec(l, (int)a[i]);
			break;
		case A_LONG:
			put_dec(l, (long)a[i]);
			break;
		case A_PTR:
			if (a[i])
				put_hex(l, a[i]);
			else
				put_str(l, "NULL");
			break;
		case A_STR:
			put_bytes(l, a[i], MV_TRACE_STR, 1);
			break;
		case A_BUF_IN:
			put_bytes(l, a[i], i < 5 ? (long)a[i + 1] : 0, 0);
			break;
		case A_BUF_OUT:
			if (done && ret > 0)
				put_bytes(l, a[i], ret, 0);
			else
				put_hex(l, a[i]);
			break;
		default:
			put_hex(l, a[i]);
			break;
		}
	}
	put_str(l, ")");
}

static void put_result(struct mv_line *l, long nr, long ret)
{
	put_str(l, " = ");
	if (ret < 0 && ret >= -4095) {
		long e = -ret;

		put_str(l, "-1 ");
		if ((size_t)e < sizeof(mv_errno_names) / sizeof(mv_errno_names[0]) &&
		    mv_errno_names[e]) {
			put_str(l, mv_errno_names[e]);
		} else {
			put_str(l, "E");
			put_dec(l, e);
		}
	} else if (nr == SYS_mmap || nr == SYS_brk || nr == SYS_mremap) {
		put_hex(l, (unsigned long)ret);
	} else {
		put_dec(l, ret);
	}
}

/* " <who S.UUUUUU>" */
static void put_time(struct mv_line *l, const char *who, unsigned long ns)
{
	unsigned long us = ns / 1000, frac = us % 1000000;

	put_str(l, " <");
	put_str(l, who);
	put_str(l, " ");
	put_udec(l, us / 1000000);
	put_str(l, ".");
	for (unsigned long d = 100000; d; d /= 10)
		put_udec(l, (frac / d) % 10);
	put_str(l, ">");
}

static void mv_trace_emit(struct mv_line *l)
{
	size_t off = 0;
	long n;

	if (l->len >= sizeof(l->buf) - 1)
		l->len = sizeof(l->buf) - 1;
	l->buf[l->len++] = '\n';
	while (off < l->len) {
		n = mv_raw_syscall(SYS_write, mv_trace_fd, (long)(l->buf + off),
				   (long)(l->len - off), 0, 0, 0);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
}

static void put_pid(struct mv_line *l)
{
	put_str(l, "[pid ");
	put_dec(l, mv_raw_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0));
	put_str(l, "] ");
}

int mv_tracing(void)
{
	return mv_trace_fd >= 0;
}

void mv_trace_native(const struct hvm_call_request *req)
{
	const struct hvm_forward *fw = &req->forward;
	const unsigned long *r = (const unsigned long *)req->regs.regs;
	/* struct hvm_regs: rax rbx rcx rdx rsi rdi rbp r8-r15 */
	unsigned long a[6] = {r[5], r[4], r[3], r[10], r[7], r[8]};
	struct mv_line l = {.len = 0};

	if (!mv_tracing())
		return;
	put_pid(&l);
	put_call(&l, (long)fw->args[0], a, (long)fw->args[1], 1);
	put_result(&l, (long)fw->args[0], (long)fw->args[1]);
	put_time(&l, "hrt", fw->args[2]);
	mv_trace_emit(&l);
}

unsigned long mv_trace_now(void)
{
	struct timespec ts;

	if (!mv_tracing() ||
	    mv_raw_syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0, 0, 0))
		return 0;
	return (unsigned long)ts.tv_sec * 1000000000ul + (unsigned long)ts.tv_nsec;
}

/* A call that does not come back when it succeeds: reported before it is made. */
static int mv_trace_no_return(long nr)
{
	return nr == SYS_exit || nr == SYS_exit_group || nr == SYS_execve;
}

void mv_trace_before(const struct hvm_forward *fw)
{
	struct mv_line l = {.len = 0};

	if (!mv_tracing() || !mv_trace_no_return((long)fw->nr))
		return;
	put_pid(&l);
	put_call(&l, (long)fw->nr, (const unsigned long *)fw->args, 0, 0);
	put_str(&l, " = ?");
	mv_trace_emit(&l);
}

void mv_trace_forwarded(const struct hvm_forward *fw, long ret, unsigned long start_ns)
{
	struct mv_line l = {.len = 0};
	unsigned long now = mv_trace_now();

	if (!mv_tracing() || ret == -HVM_FORWARD_RESTART)
		return;
	put_pid(&l);
	if (mv_trace_no_return((long)fw->nr)) { /* it came back after all: it failed */
		put_str(&l, "<... ");
		put_str(&l, mv_syscall_name((unsigned int)fw->nr));
		put_str(&l, " resumed>");
	} else {
		put_call(&l, (long)fw->nr, (const unsigned long *)fw->args, ret, 1);
	}
	put_result(&l, (long)fw->nr, ret);
	put_time(&l, "linux", now > start_ns ? now - start_ns : 0);
	mv_trace_emit(&l);
}

int mv_trace_open(__u32 *space_flags)
{
	const char *want = getenv("HVM_TRACE");
	int fd;

	if (mv_trace_fd >= 0) {
		*space_flags |= HVM_SPACE_TRACE;
		return 0;
	}
	if (!want || !*want || !strcmp(want, "0"))
		return 0;
	if (!strcmp(want, "1")) {
		fd = fcntl(2, F_DUPFD_CLOEXEC, MV_TRACE_FD_MIN);
		if (fd < 0) {
			mv_warn("HVM_TRACE=1: cannot copy standard error for the trace: %s",
				strerror(errno));
			return -errno;
		}
	} else {
		if (getauxval(AT_SECURE)) {
			mv_warn("HVM_TRACE ignored: this program runs set-user-ID or set-group-ID");
			return 0;
		}
		fd = open(want, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd >= 0 && fd < MV_TRACE_FD_MIN) {
			int high = fcntl(fd, F_DUPFD_CLOEXEC, MV_TRACE_FD_MIN);

			close(fd);
			fd = high;
		}
		if (fd < 0) {
			mv_warn("HVM_TRACE=%s: cannot open the trace file: %s (give a file to write, or 1 for standard error)",
				want, strerror(errno));
			return -errno;
		}
	}
	mv_trace_fd = fd;
	*space_flags |= HVM_SPACE_TRACE;
	return 0;
}
