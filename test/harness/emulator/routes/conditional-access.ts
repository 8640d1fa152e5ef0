// Conditional Access policies: list and get.
import { GraphError } from '../errors';
import { applyFilter, collectionBody, metadataUrl } from '../odata';
import { CONDITIONAL_ACCESS_READ } from '../permissions';
import { type Route } from '../route-table';
import { conditionalAccessPolicyResource } from './graph-json';

const POLICY_FILTERABLE: ReadonlySet<string> = new Set(['id', 'displayName', 'state', 'createdDateTime', 'modifiedDateTime']);

export const conditionalAccessRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/identity/conditionalAccess/policies',
    permissions: CONDITIONAL_ACCESS_READ,
    throttledWithoutRetryAfter: true,
    handle: (ctx) => {
      const items = applyFilter(ctx.tenant.conditionalAccessPolicies().map(conditionalAccessPolicyResource), ctx.query, {
        resource: 'conditionalAccessPolicy',
        properties: POLICY_FILTERABLE,
      });
      return {
        status: 200,
        body: collectionBody(items, ctx.query, ctx.selfUrl, ctx.version, { context: 'identity/conditionalAccess/policies' }),
      };
    },
  },
  {
    method: 'GET',
    template: '/identity/conditionalAccess/policies/{id}',
    permissions: CONDITIONAL_ACCESS_READ,
    throttledWithoutRetryAfter: true,
    handle: (ctx) => {
      const id = (ctx.params.id as string).toLowerCase();
      const policy = ctx.tenant.conditionalAccessPolicies().find((p) => p.id.toLowerCase() === id);
      if (!policy)
        throw new GraphError(404, 'itemNotFound', `The conditionalAccessPolicy with id '${ctx.params.id as string}' was not found.`);
      return {
        status: 200,
        body: {
          '@odata.context': `${metadataUrl(ctx.version)}#identity/conditionalAccess/policies/$entity`,
          ...conditionalAccessPolicyResource(policy),
        },
      };
    },
  },
];
