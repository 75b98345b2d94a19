/**
 * ioredis clients for the app, configured per role the way BullMQ and an HTTP API want them
 * (PLATFORMS §4.1), and the redaction that keeps a Redis password out of every message.
 */
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

export type RedisClientRole = 'worker' | 'producer' | 'store';

export interface ClusterNode {
  host: string;
  port: number;
}

/**
 * Where Redis is: one server by URL, or a Redis Cluster by some of its nodes (REDIS_CLUSTER_NODES;
 * the client learns the others from them). A string is a URL.
 */
export type RedisTarget = string | { clusterNodes: readonly ClusterNode[]; password?: string };

/** host:port of the target, for messages: never a password. */
export function describeTarget(target: RedisTarget): string {
  if (typeof target !== 'string') return `Redis Cluster ${target.clusterNodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  try {
    const u = new URL(target);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'an invalid URL';
  }
}

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

/**
 * ioredis clients as BullMQ wants them (PLATFORMS §4.1), on one server or on a cluster. Errors
 * reach `onError` without credentials.
 *
 * A cluster client is typed as the single-server client: ioredis gives both the same commands,
 * scripts, MULTI and pipelines, and BullMQ takes either. What differs is what a command may
 * touch: the keys of one script, MULTI or multi-key command must share a hash slot (keys.ts).
 */
export function createRedisClient(target: RedisTarget, role: RedisClientRole, onError: (err: Error) => void): Redis {
  // Shows up in CLIENT LIST, so an admin can tell which process holds a connection.
  const connectionName = `school-bridge:${role}:${process.pid}`;
  if (typeof target === 'string') {
    const client = new Redis(target, { ...ROLE_OPTIONS[role], connectionName });
    client.on('error', (err: Error) => onError(redactError(err, credentialsOf(target))));
    return client;
  }
  const cluster = new Cluster([...target.clusterNodes], clusterOptions(role, connectionName, target.password));
  const secrets = target.password ? [target.password] : [];
  cluster.on('error', (err: Error) => onError(redactError(err, secrets)));
  return cluster as unknown as Redis;
}

/**
 * The role's options on a cluster: the queueing and pipelining choices belong to the cluster
 * client, the per-connection ones (retries per request, resending, the reconnect pace) to each
 * node's connection.
 */
function clusterOptions(role: RedisClientRole, connectionName: string, password: string | undefined): ClusterOptions {
  const { enableOfflineQueue, enableAutoPipelining, retryStrategy: nodeRetry, ...perNode } = ROLE_OPTIONS[role];
  return {
    redisOptions: { ...perNode, connectionName, ...(password ? { password } : {}) },
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(enableAutoPipelining ? { enableAutoPipelining } : {}),
    // The whole cluster unreachable: try again on the same pace as a single server.
    clusterRetryStrategy: (attempt: number) => nodeRetry?.(attempt) ?? RECONNECT_MAX_MS,
    // A failover or a slot moving: retry the command shortly rather than failing the request.
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
  };
}

/** Whether a client talks to a Redis Cluster (some admin commands differ: SCAN per node…). */
export function isCluster(client: Redis): boolean {
  return (client as unknown as { isCluster?: boolean }).isCluster === true;
}

/** Every node that holds keys: the masters of a cluster, or the one server. */
export function keyNodes(client: Redis): Redis[] {
  return isCluster(client) ? (client as unknown as Cluster).nodes('master') : [client];
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
  return redactAll(message, credentialsOf(url));
}

function redactAll(message: string, secrets: readonly string[]): string {
  return secrets.reduce((text, secret) => text.split(secret).join('***'), message);
}

function redactError(err: Error, secrets: readonly string[]): Error {
  const message = redactAll(err.message, secrets);
  if (message === err.message) return err;
  const copy: NodeJS.ErrnoException = new Error(message);
  copy.name = err.name;
  // The code (ECONNREFUSED…) is how the rest of the app tells an outage from a bad command.
  copy.code = (err as NodeJS.ErrnoException).code;
  return copy;
}
