/*
 * Forwarded calls at volume (the soak/fwd_soak case): THREADS threads each
 * write RECORDS unique records with pwrite() into one file, record r of
 * thread t at offset (t * RECORDS + r) * RECORD_SIZE; then the file is read
 * back and every record must be there exactly once, intact (each write
 * is one forwarded pwrite64: the profile counts them). Prints the
 * number of records written and found, and exits 0 only when all are.
 *
 *   fwd_soak FILE [THREADS [RECORDS]]   (default 16 threads x 62500 records)
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RECORD_SIZE 32

static int fd, nr_threads = 16;
static long nr_records = 62500;
static long written[256];

/* Record r of thread t: its own numbers, so a record in the wrong place shows. */
static void fill(char *rec, int t, long r)
{
	memset(rec, 0, RECORD_SIZE);
	snprintf(rec, RECORD_SIZE, "t%03u r%08lu ok", (unsigned)t % 1000u,
		 (unsigned long)r % 100000000ul);
}

static void *writer(void *arg)
{
	int t = (int)(long)arg;
	char rec[RECORD_SIZE];

	for (long r = 0; r < nr_records; r++) {
		fill(rec, t, r);
		if (pwrite(fd, rec, RECORD_SIZE, (off_t)(t * nr_records + r) * RECORD_SIZE) ==
		    RECORD_SIZE)
			written[t]++;
	}
	return NULL;
}

/* Read the file back (in big reads): records found intact at their own place. */
static long verify(void)
{
	size_t size = (size_t)nr_threads * nr_records * RECORD_SIZE, got = 0;
	char want[RECORD_SIZE], *file = malloc(size);
	long found = 0;

	if (!file)
		return 0;
	while (got < size) {
		ssize_t n = pread(fd, file + got, size - got > (1 << 20) ? 1 << 20 : size - got,
				  (off_t)got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	for (int t = 0; t < nr_threads && got == size; t++)
		for (long r = 0; r < nr_records; r++) {
			fill(want, t, r);
			found += !memcmp(want, file + (t * nr_records + r) * RECORD_SIZE,
					 RECORD_SIZE);
		}
	free(file);
	return found;
}

int main(int argc, char **argv)
{
	pthread_t threads[256];
	long total = 0, found;

	if (argc < 2) {
		fprintf(stderr, "usage: fwd_soak FILE [THREADS [RECORDS]]\n");
		return 2;
	}
	if (argc > 2)
		nr_threads = atoi(argv[2]);
	if (argc > 3)
		nr_records = atol(argv[3]);
	if (nr_threads < 1 || nr_threads > 256 || nr_records < 1) {
		fprintf(stderr, "fwd_soak: 1 to 256 threads and at least one record\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	for (long t = 0; t < nr_threads; t++)
		pthread_create(&threads[t], NULL, writer, (void *)t);
	for (int t = 0; t < nr_threads; t++) {
		pthread_join(threads[t], NULL);
		total += written[t];
	}
	found = verify();
	printf("records written: %ld of %ld, found intact: %ld\n", total, nr_threads * nr_records,
	       found);
	close(fd);
	return total == nr_threads * nr_records && found == total ? 0 : 1;
}
