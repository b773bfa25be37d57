/* bare_lookup.c — the baseline of issue 12's CPU target: a bare
 * libmicrohttpd server that answers GET /cases/ID with one SQLite
 * primary-key lookup of that case, as a small JSON object.
 *
 * It runs libmicrohttpd the way zhifa does (internal polling thread, epoll,
 * a thread pool of one thread per core) and opens one read-only SQLite
 * connection per pool thread with its statement prepared once, so the
 * figure is what the HTTP library plus one indexed read cost on this
 * machine, with none of zhifa's work (sessions, permissions, the snapshot,
 * the case's records, the log). bench/run.py runs it beside nginx and zhifa
 * in the same run, so "detail CPU <= 2.5x a bare lookup" is measured, not
 * taken from an old figure.
 *
 *   zhifa-bench-bare DB-FILE PORT
 */
#include <microhttpd.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *db_path;

/* One connection and statement per libmicrohttpd pool thread. */
static __thread sqlite3 *conn;
static __thread sqlite3_stmt *by_id;

static int open_conn(void) {
    if (by_id) return 0;
    if (sqlite3_open_v2(db_path, &conn, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK)
        return -1;
    return sqlite3_prepare_v3(conn,
                              "SELECT id, number, state, title, filed_on, decided_on, "
                              "decided_amount_fen FROM cases WHERE id = ?1",
                              -1, SQLITE_PREPARE_PERSISTENT, &by_id, NULL) == SQLITE_OK
               ? 0
               : -1;
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *body,
                              size_t len) {
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls) {
    (void)cls, (void)version, (void)upload, (void)upload_size;
    /* the first call only announces the request: an answer queued then is
     * an "early" one, and libmicrohttpd closes the connection after it */
    static int seen;
    if (!*con_cls) {
        *con_cls = &seen;
        return MHD_YES;
    }
    if (strcmp(method, "GET") != 0 || strncmp(url, "/cases/", 7) != 0)
        return answer(c, 404, "{}", 2);
    if (open_conn() != 0) return answer(c, 500, "{}", 2);
    sqlite3_bind_int64(by_id, 1, strtoll(url + 7, NULL, 10));
    char body[1024];
    int n = 0;
    if (sqlite3_step(by_id) == SQLITE_ROW) {
        n = snprintf(body, sizeof body,
                     "{\"id\":%lld,\"number\":\"%s\",\"state\":\"%s\",\"title\":\"%s\","
                     "\"filed_on\":\"%s\",\"decided_on\":\"%s\",\"decided_amount_fen\":%lld}",
                     sqlite3_column_int64(by_id, 0), sqlite3_column_text(by_id, 1),
                     sqlite3_column_text(by_id, 2), sqlite3_column_text(by_id, 3),
                     sqlite3_column_text(by_id, 4), sqlite3_column_text(by_id, 5),
                     sqlite3_column_int64(by_id, 6));
    }
    sqlite3_reset(by_id);
    if (n <= 0 || (size_t)n >= sizeof body) return answer(c, 404, "{}", 2);
    return answer(c, 200, body, (size_t)n);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s DB-FILE PORT\n", argv[0]);
        return 2;
    }
    db_path = argv[1];
    /* blocked before the pool starts so that its threads inherit the mask
     * and the signal reaches sigwait below */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_BLOCK, &set, NULL);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
        (uint16_t)atoi(argv[2]), NULL, NULL, on_request, NULL, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)(cores > 1 ? cores : 1), MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "%s: cannot listen on port %s\n", argv[0], argv[2]);
        return 1;
    }
    int sig;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    return 0;
}
