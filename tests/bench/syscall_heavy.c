/*
 * syscall_heavy [ROUNDS]: a program whose time goes into small system
 * calls, like a logger or a record-at-a-time file tool. Each round writes
 * 16 records of 64 bytes to a file in the current directory, seeks back,
 * reads the file in 128-byte reads, fstats it, closes it, stats it by
 * name, and passes a 32-byte message through a pipe: 32 system calls. Prints
 * a checksum of everything read (the same for the same ROUNDS) and the
 * wall time of the rounds.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RECORDS 16
#define RECORD 64
#define CALLS_PER_ROUND 32

static const char path[] = "syscall_heavy.dat";

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static unsigned long sum_bytes(const unsigned char *p, long n)
{
	unsigned long s = 0;

	for (long i = 0; i < n; i++)
		s = s * 31 + p[i];
	return s;
}

/* One round; returns its contribution to the checksum, or 0 on a failure. */
static unsigned long one_round(int round, const int pipe_fd[2])
{
	unsigned char rec[RECORD], buf[128];
	unsigned long sum = 0;
	struct stat st;
	long n;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0)
		return 0;
	for (int k = 0; k < RECORDS; k++) {
		memset(rec, 'a' + (round + k) % 26, sizeof(rec));
		if (write(fd, rec, sizeof(rec)) != sizeof(rec))
			goto out_close;
	}
	lseek(fd, 0, SEEK_SET);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sum += sum_bytes(buf, n);
	if (fstat(fd, &st) == 0)
		sum += (unsigned long)st.st_size;
out_close:
	close(fd);
	if (stat(path, &st) == 0)
		sum += (unsigned long)st.st_size;
	if (write(pipe_fd[1], rec, 32) == 32 && read(pipe_fd[0], buf, 32) == 32)
		sum += sum_bytes(buf, 32);
	return sum;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 2000;
	unsigned long sum = 0;
	int pipe_fd[2];
	double ms, start;

	if (rounds < 1 || pipe(pipe_fd)) {
		fprintf(stderr, "usage: syscall_heavy [ROUNDS >= 1] (in a writable directory)\n");
		return 2;
	}
	start = now_ms();
	for (int r = 0; r < rounds; r++)
		sum += one_round(r, pipe_fd);
	ms = now_ms() - start;
	unlink(path);
	printf("checksum %lu\n", sum);
	printf("result syscall_heavy %.0f ms\n", ms);
	printf("%d rounds of %d small system calls (file and pipe I/O, stat): %.0f ms\n", rounds,
	       CALLS_PER_ROUND, ms);
	return 0;
}
