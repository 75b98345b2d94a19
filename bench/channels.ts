/**
 * Channels benchmark: what the Telegram and Messenger adapters do on their own against the
 * local fakes with every limit lifted, then the whole pipeline (real app, real Redis, one
 * school-wide POST) against fakes that ENFORCE a platform rate: does the outbound limiter
 * use the rate it is given, and does it stay under the platform's limit (no 429s)?
 * Prints figures and targets (PASS/MISS), then one line of JSON; never asserts a timing.
 *
 *   npm run bench -- channels [--messages 2000] [--concurrency 20] [--guardians 600] [--rate 30] [--slack 15]
 *
 * Pipeline runs, one app each (own key prefix, removed at the end):
 *   - Telegram at the adapter's declared rate (25/s) against a fake Bot API enforcing --rate
 *     (30/s) as a token bucket: what production does;
 *   - Telegram set to --rate with the bot's own `maxPerSecond`: exactly the platform's rate;
 *   - Messenger at its declared 30/s against a fake Graph API enforcing 30 per second as a
 *     sliding window;
 *
 * The fakes log what they receive but not when, so each pipeline run puts a recording proxy
 * (bench/lib/recording-proxy.ts) between the app and the fake: it stamps every answer with
 * the time it left the fake and its status; the fakes' own counters (calls, 429s) are
 * reported next to it as a cross-check.
 */
import os from 'node:os';
import { Redis } from 'ioredis';
import { createMessengerAdapter, messengerAccountSchema } from '../adapters/messenger/index.js';
import { MESSENGER_CAPABILITIES } from '../adapters/messenger/capabilities.js';
import { createTelegramAdapter, telegramAccountSchema } from '../adapters/telegram/index.js';
import { TELEGRAM_CAPABILITIES } from '../adapters/telegram/capabilities.js';
import type { Platform } from '../src/core/index.js';
import { renderInvitation } from '../src/i18n/index.js';
import { batchSize, jobLimiter } from '../src/queue/batching.js';
import { FAKE_GRAPH_VERSION, FAKE_PAGE_TOKEN, startFakeGraph, type FakeGraph } from '../tests/fakes/graph-api.js';
import { startFakeTelegram, type FakeTelegram } from '../tests/fakes/telegram-bot-api.js';
import { KEY_S1, REDIS_URL, auth, startTestApp, type TestApp } from '../tests/helpers/app.js';
import { makeRoster } from '../tests/helpers/roster.js';
import { parseIntOptions, usage, type IntOption } from './lib/args.js';
import { onCleanup } from './lib/cleanup.js';
import { fixed, int, ms, rate, table, verdict, type Row } from './lib/format.js';
import { pace, type Pace } from './lib/pace.js';
import { runPool, type PoolRun } from './lib/pool.js';
import { startRecordingProxy, type RecordingProxy } from './lib/recording-proxy.js';
import { deletePrefix, redisVersion } from './lib/redis-memory.js';
import { now, percentile, perSecond, sleep } from './lib/timing.js';

const OPTIONS = [
  { flag: 'messages', env: ['BENCH_MESSAGES'], default: 2000, min: 10, max: 100_000, help: 'sends per adapter with limits lifted (part 1)' },
  { flag: 'concurrency', env: ['BENCH_CONCURRENCY', 'OUTBOUND_CONCURRENCY'], default: 20, min: 1, max: 500, help: 'sends in flight (part 1) and the outbound worker concurrency (part 2)' },
  { flag: 'guardians', env: ['BENCH_GUARDIANS'], default: 600, min: 30, max: 10_000, help: 'guardians in the school, all linked on the platform (part 2)' },
  { flag: 'rate', env: ['BENCH_RATE'], default: 30, min: 1, max: 1000, help: 'messages/s the fake Bot API enforces, and the limiter of the forced-rate Telegram run' },
  { flag: 'slack', env: ['BENCH_SLACK_S'], default: 15, min: 1, max: 600, help: 'seconds a pipeline run may take beyond guardians / limiter rate before it is cut short' },
] as const satisfies readonly IntOption[];

type Options = Record<(typeof OPTIONS)[number]['flag'], number>;

const SCHOOL_NAME = 'مدرسة النور الابتدائية';
const IMPORT_CHUNK = 2000;
const POLL_MS = 20;
const WARMUP_SENDS = 100;
const TARGET_RATIO = 0.95;
/** No send for this long after a rate-limit answer: the queue is paused; stop waiting. */
const STALL_MS = 5000;
const PAGE_ID = '100200300400500';
const TELEGRAM_CHAT_BASE = 7_000_000_000;
const MESSENGER_PSID_BASE = 24_000_000_000_000;

// ---------------------------------------------------------------------------------------
// 1. Adapters alone, limits lifted

/** The invitation a guardian gets, rendered by the service's own renderer: Arabic, ~400 characters, 3 choices. */
function arabicInvitation(eventId: string) {
  const rendered = renderInvitation({
    kind: 'meeting',
    locale: 'ar',
    timeZone: 'Africa/Casablanca',
    schoolName: SCHOOL_NAME,
    title: 'اجتماع أولياء الأمور للفصل الثاني',
    details: 'يرجى إحضار دفتر المراسلة وبطاقة النتائج. سنناقش نتائج الفروض والتحضير للامتحانات.',
    startsAt: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    place: 'القاعة الكبرى',
    childNames: ['سارة', 'يوسف'],
    rsvp: true,
    eventId,
  });
  return { text: rendered.text, locale: 'ar' as const, ...(rendered.choices ? { choices: rendered.choices } : {}) };
}

interface AdapterFigures {
  platform: Platform;
  messages: number;
  concurrency: number;
  textLength: number;
  choices: number;
  parts: number;
  run: PoolRun;
  perS: number;
  p50: number;
  p99: number;
  /** What the fake accepted, as a cross-check (warm-up included). */
  accepted: number;
}

async function adapterTelegram(opts: Options): Promise<AdapterFigures> {
  const fake = await startFakeTelegram();
  const close = onCleanup(() => fake.close());
  try {
    const account = telegramAccountSchema.parse({ id: 'bench', token: fake.token, username: 'school_bench_bot', mode: 'webhook', webhookSecret: 'bench-secret' });
    const adapter = createTelegramAdapter(account, { apiRoot: fake.apiRoot, now: () => new Date() });
    const message = arabicInvitation('evbenchadapter01');
    const planned = adapter.plan(message);
    const send = (i: number) => adapter.send(adapter.plan(message), { address: String(TELEGRAM_CHAT_BASE + i), schoolId: 's1', idempotencyKey: `o-bench-g${i}` });
    await runPool(WARMUP_SENDS, opts.concurrency, (i) => send(opts.messages + i));
    const run = await runPool(opts.messages, opts.concurrency, send);
    const accepted = fake.received.filter((c) => c.method === 'sendMessage').length;
    return figures('telegram', opts, message, planned.parts.length, run, accepted);
  } finally {
    await close();
  }
}

async function adapterMessenger(opts: Options): Promise<AdapterFigures> {
  const fake = await startFakeGraph();
  const close = onCleanup(() => fake.close());
  try {
    const account = messengerAccountSchema.parse(messengerPage());
    const adapter = createMessengerAdapter(account, { graphBase: fake.base, now: () => new Date() });
    const message = arabicInvitation('evbenchadapter02');
    const planned = adapter.plan(message);
    // Inside the 24-hour window: the guardian wrote just now.
    const send = (i: number) => adapter.send(adapter.plan(message), { address: String(MESSENGER_PSID_BASE + i), schoolId: 's1', idempotencyKey: `o-bench-g${i}`, withinWindow: true });
    await runPool(WARMUP_SENDS, opts.concurrency, (i) => send(opts.messages + i));
    const run = await runPool(opts.messages, opts.concurrency, send);
    return figures('messenger', opts, message, planned.parts.length, run, fake.received.length);
  } finally {
    await close();
  }
}

function figures(platform: Platform, opts: Options, message: { text: string; choices?: unknown[] }, parts: number, run: PoolRun, accepted: number): AdapterFigures {
  return {
    platform,
    messages: opts.messages,
    concurrency: opts.concurrency,
    textLength: message.text.length,
    choices: message.choices?.length ?? 0,
    parts,
    run,
    perS: perSecond(run.latencies.length, run.ms),
    p50: percentile(run.latencies, 50),
    p99: percentile(run.latencies, 99),
    accepted,
  };
}

function messengerPage() {
  return {
    id: 'main',
    pageId: PAGE_ID,
    pageName: 'school.bench',
    accessToken: FAKE_PAGE_TOKEN,
    appSecret: 'bench-app-secret-0123456789',
    verifyToken: 'bench-verify-token',
    schools: '*',
  };
}

// ---------------------------------------------------------------------------------------
// 2. The pipeline against a fake that enforces the platform's rate

interface PipelineSpec {
  name: string;
  platform: 'telegram' | 'messenger';
  /** The outbound limiter the run uses: the adapter's declared one, or one forced in-process. */
  limiter: { max: number; durationMs: number };
  forced: boolean;
  /** What the fake enforces, and how. */
  fakeLimit: { max: number; perMs: number };
  fakeKind: string;
}

interface PipelineFigures {
  spec: PipelineSpec;
  /** The app's key prefix (removed at the end). */
  prefix: string;
  guardians: number;
  importMs: number;
  postMs: number;
  /** Successful sends the proxy saw, and every call it saw. */
  sent: number;
  calls: number;
  /** The fake's own counters: calls received (Telegram: sendMessage only) and rate-limit answers. */
  fakeCalls: number;
  count429: number;
  pace: Pace;
  limiterPerS: number;
  /** The adapter's own rate, per second (differs from limiterPerS when forced). */
  declaredPerS: number;
  ratio: number;
  slopeRatio: number;
  postToFirstMs: number;
  /** POST -> the first answer that was not a success (a rate-limit answer in these runs). */
  postToFirstRejectMs: number | undefined;
  /** What the run achieved: first -> last send when complete, sent / (POST -> cut) when cut short. */
  achievedPerS: number;
  postToLastMs: number;
  delivered: number | undefined;
  failed: number | undefined;
  /** Why the run ended before every guardian was sent to, if it did. */
  cut: 'deadline' | 'stalled' | undefined;
  /** POST -> the moment the run was cut short. */
  cutAtMs: number | undefined;
}

type Fake = { kind: 'telegram'; fake: FakeTelegram } | { kind: 'messenger'; fake: FakeGraph };

/** `maxPerSecond` sets the account's own rate, as a school would in its configuration. */
async function startFake(platform: PipelineSpec['platform'], maxPerSecond?: number): Promise<{ fake: Fake; proxy: RecordingProxy; env: Record<string, string> }> {
  const rate = maxPerSecond ? { maxPerSecond } : {};
  if (platform === 'telegram') {
    const fake = await startFakeTelegram();
    const proxy = await startRecordingProxy(fake.apiRoot, (path) => /^\/bot[^/]+\/([A-Za-z]+)$/.exec(path)?.[1]);
    const bots = [{ id: 'main', token: fake.token, username: 'school_bench_bot', mode: 'webhook', webhookSecret: 'bench-secret-0123', ...rate }];
    return { fake: { kind: 'telegram', fake }, proxy, env: { TELEGRAM_BOTS: JSON.stringify(bots), TELEGRAM_API_ROOT: proxy.url } };
  }
  const fake = await startFakeGraph();
  const proxy = await startRecordingProxy(new URL(fake.base).origin, (path) => (/\/messages$/.test(path) ? 'messages' : undefined));
  return { fake: { kind: 'messenger', fake }, proxy, env: { MESSENGER_PAGES: JSON.stringify([{ ...messengerPage(), ...rate }]), GRAPH_API_BASE: `${proxy.url}/${FAKE_GRAPH_VERSION}` } };
}

const SEND_LABEL = { telegram: 'sendMessage', messenger: 'messages' } as const;

function address(platform: PipelineSpec['platform'], i: number): string {
  return String((platform === 'telegram' ? TELEGRAM_CHAT_BASE : MESSENGER_PSID_BASE) + i);
}

async function importRoster(t: TestApp, platform: PipelineSpec['platform'], n: number): Promise<number> {
  const roster = makeRoster(t.prefix, { guardians: n, perClass: 30 });
  // Arabic guardians, linked on the one platform under test only.
  const guardians = roster.guardians.map((g, i) => ({ ...g, name: `ولي ${i + 1}`, locale: 'ar', channels: { [platform]: address(platform, i + 1) } }));
  const children = roster.children.map((c, i) => ({ ...c, name: `سارة ${i + 1}` }));
  const start = now();
  for (let i = 0; i < n; i += IMPORT_CHUNK) {
    const payload = { ...(i === 0 ? { classes: roster.classes } : {}), guardians: guardians.slice(i, i + IMPORT_CHUNK), children: children.slice(i, i + IMPORT_CHUNK) };
    const res = await t.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(KEY_S1), payload });
    const answer = res.json<{ errors?: unknown[] }>();
    if (res.statusCode !== 200 || answer.errors?.length) throw new Error(`roster import answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
  }
  if (platform === 'messenger') {
    // Every parent wrote to the Page a minute ago: all inside Meta's 24-hour window.
    const at = new Date(Date.now() - 60_000);
    await Promise.all(guardians.map((_, i) => t.runtime.ctx.stores.chats.noteInbound('messenger', 'main', address(platform, i + 1), at)));
  }
  return now() - start;
}

function eventBody() {
  return {
    kind: 'meeting',
    audience: { school: true },
    rsvp: true,
    // The benchmark may run at night in Casablanca: quiet hours would delay every job.
    respectQuietHours: false,
    title: { ar: 'اجتماع أولياء الأمور للفصل الثاني', en: 'Parent–teacher meeting, second term' },
    details: { ar: 'يرجى إحضار دفتر المراسلة وبطاقة النتائج. سنناقش نتائج الفروض والتحضير للامتحانات.', en: 'Please bring the correspondence book and the report card.' },
    startsAt: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
    place: 'القاعة الكبرى',
  };
}

async function runPipeline(admin: Redis, opts: Options, spec: PipelineSpec, progress: (line: string) => void): Promise<PipelineFigures> {
  const n = opts.guardians;
  let t: TestApp | undefined;
  let prefix: string | undefined;
  let started: Awaited<ReturnType<typeof startFake>> | undefined;
  const cleanup = onCleanup(async () => {
    try {
      await t?.close();
    } finally {
      if (prefix) await deletePrefix(admin, prefix); // in case close() failed half-way
      await started?.proxy.close();
      await started?.fake.fake.close();
    }
  });
  try {
    started = await startFake(spec.platform, spec.forced ? spec.limiter.max : undefined);
    const { fake, proxy } = started;
    t = await startTestApp({
      workers: false,
      env: {
        ...started.env,
        SIMULATOR_ENABLED: 'false',
        OUTBOUND_CONCURRENCY: String(opts.concurrency),
        SHUTDOWN_TIMEOUT_MS: '5000',
        LOG_LEVEL: 'silent',
      },
    });
    prefix = t.prefix;
    const declared = t.runtime.ctx.channels.accounts.find((a) => a.adapter.platform === spec.platform)?.adapter.capabilities.rateLimit;
    if (!declared) throw new Error(`the app has no ${spec.platform} account: check the env`);
    if (declared.max !== spec.limiter.max || declared.durationMs !== spec.limiter.durationMs) {
      throw new Error(`${spec.platform} declares ${declared.max}/${declared.durationMs} ms, expected ${spec.limiter.max}/${spec.limiter.durationMs} ms`);
    }
    await t.runtime.startWorkers();
    const importMs = await importRoster(t, spec.platform, n);

    if (fake.kind === 'telegram') fake.fake.enforceRate(spec.fakeLimit);
    else fake.fake.enforceRate(spec.fakeLimit);
    const limiterPerS = (spec.limiter.max * 1000) / spec.limiter.durationMs;
    const deadline = now() + ((n / limiterPerS) + opts.slack) * 1000;

    const postStart = now();
    const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: auth(KEY_S1), payload: eventBody() });
    const postMs = now() - postStart;
    if (res.statusCode !== 202) throw new Error(`POST /v1/events answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
    const { eventId, recipients } = res.json<{ eventId: string; recipients: number }>();
    if (recipients !== n) throw new Error(`the event has ${recipients} recipients, expected ${n}`);

    const label = SEND_LABEL[spec.platform];
    const okSends = () => proxy.calls.filter((c) => c.label === label && c.status === 200);
    // Cut short at the deadline, or once the queue has been silent for STALL_MS after a
    // rate-limit answer (the adapter asked BullMQ to pause for the answer's retry-after).
    let cut: PipelineFigures['cut'];
    for (let sent = okSends(); sent.length < n; sent = okSends()) {
      const lastAt = sent.at(-1)?.answeredAt ?? postStart;
      if (fake.fake.count429 > 0 && now() - lastAt > STALL_MS) cut = 'stalled';
      else if (now() > deadline) cut = 'deadline';
      if (cut) break;
      await sleep(POLL_MS);
    }
    const cutAtMs = cut ? now() - postStart : undefined;
    const ok = okSends().map((c) => c.answeredAt);
    const p = pace(ok, 1000);
    const rejected = proxy.calls.filter((c) => c.label === label && c.status !== 200).map((c) => c.answeredAt);
    const achievedPerS = cut ? perSecond(ok.length, cutAtMs ?? Number.NaN) : p.firstToLastPerS;
    const counts = await settledCounts(t, eventId, ok.length);
    const figures: PipelineFigures = {
      spec,
      prefix,
      guardians: n,
      importMs,
      postMs,
      sent: ok.length,
      calls: proxy.calls.filter((c) => c.label === label).length,
      fakeCalls: fake.kind === 'telegram' ? fake.fake.received.filter((c) => c.method === 'sendMessage').length : fake.fake.requests,
      count429: fake.fake.count429,
      pace: p,
      limiterPerS,
      declaredPerS: (declared.max * 1000) / declared.durationMs,
      achievedPerS,
      ratio: achievedPerS / limiterPerS,
      slopeRatio: p.slopePerS / limiterPerS,
      postToFirstMs: ok.length ? Math.min(...ok) - postStart : Number.NaN,
      postToFirstRejectMs: rejected.length ? Math.min(...rejected) - postStart : undefined,
      postToLastMs: ok.length ? Math.max(...ok) - postStart : Number.NaN,
      delivered: counts?.done,
      failed: counts?.failed,
      cut,
      cutAtMs,
    };
    progress(`${spec.name}: ${int(ok.length)}/${int(n)} sent at ${fixed(achievedPerS, 2)}/s (limiter ${fixed(limiterPerS, 1)}/s), ${figures.count429} rate-limit answers${cut ? `, CUT SHORT (${cut})` : ''}`);
    return figures;
  } finally {
    await cleanup();
  }
}

/**
 * The event's counters once the rows of the sends seen have been recorded (a row is written
 * just after the fake answers), or as they are after 2 s. Messenger rows stay "sent" until a
 * receipt, Telegram's become "delivered": both count as done. Undefined if they cannot be read.
 */
async function settledCounts(t: TestApp, eventId: string, sent: number): Promise<{ done: number; failed: number } | undefined> {
  const deadline = now() + 2000;
  for (;;) {
    const c = await t.runtime.ctx.stores.events.counts(eventId, true).then((e) => e.counts, () => undefined);
    if (!c) return undefined;
    const done = c.delivered + c.sent;
    if (done + c.failed >= sent || now() > deadline) return { done, failed: c.failed };
    await sleep(POLL_MS);
  }
}

// ---------------------------------------------------------------------------------------
// Report

interface Figures {
  adapters: AdapterFigures[];
  pipeline: PipelineFigures[];
}

const r0 = (x: number) => (Number.isFinite(x) ? Math.round(x) : null);
const r1 = (x: number) => (Number.isFinite(x) ? Math.round(x * 10) / 10 : null);
const r3 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

function adapterRows(a: AdapterFigures): Row[] {
  const fail = a.run.failures ? `; ${a.run.failures} FAILED (${a.run.firstError ?? ''})` : '';
  return [
    [`${a.platform}: deliveries/s`, rate(a.perS, 'msg'), `${int(a.run.latencies.length)} sends in ${ms(a.run.ms)}, ${a.concurrency} in flight${fail}`],
    [`${a.platform}: send latency p50 / p99`, `${fixed(a.p50, 2)} / ${fixed(a.p99, 2)} ms`, `${a.textLength}-character Arabic text, ${a.choices} choices, ${a.parts} part(s); fake accepted ${int(a.accepted)} (incl. ${WARMUP_SENDS} warm-up)`],
  ];
}

function pipelineRows(f: PipelineFigures): Row[] {
  const { spec, pace: p } = f;
  const lim = `${spec.limiter.max}/${spec.limiter.durationMs} ms${spec.forced ? ' (forced in-process)' : ' (declared)'}`;
  const jobs = jobLimiter(spec.limiter);
  const bullmq = jobs ? `BullMQ: ${jobs.max} job(s) per ${jobs.duration} ms x ${batchSize(spec.limiter)} guardian(s) per job; ` : '';
  const complete = f.sent === f.guardians;
  const versusDeclared = f.declaredPerS === f.limiterPerS ? '' : `; ${fixed(f.achievedPerS / f.declaredPerS, 3)} x the declared ${fixed(f.declaredPerS, 0)}/s`;
  const rows: Row[] = [
    [`limiter / fake`, lim, `${bullmq}fake: ${spec.fakeLimit.max} per ${spec.fakeLimit.perMs} ms, ${spec.fakeKind}`],
    [`sent / guardians`, `${int(f.sent)} / ${int(f.guardians)}`, `send calls: proxy ${int(f.calls)}, fake ${int(f.fakeCalls)}; rows: ${f.delivered ?? '?'} done, ${f.failed ?? '?'} failed`],
  ];
  if (f.cut === 'stalled') rows.push([`CUT SHORT`, ms(f.cutAtMs ?? Number.NaN), `after POST: no send for ${ms(STALL_MS)} after a rate-limit answer (queue paused)`]);
  if (f.cut === 'deadline') rows.push([`CUT SHORT`, ms(f.cutAtMs ?? Number.NaN), 'after POST: the deadline (guardians / limiter rate + --slack)']);
  rows.push(
    complete
      ? [`achieved, first -> last send`, `${fixed(f.achievedPerS, 2)} msg/s`, `${fixed(f.ratio, 3)} x limiter${versusDeclared}`, verdict(f.ratio >= TARGET_RATIO, `>= ${TARGET_RATIO} x limiter, all sent`)]
      : [`achieved, sent / (POST -> cut)`, `${fixed(f.achievedPerS, 2)} msg/s`, `${fixed(f.ratio, 3)} x limiter; INCOMPLETE (first -> last of the ${int(p.count)} sent: ${fixed(p.firstToLastPerS, 1)}/s)`, verdict(false, `>= ${TARGET_RATIO} x limiter, all sent`)],
    [`achieved, least-squares slope`, `${fixed(p.slopePerS, 2)} msg/s`, `${fixed(f.slopeRatio, 3)} x limiter (no fencepost from the last window's burst)`],
    [`rate-limit answers from the fake`, int(f.count429), `${spec.platform === 'telegram' ? '429 Too Many Requests' : 'Graph code 613'}${f.postToFirstRejectMs === undefined ? '' : `; the first ${ms(f.postToFirstRejectMs)} after POST`}`, verdict(f.count429 === 0, '0')],
    [`most sends in any 1 s`, int(p.peakInWindow), spec.fakeKind === 'token bucket' ? `the bucket allows ${spec.fakeLimit.max} + refill` : `the window allows ${spec.fakeLimit.max}`],
    [`longest pause between sends`, ms(p.longestGapMs), 'fixed windows: ~ window less its burst; + retry-after per rate-limit answer'],
    [`POST -> first / last send`, `${ms(f.postToFirstMs)} / ${ms(f.postToLastMs)}`, `${int(p.count)} sends over ${ms(p.spanMs)}; POST ${ms(f.postMs)}`],
  );
  return rows;
}

function report(opts: Options, redis: string, loadBefore: string, figs: Figures, totalMs: number): void {
  const load = os.loadavg().map((l) => fixed(l, 2)).join(' ');
  const title = `channels benchmark: ${redis}, Node ${process.version}, ${os.cpus().length} CPU, load ${load} (before: ${loadBefore})`;
  const lines = table(title, [
    { name: `1. adapters alone against the local fakes, limits lifted (${int(opts.messages)} sends each after ${WARMUP_SENDS} warm-up, ${opts.concurrency} in flight)`, rows: figs.adapters.flatMap(adapterRows) },
    ...figs.pipeline.map((f) => ({ name: `2. pipeline, ${f.spec.name}: ${int(f.guardians)} guardians, one school-wide POST, outbound concurrency ${opts.concurrency}`, rows: pipelineRows(f) })),
  ]);
  console.log(`\n${lines}\n\nwhole benchmark: ${ms(totalMs)}\n`);
  const json = {
    bench: 'channels',
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    redis,
    loadavg: { before: loadBefore, after: load },
    options: opts,
    adapters: Object.fromEntries(figs.adapters.map((a) => [a.platform, {
      messages: a.messages, concurrency: a.concurrency, textLength: a.textLength, choices: a.choices, parts: a.parts,
      ms: r0(a.run.ms), perS: r0(a.perS), p50Ms: r3(a.p50), p99Ms: r3(a.p99), failures: a.run.failures,
    }])),
    pipeline: figs.pipeline.map((f) => ({
      name: f.spec.name,
      platform: f.spec.platform,
      prefix: f.prefix,
      limiter: { ...f.spec.limiter, forced: f.spec.forced, bullmq: jobLimiter(f.spec.limiter) ?? null, perJob: batchSize(f.spec.limiter) },
      fakeLimit: { ...f.spec.fakeLimit, kind: f.spec.fakeKind },
      guardians: f.guardians,
      importMs: r0(f.importMs),
      sent: f.sent,
      sendCalls: { proxy: f.calls, fake: f.fakeCalls },
      delivered: f.delivered ?? null,
      failed: f.failed ?? null,
      achievedPerS: r3(f.achievedPerS),
      firstToLastPerS: r3(f.pace.firstToLastPerS),
      ratio: r3(f.ratio),
      ratioToDeclared: r3(f.achievedPerS / f.declaredPerS),
      slopePerS: r3(f.pace.slopePerS),
      slopeRatio: r3(f.slopeRatio),
      count429: f.count429,
      peakIn1s: f.pace.peakInWindow,
      longestGapMs: r0(f.pace.longestGapMs),
      postMs: r1(f.postMs),
      postToFirstMs: r0(f.postToFirstMs),
      postToFirstRejectMs: f.postToFirstRejectMs === undefined ? null : r0(f.postToFirstRejectMs),
      postToLastMs: r0(f.postToLastMs),
      cut: f.cut ?? null,
      cutAtMs: f.cutAtMs === undefined ? null : r0(f.cutAtMs),
      targets: { ratio: f.sent === f.guardians && f.ratio >= TARGET_RATIO ? 'PASS' : 'MISS', no429: f.count429 === 0 ? 'PASS' : 'MISS' },
    })),
    totalMs: r0(totalMs),
  };
  console.log(JSON.stringify(json));
}

export async function run(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage('channels', OPTIONS));
    return;
  }
  const opts = parseIntOptions(argv, process.env, OPTIONS);
  const started = now();
  const admin = new Redis(REDIS_URL);
  const closeAdmin = onCleanup(() => admin.quit().catch(() => admin.disconnect()));
  try {
    const redis = `Redis ${await redisVersion(admin)} at ${new URL(REDIS_URL).host}`;
    const loadBefore = os.loadavg().map((l) => fixed(l, 2)).join(' ');
    const progress = (line: string) => console.error(`  … ${line}`);
    console.error(`channels: ${int(opts.messages)} adapter sends (${opts.concurrency} in flight), pipeline with ${int(opts.guardians)} guardians, fake Bot API at ${opts.rate}/s`);

    const adapters = [await adapterTelegram(opts), await adapterMessenger(opts)];
    for (const a of adapters) progress(`${a.platform} adapter: ${rate(a.perS, 'msg')}, p50 ${fixed(a.p50, 2)} ms, p99 ${fixed(a.p99, 2)} ms`);

    const tg = TELEGRAM_CAPABILITIES.rateLimit;
    const bucket = { max: opts.rate, perMs: 1000 };
    const messengerLimit = { max: MESSENGER_CAPABILITIES.rateLimit.max, perMs: MESSENGER_CAPABILITIES.rateLimit.durationMs };
    const specs: PipelineSpec[] = [
      { name: `telegram at its declared rate ${tg.max}/s`, platform: 'telegram', limiter: { ...tg }, forced: false, fakeLimit: bucket, fakeKind: 'token bucket' },
      { name: `telegram set to ${opts.rate}/s (the bot's maxPerSecond)`, platform: 'telegram', limiter: { max: opts.rate, durationMs: 1000 }, forced: true, fakeLimit: bucket, fakeKind: 'token bucket' },
      {
        name: `messenger at its declared rate ${MESSENGER_CAPABILITIES.rateLimit.max}/s`, platform: 'messenger', limiter: { ...MESSENGER_CAPABILITIES.rateLimit }, forced: false,
        fakeLimit: messengerLimit, fakeKind: 'sliding window',
      },
    ];
    const pipeline: PipelineFigures[] = [];
    for (const spec of specs) pipeline.push(await runPipeline(admin, opts, spec, progress));
    report(opts, redis, loadBefore, { adapters, pipeline }, now() - started);
  } finally {
    await closeAdmin();
  }
}
