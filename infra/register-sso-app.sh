#!/usr/bin/env bash
# Creates or completes the SSO app registration delegated issuance needs: the API Teams SSO signs the
# approver in to (Application ID URI, the access_as_user scope, Teams' clients pre-authorised), the
# Bot Framework token service's redirect URI, two federated credentials (the managed identity, for the
# bot's on-behalf-of exchange; the token service, for the Azure Bot's OAuth connection), the delegated
# Graph scopes with admin consent, and "assignment required" on its enterprise app. No secret is made.
# Safe to run again: what is already there is kept. Run it before the Bicep deployment (it prints the
# ssoClientId to deploy with) and once more after (the managed identity exists only then).
#
#   infra/register-sso-app.sh --resource-group rg-tapdesk [--assign-group <group object id>]... [--dry-run]
#   --display-name NAME      the app registration's name (default "TAP Desk SSO")
#   --identity-name NAME     the managed identity, when the resource group holds more than one
#   --app-id-uri URI         Application ID URI (default api://botid-<client id>; infra/README.md says why)
#   --connection-name NAME   the Azure Bot OAuth connection, main.bicep's ssoConnectionName (default tapdesk-sso)
#   --assign-group ID        a group whose members may sign in (approvers, help desk); repeatable
#   --dry-run                prints what it would create or change, changes nothing
#
# Needs the Azure CLI signed in (az login) as an Application Administrator (or Cloud Application
# Administrator) who can also grant tenant-wide consent to delegated Graph permissions: a Privileged
# Role Administrator or Global Administrator for UserAuthMethod-TAP.ReadWrite.All.
set -euo pipefail

GRAPH_APP_ID=00000003-0000-0000-c000-000000000000
GRAPH=https://graph.microsoft.com/v1.0
# The delegated scopes the approver's sign-in grants; main.bicep's ssoScopes is the same list (a test keeps them equal).
SCOPES=(
  openid
  profile
  offline_access
  UserAuthMethod-TAP.ReadWrite.All
  User.RevokeSessions.All
)
# Teams desktop/mobile and Teams web: the clients Microsoft documents for pre-authorising a Teams SSO API
# (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/authentication/bot-sso-register-aad).
TEAMS_CLIENTS=(1fec8e78-bce4-4aaf-ab1b-5451cc387264 5e3ce6c0-2b1f-4285-8d4b-75ee78787346)
TOKEN_SERVICE_REDIRECT=https://token.botframework.com/.auth/web/redirect
# The Bot Framework token service ("Bot Service Token Store") as its federated-credential subjects name
# it (https://learn.microsoft.com/azure/bot-service/bot-builder-authentication-federated-credential).
TOKEN_SERVICE_ENCODED=9ExAW52n_ky4ZiS_jhpJIQ
MI_CREDENTIAL=tapdesk-managed-identity
TOKEN_SERVICE_CREDENTIAL=tapdesk-bot-token-service

die() { echo "register-sso-app: $*" >&2; exit 1; }

resource_group="" identity_name="" display_name="TAP Desk SSO" app_id_uri="" connection_name=tapdesk-sso dry_run=false
groups=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --resource-group|-g) resource_group="${2:-}"; shift 2 ;;
    --identity-name|-n) identity_name="${2:-}"; shift 2 ;;
    --display-name) display_name="${2:-}"; shift 2 ;;
    --app-id-uri) app_id_uri="${2:-}"; shift 2 ;;
    --connection-name) connection_name="${2:-}"; shift 2 ;;
    --assign-group) groups+=("${2:-}"); shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ -n "$resource_group" ]] || die "give --resource-group (where main.bicep deploys, or will deploy, TAP Desk)"
[[ "$connection_name" =~ ^[A-Za-z0-9._-]{1,100}$ ]] || die "--connection-name: letters, digits, dot, dash or underscore"
for group in "${groups[@]}"; do [[ "$group" =~ ^[0-9a-fA-F-]{36}$ ]] || die "--assign-group '$group' is not an object id"; done
[[ -z "$app_id_uri" || "$app_id_uri" =~ ^api://[^[:space:]]+$ ]] || die "--app-id-uri must be an api:// URI"
command -v az >/dev/null || die "the Azure CLI (az) is not installed"

# A GUID as federated-credential subjects encode it: base64url of its bytes in .NET's order (the first
# three groups little-endian), as the token service's own id encodes to $TOKEN_SERVICE_ENCODED.
guid_base64url() {
  local h=${1//-/}
  h="${h:6:2}${h:4:2}${h:2:2}${h:0:2}${h:10:2}${h:8:2}${h:14:2}${h:12:2}${h:16:16}"
  # shellcheck disable=SC2059
  printf "$(sed 's/../\\x&/g' <<<"$h")" | base64 | tr '+/' '-_' | tr -d '=\n'
}
change() { # change "<what>" command...: runs it, or only says so in a dry run
  local what="$1"; shift
  if $dry_run; then echo "  + $what (would; --dry-run)"; else "$@" >/dev/null; echo "  + $what"; fi
}
settle() { # settle "<what>" command...: a setting written whole every run; on an existing app it may already be so
  if $new; then change "$@"; return; fi
  local what="$1"; shift
  if $dry_run; then echo "  ~ $what (would set again; unchanged if already so)"; else "$@" >/dev/null; echo "  ~ $what (set)"; fi
}
rest_json() { # rest_json METHOD URI BODY
  az rest --method "$1" --uri "$2" --headers "Content-Type=application/json" --body "$3" --output none
}

tenant_id=$(az account show --query tenantId --output tsv)
[[ "$tenant_id" =~ ^[0-9a-fA-F-]{36}$ ]] || die "az account show gave no tenant id: az login first"

# The managed identity exists once main.bicep has run; before that, its credential is left for the second run.
if [[ -z "$identity_name" ]]; then
  identity_name=$(az identity list --resource-group "$resource_group" --query "[].name" --output tsv 2>/dev/null || true)
  [[ $(wc -w <<<"$identity_name") -le 1 ]] || die "found $identity_name in $resource_group; say which with --identity-name"
fi
identity_principal=""
[[ -n "$identity_name" ]] && identity_principal=$(az identity show --resource-group "$resource_group" --name "$identity_name" --query principalId --output tsv)

echo "SSO app registration \"$display_name\" in tenant $tenant_id:"
app_id=$(az ad app list --display-name "$display_name" --query "[].appId" --output tsv)
[[ $(wc -w <<<"$app_id") -le 1 ]] || die "more than one app registration is named \"$display_name\"; rename the extra one or pass --display-name"
new=false
if [[ -z "$app_id" ]]; then
  new=true # nothing to read back from an app made just now
  if $dry_run; then
    echo "  + app registration, single tenant (would create; --dry-run)"
    app_id="<new client id>"
  else
    app_id=$(az ad app create --display-name "$display_name" --sign-in-audience AzureADMyOrg --query appId --output tsv)
    echo "  + app registration, single tenant: client id $app_id"
  fi
else
  echo "  = app registration (client id $app_id)"
fi
app_id_uri=${app_id_uri:-api://botid-$app_id}
app="$GRAPH/applications(appId='$app_id')"

existing_uris="" scope_id="" credentials="" redirects=""
if ! $new; then
  existing_uris=$(az ad app show --id "$app_id" --query "identifierUris" --output tsv)
  scope_id=$(az ad app show --id "$app_id" --query "api.oauth2PermissionScopes[?value=='access_as_user'].id" --output tsv)
  redirects=$(az ad app show --id "$app_id" --query "web.redirectUris" --output tsv)
  credentials=$(az rest --method GET --uri "$app/federatedIdentityCredentials" --query "value[].name" --output tsv)
fi

if grep -qxF "$app_id_uri" <<<"$existing_uris"; then echo "  = Application ID URI $app_id_uri"
else change "Application ID URI $app_id_uri" az ad app update --id "$app_id" --identifier-uris "$app_id_uri"; fi

# access_as_user first, then the Teams clients that may ask for it without a consent prompt (Graph
# refuses pre-authorising a scope the same request creates). v2 tokens, as the bot validates them.
if [[ -n "$scope_id" ]]; then echo "  = scope access_as_user"
else
  scope_id=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen)
  change "scope access_as_user (v2 access tokens)" rest_json PATCH "$app" \
    "{\"api\":{\"requestedAccessTokenVersion\":2,\"oauth2PermissionScopes\":[{\"id\":\"$scope_id\",\
\"value\":\"access_as_user\",\"type\":\"User\",\"isEnabled\":true,\"adminConsentDisplayName\":\"Use TAP Desk as you\",\
\"adminConsentDescription\":\"Lets Teams sign you in to TAP Desk, which then acts with your own Entra rights.\",\
\"userConsentDisplayName\":\"Use TAP Desk as you\",\"userConsentDescription\":\"Lets TAP Desk act with your own Entra rights.\"}]}}"
fi
preauthorised=""
for client in "${TEAMS_CLIENTS[@]}"; do
  preauthorised+="${preauthorised:+,}{\"appId\":\"$client\",\"delegatedPermissionIds\":[\"$scope_id\"]}"
done
settle "Teams clients pre-authorised for access_as_user (${TEAMS_CLIENTS[*]})" \
  rest_json PATCH "$app" "{\"api\":{\"preAuthorizedApplications\":[$preauthorised]}}"

if grep -qxF "$TOKEN_SERVICE_REDIRECT" <<<"$redirects"; then echo "  = redirect URI $TOKEN_SERVICE_REDIRECT"
else change "redirect URI $TOKEN_SERVICE_REDIRECT (the token service's sign-in page)" \
  rest_json PATCH "$app" "{\"web\":{\"redirectUris\":[\"$TOKEN_SERVICE_REDIRECT\"]}}"; fi

# Delegated Graph scopes, by their ids in this tenant's Microsoft Graph service principal.
graph_scopes=$(az ad sp show --id "$GRAPH_APP_ID" --query "oauth2PermissionScopes[].[value, id]" --output tsv)
access=""
for scope in "${SCOPES[@]}"; do
  id=$(awk -F '\t' -v s="$scope" '$1 == s { print $2 }' <<<"$graph_scopes")
  [[ -n "$id" ]] || die "Microsoft Graph offers no delegated permission named $scope"
  access+="${access:+,}{\"id\":\"$id\",\"type\":\"Scope\"}"
done
settle "delegated Microsoft Graph scopes: ${SCOPES[*]}" \
  rest_json PATCH "$app" "{\"requiredResourceAccess\":[{\"resourceAppId\":\"$GRAPH_APP_ID\",\"resourceAccess\":[$access]}]}"

issuer="https://login.microsoftonline.com/$tenant_id/v2.0"
federate() { # federate NAME SUBJECT DESCRIPTION
  if grep -qxF "$1" <<<"$credentials"; then echo "  = federated credential $1"; return; fi
  change "federated credential $1: $3 (subject $2)" rest_json POST "$app/federatedIdentityCredentials" \
    "{\"name\":\"$1\",\"issuer\":\"$issuer\",\"subject\":\"$2\",\"audiences\":[\"api://AzureADTokenExchange\"],\"description\":\"$3\"}"
}
if [[ -n "$identity_principal" ]]; then
  federate "$MI_CREDENTIAL" "$identity_principal" "the bot's managed identity, for its on-behalf-of exchange"
else
  echo "  … federated credential $MI_CREDENTIAL: no managed identity in $resource_group yet; run this again after the deployment"
fi
federate "$TOKEN_SERVICE_CREDENTIAL" "/eid1/c/pub/t/$(guid_base64url "$tenant_id")/a/$TOKEN_SERVICE_ENCODED/$connection_name" \
  "the Bot Framework token service, for the Azure Bot OAuth connection $connection_name"

# The enterprise app: only assigned people get a token for it (the approvers, not the whole tenant).
sp_id=""
$new || sp_id=$(az ad sp list --filter "appId eq '$app_id'" --query "[].id" --output tsv)
if [[ -n "$sp_id" ]]; then echo "  = enterprise app (service principal)"
elif $dry_run; then echo "  + enterprise app (would create; --dry-run)"; sp_id="<new service principal>"
else sp_id=$(az ad sp create --id "$app_id" --query id --output tsv); echo "  + enterprise app (service principal)"; fi
settle "assignment required on the enterprise app" az ad sp update --id "$app_id" --set appRoleAssignmentRequired=true
for group in "${groups[@]}"; do
  # The default access role (all zeros): the app defines no roles of its own.
  change "group $group assigned" rest_json POST "$GRAPH/servicePrincipals/$sp_id/appRoleAssignedTo" \
    "{\"principalId\":\"$group\",\"resourceId\":\"$sp_id\",\"appRoleId\":\"00000000-0000-0000-0000-000000000000\"}"
done
[[ ${#groups[@]} -gt 0 ]] || echo "  ! no --assign-group: nobody can sign in to TAP Desk until a group is assigned" \
  "(Enterprise applications > $display_name > Users and groups)"

settle "tenant-wide admin consent for the delegated scopes" az ad app permission admin-consent --id "$app_id"

echo "ssoClientId=$app_id"
echo "ssoAppIdUri=$app_id_uri"
if $dry_run; then echo "Dry run: nothing was changed."
else echo "Done. Deploy (or deploy again) with -p ssoClientId=$app_id; consent and credentials take a few minutes to apply."; fi
