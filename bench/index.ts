/**
 * Benchmarks, one at a time: `npm run bench -- <name> [options]`. Not part of `npm test`;
 * they print figures next to targets and never fail on a timing.
 */
import { runPendingCleanups } from './lib/cleanup.js';
import { UsageError } from './lib/args.js';

export interface Benchmark {
  run(argv: string[]): Promise<void>;
}

const BENCHMARKS: Record<string, { summary: string; load: () => Promise<Benchmark> }> = {
  fanout: {
    summary: 'one event to a whole school: raw BullMQ baseline, POST latency, deliveries/s, Redis memory; --cluster: on a local 3-shard cluster with 1 and 2 worker processes',
    load: () => import('./fanout.js'),
  },
  channels: { summary: 'Telegram and Messenger: adapters alone, then the pipeline against fakes enforcing the platform rate', load: () => import('./channels.js') },
  'sign-in': { summary: 'signing in: a code from the bot to the phone, a password, a signed-in read, the limits on wrong tries', load: () => import('./sign-in.js') },
  conversation: { summary: 'inbound message -> reply on the phone: idle, and while a 10,000-guardian fan-out drains on the same account', load: () => import('./conversation.js') },
  replies: { summary: "parents' replies: accuracy per language and label on the labelled corpus (and the held-out set), false answers, parse time p50/p99", load: () => import('./replies.js') },
  whatsapp: { summary: 'a 1,000-family school through one Cloud API number at 80/s against the enforcing fake (templates, limits, replies during the send); WhatsApp Web arithmetic', load: () => import('./whatsapp.js') },
  console: { summary: 'the console on a phone: requests, bytes transferred and uncompressed, first paint and heading, cold and warm, unthrottled and on a slow-3G-like line', load: () => import('./console.js') },
  outage: { summary: 'Redis killed and restarted: 503 answer times while it is down, time until the API (and the workers) are back', load: () => import('./outage.js') },
};

function list(): string {
  const names = Object.entries(BENCHMARKS).map(([name, b]) => `  ${name.padEnd(14)}${b.summary}`);
  return ['usage: npm run bench -- <name> [options]   (--help after a name lists its options)', '', 'benchmarks:', ...names].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const bench = name === 'fanout' && rest.includes('--cluster') ? { summary: '', load: () => import('./fanout-cluster.js') } : name === undefined ? undefined : BENCHMARKS[name];
  if (!bench) {
    if (name !== undefined && name !== '--help' && name !== '-h') console.error(`unknown benchmark '${name}'\n`);
    console.error(list());
    return 1;
  }
  let interrupted = false;
  const stop = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\n${signal}: cleaning up the benchmark's Redis keys…`);
    void runPendingCleanups().finally(() => process.exit(130));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await (await bench.load()).run(rest);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) console.error(err.message);
    else console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return err instanceof UsageError ? 2 : 1;
  } finally {
    await runPendingCleanups();
  }
}

// Exit explicitly: a client or timer left open by a failed run must not keep the process alive.
process.exit(await main(process.argv.slice(2)));
