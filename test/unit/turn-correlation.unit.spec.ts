// What identifies a turn in the logs and telemetry, derived from the inbound activity, and the
// client-request-id Graph is sent.
import assert from 'node:assert/strict';
import { turnCorrelation } from '../../src/http/turn-correlation';
import { clientRequestIdFor } from '../../src/graph/client-request-id';

const GUID = '3f2c1d5e-8a7b-4c6d-9e0f-1a2b3c4d5e6f';
const OTHER = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('turn correlation from an activity', () => {
  it('gives each turn a fresh id and keeps the activity id beside it', () => {
    let n = 0;
    const newId = () => `id-${++n}`;
    const activity = { type: 'message', id: 'f:1234567890', text: 'request' };
    const first = turnCorrelation(activity, newId);
    const second = turnCorrelation(activity, newId);
    assert.deepEqual(first, { turnId: 'id-1', activityType: 'message', activityId: 'f:1234567890' });
    assert.equal(second.turnId, 'id-2', 'the same activity sent again is another turn');
  });

  it('names a card action by its invoke name and verb', () => {
    const invoke = {
      type: 'invoke',
      id: 'x',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'approval.approve', data: { requestId: 'TAP-0042' } } },
    };
    assert.deepEqual(
      turnCorrelation(invoke, () => GUID),
      { turnId: GUID, activityType: 'invoke', activityId: 'x', invokeName: 'adaptiveCard/action', verb: 'approval.approve' },
    );
    const submit = { type: 'message', value: { verb: 'request.submit' } };
    assert.equal(turnCorrelation(submit, () => GUID).verb, 'request.submit', 'Action.Submit from older clients');
  });

  it('bounds what it copies from outside: no id, odd types, control characters, long text', () => {
    const fields = turnCorrelation({ type: 'message', id: `a\nb\u0000${'x'.repeat(500)}`, value: { action: { verb: 42 } } }, () => GUID);
    assert.equal(fields.activityId?.length, 128);
    assert.ok(fields.activityId?.startsWith('a?b?'));
    assert.equal(fields.verb, undefined);
    assert.equal(turnCorrelation({ type: 'conversationUpdate' }, () => GUID).activityId, undefined);
    assert.equal(turnCorrelation({}, () => GUID).activityType, 'unknown');
  });
});

describe('client-request-id for Graph', () => {
  it("is the turn's id, else the sweep's, when it is a GUID", () => {
    assert.equal(
      clientRequestIdFor({ turnId: GUID, sweepId: OTHER }, () => 'fresh'),
      GUID,
    );
    assert.equal(
      clientRequestIdFor({ sweepId: OTHER, requestId: 'TAP-1' }, () => 'fresh'),
      OTHER,
    );
  });

  it('is a fresh GUID outside a turn, or when the id is not a GUID (Graph expects one)', () => {
    assert.equal(
      clientRequestIdFor({}, () => OTHER),
      OTHER,
    );
    assert.equal(
      clientRequestIdFor({ turnId: 'not-a-guid' }, () => OTHER),
      OTHER,
    );
  });
});
