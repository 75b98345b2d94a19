/**
 * Entry point: loads config, finds Redis, starts the roles asked for (api, worker, all),
 * seeds the demo when no API key is configured, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { buildApp } from './app.js';
import { openSessions, SECRET_HEADERS, startUpChannels } from './adapters.js';
import { ConfigError, demoEnabled, loadConfig } from './config.js';
import { DEMO_SCHOOL_ID, demoBanner, seedDemo } from './demo.js';
import type { Person } from './core/people.js';
import { createLogger } from './logger.js';
import { signInLinkFor } from './services/people.js';
import { createRuntime } from './runtime.js';
import { createKeys } from './store/keys.js';
import { createRedisClient, findRedis, RedisUnavailableError, redisOptions, whenReady } from './store/redis-bootstrap.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.LOG_LEVEL, pretty: config.LOG_PRETTY ?? Boolean(process.stdout.isTTY), secretHeaders: SECRET_HEADERS });
  const redis = await findRedis(redisOptions(config));
  log.info({ source: redis.source }, 'using Redis');
  // Login codes (a phone's QR code) go to the terminal, never to the logs.
  const print = (text: string) => console.log(text);
  const serves = config.ROLE === 'api' || config.ROLE === 'all';
  const runtime = await createRuntime(config, {
    redis: redis.target,
    log,
    sessions: config.ROLE === 'api' ? new Map() : await openSessions(config, config.ROLE, print),
    print,
  });
  if (config.ROLE !== 'api') await runtime.startWorkers(config.ROLE);
  if (serves) await startUpChannels(config, config.PUBLIC_URL, log);

  let apiKeys = config.API_KEYS ?? [];
  let banner: string | undefined;
  const demo = demoEnabled(config) && serves;
  let demoAdmin: Person | undefined;
  if (demo) {
    const client = createRedisClient(redis.target, 'store', () => undefined);
    await whenReady(client);
    const seeded = await seedDemo(runtime.ctx, client, createKeys(config.REDIS_PREFIX).demoKey);
    await client.quit();
    apiKeys = [...apiKeys, { key: seeded.key, school: DEMO_SCHOOL_ID }];
    demoAdmin = seeded.admin;
  }

  const app = serves ? await buildApp(config, { runtime, apiKeys, logger: log }) : undefined;
  if (app) {
    await app.listen({ port: config.PORT, host: config.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const baseUrl = config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
    if (demoAdmin) {
      const link = async (page: string) => (await signInLinkFor(runtime.ctx, DEMO_SCHOOL_ID, demoAdmin.id, baseUrl)).url.replace('/console#', `/${page}#`);
      const links = { console: await link('console'), simulator: await link('simulator') };
      banner = demoBanner(baseUrl, apiKeys.at(-1)?.key ?? '', links, new Date(), config.DEFAULT_TIME_ZONE);
    }
    // Without the demo there is no key to print: staff sign in on the page with their own.
    else banner = `\nStaff console   ${baseUrl}/console\n`;
  }
  if (banner) console.log(banner);
  log.info({ role: config.ROLE }, 'started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight sends');
    await app?.close();
    await runtime.close();
    await redis.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof RedisUnavailableError) {
    console.error(err.message);
  } else {
    console.error('Failed to start:', err);
  }
  process.exit(1);
});
