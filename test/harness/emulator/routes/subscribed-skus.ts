// The tenant's subscriptions (`GET /subscribedSkus`), from the seed: what decides its Entra ID tier.
import { collectionBody } from '../odata';
import { SUBSCRIBED_SKU_READ } from '../permissions';
import { type Route } from '../route-table';

export const subscribedSkuRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/subscribedSkus',
    permissions: SUBSCRIBED_SKU_READ,
    handle: (ctx) => ({
      status: 200,
      body: collectionBody([...ctx.tenant.subscribedSkus()], ctx.query, ctx.selfUrl, ctx.version, { context: 'subscribedSkus' }),
    }),
  },
];
