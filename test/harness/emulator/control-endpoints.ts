// /_emulator/*: faults and stats for tests and benchmarks in another process. Pass values are not
// served unless the emulator was started with exposeIssuedPasses (cross-process leak checks).
import { FaultConfigError, type Faults, parseFaultConfig } from './faults';
import { type RequestLog } from './request-log';
import { GraphError } from './errors';
import { type GraphObject } from './seed';

export interface ControlDeps {
  faults: Faults;
  log: RequestLog;
  issuedPasses: (() => string[]) | null;
  /** Queues the value of the next pass created (any tenant user), for card-rendering tests. */
  forceNextPass: (value: string) => void;
  /** What people do outside Graph (method-registration.ts): register a method, sign in with their pass. */
  people?: { registerMethod(userKey: string, body: unknown): GraphObject; useTap(userKey: string): GraphObject };
}

export interface ControlAnswer {
  status: number;
  body?: unknown;
}

function parseJson(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    throw new FaultConfigError('the body is not JSON');
  }
}

export function handleControl(
  method: string,
  segments: readonly string[],
  query: URLSearchParams,
  raw: string,
  deps: ControlDeps,
): ControlAnswer {
  const [what] = segments;
  try {
    if (what === 'faults' && method === 'POST') {
      deps.faults.set(parseFaultConfig(parseJson(raw)));
      return { status: 200, body: deps.faults.current() };
    }
    if (what === 'faults' && method === 'DELETE') {
      deps.faults.clear();
      return { status: 204 };
    }
    if (what === 'faults' && method === 'GET') return { status: 200, body: deps.faults.current() };
    if (what === 'stats' && method === 'GET') return { status: 200, body: deps.log.snapshot(query.get('log') !== 'false') };
    if (what === 'stats' && method === 'DELETE') {
      deps.log.reset();
      return { status: 204 };
    }
    if (what === 'next-pass' && method === 'POST') {
      const value = (parseJson(raw) as { value?: unknown }).value;
      if (typeof value !== 'string' || value.length < 1 || value.length > 48)
        throw new FaultConfigError('next-pass needs {"value": "<1 to 48 characters>"}');
      deps.forceNextPass(value);
      return { status: 204 };
    }
    if (what === 'issued-passes' && method === 'GET' && deps.issuedPasses) return { status: 200, body: deps.issuedPasses() };
    // POST /_emulator/users/{id}/authentication-methods: the person registers a method (a passkey by default).
    // POST /_emulator/users/{id}/tap-used: the person signs in with their pass.
    if (what === 'users' && method === 'POST' && deps.people && segments.length === 3) {
      const [, user, action] = segments as [string, string, string];
      if (action === 'authentication-methods') return { status: 201, body: deps.people.registerMethod(user, raw ? parseJson(raw) : {}) };
      if (action === 'tap-used') return { status: 200, body: deps.people.useTap(user) };
    }
  } catch (error) {
    if (error instanceof FaultConfigError) return { status: 400, body: { error: { code: 'BadRequest', message: error.message } } };
    if (error instanceof GraphError) return { status: error.status, body: { error: { code: error.code, message: error.message } } };
    throw error;
  }
  return { status: 404, body: { error: { code: 'NotFound', message: `No control endpoint ${method} /_emulator/${segments.join('/')}` } } };
}
