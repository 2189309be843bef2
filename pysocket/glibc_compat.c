/*
 * glibc_compat.c: what keeps the extension loadable on glibc 2.17
 * (manylinux_2_17, manylinux2014) although it is linked on a newer glibc.
 *
 * The linker binds each libc call to the newest version of its symbol in
 * the glibc it links against. glibc 2.34 moved libpthread into libc and
 * gave pthread_create & co a new version GLIBC_2.34 (pthread_sigmask and
 * pthread_getattr_np got GLIBC_2.32), and 2.33 made fstat64 a real symbol
 * (before, <sys/stat.h> called __fxstat64). None of these calls changed
 * behaviour: the old versions are the same functions, still exported by
 * every glibc since 2.2.5 (in libpthread.so.0 before 2.34, in libc after).
 * Built as is on glibc 2.36, the extension would require GLIBC_2.34 only
 * because of where it was linked.
 *
 * build.py links with -Wl,--wrap=NAME for every __wrap_NAME defined here
 * (it reads this file for the list), so every reference to NAME, in these
 * C files and in the Go runtime's own cgo C code alike, calls __wrap_NAME,
 * which calls the GLIBC_2.2.5 version bound by .symver; it also links
 * libpthread.so.0, where glibc before 2.34 defines those versions.
 * tools/elfcheck.py reads the result: the highest GLIBC_2.N any symbol
 * needs is the wheel's manylinux_2_N (clock_gettime@GLIBC_2.17 is the
 * floor, it moved from librt into libc in 2.17).
 */
#define _GNU_SOURCE 1
#include <features.h>

#if defined(__linux__) && defined(__x86_64__) && defined(__GLIBC__)

#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>
#include "threads.h"

/* GS_WRAP: the wrappers stay out of the extension's dynamic symbols. */
#define GS_WRAP __attribute__((visibility("hidden"))) int

/* GS_OLD binds gs_old_NAME to NAME@GLIBC_2.2.5, x86-64's first version. */
#define GS_OLD(name) __asm__(".symver gs_old_" #name "," #name "@GLIBC_2.2.5")

int gs_old_pthread_create(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
int gs_old_pthread_join(pthread_t, void **);
int gs_old_pthread_key_create(pthread_key_t *, void (*)(void *));
int gs_old_pthread_setspecific(pthread_key_t, const void *);
int gs_old_pthread_once(pthread_once_t *, void (*)(void));
int gs_old_pthread_kill(pthread_t, int);
int gs_old_pthread_attr_getstack(const pthread_attr_t *, void **, size_t *);
int gs_old_pthread_attr_getstacksize(const pthread_attr_t *, size_t *);
int gs_old_pthread_getattr_np(pthread_t, pthread_attr_t *);
int gs_old_pthread_sigmask(int, const sigset_t *, sigset_t *);
int gs_old___fxstat64(int, int, struct stat64 *);
GS_OLD(pthread_create);
GS_OLD(pthread_join);
GS_OLD(pthread_key_create);
GS_OLD(pthread_setspecific);
GS_OLD(pthread_once);
GS_OLD(pthread_kill);
GS_OLD(pthread_attr_getstack);
GS_OLD(pthread_attr_getstacksize);
GS_OLD(pthread_getattr_np);
GS_OLD(pthread_sigmask);
GS_OLD(__fxstat64);

/* __wrap_pthread_create: every thread the library starts (the Go
 * runtime's) is counted by fork.c (gs_thread_create). */
GS_WRAP __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a, void *(*f)(void *), void *arg)
{
    return gs_thread_create(gs_old_pthread_create, t, a, f, arg);
}

GS_WRAP __wrap_pthread_join(pthread_t t, void **ret)
{
    return gs_old_pthread_join(t, ret);
}

GS_WRAP __wrap_pthread_key_create(pthread_key_t *k, void (*destructor)(void *))
{
    return gs_old_pthread_key_create(k, destructor);
}

GS_WRAP __wrap_pthread_setspecific(pthread_key_t k, const void *v)
{
    return gs_old_pthread_setspecific(k, v);
}

GS_WRAP __wrap_pthread_once(pthread_once_t *once, void (*f)(void))
{
    return gs_old_pthread_once(once, f);
}

GS_WRAP __wrap_pthread_kill(pthread_t t, int sig)
{
    return gs_old_pthread_kill(t, sig);
}

GS_WRAP __wrap_pthread_attr_getstack(const pthread_attr_t *a, void **addr, size_t *size)
{
    return gs_old_pthread_attr_getstack(a, addr, size);
}

GS_WRAP __wrap_pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
    return gs_old_pthread_attr_getstacksize(a, size);
}

GS_WRAP __wrap_pthread_getattr_np(pthread_t t, pthread_attr_t *a)
{
    return gs_old_pthread_getattr_np(t, a);
}

GS_WRAP __wrap_pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
    return gs_old_pthread_sigmask(how, set, old);
}

/* __wrap_fstat64: glibc before 2.33 had no fstat64 symbol; its header
 * called __fxstat64 with _STAT_VER (1 on x86-64), as this does. */
GS_WRAP __wrap_fstat64(int fd, struct stat64 *st)
{
    return gs_old___fxstat64(1, fd, st);
}

#endif
