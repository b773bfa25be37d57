/* csv.h — an RFC 4180 CSV reader with hard caps, for imports (enterprises,
 * catalogue). Reads a UTF-8 buffer held in memory and hands each record to a
 * callback; nothing is kept between records except one reusable buffer.
 *
 * Accepted: fields separated by ','; records ended by CRLF or LF (a file may
 * lack the last one); quoted fields ("…") with doubled quotes ("") and line
 * breaks inside; a UTF-8 BOM at the start is skipped. Refused (with the
 * record and line number and a Chinese reason): a quote inside an unquoted
 * field, text after a closing quote, an unterminated quote, a NUL byte, and
 * anything past the caps. The same input always gives the same calls.
 * Thread-safe (no globals). Fuzz entry point: zf_csv_fuzz(). */
#ifndef ZF_IO_CSV_H
#define ZF_IO_CSV_H

#include <stddef.h>
#include <stdint.h>

typedef struct zf_csv_limits {
    size_t max_records; /* including the header */
    size_t max_fields;  /* per record */
    size_t max_field_bytes;
} zf_csv_limits_t;

#define ZF_CSV_LIMITS_INIT                                                                         \
    { 200000, 64, 4096 }

typedef struct zf_csv_error {
    size_t record; /* 1-based record number (the header is record 1) */
    size_t line;   /* 1-based physical line where the problem is */
    char message[256];
} zf_csv_error_t;

/* Called once per record. fields[i] is NUL-terminated (len[i] bytes, may
 * contain newlines), valid only during the call. Return 0 to go on, non-zero
 * to stop: zf_csv_parse then returns that value. */
typedef int (*zf_csv_record_fn)(void *ctx, size_t record, size_t line, char **fields,
                                const size_t *len, size_t nfields);

/* Parse data[0..n). Returns 0 when every record was delivered, the
 * callback's non-zero value when it stopped, or −1 with *err filled on bad
 * CSV or a cap. */
int zf_csv_parse(const char *data, size_t n, const zf_csv_limits_t *limits, zf_csv_record_fn fn,
                 void *ctx, zf_csv_error_t *err);

/* For libFuzzer and AFL: parses with the default caps and a callback that
 * checks the invariants (field count ≤ cap, lengths match strlen for fields
 * without NUL); aborts on a violation. Returns 0. */
int zf_csv_fuzz(const uint8_t *data, size_t size);

/* Append one field to a CSV line being built in buf (cap bytes, *len used),
 * quoting when needed (comma, quote, CR, LF, leading/trailing space) and
 * guarding against spreadsheet formula injection: a field that starts with
 * = + - @ (and is not a plain number) gets a leading apostrophe. Returns 0,
 * or −1 when it does not fit. */
int zf_csv_append_field(char *buf, size_t cap, size_t *len, const char *field, int first);

#endif
