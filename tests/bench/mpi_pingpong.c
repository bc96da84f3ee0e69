// SPDX-License-Identifier: MIT
/*
 * mpi_pingpong [ITERS]: MPI point-to-point and collective timings between
 * two ranks, in the manner of the OSU micro-benchmarks (written anew):
 *
 *   latency    ranks 0 and 1 bounce a message of each small size back and
 *              forth ITERS times (default 1000) after ITERS / 10 warm-up
 *              rounds; half the mean round trip, in microseconds
 *   bandwidth  rank 0 sends WINDOW messages of each size with MPI_Isend,
 *              rank 1 receives them with MPI_Irecv and acknowledges the
 *              window with one small message; ITERS / 10 windows (at least
 *              4); megabytes (10^6 bytes) per second
 *   allreduce  every rank sums 1 and 1024 doubles, ITERS times; mean
 *              microseconds per call
 *
 * Rank 0 prints one line a measurement, "KIND SIZE: VALUE UNIT", which
 * tests/bench/mpi-bench reads; the data are checked (a wrong byte or sum
 * makes the run exit 1).
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW 16
#define MAX_SIZE (1024 * 1024)

static int rank, size, bad;

static void latency(int iters, int bytes, unsigned char *buf)
{
	int warmup = iters / 10;
	double start = 0;

	MPI_Barrier(MPI_COMM_WORLD);
	for (int i = 0; i < warmup + iters; i++) {
		if (i == warmup)
			start = MPI_Wtime();
		if (rank == 0) {
			buf[0] = (unsigned char)i;
			MPI_Send(buf, bytes, MPI_BYTE, 1, 1, MPI_COMM_WORLD);
			MPI_Recv(buf, bytes, MPI_BYTE, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
			if (bytes && buf[0] != (unsigned char)(i + 1))
				bad = 1;
		} else if (rank == 1) {
			MPI_Recv(buf, bytes, MPI_BYTE, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
			if (bytes)
				buf[0]++;
			MPI_Send(buf, bytes, MPI_BYTE, 0, 1, MPI_COMM_WORLD);
		}
	}
	if (rank == 0)
		printf("latency %d: %.2f us\n", bytes, (MPI_Wtime() - start) * 1e6 / iters / 2);
}

static void bandwidth(int windows, int bytes, unsigned char *buf)
{
	MPI_Request reqs[WINDOW];
	MPI_Status st[WINDOW];
	double start = 0;
	char ack = 0;

	MPI_Barrier(MPI_COMM_WORLD);
	for (int w = 0; w < windows + 1; w++) {
		if (w == 1) /* the first window warms up */
			start = MPI_Wtime();
		if (rank == 0) {
			for (int i = 0; i < WINDOW; i++)
				MPI_Isend(buf, bytes, MPI_BYTE, 1, 2, MPI_COMM_WORLD, &reqs[i]);
			MPI_Waitall(WINDOW, reqs, st);
			MPI_Recv(&ack, 1, MPI_CHAR, 1, 3, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
		} else if (rank == 1) {
			for (int i = 0; i < WINDOW; i++)
				MPI_Irecv(buf, bytes, MPI_BYTE, 0, 2, MPI_COMM_WORLD, &reqs[i]);
			MPI_Waitall(WINDOW, reqs, st);
			if (buf[bytes - 1] != (unsigned char)(bytes * 7))
				bad = 1;
			MPI_Send(&ack, 1, MPI_CHAR, 0, 3, MPI_COMM_WORLD);
		}
	}
	if (rank == 0)
		printf("bandwidth %d: %.2f MB/s\n", bytes,
		       (double)bytes * WINDOW * windows / (MPI_Wtime() - start) / 1e6);
}

static void allreduce(int iters, int count)
{
	double *in = malloc(sizeof(double) * count), *out = malloc(sizeof(double) * count);
	double start = 0;

	for (int i = 0; i < count; i++)
		in[i] = i + rank;
	MPI_Barrier(MPI_COMM_WORLD);
	for (int i = 0; i < iters + iters / 10; i++) {
		if (i == iters / 10)
			start = MPI_Wtime();
		MPI_Allreduce(in, out, count, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
	}
	if (rank == 0)
		printf("allreduce %d: %.2f us\n", count * (int)sizeof(double),
		       (MPI_Wtime() - start) * 1e6 / iters);
	if (out[count - 1] != (double)(count - 1) * size + (double)size * (size - 1) / 2)
		bad = 1;
	free(in);
	free(out);
}

int main(int argc, char **argv)
{
	static const int small[] = {0, 8, 64, 512, 4096};
	static const int large[] = {4096, 65536, 262144, MAX_SIZE};
	int iters = argc > 1 ? atoi(argv[1]) : 1000, windows, all_bad;
	unsigned char *buf = malloc(MAX_SIZE);

	MPI_Init(&argc, &argv);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	if (size < 2 || iters < 1) {
		if (rank == 0)
			fprintf(stderr, "usage: mpiexec -n 2 mpi_pingpong [ITERS]\n");
		MPI_Finalize();
		return 2;
	}
	windows = iters / 10 < 4 ? 4 : iters / 10;
	if (rank == 0)
		printf("ranks %d, iterations %d, window %d\n", size, iters, WINDOW);
	for (unsigned int i = 0; i < sizeof(small) / sizeof(small[0]); i++)
		latency(iters, small[i], buf);
	for (unsigned int i = 0; i < sizeof(large) / sizeof(large[0]); i++) {
		memset(buf, 0, MAX_SIZE);
		if (rank == 0)
			buf[large[i] - 1] = (unsigned char)(large[i] * 7);
		bandwidth(windows, large[i], buf);
	}
	allreduce(iters, 1);
	allreduce(iters, 1024);
	MPI_Allreduce(&bad, &all_bad, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
	if (rank == 0 && all_bad)
		printf("DATA WRONG\n");
	MPI_Finalize();
	return all_bad;
}
