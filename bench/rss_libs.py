#!/usr/bin/env python3
"""bench/rss_libs.py PID — where a process's resident memory is (issue 12).

Sums Rss and Private_Dirty of /proc/PID/smaps per mapped file (shared
libraries, the executable, the modules) and per anonymous region ([heap],
thread arenas and stacks as [anon]), then groups the libraries by the
direct dependency of zhifa that pulls them in (ldd closures): a library
that more than one group needs is shown as shared by them. Prints two
Markdown tables: the groups, then every mapping.

    bench/rss_libs.py $(pgrep -n zhifa)
"""
import collections
import os
import subprocess
import sys

LIBDIRS = ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu")
GROUPS = {
    "PDF: cairo, pango, qrencode": ["libcairo.so.2", "libpangocairo-1.0.so.0", "libpango-1.0.so.0",
                                    "libgobject-2.0.so.0", "libqrencode.so.4"],
    "PostgreSQL: libpq": ["libpq.so.5"],
    "import/export: libzip, expat, xlsxwriter": ["libzip.so.4", "libexpat.so.1", "libxlsxwriter.so.4"],
    "HTTP: libmicrohttpd (+ gnutls)": ["libmicrohttpd.so.12"],
    "base: libc, jansson, sodium, crypto, sqlite": ["libc.so.6", "libjansson.so.4", "libsodium.so.23",
                                                    "libcrypto.so.3", "libsqlite3.so.0"],
}


def real(soname):
    for d in LIBDIRS:
        p = os.path.join(d, soname)
        if os.path.exists(p):
            return os.path.realpath(p)
    return None


def closure(soname):
    path = real(soname)
    if not path:
        return set()
    out = subprocess.run(["ldd", path], capture_output=True, text=True).stdout
    names = {os.path.basename(path)}
    for line in out.splitlines():
        parts = line.split("=>")
        target = parts[1].split()[0] if len(parts) > 1 and parts[1].split() else line.split()[0] if line.split() else ""
        if target.startswith("/"):
            names.add(os.path.basename(os.path.realpath(target)))
    return names


def smaps(pid):
    rss, dirty = collections.Counter(), collections.Counter()
    cur = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            p = line.split()
            if p and "-" in p[0] and not p[0].endswith(":"):
                name = p[5] if len(p) > 5 else "[anon]"
                cur = os.path.basename(name) if name.startswith("/") else name
            elif p and p[0] == "Rss:":
                rss[cur] += int(p[1])
            elif p and p[0] == "Private_Dirty:":
                dirty[cur] += int(p[1])
    return rss, dirty


def main():
    pid = sys.argv[1]
    rss, dirty = smaps(pid)
    clos = {g: set().union(*(closure(s) for s in libs)) for g, libs in GROUPS.items()}
    base = next(g for g in GROUPS if g.startswith("base"))
    groups = collections.defaultdict(lambda: [0, 0, []])
    for name, kb in rss.items():
        owners = [g for g, c in clos.items() if name in c]
        if base in owners:
            g = base
        elif len(owners) == 1:
            g = owners[0]
        elif owners:
            g = "shared by " + " + ".join(o.split(":")[0] for o in owners)
        elif ".so" in name:
            g = "zhifa's modules and other libraries"
        else:
            g = "executable, heap, arenas, stacks"
        groups[g][0] += kb
        groups[g][1] += dirty[name]
        groups[g][2].append((kb, name))
    print("| group | libraries | Rss kB | Private_Dirty kB | largest |")
    print("|---|---|---|---|---|")
    for g, (kb, pd, names) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
        libs = sum(1 for _, n in names if ".so" in n)
        top = ", ".join(f"{n.split('.so')[0]} {k}" for k, n in sorted(names, reverse=True)[:8])
        print(f"| {g} | {libs} | {kb:,} | {pd:,} | {top} |")
    print(f"| **total** | {sum(1 for n in rss if '.so' in n)} | {sum(rss.values()):,} | {sum(dirty.values()):,} | |")
    print("\n| mapping | Rss kB | Private_Dirty kB |\n|---|---|---|")
    for name, kb in sorted(rss.items(), key=lambda kv: -kv[1]):
        if kb:
            print(f"| {name} | {kb} | {dirty[name]} |")


if __name__ == "__main__":
    main()
