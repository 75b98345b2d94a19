/**
 * One invitation as a parent reads it on a phone:
 *
 *   subject line (the title, or the kind's default title)
 *
 *   greeting · body for the kind · details · when · where · link · RSVP prompt
 *
 *   signature
 *
 * Optional lines are left out when their value is missing, so nothing dangles. RSVP
 * choices travel as structured data for each channel to render; they are never in the text.
 */
import { encodeRsvpChoice } from '../core/choice.js';
import type { Choice, EventKind, Locale } from '../core/types.js';
import { EVENT_KINDS, RSVP_ANSWERS } from '../core/types.js';
import { markRtlLines, wrapValue } from './bidi.js';
import { formatDate, formatList, formatTime } from './intl.js';
import type { PreparedValues } from './messages.js';
import { formatPrepared } from './messages.js';

export interface InvitationInput {
  kind: EventKind;
  locale: Locale;
  /** IANA zone of the school, e.g. 'Africa/Casablanca'. */
  timeZone: string;
  /** Unset or blank: the school has no name yet, and the signature says "your child’s school". */
  schoolName?: string;
  /** Already chosen for this locale by the caller; absent → the kind's default title. */
  title?: string;
  /** Free text from staff, already chosen for this locale; may span several lines. */
  details?: string;
  startsAt?: Date;
  place?: string;
  /** The guardian's children concerned; joined «سارة ويوسف» / "Sara and Youssef". */
  childNames?: string[];
  /** Template variables (teacher, subject, link, …); each also gets a has<Name> flag. */
  vars?: Record<string, string>;
  rsvp: boolean;
  /** Goes into the RSVP choice ids. */
  eventId: string;
}

/** Every input but the children: what one event reads alike for all its guardians of one language. */
export type SharedInput = Omit<InvitationInput, 'childNames'>;

export interface RenderedInvitation {
  text: string;
  choices?: Choice[];
}

/** Variables the templates test with has<Name>; they read 'no' unless given. */
const OPTIONAL_VARS = ['teacher', 'subject', 'link'] as const;

/** The teacher's title follows `vars.teacherGender` ("الأستاذة", "Mme"); anything else: the neutral form. */
const GENDERS: ReadonlySet<string> = new Set(['female', 'male']);

/** Absence names its date inside the sentence («افتقدنا … يوم …»), not on a "When:" line. */
const DATE_IN_BODY: ReadonlySet<EventKind> = new Set(['absence']);

/** A local time of 00:00 marks a day, not an appointment: the time is not shown. */
const ALL_DAY_TIME = '00:00';

function present(s: string | undefined): s is string {
  return s !== undefined && s.trim() !== '';
}

function flag(on: boolean): 'yes' | 'no' {
  return on ? 'yes' : 'no';
}

function flagName(name: string): string {
  return `has${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** Staff variables first, so the fields below win over a var of the same name. */
function varValues(locale: Locale, vars: Record<string, string> | undefined): PreparedValues {
  const values: PreparedValues = {};
  for (const name of OPTIONAL_VARS) values[flagName(name)] = 'no';
  for (const [name, raw] of Object.entries(vars ?? {})) {
    values[name] = present(raw) ? wrapValue(locale, raw.trim()) : '';
    values[flagName(name)] = flag(present(raw));
  }
  // A select, not text: never isolated, and only the values the messages know.
  values.teacherGender = GENDERS.has(vars?.teacherGender ?? '') ? (vars?.teacherGender as string) : 'unknown';
  return values;
}

function childValues(locale: Locale, names: string[] | undefined): PreparedValues {
  const kept = (names ?? []).filter(present).map((n) => wrapValue(locale, n.trim()));
  return { childCount: kept.length, children: formatList(kept, locale) };
}

function whenValues(input: SharedInput): PreparedValues {
  const { startsAt, locale, timeZone } = input;
  if (!startsAt) return { hasDate: 'no', hasTime: 'no', date: '', time: '' };
  const time = formatTime(startsAt, locale, timeZone);
  return {
    hasDate: 'yes',
    hasTime: flag(time !== ALL_DAY_TIME),
    date: wrapValue(locale, formatDate(startsAt, locale, timeZone)),
    time: wrapValue(locale, time),
  };
}

function textValue(locale: Locale, name: string, raw: string | undefined): PreparedValues {
  const on = present(raw);
  return { [name]: on ? wrapValue(locale, raw.trim()) : '', [flagName(name)]: flag(on) };
}

/** Everything but the children: the same for every guardian of an event in one language. */
function sharedValues(input: SharedInput): PreparedValues {
  const { locale, kind } = input;
  const title = present(input.title) ? input.title.trim() : formatPrepared(locale, `title.${kind}`);
  return {
    ...varValues(locale, input.vars),
    ...whenValues(input),
    ...textValue(locale, 'place', input.place),
    ...textValue(locale, 'details', input.details),
    title: wrapValue(locale, title),
    ...textValue(locale, 'school', input.schoolName),
    named: flag(present(input.schoolName)),
  };
}

/** The middle block's message keys, in reading order, for the values present. */
function bodyKeys(input: SharedInput, values: PreparedValues): string[] {
  const keys = ['invitation.greeting', `invitation.${input.kind}`];
  // Details follow the body at once: several bodies end with a colon that introduces them.
  if (values.hasDetails === 'yes') keys.push('invitation.details');
  if (values.hasDate === 'yes' && !DATE_IN_BODY.has(input.kind)) keys.push('invitation.when');
  if (values.hasPlace === 'yes') keys.push('invitation.place');
  if (values.hasLink === 'yes') keys.push('invitation.link');
  if (input.rsvp) keys.push('invitation.rsvpPrompt');
  return keys;
}

/** Lines of the middle block that name the guardian's children; the rest is shared. */
const CHILD_KEYS: ReadonlySet<string> = new Set(['invitation.greeting', ...EVENT_KINDS.map((k) => `invitation.${k}`)]);

interface SharedPart {
  values: PreparedValues;
  subject: string;
  signature: string;
  /** The middle block: a formatted line, or the key of a line formatted per guardian. */
  body: Array<{ line: string } | { key: string }>;
  choices?: Choice[];
  /** The whole text per number of children, cut where their names go (CHILDREN_SLOT). */
  byChildCount: Map<number, string[]>;
}

/**
 * Stands for the children's names in a text formatted once per number of children (the
 * plural forms depend on the count, never on the names). A private-use character: no locale
 * file carries it, and cleanText (bidi.ts) drops it from staff text and names.
 */
const CHILDREN_SLOT = '\uE000';

/**
 * A school event goes to thousands of guardians: what does not depend on the children is
 * formatted once per event and language (the key is every input but the children, so a
 * different input never reads a stale entry). At most 200 entries, oldest dropped.
 */
const shared = new Map<string, SharedPart>();
const SHARED_MAX = 200;

function sharedPart(input: SharedInput): SharedPart {
  const key = JSON.stringify({ ...input, startsAt: input.startsAt?.getTime() });
  const hit = shared.get(key);
  if (hit) return hit;
  const { locale } = input;
  const values = sharedValues(input);
  const part: SharedPart = {
    values,
    subject: formatPrepared(locale, 'invitation.subject', values),
    signature: formatPrepared(locale, 'invitation.signature', values),
    body: bodyKeys(input, values).map((key) => (CHILD_KEYS.has(key) ? { key } : { line: formatPrepared(locale, key, values) })),
    ...(input.rsvp ? { choices: rsvpChoices(locale, input.eventId) } : {}),
    byChildCount: new Map(),
  };
  if (shared.size >= SHARED_MAX) shared.delete(shared.keys().next().value as string);
  shared.set(key, part);
  return part;
}

function rsvpChoices(locale: Locale, eventId: string): Choice[] {
  return RSVP_ANSWERS.map((answer) => ({
    id: encodeRsvpChoice(answer, eventId),
    label: formatPrepared(locale, `rsvp.${answer}`),
  }));
}

export function renderInvitation(input: InvitationInput): RenderedInvitation {
  const { childNames, ...rest } = input;
  return prepareInvitation(rest)(childNames);
}

/**
 * Everything but the children, looked up once: the returned function renders the invitation
 * for one guardian's children. A batch of one event's guardians prepares once per language.
 */
export function prepareInvitation(input: SharedInput): (childNames?: string[]) => RenderedInvitation {
  const { locale } = input;
  const part = sharedPart(input);
  return (childNames) => {
    const children = childValues(locale, childNames);
    const text = typeof children.children === 'string' && !/[\n\uE000]/.test(children.children)
      ? withChildren(part, locale, Number(children.childCount), children.children)
      : assemble(part, locale, children);
    return part.choices ? { text, choices: part.choices.map((c) => ({ ...c })) } : { text };
  };
}

/** The text for this many children, formatted once, with these names in their place. */
function withChildren(part: SharedPart, locale: Locale, count: number, names: string): string {
  let pieces = part.byChildCount.get(count);
  if (pieces === undefined) {
    pieces = assemble(part, locale, { childCount: count, children: CHILDREN_SLOT }).split(CHILDREN_SLOT);
    part.byChildCount.set(count, pieces);
  }
  return pieces.length === 1 ? (pieces[0] as string) : pieces.join(names);
}

/**
 * Subject, body and signature. An Arabic line that begins with a name begins with its isolate
 * either way (names are always isolated in Arabic), so marking lines with the slot in place
 * reads the same as marking them with the names.
 */
function assemble(part: SharedPart, locale: Locale, children: PreparedValues): string {
  const values = { ...part.values, ...children };
  const body = part.body
    .map((b) => ('line' in b ? b.line : formatPrepared(locale, b.key, values)))
    .filter((line) => line !== '');
  // A blank line (two newlines) sets the subject and the signature apart on a phone screen.
  const joined = [part.subject, body.join('\n'), part.signature].join('\n\n');
  return locale === 'ar' ? markRtlLines(joined) : joined;
}
