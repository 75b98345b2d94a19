/**
 * WhatsApp benchmark: a 1,000-family school reached through one Cloud API number, against the
 * local fake Graph server that enforces 80 messages a second per number and refuses free-form
 * first contacts (131047), as Meta does. The whole pipeline runs (real app, real Redis, one
 * school-wide POST); the parents never wrote, so every invitation is the school's approved
 * template. While it drains, parents who did write answer "نعم" and the time until the thanks
 * reaches their phone is measured. Then the arithmetic of the same school through WhatsApp Web
 * numbers (one, a warm pool of five, a new pool of five in its warm-up), whose pacing and daily
 * caps are what keeps a school phone from being banned.
 * Prints figures and targets (PASS/MISS), then one line of JSON; never asserts a timing.
 *
 *   npm run bench -- whatsapp [--families 1000] [--rate 80] [--replies 20]
 */
import { WHATSAPP_CLOUD_CAPABILITIES } from '../adapters/whatsapp-cloud/index.js';
import { whatsappAccountSchema } from '../adapters/whatsapp-web/index.js';
import { DEFAULT_WARM_UP_CAPS } from '../adapters/whatsapp-web/pacing.js';
import { startFakeWhatsAppCloud } from '../tests/fakes/whatsapp-cloud-api.js';
import { cloudText } from '../tests/fakes/whatsapp-cloud-webhook.js';
import { auth, startTestApp, waitFor, type TestApp } from '../tests/helpers/app.js';
import { CLOUD, postCloud } from '../tests/e2e/helpers/cloud.js';
import { parseIntOptions, usage, type IntOption } from './lib/args.js';
import { onCleanup } from './lib/cleanup.js';
import { fixed, int, ms, table, verdict, type Row } from './lib/format.js';
import { now, percentile, sleep } from './lib/timing.js';

const OPTIONS = [
  { flag: 'families', env: ['BENCH_FAMILIES'], default: 1000, min: 10, max: 20_000, help: 'families in the school, none of whom wrote to the number' },
  { flag: 'rate', env: ['BENCH_RATE'], default: 80, min: 1, max: 1000, help: "messages/s the number may send (the fake enforces the same)" },
  { flag: 'replies', env: ['BENCH_REPLIES'], default: 20, min: 0, max: 500, help: 'parents who wrote earlier and answer during the send' },
] as const satisfies readonly IntOption[];

type Options = Record<(typeof OPTIONS)[number]['flag'], number>;

const TARGET_S = 15;
const waOf = (i: number) => `2126${String(20_000_000 + i).padStart(8, '0')}`;

export async function run(argv: string[]): Promise<void> {
  if (argv.includes('--help')) {
    console.log(usage('whatsapp', OPTIONS));
    return;
  }
  const opts = parseIntOptions(argv, process.env, OPTIONS) as Options;
  const cloud = await cloudRun(opts);
  const web = webArithmetic(opts.families);
  const floorS = opts.families / opts.rate;
  const rows: Row[] = [
    ['families', int(opts.families), 'none wrote first: every invitation is a template'],
    ['time to reach them all', `${fixed(cloud.sendS, 2)} s`, `floor ${fixed(floorS, 1)} s at ${opts.rate}/s`, verdict(cloud.sendS <= TARGET_S * (opts.families / 1000) * (80 / opts.rate), `≤ ${TARGET_S} s for 1,000 at 80/s`)],
    ['throughput', `${fixed(opts.families / cloud.sendS, 1)} msg/s`, `${fixed((opts.families / cloud.sendS / opts.rate) * 100, 0)} % of the number's rate`],
    ['most in any second', int(cloud.maxInAnySecond), `limit ${opts.rate}`, verdict(cloud.maxInAnySecond <= opts.rate, `≤ ${opts.rate}`)],
    ['sends over the limit (130429)', int(cloud.overLimit), '', verdict(cloud.overLimit === 0, '0')],
    ['non-template first contacts (131047)', int(cloud.firstContacts), '', verdict(cloud.firstContacts === 0, '0')],
    ['templates sent', int(cloud.templates), ''],
  ];
  const replyRows: Row[] = cloud.latencies.length
    ? [
      ['answers during the send', int(cloud.latencies.length), '"نعم" from parents who had written'],
      ['reply on the phone p50', ms(percentile(cloud.latencies, 50)), ''],
      ['reply on the phone p99', ms(percentile(cloud.latencies, 99)), '', verdict(percentile(cloud.latencies, 99) < 2000, '< 2 s')],
    ]
    : [];
  const webRows: Row[] = web.map((w) => [`${w.numbers} number${w.numbers > 1 ? 's' : ''}${w.warmUp ? ', new (warm-up)' : ''}`, `${fixed(w.hours, 1)} h`, `${int(w.perNumber)} each at ~${fixed(w.secondsPerSend, 1)} s a send, ${w.days} day${w.days > 1 ? 's' : ''} of caps (${w.warmUp ? 'warm-up curve' : `${w.cap}/day`})`]);
  console.log(table(`WhatsApp: ${int(opts.families)} families`, [
    { name: 'Cloud API, one number (measured against the fake)', rows },
    ...(replyRows.length ? [{ name: 'replies while it sends', rows: replyRows }] : []),
    { name: 'WhatsApp Web numbers (arithmetic from the default pacing and caps)', rows: webRows },
  ]));
  console.log(JSON.stringify({ bench: 'whatsapp', families: opts.families, rate: opts.rate, cloud: { ...cloud, latencies: undefined, replyP50: percentile(cloud.latencies, 50), replyP99: percentile(cloud.latencies, 99) }, web }));
}

interface CloudFigures {
  sendS: number;
  maxInAnySecond: number;
  overLimit: number;
  firstContacts: number;
  templates: number;
  latencies: number[];
}

async function cloudRun(opts: Options): Promise<CloudFigures> {
  const fake = await startFakeWhatsAppCloud();
  const closeFake = onCleanup(() => fake.close());
  let app: TestApp | undefined;
  const closeApp = onCleanup(async () => app?.close());
  try {
    fake.addNumber({ phoneNumberId: CLOUD.phoneNumberId, accessToken: CLOUD.accessToken, maxPerSecond: opts.rate });
    fake.approveTemplate({ name: 'meeting_invitation', language: 'ar', bodyParameters: 4, quickReplies: 3 });
    const number = { ...CLOUD, schools: '*', maxPerSecond: opts.rate, dailyTier: 'unlimited', pairIntervalMs: WHATSAPP_CLOUD_CAPABILITIES.pairIntervalMs };
    app = await startTestApp({ env: { WHATSAPP_CLOUD_NUMBERS: JSON.stringify([number]), GRAPH_API_BASE: fake.base } });
    const templates = [{ kind: 'meeting', locale: 'ar', name: 'meeting_invitation', parameters: ['school', 'child', 'date', 'time'], rsvpButtons: true }];
    await inject(app, 'PUT', '/v1/school/whatsapp-templates', { templates });
    await inject(app, 'PATCH', '/v1/school', { name: 'مدرسة النور الابتدائية' });
    const repliers = Math.min(opts.replies, opts.families);
    const families = opts.families + repliers;
    const guardians = Array.from({ length: families }, (_, i) => ({ id: `g${i + 1}`, name: `ولي ${i + 1}`, locale: 'ar', channels: { whatsapp: waOf(i + 1) } }));
    const children = guardians.map((g, i) => ({ id: `c${i + 1}`, name: `سارة ${i + 1}`, classId: i < opts.families ? 'C1' : 'C2', guardianIds: [g.id] }));
    await inject(app, 'POST', '/v1/roster/import', { classes: [{ id: 'C1', name: '6A', grade: 6 }, { id: 'C2', name: '6B', grade: 6 }], guardians, children });

    // The parents who answer during the send wrote before it (their chat is open) and have an invitation of their own to answer.
    const earlier = await inject(app, 'POST', '/v1/events', meeting({ classes: ['C2'] }));
    for (let i = opts.families + 1; i <= families; i++) {
      fake.userWrote(CLOUD.phoneNumberId, waOf(i));
      await postCloud(app, cloudText({ phoneNumberId: CLOUD.phoneNumberId, from: waOf(i), text: 'السلام عليكم' }));
    }
    await waitFor(async () => (await eventCounts(app!, earlier.eventId)).sent >= repliers, 120_000, 'the earlier invitations');
    // Their last message from the school is older than the pair rate's interval, as a day-old invitation would be.
    await sleep(WHATSAPP_CLOUD_CAPABILITIES.pairIntervalMs + 500);
    fake.reset();
    for (let i = opts.families + 1; i <= families; i++) fake.userWrote(CLOUD.phoneNumberId, waOf(i));

    const start = now();
    const { eventId } = await inject(app, 'POST', '/v1/events', meeting({ classes: ['C1'] }));
    const latencies: number[] = [];
    const answering = (async () => {
      for (let i = opts.families + 1; i <= families; i++) {
        await sleep((opts.families / opts.rate / Math.max(1, repliers)) * 600);
        const wa = waOf(i);
        const before = fake.sent(wa).length;
        const t0 = now();
        await postCloud(app!, cloudText({ phoneNumberId: CLOUD.phoneNumberId, from: wa, text: 'نعم' }));
        await waitFor(async () => fake.sent(wa).length > before, 30_000, 'the thanks');
        latencies.push(now() - t0);
      }
    })();
    await waitFor(async () => (await eventCounts(app!, eventId)).sent >= opts.families, (opts.families / opts.rate) * 1000 * 4 + 30_000, 'every family reached');
    const sendS = (now() - start) / 1000;
    await answering;
    const toSchool = fake.sent().filter((m) => m.type === 'template');
    return {
      sendS,
      maxInAnySecond: fake.stats.maxInAnySecond[CLOUD.phoneNumberId] ?? 0,
      overLimit: fake.stats.overLimit,
      firstContacts: fake.stats.nonTemplateFirstContacts,
      templates: toSchool.length,
      latencies,
    };
  } finally {
    await closeApp();
    await closeFake();
  }
}

function meeting(audience: object) {
  return { kind: 'meeting', startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(), place: 'القاعة 3', audience, rsvp: true, respectQuietHours: false };
}

async function eventCounts(app: TestApp, eventId: string): Promise<{ sent: number }> {
  const res = await app.app.inject({ method: 'GET', url: `/v1/events/${eventId}`, headers: auth() });
  const c = res.json().counts as { sent: number; delivered: number };
  return { sent: c.sent + c.delivered };
}

async function inject(app: TestApp, method: 'POST' | 'PUT' | 'PATCH', url: string, payload: object): Promise<{ eventId: string }> {
  const res = await app.app.inject({ method, url, headers: auth(), payload });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res.json();
}

/**
 * WhatsApp Web: each number sends one message every minIntervalMs plus half the jitter on
 * average, and at most its cap a day (a new number's warm-up curve, then dailyCap); numbers
 * send side by side, each to its own parents.
 */
function webArithmetic(families: number) {
  const d = whatsappAccountSchema.parse({ id: 'wa', number: '212522000000' });
  const secondsPerSend = (d.minIntervalMs + d.jitterMs / 2) / 1000;
  const plan = (numbers: number, warmUp: boolean) => {
    const perNumber = Math.ceil(families / numbers);
    let left = perNumber;
    let days = 0;
    let lastDay = 0;
    while (left > 0) {
      const cap = warmUp ? (DEFAULT_WARM_UP_CAPS[days] ?? d.dailyCap) : d.dailyCap;
      lastDay = Math.min(left, cap);
      left -= lastDay;
      days++;
    }
    // Each full day of caps waits for the next day; the last day sends what is left.
    const hours = (days - 1) * 24 + (lastDay * secondsPerSend) / 3600;
    return { numbers, warmUp, perNumber, cap: d.dailyCap, secondsPerSend, days, hours };
  };
  return [plan(1, false), plan(5, false), plan(5, true)];
}
