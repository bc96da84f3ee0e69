// SPDX-License-Identifier: GPL-2.0
/*
 * The built hvm-kernel image has the shape the loader relies on
 * (memlayout.h): an x86-64 ELF executable whose loadable segments are linked
 * at KERNEL_VBASE + their partition offset, with the entry point in the
 * first, and an "HVM" identification note carrying the ABI magic/revision.
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hvm/abi.h>

#include "memlayout.h"

static unsigned char *image;
static size_t image_size;

static void load_image(void)
{
	const char *path = getenv("HVM_KERNEL_ELF");
	FILE *f;

	cr_assert_not_null(path, "HVM_KERNEL_ELF is not set (meson test sets it)");
	f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	image_size = (size_t)ftell(f);
	rewind(f);
	image = malloc(image_size);
	cr_assert_eq(fread(image, 1, image_size, f), image_size);
	fclose(f);
}

TestSuite(kernel_image, .init = load_image);

Test(kernel_image, elf64_x86_64_executable)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)image;

	cr_assert_arr_eq(eh->e_ident, ELFMAG, SELFMAG);
	cr_assert_eq(eh->e_ident[EI_CLASS], ELFCLASS64);
	cr_assert_eq(eh->e_machine, EM_X86_64);
	cr_assert_eq(eh->e_type, ET_EXEC);
}

Test(kernel_image, segments_linked_at_partition_offsets)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
	Elf64_Phdr *ph = (Elf64_Phdr *)(image + eh->e_phoff);
	int loads = 0, entry_found = 0;

	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		loads++;
		cr_expect_eq(ph[i].p_vaddr - ph[i].p_paddr, KERNEL_VBASE,
			     "segment %d: vaddr %#lx paddr %#lx", i, ph[i].p_vaddr, ph[i].p_paddr);
		cr_expect_geq(ph[i].p_paddr, KERNEL_LINK_OFFSET);
		if (eh->e_entry >= ph[i].p_vaddr && eh->e_entry < ph[i].p_vaddr + ph[i].p_memsz)
			entry_found = 1;
	}
	cr_assert_gt(loads, 0);
	cr_assert(entry_found, "entry %#lx is in no loadable segment", eh->e_entry);
}

Test(kernel_image, carries_identification_note)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)image;
	Elf64_Phdr *ph = (Elf64_Phdr *)(image + eh->e_phoff);

	for (int i = 0; i < eh->e_phnum; i++) {
		Elf64_Nhdr *n = (Elf64_Nhdr *)(image + ph[i].p_offset);
		struct hvm_ident_desc *desc = (struct hvm_ident_desc *)((char *)(n + 1) + 4);

		if (ph[i].p_type != PT_NOTE || n->n_namesz != 4 || memcmp(n + 1, "HVM", 4))
			continue;
		cr_assert_eq(n->n_type, HVM_IDENT_NOTE_TYPE);
		cr_assert_eq(n->n_descsz, sizeof(*desc));
		cr_assert_eq(desc->magic, HVM_ABI_MAGIC);
		cr_assert_eq(desc->revision, HVM_ABI_REVISION);
		cr_assert_str_eq(desc->tag, "default");
		return;
	}
	cr_assert_fail("no HVM identification note in the image");
}
