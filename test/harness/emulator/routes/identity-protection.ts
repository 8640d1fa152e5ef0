// Identity Protection: risky users (404 for a user Identity Protection has nothing on).
import { GraphError } from '../errors';
import { applyFilter, collectionBody, metadataUrl } from '../odata';
import { RISKY_USER_READ } from '../permissions';
import { type Route } from '../route-table';
import { TYPES, riskyUserResource } from './graph-json';

const RISKY_USER_FILTERABLE: ReadonlySet<string> = new Set([
  'id',
  'riskLevel',
  'riskState',
  'riskDetail',
  'userPrincipalName',
  'userDisplayName',
  'riskLastUpdatedDateTime',
  'isDeleted',
  'isProcessing',
]);

export const identityProtectionRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/identityProtection/riskyUsers',
    permissions: RISKY_USER_READ,
    throttledWithoutRetryAfter: true,
    handle: (ctx) => {
      const items = applyFilter(ctx.tenant.riskyUsers().map(riskyUserResource), ctx.query, {
        resource: 'riskyUser',
        properties: RISKY_USER_FILTERABLE,
      });
      return {
        status: 200,
        body: collectionBody(items, ctx.query, ctx.selfUrl, ctx.version, {
          context: 'identityProtection/riskyUsers',
          defaultPageSize: 20,
          maxPageSize: 500,
        }),
      };
    },
  },
  {
    method: 'GET',
    template: '/identityProtection/riskyUsers/{id}',
    permissions: RISKY_USER_READ,
    throttledWithoutRetryAfter: true,
    handle: (ctx) => {
      const id = (ctx.params.id as string).toLowerCase();
      const risky = ctx.tenant.riskyUsers().find((r) => r.id.toLowerCase() === id);
      if (!risky) throw new GraphError(404, 'itemNotFound', `The riskyUser with id '${ctx.params.id as string}' was not found.`);
      return {
        status: 200,
        body: {
          '@odata.context': `${metadataUrl(ctx.version)}#identityProtection/riskyUsers/$entity`,
          '@odata.type': TYPES.riskyUser,
          ...riskyUserResource(risky),
        },
      };
    },
  },
];
