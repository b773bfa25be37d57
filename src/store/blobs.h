/* blobs.h — content-addressed storage of evidence and issued documents.
 *
 * The bytes of a blob are a file <data-dir>/blobs/<first 2 hex>/<sha256>,
 * written once (temporary file, fsync, rename, fsync of the directory) and
 * never overwritten or deleted: R18 says evidence is never lost, and a
 * document's bytes are evidence of what was issued. The `blobs` table
 * (migration 014) indexes them: size, sniffed type, who stored them first.
 *
 * The file is written BEFORE the row, so a committed row always has its
 * file; a rolled-back transaction leaves at most an unreferenced file, which
 * is harmless (the same bytes stored again find it in place). */
#ifndef ZF_STORE_BLOBS_H
#define ZF_STORE_BLOBS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "store/db.h"

#define ZF_BLOB_HEX_LEN 65 /* 64 hex digits and the NUL */

typedef struct zf_blob_info {
    char sha256[ZF_BLOB_HEX_LEN];
    int64_t size;
    char mime[64];
    char created_at[32];
    int64_t created_by;
} zf_blob_info_t;

/* The type the content says it is — never the file name: "image/jpeg",
 * "image/png", "image/webp", "application/pdf", "video/mp4", or NULL when it
 * is none of the accepted types. */
const char *zf_blob_sniff(const void *data, size_t len);

/* The MIME types of the office formats zf_blob_sniff_material recognises. */
#define ZF_MIME_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define ZF_MIME_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The type of a document sent as material (the files of a notice or a
 * consultation, issue 11), again from the content only: what zf_blob_sniff
 * says when it is "application/pdf", "image/jpeg" or "image/png"; a ZIP
 * archive whose central directory holds "[Content_Types].xml" and a
 * "word/" part (ZF_MIME_DOCX) or an "xl/" part (ZF_MIME_XLSX); "text/plain"
 * for UTF-8 text without NUL or control characters other than tab, CR, LF
 * (zf_utf8_valid_text; an optional BOM). NULL for anything else (WebP,
 * MP4, other ZIPs, GBK text, executables, empty input). Bounds-checked
 * throughout: it reads nothing outside data[0..len). */
const char *zf_blob_sniff_material(const void *data, size_t len);

/* Lower-case hex SHA-256 of data. */
void zf_blob_sha256_hex(const void *data, size_t len, char out[ZF_BLOB_HEX_LEN]);

/* 1 when s is 64 lower-case hex digits (a well-formed blob name). */
int zf_blob_name_valid(const char *s);

/* Write the blob's file (temp file, fsync, rename) unless it is there
 * already, without touching the database: for bytes made before the
 * transaction that records them (an issued document is rendered outside the
 * write lock). A file whose row never commits is harmless — content-
 * addressed, and nothing refers to it. out_sha256 gets the name. */
int zf_blob_write(const char *data_dir, const void *data, size_t len,
                  char out_sha256[ZF_BLOB_HEX_LEN], zf_error_t *err);

/* Store the bytes (file first, then the index row, in the caller's
 * transaction). Idempotent: the same bytes give the same name and no error.
 * `mime` is what zf_blob_sniff said (the caller decides what it accepts). */
int zf_store_blob_put(zf_db_t *db, const char *data_dir, const void *data, size_t len,
                      const char *mime, int64_t user_id, char out_sha256[ZF_BLOB_HEX_LEN],
                      zf_error_t *err);

/* The index row; ZF_ENOTFOUND when there is none. */
int zf_store_blob_get(zf_db_t *db, const char *sha256, zf_blob_info_t *out, zf_error_t *err);

/* Open the blob's file read-only (for zf_resp_file); the fd, or a negative
 * code when the name is malformed or the file is missing. */
int zf_blob_open(const char *data_dir, const char *sha256, uint64_t *size);

#endif
