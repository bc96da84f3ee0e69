// SPDX-License-Identifier: MIT
/*
 * hvm-remap-loop SECONDS COUNTER_FILE: built hybrid (mv-cc), so main runs
 * on the HRT. For SECONDS it loops: map a region, write every page, grow it
 * with mremap (it may move), write the new half, check the whole region and
 * unmap it; then, without any system call and with interrupts off, keep
 * incrementing a counter in COUNTER_FILE (mapped shared) for a while. Run with HVM_HEAP=0, every
 * memory call and every first touch of a page is forwarded to Linux.
 *
 * The counter is how a test sees the HRT CPU still running in this
 * process's memory after the process is gone: the file's page outlives
 * the process, so a counter that moves after the exit means an HRT CPU
 * went on using the dead process's translations.
 *
 * Prints "remapping" once the first round is done, "survived N rounds" at
 * the end; exits 3 if the region did not hold what was written, 2 if a
 * system call failed.
 */
#define _GNU_SOURCE /* mremap */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#define PAGE 4096UL
#define REGION_UNIT (64 * 1024UL)
/* The syscall-free stretch per round, in TSC cycles: about half a second at 2 GHz. */
#define COUNT_CYCLES 1000000000ULL

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t word(unsigned long round, size_t i)
{
	return 0x5eed000000000000ULL ^ ((uint64_t)round << 32) ^ i;
}

static void fill(uint64_t *w, size_t from, size_t to, unsigned long round)
{
	for (size_t i = from; i < to; i++)
		w[i] = word(round, i);
}

/* One round of remapping; 0, or the exit status for a failure. */
static int remap_round(unsigned long round)
{
	size_t len = (round % 8 + 1) * REGION_UNIT, words = 2 * len / sizeof(uint64_t);
	uint64_t *w = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (w == MAP_FAILED)
		return 2;
	fill(w, 0, len / sizeof(uint64_t), round);
	w = mremap(w, len, 2 * len, MREMAP_MAYMOVE);
	if (w == MAP_FAILED)
		return 2;
	fill(w, len / sizeof(uint64_t), words, round);
	for (size_t i = 0; i < words; i++) {
		if (w[i] != word(round, i)) {
			printf("round %lu: word %zu is %#llx, not %#llx\n", round, i,
			       (unsigned long long)w[i], (unsigned long long)word(round, i));
			return 3;
		}
	}
	return munmap(w, 2 * len) ? 2 : 0;
}

/*
 * Increment *counter for COUNT_CYCLES without any system call (not even
 * clock_gettime, which hvm-kernel forwards when its TSC is out of step) and
 * with interrupts off (main runs in ring 0): no shootdown or abort IPI can
 * stop this CPU meanwhile, only INIT can.
 */
static void count(volatile uint64_t *counter)
{
	uint64_t start = __rdtsc();

	__asm__ volatile("cli" ::: "memory");
	while (__rdtsc() - start < COUNT_CYCLES)
		for (int i = 0; i < 1000; i++)
			(*counter)++;
	__asm__ volatile("sti" ::: "memory");
}

int main(int argc, char **argv)
{
	volatile uint64_t *counter;
	unsigned long round = 0;
	double end;
	int fd, err;

	if (argc != 3) {
		fprintf(stderr, "usage: hvm-remap-loop SECONDS COUNTER_FILE\n");
		return 2;
	}
	end = now_s() + atof(argv[1]);
	fd = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, PAGE))
		return 2;
	counter = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (counter == MAP_FAILED)
		return 2;
	while (now_s() < end) {
		err = remap_round(++round);
		if (err)
			return err;
		if (round == 1) {
			printf("remapping\n");
			fflush(stdout);
		}
		count(counter);
	}
	printf("survived %lu rounds\n", round);
	return 0;
}
