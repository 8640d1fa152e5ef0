// "Same shape" for Graph JSON: the fixture's property names are present with the same JSON value
// types. Ids, times and @odata annotations (context, nextLink, count) are values, not shape; null on
// either side matches anything (a property contoso has no data for); arrays compare item shapes.
export function kindOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function itemFor(expected: unknown, actual: unknown[]): unknown {
  // Polymorphic collections (methods, directory objects): compare with an item of the same @odata.type.
  const type = typeof expected === 'object' && expected !== null ? (expected as Record<string, unknown>)['@odata.type'] : undefined;
  return type
    ? actual.find((a) => typeof a === 'object' && a !== null && (a as Record<string, unknown>)['@odata.type'] === type)
    : actual[0];
}

/** Differences between a documented example and an answer: names missing here, or other JSON types. */
export function shapeDiff(expected: unknown, actual: unknown, at = '$'): string[] {
  if (expected === null || expected === undefined || actual === null) return [];
  if (kindOf(expected) !== kindOf(actual)) return [`${at}: ${kindOf(expected)} in the docs, ${kindOf(actual)} here`];
  if (Array.isArray(expected)) {
    return expected.flatMap((item, i) => {
      const match = itemFor(item, actual as unknown[]);
      return match === undefined ? [] : shapeDiff(item, match, `${at}[${i}]`);
    });
  }
  if (typeof expected !== 'object') return [];
  // Header maps are free-form: only their type is compared.
  if (/\.headers$/.test(at)) return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
    if (key.includes('@odata.') && key !== '@odata.type') continue;
    if (!(key in (actual as Record<string, unknown>))) problems.push(`${at}.${key}: missing`);
    else problems.push(...shapeDiff(value, (actual as Record<string, unknown>)[key], `${at}.${key}`));
  }
  return problems;
}

/** Item @odata.types of a fixture collection that an answer has no item of (nothing to compare with). */
export function uncomparedTypes(expected: unknown, actual: unknown): string[] {
  if (!Array.isArray(expected) || !Array.isArray(actual)) return [];
  return expected
    .filter((e) => itemFor(e, actual) === undefined)
    .map((e) => String((e as Record<string, unknown>)['@odata.type'] ?? 'item'));
}
