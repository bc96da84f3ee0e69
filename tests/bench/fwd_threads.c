/*
 * fwd_threads THREADS CALLS_PER_THREAD: system-call throughput. THREADS
 * threads (1..64) each make CALLS_PER_THREAD getppid calls with syscall()
 * (no libc shortcut), back to back. The threads wait at a barrier until all
 * of them exist; the time runs (TSC) from the first thread leaving the
 * barrier to the last one finishing its calls. Hybridized with
 * HVM_NATIVE=none every call is forwarded to Linux: the aggregate rate of
 * forwarded calls with threads spread over the HRT CPUs (least busy first).
 * Prints on stderr
 *
 *   fwd_threads: starting T threads x C calls    before the threads exist
 *   result fwd_threads_T R calls/s               the aggregate rate
 *
 * and on stdout a checksum, the same for the same arguments whatever the
 * build: how many calls returned the parent's pid as main saw it.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench_util.h"

#define MAX_THREADS 64

static pthread_barrier_t start_line;
static long calls_per_thread;
static long parent; /* getppid() as main saw it */

struct worker {
	pthread_t thread;
	uint64_t start, end; /* TSC: left the barrier, made its last call */
	long right; /* calls that returned parent */
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	pthread_barrier_wait(&start_line);
	w->start = tsc_now();
	for (long i = 0; i < calls_per_thread; i++)
		w->right += syscall(SYS_getppid) == parent;
	w->end = tsc_now();
	return NULL;
}

int main(int argc, char **argv)
{
	static struct worker workers[MAX_THREADS];
	int threads = argc > 2 ? atoi(argv[1]) : 0;
	uint64_t first = UINT64_MAX, last = 0;
	long right = 0;
	double tsc_ns;

	calls_per_thread = argc > 2 ? atol(argv[2]) : 0;
	if (threads < 1 || threads > MAX_THREADS || calls_per_thread < 1) {
		fprintf(stderr, "usage: fwd_threads THREADS (1..%d) CALLS_PER_THREAD (>= 1)\n",
			MAX_THREADS);
		return 2;
	}
	parent = getppid();
	tsc_ns = tsc_per_ns(50);
	fprintf(stderr, "fwd_threads: starting %d threads x %ld calls\n", threads,
		calls_per_thread);
	if (pthread_barrier_init(&start_line, NULL, (unsigned int)threads)) {
		perror("fwd_threads: barrier");
		return 1;
	}
	for (int t = 0; t < threads; t++) {
		if (pthread_create(&workers[t].thread, NULL, worker_main, &workers[t])) {
			fprintf(stderr, "fwd_threads: cannot create thread %d of %d\n", t + 1,
				threads);
			return 1;
		}
	}
	for (int t = 0; t < threads; t++) {
		pthread_join(workers[t].thread, NULL);
		first = workers[t].start < first ? workers[t].start : first;
		last = workers[t].end > last ? workers[t].end : last;
		right += workers[t].right;
	}
	printf("checksum %d threads x %ld calls: %ld returned the parent's pid\n", threads,
	       calls_per_thread, right);
	fprintf(stderr, "result fwd_threads_%d %.0f calls/s\n", threads,
		(double)threads * (double)calls_per_thread * 1e9 /
			((double)(last - first) / tsc_ns));
	return right == threads * calls_per_thread ? 0 : 1;
}
