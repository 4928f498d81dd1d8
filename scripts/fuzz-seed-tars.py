#!/usr/bin/env python3
"""Writes the seed corpora of the tar-reading fuzz tests (layers, image archives, build contexts).

The seeds are small but realistic: what docker save, an OCI layout, a layer with whiteouts and
links, and a build context look like. Run from the repository root; the files are committed, so
this only needs running again to add seeds. Trailing tar padding is cut to keep seeds small.
"""
import gzip, hashlib, io, json, os, tarfile

ROOT = "berth-daemon/src/test/resources/dev/berth/daemon"

def tar(entries, fmt=tarfile.PAX_FORMAT):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for e in entries:
            info = tarfile.TarInfo(e["name"])
            info.type = e.get("type", tarfile.REGTYPE)
            info.mode = e.get("mode", 0o644)
            info.mtime = 1700000000
            info.linkname = e.get("link", "")
            info.uid, info.gid = e.get("owner", (0, 0))
            info.pax_headers = e.get("pax", {})
            info.devmajor, info.devminor = e.get("dev", (0, 0))
            data = e.get("data", b"")
            info.size = len(data) if info.type == tarfile.REGTYPE else 0
            t.addfile(info, io.BytesIO(data) if info.type == tarfile.REGTYPE else None)
    raw = buf.getvalue().rstrip(b"\0")
    blocks = (len(raw) + 511) // 512
    return raw.ljust(blocks * 512, b"\0") + b"\0" * 1024

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)

D, L, H, C, F = tarfile.DIRTYPE, tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE, tarfile.FIFOTYPE
layer = tar([
    {"name": "bin/", "type": D, "mode": 0o755},
    {"name": "bin/busybox", "data": b"\x7fELF fake", "mode": 0o755},
    {"name": "bin/sh", "type": H, "link": "bin/busybox"},
    {"name": "usr/bin/env", "type": L, "link": "../../bin/busybox"},
    {"name": "etc/passwd", "data": b"root:x:0:0:root:/root:/bin/sh\n"},
    {"name": "etc/.wh.shadow"},
    {"name": "var/cache/.wh..wh..opq"},
    {"name": "usr/bin/sudo", "data": b"x", "mode": 0o4755},
    {"name": "dev/null", "type": C, "dev": (1, 3), "mode": 0o666},
    {"name": "run/fifo", "type": F},
    {"name": "opt/app/data", "data": b"y", "owner": (1000, 1000),
     "pax": {"SCHILY.xattr.security.capability": "\x01\x00\x00\x02", "SCHILY.xattr.user.x": "v"}},
    {"name": "a/" + "long-name-" * 12 + "end.txt", "data": b"long"},
])
lt = ROOT + "/image/LayerTarFuzzTestInputs/read/"
write(lt + "layer-pax", layer)
write(lt + "layer-gzip", gzip.compress(layer, mtime=0))
write(lt + "layer-gnu", tar([{"name": "x/" + "g" * 120, "data": b"gnu"},
                             {"name": "lnk", "type": L, "link": "t" * 120}], tarfile.GNU_FORMAT))
write(lt + "layer-ustar", tar([{"name": "a", "data": b"ustar"}], tarfile.USTAR_FORMAT))
write(lt + "hostile-names", tar([{"name": "../escape", "data": b"x"}]))
write(lt + "hostile-absolute", tar([{"name": "/etc/passwd", "data": b"x"}]))
write(lt + "hostile-hardlink", tar([{"name": "h", "type": H, "link": "../../etc/shadow"}]))

def digest(b):
    return "sha256:" + hashlib.sha256(b).hexdigest()

small_layer = tar([{"name": "hello", "data": b"hello\n", "mode": 0o755}])
diff = digest(small_layer)
config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/hello"]},
                     "rootfs": {"type": "layers", "diff_ids": [diff]}}).encode()
cfgname = hashlib.sha256(config).hexdigest() + ".json"
ar = ROOT + "/image/ArchiveFuzzTestInputs/load/"
manifest = json.dumps([{"Config": cfgname, "RepoTags": ["hello:latest", "registry.example.com:5000/team/hello:1.0"],
                        "Layers": ["abc/layer.tar"]}]).encode()
write(ar + "docker-save", tar([
    {"name": "abc/", "type": D}, {"name": "abc/layer.tar", "data": small_layer},
    {"name": cfgname, "data": config}, {"name": "manifest.json", "data": manifest},
    {"name": "repositories", "data": b'{"hello":{"latest":"abc"}}'}]))
write(ar + "docker-save-symlinked-layer", tar([
    {"name": "abc/layer.tar", "data": small_layer}, {"name": "def/layer.tar", "type": L, "link": "../abc/layer.tar"},
    {"name": cfgname, "data": config},
    {"name": "manifest.json", "data": json.dumps([{"Config": cfgname, "RepoTags": None,
                                                   "Layers": ["def/layer.tar"]}]).encode()}]))
blob = lambda b: {"name": "blobs/sha256/" + hashlib.sha256(b).hexdigest(), "data": b}
oci_manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": digest(config), "size": len(config)},
                           "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": diff, "size": len(small_layer)}]}).encode()
nested_index = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
                           "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest(oci_manifest),
                                          "size": len(oci_manifest), "platform": {"os": "linux", "architecture": "amd64"}}]}).encode()
index = json.dumps({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.index.v1+json",
                    "digest": digest(nested_index), "size": len(nested_index),
                    "annotations": {"io.containerd.image.name": "docker.io/library/hello:latest",
                                    "org.opencontainers.image.ref.name": "latest"}}]}).encode()
write(ar + "oci-layout", tar([
    {"name": "oci-layout", "data": b'{"imageLayoutVersion":"1.0.0"}'}, {"name": "index.json", "data": index},
    blob(nested_index), blob(oci_manifest), blob(config), blob(small_layer)]))
write(ar + "oci-layout-gzip", gzip.compress(tar([{"name": "index.json", "data": index}, blob(nested_index),
                                                 blob(oci_manifest), blob(config), blob(small_layer)]), mtime=0))
write(ar + "bad-blob-digest", tar([{"name": "blobs/sha256/" + "0" * 64, "data": b"not that"}]))
write(ar + "link-outside", tar([{"name": "manifest.json", "type": L, "link": "../../etc/passwd"}]))
write(ar + "device", tar([{"name": "dev", "type": C, "dev": (1, 3)}]))

cx = ROOT + "/build/BuildContextFuzzTestInputs/receive/"
context = [
    {"name": "./", "type": D, "mode": 0o755},
    {"name": "Dockerfile", "data": b"FROM busybox\nCOPY . /src\nRUN ls /src\n"},
    {"name": ".dockerignore", "data": b"*.log\n!keep.log\nnode_modules\n"},
    {"name": "src/", "type": D},
    {"name": "src/main.go", "data": b"package main\nfunc main() {}\n"},
    {"name": "src/link", "type": L, "link": "main.go"},
    {"name": "src/hard", "type": H, "link": "src/main.go"},
    {"name": "debug.log", "data": b"x"}, {"name": "keep.log", "data": b"y"},
    {"name": "node_modules/x/index.js", "data": b"z"},
]
write(cx + "context", tar(context))
write(cx + "context-gzip", gzip.compress(tar(context), mtime=0))
write(cx + "escape", tar([{"name": "a/../../x", "data": b"x"}]))
write(cx + "symlink-parent", tar([{"name": "a", "type": L, "link": "/etc"}, {"name": "a/pwn", "data": b"x"}]))
write(cx + "hardlink-loop", tar([{"name": "h1", "type": H, "link": "h2"}, {"name": "h2", "type": H, "link": "h1"}]))
write(cx + "bad-ignore", tar([{"name": ".dockerignore", "data": b"[\n"}]))
