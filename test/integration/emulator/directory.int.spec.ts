// Directory reads on contoso: users (lookup, $select, search filters, paging), manager and reports,
// memberships (direct, transitive, casts), owned groups, checkMemberGroups, administrative units,
// role assignments and eligibility, risky users, sign-ins and Conditional Access policies.
import assert from 'node:assert/strict';
import type { Emulator } from '../../harness/emulator';
import { type GraphCall, graphCaller, startTestEmulator } from '../../support/emulator';
import { FINANCE_CA_POLICY, GROUPS, PEOPLE, ROLES, UNITS } from './contoso-people';

/* eslint-disable @typescript-eslint/no-explicit-any -- Graph JSON */
const ids = (body: any): string[] => body.value.map((v: any) => v.id);
const EVENTUAL = { ConsistencyLevel: 'eventual' };

describe('emulated Graph: directory reads', function () {
  this.timeout(30_000);
  let emulator: Emulator;
  let call: GraphCall;

  before(async () => {
    emulator = await startTestEmulator();
    call = await graphCaller(emulator);
  });
  after(async () => {
    await emulator?.close();
  });

  describe('users', () => {
    it('finds a user by id or UPN (any case, key form, encoded guest UPN), with the default properties', async () => {
      for (const url of [
        `/users/${PEOPLE.alexw}`,
        '/users/ALEXW@Contoso.com',
        "/users('alexw@contoso.com')",
        "/users/('alexw@contoso.com')",
      ]) {
        const { status, body } = await call('GET', url);
        assert.equal(status, 200, url);
        assert.equal(body.id, PEOPLE.alexw);
        assert.deepEqual(Object.keys(body).sort(), [
          '@odata.context',
          'businessPhones',
          'displayName',
          'givenName',
          'id',
          'jobTitle',
          'mail',
          'mobilePhone',
          'officeLocation',
          'preferredLanguage',
          'surname',
          'userPrincipalName',
        ]);
        assert.equal(body['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#users/$entity');
      }
      const guest = await call('GET', `/users/${encodeURIComponent('emily_fabrikam.com#EXT#@contoso.onmicrosoft.com')}`);
      assert.equal(guest.body.id, PEOPLE.emily);
    });

    it('$select returns exactly the selected properties (null when unset), computed ones included', async () => {
      const { body } = await call(
        'GET',
        `/users/${PEOPLE.nestorw}?$select=id,accountEnabled,userType,creationType,isManagementRestricted,employeeId,signInActivity`,
      );
      assert.equal(
        body['@odata.context'],
        'https://graph.microsoft.com/v1.0/$metadata#users(id,accountEnabled,userType,creationType,isManagementRestricted,employeeId,signInActivity)/$entity',
      );
      assert.deepEqual(
        Object.keys(body).filter((k) => !k.startsWith('@')),
        ['id', 'accountEnabled', 'userType', 'creationType', 'isManagementRestricted', 'employeeId', 'signInActivity'],
      );
      assert.equal(body.isManagementRestricted, true, 'member of a restricted-management unit');
      assert.equal(body.employeeId, null);
      assert.equal(body.signInActivity.lastNonInteractiveSignInDateTime, '0001-01-01T00:00:00Z');
      const bad = await call('GET', `/users/${PEOPLE.alexw}?$select=displayName,favouriteColour`);
      assert.deepEqual(
        [bad.status, bad.body.error.message],
        [400, "Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'."],
      );
    });

    it("404 Request_ResourceNotFound with Graph's message for an unknown user", async () => {
      const { status, body } = await call('GET', '/users/nobody@contoso.com');
      assert.equal(status, 404);
      assert.equal(body.error.code, 'Request_ResourceNotFound');
      assert.equal(
        body.error.message,
        "Resource 'nobody@contoso.com' does not exist or one of its queried reference-property objects are not present.",
      );
      assert.deepEqual(Object.keys(body.error.innerError).sort(), ['client-request-id', 'date', 'request-id']);
    });

    it('searches with the startswith / eq forms joined by or, with $select and $top', async () => {
      const search = (text: string) =>
        ['displayName', 'givenName', 'surname', 'userPrincipalName', 'mail'].map((p) => `startswith(${p},'${text}')`).join(' or ');
      const found = await call('GET', `/users?$filter=${encodeURIComponent(search('me'))}&$select=id,displayName&$top=5`);
      assert.equal(found.status, 200);
      assert.deepEqual(ids(found.body), [PEOPLE.meganb]);
      assert.equal(found.body['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#users(id,displayName)');
      const byWilber = await call('GET', `/users?$filter=${encodeURIComponent("startswith(surname,'wilb')")}`);
      assert.deepEqual(ids(byWilber.body), [PEOPLE.alexw]);
      const exact = await call(
        'GET',
        `/users?$filter=${encodeURIComponent("mail eq 'LIDIAH@contoso.com' or userPrincipalName eq 'benw@contoso.com'")}`,
      );
      assert.deepEqual(ids(exact.body).sort(), [PEOPLE.benw, PEOPLE.lidiah].sort());
      const guests = await call('GET', `/users?$filter=${encodeURIComponent("userType eq 'Guest'")}&$select=id`);
      assert.deepEqual(ids(guests.body).sort(), [PEOPLE.cameronw, PEOPLE.emily].sort());
    });

    it('refuses filters Graph refuses: unsupported properties, and endsWith / ne without ConsistencyLevel', async () => {
      const unsupported = await call(
        'GET',
        `/users?$filter=${encodeURIComponent("signInActivity/lastSignInDateTime eq 'x' or favouriteColour eq 'red'")}`,
      );
      assert.deepEqual([unsupported.status, unsupported.body.error.code], [400, 'Request_UnsupportedQuery']);
      const endsWith = `/users?$filter=${encodeURIComponent("endswith(mail,'@contoso.com')")}&$count=true`;
      const basic = await call('GET', endsWith);
      assert.deepEqual([basic.status, basic.body.error.code], [400, 'Request_UnsupportedQuery']);
      const advanced = await call('GET', endsWith, undefined, EVENTUAL);
      assert.equal(advanced.status, 200);
      assert.equal(advanced.body['@odata.count'], advanced.body.value.length);
      const syntax = await call('GET', `/users?$filter=${encodeURIComponent("startswith(displayName,'x'")}`);
      assert.deepEqual([syntax.status, syntax.body.error.code], [400, 'BadRequest']);
    });

    it('pages with @odata.nextLink on the emulator until every user was listed', async () => {
      const seen: string[] = [];
      let next: string | undefined = `/users?$select=id&$top=7`;
      let pages = 0;
      while (next) {
        const page: any = (await call('GET', next)).body;
        assert.ok(page.value.length <= 7);
        seen.push(...ids(page));
        next = page['@odata.nextLink'];
        if (next) assert.ok(next.startsWith(emulator.graphUrl), next);
        pages += 1;
      }
      assert.equal(pages, 4);
      assert.equal(new Set(seen).size, 25);
      const bad = await call('GET', '/users?$top=0');
      assert.equal(bad.status, 400);
    });

    it('signInActivity needs AuditLog.Read.All and caps pages at 120', async () => {
      const { body } = await call('GET', '/users?$select=displayName,signInActivity&$top=999');
      assert.equal(body.value.length, 25);
      assert.ok(
        body.value.every((u: any) => typeof u.id === 'string'),
        'collections include id',
      );
    });

    it("serves Graph's own phone properties: in the default set, by $select, empty when the directory has none", async () => {
      const alex = await call('GET', `/users/${PEOPLE.alexw}?$select=id,businessPhones,mobilePhone`);
      assert.deepEqual([alex.body.businessPhones, alex.body.mobilePhone], [['+1 425 555 0101'], '+1 425 555 0201']);
      const christie = await call('GET', `/users/${PEOPLE.christiec}?$select=businessPhones,mobilePhone`);
      assert.deepEqual([christie.body.businessPhones, christie.body.mobilePhone], [[], null]);
      const byDefault = await call('GET', `/users/${PEOPLE.meganb}`);
      assert.deepEqual([byDefault.body.businessPhones, byDefault.body.mobilePhone], [['+1 425 555 0102'], null]);
    });

    it('serves the manager and direct reports', async () => {
      const manager = await call('GET', `/users/${PEOPLE.christiec}/manager?$select=id,displayName`);
      assert.equal(manager.status, 200);
      assert.deepEqual(manager.body, {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#directoryObjects/$entity',
        '@odata.type': '#microsoft.graph.user',
        id: PEOPLE.alexw,
        displayName: 'Alex Wilber',
      });
      const none = await call('GET', `/users/${PEOPLE.alexw}/manager`);
      assert.deepEqual([none.status, none.body.error.code], [404, 'Request_ResourceNotFound']);
      // Graph's words for "no manager": https://learn.microsoft.com/graph/api/user-list-manager
      assert.equal(
        none.body.error.message,
        "Resource 'manager' does not exist or one of its queried reference-property objects are not present.",
      );
      const megansManager = await call('GET', `/users/${PEOPLE.meganb}/manager?$select=id`);
      assert.equal(megansManager.body.id, PEOPLE.leeg);
      const reports = await call('GET', `/users/${PEOPLE.alexw}/directReports`);
      assert.deepEqual(ids(reports.body), [PEOPLE.christiec]);
      assert.equal(reports.body.value[0]['@odata.type'], '#microsoft.graph.user');
    });
  });

  describe('memberships', () => {
    const types = (body: any) => body.value.map((v: any) => `${v['@odata.type']}:${v.displayName}`).sort();

    it('memberOf is direct: groups, tenant-wide directory roles and administrative units', async () => {
      const megan = await call('GET', `/users/${PEOPLE.meganb}/memberOf`);
      assert.deepEqual(types(megan.body), [
        '#microsoft.graph.directoryRole:Authentication Administrator',
        '#microsoft.graph.group:Service Desk',
      ]);
      const lynne = await call('GET', `/users/${PEOPLE.lynner}/memberOf`);
      assert.deepEqual(types(lynne.body), [
        '#microsoft.graph.administrativeUnit:Munich office',
        '#microsoft.graph.directoryRole:Reports Reader',
      ]);
      // Patti's role comes through a role-assignable group: not a direct membership.
      const patti = await call('GET', `/users/${PEOPLE.pattif}/memberOf`);
      assert.deepEqual(types(patti.body), ['#microsoft.graph.group:Identity Operations']);
    });

    it('transitiveMemberOf adds roles held through role-assignable groups; AU-scoped and eligible roles are not directory roles', async () => {
      const patti = await call(
        'GET',
        `/users/${PEOPLE.pattif}/transitiveMemberOf?$select=id,displayName,isAssignableToRole,roleTemplateId,isMemberManagementRestricted&$top=999`,
      );
      const role = patti.body.value.find((v: any) => v['@odata.type'] === '#microsoft.graph.directoryRole');
      assert.equal(role.roleTemplateId, ROLES.authenticationAdministrator);
      assert.notEqual(role.id, role.roleTemplateId, 'a directoryRole id is the instance, not the template');
      assert.equal(role.isAssignableToRole, undefined, 'other types’ properties are left out');
      const group = patti.body.value.find((v: any) => v['@odata.type'] === '#microsoft.graph.group');
      assert.deepEqual(group, {
        '@odata.type': '#microsoft.graph.group',
        id: GROUPS.identityOperations,
        displayName: 'Identity Operations',
        isAssignableToRole: true,
      });
      const joni = await call('GET', `/users/${PEOPLE.jonis}/transitiveMemberOf`);
      assert.deepEqual(types(joni.body), ['#microsoft.graph.administrativeUnit:Munich office']);
      const henrietta = await call('GET', `/users/${PEOPLE.henriettam}/transitiveMemberOf`);
      assert.deepEqual(henrietta.body.value, []);
      const nestor = await call('GET', `/users/${PEOPLE.nestorw}/transitiveMemberOf`);
      assert.equal(nestor.body.value[0].isMemberManagementRestricted, true);
    });

    it('the cast forms keep one type, drop @odata.type and name the collection', async () => {
      const groups = await call('GET', `/users/${PEOPLE.pradeepg}/transitiveMemberOf/microsoft.graph.group`);
      assert.equal(groups.body['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#groups');
      assert.deepEqual(ids(groups.body).sort(), [GROUPS.finance, GROUPS.tapExcluded].sort());
      assert.ok(groups.body.value.every((g: any) => g['@odata.type'] === undefined));
      const units = await call('GET', `/users/${PEOPLE.gradya}/memberOf/$/Microsoft.Graph.AdministrativeUnit`);
      assert.equal(units.body['@odata.context'], 'https://graph.microsoft.com/v1.0/$metadata#administrativeUnits');
      assert.deepEqual(ids(units.body), [UNITS.munich]);
      const roles = await call('GET', `/users/${PEOPLE.benw}/memberOf/microsoft.graph.directoryRole`);
      assert.deepEqual(
        roles.body.value.map((r: any) => r.roleTemplateId),
        [ROLES.helpdeskAdministrator],
      );
      const one = await call('GET', `/users/${PEOPLE.benw}/memberOf/${GROUPS.serviceDesk}`);
      assert.equal(one.body.displayName, 'Service Desk');
      const bogus = await call('GET', `/users/${PEOPLE.benw}/memberOf/microsoft.graph.device`);
      assert.equal(bogus.status, 400);
    });

    it('ownedObjects lists owned groups; checkMemberGroups is transitive and takes at most 20 ids', async () => {
      const owned = await call('GET', `/users/${PEOPLE.alexw}/ownedObjects`);
      assert.deepEqual(owned.body.value, []);
      const check = await call('POST', `/users/${PEOPLE.pattif}/checkMemberGroups`, {
        groupIds: [GROUPS.identityOperations.toUpperCase(), GROUPS.finance],
      });
      assert.deepEqual(check.body.value, [GROUPS.identityOperations.toUpperCase()]);
      const tooMany = await call('POST', `/users/${PEOPLE.pattif}/checkMemberGroups`, {
        groupIds: Array.from({ length: 21 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`),
      });
      assert.equal(tooMany.status, 400);
      const unknown = await call('POST', '/users/nobody@contoso.com/checkMemberGroups', { groupIds: [] });
      assert.equal(unknown.status, 404);
    });
  });

  describe('administrative units', () => {
    it('lists, gets and lists members', async () => {
      const list = await call('GET', '/directory/administrativeUnits');
      assert.deepEqual(
        list.body.value.map((u: any) => [u.displayName, u.isMemberManagementRestricted]),
        [
          ['Munich office', false],
          ['Executive office (restricted)', true],
        ],
      );
      const unit = await call('GET', `/directory/administrativeUnits/${UNITS.executive}`);
      assert.equal(unit.body.isMemberManagementRestricted, true);
      const members = await call('GET', `/directory/administrativeUnits/${UNITS.munich}/members?$select=id,displayName`);
      assert.deepEqual(ids(members.body).sort(), [PEOPLE.jonis, PEOPLE.gradya, PEOPLE.lynner].sort());
      assert.equal((await call('GET', '/directory/administrativeUnits/00000000-0000-0000-0000-000000000000')).status, 404);
    });
  });

  describe('role management', () => {
    const assignments = (filter: string) => call('GET', `/roleManagement/directory/roleAssignments?$filter=${encodeURIComponent(filter)}`);

    it('filters assignments by principalId / roleDefinitionId / directoryScopeId with eq, in and and', async () => {
      const megan = await assignments(`principalId eq '${PEOPLE.meganb}'`);
      assert.deepEqual(
        megan.body.value.map((a: any) => [a.roleDefinitionId, a.directoryScopeId, a.resourceScope]),
        [[ROLES.authenticationAdministrator, '/', '/']],
      );
      const several = await assignments(`principalId in ('${PEOPLE.meganb}','${PEOPLE.adelev}','${GROUPS.identityOperations}')`);
      assert.equal(several.body.value.length, 3);
      const authAdmins = await assignments(`roleDefinitionId eq '${ROLES.authenticationAdministrator}'`);
      assert.deepEqual(
        authAdmins.body.value.map((a: any) => a.principalId).sort(),
        [PEOPLE.meganb, GROUPS.identityOperations, PEOPLE.jonis].sort(),
      );
      const scoped = await assignments(
        `roleDefinitionId in ('${ROLES.authenticationAdministrator}','${ROLES.globalAdministrator}') and directoryScopeId eq '/administrativeUnits/${UNITS.munich}'`,
      );
      assert.deepEqual(
        scoped.body.value.map((a: any) => a.principalId),
        [PEOPLE.jonis],
      );
      const tenantWide = await assignments("directoryScopeId eq '/'");
      assert.equal(tenantWide.body.value.length, 7);
      const refused = await assignments("displayName eq 'x'");
      assert.equal(refused.status, 400);
    });

    it('expands principal and directoryScope', async () => {
      const { body } = await call(
        'GET',
        `/roleManagement/directory/roleAssignments?$filter=principalId eq '${PEOPLE.jonis}'&$expand=principal,directoryScope`,
      );
      assert.equal(body.value[0].principal.userPrincipalName, 'jonis@contoso.com');
      assert.equal(body.value[0].directoryScope.id, UNITS.munich);
      assert.equal((await call('GET', '/roleManagement/directory/roleAssignments?$expand=owner')).status, 400);
    });

    it('eligibility schedules are PIM-eligible (not active) roles, with the same filters', async () => {
      const henrietta = await call(
        'GET',
        `/roleManagement/directory/roleEligibilitySchedules?$filter=principalId eq '${PEOPLE.henriettam}'`,
      );
      assert.deepEqual(
        henrietta.body.value.map((s: any) => [s.roleDefinitionId, s.status, s.memberType]),
        [[ROLES.privilegedAuthenticationAdministrator, 'Provisioned', 'Direct']],
      );
      assert.ok(
        typeof henrietta.body.value[0].scheduleInfo.startDateTime === 'string' &&
          !henrietta.body.value[0].scheduleInfo.startDateTime.startsWith('now'),
      );
      const gas = await call(
        'GET',
        `/roleManagement/directory/roleEligibilitySchedules?$filter=${encodeURIComponent(`roleDefinitionId in ('${ROLES.globalAdministrator}') and directoryScopeId eq '/'`)}`,
      );
      assert.deepEqual(
        gas.body.value.map((s: any) => s.principalId),
        ['fb8d8d00-cf2d-5b9c-8c8c-709bbc19b47f'],
      );
      const active = await call('GET', `/roleManagement/directory/roleAssignments?$filter=principalId eq '${PEOPLE.henriettam}'`);
      assert.deepEqual(active.body.value, []);
    });

    it('beta transitiveRoleAssignments needs an advanced query, and includes group-based assignments', async () => {
      const url = `${emulator.baseUrl}/beta/roleManagement/directory/transitiveRoleAssignments?$count=true&$filter=principalId eq '${PEOPLE.pattif}'`;
      assert.equal((await call('GET', url)).status, 404, 'without ConsistencyLevel: eventual');
      const { body } = await call('GET', url, undefined, EVENTUAL);
      assert.deepEqual(
        body.value.map((a: any) => a.principalId),
        [GROUPS.identityOperations],
      );
      assert.equal((await call('GET', `/roleManagement/directory/transitiveRoleAssignments`)).status, 400, 'not in v1.0');
    });
  });

  describe('identity protection, sign-ins and Conditional Access', () => {
    it('risky users: 404 when Identity Protection has nothing, $filter=id eq on the list', async () => {
      const irvin = await call('GET', `/identityProtection/riskyUsers/${PEOPLE.irvins}`);
      assert.deepEqual([irvin.body.riskLevel, irvin.body.riskState], ['high', 'atRisk']);
      assert.equal((await call('GET', `/identityProtection/riskyUsers/${PEOPLE.alexw}`)).status, 404);
      const list = await call('GET', `/identityProtection/riskyUsers?$filter=id eq '${PEOPLE.irvins}'`);
      assert.deepEqual(ids(list.body), [PEOPLE.irvins]);
      assert.deepEqual((await call('GET', `/identityProtection/riskyUsers?$filter=id eq '${PEOPLE.alexw}'`)).body.value, []);
    });

    it('sign-ins: newest first, by user and since a time, paged with nextLink', async () => {
      const debra = '08a2295e-67e9-5ee0-8d44-6bca386f2301';
      const all = await call('GET', `/auditLogs/signIns?$filter=userId eq '${debra}'`);
      const times = all.body.value.map((s: any) => Date.parse(s.createdDateTime));
      assert.ok(times.length >= 6);
      assert.deepEqual(
        times,
        [...times].sort((a: number, b: number) => b - a),
        'newest first',
      );
      assert.equal(all.body.value[0].status.errorCode, 50053);
      const since = new Date(times[2]).toISOString();
      const recent = await call(
        'GET',
        `/auditLogs/signIns?$filter=${encodeURIComponent(`userId eq '${debra}' and createdDateTime ge ${since}`)}`,
      );
      assert.equal(recent.body.value.length, 3);
      const first = await call('GET', `/auditLogs/signIns?$filter=userId eq '${debra}'&$top=4`);
      const second = await call('GET', first.body['@odata.nextLink']);
      assert.deepEqual([...ids(first.body), ...ids(second.body)], ids(all.body));
      assert.ok(Array.isArray(all.body.value[0].appliedConditionalAccessPolicies), 'the app may read CA data');
    });

    it('Conditional Access policies: list and get', async () => {
      const list = await call('GET', '/identity/conditionalAccess/policies');
      assert.equal(list.body.value.length, 3);
      const finance = await call('GET', `/identity/conditionalAccess/policies/${FINANCE_CA_POLICY}`);
      assert.deepEqual(finance.body.grantControls.builtInControls, ['compliantDevice']);
      assert.deepEqual(finance.body.conditions.users.includeGroups, [GROUPS.finance]);
      assert.equal((await call('GET', '/identity/conditionalAccess/policies/00000000-0000-0000-0000-000000000000')).status, 404);
    });
  });
});
