/* openapi.h — parts of GET /api/v1/openapi.json built outside openapi.c. */
#ifndef ZF_API_OPENAPI_H
#define ZF_API_OPENAPI_H

#include <jansson.h>

/* The exchange API's schemas (openapi_exchange.c) into components.schemas. */
void zf_openapi_exchange_schemas(json_t *schemas);
/* The request body and answer of one exchange operation, when it is one. */
void zf_openapi_exchange_operation(const char *method, const char *pattern, json_t *op);

#endif
