// SPDX-License-Identifier: MIT
/* hvmctl boot, reboot, halt, ping and test-crash. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hvmctl.h"

/* Read a whole file; returns its bytes (malloc) or NULL with errno set. */
static void *read_file(const char *path, size_t *size)
{
	struct stat sb;
	void *buf = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		buf = malloc(sb.st_size ? (size_t)sb.st_size : 1);
		if (buf && read(fd, buf, (size_t)sb.st_size) != sb.st_size) {
			free(buf);
			buf = NULL;
			errno = EIO;
		}
		*size = (size_t)sb.st_size;
	} else if (!errno) {
		errno = EISDIR;
	}
	close(fd);
	return buf;
}

/* Boot (or with HVM_BOOT_AGAIN reboot); prints the module's reason on failure. */
static int do_boot(const char *path, unsigned int flags)
{
	struct hvm_boot_request req;
	size_t size = 0;
	void *image = NULL;
	int err;

	memset(&req, 0, sizeof(req));
	if (!(flags & HVM_BOOT_AGAIN)) {
		image = read_file(path, &size);
		if (!image) {
			fprintf(stderr, "hvmctl: cannot read image %s: %s\n", path,
				strerror(errno));
			return 1;
		}
		snprintf(req.name, sizeof(req.name), "%s", path);
	}
	req.image = (unsigned long long)(unsigned long)image;
	req.size = size;
	req.flags = flags;
	err = hvmctl_request(HVM_IOC_BOOT, &req);
	free(image);
	if (err == HVMCTL_NO_DEVICE)
		return 1;
	if (err && req.error[0]) {
		fprintf(stderr, "hvmctl: %s %s: %s\n", flags & HVM_BOOT_AGAIN ? "reboot" : "boot",
			flags & HVM_BOOT_AGAIN ? "failed" : path, req.error);
		return 1;
	}
	if (err)
		return hvmctl_fail("boot", err);
	return 0;
}

int cmd_boot(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : HVMCTL_DEFAULT_IMAGE;

	if (do_boot(path, 0))
		return 1;
	printf("hvm-kernel booted from %s\n", path);
	return 0;
}

int cmd_reboot(int argc, char **argv)
{
	(void)argc, (void)argv;
	if (do_boot(NULL, HVM_BOOT_AGAIN))
		return 1;
	printf("hvm-kernel rebooted\n");
	return 0;
}

int cmd_halt(int argc, char **argv)
{
	struct hvm_status st = {0};
	int err;

	(void)argc, (void)argv;
	err = hvmctl_request(HVM_IOC_HALT, &st);
	if (err)
		return err == HVMCTL_NO_DEVICE ? 1 : hvmctl_fail("halt", err);
	printf("hvm-kernel: %s\n", hrt_state_name(st.state));
	return 0;
}

int cmd_ping(int argc, char **argv)
{
	struct hvm_ping ping = {0};
	int err;

	(void)argc, (void)argv;
	err = hvmctl_request(HVM_IOC_PING, &ping);
	if (err == HVMCTL_NO_DEVICE)
		return 1;
	if (err && err != -EIO)
		return hvmctl_fail("ping", err);
	for (unsigned int i = 0; i < ping.nr_cpus && i < HVM_MAX_CPUS; i++) {
		if (ping.result[i])
			printf("HRT core %u: no answer (%s)\n", i, strerror(-ping.result[i]));
		else
			printf("HRT core %u: answered in %llu us\n", i, ping.rtt_ns[i] / 1000);
	}
	return err ? 1 : 0;
}

int cmd_test_crash(int argc, char **argv)
{
	static const char *const kinds[] = {"ud", "pf", "de", "gp"};
	struct hvm_test_crash req = {0};
	int err;

	if (argc != 3) {
		fprintf(stderr, "usage: hvmctl test-crash CPU ud|pf|de|gp\n");
		return 2;
	}
	req.cpu = (unsigned int)atoi(argv[1]);
	req.kind = 99;
	for (unsigned int k = 0; k < 4; k++)
		if (!strcmp(argv[2], kinds[k]))
			req.kind = k;
	if (req.kind == 99) {
		fprintf(stderr, "hvmctl: unknown crash kind '%s': use ud, pf, de or gp\n", argv[2]);
		return 2;
	}
	err = hvmctl_request(HVM_IOC_TEST_CRASH, &req);
	if (err == HVMCTL_NO_DEVICE)
		return 1;
	if (err == -EPERM) {
		fprintf(stderr,
			"hvmctl: test-crash: test hooks are off: echo 1 > /sys/module/hvm/parameters/test_hooks, then 'hvmctl reboot'\n");
		return 1;
	}
	if (err)
		return hvmctl_fail("test-crash", err);
	printf("HRT core %u crashed as asked\n", req.cpu);
	return 0;
}
