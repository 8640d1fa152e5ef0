#!/usr/bin/env bash
# Builds TAP Desk and zip-deploys it to the App Service web app created by main.bicep. The zip is
# built here (App Service does not build: SCM_DO_BUILD_DURING_DEPLOYMENT=false), so every instance
# runs exactly what was tested.
#
#   infra/deploy-app.sh --resource-group rg-tapdesk --name app-tapdesk-abc123
#
# Needs Node 22 (package.json engines: >=22.13 <25), npm, zip and the Azure CLI signed in (az login).
set -euo pipefail

die() { echo "deploy-app: $*" >&2; exit 1; }

resource_group="" name=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --resource-group|-g) resource_group="${2:-}"; shift 2 ;;
    --name|-n) name="${2:-}"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ -n "$resource_group" && -n "$name" ]] || die "give --resource-group and --name (the webAppName output of the deployment)"
for tool in node npm zip az; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

cd "$(dirname "$0")/.."
out=.local/deploy
stage="$out/stage"

npm ci --no-audit --no-fund
# Only what `npm start` needs: the product compiled from src/, card templates, production dependencies.
infra/stage-app.sh --out "$stage" --install
rm -f "$out/tap-desk-app.zip"
(cd "$stage" && zip -qr ../tap-desk-app.zip .)

az webapp deploy --resource-group "$resource_group" --name "$name" --src-path "$out/tap-desk-app.zip" --type zip
host=$(az webapp show --resource-group "$resource_group" --name "$name" --query defaultHostName --output tsv)
echo "Deployed. Check https://$host/healthz and https://$host/readyz"
