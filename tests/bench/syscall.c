/*
 * syscall [BATCHES [PER_BATCH [CALL...]]]: the cost of cheap system calls,
 * each made with syscall() so no libc or vDSO shortcut stands in between.
 * Each CALL (default: getppid write) is timed in BATCHES batches of
 * PER_BATCH calls with the TSC (no system call of its own inside the
 * timing); the result is the median over the batches of ns per call:
 *
 *   result syscall_NAME NS ns      the cost of one call
 *   calls NAME COUNT               how many calls of NAME were made, warm-up
 *                                  included (scripts compare HVM_STATS=1)
 *
 * The table below has a small invocation for every call hvm-kernel serves
 * natively or may soon: the porting benchmark measures each one the kernel's
 * native table names (syscall --native-calls) under HVM_NATIVE=all, under
 * HVM_NATIVE=none and in the native build. A call ported to hvm-kernel with
 * no invocation here is listed as such: add one below.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "native_call_names.h"	/* kernel_native_calls[], from hvm-kernel's table */

#define MAX_BATCH 1000
#define PAGE 4096
#define ARCH_GET_FS 0x1003
#define FUTEX_WAKE_PRIVATE 129	/* FUTEX_WAKE | FUTEX_PRIVATE_FLAG, <linux/futex.h> */
#ifndef PR_GET_TID_ADDRESS
#define PR_GET_TID_ADDRESS 40
#endif

static int devnull = -1;
static long pages[MAX_BATCH];	/* mmap and munmap: one page per call of a batch */
static long region, region_len;	/* mprotect and mremap: one mapping */
static int futex_word;
static long tid_address;	/* set_tid_address and prctl: the thread's own */

static long call_getpid(int i) { (void)i; return syscall(SYS_getpid); }
static long call_gettid(int i) { (void)i; return syscall(SYS_gettid); }
static long call_getppid(int i) { (void)i; return syscall(SYS_getppid); }
static long call_getuid(int i) { (void)i; return syscall(SYS_getuid); }
static long call_geteuid(int i) { (void)i; return syscall(SYS_geteuid); }
static long call_sched_yield(int i) { (void)i; return syscall(SYS_sched_yield); }
static long call_write(int i) { (void)i; return syscall(SYS_write, devnull, "x", 1); }
static long call_time(int i) { (void)i; return syscall(SYS_time, NULL); }
static long call_brk(int i) { (void)i; return syscall(SYS_brk, 0); }

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
	struct timespec zero = { 0, 0 };

	(void)i;
	return syscall(SYS_nanosleep, &zero, NULL);
}

static long call_clock_nanosleep(int i)
{
	struct timespec zero = { 0, 0 };

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
static long call_mmap(int i) { return pages[i] = map_page(); }

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

static long call_munmap(int i) { return syscall(SYS_munmap, pages[i], PAGE); }

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
		fprintf(stderr, "syscall: prctl(PR_GET_TID_ADDRESS) failed: %s (Linux needs CONFIG_CHECKPOINT_RESTORE)\n",
			strerror(errno));
		exit(1);
	}
}

static long call_set_tid_address(int i) { (void)i; return syscall(SYS_set_tid_address, tid_address); }

static long call_prctl(int i)
{
	long addr;

	(void)i;
	return syscall(SYS_prctl, PR_GET_TID_ADDRESS, &addr, 0, 0, 0);
}

struct call {
	const char *name;		/* as HVM_NATIVE and HVM_STATS name it */
	long (*make)(int i);		/* one call, the i-th of its batch; -1: failed */
	void (*before)(int n);		/* untimed, before a batch of n calls */
	void (*after)(int n);		/* untimed, after it */
	const char *why_not;		/* no invocation: why it cannot be timed in a loop */
};

#define CALL(call) { .name = #call, .make = call_##call }

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
	{ .name = "mmap", .make = call_mmap, .after = unmap_pages },
	{ .name = "munmap", .make = call_munmap, .before = map_pages },
	{ .name = "mprotect", .make = call_mprotect, .before = map_region, .after = unmap_region },
	{ .name = "mremap", .make = call_mremap, .before = map_region, .after = unmap_region },
	CALL(brk),
	{ .name = "exit", .why_not = "ends the calling thread" },
	{ .name = "exit_group", .why_not = "ends the process" },
	{ .name = "set_tid_address", .make = call_set_tid_address, .before = keep_tid_address },
	{ .name = "prctl", .make = call_prctl, .before = keep_tid_address },
};

#define NR_CALLS (sizeof(calls) / sizeof(calls[0]))

static const struct call *call_find(const char *name)
{
	for (size_t i = 0; i < NR_CALLS; i++)
		if (!strcmp(calls[i].name, name))
			return &calls[i];
	return NULL;
}

/* One batch of @n calls, in TSC ticks; exits if a call fails. */
static double time_batch(const struct call *c, int n)
{
	uint64_t t0;
	double ticks;

	if (c->before)
		c->before(n);
	t0 = tsc_now();
	for (int i = 0; i < n; i++) {
		if (c->make(i) == -1) {
			fprintf(stderr, "syscall: %s failed: %s\n", c->name, strerror(errno));
			exit(1);
		}
	}
	ticks = (double)(tsc_now() - t0);
	if (c->after)
		c->after(n);
	return ticks;
}

/* Median over @batches batches of ns per call of @c, after one warm-up batch. */
static double time_calls(const struct call *c, int batches, int per_batch, double tsc_ns)
{
	double *v = calloc((size_t)batches, sizeof(*v)), ns;

	if (!v) {
		perror("syscall");
		exit(1);
	}
	time_batch(c, per_batch);
	for (int b = 0; b < batches; b++)
		v[b] = time_batch(c, per_batch) / tsc_ns / per_batch;
	ns = median(v, batches);
	free(v);
	return ns;
}

/*
 * --native-calls: the calls hvm-kernel's native table has handlers for
 * (as built with this program), one a line: "NAME timed", or "NAME
 * untimed: WHY" for one with no invocation here.
 */
static int list_native_calls(void)
{
	for (size_t i = 0; i < sizeof(kernel_native_calls) / sizeof(kernel_native_calls[0]); i++) {
		const char *name = kernel_native_calls[i];
		const struct call *c = call_find(name);

		if (c && c->make)
			printf("%s timed\n", name);
		else
			printf("%s untimed: %s\n", name,
			       c ? c->why_not : "no invocation in tests/bench/syscall.c: add one to its table");
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: syscall [BATCHES [PER_BATCH (1..%d) [CALL...]]] | syscall --native-calls\n  calls:",
		MAX_BATCH);
	for (size_t i = 0; i < NR_CALLS; i++)
		if (calls[i].make)
			fprintf(stderr, " %s", calls[i].name);
	fprintf(stderr, "\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const char *const default_calls[] = { "getppid", "write" };
	int batches = argc > 1 ? atoi(argv[1]) : 41;
	int per_batch = argc > 2 ? atoi(argv[2]) : 200;
	const char *const *names = argc > 3 ? (const char *const *)argv + 3 : default_calls;
	int nr_names = argc > 3 ? argc - 3 : 2;
	double tsc_ns;

	if (argc > 1 && !strcmp(argv[1], "--native-calls"))
		return list_native_calls();
	devnull = open("/dev/null", O_WRONLY);
	if (batches < 1 || per_batch < 1 || per_batch > MAX_BATCH || devnull < 0)
		return usage();
	for (int k = 0; k < nr_names; k++) {
		const struct call *c = call_find(names[k]);

		if (!c || !c->make) {
			fprintf(stderr, "syscall: no invocation for '%s'%s%s\n", names[k],
				c ? ": " : "", c ? c->why_not : "");
			return usage();
		}
	}
	tsc_ns = tsc_per_ns(50);
	for (int k = 0; k < nr_names; k++) {
		const struct call *c = call_find(names[k]);

		printf("result syscall_%s %.0f ns\n", c->name,
		       time_calls(c, batches, per_batch, tsc_ns));
		printf("calls %s %d\n", c->name, (batches + 1) * per_batch);
	}
	return 0;
}
