// SPDX-License-Identifier: MIT
/*
 * The futex calls Linux made for the program, by operation (_PRIVATE for
 * process-private ones, as strace names them), after the system-call
 * profile (HVM_PROFILE=1, profile_report.c). With futex native, they show
 * which futexes are shared, which operations are not ported, and which
 * waits Linux had to make (hvm/call.h, Futexes).
 */
#include <stdarg.h>
#include <stdio.h>
#include <sys/syscall.h>

#include "mv_runtime.h"

#define MV_FUTEX_OPS 16
#define MV_FUTEX_PRIVATE_FLAG 128 /* Linux's UAPI values (musl has no <linux/futex.h>) */
#define MV_FUTEX_CLOCK_REALTIME 256

static const char *const mv_futex_op_names[MV_FUTEX_OPS] = {
	"WAIT",		  "WAKE",	 "FD",		"REQUEUE",
	"CMP_REQUEUE",	  "WAKE_OP",	 "LOCK_PI",	"UNLOCK_PI",
	"TRYLOCK_PI",	  "WAIT_BITSET", "WAKE_BITSET", "WAIT_REQUEUE_PI",
	"CMP_REQUEUE_PI", "LOCK_PI2",
};

static unsigned long mv_futex_counts[MV_FUTEX_OPS][2][2]; /* [op][private][realtime] */

void mv_futex_stats_count(const struct hvm_forward *fw)
{
	unsigned int op = (unsigned int)fw->args[1];
	unsigned int cmd = op & ~(unsigned int)(MV_FUTEX_PRIVATE_FLAG | MV_FUTEX_CLOCK_REALTIME);

	if (fw->nr == SYS_futex && cmd < MV_FUTEX_OPS)
		__atomic_fetch_add(&mv_futex_counts[cmd][!!(op & MV_FUTEX_PRIVATE_FLAG)]
						   [!!(op & MV_FUTEX_CLOCK_REALTIME)],
				   1, __ATOMIC_RELAXED);
}

/* A heading, then one line per operation and flags; nothing if none was forwarded. */
void mv_futex_stats_report(void)
{
	int lines = 0;

	for (unsigned int cmd = 0; cmd < MV_FUTEX_OPS; cmd++)
		for (int priv = 0; priv < 2; priv++)
			for (int rt = 0; rt < 2; rt++) {
				unsigned long n = mv_futex_counts[cmd][priv][rt];

				if (!n)
					continue;
				if (!lines++)
					mv_stats_printf("  futex operations forwarded:\n");
				mv_stats_printf("    FUTEX_%s%s%s %lu\n",
						mv_futex_op_names[cmd] ? mv_futex_op_names[cmd]
								       : "?",
						priv ? "_PRIVATE" : "",
						rt ? "|FUTEX_CLOCK_REALTIME" : "", n);
			}
}

/*
 * One line of a report, written with a raw write(2): a partner must not
 * wait for stderr's lock, which a program thread may hold on the HRT.
 */
void mv_stats_printf(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		mv_raw_syscall(SYS_write, 2, (long)line,
			       n < (int)sizeof(line) ? n : (long)sizeof(line) - 1, 0, 0, 0);
}
