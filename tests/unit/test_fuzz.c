// SPDX-License-Identifier: GPL-2.0
/*
 * Host fuzz of the pure helpers that judge values hvm.ko did not write
 * (the HRT's slots and crash records, a process's page-table entries,
 * call requests from user space) and of hvmctl's log escaper: random
 * inputs from a fixed seed (fuzz.h), each answer checked against the
 * invariant its caller relies on. The image check is fuzzed in
 * test_elf.c (elf_robust), next to its test image.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "fuzz.h"
#include "hvm_call_check.h"
#include "hvm_space.h"
#include "log_escape.h"

#define END HVM_LOWER_HALF_END

/* Mostly values at the edges the checks draw, some anything. */
static __u64 edgy(__u64 *s)
{
	static const __u64 edges[] = {
		0,	 1,   15,      16,    4095,	  4096,	    END - 16,
		END - 1, END, END + 1, ~0ULL, ~0ULL - 15, 0x401000, 0x7ffff0000000};
	__u64 r = fuzz_next(s);

	switch (r % 4) {
	case 0:
		return edges[(r >> 8) % (sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return fuzz_next(s) % END & ~15ULL; /* a plausible lower-half address */
	case 2:
		return edges[(r >> 8) % (sizeof(edges) / sizeof(edges[0]))] + (r >> 60) - 8;
	default:
		return fuzz_next(s);
	}
}

Test(fuzz, slot_status_is_an_outcome_only_for_the_calls_own_sequence)
{
	__u64 s = FUZZ_SEED;

	for (int n = 0; n < FUZZ_ROUNDS; n++) {
		__u64 r = fuzz_next(&s);
		__u32 seq = (__u32)fuzz_next(&s);
		__u32 state = r & 1 ? (__u32)(r >> 8) % 10 : (__u32)(r >> 16);
		__u32 state_seq = r & 2 ? seq + (__u32)(r >> 40) % 3 - 1 : (__u32)(r >> 8);
		int st = hvm_slot_status(state, state_seq, seq);

		cr_assert(st == 0 || st == -EFAULT || st == -EINTR || st == CALL_WANTS_LINUX ||
				  st == CALL_PENDING,
			  "state %u state_seq %u seq %u: %d", state, state_seq, seq, st);
		if (state_seq != seq)
			cr_assert_eq(st, CALL_PENDING, "state %u state_seq %u seq %u", state,
				     state_seq, seq);
		if (st == CALL_WANTS_LINUX)
			cr_assert_eq(state, HVM_SLOT_FORWARD);
	}
}

static void random_request(__u64 *s, struct hvm_call_request *r)
{
	__u64 x = fuzz_next(s);

	memset(r, 0, sizeof(*r));
	r->flags = x & 1 ? (__u32)fuzz_next(s) : (__u32)(x >> 8) & 7;
	r->cpu = x & 2 ? HVM_CALL_ALL : (__u32)(x >> 16) % 70;
	r->func = edgy(s);
	r->stack_top = edgy(s);
	r->stack_stride = x & 4 ? edgy(s) : (x >> 24) % 8 * 4096;
	r->fs_base = x & 8 ? edgy(s) : 0;
	r->regs.rip = edgy(s);
	r->regs.rsp = edgy(s);
	r->regs.fs_base = x & 16 ? edgy(s) : 0;
}

/* An accepted request gives every target CPU a 16-byte aligned stack in the lower half. */
static void check_accepted(const struct hvm_call_request *r, __u32 nr_cpus)
{
	const struct hvm_regs *g = &r->regs;

	cr_assert(r->cpu == HVM_CALL_ALL || r->cpu < nr_cpus);
	if (r->flags & HVM_CALL_FROM_REGS) {
		cr_assert(r->cpu != HVM_CALL_ALL);
		cr_assert(g->rip && hvm_lower_half(g->rip, 1) && g->rsp >= 4096 &&
			  hvm_lower_half(g->rsp - 1, 1));
		cr_assert(!g->fs_base || hvm_lower_half(g->fs_base, 1));
		return;
	}
	cr_assert(r->func && hvm_lower_half(r->func, 1), "func %#llx", r->func);
	cr_assert(!r->fs_base || hvm_lower_half(r->fs_base, 1));
	for (__u32 cpu = 0; cpu < (r->cpu == HVM_CALL_ALL ? nr_cpus : 1); cpu++) {
		__u64 top = hvm_call_stack_top(r, cpu);

		cr_assert(top % 16 == 0 && top >= 4096 && hvm_lower_half(top - 1, 1),
			  "CPU %u of %u: stack top %#llx (request's %#llx, stride %#llx)", cpu,
			  nr_cpus, top, r->stack_top, r->stack_stride);
		if (cpu)
			cr_assert(hvm_call_stack_top(r, cpu - 1) - top >= 256,
				  "CPU %u's stack overlaps CPU %u's", cpu, cpu - 1);
	}
}

Test(fuzz, call_problem_accepts_only_requests_the_hrt_can_run)
{
	__u64 s = FUZZ_SEED;
	unsigned int accepted = 0;

	for (int n = 0; n < FUZZ_ROUNDS; n++) {
		struct hvm_call_request r;
		__u32 nr_cpus = 1 + (__u32)fuzz_next(&s) % HVM_MAX_CPUS;

		random_request(&s, &r);
		if (hvm_call_problem(&r, nr_cpus))
			continue;
		accepted++;
		check_accepted(&r, nr_cpus);
	}
	cr_assert_gt(accepted, FUZZ_ROUNDS / 100, "the fuzz reaches the accepting paths");
}

static void check_printable(const char *text, size_t size)
{
	size_t len = strnlen(text, size);

	cr_assert_lt(len, size, "terminated inside its buffer");
	for (size_t i = 0; i < len; i++)
		cr_assert(text[i] >= 0x20 && text[i] <= 0x7e, "byte %zu is %#x", i,
			  (unsigned char)text[i]);
}

Test(fuzz, crash_records_come_out_printable_and_bounded)
{
	__u64 s = FUZZ_SEED;

	for (int n = 0; n < FUZZ_ROUNDS / 10; n++) {
		struct hvm_crash_record rec;
		__u32 cpu = (__u32)fuzz_next(&s) % HVM_MAX_CPUS;

		for (size_t i = 0; i < sizeof(rec); i += 8) {
			__u64 v = fuzz_next(&s);

			memcpy((char *)&rec + i, &v, sizeof(rec) - i < 8 ? sizeof(rec) - i : 8);
		}
		if (n & 1) /* sometimes a string of the right length */
			rec.reason[fuzz_next(&s) % sizeof(rec.reason)] = 0;
		hvm_crash_sanitize(&rec, cpu);
		check_printable(rec.reason, sizeof(rec.reason));
		cr_assert_leq(rec.nr_frames, HVM_CRASH_MAX_FRAMES);
		cr_assert_eq(rec.cpu, cpu);
	}
}

Test(fuzz, pml4_copy_holds_present_entries_without_nx)
{
	__u64 s = FUZZ_SEED;
	static __u64 src[HVM_LOWER_PML4_ENTRIES], dst[HVM_LOWER_PML4_ENTRIES];

	for (int n = 0; n < FUZZ_ROUNDS / 100; n++) {
		unsigned int changed;

		for (int i = 0; i < HVM_LOWER_PML4_ENTRIES; i++) {
			src[i] = fuzz_next(&s);
			if (n & 1)
				dst[i] = fuzz_next(&s);
		}
		changed = hvm_pml4_sync(src, dst);
		cr_assert_leq(changed, HVM_LOWER_PML4_ENTRIES);
		for (int i = 0; i < HVM_LOWER_PML4_ENTRIES; i++)
			cr_assert_eq(dst[i],
				     src[i] & SPACE_PTE_PRESENT ? src[i] & ~SPACE_PTE_NX : 0,
				     "entry %d", i);
		cr_assert_eq(hvm_pml4_sync(src, dst), 0, "a second copy changes nothing");
	}
}

Test(log_escape, control_bytes_are_shown_not_sent)
{
	static const char in[] = "ok\tline\n\x1b[31mred\r\x07\x7f\x9b\xff\\end";
	static const char want[] = "ok\tline\n\\x1b[31mred\\x0d\\x07\\x7f\\x9b\\xff\\end";
	char out[LOG_ESCAPED_MAX(sizeof(in))];
	size_t n = log_escape(in, sizeof(in) - 1, out);

	cr_assert_eq(n, sizeof(want) - 1);
	cr_assert(!memcmp(out, want, n), "got %.*s", (int)n, out);
}

/* Undo log_escape(): the text must say exactly which bytes the log held. */
static size_t log_unescape(const char *in, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned int b;

		if (in[i] == '\\' && i + 3 < n && in[i + 1] == 'x' &&
		    sscanf(in + i + 2, "%2x", &b) == 1) {
			out[o++] = (char)b;
			i += 3;
		} else {
			out[o++] = in[i];
		}
	}
	return o;
}

Test(fuzz, log_text_reaches_the_terminal_without_control_bytes)
{
	__u64 s = FUZZ_SEED;
	char in[256], out[LOG_ESCAPED_MAX(256)], back[LOG_ESCAPED_MAX(256)];

	for (int n = 0; n < FUZZ_ROUNDS / 10; n++) {
		size_t len = fuzz_next(&s) % sizeof(in), olen;

		for (size_t i = 0; i < len; i++) {
			__u64 r = fuzz_next(&s);

			/* Half text, half anything: backslashes among escapes too. */
			in[i] = r & 1 ? (char)(r >> 8) : "ab\\x1\n\t"[(r >> 8) % 7];
		}
		olen = log_escape(in, len, out);
		cr_assert_leq(olen, LOG_ESCAPED_MAX(len));
		for (size_t i = 0; i < olen; i++)
			cr_assert((out[i] >= 0x20 && out[i] <= 0x7e) || out[i] == '\n' ||
					  out[i] == '\t',
				  "output byte %zu is %#x", i, (unsigned char)out[i]);
		if (!memchr(in, '\\', len)) /* a literal backslash could look like an escape */
			cr_assert(log_unescape(out, olen, back) == len && !memcmp(back, in, len),
				  "escaping loses nothing");
	}
}
