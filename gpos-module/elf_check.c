// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of an hvm-kernel ELF image (hvm_elf.h), complete before the
 * loader changes anything in the partition. The image comes from user
 * space, so every field is untrusted: ranges are checked by subtraction (no
 * offset + size can wrap), headers are copied out with memcpy (no unaligned
 * access) and nothing outside image[0..size) is ever read. Pure code:
 * compiled into hvm.ko and into the host unit tests.
 */
#include "hvm_elf.h"

/* The few ELF64 constants this loader needs (private names: no clash with <linux/elf.h>). */
#define IMG_EI_CLASS 4
#define IMG_EI_DATA 5
#define IMG_EI_VERSION 6
#define IMG_ELFCLASS64 2
#define IMG_ELFDATA2LSB 1
#define IMG_EV_CURRENT 1
#define IMG_ET_EXEC 2
#define IMG_EM_X86_64 62
#define IMG_PT_LOAD 1
#define IMG_PT_NOTE 4
#define IMG_PF_X 1

#define IMG_ELF_PAGE_SIZE 4096ULL
#define IMG_KERNEL_LD "hvm-kernel/arch/x86_64/kernel.ld"

struct hvm_ehdr {
	unsigned char e_ident[16];
	__u16 e_type;
	__u16 e_machine;
	__u32 e_version;
	__u64 e_entry;
	__u64 e_phoff;
	__u64 e_shoff;
	__u32 e_flags;
	__u16 e_ehsize;
	__u16 e_phentsize;
	__u16 e_phnum;
	__u16 e_shentsize;
	__u16 e_shnum;
	__u16 e_shstrndx;
};

struct hvm_phdr {
	__u32 p_type;
	__u32 p_flags;
	__u64 p_offset;
	__u64 p_vaddr;
	__u64 p_paddr;
	__u64 p_filesz;
	__u64 p_memsz;
	__u64 p_align;
};

struct hvm_nhdr {
	__u32 n_namesz;
	__u32 n_descsz;
	__u32 n_type;
};

_Static_assert(sizeof(struct hvm_ehdr) == 64, "ELF64 header layout");
_Static_assert(sizeof(struct hvm_phdr) == 56, "ELF64 program header layout");
_Static_assert(sizeof(struct hvm_nhdr) == 12, "ELF note header layout");

/* One check in progress: the untrusted image, the verdict so far, where the reason goes. */
struct elf_check {
	const unsigned char *image;
	__u64 size;
	__u64 partition_size;
	struct hvm_ehdr eh; /* copied once the file holds it */
	__u16 loads[HVM_ELF_MAX_SEGMENTS]; /* program header index of each PT_LOAD */
	unsigned int nr_loads;
	__u32 abi_revision; /* from the identification note */
	char tag[HVM_IMAGE_TAG_LEN]; /* and the image's tag */
	char *err;
	unsigned long errlen;
};

/* Does [offset, offset + len) lie inside the file? Written so nothing wraps. */
static int in_file(const struct elf_check *c, __u64 offset, __u64 len)
{
	return offset <= c->size && len <= c->size - offset;
}

static __u64 align4(__u32 n)
{
	return ((__u64)n + 3) & ~3ULL;
}

static void read_phdr(const struct elf_check *c, unsigned int i, struct hvm_phdr *ph)
{
	memcpy(ph, c->image + c->eh.e_phoff + (__u64)i * sizeof(*ph), sizeof(*ph));
}

/* The file size alone: refused before a byte of it is read. */
static int check_size(struct elf_check *c)
{
	if (!c->size) {
		snprintf(
			c->err, c->errlen,
			"the image is empty (0 bytes): pass the hvm-kernel ELF file (hvm-kernel/hvm-kernel.elf in the build directory)");
		return -1;
	}
	if (c->size > HVM_ELF_MAX_IMAGE_SIZE) {
		snprintf(
			c->err, c->errlen,
			"the image is %llu bytes, more than the %llu MiB limit for an hvm-kernel image (HVM_ELF_MAX_IMAGE_SIZE): check that it is hvm-kernel/hvm-kernel.elf, or strip its debug information",
			c->size, HVM_ELF_MAX_IMAGE_SIZE >> 20);
		return -1;
	}
	if (c->size > c->partition_size) {
		snprintf(
			c->err, c->errlen,
			"the image is %llu bytes, more than the %llu-byte HRT partition: give the HRT more memory (memmap=) or strip the image's debug information",
			c->size, c->partition_size);
		return -1;
	}
	return 0;
}

/* e_ident: an ELF file at all, then one hvm.ko can read (64-bit, little-endian). */
static int check_ident(struct elf_check *c)
{
	static const unsigned char magic[4] = {0x7f, 'E', 'L', 'F'};
	const unsigned char *id = c->image;
	__u64 n = c->size < 4 ? c->size : 4;

	if (memcmp(id, magic, n)) {
		snprintf(
			c->err, c->errlen,
			"not an ELF file (it starts with %02x %02x %02x %02x, an ELF file with 7f 45 4c 46): pass hvm-kernel/hvm-kernel.elf, not a raw binary, script or archive",
			id[0], n > 1 ? id[1] : 0, n > 2 ? id[2] : 0, n > 3 ? id[3] : 0);
		return -1;
	}
	if (c->size < sizeof(c->eh)) {
		snprintf(
			c->err, c->errlen,
			"the image is truncated: %llu bytes, shorter than the %zu-byte ELF header: copy the whole hvm-kernel/hvm-kernel.elf",
			c->size, sizeof(c->eh));
		return -1;
	}
	if (id[IMG_EI_CLASS] != IMG_ELFCLASS64) {
		snprintf(
			c->err, c->errlen,
			"the image is ELF class %u, not 64-bit (ELFCLASS64 = 2): hvm-kernel must be built as an x86-64 image",
			id[IMG_EI_CLASS]);
		return -1;
	}
	if (id[IMG_EI_DATA] != IMG_ELFDATA2LSB) {
		snprintf(
			c->err, c->errlen,
			"the image has ELF byte order %u, not little-endian (ELFDATA2LSB = 1): hvm-kernel must be built as an x86-64 image",
			id[IMG_EI_DATA]);
		return -1;
	}
	memcpy(&c->eh, c->image, sizeof(c->eh));
	if (id[IMG_EI_VERSION] != IMG_EV_CURRENT || c->eh.e_version != IMG_EV_CURRENT) {
		snprintf(
			c->err, c->errlen,
			"the image has ELF version %u (e_ident) and %u (e_version), expected 1 (EV_CURRENT): the file is damaged",
			id[IMG_EI_VERSION], c->eh.e_version);
		return -1;
	}
	return 0;
}

static const char *machine_name(__u16 machine)
{
	switch (machine) {
	case 3:
		return "i386";
	case 40:
		return "ARM";
	case 183:
		return "AArch64";
	case 243:
		return "RISC-V";
	default:
		return "another architecture";
	}
}

/* The rest of the ELF header: what kind of file, and where its program headers are. */
static int check_header(struct elf_check *c)
{
	const struct hvm_ehdr *eh = &c->eh;

	if (eh->e_machine != IMG_EM_X86_64) {
		snprintf(
			c->err, c->errlen,
			"the image is for machine %u (e_machine: %s), not x86-64 (62): build hvm-kernel with an x86-64 toolchain",
			eh->e_machine, machine_name(eh->e_machine));
		return -1;
	}
	if (eh->e_type != IMG_ET_EXEC) {
		snprintf(
			c->err, c->errlen,
			"the image has ELF type %u (e_type), not an executable (ET_EXEC = 2): link hvm-kernel as a static executable with " IMG_KERNEL_LD,
			eh->e_type);
		return -1;
	}
	if (eh->e_phentsize != sizeof(struct hvm_phdr)) {
		snprintf(
			c->err, c->errlen,
			"the image has program headers of %u bytes (e_phentsize), expected %zu: the file is damaged",
			eh->e_phentsize, sizeof(struct hvm_phdr));
		return -1;
	}
	if (!eh->e_phnum) {
		snprintf(
			c->err, c->errlen,
			"the image has no program headers (e_phnum is 0): nothing to load; link it with " IMG_KERNEL_LD);
		return -1;
	}
	if (!in_file(c, eh->e_phoff, (__u64)eh->e_phnum * sizeof(struct hvm_phdr))) {
		snprintf(
			c->err, c->errlen,
			"the program header table (file offset 0x%llx, %u entries of %zu bytes) extends past the end of the %llu-byte image: the file is truncated",
			eh->e_phoff, eh->e_phnum, sizeof(struct hvm_phdr), c->size);
		return -1;
	}
	return 0;
}

/* How many PT_LOADs: at least one, and no more than the loader has room for. */
static int count_loads(struct elf_check *c)
{
	struct hvm_phdr ph;
	unsigned int i, n = 0;

	for (i = 0; i < c->eh.e_phnum; i++) {
		read_phdr(c, i, &ph);
		n += ph.p_type == IMG_PT_LOAD;
	}
	if (!n) {
		snprintf(
			c->err, c->errlen,
			"the image has no PT_LOAD segment: nothing to load; link it with " IMG_KERNEL_LD);
		return -1;
	}
	if (n > HVM_ELF_MAX_SEGMENTS) {
		snprintf(
			c->err, c->errlen,
			"the image has %u PT_LOAD segments, more than the %u hvm.ko can load (HVM_ELF_MAX_SEGMENTS): link it with " IMG_KERNEL_LD,
			n, HVM_ELF_MAX_SEGMENTS);
		return -1;
	}
	return 0;
}

/* A segment's file bytes (PT_LOAD or PT_NOTE) must all be in the file. */
static int check_file_range(struct elf_check *c, unsigned int i, const struct hvm_phdr *ph)
{
	if (in_file(c, ph->p_offset, ph->p_filesz))
		return 0;
	snprintf(
		c->err, c->errlen,
		"segment %u (file offset 0x%llx, 0x%llx bytes) extends past the end of the %llu-byte image: the file is truncated",
		i, ph->p_offset, ph->p_filesz, c->size);
	return -1;
}

/* Where one PT_LOAD goes: linked for the partition, after the boot area, inside the partition. */
static int check_placement(struct elf_check *c, unsigned int i, const struct hvm_phdr *ph)
{
	if (ph->p_filesz > ph->p_memsz) {
		snprintf(
			c->err, c->errlen,
			"segment %u has p_filesz 0x%llx, more than its p_memsz 0x%llx: the file is damaged",
			i, ph->p_filesz, ph->p_memsz);
		return -1;
	}
	if (ph->p_vaddr != HVM_KERNEL_VBASE + ph->p_paddr) {
		snprintf(
			c->err, c->errlen,
			"segment %u is linked at vaddr 0x%llx for paddr 0x%llx: not an hvm-kernel image (link it with " IMG_KERNEL_LD
			")",
			i, ph->p_vaddr, ph->p_paddr);
		return -1;
	}
	if (ph->p_paddr < HVM_KERNEL_LINK_OFFSET) {
		snprintf(
			c->err, c->errlen,
			"segment %u starts at partition offset 0x%llx, in the boot area below 0x%llx: link it with " IMG_KERNEL_LD,
			i, ph->p_paddr, HVM_KERNEL_LINK_OFFSET);
		return -1;
	}
	if (ph->p_memsz > ~0ULL - ph->p_paddr) {
		snprintf(
			c->err, c->errlen,
			"segment %u (partition offset 0x%llx, 0x%llx bytes) wraps around the address space: the file is damaged",
			i, ph->p_paddr, ph->p_memsz);
		return -1;
	}
	if (ph->p_paddr + ph->p_memsz > c->partition_size) {
		snprintf(
			c->err, c->errlen,
			"segment %u ends at partition offset 0x%llx, past the %llu MiB partition: give the HRT more memory (memmap=) or make hvm-kernel smaller",
			i, ph->p_paddr + ph->p_memsz, c->partition_size >> 20);
		return -1;
	}
	return 0;
}

/* No two PT_LOADs may share partition bytes: the later copy would clobber the earlier. */
static int check_overlap(struct elf_check *c, unsigned int i, const struct hvm_phdr *ph)
{
	struct hvm_phdr prev;
	unsigned int k;

	for (k = 0; k < c->nr_loads; k++) {
		read_phdr(c, c->loads[k], &prev);
		if (!ph->p_memsz || !prev.p_memsz || ph->p_paddr >= prev.p_paddr + prev.p_memsz ||
		    prev.p_paddr >= ph->p_paddr + ph->p_memsz)
			continue;
		snprintf(
			c->err, c->errlen,
			"segments %u and %u overlap in the partition (offsets 0x%llx-0x%llx and 0x%llx-0x%llx): link the image with " IMG_KERNEL_LD,
			c->loads[k], i, prev.p_paddr, prev.p_paddr + prev.p_memsz, ph->p_paddr,
			ph->p_paddr + ph->p_memsz);
		return -1;
	}
	return 0;
}

/* Every program header that matters: PT_LOADs are checked and recorded, PT_NOTEs bounded. */
static int check_segments(struct elf_check *c)
{
	struct hvm_phdr ph;
	unsigned int i;

	for (i = 0; i < c->eh.e_phnum; i++) {
		read_phdr(c, i, &ph);
		if (ph.p_type != IMG_PT_LOAD && ph.p_type != IMG_PT_NOTE)
			continue;
		if (check_file_range(c, i, &ph))
			return -1;
		if (ph.p_type != IMG_PT_LOAD)
			continue;
		if (check_placement(c, i, &ph) || check_overlap(c, i, &ph))
			return -1;
		c->loads[c->nr_loads++] = (__u16)i;
	}
	return 0;
}

/* The CPUs jump to e_entry: it must be code the loader puts in place. */
static int check_entry(struct elf_check *c)
{
	__u64 entry = c->eh.e_entry;
	struct hvm_phdr ph;
	unsigned int k;

	for (k = 0; k < c->nr_loads; k++) {
		read_phdr(c, c->loads[k], &ph);
		if ((ph.p_flags & IMG_PF_X) && entry >= ph.p_vaddr &&
		    entry - ph.p_vaddr < ph.p_memsz)
			return 0;
	}
	snprintf(
		c->err, c->errlen,
		"the entry point 0x%llx is in no executable PT_LOAD segment: link the image with " IMG_KERNEL_LD
		" (ENTRY(_start))",
		entry);
	return -1;
}

/*
 * The identification note's description: the right magic, our ABI
 * revision, then the tag. Magic and revision are checked first, so that an
 * image of another revision (whose description may be shorter) is named so.
 */
static int check_ident_desc(struct elf_check *c, __u64 offset, __u32 descsz)
{
	const __u32 id_size = __builtin_offsetof(struct hvm_ident_desc, tag);
	struct hvm_ident_desc desc;

	if (descsz < id_size) {
		snprintf(
			c->err, c->errlen,
			"the identification note has a %u-byte description, expected at least %u (magic and revision): the file is damaged",
			descsz, id_size);
		return -1;
	}
	memcpy(&desc, c->image + offset, id_size);
	if (desc.magic != HVM_ABI_MAGIC) {
		snprintf(
			c->err, c->errlen,
			"the identification note has magic 0x%08x, expected 0x%08x (HVM_ABI_MAGIC): not an hvm-kernel image, or a damaged one",
			desc.magic, HVM_ABI_MAGIC);
		return -1;
	}
	if (desc.revision != HVM_ABI_REVISION) {
		snprintf(
			c->err, c->errlen,
			"the image speaks ABI revision %u, hvm.ko speaks %u: rebuild hvm-kernel and hvm.ko from the same tree",
			desc.revision, HVM_ABI_REVISION);
		return -1;
	}
	if (descsz < sizeof(desc)) {
		snprintf(
			c->err, c->errlen,
			"the identification note has a %u-byte description, expected %zu (magic, revision and tag): the file is damaged",
			descsz, sizeof(desc));
		return -1;
	}
	memcpy(&desc, c->image + offset, sizeof(desc));
	c->abi_revision = desc.revision;
	memcpy(c->tag, desc.tag, sizeof(c->tag));
	c->tag[sizeof(c->tag) - 1] = '\0';
	return 0;
}

/*
 * Walk the notes of PT_NOTE segment i (4-byte aligned name and description).
 * Returns 1 once the "HVM" note is found and valid, 0 if it is not there,
 * -1 on a malformed note or a bad identification.
 */
static int find_ident_note(struct elf_check *c, unsigned int i, const struct hvm_phdr *ph)
{
	static const char name[4] = "HVM";
	__u64 pos = ph->p_offset, left = ph->p_filesz, namelen, desclen;
	struct hvm_nhdr nh;

	while (left >= sizeof(nh)) {
		memcpy(&nh, c->image + pos, sizeof(nh));
		namelen = align4(nh.n_namesz);
		desclen = align4(nh.n_descsz);
		if (namelen > left - sizeof(nh) || desclen > left - sizeof(nh) - namelen) {
			snprintf(
				c->err, c->errlen,
				"segment %u has a malformed note at file offset 0x%llx (name %u bytes, description %u bytes, past the segment's end): the file is damaged",
				i, pos, nh.n_namesz, nh.n_descsz);
			return -1;
		}
		if (nh.n_type == HVM_IDENT_NOTE_TYPE && nh.n_namesz == sizeof(name) &&
		    !memcmp(c->image + pos + sizeof(nh), name, sizeof(name))) {
			if (check_ident_desc(c, pos + sizeof(nh) + namelen, nh.n_descsz))
				return -1;
			return 1;
		}
		pos += sizeof(nh) + namelen + desclen;
		left -= sizeof(nh) + namelen + desclen;
	}
	return 0;
}

/* The image must say it is an hvm-kernel, speaking our ABI. */
static int check_notes(struct elf_check *c)
{
	struct hvm_phdr ph;
	unsigned int i, nr_notes = 0;
	int found;

	for (i = 0; i < c->eh.e_phnum; i++) {
		read_phdr(c, i, &ph);
		if (ph.p_type != IMG_PT_NOTE)
			continue;
		nr_notes++;
		found = find_ident_note(c, i, &ph);
		if (found)
			return found < 0 ? -1 : 0;
	}
	if (!nr_notes)
		snprintf(
			c->err, c->errlen,
			"missing identification note: not an hvm-kernel image (it has no PT_NOTE segment; link it with " IMG_KERNEL_LD
			")");
	else
		snprintf(
			c->err, c->errlen,
			"missing identification note: not an hvm-kernel image (no \"HVM\" note in its %u PT_NOTE segment(s); hvm-kernel/kernel/note.c provides it)",
			nr_notes);
	return -1;
}

/* Only now, with every check passed, is *out written. */
static void fill_image(const struct elf_check *c, struct hvm_elf_image *out)
{
	struct hvm_elf_segment *seg;
	struct hvm_phdr ph;
	__u64 end = 0;
	unsigned int k;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < c->nr_loads; k++) {
		read_phdr(c, c->loads[k], &ph);
		seg = &out->segments[k];
		seg->file_offset = ph.p_offset;
		seg->file_size = ph.p_filesz;
		seg->mem_size = ph.p_memsz;
		seg->part_offset = ph.p_paddr;
		seg->flags = ph.p_flags;
		if (ph.p_paddr + ph.p_memsz > end)
			end = ph.p_paddr + ph.p_memsz;
	}
	out->entry = c->eh.e_entry;
	out->end = (end + IMG_ELF_PAGE_SIZE - 1) & ~(IMG_ELF_PAGE_SIZE - 1);
	out->abi_revision = c->abi_revision;
	memcpy(out->tag, c->tag, sizeof(out->tag));
	out->nr_segments = c->nr_loads;
}

int hvm_elf_check(const void *image, __u64 size, __u64 partition_size, struct hvm_elf_image *out,
		  char *err, unsigned long errlen)
{
	struct elf_check c = {
		.image = image,
		.size = size,
		.partition_size = partition_size,
		.err = err,
		.errlen = errlen,
	};

	if (check_size(&c) || check_ident(&c) || check_header(&c) || count_loads(&c) ||
	    check_segments(&c) || check_entry(&c) || check_notes(&c))
		return -1;
	fill_image(&c, out);
	return 0;
}
