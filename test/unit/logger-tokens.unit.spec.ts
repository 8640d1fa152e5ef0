// Tokens never reach a log line, even by accident: the approver's SSO token in an invoke's value, an
// on-behalf-of assertion, a Graph token.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';

describe('logger redaction of tokens', () => {
  it('redacts SSO, assertion and access tokens wherever they sit', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination: sink });
    logger.info(
      {
        token: 'SECRET-1',
        activity: { value: { authentication: { id: 'x', token: 'SECRET-2' } } },
        userAssertionToken: 'SECRET-3',
        body: { access_token: 'SECRET-4' },
        obo: { assertion: 'SECRET-5' },
      },
      'x',
    );
    assert.equal(lines.length, 1);
    assert.doesNotMatch(lines[0] ?? '', /SECRET/);
  });
});
