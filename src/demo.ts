/**
 * The demo school that `npm start` seeds when no API key is configured: three classes, thirty
 * guardians (Arabic and English), all on the simulator, and a stable demo key.
 */
import { randomBytes } from 'node:crypto';
import type { Child, Guardian, Roster, SchoolClass, Teacher } from './core/types.js';
import { isInQuietHours } from './domain/schedule.js';
import { zonedParts, zonedTimeToInstant } from './domain/zoned-time.js';
import type { Person } from './core/people.js';
import type { PipelineContext } from './services/context.js';
import { createPerson, type NewPerson } from './services/people.js';
import type { Redis } from './store/redis-types.js';

export const DEMO_SCHOOL_ID = 'demo';

const FIRST = ['Fatima', 'Mohamed', 'Khadija', 'Youssef', 'Amina', 'Hassan', 'Zineb', 'Omar', 'Salma', 'Rachid'];
const FIRST_AR = ['فاطمة', 'محمد', 'خديجة', 'يوسف', 'أمينة', 'حسن', 'زينب', 'عمر', 'سلمى', 'رشيد'];
const FAMILY = ['El Amrani', 'Benali', 'Tazi', 'Alaoui', 'Idrissi', 'Berrada', 'Chraibi', 'Fassi', 'Bennani', 'Ouazzani'];
const FAMILY_AR = ['العمراني', 'بنعلي', 'التازي', 'العلوي', 'الإدريسي', 'برادة', 'الشرايبي', 'الفاسي', 'بناني', 'الوزاني'];
const CHILD_AR = ['سارة', 'آدم', 'مريم', 'إلياس', 'هبة', 'أنس', 'نور', 'ريان', 'ياسمين', 'حمزة'];
const CHILD = ['Sara', 'Adam', 'Maryam', 'Ilyas', 'Hiba', 'Anas', 'Nour', 'Rayan', 'Yasmine', 'Hamza'];

export function demoRoster(): Roster {
  const classes: SchoolClass[] = [
    { id: '5A', name: '5A', grade: 5 },
    { id: '5B', name: '5B', grade: 5 },
    { id: '6A', name: '6A', grade: 6 },
  ];
  const guardians: Guardian[] = [];
  const children: Child[] = [];
  for (let i = 0; i < 30; i++) {
    const n = String(i + 1).padStart(2, '0');
    const english = i % 3 === 2; // a third of the families read English more easily
    const j = i % 10;
    const family = (i * 7) % 10;
    guardians.push({
      id: `g${n}`,
      name: english ? `${FIRST[j]} ${FAMILY[family]}` : `${FIRST_AR[j]} ${FAMILY_AR[family]}`,
      locale: english ? 'en' : 'ar',
      phone: `+2126000000${n}`,
      channels: { simulator: `sim-g${n}` },
    });
    const classId = (classes[Math.floor(i / 10)] as SchoolClass).id;
    children.push({ id: `c${n}`, name: english ? (CHILD[j] as string) : (CHILD_AR[j] as string), classId, guardianIds: [`g${n}`] });
  }
  // Siblings in two classes, and a child with two guardians, as real rosters have.
  children.push({ id: 'c31', name: 'ليلى', classId: '6A', guardianIds: ['g01'] });
  (children[4] as Child).guardianIds.push('g06');
  const teachers: Teacher[] = classes.map((c, i) => ({
    id: `t${i + 1}`,
    // Names without a title: the messages add «الأستاذة» / «الأستاذ» (or «الأستاذ(ة)» when the gender is unknown).
    name: ['نادية بناني', 'كريم العلوي', 'Laila Fassi'][i] as string,
    ...(i < 2 ? { gender: i === 0 ? 'female' as const : 'male' as const } : {}),
    classIds: [c.id],
    channels: { simulator: `sim-t${i + 1}` },
  }));
  return { classes, guardians, children, teachers };
}

/**
 * The demo school's people: its admin (the console opens signed in as her), a staff member and
 * a teacher (نادية بناني of 5A), each with a simulated phone where the bot's sign-in codes
 * arrive, so the code flow can be tried on the simulator.
 */
export const DEMO_PEOPLE: ReadonlyArray<NewPerson> = [
  { name: 'سميرة الإدريسي', login: 'admin', role: 'admin', channels: { simulator: 'sim-admin' }, locale: 'ar' },
  { name: 'Youssef Amrani', login: 'staff', role: 'staff', channels: { simulator: 'sim-staff' }, locale: 'en' },
  { name: 'نادية بناني', login: 'nadia', role: 'teacher', teacherId: 't1', channels: {}, locale: 'ar' },
];

/** Seeds (idempotently) and returns the demo key, the same across restarts on one Redis, and the admin. */
export async function seedDemo(ctx: PipelineContext, redis: Redis, demoKeyKey: string): Promise<{ key: string; admin: Person }> {
  await ctx.stores.schools.put({
    id: DEMO_SCHOOL_ID,
    name: 'مدرسة الأمل الابتدائية',
    timeZone: ctx.config.DEFAULT_TIME_ZONE,
    quietHours: { start: '21:00', end: '08:00' },
    defaultLocale: 'ar',
  });
  await ctx.stores.roster.upsert(DEMO_SCHOOL_ID, demoRoster());
  const people = [];
  for (const input of DEMO_PEOPLE) {
    const existing = await ctx.stores.people.byLogin(input.login);
    people.push(existing?.schoolId === DEMO_SCHOOL_ID ? existing : await createPerson(ctx, DEMO_SCHOOL_ID, input, 'demo'));
  }
  await redis.set(demoKeyKey, `demo-${randomBytes(18).toString('base64url')}`, 'NX');
  return { key: (await redis.get(demoKeyKey)) as string, admin: people[0] as Person };
}

/**
 * The banner `npm start` prints: the simulator's page first (what a newcomer opens to see the
 * whole loop), then the console, the key, and a curl that sends something.
 */
export function demoBanner(baseUrl: string, key: string, links: { console: string; simulator: string }, now: Date, timeZone: string): string {
  const p = zonedParts(new Date(now.getTime() + 7 * 86_400_000), timeZone);
  const startsAt = zonedTimeToInstant({ year: p.year, month: p.month, day: p.day, hour: 17, minute: 0 }, timeZone).toISOString();
  const quiet = isInQuietHours(now, { start: '21:00', end: '08:00' }, timeZone);
  const body = JSON.stringify({
    kind: 'meeting', startsAt, place: 'قاعة الاجتماعات', audience: { classes: ['5A'] }, rsvp: true,
    ...(quiet ? { respectQuietHours: false } : {}),
  });
  return [
    '',
    'School bridge demo is running (simulator channel, demo school with 3 classes and 30 guardians).',
    // One-time sign-in links, signing in as the demo school's admin; the token rides in the
    // fragment, which browsers never send to the server, so no log holds it.
    `  Simulator       ${links.simulator}`,
    `  Staff console   ${links.console}`,
    '                  (each link signs in once, as the admin; afterwards sign in as "admin", "staff" or',
    '                  "nadia" with a code: it arrives on their phone in the simulator)',
    `  API docs        ${baseUrl}/docs`,
    `  Health          ${baseUrl}/readyz   Metrics ${baseUrl}/metrics`,
    `  Demo API key    ${key}`,
    '',
    'Send a meeting invitation to class 5A:',
    `  curl -s -X POST ${baseUrl}/v1/events -H 'Authorization: Bearer ${key}' -H 'Content-Type: application/json' -d '${body}'`,
    ...(quiet ? ['  (it is quiet hours at the school now, so this example asks to send anyway; without that it would wait until 08:00)'] : []),
    '',
    'Read what a parent received (sim-g01 reads Arabic, sim-g03 English), and the event\'s progress:',
    `  curl -s ${baseUrl}/v1/simulator/chats/sim-g01 -H 'Authorization: Bearer ${key}'`,
    `  curl -s ${baseUrl}/v1/events -H 'Authorization: Bearer ${key}'`,
    '',
    'On the simulator, answer as a parent ("واخا", "yes", a digit), or write "دعوة" / "invite" as a teacher',
    '(نادية بناني teaches 5A) to invite a class from the chat.',
    '',
  ].join('\n');
}
