// SPDX-License-Identifier: MIT
/*
 * A hybrid program starts hvm-kernel itself when none runs: from the image
 * mv-cc embedded in it (MV_EMBED_KERNEL=PATH at link time), else from the
 * guest's default image. HVM_AUTOBOOT=0 turns this off. A running
 * hvm-kernel is always used as it is.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mv_runtime.h"

#define MV_DEFAULT_IMAGE "/lib/hvm/hvm-kernel.elf"

/* Set by mv-cc when it embeds an image (objcopy -I binary); absent otherwise. */
extern const char _binary_hvm_kernel_image_start[] __attribute__((weak));
extern const char _binary_hvm_kernel_image_end[] __attribute__((weak));

static int mv_hrt_running(int fd)
{
	struct hvm_status st;

	memset(&st, 0, sizeof(st));
	return mv_dev_call(fd, HVM_IOC_GET_STATUS, &st) == 0 && st.state == HVM_HRT_RUNNING;
}

/* The image to boot: embedded, or read from the default path (malloc'd). */
static const char *mv_image(size_t *size, char *name, size_t name_len)
{
	struct stat sb;
	char *buf;
	int fd;

	if (_binary_hvm_kernel_image_start && _binary_hvm_kernel_image_end) {
		char exe[96] = "the program";
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

		if (n > 0)
			exe[n] = 0;
		*size = (size_t)(_binary_hvm_kernel_image_end - _binary_hvm_kernel_image_start);
		snprintf(name, name_len, "embedded in %s", exe);
		return _binary_hvm_kernel_image_start;
	}
	fd = open(MV_DEFAULT_IMAGE, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &sb) || !(buf = malloc((size_t)sb.st_size + 1)) ||
	    read(fd, buf, (size_t)sb.st_size) != sb.st_size)
		mv_die("hvm-kernel is not running and %s cannot be read: boot it with 'hvmctl boot'",
		       MV_DEFAULT_IMAGE);
	close(fd);
	*size = (size_t)sb.st_size;
	snprintf(name, name_len, "%s", MV_DEFAULT_IMAGE);
	return buf;
}

void mv_autoboot(void)
{
	const char *off = getenv("HVM_AUTOBOOT");
	struct hvm_boot_request req;
	int fd = mv_dev_open(), err;
	size_t size;

	if (fd < 0 || mv_hrt_running(fd) || (off && !strcmp(off, "0"))) {
		if (fd >= 0)
			close(fd);
		return; /* no device: hrt_merge() explains it; off: the merge refuses */
	}
	memset(&req, 0, sizeof(req));
	req.image = (unsigned long)mv_image(&size, req.name, sizeof(req.name));
	req.size = size;
	err = mv_dev_call(fd, HVM_IOC_BOOT, &req);
	if (err && !mv_hrt_running(fd)) /* another program may have booted it meanwhile */
		mv_die("cannot boot hvm-kernel (%s): %s", req.name,
		       req.error[0] ? req.error : mv_dev_error());
	close(fd);
}
