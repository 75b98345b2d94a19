/**
 * Audience → guardians, each with the children that make them a recipient.
 * Linear in the roster size (one pass over children) so a 10,000-guardian school stays cheap.
 */
import type { Audience } from '../core/types.js';

export interface AudienceRoster {
  classes: ReadonlyMap<string, { grade: number }>;
  children: ReadonlyMap<string, { classId: string; guardianIds: readonly string[] }>;
  guardianIds: ReadonlySet<string>;
}

export type AudienceField = 'classes' | 'grades' | 'guardians' | 'children';

export interface UnknownAudienceIds {
  field: AudienceField;
  /** Each unknown id once, in the order given. */
  ids: string[];
}

export interface ResolvedAudience {
  /** guardianId → childIds, insertion-ordered. */
  recipients: Map<string, string[]>;
  unknown: UnknownAudienceIds | undefined;
}

type ChildRow = { classId: string; guardianIds: readonly string[] };
type Recipients = Map<string, string[]>;

/** Adds the child to each of its guardians still on the roster; erased guardians are skipped. */
function addChild(out: Recipients, childId: string, child: ChildRow, roster: AudienceRoster): void {
  for (const gid of child.guardianIds) {
    if (!roster.guardianIds.has(gid)) continue;
    const list = out.get(gid);
    if (list === undefined) out.set(gid, [childId]);
    else if (list[list.length - 1] !== childId) list.push(childId); // a guardian listed twice on one child
  }
}

/** Every child passing `keep`, in roster order. */
function byChildFilter(roster: AudienceRoster, keep: (child: ChildRow) => boolean): Recipients {
  const out: Recipients = new Map();
  for (const [childId, child] of roster.children) {
    if (keep(child)) addChild(out, childId, child, roster);
  }
  return out;
}

function unknownOf(field: AudienceField, ids: readonly string[], known: (id: string) => boolean): UnknownAudienceIds | undefined {
  const missing = [...new Set(ids)].filter((id) => !known(id));
  return missing.length === 0 ? undefined : { field, ids: missing };
}

function resolveClasses(ids: readonly string[], roster: AudienceRoster): ResolvedAudience {
  const wanted = new Set(ids);
  return {
    recipients: byChildFilter(roster, (c) => wanted.has(c.classId)),
    unknown: unknownOf('classes', ids, (id) => roster.classes.has(id)),
  };
}

function resolveGrades(grades: readonly number[], roster: AudienceRoster): ResolvedAudience {
  const wanted = new Set(grades);
  const classIds = new Set<string>();
  const seenGrades = new Set<number>();
  for (const [classId, cls] of roster.classes) {
    seenGrades.add(cls.grade);
    if (wanted.has(cls.grade)) classIds.add(classId);
  }
  return {
    recipients: byChildFilter(roster, (c) => classIds.has(c.classId)),
    unknown: unknownOf('grades', grades.map(String), (g) => seenGrades.has(Number(g))),
  };
}

/** Each known guardian, in the order asked, with all their children (possibly none). */
function resolveGuardians(ids: readonly string[], roster: AudienceRoster): ResolvedAudience {
  const out: Recipients = new Map();
  for (const gid of ids) if (roster.guardianIds.has(gid)) out.set(gid, []);
  for (const [childId, child] of roster.children) {
    for (const gid of child.guardianIds) {
      const list = out.get(gid);
      if (list !== undefined && list[list.length - 1] !== childId) list.push(childId);
    }
  }
  return { recipients: out, unknown: unknownOf('guardians', ids, (id) => roster.guardianIds.has(id)) };
}

/** Guardians of the named children, children in the order asked. */
function resolveChildren(ids: readonly string[], roster: AudienceRoster): ResolvedAudience {
  const out: Recipients = new Map();
  for (const childId of new Set(ids)) {
    const child = roster.children.get(childId);
    if (child !== undefined) addChild(out, childId, child, roster);
  }
  return { recipients: out, unknown: unknownOf('children', ids, (id) => roster.children.has(id)) };
}

/**
 * Resolves an audience to guardians with the children that make them a recipient. Unknown ids
 * are reported, never dropped. Children without a (remaining) guardian reach nobody.
 * Empty id lists give no recipients and no error: rejecting empty audiences is the caller's job.
 */
export function resolveAudience(audience: Audience, roster: AudienceRoster): ResolvedAudience {
  if ('school' in audience) return { recipients: byChildFilter(roster, () => true), unknown: undefined };
  if ('grades' in audience) return resolveGrades(audience.grades, roster);
  if ('classes' in audience) return resolveClasses(audience.classes, roster);
  if ('guardians' in audience) return resolveGuardians(audience.guardians, roster);
  return resolveChildren(audience.children, roster);
}
