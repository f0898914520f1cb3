#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include "kaoping_system.h"
#ifdef __GLIBC__
#include <malloc.h>
#endif

int kaoping_exchange_paths(const char *first, const char *second) {
#ifdef RENAME_EXCHANGE
    return renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

void kaoping_tune_allocator(int arenas, int mapThreshold, int trimThreshold) {
#ifdef __GLIBC__
    mallopt(M_ARENA_MAX, arenas);
    mallopt(M_MMAP_THRESHOLD, mapThreshold);
    mallopt(M_TRIM_THRESHOLD, trimThreshold);
#else
    (void)arenas;
    (void)mapThreshold;
    (void)trimThreshold;
#endif
}
