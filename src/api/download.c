/* download.c — files the API builds and sends back (CSV/XLSX exports,
 * templates, reports). A file is built at a temp path under $TMPDIR (default
 * /tmp), then opened read-only, unlinked and handed to the server as an open
 * fd, so it never sits whole in memory and never outlives the request: the
 * path is also unlinked when the request's arena is freed, whatever
 * happened in between. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"

#define XLSX_MIME "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static void unlink_path(void *path) { unlink((const char *)path); }

const char *zf_api_download_path(zf_req_t *req, const char *stem, const char *ext,
                                 zf_error_t *err) {
    const char *dir = getenv("TMPDIR");
    char *path =
        zf_arena_printf(req->arena, "%s/zhifa-%s-XXXXXX.%s", dir && *dir ? dir : "/tmp", stem, ext);
    int fd = mkstemps(path, (int)strlen(ext) + 1);
    if (fd < 0) {
        zf_error_set(err, ZF_EIO, 500, "export.io", NULL, "无法创建导出临时文件");
        return NULL;
    }
    close(fd);
    zf_arena_defer(req->arena, unlink_path, path);
    return path;
}

void zf_api_download_send(zf_req_t *req, zf_resp_t *resp, const char *path, const char *ext,
                          const char *ascii_name, const char *utf8_name_pct) {
    int fd = open(path, O_RDONLY);
    unlink(path);
    off_t size = fd >= 0 ? lseek(fd, 0, SEEK_END) : -1;
    if (fd < 0 || size < 0 || lseek(fd, 0, SEEK_SET) != 0) {
        if (fd >= 0) close(fd);
        zf_error_t err;
        zf_error_set(&err, ZF_EIO, 500, "export.io", NULL, "无法读取导出文件");
        zf_api_fail(req, resp, &err);
        return;
    }
    const char *type = strcmp(ext, "xlsx") == 0 ? XLSX_MIME : "text/csv; charset=utf-8";
    zf_resp_file(resp, 200, type, fd, (uint64_t)size);
    const char *disposition =
        utf8_name_pct
            ? zf_arena_printf(req->arena, "attachment; filename=\"%s.%s\"; filename*=UTF-8''%s.%s",
                              ascii_name, ext, utf8_name_pct, ext)
            : zf_arena_printf(req->arena, "attachment; filename=\"%s.%s\"", ascii_name, ext);
    zf_resp_header(resp, "Content-Disposition", disposition);
}

/* See api.h. */
const char *zf_api_disposition(zf_arena_t *a, const char *name) {
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(name);
    char *ascii = zf_arena_alloc(a, n + 1), *enc = zf_arena_alloc(a, 3 * n + 1);
    size_t ai = 0, ei = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        int attr = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   (c && strchr("!#$&+-.^_`|~", c));
        if (attr) {
            enc[ei++] = (char)c;
        } else {
            enc[ei++] = '%';
            enc[ei++] = hex[c >> 4];
            enc[ei++] = hex[c & 15];
        }
        /* the stand-in: printable ASCII but the quote and the backslash */
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\')
            ascii[ai++] = (char)c;
        else if (c < 0x80 || (c & 0xC0) == 0xC0)
            ascii[ai++] = '_'; /* one '_' per character, not per byte */
    }
    ascii[ai] = enc[ei] = '\0';
    return zf_arena_printf(a, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, enc);
}
