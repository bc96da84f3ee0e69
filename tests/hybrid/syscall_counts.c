/*
 * A known number of system calls, for the system-call profile
 * (HVM_PROFILE): syscall_counts THREADS N M K [wait] runs THREADS threads
 * (1: main itself), each making exactly N getpid, M write (to /dev/null)
 * and K clock_gettime system calls through syscall(), so no libc cache or
 * vDSO hides one; it counts the calls that succeeded and prints the totals
 * with one more write, which the write total includes:
 *   made getpid 600
 *   made write 61
 *   made clock_gettime 30
 * No other getpid, write or clock_gettime is made on the way. With
 * "wait" it then reads one byte from standard input (blocks: for a live
 * look at the process). Prints the same natively and hybridized.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 16

struct counts {
	long getpid, write, clock_gettime;
};

static long n_getpid, n_write, n_clock;
static int devnull;

static void *make_calls(void *arg)
{
	struct counts *c = arg;
	struct timespec ts;

	for (long i = 0; i < n_getpid; i++)
		c->getpid += syscall(SYS_getpid) > 0;
	for (long i = 0; i < n_write; i++)
		c->write += syscall(SYS_write, devnull, "x", 1) == 1;
	for (long i = 0; i < n_clock; i++)
		c->clock_gettime += syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts) == 0;
	return NULL;
}

/* Run THREADS threads of calls (main itself for one); the totals in *sum. */
static int run(int threads, struct counts *sum)
{
	static struct counts each[MAX_THREADS];
	pthread_t t[MAX_THREADS];

	if (threads == 1) {
		make_calls(sum);
		return 0;
	}
	for (int i = 0; i < threads; i++)
		if (pthread_create(&t[i], NULL, make_calls, &each[i]))
			return -1;
	for (int i = 0; i < threads; i++) {
		pthread_join(t[i], NULL);
		sum->getpid += each[i].getpid;
		sum->write += each[i].write;
		sum->clock_gettime += each[i].clock_gettime;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct counts sum = {0};
	char report[160];
	int threads, len;
	char c;

	if (argc < 5 || (threads = atoi(argv[1])) < 1 || threads > MAX_THREADS) {
		fprintf(stderr,
			"usage: syscall_counts THREADS(1-%d) N_GETPID M_WRITE K_CLOCK_GETTIME [wait]\n",
			MAX_THREADS);
		return 2;
	}
	n_getpid = atol(argv[2]);
	n_write = atol(argv[3]);
	n_clock = atol(argv[4]);
	devnull = open("/dev/null", O_WRONLY);
	if (devnull < 0 || run(threads, &sum)) {
		perror("syscall_counts");
		return 1;
	}
	/* The report is one more write, counted in it. */
	len = snprintf(report, sizeof(report),
		       "made getpid %ld\nmade write %ld\nmade clock_gettime %ld\n", sum.getpid,
		       sum.write + 1, sum.clock_gettime);
	if (syscall(SYS_write, 1, report, len) != len)
		return 1;
	if (argc > 5 && !strcmp(argv[5], "wait"))
		return (int)read(0, &c, 1) == 1 ? 0 : 3;
	return 0;
}
