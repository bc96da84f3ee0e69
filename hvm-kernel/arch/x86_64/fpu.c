// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The program's x87, SSE and AVX state (arch/fpu.h). With XSAVE, every
 * CPU sets CR4.OSXSAVE and XCR0 to what Linux enables on the same CPU:
 * x87, SSE, AVX, MPX's two components, AVX-512's three and PKRU, each
 * when the CPU has it. CPUID.1:ECX.OSXSAVE, XGETBV and CPUID 0xd's area
 * size then tell a program on the HRT what they tell it on Linux, which
 * matters beyond choosing instructions: a process set up on the HRT goes
 * on natively (a fork or vfork child, a thread on Linux), and glibc's
 * dynamic linker sizes the XSAVE area it saves registers in from CPUID
 * 0xd at start-up. Had the HRT enabled less (no MPX), a lazy binding in a
 * vfork child on Linux would write MPX's state past that area, into its
 * caller's frame. PKRU is only saved and restored: without CR4.PKE the
 * program's keys do not apply (they would to hvm-kernel's own accesses
 * of its memory) and RDPKRU/WRPKRU are invalid. AMX stays off: its tiles
 * (8 KiB) do not fit a save area here, and Linux gives them only to a
 * process that asks. Without XSAVE the state is x87 and SSE only, saved
 * with FXSAVE.
 */
#include "kernel.h"
#include "percpu.h"
#include "printk.h"
#include "arch/cpu.h"
#include "arch/fpu.h"
#include "arch/thread.h"

#define CPUID1_ECX_XSAVE (1u << 26)
#define CPUID_XSAVE_LEAF 0xdu
#define CPUID_XSAVE_XSAVEOPT (1u << 0) /* leaf 0xd, subleaf 1, EAX */
#define FPU_CW_DEFAULT 0x037f /* Linux's initial x87 control word */
#define MXCSR_DEFAULT 0x1f80 /* and MXCSR */
#define MXCSR_MASK_DEFAULT 0xffbfu /* what an FXSAVE image without a mask allows */

struct fpu_config fpu_config = {.size = FXSAVE_SIZE, .mxcsr_mask = MXCSR_MASK_DEFAULT};

/*
 * XRSTOR from this image puts every component into its initial state
 * (XSTATE_BV 0: x87 with control word 0x037f, zeroed registers) and
 * loads MXCSR, which XRSTOR takes from memory whatever XSTATE_BV says.
 */
static struct fpu_area fpu_initial = {
	.bytes = {[FXSAVE_MXCSR] = MXCSR_DEFAULT & 0xff, [FXSAVE_MXCSR + 1] = MXCSR_DEFAULT >> 8}};

static void xsave(struct fpu_area *a, __u64 mask)
{
	__asm__ volatile("xsave64 %0" : "+m"(*a) : "a"((__u32)mask), "d"((__u32)(mask >> 32)));
}

static void xsaveopt(struct fpu_area *a, __u64 mask)
{
	__asm__ volatile("xsaveopt64 %0" : "+m"(*a) : "a"((__u32)mask), "d"((__u32)(mask >> 32)));
}

static void xrstor(const struct fpu_area *a, __u64 mask)
{
	__asm__ volatile("xrstor64 %0" : : "m"(*a), "a"((__u32)mask), "d"((__u32)(mask >> 32)));
}

/* The save area's size for what XCR0 enables now (CPUID 0xd.0 EBX follows XCR0). */
static __u32 xsave_size_now(void)
{
	__u32 a, b, c, d;

	cpuid_count(CPUID_XSAVE_LEAF, 0, &a, &b, &c, &d);
	return b;
}

/*
 * The components to enable: Linux's user components (all but AMX) that
 * the CPU supports (CPUID 0xd.0 EDX:EAX), in the groups XSETBV takes
 * whole: MPX's two together, AVX-512's three together and only with AVX.
 */
static __u64 xfeatures_wanted(void)
{
	__u32 a, b, c, d;
	__u64 supported, want = XFEATURE_FPSSE;

	cpuid_count(CPUID_XSAVE_LEAF, 0, &a, &b, &c, &d);
	supported = ((__u64)d << 32) | a;
	if (supported & XFEATURE_YMM)
		want |= XFEATURE_YMM;
	if ((supported & XFEATURE_MPX) == XFEATURE_MPX)
		want |= XFEATURE_MPX;
	if ((want & XFEATURE_YMM) && (supported & XFEATURE_AVX512) == XFEATURE_AVX512)
		want |= XFEATURE_AVX512;
	if (supported & XFEATURE_PKRU)
		want |= XFEATURE_PKRU;
	return want;
}

/* The MXCSR bits this CPU allows, from an FXSAVE image of its own (0 there: the default mask). */
static __u32 mxcsr_mask_now(void)
{
	struct {
		__u8 bytes[FXSAVE_SIZE];
	} __aligned(16) image;
	__u32 mask;

	__asm__ volatile("fxsaveq %0" : "=m"(image));
	memcpy(&mask, image.bytes + FXSAVE_MXCSR_MASK, sizeof(mask));
	return mask ? mask : MXCSR_MASK_DEFAULT;
}

void fpu_cpu_init(void)
{
	__u32 a, b, c, d, size;
	__u64 want;

	fpu_config.mxcsr_mask = mxcsr_mask_now();
	cpuid(1, &a, &b, &c, &d);
	if (!(c & CPUID1_ECX_XSAVE))
		return; /* x87 and SSE with FXSAVE, as paging_load() set them up */
	write_cr4(read_cr4() | X86_CR4_OSXSAVE);
	want = xfeatures_wanted();
	xsetbv(0, want);
	size = xsave_size_now();
	if (size > FPU_AREA_MAX && (want & XFEATURE_AVX512)) {
		want &= ~XFEATURE_AVX512;
		xsetbv(0, want);
		size = xsave_size_now();
	}
	if (size > FPU_AREA_MAX) { /* cannot happen for x87, SSE and AVX: back to FXSAVE */
		xsetbv(0, XFEATURE_FPSSE);
		write_cr4(read_cr4() & ~X86_CR4_OSXSAVE);
		kprintf("hvm-kernel: cpu %u: XSAVE area of %u bytes for XCR0 0x%llx: using FXSAVE\n",
			this_cpu()->cpu, size, want);
		return;
	}
	cpuid_count(CPUID_XSAVE_LEAF, 1, &a, &b, &c, &d);
	fpu_config.xsaveopt = a & CPUID_XSAVE_XSAVEOPT;
	fpu_config.xfeatures = want;
	fpu_config.size = size;
	fpu_config.xsave = true;
}

void fpu_save(struct fpu_area *a)
{
	if (fpu_config.xsave)
		xsave(a, fpu_config.xfeatures);
	else
		__asm__ volatile("fxsaveq %0" : "=m"(*a));
}

/*
 * XSAVEOPT skips what is unchanged since the last XRSTOR from the same
 * area, which holds for a parked thread's: only parking writes it
 * (thread.c), and its XRSTOR comes right after the switch back.
 */
void fpu_save_park(struct fpu_area *a)
{
	if (fpu_config.xsaveopt)
		xsaveopt(a, fpu_config.xfeatures);
	else
		fpu_save(a);
}

void fpu_restore(const struct fpu_area *a)
{
	if (fpu_config.xsave)
		xrstor(a, fpu_config.xfeatures);
	else
		__asm__ volatile("fxrstorq %0" : : "m"(*a));
}

/*
 * Linux's initial state, so nothing leaks from one call into the next
 * (nor into a signal handler): x87 control word 0x037f, MXCSR 0x1f80,
 * and with XSAVE every register of every enabled component zeroed.
 */
void arch_fpu_reset(void)
{
	__u16 cw = FPU_CW_DEFAULT;
	__u32 mxcsr = MXCSR_DEFAULT;

	if (fpu_config.xsave)
		xrstor(&fpu_initial, fpu_config.xfeatures);
	else
		__asm__ volatile("fninit; fldcw %0; ldmxcsr %1" : : "m"(cw), "m"(mxcsr));
}
