// SPDX-License-Identifier: MIT
/*
 * mpi_check: an MPI program as a user builds it with Debian's mpicc (MPICH
 * or Open MPI), run natively and with every rank through hvm-exec, the
 * outputs compared (tests/vm/cases/hybrid_mpi.sh).
 *
 *   mpi_check                 point-to-point and collectives, checked; rank 0
 *                             prints one line a check, with the values it
 *                             found, nothing that depends on timing or on
 *                             who ran where; exit 0 when every check passed
 *   mpi_check abort CODE      every rank reaches a barrier, then the last
 *                             rank calls MPI_Abort(MPI_COMM_WORLD, CODE)
 *                             while the others wait for a message that
 *                             never comes: the launcher ends the job
 *   mpi_check wait DIR        every rank writes its pid to DIR/rank.N, then
 *                             all take part in an allreduce every 10 ms
 *                             until the job is killed (a rank killed with
 *                             kill -9 ends it), at most 10 minutes
 *
 * Every check is decided by all ranks together (an allreduce of each
 * rank's verdict), so rank 0's line is the job's verdict.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BIG (256 * 1024) /* bytes: past the eager limits, a rendezvous */
#define TAGS 8 /* messages to each peer in the non-blocking check */

static int rank, size, failed;

/* Every rank's verdict @ok on @what, combined; rank 0 prints the line. */
static void report(const char *what, int ok, const char *detail)
{
	int all;

	MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
	if (!all)
		failed++;
	if (rank == 0) {
		printf("%s: %s%s%s\n", what, all ? "ok" : "FAILED", detail ? ", " : "",
		       detail ? detail : "");
		fflush(stdout);
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts))
		;
}

/* The byte at @i of a buffer that rank @from sends with @tag. */
static unsigned char pattern(int from, int tag, size_t i)
{
	return (unsigned char)(from * 31 + tag * 7 + i * 13 + (i >> 10));
}

/*
 * A token goes once round the ring, each rank adding its rank + 1; then
 * every rank sends a BIG buffer to its right neighbour and receives its
 * left neighbour's in one MPI_Sendrecv.
 */
static void check_ring(void)
{
	int right = (rank + 1) % size, left = (rank + size - 1) % size;
	unsigned char *out = malloc(BIG), *in = malloc(BIG);
	long token = 0, expect = (long)size * (size + 1) / 2;
	char detail[64];
	int ok = 1;

	if (rank == 0) {
		token = 1;
		MPI_Send(&token, 1, MPI_LONG, right, 1, MPI_COMM_WORLD);
		MPI_Recv(&token, 1, MPI_LONG, left, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
		ok = token == expect;
	} else {
		MPI_Recv(&token, 1, MPI_LONG, left, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
		token += rank + 1;
		MPI_Send(&token, 1, MPI_LONG, right, 1, MPI_COMM_WORLD);
	}
	MPI_Bcast(&token, 1, MPI_LONG, 0, MPI_COMM_WORLD);
	snprintf(detail, sizeof(detail), "token %ld after one round", token);
	report("ring token", ok, detail);

	for (size_t i = 0; i < BIG; i++)
		out[i] = pattern(rank, 2, i);
	memset(in, 0, BIG);
	MPI_Sendrecv(out, BIG, MPI_BYTE, right, 2, in, BIG, MPI_BYTE, left, 2, MPI_COMM_WORLD,
		     MPI_STATUS_IGNORE);
	ok = 1;
	for (size_t i = 0; i < BIG; i++)
		ok &= in[i] == pattern(left, 2, i);
	snprintf(detail, sizeof(detail), "%d KiB from the left neighbour", BIG / 1024);
	report("ring sendrecv", ok, detail);
	free(out);
	free(in);
}

/* Rank 0 broadcasts a small array and a BIG buffer. */
static void check_bcast(void)
{
	int small[1000], ok = 1;
	unsigned char *big = malloc(BIG);
	char detail[64];
	long sum = 0;

	for (int i = 0; i < 1000; i++)
		small[i] = rank == 0 ? i * 7 + 3 : -1;
	for (size_t i = 0; i < BIG; i++)
		big[i] = rank == 0 ? pattern(0, 3, i) : 0;
	MPI_Bcast(small, 1000, MPI_INT, 0, MPI_COMM_WORLD);
	MPI_Bcast(big, BIG, MPI_BYTE, 0, MPI_COMM_WORLD);
	for (int i = 0; i < 1000; i++) {
		ok &= small[i] == i * 7 + 3;
		sum += small[i];
	}
	for (size_t i = 0; i < BIG; i++)
		ok &= big[i] == pattern(0, 3, i);
	snprintf(detail, sizeof(detail), "sum %ld and %d KiB", sum, BIG / 1024);
	report("bcast", ok, detail);
	free(big);
}

/* Sums, a maximum and a minimum, to rank 0 and to everyone. */
static void check_reduce(void)
{
	enum { N = 1024 };
	long in[N], out[N], total = 0;
	double d = rank + 0.5, dsum = 0;
	int mx, mn, ok = 1;
	char detail[96];

	for (int i = 0; i < N; i++)
		in[i] = (long)(rank + 1) * i;
	MPI_Reduce(in, out, N, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
	if (rank == 0)
		for (int i = 0; i < N; i++) {
			ok &= out[i] == (long)i * size * (size + 1) / 2;
			total += out[i];
		}
	MPI_Bcast(&total, 1, MPI_LONG, 0, MPI_COMM_WORLD);
	snprintf(detail, sizeof(detail), "sum of sums %ld", total);
	report("reduce", ok, detail);

	ok = 1;
	MPI_Allreduce(in, out, N, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
	for (int i = 0; i < N; i++)
		ok &= out[i] == (long)i * size * (size + 1) / 2;
	MPI_Allreduce(&rank, &mx, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	MPI_Allreduce(&rank, &mn, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
	MPI_Allreduce(&d, &dsum, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
	ok &= mx == size - 1 && mn == 0 && dsum == size * (double)size / 2;
	snprintf(detail, sizeof(detail), "max %d, min %d, sum %.1f", mx, mn, dsum);
	report("allreduce", ok, detail);
}

/*
 * The last rank comes to the barrier 100 ms late: nobody may leave it
 * before then. A few barriers in a row after it.
 */
static void check_barrier(void)
{
	double start, waited;
	int ok;

	MPI_Barrier(MPI_COMM_WORLD);
	start = MPI_Wtime();
	if (rank == size - 1)
		sleep_ms(100);
	MPI_Barrier(MPI_COMM_WORLD);
	waited = MPI_Wtime() - start;
	ok = waited >= 0.09 && waited < 60;
	for (int i = 0; i < 20; i++)
		MPI_Barrier(MPI_COMM_WORLD);
	report("barrier", ok, "nobody left before the last came");
}

/* Every rank sends each rank its own block; block j of rank r is r * 1000 + j. */
static void check_alltoall(void)
{
	enum { BLOCK = 512 };
	int *out = malloc(sizeof(int) * BLOCK * size), *in = malloc(sizeof(int) * BLOCK * size);
	int ok = 1;
	char detail[64];

	for (int j = 0; j < size; j++)
		for (int k = 0; k < BLOCK; k++)
			out[j * BLOCK + k] = (rank * 1000 + j) * BLOCK + k;
	MPI_Alltoall(out, BLOCK, MPI_INT, in, BLOCK, MPI_INT, MPI_COMM_WORLD);
	for (int j = 0; j < size; j++)
		for (int k = 0; k < BLOCK; k++)
			ok &= in[j * BLOCK + k] == (j * 1000 + rank) * BLOCK + k;
	snprintf(detail, sizeof(detail), "%d blocks of %d ints", size, BLOCK);
	report("alltoall", ok, detail);
	free(out);
	free(in);
}

/*
 * TAGS messages to every other rank, of sizes from 0 bytes to BIG, all
 * posted at once with MPI_Irecv and MPI_Isend (receives first on even
 * ranks, sends first on odd ones), then MPI_Waitall; every message's
 * contents, source, tag and length checked.
 */
static size_t message_size(int tag)
{
	static const size_t sizes[TAGS] = {0, 1, 8, 100, 4096, 65536, 100000, BIG};

	return sizes[tag];
}

static void check_nonblocking(void)
{
	int n = (size - 1) * TAGS, k = 0, ok = 1;
	MPI_Request *reqs = malloc(sizeof(*reqs) * 2 * n);
	MPI_Status *st = malloc(sizeof(*st) * 2 * n);
	unsigned char **out = malloc(sizeof(*out) * n), **in = malloc(sizeof(*in) * n);
	char detail[64];

	for (int peer = 0; peer < size; peer++) {
		if (peer == rank)
			continue;
		for (int tag = 0; tag < TAGS; tag++, k++) {
			out[k] = malloc(message_size(tag) + 1);
			in[k] = calloc(1, message_size(tag) + 1);
			for (size_t i = 0; i < message_size(tag); i++)
				out[k][i] = pattern(rank, tag, i);
		}
	}
	for (int pass = 0; pass < 2; pass++) {
		int recv = (pass == 0) == (rank % 2 == 0);

		k = 0;
		for (int peer = 0; peer < size; peer++) {
			if (peer == rank)
				continue;
			for (int tag = 0; tag < TAGS; tag++, k++)
				if (recv)
					MPI_Irecv(in[k], message_size(tag) + 1, MPI_BYTE, peer, tag,
						  MPI_COMM_WORLD, &reqs[k]);
				else
					MPI_Isend(out[k], message_size(tag), MPI_BYTE, peer, tag,
						  MPI_COMM_WORLD, &reqs[n + k]);
		}
	}
	MPI_Waitall(2 * n, reqs, st);
	k = 0;
	for (int peer = 0; peer < size; peer++) {
		if (peer == rank)
			continue;
		for (int tag = 0; tag < TAGS; tag++, k++) {
			int count;

			MPI_Get_count(&st[k], MPI_BYTE, &count);
			ok &= st[k].MPI_SOURCE == peer && st[k].MPI_TAG == tag &&
			      (size_t)count == message_size(tag);
			for (size_t i = 0; i < message_size(tag); i++)
				ok &= in[k][i] == pattern(peer, tag, i);
			free(in[k]);
			free(out[k]);
		}
	}
	snprintf(detail, sizeof(detail), "%d messages a rank, 0 to %d bytes", n, BIG);
	report("isend/irecv/waitall", ok, detail);
	free(reqs);
	free(st);
	free(out);
	free(in);
}

/*
 * MPI_Wtime never goes back, a 20 ms sleep takes at least 19 ms of it and
 * not a minute, and its tick is a positive fraction of a second.
 */
static void check_wtime(void)
{
	double prev = MPI_Wtime(), now, start, slept, tick = MPI_Wtick();
	int ok = 1;

	for (int i = 0; i < 10000; i++) {
		now = MPI_Wtime();
		ok &= now >= prev;
		prev = now;
	}
	start = MPI_Wtime();
	sleep_ms(20);
	slept = MPI_Wtime() - start;
	ok &= slept >= 0.019 && slept < 60 && tick > 0 && tick <= 1;
	report("wtime", ok, "monotonic, a 20 ms sleep measured as such");
}

/* Each rank's rank squared, gathered on rank 0 and then on everyone. */
static void check_gather(void)
{
	int mine = rank * rank, *all = malloc(sizeof(int) * size), ok = 1;
	long sum = 0;
	char detail[64];

	MPI_Gather(&mine, 1, MPI_INT, all, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (rank == 0)
		for (int r = 0; r < size; r++)
			ok &= all[r] == r * r;
	memset(all, 0, sizeof(int) * size);
	MPI_Allgather(&mine, 1, MPI_INT, all, 1, MPI_INT, MPI_COMM_WORLD);
	for (int r = 0; r < size; r++) {
		ok &= all[r] == r * r;
		sum += all[r];
	}
	snprintf(detail, sizeof(detail), "sum of squares %ld", sum);
	report("gather/allgather", ok, detail);
	free(all);
}

/* Everyone meets at a barrier; then the last rank aborts the job with @code. */
static int run_abort(int code)
{
	int never;

	if (rank == 0) {
		printf("abort: rank %d calls MPI_Abort with %d\n", size - 1, code);
		fflush(stdout);
	}
	MPI_Barrier(MPI_COMM_WORLD);
	if (rank == size - 1)
		MPI_Abort(MPI_COMM_WORLD, code);
	MPI_Recv(&never, 1, MPI_INT, size - 1, 99, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	return 4; /* not reached: the job was aborted */
}

/* Pids to @dir, then an allreduce every 10 ms until killed (10 minutes at most). */
static int run_wait(const char *dir)
{
	char path[4096], tmp[4120];
	FILE *f;
	int one = 1, sum;

	snprintf(path, sizeof(path), "%s/rank.%d", dir, rank);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f) || rename(tmp, path)) {
		perror(path);
		MPI_Abort(MPI_COMM_WORLD, 5);
	}
	for (int i = 0; i < 60000; i++) {
		MPI_Allreduce(&one, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
		if (sum != size)
			MPI_Abort(MPI_COMM_WORLD, 6);
		sleep_ms(10);
	}
	MPI_Finalize();
	return 3; /* nobody killed it */
}

int main(int argc, char **argv)
{
	MPI_Init(&argc, &argv);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);

	if (argc == 3 && !strcmp(argv[1], "abort"))
		return run_abort(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "wait"))
		return run_wait(argv[2]);
	if (argc != 1) {
		if (rank == 0)
			fprintf(stderr, "usage: mpi_check [abort CODE | wait DIR]\n");
		MPI_Finalize();
		return 2;
	}
	if (size < 2) {
		if (rank == 0)
			fprintf(stderr, "mpi_check: needs at least 2 ranks, has %d\n", size);
		MPI_Finalize();
		return 2;
	}
	if (rank == 0)
		printf("mpi_check: %d ranks\n", size);
	check_ring();
	check_bcast();
	check_reduce();
	check_barrier();
	check_alltoall();
	check_nonblocking();
	check_wtime();
	check_gather();
	if (rank == 0)
		printf("mpi_check: %s\n", failed ? "some checks FAILED" : "all checks passed");
	MPI_Finalize();
	return failed ? 1 : 0;
}
