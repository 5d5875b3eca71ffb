// Counts malloc calls of a process (LD_PRELOAD) and prints the total at exit: Benchmarks/allocations.sh uses it
// to show that an environment step allocates nothing on the heap.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
static atomic_long n;
static void *(*real_malloc)(size_t);
void *malloc(size_t s) { if (!real_malloc) real_malloc = dlsym(RTLD_NEXT, "malloc"); atomic_fetch_add(&n, 1); return real_malloc(s); }
__attribute__((destructor)) static void report(void) { fprintf(stderr, "MALLOC_CALLS %ld\n", (long)n); }
