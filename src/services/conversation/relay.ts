/**
 * The two-way relay between parents and the teacher or staff who wrote to them. A parent's
 * note is kept for staff (the inbox) and forwarded to the teacher's own linked chat; an
 * answer (the teacher's, through the bot, or staff's, through the API) goes back to the
 * parent on the channel the note came from. Neither side ever sees the other's number.
 */
import type { MediaRef } from '../../core/media.js';
import type { Guardian, Locale, Platform, Teacher } from '../../core/types.js';
import { eventTitle } from '../../domain/conversation/messages.js';
import * as said from '../../domain/conversation/said.js';
import { PLAN_MARGIN_MS, withinWindow } from '../../domain/windows.js';
import type { Note, NoteReply } from '../../store/note-store.js';
import type { PipelineContext } from '../context.js';
import { readCache } from '../read-cache.js';
import type { ReplyRecord } from '../replies.js';
import { chatId } from '../../core/ids.js';

/**
 * Where a message to this person goes now: their first linked channel (the preferred one
 * first) that the school can write on — on a platform with a messaging window, only while the
 * person's last message is inside it (domain/windows.ts).
 */
export async function reachable(ctx: PipelineContext, schoolId: string, person: Pick<Guardian | Teacher, 'channels'>, prefer?: Platform): Promise<{ platform: Platform; accountId: string; address: string } | undefined> {
  const platforms = Object.keys(person.channels) as Platform[];
  const ordered = prefer ? [prefer, ...platforms.filter((p) => p !== prefer)] : platforms;
  for (const platform of ordered) {
    const address = person.channels[platform];
    const account = address && ctx.channels.accountFor(schoolId, platform, address);
    if (!address || !account) continue;
    const windowHours = account.adapter.capabilities.messagingWindowHours;
    const last = windowHours ? await ctx.stores.chats.lastInbound(platform, account.adapter.accountId, address) : undefined;
    if (withinWindow(last, ctx.now(), windowHours, PLAN_MARGIN_MS) === false) continue;
    return { platform, accountId: account.adapter.accountId, address };
  }
  return undefined;
}

/** The forwarded note as the teacher reads it, with its number to answer by. */
export async function noteForTeacher(ctx: PipelineContext, schoolId: string, note: Note, teacher: Teacher): Promise<ReplyRecord | undefined> {
  const to = await reachable(ctx, schoolId, teacher);
  if (!to) return undefined;
  const school = await readCache.school(ctx, schoolId);
  const locale: Locale = teacher.locale ?? school.defaultLocale;
  const [children, classList] = await Promise.all([ctx.stores.roster.childrenOf(schoolId, note.guardianId), ctx.stores.roster.listClasses(schoolId)]);
  const event = note.eventId ? await readCache.event(ctx, note.eventId) : undefined;
  const text = said.noteForTeacher(locale, {
    ref: note.ref,
    children: children.map((c) => c.name),
    classes: [...new Set(children.map((c) => classList.find((k) => k.id === c.classId)?.name ?? c.classId))],
    title: event ? eventTitle(event, locale) : '',
    text: note.text,
  }, mediaFacts(ctx, schoolId, to.platform, note.media));
  return { ...to, schoolId, message: text, memo: { kind: 'note', schoolId, ref: note.ref } };
}

/** A stored file for a recipient on `platform`: carried as a file where the school's account there sends that kind. */
function mediaFacts(ctx: PipelineContext, schoolId: string, platform: Platform, media: MediaRef | undefined): said.MediaFacts | undefined {
  if (!media) return undefined;
  const kinds = ctx.channels.accountFor(schoolId, platform)?.adapter.capabilities.sendsMedia ?? [];
  return { ref: media, carried: kinds.includes(media.kind) };
}

export interface RelayOutcome {
  /** The message to the parent, when it can go. */
  toGuardian?: ReplyRecord;
  /** The parent's chat (session-store's chat id), where a message from staff is kept. */
  chat?: string;
  reply: NoteReply;
}

/**
 * An answer to a note, for the parent who wrote it: on the channel the note came from (else
 * another linked one), unless the parent said STOP — then it is kept on the note, not sent.
 */
export async function answerForGuardian(ctx: PipelineContext, schoolId: string, note: Note, answer: { by: 'staff' | 'teacher'; byId: string; byName?: string; byGender?: 'female' | 'male'; text: string; at: string; media?: MediaRef }): Promise<RelayOutcome> {
  const guardian = await ctx.stores.roster.getGuardian(schoolId, note.guardianId);
  const reply: NoteReply = { at: answer.at, by: answer.by, byId: answer.byId, text: answer.text, ...(answer.media ? { media: answer.media } : {}) };
  if (!guardian) return { reply: { ...reply, undelivered: 'erased' } };
  if (guardian.optedOutAt) return { reply: { ...reply, undelivered: 'opted_out' } };
  const to = await reachable(ctx, schoolId, guardian, note.channel);
  if (!to) return { reply: { ...reply, undelivered: 'not_reachable_now' } };
  const event = note.eventId ? await readCache.event(ctx, note.eventId) : undefined;
  // "about “…”" only when the parent's message was about it (answered or quoted), not merely after it.
  const title = event && !note.guessed ? eventTitle(event, guardian.locale) : '';
  const text = said.answerForParent(guardian.locale, { by: answer.by, ...(answer.byName ? { teacherName: answer.byName } : {}), ...(answer.byGender ? { teacherGender: answer.byGender } : {}), title, text: answer.text }, mediaFacts(ctx, schoolId, to.platform, answer.media));
  const { address, ...channel } = to;
  return { toGuardian: { ...channel, schoolId, to: { schoolId, guardianId: guardian.id }, message: text }, chat: chatId(to.platform, address, schoolId), reply };
}
