/* threads.c: make bench-crossing's second part. Prices what a second
 * thread in the process costs every socket system call, in plain C without
 * Go: the kernel looks a descriptor up without touching its reference count
 * only while the process's descriptor table is not shared, that is while
 * the process has one thread. Go's runtime starts threads of its own at
 * load, so every process with gosocket in it pays this; the built-in
 * module in a single-threaded program does not (tests/bench/app.py's fresh
 * processes). Fresh children, alternating: one that stays single-threaded
 * and one that first starts a thread that only sleeps, each timing
 * send + recv of 64 bytes each way on an AF_UNIX pair (thread CPU time,
 * median of 15 rounds); the medians over the children are printed. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHILDREN 9
#define ROUNDS 15
#define N 50000

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void *sleeper(void *p)
{
    pause();
    return p;
}

/* child is one measurement: the median ns per round trip (4 calls). */
static double child(int threaded)
{
    int sv[2];
    char buf[64] = {0};
    double t[ROUNDS];
    pthread_t th;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        exit(2);
    if (threaded && pthread_create(&th, NULL, sleeper, NULL) != 0)
        exit(2);
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now_ns();
        for (int i = 0; i < N; i++) {
            send(sv[0], buf, 64, MSG_DONTWAIT);
            recv(sv[1], buf, 64, MSG_DONTWAIT);
            send(sv[1], buf, 64, MSG_DONTWAIT);
            recv(sv[0], buf, 64, MSG_DONTWAIT);
        }
        t[r] = (now_ns() - t0) / N;
    }
    qsort(t, ROUNDS, sizeof t[0], cmp);
    return t[ROUNDS / 2];
}

/* run forks one child and reads its median back through a pipe. */
static double run(int threaded)
{
    int p[2];
    double v = -1;
    if (pipe(p) < 0)
        exit(2);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        v = child(threaded);
        if (write(p[1], &v, sizeof v) != sizeof v)
            _exit(2);
        _exit(0);
    }
    close(p[1]);
    if (read(p[0], &v, sizeof v) != sizeof v)
        v = -1;
    close(p[0]);
    waitpid(pid, NULL, 0);
    return v;
}

int main(void)
{
    double one[CHILDREN], two[CHILDREN];
    for (int i = 0; i < CHILDREN; i++) {
        one[i] = run(0);
        two[i] = run(1);
    }
    qsort(one, CHILDREN, sizeof one[0], cmp);
    qsort(two, CHILDREN, sizeof two[0], cmp);
    double a = one[CHILDREN / 2], b = two[CHILDREN / 2];
    printf("send + recv of 64 B each way on an AF_UNIX pair, from C (median of %d fresh processes each)\n", CHILDREN);
    printf("  one thread                                 %7.0f ns a round trip\n", a);
    printf("  a second thread, asleep                    %7.0f ns a round trip (%.3f, %+.0f ns a call)\n", b, b / a, (b - a) / 4);
    return 0;
}
