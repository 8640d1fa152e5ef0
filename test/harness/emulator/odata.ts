// OData query options on Graph collections and entities: $filter (with the properties each resource
// can be filtered on), $select, $orderby, $top, $count and paging with an opaque $skiptoken in
// @odata.nextLink.
import { GraphError, badRequest } from './errors';
import { type JsonObject } from './json';
import { type FilterNode, FilterSyntaxError, evaluateFilter, filterProperties, parseFilter, valueAt } from './odata-filter';

export type GraphVersion = 'v1.0' | 'beta';

export function metadataUrl(version: GraphVersion): string {
  return `https://graph.microsoft.com/${version}/$metadata`;
}

export interface FilterSpec {
  /** The resource name Graph uses in its refusal, e.g. `User`. */
  resource: string;
  /** Properties Graph can filter this resource on; leave out to accept any. */
  properties?: ReadonlySet<string>;
  /** Directory resources answer an unsupported filter with `Request_UnsupportedQuery`. */
  directory?: boolean;
  /** Changes the parsed filter before use, for resources whose filter means more than equality. */
  rewrite?: (node: FilterNode) => FilterNode;
  /** The request is an advanced directory query (ConsistencyLevel: eventual), which endsWith, ne and not need. */
  advancedQuery?: boolean;
}

/** Directory advanced queries are marked by the ConsistencyLevel: eventual header. */
export function isAdvancedQuery(headers: Readonly<Record<string, string>>): boolean {
  return (headers.consistencylevel ?? '').toLowerCase() === 'eventual';
}

function advancedOperator(node: FilterNode): string | null {
  switch (node.kind) {
    case 'and':
    case 'or':
      return advancedOperator(node.left) ?? advancedOperator(node.right);
    case 'not':
      return 'not';
    case 'function':
      return node.name === 'endswith' ? 'endsWith' : null;
    case 'compare':
      return node.operator === 'ne' ? 'ne' : null;
    default:
      return null;
  }
}

export function applyFilter<T extends JsonObject>(items: T[], query: URLSearchParams, spec: FilterSpec): T[] {
  const filter = query.get('$filter');
  if (filter === null) return items;
  let tree;
  try {
    tree = parseFilter(filter);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw badRequest(error.message);
    throw error;
  }
  const advanced = spec.directory && !spec.advancedQuery ? advancedOperator(tree) : null;
  if (advanced) {
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      `Operator '${advanced}' is not supported because the 'ConsistencyLevel:eventual' header is missing. Refer to https://aka.ms/graph-docs/advanced-queries for more information`,
    );
  }
  const allowed = spec.properties;
  if (allowed) {
    const refused = filterProperties(tree).find((p) => !allowed.has(p.split('/')[0] as string));
    if (refused !== undefined) {
      throw spec.directory
        ? new GraphError(
            400,
            'Request_UnsupportedQuery',
            `Unsupported or invalid query filter clause specified for property '${refused}' of resource '${spec.resource}'.`,
          )
        : badRequest(`Invalid filter clause: the property '${refused}' of '${spec.resource}' cannot be used in a filter.`);
    }
  }
  const effective = spec.rewrite ? spec.rewrite(tree) : tree;
  return items.filter((item) => evaluateFilter(effective, item));
}

/** The $select list, or null when there is none. */
export function selectedFields(query: URLSearchParams): string[] | null {
  const select = query.get('$select');
  if (select === null) return null;
  const fields = select
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0) throw badRequest("Syntax error: character '' is not valid at position 0 in ''.");
  return fields;
}

/** `fields` of `item` (missing ones as null), keeping `@odata.type`; `extra` are added when present. */
export function project(item: JsonObject, fields: readonly string[], extra: readonly string[] = []): JsonObject {
  const out: JsonObject = {};
  if (item['@odata.type'] !== undefined) out['@odata.type'] = item['@odata.type'];
  for (const field of extra) if (item[field] !== undefined) out[field] = item[field];
  for (const field of fields) out[field] = item[field] === undefined ? null : item[field];
  return out;
}

export function orderBy<T extends JsonObject>(items: T[], query: URLSearchParams): T[] {
  const order = query.get('$orderby');
  if (order === null) return items;
  const [property, direction = 'asc'] = order.trim().split(/\s+/);
  if (!property || !/^(asc|desc)$/i.test(direction)) throw badRequest(`Invalid $orderby value '${order}'.`);
  const sign = direction.toLowerCase() === 'desc' ? -1 : 1;
  return [...items].sort((a, b) => {
    const x = valueAt(a, property);
    const y = valueAt(b, property);
    if (x === y) return 0;
    if (x === undefined || x === null) return 1;
    if (y === undefined || y === null) return -1;
    return (String(x).toLowerCase() < String(y).toLowerCase() ? -1 : 1) * sign;
  });
}

function pageSize(query: URLSearchParams, defaultSize: number, maxSize: number): number {
  const top = query.get('$top');
  if (top === null) return defaultSize;
  const n = Number(top);
  if (!Number.isInteger(n) || n < 1 || n > maxSize)
    throw badRequest(`Invalid page size specified: '${top}'. Must be between 1 and ${maxSize} inclusive.`);
  return n;
}

const SKIP_PREFIX = 'X';

function skipOffset(query: URLSearchParams): number {
  const token = query.get('$skiptoken');
  if (token === null) return 0;
  const decoded = token.startsWith(SKIP_PREFIX) ? Buffer.from(token.slice(SKIP_PREFIX.length), 'base64url').toString('utf8') : '';
  const m = /^offset:(\d+)$/.exec(decoded);
  if (!m)
    throw new GraphError(
      400,
      'Request_BadRequest',
      'The specified page token value has expired and can no longer be included in your request.',
    );
  return Number(m[1]);
}

export interface PageOptions {
  /** The `@odata.context` fragment after `$metadata#`, e.g. `users`. */
  context: string;
  defaultPageSize?: number;
  maxPageSize?: number;
  /** A page never holds more, whatever $top asks (e.g. 120 users when signInActivity is selected). */
  pageCap?: number;
}

/** A collection answer: one page of `items` with `@odata.nextLink` (on this emulator) when more remain. */
export function collectionBody(
  items: JsonObject[],
  query: URLSearchParams,
  selfUrl: URL,
  version: GraphVersion,
  options: PageOptions,
): JsonObject {
  const size = Math.min(
    pageSize(query, options.defaultPageSize ?? 100, options.maxPageSize ?? 999),
    options.pageCap ?? Number.POSITIVE_INFINITY,
  );
  const offset = skipOffset(query);
  const body: JsonObject = { '@odata.context': `${metadataUrl(version)}#${options.context}` };
  if (query.get('$count') === 'true') body['@odata.count'] = items.length;
  if (offset + size < items.length) {
    const next = new URL(selfUrl.href);
    next.searchParams.set('$skiptoken', SKIP_PREFIX + Buffer.from(`offset:${offset + size}`).toString('base64url'));
    body['@odata.nextLink'] = next.href;
  }
  body.value = items.slice(offset, offset + size);
  return body;
}

/** `users` → `users(id,displayName)` when a $select is present, as Graph writes the context. */
export function contextWithSelect(context: string, fields: readonly string[] | null): string {
  return fields ? `${context}(${fields.join(',')})` : context;
}
