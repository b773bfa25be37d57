/* enospc.c — an LD_PRELOAD shim for the disk-full fault test (issue 12),
 * used where the test machine cannot mount a size-limited tmpfs: once the
 * file named by ZF_ENOSPC_TRIGGER exists, every write to a regular file
 * fails with ENOSPC (sockets, pipes and terminals are left alone, so the
 * server still answers). Removing the file frees the "space" again.
 *
 *   LD_PRELOAD=build/tests/fault/libzf_enospc.so ZF_ENOSPC_TRIGGER=/tmp/x zhifa serve
 *
 * ZF_ENOSPC_PREFIX, when set, limits the failures to files whose path
 * starts with it: the PostgreSQL disk-full test preloads the shim into the
 * cluster and fills only the database's tablespace, as a full tablespace
 * disk would (the WAL on another disk keeps working).
 *
 * Built without sanitizers (meson.build) so PostgreSQL can preload it; with
 * a sanitizer build of zhifa also set ASAN_OPTIONS=verify_asan_link_order=0. */
/* Our own pwrite and pwrite64, not one renamed to the other. */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

/* 1 when the file behind fd lies under ZF_ENOSPC_PREFIX (or it is unset) */
static int under_prefix(int fd) {
    const char *prefix = getenv("ZF_ENOSPC_PREFIX");
    if (!prefix || !*prefix) return 1;
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0) return 0;
    target[n] = 0;
    return strncmp(target, prefix, strlen(prefix)) == 0;
}

static int full(int fd) {
    const char *trigger = getenv("ZF_ENOSPC_TRIGGER");
    struct stat st;
    if (!trigger || stat(trigger, &st) != 0) return 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    return under_prefix(fd);
}

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef ssize_t (*writev_fn)(int, const struct iovec *, int);
typedef int (*fallocate_fn)(int, int, off_t, off_t);
typedef int (*posix_fallocate_fn)(int, off_t, off_t);
typedef int (*ftruncate_fn)(int, off_t);

#define REAL(name, type)                                                                           \
    static type real_##name;                                                                       \
    if (!real_##name) *(void **)&real_##name = dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t n) {
    REAL(write, write_fn);
    if (n && full(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    REAL(pwrite, pwrite_fn);
    if (n && full(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
    REAL(pwrite64, pwrite_fn);
    if (n && full(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_pwrite64(fd, buf, n, off);
}

typedef ssize_t (*pwritev_fn)(int, const struct iovec *, int, off_t);

/* PostgreSQL writes several blocks at once with pwritev */
ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off) {
    REAL(pwritev, pwritev_fn);
    if (cnt && full(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_pwritev(fd, iov, cnt, off);
}

ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off_t off) {
    REAL(pwritev64, pwritev_fn);
    if (cnt && full(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_pwritev64(fd, iov, cnt, off);
}

ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    REAL(writev, writev_fn);
    if (cnt && full(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_writev(fd, iov, cnt);
}

int fallocate(int fd, int mode, off_t off, off_t len) {
    REAL(fallocate, fallocate_fn);
    if (full(fd)) {
        errno = ENOSPC;
        return -1;
    }
    return real_fallocate(fd, mode, off, len);
}

int posix_fallocate(int fd, off_t off, off_t len) {
    REAL(posix_fallocate, posix_fallocate_fn);
    if (full(fd)) return ENOSPC;
    return real_posix_fallocate(fd, off, len);
}

int ftruncate(int fd, off_t len) {
    REAL(ftruncate, ftruncate_fn);
    struct stat st;
    /* Growing a file needs space; shrinking frees it. */
    if (full(fd) && fstat(fd, &st) == 0 && len > st.st_size) {
        errno = ENOSPC;
        return -1;
    }
    return real_ftruncate(fd, len);
}
