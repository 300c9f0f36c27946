#!/usr/bin/env bash
# Build the Rootwise image from the real Dockerfile with podman, where no Docker daemon and no
# container registry can be reached.
#
#   tools/build_image.sh [TAG]          (TAG defaults to localhost/rootwise:latest)
#
# python:3.11-slim cannot be pulled here, so a stand-in base with the same Python minor version
# is made from Debian bookworm (whose python3 is 3.11) with debootstrap, imported into podman as
# localhost/pyslim:3.11, and given to `podman build --from`, which replaces only the Dockerfile's
# FROM image: every other line of the Dockerfile is built as it is, `check-content` included.
#
# The bootstrapped base is kept in $ROOTWISE_IMAGE_CACHE (default /var/cache/rootwise-image) and
# bootstrapped again only when the list of packages or the mirror changes. Needs root (podman's
# vfs storage, debootstrap); installs podman and debootstrap with apt-get when they are missing.
#
# Environment:
#   ROOTWISE_IMAGE_CACHE   where the bootstrapped base is kept
#   DEBIAN_MIRROR          the Debian mirror for debootstrap (default: the one apt already uses)
#   PODMAN_STORAGE_DRIVER  podman's storage driver (default vfs: works without overlay mounts)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TAG="${1:-localhost/rootwise:latest}"
BASE="localhost/pyslim:3.11"
SUITE="bookworm"
PACKAGES="python3,python3-venv,python3-pip,ca-certificates"
CACHE="${ROOTWISE_IMAGE_CACHE:-/var/cache/rootwise-image}"
DRIVER="${PODMAN_STORAGE_DRIVER:-vfs}"
PODMAN=(podman --storage-driver="$DRIVER")

say() { printf 'build_image: %s\n' "$*" >&2; }

# ---- tools ----------------------------------------------------------------------------------
missing=()
command -v podman >/dev/null || missing+=(podman)
command -v debootstrap >/dev/null || missing+=(debootstrap)
if ((${#missing[@]})); then
    say "installing ${missing[*]} with apt-get"
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        say "cannot install ${missing[*]}: needs root and apt-get"
        exit 3
    fi
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -q && apt-get install -y -q "${missing[@]}"; } >&2 || {
        say "apt-get could not install ${missing[*]}"
        exit 3
    }
fi

# ---- the Debian mirror apt already uses -------------------------------------------------------
mirror() {
    if [[ -n "${DEBIAN_MIRROR:-}" ]]; then
        echo "$DEBIAN_MIRROR"
        return
    fi
    local url
    # deb822 files (*.sources): the first URIs: of a stanza for the main archive (not -security).
    url=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | awk '/^URIs:/ { print $2 }' | grep -v -- '-security' | head -n1 || true)
    if [[ -z "$url" ]]; then
        # one-line format: deb [options] URL SUITE COMPONENTS
        url=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
            | sed -E 's/\[[^]]*\]//' | awk '$1 == "deb" { print $2 }' | grep -v -- '-security' \
            | head -n1 || true)
    fi
    echo "${url:-http://deb.debian.org/debian}"
}
MIRROR="$(mirror)"

# ---- the bootstrapped base (cached) ---------------------------------------------------------
KEY="$(printf '%s\n' "$SUITE" "$PACKAGES" "$MIRROR" | sha256sum | cut -c1-16)"
ROOTFS="$CACHE/rootfs-$KEY"
mkdir -p "$CACHE"
if [[ ! -f "$ROOTFS/.bootstrapped" ]]; then
    say "bootstrapping Debian $SUITE from $MIRROR into $ROOTFS (once per machine)"
    rm -rf "$ROOTFS" "$ROOTFS.partial"
    debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$ROOTFS.partial" "$MIRROR" \
        > "$CACHE/debootstrap.log" 2>&1 || {
        tail -n 20 "$CACHE/debootstrap.log" >&2
        say "debootstrap failed (log: $CACHE/debootstrap.log)"
        exit 1
    }
    rm -rf "$ROOTFS.partial"/var/cache/apt/archives/*.deb "$ROOTFS.partial"/var/lib/apt/lists/*
    mv "$ROOTFS.partial" "$ROOTFS"
    touch "$ROOTFS/.bootstrapped"
    # bases bootstrapped with other settings are of no further use
    find "$CACHE" -maxdepth 1 -name 'rootfs-*' ! -name "rootfs-$KEY" -exec rm -rf {} +
fi

# What python:3.11-slim gives a Dockerfile: `python` and `pip` on PATH, and a pip that installs
# into the system site-packages. pip reaches the package registry the way this machine does.
ln -sf python3 "$ROOTFS/usr/bin/python"
printf '#!/bin/sh\nexec python3 -m pip "$@"\n' > "$ROOTFS/usr/local/bin/pip"
chmod 755 "$ROOTFS/usr/local/bin/pip"
rm -f "$ROOTFS"/usr/lib/python3*/EXTERNALLY-MANAGED
rm -f "$ROOTFS/etc/pip.conf"
if [[ -f /etc/pip.conf ]]; then
    cp /etc/pip.conf "$ROOTFS/etc/pip.conf"
fi
if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    cp /etc/ssl/certs/ca-certificates.crt "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
fi

# Import the base again only when what went into it changed.
STAMP="$( { echo "$KEY"; cat "$ROOTFS/usr/local/bin/pip"; cat "$ROOTFS/etc/pip.conf" 2>/dev/null || true;
           sha256sum "$ROOTFS/etc/ssl/certs/ca-certificates.crt" 2>/dev/null || true; } | sha256sum | cut -c1-16)"
if [[ "$("${PODMAN[@]}" image inspect --format '{{ index .Labels "rootwise.base" }}' "$BASE" 2>/dev/null || true)" != "$STAMP" ]]; then
    say "importing the base as $BASE"
    "${PODMAN[@]}" rmi "$BASE" >/dev/null 2>&1 || true  # succeeds unless images built on it remain
    tar -C "$ROOTFS" --exclude=./.bootstrapped -c . \
        | "${PODMAN[@]}" import --change "LABEL rootwise.base=$STAMP" \
            --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
            --change "ENV LANG=C.UTF-8" \
            --change 'CMD ["python3"]' - "$BASE" >/dev/null
fi

# ---- the image --------------------------------------------------------------------------------
say "building $TAG from $ROOT/Dockerfile (FROM replaced by $BASE)"
previous="$("${PODMAN[@]}" image inspect --format '{{.Id}}' "$TAG" 2>/dev/null || true)"
# docker format, as `docker build` makes: the OCI format has no HEALTHCHECK.
"${PODMAN[@]}" build --isolation=chroot --format=docker --from "$BASE" -t "$TAG" -f "$ROOT/Dockerfile" "$ROOT" >&2
current="$("${PODMAN[@]}" image inspect --format '{{.Id}}' "$TAG")"
if [[ -n "$previous" && "$previous" != "$current" ]]; then
    # with vfs storage every layer is a full copy of the file system: drop the image this one replaces
    "${PODMAN[@]}" rmi "$previous" >/dev/null 2>&1 || true
fi
say "built $TAG (${current:0:12})"
echo "$TAG"
