// Every Graph endpoint the emulator serves, one table.
import { type Route } from '../route-table';
import { administrativeUnitRoutes } from './administrative-units';
import { auditLogRoutes } from './audit-logs';
import { authenticationMethodRoutes } from './authentication-methods';
import { conditionalAccessRoutes } from './conditional-access';
import { identityProtectionRoutes } from './identity-protection';
import { membershipRoutes } from './memberships';
import { privilegedAccessGroupRoutes } from './privileged-access-groups';
import { roleManagementRoutes } from './role-management';
import { sessionRoutes } from './sessions';
import { subscribedSkuRoutes } from './subscribed-skus';
import { userRoutes } from './users';

export const GRAPH_ROUTES: readonly Route[] = Object.freeze([
  ...userRoutes,
  ...membershipRoutes,
  ...administrativeUnitRoutes,
  ...roleManagementRoutes,
  ...privilegedAccessGroupRoutes,
  ...authenticationMethodRoutes,
  ...identityProtectionRoutes,
  ...auditLogRoutes,
  ...conditionalAccessRoutes,
  ...subscribedSkuRoutes,
  ...sessionRoutes,
]);
