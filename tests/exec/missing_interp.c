// SPDX-License-Identifier: MIT
/* A dynamic program whose interpreter does not exist (linked with --dynamic-linker). */
#include <stdio.h>

int main(void)
{
	puts("not reached");
	return 0;
}
