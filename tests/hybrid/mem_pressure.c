/*
 * Memory limits met while the program runs: Linux's overcommit policy
 * refuses one read-write mapping bigger than RAM and swap together (in its
 * default heuristic mode) but not one with MAP_NORESERVE; after the
 * program lowers RLIMIT_DATA itself, a mapping within the limit succeeds
 * and ones past it fail, and so do malloc and brk past it; once the
 * address space is filled with PROT_NONE mappings, malloc and mmap fail,
 * and work again after they are unmapped; after it lowers RLIMIT_AS to
 * 64 MiB above the address space it has, mappings past that fail. Prints only what does not vary
 * by machine.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define MIB (1024UL * 1024UL)
#define TIB (MIB * MIB)
#define MAX_FILLERS 8192

static const char *mapped(size_t len, int prot, int flags)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);

	if (p == MAP_FAILED)
		return errno == ENOMEM ? "ENOMEM" : "another error";
	munmap(p, len);
	return "ok";
}

static const char *allocated(size_t len)
{
	void *p = malloc(len);

	free(p);
	return p ? "a pointer" : "NULL";
}

/* A number from /proc: the first one after @key in @path, or 0. */
static unsigned long long proc_number(const char *path, const char *key)
{
	unsigned long long n = 0;
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key))) {
			n = strtoull(line + strlen(key), NULL, 10);
			break;
		}
	fclose(f);
	return n;
}

static void overcommit(void)
{
	unsigned long long kib = proc_number("/proc/meminfo", "MemTotal:") +
				 proc_number("/proc/meminfo", "SwapTotal:");
	size_t len = (size_t)kib * 1024 + 256 * MIB;

	printf("overcommit mode %llu\n", proc_number("/proc/sys/vm/overcommit_memory", ""));
	printf("read-write mapping bigger than RAM and swap: %s\n",
	       mapped(len, PROT_READ | PROT_WRITE, 0));
	printf("the same with MAP_NORESERVE: %s\n",
	       mapped(len, PROT_READ | PROT_WRITE, MAP_NORESERVE));
	printf("read-write mapping of 64 MiB: %s\n", mapped(64 * MIB, PROT_READ | PROT_WRITE, 0));
}

static void *fillers[MAX_FILLERS];
static size_t filler_len[MAX_FILLERS];

/* Fill the address space with PROT_NONE mappings, 1 TiB each, then ever smaller ones. */
static size_t fill_address_space(void)
{
	size_t n = 0;

	for (size_t len = TIB; len >= 4096 && n < MAX_FILLERS; len /= 2)
		while (n < MAX_FILLERS) {
			void *p = mmap(NULL, len, PROT_NONE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

			if (p == MAP_FAILED)
				break;
			fillers[n] = p;
			filler_len[n++] = len;
		}
	return n;
}

static void address_space(void)
{
	size_t n = fill_address_space();

	printf("address space filled: %s\n", n < MAX_FILLERS ? "yes" : "no (too many mappings)");
	printf("full: malloc(1 MiB): %s\n", allocated(MIB));
	printf("full: read-write mapping of 1 MiB: %s\n", mapped(MIB, PROT_READ | PROT_WRITE, 0));
	while (n--)
		munmap(fillers[n], filler_len[n]);
	printf("emptied: malloc(1 MiB): %s\n", allocated(MIB));
	printf("emptied: read-write mapping of 1 MiB: %s\n",
	       mapped(MIB, PROT_READ | PROT_WRITE, 0));
}

static void lowered_data_limit(void)
{
	struct rlimit r;
	void *brk0 = sbrk(0);

	getrlimit(RLIMIT_DATA, &r);
	r.rlim_cur = 64 * MIB;
	printf("lower RLIMIT_DATA to 64 MiB: %s\n", setrlimit(RLIMIT_DATA, &r) ? "refused" : "ok");
	printf("data: 16 MiB read-write mapping: %s\n",
	       mapped(16 * MIB, PROT_READ | PROT_WRITE, 0));
	printf("data: 128 MiB read-write mapping: %s\n",
	       mapped(128 * MIB, PROT_READ | PROT_WRITE, 0));
	printf("data: 128 MiB PROT_NONE mapping (not data): %s\n", mapped(128 * MIB, PROT_NONE, 0));
	printf("data: malloc(128 MiB): %s\n", allocated(128 * MIB));
	printf("data: brk 128 MiB further: %s\n",
	       brk((char *)brk0 + 128 * MIB) ? "refused" : "moved");
}

static void lowered_as_limit(void)
{
	struct rlimit r;

	getrlimit(RLIMIT_AS, &r);
	r.rlim_cur = 1ULL << 46; /* finite, far above what the program has */
	printf("lower RLIMIT_AS to 64 TiB: %s\n", setrlimit(RLIMIT_AS, &r) ? "refused" : "ok");
	r.rlim_cur = proc_number("/proc/self/status", "VmSize:") * 1024 + 64 * MIB;
	printf("lower RLIMIT_AS to 64 MiB above its size: %s\n",
	       setrlimit(RLIMIT_AS, &r) ? "refused" : "ok");
	printf("as: 16 MiB read-write mapping: %s\n", mapped(16 * MIB, PROT_READ | PROT_WRITE, 0));
	printf("as: 128 MiB read-write mapping: %s\n",
	       mapped(128 * MIB, PROT_READ | PROT_WRITE, 0));
	printf("as: 128 MiB PROT_NONE mapping: %s\n", mapped(128 * MIB, PROT_NONE, 0));
	printf("as: malloc(128 MiB): %s\n", allocated(128 * MIB));
}

int main(void)
{
	/* What the program holds before the limits apply: freed, it stays with the allocator. */
	free(malloc(4 * MIB));
	overcommit();
	lowered_data_limit();
	address_space();
	lowered_as_limit();
	return 0;
}
