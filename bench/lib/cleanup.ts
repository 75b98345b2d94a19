/**
 * Clean-ups that must run however a benchmark ends: normally (the benchmark awaits them in
 * `finally`), on an error, or on Ctrl-C (bench/index.ts runs what is still registered).
 */
type Cleanup = () => Promise<unknown>;

const pending = new Set<Cleanup>();

/** Registers `fn`; the returned function runs it once and unregisters it. */
export function onCleanup(fn: Cleanup): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once: Cleanup = () => (done ??= fn().then(() => undefined));
  pending.add(once);
  return async () => {
    pending.delete(once);
    await once();
  };
}

/** Runs every clean-up still registered, newest first; errors are reported, not thrown. */
export async function runPendingCleanups(): Promise<void> {
  for (const fn of [...pending].reverse()) {
    pending.delete(fn);
    await fn().catch((err: unknown) => console.error(`clean-up failed: ${err instanceof Error ? err.message : String(err)}`));
  }
}
