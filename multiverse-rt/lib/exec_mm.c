// SPDX-License-Identifier: MIT
/*
 * Making the process the program's, as far as Linux shows it: after
 * hvm-exec loaded the program, /proc/PID/exe is the program's file, the
 * break starts after the program's data (where Linux would put it), and
 * /proc/PID/cmdline, environ and auxv read the program's stack; the
 * process (and its main thread) is named after the program, as execve
 * names it. One prctl(PR_SET_MM_MAP) does the first three (Linux keeps
 * it for checkpoint/restore; it needs CAP_SYS_RESOURCE and
 * CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN, which a user of /dev/hvm has).
 *
 * Linux refuses to change /proc/PID/exe while any mapping still comes from
 * the old file, so before it loads anything hvm-exec moves its own image
 * out of its file (mv_exec_unmap_loader_file): each of its file mappings
 * is copied into anonymous memory, which mremap then puts in its place in
 * one step, so the code running this is replaced by the same bytes under
 * its feet. The break: Linux starts it after the data of the file it
 * executed, randomized by up to 1 GiB when it randomizes; hvm-exec puts
 * it after the program's (a static PIE's at ELF_ET_DYN_BASE, as Linux).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "mv_exec.h"

#ifndef PR_SET_MM_MAP
#define PR_SET_MM_MAP 14
#endif

/* Linux's arch_randomize_brk on x86-64: the break moves up by less than 1 GiB. */
#define MV_BRK_RND (1ul << 30)

/* Linux's struct prctl_mm_map (uapi linux/prctl.h), which musl does not have. */
struct mv_prctl_mm_map {
	unsigned long long start_code, end_code, start_data, end_data;
	unsigned long long start_brk, brk, start_stack;
	unsigned long long arg_start, arg_end, env_start, env_end;
	unsigned long long *auxv;
	unsigned int auxv_size;
	unsigned int exe_fd;
};

/* Put a copy of [start, end) (protection prot) in anonymous memory at the same place. */
static int remap_anonymous(unsigned long start, unsigned long end, int prot)
{
	unsigned long len = end - start;
	void *copy = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (copy == MAP_FAILED)
		return -errno;
	if (prot & PROT_READ)
		memcpy(copy, (void *)start, len);
	if (mprotect(copy, len, prot) ||
	    mremap(copy, len, len, MREMAP_MAYMOVE | MREMAP_FIXED, (void *)start) == MAP_FAILED) {
		int err = -errno;

		munmap(copy, len);
		return err;
	}
	return 0;
}

/* Parse "start-end perms offset dev inode path" for a mapping of the file at dev:ino. */
static bool maps_line_of(const char *line, dev_t dev, ino_t ino, unsigned long *start,
			 unsigned long *end, int *prot)
{
	unsigned int major, minor;
	unsigned long long inode;
	char perms[5];

	if (sscanf(line, "%lx-%lx %4s %*x %x:%x %llu", start, end, perms, &major, &minor, &inode) !=
	    6)
		return false;
	if (inode != ino || makedev(major, minor) != dev)
		return false;
	*prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
		(perms[2] == 'x' ? PROT_EXEC : 0);
	return true;
}

int mv_exec_unmap_loader_file(struct mv_exec *x)
{
	unsigned long starts[16], ends[16];
	int prots[16], n = 0, err;
	char line[512];
	struct stat self;
	FILE *maps;

	if (stat("/proc/self/exe", &self))
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "/proc/self/exe: cannot read it (%s): is /proc mounted?",
				    strerror(errno));
	maps = fopen("/proc/self/maps", "re");
	if (!maps)
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN, "/proc/self/maps: cannot read it (%s)",
				    strerror(errno));
	while (n < 16 && fgets(line, sizeof(line), maps))
		if (maps_line_of(line, self.st_dev, self.st_ino, &starts[n], &ends[n], &prots[n]))
			n++;
	fclose(maps);
	/* Collected first: the copies must not change the file while it is read. */
	for (int i = 0; i < n; i++) {
		err = remap_anonymous(starts[i], ends[i], prots[i]);
		if (err)
			return mv_exec_fail(
				x, MV_EXEC_CANNOT_RUN,
				"hvm-exec: cannot move its own image at 0x%lx out of its file (%s)",
				starts[i], strerror(-err));
	}
	return 0;
}

/* Whether @brk is where Linux starts a static PIE's break: ELF_ET_DYN_BASE, plus its random offset. */
static bool at_dyn_base(unsigned long brk)
{
	return brk >= MV_ELF_ET_DYN_BASE && brk <= MV_ELF_ET_DYN_BASE + MV_BRK_RND;
}

/* The process's memory map as PR_SET_MM_MAP takes it, from /proc/self/stat (no malloc). */
static bool current_mm_map(struct mv_prctl_mm_map *m)
{
	char buf[2048], *p;
	unsigned long long v[52];
	ssize_t n;
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC), field;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* the name may hold anything; the fields follow its ')' */
	if (!p || !p[1] || !p[2])
		return false;
	p += 3; /* past ") " and the state letter (field 3): v[i] is field i + 1 of proc(5) */
	for (field = 3; field <= 50; field++) {
		char *end;

		v[field] = strtoull(p, &end, 10);
		if (end == p)
			return false;
		p = end;
	}
	memset(m, 0, sizeof(*m));
	m->start_code = v[25], m->end_code = v[26], m->start_stack = v[27];
	m->start_data = v[44], m->end_data = v[45], m->start_brk = v[46];
	m->arg_start = v[47], m->arg_end = v[48], m->env_start = v[49], m->env_end = v[50];
	m->brk = (unsigned long)syscall(SYS_brk, 0);
	m->exe_fd = (unsigned int)-1; /* unchanged, as the auxv (size 0) */
	return true;
}

/*
 * Before hvm-exec's own malloc first runs: Linux started hvm-exec's break
 * where it starts a static PIE's, at ELF_ET_DYN_BASE where a PIE program
 * goes (Linux 6.1 when it randomizes, later kernels always), so it moves
 * to just after hvm-exec's image, where it can hardly grow: musl's malloc
 * then takes mmap memory, away from the program, and its later brk calls
 * fail (the program's break is below hvm-exec's image, with mappings in
 * between) instead of moving the program's. Where Linux had put it tells
 * where this kernel puts a static PIE program's break (program_break).
 */
void mv_exec_move_loader_break(struct mv_exec *x)
{
	extern char _end[]; /* the end of hvm-exec's image (the linker's) */
	unsigned long own = mv_page_up((unsigned long)_end);
	struct mv_prctl_mm_map map;

	x->loader_brk = (unsigned long)syscall(SYS_brk, 0);
	if (!at_dyn_base(x->loader_brk) || !current_mm_map(&map))
		return;
	map.start_brk = map.brk = own;
	prctl(PR_SET_MM, PR_SET_MM_MAP, (unsigned long)&map, sizeof(map), 0); /* else: as it was */
}

/* Where Linux would start the program's break. */
static unsigned long program_break(const struct mv_exec *x)
{
	unsigned long brk = mv_page_up(x->prog.end);
	unsigned long rnd = 0;

	if (x->prog.pie && !x->prog.has_interp && at_dyn_base(x->loader_brk)) {
		/* A static PIE, where this kernel put hvm-exec's (a later one leaves a page free). */
		if (!x->randomize)
			return x->loader_brk;
		brk = MV_ELF_ET_DYN_BASE;
	}
	if (x->randomize && getrandom(&rnd, sizeof(rnd), 0) == sizeof(rnd))
		brk += (rnd % (MV_BRK_RND / MV_PAGE_SIZE)) * MV_PAGE_SIZE;
	return brk;
}

int mv_exec_become(struct mv_exec *x)
{
	const char *name = strrchr(x->execfn, '/') ? strrchr(x->execfn, '/') + 1 : x->execfn;
	struct mv_prctl_mm_map map = {
		.start_code = x->prog.start_code,
		.end_code = x->prog.end_code,
		.start_data = x->prog.start_data,
		.end_data = x->prog.end_data,
		.start_stack = x->stack_top,
		.arg_start = x->arg_start,
		.arg_end = x->arg_end,
		.env_start = x->env_start,
		.env_end = x->env_end,
		.auxv = (unsigned long long *)x->auxv,
		.auxv_size = (unsigned int)x->auxv_bytes,
		.exe_fd = (unsigned int)x->prog_file.fd,
	};

	if (map.start_code >= map.end_code) { /* no executable segment: Linux counts nothing */
		map.start_code = x->prog.start_data;
		map.end_code = map.start_code + 1;
	}
	map.start_brk = map.brk = program_break(x);
	if (prctl(PR_SET_MM, PR_SET_MM_MAP, (unsigned long)&map, sizeof(map), 0))
		return mv_exec_fail(
			x, MV_EXEC_CANNOT_RUN,
			"%s: cannot make this process the program's (prctl PR_SET_MM_MAP: %s)%s",
			x->execfn, strerror(errno),
			errno == EPERM
				? ": hvm-exec needs root (CAP_SYS_RESOURCE and CAP_SYS_ADMIN)"
				: "");
	prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
	return 0;
}
