/**
 * Simulated phones: one capped Redis list per school and chat address, newest last. Each school
 * has its own simulated bot (DESIGN §10): a parent of two schools has two chats here, and a
 * school reads, lists and erases its own only.
 */
import type { TranscriptMessage, TranscriptStore } from '../core/adapter-module.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';

export class SimulatorStore implements TranscriptStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly maxMessages: number,
  ) {}

  /**
   * Plain commands, not MULTI: ioredis auto-pipelines them with other sends' commands (it never
   * does a MULTI), and a transcript trimmed a moment late harms nobody.
   */
  async deliver(schoolId: string, address: string, messages: TranscriptMessage[]): Promise<void> {
    const key = this.keys.simChat(schoolId, address);
    await Promise.all([
      this.redis.rpush(key, ...messages.map((m) => JSON.stringify(m))),
      this.redis.ltrim(key, -this.maxMessages, -1),
      this.redis.sadd(this.keys.simChats(schoolId), address),
    ]);
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
