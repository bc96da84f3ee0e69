// SPDX-License-Identifier: MIT
/*
 * hvmctl bench-boot [N]: N cold boots (halt, then boot the image again) and
 * N warm reboots, each timed by hvm.ko from the first INIT to the last core
 * up, and by this tool around the whole request; prints min/median/max.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hvmctl.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), compare);
	printf("  %-34s %9.0f %9.0f %9.0f\n", what, v[0], v[n / 2], v[n - 1]);
}

/* One timed boot: halt first when cold; kernel and request times in us. */
static int timed_boot(int fd, int cold, double *kernel_us, double *request_us)
{
	struct hvm_boot_request req;
	struct hvm_status st;
	double t0;
	int err;

	memset(&st, 0, sizeof(st));
	if (cold && (err = mv_dev_call(fd, HVM_IOC_HALT, &st)))
		return err;
	memset(&req, 0, sizeof(req));
	req.flags = HVM_BOOT_AGAIN;
	t0 = now_us();
	err = mv_dev_call(fd, HVM_IOC_BOOT, &req);
	*request_us = now_us() - t0;
	if (err) {
		fprintf(stderr, "hvmctl: bench-boot: %s\n",
			req.error[0] ? req.error : "boot failed");
		return err;
	}
	memset(&st, 0, sizeof(st));
	err = mv_dev_call(fd, HVM_IOC_GET_STATUS, &st);
	*kernel_us = (double)st.boot_time_ns / 1e3;
	return err;
}

int cmd_bench_boot(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 20;
	double *v[4];
	int fd, err = 0;

	if (n < 1 || n > 100000) {
		fprintf(stderr, "usage: hvmctl bench-boot [N]  (1 <= N <= 100000)\n");
		return 2;
	}
	fd = hvmctl_open();
	if (fd < 0)
		return 1;
	for (int k = 0; k < 4; k++)
		v[k] = calloc((size_t)n, sizeof(double));
	for (int i = 0; i < n && !err; i++)
		err = timed_boot(fd, 1, &v[0][i], &v[1][i]);
	for (int i = 0; i < n && !err; i++)
		err = timed_boot(fd, 0, &v[2][i], &v[3][i]);
	close(fd);
	if (err)
		return hvmctl_fail("bench-boot (boot an image first with 'hvmctl boot')", err);
	printf("hvm-kernel boot times over %d runs, in microseconds:\n", n);
	printf("  %-34s %9s %9s %9s\n", "", "min", "median", "max");
	report("boot after halt (INIT to all up)", v[0], n);
	report("boot after halt (whole request)", v[1], n);
	report("warm reboot (INIT to all up)", v[2], n);
	report("warm reboot (whole request)", v[3], n);
	return 0;
}
