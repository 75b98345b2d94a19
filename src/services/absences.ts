/**
 * Absences: staff mark children absent for a day (or import the day's absences as a CSV with
 * MASSAR-like columns); each child's guardians get a notice in their language asking why, once
 * per child and day — an absence already marked (and so asked about) is not asked again. The
 * list shows each absence with the reason the family gave, and the children absent several
 * school days in a row.
 */
import type { AbsenceRow } from '../domain/absences.js';
import { ABSENT_DAYS_FOLLOW_UP, absentRun } from '../domain/absences.js';
import { zonedParts, zonedTimeToInstant } from '../domain/zoned-time.js';
import type { AbsenceRecord } from '../store/absence-store.js';
import type { PipelineContext } from './context.js';
import { createEvent, EventRequestError } from './events.js';
import { readCache } from './read-cache.js';

export interface MarkOutcome {
  date: string;
  /** Children newly marked absent, whose families are asked. */
  marked: string[];
  /** Already marked that day: nothing is sent again. */
  alreadyMarked: string[];
  unknown: string[];
  /** The notice, when one went. */
  eventId?: string;
  recipients?: number;
}

/** The school's today (YYYY-MM-DD on its clock). */
export async function schoolToday(ctx: PipelineContext, schoolId: string): Promise<string> {
  const p = zonedParts(ctx.now(), (await readCache.school(ctx, schoolId)).timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export async function markAbsent(ctx: PipelineContext, schoolId: string, rows: AbsenceRow[], by: string): Promise<MarkOutcome[]> {
  const byDate = new Map<string, AbsenceRow[]>();
  for (const r of rows) byDate.set(r.date, [...(byDate.get(r.date) ?? []), r]);
  const out: MarkOutcome[] = [];
  for (const [date, day] of [...byDate].sort(([a], [b]) => a.localeCompare(b))) out.push(await markDay(ctx, schoolId, date, day, by));
  return out;
}

async function markDay(ctx: PipelineContext, schoolId: string, date: string, rows: AbsenceRow[], by: string): Promise<MarkOutcome> {
  const ids = [...new Set(rows.map((r) => r.childId))];
  const children = await ctx.stores.roster.getChildren(schoolId, ids);
  const unknown = ids.filter((id) => !children.has(id));
  const now = ctx.now().toISOString();
  const records: AbsenceRecord[] = rows.filter((r) => children.has(r.childId)).map((r) => ({ childId: r.childId, date, markedAt: now, markedBy: by, ...(r.session ? { session: r.session } : {}) }));
  const created = await ctx.stores.absences.mark(schoolId, dedupe(records));
  const marked = created.map((r) => r.childId);
  const alreadyMarked = ids.filter((id) => children.has(id) && !marked.includes(id));
  if (!marked.length) return { date, marked, alreadyMarked, unknown };
  const school = await readCache.school(ctx, schoolId);
  // The notice names the day (at the start of the school day, on the school's clock).
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const startsAt = zonedTimeToInstant({ year: y, month: m, day: d, hour: 8, minute: 0 }, school.timeZone).toISOString();
  try {
    const created = await createEvent(ctx, schoolId, { kind: 'absence', audience: { children: marked }, startsAt, rsvp: false, respectQuietHours: true }, { createdBy: by, idempotencyKey: `absence-${date}-${marked.sort().join(',')}` });
    await ctx.stores.absences.noticeSent(schoolId, date, marked, created.eventId);
    return { date, marked, alreadyMarked, unknown, eventId: created.eventId, recipients: created.recipients };
  } catch (err) {
    // Children with no guardian on the roster: marked, nobody to ask.
    if (err instanceof EventRequestError && err.code === 'empty_audience') return { date, marked, alreadyMarked, unknown, recipients: 0 };
    throw err;
  }
}

function dedupe(records: AbsenceRecord[]): AbsenceRecord[] {
  return [...new Map(records.map((r) => [r.childId, r])).values()];
}

export interface AbsenceView extends AbsenceRecord {
  childName: string | null;
  classId: string | null;
  /** School days in a row the child has been absent, ending on this day. */
  daysInARow: number;
  /**
   * When the family is asked, while the notice still waits to go out (quiet hours): the earliest
   * due time of its messages, none of which has gone yet. Absent once one went, or with an answer.
   */
  askAt?: string;
}

/** The school's absences (a day's, or all), each with the child's name and how many school days in a row. */
export async function listAbsences(ctx: PipelineContext, schoolId: string, opts: { date?: string; classIds?: ReadonlySet<string> } = {}): Promise<{ items: AbsenceView[]; followUp: AbsenceView[] }> {
  const all = await ctx.stores.absences.list(schoolId);
  const days = new Map<string, Set<string>>();
  for (const r of all) days.set(r.childId, (days.get(r.childId) ?? new Set()).add(r.date));
  const children = await ctx.stores.roster.getChildren(schoolId, [...days.keys()]);
  const view = (r: AbsenceRecord): AbsenceView => {
    const child = children.get(r.childId);
    return { ...r, childName: child?.name ?? null, classId: child?.classId ?? null, daysInARow: absentRun(days.get(r.childId) ?? new Set(), r.date) };
  };
  const visible = all.filter((r) => !opts.classIds || opts.classIds.has(children.get(r.childId)?.classId ?? ''));
  const items = await withAskAt(ctx, visible.filter((r) => !opts.date || r.date === opts.date).map(view));
  // Each child once, at their latest run of absences long enough to follow up.
  const latest = new Map<string, AbsenceView>();
  for (const v of visible.map(view)) if (v.daysInARow >= ABSENT_DAYS_FOLLOW_UP && !latest.has(v.childId)) latest.set(v.childId, v);
  return { items, followUp: [...latest.values()] };
}

/** The day's absences not yet asked about, with when the question goes (each notice read once). */
async function withAskAt(ctx: PipelineContext, items: AbsenceView[]): Promise<AbsenceView[]> {
  const unanswered = new Set(items.filter((v) => v.eventId && !v.reason && !v.text && !v.mediaId).map((v) => v.eventId as string));
  const due = new Map(await Promise.all([...unanswered].map(async (id) => [id, await questionDue(ctx, id)] as const)));
  return items.map((v) => {
    const askAt = v.eventId ? due.get(v.eventId) : undefined;
    return askAt ? { ...v, askAt } : v;
  });
}

/** The earliest due time of a notice's messages while none has gone out (they wait for quiet hours to end). */
async function questionDue(ctx: PipelineContext, eventId: string): Promise<string | undefined> {
  const { items } = await ctx.stores.events.deliveries(eventId, { offset: 0, limit: ASK_ROWS_READ });
  if (items.some((d) => d.status !== 'queued' || d.sentAt)) return undefined;
  return items.map((d) => d.dueAt).filter((at): at is string => Boolean(at)).sort()[0];
}

/** An absence notice goes to the guardians of the children marked that day: a class's worth at most. */
const ASK_ROWS_READ = 100;
