#include <stdint.h>
#include <string.h>
#include "kaoping_system.h"
#include "kaoping_vector.h"

// Validation of whole blocks of UTF-8 at once, after Keiser and Lemire, "Validating UTF-8 in
// less than one instruction per byte" (2021): each byte is classified by three 16-entry
// tables, looked up by the high and low nibble of the byte before it and the high nibble of
// the byte itself. Every bit of the three lookups' AND is an error, except "a continuation
// after a continuation", which is an error exactly where the byte two or three back does not
// lead a sequence of three or four.

#ifdef KAOPING_VECTOR_SCANS

enum {
    TOO_SHORT = 1 << 0,      // a lead byte, then no continuation
    TOO_LONG = 1 << 1,       // ASCII, then a continuation
    OVERLONG_3 = 1 << 2,     // E0 80–9F
    TOO_LARGE = 1 << 3,      // F4 90–BF, F5–FF
    SURROGATE = 1 << 4,      // ED A0–BF
    OVERLONG_2 = 1 << 5,     // C0 or C1, then a continuation
    TOO_LARGE_1000 = 1 << 6, // F5–FF 80–8F
    OVERLONG_4 = 1 << 6,     // F0 80–8F
    TWO_CONTINUATIONS = 1 << 7,
    CARRY = TOO_SHORT | TOO_LONG | TWO_CONTINUATIONS,
};

/// A 16-entry table, in both 128-bit lanes (the shuffle looks up within each lane).
KAOPING_AVX2 static inline __m256i table16(const uint8_t entries[16]) {
    return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)entries));
}

/// The error bits of `input`, given the block before it.
KAOPING_AVX2 static inline __m256i block_errors(__m256i input, __m256i previous) {
    const __m256i low_nibble = _mm256_set1_epi8(0x0F);
    // The block shifted by one, two and three bytes, with the previous block's last bytes in front.
    __m256i carried = _mm256_permute2x128_si256(previous, input, 0x21);
    __m256i previous1 = _mm256_alignr_epi8(input, carried, 15);
    __m256i previous2 = _mm256_alignr_epi8(input, carried, 14);
    __m256i previous3 = _mm256_alignr_epi8(input, carried, 13);

    static const uint8_t first_high_entries[16] = {
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        TWO_CONTINUATIONS, TWO_CONTINUATIONS, TWO_CONTINUATIONS, TWO_CONTINUATIONS,
        TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4};
    const __m256i first_high = table16(first_high_entries);
    static const uint8_t first_low_entries[16] = {
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY, CARRY | TOO_LARGE,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000};
    const __m256i first_low = table16(first_low_entries);
    static const uint8_t second_high_entries[16] = {
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | OVERLONG_3 | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTINUATIONS | SURROGATE | TOO_LARGE,
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT};
    const __m256i second_high = table16(second_high_entries);

    __m256i first_high_bits = _mm256_shuffle_epi8(first_high, _mm256_and_si256(_mm256_srli_epi16(previous1, 4), low_nibble));
    __m256i first_low_bits = _mm256_shuffle_epi8(first_low, _mm256_and_si256(previous1, low_nibble));
    __m256i second_high_bits = _mm256_shuffle_epi8(second_high, _mm256_and_si256(_mm256_srli_epi16(input, 4), low_nibble));
    __m256i special = _mm256_and_si256(_mm256_and_si256(first_high_bits, first_low_bits), second_high_bits);

    // The top bit where the byte two back leads three bytes or more, or the byte three back four.
    __m256i third = _mm256_subs_epu8(previous2, _mm256_set1_epi8((char)(0xE0 - 0x80)));
    __m256i fourth = _mm256_subs_epu8(previous3, _mm256_set1_epi8((char)(0xF0 - 0x80)));
    __m256i must_continue = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must_continue, special);
}

KAOPING_AVX2 static int utf8_valid_avx2(const unsigned char *bytes, long count) {
    __m256i errors = _mm256_setzero_si256();
    __m256i previous = _mm256_setzero_si256();
    long index = 0;
    for (; index + 32 <= count; index += 32) {
        __m256i input = _mm256_loadu_si256((const __m256i *)(bytes + index));
        // Plain ASCII after a block that ended on a whole character has nothing to check.
        if (_mm256_movemask_epi8(input) != 0 || _mm256_movemask_epi8(previous) != 0) {
            errors = _mm256_or_si256(errors, block_errors(input, previous));
        }
        previous = input;
    }
    // The tail, padded with zeros: a sequence cut short by the end is an error (too short),
    // and so is one cut by the end of the last whole block, when there is no tail.
    unsigned char tail[32] = {0};
    memcpy(tail, bytes + index, (size_t)(count - index));
    errors = _mm256_or_si256(errors, block_errors(_mm256_loadu_si256((const __m256i *)tail), previous));
    return _mm256_testz_si256(errors, errors);
}

int kaoping_utf8_valid(const unsigned char *bytes, long count) {
    if (!kaoping_avx2_available()) return -1;
    return count == 0 ? 1 : utf8_valid_avx2(bytes, count);
}

#else

int kaoping_utf8_valid(const unsigned char *bytes, long count) {
    (void)bytes;
    (void)count;
    return -1;
}

#endif
