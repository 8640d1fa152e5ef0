// The Request Service's wire shapes as TAP Desk reads and writes them (src/verified-id/README.md): the callback bodies of
// Microsoft's documentation read into the few fields used, and the presentation request TAP Desk sends.
import assert from 'node:assert/strict';
import { readCallback } from '../../../src/verified-id/callback-body';
import { presentationBody } from '../../../src/verified-id/request-service';
import { loadConfig } from '../../../src/config';

const BASE_ENV = {
  TAPDESK_MODE: 'demo',
  TENANT_ID: '510a7fe1-50f4-5852-90b4-23956de2d650',
  GRAPH_CLIENT_ID: 'cdee8871-46ba-582c-b71d-34b3cf75d53a',
  GRAPH_CLIENT_SECRET: 'x',
  STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
};

describe('Verified ID callbacks, as documented', () => {
  const ids = { requestId: 'e4ef27ca-eb8c-4b63-823b-3b95140eac11', state: 'TAP-0042' };

  it('request_retrieved: opened', () => {
    assert.deepEqual(readCallback({ ...ids, requestStatus: 'request_retrieved' }), {
      serviceRequestId: ids.requestId,
      state: 'TAP-0042',
      result: { kind: 'opened' },
    });
  });

  it('presentation_verified: the VerifiedEmployee credential’s revocationId and the Face Check score; the photo is dropped', () => {
    const body = {
      ...ids,
      requestStatus: 'presentation_verified',
      subject: 'did:web:verifiedid.contoso.com',
      verifiedCredentialsData: [
        {
          issuer: 'did:web:verifiedid.contoso.com',
          type: ['VerifiableCredential', 'VerifiedEmployee'],
          claims: { revocationId: 'christiec@contoso.com', displayName: 'Christie Cline', photo: 'AAAA' },
          credentialState: { revocationStatus: 'VALID' },
          faceCheck: { matchConfidenceScore: 86.314159, sourcePhotoQuality: 'HIGH' },
        },
      ],
    };
    const read = readCallback(body);
    assert.deepEqual(read?.result, { kind: 'verified', matchConfidence: 86.314159, credentialUpn: 'christiec@contoso.com' });
    assert.doesNotMatch(JSON.stringify(read), /AAAA|Christie Cline/);
  });

  it('presentation_verified without a VerifiedEmployee credential or a score: nothing to count', () => {
    const other = readCallback({
      ...ids,
      requestStatus: 'presentation_verified',
      verifiedCredentialsData: [{ type: ['VerifiableCredential', 'VerifiedCredentialExpert'], claims: { revocationId: 'x@y' } }],
    });
    assert.deepEqual(other?.result, { kind: 'verified', matchConfidence: null, credentialUpn: null });
  });

  it('presentation_error: the code and message (below the threshold, as documented)', () => {
    const read = readCallback({
      ...ids,
      requestStatus: 'presentation_error',
      error: { code: 'claimValidationError', message: 'Match confidence score failing to meet the threshold.' },
    });
    assert.deepEqual(read?.result, {
      kind: 'error',
      code: 'claimValidationError',
      message: 'Match confidence score failing to meet the threshold.',
    });
  });

  it('a status TAP Desk does not act on is read without a result; a body without the ids is not a callback', () => {
    assert.equal(readCallback({ ...ids, requestStatus: 'issuance_successful' })?.result, null);
    for (const bad of [null, [], 'x', { state: 'TAP-1', requestStatus: 'request_retrieved' }, { ...ids }, { ...ids, requestStatus: 7 }])
      assert.equal(readCallback(bad), null, JSON.stringify(bad));
  });
});

describe('the presentation request TAP Desk sends', () => {
  const config = loadConfig({
    ...BASE_ENV,
    VERIFIED_ID_AUTHORITY: 'did:web:verifiedid.contoso.com',
    VERIFIED_ID_CALLBACK_URL: 'https://tapdesk.contoso.com/',
    FACE_CHECK_THRESHOLD: '85',
  }).faceCheck;

  it('asks for the target’s VerifiedEmployee credential only, with a Face Check at the threshold, calling back with the key', () => {
    assert.ok(config);
    const body = presentationBody(config, { requestId: 'TAP-0042', apiKey: 'k3y', targetUpn: 'christiec@contoso.com', threshold: 85 }) as {
      authority: string;
      callback: { url: string; state: string; headers: Record<string, string> };
      requestedCredentials: Array<Record<string, unknown>>;
    };
    assert.equal(body.authority, 'did:web:verifiedid.contoso.com');
    assert.deepEqual(body.callback, {
      url: 'https://tapdesk.contoso.com/api/verifiedid/callback?request=TAP-0042',
      state: 'TAP-0042',
      headers: { 'api-key': 'k3y' },
    });
    const [credential] = body.requestedCredentials;
    assert.equal(credential?.type, 'VerifiedEmployee');
    assert.deepEqual(credential?.acceptedIssuers, ['did:web:verifiedid.contoso.com']);
    assert.deepEqual(credential?.constraints, [{ claimName: 'revocationId', values: ['christiec@contoso.com'] }]);
    assert.deepEqual(credential?.configuration, {
      validation: {
        allowRevoked: false,
        validateLinkedDomain: true,
        faceCheck: { sourcePhotoClaimName: 'photo', matchConfidenceThreshold: 85 },
      },
    });
  });
});

describe('Face Check settings', () => {
  it('off unless VERIFIED_ID_AUTHORITY is set; then the callback URL is required', () => {
    assert.equal(loadConfig(BASE_ENV).faceCheck, null);
    assert.throws(() => loadConfig({ ...BASE_ENV, VERIFIED_ID_AUTHORITY: 'did:web:x.example' }), /VERIFIED_ID_CALLBACK_URL/);
  });

  it('https, or http on a loopback address only; a DID; a threshold from 50 to 100 (default 80)', () => {
    const on = { ...BASE_ENV, VERIFIED_ID_AUTHORITY: 'did:web:x.example' };
    assert.throws(() => loadConfig({ ...on, VERIFIED_ID_CALLBACK_URL: 'http://tapdesk.contoso.com' }), /https/);
    assert.equal(
      loadConfig({ ...on, VERIFIED_ID_CALLBACK_URL: 'http://127.0.0.1:3978' }).faceCheck?.callbackUrl,
      'http://127.0.0.1:3978/api/verifiedid/callback',
    );
    assert.throws(() => loadConfig({ ...BASE_ENV, VERIFIED_ID_AUTHORITY: 'contoso', VERIFIED_ID_CALLBACK_URL: 'https://a.b' }), /DID/);
    for (const bad of ['49', '101', 'high'])
      assert.throws(() => loadConfig({ ...on, VERIFIED_ID_CALLBACK_URL: 'https://a.b', FACE_CHECK_THRESHOLD: bad }));
    const config = loadConfig({ ...on, VERIFIED_ID_CALLBACK_URL: 'https://a.b' }).faceCheck;
    assert.equal(config?.threshold, 80);
    assert.equal(config?.endpoint, 'https://verifiedid.did.msidentity.com/v1.0/verifiableCredentials');
  });
});
