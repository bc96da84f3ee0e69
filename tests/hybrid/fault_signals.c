/*
 * The program's own handlers for the signals its faults raise: SIGSEGV
 * (a null pointer, left with siglongjmp; a write to a read-only page that
 * the handler makes writable and returns, so the write goes on, as
 * garbage collectors do), SIGFPE (integer division by zero), SIGILL (ud2),
 * SIGTRAP (int3, the program goes on after it), a handler on the
 * sigaltstack, and a handler installed before main. With the argument
 * "blocked", a blocked SIGSEGV is not caught: the process dies of it.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf jump;
static volatile int last_code, hits, early_cpl = -1;
static void *volatile last_addr;
static char *page;
static char altstack[64 * 1024];
static volatile int on_altstack;

static int cpl(void)
{
	unsigned short cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	return cs & 3;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void leave(int sig, siginfo_t *info, void *uc)
{
	(void)uc;
	last_code = info->si_code;
	last_addr = info->si_addr;
	siglongjmp(jump, sig);
}

static void unprotect(int sig, siginfo_t *info, void *uc)
{
	(void)sig, (void)uc;
	last_code = info->si_code;
	last_addr = info->si_addr;
	hits++;
	mprotect(page, 4096, PROT_READ | PROT_WRITE);
}

static void trap(int sig, siginfo_t *info, void *uc)
{
	(void)sig, (void)info, (void)uc;
	hits++;
}

static void where_am_i(int sig, siginfo_t *info, void *uc)
{
	char here;

	(void)sig, (void)info, (void)uc;
	on_altstack = &here >= altstack && &here < altstack + sizeof(altstack);
}

static void early(int sig)
{
	(void)sig;
	early_cpl = cpl();
}

__attribute__((constructor)) static void before_main(void)
{
	signal(SIGUSR2, early);
}

static const char *caught(int sig)
{
	return sig == SIGSEGV  ? "SIGSEGV"
	       : sig == SIGFPE ? "SIGFPE"
	       : sig == SIGILL ? "SIGILL"
			       : "?";
}

int main(int argc, char **argv)
{
	int zero = 0;
	int sig;
	stack_t ss;

	if (argc > 1 && !strcmp(argv[1], "blocked")) {
		sigset_t segv;

		install(SIGSEGV, leave, 0);
		sigemptyset(&segv);
		sigaddset(&segv, SIGSEGV);
		sigprocmask(SIG_BLOCK, &segv, NULL);
		fflush(stdout);
		*(volatile int *)0 = 1;
		puts("a blocked SIGSEGV was caught");
		return 0;
	}
	install(SIGSEGV, leave, 0);
	install(SIGFPE, leave, 0);
	install(SIGILL, leave, 0);
	if (!(sig = sigsetjmp(jump, 1)))
		*(volatile int *)0 = 1;
	printf("null pointer: caught %s, code %d, address %p\n", caught(sig), last_code, last_addr);
	if (!(sig = sigsetjmp(jump, 1))) {
		int quotient = 1;

		__asm__ volatile("cltd; idivl %1" : "+a"(quotient) : "r"(zero) : "edx");
	}
	printf("division by zero: caught %s, code %d\n", caught(sig), last_code);
	if (!(sig = sigsetjmp(jump, 1)))
		__asm__ volatile("ud2");
	printf("ud2: caught %s, code %d\n", caught(sig), last_code);

	page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	install(SIGSEGV, unprotect, 0);
	*(volatile char *)&page[100] = 42; /* volatile: before the report reads hits */
	printf("write to a read-only page: handler ran %d time(s), code %d, at offset %ld of it, value %d\n",
	       hits, last_code, (long)((char *)last_addr - page), page[100]);

	hits = 0;
	install(SIGTRAP, trap, 0);
	__asm__ volatile("int3");
	printf("int3: SIGTRAP handled %d time(s), went on after it\n", hits);

	ss.ss_sp = altstack;
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 0;
	sigaltstack(&ss, NULL);
	install(SIGUSR1, where_am_i, SA_ONSTACK);
	raise(SIGUSR1);
	printf("SA_ONSTACK handler ran on the sigaltstack: %s\n", on_altstack ? "yes" : "no");

	raise(SIGUSR2);
	printf("handler installed before main ran where main runs: %s\n",
	       early_cpl == cpl() ? "yes" : "no");
	return 0;
}
