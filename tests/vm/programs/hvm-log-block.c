// SPDX-License-Identifier: MIT
/*
 * hvm-log-block: reads hvm-kernel's log (HVM_IOC_READ_LOG) into a buffer
 * backed by userfaultfd that nobody serves, so hvm.ko's copy into it
 * waits until the program is killed. Prints "reading the log into an
 * unserved userfaultfd page" just before the read; the vm suite then checks
 * that other commands on /dev/hvm are not held up by it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <hvm/ioctl.h>

#define PAGE 4096

/* The userfaultfd ABI (linux/userfaultfd.h; musl's headers do not carry it). */
#define UFFD_API 0xAAull
#define UFFDIO_REGISTER_MODE_MISSING 1ull
struct uffdio_api {
	unsigned long long api, features, ioctls;
};
struct uffdio_register {
	unsigned long long start, len, mode, ioctls;
};
#define UFFDIO_API _IOWR(0xAA, 0x3F, struct uffdio_api)
#define UFFDIO_REGISTER _IOWR(0xAA, 0x00, struct uffdio_register)

static int fail(const char *what)
{
	printf("FAIL: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(void)
{
	struct uffdio_api api = {.api = UFFD_API};
	struct uffdio_register reg;
	struct hvm_log_read req;
	int uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC), fd;
	char *buf = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api))
		return fail("userfaultfd");
	if (buf == MAP_FAILED)
		return fail("mmap");
	memset(&reg, 0, sizeof(reg));
	reg.start = (unsigned long)buf;
	reg.len = PAGE;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(uffd, UFFDIO_REGISTER, &reg))
		return fail("UFFDIO_REGISTER");
	fd = open(HVM_DEVICE_PATH, O_RDWR);
	if (fd < 0)
		return fail(HVM_DEVICE_PATH);
	memset(&req, 0, sizeof(req));
	req.magic = HVM_ABI_MAGIC;
	req.revision = HVM_ABI_REVISION;
	req.buf = (unsigned long)buf;
	req.len = PAGE;
	printf("reading the log into an unserved userfaultfd page\n");
	fflush(stdout);
	if (ioctl(fd, HVM_IOC_READ_LOG, &req))
		return fail("HVM_IOC_READ_LOG");
	printf("the log read returned (%u bytes): the page was served after all?\n", req.copied);
	return 1;
}
