/** Rosters for tests: n guardians in classes of `perClass`, half Arabic, half English. */
export interface RosterOptions {
  guardians: number;
  perClass?: number;
  /** Address of guardian i on the simulator; default `sim-<prefix>-g<i>`. */
  address?: (i: number) => string;
}

export function makeRoster(tag: string, opts: RosterOptions) {
  const perClass = opts.perClass ?? 30;
  const classCount = Math.ceil(opts.guardians / perClass);
  const classes = Array.from({ length: classCount }, (_, c) => ({ id: `C${c + 1}`, name: `Class ${c + 1}`, grade: (c % 6) + 1 }));
  const guardians = Array.from({ length: opts.guardians }, (_, i) => ({
    id: `g${i + 1}`,
    name: i % 2 === 0 ? `ولي ${i + 1}` : `Parent ${i + 1}`,
    locale: i % 2 === 0 ? 'ar' : 'en',
    phone: `+2126${String(10_000_000 + i).padStart(8, '0')}`,
    channels: { simulator: opts.address ? opts.address(i + 1) : `sim-${tag}-g${i + 1}` },
  }));
  const children = guardians.map((g, i) => ({
    id: `c${i + 1}`,
    name: i % 2 === 0 ? `سارة ${i + 1}` : `Sara ${i + 1}`,
    classId: `C${Math.floor(i / perClass) + 1}`,
    guardianIds: [g.id],
  }));
  return { classes, guardians, children, teachers: [] as unknown[] };
}
