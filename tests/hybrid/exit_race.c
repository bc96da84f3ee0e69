/*
 * main ends the process while its other threads are busy (the exit_race
 * case): one reads from a pipe nobody writes (a forwarded blocking call),
 * one waits on a private futex nobody wakes (a native wait on the HRT
 * under HVM_NATIVE=all), one computes, one maps, touches and unmaps a
 * big mapping round after round (page faults Linux resolves). Once each
 * has said it is in place, main prints one line and ends with status 7:
 * by returning from main (mode "return") or by calling exit() (mode
 * "exit").
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FUTEX_WAIT_PRIVATE 128
#define MAPPING_SIZE (64ul << 20)
#define PAGE 4096ul
#define EXIT_STATUS 7

static volatile int never_woken;
static int in_place;

static void arrived(void)
{
	__atomic_add_fetch(&in_place, 1, __ATOMIC_SEQ_CST);
}

static void *read_silent_pipe(void *unused)
{
	int p[2];
	char c;

	(void)unused;
	if (pipe(p))
		return NULL;
	arrived();
	for (;;)
		read(p[0], &c, 1);
	return NULL;
}

static void *futex_wait(void *unused)
{
	(void)unused;
	arrived();
	for (;;)
		syscall(SYS_futex, &never_woken, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	return NULL;
}

static void *compute(void *unused)
{
	volatile unsigned long x = 1;

	(void)unused;
	arrived();
	for (;;)
		x = x * 6364136223846793005ul + 1;
	return NULL;
}

/* Maps, touches and unmaps a big mapping, round after round. */
static void *touch_fresh_pages(void *unused)
{
	(void)unused;
	arrived();
	for (;;) {
		volatile char *m = mmap(NULL, MAPPING_SIZE, PROT_READ | PROT_WRITE,
					MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

		if (m == MAP_FAILED)
			return NULL;
		for (unsigned long at = 0; at < MAPPING_SIZE; at += PAGE)
			m[at] = 1;
		munmap((void *)m, MAPPING_SIZE);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static void *(*const busy[])(void *) = {read_silent_pipe, futex_wait, compute,
						touch_fresh_pages};
	const int nr_busy = sizeof(busy) / sizeof(busy[0]);
	const char *mode = argc > 1 ? argv[1] : "";
	pthread_t t;

	if (strcmp(mode, "return") && strcmp(mode, "exit")) {
		fprintf(stderr, "usage: exit_race return|exit\n");
		return 2;
	}
	for (int i = 0; i < nr_busy; i++)
		if (pthread_create(&t, NULL, busy[i], NULL)) {
			perror("exit_race: pthread_create");
			return 1;
		}
	while (__atomic_load_n(&in_place, __ATOMIC_SEQ_CST) < nr_busy)
		sched_yield();
	printf("%d threads in place: read, futex, compute, fault; main ends\n", nr_busy);
	if (!strcmp(mode, "exit"))
		exit(EXIT_STATUS);
	return EXIT_STATUS;
}
