/**
 * The environment, parsed once and frozen. The only reader of process.env is main.ts, which
 * passes it here; everything else receives a Config. A bad start-up lists every wrong
 * variable at once, by name.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { adapterConfigShape, PROCESS_ROLES, type AdapterConfig } from './adapters.js';
import { MEDIA_MAX_BYTES } from './core/media.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Who may read an operations page (src/routes/ops-access.ts): anyone, a key for every school, nobody. */
const opsAccess = z.enum(['open', 'key', 'off']).default('open');

const apiKeysSchema = z
  .string()
  .transform((raw, ctx) => {
    const keys: ApiKey[] = [];
    for (const [i, part] of raw.split(',').map((p) => p.trim()).filter(Boolean).entries()) {
      const m = /^([A-Za-z0-9_\-.~+/]{16,200})=([A-Za-z0-9_.-]{1,64}|\*)$/.exec(part);
      if (!m) {
        ctx.addIssue({ code: 'custom', message: `entry ${i + 1} must be <key of 16+ characters>=<schoolId or *>` });
        continue;
      }
      keys.push({ key: m[1] as string, school: m[2] as string });
    }
    return keys;
  });

/** REDIS_CLUSTER_NODES: some nodes of a Redis Cluster as host:port, comma-separated. */
const clusterNodesSchema = z
  .string()
  .transform((raw, ctx) => {
    const nodes: Array<{ host: string; port: number }> = [];
    let wrong = false;
    for (const [i, part] of raw.split(',').map((p) => p.trim()).filter(Boolean).entries()) {
      const m = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(part);
      const port = Number(m?.[2]);
      if (!m || port < 1 || port > 65535) {
        ctx.addIssue({ code: 'custom', message: `entry ${i + 1} must be host:port (e.g. 10.0.0.5:6379)` });
        wrong = true;
        continue;
      }
      nodes.push({ host: (m[1] as string).replace(/^\[|\]$/g, ''), port });
    }
    if (!nodes.length && !wrong) ctx.addIssue({ code: 'custom', message: 'name at least one node as host:port' });
    return nodes;
  });

/**
 * The reverse proxies whose X-Forwarded-For is believed, as addresses or CIDR ranges (or
 * proxy-addr's names loopback, linklocal, uniquelocal). Never "any": a client could then name
 * any address it likes and walk around the per-address limits.
 */
const trustProxySchema = z
  .string()
  .transform((raw) => raw.split(',').map((p) => p.trim()).filter(Boolean))
  .refine((items) => items.length > 0 && items.every(isProxyAddress), 'a comma-separated list of addresses or CIDR ranges (or loopback, linklocal, uniquelocal)');

function isProxyAddress(item: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(item)) return true;
  const [address = '', bits, ...rest] = item.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

export interface ApiKey {
  key: string;
  /** A school id, or '*' for a key that may act for every school. */
  school: string;
}

const envSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** api, worker, all (both), or the process of an adapter that holds sessions (PROCESS_ROLES). */
  ROLE: z.enum(['all', 'api', 'worker', ...PROCESS_ROLES] as [string, ...string[]]).default('all'),
  PUBLIC_URL: z.url().optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** A Redis Cluster to use instead of one server: takes precedence over REDIS_URL. */
  REDIS_CLUSTER_NODES: clusterNodesSchema.optional(),
  /** The cluster nodes' password (AUTH), when they require one. */
  REDIS_CLUSTER_PASSWORD: z.string().min(1).optional(),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ and - only').default('sb'),
  DATA_DIR: z.string().min(1).default('.data'),
  /** Where parents' and teachers' voice notes, photos and documents are kept (one folder per school); default DATA_DIR/media. */
  MEDIA_DIR: z.string().min(1).optional(),
  /** The largest file kept, in bytes (default 16 MiB); a bigger one gets a kind answer. */
  MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(MEDIA_MAX_BYTES),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: bool.optional(),
  API_KEYS: apiKeysSchema.optional(),
  /**
   * Wrong API keys one client address may send in WRONG_KEYS_WINDOW_S before it is refused,
   * right key or not, until the window passes: 10 per 15 min stops guessing at once and leaves
   * room for an integrator fixing a typo. An IPv6 client counts per /64 (what one home gets).
   */
  WRONG_KEYS_PER_IP: int(1, 100_000).default(10),
  WRONG_KEYS_WINDOW_S: int(1, 24 * 3600).default(15 * 60),
  TRUST_PROXY: trustProxySchema.optional(),
  /**
   * Live progress streams (GET /v1/events/:id/stream) one caller may hold open at once, across
   * API processes: each open stream polls Redis twice a second, so a script opening streams in
   * a loop must not be able to take the server's time.
   */
  STREAMS_PER_CALLER: int(1, 1000).default(5),
  METRICS_ACCESS: opsAccess,
  DOCS_ACCESS: opsAccess,
  DEMO: z.enum(['auto', 'on', 'off']).default('auto'),
  BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(5 * 1024 * 1024),
  IDEMPOTENCY_TTL_HOURS: int(1, 24 * 30).default(24),
  FANOUT_CHUNK: int(1, 5000).default(500),
  OUTBOUND_ATTEMPTS: int(1, 50).default(6),
  OUTBOUND_BACKOFF_MS: int(1, 3_600_000).default(2000),
  OUTBOUND_CONCURRENCY: int(1, 500).default(20),
  WORKER_LOCK_MS: int(1000, 600_000).default(30_000),
  WORKER_STALLED_INTERVAL_MS: int(1000, 600_000).default(30_000),
  DEFAULT_TIME_ZONE: z.string().refine(isTimeZone, { error: (i) => `unknown IANA time zone '${String(i.input)}'` }).default('Africa/Casablanca'),
  SHUTDOWN_TIMEOUT_MS: int(1000, 600_000).default(30_000),
  /** How long a conversation (a half-answered survey, a teacher's draft) is kept untouched. */
  SESSION_TTL_DAYS: int(1, 90).default(7),
  /** A sign-in code sent by the bot works this long. */
  SIGN_IN_CODE_MINUTES: int(1, 60).default(10),
  /** A console session ends after this long unused… */
  SIGN_IN_IDLE_HOURS: int(1, 24 * 30).default(12),
  /** …and after this long in any case. */
  SIGN_IN_MAX_DAYS: int(1, 90).default(7),
});

/** The service's own variables and every adapter module's (src/adapters.ts). */
const variablesSchema = envSchema.extend(adapterConfigShape);

/** Every variable the service reads, for documentation checks. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(variablesSchema.shape);

// Checks live on the fields themselves: zod skips object-level refinements once any field
// failed, and a start-up error must name every wrong variable at once.
export const configSchema = variablesSchema;

export type Config = Readonly<z.output<typeof envSchema> & AdapterConfig>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Parses the environment; empty strings count as unset (compose files often pass `VAR=`). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`));
  }
  const config = parsed.data as unknown as Config;
  const problems = crossChecks(config);
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** Checks between variables, once each one is valid on its own. */
function crossChecks(c: Config): string[] {
  const everySchool = Boolean(c.API_KEYS?.some((k) => k.school === '*'));
  return (['METRICS_ACCESS', 'DOCS_ACCESS'] as const)
    .filter((name) => c[name] === 'key' && !everySchool)
    .map((name) => `${name}: 'key' needs an API_KEYS entry for every school (<key>=*), or nobody could read it`);
}

/** Whether this start seeds the demo school: on request, or when no API key is configured. */
export function demoEnabled(config: Config): boolean {
  return config.DEMO === 'on' || (config.DEMO === 'auto' && !config.API_KEYS?.length);
}
