/* filename.h — the original names of uploaded files: made safe to store
 * and to send back, and checked against the type the content was sniffed
 * as (a name never decides a type; it may only fail to match it). Pure
 * functions, no I/O. Used by the materials of notices and consultations
 * (issue 11, api/notice_files.c). */
#ifndef ZF_CORE_FILENAME_H
#define ZF_CORE_FILENAME_H

#include <stddef.h>

#define ZF_FILENAME_MAX 255 /* bytes of UTF-8, as most file systems allow */

/* Make `in` (n bytes, the name the client sent) a plain file name into out
 * (cap bytes): it must be valid UTF-8; any directory part ("a/b\\c.pdf" →
 * "c.pdf") is dropped; C0/C1 controls and DEL are dropped; the characters
 * <>:"|?* become '_'; leading and trailing spaces and dots are trimmed.
 * 0 on success; -1 when the input is not UTF-8, -2 when nothing is left,
 * -3 when the result is longer than ZF_FILENAME_MAX bytes (or cap). */
int zf_filename_sanitize(const char *in, size_t n, char *out, size_t cap);

/* 1 when the name's extension (case-insensitive) is one of those of the
 * MIME type: .pdf, .jpg/.jpeg, .png, .docx, .xlsx, .txt/.csv (text/plain);
 * 0 otherwise, a name without an extension included. */
int zf_filename_fits_mime(const char *name, const char *mime);

/* The usual extension of a MIME type ("pdf"), or NULL when it is not one of
 * the types above. */
const char *zf_filename_ext_of_mime(const char *mime);

/* A short Chinese name of the type ("PDF 文档"), or NULL. */
const char *zf_filename_type_name(const char *mime);

#endif
