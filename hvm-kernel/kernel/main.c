// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hvm-kernel: the specialized kernel that runs hybrid programs' threads on
 * the vCPUs and memory hvm.ko set aside. This is its generic entry point,
 * reached from arch/x86_64/entry.S.
 */
#include <hvm/abi.h>

#include "console.h"

void kernel_main(void);

void kernel_main(void)
{
	console_write("hvm-kernel: started (ABI revision 1)\n");
}
