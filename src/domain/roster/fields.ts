/**
 * One zod schema per roster field, shared by the JSON and the CSV import so both say the
 * same thing about the same mistake. Messages are predicates (see issues.ts).
 */
import { z } from 'zod';
import type { RosterRules } from '../../core/adapter-module.js';
import { PLATFORMS, type ChannelAddresses, type Locale, type Platform } from '../../core/types.js';
import { normalisePhone, toAsciiDigits } from '../../core/phone.js';
import { cut, problem, problemIssue, show } from './issues.js';

/** Ids end up inside queue job ids and Redis keys: no ':' and nothing exotic. */
export const ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const MAX_NAME_LENGTH = 120;
export const MAX_ADDRESS_LENGTH = 128;

export const idField = z
  .string()
  .trim()
  .regex(ID_PATTERN, {
    error: (issue) =>
      issue.input === ''
        ? 'is empty'
        : `${show(issue.input)} is not a valid id: use 1–64 letters A–Z, digits, '_', '.' or '-' (no spaces, no ':')`,
  });

/** Names are single-line: spreadsheet cells bring stray newlines and double spaces. */
export const nameField = z
  .string()
  .overwrite((name) => name.normalize('NFC').replace(/\s+/gu, ' ').trim())
  .min(1, { error: 'is empty' })
  .max(MAX_NAME_LENGTH, { error: `is longer than ${MAX_NAME_LENGTH} characters` });

// ---- grade ---------------------------------------------------------------------------

/**
 * Moroccan level codes, so "1AC" (first year of collège) means grade 7, not 1.
 * Order matters: "1APIC" is collège, not primary "1AP".
 */
const LEVEL_CODES: readonly { pattern: RegExp; offset: number }[] = [
  { pattern: /^([1-3])\s*(?:apic|ac)(?![a-z])/i, offset: 6 },
  { pattern: /^([1-6])\s*(?:ap|ep)(?![a-z])/i, offset: 0 },
  { pattern: /^([1-2])\s*bac(?![a-z])/i, offset: 10 },
  { pattern: /^tc/i, offset: 10 },
];

function levelCodeGrade(text: string): number | undefined {
  for (const { pattern, offset } of LEVEL_CODES) {
    const match = pattern.exec(text);
    if (match) return offset + Number(match[1] ?? 0);
  }
  return undefined;
}

function wholeGrade(text: string): number | undefined {
  const grade = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
  return grade >= 1 && grade <= 12 ? grade : undefined;
}

/** A grade cell: "5", "٥", or a level code ("6AP", "1AC", "2BAC", "TC"). */
export function gradeFromText(value: string): number | undefined {
  const text = toAsciiDigits(value).trim();
  return wholeGrade(text) ?? levelCodeGrade(text);
}

/** The grade a class id starts with: "5A" → 5, "1AC-2" → 7; undefined when it does not. */
export function gradeFromClassId(classId: string): number | undefined {
  const text = toAsciiDigits(classId).trim();
  return levelCodeGrade(text) ?? wholeGrade(/^\d+/.exec(text)?.[0] ?? '');
}

/** A number or a cell's text; anything else (true, a list) is not a grade either. */
export const gradeField = z.unknown().transform((value, ctx) => {
  const grade = typeof value === 'number' ? wholeGrade(String(value)) : typeof value === 'string' ? gradeFromText(value) : undefined;
  if (grade !== undefined) return grade;
  ctx.addIssue(problemIssue(value === undefined ? problem('required') : problem('invalid_grade', { value: cut(value) }), value));
  return z.NEVER;
});

// ---- locale --------------------------------------------------------------------------

const LOCALE_WORDS: Record<string, Locale> = {
  ar: 'ar', arabic: 'ar', arabe: 'ar', darija: 'ar', 'العربية': 'ar', 'عربية': 'ar', 'عربي': 'ar', 'الدارجة': 'ar',
  en: 'en', english: 'en', anglais: 'en', 'الإنجليزية': 'en', 'الانجليزية': 'en', 'إنجليزية': 'en', 'انجليزية': 'en', 'انجليزي': 'en',
  fr: 'fr', french: 'fr', 'français': 'fr', francais: 'fr', 'الفرنسية': 'fr', 'فرنسية': 'fr', 'فرنسي': 'fr', 'الفرانساوية': 'fr',
};

/** 'AR', 'arabic', 'العربية', 'en-GB', 'Français', 'fr-MA' → 'ar' | 'en' | 'fr'. */
export function localeFrom(raw: string): Locale | undefined {
  const word = raw.trim().toLowerCase();
  const base = /^([a-z]{2,3})[-_][a-z0-9-_]+$/.exec(word)?.[1] ?? word;
  return LOCALE_WORDS[base];
}

export const localeField = z.string().transform((raw, ctx): Locale => {
  const locale = localeFrom(raw);
  if (locale) return locale;
  ctx.addIssue(problemIssue(problem('invalid_locale', { value: cut(raw) }), raw));
  return z.NEVER;
});

// ---- phone ---------------------------------------------------------------------------

export const phoneField = z.string().transform((raw, ctx) => {
  const phone = normalisePhone(raw);
  if (phone !== undefined) return phone;
  ctx.addIssue(problemIssue(problem('invalid_phone', { value: cut(raw) }), raw));
  return z.NEVER;
});

// ---- channels ------------------------------------------------------------------------

export const addressField = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be text, not ${show(issue.input)}`) })
  .trim()
  .min(1, { error: 'is empty' })
  .max(MAX_ADDRESS_LENGTH, { error: `is longer than ${MAX_ADDRESS_LENGTH} characters` });

export interface ChannelFields {
  /** { platform: address, … } → ChannelAddresses, each address as its platform names the chat. */
  channels: z.ZodType<ChannelAddresses, Record<string, unknown>>;
  /** A preference order of platform names. */
  channelOrder: z.ZodType<Platform[], string[]>;
}

const made = new WeakMap<RosterRules, ChannelFields>();

/**
 * The channel fields of this deployment's rosters: platform names (and the names the adapters
 * accept for them) case-insensitive; addresses kept as given, unless the platform's rule writes
 * them the one way it names chats (RosterRule.address). Every wrong entry is reported.
 */
export function channelFields(rules: RosterRules): ChannelFields {
  const cached = made.get(rules);
  if (cached) return cached;
  const byName = new Map<string, Platform>();
  for (const platform of PLATFORMS) for (const name of [platform, ...(rules[platform]?.names ?? [])]) byName.set(name.toLowerCase(), platform);
  const known = [...PLATFORMS];
  const platformOf = (raw: string) => byName.get(raw.trim().toLowerCase());
  const channels = z.record(z.string(), z.unknown()).transform((record, ctx) => {
    const out: ChannelAddresses = {};
    for (const [key, value] of Object.entries(record)) {
      const platform = platformOf(key);
      const address = addressField.safeParse(value);
      if (!platform) {
        ctx.addIssue(problemIssue(problem('unknown_platform', { value: cut(key), known }), key));
      } else if (out[platform] !== undefined) {
        ctx.addIssue(problemIssue(problem('platform_twice', { platform }), key));
      } else if (!address.success) {
        for (const issue of address.error.issues) ctx.addIssue(problemIssue(addressProblem(issue, value), value, [key]));
      } else {
        const rule = rules[platform];
        const written = rule?.address ? rule.address(address.data) : address.data;
        if (written !== undefined) out[platform] = written;
        else ctx.addIssue(problemIssue(problem('invalid_address', { value: cut(address.data), platform, noun: rule?.noun ?? `${platform} address`, example: rule?.example ?? 'the platform does' }), value, [key]));
      }
    }
    return out;
  });
  const channelOrder = z.array(z.string()).transform((names, ctx) => {
    const order: Platform[] = [];
    names.forEach((raw, index) => {
      const platform = platformOf(raw);
      if (!platform) ctx.addIssue(problemIssue(problem('unknown_platform', { value: cut(raw), known }), raw, [index]));
      else if (order.includes(platform)) ctx.addIssue(problemIssue(problem('listed_twice', { value: platform }), raw, [index]));
      else order.push(platform);
    });
    return order;
  });
  const fields = { channels, channelOrder };
  made.set(rules, fields);
  return fields;
}

/** A list of ids, each once. */
export const idListField = z.array(idField).superRefine((ids, ctx) => {
  ids.forEach((id, index) => {
    if (ids.indexOf(id) !== index) ctx.addIssue(problemIssue(problem('listed_twice', { value: cut(id) }), id, [index]));
  });
});

/** An address that is not text, empty or too long, as the problem it is. */
function addressProblem(issue: z.core.$ZodIssue, value: unknown) {
  if (value === undefined) return problem('required');
  if (typeof value !== 'string') return problem('wrong_type', { expected: 'text', value: cut(value) });
  return issue.code === 'too_big' ? problem('too_long', { max: MAX_ADDRESS_LENGTH }) : problem('empty');
}

// ---- gender --------------------------------------------------------------------------

const GENDER_WORDS: Record<string, 'female' | 'male'> = {
  f: 'female', female: 'female', woman: 'female', femme: 'female', mme: 'female', madame: 'female', 'أنثى': 'female', 'أستاذة': 'female', 'الأستاذة': 'female',
  m: 'male', male: 'male', man: 'male', homme: 'male', 'm.': 'male', monsieur: 'male', 'ذكر': 'male', 'أستاذ': 'male', 'الأستاذ': 'male',
};

/** A teacher's gender, for the title the messages give them ("الأستاذة", "Mme"): f/m and the words schools write. */
export const genderField = z.string().transform((raw, ctx) => {
  const gender = GENDER_WORDS[raw.trim().toLowerCase()];
  if (gender) return gender;
  ctx.addIssue(problemIssue(problem('invalid_gender', { value: cut(raw) }), raw));
  return z.NEVER;
});
