#!/usr/bin/env python3
"""Writes a zip of generated OSV records for the scan bench (issue 16), like osv.dev's all.zip.

usage: bench-advisories.py OUT.zip COUNT [PACKAGE...]
The named packages (an image's source packages) get one advisory each that the image matches
(fixed in a version above any real one); the rest go to made-up packages, so that the database
has COUNT records of which the scan must find the few that apply.
"""
import json
import sys
import zipfile

out, count, names = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(count):
        if i < len(names):
            pkg, fixed = names[i], "99:99.0-1"
        else:
            pkg, fixed = "benchpkg-%d" % (i % 20000), "1.%d-1" % (i % 97)
        rec = {
            "schema_version": "1.6.0",
            "id": "BENCH-%07d" % i,
            "aliases": ["CVE-2099-%07d" % i],
            "modified": "2024-01-01T00:00:00Z",
            "summary": "generated advisory %d for %s" % (i, pkg),
            "database_specific": {"severity": ["LOW", "MEDIUM", "HIGH", "CRITICAL"][i % 4]},
            "affected": [{
                "package": {"ecosystem": "Debian:12", "name": pkg},
                "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}],
            }],
        }
        z.writestr("BENCH-%07d.json" % i, json.dumps(rec))
