/* static.c — the built web app (web/dist) served from disk.
 *
 * Layout assumed is Vite's: index.html at the root, content-hashed files
 * under /assets/ (cached for a year, immutable), a few fixed files
 * (favicon.ico, robots.txt) beside index.html. Paths without an extension
 * that name no file are client-side routes of the single-page app and get
 * index.html; a missing file with an extension is a real 404 (a stale
 * asset link must not come back as HTML with status 200).
 *
 * Safety: a segment starting with '.' ("..", ".", ".git") is refused before
 * touching the file system, and the file is resolved with realpath() and
 * must lie under the resolved root, so neither "../" (MHD has already
 * decoded %2e%2e) nor a symlink can reach outside static_dir. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"
#include "http/internal.h"

typedef struct mime {
    const char *ext;
    const char *type;
} mime_t;

static const mime_t MIME_TYPES[] = {
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
    {"ttf", "font/ttf"},
    {"txt", "text/plain; charset=utf-8"},
    {"webmanifest", "application/manifest+json"},
};

void zf_http__static_init(zf_http__static_t *st, const char *dir) {
    st->root = NULL;
    st->root_len = 0;
    if (!dir) return;
    char *root = realpath(dir, NULL);
    if (!root) {
        fprintf(stderr, "zhifa http: static directory %s: %s; web pages are off\n", dir,
                strerror(errno));
        return;
    }
    size_t len = strlen(root);
    char *index = zf_xmalloc(len + sizeof "/index.html");
    memcpy(index, root, len);
    memcpy(index + len, "/index.html", sizeof "/index.html");
    int ok = access(index, R_OK) == 0;
    free(index);
    if (!ok) {
        fprintf(stderr, "zhifa http: %s has no index.html; web pages are off\n", root);
        free(root);
        return;
    }
    st->root = root;
    st->root_len = len;
}

void zf_http__static_free(zf_http__static_t *st) {
    free(st->root);
    st->root = NULL;
}

/* The extension of the last segment ("js" for "/assets/a.1f.js"), or NULL. */
static const char *extension_of(const char *path) {
    const char *last = strrchr(path, '/');
    last = last ? last + 1 : path;
    const char *dot = strrchr(last, '.');
    return dot && dot[1] ? dot + 1 : NULL;
}

static const char *mime_for(const char *path) {
    const char *ext = extension_of(path);
    if (!ext) return "application/octet-stream";
    for (size_t i = 0; i < sizeof MIME_TYPES / sizeof MIME_TYPES[0]; i++) {
        if (strcasecmp(ext, MIME_TYPES[i].ext) == 0) return MIME_TYPES[i].type;
    }
    return "application/octet-stream";
}

/* Does any segment start with '.'? That covers "..", "." and hidden files. */
static int has_dot_segment(const char *path) {
    for (const char *p = path; *p; p++) {
        if (p[0] == '/' && p[1] == '.') return 1;
    }
    return 0;
}

/* Open root+path if it is a regular file inside root. Returns the fd and its
 * size, or -1 for "no such file" whatever the reason (missing, a directory,
 * a name too long, outside the root). */
static int open_inside(const zf_http__static_t *st, zf_arena_t *arena, const char *path,
                       off_t *size) {
    char *full = zf_arena_printf(arena, "%s%s", st->root, path);
    if (strlen(full) >= PATH_MAX) return -1;
    char resolved[PATH_MAX];
    if (!realpath(full, resolved)) return -1;
    if (strncmp(resolved, st->root, st->root_len) != 0 || resolved[st->root_len] != '/') return -1;
    int fd = open(resolved, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return -1;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return -1;
    }
    *size = sb.st_size;
    return fd;
}

static struct MHD_Response *file_response(int fd, off_t size, const char *served_path,
                                          int immutable) {
    struct MHD_Response *r = NULL;
    if (size == 0) {
        close(fd);
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    } else {
        /* MHD owns fd from here and closes it with the response. */
        r = MHD_create_response_from_fd64((uint64_t)size, fd);
        if (!r) close(fd);
    }
    if (!r) return NULL;
    const char *type = mime_for(served_path);
    MHD_add_response_header(r, "Content-Type", type);
    /* Hashed asset names change when their content does; everything else
     * (index.html above all) must be revalidated so a new release shows. */
    MHD_add_response_header(r, "Cache-Control",
                            immutable ? "public, max-age=31536000, immutable" : "no-cache");
    zf_http__add_security_headers(r, type);
    return r;
}

struct MHD_Response *zf_http__static_serve(const zf_http__static_t *st, zf_req_t *req,
                                           zf_resp_t *resp, unsigned *status) {
    if (!st->root) {
        zf_http__resp_fail(req, resp, 404, "http.not_found", "请求的页面不存在");
        return NULL;
    }
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        zf_http__resp_fail(req, resp, 405, "http.method_not_allowed",
                           "静态页面只接受 GET 和 HEAD 请求");
        zf_resp_header(resp, "Allow", "GET, HEAD");
        return NULL;
    }
    if (has_dot_segment(req->path)) {
        zf_http__resp_fail(req, resp, 404, "http.not_found", "请求的页面不存在");
        return NULL;
    }
    const char *path = strcmp(req->path, "/") == 0 ? "/index.html" : req->path;
    off_t size = 0;
    int fd = open_inside(st, req->arena, path, &size);
    if (fd < 0 && extension_of(path)) {
        zf_http__resp_fail(req, resp, 404, "http.not_found", "请求的文件不存在");
        return NULL;
    }
    if (fd < 0) {
        /* A client-side route of the single-page app ("/cases/12"). */
        path = "/index.html";
        fd = open_inside(st, req->arena, path, &size);
    }
    if (fd < 0) {
        zf_http__resp_fail(req, resp, 404, "http.not_found", "请求的页面不存在");
        return NULL;
    }
    int immutable = strncmp(path, "/assets/", 8) == 0;
    struct MHD_Response *r = file_response(fd, size, path, immutable);
    if (!r) {
        zf_http__resp_fail(req, resp, 500, "http.static", "读取静态文件失败");
        return NULL;
    }
    *status = MHD_HTTP_OK;
    return r;
}
