/**
 * Erasing a guardian (DELETE /v1/guardians/:id): roster entry, their children's links to them,
 * chat links, sessions, simulated chats, delivery rows, notes and survey answers. Event
 * counters keep counting them: a school still knows 30 invitations went out, not to whom.
 */
import type { Platform } from '../core/types.js';
import type { PipelineContext } from './context.js';
import { listSurveys } from './surveys.js';

export async function eraseGuardian(ctx: PipelineContext, schoolId: string, guardianId: string): Promise<boolean> {
  const { roster, events, simulator } = ctx.stores;
  const guardian = await roster.getGuardian(schoolId, guardianId);
  if (!guardian) return false;
  await roster.removeGuardian(schoolId, guardian);
  await events.eraseGuardian(schoolId, guardianId);
  const chats = Object.entries(guardian.channels) as Array<[Platform, string]>;
  await ctx.stores.sessions.erase(chats);
  await Promise.all(chats.map(([platform, address]) => ctx.stores.chats.forgetChat(platform, address)));
  await ctx.stores.notes.eraseGuardian(schoolId, guardianId);
  await ctx.stores.surveys.eraseGuardian(schoolId, (await listSurveys(ctx, schoolId)).map((s) => s.id), guardianId);
  if (guardian.channels.simulator) await simulator.erase(guardian.channels.simulator);
  return true;
}
