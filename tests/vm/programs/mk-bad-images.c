// SPDX-License-Identifier: GPL-2.0
/*
 * mk-bad-images GOOD_IMAGE OUT_DIR: writes malformed variants of a real
 * hvm-kernel image into OUT_DIR, one file per kind of damage, and
 * OUT_DIR/expected.txt with one line per file, "FILE<TAB>text", where text
 * is part of the reason hvm.ko must give when it refuses that file (the
 * messages of gpos-module/elf_check.c). A host program: the vm suite runs
 * it at build time and hands the corpus to the guest.
 *
 * It also writes hostile images into OUT_DIR/hostile/, with their own
 * expected.txt: valid images, accepted by every check, whose entry point
 * is a few instructions of machine code that hang, crash or scribble on
 * the boot area; hvm.ko must fail the boot with the text given (boot.c).
 *
 * Every variant is derived by parsing GOOD_IMAGE's program headers and
 * notes, so it follows whatever layout hvm-kernel/arch/x86_64/kernel.ld
 * produces; a case whose shape the image lacks is an error, not a skip.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hvm/boot.h>

#include "hvm_elf.h"

/* One variant being made: a private copy of the good image, resized at will. */
struct variant {
	unsigned char *b;
	size_t size;
	char expect[160]; /* the text the refusal must contain */
};

struct bad_case {
	const char *file;
	void (*make)(struct variant *v);
};

static const char *good_path;

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mk-bad-images: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void expect(struct variant *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->expect, sizeof(v->expect), fmt, ap);
	va_end(ap);
}

static Elf64_Ehdr *ehdr(struct variant *v)
{
	return (Elf64_Ehdr *)v->b;
}

static Elf64_Phdr *phdr(struct variant *v, int i)
{
	return (Elf64_Phdr *)(v->b + ehdr(v)->e_phoff) + i;
}

/* The index of the n-th (from 0) program header of this type with min_filesz file bytes or more. */
static int find_phdr(struct variant *v, __u32 type, int n, __u64 min_filesz)
{
	int seen = 0;

	for (int i = 0; i < ehdr(v)->e_phnum; i++) {
		if (phdr(v, i)->p_type == type && phdr(v, i)->p_filesz >= min_filesz && seen++ == n)
			return i;
	}
	die("%s has %d program headers of type %u with %llu file bytes or more, this case needs %d: is it hvm-kernel/hvm-kernel.elf?",
	    good_path, seen, type, (unsigned long long)min_filesz, n + 1);
	return -1;
}

static int last_load(struct variant *v)
{
	int last = -1;

	for (int i = 0; i < ehdr(v)->e_phnum; i++)
		if (phdr(v, i)->p_type == PT_LOAD)
			last = i;
	return last;
}

/* The "HVM" note's header, found by walking the PT_NOTE segments as the loader does. */
static Elf64_Nhdr *hvm_note(struct variant *v)
{
	for (int i = 0; i < ehdr(v)->e_phnum; i++) {
		Elf64_Phdr *ph = phdr(v, i);
		size_t pos = ph->p_offset, end = ph->p_offset + ph->p_filesz;

		if (ph->p_offset > v->size || ph->p_filesz > v->size - ph->p_offset)
			continue;
		while (ph->p_type == PT_NOTE && pos + sizeof(Elf64_Nhdr) <= end) {
			Elf64_Nhdr *nh = (Elf64_Nhdr *)(v->b + pos);

			if (nh->n_namesz == 4 && !memcmp(nh + 1, "HVM", 4) && nh->n_descsz >= 8 &&
			    end - pos >= sizeof(*nh) + 4 + 8)
				return nh;
			pos += sizeof(*nh) + (((size_t)nh->n_namesz + 3) & ~(size_t)3) +
			       (((size_t)nh->n_descsz + 3) & ~(size_t)3);
		}
	}
	die("%s has no \"HVM\" identification note: is it hvm-kernel/hvm-kernel.elf?", good_path);
	return NULL;
}

static __u32 *hvm_note_desc(struct variant *v)
{
	return (__u32 *)((unsigned char *)(hvm_note(v) + 1) + 4);
}

/* Move PT_LOAD i to partition offset paddr, keeping it linked for hvm (vaddr = VBASE + paddr). */
static void move_load(struct variant *v, int i, __u64 paddr)
{
	phdr(v, i)->p_paddr = paddr;
	phdr(v, i)->p_vaddr = HVM_KERNEL_VBASE + paddr;
}

static void make_empty(struct variant *v)
{
	v->size = 0;
	expect(v, "the image is empty (0 bytes)");
}

static void make_not_elf(struct variant *v)
{
	static const char text[] = "#!/bin/sh\necho this is not an hvm-kernel\n";

	memcpy(v->b, text, sizeof(text) - 1);
	v->size = sizeof(text) - 1;
	expect(v, "not an ELF file");
}

static void make_truncated_header(struct variant *v)
{
	v->size = 40;
	expect(v, "shorter than the 64-byte ELF header");
}

static void make_truncated_phdrs(struct variant *v)
{
	size_t table_end = ehdr(v)->e_phoff + (size_t)ehdr(v)->e_phnum * sizeof(Elf64_Phdr);

	v->size = table_end > 100 ? 100 : table_end - 1;
	expect(v, "the program header table (file offset");
}

/* Cut the first PT_LOAD with file bytes in two; the loader names the first segment it finds cut. */
static void make_truncated_segment(struct variant *v)
{
	Elf64_Phdr *ph = phdr(v, find_phdr(v, PT_LOAD, 0, 2));

	v->size = ph->p_offset + ph->p_filesz / 2;
	for (int i = 0; i < ehdr(v)->e_phnum; i++) {
		ph = phdr(v, i);
		if ((ph->p_type == PT_LOAD || ph->p_type == PT_NOTE) &&
		    ph->p_offset + ph->p_filesz > v->size) {
			expect(v, "segment %d (file offset 0x%llx", i,
			       (unsigned long long)ph->p_offset);
			return;
		}
	}
	die("%s: no segment past a cut at %zu bytes", good_path, v->size);
}

/* hvm.ko may refuse it before the ELF check (gpos-module/image.c): both messages start so. */
static void make_oversized(struct variant *v)
{
	size_t good = v->size;

	v->size = HVM_ELF_MAX_IMAGE_SIZE + 4096;
	memset(v->b + good, 0, v->size - good);
	expect(v, "the image is %zu bytes, more than the", v->size);
}

static void make_wrong_class(struct variant *v)
{
	ehdr(v)->e_ident[EI_CLASS] = ELFCLASS32;
	expect(v, "ELF class 1, not 64-bit");
}

static void make_wrong_byte_order(struct variant *v)
{
	ehdr(v)->e_ident[EI_DATA] = ELFDATA2MSB;
	expect(v, "not little-endian");
}

static void make_wrong_machine(struct variant *v)
{
	ehdr(v)->e_machine = EM_AARCH64;
	expect(v, "machine 183 (e_machine: AArch64), not x86-64");
}

static void make_wrong_type(struct variant *v)
{
	ehdr(v)->e_type = ET_DYN;
	expect(v, "ELF type 3 (e_type), not an executable");
}

static void make_bad_phentsize(struct variant *v)
{
	ehdr(v)->e_phentsize = 64;
	expect(v, "program headers of 64 bytes (e_phentsize)");
}

static void make_no_program_headers(struct variant *v)
{
	ehdr(v)->e_phnum = 0;
	expect(v, "no program headers (e_phnum is 0)");
}

static void make_filesz_over_memsz(struct variant *v)
{
	int i = find_phdr(v, PT_LOAD, 0, 1);

	phdr(v, i)->p_memsz = phdr(v, i)->p_filesz - 1;
	expect(v, "segment %d has p_filesz 0x", i);
}

static void make_not_linked_for_hvm(struct variant *v)
{
	int i = find_phdr(v, PT_LOAD, 0, 0);

	phdr(v, i)->p_vaddr = phdr(v, i)->p_paddr;
	expect(v, "segment %d is linked at vaddr", i);
}

static void make_segment_in_boot_area(struct variant *v)
{
	int i = find_phdr(v, PT_LOAD, 0, 0);

	move_load(v, i, HVM_KERNEL_LINK_OFFSET - 0x100000);
	expect(v, "segment %d starts at partition offset 0x%llx, in the boot area", i,
	       HVM_KERNEL_LINK_OFFSET - 0x100000);
}

/* Past 4 GiB: outside any partition the VM can give the HRT. */
static void make_segment_outside_partition(struct variant *v)
{
	int i = last_load(v);

	move_load(v, i, phdr(v, i)->p_paddr + (4ULL << 30));
	expect(v, "segment %d ends at partition offset", i);
}

static void make_overlapping_segments(struct variant *v)
{
	int first = find_phdr(v, PT_LOAD, 0, 0), second = find_phdr(v, PT_LOAD, 1, 0);

	if (!phdr(v, first)->p_memsz || !phdr(v, second)->p_memsz)
		die("%s: its first two PT_LOADs must not be empty", good_path);
	move_load(v, second, phdr(v, first)->p_paddr);
	expect(v, "segments %d and %d overlap in the partition", first, second);
}

static void make_entry_outside(struct variant *v)
{
	ehdr(v)->e_entry = HVM_KERNEL_VBASE + HVM_KERNEL_LINK_OFFSET - 0x1000;
	expect(v, "the entry point 0x%llx is in no executable PT_LOAD segment",
	       (unsigned long long)ehdr(v)->e_entry);
}

static void make_missing_identification(struct variant *v)
{
	memcpy(hvm_note(v) + 1, "XVM", 4);
	expect(v, "missing identification note");
}

static void make_wrong_magic(struct variant *v)
{
	hvm_note_desc(v)[0] ^= 0xff;
	expect(v, "the identification note has magic 0x%08x", HVM_ABI_MAGIC ^ 0xff);
}

static void make_wrong_revision(struct variant *v)
{
	__u32 *desc = hvm_note_desc(v);

	desc[1]++;
	expect(v, "the image speaks ABI revision %u, hvm.ko speaks", desc[1]);
}

static const struct bad_case cases[] = {
	{"empty.elf", make_empty},
	{"not-elf.elf", make_not_elf},
	{"truncated-header.elf", make_truncated_header},
	{"truncated-phdrs.elf", make_truncated_phdrs},
	{"truncated-segment.elf", make_truncated_segment},
	{"oversized.elf", make_oversized},
	{"wrong-class.elf", make_wrong_class},
	{"wrong-byte-order.elf", make_wrong_byte_order},
	{"wrong-machine.elf", make_wrong_machine},
	{"wrong-type.elf", make_wrong_type},
	{"bad-phentsize.elf", make_bad_phentsize},
	{"no-program-headers.elf", make_no_program_headers},
	{"filesz-over-memsz.elf", make_filesz_over_memsz},
	{"not-linked-for-hvm.elf", make_not_linked_for_hvm},
	{"segment-in-boot-area.elf", make_segment_in_boot_area},
	{"segment-outside-partition.elf", make_segment_outside_partition},
	{"overlapping-segments.elf", make_overlapping_segments},
	{"entry-outside.elf", make_entry_outside},
	{"missing-identification.elf", make_missing_identification},
	{"wrong-magic.elf", make_wrong_magic},
	{"wrong-revision.elf", make_wrong_revision},
};

/*
 * Hostile images: the good image with its entry point's first bytes
 * replaced by code of our own (hand-assembled x86-64).
 */
#define OP_JMP_SELF 0xeb, 0xfe /* jmp . */
#define OP_UD2 0x0f, 0x0b
#define OP_REP_STOSQ 0xf3, 0x48, 0xab /* rep stosq: rcx quadwords of rax at rdi */
#define SCRIBBLE 0x5a5a5a5a5a5a5a5aULL /* no cpus[].state hvm.ko waits for */

/* The file bytes at the image's entry point, n of them at least. */
static unsigned char *entry_bytes(struct variant *v, size_t n)
{
	__u64 entry = ehdr(v)->e_entry;

	for (int i = 0; i < ehdr(v)->e_phnum; i++) {
		Elf64_Phdr *ph = phdr(v, i);

		if (ph->p_type == PT_LOAD && entry >= ph->p_vaddr &&
		    entry - ph->p_vaddr + n <= ph->p_filesz)
			return v->b + ph->p_offset + (entry - ph->p_vaddr);
	}
	die("%s: no %zu file bytes at the entry point %#llx: is it hvm-kernel/hvm-kernel.elf?",
	    good_path, n, (unsigned long long)entry);
	return NULL;
}

/* Machine code assembled into the entry point. */
struct code {
	unsigned char b[256];
	size_t n;
};

static void emit(struct code *c, const unsigned char *bytes, size_t n)
{
	memcpy(c->b + c->n, bytes, n);
	c->n += n;
}

#define EMIT(c, ...)                                                                               \
	emit(c, (const unsigned char[]){__VA_ARGS__}, sizeof((unsigned char[]){__VA_ARGS__}))

/* movabs $value, reg (reg 0 = rax, 7 = rdi) */
static void emit_movabs(struct code *c, unsigned int reg, __u64 value)
{
	EMIT(c, 0x48, 0xb8 + reg);
	emit(c, (const unsigned char *)&value, 8);
}

/* Fill bytes bytes at partition offset off (seen at KERNEL_VBASE) with SCRIBBLE; rax holds it. */
static void emit_scribble(struct code *c, __u64 off, __u32 bytes)
{
	__u32 quads = bytes / 8;

	emit_movabs(c, 7, HVM_KERNEL_VBASE + off);
	EMIT(c, 0xb9); /* mov $quads, %ecx */
	emit(c, (const unsigned char *)&quads, 4);
	EMIT(c, OP_REP_STOSQ);
}

static void put_code(struct variant *v, const struct code *c)
{
	memcpy(entry_bytes(v, c->n), c->b, c->n);
}

/* Overwrite boot information, mailboxes and the log ring's header (not the page tables). */
static void emit_scribble_boot_area(struct code *c)
{
	emit_movabs(c, 0, SCRIBBLE);
	emit_scribble(c, HVM_BOOT_INFO_OFFSET, sizeof(struct hvm_boot_info));
	emit_scribble(c, HVM_MAILBOX_OFFSET, HVM_MAX_CPUS * sizeof(struct hvm_mailbox));
	emit_scribble(c, HVM_LOG_OFFSET, 4096);
}

static void make_hang(struct variant *v)
{
	struct code c = {.n = 0};

	EMIT(&c, OP_JMP_SELF);
	put_code(v, &c);
	expect(v, "did not come up within");
}

static void make_crash_at_entry(struct variant *v)
{
	struct code c = {.n = 0};

	EMIT(&c, OP_UD2);
	put_code(v, &c);
	expect(v, "faulted at entry: exception 6 (#UD invalid opcode)");
}

static void make_scribble_hang(struct variant *v)
{
	struct code c = {.n = 0};

	emit_scribble_boot_area(&c);
	EMIT(&c, OP_JMP_SELF);
	put_code(v, &c);
	expect(v, "did not come up within");
}

/* Scribble, then publish cpus[RSI].state = UP, and never take a command. */
static void make_scribble_up(struct variant *v)
{
	struct code c = {.n = 0};
	__u32 up = HVM_CPU_UP;

	_Static_assert(sizeof(struct hvm_boot_cpu) == 24, "imul below");
	emit_scribble_boot_area(&c);
	EMIT(&c, 0x48, 0x6b, 0xf6, 24); /* imul $24, %rsi, %rsi */
	emit_movabs(&c, 0,
		    HVM_KERNEL_VBASE + HVM_BOOT_INFO_OFFSET + offsetof(struct hvm_boot_info, cpus) +
			    offsetof(struct hvm_boot_cpu, state));
	EMIT(&c, 0x48, 0x01, 0xc6); /* add %rax, %rsi */
	EMIT(&c, 0xc7, 0x06); /* movl $up, (%rsi) */
	emit(&c, (const unsigned char *)&up, 4);
	EMIT(&c, OP_JMP_SELF);
	put_code(v, &c);
	expect(v, "announced itself but did not answer a ping");
}

static const struct bad_case hostile_cases[] = {
	{"hang.elf", make_hang},
	{"crash-at-entry.elf", make_crash_at_entry},
	{"scribble-hang.elf", make_scribble_hang},
	{"scribble-up.elf", make_scribble_up},
};

static unsigned char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long len;

	if (!f)
		die("cannot open %s: %s (build it first: meson compile -C BUILD)", path,
		    strerror(errno));
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("cannot find the size of %s: %s", path, strerror(errno));
	buf = malloc((size_t)len + 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len)
		die("cannot read %s: %s", path, strerror(errno));
	fclose(f);
	*size = (size_t)len;
	return buf;
}

/* Enough of a sanity check that the cases can trust the good image's headers. */
static void check_good(const unsigned char *b, size_t size)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)b;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    eh->e_phoff > size || (size_t)eh->e_phnum * sizeof(Elf64_Phdr) > size - eh->e_phoff)
		die("%s is not an ELF64 image with program headers: pass hvm-kernel/hvm-kernel.elf from the build directory",
		    good_path);
	if (size >= HVM_ELF_MAX_IMAGE_SIZE)
		die("%s is %zu bytes: too large to be hvm-kernel/hvm-kernel.elf", good_path, size);
}

static void write_file(const char *dir, const char *name, const void *data, size_t size)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		die("cannot write %s: %s", path, strerror(errno));
}

/* Write each case's variant of good into dir, and dir/expected.txt. */
static void write_cases(const struct bad_case *list, size_t n, const unsigned char *good,
			size_t good_size, const char *dir)
{
	struct variant v = {0};
	char path[4096];
	FILE *expected;

	if (mkdir(dir, 0755) && errno != EEXIST)
		die("cannot create %s: %s", dir, strerror(errno));
	snprintf(path, sizeof(path), "%s/expected.txt", dir);
	expected = fopen(path, "w");
	if (!expected)
		die("cannot write %s: %s", path, strerror(errno));
	v.b = malloc(HVM_ELF_MAX_IMAGE_SIZE + 4096);
	if (!v.b)
		die("out of memory");
	for (size_t i = 0; i < n; i++) {
		memcpy(v.b, good, good_size);
		v.size = good_size;
		v.expect[0] = '\0';
		list[i].make(&v);
		write_file(dir, list[i].file, v.b, v.size);
		fprintf(expected, "%s\t%s\n", list[i].file, v.expect);
	}
	if (fclose(expected))
		die("cannot write %s: %s", path, strerror(errno));
	free(v.b);
}

int main(int argc, char **argv)
{
	size_t good_size, n = sizeof(cases) / sizeof(cases[0]);
	size_t nh = sizeof(hostile_cases) / sizeof(hostile_cases[0]);
	unsigned char *good;
	char hostile_dir[4096];

	if (argc != 3)
		die("usage: mk-bad-images GOOD_IMAGE OUT_DIR (GOOD_IMAGE is BUILD/hvm-kernel/hvm-kernel.elf)");
	good_path = argv[1];
	good = read_file(good_path, &good_size);
	check_good(good, good_size);
	write_cases(cases, n, good, good_size, argv[2]);
	snprintf(hostile_dir, sizeof(hostile_dir), "%s/hostile", argv[2]);
	write_cases(hostile_cases, nh, good, good_size, hostile_dir);
	free(good);
	printf("mk-bad-images: %zu malformed images in %s, %zu hostile ones in %s\n", n, argv[2],
	       nh, hostile_dir);
	return 0;
}
