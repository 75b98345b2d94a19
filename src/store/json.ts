/** Stored JSON is our own writing, but a stray or hand-edited value must not crash a worker. */
export function parseStored<T>(raw: string | null | undefined): T | undefined {
  if (raw == null) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
