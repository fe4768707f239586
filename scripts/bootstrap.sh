#!/usr/bin/env bash
# Installs what offshore needs to build and run and is not yet on this machine (Debian/Ubuntu).
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(liblapacke-dev libopenblas-dev zlib1g-dev libsqlite3-dev gzip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "offshore: installing missing Debian packages: ${missing[*]}" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "offshore: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null; then
  echo "offshore: the Swift toolchain (5.9 or newer) is not on PATH; install it from swift.org and run again." >&2
  exit 1
fi
