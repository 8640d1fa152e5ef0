# Sourced by .ci/run after the Node 22 run (and usable by hand: `. .ci/use-node24.sh`). Puts Node 24, the
# active LTS, first on PATH so the unit and integration suites also run there; Node 22 stays the floor
# (package.json "engines"). The binary comes from the npm registry (.ci/node-from-npm.sh).
# shellcheck shell=bash
. "$(dirname "${BASH_SOURCE[0]}")/node-from-npm.sh"

if [ "$(tapdesk_node_major)" != 24 ]; then
  tapdesk_use_node 24 "${TAPDESK_NODE24_HOME:-}" || return 1
fi
echo "ci: node $(node --version), npm $(npm --version)"
