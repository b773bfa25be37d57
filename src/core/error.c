/* error.c — see error.h. */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int zf_error_set(zf_error_t *err, int rc, int status, const char *code, const char *field,
                 const char *fmt, ...) {
    if (!err) return rc;
    err->status = status;
    snprintf(err->code, sizeof err->code, "%s", code ? code : "");
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return rc;
}

void zf_error_clear(zf_error_t *err) {
    if (err) memset(err, 0, sizeof *err);
}
