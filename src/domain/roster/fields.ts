/**
 * One zod schema per roster field, shared by the JSON and the CSV import so both say the
 * same thing about the same mistake. Messages are predicates (see issues.ts).
 */
import { z } from 'zod';
import type { RosterRules } from '../../core/adapter-module.js';
import { PLATFORMS, type ChannelAddresses, type Locale, type Platform } from '../../core/types.js';
import { normalisePhone, toAsciiDigits } from '../../core/phone.js';
import { show } from './issues.js';

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

export const gradeField = z
  .union([z.number(), z.string()], {
    error: (issue) => (issue.input === undefined ? 'is required' : 'must be a number from 1 to 12'),
  })
  .transform((value, ctx) => {
    const grade = typeof value === 'number' ? wholeGrade(String(value)) : gradeFromText(value);
    if (grade !== undefined) return grade;
    ctx.addIssue({
      code: 'custom',
      input: value,
      message: `${show(value)} is not a grade: use a number from 1 to 12 (or a level such as 6AP, 1AC, 2BAC)`,
    });
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
  ctx.addIssue({ code: 'custom', input: raw, message: `${show(raw)} is not a language we know: use ar (Arabic), fr (French) or en (English)` });
  return z.NEVER;
});

// ---- phone ---------------------------------------------------------------------------

export const phoneField = z.string().transform((raw, ctx) => {
  const phone = normalisePhone(raw);
  if (phone !== undefined) return phone;
  ctx.addIssue({
    code: 'custom',
    input: raw,
    message: `${show(raw)} is not a phone number (write it like 0612345678 or +212612345678)`,
  });
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
  const known = `known: ${PLATFORMS.join(', ')}`;
  const platformOf = (raw: string) => byName.get(raw.trim().toLowerCase());
  const channels = z.record(z.string(), z.unknown()).transform((record, ctx) => {
    const out: ChannelAddresses = {};
    for (const [key, value] of Object.entries(record)) {
      const platform = platformOf(key);
      const address = addressField.safeParse(value);
      if (!platform) {
        ctx.addIssue({ code: 'custom', input: key, message: `names an unknown platform ${show(key)} (${known})` });
      } else if (out[platform] !== undefined) {
        ctx.addIssue({ code: 'custom', input: key, message: `gives ${platform} twice` });
      } else if (!address.success) {
        for (const issue of address.error.issues) ctx.addIssue({ code: 'custom', input: value, path: [key], message: issue.message });
      } else {
        const rule = rules[platform];
        const written = rule?.address ? rule.address(address.data) : address.data;
        if (written !== undefined) out[platform] = written;
        else ctx.addIssue({ code: 'custom', input: value, path: [key], message: `${show(address.data)} is not a ${rule?.noun ?? `${platform} address`} (write it like ${rule?.example ?? 'the platform does'})` });
      }
    }
    return out;
  });
  const channelOrder = z.array(z.string()).transform((names, ctx) => {
    const order: Platform[] = [];
    names.forEach((raw, index) => {
      const platform = platformOf(raw);
      if (!platform) ctx.addIssue({ code: 'custom', input: raw, path: [index], message: `names an unknown platform ${show(raw)} (${known})` });
      else if (order.includes(platform)) ctx.addIssue({ code: 'custom', input: raw, path: [index], message: `lists ${platform} twice` });
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
    if (ids.indexOf(id) !== index) ctx.addIssue({ code: 'custom', input: id, path: [index], message: `lists ${show(id)} twice` });
  });
});
