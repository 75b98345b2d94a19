/** Who wrote a message, and where the answers to them go. */
import type { Locale, OutboundMessage, Platform } from '../../core/types.js';
import type { AddressOwner } from '../../store/roster-store.js';
import type { PipelineContext } from '../context.js';
import { readCache } from '../read-cache.js';
import type { ReplyRecord } from '../replies.js';

export interface TurnOrigin {
  owner: AddressOwner | undefined;
  /** The school the conversation is with ('' for a chat no school knows). */
  schoolId: string;
  platform: Platform;
  accountId: string;
  address: string;
  /** The message's cause id (session-store.ts): what ids derived from it are made of. */
  cause: string;
}

/** A reply to whoever wrote. */
export function toOrigin(origin: TurnOrigin, message: OutboundMessage): ReplyRecord {
  return { platform: origin.platform, accountId: origin.accountId, schoolId: origin.schoolId, address: origin.address, message };
}

export async function localeOf(ctx: PipelineContext, schoolId: string, person: { locale?: Locale }): Promise<Locale> {
  return person.locale ?? (await readCache.school(ctx, schoolId)).defaultLocale;
}
