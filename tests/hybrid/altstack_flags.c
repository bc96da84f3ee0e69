/*
 * sigaltstack as a handler on the alternate stack sees it: the old stack
 * reported with SS_ONSTACK, a new one refused with EPERM (and a bad new
 * one with EFAULT first); outside the handler the same calls report 0 and
 * succeed. Then with SS_AUTODISARM: inside the handler the stack reads as
 * disabled and a new one may be set; after the handler returns, the
 * original is armed again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ALT_SIZE (64 * 1024)

static char alt[ALT_SIZE];
static char other[ALT_SIZE];

static const char *error_name(int r)
{
	if (!r)
		return "ok";
	return errno == EPERM ? "EPERM" : errno == EFAULT ? "EFAULT" : "another error";
}

static void report(const char *where)
{
	stack_t old, next = {.ss_sp = other, .ss_size = sizeof(other)};
	char local;
	int r;

	memset(&old, 0xff, sizeof(old));
	r = sigaltstack(NULL, &old);
	printf("%s: sigaltstack(NULL, &old) %s, ss_flags %d, our stack the alternate one: %s\n",
	       where, error_name(r), old.ss_flags,
	       &local >= alt && &local < alt + sizeof(alt) ? "yes" : "no");
	r = (int)syscall(SYS_sigaltstack, 8L, 0L); /* libc's wrapper would read it itself */
	printf("%s: an unreadable new stack: %s\n", where, error_name(r));
	r = sigaltstack(&next, NULL);
	printf("%s: a new stack: %s\n", where, error_name(r));
	if (!r) {
		stack_t back = {.ss_sp = alt,
				.ss_flags = old.ss_flags & SS_AUTODISARM,
				.ss_size = sizeof(alt)};

		sigaltstack(&back, NULL);
	}
}

static void on_alt(int sig)
{
	stack_t now;

	(void)sig;
	sigaltstack(NULL, &now);
	report(now.ss_flags & SS_DISABLE ? "autodisarm handler" : "handler");
}

int main(void)
{
	stack_t ss = {.ss_sp = alt, .ss_size = sizeof(alt)};
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alt;
	sa.sa_flags = SA_ONSTACK;
	if (sigaltstack(&ss, NULL) || sigaction(SIGUSR1, &sa, NULL))
		return 2;
	report("main");
	raise(SIGUSR1);
	report("main again");
	ss.ss_flags = SS_AUTODISARM;
	if (sigaltstack(&ss, NULL))
		return 3;
	report("autodisarm main");
	raise(SIGUSR1);
	report("autodisarm main again");
	return 0;
}
