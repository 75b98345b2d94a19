/**
 * Wires Redis connections, stores, queues and (for the worker role) workers into one runtime
 * that closes cleanly: workers first (in-flight sends finish), then queues, then Redis.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { ChannelDirectory, heldAccounts, type ChannelAccount } from './adapters.js';
import type { Config } from './config.js';
import { jobLimiter } from './queue/batching.js';
import type { FanoutJob, InboundJob, OutboundJobData, ReplyJob } from './queue/jobs.js';
import { FANOUT_QUEUE, INBOUND_QUEUE, outboundQueueName, queueLabel, replyQueueName } from './queue/names.js';
import { createQueues, type Queues } from './queue/queues.js';
import { attemptRules } from './services/attempt-rules.js';
import { channelHealth } from './services/channel-health.js';
import type { Logger, PipelineContext, Stores } from './services/context.js';
import { acceptInbound } from './services/inbound/accept.js';
import { createMetrics, type Metrics } from './services/metrics.js';
import { ApiKeyStore } from './store/api-key-store.js';
import { AttemptLimiter } from './store/attempt-limiter.js';
import { AuditStore } from './store/audit-store.js';
import { AuthStore } from './store/auth-store.js';
import { ChatStore } from './store/chat-store.js';
import { DedupeStore } from './store/dedupe-store.js';
import { EventStore } from './store/event-store.js';
import { IdempotencyStore } from './store/idempotency-store.js';
import { createKeys } from './store/keys.js';
import { DiskMediaStore } from './store/media-store.js';
import { NoteStore } from './store/note-store.js';
import { PacerStore } from './store/pacer-store.js';
import { SlotStore } from './store/slot-store.js';
import { AbsenceStore } from './store/absence-store.js';
import { PeopleStore } from './store/people-store.js';
import { createRedisClient, whenReady, type RedisTarget } from './store/redis-clients.js';
import { isConnectionError, RedisHealth } from './store/redis-health.js';
import { RosterStore } from './store/roster-store.js';
import { SchoolStore } from './store/school-store.js';
import { SessionStore } from './store/session-store.js';
import { SimulatorStore } from './store/simulator-store.js';
import { StreamSlotStore } from './store/stream-slots.js';
import { SurveyStore } from './store/survey-store.js';
import { processFanout } from './workers/fanout.js';
import { processInbound } from './workers/inbound.js';
import { processOutbound, recordStalled } from './workers/outbound.js';
import { processReply } from './workers/replies.js';

export interface RuntimeOptions {
  /** One server's URL, or a cluster's nodes (REDIS_CLUSTER_NODES). */
  redis: RedisTarget;
  log: Logger;
  now?: () => Date;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  metrics?: Metrics;
  /** The sessions this process holds (adapters.ts openSessions), by `<kind>:<account>`. */
  sessions?: ReadonlyMap<string, unknown>;
  /** The terminal, for login codes staff must see and no log may hold. */
  print?: (text: string) => void;
}

export interface Runtime {
  ctx: PipelineContext;
  /**
   * Starts workers and listeners: 'worker' runs fan-out, inbound, and the queues and pollers
   * of every account any worker may send for; a module's own process role (adapters.ts
   * PROCESS_ROLES) runs the accounts whose sessions it holds; 'all' every one.
   */
  startWorkers(process?: string): Promise<void>;
  /** True when Redis answers within a second; used by /readyz. */
  ping(): Promise<boolean>;
  /** Whether the connections HTTP requests use are up; logs each outage once. */
  redisHealth: RedisHealth;
  close(): Promise<void>;
}

const MAX_STALLED_COUNT = 5;
/** Replies in flight per account and process: answers to different parents go out side by side. */
const REPLY_CONCURRENCY = 10;
/** /readyz must answer even when Redis accepts the connection but not the command. */
const PING_TIMEOUT_MS = 1000;

export async function createRuntime(config: Config, opts: RuntimeOptions): Promise<Runtime> {
  const health = new RedisHealth(opts.log);
  const onError = (err: Error) => health.report(err, {}, 'redis connection error');
  const storeRedis = createRedisClient(opts.redis, 'store', onError);
  const producerRedis = createRedisClient(opts.redis, 'producer', onError);
  const workerRedis = createRedisClient(opts.redis, 'worker', onError);
  // HTTP requests use these two; the workers' connection waits out an outage on its own.
  health.watch('store', storeRedis);
  health.watch('producer', producerRedis);
  await Promise.all([whenReady(storeRedis), whenReady(producerRedis)]);
  const keys = createKeys(config.REDIS_PREFIX);
  const stores: Stores = {
    schools: new SchoolStore(storeRedis, keys, { timeZone: config.DEFAULT_TIME_ZONE }),
    roster: new RosterStore(storeRedis, keys),
    events: new EventStore(storeRedis, keys),
    idempotency: new IdempotencyStore(storeRedis, keys, config.IDEMPOTENCY_TTL_HOURS * 3600),
    dedupe: new DedupeStore(storeRedis, keys),
    attempts: new AttemptLimiter(storeRedis, keys, attemptRules(config)),
    streams: new StreamSlotStore(storeRedis, keys),
    simulator: new SimulatorStore(storeRedis, keys, config.SIMULATOR_TRANSCRIPT_MAX),
    sessions: new SessionStore(storeRedis, keys, config.SESSION_TTL_DAYS * 24 * 3600),
    chats: new ChatStore(storeRedis, keys),
    pacer: new PacerStore(storeRedis, keys),
    slots: new SlotStore(storeRedis, keys),
    absences: new AbsenceStore(storeRedis, keys),
    surveys: new SurveyStore(storeRedis, keys),
    notes: new NoteStore(storeRedis, keys),
    people: new PeopleStore(storeRedis, keys),
    auth: new AuthStore(storeRedis, keys),
    apiKeys: new ApiKeyStore(storeRedis, keys),
    audit: new AuditStore(storeRedis, keys),
    media: new DiskMediaStore(config.MEDIA_DIR ?? join(config.DATA_DIR, 'media')),
  };
  const now = opts.now ?? (() => new Date());
  const channels = new ChannelDirectory(config, {
    transcripts: stores.simulator,
    random: opts.random ?? Math.random,
    now,
    sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    dailyCounter: (account) => stores.chats.dailyCounter(account),
    ...(opts.sessions ? { sessions: opts.sessions } : {}),
    ...(opts.print ? { print: opts.print } : {}),
  });
  const queues = createQueues(producerRedis, {
    prefix: `${config.REDIS_PREFIX}:bq`,
    outboundAttempts: config.OUTBOUND_ATTEMPTS,
    outboundBackoffMs: config.OUTBOUND_BACKOFF_MS,
    // Every queue repeats its shared connection's errors: an outage is logged once, by health.
    onError: (err, queue) => health.report(err, { queue }, 'queue error'),
  });
  const metrics = opts.metrics ?? createMetrics();
  metrics.watchQueues(() => queues.all());
  metrics.watchChannels(() => channelHealth({ channels, stores }));
  const ctx: PipelineContext = { config, stores, channels, queues, metrics, log: opts.log, now };
  const workers: Worker[] = [];
  const timers: NodeJS.Timeout[] = [];
  return {
    ctx,
    startWorkers: async (process = 'all') => {
      workers.push(...createWorkers(ctx, workerRedis, process, health));
      await startListeners(ctx, process, timers, health);
    },
    ping: async () => (await Promise.race([storeRedis.ping().catch(() => ''), sleep(PING_TIMEOUT_MS).then(() => '')])) === 'PONG',
    redisHealth: health,
    close: () => {
      health.stop();
      timers.forEach(clearInterval);
      return closeAll(config, opts.log, workers, queues, channels, [storeRedis, producerRedis, workerRedis]);
    },
  };
}

/**
 * Whether this process sends for the account: an account held in a process of its own (a
 * phone's session) only there, and only by the process holding that account; others, workers.
 */
function runsHere(account: ChannelAccount, process: string, config: Config): boolean {
  if (!account.heldBy) return process === 'all' || process === 'worker';
  return (process === 'all' || process === account.heldBy) && heldAccounts(config, process).has(`${account.kind}:${account.adapter.accountId}`);
}

const STATUS_EVERY_MS = 10_000;

/**
 * Platforms we pull from (long polling) or hold a session with (a phone's web session). Each
 * publishes its health every 10 s for /readyz and /metrics, which another process may serve.
 */
async function startListeners(ctx: PipelineContext, process: string, timers: NodeJS.Timeout[], health: RedisHealth): Promise<void> {
  for (const account of ctx.channels.accounts.filter((a) => a.adapter.listen && runsHere(a, process, ctx.config))) {
    const { adapter } = account;
    const publish = () =>
      ctx.stores.chats
        .putChannelStatus(adapter.platform, adapter.accountId, adapter.status?.() ?? { ready: true }, (3 * STATUS_EVERY_MS) / 1000)
        .catch((err: Error) => health.report(err, { platform: adapter.platform, accountId: adapter.accountId }, 'could not publish channel status'));
    await adapter.listen!(async (events) => {
      await acceptInbound(ctx, events, adapter);
    });
    await publish();
    timers.push(setInterval(publish, STATUS_EVERY_MS).unref());
    ctx.log.info({ platform: adapter.platform, accountId: adapter.accountId }, 'listening');
  }
}

function createWorkers(ctx: PipelineContext, connection: Redis, process: string, health: RedisHealth): Worker[] {
  const { config, log } = ctx;
  const base = {
    connection,
    prefix: `${config.REDIS_PREFIX}:bq`,
    lockDuration: config.WORKER_LOCK_MS,
    stalledInterval: config.WORKER_STALLED_INTERVAL_MS,
    // BullMQ fails a job that stalls more often than this without running it again; a crash
    // loop must not cost a guardian their invitation, so allow several.
    maxStalledCount: MAX_STALLED_COUNT,
    // Which process runs a job (a job's processedBy, the queue's workers): with several worker
    // processes, operations can tell them apart.
    name: `${hostname()}:${globalThis.process.pid}`,
  };
  // Fan-outs and inbound messages are any worker's; a process that holds sessions only sends.
  const workers: Worker[] = process !== 'all' && process !== 'worker' ? [] : [
    new Worker<FanoutJob>(FANOUT_QUEUE, (job) => processFanout(job, ctx), { ...base, concurrency: 2 }),
    new Worker<InboundJob>(INBOUND_QUEUE, (job) => processInbound(job, ctx), { ...base, concurrency: 10 }),
  ];
  for (const account of ctx.channels.accounts.filter((a) => runsHere(a, process, ctx.config))) {
    const { platform, accountId, capabilities } = account.adapter;
    ctx.queues.outbound(platform, accountId); // so /metrics sees it before the first job
    const jobsPerWindow = jobLimiter(capabilities.rateLimit); // batches: jobs ≠ messages
    const limiter = jobsPerWindow ? { limiter: jobsPerWindow } : {};
    const worker = new Worker<OutboundJobData>(outboundQueueName(platform, accountId), (job) => processOutbound(job, account, ctx), {
      ...base, concurrency: config.OUTBOUND_CONCURRENCY, ...limiter,
    });
    worker.on('failed', (job, err) => void recordStalled(ctx, job, err));
    ctx.queues.replies(platform, accountId);
    const replyWorker = new Worker<ReplyJob>(replyQueueName(platform, accountId), (job, token) => processReply(job, account, ctx, token), { ...base, concurrency: REPLY_CONCURRENCY });
    workers.push(worker, replyWorker);
  }
  for (const w of workers) {
    w.on('error', (err) => health.report(err, { queue: queueLabel(w.name) }, 'worker error'));
    w.on('failed', (job: Job | undefined, err) => {
      // A job cut short by an outage is retried; the outage itself is logged once.
      if (isConnectionError(err)) health.report(err, { queue: queueLabel(w.name), jobId: job?.id }, 'job failed');
      else log.warn({ queue: queueLabel(w.name), jobId: job?.id, err: err.message }, 'job failed');
    });
  }
  return workers;
}

async function closeAll(config: Config, log: Logger, workers: Worker[], queues: Queues, channels: ChannelDirectory, clients: Redis[]): Promise<void> {
  const graceful = Promise.all(workers.map((w) => w.close()));
  const timedOut = await Promise.race([graceful.then(() => false), sleep(config.SHUTDOWN_TIMEOUT_MS).then(() => true)]);
  if (timedOut) {
    log.warn({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'in-flight jobs did not finish in time; they will be retried');
    await Promise.all(workers.map((w) => w.close(true)));
  }
  await Promise.all(queues.all().map((q) => q.close()));
  await channels.close();
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
