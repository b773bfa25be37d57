#!/usr/bin/env python3
"""Build-time subsets of the Noto CJK faces the documents are set in (issue 9).

usage: subset_fonts.py SOURCE.ttc FAMILY SET OUT.otf

SOURCE is one of Debian's fonts-noto-cjk collections; the face taken from it
is the Simplified Chinese one (its family name ends in "CJK SC"). FAMILY is
our own family name ("ZF Serif", "ZF Sans"), so that fontconfig never picks a
system face in its place. SET says which characters to keep:
  text  ASCII and Latin-1, general punctuation, letter-like symbols, arrows,
        enclosed numerals, box drawing, geometric shapes, CJK symbols and
        punctuation, half- and full-width forms, the CJK Unified Ideographs
        (U+4E00-9FFF), Extension A (U+3400-4DBF, e.g. 䶮), the compatibility
        ideographs and whatever the face has of Extensions B-F (U+20000-2FFFF);
  rare  only Extensions B-F (the Sans face has 𠀤 U+20024, the Serif has not).

Why: cairo 1.16's CFF subsetter copies the face's whole CFF table (~25 MB for
Noto Serif CJK) for every subset it builds, and keeps every global and local
subroutine in the embedded subset (~450 KB compressed, whatever the glyphs),
so each document paid a 25 MB copy and the zlib compression of ~0.6 MB per
face. A face subset here to the characters documents use, with its
subroutines expanded (--desubroutinize) and without hints, has a CFF table
of ~10 MB and gives cairo subsets of a few KB to a few tens of KB
(docs/internals/documents.md, "Fonts"). Characters outside these faces still
fall back to the full Debian faces named after them in the renderer's lists.

The result depends only on this script and the source file, and takes a
minute of CPU per face, so it is cached under $XDG_CACHE_HOME/zhifa/fonts
(~/.cache/zhifa/fonts), keyed by both: the build directories (build,
build-asan, ...) make it once. ZHIFA_FONT_CACHE=0 turns the cache off."""
import hashlib
import os
import shutil
import sys
import tempfile
import time

from fontTools import subset
from fontTools.ttLib import TTCollection

TEXT = [
    (0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x214F), (0x2190, 0x21FF),
    (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF),
    (0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF),
]
RARE = [(0x20000, 0x2FFFF)]
# The OpenType features pango (HarfBuzz) applies to horizontal text; not the
# vertical ones. locl only as the renderer meets it (only_our_locl).
FEATURES = ['ccmp', 'locl', 'kern', 'liga', 'calt', 'clig', 'rlig', 'mark', 'mkmk']


def only_our_locl(font):
    """Keep of the locl feature only the lookups of the languages documents
    are shaped in: the default language system (pango shapes Latin runs of a
    Chinese text as English: Noto CJK's latn/dflt locl swaps in its Latin
    digits 0-9 and the ellipsis) and ZHS (Han runs: 17 glyphs). The lookups
    of JAN, KOR, ZHT and ZHH would pull in their forms of 9,000 ideographs."""
    gsub = font['GSUB'].table
    keep = set()
    for sr in gsub.ScriptList.ScriptRecord:
        systems = [sr.Script.DefaultLangSys] + [r.LangSys for r in sr.Script.LangSysRecord
                                                if r.LangSysTag.strip() == 'ZHS']
        for ls in systems:
            for i in (ls.FeatureIndex if ls else []):
                fr = gsub.FeatureList.FeatureRecord[i]
                if fr.FeatureTag == 'locl':
                    keep.update(fr.Feature.LookupListIndex)
    for fr in gsub.FeatureList.FeatureRecord:
        if fr.FeatureTag == 'locl':
            fr.Feature.LookupListIndex = [i for i in fr.Feature.LookupListIndex if i in keep]
            fr.Feature.LookupCount = len(fr.Feature.LookupListIndex)


def sc_index(path):
    """The index of the Simplified Chinese face in a Noto CJK collection."""
    coll = TTCollection(path, lazy=True)
    for i, face in enumerate(coll.fonts):
        family = face['name'].getDebugName(1) or ''
        if family.endswith('CJK SC') and 'Mono' not in family:
            return i
    sys.exit(f'subset_fonts: no "CJK SC" face in {path}')


def build(src, family, ranges, out):
    opts = subset.Options()
    opts.font_number = sc_index(src)
    opts.desubroutinize = True
    opts.hinting = False
    opts.name_IDs = ['*']
    opts.name_languages = ['*']
    opts.notdef_outline = True
    opts.layout_features = FEATURES
    font = subset.load_font(src, opts, dontLoadGlyphNames=True)
    only_our_locl(font)
    unicodes = set()
    for lo, hi in ranges:
        unicodes.update(range(lo, hi + 1))
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    bold = font['OS/2'].usWeightClass >= 600
    style = 'Bold' if bold else 'Regular'
    ps = family.replace(' ', '') + '-' + style
    for rec in font['name'].names:
        if rec.nameID in (1, 16):
            rec.string = family
        elif rec.nameID in (2, 17):
            rec.string = style
        elif rec.nameID == 4:
            rec.string = family + (' Bold' if bold else '')
        elif rec.nameID in (3, 6):
            rec.string = ps
    font['CFF '].cff.fontNames = [ps]
    subset.save_font(font, out, opts)
    return len(font.getGlyphOrder())


def main():
    if len(sys.argv) != 5 or sys.argv[3] not in ('text', 'rare'):
        sys.exit(__doc__)
    src, family, which, out = sys.argv[1:]
    ranges = TEXT if which == 'text' else RARE
    key = hashlib.sha256()
    with open(__file__, 'rb') as fh:
        key.update(fh.read())
    st = os.stat(src)
    key.update(f'{os.path.abspath(src)}\0{st.st_size}\0{st.st_mtime_ns}\0{family}\0{which}'.encode())
    cache_dir = os.path.join(os.environ.get('XDG_CACHE_HOME') or os.path.expanduser('~/.cache'),
                             'zhifa', 'fonts')
    cached = os.path.join(cache_dir, key.hexdigest()[:32] + '.otf')
    use_cache = os.environ.get('ZHIFA_FONT_CACHE', '1') != '0'
    if use_cache and os.path.isfile(cached):
        shutil.copyfile(cached, out)
        print(f'subset_fonts: {out} from the cache ({cached})')
        return
    t0 = time.process_time()
    tmp = out + '.tmp'
    glyphs = build(src, family, ranges, tmp)
    os.replace(tmp, out)
    print(f'subset_fonts: {out}: {glyphs} glyphs, {os.path.getsize(out)} bytes, '
          f'{time.process_time() - t0:.0f} s CPU')
    if use_cache:
        try:
            os.makedirs(cache_dir, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix='.tmp')
            os.close(fd)
            shutil.copyfile(out, tmp)
            os.replace(tmp, cached)
        except OSError as e:  # a read-only home: no cache, same result
            print(f'subset_fonts: not cached: {e}')


if __name__ == '__main__':
    main()
