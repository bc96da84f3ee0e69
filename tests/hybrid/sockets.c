/* Loopback TCP in one thread: listen, connect, accept, send, receive. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	char buf[64] = {0};
	int l = socket(AF_INET, SOCK_STREAM, 0), c, s;

	if (bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 4) ||
	    getsockname(l, (struct sockaddr *)&a, &len))
		return perror("listen"), 2;
	c = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(c, (struct sockaddr *)&a, sizeof(a)))
		return perror("connect"), 3;
	s = accept(l, NULL, NULL);
	send(c, "ping over loopback", 18, 0);
	recv(s, buf, sizeof(buf) - 1, 0);
	send(s, "pong", 4, 0);
	recv(c, buf + 20, 4, 0);
	printf("server got '%s', client got '%.4s'\n", buf, buf + 20);
	close(c), close(s), close(l);
	return 0;
}
