/*
 * Memory limits a program starts under: with RLIMIT_DATA at 64 MiB (set,
 * then the program runs itself again so the limit holds from the start),
 * a private read-write mapping within it succeeds, one past it and a
 * malloc past it fail with ENOMEM, and brk cannot move past it; with
 * RLIMIT_AS at 256 MiB, a 512 MiB reservation fails the same way.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define MIB (1024UL * 1024UL)

static const char *mapped(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return errno == ENOMEM ? "ENOMEM" : "another error";
	munmap(p, len);
	return "ok";
}

static int limited(const char *which)
{
	if (!strcmp(which, "data")) {
		void *big = malloc(128 * MIB), *brk0 = sbrk(0);

		printf("data: 16 MiB read-write mapping: %s\n",
		       mapped(16 * MIB, PROT_READ | PROT_WRITE));
		printf("data: 128 MiB read-write mapping: %s\n",
		       mapped(128 * MIB, PROT_READ | PROT_WRITE));
		printf("data: 128 MiB PROT_NONE mapping (not data): %s\n",
		       mapped(128 * MIB, PROT_NONE));
		printf("data: malloc(128 MiB): %s\n", big ? "a pointer" : "NULL");
		printf("data: brk 128 MiB further: %s\n",
		       brk((char *)brk0 + 128 * MIB) ? "refused" : "moved");
		free(big);
		return 0;
	}
	printf("as: 64 MiB mapping: %s\n", mapped(64 * MIB, PROT_READ | PROT_WRITE));
	printf("as: 512 MiB PROT_NONE mapping: %s\n", mapped(512 * MIB, PROT_NONE));
	return 0;
}

/* Run this program again with @which limited to @bytes. */
static int rerun(const char *self, const char *which, int resource, rlim_t bytes)
{
	struct rlimit r = {bytes, bytes};

	fflush(stdout);
	if (setrlimit(resource, &r))
		return 2;
	execl(self, self, which, (char *)NULL);
	return 3;
}

int main(int argc, char **argv)
{
	pid_t pid;
	int status;

	if (argc > 1)
		return limited(argv[1]);
	pid = fork();
	if (pid == 0)
		return rerun("/proc/self/exe", "data", RLIMIT_DATA, 64 * MIB);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status)
		return 4;
	return rerun("/proc/self/exe", "as", RLIMIT_AS, 256 * MIB);
}
