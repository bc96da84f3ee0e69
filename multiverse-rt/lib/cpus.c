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
 * getcpu in program CPUs, and since glibc counts CPUs from
 * /sys/devices/system/cpu/online and possible (get_nprocs(), sysconf) and
 * libgomp reads each CPU's topology there for its places, the partner
 * answers a forwarded open of those files in program CPUs (a memfd with
 * the text Linux's file would have). All of it follows the policy: with sched_getaffinity forwarded (HVM_NATIVE
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
#define MV_CPU_DIR "/sys/devices/system/cpu/"

/* Program CPUs the partner reports in MV_CPU_DIR's files; 0: the process sees Linux's. */
static unsigned int mv_program_cpus;
static __u64 mv_merged_cpus; /* the process's HRT CPUs, as merged */

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
			snprintf(
				why, len,
				"%s='%s' is no list of HRT CPUs: this HRT has CPUs 0-%u; say for example %s=0-%u or %s=0,%u",
				MV_CPUS_VAR, list, nr_cpus - 1, MV_CPUS_VAR, nr_cpus - 1,
				MV_CPUS_VAR, nr_cpus - 1);
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
	bool view = hvm_native_serves(native, SYS_sched_getaffinity);

	mv_program_cpus = view ? (unsigned int)__builtin_popcountll(cpus) : 0;
	mv_merged_cpus = cpus;
}

int mv_cpus_hrt_cpu(int program_cpu)
{
	__u64 left = mv_merged_cpus;

	if (!mv_program_cpus || program_cpu < 0 || program_cpu >= (int)mv_program_cpus)
		return -1;
	for (int skip = program_cpu; skip > 0; skip--)
		left &= left - 1; /* drop the lowest CPU of the set */
	return __builtin_ctzll(left);
}

/* @v in decimal at @buf; the bytes written. No libc here: FS base is the program's. */
static size_t mv_cpus_decimal(unsigned int v, char *buf)
{
	char digits[10];
	size_t n = 0, d = 0;

	do
		digits[d++] = (char)('0' + v % 10);
	while (v /= 10);
	while (d)
		buf[n++] = digits[--d];
	return n;
}

/* "FIRST\n" or "FIRST-LAST\n" into @buf (room for 24 bytes); its length. */
static size_t mv_cpus_range_text(unsigned int first, unsigned int last, char *buf)
{
	size_t len = mv_cpus_decimal(first, buf);

	if (last > first) {
		buf[len++] = '-';
		len += mv_cpus_decimal(last, buf + len);
	}
	buf[len++] = '\n';
	return len;
}

/*
 * The text of the CPU file at @path (below MV_CPU_DIR) in program terms:
 * the lists of online, possible and present CPUs, and each program CPU's
 * topology as one package of single-thread cores (the HRT has no NUMA and
 * hvm-kernel does not pair hyperthreads). Its length, -ENOENT for a CPU
 * the program does not have, or MV_CPUS_NOT_OURS (Linux's own file).
 */
static long mv_cpus_file_text(const char *path, char *text)
{
	unsigned int all = mv_program_cpus - 1, cpu = 0;
	const char *p;

	if (!strcmp(path, "online") || !strcmp(path, "possible") || !strcmp(path, "present"))
		return (long)mv_cpus_range_text(0, all, text);
	if (strncmp(path, "cpu", 3) || path[3] < '0' || path[3] > '9')
		return MV_CPUS_NOT_OURS;
	for (p = path + 3; *p >= '0' && *p <= '9' && cpu < 100000; p++)
		cpu = cpu * 10 + (unsigned int)(*p - '0');
	if (!*p || !strcmp(p, "/"))
		return MV_CPUS_NOT_OURS; /* the directory itself */
	if (cpu > all)
		return -ENOENT;
	if (!strcmp(p, "/topology/thread_siblings_list") || !strcmp(p, "/topology/core_cpus_list"))
		return (long)mv_cpus_range_text(cpu, cpu, text);
	if (!strcmp(p, "/topology/core_siblings_list") || !strcmp(p, "/topology/package_cpus_list"))
		return (long)mv_cpus_range_text(0, all, text);
	return MV_CPUS_NOT_OURS;
}

/*
 * The path at @upath (program memory, maybe invalid) after MV_CPU_DIR into
 * @rest, or false when it is not below it. Copied by Linux, so that a bad
 * pointer stays the program's EFAULT, from its own open.
 */
static bool mv_cpus_read_path(unsigned long upath, char *rest, size_t len)
{
	char path[sizeof(MV_CPU_DIR) + 64];
	struct iovec local = {path, sizeof(path)}, remote = {(void *)upath, sizeof(path)};
	long got =
		mv_raw_syscall(SYS_process_vm_readv, mv_raw_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0),
			       (long)&local, 1, (long)&remote, 1, 0);
	size_t n;

	if (got < (long)sizeof(MV_CPU_DIR) || memcmp(path, MV_CPU_DIR, sizeof(MV_CPU_DIR) - 1))
		return false;
	for (n = sizeof(MV_CPU_DIR) - 1; n < (size_t)got && path[n]; n++)
		;
	if (n == (size_t)got || n - (sizeof(MV_CPU_DIR) - 1) >= len)
		return false; /* longer than any file answered here */
	memcpy(rest, path + sizeof(MV_CPU_DIR) - 1, n - (sizeof(MV_CPU_DIR) - 1) + 1);
	return true;
}

long mv_cpus_open(long nr, const long args[6])
{
	unsigned long path = (unsigned long)(nr == SYS_openat ? args[1] : args[0]);
	long flags = nr == SYS_openat ? args[2] : args[1], fd, len;
	char rest[64], text[24];

	if (!mv_program_cpus || !path || (flags & O_ACCMODE) != O_RDONLY ||
	    !mv_cpus_read_path(path, rest, sizeof(rest)))
		return MV_CPUS_NOT_OURS;
	len = mv_cpus_file_text(rest, text);
	if (len < 0)
		return len;
	fd = mv_raw_syscall(SYS_memfd_create, (long)"hvm-cpus",
			    (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0, 0, 0, 0, 0);
	if (fd < 0)
		return fd;
	if (mv_raw_syscall(SYS_write, fd, (long)text, len, 0, 0, 0) != len ||
	    mv_raw_syscall(SYS_lseek, fd, 0, SEEK_SET, 0, 0, 0) != 0) {
		mv_raw_syscall(SYS_close, fd, 0, 0, 0, 0, 0);
		return MV_CPUS_NOT_OURS; /* Linux's own file then */
	}
	return fd;
}
