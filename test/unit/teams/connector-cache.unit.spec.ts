// One Bot Connector client per app id, service URL and audience, across turns and proactive sends;
// authentication stays the inner one's, and a failed creation is not kept.
import assert from 'node:assert/strict';
import {
  type AuthenticateRequestResult,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  type ConnectorClient,
  ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { CachingBotFrameworkAuthentication } from '../../../src/teams/connector-cache';

class CountingFactory extends ConnectorFactory {
  constructor(
    private readonly made: string[],
    private readonly failFirst: { value: boolean },
  ) {
    super();
  }
  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    if (this.failFirst.value) {
      this.failFirst.value = false;
      throw new Error('token endpoint down');
    }
    this.made.push(`${serviceUrl}|${audience ?? ''}`);
    return { serviceUrl } as unknown as ConnectorClient;
  }
}

class FakeAuthentication extends BotFrameworkAuthentication {
  readonly made: string[] = [];
  readonly failFirst = { value: false };
  authenticated = 0;
  async authenticateRequest(_activity: unknown, authHeader: string): Promise<AuthenticateRequestResult> {
    this.authenticated += 1;
    if (authHeader === 'bad') throw new Error('Unauthorized');
    return {
      claimsIdentity: new ClaimsIdentity([{ type: 'aud', value: 'app-1' }], true),
      audience: 'aud',
      callerId: '',
      connectorFactory: new CountingFactory(this.made, this.failFirst),
    };
  }
  async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new Error('not used');
  }
  createConnectorFactory(): ConnectorFactory {
    return new CountingFactory(this.made, this.failFirst);
  }
  async createUserTokenClient(): Promise<UserTokenClient> {
    this.made.push('user-token');
    return {} as UserTokenClient;
  }
}

describe('CachingBotFrameworkAuthentication', () => {
  it('authenticates every request but builds one connector client per service URL and audience', async () => {
    const inner = new FakeAuthentication();
    const auth = new CachingBotFrameworkAuthentication(inner);
    const clients = [];
    for (let i = 0; i < 3; i += 1) {
      const result = await auth.authenticateRequest({} as never, 'Bearer x');
      clients.push(await result.connectorFactory!.create('https://smba.example/emea/', 'aud'));
    }
    const proactive = await auth
      .createConnectorFactory(new ClaimsIdentity([{ type: 'aud', value: 'app-1' }], true))
      .create('https://smba.example/emea/', 'aud');
    await auth
      .createConnectorFactory(new ClaimsIdentity([{ type: 'aud', value: 'app-1' }], true))
      .create('https://smba.example/amer/', 'aud');
    assert.equal(inner.authenticated, 3, 'each request is authenticated');
    assert.deepEqual(inner.made, ['https://smba.example/emea/|aud', 'https://smba.example/amer/|aud']);
    assert.ok(
      clients.every((c) => c === proactive),
      'turns and proactive sends share the client',
    );
    await assert.rejects(auth.authenticateRequest({} as never, 'bad'), /Unauthorized/);
    const identity = new ClaimsIdentity([{ type: 'aud', value: 'app-1' }], true);
    await auth.createUserTokenClient(identity);
    await auth.createUserTokenClient(identity);
    assert.equal(inner.made.filter((m) => m === 'user-token').length, 1);
  });

  it('does not keep a failed creation: the next turn tries again', async () => {
    const inner = new FakeAuthentication();
    inner.failFirst.value = true;
    const auth = new CachingBotFrameworkAuthentication(inner);
    const factory = (await auth.authenticateRequest({} as never, 'Bearer x')).connectorFactory!;
    await assert.rejects(factory.create('https://smba.example/emea/', 'aud'), /token endpoint down/);
    assert.ok(await factory.create('https://smba.example/emea/', 'aud'));
    assert.deepEqual(inner.made, ['https://smba.example/emea/|aud']);
  });
});
