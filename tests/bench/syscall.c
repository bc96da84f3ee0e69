/*
 * syscall [BATCHES [PER_BATCH [CALL...]]]: the cost of cheap system calls,
 * each made with syscall() so no libc or vDSO shortcut stands in between.
 * Each CALL (default: getppid write) is timed in BATCHES batches of
 * PER_BATCH calls with the TSC (no system call of its own inside the
 * timing); the result is the median over the batches of ns per call:
 *
 *   result syscall_NAME NS ns      the cost of one call
 *   calls NAME COUNT               how many calls of NAME were made, warm-up
 *                                  included (scripts compare the profile, HVM_PROFILE=1)
 *
 * calls.c has a small invocation for every call hvm-kernel serves natively
 * or may soon: the porting benchmark measures each one the kernel's native
 * table names (syscall --native-calls) under HVM_NATIVE=all, under
 * HVM_NATIVE=none and in the native build. A call ported to hvm-kernel with
 * no invocation there is listed as such: add one to calls.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"
#include "calls.h"
#include "native_call_names.h" /* kernel_native_calls[], from hvm-kernel's native.def */

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
			       c ? c->why_not
				 : "no invocation in tests/bench/calls.c: add one to its table");
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: syscall [BATCHES [PER_BATCH (1..%d) [CALL...]]] | syscall --native-calls\n  calls:",
		MAX_BATCH);
	call_list(stderr);
	fprintf(stderr, "\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const char *const default_calls[] = {"getppid", "write"};
	int batches = argc > 1 ? atoi(argv[1]) : 41;
	int per_batch = argc > 2 ? atoi(argv[2]) : 200;
	const char *const *names = argc > 3 ? (const char *const *)argv + 3 : default_calls;
	int nr_names = argc > 3 ? argc - 3 : 2;
	double tsc_ns;

	if (argc > 1 && !strcmp(argv[1], "--native-calls"))
		return list_native_calls();
	if (batches < 1 || per_batch < 1 || per_batch > MAX_BATCH || !call_setup())
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
