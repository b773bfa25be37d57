/* blobs.c — see blobs.h. */
#include "store/blobs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sha256.h"
#include "core/util.h"

static int has_prefix(const unsigned char *p, size_t len, size_t at, const char *magic, size_t n) {
    return len >= at + n && memcmp(p + at, magic, n) == 0;
}

const char *zf_blob_sniff(const void *data, size_t len) {
    const unsigned char *p = data;
    if (has_prefix(p, len, 0, "\xFF\xD8\xFF", 3)) return "image/jpeg";
    if (has_prefix(p, len, 0, "\x89PNG\r\n\x1A\n", 8)) return "image/png";
    if (has_prefix(p, len, 0, "RIFF", 4) && has_prefix(p, len, 8, "WEBP", 4)) return "image/webp";
    if (has_prefix(p, len, 0, "%PDF-", 5)) return "application/pdf";
    /* ISO base media: a box size, then "ftyp" (MP4 and the phones' MOV/3GP
     * variants all start so). */
    if (has_prefix(p, len, 4, "ftyp", 4)) return "video/mp4";
    return NULL;
}

static unsigned rd16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t rd32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* An OOXML package (ECMA-376 part 2, a ZIP archive): find the end of
 * central directory record (the last 22 bytes plus at most a 65,535-byte
 * comment), walk the central directory's entries (PKWARE APPNOTE 4.3.12)
 * and look at their names. The local headers are not trusted: their sizes
 * may be in a data descriptor after the data. */
static const char *sniff_ooxml(const unsigned char *p, size_t len) {
    if (len < 22 || !has_prefix(p, len, 0, "PK\x03\x04", 4)) return NULL;
    size_t lowest = len > 22 + 65535 ? len - 22 - 65535 : 0;
    size_t eocd = (size_t)-1;
    for (size_t i = len - 22 + 1; i-- > lowest;)
        if (memcmp(p + i, "PK\x05\x06", 4) == 0) {
            eocd = i;
            break;
        }
    if (eocd == (size_t)-1) return NULL;
    unsigned entries = rd16(p + eocd + 10);
    uint32_t cd_size = rd32(p + eocd + 12), cd_off = rd32(p + eocd + 16);
    if ((size_t)cd_off > eocd || (size_t)cd_size > eocd - cd_off) return NULL;
    int types = 0, word = 0, xl = 0;
    size_t at = cd_off, end = (size_t)cd_off + cd_size;
    for (unsigned k = 0; k < entries; k++) {
        if (end - at < 46 || memcmp(p + at, "PK\x01\x02", 4) != 0) return NULL;
        size_t nlen = rd16(p + at + 28), xlen = rd16(p + at + 30), clen = rd16(p + at + 32);
        if (end - at - 46 < nlen + xlen + clen) return NULL;
        const char *name = (const char *)p + at + 46;
        if (nlen == 19 && memcmp(name, "[Content_Types].xml", 19) == 0) types = 1;
        if (nlen > 5 && memcmp(name, "word/", 5) == 0) word = 1;
        if (nlen > 3 && memcmp(name, "xl/", 3) == 0) xl = 1;
        at += 46 + nlen + xlen + clen;
    }
    if (!types || word == xl) return NULL; /* neither, or both: not one of ours */
    return word ? ZF_MIME_DOCX : ZF_MIME_XLSX;
}

const char *zf_blob_sniff_material(const void *data, size_t len) {
    const unsigned char *p = data;
    if (len == 0) return NULL;
    const char *m = zf_blob_sniff(data, len);
    if (m)
        return strcmp(m, "application/pdf") == 0 || strcmp(m, "image/jpeg") == 0 ||
                       strcmp(m, "image/png") == 0
                   ? m
                   : NULL;
    if (has_prefix(p, len, 0, "PK", 2)) return sniff_ooxml(p, len);
    size_t skip = has_prefix(p, len, 0, "\xEF\xBB\xBF", 3) ? 3 : 0;
    if (len > skip && zf_utf8_valid_text((const char *)p + skip, len - skip)) return "text/plain";
    return NULL;
}

void zf_blob_sha256_hex(const void *data, size_t len, char out[ZF_BLOB_HEX_LEN]) {
    unsigned char md[ZF_SHA256_LEN];
    zf_sha256(data, len, md);
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}

int zf_blob_name_valid(const char *s) {
    if (!s) return 0;
    size_t i = 0;
    for (; s[i]; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
    return i == 64;
}

static int blob_path(char *out, size_t cap, const char *data_dir, const char *sha) {
    int n = snprintf(out, cap, "%s/blobs/%.2s/%s", data_dir, sha, sha);
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

static int mkdir_ok(const char *path) { return mkdir(path, 0750) == 0 || errno == EEXIST; }

static int fsync_dir(const char *dir) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

/* Write the file unless it is already there: temp file, fsync, rename. */
static int write_file(const char *data_dir, const char *sha, const void *data, size_t len,
                      zf_error_t *err) {
    char dir[4096], path[4096], tmp[4200];
    if (snprintf(dir, sizeof dir, "%s/blobs", data_dir) >= (int)sizeof dir ||
        blob_path(path, sizeof path, data_dir, sha) != 0)
        return zf_error_set(err, ZF_EIO, 500, "blob.path", "", "数据目录路径过长");
    struct stat stt;
    if (stat(path, &stt) == 0 && (size_t)stt.st_size == len) return 0;
    if (!mkdir_ok(dir)) goto fail;
    size_t dl = strlen(dir);
    snprintf(dir + dl, sizeof dir - dl, "/%.2s", sha);
    if (!mkdir_ok(dir)) goto fail;
    /* a temp name of this write alone: two threads storing the same bytes
     * at once (two renders of one document racing for its number) shared
     * "<path>.<pid>.tmp", and the second rename found it gone (503) */
    static atomic_ulong seq;
    snprintf(tmp, sizeof tmp, "%s.%ld.%lu.tmp", path, (long)getpid(),
             (unsigned long)atomic_fetch_add(&seq, 1));
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) goto fail;
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            close(fd);
            unlink(tmp);
            goto fail;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(tmp);
        goto fail;
    }
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        goto fail;
    }
    if (fsync_dir(dir) != 0) goto fail;
    return 0;
fail:
    return zf_error_set(err, ZF_EIO, 503, "blob.write", "", "无法保存文件：%s", strerror(errno));
}

int zf_blob_write(const char *data_dir, const void *data, size_t len,
                  char out_sha256[ZF_BLOB_HEX_LEN], zf_error_t *err) {
    zf_blob_sha256_hex(data, len, out_sha256);
    return write_file(data_dir, out_sha256, data, len, err);
}

int zf_store_blob_put(zf_db_t *db, const char *data_dir, const void *data, size_t len,
                      const char *mime, int64_t user_id, char out_sha256[ZF_BLOB_HEX_LEN],
                      zf_error_t *err) {
    int rc = zf_blob_write(data_dir, data, len, out_sha256, err);
    if (rc != 0) return rc;
    char now[32];
    zf_now_iso(now);
    zf_stmt_t *st = zf_db_prepare(db,
                                  "INSERT INTO blobs (sha256, size, mime, created_at, created_by) "
                                  "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
                                  err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, out_sha256);
    zf_stmt_bind_int(st, 2, (int64_t)len);
    zf_stmt_bind_text(st, 3, mime);
    zf_stmt_bind_text(st, 4, now);
    if (user_id)
        zf_stmt_bind_int(st, 5, user_id);
    else
        zf_stmt_bind_null(st, 5);
    int64_t r = zf_stmt_run(st, err);
    return r < 0 ? (int)r : 0;
}

int zf_store_blob_get(zf_db_t *db, const char *sha256, zf_blob_info_t *out, zf_error_t *err) {
    *out = (zf_blob_info_t){0};
    zf_stmt_t *st = zf_db_prepare(
        db, "SELECT sha256, size, mime, created_at, created_by FROM blobs WHERE sha256 = $1", err);
    if (!st) return ZF_EIO;
    zf_stmt_bind_text(st, 1, sha256);
    int rc = zf_stmt_step(st, err);
    if (rc == 1) {
        snprintf(out->sha256, sizeof out->sha256, "%s", zf_stmt_text(st, 0));
        out->size = zf_stmt_int(st, 1);
        snprintf(out->mime, sizeof out->mime, "%s", zf_stmt_text(st, 2));
        snprintf(out->created_at, sizeof out->created_at, "%s", zf_stmt_text(st, 3));
        out->created_by = zf_stmt_int(st, 4);
    }
    zf_stmt_done(st);
    if (rc < 0) return rc;
    if (rc == 0) return zf_error_set(err, ZF_ENOTFOUND, 404, "blob.not_found", "", "文件不存在");
    return 0;
}

int zf_blob_open(const char *data_dir, const char *sha256, uint64_t *size) {
    char path[4096];
    if (!zf_blob_name_valid(sha256) || blob_path(path, sizeof path, data_dir, sha256) != 0)
        return ZF_EINVAL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ZF_ENOTFOUND;
    struct stat stt;
    if (fstat(fd, &stt) != 0) {
        close(fd);
        return ZF_EIO;
    }
    *size = (uint64_t)stt.st_size;
    return fd;
}
