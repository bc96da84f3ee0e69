// SPDX-License-Identifier: MIT
/*
 * hvmctl ps: what runs on the HRT now. One block per hybrid process: its
 * pid, name, HRT CPUs (its set: HVM_CPUS, or all), threads, and its system
 * calls so far (served by hvm-kernel, forwarded to Linux); then one line per
 * thread (a program thread is one call for its life): its partner's tid on
 * Linux, the HRT CPU it runs on, and what it does (on the HRT, or waiting
 * for Linux to make a system call, named).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hvmctl.h"
#include "mv_profile.h"

static struct hvm_thread_info threads[HVM_MAX_SLOTS];
static struct mv_profile profile;

/* "0-1,3": the CPUs of @cpus, as HVM_CPUS takes them. */
static const char *cpu_list(__u64 cpus, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (unsigned int c = 0; c < HVM_MAX_CPUS && used < len; c++) {
		unsigned int last = c;

		if (!(cpus >> c & 1))
			continue;
		while (last + 1 < HVM_MAX_CPUS && (cpus >> (last + 1) & 1))
			last++;
		used += (size_t)snprintf(buf + used, len - used, "%s%u", used ? "," : "", c);
		if (last > c && used < len)
			used += (size_t)snprintf(buf + used, len - used, "-%u", last);
		c = last;
	}
	return buf;
}

/* The process's name from /proc, "?" when it is gone. */
static const char *comm_of(unsigned int pid, char *buf, size_t len)
{
	char path[32];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	f = fopen(path, "r");
	if (!f || !fgets(buf, (int)len, f))
		snprintf(buf, len, "?");
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static const char *doing(const struct hvm_thread_info *t, char *buf, size_t len)
{
	const char *name;

	switch (t->state) {
	case HVM_SLOT_POSTED:
		return "starting";
	case HVM_SLOT_RUNNING:
	case HVM_SLOT_RESUMED:
		return "on the HRT";
	case HVM_SLOT_FORWARD:
		if (t->forward_nr == HVM_FORWARD_FAULT)
			return "waiting for Linux: a page fault";
		name = mv_syscall_name((unsigned int)t->forward_nr);
		if (name)
			snprintf(buf, len, "waiting for Linux: %s", name);
		else
			snprintf(buf, len, "waiting for Linux: system call %llu",
				 (unsigned long long)t->forward_nr);
		return buf;
	default:
		return "ending";
	}
}

/* One process (space @space) and its threads among the @n listed. */
static void show_process(int fd, unsigned int space, unsigned int n)
{
	const struct hvm_thread_info *first = NULL;
	unsigned int nr_threads = 0;
	__u64 native = 0, forwarded = 0;
	char cpus[96], comm[32], what[64];

	for (unsigned int i = 0; i < n; i++)
		if (threads[i].space == space && !nr_threads++)
			first = &threads[i];
	if (!first)
		return;
	if (!mv_profile_read(fd, 0, HVM_PROFILE_BY_SPACE, space, &profile))
		for (unsigned int nr = 0; nr < HVM_NR_SYSCALLS; nr++) {
			native += profile.calls[nr].native_calls;
			forwarded += profile.calls[nr].forwarded_calls;
		}
	printf("%-7u %-16s %-9s %7u %12llu %12llu\n", first->tgid,
	       comm_of(first->tgid, comm, sizeof(comm)), cpu_list(first->cpus, cpus, sizeof(cpus)),
	       nr_threads, (unsigned long long)native, (unsigned long long)forwarded);
	for (unsigned int i = 0; i < n; i++)
		if (threads[i].space == space)
			printf("  tid %-7u HRT CPU %-3u %s\n", threads[i].tid, threads[i].cpu,
			       doing(&threads[i], what, sizeof(what)));
}

int cmd_ps(int argc, char **argv __attribute__((unused)))
{
	struct hvm_threads_request req = {.buf = (__u64)(uintptr_t)threads,
					  .nr_entries = HVM_MAX_SLOTS};
	bool listed[HVM_MAX_SPACES] = {false};
	int fd, err;

	if (argc > 1) {
		fprintf(stderr, "hvmctl ps takes no arguments (it lists every hybrid process)\n");
		return 2;
	}
	fd = hvmctl_open();
	if (fd < 0)
		return 1;
	err = mv_dev_call(fd, HVM_IOC_LIST_THREADS, &req);
	if (err) {
		close(fd);
		return hvmctl_fail("ps", err);
	}
	if (!req.nr_entries) {
		printf("no hybrid process runs on the HRT now\n");
		close(fd);
		return 0;
	}
	printf("%-7s %-16s %-9s %7s %12s %12s\n", "PID", "COMMAND", "HRT CPUS", "THREADS", "NATIVE",
	       "FORWARDED");
	for (unsigned int i = 0; i < req.nr_entries; i++) {
		unsigned int space = threads[i].space;

		if (space < HVM_MAX_SPACES && !listed[space]) {
			listed[space] = true;
			show_process(fd, space, req.nr_entries);
		}
	}
	close(fd);
	return 0;
}
