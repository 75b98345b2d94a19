/** Number formatting and a plain-text table for benchmark reports. */

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export const int = (n: number): string => (Number.isFinite(n) ? grouped.format(n) : String(n));

export function fixed(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

export function ms(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 10_000 ? `${fixed(n / 1000, 2)} s` : `${fixed(n, n < 100 ? 1 : 0)} ms`;
}

export function bytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1024 * 1024) return `${fixed(n / 1024 / 1024, 2)} MiB`;
  if (Math.abs(n) >= 10 * 1024) return `${fixed(n / 1024, 1)} KiB`;
  return Math.abs(n) < 10 ? `${fixed(n, 2)} B` : `${int(n)} B`;
}

export const rate = (perSecond: number, unit: string): string => `${int(perSecond)} ${unit}/s`;

/** A target next to a figure; never an assertion. */
export interface Verdict {
  target: string;
  pass: boolean;
}

export const verdict = (pass: boolean, target: string): Verdict => ({ pass, target });

export type Row = [label: string, value: string, note?: string, check?: Verdict];

/** Sections of rows, columns aligned, PASS/MISS at the end of rows that have a target. */
export function table(title: string, sections: Array<{ name: string; rows: Row[] }>): string {
  const all = sections.flatMap((s) => s.rows);
  const w0 = Math.max(...all.map((r) => r[0].length));
  const w1 = Math.max(...all.map((r) => r[1].length));
  const w2 = Math.max(0, ...all.map((r) => (r[2] ?? '').length));
  const width = Math.max(title.length, w0 + w1 + w2 + 40);
  const lines = [title, '='.repeat(Math.min(width, 110))];
  for (const section of sections) {
    lines.push(`-- ${section.name} ${'-'.repeat(Math.max(3, Math.min(width, 110) - section.name.length - 4))}`);
    for (const [label, value, note, check] of section.rows) {
      let line = `  ${label.padEnd(w0)}  ${value.padStart(w1)}  ${(note ?? '').padEnd(w2)}`;
      if (check) line += `  ${check.pass ? 'PASS' : 'MISS'} (target ${check.target})`;
      lines.push(line.trimEnd());
    }
  }
  return lines.join('\n');
}
