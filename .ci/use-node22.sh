# Sourced by .ci/run (and usable by hand: `. .ci/use-node22.sh`). Puts Node 22 LTS first on PATH when
# the machine's node is older, from the npm registry (.ci/node-from-npm.sh).
# shellcheck shell=bash
. "$(dirname "${BASH_SOURCE[0]}")/node-from-npm.sh"

if ! command -v node >/dev/null 2>&1 || [ "$(tapdesk_node_major || echo 0)" -lt 22 ] 2>/dev/null; then
  tapdesk_use_node "${TAPDESK_NODE_LINE:-22}" "${TAPDESK_NODE_HOME:-}" || return 1
fi
echo "ci: node $(node --version), npm $(npm --version)"
