// Figures from raw samples: percentiles, and how many Graph round trips a turn made one after the
// other (the emulator's request log), which is what bounds an approval's latency.
import type { LogEntry, TokenCall } from '../../harness/emulator';

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * The longest chain of Graph round trips in which each starts after the previous one ended. A
 * `$batch` is one round trip (its inner requests ride along); requests that overlap in time ran in
 * parallel and add nothing. Greedy by end time gives the longest such chain. `others`: further remote
 * calls counted alike (the token calls: Entra's token endpoint, the Bot Framework token service).
 */
export function sequentialRoundTrips(
  entries: readonly LogEntry[],
  from: number,
  to: number,
  others: readonly TokenCall[] = [],
): { count: number; chain: string[] } {
  const graph = entries.filter((e) => e.batchId === undefined || e.route === 'POST /$batch');
  const trips = [...graph, ...others].filter((e) => e.start >= from && e.end <= to);
  const byEnd = [...trips].sort((a, b) => a.end - b.end);
  const chain: string[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const trip of byEnd) {
    if (trip.start >= last) {
      chain.push(trip.route);
      last = trip.end;
    }
  }
  return { count: chain.length, chain };
}
