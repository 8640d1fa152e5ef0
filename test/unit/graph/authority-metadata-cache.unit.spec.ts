// The authority metadata MSAL reads before a token is asked of Entra once per process, not once per approver's
// credential: a GET of the OpenID configuration or instance discovery is answered from memory for MSAL's own 24 hours;
// tokens, other paths and failed answers always go to Entra.
import assert from 'node:assert/strict';
import { authorityMetadataCache, METADATA_KEEP_MS } from '../../../src/graph/authority-metadata-cache';

type Policy = ReturnType<typeof authorityMetadataCache>;
type Request = Parameters<Policy['sendRequest']>[0];
type Response = Awaited<ReturnType<Policy['sendRequest']>>;

const AUTHORITY = 'https://login.microsoftonline.com/510a7fe1-50f4-5852-90b4-23956de2d650';

function request(url: string, method: 'GET' | 'POST' = 'GET'): Request {
  return { url, method } as Request;
}

describe('authority metadata cache (pipeline policy)', () => {
  let clock = 0;
  let sent: string[] = [];
  let status = 200;
  const next = async (req: Request): Promise<Response> => {
    sent.push(`${req.method} ${req.url}`);
    return { request: req, status, headers: {} as Response['headers'], bodyAsText: `{"n":${sent.length}}` } as Response;
  };
  beforeEach(() => {
    clock = 1_000;
    sent = [];
    status = 200;
  });

  it('asks Entra for the OpenID configuration once; later credentials get the same answer for their own request', async () => {
    const policy = authorityMetadataCache(() => clock);
    const url = `${AUTHORITY}/v2.0/.well-known/openid-configuration`;
    const first = await policy.sendRequest(request(url), next);
    const again = request(url);
    const second = await policy.sendRequest(again, next);
    assert.equal(sent.length, 1);
    assert.equal(second.bodyAsText, first.bodyAsText);
    assert.equal(second.request, again, 'the answer names the request it answers');
    await policy.sendRequest(request('https://login.microsoftonline.com/common/discovery/instance?api-version=1.1'), next);
    assert.equal(sent.length, 2, 'instance discovery is kept on its own');
  });

  it('never keeps tokens, other paths or a failed answer, and asks again after 24 hours', async () => {
    const policy = authorityMetadataCache(() => clock);
    const token = `${AUTHORITY}/oauth2/v2.0/token`;
    await policy.sendRequest(request(token, 'POST'), next);
    await policy.sendRequest(request(token, 'POST'), next);
    await policy.sendRequest(request(`${AUTHORITY}/discovery/v2.0/keys`), next);
    await policy.sendRequest(request(`${AUTHORITY}/discovery/v2.0/keys`), next);
    assert.equal(sent.length, 4);
    const url = `${AUTHORITY}/v2.0/.well-known/openid-configuration`;
    status = 503;
    await policy.sendRequest(request(url), next);
    status = 200;
    await policy.sendRequest(request(url), next);
    await policy.sendRequest(request(url), next);
    assert.equal(sent.length, 6, 'the 503 was not kept; the 200 after it was');
    clock += METADATA_KEEP_MS;
    await policy.sendRequest(request(url), next);
    assert.equal(sent.length, 7);
  });
});
