/**
 * One zod schema per roster field, shared by the JSON and the CSV import so both say the
 * same thing about the same mistake. Messages are predicates (see issues.ts).
 */
import { z } from 'zod';
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
};
const FRENCH_WORDS = new Set(['fr', 'french', 'français', 'francais', 'الفرنسية', 'فرنسية', 'فرنسي']);

/** 'AR', 'arabic', 'العربية', 'en-GB' → 'ar' | 'en'; French is refused by name (not yet translated). */
export function localeFrom(raw: string): Locale | 'fr' | undefined {
  const word = raw.trim().toLowerCase();
  const base = /^([a-z]{2,3})[-_][a-z0-9-_]+$/.exec(word)?.[1] ?? word;
  if (FRENCH_WORDS.has(base)) return 'fr';
  return LOCALE_WORDS[base];
}

export const localeField = z.string().transform((raw, ctx): Locale => {
  const locale = localeFrom(raw);
  if (locale === 'ar' || locale === 'en') return locale;
  ctx.addIssue({
    code: 'custom',
    input: raw,
    message:
      locale === 'fr'
        ? `${show(raw)} is not supported: only ar (Arabic) and en (English) for now`
        : `${show(raw)} is not a language we know: use ar (Arabic) or en (English)`,
  });
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

const PLATFORM_SET: ReadonlySet<string> = new Set(PLATFORMS);
export function isPlatform(name: string): name is Platform {
  return PLATFORM_SET.has(name);
}
const KNOWN_PLATFORMS = `known: ${PLATFORMS.join(', ')}`;

export const addressField = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be text, not ${show(issue.input)}`) })
  .trim()
  .min(1, { error: 'is empty' })
  .max(MAX_ADDRESS_LENGTH, { error: `is longer than ${MAX_ADDRESS_LENGTH} characters` });

/**
 * A WhatsApp address is a phone chat id, `<digits>@c.us`: schools write it as a phone number
 * (0612345678, +212 6…), and inbound messages name the sender that way, so both must agree.
 */
function whatsappAddress(raw: string): string | undefined {
  if (/^\d{8,15}@(c\.us|lid)$/.test(raw)) return raw;
  const phone = normalisePhone(raw);
  return phone ? `${phone.slice(1)}@c.us` : undefined;
}

/**
 * { telegram: "12345", … }: platform names are case-insensitive; addresses are kept as given,
 * except WhatsApp's, written the one way WhatsApp names chats (a WhatsApp address is never made
 * up from the guardian's phone). Every wrong entry is reported.
 */
export const channelsField = z.record(z.string(), z.unknown()).transform((record, ctx) => {
  const channels: ChannelAddresses = {};
  for (const [key, value] of Object.entries(record)) {
    const name = key.trim().toLowerCase();
    const address = addressField.safeParse(value);
    if (!isPlatform(name)) {
      ctx.addIssue({ code: 'custom', input: key, message: `names an unknown platform ${show(key)} (${KNOWN_PLATFORMS})` });
    } else if (channels[name] !== undefined) {
      ctx.addIssue({ code: 'custom', input: key, message: `gives ${name} twice` });
    } else if (!address.success) {
      for (const issue of address.error.issues) ctx.addIssue({ code: 'custom', input: value, path: [key], message: issue.message });
    } else if (name === 'whatsapp') {
      const wa = whatsappAddress(address.data);
      if (wa) channels.whatsapp = wa;
      else ctx.addIssue({ code: 'custom', input: value, path: [key], message: `${show(address.data)} is not a WhatsApp number (write it like 0612345678 or +212612345678)` });
    } else {
      channels[name] = address.data;
    }
  }
  return channels;
});

export const channelOrderField = z.array(z.string()).transform((names, ctx) => {
  const order: Platform[] = [];
  names.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!isPlatform(name)) {
      ctx.addIssue({ code: 'custom', input: raw, path: [index], message: `names an unknown platform ${show(raw)} (${KNOWN_PLATFORMS})` });
    } else if (order.includes(name)) {
      ctx.addIssue({ code: 'custom', input: raw, path: [index], message: `lists ${name} twice` });
    } else {
      order.push(name);
    }
  });
  return order;
});

/** A list of ids, each once. */
export const idListField = z.array(idField).superRefine((ids, ctx) => {
  ids.forEach((id, index) => {
    if (ids.indexOf(id) !== index) ctx.addIssue({ code: 'custom', input: id, path: [index], message: `lists ${show(id)} twice` });
  });
});
