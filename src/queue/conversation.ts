/**
 * One inbound text or tap, end to end (DESIGN §3 inbound, step 2): load the chat's session and
 * what the step needs, run the pure engine, write the session back with compare-and-set
 * together with the step's outbox entry (effects and replies), then carry out the effects and
 * queue the replies.
 *
 * Two messages of one parent handled at once: one write wins, the other loads the new session
 * and steps again. A job retried after its write (the worker died) finds its message in the
 * session's handled list and carries out the stored outbox entry instead of deciding again:
 * effects are idempotent and a reply marked sent is never sent twice.
 */
import type { InboundEvent } from '../core/adapter.js';
import { alreadyHandled, step } from '../domain/conversation.js';
import type { Effect, Session } from '../domain/conversation-types.js';
import { causeId, chatId } from '../store/session-store.js';
import type { PipelineContext } from './context.js';
import { applyEffects } from './conversation-effects.js';
import { loadTurn } from './conversation-context.js';
import { FOLLOW_UP_BASE, queueReplies, type OutboxEntry } from './replies.js';
import type { TurnOrigin } from './turn-origin.js';

type TurnEvent = Extract<InboundEvent, { type: 'text' | 'choice' }>;

/** Compare-and-set rounds before the job gives up and lets BullMQ retry it later. */
const MAX_ROUNDS = 50;

interface StoredEntry extends OutboxEntry<Effect> {
  owner?: TurnOrigin['owner'];
}

export async function handleTurn(ctx: PipelineContext, e: TurnEvent): Promise<string> {
  const chat = chatId(e.platform, e.from);
  const cause = causeId(e.platformMessageId);
  const origin = (owner: TurnOrigin['owner']): TurnOrigin => ({ owner, platform: e.platform, accountId: e.accountId, address: e.from, cause });
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { session, version } = await ctx.stores.sessions.load<Session>(chat);
    if (alreadyHandled(session, cause)) return replay(ctx, chat, cause, origin);
    const loaded = await loadTurn(ctx, e, session, cause);
    const result = step(session, loaded.input, ctx.now(), loaded.context);
    // Numbered in the order the steps are written, so they reach the phone in that order.
    const seq = session?.outSeq ?? 0;
    result.session.outSeq = seq + result.replies.length;
    const entry: StoredEntry = {
      effects: result.effects,
      replies: result.replies.map((message, i) => ({ platform: e.platform, accountId: e.accountId, address: e.from, message, seq: seq + i + 1 })),
      ...(loaded.owner ? { owner: loaded.owner } : {}),
    };
    const forget = (session?.handled ?? []).filter((id) => !result.session.handled.includes(id));
    if (await ctx.stores.sessions.commit(chat, version, result.session, cause, entry, forget)) {
      await carryOut(ctx, chat, cause, entry, origin(loaded.owner));
      ctx.metrics.inbound.inc({ platform: e.platform, type: `turn_${result.outcome}` });
      return result.outcome;
    }
    await backOff(round);
  }
  throw new Error('the chat\'s session kept changing under this message; retrying later');
}

/** The step was written but maybe not carried out (the worker died): carry out its entry again. */
async function replay(ctx: PipelineContext, chat: string, cause: string, origin: (owner: TurnOrigin['owner']) => TurnOrigin): Promise<string> {
  const entry = await ctx.stores.sessions.outbox<StoredEntry>(chat, cause);
  if (!entry) return 'already_handled';
  await carryOut(ctx, chat, cause, entry, origin(entry.owner));
  return 'replayed';
}

async function carryOut(ctx: PipelineContext, chat: string, cause: string, entry: StoredEntry, origin: TurnOrigin): Promise<void> {
  const followUps = await applyEffects(ctx, origin, entry.effects);
  if (followUps.length) await ctx.stores.sessions.putFollowUps(chat, cause, followUps);
  await queueReplies(ctx, chat, cause, entry.replies);
  if (followUps.length) await queueReplies(ctx, chat, cause, followUps, FOLLOW_UP_BASE);
}

/** A few ms, growing and jittered, so rounds of one parent's burst spread out. */
function backOff(round: number): Promise<void> {
  const ms = Math.min(50, 2 + round * 2) * (0.5 + Math.random());
  return new Promise((r) => setTimeout(r, ms));
}
