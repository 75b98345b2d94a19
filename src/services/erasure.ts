/**
 * Erasing a guardian (DELETE /v1/guardians/:id): roster entry, their children's links to them,
 * the school's links to their chats, the school's conversations and simulated chats with them,
 * delivery rows, notes and survey answers. Event counters keep counting them: a school still
 * knows 30 invitations went out, not to whom.
 *
 * Only the erasing school's part (DESIGN §10): a parent who is also a guardian of another school
 * keeps that school's links, conversations and transcripts, and their messages still reach it.
 * What belongs to the chat rather than a school (when it last wrote to an account, the chat's own
 * level) goes only when no other school the account serves knows the chat.
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
  await ctx.stores.slots.eraseGuardian(schoolId, guardianId);
  const chats = Object.entries(guardian.channels) as Array<[Platform, string]>;
  await Promise.all(chats.map(([platform, address]) => forgetChat(ctx, schoolId, platform, address)));
  const notes = await ctx.stores.notes.eraseGuardian(schoolId, guardianId);
  // The voice notes and photos go with the notes that carried them, and the teachers' answers to them.
  const files = notes.flatMap((n) => [n.media?.id, ...n.replies.map((r) => r.media?.id)]).filter((id): id is string => id !== undefined);
  if (files.length) await ctx.stores.media.remove(schoolId, files);
  await ctx.stores.surveys.eraseGuardian(schoolId, (await listSurveys(ctx, schoolId)).map((s) => s.id), guardianId);
  if (guardian.channels.simulator) await simulator.erase(schoolId, guardian.channels.simulator);
  return true;
}

async function forgetChat(ctx: PipelineContext, schoolId: string, platform: Platform, address: string): Promise<void> {
  const others = await ctx.stores.roster.ownersOf(platform, address);
  const alone = ctx.channels.accountsOf(schoolId, platform)
    .filter((account) => !others.some((o) => ctx.channels.serves(platform, account.adapter.accountId, o.schoolId)))
    .map((account) => account.adapter.accountId);
  await ctx.stores.sessions.erase(platform, address, others.length ? [schoolId] : [schoolId, '']);
  await ctx.stores.chats.forgetChat(platform, address, schoolId, alone);
}
