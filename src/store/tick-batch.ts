/**
 * Writes of one kind made in the same turn of the event loop, grouped by key (one event's rows,
 * one school's phones: one hash slot each) and sent as one command per group at the end of the
 * turn. A worker running twenty batches at once records a handful of sends a turn: one script
 * call instead of one each, each caller's promise settled with the group's answer. Nothing
 * waits longer than the turn it was made in (auto-pipelining would hold it as long).
 */

/** Items per command at most, so one script never holds Redis long (a row's change is a few µs). */
const MAX_GROUP = 200;

interface Pending<T> {
  item: T;
  resolve(): void;
  reject(err: unknown): void;
}

export class TickBatch<T> {
  private pending = new Map<string, Array<Pending<T>>>();
  private scheduled = false;

  /** `write` sends one group's items (all with the same key) as one command. */
  constructor(private readonly write: (key: string, items: T[]) => Promise<unknown>) {}

  /** Settles once the group holding `item` is written (or fails with the group's error). */
  add(key: string, item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let group = this.pending.get(key);
      if (!group) this.pending.set(key, (group = []));
      group.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const groups = this.pending;
    this.pending = new Map();
    for (const [key, group] of groups) {
      for (let i = 0; i < group.length; i += MAX_GROUP) this.send(key, group.slice(i, i + MAX_GROUP));
    }
  }

  private send(key: string, group: Array<Pending<T>>): void {
    let written: Promise<unknown>;
    try {
      written = this.write(key, group.map((p) => p.item));
    } catch (err) {
      written = Promise.reject(err);
    }
    written.then(
      () => group.forEach((p) => p.resolve()),
      (err: unknown) => group.forEach((p) => p.reject(err)),
    );
  }
}
