/*
 * nbody [STEPS]: a CPU-bound program with almost no system calls: the
 * Sun and the four gas giants integrated with a plain symplectic Euler
 * step of 0.01 days for STEPS steps (the n-body problem of the Computer
 * Language Benchmarks Game). Prints the system's energy before and after
 * on stdout (the same for the same STEPS) and the wall time of the
 * integration on stderr ("result nbody MS ms").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_util.h"

#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24
#define BODIES 5

struct body {
	double x[3], v[3], mass;
};

/* Positions in AU, velocities in AU per year, masses in solar masses (x 4 pi^2). */
static struct body bodies[BODIES] = {
	{{0, 0, 0}, {0, 0, 0}, SOLAR_MASS},
	{{4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01},
	 {1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
	  -6.90460016972063023e-05 * DAYS_PER_YEAR},
	 9.54791938424326609e-04 * SOLAR_MASS},
	{{8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01},
	 {-2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
	  2.30417297573763929e-05 * DAYS_PER_YEAR},
	 2.85885980666130812e-04 * SOLAR_MASS},
	{{1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01},
	 {2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
	  -2.96589568540237556e-05 * DAYS_PER_YEAR},
	 4.36624404335156298e-05 * SOLAR_MASS},
	{{1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01},
	 {2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
	  -9.51592254519715870e-05 * DAYS_PER_YEAR},
	 5.15138902046611451e-05 * SOLAR_MASS},
};

/* Give the Sun the momentum that makes the system's total zero. */
static void offset_momentum(void)
{
	for (int k = 0; k < 3; k++) {
		double p = 0;

		for (int i = 0; i < BODIES; i++)
			p += bodies[i].v[k] * bodies[i].mass;
		bodies[0].v[k] = -p / SOLAR_MASS;
	}
}

static double energy(void)
{
	double e = 0;

	for (int i = 0; i < BODIES; i++) {
		const struct body *b = &bodies[i];

		e += 0.5 * b->mass * (b->v[0] * b->v[0] + b->v[1] * b->v[1] + b->v[2] * b->v[2]);
		for (int j = i + 1; j < BODIES; j++) {
			double d[3], r2 = 0;

			for (int k = 0; k < 3; k++) {
				d[k] = b->x[k] - bodies[j].x[k];
				r2 += d[k] * d[k];
			}
			e -= b->mass * bodies[j].mass / sqrt(r2);
		}
	}
	return e;
}

/* One step of @dt: velocities from the pairwise forces, then positions. */
static void advance(double dt)
{
	for (int i = 0; i < BODIES; i++) {
		struct body *a = &bodies[i];

		for (int j = i + 1; j < BODIES; j++) {
			struct body *b = &bodies[j];
			double d[3], r2 = 0, mag;

			for (int k = 0; k < 3; k++) {
				d[k] = a->x[k] - b->x[k];
				r2 += d[k] * d[k];
			}
			mag = dt / (r2 * sqrt(r2));
			for (int k = 0; k < 3; k++) {
				a->v[k] -= d[k] * b->mass * mag;
				b->v[k] += d[k] * a->mass * mag;
			}
		}
	}
	for (int i = 0; i < BODIES; i++)
		for (int k = 0; k < 3; k++)
			bodies[i].x[k] += dt * bodies[i].v[k];
}

int main(int argc, char **argv)
{
	int steps = argc > 1 ? atoi(argv[1]) : 1000000;
	double start = now_ns();

	if (steps < 0) {
		fprintf(stderr, "usage: nbody [STEPS >= 0]\n");
		return 2;
	}
	offset_momentum();
	printf("energy before %.9f\n", energy());
	for (int s = 0; s < steps; s++)
		advance(0.01);
	printf("energy after %d steps %.9f\n", steps, energy());
	fprintf(stderr, "result nbody %.0f ms\n", (now_ns() - start) / 1e6);
	return 0;
}
