// SPDX-License-Identifier: MIT
/*
 * hvmctl: the administrator's tool for the specialized kernel's partition.
 * Every command talks to hvm.ko through /dev/hvm (root only).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hvmctl.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
} commands[] = {
	{"status", cmd_status, "the partition, hvm-kernel's state, cores, uptime and boot time"},
	{"boot", cmd_boot,
	 "[IMAGE]  check and boot an hvm-kernel image (default " HVMCTL_DEFAULT_IMAGE ")"},
	{"reboot", cmd_reboot, "stop every HRT core with INIT and boot the same image again"},
	{"halt", cmd_halt, "stop every HRT core with INIT"},
	{"ping", cmd_ping, "a command round trip to every HRT core"},
	{"log", cmd_log, "[-f]  print (or follow) hvm-kernel's log"},
	{"crash", cmd_crash, "print the last crash record, with symbols when the image is at hand"},
	{"test-crash", cmd_test_crash,
	 "CPU ud|pf|de|gp  make an HRT core crash (needs hvm.test_hooks=1)"},
	{"profile", cmd_profile,
	 "[-w SECONDS] [PID]  live system-call counts and times of hybrid processes"},
	{"ps", cmd_ps, "every hybrid process on the HRT: its HRT CPUs, threads, calls"},
	{"bench-boot", cmd_bench_boot, "[N]  time N boots and N warm reboots (min/median/max)"},
};

#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

int hvmctl_open(void)
{
	int fd = mv_dev_open();

	if (fd < 0)
		fprintf(stderr, "hvmctl: %s\n", mv_dev_error());
	return fd;
}

int hvmctl_request(unsigned long cmd, void *arg)
{
	int fd = hvmctl_open(), err;

	if (fd < 0)
		return HVMCTL_NO_DEVICE;
	err = mv_dev_call(fd, cmd, arg);
	close(fd);
	return err;
}

int hvmctl_fail(const char *what, int err)
{
	if (err == -EPROTO)
		fprintf(stderr, "hvmctl: %s: %s\n", what, mv_dev_error());
	else
		fprintf(stderr, "hvmctl: %s: %s\n", what, strerror(-err));
	return 1;
}

const char *hrt_state_name(unsigned int state)
{
	static const char *const names[] = {
		[HVM_HRT_NOT_BOOTED] = "not booted", [HVM_HRT_RUNNING] = "running",
		[HVM_HRT_HALTED] = "halted",	     [HVM_HRT_CRASHED] = "crashed",
		[HVM_HRT_FAILED] = "boot failed",
	};

	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "unknown";
}

static void usage(FILE *out)
{
	fprintf(out, "usage: hvmctl COMMAND [ARGS]\ncommands:\n");
	for (size_t i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; argc >= 2 && i < NR_COMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	if (argc >= 2)
		fprintf(stderr, "hvmctl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
