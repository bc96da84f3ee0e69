// SPDX-License-Identifier: MIT
/*
 * hvm-call-bench [N]: the cost of the ROS -> HRT channel, measured in one
 * run in one VM, as medians over N round trips:
 *   1. a synchronous call, the caller spinning on its slot
 *   2. the same call, the caller sleeping until the HRT's doorbell
 *   3. Linux -> HRT doorbell: a mailbox command to a halted HRT CPU
 *      (kick IPI, wake from hlt, answer) seen by a spinning Linux thread
 *   4. the floor: a cross-core ping-pong through shared memory between a
 *      Linux thread and a call running on the HRT (no kernel on either side)
 * and the ratios of each to the floor.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>

#include <hrt.h>

#include "../../bench/bench_util.h"

#define STACK_SIZE (64 * 1024)

static long nothing(long x)
{
	return x;
}

static double bench_call(void *stack, int n, unsigned int flags, double *v)
{
	struct hvm_call_request req;

	for (int i = 0; i < n; i++) {
		double t0;

		memset(&req, 0, sizeof(req));
		req.func = (unsigned long)nothing;
		req.stack_top = (unsigned long)stack;
		req.flags = flags;
		t0 = now_ns();
		if (hrt_call_request(&req) || req.status[0]) {
			printf("FAIL: call failed\n");
			exit(1);
		}
		v[i] = now_ns() - t0;
	}
	return median(v, n);
}

static double bench_ping(int n, double *v)
{
	struct hvm_ping ping;
	int fd = open(HVM_DEVICE_PATH, O_RDWR);

	for (int i = 0; i < n; i++) {
		memset(&ping, 0, sizeof(ping));
		ping.magic = HVM_ABI_MAGIC;
		ping.revision = HVM_ABI_REVISION;
		if (ioctl(fd, HVM_IOC_PING, &ping) || ping.result[0]) {
			printf("FAIL: ping failed\n");
			exit(1);
		}
		v[i] = (double)ping.rtt_ns[0];
	}
	return median(v, n);
}

static volatile long turn; /* odd: the HRT's move, even: Linux's */

/* Runs on the HRT: answer n odd turns with the next even one. */
static long pong(long n)
{
	for (long k = 0; k < n; k++) {
		long t;

		while (!((t = __atomic_load_n(&turn, __ATOMIC_ACQUIRE)) & 1))
			__asm__ volatile("pause");
		__atomic_store_n(&turn, t + 1, __ATOMIC_RELEASE);
	}
	return n;
}

static double bench_pingpong(void *stack, int n, double *v)
{
	unsigned long long ticket;
	long r;

	turn = 0;
	if (hrt_call_async(0, pong, n, stack, &ticket)) {
		printf("FAIL: async call failed\n");
		exit(1);
	}
	for (int i = 0; i < n; i++) {
		long t = turn;
		double t0 = now_ns();

		__atomic_store_n(&turn, t + 1, __ATOMIC_RELEASE);
		while (__atomic_load_n(&turn, __ATOMIC_ACQUIRE) != t + 2)
			__asm__ volatile("pause");
		v[i] = now_ns() - t0;
	}
	hrt_wait(ticket, &r);
	return median(v, n);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2000;
	double *v = calloc((size_t)(n > 0 ? n : 1), sizeof(double)), spin, sleep, ping, floor;
	char *stack;

	if (n < 10 || hrt_merge()) {
		printf("usage: hvm-call-bench [N >= 10]; needs hvm-kernel running (hvmctl status)\n");
		return 2;
	}
	stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	stack += STACK_SIZE;
	bench_call(stack, n / 10, 0, v); /* warm up */
	spin = bench_call(stack, n, 0, v);
	sleep = bench_call(stack, n, HVM_CALL_SLEEP, v);
	ping = bench_ping(n, v);
	floor = bench_pingpong(stack, n, v);
	printf("ROS -> HRT channel, medians over %d round trips (ns), ratio to the shared-memory floor:\n",
	       n);
	printf("  %-58s %10.0f %8.1fx\n", "synchronous call, caller spinning", spin, spin / floor);
	printf("  %-58s %10.0f %8.1fx\n",
	       "synchronous call, caller sleeping (HRT -> Linux doorbell)", sleep, sleep / floor);
	printf("  %-58s %10.0f %8.1fx\n", "Linux -> HRT doorbell: mailbox command to a halted CPU",
	       ping, ping / floor);
	printf("  %-58s %10.0f %8.1fx\n", "floor: shared-memory ping-pong, Linux <-> HRT", floor,
	       1.0);
	printf("  %-58s %10.0f\n",
	       "derived: HRT -> Linux doorbell and wake-up (sleeping - spinning)", sleep - spin);
	return 0;
}
