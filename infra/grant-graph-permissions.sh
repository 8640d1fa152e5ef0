#!/usr/bin/env bash
# Grants TAP Desk's managed identity the Microsoft Graph *application* permissions it needs, and
# nothing more (infra/README.md says what each is for). Safe to run again: granted ones are skipped,
# and Graph permissions the identity holds beyond this list are reported so they can be removed.
#
#   infra/grant-graph-permissions.sh --resource-group rg-tapdesk [--identity-name id-tapdesk-abc123] [--dry-run]
#   infra/grant-graph-permissions.sh --principal-id <object id of the identity> [--dry-run]
#
# Needs the Azure CLI signed in (az login) as a Privileged Role Administrator or Global
# Administrator of the tenant: granting application permissions is tenant-wide admin consent.
set -euo pipefail

GRAPH_APP_ID=00000003-0000-0000-c000-000000000000
GRAPH=https://graph.microsoft.com/v1.0
PERMISSIONS=(
  User.Read.All
  GroupMember.Read.All
  AdministrativeUnit.Read.All
  RoleManagement.Read.Directory
  RoleEligibilitySchedule.Read.Directory
  PrivilegedEligibilitySchedule.Read.AzureADGroup
  Policy.Read.AuthenticationMethod
  Policy.Read.ConditionalAccess
  UserAuthenticationMethod.Read.All
  UserAuthMethod-TAP.ReadWrite.All
  AuditLog.Read.All
  IdentityRiskyUser.Read.All
)

die() { echo "grant-graph-permissions: $*" >&2; exit 1; }

resource_group="" identity_name="" principal_id="" dry_run=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --resource-group|-g) resource_group="${2:-}"; shift 2 ;;
    --identity-name|-n) identity_name="${2:-}"; shift 2 ;;
    --principal-id) principal_id="${2:-}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
command -v az >/dev/null || die "the Azure CLI (az) is not installed"

if [[ -z "$principal_id" ]]; then
  [[ -n "$resource_group" ]] || die "give --resource-group (and --identity-name if it holds more than one identity) or --principal-id"
  if [[ -z "$identity_name" ]]; then
    identity_name=$(az identity list --resource-group "$resource_group" --query "[].name" --output tsv)
    [[ $(wc -w <<<"$identity_name") -eq 1 ]] || die "found ${identity_name:-no} identities in $resource_group; say which with --identity-name"
  fi
  principal_id=$(az identity show --resource-group "$resource_group" --name "$identity_name" --query principalId --output tsv)
fi
[[ "$principal_id" =~ ^[0-9a-fA-F-]{36}$ ]] || die "'$principal_id' is not an object id"

graph_sp=$(az ad sp show --id "$GRAPH_APP_ID" --query id --output tsv)
# value<TAB>id of every Graph permission an application can hold.
app_roles=$(az ad sp show --id "$GRAPH_APP_ID" --query "appRoles[?contains(allowedMemberTypes, 'Application')].[value, id]" --output tsv)
held=$(az rest --method GET --uri "$GRAPH/servicePrincipals/$principal_id/appRoleAssignments" \
  --query "value[?resourceId=='$graph_sp'].appRoleId" --output tsv)

echo "Microsoft Graph application permissions for $principal_id:"
wanted_ids=""
for permission in "${PERMISSIONS[@]}"; do
  role_id=$(awk -F '\t' -v p="$permission" '$1 == p { print $2 }' <<<"$app_roles")
  [[ -n "$role_id" ]] || die "Microsoft Graph offers no application permission named $permission"
  wanted_ids+="$role_id"$'\n'
  if grep -qix "$role_id" <<<"$held"; then
    echo "  = $permission (already granted)"
  elif $dry_run; then
    echo "  + $permission (would grant; --dry-run)"
  else
    az rest --method POST --uri "$GRAPH/servicePrincipals/$principal_id/appRoleAssignments" \
      --headers "Content-Type=application/json" \
      --body "{\"principalId\":\"$principal_id\",\"resourceId\":\"$graph_sp\",\"appRoleId\":\"$role_id\"}" \
      --output none
    echo "  + $permission (granted)"
  fi
done

# Least privilege: say so when the identity can do more than TAP Desk needs.
while read -r role_id; do
  [[ -z "$role_id" ]] && continue
  grep -qix "$role_id" <<<"$wanted_ids" && continue
  extra=$(awk -F '\t' -v id="$role_id" 'tolower($2) == tolower(id) { print $1 }' <<<"$app_roles")
  echo "  ! ${extra:-$role_id} is also granted and TAP Desk does not need it: remove it (Entra admin center > Enterprise applications > the identity > Permissions)"
done <<<"$held"

$dry_run || echo "Done. Managed identity tokens are cached for up to 24 hours: restart the web app (az webapp restart), then check https://<web app>/readyz."
