/**
 * Conversation sessions, one per platform chat. The conversation engine fills them in; for now
 * the store knows how to forget a chat, which erasure needs.
 */
import type { Platform } from '../core/types.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis-types.js';

export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async erase(chats: Array<[Platform, string]>): Promise<void> {
    await Promise.all(chats.map(([platform, address]) => this.redis.del(this.keys.session(platform, address))));
  }
}
