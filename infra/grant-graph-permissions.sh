#!/usr/bin/env bash
# Gives TAP Desk's managed identity the Microsoft Graph *application* permissions its issuance mode
# needs, and nothing more (infra/README.md says what each is for). Safe to run again: granted ones are
# skipped. In delegated mode (the default, as main.bicep deploys) a TAP *write* application permission
# the identity still holds is removed, and said so: there the approver's own delegated rights create
# the pass. Other Graph permissions beyond the list are reported for you to remove.
#
#   infra/grant-graph-permissions.sh --resource-group rg-tapdesk [--identity-name id-tapdesk-abc123] [--dry-run]
#   infra/grant-graph-permissions.sh --principal-id <object id of the identity> [--dry-run]
#   --issuance application   for PASS_ISSUANCE=application (grants TAP write; default: delegated)
#   --face-check             Face Check is configured (VERIFIED_ID_AUTHORITY): also grants Verified ID's
#                            VerifiableCredential.Create.PresentRequest; without it nothing of Verified ID is touched
#   --dry-run                prints what it would grant and remove, changes nothing
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
# Application permissions that let the app itself create passes for anyone: what delegated mode avoids.
TAP_WRITE=(UserAuthMethod-TAP.ReadWrite.All UserAuthenticationMethod.ReadWrite.All)

die() { echo "grant-graph-permissions: $*" >&2; exit 1; }

resource_group="" identity_name="" principal_id="" dry_run=false issuance=delegated face_check=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --resource-group|-g) resource_group="${2:-}"; shift 2 ;;
    --identity-name|-n) identity_name="${2:-}"; shift 2 ;;
    --principal-id) principal_id="${2:-}"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    --issuance) issuance="${2:-}"; shift 2 ;;
    --delegated) issuance=delegated; shift ;;
    --application) issuance=application; shift ;;
    --face-check) face_check=true; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
[[ "$issuance" == delegated || "$issuance" == application ]] || die "--issuance is delegated or application (the web app's PASS_ISSUANCE), not '$issuance'"
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

if [[ "$issuance" == delegated ]]; then
  # TAP read only: the card shows whether the user already has a pass; creating one is the approver's right.
  PERMISSIONS=("${PERMISSIONS[@]/UserAuthMethod-TAP.ReadWrite.All/UserAuthMethod-TAP.Read.All}")
fi

graph_sp=$(az ad sp show --id "$GRAPH_APP_ID" --query id --output tsv)
# value<TAB>id of every Graph permission an application can hold.
app_roles=$(az ad sp show --id "$GRAPH_APP_ID" --query "appRoles[?contains(allowedMemberTypes, 'Application')].[value, id]" --output tsv)
# appRoleId<TAB>assignment id of every Graph permission the identity holds.
held=$(az rest --method GET --uri "$GRAPH/servicePrincipals/$principal_id/appRoleAssignments" \
  --query "value[?resourceId=='$graph_sp'].[appRoleId, id]" --output tsv)
role_name() { awk -F '\t' -v id="$1" 'tolower($2) == tolower(id) { print $1 }' <<<"$app_roles"; }
is_held() { awk -F '\t' -v id="$1" 'tolower($1) == tolower(id) { found = 1 } END { exit !found }' <<<"$held"; }

echo "Microsoft Graph application permissions for $principal_id ($issuance issuance):"
wanted_ids=""
for permission in "${PERMISSIONS[@]}"; do
  role_id=$(awk -F '\t' -v p="$permission" '$1 == p { print $2 }' <<<"$app_roles")
  [[ -n "$role_id" ]] || die "Microsoft Graph offers no application permission named $permission"
  wanted_ids+="$role_id"$'\n'
  if is_held "$role_id"; then
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

# Least privilege: a TAP write permission goes in delegated mode; anything else extra is reported.
while IFS=$'\t' read -r role_id assignment_id; do
  [[ -z "$role_id" ]] && continue
  grep -qix "$role_id" <<<"$wanted_ids" && continue
  name=$(role_name "$role_id")
  if [[ "$issuance" == delegated && " ${TAP_WRITE[*]} " == *" $name "* ]]; then
    if $dry_run; then
      echo "  - $name (would remove; --dry-run): delegated issuance creates passes with the approver's own rights"
    else
      az rest --method DELETE --uri "$GRAPH/servicePrincipals/$principal_id/appRoleAssignments/$assignment_id" --output none
      echo "  - $name (removed): delegated issuance creates passes with the approver's own rights"
    fi
    continue
  fi
  echo "  ! ${name:-$role_id} is also granted and TAP Desk does not need it: remove it (Entra admin center > Enterprise applications > the identity > Permissions)"
done <<<"$held"

# Face Check: one application permission on Verified ID's Request Service, only when asked for.
if $face_check; then
  VERIFIED_ID_APP_ID=3db474b9-6a0c-4840-96ac-1fceb342124f
  PRESENT=VerifiableCredential.Create.PresentRequest
  vid_sp=$(az ad sp show --id "$VERIFIED_ID_APP_ID" --query id --output tsv 2>/dev/null) ||
    die "Verified ID's Request Service (app $VERIFIED_ID_APP_ID) is not in this tenant: set up Verified ID first (Entra admin center > Verified ID)"
  vid_role=$(az ad sp show --id "$VERIFIED_ID_APP_ID" --query "appRoles[?contains(allowedMemberTypes, 'Application')].[value, id]" --output tsv |
    awk -F '\t' -v p="$PRESENT" '$1 == p { print $2 }')
  [[ -n "$vid_role" ]] || die "Verified ID's Request Service offers no application permission named $PRESENT"
  vid_held=$(az rest --method GET --uri "$GRAPH/servicePrincipals/$principal_id/appRoleAssignments" \
    --query "value[?resourceId=='$vid_sp'].[appRoleId, id]" --output tsv)
  echo "Verified ID Request Service application permission for $principal_id (Face Check):"
  if awk -F '\t' -v id="$vid_role" 'tolower($1) == tolower(id) { found = 1 } END { exit !found }' <<<"$vid_held"; then
    echo "  = $PRESENT (already granted)"
  elif $dry_run; then
    echo "  + $PRESENT (would grant; --dry-run)"
  else
    az rest --method POST --uri "$GRAPH/servicePrincipals/$principal_id/appRoleAssignments" \
      --headers "Content-Type=application/json" \
      --body "{\"principalId\":\"$principal_id\",\"resourceId\":\"$vid_sp\",\"appRoleId\":\"$vid_role\"}" \
      --output none
    echo "  + $PRESENT (granted)"
  fi
fi

if $dry_run; then
  echo "Dry run: nothing was changed."
else
  echo "Done. Managed identity tokens are cached for up to 24 hours: restart the web app (az webapp restart), then run health in Teams."
fi
