/* module.h — find and load one of zhifa's own modules (issue 12: idle
 * memory). Parts of the program that pull in big library stacks but are
 * not needed by every process are built as shared modules and loaded on
 * first use: the PDF renderer (zhifa-docs.so: cairo, pango, glib,
 * fontconfig…) and the PostgreSQL backend (zhifa-pg.so: libpq, krb5,
 * LDAP, SASL…). A module's calls into zf_ functions resolve against the
 * executable, which exports them (zf_module_link_args in meson.build).
 *
 * The one file of core/ that touches the file system: it is here because
 * both docs/ and store/ load modules and core/ is the only layer below
 * both. No state; thread-safe as dlopen is (callers cache the result). */
#ifndef ZF_CORE_MODULE_H
#define ZF_CORE_MODULE_H

#include <stddef.h>

/* Load module `file` ("zhifa-docs.so") and return the address of its
 * symbol `symbol`. Where it looks, the first that loads wins:
 *   1. getenv(env_var), when set and not empty: that path and no other
 *      (tests, odd layouts);
 *   2. the executable's directory (/proc/self/exe): build/zhifa next to
 *      build/zhifa-docs.so;
 *   3. one directory up from it (build/bench/…);
 *   4. install_dir, where `meson install` puts it (libdir/zhifa).
 * NULL when none loads, with the reason (dlerror's, of the first candidate
 * that exists, else of the first tried) in why[cap]. A loaded module stays
 * loaded. */
void *zf_module_symbol(const char *file, const char *env_var, const char *install_dir,
                       const char *symbol, char *why, size_t cap);

#endif
