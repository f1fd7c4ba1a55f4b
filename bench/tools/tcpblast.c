/* tcpblast: TCP throughput between two endpoints, timed by the sender itself so that starting it costs nothing.
 *   tcpblast -l PORT            accept connections forever, read and discard, close when the sender is done
 *   tcpblast HOST PORT MIB      send MIB mebibytes of zeros, wait for the receiver to close, print MB/s
 * Built static (bench/net.sh: clang -O2 -static) so it runs inside a busybox container as it does on the host. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static char buffer[1 << 20];

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int serve(int port) {
    int listener = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_ANY) };
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) || listen(listener, 8)) { perror("tcpblast: listen"); return 1; }
    for (;;) {
        int connection = accept(listener, NULL, NULL);
        if (connection < 0) continue;
        while (read(connection, buffer, sizeof buffer) > 0) {}
        close(connection); /* tells the sender everything arrived */
    }
}

static int send_all(const char *host, int port, long mebibytes) {
    int connection = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(port) };
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) { fprintf(stderr, "tcpblast: %s is not an IPv4 address\n", host); return 2; }
    if (connect(connection, (struct sockaddr *)&address, sizeof address)) { perror("tcpblast: connect"); return 1; }
    double start = now();
    for (long i = 0; i < mebibytes; i++)
        for (size_t sent = 0; sent < sizeof buffer;) {
            ssize_t n = write(connection, buffer + sent, sizeof buffer - sent);
            if (n <= 0) { perror("tcpblast: write"); return 1; }
            sent += (size_t)n;
        }
    shutdown(connection, SHUT_WR);
    while (read(connection, buffer, sizeof buffer) > 0) {}
    double seconds = now() - start;
    printf("%.1f\n", mebibytes * 1048576.0 / 1e6 / seconds);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "-l") == 0) return serve(atoi(argv[2]));
    if (argc == 4) return send_all(argv[1], atoi(argv[2]), atol(argv[3]));
    fprintf(stderr, "usage: tcpblast -l PORT | tcpblast HOST PORT MIB\n");
    return 2;
}
