/* encoding.h — turn an uploaded text file into UTF-8, or refuse it.
 *
 * CSV saved by Chinese Excel and WPS is usually GB18030 (GBK), not UTF-8.
 * "auto": valid UTF-8 (with or without BOM) is taken as UTF-8; otherwise the
 * bytes must convert cleanly from GB18030 (iconv, no //IGNORE, no
 * //TRANSLIT); otherwise the file is refused. A forced encoding that does
 * not fit the bytes is refused too: mojibake is never stored. */
#ifndef ZF_IO_ENCODING_H
#define ZF_IO_ENCODING_H

#include <stddef.h>

#include "core/error.h"

/* data[0..n) in `encoding` ("utf-8", "gb18030" or "auto"; NULL = auto) →
 * *out, a malloc'd NUL-terminated UTF-8 copy without BOM (caller frees),
 * *out_len its length, *used the encoding taken ("utf-8" or "gb18030",
 * static). 400 import.encoding (field "encoding") on failure, naming the
 * byte offset where decoding stopped. */
int zf_text_to_utf8(const char *data, size_t n, const char *encoding, char **out, size_t *out_len,
                    const char **used, zf_error_t *err);

#endif
