// Table Storage stores on a real Azurite (a child process on 127.0.0.1): the store contract, what
// happens when storage is down or hangs, and the Azurite launcher itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import type { Stores } from '../../../src/app/kernel/ports';
import { StoreUnavailableError } from '../../../src/app/kernel/ports';
import type { TapRequest } from '../../../src/domain/request-types';
import { AZURITE_ACCOUNT_KEY, AZURITE_DATA_ROOT, startAzurite } from '../../harness/azurite';
import { freePort } from '../../harness/ports';
import type { CorruptRow } from '../../../src/store/corrupt-rows';
import { encodeKey } from '../../../src/store/keys';
import { createTableStores, tableNames } from '../../../src/store/table-stores';
import { uniqueTablePrefix, useAzurite } from '../../support/azurite';
import { storeContract } from '../../support/store-contract';

const REPO_ROOT = path.resolve(__dirname, '../../..');

const request = (id: string): TapRequest => ({
  id,
  status: 'pending',
  requester: { id: 'alice', userPrincipalName: 'alice@contoso.example', displayName: 'Alice' },
  target: { id: 'bob', userPrincipalName: 'bob@contoso.example', displayName: 'Bob' },
  reason: { code: 'new-device', text: null },
  pass: { lifetimeInMinutes: 60, isUsableOnce: true, startDateTime: null },
  delivery: 'approver',
  createdAt: '2025-03-01T09:00:00.000Z',
  expiresAt: '2025-03-01T10:00:00.000Z',
  replacesLivePass: false,
  reminderSentAt: null,
});

/** Resolves true once nothing accepts connections on the port any more. */
async function portCloses(port: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (!open) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('Table Storage stores on Azurite', function () {
  this.timeout(60_000);

  describe('store contract', () => {
    const azurite = useAzurite();

    storeContract({
      async open() {
        const tablePrefix = uniqueTablePrefix();
        const connectionString = azurite.connectionString;
        const corrupt: CorruptRow[] = [];
        const stores = await createTableStores({ connectionString, tablePrefix, onCorrupt: (row) => corrupt.push(row) });
        const raw = TableClient.fromConnectionString(connectionString, tableNames(tablePrefix).requests, { allowInsecureConnection: true });
        return {
          stores,
          corrupt,
          sibling: () => createTableStores({ connectionString, tablePrefix }),
          async writeRawRequestRow({ id, ...columns }) {
            await raw.upsertEntity({ partitionKey: 'request', rowKey: encodeKey(id), ...columns }, 'Replace');
          },
        };
      },
    });
  });

  describe("each person's index of their requests", () => {
    const azurite = useAzurite();
    let stores: Stores;
    let raw: TableClient;
    const writeOld = (r: TapRequest) =>
      raw.upsertEntity(
        {
          partitionKey: 'request',
          rowKey: r.id,
          status: r.status,
          requesterId: r.requester.id,
          targetId: r.target.id,
          createdAt: r.createdAt,
          expiresAt: r.expiresAt,
          data: JSON.stringify(r),
        },
        'Replace',
      );
    const rowKeys = async () => {
      const keys: string[] = [];
      for await (const row of raw.listEntities()) keys.push(row.rowKey as string);
      return keys;
    };

    beforeEach(async () => {
      const tablePrefix = uniqueTablePrefix();
      stores = await createTableStores({ connectionString: azurite.connectionString, tablePrefix });
      raw = TableClient.fromConnectionString(azurite.connectionString, tableNames(tablePrefix).requests, { allowInsecureConnection: true });
    });

    it('lists requests stored before it existed, indexes them on first listing, then reads the index', async () => {
      await writeOld(request('TAP-0001'));
      await writeOld({ ...request('TAP-0002'), createdAt: '2025-03-02T09:00:00.000Z' });
      assert.deepEqual(
        (await stores.requests.listByUser('alice', { limit: 1 })).map((r) => r.id),
        ['TAP-0002'],
      );
      assert.deepEqual(
        (await rowKeys()).filter((k) => k.startsWith('user~')).map((k) => k.replace(/~\d{13}~/, '~<time>~')),
        ['user~alice~!', 'user~alice~<time>~TAP-0002', 'user~alice~<time>~TAP-0001'],
        "alice's copies and marker; bob's index waits for bob",
      );
      // Behind the store's back: the index still holds what was committed through the store.
      await writeOld({ ...request('TAP-0001'), status: 'expired', expiredAt: '2025-03-01T10:00:00.000Z' } as TapRequest);
      assert.deepEqual(
        (await stores.requests.listByUser('alice')).map((r) => [r.id, r.status]),
        [
          ['TAP-0002', 'pending'],
          ['TAP-0001', 'pending'],
        ],
      );
      assert.deepEqual(
        (await stores.requests.listByUser('bob')).map((r) => [r.id, r.status]),
        [
          ['TAP-0002', 'pending'],
          ['TAP-0001', 'expired'],
        ],
      );
      const stored = await stores.requests.get('TAP-0001');
      await stores.requests.replace(
        {
          ...stored!.value,
          status: 'cancelled',
          cancelledBy: stored!.value.requester,
          cancelledAt: '2025-03-01T10:01:00.000Z',
        } as TapRequest,
        stored!.etag,
      );
      for (const user of ['alice', 'bob']) {
        assert.deepEqual(
          (await stores.requests.listByUser(user)).map((r) => r.status),
          ['pending', 'cancelled'],
          user,
        );
      }
    });

    it('indexing never overwrites a copy a writer made', async () => {
      const created = await stores.requests.create(request('TAP-0001'));
      await stores.requests.replace(
        { ...created.value, status: 'expired', expiredAt: '2025-03-01T10:00:00.000Z' } as TapRequest,
        created.etag,
      );
      // An older version read by the first listing's scan (here: put back by hand) must not replace the newer copy.
      await writeOld(request('TAP-0001'));
      assert.deepEqual(
        (await stores.requests.listByUser('alice')).map((r) => r.status),
        ['pending'],
        'the first listing answers from its scan',
      );
      assert.deepEqual(
        (await stores.requests.listByUser('alice')).map((r) => r.status),
        ['expired'],
        'the copy stayed',
      );
    });
  });

  describe('when storage goes down', () => {
    const azurite = useAzurite();

    it('every operation and ping reject with StoreUnavailableError within a few seconds, naming no key', async () => {
      const stores = await createTableStores({ connectionString: azurite.connectionString, tablePrefix: uniqueTablePrefix() });
      const stored = await stores.requests.create(request('TAP-0001'));
      await azurite.azurite.stop();

      const operations: Record<string, (s: Stores) => Promise<unknown>> = {
        ping: (s) => s.ping(),
        'requests.create': (s) => s.requests.create(request('TAP-0002')),
        'requests.get': (s) => s.requests.get('TAP-0001'),
        'requests.replace': (s) =>
          s.requests.replace({ ...stored.value, status: 'expired', expiredAt: stored.value.expiresAt }, stored.etag),
        'requests.listByStatus': (s) => s.requests.listByStatus(['pending']),
        'requests.listHandoversDue': (s) => s.requests.listHandoversDue(new Date().toISOString()),
        'requests.listByUser': (s) => s.requests.listByUser('alice'),
        'audit.append': (s) =>
          s.audit.append({
            at: new Date().toISOString(),
            action: 'x.y',
            actor: null,
            targetUserId: null,
            requestId: null,
            outcome: 'ok',
            details: {},
          }),
        'audit.listRange': (s) => s.audit.listRange('2025-01-01', '2026-01-01'),
        'counters.next': (s) => s.counters.next('request'),
        'kv.get': (s) => s.kv.get('p', 'k'),
        'kv.put': (s) => s.kv.put('p', 'k', 1),
        'kv.upsert': (s) => s.kv.upsert('p', 'k', 1),
        'kv.list': (s) => s.kv.list('p'),
        'kv.delete': (s) => s.kv.delete('p', 'k'),
      };
      const results = await Promise.all(
        Object.entries(operations).map(async ([name, operation]) => {
          const started = Date.now();
          const error = await operation(stores).then(
            () => null,
            (e: unknown) => e,
          );
          return { name, error, ms: Date.now() - started };
        }),
      );
      for (const { name, error, ms } of results) {
        assert.ok(error instanceof StoreUnavailableError, `${name} rejected with ${String(error)}`);
        assert.ok(ms < 5_000, `${name} took ${ms} ms`);
        assert.match(error.message, /^Table Storage at 127\.0\.0\.1:\d+ could not .+: cannot connect \(ECONNREFUSED\)$/);
        assert.ok(
          !JSON.stringify({ message: error.message, cause: String(error.cause) }).includes(AZURITE_ACCOUNT_KEY.slice(0, 12)),
          `${name} leaks the key`,
        );
      }
    });

    it('opening the stores while storage is down fails the same way', async () => {
      await azurite.azurite.stop();
      const started = Date.now();
      await assert.rejects(
        createTableStores({ connectionString: azurite.connectionString, tablePrefix: uniqueTablePrefix() }),
        StoreUnavailableError,
      );
      assert.ok(Date.now() - started < 5_000);
    });
  });

  it('a service that accepts connections but never answers times out instead of hanging', async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const connectionString = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_ACCOUNT_KEY};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;
      const started = Date.now();
      await assert.rejects(
        createTableStores({ connectionString, tablePrefix: uniqueTablePrefix(), timeouts: { operationMs: 800 } }),
        (error: Error) => error instanceof StoreUnavailableError && /no answer in time/.test(error.message),
      );
      assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  describe('the Azurite launcher', () => {
    it('with a location, keeps the data across a stop and a start', async () => {
      const location = `test-${randomBytes(4).toString('hex')}`;
      const tablePrefix = uniqueTablePrefix();
      try {
        const first = await startAzurite({ location });
        assert.equal(first.location, path.join(AZURITE_DATA_ROOT, location));
        const before = await createTableStores({ connectionString: first.connectionString, tablePrefix });
        const created = await before.requests.create(request('TAP-0001'));
        await before.kv.put('settings', 'approvals', { channel: '19:abc' });
        await before.counters.next('request');
        await before.audit.append({
          at: '2025-03-01T09:00:00.000Z',
          action: 'request.filed',
          actor: null,
          targetUserId: 'bob',
          requestId: 'TAP-0001',
          outcome: 'ok',
          details: {},
        });
        await first.stop();

        const second = await startAzurite({ location });
        try {
          const after = await createTableStores({ connectionString: second.connectionString, tablePrefix });
          assert.deepEqual(await after.requests.get('TAP-0001'), created);
          assert.deepEqual((await after.kv.get('settings', 'approvals'))?.value, { channel: '19:abc' });
          assert.equal(await after.counters.next('request'), 2);
          assert.equal((await after.audit.listByRequest('TAP-0001')).length, 1);
        } finally {
          await second.stop();
        }
      } finally {
        rmSync(path.join(AZURITE_DATA_ROOT, location), { recursive: true, force: true });
      }
    });

    it('stop() ends it; kill() ends it at once; both can be called twice', async () => {
      const stopped = await startAzurite();
      await stopped.stop();
      await stopped.stop();
      assert.ok(await portCloses(stopped.port, 1_000));
      const killed = await startAzurite();
      killed.kill();
      killed.kill();
      assert.ok(await portCloses(killed.port, 2_000));
      await killed.stop();
    });

    it('an explicit port is used, and a taken one is reported', async () => {
      const free = await freePort();
      const first = await startAzurite({ port: free });
      try {
        assert.equal(first.port, free);
        assert.equal(first.tableUrl, `http://127.0.0.1:${free}/devstoreaccount1`);
        await (await createTableStores({ connectionString: first.connectionString, tablePrefix: uniqueTablePrefix() })).ping();
        const again = startAzurite({ port: first.port });
        await assert.rejects(again, /did not start on 127\.0\.0\.1:\d+/);
      } finally {
        await first.stop();
      }
    });

    it('dies with its parent, even when the parent is SIGKILLed', async () => {
      const script = `require(${JSON.stringify(path.join(REPO_ROOT, 'test/harness/azurite.ts'))}).startAzurite().then((a) => console.log('PORT ' + a.port));`;
      const parent = spawn(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      try {
        const port = await new Promise<number>((resolve, reject) => {
          let out = '';
          parent.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString('utf8');
            const match = /PORT (\d+)/.exec(out);
            if (match) resolve(Number(match[1]));
          });
          parent.once('exit', () => reject(new Error(`the parent exited early: ${out}`)));
        });
        parent.kill('SIGKILL');
        assert.ok(await portCloses(port, 8_000), 'Azurite still answers after its parent was killed');
      } finally {
        if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
      }
    });
  });
});
