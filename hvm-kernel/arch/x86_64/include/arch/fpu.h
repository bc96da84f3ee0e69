/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The program's floating-point and vector state (fpu.c): x87 and SSE
 * always; with XSAVE also what XCR0 enables, as Linux does: AVX, and the
 * AVX-512 opmask and ZMM state on CPUs that have it. hvm-kernel itself
 * never touches it (built with -mgeneral-regs-only), so it stays in the
 * registers while hvm-kernel runs and is saved only when another call
 * may change it: parking (thread.c) and signal delivery (signal.c).
 */
#ifndef HVM_ARCH_FPU_H
#define HVM_ARCH_FPU_H

#include "kernel.h"

/* XCR0 bits (state components) hvm-kernel may enable. */
#define XFEATURE_X87 (1ull << 0)
#define XFEATURE_SSE (1ull << 1)
#define XFEATURE_YMM (1ull << 2) /* AVX: the upper halves of YMM0-15 */
#define XFEATURE_BNDREGS (1ull << 3) /* MPX: bnd0-3 */
#define XFEATURE_BNDCSR (1ull << 4) /* MPX: its configuration and status */
#define XFEATURE_OPMASK (1ull << 5) /* AVX-512: k0-k7 */
#define XFEATURE_ZMM_HI256 (1ull << 6) /* AVX-512: the upper halves of ZMM0-15 */
#define XFEATURE_HI16_ZMM (1ull << 7) /* AVX-512: ZMM16-31 */
#define XFEATURE_PKRU (1ull << 9) /* the protection-key rights register */
#define XFEATURE_FPSSE (XFEATURE_X87 | XFEATURE_SSE)
#define XFEATURE_AVX512 (XFEATURE_OPMASK | XFEATURE_ZMM_HI256 | XFEATURE_HI16_ZMM)
#define XFEATURE_MPX (XFEATURE_BNDREGS | XFEATURE_BNDCSR)

/* The legacy (FXSAVE) region, then the XSAVE header: the layout XSAVE and FXSAVE share. */
#define FXSAVE_SIZE 512
#define XSAVE_HEADER_SIZE 64
#define FXSAVE_MXCSR 24 /* byte offsets in the legacy region */
#define FXSAVE_MXCSR_MASK 28
#define FXSAVE_SW_RESERVED 464 /* bytes the processor leaves alone (Linux's sw_reserved) */

/*
 * Room for the state of every feature above in XSAVE's standard format
 * (2696 bytes with AVX-512 and PKRU, whose offsets are fixed); a CPU whose
 * size for them is larger keeps AVX-512 off (fpu_cpu_init()).
 */
#define FPU_AREA_MAX 3072

/* One save area: 64-byte aligned, as XSAVE and XRSTOR need. */
struct fpu_area {
	__u8 bytes[FPU_AREA_MAX];
} __aligned(64);

/* What every CPU enables, the same on all (set by each CPU's fpu_cpu_init(), read-only after). */
struct fpu_config {
	bool xsave; /* XSAVE/XRSTOR with CR4.OSXSAVE; else FXSAVE/FXRSTOR */
	bool xsaveopt; /* XSAVEOPT for parking */
	__u64 xfeatures; /* XCR0: the state components saved and restored */
	__u32 size; /* bytes of a save area for xfeatures (FXSAVE_SIZE without XSAVE) */
	__u32 mxcsr_mask; /* the MXCSR bits this CPU allows */
};

extern struct fpu_config fpu_config;

/* At a CPU's bring-up, after paging_load(): CR4.OSXSAVE and XCR0 when the CPU has XSAVE. */
void fpu_cpu_init(void);

/* The whole state into @a; @a's XSAVE header is written as XSAVE writes it. */
void fpu_save(struct fpu_area *a);

/* The same for a thread that parks: XSAVEOPT when the CPU has it (see fpu.c). */
void fpu_save_park(struct fpu_area *a);

/* The whole state from @a, as fpu_save() left it or checked by the caller. */
void fpu_restore(const struct fpu_area *a);

#endif /* HVM_ARCH_FPU_H */
