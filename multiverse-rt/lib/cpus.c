// SPDX-License-Identifier: MIT
/*
 * The process's HRT CPUs (hvm/ioctl.h, HVM_IOC_MERGE). HVM_CPUS=LIST, as
 * taskset -c takes it ("1-3", "0,2", "0-1,3"; HRT CPU numbers as hvmctl
 * shows them), restricts the process to those CPUs; unset, it has every
 * HRT CPU and hvm.ko spreads processes and threads over the least busy
 * ones. A thread goes where hvm.ko places it (HVM_CALL_ANY); HVM_CPU=N
 * still puts main on CPU N, which must be in the set.
 *
 * The program sees its set as its machine (hvm/call.h, Native system
 * calls): hvm-kernel answers sched_getaffinity, sched_setaffinity and
 * getcpu in program CPUs, and since glibc counts online CPUs from
 * /sys/devices/system/cpu/online (get_nprocs(), sysconf), the partner
 * answers a forwarded open of that file with the set's list ("0-N"). All
 * of it follows the policy: with sched_getaffinity forwarded (HVM_NATIVE
 * without it) the program sees Linux's CPUs, as a native process does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "mv_runtime.h"

#define MV_CPUS_VAR "HVM_CPUS"
#define MV_ONLINE_PATH "/sys/devices/system/cpu/online"

/* Program CPUs the partner reports in MV_ONLINE_PATH; 0: the process sees Linux's. */
static unsigned int mv_program_cpus;

/* A decimal CPU number at *s below @nr_cpus, advancing *s; -1 if none. */
static long mv_cpus_number(const char **s, unsigned int nr_cpus)
{
	long n = 0;
	const char *p = *s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9' && n < HVM_MAX_CPUS; p++)
		n = n * 10 + (*p - '0');
	*s = p;
	return n < (long)nr_cpus ? n : -1;
}

int mv_cpus_parse(const char *list, unsigned int nr_cpus, __u64 *cpus, char *why, size_t len)
{
	const char *s = list;

	*cpus = 0;
	while (*s) {
		long first = mv_cpus_number(&s, nr_cpus), last = first;

		if (first >= 0 && *s == '-') {
			s++;
			last = mv_cpus_number(&s, nr_cpus);
		}
		if (first < 0 || last < first || (*s && *s != ',')) {
			snprintf(why, len,
				 "%s='%s' is no list of HRT CPUs: this HRT has CPUs 0-%u; say for example %s=0-%u or %s=0,%u",
				 MV_CPUS_VAR, list, nr_cpus - 1, MV_CPUS_VAR, nr_cpus - 1, MV_CPUS_VAR,
				 nr_cpus - 1);
			return -EINVAL;
		}
		for (long c = first; c <= last; c++)
			*cpus |= 1ull << c;
		s += *s == ',';
	}
	if (!*cpus) {
		snprintf(why, len, "%s is empty: name HRT CPUs (0-%u) or unset it for all of them",
			 MV_CPUS_VAR, nr_cpus - 1);
		return -EINVAL;
	}
	return 0;
}

int mv_cpus_wanted(int fd, __u64 *cpus)
{
	const char *list = getenv(MV_CPUS_VAR);
	struct hvm_partition_info info;
	char why[200];
	int err;

	*cpus = 0;
	if (!list)
		return 0;
	err = mv_dev_get_partition(fd, &info);
	if (err)
		return err;
	if (mv_cpus_parse(list, info.nr_hrt_cpus, cpus, why, sizeof(why)))
		return mv_dev_fail(EINVAL, why);
	return 0;
}

void mv_cpus_merged(const __u64 native[HVM_NATIVE_WORDS], __u64 cpus)
{
	bool view = (native[SYS_sched_getaffinity / 64] >> (SYS_sched_getaffinity % 64)) & 1;

	mv_program_cpus = view ? (unsigned int)__builtin_popcountll(cpus) : 0;
}

/* "0\n" or "0-N\n" for @n CPUs into @buf (room for 8 bytes); its length. No libc: FS base is the program's. */
static size_t mv_cpus_list_text(unsigned int n, char *buf)
{
	size_t len = 0;
	char digits[4];
	int d = 0;

	buf[len++] = '0';
	if (n > 1) {
		buf[len++] = '-';
		for (unsigned int v = n - 1; v || !d; v /= 10)
			digits[d++] = (char)('0' + v % 10);
		while (d)
			buf[len++] = digits[--d];
	}
	buf[len++] = '\n';
	return len;
}

/* Whether the path at @upath (program memory, maybe invalid) is MV_ONLINE_PATH. */
static bool mv_cpus_is_online_path(unsigned long upath)
{
	char path[sizeof(MV_ONLINE_PATH)];
	struct iovec local = {path, sizeof(path)}, remote = {(void *)upath, sizeof(path)};
	long got;

	/* Copied by Linux, so a bad pointer is the program's EFAULT from its own open. */
	got = mv_raw_syscall(SYS_process_vm_readv, mv_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0),
			     (long)&local, 1, (long)&remote, 1, 0);
	return got == (long)sizeof(path) && !memcmp(path, MV_ONLINE_PATH, sizeof(path));
}

long mv_cpus_open(long nr, const long args[6])
{
	unsigned long path = (unsigned long)(nr == SYS_openat ? args[1] : args[0]);
	long flags = nr == SYS_openat ? args[2] : args[1], fd;
	char text[8];
	size_t len;

	if (!mv_program_cpus || !path || (flags & O_ACCMODE) != O_RDONLY ||
	    !mv_cpus_is_online_path(path))
		return MV_CPUS_NOT_OURS;
	fd = mv_raw_syscall(SYS_memfd_create, (long)"hvm-cpus-online",
			    (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0, 0, 0, 0, 0);
	if (fd < 0)
		return fd;
	len = mv_cpus_list_text(mv_program_cpus, text);
	if (mv_raw_syscall(SYS_write, fd, (long)text, (long)len, 0, 0, 0) != (long)len ||
	    mv_raw_syscall(SYS_lseek, fd, 0, SEEK_SET, 0, 0, 0) != 0) {
		mv_raw_syscall(SYS_close, fd, 0, 0, 0, 0, 0);
		return MV_CPUS_NOT_OURS; /* Linux's own file then */
	}
	return fd;
}
