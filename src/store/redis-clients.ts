/**
 * ioredis clients for the app, configured per role the way BullMQ and an HTTP API want them
 * (PLATFORMS §4.1), and the redaction that keeps a Redis password out of every message.
 */
import { Redis, type RedisOptions } from 'ioredis';

export type RedisClientRole = 'worker' | 'producer' | 'store';

/**
 * Reconnect attempts at most 1 s apart (ioredis's default grows to 2 s): the API answers again
 * within about a second of Redis coming back. One TCP connect a second per connection is nothing.
 */
const RECONNECT_MAX_MS = 1000;
const retryStrategy = (attempt: number): number => Math.min(attempt * 100, RECONNECT_MAX_MS);

/**
 * What HTTP requests use (repositories and the queues they add jobs to) fails at once while
 * Redis is away, and nothing a request asked for runs later: no offline queue (a command sent
 * while disconnected is refused, not kept for after the reconnect), maxRetriesPerRequest 0 (a
 * command in flight when the connection drops is failed, not sent again) and no resending of
 * unanswered commands after the reconnect. The request gets a 503 and the client may retry
 * (an Idempotency-Key makes a retried POST /v1/events safe). A command Redis had already run
 * when the connection dropped stays done: Redis alone knows, and it cannot tell us.
 */
const FAIL_FAST: RedisOptions = { maxRetriesPerRequest: 0, enableOfflineQueue: false, autoResendUnfulfilledCommands: false };

const ROLE_OPTIONS: Record<RedisClientRole, RedisOptions> = {
  // BullMQ workers block on Redis (BZPOPMIN…) and wait out an outage; BullMQ refuses anything
  // but null here, and duplicates this connection (options included) for its blocking reads.
  worker: { maxRetriesPerRequest: null, retryStrategy },
  producer: { ...FAIL_FAST, retryStrategy },
  // Repositories issue many small commands; auto-pipelining batches them per tick.
  store: { ...FAIL_FAST, enableAutoPipelining: true, retryStrategy },
};

/** ioredis clients as BullMQ wants them (PLATFORMS §4.1). Errors reach `onError` without credentials. */
export function createRedisClient(url: string, role: RedisClientRole, onError: (err: Error) => void): Redis {
  const client = new Redis(url, {
    ...ROLE_OPTIONS[role],
    // Shows up in CLIENT LIST, so an admin can tell which process holds a connection.
    connectionName: `school-bridge:${role}:${process.pid}`,
  });
  client.on('error', (err: Error) => onError(redactError(err, url)));
  return client;
}

/**
 * Resolves when the client is ready for commands. Needed before the first command of a client
 * without an offline queue (producer, store), which would otherwise be refused while connecting.
 */
export function whenReady(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('end', () => reject(new Error('Redis connection closed before it was ready')));
  });
}

/** The secrets a Redis URL may carry: its password, raw and decoded, and the URL itself. */
function credentialsOf(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [parsed.password, decodeURIComponent(parsed.password), url].filter((s) => s.length > 0);
  } catch {
    return [url];
  }
}

/** Remove the password (raw or decoded) and the whole URL from a message. */
export function redact(message: string, url: string): string {
  return credentialsOf(url).reduce((text, secret) => text.split(secret).join('***'), message);
}

function redactError(err: Error, url: string): Error {
  const message = redact(err.message, url);
  if (message === err.message) return err;
  const copy: NodeJS.ErrnoException = new Error(message);
  copy.name = err.name;
  // The code (ECONNREFUSED…) is how the rest of the app tells an outage from a bad command.
  copy.code = (err as NodeJS.ErrnoException).code;
  return copy;
}
