#!/usr/bin/env bash
# Makes the Debian bookworm minbase root filesystem the registry bench pushes and pulls (issue 6),
# as a plain tarball at $1, with debootstrap from the Debian mirror apt already uses. Kept in a
# cache directory between runs: building it takes a minute or two and ~40 MB of downloads.
set -euo pipefail
out=$1
[ -s "$out" ] && exit 0
command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
work=$(mktemp -d /tmp/berth-minbase.XXXX)
trap 'umount -R "$work/root" 2>/dev/null || true; rm -rf --one-file-system "$work"' EXIT
debootstrap --variant=minbase bookworm "$work/root" "$mirror" >"$work/log" 2>&1 || { tail -20 "$work/log" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
tar -C "$work/root" --numeric-owner -cf "$out.tmp" .
mv "$out.tmp" "$out"
