#include <string.h>
#include "kaoping_system.h"
#include "kaoping_vector.h"

// The delimiters of a line, 32 bytes at a time: one comparison finds every delimiter of a
// block and another any quote, and the delimiters' positions come out of a bit mask in
// order. Where a byte loop branches at every delimiter, this branches once a block.

#ifdef KAOPING_VECTOR_SCANS

/// The delimiters among the bits of `delimiters` (block offset `base`), stored while there is room.
KAOPING_AVX2 static inline long take_positions(unsigned delimiters, long base, long found, long *positions, long capacity) {
    while (delimiters != 0) {
        if (found < capacity) positions[found] = base + (long)__builtin_ctz(delimiters);
        found += 1;
        delimiters &= delimiters - 1;
    }
    return found;
}

KAOPING_AVX2 static long find_delimiters_avx2(const unsigned char *line, long length, unsigned char delimiter,
                                              long *positions, long capacity) {
    const __m256i delimiters = _mm256_set1_epi8((char)delimiter);
    const __m256i quotes = _mm256_set1_epi8('"');
    long found = 0;
    long index = 0;
    for (; index + 32 <= length; index += 32) {
        __m256i block = _mm256_loadu_si256((const __m256i *)(line + index));
        if (_mm256_movemask_epi8(_mm256_cmpeq_epi8(block, quotes)) != 0) return -1;
        unsigned mask = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(block, delimiters));
        found = take_positions(mask, index, found, positions, capacity);
    }
    if (index == length) return found;
    __m256i block;
    unsigned fresh;  // the bits of the block not looked at yet
    if (length >= 32) {
        // The line's last 32 bytes, overlapping what was read: no read past the line.
        block = _mm256_loadu_si256((const __m256i *)(line + length - 32));
        fresh = ~0u << (unsigned)(index - (length - 32));
        index = length - 32;
    } else {
        // A short line, copied into a block whose padding is neither delimiter nor quote.
        unsigned char padded[32];
        memset(padded, delimiter == 0x01 ? 0x02 : 0x01, sizeof padded);
        memcpy(padded, line, (size_t)length);
        block = _mm256_loadu_si256((const __m256i *)padded);
        fresh = length == 0 ? 0 : ~0u >> (unsigned)(32 - length);
    }
    if (((unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(block, quotes)) & fresh) != 0) return -1;
    unsigned mask = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(block, delimiters)) & fresh;
    return take_positions(mask, index, found, positions, capacity);
}

long kaoping_find_delimiters(const unsigned char *line, long length, unsigned char delimiter, long *positions,
                             long capacity) {
    if (!kaoping_avx2_available()) return -2;
    return find_delimiters_avx2(line, length, delimiter, positions, capacity);
}

// The next line break, 32 bytes at a time: where a Windows export's lines end (CR LF), which
// memchr, looking for one byte, cannot find in one pass.

KAOPING_AVX2 static long find_line_break_avx2(const unsigned char *bytes, long count) {
    const __m256i line_feeds = _mm256_set1_epi8('\n');
    const __m256i returns = _mm256_set1_epi8('\r');
    long index = 0;
    for (; index + 32 <= count; index += 32) {
        __m256i block = _mm256_loadu_si256((const __m256i *)(bytes + index));
        unsigned mask = (unsigned)_mm256_movemask_epi8(
            _mm256_or_si256(_mm256_cmpeq_epi8(block, line_feeds), _mm256_cmpeq_epi8(block, returns)));
        if (mask != 0) return index + (long)__builtin_ctz(mask);
    }
    for (; index < count; index++) {
        if (bytes[index] == '\n' || bytes[index] == '\r') return index;
    }
    return count;
}

long kaoping_find_line_break(const unsigned char *bytes, long count) {
    if (!kaoping_avx2_available()) return -2;
    return find_line_break_avx2(bytes, count);
}

#else

long kaoping_find_delimiters(const unsigned char *line, long length, unsigned char delimiter, long *positions,
                             long capacity) {
    (void)line;
    (void)length;
    (void)delimiter;
    (void)positions;
    (void)capacity;
    return -2;
}

long kaoping_find_line_break(const unsigned char *bytes, long count) {
    (void)bytes;
    (void)count;
    return -2;
}

#endif
