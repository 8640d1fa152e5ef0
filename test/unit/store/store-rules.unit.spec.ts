// The pure rules under both stores: key encoding, table names, endpoints, error messages.
import assert from 'node:assert/strict';
import { StoreUnavailableError } from '../../../src/app/kernel/ports';
import { decodeKey, encodeKey, storageKey, tableName } from '../../../src/store/keys';
import { allowsInsecure, endpointOf } from '../../../src/store/table-client';
import { redact, unavailable } from '../../../src/store/table-errors';
import { createTableStores, tableNames } from '../../../src/store/table-stores';

describe('store rules', () => {
  describe('keys', () => {
    it('encodes what Table Storage forbids in keys, and decodes it back exactly', () => {
      for (const raw of ['plain', 'a/b', 'a\\b', 'x#y?z', '100%', '%2F', 'tab\there', 'nul\u0000', 'c1\u0085', 'émoji 🙂', "o'brien"]) {
        const encoded = encodeKey(raw);
        // eslint-disable-next-line no-control-regex -- checking that no control character survives
        assert.doesNotMatch(encoded, /[/\\#?\u0000-\u001f\u007f-\u009f]/);
        assert.equal(decodeKey(encoded), raw);
      }
      assert.equal(encodeKey('a/b'), 'a%2Fb');
    });

    it('refuses empty and over-long keys', () => {
      assert.throws(() => storageKey('', 'key'), TypeError);
      assert.throws(() => storageKey(42, 'key'), TypeError);
      assert.throws(() => storageKey('/'.repeat(200), 'key'), RangeError);
      assert.equal(storageKey('TAP-0042', 'key'), 'TAP-0042');
    });

    it('makes valid table names and refuses prefixes that cannot make one', () => {
      assert.deepEqual(tableNames('tapdesk'), {
        requests: 'tapdeskrequests',
        audit: 'tapdeskaudit',
        counters: 'tapdeskcounters',
        kv: 'tapdeskkv',
      });
      assert.equal(tableNames().requests, 'tapdeskrequests');
      assert.throws(() => tableName('1abc', 'kv'), RangeError);
      assert.throws(() => tableName('tap-desk', 'kv'), RangeError);
      assert.throws(() => tableName('t'.repeat(60), 'requests'), RangeError);
    });
  });

  describe('endpoints', () => {
    it('finds the table endpoint of each connection string form', () => {
      assert.equal(endpointOf({ connectionString: 'UseDevelopmentStorage=true' }).host, '127.0.0.1:10002');
      assert.equal(
        endpointOf({
          connectionString:
            'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=k==;TableEndpoint=http://127.0.0.1:4321/devstoreaccount1;',
        }).host,
        '127.0.0.1:4321',
      );
      const azure = endpointOf({
        connectionString: 'DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=k==;EndpointSuffix=core.windows.net',
      });
      assert.equal(azure.href, 'https://contoso.table.core.windows.net/');
      assert.equal(endpointOf({ accountUrl: 'https://contoso.table.core.windows.net' }).protocol, 'https:');
    });

    it('allows plain http for loopback only', () => {
      assert.equal(allowsInsecure(new URL('https://contoso.table.core.windows.net')), false);
      assert.equal(allowsInsecure(new URL('http://127.0.0.1:10002/devstoreaccount1')), true);
      assert.equal(allowsInsecure(new URL('http://localhost:10002/devstoreaccount1')), true);
      assert.equal(allowsInsecure(new URL('http://[::1]:10002/devstoreaccount1')), true);
      assert.throws(() => allowsInsecure(new URL('http://storage.example.com/acct')), /only a loopback/);
      assert.throws(() => allowsInsecure(new URL('http://127.0.0.1.example.com/acct')), /only a loopback/);
    });

    it('refuses a remote http endpoint at start-up, without naming the key', async () => {
      const connectionString =
        'DefaultEndpointsProtocol=http;AccountName=contoso;AccountKey=c2VjcmV0LWtleQ==;TableEndpoint=http://storage.example.com/contoso;';
      await assert.rejects(createTableStores({ connectionString }), (error: Error) => {
        assert.match(error.message, /not https/);
        assert.doesNotMatch(error.message, /c2VjcmV0/);
        return true;
      });
    });
  });

  describe('errors', () => {
    it('turns library failures into StoreUnavailableError without secrets', () => {
      const library = Object.assign(
        new Error(
          'failed https://contoso.table.core.windows.net/t?sv=1&sig=abcSECRET AccountKey=c2VjcmV0; Authorization: SharedKey contoso:SIGNATURE',
        ),
        {
          name: 'RestError',
          statusCode: 503,
          code: 'ServerBusy',
        },
      );
      const error = unavailable(library, 'contoso.table.core.windows.net', 'read request TAP-0001');
      assert.ok(error instanceof StoreUnavailableError);
      assert.equal(error.message, 'Table Storage at contoso.table.core.windows.net could not read request TAP-0001: HTTP 503 ServerBusy');
      const cause = error.cause as Error & { statusCode: number };
      assert.equal(cause.statusCode, 503);
      for (const secret of ['abcSECRET', 'c2VjcmV0', 'SIGNATURE']) assert.ok(!cause.message.includes(secret), cause.message);
      assert.equal(redact('AccountKey=abc;Other=1'), 'AccountKey=[redacted];Other=1');
    });

    it('names connection failures and timeouts plainly', () => {
      assert.match(
        unavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'h:1', 'x').message,
        /cannot connect \(ECONNREFUSED\)$/,
      );
      assert.match(unavailable(Object.assign(new Error('aborted'), { name: 'AbortError' }), 'h:1', 'x').message, /no answer in time$/);
    });
  });
});
