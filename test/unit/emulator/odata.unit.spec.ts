import assert from 'node:assert/strict';
import { GraphError } from '../../harness/emulator/errors';
import { applyFilter, collectionBody, contextWithSelect, orderBy, project, selectedFields } from '../../harness/emulator/odata';
import { RouteTable, pathSegments } from '../../harness/emulator/route-table';

const q = (s: string) => new URLSearchParams(s);
const self = new URL('https://127.0.0.1:1/v1.0/users?$top=2&$select=id');

describe('emulator: OData query options', () => {
  const items = Array.from({ length: 5 }, (_, i) => ({ id: String(i), displayName: `User ${4 - i}` }));

  it('pages with an opaque $skiptoken in @odata.nextLink until the last page', () => {
    const first = collectionBody(items, q('$top=2&$select=id'), self, 'v1.0', { context: 'users' });
    assert.equal(first['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#users');
    assert.deepEqual((first.value as object[]).length, 2);
    const next = new URL(first['@odata.nextLink'] as string);
    assert.equal(next.origin, 'https://127.0.0.1:1', 'the next link points at the emulator');
    assert.equal(next.searchParams.get('$select'), 'id', 'and keeps the other options');
    const last = collectionBody(
      items,
      new URL(collectionBody(items, next.searchParams, next, 'v1.0', { context: 'users' })['@odata.nextLink'] as string).searchParams,
      self,
      'v1.0',
      { context: 'users' },
    );
    assert.deepEqual(last.value, [items[4]]);
    assert.equal(last['@odata.nextLink'], undefined);
  });

  it('validates $top and $skiptoken like Graph', () => {
    assert.throws(
      () => collectionBody(items, q('$top=0'), self, 'v1.0', { context: 'users' }),
      (e: unknown) => e instanceof GraphError && /between 1 and 999/.test(e.message),
    );
    assert.throws(() => collectionBody(items, q('$top=1000'), self, 'v1.0', { context: 'users' }), GraphError);
    assert.throws(
      () => collectionBody(items, q('$skiptoken=garbage'), self, 'v1.0', { context: 'users' }),
      (e: unknown) => e instanceof GraphError && e.code === 'Request_BadRequest',
    );
    assert.equal((collectionBody(items, q('$top=999'), self, 'v1.0', { context: 'users', pageCap: 3 }).value as object[]).length, 3);
    assert.equal(collectionBody(items, q('$count=true'), self, 'v1.0', { context: 'users' })['@odata.count'], 5);
  });

  it('selects properties (null when missing) and keeps @odata.type', () => {
    assert.deepEqual(selectedFields(q('$select=id, displayName')), ['id', 'displayName']);
    assert.equal(selectedFields(q('')), null);
    assert.deepEqual(project({ '@odata.type': 't', id: '1', a: 1 }, ['a', 'b']), { '@odata.type': 't', a: 1, b: null });
    assert.deepEqual(project({ id: '1', a: 1 }, ['a'], ['id']), { id: '1', a: 1 });
    assert.equal(contextWithSelect('users', ['id', 'mail']), 'users(id,mail)');
  });

  it('orders and filters, refusing properties a resource cannot filter on', () => {
    assert.deepEqual(
      orderBy(items, q('$orderby=displayName')).map((i) => i.id),
      ['4', '3', '2', '1', '0'],
    );
    assert.deepEqual(
      orderBy(items, q('$orderby=displayName desc')).map((i) => i.id),
      ['0', '1', '2', '3', '4'],
    );
    const spec = { resource: 'User', properties: new Set(['displayName']), directory: true };
    assert.deepEqual(
      applyFilter(items, q("$filter=startswith(displayName,'user 4')"), spec).map((i) => i.id),
      ['0'],
    );
    assert.throws(
      () => applyFilter(items, q("$filter=id eq '1'"), spec),
      (e: unknown) =>
        e instanceof GraphError &&
        e.code === 'Request_UnsupportedQuery' &&
        e.message === "Unsupported or invalid query filter clause specified for property 'id' of resource 'User'.",
    );
    assert.throws(
      () => applyFilter(items, q('$filter=displayName eq'), spec),
      (e: unknown) => e instanceof GraphError && e.code === 'BadRequest' && /^Invalid filter clause/.test(e.message),
    );
  });
});

describe('emulator: route table', () => {
  const handle = () => ({ status: 200 });
  const table = new RouteTable([
    { method: 'GET', template: '/users/{id}', permissions: [], handle },
    { method: 'GET', template: '/users/{id}/memberOf/{cast}', permissions: [], handle },
    { method: 'DELETE', template: '/users/{id}/authentication/temporaryAccessPassMethods/{tapId}', permissions: [], handle },
    { method: 'GET', template: '/roleManagement/directory/transitiveRoleAssignments', permissions: [], version: 'beta', handle },
  ]);

  it('matches templates case-insensitively and fills parameters', () => {
    const found = table.lookup('GET', 'v1.0', pathSegments('/Users/alexw%40contoso.com'));
    assert.equal(found.kind, 'match');
    assert.deepEqual(found.kind === 'match' && found.match.params, { id: 'alexw@contoso.com' });
    const cast = table.lookup('GET', 'v1.0', pathSegments('/users/x/memberOf/microsoft.graph.group'));
    assert.deepEqual(cast.kind === 'match' && cast.match.params, { id: 'x', cast: 'microsoft.graph.group' });
  });

  it("reads the key form users('$x@y.com') and encoded # in guest UPNs", () => {
    assert.deepEqual(pathSegments("/users('$adele@contoso.com')/manager"), ['users', '$adele@contoso.com', 'manager']);
    assert.deepEqual(pathSegments('/users/emily_fabrikam.com%23EXT%23%40contoso.onmicrosoft.com'), [
      'users',
      'emily_fabrikam.com#EXT#@contoso.onmicrosoft.com',
    ]);
  });

  it('tells a wrong method from an unknown segment, and keeps beta-only routes in beta', () => {
    assert.equal(table.lookup('POST', 'v1.0', ['users', 'x']).kind, 'wrong-method');
    assert.deepEqual(table.lookup('GET', 'v1.0', ['users', 'x', 'photos']), { kind: 'unknown', segment: 'photos' });
    assert.deepEqual(table.lookup('GET', 'v1.0', ['groups']), { kind: 'unknown', segment: 'groups' });
    assert.equal(table.lookup('GET', 'v1.0', ['roleManagement', 'directory', 'transitiveRoleAssignments']).kind, 'unknown');
    assert.equal(table.lookup('GET', 'beta', ['roleManagement', 'directory', 'transitiveRoleAssignments']).kind, 'match');
  });
});
