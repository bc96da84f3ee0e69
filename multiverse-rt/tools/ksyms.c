// SPDX-License-Identifier: MIT
/*
 * Symbol names for addresses in hvm-kernel, read from the ELF symbol table
 * of the image file, but only when the file is the very image that ran
 * (same FNV-1a hash as hvm.ko computed at boot): a rebuilt image on disk
 * would give plausible but wrong names.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hvmctl.h"

static unsigned char *image;
static size_t image_size;

static unsigned long long fnv1a(const unsigned char *p, size_t n)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	while (n--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Load the file once; NULL when missing or not the image that ran. */
static const unsigned char *load(const char *path, unsigned long long hash)
{
	struct stat sb;
	int fd;

	if (image || !path || !path[0])
		return image;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) == 0 && sb.st_size > (off_t)sizeof(Elf64_Ehdr)) {
		image = malloc((size_t)sb.st_size);
		image_size = (size_t)sb.st_size;
		if (image && (read(fd, image, image_size) != (ssize_t)image_size ||
			      fnv1a(image, image_size) != hash)) {
			free(image);
			image = NULL;
		}
	}
	close(fd);
	return image;
}

/* The symbol table section and its string table, bounds-checked. */
static int find_symtab(const Elf64_Sym **syms, size_t *count, const char **strs, size_t *strsize)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)image;
	const Elf64_Shdr *sh;

	if (eh->e_shoff > image_size || eh->e_shnum > (image_size - eh->e_shoff) / sizeof(*sh))
		return -1;
	sh = (const Elf64_Shdr *)(image + eh->e_shoff);
	for (int i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *st = &sh[sh[i].sh_link < eh->e_shnum ? sh[i].sh_link : 0];

		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_offset > image_size ||
		    sh[i].sh_size > image_size - sh[i].sh_offset || st->sh_offset > image_size ||
		    st->sh_size > image_size - st->sh_offset)
			continue;
		*syms = (const Elf64_Sym *)(image + sh[i].sh_offset);
		*count = sh[i].sh_size / sizeof(Elf64_Sym);
		*strs = (const char *)image + st->sh_offset;
		*strsize = st->sh_size;
		return 0;
	}
	return -1;
}

const char *ksyms_lookup(const char *path, unsigned long long hash, unsigned long long addr)
{
	static char out[160];
	const Elf64_Sym *syms, *best = NULL;
	const char *strs;
	size_t count, strsize;

	if (!load(path, hash) || find_symtab(&syms, &count, &strs, &strsize))
		return NULL;
	for (size_t i = 0; i < count; i++) {
		if (ELF64_ST_TYPE(syms[i].st_info) != STT_FUNC || syms[i].st_name >= strsize)
			continue;
		if (addr >= syms[i].st_value && (!best || syms[i].st_value > best->st_value))
			best = &syms[i];
	}
	if (!best || (best->st_size && addr >= best->st_value + best->st_size + 16))
		return NULL;
	snprintf(out, sizeof(out), "%.100s+%#llx", strs + best->st_name, addr - best->st_value);
	return out;
}
