/* fonts.c — the documents' own font subsets (docs.h, data/fonts/meson.build,
 * scripts/subset_fonts.py).
 *
 * The build cuts Debian's Noto CJK faces down to the characters documents
 * use (family names "ZF Serif", "ZF Sans" of our own, so fontconfig never
 * takes a system face for them), with their subroutines expanded: cairo then
 * copies a ~10 MB CFF table instead of ~25 MB for each subset it makes and
 * embeds a few KB per face instead of ~0.5 MB — half the CPU time of a
 * document (docs/internals/documents.md, "Fonts"). The renderer names them
 * first in its family lists and the full Debian faces after them, so a
 * character the subsets lack (or a build without them) still prints as
 * itself, from the full face.
 *
 * Where: $ZHIFA_FONT_DIR when set ("none": do not use the subsets), else
 * the build directory's data/fonts (tests, `make run`, the benches, from any
 * working directory), else the installed <datadir>/zhifa/fonts. All four
 * files or none: with only the regular face registered, fontconfig would
 * embolden it for bold text rather than take the full bold face. */
#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "docs/docs.h"

#ifndef ZF_FONT_DIR_BUILT
#define ZF_FONT_DIR_BUILT ""
#endif
#ifndef ZF_FONT_DIR_INSTALLED
#define ZF_FONT_DIR_INSTALLED ""
#endif

static const char *const subset_files[] = {
    "ZFSerif-Regular.otf",
    "ZFSerif-Bold.otf",
    "ZFSans-Regular.otf",
    "ZFSans-Bold.otf",
};
#define NFILES (sizeof subset_files / sizeof subset_files[0])

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char used_dir[4096];
static int using_subsets;

/* The first file of dir that is missing, or NULL when all are there. */
static const char *missing_in(const char *dir) {
    char path[4200];
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, subset_files[i]);
        if (access(path, R_OK) != 0) return subset_files[i];
    }
    return NULL;
}

/* Every file read by FreeType first, then all registered: never half a set
 * (the regular face alone would be emboldened for bold text, the bold face
 * alone would set the body). */
static int add_all(const char *dir) {
    char path[NFILES][4200];
    for (size_t i = 0; i < NFILES; i++) {
        snprintf(path[i], sizeof path[i], "%s/%s", dir, subset_files[i]);
        int count = 0;
        FcPattern *p = FcFreeTypeQuery((const FcChar8 *)path[i], 0, NULL, &count);
        if (!p) return -1;
        FcPatternDestroy(p);
    }
    FcConfig *config = FcConfigGetCurrent();
    for (size_t i = 0; i < NFILES; i++)
        if (!FcConfigAppFontAddFile(config, (const FcChar8 *)path[i])) return -1;
    return 0;
}

static void fonts_init(void) {
    const char *env = getenv("ZHIFA_FONT_DIR");
    const char *candidates[3];
    size_t n = 0;
    if (env && *env) {
        if (strcmp(env, "none") == 0) return; /* asked for the full faces: no log line */
        candidates[n++] = env;
    } else {
        if (*ZF_FONT_DIR_BUILT) candidates[n++] = ZF_FONT_DIR_BUILT;
        if (*ZF_FONT_DIR_INSTALLED) candidates[n++] = ZF_FONT_DIR_INSTALLED;
    }
    char why[8800] = "no directory to look in";
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        const char *miss = missing_in(candidates[i]);
        if (miss) {
            /* every place looked in, "; " between them */
            int w = snprintf(why + len, sizeof why - len, "%s%s/%s missing", len ? "; " : "",
                             candidates[i], miss);
            if (w > 0) len += (size_t)w < sizeof why - len ? (size_t)w : sizeof why - len - 1;
            continue;
        }
        if (add_all(candidates[i]) != 0) {
            /* a file FreeType cannot read (truncated): nothing registered */
            snprintf(why, sizeof why, "fontconfig could not read the files in %s", candidates[i]);
            break;
        }
        snprintf(used_dir, sizeof used_dir, "%s", candidates[i]);
        using_subsets = 1;
        return;
    }
    fprintf(stderr,
            "level=warn msg=\"document fonts: subsets not found, embedding the full Noto CJK "
            "faces (slower)\" reason=\"%s\"\n",
            why);
}

int zf_doc_fonts_init(const char **dir) {
    pthread_once(&once, fonts_init);
    if (dir) *dir = using_subsets ? used_dir : NULL;
    return using_subsets;
}
