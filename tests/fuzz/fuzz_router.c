/* fuzz_router.c — libFuzzer target: the API router's path matching on the
 * real route table. First byte picks the method, the rest is the path. A
 * match fills every parameter of its pattern with a non-empty segment
 * without '/'; nothing crashes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"

static zf_router_t *router;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char *methods[] = {"GET",    "POST", "PATCH",   "PUT",
                                    "DELETE", "HEAD", "OPTIONS", "get"};
    if (!router) router = zf_api_router();
    if (size < 1) return 0;
    char *path = malloc(size);
    memcpy(path, data + 1, size - 1);
    path[size - 1] = 0;
    zf_req_t req = {0};
    req.arena = zf_arena_new();
    req.method = methods[data[0] % 8];
    req.path = path;
    const zf_route_t *route = NULL;
    const char *allow = NULL;
    int rc = zf_router_match(router, &req, &route, &allow);
    if (rc == 0) {
        if (!route || !route->handler) abort();
        for (size_t i = 0; i < req.nparams; i++) {
            const char *v = req.param_values[i];
            if (!v || !*v || strchr(v, '/')) abort();
        }
    } else if (rc == ZF_EINVAL) {
        if (!allow || !*allow) abort();
    }
    zf_arena_free(req.arena);
    free(path);
    return 0;
}
