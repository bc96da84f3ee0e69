// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the hvm-kernel image check shared with hvm.ko (elf_check.c),
 * on small ELF images built in memory: the valid one is accepted with the
 * right description, each kind of damage is refused with its own message
 * and without touching *out, and no truncation or header corruption makes
 * the check read outside the image (which ends at a PROT_NONE page here).
 */
#include <criterion/criterion.h>
#include <ctype.h>
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <hvm/boot.h>
#include <hvm/ioctl.h>

#include "hvm_elf.h"

#define PART (512ULL << 20)

/*
 * The valid test image, 392 bytes:
 *   0    ELF header
 *   64   program headers: 0 text (PT_LOAD R X), 1 data (PT_LOAD R W), 2 notes (PT_NOTE)
 *   232  notes: a "GNU" note with a 5-byte description, then the "HVM" note
 *   296  text, 64 bytes at partition offset 0x200000 (holds the entry point)
 *   360  data, 32 bytes of 0x1800 at partition offset 0x201000
 */
#define PH_OFF 64
#define NOTE_OFF 232
#define NOTE_SIZE 64
#define HVM_NOTE_OFF (NOTE_OFF + 24)
#define TEXT_OFF 296
#define TEXT_SIZE 64
#define DATA_OFF 360
#define DATA_FILESZ 32
#define DATA_MEMSZ 0x1800
#define IMG_SIZE 392
#define TEXT_PADDR 0x200000ULL
#define DATA_PADDR 0x201000ULL
#define ENTRY (HVM_KERNEL_VBASE + TEXT_PADDR + 0x10)

struct test_image {
	_Alignas(8) unsigned char b[IMG_SIZE];
};

static Elf64_Ehdr *ehdr(struct test_image *img)
{
	return (Elf64_Ehdr *)img->b;
}

static Elf64_Phdr *phdr(struct test_image *img, int i)
{
	return (Elf64_Phdr *)(img->b + PH_OFF) + i;
}

/* The "HVM" note's header, then name and struct hvm_ident_desc {magic, revision, tag}. */
static Elf64_Nhdr *hvm_note(struct test_image *img)
{
	return (Elf64_Nhdr *)(img->b + HVM_NOTE_OFF);
}

static struct hvm_ident_desc *hvm_note_desc(struct test_image *img)
{
	return (struct hvm_ident_desc *)(img->b + HVM_NOTE_OFF + sizeof(Elf64_Nhdr) + 4);
}

static void put_note(unsigned char *p, const char *name, __u32 descsz, __u32 type)
{
	Elf64_Nhdr nh = {.n_namesz = 4, .n_descsz = descsz, .n_type = type};

	memcpy(p, &nh, sizeof(nh));
	memcpy(p + sizeof(nh), name, 4);
}

static void put_load(struct test_image *img, int i, __u64 off, __u64 filesz, __u64 memsz,
		     __u64 paddr, __u32 flags)
{
	*phdr(img, i) = (Elf64_Phdr){.p_type = PT_LOAD,
				     .p_flags = flags,
				     .p_offset = off,
				     .p_vaddr = HVM_KERNEL_VBASE + paddr,
				     .p_paddr = paddr,
				     .p_filesz = filesz,
				     .p_memsz = memsz,
				     .p_align = 0x1000};
}

static void make_image(struct test_image *img)
{
	static const struct hvm_ident_desc ident = {HVM_ABI_MAGIC, HVM_ABI_REVISION, "unit"};
	Elf64_Ehdr *eh = ehdr(img);

	memset(img, 0, sizeof(*img));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = ENTRY;
	eh->e_phoff = PH_OFF;
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 3;
	put_load(img, 0, TEXT_OFF, TEXT_SIZE, TEXT_SIZE, TEXT_PADDR, PF_R | PF_X);
	put_load(img, 1, DATA_OFF, DATA_FILESZ, DATA_MEMSZ, DATA_PADDR, PF_R | PF_W);
	*phdr(img, 2) = (Elf64_Phdr){.p_type = PT_NOTE,
				     .p_flags = PF_R,
				     .p_offset = NOTE_OFF,
				     .p_filesz = NOTE_SIZE,
				     .p_memsz = NOTE_SIZE,
				     .p_align = 4};
	put_note(img->b + NOTE_OFF, "GNU", 5, 3);
	put_note(img->b + HVM_NOTE_OFF, "HVM", sizeof(ident), HVM_IDENT_NOTE_TYPE);
	memcpy(hvm_note_desc(img), &ident, sizeof(ident));
	memset(img->b + TEXT_OFF, 0x90, TEXT_SIZE);
	memset(img->b + DATA_OFF, 0x5a, DATA_FILESZ);
}

/*
 * A copy of image[0..len) that ends exactly where a PROT_NONE page starts,
 * so a read past the end crashes the test. Freed by free_guarded().
 */
static unsigned char *guarded_copy(const void *image, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t data = (len + page - 1) / page * page;
	unsigned char *base;

	if (!data)
		data = page;
	base = mmap(NULL, data + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	cr_assert_neq(base, MAP_FAILED);
	cr_assert_eq(mprotect(base + data, page, PROT_NONE), 0);
	memcpy(base + data - len, image, len);
	return base + data - len;
}

static void free_guarded(unsigned char *copy, size_t len)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t data = (len + page - 1) / page * page;

	if (!data)
		data = page;
	munmap(copy + len - data, data + page);
}

/* Refused, with a message holding needle and following the house rules, and *out untouched. */
static void check_rejected(const void *image, __u64 size, __u64 partition_size, const char *needle)
{
	struct hvm_elf_image out, untouched;
	char err[512];

	memset(&out, 0xaa, sizeof(out));
	memset(&untouched, 0xaa, sizeof(untouched));
	memset(err, 0, sizeof(err));
	cr_assert_eq(hvm_elf_check(image, size, partition_size, &out, err, sizeof(err)), -1,
		     "accepted; expected a message with \"%s\"", needle);
	cr_assert(strstr(err, needle), "message \"%s\" lacks \"%s\"", err, needle);
	cr_assert(islower((unsigned char)err[0]), "message \"%s\" does not start lower-case", err);
	cr_assert(!strchr(err, '\n'), "message \"%s\" has a newline", err);
	cr_assert(strncmp(err, "hvm:", 4), "message \"%s\" has the caller's prefix", err);
	cr_assert_lt(strlen(err), HVM_ERROR_LEN, "message \"%s\" does not fit HVM_ERROR_LEN", err);
	cr_assert(!memcmp(&out, &untouched, sizeof(out)), "*out was written on failure");
}

static void check_image_rejected(struct test_image *img, const char *needle)
{
	check_rejected(img->b, IMG_SIZE, PART, needle);
}

Test(elf_check, accepts_valid_image)
{
	struct test_image img;
	struct hvm_elf_image out;
	char err[256] = "";

	make_image(&img);
	memset(&out, 0xaa, sizeof(out));
	cr_assert_eq(hvm_elf_check(img.b, IMG_SIZE, PART, &out, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(out.entry, ENTRY);
	cr_assert_eq(out.end, 0x203000ULL);
	cr_assert_eq(out.abi_revision, HVM_ABI_REVISION);
	cr_assert_str_eq(out.tag, "unit");
	cr_assert_eq(out.nr_segments, 2);
	cr_assert_eq(out.segments[0].file_offset, TEXT_OFF);
	cr_assert_eq(out.segments[0].file_size, TEXT_SIZE);
	cr_assert_eq(out.segments[0].mem_size, TEXT_SIZE);
	cr_assert_eq(out.segments[0].part_offset, TEXT_PADDR);
	cr_assert_eq(out.segments[0].flags, PF_R | PF_X);
	cr_assert_eq(out.segments[1].file_offset, DATA_OFF);
	cr_assert_eq(out.segments[1].file_size, DATA_FILESZ);
	cr_assert_eq(out.segments[1].mem_size, DATA_MEMSZ);
	cr_assert_eq(out.segments[1].part_offset, DATA_PADDR);
	cr_assert_eq(out.segments[1].flags, PF_R | PF_W);
	cr_assert_eq(out.segments[2].mem_size, 0, "unused segment slots are cleared");
}

Test(elf_check, accepts_touching_segments_and_exact_partition_fit)
{
	struct test_image img;
	struct hvm_elf_image out;
	char err[256] = "";

	make_image(&img);
	phdr(&img, 1)->p_paddr = TEXT_PADDR + TEXT_SIZE;
	phdr(&img, 1)->p_vaddr = HVM_KERNEL_VBASE + TEXT_PADDR + TEXT_SIZE;
	cr_assert_eq(hvm_elf_check(img.b, IMG_SIZE, PART, &out, err, sizeof(err)), 0, "%s", err);
	make_image(&img);
	phdr(&img, 1)->p_paddr = PART - DATA_MEMSZ;
	phdr(&img, 1)->p_vaddr = HVM_KERNEL_VBASE + PART - DATA_MEMSZ;
	cr_assert_eq(hvm_elf_check(img.b, IMG_SIZE, PART, &out, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(out.end, PART);
}

Test(elf_size, empty)
{
	struct test_image img;

	make_image(&img);
	check_rejected(img.b, 0, PART, "the image is empty (0 bytes)");
}

Test(elf_size, larger_than_limit)
{
	__u64 size = HVM_ELF_MAX_IMAGE_SIZE + 1;
	unsigned char *big = calloc(1, size);
	struct test_image img;

	cr_assert_not_null(big);
	make_image(&img);
	memcpy(big, img.b, IMG_SIZE);
	check_rejected(big, size, 1ULL << 40,
		       "the image is 67108865 bytes, more than the 64 MiB limit");
	free(big);
}

Test(elf_size, larger_than_partition)
{
	struct test_image img;

	make_image(&img);
	check_rejected(img.b, IMG_SIZE, 256,
		       "the image is 392 bytes, more than the 256-byte HRT partition");
}

Test(elf_truncated, shorter_than_header)
{
	struct test_image img;

	make_image(&img);
	check_rejected(img.b, 40, PART, "truncated: 40 bytes, shorter than the 64-byte ELF header");
}

Test(elf_truncated, program_headers_past_end)
{
	struct test_image img;

	make_image(&img);
	check_rejected(img.b, 200, PART, "the program header table (file offset 0x40, 3 entries");
	ehdr(&img)->e_phoff = ~0ULL - 10;
	check_image_rejected(&img, "the program header table (file offset 0xfffffffffffffff5");
}

Test(elf_truncated, segment_past_end)
{
	struct test_image img;

	make_image(&img);
	phdr(&img, 1)->p_offset = ~0ULL - 8;
	check_image_rejected(
		&img,
		"segment 1 (file offset 0xfffffffffffffff7, 0x20 bytes) extends past the end");
	make_image(&img);
	phdr(&img, 0)->p_filesz = IMG_SIZE;
	phdr(&img, 0)->p_memsz = IMG_SIZE;
	check_image_rejected(&img,
			     "segment 0 (file offset 0x128, 0x188 bytes) extends past the end");
	make_image(&img);
	phdr(&img, 2)->p_filesz = IMG_SIZE;
	check_image_rejected(&img, "segment 2 (file offset 0xe8");
}

Test(elf_header, not_elf)
{
	static const char script[] = "#!/bin/sh\necho this is not an hvm-kernel\n";

	check_rejected(script, sizeof(script) - 1, PART,
		       "not an ELF file (it starts with 23 21 2f 62");
	check_rejected("\x7f"
		       "EL",
		       3, PART, "truncated: 3 bytes");
	check_rejected("\x7f"
		       "X",
		       2, PART, "not an ELF file");
}

Test(elf_header, wrong_class)
{
	struct test_image img;

	make_image(&img);
	ehdr(&img)->e_ident[EI_CLASS] = ELFCLASS32;
	check_image_rejected(&img, "ELF class 1, not 64-bit");
}

Test(elf_header, wrong_byte_order)
{
	struct test_image img;

	make_image(&img);
	ehdr(&img)->e_ident[EI_DATA] = ELFDATA2MSB;
	check_image_rejected(&img, "byte order 2, not little-endian");
}

Test(elf_header, wrong_version)
{
	struct test_image img;

	make_image(&img);
	ehdr(&img)->e_version = 0;
	check_image_rejected(&img, "ELF version 1 (e_ident) and 0 (e_version), expected 1");
	make_image(&img);
	ehdr(&img)->e_ident[EI_VERSION] = 2;
	check_image_rejected(&img, "ELF version 2 (e_ident) and 1 (e_version)");
}

Test(elf_header, wrong_machine)
{
	struct test_image img;

	make_image(&img);
	ehdr(&img)->e_machine = EM_AARCH64;
	check_image_rejected(&img, "machine 183 (e_machine: AArch64), not x86-64");
	ehdr(&img)->e_machine = 999;
	check_image_rejected(&img, "machine 999 (e_machine: another architecture)");
}

Test(elf_header, wrong_type)
{
	struct test_image img;

	make_image(&img);
	ehdr(&img)->e_type = ET_DYN;
	check_image_rejected(&img, "ELF type 3 (e_type), not an executable");
}

Test(elf_header, bad_phentsize)
{
	struct test_image img;

	make_image(&img);
	ehdr(&img)->e_phentsize = 64;
	check_image_rejected(&img, "program headers of 64 bytes (e_phentsize), expected 56");
}

Test(elf_header, no_program_headers)
{
	struct test_image img;

	make_image(&img);
	ehdr(&img)->e_phnum = 0;
	check_image_rejected(&img, "no program headers (e_phnum is 0)");
}

Test(elf_header, too_many_loads)
{
	enum { NR = HVM_ELF_MAX_SEGMENTS + 1 };
	_Alignas(8) unsigned char b[sizeof(Elf64_Ehdr) + NR * sizeof(Elf64_Phdr)];
	struct test_image img;
	Elf64_Phdr *ph = (Elf64_Phdr *)(b + sizeof(Elf64_Ehdr));

	make_image(&img);
	memset(b, 0, sizeof(b));
	memcpy(b, img.b, sizeof(Elf64_Ehdr));
	((Elf64_Ehdr *)b)->e_phnum = NR;
	for (int i = 0; i < NR; i++)
		ph[i].p_type = PT_LOAD;
	check_rejected(b, sizeof(b), PART, "17 PT_LOAD segments, more than the 16");
}

Test(elf_segment, filesz_over_memsz)
{
	struct test_image img;

	make_image(&img);
	phdr(&img, 0)->p_memsz = 0x20;
	check_image_rejected(&img, "segment 0 has p_filesz 0x40, more than its p_memsz 0x20");
}

Test(elf_segment, not_linked_for_hvm)
{
	struct test_image img;

	make_image(&img);
	phdr(&img, 1)->p_vaddr = DATA_PADDR;
	check_image_rejected(
		&img,
		"segment 1 is linked at vaddr 0x201000 for paddr 0x201000: not an hvm-kernel image (link it with hvm-kernel/arch/x86_64/kernel.ld)");
}

Test(elf_segment, in_boot_area)
{
	struct test_image img;

	make_image(&img);
	phdr(&img, 0)->p_paddr = 0x100000;
	phdr(&img, 0)->p_vaddr = HVM_KERNEL_VBASE + 0x100000;
	check_image_rejected(
		&img,
		"segment 0 starts at partition offset 0x100000, in the boot area below 0x200000");
}

Test(elf_segment, past_partition)
{
	struct test_image img;

	make_image(&img);
	phdr(&img, 1)->p_paddr = PART - 0x1000;
	phdr(&img, 1)->p_vaddr = HVM_KERNEL_VBASE + PART - 0x1000;
	check_image_rejected(
		&img, "segment 1 ends at partition offset 0x20000800, past the 512 MiB partition");
}

Test(elf_segment, wraps_around)
{
	struct test_image img;

	make_image(&img);
	phdr(&img, 1)->p_paddr = ~0ULL - 0xfff;
	phdr(&img, 1)->p_vaddr = HVM_KERNEL_VBASE + (~0ULL - 0xfff);
	check_image_rejected(
		&img, "segment 1 (partition offset 0xfffffffffffff000, 0x1800 bytes) wraps around");
}

Test(elf_segment, overlapping)
{
	struct test_image img;

	make_image(&img);
	phdr(&img, 1)->p_paddr = TEXT_PADDR + 0x20;
	phdr(&img, 1)->p_vaddr = HVM_KERNEL_VBASE + TEXT_PADDR + 0x20;
	check_image_rejected(
		&img,
		"segments 0 and 1 overlap in the partition (offsets 0x200000-0x200040 and 0x200020-0x201820)");
}

Test(elf_segment, no_load)
{
	struct test_image img;

	make_image(&img);
	phdr(&img, 0)->p_type = PT_NULL;
	phdr(&img, 1)->p_type = PT_GNU_STACK;
	check_image_rejected(&img, "no PT_LOAD segment");
}

Test(elf_entry, in_no_segment)
{
	struct test_image img;

	make_image(&img);
	ehdr(&img)->e_entry = HVM_KERNEL_VBASE + 0x300000;
	check_image_rejected(
		&img, "the entry point 0xffffffff80300000 is in no executable PT_LOAD segment");
	ehdr(&img)->e_entry = HVM_KERNEL_VBASE + TEXT_PADDR + TEXT_SIZE;
	check_image_rejected(&img, "the entry point 0xffffffff80200040 is in no executable");
	ehdr(&img)->e_entry = 0;
	check_image_rejected(&img, "the entry point 0x0 is in no executable");
}

Test(elf_entry, in_data_segment)
{
	struct test_image img;

	make_image(&img);
	ehdr(&img)->e_entry = HVM_KERNEL_VBASE + DATA_PADDR + 0x10;
	check_image_rejected(
		&img, "the entry point 0xffffffff80201010 is in no executable PT_LOAD segment");
}

Test(elf_note, no_note_segment)
{
	struct test_image img;

	make_image(&img);
	phdr(&img, 2)->p_type = PT_NULL;
	check_image_rejected(
		&img,
		"missing identification note: not an hvm-kernel image (it has no PT_NOTE segment");
}

Test(elf_note, no_hvm_note)
{
	struct test_image img;

	make_image(&img);
	memcpy(img.b + HVM_NOTE_OFF + sizeof(Elf64_Nhdr), "XVM", 4);
	check_image_rejected(
		&img,
		"missing identification note: not an hvm-kernel image (no \"HVM\" note in its 1 PT_NOTE segment(s)");
	make_image(&img);
	hvm_note(&img)->n_type = 2;
	check_image_rejected(&img, "no \"HVM\" note");
	make_image(&img);
	phdr(&img, 2)->p_filesz = 24; /* only the "GNU" note */
	check_image_rejected(&img, "no \"HVM\" note");
}

Test(elf_note, wrong_magic)
{
	struct test_image img;

	make_image(&img);
	hvm_note_desc(&img)->magic = 0x12345678;
	check_image_rejected(&img,
			     "the identification note has magic 0x12345678, expected 0x314d5648");
}

Test(elf_note, wrong_revision)
{
	struct test_image img;
	char needle[128];

	make_image(&img);
	hvm_note_desc(&img)->revision = HVM_ABI_REVISION + 1;
	snprintf(
		needle, sizeof(needle),
		"the image speaks ABI revision %u, hvm.ko speaks %u: rebuild hvm-kernel and hvm.ko from the same tree",
		HVM_ABI_REVISION + 1, HVM_ABI_REVISION);
	check_image_rejected(&img, needle);
}

Test(elf_note, short_description)
{
	struct test_image img;

	make_image(&img);
	hvm_note(&img)->n_descsz = 4;
	check_image_rejected(&img, "the identification note has a 4-byte description");
	hvm_note(&img)->n_descsz = 8; /* magic and revision, as before revision 7: no tag */
	check_image_rejected(
		&img,
		"the identification note has a 8-byte description, expected 24 (magic, revision and tag)");
}

/* An image tag of all 16 bytes comes out cut to 15 and terminated. */
Test(elf_note, tag_terminated)
{
	struct test_image img;
	struct hvm_elf_image out;
	char err[256] = "";

	make_image(&img);
	memset(hvm_note_desc(&img)->tag, 'x', HVM_IMAGE_TAG_LEN);
	cr_assert_eq(hvm_elf_check(img.b, IMG_SIZE, PART, &out, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(strlen(out.tag), HVM_IMAGE_TAG_LEN - 1);
}

Test(elf_note, malformed)
{
	struct test_image img;

	make_image(&img);
	hvm_note(&img)->n_namesz = 0x1000;
	check_image_rejected(
		&img, "segment 2 has a malformed note at file offset 0x100 (name 4096 bytes");
	hvm_note(&img)->n_namesz = 0xffffffff;
	check_image_rejected(&img, "malformed note");
	make_image(&img);
	hvm_note(&img)->n_descsz = 0xfffffffd;
	check_image_rejected(&img, "malformed note");
	make_image(&img);
	hvm_note(&img)->n_descsz = 25; /* padded to 28: one word past the segment */
	check_image_rejected(&img, "malformed note");
}

Test(elf_robust, small_error_buffer)
{
	struct hvm_elf_image out;
	char err[24];

	memset(err, '#', sizeof(err));
	cr_assert_eq(hvm_elf_check("", 0, PART, &out, err, 16), -1);
	cr_assert_eq(err[15], '\0');
	cr_assert_eq(err[16], '#');
	cr_assert_eq(hvm_elf_check("", 0, PART, &out, NULL, 0), -1);
}

Test(elf_robust, every_truncation_is_refused)
{
	struct test_image img;
	struct hvm_elf_image out;
	char err[512];

	make_image(&img);
	for (size_t len = 0; len <= IMG_SIZE; len++) {
		unsigned char *copy = guarded_copy(img.b, len);
		int ret = hvm_elf_check(copy, len, PART, &out, err, sizeof(err));

		if (len < IMG_SIZE)
			cr_assert_eq(ret, -1, "a %zu-byte truncation was accepted", len);
		else
			cr_assert_eq(ret, 0, "the full image was refused: %s", err);
		free_guarded(copy, len);
	}
}

/* A fixed-seed xorshift: the same corruptions on every run. */
static __u64 next_random(__u64 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* What an accepted image promises, whatever was flipped to get it. */
static void check_accepted_sane(const struct hvm_elf_image *out, __u64 size)
{
	cr_assert_leq(out->nr_segments, HVM_ELF_MAX_SEGMENTS);
	cr_assert_leq(out->end, PART);
	cr_assert_eq(out->abi_revision, HVM_ABI_REVISION);
	for (__u32 k = 0; k < out->nr_segments; k++) {
		const struct hvm_elf_segment *s = &out->segments[k];

		cr_assert_leq(s->file_offset, size);
		cr_assert_leq(s->file_size, size - s->file_offset);
		cr_assert_leq(s->file_size, s->mem_size);
		cr_assert_geq(s->part_offset, HVM_KERNEL_LINK_OFFSET);
		cr_assert_leq(s->part_offset + s->mem_size, out->end);
	}
}

Test(elf_robust, random_header_corruption)
{
	static const unsigned char special[] = {0x00, 0xff, 0x80, 0x7f, 0x01};
	__u64 state = 0x9e3779b97f4a7c15ULL;
	struct test_image img;
	struct hvm_elf_image out;
	char err[512];

	for (int iter = 0; iter < 5000; iter++) {
		unsigned char *copy;
		int flips = 1 + (int)(next_random(&state) % 4);

		make_image(&img);
		while (flips--) {
			__u64 r = next_random(&state);
			unsigned char *p = &img.b[r % TEXT_OFF];

			if ((r >> 32) & 1)
				*p = special[(r >> 40) % sizeof(special)];
			else
				*p ^= (unsigned char)(r >> 48);
		}
		copy = guarded_copy(img.b, IMG_SIZE);
		memset(err, 0, sizeof(err));
		if (hvm_elf_check(copy, IMG_SIZE, PART, &out, err, sizeof(err)) == 0)
			check_accepted_sane(&out, IMG_SIZE);
		else
			cr_assert(err[0] && memchr(err, '\0', sizeof(err)),
				  "refused without a message");
		free_guarded(copy, IMG_SIZE);
	}
}
