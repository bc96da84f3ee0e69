// SPDX-License-Identifier: MIT
/*
 * The program the hvm_tool case runs with scripts/hvm from the host and,
 * for comparison, on the host itself: it writes to stdout and stderr in
 * turn, says where it runs and what it was given, works on files of its
 * current directory, and ends as asked.
 *
 *   run_check exit N            exit with status N
 *   run_check crash             die of SIGSEGV
 *   run_check copy IN OUT       write IN, upper-cased, to OUT; exit 0
 *   run_check calls N           N getppid calls and N 1-byte writes to
 *                               stderr (a profile with known rows); exit 0
 *   run_check sum N             print 1 + ... + N, computed in sum_to()
 *                               and printed by report() (hvm gdb stops in
 *                               both: known frames and values); exit 0
 */
#include <ctype.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void say(FILE *f, const char *what, int i)
{
	fprintf(f, "%s line %d\n", what, i);
	fflush(f);
}

static int copy_upper(const char *in_path, const char *out_path)
{
	FILE *in = fopen(in_path, "r"), *out;
	int c;

	if (!in) {
		perror(in_path);
		return 2;
	}
	out = fopen(out_path, "w");
	if (!out) {
		perror(out_path);
		fclose(in);
		return 2;
	}
	while ((c = getc(in)) != EOF)
		putc(toupper(c), out);
	fclose(in);
	return fclose(out) ? 2 : 0;
}

/* Kept out of line, so that a debugger finds their frames. */
__attribute__((noinline)) static void report(long total)
{
	printf("sum %ld\n", total);
}

__attribute__((noinline)) static long sum_to(long n)
{
	long total = 0;

	for (long k = 1; k <= n; k++)
		total += k;
	report(total);
	return total;
}

int main(int argc, char **argv)
{
	char cwd[4096];
	const char *v = getenv("RUN_CHECK_VALUE");

	for (int i = 1; i <= 3; i++) {
		say(stdout, "out", i);
		say(stderr, "err", i);
	}
	printf("cwd %s\n", getcwd(cwd, sizeof(cwd)) ? cwd : "?");
	printf("RUN_CHECK_VALUE %s\n", v ? v : "(unset)");
	for (int i = 1; i < argc; i++)
		printf("arg %d [%s]\n", i, argv[i]);
	fflush(stdout);
	if (argc >= 3 && !strcmp(argv[1], "exit"))
		return atoi(argv[2]);
	if (argc >= 2 && !strcmp(argv[1], "crash")) { /* a write to page 0, which nothing maps */
		volatile int *nowhere = (volatile int *)(uintptr_t)strtoul("16", NULL, 0);

		signal(SIGSEGV, SIG_DFL);
		*nowhere = 1;
	}
	if (argc >= 4 && !strcmp(argv[1], "copy"))
		return copy_upper(argv[2], argv[3]);
	if (argc >= 3 && !strcmp(argv[1], "calls")) {
		for (int i = 0; i < atoi(argv[2]); i++) {
			syscall(SYS_getppid);
			if (write(2, ".", 1) != 1)
				return 3;
		}
		fputc('\n', stderr);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "sum"))
		return sum_to(atol(argv[2])) > 0 ? 0 : 4;
	return 0;
}
