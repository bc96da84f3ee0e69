/*
 * One small invocation per system call, for the syscall benchmark
 * (calls.h): each makes one call with syscall(), so no libc or vDSO shortcut
 * stands in between, and returns -1 when the call failed. Work a call
 * needs around it (pages to unmap, a mapping to change) is done before or
 * after a batch, untimed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "calls.h"

#define PAGE 4096
#define ARCH_GET_FS 0x1003
#define FUTEX_WAKE_PRIVATE 129 /* FUTEX_WAKE | FUTEX_PRIVATE_FLAG, <linux/futex.h> */
#ifndef PR_GET_TID_ADDRESS
#define PR_GET_TID_ADDRESS 40
#endif

static int devnull = -1;
static long pages[MAX_BATCH]; /* mmap and munmap: one page per call of a batch */
static long region, region_len; /* mprotect and mremap: one mapping */
static int futex_word;
static long tid_address; /* set_tid_address and prctl: the thread's own */

static long call_getpid(int i)
{
	(void)i;
	return syscall(SYS_getpid);
}
static long call_gettid(int i)
{
	(void)i;
	return syscall(SYS_gettid);
}
static long call_getppid(int i)
{
	(void)i;
	return syscall(SYS_getppid);
}
static long call_getuid(int i)
{
	(void)i;
	return syscall(SYS_getuid);
}
static long call_geteuid(int i)
{
	(void)i;
	return syscall(SYS_geteuid);
}
static long call_sched_yield(int i)
{
	(void)i;
	return syscall(SYS_sched_yield);
}
static long call_write(int i)
{
	(void)i;
	return syscall(SYS_write, devnull, "x", 1);
}
static long call_time(int i)
{
	(void)i;
	return syscall(SYS_time, NULL);
}
static long call_brk(int i)
{
	(void)i;
	return syscall(SYS_brk, 0);
}

static long call_uname(int i)
{
	struct utsname u;

	(void)i;
	return syscall(SYS_uname, &u);
}

static long call_arch_prctl(int i)
{
	unsigned long fs;

	(void)i;
	return syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
}

static long call_clock_gettime(int i)
{
	struct timespec ts;

	(void)i;
	return syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
}

static long call_clock_getres(int i)
{
	struct timespec ts;

	(void)i;
	return syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
}

static long call_gettimeofday(int i)
{
	struct timeval tv;

	(void)i;
	return syscall(SYS_gettimeofday, &tv, NULL);
}

/* A sleep of zero: the call's own cost, no waiting. */
static long call_nanosleep(int i)
{
	struct timespec zero = {0, 0};

	(void)i;
	return syscall(SYS_nanosleep, &zero, NULL);
}

static long call_clock_nanosleep(int i)
{
	struct timespec zero = {0, 0};

	(void)i;
	return syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &zero, NULL);
}

static long call_getrandom(int i)
{
	char buf[16];

	(void)i;
	return syscall(SYS_getrandom, buf, sizeof(buf), 0);
}

/* Wake nobody: the uncontended half of a mutex unlock that found a waiter bit. */
static long call_futex(int i)
{
	(void)i;
	return syscall(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static long call_rt_sigprocmask(int i)
{
	sigset_t old;

	(void)i;
	return syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &old, _NSIG / 8);
}

static long map_page(void)
{
	return syscall(SYS_mmap, NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
}

/* mmap: a fresh anonymous page per call, unmapped after the batch (untimed). */
static long call_mmap(int i)
{
	return pages[i] = map_page();
}

static void unmap_pages(int n)
{
	for (int i = 0; i < n; i++)
		syscall(SYS_munmap, pages[i], PAGE);
}

/* munmap: the pages are mapped before the batch (untimed). */
static void map_pages(int n)
{
	for (int i = 0; i < n; i++)
		pages[i] = map_page();
}

static long call_munmap(int i)
{
	return syscall(SYS_munmap, pages[i], PAGE);
}

static void map_region(int n)
{
	(void)n;
	region = map_page();
	region_len = PAGE;
}

static void unmap_region(int n)
{
	(void)n;
	syscall(SYS_munmap, region, region_len);
}

/* mprotect: one page, read-only and read-write in turns. */
static long call_mprotect(int i)
{
	return syscall(SYS_mprotect, region, PAGE, i & 1 ? PROT_READ : PROT_READ | PROT_WRITE);
}

/* mremap: one mapping grown to two pages and shrunk back in turns. */
static long call_mremap(int i)
{
	long len = i & 1 ? PAGE : 2 * PAGE;
	long p = syscall(SYS_mremap, region, region_len, len, MREMAP_MAYMOVE);

	if (p != -1) {
		region = p;
		region_len = len;
	}
	return p;
}

/*
 * set_tid_address and prctl(PR_GET_TID_ADDRESS): the address libc gave
 * the thread is read first and set again, so the thread's exit clears
 * the futex it always did.
 */
static void keep_tid_address(int n)
{
	(void)n;
	if (syscall(SYS_prctl, PR_GET_TID_ADDRESS, &tid_address, 0, 0, 0) ||
	    syscall(SYS_set_tid_address, tid_address) < 0) {
		fprintf(stderr,
			"syscall: prctl(PR_GET_TID_ADDRESS) failed: %s (Linux needs CONFIG_CHECKPOINT_RESTORE)\n",
			strerror(errno));
		exit(1);
	}
}

static long call_set_tid_address(int i)
{
	(void)i;
	return syscall(SYS_set_tid_address, tid_address);
}

static long call_prctl(int i)
{
	long addr;

	(void)i;
	return syscall(SYS_prctl, PR_GET_TID_ADDRESS, &addr, 0, 0, 0);
}

#define CALL(call)                                                                                 \
	{                                                                                          \
		.name = #call, .make = call_##call                                                 \
	}

static const struct call calls[] = {
	CALL(getpid),
	CALL(gettid),
	CALL(getppid),
	CALL(getuid),
	CALL(geteuid),
	CALL(uname),
	CALL(sched_yield),
	CALL(arch_prctl),
	CALL(write),
	CALL(clock_gettime),
	CALL(clock_getres),
	CALL(gettimeofday),
	CALL(time),
	CALL(nanosleep),
	CALL(clock_nanosleep),
	CALL(getrandom),
	CALL(futex),
	CALL(rt_sigprocmask),
	{.name = "mmap", .make = call_mmap, .after = unmap_pages},
	{.name = "munmap", .make = call_munmap, .before = map_pages},
	{.name = "mprotect", .make = call_mprotect, .before = map_region, .after = unmap_region},
	{.name = "mremap", .make = call_mremap, .before = map_region, .after = unmap_region},
	CALL(brk),
	{.name = "exit", .why_not = "ends the calling thread"},
	{.name = "exit_group", .why_not = "ends the process"},
	{.name = "set_tid_address", .make = call_set_tid_address, .before = keep_tid_address},
	{.name = "prctl", .make = call_prctl, .before = keep_tid_address},
};

#define NR_CALLS (sizeof(calls) / sizeof(calls[0]))

const struct call *call_find(const char *name)
{
	for (size_t i = 0; i < NR_CALLS; i++)
		if (!strcmp(calls[i].name, name))
			return &calls[i];
	return NULL;
}

void call_list(FILE *out)
{
	for (size_t i = 0; i < NR_CALLS; i++)
		if (calls[i].make)
			fprintf(out, " %s", calls[i].name);
}

bool call_setup(void)
{
	devnull = open("/dev/null", O_WRONLY);
	return devnull >= 0;
}
