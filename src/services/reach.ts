/**
 * Before a send: how many families each channel will reach, and where an account's tier of new
 * people a day (WhatsApp's Cloud API) will not stretch to everyone today — those go to their
 * next channel or wait for the moving 24 hours ("412 families today, 588 tomorrow or by Telegram").
 * An estimate from the roster, the chats' windows and the tier's use now; the send decides per
 * message.
 */
import { tierCounter } from '../core/adapter.js';
import type { Audience, EventKind, Guardian, Platform } from '../core/types.js';
import { pickChannel, type ChannelPick } from '../domain/channel-choice.js';
import { templateFor } from '../domain/templates.js';
import { PLAN_MARGIN_MS, withinWindow } from '../domain/windows.js';
import type { PipelineContext } from './context.js';
import { resolveRecipients } from './events.js';

export interface TierReach {
  platform: Platform;
  accountId: string;
  /** New people a moving 24 h allows. */
  tier: number;
  /** Used in the last 24 h. */
  used: number;
  /** Families this send would start a conversation with (outside the window, with a template). */
  needed: number;
  /** Of those, how many fit today. */
  today: number;
  /** Over the tier: going by their next channel instead. */
  elsewhere: number;
  /** Over the tier with no other channel: waiting for the moving 24 hours. */
  waiting: number;
  /** When the next of the tier's people leaves the window. */
  nextFreeAt?: string;
}

export interface Reach {
  families: number;
  /** Families by the channel they will be tried on first. */
  channels: Partial<Record<Platform, number>>;
  /** Families no channel reaches (no address, opted out). */
  unreachable: number;
  /** Outside the window with no template for the kind in their language: their next channel. */
  noTemplate: Partial<Record<Platform, number>>;
  tiers: TierReach[];
}

const CHUNK = 500;

export async function estimateReach(ctx: PipelineContext, schoolId: string, audience: Audience, kind: EventKind): Promise<Reach> {
  const recipients = await resolveRecipients(ctx, schoolId, audience);
  const available = ctx.channels.availabilityFor(schoolId);
  const templates = await ctx.stores.schools.templates(schoolId);
  const reach: Reach = { families: recipients.length, channels: {}, unreachable: 0, noTemplate: {}, tiers: [] };
  /** Per tiered account: the guardians who would need a template from it, with whether they have another channel. */
  const tiered = new Map<string, { platform: Platform; accountId: string; counter: string; tier: number; others: boolean[] }>();
  const now = ctx.now();
  await visitFirstChannels(ctx, schoolId, recipients, async ({ guardian: g, pick }) => {
    if (!pick) {
      reach.unreachable++;
      return;
    }
    reach.channels[pick.platform] = (reach.channels[pick.platform] ?? 0) + 1;
    const account = ctx.channels.accountFor(schoolId, pick.platform, pick.address);
    const caps = account?.adapter.capabilities;
    if (!account || !caps?.templatesOutsideWindow) return;
    const last = await ctx.stores.chats.lastInbound(pick.platform, account.adapter.accountId, pick.address);
    if (withinWindow(last, now, caps.messagingWindowHours, PLAN_MARGIN_MS)) return;
    if (!templateFor(templates, kind, g.locale)) {
      reach.noTemplate[pick.platform] = (reach.noTemplate[pick.platform] ?? 0) + 1;
      return;
    }
    if (caps.uniqueRecipientsPerDay === undefined) return;
    // Numbers of one portfolio share its tier: their families are counted together.
    const key = `${pick.platform}:${tierCounter(account.adapter)}`;
    const entry = tiered.get(key) ?? { platform: pick.platform, accountId: account.adapter.accountId, counter: tierCounter(account.adapter), tier: caps.uniqueRecipientsPerDay, others: [] };
    entry.others.push(hasAnother(g, pick.platform, available));
    tiered.set(key, entry);
  });
  for (const t of tiered.values()) {
    const use = await ctx.stores.pacer.newRecipients(t.platform, t.counter, now);
    const today = Math.max(0, Math.min(t.others.length, t.tier - use.count));
    const over = t.others.slice(today);
    const elsewhere = over.filter(Boolean).length;
    reach.tiers.push({
      platform: t.platform, accountId: t.accountId, tier: t.tier, used: use.count, needed: t.others.length, today, elsewhere, waiting: over.length - elsewhere,
      ...(use.nextFreeAt ? { nextFreeAt: use.nextFreeAt.toISOString() } : {}),
    });
  }
  return reach;
}

/** One family of a send, with the channel it will be tried on first: none when opted out or no channel reaches it. */
export interface FamilyFirstChannel {
  guardian: Guardian;
  childIds: string[];
  pick: ChannelPick | undefined;
}

/**
 * Visits each family of a recipient list (the roster read 500 at a time), in the list's order,
 * with the channel the fan-out will try first. Families no longer on the roster are left out.
 */
export async function visitFirstChannels(
  ctx: PipelineContext,
  schoolId: string,
  recipients: ReadonlyArray<{ guardianId: string; childIds: string[] }>,
  visit: (family: FamilyFirstChannel) => Promise<void> | void,
): Promise<void> {
  const available = ctx.channels.availabilityFor(schoolId);
  for (let i = 0; i < recipients.length; i += CHUNK) {
    const chunk = recipients.slice(i, i + CHUNK);
    const guardians = await ctx.stores.roster.getGuardians(schoolId, chunk.map((r) => r.guardianId));
    await Promise.all(chunk.map(async (r) => {
      const guardian = guardians.get(r.guardianId);
      if (!guardian) return;
      await visit({ guardian, childIds: r.childIds, pick: guardian.optedOutAt ? undefined : pickChannel(guardian, available) });
    }));
  }
}

function hasAnother(g: Guardian, platform: Platform, available: Parameters<typeof pickChannel>[1]): boolean {
  return pickChannel(g, available, new Set([platform])) !== undefined;
}
