/*
 * mmap, munmap, mprotect, mremap and brk churn, each result checked:
 * memory handed out again reads as zero, MAP_FIXED inside a mapping
 * replaces just its pages, a PROT_NONE guard page really faults, the
 * program break grows and shrinks, and buffers from mmap work in read and
 * write. Prints one line per part; addresses never (they differ).
 * "guard" touches a guard page in this very process (it dies of SIGSEGV);
 * "stats" does only what the HRT heap can serve itself, for HVM_PROFILE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096ul
#define MIB (1ul << 20)

static int failures;

static void check(int ok, const char *what, long detail)
{
	if (!ok) {
		printf("FAIL: %s (%ld)\n", what, detail);
		failures++;
	}
}

static unsigned char *map(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		printf("FAIL: mmap of %zu bytes: %s\n", len, strerror(errno));
		exit(1);
	}
	return p;
}

/* Every byte zero (small) or one byte per 512 (large). */
static int all_zero(const unsigned char *p, size_t len)
{
	size_t step = len > 4 * MIB ? 512 : 1;

	for (size_t i = 0; i < len; i += step)
		if (p[i])
			return 0;
	return !p[len - 1];
}

static const size_t sizes[] = {
	1,	    PAGE, 3 * PAGE + 5, 64 * 1024,	200 * 1024,
	300 * 1024, MIB,  2 * MIB,	2 * MIB + PAGE, 5 * MIB,
};
#define NR_SIZES (sizeof(sizes) / sizeof(sizes[0]))

/* Map, dirty, unmap, map again: the new memory reads as zero every time. */
static void churn(int rounds)
{
	unsigned char *live[NR_SIZES] = {0};

	for (int r = 0; r < rounds; r++) {
		size_t i = (size_t)(r * 7) % NR_SIZES, len = sizes[i];

		if (live[i]) {
			check(live[i][len - 1] == (unsigned char)(i + 1), "contents kept",
			      (long)len);
			munmap(live[i], len);
		}
		live[i] = map(len);
		check(all_zero(live[i], len), "fresh memory reads as zero", (long)len);
		if (len >= 2 * MIB)
			check((unsigned long)live[i] % PAGE == 0, "page aligned", (long)len);
		memset(live[i], (int)(i + 1), len);
	}
	for (size_t i = 0; i < NR_SIZES; i++)
		if (live[i])
			munmap(live[i], sizes[i]);
	printf("churn: %d rounds of %zu sizes done\n", rounds, NR_SIZES);
}

/* MAP_FIXED over pages 4..7 of a 16-page mapping: just those become fresh zero pages. */
static void fixed(void)
{
	unsigned char *p = map(16 * PAGE), *q;

	memset(p, 0xaa, 16 * PAGE);
	q = mmap(p + 4 * PAGE, 4 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	check(q == p + 4 * PAGE, "MAP_FIXED lands where asked", 0);
	check(all_zero(p + 4 * PAGE, 4 * PAGE), "MAP_FIXED pages read as zero", 0);
	check(p[4 * PAGE - 1] == 0xaa && p[8 * PAGE] == 0xaa && p[16 * PAGE - 1] == 0xaa,
	      "pages around MAP_FIXED kept", 0);
	q = mmap(p + 8 * PAGE, PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	check(q == MAP_FAILED && errno == EEXIST, "MAP_FIXED_NOREPLACE over a mapping: EEXIST",
	      (long)errno);
	munmap(p + 8 * PAGE, 8 * PAGE);
	q = mmap(p + 8 * PAGE, 2 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	check(q == p + 8 * PAGE, "MAP_FIXED_NOREPLACE over unmapped pages", (long)errno);
	check(all_zero(q, 2 * PAGE), "and they read as zero", 0);
	check(mprotect(p + 12 * PAGE, PAGE, PROT_READ) == -1 && errno == ENOMEM,
	      "mprotect of unmapped pages: ENOMEM", (long)errno);
	munmap(p, 10 * PAGE);
	printf("fixed: MAP_FIXED and MAP_FIXED_NOREPLACE inside a mapping behave\n");
}

/* A PROT_NONE page between two writable ones faults (in a child: it dies of SIGSEGV). */
static void guard(void)
{
	unsigned char *p = map(3 * PAGE);
	int status;
	pid_t pid;

	memset(p, 1, 3 * PAGE);
	check(mprotect(p + PAGE, PAGE, PROT_NONE) == 0, "mprotect PROT_NONE", (long)errno);
	check(mprotect(p, PAGE, PROT_READ | PROT_WRITE) == 0,
	      "mprotect read-write of read-write pages", 0);
	p[0] = 2;
	p[2 * PAGE] = 3;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		*(volatile unsigned char *)(p + PAGE) = 4;
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("guard: child touching the guard page %s\n",
	       WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "was not stopped");
	check(mprotect(p + PAGE, PAGE, PROT_READ | PROT_WRITE) == 0, "mprotect back to read-write",
	      0);
	p[PAGE] = 5;
	check(p[0] == 2 && p[PAGE] == 5 && p[2 * PAGE] == 3, "contents across mprotect", 0);
	munmap(p, 3 * PAGE);
	p = map(3 * PAGE);
	check(all_zero(p, 3 * PAGE), "pages once protected read as zero when mapped again", 0);
	munmap(p, 3 * PAGE);
}

static long brk_to(unsigned long addr)
{
	return syscall(SYS_brk, addr);
}

/* Grow the break, fill it, shrink it, grow it again: the new part reads as zero. */
static void program_break(void)
{
	unsigned long start = (unsigned long)brk_to(0), top = start + 5 * PAGE + 100;
	unsigned char *p = (unsigned char *)start;

	check((unsigned long)brk_to(top) == top, "brk grows", 0);
	memset(p, 0x5a, top - start);
	check((unsigned long)brk_to(start + PAGE) == start + PAGE, "brk shrinks", 0);
	check((unsigned long)brk_to(0) == start + PAGE, "brk(0) is the break", 0);
	check((unsigned long)brk_to(top) == top, "brk grows again", 0);
	check(p[0] == 0x5a && p[PAGE - 1] == 0x5a, "memory below the break kept", 0);
	check(all_zero((unsigned char *)((start + 2 * PAGE - 1) & ~(PAGE - 1)),
		       top - ((start + 2 * PAGE - 1) & ~(PAGE - 1))),
	      "memory regained reads as zero", 0);
	check((unsigned long)brk_to(start) == start, "brk back to the start", 0);
	printf("brk: grows, shrinks and grows again\n");
}

/* mremap grows (contents kept, the new part zero) and shrinks. */
static void remap(void)
{
	size_t len = 3 * PAGE;
	unsigned char *p = map(len);

	memset(p, 7, len);
	for (size_t want = 2 * len; want <= 3 * MIB; want *= 4) {
		p = mremap(p, len, want, MREMAP_MAYMOVE);
		check(p != MAP_FAILED, "mremap grows", (long)want);
		check(p[0] == 7 && p[len - 1] == 7, "mremap keeps contents", (long)want);
		check(all_zero(p + len, want - len), "mremap's new part reads as zero", (long)want);
		memset(p, 7, want);
		len = want;
	}
	p = mremap(p, len, PAGE, 0);
	check(p != MAP_FAILED && p[PAGE - 1] == 7, "mremap shrinks in place", 0);
	munmap(p, PAGE);
	printf("mremap: grows and shrinks\n");
}

/* Buffers from mmap handed to read and write, through a file in this directory. */
static void io(void)
{
	size_t len = 3 * MIB + 123;
	unsigned char *out = map(len), *in = map(len);
	int fd = open("mem_calls.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	size_t done = 0;

	for (size_t i = 0; i < len; i++)
		out[i] = (unsigned char)(i * 31 + 7);
	check(fd >= 0 && write(fd, out, len) == (ssize_t)len, "write from mmap memory",
	      (long)errno);
	lseek(fd, 0, SEEK_SET);
	while (done < len) {
		ssize_t n = read(fd, in + done, len - done);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	check(done == len && !memcmp(in, out, len), "read into mmap memory", (long)done);
	close(fd);
	unlink("mem_calls.tmp");
	munmap(out, len);
	munmap(in, len);
	printf("io: %zu bytes written from and read into mapped buffers\n", len);
}

/* Beyond any heap: a mapping larger than the default HRT heap works too. */
static void huge(void)
{
	size_t len = 6ul << 30;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	check(p != MAP_FAILED, "6 GiB NORESERVE mapping", (long)errno);
	if (p == MAP_FAILED)
		return;
	p[0] = 1;
	p[len - 1] = 2;
	check(p[0] == 1 && p[len - 1] == 2 && p[len / 2] == 0, "6 GiB mapping usable", 0);
	munmap(p, len);
	printf("huge: a 6 GiB mapping works\n");
}

static void *thread_churn(void *arg)
{
	long id = (long)arg;

	for (int r = 0; r < 60; r++) {
		size_t len = sizes[(size_t)(r + id) % NR_SIZES];
		unsigned char *p = map(len);

		check(all_zero(p, len), "fresh memory reads as zero in a thread", (long)len);
		memset(p, (int)id + 1, len);
		check(p[len / 2] == id + 1, "thread's memory its own", (long)len);
		munmap(p, len);
	}
	return NULL;
}

static void threads(void)
{
	pthread_t t[4];

	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, thread_churn, (void *)i);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("threads: 4 threads mapped and unmapped at once\n");
}

/* Only what the heap serves itself: mmap, munmap, mremap in place, mprotect read-write, brk. */
static void servable(void)
{
	unsigned long start = (unsigned long)brk_to(0);
	unsigned long sum = 0;

	for (int r = 0; r < 100; r++) {
		size_t len = sizes[(size_t)r % NR_SIZES] & ~(PAGE - 1);
		unsigned char *p;

		len = len ? len : PAGE;
		p = map(len);
		memset(p, r, len);
		mprotect(p, len, PROT_READ | PROT_WRITE);
		sum += p[len - 1];
		p = mremap(p, len, len / 2 > PAGE ? len / 2 : len, 0);
		munmap(p, len / 2 > PAGE ? len / 2 : len);
		brk_to(start + (size_t)(r % 5) * PAGE);
	}
	brk_to(start);
	printf("stats: checksum %lu\n", sum);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "guard")) {
		unsigned char *p = map(2 * PAGE);

		mprotect(p + PAGE, PAGE, PROT_NONE);
		printf("touching a guard page\n");
		fflush(stdout);
		p[PAGE] = 1;
		printf("the guard page did not fault\n");
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "stats")) {
		servable();
		return 0;
	}
	churn(400);
	fixed();
	guard();
	program_break();
	remap();
	io();
	huge();
	threads();
	printf("%s\n", failures ? "some checks failed" : "all checks passed");
	return failures ? 1 : 0;
}
