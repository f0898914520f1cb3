#ifndef KAOPING_SYSTEM_H
#define KAOPING_SYSTEM_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE): the published report
/// folder and its freshly built successor trade places in one step, so a reader, or a run
/// killed at any moment, never finds the period folder missing. Returns 0, or -1 with errno
/// (ENOSYS, EINVAL or ENOTSUP where the kernel or file system cannot exchange).
int kaoping_exchange_paths(const char *first, const char *second);

/// A hint that `address` is about to be read: a hash probe issued a few rows ahead of its
/// use overlaps its cache miss with other work.
static inline void kaoping_prefetch(const void *address) { __builtin_prefetch(address); }

/// A hint that `address` is about to be written, so that the store that follows does not wait
/// for its line (and hold up every store behind it). Where the target has no write prefetch
/// (x86-64's baseline), the line is loaded as for a read, which is most of the gain.
static inline void kaoping_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1); }

/// Limits glibc's allocator to `arenas` arenas, maps every block of `mapThreshold` bytes or
/// more on its own (returned to the system when freed) and gives an arena's free top back to
/// the system only past `trimThreshold` bytes; see `MemoryPolicy`. Does nothing where the C
/// library is not glibc.
void kaoping_tune_allocator(int arenas, int mapThreshold, int trimThreshold);

/// Whether `bytes` is well-formed UTF-8 as a whole (RFC 3629; a sequence cut short by the end
/// is not): 1 or 0, or -1 where the processor has no AVX2 and the caller must look itself.
/// Says nothing of where the first bad byte is: a caller that needs that looks byte by byte.
int kaoping_utf8_valid(const unsigned char *bytes, long count);

/// The positions of `delimiter` in `line`, in order: the first `capacity` stored in
/// `positions`, and how many there are in all returned. -1 when the line holds a quote (").
/// -2 where the processor has no AVX2, and the caller must look itself.
long kaoping_find_delimiters(const unsigned char *line, long length, unsigned char delimiter, long *positions,
                             long capacity);

/// The offset of the first CR or LF in `bytes`, or `count` when there is none; -2 where the
/// processor has no AVX2, and the caller must look itself.
long kaoping_find_line_break(const unsigned char *bytes, long count);

#endif
