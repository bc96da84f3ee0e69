/* Blocks in read() on its standard input (for kill -9 in a system call). */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	char c;

	printf("blocking in read\n");
	fflush(stdout);
	return (int)read(0, &c, 1);
}
