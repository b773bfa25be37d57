/* module.c — find and load one of zhifa's modules (module.h). */
#include "core/module.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Try one path: the symbol's address, or NULL with why[] filled (a failure
 * of a file that exists replaces one of a file that does not: "cannot open
 * shared object file" of a later candidate says less). */
static void *try_path(const char *path, const char *symbol, char *why, size_t cap) {
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        if (!*why || access(path, F_OK) == 0) snprintf(why, cap, "%s", dlerror());
        return NULL;
    }
    void *sym = dlsym(h, symbol);
    if (!sym) {
        snprintf(why, cap, "%s: 缺少 %s", path, symbol);
        dlclose(h);
    }
    return sym;
}

void *zf_module_symbol(const char *file, const char *env_var, const char *install_dir,
                       const char *symbol, char *why, size_t cap) {
    if (cap) why[0] = '\0';
    const char *env = env_var ? getenv(env_var) : NULL;
    if (env && *env) return try_path(env, symbol, why, cap);
    char path[PATH_MAX + 64];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash = NULL;
    if (n > 0) {
        exe[n] = '\0';
        slash = strrchr(exe, '/');
    }
    if (slash) {
        *slash = '\0';
        snprintf(path, sizeof path, "%s/%s", exe, file);
        void *sym = try_path(path, symbol, why, cap);
        if (sym) return sym;
        snprintf(path, sizeof path, "%s/../%s", exe, file);
        sym = try_path(path, symbol, why, cap);
        if (sym) return sym;
    }
    snprintf(path, sizeof path, "%s/%s", install_dir, file);
    return try_path(path, symbol, why, cap);
}
