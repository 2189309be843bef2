/* threads.h: fork.c counts the threads the library starts (the Go
 * runtime's): the link wraps pthread_create (glibc_compat.c), whose wrapper
 * hands each new thread to gs_thread_create with the pthread_create to
 * start it with. */
#ifndef GS_THREADS_H
#define GS_THREADS_H

#include <pthread.h>

typedef int (*gs_pthread_create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
int gs_thread_create(gs_pthread_create_fn create, pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *),
                     void *arg);

#endif
