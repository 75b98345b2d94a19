/** Simulated phones: one capped Redis list per chat address, newest last. */
import type { SimulatorPhones, TranscriptMessage } from '../../adapters/simulator/index.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import type { Redis } from './redis-types.js';

export class SimulatorStore implements SimulatorPhones {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly maxMessages: number,
  ) {}

  /**
   * Plain commands, not MULTI: ioredis auto-pipelines them with other sends' commands (it never
   * does a MULTI), and a transcript trimmed a moment late harms nobody.
   */
  async deliver(address: string, messages: TranscriptMessage[]): Promise<void> {
    const key = this.keys.simChat(address);
    await Promise.all([
      this.redis.rpush(key, ...messages.map((m) => JSON.stringify(m))),
      this.redis.ltrim(key, -this.maxMessages, -1),
      this.redis.sadd(this.keys.simChats, address),
    ]);
  }

  async transcript(address: string): Promise<TranscriptMessage[]> {
    const raw = await this.redis.lrange(this.keys.simChat(address), 0, -1);
    return raw.map((r) => parseStored<TranscriptMessage>(r)).filter((m): m is TranscriptMessage => m !== undefined);
  }

  async chats(): Promise<string[]> {
    return (await this.redis.smembers(this.keys.simChats)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }

  async erase(address: string): Promise<void> {
    await Promise.all([this.redis.del(this.keys.simChat(address)), this.redis.srem(this.keys.simChats, address)]);
  }
}
