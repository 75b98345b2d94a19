/**
 * One inbound text or tap, end to end (DESIGN §3 inbound, step 2): find which school it is
 * for (turn-routing.ts), load that conversation's session and what the step needs, run the pure
 * engine, write the session back with compare-and-set together with the step's outbox entry
 * (effects and replies), then carry out the effects and queue the replies.
 *
 * Two messages of one parent handled at once: one write wins, the other loads the new session
 * and steps again. A job retried after its write (the worker died) finds its message in the
 * session's handled list and carries out the stored outbox entry instead of deciding again:
 * effects are idempotent and a reply marked sent is never sent twice.
 *
 * A chat shared by two schools: a message that says which school it is for goes there; one
 * that does not is held, and the parent is asked "which school is this about?" with the
 * schools' names as choices; their pick sends the held messages on, in order, to that school.
 */
import type { Locale } from '../../core/types.js';
import { alreadyHandled, step } from '../../domain/conversation/step.js';
import * as said from '../../domain/conversation/said.js';
import type { Effect, Session } from '../../domain/conversation/types.js';
import { ASK_AGAIN_AFTER_MS, chooseSchool, PICK_STANDS_MS, pickedSchool, schoolChoices } from '../../domain/conversation/school-choice.js';
import type { AddressOwner } from '../../store/roster-store.js';
import type { PipelineContext } from '../context.js';
import { applyEffects } from './effects.js';
import { loadTurn, ownerLocale, readChoice, type TurnEvent } from './context.js';
import { fromInboundJob, toInboundJob, type InboundJob } from '../../queue/jobs.js';
import { readCache } from '../read-cache.js';
import { replyDirect } from '../inbound/join.js';
import { FOLLOW_UP_BASE, queueReplies, replayDirectReplies, type OutboxEntry } from '../replies.js';
import type { TurnOrigin } from './origin.js';
import { candidatesOf, offeredSchools, pointedSchool, readByEachSchool, type SharedChatState } from './routing.js';
import { causeId, chatId } from '../../core/ids.js';

/** Compare-and-set rounds before the job gives up and lets BullMQ retry it later. */
const MAX_ROUNDS = 50;
/** Messages held at most while the parent is asked which school they are for (the oldest go on asking). */
const MAX_HELD = 10;

interface StoredEntry extends OutboxEntry<Effect> {
  owner?: TurnOrigin['owner'];
}

/** `onlySchool`: the school the parent picked for this (held) message. */
export async function handleTurn(ctx: PipelineContext, e: TurnEvent, onlySchool?: string): Promise<string> {
  const cause = causeId(e.platformMessageId);
  const candidates = await candidatesOf(ctx, e, onlySchool);
  if (candidates.length <= 1) return runTurn(ctx, e, candidates[0], cause);
  return routeShared(ctx, e, candidates, cause);
}

/** The conversation with one school (or, for a chat no school knows, the chat's own level). */
async function runTurn(ctx: PipelineContext, e: TurnEvent, owner: AddressOwner | undefined, cause: string): Promise<string> {
  const schoolId = owner?.schoolId ?? e.schoolId ?? '';
  const chat = chatId(e.platform, e.from, schoolId);
  const origin: TurnOrigin = { owner, schoolId, platform: e.platform, accountId: e.accountId, address: e.from, cause };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { session, version } = await ctx.stores.sessions.load<Session>(chat);
    if (alreadyHandled(session, cause)) return replay(ctx, chat, cause, origin);
    const loaded = await loadTurn(ctx, e, session, cause, owner);
    const result = step(session, loaded.input, ctx.now(), loaded.context);
    // Numbered in the order the steps are written, so they reach the phone in that order.
    const seq = session?.outSeq ?? 0;
    result.session.outSeq = seq + result.replies.length;
    const entry: StoredEntry = {
      effects: result.effects,
      replies: result.replies.map((message, i) => ({ platform: e.platform, accountId: e.accountId, schoolId, address: e.from, message, seq: seq + i + 1 })),
      ...(owner ? { owner } : {}),
    };
    const forget = (session?.handled ?? []).filter((id) => !result.session.handled.includes(id));
    if (await ctx.stores.sessions.commit(chat, version, result.session, cause, entry, forget)) {
      await carryOut(ctx, chat, cause, entry, origin);
      ctx.metrics.inbound.inc({ platform: e.platform, type: `turn_${result.outcome}` });
      return result.outcome;
    }
    await backOff(round);
  }
  throw new Error('the chat\'s session kept changing under this message; retrying later');
}

/** A chat of several schools' guardians: where this message goes, or the question. */
async function routeShared(ctx: PipelineContext, e: TurnEvent, candidates: AddressOwner[], cause: string): Promise<string> {
  const level = chatId(e.platform, e.from, '');
  if (await replayDirectReplies(ctx, level, cause)) return 'replayed';
  const state = (await ctx.stores.sessions.parked<SharedChatState>(level)) ?? {};
  const pointing = await readChoice(ctx, e);
  const { choiceId } = pointing;
  const asked = state.askedAt !== undefined ? state.offered ?? [] : [];
  const offered = await offeredSchools(ctx, choiceId ? candidates.map((c) => c.schoolId) : asked);
  // A vote read before its poll was remembered still carries the option's label and place.
  const optionIndex = e.type === 'choice' ? e.optionIndex : undefined;
  const text = 'text' in e ? e.text : undefined;
  const picked = pickedSchool({ ...(choiceId ? { choiceId } : {}), ...(text ? { text } : {}), ...(optionIndex !== undefined ? { optionIndex } : {}) }, offered);
  const pickOwner = candidates.find((c) => c.schoolId === picked);
  if (pickOwner) return takePick(ctx, e, pickOwner, state);

  const pointed = await pointedSchool(ctx, e, pointing, candidates);
  const pointedOwner = candidates.find((c) => c.schoolId === pointed);
  if (pointedOwner) return runTurn(ctx, e, pointedOwner, cause);
  const readings = await readByEachSchool(ctx, e, candidates, cause);
  const handledIn = readings.find((r) => r.handled);
  if (handledIn) return runTurn(ctx, e, handledIn.owner, cause); // a retry: replays its outbox
  const stands = state.picked && ctx.now().getTime() - Date.parse(state.picked.at) < PICK_STANDS_MS;
  const decision = chooseSchool({
    candidates: candidates.map((c) => c.schoolId),
    claimers: readings.filter((r) => r.claims).map((r) => r.owner.schoolId),
    ...(stands && state.picked ? { picked: state.picked.schoolId } : {}),
  });
  if ('schoolId' in decision) return runTurn(ctx, e, candidates.find((c) => c.schoolId === decision.schoolId), cause);
  const locale = readings.find((r) => r.owner.schoolId === decision.ask[0])?.locale ?? readings[0]?.locale ?? 'ar';
  return askWhichSchool(ctx, e, { level, cause, state, schoolIds: decision.ask, locale });
}

interface Ask {
  level: string;
  cause: string;
  state: SharedChatState;
  schoolIds: string[];
  locale: Locale;
}

/** Holds the message and asks which school it is for (once: not again while the question is fresh). */
async function askWhichSchool(ctx: PipelineContext, e: TurnEvent, ask: Ask): Promise<string> {
  const { state, level, cause } = ask;
  await ctx.stores.sessions.hold(level, cause, toInboundJob(e), MAX_HELD, sessionTtlS(ctx));
  const fresh = !(await ctx.stores.sessions.shouldAsk(level, ask.schoolIds.join(' '), ASK_AGAIN_AFTER_MS));
  const askedAt = (fresh && state.askedAt) || ctx.now().toISOString();
  await ctx.stores.sessions.park(level, { ...state, offered: ask.schoolIds, askedAt }, sessionTtlS(ctx));
  const offered = await offeredSchools(ctx, ask.schoolIds, ask.locale);
  const question = said.whichSchool(ask.locale, schoolChoices(offered));
  await replyDirect(ctx, e, '', fresh ? [] : [question]);
  return fresh ? 'held_for_school' : 'asked_school';
}

/** The parent named a school: the held messages go to it, in order, and the pick stands a while. */
async function takePick(ctx: PipelineContext, e: TurnEvent, owner: AddressOwner, state: SharedChatState): Promise<string> {
  const level = chatId(e.platform, e.from, '');
  const picked = { schoolId: owner.schoolId, at: ctx.now().toISOString() };
  await ctx.stores.sessions.park(level, { ...state, picked }, sessionTtlS(ctx));
  // Each held message is handled once in the school's conversation (a retry finds it handled).
  const held = await ctx.stores.sessions.heldMessages<InboundJob>(level);
  for (const { message: job } of held) await handleTurn(ctx, fromInboundJob(job) as TurnEvent, owner.schoolId);
  const school = await readCache.school(ctx, owner.schoolId);
  const go = said.writeForSchool(await ownerLocale(ctx, owner), school.name);
  await replyDirect(ctx, e, '', held.length ? [] : [go]);
  await ctx.stores.sessions.release(level, held.map((h) => h.id));
  await ctx.stores.sessions.park(level, { picked }, sessionTtlS(ctx));
  await ctx.stores.sessions.answered(level);
  return 'school_picked';
}

/** The step was written but maybe not carried out (the worker died): carry out its entry again. */
async function replay(ctx: PipelineContext, chat: string, cause: string, origin: TurnOrigin): Promise<string> {
  const entry = await ctx.stores.sessions.outbox<StoredEntry>(chat, cause);
  if (!entry) return 'already_handled';
  await carryOut(ctx, chat, cause, entry, { ...origin, owner: entry.owner });
  return 'replayed';
}

async function carryOut(ctx: PipelineContext, chat: string, cause: string, entry: StoredEntry, origin: TurnOrigin): Promise<void> {
  const followUps = await applyEffects(ctx, origin, entry.effects);
  if (followUps.length) await ctx.stores.sessions.putFollowUps(chat, cause, followUps);
  await queueReplies(ctx, chat, cause, entry.replies);
  if (followUps.length) await queueReplies(ctx, chat, cause, followUps, FOLLOW_UP_BASE);
}

function sessionTtlS(ctx: PipelineContext): number {
  return ctx.config.SESSION_TTL_DAYS * 24 * 3600;
}

/** A few ms, growing and jittered, so rounds of one parent's burst spread out. */
function backOff(round: number): Promise<void> {
  const ms = Math.min(50, 2 + round * 2) * (0.5 + Math.random());
  return new Promise((r) => setTimeout(r, ms));
}
