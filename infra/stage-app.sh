#!/usr/bin/env bash
# Stages what App Service runs, and nothing else: the product compiled from src/ alone
# (tsconfig.build.json, straight into the stage, so no stale build output can ride along), the card
# templates, package.json and the lockfile; with --install, the production node_modules too.
# deploy-app.sh zips the stage; test/integration/deploy/stage.int.spec.ts checks its file list.
#
#   infra/stage-app.sh --out .local/deploy/stage [--install]
#
# Needs the dev dependencies installed (npm ci) for the TypeScript compiler.
set -euo pipefail

die() { echo "stage-app: $*" >&2; exit 1; }

out="" install=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="${2:-}"; shift 2 ;;
    --install) install=true; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ -n "$out" ]] || die "give --out DIR (a folder this script may empty)"
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

cd "$(dirname "$0")/.."
root="$PWD"
# The stage is emptied first: refuse anything that holds the repository.
[[ "$root/" != "${out%/}/"* ]] || die "--out $out would hold the repository; name a folder of its own"

rm -rf "$out" && mkdir -p "$out"
npx --no-install tsc -p tsconfig.build.json --outDir "$out/dist"
cp -R cards package.json package-lock.json "$out/"
if $install; then
  (cd "$out" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund)
fi
