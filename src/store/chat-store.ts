/**
 * What the service remembers about chats: join codes (which chat belongs to whom), which
 * sent message was which invitation (receipts, replies, poll votes refer to it), and when a
 * chat last wrote (messaging windows).
 */
import { randomBytes } from 'node:crypto';
import type { DailyCounter } from '../core/adapter-module.js';
import type { Platform } from '../core/types.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis-types.js';
import type { AddressOwner } from './roster-store.js';

const SENT_MESSAGE_TTL_S = 60 * 24 * 3600; // receipts and late votes for two months
const LAST_INBOUND_TTL_S = 8 * 24 * 3600; // longer than any platform's window (the longest, a human agent's tag, is 7 days)
const JOIN_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i: read aloud over the phone

/**
 * What a sent message was, for what later refers to it: receipts name it, a poll vote names it
 * with an option's position, a teacher's reply quotes it.
 * - an invitation: its event and guardian, and its choices when a vote may answer it;
 * - a question the conversation asked: its choices;
 * - a parent's note forwarded to a teacher: the school and the note's ref.
 */
export type SentMessageRef = { schoolId: string } & (
  | { kind: 'invitation'; eventId: string; guardianId: string; choiceIds?: string[] }
  | { kind: 'choices'; choiceIds: string[] }
  | { kind: 'note'; ref: number }
);

/** Whose chat a join code links: a guardian's or teacher's (the roster), or a person's who signs in. */
export type JoinOwner = Omit<AddressOwner, 'kind'> & { kind: AddressOwner['kind'] | 'person' };

/** A join code's owner, and the platform it was made for. */
export interface JoinClaim {
  platform: Platform;
  owner: JoinOwner;
}

const OWNER_KINDS = { guardian: 'g', teacher: 't', person: 'p' } as const;

export class ChatStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** The owner's current code on a platform, created the first time it is asked for. */
  async joinCodeFor(owner: JoinOwner, platform: Platform): Promise<string> {
    const kind = OWNER_KINDS[owner.kind];
    const ref = this.keys.ownerJoinCode(owner.schoolId, kind, owner.id, platform);
    const existing = await this.redis.get(ref);
    if (existing && (await this.redis.exists(this.keys.joinCode(existing)))) return existing;
    const code = newCode();
    await this.redis.set(this.keys.joinCode(code), `${platform}|${owner.schoolId}/${kind}/${owner.id}`);
    await this.redis.set(ref, code);
    return code;
  }

  /** Whose a code is, without taking it (a code sent to a bot of another school is left alone). */
  async peekJoinCode(code: string, platform: Platform): Promise<JoinClaim | undefined> {
    if (!/^[A-Za-z0-9]{6,32}$/.test(code)) return undefined;
    return decodeClaim(await this.redis.get(this.keys.joinCode(code.toLowerCase())), platform);
  }

  /**
   * Takes a code once, on the platform it was made for: the first chat that sends it gets
   * it; afterwards it is gone. A code sent on another platform is left for its own.
   */
  async consumeJoinCode(code: string, platform: Platform): Promise<JoinClaim | undefined> {
    if (!/^[A-Za-z0-9]{6,32}$/.test(code)) return undefined;
    const key = this.keys.joinCode(code.toLowerCase());
    const seen = await this.redis.get(key);
    if (!decodeClaim(seen, platform)) return undefined;
    const raw = await this.redis.getdel(key);
    if (raw !== seen) return undefined; // another chat took it in between
    return decodeClaim(raw, platform);
  }

  async rememberSent(platform: Platform, accountId: string, address: string, messageId: string, ref: SentMessageRef): Promise<void> {
    await this.redis.set(this.keys.sentMessage(platform, accountId, address, messageId), encodeSentRef(ref), 'EX', SENT_MESSAGE_TTL_S);
  }

  async findSent(platform: Platform, accountId: string, address: string, messageId: string): Promise<SentMessageRef | undefined> {
    const raw = await this.redis.get(this.keys.sentMessage(platform, accountId, address, messageId));
    return raw ? decodeSentRef(raw) : undefined;
  }

  async noteInbound(platform: Platform, accountId: string, address: string, at: Date): Promise<void> {
    await this.redis.set(this.keys.lastInbound(platform, accountId, address), String(at.getTime()), 'EX', LAST_INBOUND_TTL_S);
  }

  async lastInbound(platform: Platform, accountId: string, address: string): Promise<Date | undefined> {
    const raw = await this.redis.get(this.keys.lastInbound(platform, accountId, address));
    return raw ? new Date(Number(raw)) : undefined;
  }

  /** An account's sends per day (a daily cap); the key outlives the day by one, then goes. */
  dailyCounter(account: string): DailyCounter {
    return {
      increment: async (day) => {
        const key = this.keys.dailySends(account, day);
        const [[, count] = [null, 0]] = (await this.redis.multi().incr(key).expire(key, 2 * 24 * 3600).exec()) ?? [];
        return Number(count);
      },
    };
  }

  /** Sends so far on `day` (YYYY-MM-DD, UTC) by the account counted as `account` (`<kind>:<id>`). */
  async dailyCount(account: string, day: string): Promise<number> {
    return Number((await this.redis.get(this.keys.dailySends(account, day))) ?? 0);
  }

  /**
   * A listening account's health, published by the process that holds it (a phone's session
   * runs in a process of its own, /readyz answers in the API's); gone when not refreshed.
   */
  async putChannelStatus(platform: Platform, accountId: string, status: { ready: boolean; detail?: string }, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.keys.channelStatus(platform, accountId), JSON.stringify({ ...status, at: new Date().toISOString() }), 'EX', ttlSeconds);
  }

  async channelStatus(platform: Platform, accountId: string): Promise<{ ready: boolean; detail?: string; at: string } | undefined> {
    const raw = await this.redis.get(this.keys.channelStatus(platform, accountId));
    return raw ? (JSON.parse(raw) as { ready: boolean; detail?: string; at: string }) : undefined;
  }

  /**
   * Erasure by one school: what the school's sent messages in this chat were (their keys name
   * the address) and, on the accounts given (those no other school's guardian shares the chat
   * on), when the chat last wrote. Another school's sent messages in a shared chat stay. A
   * scan, once per erased chat: erasure is rare, and an index kept for it would grow with
   * every send.
   */
  async forgetChat(platform: Platform, address: string, schoolId: string, windowsOf: readonly string[]): Promise<void> {
    const escaped = address.replace(/[*?[\]\\]/g, '\\$&');
    const pattern = this.keys.sentMessage(platform, '*', escaped, '*');
    let cursor = '0';
    do {
      const [next, found] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      const refs = found.length ? await this.redis.mget(...found) : [];
      const mine = found.filter((_, i) => decodeSentRef(refs[i] ?? '')?.schoolId === schoolId);
      if (mine.length) await this.redis.unlink(...mine);
    } while (cursor !== '0');
    if (windowsOf.length) await this.redis.del(...windowsOf.map((accountId) => this.keys.lastInbound(platform, accountId, address)));
  }
}

function newCode(): string {
  const bytes = randomBytes(10);
  return [...bytes].map((b) => JOIN_ALPHABET[b % JOIN_ALPHABET.length]).join('');
}

function decodeClaim(raw: string | null, platform: Platform): JoinClaim | undefined {
  if (!raw?.startsWith(`${platform}|`)) return undefined;
  const [schoolId, letter, id] = (raw.split('|')[1] ?? '').split('/');
  const kind = (Object.keys(OWNER_KINDS) as Array<keyof typeof OWNER_KINDS>).find((k) => OWNER_KINDS[k] === letter) ?? 'guardian';
  if (!schoolId || !id) return undefined;
  return { platform, owner: { schoolId, kind, id } };
}

/**
 * Compact, space-separated (ids never hold spaces), the school first:
 * "<school> i <event>/<guardian> [choice…]", "<school> c choice…", "<school> n <ref>".
 */
function encodeSentRef(ref: SentMessageRef): string {
  if (ref.kind === 'choices') return [ref.schoolId, 'c', ...ref.choiceIds].join(' ');
  if (ref.kind === 'note') return `${ref.schoolId} n ${ref.ref}`;
  return [ref.schoolId, 'i', `${ref.eventId}/${ref.guardianId}`, ...(ref.choiceIds ?? [])].join(' ');
}

function decodeSentRef(raw: string): SentMessageRef | undefined {
  const [schoolId = '', kind, head = '', ...rest] = raw.split(' ');
  if (!schoolId) return undefined;
  if (kind === 'c') return { schoolId, kind: 'choices', choiceIds: [head, ...rest].filter(Boolean) };
  if (kind === 'n') return head ? { schoolId, kind: 'note', ref: Number(head) } : undefined;
  const [eventId, guardianId] = head.split('/');
  if (kind !== 'i' || !eventId || !guardianId) return undefined;
  return { schoolId, kind: 'invitation', eventId, guardianId, ...(rest.length ? { choiceIds: rest } : {}) };
}
