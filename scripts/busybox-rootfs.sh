#!/usr/bin/env bash
# Writes a busybox root filesystem tarball to $1 (or stdout) from Debian's busybox-static: the
# static binary, a link per applet, and the few files a base image needs.
set -euo pipefail
out=${1:--}
bb=$(command -v busybox || echo /bin/busybox)
[ -x "$bb" ] || { echo "busybox not found: apt-get install busybox-static" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,etc,tmp,root,var/www,home,proc,sys,dev,usr/bin,usr/sbin,sbin}
cp "$bb" "$tmp/bin/busybox"
for applet in $("$bb" --list); do
  [ "$applet" = busybox ] || ln -sf busybox "$tmp/bin/$applet"
done
chmod 1777 "$tmp/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\n' > "$tmp/etc/passwd"
printf 'root:x:0:\ndaemon:x:1:\nwww-data:x:33:\nnogroup:x:65534:\n' > "$tmp/etc/group"
tar --numeric-owner --owner=0 --group=0 -C "$tmp" -cf "$out" .
