/* insp_replay.c — replayed writes of an inspection (issue 7, R34 offline).
 *
 * A phone with no signal queues its PATCHes and its signing and sends them
 * when the connection returns. When the answer to a write is lost on the
 * way back, the phone cannot know whether the server applied it and sends
 * it again, unchanged. Without help the repeat would meet 409
 * conflict.version (its version is now stale, by its own change) or 409
 * inspection.frozen (after signing) — a false conflict. So the write
 * carries the phone's operation id (op_id); the server remembers the id
 * with the SHA-256 of the request body (canonical JSON: sorted keys,
 * compact) in the same transaction as the change, and a repeat with the
 * same body is answered with the record as it is now (200, nothing
 * written, nothing logged). The same id with another body, another
 * inspection or another kind of write is refused: 409
 * inspection.op_id_reused, never silently the old answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/inspections.h"
#include "store/blobs.h"
#include "store/insp_ops.h"

int zf_insp_replay_check(zf_db_t *db, const char *op_id, int64_t id, const char *action,
                         json_t *body, char sha[65], int *replayed, zf_error_t *err) {
    *replayed = 0;
    sha[0] = 0;
    if (!op_id) return 0;
    if (!zf_insp_client_id_ok(op_id))
        return zf_insp_bad(err, "op_id", "操作编号应为 8–64 位字母、数字或连字符（UUID）");
    char *text = json_dumps(body, JSON_SORT_KEYS | JSON_COMPACT);
    if (!text) return zf_insp_bad(err, "op_id", "请求内容无法计算摘要");
    zf_blob_sha256_hex(text, strlen(text), sha);
    free(text);
    zf_insp_op_t op;
    int rc = zf_insp_op_get(db, op_id, &op, err);
    if (rc <= 0) return rc;
    if (op.inspection_id != id || strcmp(op.action, action) != 0 ||
        strcmp(op.body_sha256, sha) != 0)
        return zf_error_set(err, ZF_ECONFLICT, 409, "inspection.op_id_reused", "op_id",
                            "操作编号已用于另一项修改，不能用于不同的内容，请重新生成");
    *replayed = 1;
    return 0;
}

int zf_insp_replay_record(zf_db_t *db, const char *op_id, int64_t id, const char *action,
                          const char sha[65], int64_t version_after, int64_t user_id,
                          zf_error_t *err) {
    if (!op_id) return 0;
    zf_insp_op_t op = {.inspection_id = id, .version_after = version_after};
    snprintf(op.action, sizeof op.action, "%s", action);
    snprintf(op.body_sha256, sizeof op.body_sha256, "%s", sha);
    return zf_insp_op_insert(db, op_id, &op, user_id, err);
}
