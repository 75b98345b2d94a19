/**
 * Simulated phones: one capped Redis list per school and chat address, newest last. Each school
 * has its own simulated bot (DESIGN §10): a parent of two schools has two chats here, and a
 * school reads, lists and erases its own only. A chat the bot wrote to is unread until the
 * simulator page opens it (kept here, so a reload or another tab sees the same).
 */
import type { TranscriptMessage, TranscriptStore } from '../core/adapter-module.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';
import { defineScripts } from './scripts.js';
import { TickBatch } from './tick-batch.js';

/**
 * KEYS: the school's chats, its unread chats, then one chat per delivery (all the school's: one
 * slot). ARGV: keep, then per delivery: address, unread (1: the bot wrote), message count,
 * messages…: appends, trims, lists the chat, and marks it unread when the bot wrote.
 */
const DELIVER = `
local keep = -tonumber(ARGV[1])
local a = 2
for k = 3, #KEYS do
  local n = tonumber(ARGV[a + 2])
  if n > 0 then redis.call('RPUSH', KEYS[k], unpack(ARGV, a + 3, a + 2 + n)) end
  redis.call('LTRIM', KEYS[k], keep, -1)
  redis.call('SADD', KEYS[1], ARGV[a])
  if ARGV[a + 1] == '1' then redis.call('SADD', KEYS[2], ARGV[a]) end
  a = a + 3 + n
end
return #KEYS - 2
`;

interface SimulatorScripts {
  sbSimDeliver(keyCount: number, ...keysThenArgs: Array<string | number>): Promise<number>;
}

interface Delivery {
  address: string;
  fromBot: boolean;
  messages: string[];
}

export class SimulatorStore implements TranscriptStore {
  private readonly scripts: SimulatorScripts;
  /** Deliveries to one school's phones in the same turn (a fan-out's concurrent sends): one script call. */
  private readonly deliveries = new TickBatch<Delivery>((schoolId, batch) => {
    const { simChat, simChats, simUnread } = this.keys;
    const keys = [simChats(schoolId), simUnread(schoolId), ...batch.map((d) => simChat(schoolId, d.address))];
    const args: Array<string | number> = [this.maxMessages];
    for (const d of batch) args.push(d.address, d.fromBot ? '1' : '0', d.messages.length, ...d.messages);
    return this.scripts.sbSimDeliver(keys.length, ...keys, ...args);
  });

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly maxMessages: number,
  ) {
    this.scripts = defineScripts<SimulatorScripts>(redis, { sbSimDeliver: { keys: 'counted', lua: DELIVER, grouped: true } });
  }

  /** Appends to the chat; deliveries to the school's phones made together go as one script call. */
  deliver(schoolId: string, address: string, messages: TranscriptMessage[]): Promise<void> {
    const fromBot = messages.some((m) => m.direction === 'out');
    return this.deliveries.add(schoolId, { address, fromBot, messages: messages.map((m) => JSON.stringify(m)) });
  }

  async transcript(schoolId: string, address: string): Promise<TranscriptMessage[]> {
    const raw = await this.redis.lrange(this.keys.simChat(schoolId, address), 0, -1);
    return raw.map((r) => parseStored<TranscriptMessage>(r)).filter((m): m is TranscriptMessage => m !== undefined);
  }

  async chats(schoolId: string): Promise<string[]> {
    return (await this.redis.smembers(this.keys.simChats(schoolId))).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  /** The chats with a message from the bot not opened since. */
  async unread(schoolId: string): Promise<string[]> {
    return (await this.redis.smembers(this.keys.simUnread(schoolId))).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  /** The chat was opened: what it holds now has been seen. */
  async markRead(schoolId: string, address: string): Promise<void> {
    await this.redis.srem(this.keys.simUnread(schoolId), address);
  }

  async has(schoolId: string, address: string): Promise<boolean> {
    return (await this.redis.sismember(this.keys.simChats(schoolId), address)) === 1;
  }

  async erase(schoolId: string, address: string): Promise<void> {
    const { simChat, simChats, simUnread } = this.keys;
    await Promise.all([this.redis.del(simChat(schoolId, address)), this.redis.srem(simChats(schoolId), address), this.redis.srem(simUnread(schoolId), address)]);
  }
}
