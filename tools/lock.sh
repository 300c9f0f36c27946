#!/usr/bin/env bash
# Write requirements.lock: every runtime dependency of pyproject.toml (and setuptools, which builds
# the project in the image) pinned to one version with the sha256 of each of its files on PyPI.
# The Dockerfile installs from it with `pip install --require-hashes`.
#
#   tools/lock.sh             after a change to [project].dependencies (needs uv: pip install uv)
#   tools/lock.sh --upgrade   to move every pin to the newest version allowed
#
# The lock is universal (markers for other platforms and Python versions are kept), so one file
# serves the image (Linux, Python 3.11) and any machine that wants the same versions.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-uv}"
command -v "$UV" >/dev/null || { echo "lock.sh: uv not found (pip install uv, or set UV=/path/to/uv)" >&2; exit 3; }
echo "setuptools>=68" | "$UV" pip compile pyproject.toml - --universal --python-version 3.11 \
    --generate-hashes --custom-compile-command "tools/lock.sh" --quiet -o requirements.lock "$@"
echo "wrote requirements.lock ($(grep -c '^[a-zA-Z]' requirements.lock) packages)"
