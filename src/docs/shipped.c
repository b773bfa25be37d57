/* shipped.c — the templates of data/documents, embedded at build time. */
#include <string.h>

#include "docs/docs.h"

extern const char *const zf_doc_shipped[];
extern const char *const zf_doc_shipped_names[];

const char *zf_doc_shipped_template(const char *kind) {
    for (size_t i = 0; kind && zf_doc_shipped_names[i]; i++)
        if (strcmp(zf_doc_shipped_names[i], kind) == 0) return zf_doc_shipped[i];
    return NULL;
}
