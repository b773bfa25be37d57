/* render_module.c — zf_doc_render and zf_doc_render_many (docs.h) by way of
 * the renderer module zhifa-docs.so (render.c), loaded with dlopen on the
 * first document (issue 12: idle memory under 16 MB RSS).
 *
 * Why: cairo, pango and what they pull in (glib, gio, gobject, fontconfig,
 * freetype, harfbuzz, pixman, the X11 client libraries: 35 libraries) cost
 * about 4.3 MB of RSS in every process that links them, although a server
 * may go for hours without rendering a document. Linked into the module
 * instead, they are mapped on the first render and stay (the module is
 * never unloaded: pango's per-thread font maps and fontconfig's caches live
 * until exit).
 *
 * Where the module is looked for, first found wins:
 *   1. $ZHIFA_DOCS_MODULE, when set: that file and no other (tests, odd
 *      layouts);
 *   2. next to the executable (/proc/self/exe): build/zhifa and
 *      build/zhifa-docs.so;
 *   3. one directory up: build/bench/zhifa-docs-bench, build/tests/…;
 *   4. ZF_MODULE_DIR, where `meson install` puts it (libdir/zhifa).
 * When none loads: 503 doc.renderer_unavailable with dlerror's reason,
 * and the next render tries again (an administrator may fix the install
 * without a restart). Thread-safe. */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docs/docs.h"

#ifndef ZF_MODULE_DIR
#define ZF_MODULE_DIR "/usr/local/lib/zhifa"
#endif
#define MODULE_NAME "zhifa-docs.so"
#define ENTRY_NAME "zf_doc__module_render"

typedef int (*render_fn)(const zf_doc_template_t *const *t, json_t *const *fields,
                         const zf_doc_render_opts_t *o, size_t n, unsigned char **pdf, size_t *len,
                         int *pages, zf_error_t *err);

static pthread_mutex_t load_mu = PTHREAD_MUTEX_INITIALIZER;
static render_fn entry; /* set once under load_mu, read under it */

/* Try one path; 0 and *fn set, or -1 with why[] filled (the first failure
 * of a file that exists is kept: "not found" of later candidates says less). */
static int try_path(const char *path, render_fn *fn, char *why, size_t cap) {
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        if (!*why || access(path, F_OK) == 0) snprintf(why, cap, "%s", dlerror());
        return -1;
    }
    void *sym = dlsym(h, ENTRY_NAME);
    if (!sym) {
        snprintf(why, cap, "%s: 缺少 %s", path, ENTRY_NAME);
        dlclose(h);
        return -1;
    }
    /* POSIX: a function pointer comes back through void *. */
    memcpy(fn, &sym, sizeof *fn);
    return 0;
}

static render_fn load_locked(char *why, size_t cap) {
    render_fn fn = NULL;
    const char *env = getenv("ZHIFA_DOCS_MODULE");
    if (env && *env) return try_path(env, &fn, why, cap) == 0 ? fn : NULL;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char path[PATH_MAX + 64];
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(path, sizeof path, "%s/" MODULE_NAME, exe);
            if (try_path(path, &fn, why, cap) == 0) return fn;
            snprintf(path, sizeof path, "%s/../" MODULE_NAME, exe);
            if (try_path(path, &fn, why, cap) == 0) return fn;
        }
    }
    snprintf(path, sizeof path, "%s/" MODULE_NAME, ZF_MODULE_DIR);
    if (try_path(path, &fn, why, cap) == 0) return fn;
    return NULL;
}

/* The entry point, loading the module on first use; NULL and err (503). */
static render_fn renderer(zf_error_t *err) {
    char why[512] = "";
    pthread_mutex_lock(&load_mu);
    if (!entry) entry = load_locked(why, sizeof why);
    render_fn fn = entry;
    pthread_mutex_unlock(&load_mu);
    if (!fn)
        zf_error_set(err, ZF_EIO, 503, "doc.renderer_unavailable", "",
                     "文书生成组件（%s）无法加载，暂时不能生成文书，请联系系统管理员检查安装：%s",
                     MODULE_NAME, why);
    return fn;
}

int zf_doc_render_many(const zf_doc_template_t *const *t, json_t *const *fields,
                       const zf_doc_render_opts_t *o, size_t n, unsigned char **pdf, size_t *len,
                       int *pages, zf_error_t *err) {
    render_fn fn = renderer(err);
    if (!fn) return ZF_EIO;
    return fn(t, fields, o, n, pdf, len, pages, err);
}

int zf_doc_render(const zf_doc_template_t *t, json_t *fields, const zf_doc_render_opts_t *o,
                  unsigned char **pdf, size_t *len, int *pages, zf_error_t *err) {
    return zf_doc_render_many(&t, &fields, o, 1, pdf, len, pages, err);
}

#if defined(__SANITIZE_ADDRESS__)
/* LeakSanitizer (the sanitizer build): fontconfig, cairo and pango keep
 * process-wide caches (font sets, the per-thread font map) until exit —
 * not leaks of ours (STACK.md). Built in, so that every server and CLI run
 * of the sanitizer build has them, not only runs through scripts/test.sh
 * (tests/lsan.supp has the same lines). It lives here, in the binary, and
 * not in the module: LSan reads this hook of the executable at start-up,
 * long before the module is loaded. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
    return "leak:libfontconfig.so\n"
           "leak:libcairo.so\n"
           "leak:libpango-1.0.so\n"
           "leak:libpangocairo-1.0.so\n"
           "leak:libpangoft2-1.0.so\n"
           "leak:libharfbuzz.so\n"
           "leak:libglib-2.0.so\n"
           "leak:libgobject-2.0.so\n";
}
#endif
