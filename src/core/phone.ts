/**
 * Phone numbers as secretaries and parents type them → E.164 ("+212612345678").
 * Pure: no metadata library; Morocco (the schools' country) gets exact length rules,
 * other countries only the E.164 shape.
 */

export const MOROCCO_COUNTRY_CODE = '212';

/** '+' then 8–15 digits, the first not 0. */
const E164 = /^\+[1-9]\d{7,14}$/;
/** Moroccan numbers: 9 digits after +212, starting 5 (fixed), 6/7 (mobile) or 8. */
const MOROCCAN_E164 = /^\+212[5-8]\d{8}$/;
/** Excel stores 0612345678 as the number 612345678: a bare Moroccan national number. */
const MOROCCAN_NATIONAL_WITHOUT_ZERO = /^[5-8]\d{8}$/;
/** Direction marks that come along when a number is copied out of Arabic text. */
const BIDI_MARKS = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Spaces (any), dots, dashes (ASCII and typographic), parentheses. */
const SEPARATORS = /[\s.\-\u2010-\u2015\u2212()]/gu;
/** "+212 (0)6 12…": the trunk 0 some people write in brackets after the country code. */
const BRACKETED_TRUNK_ZERO = /^(\+\d{1,3})[\s.-]*\(0\)/;

/** Arabic-Indic (٠–٩) and Extended Arabic-Indic (۰–۹) digits → ASCII; people type either. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

/**
 * E.164 normalisation; local numbers ("0612345678") take `defaultCountryCode` (Morocco by
 * default). Returns undefined when the text is not a plausible phone number.
 */
export function normalisePhone(raw: string, defaultCountryCode: string = MOROCCO_COUNTRY_CODE): string | undefined {
  if (!/^[1-9]\d{0,2}$/.test(defaultCountryCode)) {
    throw new RangeError(`defaultCountryCode must be 1–3 digits without '+', got '${defaultCountryCode}'`);
  }
  const compact = toAsciiDigits(raw)
    .replace(BIDI_MARKS, '')
    .trim()
    .replace(BRACKETED_TRUNK_ZERO, '$1')
    .replace(SEPARATORS, '');
  if (!/^\+?\d+$/.test(compact)) return undefined;
  const international = dropMoroccanTrunkZero(toInternational(compact, defaultCountryCode));
  return isPlausible(international) ? international : undefined;
}

function toInternational(digits: string, countryCode: string): string {
  if (digits.startsWith('+')) return digits;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  if (digits.startsWith('0')) return `+${countryCode}${digits.slice(1)}`;
  if (countryCode === MOROCCO_COUNTRY_CODE && MOROCCAN_NATIONAL_WITHOUT_ZERO.test(digits)) {
    return `+${MOROCCO_COUNTRY_CODE}${digits}`;
  }
  // Bare digits otherwise already carry their country code ("212612345678").
  return `+${digits}`;
}

/** "+212 0612345678": the national 0 kept after the country code. */
function dropMoroccanTrunkZero(e164: string): string {
  return /^\+2120\d{9}$/.test(e164) ? `+212${e164.slice(5)}` : e164;
}

function isPlausible(e164: string): boolean {
  if (!E164.test(e164)) return false;
  return e164.startsWith(`+${MOROCCO_COUNTRY_CODE}`) ? MOROCCAN_E164.test(e164) : true;
}

/**
 * How rosters write a WhatsApp address, for both kinds of account (WhatsApp Web and the Cloud
 * API): a chat id `<digits>@c.us`. Schools write a phone number (0612345678, +212 6…) and inbound
 * messages name the sender that way, so both agree whichever kind the school connects.
 */
export const whatsappRosterRule = {
  names: ['whatsapp', 'wa'],
  address: (raw: string): string | undefined => {
    if (/^\d{8,15}@(c\.us|lid)$/.test(raw)) return raw;
    const phone = normalisePhone(raw);
    return phone ? `${phone.slice(1)}@c.us` : undefined;
  },
  noun: 'WhatsApp number',
  example: '0612345678 or +212612345678',
} as const;
