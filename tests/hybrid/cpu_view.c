/*
 * What a process sees of its CPUs (the hybrid_cpus case): the affinity
 * mask, the online count libc gives, the CPU each thread runs on (getcpu
 * and the libc's sched_getcpu, which asks the vDSO or rseq), and how
 * sched_setaffinity and sched_getaffinity judge their arguments. Every
 * line but the first two is the same on any machine; "cpus:" and
 * "threads on cpus:" depend on how many CPUs the process has, which the
 * case compares with what it expects (Linux's CPUs natively, the process's
 * HRT CPUs hybridized).
 *
 *   cpu_view THREADS HOLD_MS
 *
 * THREADS threads compute for HOLD_MS ms (so that hvmctl ps can see them),
 * then report where they ran. Built with musl (mv-cc and
 * native) and with glibc (gcc -static, for hvm-exec).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16

struct worker {
	pthread_t thread;
	long hold_ms;
	int cpu_syscall, cpu_libc;
};

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned int cpu = ~0u;
	long end = now_ms() + w->hold_ms;
	volatile unsigned long long x = 1;

	do /* computing, not sleeping: the threads compete for their CPUs */
		for (int i = 0; i < 100000; i++)
			x = x * 6364136223846793005ull + 1442695040888963407ull;
	while (now_ms() < end);
	syscall(SYS_getcpu, &cpu, NULL, NULL);
	w->cpu_syscall = (int)cpu;
	w->cpu_libc = sched_getcpu();
	return NULL;
}

static const char *outcome(long r)
{
	static char buf[32];

	if (r >= 0) {
		snprintf(buf, sizeof(buf), "%ld", r);
		return buf;
	}
	return errno == EINVAL ? "EINVAL" : errno == EFAULT ? "EFAULT" : strerror(errno);
}

int main(int argc, char **argv)
{
	int nr_threads = argc > 1 ? atoi(argv[1]) : 2, count, below = 1, in_range = 1;
	long hold_ms = argc > 2 ? atol(argv[2]) : 0, r;
	struct worker w[MAX_THREADS];
	cpu_set_t set, back;

	if (nr_threads < 1 || nr_threads > MAX_THREADS) {
		fprintf(stderr, "usage: cpu_view THREADS(1-%d) HOLD_MS\n", MAX_THREADS);
		return 2;
	}
	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set)) {
		perror("sched_getaffinity");
		return 1;
	}
	count = CPU_COUNT(&set);
	printf("cpus: %d\n", count);
	for (int i = 0; i < nr_threads; i++) {
		w[i].hold_ms = hold_ms;
		if (pthread_create(&w[i].thread, NULL, work, &w[i])) {
			perror("pthread_create");
			return 1;
		}
	}
	for (int i = 0; i < nr_threads; i++) {
		pthread_join(w[i].thread, NULL);
		below &= w[i].cpu_syscall >= 0 && w[i].cpu_syscall < count;
		in_range &= w[i].cpu_libc >= 0 && w[i].cpu_libc < count;
	}
	printf("threads on cpus: %d threads done\n", nr_threads);
	printf("the affinity mask is CPUs 0 to count-1: %s\n",
	       CPU_ISSET(0, &set) && CPU_ISSET(count - 1, &set) ? "yes" : "no");
	printf("sysconf(_SC_NPROCESSORS_ONLN) is the count: %s\n",
	       sysconf(_SC_NPROCESSORS_ONLN) == count ? "yes" : "no");
	printf("get_nprocs() is the count: %s\n", get_nprocs() == count ? "yes" : "no");
	printf("every thread's getcpu is one of them: %s\n", below ? "yes" : "no");
	printf("every thread's sched_getcpu is one of them: %s\n", in_range ? "yes" : "no");
	r = sched_getcpu();
	printf("main's sched_getcpu is one of them: %s\n", r >= 0 && r < count ? "yes" : "no");

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	printf("setaffinity to CPU 0: %s\n", outcome(sched_setaffinity(0, sizeof(set), &set)));
	CPU_ZERO(&back);
	r = sched_getaffinity(0, sizeof(back), &back);
	printf("getaffinity after it: %s, CPUs %d, CPU 0 %s\n", r < 0 ? outcome(r) : "0",
	       CPU_COUNT(&back), CPU_ISSET(0, &back) ? "in" : "out");
	CPU_ZERO(&set);
	CPU_SET(count + 100, &set);
	printf("setaffinity to a CPU it does not have: %s\n",
	       outcome(sched_setaffinity(0, sizeof(set), &set)));
	CPU_ZERO(&set);
	printf("setaffinity to no CPU: %s\n", outcome(sched_setaffinity(0, sizeof(set), &set)));
	printf("getaffinity into 4 bytes: %s\n",
	       outcome(syscall(SYS_sched_getaffinity, 0, 4, &set)));
	printf("getaffinity into 0 bytes: %s\n",
	       outcome(syscall(SYS_sched_getaffinity, 0, 0, &set)));
	printf("getaffinity into a bad pointer: %s\n",
	       outcome(syscall(SYS_sched_getaffinity, 0, sizeof(set), (void *)8)));
	printf("getaffinity of pid 1: %s\n",
	       syscall(SYS_sched_getaffinity, 1, sizeof(set), &set) > 0 ? "answered" : "refused");
	for (int i = 0; i < count && i < CPU_SETSIZE; i++)
		CPU_SET(i, &set);
	printf("setaffinity back to all: %s\n", outcome(sched_setaffinity(0, sizeof(set), &set)));
	return 0;
}
