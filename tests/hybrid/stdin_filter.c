/* Standard input to standard output, upper-cased, with a line count on stderr. */
#include <ctype.h>
#include <stdio.h>

int main(void)
{
	int c, lines = 0;

	while ((c = getchar()) != EOF) {
		putchar(toupper(c));
		lines += c == '\n';
	}
	fprintf(stderr, "%d lines\n", lines);
	return 0;
}
