/** N calls with at most C in flight, each timed: throughput and latency of a client alone. */
import { now } from './timing.js';

export interface PoolRun {
  ms: number;
  /** Per successful call, ms, in completion order. */
  latencies: number[];
  failures: number;
  firstError?: string;
}

export async function runPool(n: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<PoolRun> {
  const latencies: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const start = now();
      try {
        await call(i);
        latencies.push(now() - start);
      } catch (err) {
        failures++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  const start = now();
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  return { ms: now() - start, latencies, failures, ...(firstError === undefined ? {} : { firstError }) };
}
