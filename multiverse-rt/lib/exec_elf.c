// SPDX-License-Identifier: MIT
/*
 * hvm-exec's ELF loader: one image (the program, or the interpreter its
 * PT_INTERP names) checked and mapped as Linux's binfmt_elf maps it.
 *
 * Checks, each failure one message naming the file (status 126, as the
 * shell gives for a file it cannot execute): a 64-bit little-endian
 * x86-64 ELF executable or shared object (ET_EXEC, ET_DYN), program
 * headers of the right size within one page and within the file, every
 * PT_LOAD within the file ("truncated" otherwise), its file offset and
 * address congruent modulo the page size, at most one PT_INTERP, a path
 * ending in its NUL.
 *
 * Placement, as Linux's: an ET_EXEC at its link addresses; a PIE program
 * with an interpreter at ELF_ET_DYN_BASE (plus a random page offset of up
 * to 2^28 pages when Linux randomizes), aligned to its largest p_align;
 * an interpreter or a static PIE wherever mmap puts it. The whole span is
 * reserved first (so segments cannot land on anything else), each
 * PT_LOAD is mapped from the file with its own protection, the bytes past
 * p_filesz are zero (the rest of the last file page cleared, anonymous
 * pages beyond), and the holes between segments are unmapped again.
 */
#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mv_exec.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
/* Linux's mmap_rnd_bits on x86-64: a PIE's base moves by up to 2^28 pages. */
#define MV_MMAP_RND_BITS 28

static int elf_prot(Elf64_Word flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

static bool read_all(int fd, void *buf, size_t len, off_t off)
{
	ssize_t n = pread(fd, buf, len, off);

	return n == (ssize_t)len;
}

/* The ELF header: why this is no program hvm-exec can run, or 0. */
static int elf_check_header(struct mv_exec *x, const char *path, const Elf64_Ehdr *eh, off_t size)
{
	if (size < (off_t)sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return mv_exec_fail(
			x, MV_EXEC_CANNOT_RUN,
			"%s: cannot execute: not an ELF program nor a '#!' script (Exec format error)",
			path);
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return mv_exec_fail(
			x, MV_EXEC_CANNOT_RUN,
			"%s: cannot execute: a 32-bit ELF program; hvm-exec runs x86-64 (64-bit) programs (run it natively, without hvm-exec)",
			path);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64)
		return mv_exec_fail(
			x, MV_EXEC_CANNOT_RUN,
			"%s: cannot execute: an ELF program for another machine (e_machine %u, not x86-64)",
			path, eh->e_machine);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return mv_exec_fail(
			x, MV_EXEC_CANNOT_RUN,
			"%s: cannot execute: an ELF file that is no program (e_type %u: an object file or a core dump?)",
			path, eh->e_type);
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || !eh->e_phnum || eh->e_phnum > MV_MAX_PHNUM)
		return mv_exec_fail(
			x, MV_EXEC_CANNOT_RUN,
			"%s: cannot execute: malformed ELF program headers (%u of %u bytes)", path,
			eh->e_phnum, eh->e_phentsize);
	if (eh->e_phoff > (unsigned long)size ||
	    eh->e_phnum * sizeof(Elf64_Phdr) > (unsigned long)size - eh->e_phoff)
		return mv_exec_fail(
			x, MV_EXEC_CANNOT_RUN,
			"%s: cannot execute: truncated: its program headers end at byte %lu, the file has %lld bytes",
			path, (unsigned long)(eh->e_phoff + eh->e_phnum * sizeof(Elf64_Phdr)),
			(long long)size);
	return 0;
}

/* Every PT_LOAD within the file and mappable; PT_INTERP read into f->interp. */
static int elf_check_segments(struct mv_exec *x, int fd, const char *path, const Elf64_Phdr *ph,
			      unsigned int phnum, off_t size, struct mv_elf_file *f)
{
	bool interp = false;

	for (unsigned int i = 0; i < phnum; i++) {
		const Elf64_Phdr *p = &ph[i];

		if (p->p_type == PT_GNU_STACK)
			f->exec_stack = p->p_flags & PF_X;
		if (p->p_type == PT_INTERP) {
			if (interp || p->p_filesz < 2 || p->p_filesz > sizeof(f->interp) ||
			    p->p_offset + p->p_filesz > (unsigned long)size ||
			    !read_all(fd, f->interp, p->p_filesz, (off_t)p->p_offset) ||
			    f->interp[p->p_filesz - 1])
				return mv_exec_fail(
					x, MV_EXEC_CANNOT_RUN,
					"%s: cannot execute: malformed PT_INTERP (interpreter path)",
					path);
			interp = true;
		}
		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_offset + p->p_filesz > (unsigned long)size ||
		    p->p_offset > (unsigned long)size)
			return mv_exec_fail(
				x, MV_EXEC_CANNOT_RUN,
				"%s: cannot execute: truncated: segment %u needs bytes up to %lu, the file has %lld",
				path, i, (unsigned long)(p->p_offset + p->p_filesz),
				(long long)size);
		if (p->p_filesz > p->p_memsz || p->p_vaddr + p->p_memsz < p->p_vaddr ||
		    p->p_vaddr + p->p_memsz > MV_TASK_SIZE ||
		    (p->p_vaddr - p->p_offset) % MV_PAGE_SIZE)
			return mv_exec_fail(
				x, MV_EXEC_CANNOT_RUN,
				"%s: cannot execute: segment %u cannot be mapped (address 0x%lx, offset 0x%lx, sizes 0x%lx/0x%lx)",
				path, i, (unsigned long)p->p_vaddr, (unsigned long)p->p_offset,
				(unsigned long)p->p_filesz, (unsigned long)p->p_memsz);
	}
	if (!interp)
		f->interp[0] = '\0';
	return 0;
}

/* The PT_LOAD span [*lo, *hi) at link addresses, and the largest alignment asked. */
static void elf_span(const Elf64_Phdr *ph, unsigned int phnum, unsigned long *lo, unsigned long *hi,
		     unsigned long *align)
{
	*lo = ~0ul;
	*hi = 0;
	*align = MV_PAGE_SIZE;
	for (unsigned int i = 0; i < phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (mv_page_down(ph[i].p_vaddr) < *lo)
			*lo = mv_page_down(ph[i].p_vaddr);
		if (mv_page_up(ph[i].p_vaddr + ph[i].p_memsz) > *hi)
			*hi = mv_page_up(ph[i].p_vaddr + ph[i].p_memsz);
		if (ph[i].p_align > *align && !(ph[i].p_align & (ph[i].p_align - 1)))
			*align = ph[i].p_align;
	}
}

/* Reserve @len bytes aligned to @align anywhere (mmap's choice); MAP_FAILED if none. */
static char *reserve_anywhere(unsigned long len, unsigned long align)
{
	char *p = mmap(NULL, len + align - MV_PAGE_SIZE, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	unsigned long start, extra;

	if (p == MAP_FAILED)
		return p;
	start = ((unsigned long)p + align - 1) & ~(align - 1);
	extra = start - (unsigned long)p;
	if (extra)
		munmap(p, extra);
	if (align - MV_PAGE_SIZE - extra)
		munmap((char *)start + len, align - MV_PAGE_SIZE - extra);
	return (char *)start;
}

/*
 * Reserve the image's span and return the bias (load address minus link
 * address), or -1 with x->why set.
 */
static long elf_reserve(struct mv_exec *x, const char *path, const Elf64_Ehdr *eh,
			const Elf64_Phdr *ph, bool is_interp, bool has_interp)
{
	unsigned long lo, hi, align, want;
	char *p;

	elf_span(ph, eh->e_phnum, &lo, &hi, &align);
	if (hi <= lo)
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "%s: cannot execute: no loadable segment", path);
	if (eh->e_type == ET_EXEC) {
		p = mmap((void *)lo, hi - lo, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
		if (p == (char *)lo)
			return 0;
		if (p != MAP_FAILED)
			munmap(p,
			       hi - lo); /* a kernel without MAP_FIXED_NOREPLACE: treat as taken */
		return mv_exec_fail(
			x, MV_EXEC_CANNOT_RUN,
			"%s: cannot execute: its addresses 0x%lx-0x%lx are taken in this process (%s)",
			path, lo, hi, strerror(p == MAP_FAILED ? errno : EEXIST));
	}
	if (!is_interp && has_interp) {
		want = MV_ELF_ET_DYN_BASE;
		if (x->randomize) {
			unsigned long rnd = 0;

			if (getrandom(&rnd, sizeof(rnd), 0) == sizeof(rnd))
				want += (rnd & ((1ul << MV_MMAP_RND_BITS) - 1)) * MV_PAGE_SIZE;
		}
		want &= ~(align - 1);
		p = mmap((void *)want, hi - lo, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
		if (p == (char *)want)
			return (long)(want - lo);
		if (p != MAP_FAILED)
			munmap(p, hi - lo);
		/* Taken (something is mapped there already): wherever mmap puts it. */
	}
	p = reserve_anywhere(hi - lo, align);
	if (p == MAP_FAILED)
		return mv_exec_fail(
			x, MV_EXEC_CANNOT_RUN,
			"%s: cannot execute: no room for its %lu KiB in the address space (%s)",
			path, (hi - lo) >> 10, strerror(errno));
	return (long)((unsigned long)p - lo);
}

/* Map one PT_LOAD at bias; the bytes past p_filesz zero. */
static int elf_map_segment(struct mv_exec *x, int fd, const char *path, const Elf64_Phdr *p,
			   unsigned long bias)
{
	unsigned long start = bias + p->p_vaddr, map = mv_page_down(start);
	unsigned long file_end = start + p->p_filesz, mem_end = start + p->p_memsz;
	int prot = elf_prot(p->p_flags);
	bool zero_tail =
		p->p_filesz && p->p_memsz > p->p_filesz && file_end != mv_page_up(file_end);

	if (p->p_filesz &&
	    mmap((void *)map, mv_page_up(file_end) - map, zero_tail ? prot | PROT_WRITE : prot,
		 MAP_PRIVATE | MAP_FIXED, fd, (off_t)(p->p_offset - (start - map))) == MAP_FAILED)
		goto failed;
	if (zero_tail) {
		memset((void *)file_end, 0, mv_page_up(file_end) - file_end);
		if (!(prot & PROT_WRITE))
			mprotect((void *)map, mv_page_up(file_end) - map, prot);
	}
	if (mv_page_up(mem_end) > mv_page_up(file_end) &&
	    mmap((void *)(p->p_filesz ? mv_page_up(file_end) : map),
		 mv_page_up(mem_end) - (p->p_filesz ? mv_page_up(file_end) : map), prot,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		goto failed;
	return 0;
failed:
	return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
			    "%s: cannot execute: mapping a segment at 0x%lx failed (%s)", path,
			    start, strerror(errno));
}

/* What Linux counts per image (binfmt_elf: start_code .. end_data), and where the break may start. */
static void elf_account(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, unsigned long bias,
			struct mv_exec_image *img)
{
	unsigned long prev_end = 0;

	img->start_code = ~0ul;
	img->end_code = img->start_data = img->end_data = img->end = 0;
	img->phdr = 0;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *p = &ph[i];

		if (p->p_type == PT_PHDR)
			img->phdr = bias + p->p_vaddr;
		if (p->p_type != PT_LOAD)
			continue;
		if (!img->phdr && eh->e_phoff >= p->p_offset &&
		    eh->e_phoff < p->p_offset + p->p_filesz)
			img->phdr = bias + p->p_vaddr + (eh->e_phoff - p->p_offset);
		if ((p->p_flags & PF_X) && bias + p->p_vaddr < img->start_code)
			img->start_code = bias + p->p_vaddr;
		if (bias + p->p_vaddr > img->start_data)
			img->start_data = bias + p->p_vaddr;
		if ((p->p_flags & PF_X) && bias + p->p_vaddr + p->p_filesz > img->end_code)
			img->end_code = bias + p->p_vaddr + p->p_filesz;
		if (bias + p->p_vaddr + p->p_filesz > img->end_data)
			img->end_data = bias + p->p_vaddr + p->p_filesz;
		if (bias + p->p_vaddr + p->p_memsz > img->end)
			img->end = bias + p->p_vaddr + p->p_memsz;
		/* Unmap the reserved hole before this segment, as Linux leaves none. */
		if (prev_end && mv_page_down(bias + p->p_vaddr) > prev_end)
			munmap((void *)prev_end, mv_page_down(bias + p->p_vaddr) - prev_end);
		prev_end = mv_page_up(bias + p->p_vaddr + p->p_memsz);
	}
	if (img->start_code == ~0ul)
		img->start_code = img->end_code = 0;
	img->entry = eh->e_entry + bias;
	img->phnum = eh->e_phnum;
	img->bias = bias;
	img->pie = eh->e_type == ET_DYN;
}

int mv_elf_check(struct mv_exec *x, int fd, const char *path, bool is_interp, struct mv_elf_file *f)
{
	struct stat st;

	memset(f, 0, sizeof(*f));
	f->fd = fd;
	if (fstat(fd, &st))
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN, "%s: cannot execute: %s", path,
				    strerror(errno));
	if (pread(fd, &f->eh, sizeof(f->eh), 0) < 0)
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "%s: cannot execute: reading it failed (%s)", path,
				    strerror(errno));
	if (elf_check_header(x, path, &f->eh, st.st_size))
		return -1;
	if (!read_all(fd, f->ph, f->eh.e_phnum * sizeof(Elf64_Phdr), (off_t)f->eh.e_phoff))
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN,
				    "%s: cannot execute: reading its program headers failed", path);
	if (elf_check_segments(x, fd, path, f->ph, f->eh.e_phnum, st.st_size, f))
		return -1;
	if (is_interp)
		f->interp[0] = '\0'; /* Linux loads no interpreter of an interpreter */
	if (f->eh.e_entry == 0 && f->eh.e_type == ET_EXEC)
		return mv_exec_fail(x, MV_EXEC_CANNOT_RUN, "%s: cannot execute: no entry point",
				    path);
	return 0;
}

int mv_elf_map(struct mv_exec *x, const struct mv_elf_file *f, const char *path, bool is_interp,
	       struct mv_exec_image *img)
{
	long bias;

	memset(img, 0, sizeof(*img));
	bias = elf_reserve(x, path, &f->eh, f->ph, is_interp, f->interp[0] != '\0');
	if (bias == -1)
		return -1;
	for (unsigned int i = 0; i < f->eh.e_phnum; i++)
		if (f->ph[i].p_type == PT_LOAD &&
		    elf_map_segment(x, f->fd, path, &f->ph[i], (unsigned long)bias))
			return -1;
	elf_account(&f->eh, f->ph, (unsigned long)bias, img);
	img->has_interp = f->interp[0] != '\0';
	if (!img->phdr)
		return mv_exec_fail(
			x, MV_EXEC_CANNOT_RUN,
			"%s: cannot execute: its program headers are in no loaded segment", path);
	return 0;
}
