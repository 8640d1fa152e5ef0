// Graceful shutdown waits for turns and for the work they left running (messages to other people).
import assert from 'node:assert/strict';
import { InFlight } from '../../../src/http/in-flight';

describe('InFlight', () => {
  it('drain waits for a tracked task a finished turn left behind, and not for a failed one', async () => {
    const inFlight = new InFlight();
    let finish: () => void = () => undefined;
    inFlight.track(new Promise<void>((resolve) => (finish = resolve)));
    inFlight.track(Promise.reject(new Error('notice failed')));
    let drained = false;
    const draining = inFlight.drain(5_000).then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(drained, false, 'still waiting for the tracked message');
    assert.equal(inFlight.draining(), true);
    finish();
    await draining;
    assert.equal(drained, true);
  });
});
