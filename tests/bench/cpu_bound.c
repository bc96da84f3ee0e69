/*
 * cpu_bound [N]: a CPU-bound program with almost no system calls: the
 * spectral norm of the infinite matrix A(i,j) = 1/((i+j)(i+j+1)/2 + i + 1)
 * truncated to N x N (the Benchmarks Game kernel, plain scalar C), ten
 * power iterations. Prints the norm on stdout (a checksum: the same for
 * the same N) and the wall time of the computation on stderr.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double eval_a(int i, int j)
{
	return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1);
}

static void mul_av(int n, const double *v, double *av)
{
	for (int i = 0; i < n; i++) {
		double s = 0;

		for (int j = 0; j < n; j++)
			s += eval_a(i, j) * v[j];
		av[i] = s;
	}
}

static void mul_atv(int n, const double *v, double *atv)
{
	for (int i = 0; i < n; i++) {
		double s = 0;

		for (int j = 0; j < n; j++)
			s += eval_a(j, i) * v[j];
		atv[i] = s;
	}
}

/* atav = A^T A v, through tmp. */
static void mul_atav(int n, const double *v, double *atav, double *tmp)
{
	mul_av(n, v, tmp);
	mul_atv(n, tmp, atav);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1500;
	double *u, *v, *tmp, vbv = 0, vv = 0, ms, start = now_ms();

	u = malloc((size_t)n * sizeof(double));
	v = malloc((size_t)n * sizeof(double));
	tmp = malloc((size_t)n * sizeof(double));
	if (n < 1 || !u || !v || !tmp) {
		fprintf(stderr, "usage: cpu_bound [N >= 1]\n");
		return 2;
	}
	for (int i = 0; i < n; i++)
		u[i] = 1;
	for (int i = 0; i < 10; i++) {
		mul_atav(n, u, v, tmp);
		mul_atav(n, v, u, tmp);
	}
	for (int i = 0; i < n; i++) {
		vbv += u[i] * v[i];
		vv += v[i] * v[i];
	}
	ms = now_ms() - start;
	printf("checksum %.9f\n", sqrt(vbv / vv));
	fprintf(stderr, "result cpu_bound %.0f ms\n", ms);
	fprintf(stderr, "spectral norm of a %dx%d matrix: %.9f in %.0f ms\n", n, n, sqrt(vbv / vv),
		ms);
	return 0;
}
