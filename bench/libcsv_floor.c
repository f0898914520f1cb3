/*
 * The single-threaded libcsv floor of issue 6: a plain C program driving libcsv on one core.
 *
 *   libcsv_floor FILE        prints `unit_code,count` lines, sorted by unit_code (bytes)
 *   libcsv_floor --version   prints the libcsv version it was compiled against
 *
 * Reads FILE in 256 KiB chunks with read(2) and hands each chunk to libcsv in strict mode, as
 * Kaoping does (CSV_STRICT | CSV_STRICT_FINI, comma delimiter, libcsv's own space trimming).
 * The header is the first record with a field `unit_code` or `单位编码` (a UTF-8 BOM before it
 * is ignored); the records above it (title lines) are not counted. Every record after it is
 * counted under its unit_code field as libcsv returns it: raw row counts, no validation, no
 * dates, no duplicates. A record too short to have the column counts under the empty code.
 * libcsv does not report empty lines, so blank lines are not records here.
 *
 * A strict-mode parse error (a stray quote) is counted, the rest of that line is dropped and
 * a fresh parser starts on the next line; the count goes to stderr. Exit 0 on success, 2 on
 * usage or I/O errors. bench/bench.py compiles this (cc -O2 ... -lcsv) into .bench/.
 */
#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (256 * 1024)

struct unit {
    char *code;
    size_t len;
    uint64_t hash;
    long long count;
};

struct state {
    /* the unit table: open addressing, power-of-two capacity */
    struct unit *units;
    size_t capacity, used;
    /* the record being parsed */
    size_t field;          /* index of the next field in the current record */
    long header_match;     /* while looking for the header: the unit_code column seen, or -1 */
    char *value;           /* the current record's unit_code value */
    size_t value_len, value_cap;
    int has_value;
    /* the header */
    int header_found;
    size_t column;
    int at_file_start;     /* the next field is the file's first: strip a BOM */
    long long records, before_header;
};

static void die(const char *what) {
    fprintf(stderr, "libcsv_floor: %s: %s\n", what, strerror(errno));
    exit(2);
}

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n);
    if (!q) die("out of memory");
    return q;
}

static uint64_t hash_bytes(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void grow(struct state *st) {
    size_t old = st->capacity;
    struct unit *units = st->units;
    st->capacity = old ? old * 2 : 256;
    st->units = calloc(st->capacity, sizeof *st->units);
    if (!st->units) die("out of memory");
    for (size_t i = 0; i < old; i++) {
        if (!units[i].code) continue;
        size_t j = units[i].hash & (st->capacity - 1);
        while (st->units[j].code) j = (j + 1) & (st->capacity - 1);
        st->units[j] = units[i];
    }
    free(units);
}

static void count(struct state *st, const char *code, size_t len) {
    if (2 * (st->used + 1) > st->capacity) grow(st);
    uint64_t h = hash_bytes(code, len);
    size_t j = h & (st->capacity - 1);
    while (st->units[j].code) {
        struct unit *u = &st->units[j];
        if (u->hash == h && u->len == len && memcmp(u->code, code, len) == 0) {
            u->count++;
            return;
        }
        j = (j + 1) & (st->capacity - 1);
    }
    struct unit *u = &st->units[j];
    u->code = xrealloc(NULL, len + 1);
    memcpy(u->code, code, len);
    u->code[len] = 0;
    u->len = len;
    u->hash = h;
    u->count = 1;
    st->used++;
}

static int is_unit_header(const char *s, size_t n) {
    return (n == 9 && memcmp(s, "unit_code", 9) == 0) ||
           (n == 12 && memcmp(s, "\xe5\x8d\x95\xe4\xbd\x8d\xe7\xbc\x96\xe7\xa0\x81", 12) == 0); /* 单位编码 */
}

static void on_field(void *data, size_t len, void *ctx) {
    struct state *st = ctx;
    const char *s = data;
    if (st->at_file_start) {
        st->at_file_start = 0;
        if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
            s += 3;
            len -= 3;
        }
    }
    if (st->header_found) {
        if (st->field == st->column) {
            if (len > st->value_cap) {
                st->value_cap = len * 2;
                st->value = xrealloc(st->value, st->value_cap);
            }
            if (len) memcpy(st->value, s, len);
            st->value_len = len;
            st->has_value = 1;
        }
    } else if (st->header_match < 0 && is_unit_header(s, len)) {
        st->header_match = (long)st->field;
    }
    st->field++;
}

static void on_record(int terminator, void *ctx) {
    (void)terminator;
    struct state *st = ctx;
    if (st->header_found) {
        st->records++;
        if (st->has_value) count(st, st->value, st->value_len);
        else count(st, "", 0);
    } else if (st->header_match >= 0) {
        st->header_found = 1;
        st->column = (size_t)st->header_match;
    } else {
        st->before_header++;
    }
    st->field = 0;
    st->has_value = 0;
    st->header_match = -1;
}

static void start(struct csv_parser *p) {
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0) die("csv_init");
    csv_set_delim(p, CSV_COMMA);
}

static int by_code(const void *a, const void *b) {
    const struct unit *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->code, y->code, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

static void put_code(const struct unit *u) {
    /* quoted as CSV when it must be; the generated codes never need it */
    if (strpbrk(u->code, ",\"\r\n") == NULL && strlen(u->code) == u->len) {
        fwrite(u->code, 1, u->len, stdout);
        return;
    }
    putchar('"');
    for (size_t i = 0; i < u->len; i++) {
        if (u->code[i] == '"') putchar('"');
        putchar(u->code[i]);
    }
    putchar('"');
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("libcsv_floor (libcsv %d.%d.%d)\n", CSV_MAJOR, CSV_MINOR, CSV_RELEASE);
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: libcsv_floor CASES.csv\n");
        return 2;
    }
    int fd = open(argv[1], O_RDONLY);
    if (fd < 0) die(argv[1]);

    struct state st = {0};
    st.header_match = -1;
    st.at_file_start = 1;
    struct csv_parser parser;
    start(&parser);
    char *buf = xrealloc(NULL, CHUNK);
    long long parse_errors = 0;
    int skipping = 0; /* after a parse error: drop bytes up to the next line feed */

    for (;;) {
        ssize_t got = read(fd, buf, CHUNK);
        if (got < 0) {
            if (errno == EINTR) continue;
            die(argv[1]);
        }
        if (got == 0) break;
        char *p = buf;
        size_t left = (size_t)got;
        while (left > 0) {
            if (skipping) {
                char *nl = memchr(p, '\n', left);
                if (!nl) break;
                left -= (size_t)(nl + 1 - p);
                p = nl + 1;
                skipping = 0;
                continue;
            }
            size_t used = csv_parse(&parser, p, left, on_field, on_record, &st);
            if (used == left && csv_error(&parser) == CSV_SUCCESS) break;
            /* strict mode refused a byte: drop the record, restart on the next line */
            parse_errors++;
            csv_free(&parser);
            start(&parser);
            st.field = 0;
            st.has_value = 0;
            st.header_match = -1;
            p += used;
            left -= used;
            skipping = 1;
        }
    }
    close(fd);
    if (csv_fini(&parser, on_field, on_record, &st) != 0) parse_errors++;
    csv_free(&parser);
    free(buf);

    if (!st.header_found) {
        fprintf(stderr, "libcsv_floor: %s: no header with a unit_code or 单位编码 field\n", argv[1]);
        return 2;
    }
    struct unit *list = xrealloc(NULL, (st.used ? st.used : 1) * sizeof *list);
    size_t n = 0;
    for (size_t i = 0; i < st.capacity; i++)
        if (st.units[i].code) list[n++] = st.units[i];
    qsort(list, n, sizeof *list, by_code);
    for (size_t i = 0; i < n; i++) {
        put_code(&list[i]);
        printf(",%lld\n", list[i].count);
    }
    if (parse_errors)
        fprintf(stderr, "libcsv_floor: %lld strict-mode parse errors (records dropped)\n", parse_errors);
    if (fflush(stdout) != 0) die("stdout");
    return 0;
}
