/*
 * A static glibc program (gcc -static) for the guest's Debian root: a
 * thread writes a file, main reads it back and checks every byte. Prints
 * one line with glibc's version; exits 1 on any mismatch or error.
 *
 *   glibc-static FILE
 */
#include <gnu/libc-version.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define BYTES 65536

static unsigned char pattern(long i)
{
	return (unsigned char)(i * 131 + 7);
}

static void *writer(void *path)
{
	FILE *f = fopen(path, "wb");
	long i;

	if (!f)
		return NULL;
	for (i = 0; i < BYTES; i++)
		fputc(pattern(i), f);
	return fclose(f) == 0 ? path : NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	void *done;
	FILE *f;
	long i;

	if (argc != 2) {
		fprintf(stderr, "usage: glibc-static FILE\n");
		return 2;
	}
	if (pthread_create(&t, NULL, writer, argv[1]) || pthread_join(t, &done) || !done) {
		perror("glibc-static: writing");
		return 1;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		perror("glibc-static: reading");
		return 1;
	}
	for (i = 0; i < BYTES; i++)
		if (fgetc(f) != pattern(i)) {
			fprintf(stderr, "glibc-static: byte %ld differs\n", i);
			return 1;
		}
	fclose(f);
	printf("glibc-static: glibc %s, %d bytes written by a thread, read back\n",
	       gnu_get_libc_version(), BYTES);
	return 0;
}
