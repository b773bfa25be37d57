/* doc.c — `zhifa doc …`: render an enforcement document from a template and
 * a fields file, or check a template, without a server or a database (for
 * lawyers editing templates, and for tests). Issue 9. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/util.h"
#include "docs/docs.h"

static const char usage[] =
    "用法: zhifa doc <命令> …\n"
    "  render --template 种类或文件 --fields 字段.json --out 文书.pdf\n"
    "         [--number 文号] [--code 核验码] [--url 核验地址]\n"
    "         没有 --number 时生成预览稿（有“预览稿”水印，无核验码）；有 --number 时\n"
    "         核验码按内容计算（或用 --code 指定），二维码指向 --url（默认 …/public/verify/码）\n"
    "  check-template 文件    检查模板：格式、种类、每个 {{字段}} 是否存在；通过时退出码 0\n"
    "  kinds                  列出文书种类和各自的字段（JSON）\n";

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = zf_xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            if (cap >= (64u << 20)) break; /* cap: templates and fields are small */
            cap *= 2;
            buf = zf_xrealloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        if (r == 0) break;
        n += r;
    }
    fclose(f);
    buf[n] = 0;
    *len = n;
    return buf;
}

static int load_template(const char *name, zf_doc_template_t **t) {
    zf_error_t err = {0};
    size_t len = 0;
    char *text = NULL;
    const char *shipped = zf_doc_shipped_template(name);
    int rc;
    if (shipped) {
        rc = zf_doc_template_parse(shipped, strlen(shipped), NULL, t, &err);
    } else {
        text = read_file(name, &len);
        if (!text) {
            fprintf(stderr, "zhifa doc: 无法读取模板“%s”（既不是文书种类，也不是文件）\n", name);
            return 1;
        }
        rc = zf_doc_template_parse(text, len, NULL, t, &err);
    }
    free(text);
    if (rc != 0) {
        fprintf(stderr, "zhifa doc: %s [%s] 字段 %s\n", err.message, err.code, err.field);
        return 1;
    }
    return 0;
}

static int cmd_render(int argc, char **argv) {
    const char *tpl = NULL, *fields_path = NULL, *out = NULL, *number = NULL, *code = NULL,
               *url = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) {
            fprintf(stderr, "zhifa doc render: %s 缺少值\n%s", a, usage);
            return 2;
        }
        if (strcmp(a, "--template") == 0)
            tpl = v;
        else if (strcmp(a, "--fields") == 0)
            fields_path = v;
        else if (strcmp(a, "--out") == 0)
            out = v;
        else if (strcmp(a, "--number") == 0)
            number = v;
        else if (strcmp(a, "--code") == 0)
            code = v;
        else if (strcmp(a, "--url") == 0)
            url = v;
        else {
            fprintf(stderr, "zhifa doc render: 未知参数 %s\n%s", a, usage);
            return 2;
        }
        i++;
    }
    if (!tpl || !fields_path || !out) {
        fputs(usage, stderr);
        return 2;
    }
    zf_doc_template_t *t = NULL;
    if (load_template(tpl, &t) != 0) return 1;
    size_t len;
    char *text = read_file(fields_path, &len);
    json_error_t jerr;
    json_t *fields = text ? json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr) : NULL;
    free(text);
    if (!json_is_object(fields)) {
        fprintf(stderr, "zhifa doc render: 字段文件“%s”不是 JSON 对象\n", fields_path);
        json_decref(fields);
        zf_doc_template_free(t);
        return 1;
    }
    zf_doc_fields_authority(fields, getenv("ZHIFA_DOC_RECONSIDERATION_BODY"),
                            getenv("ZHIFA_DOC_COURT"));
    char vcode[ZF_DOC_CODE_LEN + 1] = "";
    char urlbuf[256];
    zf_doc_render_opts_t o = {.preview = number == NULL};
    if (number) {
        zf_doc_fields_set(fields, "document.number", number);
        if (code) {
            if (zf_doc_code_normalise(code, vcode) != 0) {
                fprintf(stderr, "zhifa doc render: 核验码“%s”无效（10 位，Crockford base32）\n",
                        code);
                json_decref(fields);
                zf_doc_template_free(t);
                return 2;
            }
        } else {
            zf_doc_verify_code(zf_doc_template_kind(t)->code, number, fields, "", vcode);
        }
        char shown[12];
        snprintf(shown, sizeof shown, "%.5s-%.5s", vcode, vcode + 5);
        zf_doc_fields_set(fields, "document.verify_code", shown);
        if (!url) {
            const char *base = getenv("ZHIFA_PUBLIC_URL");
            snprintf(urlbuf, sizeof urlbuf, "%s/public/verify/%s",
                     base && *base ? base : "http://127.0.0.1:8080", vcode);
            url = urlbuf;
        }
        o.number = number;
        o.verify_code = vcode;
        o.verify_url = url;
    }
    zf_error_t err = {0};
    unsigned char *pdf = NULL;
    size_t n = 0;
    int pages = 0;
    int rc = zf_doc_render(t, fields, &o, &pdf, &n, &pages, &err);
    json_decref(fields);
    zf_doc_template_free(t);
    if (rc != 0) {
        fprintf(stderr, "zhifa doc render: %s\n", err.message);
        return 1;
    }
    FILE *f = fopen(out, "wb");
    int ok = f && fwrite(pdf, 1, n, f) == n;
    if (f && fclose(f) != 0) ok = 0;
    free(pdf);
    if (!ok) {
        fprintf(stderr, "zhifa doc render: 无法写入“%s”\n", out);
        return 1;
    }
    printf("{\"out\":\"%s\",\"bytes\":%zu,\"pages\":%d,\"verify_code\":\"%s\"}\n", out, n, pages,
           vcode);
    return 0;
}

static int cmd_check(int argc, char **argv) {
    if (argc != 2) {
        fputs(usage, stderr);
        return 2;
    }
    size_t len;
    char *text = read_file(argv[1], &len);
    if (!text) {
        fprintf(stderr, "zhifa doc check-template: 无法读取“%s”\n", argv[1]);
        return 2;
    }
    zf_doc_template_t *t = NULL;
    zf_error_t err = {0};
    int rc = zf_doc_template_parse(text, len, NULL, &t, &err);
    free(text);
    json_t *o;
    if (rc == 0) {
        o = json_pack("{s:b, s:s, s:s, s:o}", "ok", 1, "kind", zf_doc_template_kind(t)->code,
                      "title", zf_doc_template_title(t), "fields", zf_doc_template_placeholders(t));
        zf_doc_template_free(t);
    } else {
        o = json_pack("{s:b, s:s, s:s, s:s}", "ok", 0, "code", err.code, "field", err.field,
                      "message", err.message);
    }
    json_dumpf(o, stdout, JSON_COMPACT);
    fputc('\n', stdout);
    json_decref(o);
    return rc == 0 ? 0 : 1;
}

static int cmd_kinds(void) {
    json_t *a = json_array();
    for (size_t i = 0; i < zf_doc_kinds_count(); i++) {
        const zf_doc_kind_t *k = zf_doc_kind_at(i);
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:o}", "kind", k->code, "name", k->name,
                                           "subject", k->subject, "fields", zf_doc_fields_json(k)));
    }
    json_dumpf(a, stdout, JSON_INDENT(2));
    fputc('\n', stdout);
    json_decref(a);
    return 0;
}

int zf_cmd_doc(int argc, char **argv) {
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "render") == 0) return cmd_render(argc - 1, argv + 1);
    if (strcmp(argv[1], "check-template") == 0) return cmd_check(argc - 1, argv + 1);
    if (strcmp(argv[1], "kinds") == 0) return cmd_kinds();
    fprintf(stderr, "zhifa doc: 未知命令“%s”\n%s", argv[1], usage);
    return 2;
}
