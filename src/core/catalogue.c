/* catalogue.c — see catalogue.h. */
#include "core/catalogue.h"

#include <string.h>

#include "core/perm.h"

/* 《叶集区深化应急管理综合行政执法改革工作方案》二（二）2：对于乡镇（街道）
 * 有能力承担的简易执法事项，依托委托执法形式合理下放执法权力；行政处罚法
 * 第24条、第20条 (委托). */
const char ZF_CATALOGUE_DELEGATION_CLAUSE[] =
    "《叶集区深化应急管理综合行政执法改革工作方案》二（二）2“对于乡镇（街道）有能力承担的简易执法"
    "事项，依托委托执法形式合理下放执法权力”";

static int blank(const char *s) {
    if (!s) return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') return 0;
    return 1;
}

int zf_catalogue_check_use(const char *role, const zf_cat_use_t *item, zf_error_t *err) {
    if (!zf_perm_role_may(role, "catalogue.use")) {
        const char *name = zf_role_name(role);
        return zf_error_set(err, ZF_EPERM, 403, "perm.denied", NULL,
                            "无权限：%s不能适用执法事项立案或检查", name ? name : "该角色");
    }
    if (blank(item->violation_basis) || blank(item->penalty_basis))
        return zf_error_set(err, ZF_EINVAL, 400, "catalogue.no_legal_basis",
                            blank(item->violation_basis) ? "violation_basis" : "penalty_basis",
                            "执法事项 %s 缺少法律依据，不能适用", item->code);
    if (strcmp(role, "township_officer") == 0 && !item->delegable)
        return zf_error_set(err, ZF_EPERM, 403, "catalogue.not_delegated", "item_code",
                            "执法事项 %s「%s」未委托乡镇（街道）实施，由区应急管理局执法大队办理。"
                            "依%s，乡镇（街道）执法人员只能办理已委托的简易执法事项。",
                            item->code, item->title, ZF_CATALOGUE_DELEGATION_CLAUSE);
    return 0;
}

int zf_catalogue_in_force(const char *const *effective_from, size_t n, const char *date) {
    int found = -1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(effective_from[i], date) <= 0) found = (int)i;
    return found;
}
