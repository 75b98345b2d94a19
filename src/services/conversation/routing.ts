/**
 * Which school a parent's message is for (DESIGN §10). An address belongs to a guardian or
 * teacher in each school that imported or linked it; a message on an account is for the schools
 * that account serves, and the simulator's messages for the one school whose key posted them.
 * When more than one school remains, the signals of school-choice.ts decide, or the parent is
 * asked; these are the reads they need.
 */
import { decodeRsvpChoice, decodeSurveyChoice } from '../../core/choice.js';
import type { Locale } from '../../core/types.js';
import { t } from '../../i18n/index.js';
import { alreadyHandled, step } from '../../domain/conversation/step.js';
import type { Session } from '../../domain/conversation/types.js';
import { claimsMessage } from '../../domain/conversation/school-choice.js';
import type { AddressOwner } from '../../store/roster-store.js';
import type { PipelineContext } from '../context.js';
import { loadTurn, type readChoice, type TurnEvent } from './context.js';
import { readCache } from '../read-cache.js';
import { chatId, schoolKey } from '../../core/ids.js';

/**
 * What the chat's own level (school '') keeps about a shared chat, beside the messages held while
 * the parent is asked which school they are about: the schools offered and when, and the last pick.
 */
export interface SharedChatState {
  offered?: string[];
  askedAt?: string;
  picked?: { schoolId: string; at: string };
}

/** The guardians and teachers the message may come from: one per school it may be for. */
export async function candidatesOf(ctx: PipelineContext, e: TurnEvent, onlySchool?: string): Promise<AddressOwner[]> {
  const scope = onlySchool ?? e.schoolId;
  const owners = await ctx.stores.roster.ownersOf(e.platform, e.from);
  return owners.filter((o) => (scope ? o.schoolId === scope : ctx.channels.serves(e.platform, e.accountId, o.schoolId)));
}

/** The schools to choose from, each by its name (a school not named yet: "your child’s school" in `locale`). */
export async function offeredSchools(ctx: PipelineContext, schoolIds: readonly string[], locale: Locale = 'ar'): Promise<Array<{ id: string; key: string; name: string }>> {
  return Promise.all(schoolIds.map(async (id) => ({ id, key: schoolKey(id), name: (await readCache.school(ctx, id)).name ?? t(locale, 'invitation.unnamedSchool') })));
}

/**
 * The school the message itself points at: the message it quotes or votes in (remembered when
 * sent, or, on channels whose sends are their delivery, found on a candidate guardian's recent
 * invitations), the invitation or survey question it taps.
 */
export async function pointedSchool(ctx: PipelineContext, e: TurnEvent, { ref, choiceId }: Awaited<ReturnType<typeof readChoice>>, candidates: readonly AddressOwner[]): Promise<string | undefined> {
  if (ref?.schoolId) return ref.schoolId;
  const tap = choiceId ? (decodeRsvpChoice(choiceId) ?? decodeSurveyChoice(choiceId)) : undefined;
  if (tap) return (await readCache.event(ctx, tap.eventId))?.schoolId;
  if (!e.replyTo) return undefined;
  const quoting = await Promise.all(candidates.filter((o) => o.kind === 'guardian').map(async (o) => {
    const recent = await ctx.stores.events.recentlySent(o.schoolId, o.id);
    return recent.some((p) => p.delivery.platformMessageId === e.replyTo) ? o.schoolId : undefined;
  }));
  return quoting.find((id) => id !== undefined);
}

export interface CandidateReading {
  owner: AddressOwner;
  /** The conversation's id with this school. */
  chat: string;
  /** This message was already handled in this school's conversation (a retried job). */
  handled: boolean;
  /** The conversation with this school takes the message as an answer to what it asked. */
  claims: boolean;
  locale: Locale;
}

/**
 * Each candidate school's conversation reads the message without acting on it: the engine is
 * pure, so a dry step says whether this school's conversation waits for what the message says.
 */
export async function readByEachSchool(ctx: PipelineContext, e: TurnEvent, candidates: readonly AddressOwner[], cause: string): Promise<CandidateReading[]> {
  return Promise.all(candidates.map(async (owner) => {
    const chat = chatId(e.platform, e.from, owner.schoolId);
    const { session } = await ctx.stores.sessions.load<Session>(chat);
    const loaded = await loadTurn(ctx, e, session, cause, owner, true);
    const outcome = step(session, loaded.input, ctx.now(), loaded.context).outcome;
    return { owner, chat, handled: alreadyHandled(session, cause), claims: claimsMessage(outcome), locale: loaded.context.sender.locale };
  }));
}
