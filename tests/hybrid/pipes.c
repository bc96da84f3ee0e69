/* A pipe within one process: data through it in chunks, dup2, poll. */
#include <poll.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	int p[2];
	unsigned long sum_in = 0, sum_out = 0;
	char buf[4096];

	pipe(p);
	for (int round = 0; round < 64; round++) {
		for (int i = 0; i < (int)sizeof(buf); i++)
			buf[i] = (char)(i * round + 7), sum_in += (unsigned char)buf[i];
		if (write(p[1], buf, sizeof(buf)) != sizeof(buf))
			return 2;
		struct pollfd pfd = {p[0], POLLIN, 0};
		if (poll(&pfd, 1, 1000) != 1)
			return 3;
		for (ssize_t got = 0; got < (ssize_t)sizeof(buf);) {
			ssize_t n = read(p[0], buf, sizeof(buf) - got);
			if (n <= 0)
				return 4;
			for (ssize_t i = 0; i < n; i++)
				sum_out += (unsigned char)buf[i];
			got += n;
		}
	}
	dup2(p[1], 10);
	write(10, "end", 3);
	read(p[0], buf, 3);
	printf("checksum in %lu out %lu, tail %.3s\n", sum_in, sum_out, buf);
	return sum_in != sum_out;
}
