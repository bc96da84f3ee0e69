/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The register frame every interrupt and exception entry builds
 * (arch/x86_64/vectors.S) and hands to trap_dispatch(); the system-call
 * entry (syscall_entry.S) builds the same one for syscall_dispatch().
 */
#ifndef HVM_ARCH_TRAP_H
#define HVM_ARCH_TRAP_H

#include "kernel.h"

#define X86_TRAP_NMI 2
#define X86_TRAP_UD 6
#define X86_TRAP_DF 8
#define X86_TRAP_GP 13
#define X86_TRAP_PF 14
#define X86_TRAP_MC 18
#define X86_NR_EXCEPTIONS 32

/* The vector of a system call's frame: none a gate can deliver. */
#define TRAP_VECTOR_SYSCALL 0x100

/*
 * Lowest address first. vectors.S pushes r15 first and rax last, so the
 * general registers appear in the crash record's regs[] order. Offsets:
 * rax 0x00 ... r15 0x70, vector 0x78, error_code 0x80, then the CPU's own
 * frame: rip 0x88, cs 0x90, rflags 0x98, rsp 0xa0, ss 0xa8.
 */
struct trap_frame {
	__u64 rax, rbx, rcx, rdx, rsi, rdi, rbp;
	__u64 r8, r9, r10, r11, r12, r13, r14, r15;
	__u64 vector;
	__u64 error_code; /* the CPU's, or 0 pushed by the stub */
	__u64 rip, cs, rflags, rsp, ss;
};

_Static_assert(__builtin_offsetof(struct trap_frame, rip) == 0x88, "vectors.S frame layout");
_Static_assert(sizeof(struct trap_frame) == 0xb0, "vectors.S frame layout");

void trap_dispatch(struct trap_frame *f);
__noreturn void crash_report(struct trap_frame *f);

/* An exception in the call in @slot: its record in the slot's crash record, and a log line. */
void crash_record_call(const struct trap_frame *f, unsigned int slot);

/* Make @f return into the recovery path of enter_program() with the call's @outcome (CALL_*). */
void arch_unwind_call(struct trap_frame *f, int outcome);

/*
 * Go on handling frame @f on the running call's stack below @top (16-byte
 * aligned) with handler(copy of f), which may park the call, and return
 * from the copy (vectors.S): trap_moved() for a fault Linux may resolve
 * (trap.c), signal_interrupted() for signals (signal.c).
 */
__noreturn void trap_move(struct trap_frame *f, __u64 top, void (*handler)(struct trap_frame *));
void trap_moved(struct trap_frame *f);

/* Once per CPU at boot: enable `syscall` (syscall.c). */
void syscall_init(void);

/* A `syscall` of the call's code (syscall_entry.S): the result goes to f->rax. */
void syscall_dispatch(struct trap_frame *f);

/* Store to / load from the program's memory from hvm-kernel (uaccess.c): 0 or -EFAULT. */
#define SYSCALL_INSN_SIZE 2 /* 0f 05: the length of `syscall`, to make one again */

int put_user_u64(__u64 *uptr, __u64 v);
int get_user_u64(const __u64 *uptr, __u64 *v);

/* Copy between hvm-kernel and the program's memory (syscall_entry.S): the bytes NOT copied. */
size_t uaccess_copy(void *dst, const void *src, size_t n);
extern char uaccess_insn[], uaccess_fixup[]; /* the copy that may fault, where it then goes */

/* The same, never waiting for Linux: a fault ends it at once (a spinlock is held). */
size_t uaccess_copy_nofault(void *dst, const void *src, size_t n);
extern char uaccess_nofault_insn[], uaccess_nofault_fixup[];

/* Zero words of the program's memory (syscall_entry.S): the words NOT zeroed. */
size_t uaccess_clear(void *dst, size_t words);
extern char uaccess_clear_insn[]; /* its store, which may fault; ends at uaccess_fixup too */

/* Is @rip hvm-kernel's access to the program's memory? */
static inline bool uaccess_at(__u64 rip)
{
	return rip == (__u64)uaccess_insn || rip == (__u64)uaccess_clear_insn;
}

#endif /* HVM_ARCH_TRAP_H */
