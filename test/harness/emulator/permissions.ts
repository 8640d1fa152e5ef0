// The application permissions Graph accepts for each area (any one of a list), from src/graph/README.md and the
// Graph permission references. Write permissions also grant the matching reads, as in Entra.
export const USER_READ = ['User.Read.All', 'User.ReadWrite.All', 'User.ReadBasic.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];
export const MEMBERSHIP_READ = [
  'GroupMember.Read.All',
  'GroupMember.ReadWrite.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
export const ADMINISTRATIVE_UNIT_READ = [
  'AdministrativeUnit.Read.All',
  'AdministrativeUnit.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
export const ROLE_READ = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
export const ROLE_ELIGIBILITY_READ = [
  'RoleEligibilitySchedule.Read.Directory',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
];
/** PIM for Groups eligibility (privilegedaccessgroup-list-eligibilityschedules.md: least PrivilegedEligibilitySchedule.Read.AzureADGroup). */
export const GROUP_ELIGIBILITY_READ = [
  'PrivilegedEligibilitySchedule.Read.AzureADGroup',
  'PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup',
];
export const ROLE_SCHEDULE_READ = [
  'RoleAssignmentSchedule.Read.Directory',
  'RoleAssignmentSchedule.ReadWrite.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
];
export const AUTH_METHOD_POLICY_READ = ['Policy.Read.All', 'Policy.Read.AuthenticationMethod', 'Policy.ReadWrite.AuthenticationMethod'];
export const AUTH_METHODS_READ = ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'];
export const TAP_WRITE = ['UserAuthMethod-TAP.ReadWrite.All', 'UserAuthenticationMethod.ReadWrite.All'];
export const TAP_READ = [...TAP_WRITE, 'UserAuthMethod-TAP.Read.All', 'UserAuthenticationMethod.Read.All'];
export const RISKY_USER_READ = ['IdentityRiskyUser.Read.All', 'IdentityRiskyUser.ReadWrite.All'];
export const SIGN_IN_READ = ['AuditLog.Read.All', 'Directory.Read.All'];
export const CONDITIONAL_ACCESS_READ = ['Policy.Read.All', 'Policy.Read.ConditionalAccess', 'Policy.ReadWrite.ConditionalAccess'];
/** Needed to see sign-ins' appliedConditionalAccessPolicies (src/graph/README.md §7). */
export const CONDITIONAL_ACCESS_DATA_READ = [...CONDITIONAL_ACCESS_READ];
/** Needed to $select a user's signInActivity. */
export const SIGN_IN_ACTIVITY_READ = ['AuditLog.Read.All'];
/** `/subscribedSkus` (subscribedsku-list: Organization.Read.All least privileged; Directory.Read.All also works). */
export const SUBSCRIBED_SKU_READ = [
  'Organization.Read.All',
  'Organization.ReadWrite.All',
  'LicenseAssignment.Read.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
