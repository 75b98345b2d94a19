/**
 * Simulated phones: one capped Redis list per school and chat address, newest last. Each school
 * has its own simulated bot (DESIGN §10): a parent of two schools has two chats here, and a
 * school reads, lists and erases its own only.
 */
import type { TranscriptMessage, TranscriptStore } from '../core/adapter-module.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';
import { defineScripts } from './scripts.js';

/** KEYS: chat, the school's chats. ARGV: address, keep, messages…: appends, trims, lists the chat. */
const DELIVER = `
for i = 3, #ARGV do redis.call('RPUSH', KEYS[1], ARGV[i]) end
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
redis.call('SADD', KEYS[2], ARGV[1])
return 1
`;

interface SimulatorScripts {
  sbSimDeliver(chat: string, chats: string, address: string, keep: number, ...messages: string[]): Promise<number>;
}

export class SimulatorStore implements TranscriptStore {
  private readonly scripts: SimulatorScripts;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly maxMessages: number,
  ) {
    this.scripts = defineScripts<SimulatorScripts>(redis, { sbSimDeliver: { keys: 2, lua: DELIVER } });
  }

  /** One script call a message (both keys are the school's: one slot): a send costs one command, not three. */
  async deliver(schoolId: string, address: string, messages: TranscriptMessage[]): Promise<void> {
    const { simChat, simChats } = this.keys;
    await this.scripts.sbSimDeliver(simChat(schoolId, address), simChats(schoolId), address, this.maxMessages, ...messages.map((m) => JSON.stringify(m)));
  }

  async transcript(schoolId: string, address: string): Promise<TranscriptMessage[]> {
    const raw = await this.redis.lrange(this.keys.simChat(schoolId, address), 0, -1);
    return raw.map((r) => parseStored<TranscriptMessage>(r)).filter((m): m is TranscriptMessage => m !== undefined);
  }

  async chats(schoolId: string): Promise<string[]> {
    return (await this.redis.smembers(this.keys.simChats(schoolId))).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  async has(schoolId: string, address: string): Promise<boolean> {
    return (await this.redis.sismember(this.keys.simChats(schoolId), address)) === 1;
  }

  async erase(schoolId: string, address: string): Promise<void> {
    await Promise.all([this.redis.del(this.keys.simChat(schoolId, address)), this.redis.srem(this.keys.simChats(schoolId), address)]);
  }
}
