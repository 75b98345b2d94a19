/**
 * Merging the rows of a spreadsheet: one row per child–guardian pair repeats the same
 * guardian and class many times. A later row may fill in a blank, never change a value.
 */
import type { ChannelAddresses, Locale, Platform } from '../../core/types.js';
import { cut } from './issues.js';

/** A value and the row it was first read from, to point the secretary at both rows. */
export interface Sourced<T> {
  value: T;
  row: number;
}

export type Draft<T> = { [K in keyof T]?: Sourced<T[K]> };

export interface ClassFacts {
  name: string;
  grade: number;
}

export interface GuardianFacts {
  name: string;
  phone: string;
  locale: Locale;
  channels: ChannelAddresses;
  channelOrder: Platform[];
}

export interface ChildFacts {
  name: string;
  classId: string;
}

export const CLASS_FACTS = ['name', 'grade'] as const satisfies readonly (keyof ClassFacts)[];
export const GUARDIAN_FACTS = ['name', 'phone', 'locale', 'channels', 'channelOrder'] as const satisfies readonly (keyof GuardianFacts)[];
export const CHILD_FACTS = ['name', 'classId'] as const satisfies readonly (keyof ChildFacts)[];

export interface Clash<K extends string = string> {
  fact: K;
  was: Sourced<unknown>;
  now: unknown;
}

/** Facts given on this row that differ from what an earlier row said. */
export function clashes<T, K extends keyof T & string>(draft: Draft<T>, incoming: Partial<T>, facts: readonly K[]): Clash<K>[] {
  return facts.flatMap((fact) => {
    const was = draft[fact];
    const now = incoming[fact];
    return was !== undefined && now !== undefined && !sameValue(was.value, now) ? [{ fact, was, now }] : [];
  });
}

/** Records the facts an earlier row left blank. */
export function fillIn<T, K extends keyof T>(draft: Draft<T>, incoming: Partial<T>, facts: readonly K[], row: number): void {
  for (const fact of facts) {
    const now: T[K] | undefined = incoming[fact];
    if (draft[fact] === undefined && now !== undefined) draft[fact] = { value: now, row };
  }
}

/** Same value whatever the order the channels were written in. */
function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** A fact written the way the spreadsheet writes it: channels as "simulator:s1|<platform>:<address>". */
export function factText(value: unknown): string {
  if (Array.isArray(value)) return cut(value.map(String).join('|'));
  if (value !== null && typeof value === 'object') {
    return cut(Object.entries(value).map(([k, v]) => `${k}:${String(v)}`).join('|'));
  }
  return cut(typeof value === 'string' ? value : String(value));
}
