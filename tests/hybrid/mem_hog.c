/*
 * A memory hog (the oom case): allocates LIMIT MiB in 1 MiB blocks and
 * writes every page of each, so each page is really taken. In a cgroup
 * whose memory.max is below LIMIT it is stopped the way Linux stops it:
 * killed by the OOM killer (SIGKILL, 137 to a shell), or an allocation
 * fails (exit 3). Allocating all of it (exit 0) means no limit held it.
 * Prints nothing before it ends, so every way of ending has one output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (1ul << 20)

int main(int argc, char **argv)
{
	long limit_mib = argc > 1 ? atol(argv[1]) : 0;

	if (limit_mib <= 0) {
		fprintf(stderr, "usage: mem_hog LIMIT_MIB\n");
		return 2;
	}
	for (long mib = 0; mib < limit_mib; mib++) {
		char *block = malloc(BLOCK);

		if (!block) {
			printf("an allocation failed\n");
			return 3;
		}
		memset(block, 0x5a, BLOCK);
	}
	printf("allocated all %ld MiB: no limit stopped the hog\n", limit_mib);
	return 0;
}
