// SPDX-License-Identifier: MIT
/*
 * hvm-mem-checker MIB: a plain Linux program that watches for writes to
 * memory it owns by anyone else. Until SIGTERM it maps MIB MiB of fresh
 * anonymous memory, fills every 8-byte word with a value made of the
 * word's index and the round, verifies it twice (writes by others between
 * the passes are seen), unmaps it and starts over: the pages freed by
 * other processes (a hybrid program that died) are soon reused here.
 * Prints "clean: R rounds, W words checked" and exits 0, or prints the
 * first wrong word, "CORRUPT ...", and exits 1.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t word(unsigned long round, size_t i)
{
	return 0xc4ec000000000000ULL ^ ((uint64_t)round << 36) ^ i;
}

/* Check every word of w; 0, or 1 after saying which is wrong. */
static int verify(const volatile uint64_t *w, size_t words, unsigned long round)
{
	for (size_t i = 0; i < words; i++) {
		if (w[i] != word(round, i)) {
			printf("CORRUPT: round %lu, word %zu of %zu is %#llx, not %#llx\n", round,
			       i, words, (unsigned long long)w[i],
			       (unsigned long long)word(round, i));
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t len = (size_t)(argc == 2 ? atol(argv[1]) : 32) << 20, words = len / sizeof(uint64_t);
	unsigned long round = 0;
	unsigned long long checked = 0;

	signal(SIGTERM, on_term);
	while (!stop) {
		volatile uint64_t *w =
			mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (w == MAP_FAILED) {
			perror("hvm-mem-checker: mmap");
			return 2;
		}
		round++;
		for (size_t i = 0; i < words; i++)
			w[i] = word(round, i);
		if (verify(w, words, round) || verify(w, words, round))
			return 1;
		checked += 2 * words;
		munmap((void *)w, len);
	}
	printf("clean: %lu rounds, %llu words checked\n", round, checked);
	return 0;
}
