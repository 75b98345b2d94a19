/**
 * Whether Redis is reachable, for the API's 503 gate (routes/unavailable.ts), and the one place
 * that logs an outage: once when it starts, once when it ends.
 *
 * Without it a dead Redis floods the log: every client emits an error per reconnect attempt,
 * every BullMQ queue and worker sharing a connection repeats it, and every request that tried
 * a command logged its own 500 — about 1,600 lines in 15 s. Now connection errors from any
 * source are reported here: during an outage they are only counted (the "back" line says how
 * many), outside one at most one line a minute is written (a worker's own connection dropping).
 *
 * "Down" is driven by the connections HTTP requests use: the outage starts when one of them
 * leaves 'ready' and ends when all are 'ready' again (ioredis reconnects by itself).
 */
import type { Redis } from './redis-types.js';

/** The structural logger this needs (pino fits). */
export interface HealthLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A connection error outside an outage is logged at most this often. */
const STRAY_ERROR_EVERY_MS = 60_000;
/**
 * Just after an outage, a worker may finish a job whose last step did reach Redis while its
 * answer was lost with the connection: BullMQ then says "Missing key for job … moveToFinished"
 * (the job was already settled and removed). Such echoes are one line, not one per job.
 */
const OUTAGE_ECHO_MS = 10_000;

const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENOTCONN']);
/** A raw socket's own error ("connect ECONNREFUSED 127.0.0.1:6379"), as a Redis client emits it. */
const SOCKET_MESSAGE = /^(connect|read|write|getaddrinfo) E[A-Z]+/;
/** ioredis's and BullMQ's words for "the command never got an answer from Redis". */
const REDIS_MESSAGES = /^(Connection is closed\.|Stream isn't writeable|Command timed out|Command aborted due to connection close|Reached the max retries per request limit|LOADING )/;

/**
 * True when `err` says Redis could not be reached (rather than that a command was wrong). Only
 * ioredis's and BullMQ's shapes: a platform's network failure (a TransientError that mentions
 * ECONNREFUSED) is a failed send, not an outage of ours.
 */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'MaxRetriesPerRequestError' || err.name === 'ConnectionClosedError') return true;
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && SOCKET_CODES.has(code) && SOCKET_MESSAGE.test(err.message)) return true;
  return REDIS_MESSAGES.test(err.message);
}

export class RedisHealth {
  private readonly notReady = new Set<string>();
  private outage: { sinceMs: number; errors: number } | undefined;
  private lastStrayMs = Number.NEGATIVE_INFINITY;
  private echo: { untilMs: number; logged: boolean } | undefined;
  private stopped = false;

  constructor(
    private readonly log: HealthLog,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** True while every watched connection is ready. */
  get available(): boolean {
    return this.notReady.size === 0;
  }

  /** Follows a connection HTTP requests depend on. */
  watch(name: string, client: Redis): void {
    if (client.status !== 'ready') this.notReady.add(name);
    client.on('ready', () => this.up(name));
    client.on('close', () => this.down(name));
  }

  /** Any error from Redis clients, queues or workers: connection errors are summed, others logged. */
  report(err: Error, context: object, msg: string): void {
    if (!isConnectionError(err)) {
      if (this.isOutageEcho(err)) return;
      this.log.error({ ...context, err: err.message }, msg);
      return;
    }
    if (this.outage) {
      this.outage.errors++;
      return;
    }
    if (this.stopped || this.nowMs() - this.lastStrayMs < STRAY_ERROR_EVERY_MS) return;
    this.lastStrayMs = this.nowMs();
    this.log.warn({ ...context, err: err.message }, `${msg}; retrying (logged at most once a minute)`);
  }

  /**
   * A job step refused because its job was already settled, during an outage or within
   * OUTAGE_ECHO_MS of its end: the first is logged as such (warn), later ones are not.
   */
  private isOutageEcho(err: Error): boolean {
    if (!/^Missing (key|lock) for job /.test(err.message)) return false;
    if (this.outage) {
      this.outage.errors++;
      return true;
    }
    if (!this.echo || this.nowMs() > this.echo.untilMs) return false;
    if (!this.echo.logged) {
      this.echo.logged = true;
      this.log.warn({ err: err.message }, 'a job settled just before the outage was answered late; nothing to do (more like it in the next seconds are not logged)');
    }
    return true;
  }

  /** Shutting down: connections closing now are not an outage. */
  stop(): void {
    this.stopped = true;
  }

  private down(name: string): void {
    if (this.stopped) return;
    this.notReady.add(name);
    if (this.outage) return;
    this.outage = { sinceMs: this.nowMs(), errors: 0 };
    this.log.warn({ connection: name }, 'Redis is unreachable: the API answers 503 until it is back; reconnecting every second');
  }

  private up(name: string): void {
    this.notReady.delete(name);
    if (!this.outage || this.notReady.size) return;
    const { sinceMs, errors } = this.outage;
    this.outage = undefined;
    this.echo = { untilMs: this.nowMs() + OUTAGE_ECHO_MS, logged: false };
    this.log.info({ downMs: this.nowMs() - sinceMs, connectionErrors: errors }, 'Redis is back: the API answers again');
  }
}
