// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * A failed KASSERT (debug.h): the message goes to the log ring, then an
 * invalid opcode in hvm-kernel's own code stops this CPU with a crash
 * record, as any other hvm-kernel fault does (Linux stays up; hvmctl crash
 * shows the record, hvmctl reboot starts hvm-kernel again).
 */
#include "debug.h"
#include "percpu.h"

__noreturn void kassert_failed(const char *cond, const char *file, int line)
{
	kprintf("hvm-kernel: cpu %u: assertion failed at %s:%d: %s\n", this_cpu()->cpu, file, line,
		cond);
	__builtin_trap();
}
