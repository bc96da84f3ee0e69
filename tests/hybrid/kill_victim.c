/*
 * A victim for kill -9 (the kill9_storm case): prints "ready MODE" and
 * then stays for good where MODE puts it, until it is killed:
 *   fault   touches fresh pages of a big mapping, round after round (every
 *           first touch is a page fault Linux resolves)
 *   block   reads from a pipe nobody writes
 *   futex   waits on a private futex nobody wakes
 *   mixed   one thread of each, and main waiting on a futex too
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FUTEX_WAIT_PRIVATE 128
#define MAPPING_SIZE (64ul << 20)
#define PAGE 4096ul

static volatile int never_woken;

static void *touch_fresh_pages(void *unused)
{
	volatile char *m = mmap(NULL, MAPPING_SIZE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	(void)unused;
	if (m == MAP_FAILED)
		return NULL;
	for (;;) {
		for (unsigned long at = 0; at < MAPPING_SIZE; at += PAGE)
			m[at] = 1;
		madvise((void *)m, MAPPING_SIZE, MADV_DONTNEED); /* fresh again */
	}
	return NULL;
}

static void *read_silent_pipe(void *unused)
{
	int p[2];
	char c;

	(void)unused;
	if (pipe(p) == 0)
		for (;;)
			read(p[0], &c, 1);
	return NULL;
}

static void *futex_sleep(void *unused)
{
	(void)unused;
	for (;;)
		syscall(SYS_futex, &never_woken, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *mode;
		void *(*stay)(void *);
	} modes[] = {
		{"fault", touch_fresh_pages},
		{"block", read_silent_pipe},
		{"futex", futex_sleep},
	};
	const char *mode = argc > 1 ? argv[1] : "";
	pthread_t t;

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(mode, modes[i].mode))
			continue;
		printf("ready %s\n", mode);
		fflush(stdout);
		modes[i].stay(NULL);
		return 1;
	}
	if (strcmp(mode, "mixed")) {
		fprintf(stderr, "usage: kill_victim fault|block|futex|mixed\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (pthread_create(&t, NULL, modes[i].stay, NULL))
			return 1;
	printf("ready mixed\n");
	fflush(stdout);
	futex_sleep(NULL);
	return 1;
}
