/* driver.c: make bench-crossing. Prices, in thread CPU time per call, a C
 * call, a system call made from C, a call from C into Go, and the same
 * system call made inside a call into Go (lib/lib.go), so the cost a
 * gosocket operation pays over the built-in module's can be read off:
 * (Go crossing with the syscall inside) - (syscall from C). The median of
 * 9 rounds of N calls each. getppid stands in for the socket call: the
 * cheapest system call there is, so the difference is all overhead. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "libcc.h"

#define ROUNDS 9
#define N 500000

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

__attribute__((noinline)) static int c_nop(int x)
{
    __asm__ volatile("");
    return x + 1;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long sink;

#define MEASURE(label, stmt)                                   \
    do {                                                       \
        double t[ROUNDS];                                      \
        for (int r = 0; r < ROUNDS; r++) {                     \
            double t0 = now_ns();                              \
            for (int i = 0; i < N; i++) {                      \
                stmt;                                          \
            }                                                  \
            t[r] = (now_ns() - t0) / N;                        \
        }                                                      \
        qsort(t, ROUNDS, sizeof t[0], cmp);                    \
        printf("  %-44s %7.1f ns\n", label, t[ROUNDS / 2]);    \
        fflush(stdout);                                        \
    } while (0)

int main(void)
{
    printf("per call, median of %d rounds of %d (thread CPU time)\n", ROUNDS, N);
    MEASURE("C call", sink += c_nop(1));
    MEASURE("C -> Go call (cgo crossing)", sink += cc_nop(1));
    MEASURE("getppid from C", sink += syscall(SYS_getppid));
    MEASURE("getppid from C, then C -> Go call", sink += syscall(SYS_getppid) + cc_nop(1));
    MEASURE("C -> Go, getppid with RawSyscall", sink += cc_raw());
    MEASURE("C -> Go, getppid with Syscall", sink += cc_sys());
    MEASURE("C -> Go, 8 Go frames, getppid (RawSyscall)", sink += cc_deep(8));
    return sink == 42;
}
