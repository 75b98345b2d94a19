/**
 * vitest globalSetup: makes `npm test` pass on a fresh machine, as `npm start` does for Redis.
 * - Redis: when nothing answers on the test URL (TEST_REDIS_URL, default 127.0.0.1:6379), a
 *   private redis-server without persistence on a free port for this run, stopped at teardown.
 *   Workers start after this runs and inherit process.env, so tests/helpers/app.ts reads the
 *   private URL from TEST_REDIS_URL at import time.
 * - Chromium and poppler: installed from Debian as root; otherwise one line each (the tests that
 *   need them are skipped: see vitest.config.ts and tests/e2e/join-slips.test.ts).
 * A Redis Cluster run (TEST_REDIS_CLUSTER_NODES, npm run test:cluster) brings its own servers.
 */
import { probeRedis } from '../../src/store/redis-bootstrap.js';
import { CHROMIUM, installAsRoot, isRoot, missingLine, POPPLER, REDIS_SERVER } from './prerequisites.js';
import { startPrivateRedis, type PrivateRedis } from './redis-server.js';

const DEFAULT_TEST_REDIS_URL = 'redis://127.0.0.1:6379';
/** How long a PING may take before the test Redis counts as absent (ms). */
const PROBE_TIMEOUT_MS = 1000;

export default async function setup(): Promise<() => Promise<void>> {
  for (const tool of [CHROMIUM, POPPLER]) {
    if (!tool.present() && !installAsRoot(tool)) process.stdout.write(`${missingLine(tool)}${isRoot() ? '' : ' (its tests are skipped)'}\n`);
  }
  const redis = process.env.TEST_REDIS_CLUSTER_NODES ? undefined : await provideRedis();
  return async () => {
    await redis?.dispose();
  };
}

/** undefined when a Redis already answers; else a private server the workers are pointed at. */
async function provideRedis(): Promise<PrivateRedis | undefined> {
  const url = process.env.TEST_REDIS_URL || DEFAULT_TEST_REDIS_URL;
  if ((await probeRedis(url, PROBE_TIMEOUT_MS)).ok) return undefined;
  if (!REDIS_SERVER.present() && !installAsRoot(REDIS_SERVER)) {
    // One line, no stack: the person needs the command, not vitest's internals.
    const error = new Error(missingLine(REDIS_SERVER));
    error.stack = error.message;
    throw error;
  }
  const server = await startPrivateRedis({ durable: false });
  process.env.TEST_REDIS_URL = server.url;
  process.stdout.write(`No Redis answers on ${new URL(url).host}: started a private redis-server on 127.0.0.1:${server.port} for this run\n`);
  return server;
}
