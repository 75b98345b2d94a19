/**
 * A family's reason for an absence, kept on the absence of each of their children the notice
 * named (the notice's day is its date on the school's clock). A later answer completes the
 * earlier one: a certificate's photo after "sick", words after "other".
 */
import type { Effect } from '../../domain/conversation/types.js';
import { zonedParts } from '../../domain/zoned-time.js';
import type { AddressOwner } from '../../store/roster-store.js';
import type { PipelineContext } from '../context.js';
import { readCache } from '../read-cache.js';

type AbsenceEffect = Extract<Effect, { type: 'absence_reason' }>;

export async function absenceEffect(ctx: PipelineContext, owner: AddressOwner, effect: AbsenceEffect): Promise<void> {
  const event = await readCache.event(ctx, effect.eventId);
  if (event?.kind !== 'absence' || event.schoolId !== owner.schoolId || !event.startsAt) return;
  const school = await readCache.school(ctx, owner.schoolId);
  const date = noticeDay(event.startsAt, school.timeZone);
  const named = new Set('children' in event.audience ? event.audience.children : []);
  const children = (await ctx.stores.roster.childrenOf(owner.schoolId, owner.id)).filter((c) => named.has(c.id));
  for (const child of children) {
    await ctx.stores.absences.justify(owner.schoolId, date, child.id, {
      guardianId: owner.id, at: effect.at,
      ...(effect.reason ? { reason: effect.reason } : {}),
      ...(effect.text ? { text: effect.text } : {}),
      ...(effect.media ? { mediaId: effect.media.id } : {}),
    });
  }
}

/** The school day an absence notice is about (its startsAt, on the school's clock). */
export function noticeDay(startsAt: string, timeZone: string): string {
  const p = zonedParts(new Date(startsAt), timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
