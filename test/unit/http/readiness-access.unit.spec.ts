// Who sees /readyz details: only a caller sending the configured key, compared in constant time.
import assert from 'node:assert/strict';
import { mayReadDetails } from '../../../src/http/readiness-access';
import { ConfigError, loadConfig } from '../../../src/config';

const KEY = 'k'.repeat(40);
const BASE = {
  TAPDESK_MODE: 'demo',
  TENANT_ID: '510a7fe1-50f4-5852-90b4-23956de2d650',
  GRAPH_CLIENT_ID: 'cdee8871-46ba-582c-b71d-34b3cf75d53a',
  GRAPH_CLIENT_SECRET: 's',
  STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
};

describe('/readyz details access (readiness-access.ts)', () => {
  it('only the exact key unlocks the details', () => {
    assert.equal(mayReadDetails(KEY, KEY), true);
    for (const sent of [undefined, '', `${KEY}x`, KEY.slice(1), [KEY, KEY], 'K'.repeat(40)])
      assert.equal(mayReadDetails(sent, KEY), false, String(sent));
  });

  it('with no key configured, nobody sees the details over HTTP', () => {
    assert.equal(mayReadDetails(KEY, null), false);
    assert.equal(mayReadDetails('', null), false);
  });

  it('READYZ_DETAILS_KEY: optional, at least 32 characters, and a short one is refused without echoing it', () => {
    assert.equal(loadConfig(BASE).readinessKey, null);
    assert.equal(loadConfig({ ...BASE, READYZ_DETAILS_KEY: KEY }).readinessKey, KEY);
    assert.throws(
      () => loadConfig({ ...BASE, READYZ_DETAILS_KEY: 'short-secret' }),
      (error: unknown) =>
        error instanceof ConfigError && error.variable === 'READYZ_DETAILS_KEY' && !error.message.includes('short-secret'),
    );
  });
});
