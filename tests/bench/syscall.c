/*
 * syscall [BATCHES [PER_BATCH]]: the cost of a cheap system call, made the
 * way an ordinary program makes it: getppid (syscall(SYS_getppid)) and a
 * 1-byte write to /dev/null. Each is timed in BATCHES batches of PER_BATCH
 * calls (CLOCK_MONOTONIC around a batch); the result is the median over
 * the batches of the time per call. Hybridized, every call is forwarded
 * from the HRT to Linux and back.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

static long call_getppid(int fd)
{
	(void)fd;
	return syscall(SYS_getppid);
}

static long call_write(int fd)
{
	return write(fd, "x", 1);
}

/* Median over the batches of ns per call of fn; exits if a call fails. */
static double time_calls(long (*fn)(int), int fd, int batches, int per_batch, double *v)
{
	for (int b = 0; b < batches; b++) {
		double t0 = now_ns();

		for (int i = 0; i < per_batch; i++) {
			if (fn(fd) < 0) {
				perror("syscall: call failed");
				exit(1);
			}
		}
		v[b] = (now_ns() - t0) / per_batch;
	}
	return median(v, batches);
}

int main(int argc, char **argv)
{
	int batches = argc > 1 ? atoi(argv[1]) : 41;
	int per_batch = argc > 2 ? atoi(argv[2]) : 200;
	int fd = open("/dev/null", O_WRONLY);
	double *v, getppid_ns, write_ns;

	if (batches < 1 || per_batch < 1 || fd < 0) {
		fprintf(stderr, "usage: syscall [BATCHES [PER_BATCH]] (needs /dev/null)\n");
		return 2;
	}
	v = calloc((size_t)batches, sizeof(*v));
	time_calls(call_getppid, fd, 1, per_batch, v); /* warm up */
	getppid_ns = time_calls(call_getppid, fd, batches, per_batch, v);
	write_ns = time_calls(call_write, fd, batches, per_batch, v);
	printf("result syscall_getppid %.0f ns\n", getppid_ns);
	printf("result syscall_write_devnull %.0f ns\n", write_ns);
	printf("ns per call: getppid %.0f, 1-byte write to /dev/null %.0f (%d batches)\n",
	       getppid_ns, write_ns, batches);
	return 0;
}
