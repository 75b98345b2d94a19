/** Platforms resend webhooks; the first copy of a message id on an account wins for a week. */
import type { Keys } from './keys.js';
import type { Redis } from './redis-types.js';

const DEDUPE_TTL_SECONDS = 7 * 24 * 3600;

export class DedupeStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** True the first time this message id is seen. */
  async firstSeen(platform: string, accountId: string, messageId: string): Promise<boolean> {
    const ok = await this.redis.set(this.keys.dedupe(platform, accountId, messageId), '1', 'EX', DEDUPE_TTL_SECONDS, 'NX');
    return ok === 'OK';
  }

  /** Undoes firstSeen when the message could not be queued, so the platform's resend counts. */
  async forget(platform: string, accountId: string, messageId: string): Promise<void> {
    await this.redis.del(this.keys.dedupe(platform, accountId, messageId));
  }
}
