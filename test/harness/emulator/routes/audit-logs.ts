// Sign-in logs: newest first, $filter on the documented properties (userId, createdDateTime ge …),
// pages of up to 1000 with @odata.nextLink; CA results only for callers allowed to read CA data.
import { applyFilter, collectionBody } from '../odata';
import { CONDITIONAL_ACCESS_DATA_READ, SIGN_IN_READ } from '../permissions';
import { type Route } from '../route-table';
import { signInResource } from './graph-json';

const SIGN_IN_FILTERABLE: ReadonlySet<string> = new Set([
  'id',
  'userId',
  'userPrincipalName',
  'userDisplayName',
  'appId',
  'appDisplayName',
  'createdDateTime',
  'status',
  'conditionalAccessStatus',
  'correlationId',
  'ipAddress',
  'isInteractive',
  'clientAppUsed',
  'resourceId',
  'resourceDisplayName',
]);

export const auditLogRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/auditLogs/signIns',
    permissions: SIGN_IN_READ,
    handle: (ctx) => {
      const withCa = ctx.has(...CONDITIONAL_ACCESS_DATA_READ);
      const items = applyFilter(
        ctx.tenant.signInsNewestFirst().map((s) => signInResource(s, withCa)),
        ctx.query,
        { resource: 'signIn', properties: SIGN_IN_FILTERABLE },
      );
      return {
        status: 200,
        body: collectionBody(items, ctx.query, ctx.selfUrl, ctx.version, {
          context: 'auditLogs/signIns',
          defaultPageSize: 1000,
          maxPageSize: 1000,
        }),
      };
    },
  },
];
