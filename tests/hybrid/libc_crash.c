/*
 * musl crashes a process on purpose when it finds its heap corrupted (here:
 * free of a pointer malloc never gave), as it does for a smashed stack: by
 * `hlt`, which Linux answers with SIGSEGV (si_code SI_KERNEL, no address).
 * With no argument the program catches it, leaves the handler with
 * siglongjmp and goes on; "free" dies of it; "ud2" dies of the SIGILL an
 * invalid instruction raises.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sigjmp_buf jump;
static volatile int caught_code;
static void *volatile caught_addr;

static void on_segv(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	caught_code = info->si_code;
	caught_addr = info->si_addr;
	siglongjmp(jump, 1);
}

/* A pointer into the middle of a real allocation: no chunk starts there. */
static void bad_free(void)
{
	static volatile size_t inside = 24; /* the compiler does not see it coming */
	char *p = malloc(64);

	memset(p, 0x5a, 64);
	free(p + inside);
}

int main(int argc, char **argv)
{
	struct sigaction sa;

	if (argc > 1 && !strcmp(argv[1], "free")) {
		printf("freeing a bad pointer, uncaught\n");
		fflush(stdout);
		bad_free();
		printf("still alive after the bad free\n");
		return 1;
	}
	if (argc > 1 && !strcmp(argv[1], "ud2")) {
		printf("an invalid instruction, uncaught\n");
		fflush(stdout);
		__builtin_trap();
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	for (int round = 0; round < 3; round++) {
		if (sigsetjmp(jump, 1) == 0) {
			bad_free();
			printf("round %d: the bad free returned\n", round);
			continue;
		}
		printf("round %d: SIGSEGV, si_code %s, si_addr %s\n", round,
		       caught_code == SI_KERNEL ? "SI_KERNEL" : "another",
		       caught_addr ? "set" : "null");
	}
	printf("malloc still works: %s\n", malloc(100) ? "yes" : "no");
	return 0;
}
