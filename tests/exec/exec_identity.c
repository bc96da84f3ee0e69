// SPDX-License-Identifier: MIT
/*
 * What a program sees of itself after execve, printed so that a run
 * through hvm-exec can be compared with a native run of the same binary
 * (hybrid-compare with HVM_EXEC=1): its arguments, /proc/self/exe, comm
 * and cmdline, the auxiliary vector's entries for itself, where its break
 * starts, then threads, a signal handler, fork, exec of itself (the child
 * runs natively), a file, and an exit status of its own. Built with
 * Debian's gcc against glibc, static and dynamic (tests/exec/meson.build).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/wait.h>
#include <unistd.h>

extern char end[]; /* the end of the program's data (the linker's) */
extern char _start[];

int main(int argc, char **argv);

static volatile sig_atomic_t got_signal;

static void on_usr1(int sig)
{
	got_signal = sig;
}

static void *sum_part(void *arg)
{
	long part = (long)arg, sum = 0;

	for (long i = part * 100000; i < (part + 1) * 100000; i++)
		sum += i % 7;
	return (void *)sum;
}

static const char *base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int first_phdr(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	*(const void **)arg = info->dlpi_phdr;
	return 1; /* the program itself comes first */
}

static void show_self(int argc, char **argv)
{
	char exe[4096] = "", comm[64] = "", cmdline[4096];
	const void *phdr = NULL;
	ssize_t n;
	FILE *f;
	int ok = 1;

	for (int i = 0; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	printf("exe: %s\n", n > 0 ? base(exe) : strerror(errno));
	f = fopen("/proc/self/comm", "r");
	if (f && fgets(comm, sizeof(comm), f))
		printf("comm: %s", comm);
	if (f)
		fclose(f);
	f = fopen("/proc/self/cmdline", "r");
	n = f ? (ssize_t)fread(cmdline, 1, sizeof(cmdline), f) : -1;
	if (f)
		fclose(f);
	for (int i = 0, at = 0; i < argc; at += (int)strlen(argv[i]) + 1, i++)
		if (at >= n || strcmp(cmdline + at, argv[i]))
			ok = 0;
	printf("cmdline is argv: %s\n", ok ? "yes" : "no");
	printf("AT_EXECFN: %s\n", base((const char *)getauxval(AT_EXECFN)));
	printf("AT_PAGESZ: %lu\n", getauxval(AT_PAGESZ));
	printf("AT_RANDOM given: %s\n", getauxval(AT_RANDOM) ? "yes" : "no");
	printf("AT_SECURE: %lu\n", getauxval(AT_SECURE));
	printf("AT_SYSINFO_EHDR given: %s\n", getauxval(AT_SYSINFO_EHDR) ? "yes" : "no");
	dl_iterate_phdr(first_phdr, &phdr);
	printf("AT_PHDR is the program's: %s\n",
	       getauxval(AT_PHDR) == (unsigned long)phdr ? "yes" : "no");
	printf("AT_ENTRY is _start: %s\n",
	       getauxval(AT_ENTRY) == (unsigned long)_start ? "yes" : "no");
	/* Linux starts the break after the data, randomized by less than 1 GiB (x86-64). */
	/*
	 * Where things are: the same both ways only when Linux does not
	 * randomize (setarch -R). EXEC_IDENTITY_ADDRESSES=break: the break only
	 * (a static PIE goes where mmap puts it, below hvm-exec's own image).
	 */
	if (getenv("EXEC_IDENTITY_ADDRESSES")) {
		if (strcmp(getenv("EXEC_IDENTITY_ADDRESSES"), "break"))
			printf("main at %p\n", (void *)main);
		printf("break at %p\n", sbrk(0));
	}
	printf("break after the data, within 1 GiB: %s\n",
	       (char *)sbrk(0) >= end && (char *)sbrk(0) - end < (1l << 30) + 8192 ? "yes" : "no");
}

int main(int argc, char **argv)
{
	pthread_t threads[4];
	long total = 0;
	int status;
	pid_t child;
	FILE *f;

	if (argc > 1 && !strcmp(argv[1], "child")) {
		printf("exec'd child: %s\n", base(argv[0]));
		return 3;
	}
	show_self(argc, argv);
	for (long i = 0; i < 4; i++)
		pthread_create(&threads[i], NULL, sum_part, (void *)i);
	for (int i = 0; i < 4; i++) {
		void *part;

		pthread_join(threads[i], &part);
		total += (long)part;
	}
	printf("threads: %ld\n", total);
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	printf("signal: %d\n", got_signal);
	fflush(stdout);
	child = fork();
	if (child == 0)
		_exit(5);
	waitpid(child, &status, 0);
	printf("fork: child exited %d\n", WEXITSTATUS(status));
	fflush(stdout);
	child = fork();
	if (child == 0) {
		execl("/proc/self/exe", argv[0], "child", (char *)NULL);
		_exit(127);
	}
	waitpid(child, &status, 0);
	printf("exec: child exited %d\n", WEXITSTATUS(status));
	f = fopen("made-by-program", "w");
	if (f) {
		fprintf(f, "%ld\n", total);
		fclose(f);
	}
	return 7;
}
