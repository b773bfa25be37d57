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
 * Where the module is looked for: core/module.h (ZHIFA_DOCS_MODULE, next to
 * the executable, one directory up, libdir/zhifa). When it does not load:
 * 503 document.renderer_unavailable with dlerror's reason, and the next render
 * tries again (an administrator may fix the install without a restart).
 * Thread-safe. */
#include <pthread.h>
#include <string.h>

#include "core/module.h"
#include "docs/docs.h"

#define MODULE_NAME "zhifa-docs.so"
#define ENTRY_NAME "zf_doc__module_render"

typedef int (*render_fn)(const zf_doc_template_t *const *t, json_t *const *fields,
                         const zf_doc_render_opts_t *o, size_t n, unsigned char **pdf, size_t *len,
                         int *pages, zf_error_t *err);

static pthread_mutex_t load_mu = PTHREAD_MUTEX_INITIALIZER;
static render_fn entry; /* set once under load_mu, read under it */

/* The entry point, loading the module on first use; NULL and err (503). */
static render_fn renderer(zf_error_t *err) {
    char why[512] = "";
    pthread_mutex_lock(&load_mu);
    if (!entry) {
        void *sym = zf_module_symbol(MODULE_NAME, "ZHIFA_DOCS_MODULE", ZF_MODULE_DIR, ENTRY_NAME,
                                     why, sizeof why);
        /* POSIX: a function's address comes back through void *. */
        if (sym) memcpy(&entry, &sym, sizeof entry);
    }
    render_fn fn = entry;
    pthread_mutex_unlock(&load_mu);
    if (!fn)
        zf_error_set(err, ZF_EIO, 503, "document.renderer_unavailable", "",
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
