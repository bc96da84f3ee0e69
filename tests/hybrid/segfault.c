/* A write through a null pointer: the process dies of SIGSEGV. */
#include <stdio.h>

int main(void)
{
	volatile int *p = 0;

	printf("about to crash\n");
	fflush(stdout);
	*p = 1;
	return 0;
}
