// What telemetry adds to spans (the correlation ids) and removes from them (credentials in URLs).
import assert from 'node:assert/strict';
import { correlationAttributes, scrubUrl, turnAttributes } from '../../../src/telemetry/span-fields';

describe('telemetry: span fields', () => {
  it('copies only the correlation ids that are set', () => {
    assert.deepEqual(correlationAttributes({ turnId: 't', requestId: 'TAP-0001' }), { turnId: 't', requestId: 'TAP-0001' });
    assert.deepEqual(correlationAttributes({}), {});
  });

  it('names an inbound request with its turn, activity, verb and request ids', () => {
    const attributes = turnAttributes({
      turnId: 't',
      activityId: 'a',
      activityType: 'invoke',
      invokeName: 'adaptiveCard/action',
      verb: 'approval.approve',
      status: 200,
      requestIds: ['TAP-0001', 'TAP-0002'],
    });
    assert.deepEqual(attributes, {
      turnId: 't',
      activityId: 'a',
      activityType: 'invoke',
      'http.route': '/api/messages',
      invokeName: 'adaptiveCard/action',
      verb: 'approval.approve',
      requestId: 'TAP-0001,TAP-0002',
    });
    assert.equal(turnAttributes({ turnId: 't', activityType: 'message', status: 200, requestIds: [] }).requestId, undefined);
  });

  it('replaces SAS signatures, tokens and codes in URLs, and leaves the rest as it was', () => {
    assert.equal(
      scrubUrl('https://acct.table.core.windows.net/requests()?sv=2019-02-02&sig=abc%2Bdef&se=2026&$filter=PartitionKey%20eq%20%27x%27'),
      'https://acct.table.core.windows.net/requests()?sv=2019-02-02&sig=REDACTED&se=2026&$filter=PartitionKey%20eq%20%27x%27',
    );
    assert.equal(
      scrubUrl('https://login.example/token?code=123&Access_Token=x&client-request-id=g'),
      'https://login.example/token?code=REDACTED&Access_Token=REDACTED&client-request-id=g',
    );
    const graph = "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'al')&$top=5";
    assert.equal(scrubUrl(graph), graph);
    assert.equal(scrubUrl('/api/messages'), '/api/messages');
  });
});
