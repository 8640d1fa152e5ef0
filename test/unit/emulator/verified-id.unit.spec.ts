// The emulated Request Service answers as Microsoft documents it (src/verified-id/README.md): tokens for its audience
// only in a tenant that set Verified ID up, with the app's grants as roles; 401/403 with the documented error body;
// createPresentationRequest's checks (authority, callback headers, threshold) as 400 badOrMissingField with the target.
import assert from 'node:assert/strict';
import { SigningKey } from '../../harness/emulator/access-tokens';
import { loadSeed } from '../../harness/emulator/seed';
import { Tenant } from '../../harness/emulator/tenant';
import { issueToken } from '../../harness/emulator/token-endpoint';
import { VERIFIED_ID_RESOURCE, VerifiedIdService } from '../../harness/emulator/verified-id';
import { DEMO_TENANT_SEED } from '../../harness/emulator/default-seed';

const PATH = ['verifiedid', 'v1.0', 'verifiableCredentials', 'createPresentationRequest'];

describe('emulated Verified ID Request Service', () => {
  let key: SigningKey;
  before(async () => {
    key = await SigningKey.create();
  });

  function setUp(change: (seed: Record<string, unknown>) => void = () => undefined) {
    const raw = JSON.parse(JSON.stringify(loadSeed(DEMO_TENANT_SEED))) as Record<string, unknown>;
    change(raw);
    const tenant = new Tenant(loadSeed(raw));
    const app = tenant.applications[0]!;
    const token = (scope: string) =>
      issueToken(
        {
          form: new URLSearchParams({ grant_type: 'client_credentials', client_id: app.appId, client_secret: app.clientSecret, scope }),
          authorization: undefined,
          contentType: 'application/x-www-form-urlencoded',
        },
        tenant,
        key,
        'https://issuer.example/',
        new Date(),
      );
    const service = new VerifiedIdService(tenant, key, () => 'https://127.0.0.1:1');
    return { tenant, token, service };
  }

  const goodBody = {
    authority: 'did:web:verifiedid.contoso.com',
    callback: { url: 'https://tapdesk.example/api/verifiedid/callback?request=TAP-0001', state: 'TAP-0001', headers: { 'api-key': 'k' } },
    requestedCredentials: [
      {
        type: 'VerifiedEmployee',
        constraints: [{ claimName: 'revocationId', values: ['christiec@contoso.com'] }],
        configuration: { validation: { faceCheck: { sourcePhotoClaimName: 'photo', matchConfidenceThreshold: 80 } } },
      },
    ],
  };

  function call(service: VerifiedIdService, bearer: string | null, body: unknown) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    };
    return service.handle('POST', PATH, headers, JSON.stringify(body), new Date());
  }

  it('issues a token for its audience with the app’s Verified ID grants as roles; creates the request (201)', () => {
    const { token, service } = setUp();
    const answer = token(`${VERIFIED_ID_RESOURCE}/.default`);
    assert.equal(answer.status, 200);
    const accessToken = (answer.body as { access_token: string }).access_token;
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { aud: string; roles: string[] };
    assert.equal(claims.aud, VERIFIED_ID_RESOURCE);
    assert.deepEqual(claims.roles, ['VerifiableCredential.Create.PresentRequest']);
    const created = call(service, accessToken, goodBody);
    assert.equal(created?.status, 201);
    const body = created?.body as { requestId: string; url: string; expiry: number };
    assert.match(
      body.url,
      new RegExp(`^openid-vc://\\?request_uri=https://127\\.0\\.0\\.1:1/verifiedid/v1\\.0/.*/presentationRequests/${body.requestId}$`),
    );
    assert.ok(body.expiry > Date.now() / 1000);
  });

  it('a tenant without Verified ID: no such resource (AADSTS500011)', () => {
    const { token } = setUp((seed) => delete seed.verifiedId);
    const answer = token(`${VERIFIED_ID_RESOURCE}/.default`);
    assert.equal(answer.status, 400);
    assert.match(JSON.stringify(answer.body), /AADSTS500011/);
  });

  it('no token 401, a Graph token 401, a token without the permission 403 — the documented error body', () => {
    const { token, service } = setUp((seed) => {
      (seed.applications as Array<Record<string, unknown>>)[0]!.grantedVerifiedIdPermissions = [];
    });
    assert.equal(call(service, null, goodBody)?.status, 401);
    const graph = (token('https://graph.microsoft.com/.default').body as { access_token: string }).access_token;
    assert.equal(call(service, graph, goodBody)?.status, 401);
    const noRole = (token(`${VERIFIED_ID_RESOURCE}/.default`).body as { access_token: string }).access_token;
    const forbidden = call(service, noRole, goodBody);
    assert.equal(forbidden?.status, 403);
    assert.deepEqual(Object.keys(forbidden?.body as object).sort(), ['date', 'error', 'mscv', 'requestId']);
    assert.equal((forbidden?.body as { error: { code: string } }).error.code, 'forbidden');
  });

  it('400 badOrMissingField naming the field: authority, callback header, threshold, photo claim, credentials', () => {
    const { token, service } = setUp();
    const bearer = (token(`${VERIFIED_ID_RESOURCE}/.default`).body as { access_token: string }).access_token;
    const validation = (faceCheck: object) => [{ ...goodBody.requestedCredentials[0], configuration: { validation: { faceCheck } } }];
    const cases: Array<[object, string]> = [
      [{ ...goodBody, authority: 'did:web:someone.else' }, 'authority'],
      [{ ...goodBody, callback: { ...goodBody.callback, headers: { 'x-other': 'v' } } }, 'callback.headers'],
      [{ ...goodBody, callback: { ...goodBody.callback, url: 'not a url' } }, 'callback.url'],
      [{ ...goodBody, requestedCredentials: validation({ sourcePhotoClaimName: 'photo', matchConfidenceThreshold: 49 }) }, 'faceCheck'],
      [{ ...goodBody, requestedCredentials: validation({ matchConfidenceThreshold: 80 }) }, 'faceCheck'],
      [{ ...goodBody, requestedCredentials: [] }, 'requestedCredentials'],
    ];
    for (const [body, target] of cases) {
      const answer = call(service, bearer, body);
      assert.equal(answer?.status, 400, target);
      const inner = (answer?.body as { error: { code: string; innererror: { code: string; target: string } } }).error;
      assert.equal(inner.code, 'badRequest');
      assert.equal(inner.innererror.code, 'badOrMissingField');
      assert.ok(inner.innererror.target.includes(target), `${inner.innererror.target} names ${target}`);
    }
  });
});
