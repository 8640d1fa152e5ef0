// One place that opens Table Storage clients: which endpoint, whether plain http is allowed, how
// long a call may take, and how a listing is read to the end.
import { type TableEntityResult, TableClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import type { StoreUnavailableError } from '../app/kernel/ports';
import { unavailable } from './table-errors';

export interface TableConnection {
  /** A connection string (Azurite, or account keys / SAS), or an account URL with an Entra credential. */
  connectionString?: string;
  accountUrl?: string;
  credential?: TokenCredential;
}

export interface TableTimeouts {
  /** A single read or write, retries included. */
  operationMs: number;
  /** A whole listing, every page included. */
  listMs: number;
  /** The readiness probe. */
  pingMs: number;
}

export const DEFAULT_TIMEOUTS: TableTimeouts = { operationMs: 10_000, listMs: 30_000, pingMs: 3_000 };

export type Row = TableEntityResult<Record<string, unknown>>;

function connectionSettings(connectionString: string): Map<string, string> {
  const settings = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) settings.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  return settings;
}

/** The table endpoint a connection string points at, as the SDK would resolve it. */
export function endpointOf(connection: TableConnection): URL {
  if (connection.connectionString) {
    const settings = connectionSettings(connection.connectionString);
    if (settings.get('usedevelopmentstorage')?.toLowerCase() === 'true') return new URL('http://127.0.0.1:10002/devstoreaccount1');
    const explicit = settings.get('tableendpoint');
    if (explicit) return new URL(explicit);
    const account = settings.get('accountname');
    if (!account) throw new Error('The Table Storage connection string has neither TableEndpoint nor AccountName');
    const protocol = settings.get('defaultendpointsprotocol') ?? 'https';
    return new URL(`${protocol}://${account}.table.${settings.get('endpointsuffix') ?? 'core.windows.net'}`);
  }
  if (connection.accountUrl) return new URL(connection.accountUrl);
  throw new Error('Table Storage needs a connection string, or an account URL and a credential');
}

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * Plain http is allowed for a loopback endpoint (Azurite) only: anywhere else it would send signed
 * requests and data in the clear, so it is refused at start-up.
 */
export function allowsInsecure(endpoint: URL): boolean {
  if (endpoint.protocol === 'https:') return false;
  if (endpoint.protocol === 'http:' && isLoopback(endpoint.hostname)) return true;
  throw new Error(
    `Table Storage endpoint ${endpoint.protocol}//${endpoint.host} is not https; only a loopback (Azurite) endpoint may use http`,
  );
}

/** A table and the conventions every call on it follows. */
export class TableAccess {
  constructor(
    readonly client: TableClient,
    /** host[:port], for messages: never the connection string. */
    readonly where: string,
    private readonly timeouts: TableTimeouts,
  ) {}

  get name(): string {
    return this.client.tableName;
  }

  /**
   * Runs one call bounded in time, retries included, so a hung service fails the call instead of the
   * turn. The timer is cleared as soon as the call ends: AbortSignal.timeout's would live on for the
   * whole 10–30 s, one per call, tens of thousands under load, each kept for the garbage collector.
   */
  async bounded<T>(kind: 'operation' | 'list' | 'ping', call: (options: { abortSignal: AbortSignal }) => Promise<T>): Promise<T> {
    const ms = kind === 'list' ? this.timeouts.listMs : kind === 'ping' ? this.timeouts.pingMs : this.timeouts.operationMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`Table Storage did not answer within ${ms} ms`, 'TimeoutError')), ms);
    timer.unref();
    try {
      return await call({ abortSignal: controller.signal });
    } finally {
      clearTimeout(timer);
    }
  }

  fail(error: unknown, what: string): StoreUnavailableError {
    return unavailable(error, this.where, what);
  }

  /** Every row matching the filter, all pages read, or the first `limit` of them. */
  async query(filter: string, what: string, limit?: number): Promise<Row[]> {
    const rows: Row[] = [];
    try {
      await this.bounded('list', async (options) => {
        const listing = this.client.listEntities<Record<string, unknown>>({ queryOptions: { filter }, ...options });
        // A page may hold fewer rows than asked even when more follow (the service's own limits): read on until enough.
        for await (const page of listing.byPage(limit === undefined ? {} : { maxPageSize: limit })) {
          rows.push(...page);
          if (limit !== undefined && rows.length >= limit) {
            rows.length = limit;
            break;
          }
        }
      });
    } catch (error) {
      throw this.fail(error, what);
    }
    return rows;
  }

  /** Creates the table unless it exists (the SDK treats 409 TableAlreadyExists as success). */
  async ensure(): Promise<void> {
    try {
      await this.bounded('operation', (options) => this.client.createTable(options));
    } catch (error) {
      throw this.fail(error, `create table ${this.name}`);
    }
  }

  /** A cheap query that matches nothing: proves the service answers and the table is there. */
  async ping(): Promise<void> {
    try {
      await this.bounded('ping', (options) =>
        this.client
          .listEntities({ queryOptions: { filter: "PartitionKey eq 'ping'" }, ...options })
          .byPage({ maxPageSize: 1 })
          .next(),
      );
    } catch (error) {
      throw this.fail(error, `answer a readiness check on ${this.name}`);
    }
  }
}

export function openTables<N extends string>(
  connection: TableConnection,
  names: Record<N, string>,
  timeouts: TableTimeouts,
): Record<N, TableAccess> {
  const endpoint = endpointOf(connection);
  const options: TableServiceClientOptions = {
    allowInsecureConnection: allowsInsecure(endpoint),
    // Bounded: an interactive turn would rather fail than wait; the abort signal caps the total.
    retryOptions: { maxRetries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2_000 },
  };
  const open = (table: string): TableClient => {
    if (connection.connectionString) return TableClient.fromConnectionString(connection.connectionString, table, options);
    if (connection.accountUrl && connection.credential)
      return new TableClient(connection.accountUrl, table, connection.credential, options);
    throw new Error('Table Storage needs a connection string, or an account URL and a credential');
  };
  const out = {} as Record<N, TableAccess>;
  for (const key of Object.keys(names) as N[]) out[key] = new TableAccess(open(names[key]), endpoint.host, timeouts);
  return out;
}
