/* exit() with a status from the arguments, after output that must be flushed. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	printf("exiting with %s\n", argc > 1 ? argv[1] : "3");
	exit(argc > 1 ? atoi(argv[1]) : 3);
}
