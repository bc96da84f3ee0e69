/* Arguments, environment and exit status from main's return value. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	const char *v = getenv("HVM_TEST_VALUE");

	for (int i = 0; i < argc; i++)
		printf("argv[%d] = %s\n", i > 0 ? i : 0, i > 0 ? argv[i] : "(program)");
	printf("HVM_TEST_VALUE = %s\n", v ? v : "(unset)");
	return argc + 40;
}
