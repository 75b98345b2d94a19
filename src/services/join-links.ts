/**
 * A guardian's join links: one per channel account that serves the school and makes links (a
 * code sent to another school's bot links nothing), and of a pool of numbers only the one this
 * parent will hear from. The first message carrying the code links that chat. Given by
 * `GET /v1/guardians/:id/links` and printed as QR codes on the class's join slips.
 */
import type { Guardian, Platform } from '../core/types.js';
import type { PipelineContext } from './context.js';

export interface JoinLink {
  platform: Platform;
  accountId: string;
  url: string;
  code: string;
  /** The guardian already linked a chat on this platform. */
  linked: boolean;
}

export async function guardianJoinLinks(ctx: PipelineContext, schoolId: string, guardian: Guardian): Promise<JoinLink[]> {
  const owner = { schoolId, kind: 'guardian' as const, id: guardian.id };
  const links: JoinLink[] = [];
  for (const account of ctx.channels.accounts) {
    const { adapter } = account;
    // Only the accounts that serve this school: a code sent to another school's bot links nothing.
    if (!adapter.joinLink || !ctx.channels.serves(adapter.platform, adapter.accountId, schoolId)) continue;
    // Of a pool of numbers, only the one this parent will hear from.
    if (!ctx.channels.writesTo(schoolId, account, guardian.channels[adapter.platform] ?? guardian.id)) continue;
    const code = await ctx.stores.chats.joinCodeFor(owner, adapter.platform);
    links.push({ platform: adapter.platform, accountId: adapter.accountId, url: adapter.joinLink(code), code, linked: Boolean(guardian.linked?.[adapter.platform]) });
  }
  return links;
}
