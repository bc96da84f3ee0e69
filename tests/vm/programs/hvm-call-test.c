// SPDX-License-Identifier: MIT
/*
 * hvm-call-test: ROS -> HRT calls exercised for real in the guest. Each
 * subcommand prints what it checked and "ok" or "FAIL: why"; exit status 0
 * only when everything held.
 *   basic     one call per HRT CPU, results come back
 *   all       an all-CPU call: every CPU runs on its own stack
 *   memory    the HRT reads and writes the caller's stack, heap, anonymous
 *             and file-backed mappings, and the process sees the writes
 *   fault     a call touching an unmapped address returns -EFAULT with a
 *             crash record; the next call works
 *   threads   10,000 calls from 8 threads: none lost, none duplicated
 *   syscalls  calls whose function makes system calls the HRT forwards
 *             (write, read, a failing close): the calling thread makes
 *             them, the call returns 0 with the function's result, and
 *             the CPU takes the next call; the same posted with
 *             hrt_call_async() and collected with hrt_wait(), one CPU
 *             after the other and on every CPU at once
 *   barrier   an all-CPU call on stacks Linux never touched: each CPU's
 *             function faults in fresh stack pages, then waits until every
 *             CPU got there (each fault must be served while the others wait)
 *   fwdloop S an all-CPU call whose functions make forwarded system calls
 *             in a loop (each answered -ENOSYS: an all-CPU call has no
 *             thread to make them) until a Linux thread stops them after
 *             S seconds; S = 0 loops until killed (for liveness tests; the
 *             call gives up after 60 s)
 *   spin      a call that never returns (for kill -9 tests)
 *   fork-keep a child forked with the raw system call (no atfork handler)
 *             keeps the merged /dev/hvm descriptor: its MERGE on it is
 *             refused, before and after the parent exits; the parent
 *             exits at once, the child stays for 60 s (for limit tests:
 *             the parent's space id must be free once it is gone)
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <hrt.h>

#define STACK_SIZE (64 * 1024)
#define CHECK(cond, ...)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("FAIL: " __VA_ARGS__);                                              \
			printf("\n");                                                              \
			exit(1);                                                                   \
		}                                                                                  \
	} while (0)

/* A fresh, populated stack for HRT calls; returns its top. */
static void *new_stack(size_t size)
{
	char *s = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	CHECK(s != MAP_FAILED, "mmap of a stack: %s", strerror(errno));
	return s + size;
}

static void merge(void)
{
	int err = hrt_merge();

	CHECK(!err, "hrt_merge: %s", strerror(-err));
	CHECK(hrt_nr_cpus() > 0, "no HRT CPU takes calls");
}

static long times_three_plus_one(long x)
{
	return 3 * x + 1;
}

static int cmd_basic(void)
{
	void *stack = new_stack(STACK_SIZE);

	for (int cpu = 0; cpu < hrt_nr_cpus(); cpu++) {
		for (long x = -2; x < 1000; x += 97) {
			long r = 0;
			int err = hrt_call(cpu, times_three_plus_one, x, stack, &r);

			CHECK(!err, "call on HRT CPU %d: %s", cpu, strerror(-err));
			CHECK(r == 3 * x + 1, "HRT CPU %d returned %ld for %ld", cpu, r, x);
		}
		printf("HRT CPU %d: calls return their results\n", cpu);
	}
	printf("ok\n");
	return 0;
}

static char *all_stacks;
static long stride_of_all = STACK_SIZE;

/* Which stack am I on? Stacks are stride_of_all apart, CPU 0's at the top. */
static long which_stack(long top)
{
	char here;

	return (top - (long)(uintptr_t)&here) / stride_of_all;
}

static int cmd_all(void)
{
	int n = hrt_nr_cpus(), status[HVM_MAX_CPUS];
	long results[HVM_MAX_CPUS], top;
	int err;

	all_stacks = (char *)new_stack((size_t)STACK_SIZE * n) - (size_t)STACK_SIZE * n;
	top = (long)(uintptr_t)(all_stacks + (size_t)STACK_SIZE * n);
	err = hrt_call_all(which_stack, top, (void *)top, STACK_SIZE, results, status);
	CHECK(!err, "all-CPU call: %s", strerror(-err));
	for (int i = 0; i < n; i++) {
		CHECK(status[i] == 0, "HRT CPU %d: status %d", i, status[i]);
		CHECK(results[i] == i, "HRT CPU %d ran on stack %ld", i, results[i]);
		printf("HRT CPU %d ran on its own stack\n", i);
	}
	printf("ok\n");
	return 0;
}

/* What the memory test's HRT function touches: one of each kind of memory. */
struct mem_job {
	long *stack_var;
	unsigned char *heap, *anon, *file;
	size_t len;
};

static long touch_all(long arg)
{
	struct mem_job *j = (struct mem_job *)arg;
	long sum = *j->stack_var;

	for (size_t i = 0; i < j->len; i++) {
		sum += j->heap[i] + 2 * j->anon[i] + 3 * j->file[i];
		j->heap[i] ^= 0x5a;
		j->anon[i] ^= 0xa5;
		j->file[i] ^= 0x3c;
	}
	*j->stack_var = 0x1234;
	return sum;
}

static unsigned char *file_mapping(size_t len, int *fd)
{
	unsigned char *m;

	*fd = open("/tmp/hvm-call-test.map", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(*fd >= 0 && ftruncate(*fd, (off_t)len) == 0, "cannot create the mapped file");
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, *fd, 0);
	CHECK(m != MAP_FAILED, "mmap of the file: %s", strerror(errno));
	return m;
}

static int cmd_memory(void)
{
	size_t len = 3 * 4096 + 123;
	long stack_var = 77, expect = 77, sum = 0;
	struct mem_job j = {&stack_var, malloc(len), NULL, NULL, len};
	unsigned char byte;
	int fd, err;

	j.anon = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	j.file = file_mapping(len, &fd);
	CHECK(j.heap && j.anon != MAP_FAILED, "allocations failed");
	for (size_t i = 0; i < len; i++) {
		j.heap[i] = (unsigned char)(i * 7);
		j.anon[i] = (unsigned char)(i * 13);
		j.file[i] = (unsigned char)(i * 29);
		expect += j.heap[i] + 2 * j.anon[i] + 3 * j.file[i];
	}
	err = hrt_call(0, touch_all, (long)&j, new_stack(STACK_SIZE), &sum);
	CHECK(!err, "call: %s", strerror(-err));
	CHECK(sum == expect, "the HRT read sum %ld, the process has %ld", sum, expect);
	printf("the HRT read the stack, heap, anonymous and file mappings as the process has them\n");
	CHECK(stack_var == 0x1234, "the HRT's write to the caller's stack is not seen (%ld)",
	      stack_var);
	for (size_t i = 0; i < len; i++) {
		CHECK(j.heap[i] == (unsigned char)(i * 7 ^ 0x5a), "heap byte %zu not written", i);
		CHECK(j.anon[i] == (unsigned char)(i * 13 ^ 0xa5), "anonymous byte %zu not written",
		      i);
		CHECK(pread(fd, &byte, 1, (off_t)i) == 1 && byte == (unsigned char)(i * 29 ^ 0x3c),
		      "file byte %zu not written through the page cache", i);
	}
	printf("the process sees the HRT's writes (stack, heap, anonymous, file via read())\n");
	printf("ok\n");
	return 0;
}

static long read_address(long addr)
{
	return *(volatile long *)addr;
}

static int cmd_fault(void)
{
	void *stack = new_stack(STACK_SIZE);
	long *hole = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	const struct hvm_crash_record *f;
	long r;
	int err;

	munmap(hole, 4096);
	err = hrt_call(0, read_address, (long)hole, stack, &r);
	CHECK(err == -EFAULT, "a call reading an unmapped address returned %d, not -EFAULT", err);
	f = hrt_last_fault();
	CHECK(f->vector == 14 && f->cr2 == (unsigned long)hole,
	      "fault record: vector %llu cr2 %#llx, expected 14 and %p", f->vector, f->cr2,
	      (void *)hole);
	printf("the faulting call returned -EFAULT: %s at rip %#llx, cr2 %#llx\n", f->reason,
	       f->rip, f->cr2);
	err = hrt_call(0, times_three_plus_one, 5, stack, &r);
	CHECK(!err && r == 16, "the call after the fault failed (%d, %ld)", err, r);
	printf("the HRT CPU takes the next call\n");
	printf("ok\n");
	return 0;
}

#define NR_THREADS 8
#define CALLS_PER_THREAD 1250

static unsigned int seen[NR_THREADS * CALLS_PER_THREAD];

/* Count this call's id exactly once and return a value only it gives. */
static long count_call(long id)
{
	__atomic_fetch_add(&seen[id], 1, __ATOMIC_RELAXED);
	return id * 7 + 3;
}

static void *caller(void *arg)
{
	long t = (long)arg, r;
	void *stack = new_stack(STACK_SIZE);

	for (long k = 0; k < CALLS_PER_THREAD; k++) {
		long id = t * CALLS_PER_THREAD + k;
		int err = hrt_call((unsigned int)(id % hrt_nr_cpus()), count_call, id, stack, &r);

		if (err || r != id * 7 + 3) {
			printf("FAIL: thread %ld call %ld: error %d, result %ld\n", t, k, err, r);
			exit(1);
		}
	}
	return NULL;
}

static int cmd_threads(void)
{
	pthread_t th[NR_THREADS];

	/* Populate the counters on Linux first: the HRT does not forward page faults yet. */
	memset(seen, 0, sizeof(seen));
	for (long t = 0; t < NR_THREADS; t++)
		CHECK(!pthread_create(&th[t], NULL, caller, (void *)t), "pthread_create");
	for (int t = 0; t < NR_THREADS; t++)
		pthread_join(th[t], NULL);
	for (int id = 0; id < NR_THREADS * CALLS_PER_THREAD; id++)
		CHECK(seen[id] == 1, "call %d ran %u times", id, seen[id]);
	printf("%d calls from %d threads: each ran exactly once and returned its own result\n",
	       NR_THREADS * CALLS_PER_THREAD, NR_THREADS);
	printf("ok\n");
	return 0;
}

static int call_pipe[2];

/* On the HRT: system calls hvm-kernel forwards to the calling thread. */
static long forwarding_calls(long arg)
{
	char buf[8] = "";
	long n = write(call_pipe[1], "hrt", 3);

	n += read(call_pipe[0], buf, sizeof(buf));
	if (close(-1) != -1 || errno != EBADF)
		return -1;
	return n * 1000 + arg + !strcmp(buf, "hrt");
}

static void check_forwarding_call(const char *how, int err, long r, long arg)
{
	CHECK(!err, "%s call of a function making system calls returned %d, not 0", how, err);
	CHECK(r == 6 * 1000 + arg + 1, "%s call: the function returned %ld, expected %ld", how, r,
	      6 * 1000 + arg + 1);
}

/*
 * The same function posted with hrt_call_async(): hrt_wait() makes its
 * system calls. After @delay_us the call already waits for its first one,
 * posted with no Linux thread waiting (no doorbell).
 */
static void check_async_forwarding_call(int cpu, void *stack, long arg, useconds_t delay_us)
{
	unsigned long long ticket;
	long r = 0;
	int err = hrt_call_async(cpu, forwarding_calls, arg, stack, &ticket);

	CHECK(!err, "asynchronous post on HRT CPU %d: error %d", cpu, err);
	if (delay_us)
		usleep(delay_us);
	err = hrt_wait(ticket, &r);
	check_forwarding_call("an asynchronous", err, r, arg);
}

/*
 * One asynchronous call on every HRT CPU at once, each on its own stack:
 * all wait for their first system call until hrt_wait() makes it.
 */
static void check_async_forwarding_calls_at_once(void)
{
	int n = hrt_nr_cpus();
	unsigned long long *tickets = calloc((size_t)n, sizeof(*tickets));

	CHECK(tickets, "calloc");
	for (int cpu = 0; cpu < n; cpu++) {
		int err = hrt_call_async(cpu, forwarding_calls, 10 + cpu, new_stack(STACK_SIZE),
					 &tickets[cpu]);

		CHECK(!err, "asynchronous post on HRT CPU %d: error %d", cpu, err);
	}
	for (int cpu = 0; cpu < n; cpu++) {
		long r = 0;
		int err = hrt_wait(tickets[cpu], &r);

		check_forwarding_call("an asynchronous", err, r, 10 + cpu);
	}
	free(tickets);
	printf("%d asynchronous calls making system calls at once: each returned its result\n", n);
}

static int cmd_syscalls(void)
{
	void *stack = new_stack(STACK_SIZE);
	long r = 0;

	CHECK(!pipe(call_pipe), "pipe: %s", strerror(errno));
	for (int cpu = 0; cpu < hrt_nr_cpus(); cpu++) {
		for (long x = 0; x < 3; x++) {
			int err = hrt_call(cpu, forwarding_calls, x, stack, &r);

			check_forwarding_call("a", err, r, x);
			err = hrt_call(cpu, times_three_plus_one, x, stack, &r);
			CHECK(!err && r == 3 * x + 1,
			      "the call after it on HRT CPU %d: error %d, result %ld", cpu, err, r);
		}
		printf("HRT CPU %d: calls making system calls return 0 and their results\n", cpu);
		check_async_forwarding_call(cpu, stack, 6, 0);
		check_async_forwarding_call(cpu, stack, 7, 20000);
		printf("HRT CPU %d: so do asynchronous ones, collected with hrt_wait\n", cpu);
	}
	check_async_forwarding_calls_at_once();
	printf("ok\n");
	return 0;
}

/* Post fn(arg) on every HRT CPU with a timeout; stacks stride apart below top. */
static void call_all_bounded(hrt_fn fn, long arg, char *top, size_t stride, int *status,
			     long *results)
{
	struct hvm_call_request req;
	int err;

	memset(&req, 0, sizeof(req));
	req.func = (unsigned long)fn;
	req.arg = (unsigned long)arg;
	req.stack_top = (unsigned long)top & ~15ul;
	req.stack_stride = stride;
	req.cpu = HVM_CALL_ALL;
	req.timeout_ns = 60ull * 1000000000; /* a deadlock shows as -ETIMEDOUT */
	err = hrt_call_request(&req);
	CHECK(!err, "all-CPU call: %s", strerror(-err));
	CHECK(req.nr_cpus == (unsigned int)hrt_nr_cpus(), "the call ran on %u CPUs, not %d",
	      req.nr_cpus, hrt_nr_cpus());
	for (int i = 0; i < hrt_nr_cpus(); i++) {
		status[i] = req.status[i];
		results[i] = (long)req.result[i];
	}
}

#define BARRIER_FRESH_PAGES 6

static int barrier_arrived;

/*
 * On every HRT CPU: fault in fresh stack pages (Linux resolves each), then
 * wait until all @n CPUs arrived. Returns how many pages it touched.
 */
static long fresh_stack_barrier(long n)
{
	volatile char fresh[BARRIER_FRESH_PAGES * 4096];
	long touched = 0;

	for (size_t at = 0; at < sizeof(fresh); at += 4096, touched++)
		fresh[at] = 1;
	__atomic_fetch_add(&barrier_arrived, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&barrier_arrived, __ATOMIC_SEQ_CST) < n)
		__asm__ volatile("pause");
	return touched;
}

static int cmd_barrier(void)
{
	int n = hrt_nr_cpus(), status[HVM_MAX_CPUS];
	size_t stride = (BARRIER_FRESH_PAGES + 4) * 4096;
	long results[HVM_MAX_CPUS];
	/* No MAP_POPULATE and never touched here: every stack page faults on the HRT. */
	char *stacks = mmap(NULL, stride * (size_t)n, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(stacks != MAP_FAILED, "mmap of the stacks: %s", strerror(errno));
	call_all_bounded(fresh_stack_barrier, n, stacks + stride * (size_t)n, stride, status,
			 results);
	for (int i = 0; i < n; i++) {
		CHECK(status[i] == 0, "HRT CPU %d: status %d (%s)", i, status[i],
		      strerror(-status[i]));
		CHECK(results[i] == BARRIER_FRESH_PAGES, "HRT CPU %d touched %ld pages", i,
		      results[i]);
		printf("HRT CPU %d faulted in %d fresh stack pages and passed the barrier\n", i,
		       BARRIER_FRESH_PAGES);
	}
	printf("ok\n");
	return 0;
}

static int forwarding_stopped;
/* Served all at once, no CPU's count of calls is below this fraction of another's. */
#define FAIR_SHARE_MIN 10

/* The raw system call, no errno: every CPU runs this with the same TLS. */
static long raw_getuid(void)
{
	long r;

	__asm__ volatile("syscall" : "=a"(r) : "a"((long)SYS_getuid) : "rcx", "r11", "memory");
	return r;
}

/* On every HRT CPU: forwarded system calls until told to stop; how many (or -1). */
static long forward_until_stopped(long unused)
{
	long calls = 0;

	(void)unused;
	while (!__atomic_load_n(&forwarding_stopped, __ATOMIC_ACQUIRE)) {
		if (raw_getuid() != -ENOSYS)
			return -1;
		calls++;
	}
	return calls;
}

static void *stop_forwarding_later(void *seconds)
{
	sleep((unsigned int)(long)seconds);
	__atomic_store_n(&forwarding_stopped, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int cmd_fwdloop(long seconds)
{
	int n = hrt_nr_cpus(), status[HVM_MAX_CPUS];
	long results[HVM_MAX_CPUS], most = 0, fewest = LONG_MAX;
	char *stacks = (char *)new_stack((size_t)STACK_SIZE * n);
	pthread_t stopper;

	if (seconds > 0)
		CHECK(!pthread_create(&stopper, NULL, stop_forwarding_later, (void *)seconds),
		      "pthread_create");
	printf("forwarding system calls from every HRT CPU\n");
	call_all_bounded(forward_until_stopped, 0, stacks, STACK_SIZE, status, results);
	for (int i = 0; i < n; i++) {
		CHECK(status[i] == 0, "HRT CPU %d: status %d (%s)", i, status[i],
		      strerror(-status[i]));
		CHECK(results[i] > 0, "HRT CPU %d: result %ld, expected a count of -ENOSYS answers",
		      i, results[i]);
		printf("HRT CPU %d: %ld forwarded system calls, each answered -ENOSYS\n", i,
		       results[i]);
		most = results[i] > most ? results[i] : most;
		fewest = results[i] < fewest ? results[i] : fewest;
	}
	/* Linux serves all CPUs in turn: none waits for another's call to end. */
	CHECK(fewest * FAIR_SHARE_MIN >= most,
	      "one HRT CPU's calls were served %ld times, another's %ld: not all at once", fewest,
	      most);
	printf("every HRT CPU's calls were served while the others ran\n");
	printf("ok\n");
	return 0;
}

static volatile int never;

static long spin_forever(long arg)
{
	while (!never)
		__asm__ volatile("pause");
	return arg;
}

static int cmd_spin(void)
{
	long r;
	int err;

	printf("spinning on HRT CPU 0\n");
	fflush(stdout);
	err = hrt_call(0, spin_forever, 1, new_stack(STACK_SIZE), &r);
	printf("the spinning call ended: %d\n", err);
	return 1;
}

/* The descriptor of /dev/hvm this process has open (the runtime's), or -1. */
static int hvm_descriptor(void)
{
	char path[64], target[64];

	for (int fd = 3; fd < 1024; fd++) {
		ssize_t n;

		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n = readlink(path, target, sizeof(target) - 1);
		if (n > 0 && (target[n] = 0, !strcmp(target, HVM_DEVICE_PATH)))
			return fd;
	}
	return -1;
}

/* HVM_IOC_MERGE on descriptor fd, in words: "refused (why)" or the space it answered. */
static const char *merge_on(int fd)
{
	static char answer[96];
	struct hvm_merge_request req;

	memset(&req, 0, sizeof(req));
	req.magic = HVM_ABI_MAGIC;
	req.revision = HVM_ABI_REVISION;
	if (ioctl(fd, HVM_IOC_MERGE, &req))
		snprintf(answer, sizeof(answer), "refused (%s)", strerror(errno));
	else
		snprintf(answer, sizeof(answer), "answered space %u", req.space);
	return answer;
}

static int cmd_fork_keep(void)
{
	pid_t parent = getpid();
	int fd = hvm_descriptor(), ready[2];
	long r = 0, pid;
	char c;

	CHECK(fd >= 0, "no /dev/hvm descriptor after hrt_merge");
	CHECK(!hrt_call(0, times_three_plus_one, 1, new_stack(STACK_SIZE), &r) && r == 4,
	      "a call before the fork");
	CHECK(!pipe(ready), "pipe: %s", strerror(errno));
	pid = syscall(SYS_fork);
	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		printf("child: MERGE on the inherited descriptor: %s\n", merge_on(fd));
		write(ready[1], "x", 1);
		for (int i = 0; i < 1000 && getppid() == parent; i++)
			usleep(10000);
		printf("child, parent gone: MERGE on it: %s\n", merge_on(fd));
		sleep(60);
		_exit(0);
	}
	CHECK(read(ready[0], &c, 1) == 1, "the child did not answer");
	printf("parent exits; child %ld keeps the descriptor\n", pid);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(void);
	} cmds[] = {
		{"basic", cmd_basic},	  {"all", cmd_all},	    {"memory", cmd_memory},
		{"fault", cmd_fault},	  {"threads", cmd_threads}, {"syscalls", cmd_syscalls},
		{"barrier", cmd_barrier}, {"spin", cmd_spin},	    {"fork-keep", cmd_fork_keep},
	};

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "fwdloop")) {
		merge();
		return cmd_fwdloop(strtol(argv[2], NULL, 10));
	}
	for (size_t i = 0; argc == 2 && i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		merge();
		return cmds[i].run();
	}
	fprintf(stderr,
		"usage: hvm-call-test basic|all|memory|fault|threads|syscalls|barrier|fwdloop S|spin|fork-keep\n");
	return 2;
}
