import assert from 'node:assert/strict';
import { FilterSyntaxError, evaluateFilter, filterProperties, parseFilter } from '../../harness/emulator/odata-filter';

const alex = {
  id: 'A1',
  displayName: 'Alex Wilber',
  givenName: 'Alex',
  surname: 'Wilber',
  userPrincipalName: 'alexw@contoso.com',
  mail: 'AlexW@contoso.com',
  accountEnabled: true,
  userType: 'Member',
};
const megan = {
  id: 'B2',
  displayName: 'Megan Bowen',
  givenName: 'Megan',
  surname: 'Bowen',
  userPrincipalName: 'meganb@contoso.com',
  mail: null,
  accountEnabled: false,
  userType: 'Guest',
};
const match = (filter: string) => [alex, megan].filter((u) => evaluateFilter(parseFilter(filter), u)).map((u) => u.id);

describe('emulator: OData $filter', () => {
  it('parses the people-search form: startswith on several properties joined by or', () => {
    const filter = ['displayName', 'givenName', 'surname', 'userPrincipalName', 'mail'].map((p) => `startswith(${p},'meg')`).join(' or ');
    assert.deepEqual(match(filter), ['B2']);
    assert.deepEqual(filterProperties(parseFilter(filter)), ['displayName', 'givenName', 'surname', 'userPrincipalName', 'mail']);
  });

  it('compares strings case-insensitively, as the directory does', () => {
    assert.deepEqual(match("mail eq 'alexw@CONTOSO.com'"), ['A1']);
    assert.deepEqual(match("userPrincipalName eq 'MEGANB@contoso.com' or mail eq 'x'"), ['B2']);
    assert.deepEqual(match("startsWith(displayName,'ALEX')"), ['A1']);
    assert.deepEqual(match("endswith(userPrincipalName,'@contoso.com')"), ['A1', 'B2']);
  });

  it('reads in (...), and, not, parentheses, booleans and null', () => {
    assert.deepEqual(match("id in ('A1','zz')"), ['A1']);
    assert.deepEqual(match("userType eq 'Guest' and accountEnabled eq false"), ['B2']);
    assert.deepEqual(match("not (userType eq 'Guest')"), ['A1']);
    assert.deepEqual(match("(id eq 'A1' or id eq 'B2') and accountEnabled eq true"), ['A1']);
    assert.deepEqual(match('mail eq null'), ['B2']);
    assert.deepEqual(match('mail ne null'), ['A1']);
  });

  it('binds and tighter than or', () => {
    assert.deepEqual(match("id eq 'B2' or id eq 'A1' and accountEnabled eq false"), ['B2']);
  });

  it('compares unquoted DateTimeOffset literals as instants, and reads nested properties', () => {
    const signIns = [
      { id: '1', userId: 'u', createdDateTime: '2025-06-01T10:00:00.000Z', status: { errorCode: 0 } },
      { id: '2', userId: 'u', createdDateTime: '2025-06-02T09:00:00Z', status: { errorCode: 50126 } },
    ];
    const pick = (f: string) => signIns.filter((s) => evaluateFilter(parseFilter(f), s)).map((s) => s.id);
    assert.deepEqual(pick("userId eq 'u' and createdDateTime ge 2025-06-02T00:00:00Z"), ['2']);
    assert.deepEqual(pick('createdDateTime lt 2025-06-02T00:00:00.000Z'), ['1']);
    assert.deepEqual(pick('status/errorCode eq 50126'), ['2']);
    assert.deepEqual(pick('status/errorCode gt 0'), ['2']);
  });

  it("unescapes doubled quotes ('')", () => {
    const user = { displayName: "Kerry O'Brien" };
    assert.equal(evaluateFilter(parseFilter("startswith(displayName,'Kerry O''B')"), user), true);
  });

  it('builds the tree a route can inspect', () => {
    assert.deepEqual(parseFilter("principalId in ('a','b') and directoryScopeId eq '/'"), {
      kind: 'and',
      left: {
        kind: 'in',
        property: 'principalId',
        values: [
          { type: 'string', value: 'a' },
          { type: 'string', value: 'b' },
        ],
      },
      right: { kind: 'compare', operator: 'eq', property: 'directoryScopeId', value: { type: 'string', value: '/' } },
    });
  });

  it('refuses malformed filters with the position of the problem', () => {
    const cases: Array<[string, RegExp]> = [
      ["displayName eq 'open", /unterminated string literal at position 15/],
      ['displayName eq', /expected a value/],
      ["displayName like 'x'", /unknown operator 'like'/],
      ["(id eq 'a'", /expected '\)'/],
      ["id eq 'a' id eq 'b'", /unexpected 'id'/],
      ['startswith(displayName, 3)', /needs a string/],
      ['', /empty expression/],
      ["id eq 'a' and", /expected a property name/],
      ['id eq banana', /'banana' is not a value/],
    ];
    for (const [filter, message] of cases) {
      assert.throws(
        () => parseFilter(filter),
        (e: unknown) => e instanceof FilterSyntaxError && message.test(e.message),
        filter,
      );
    }
  });
});
