/**
 * Whole-message matching of known words and short phrases. A reply is cut into tokens, then
 * covered from left to right by the longest known phrase at each point; one token that no
 * phrase covers makes the whole reply unknown. That is how "la" in "salam" or "non" in
 * "nonna" never count (tokens, not substrings), and how a negation the vocabulary does not
 * know ("I will NOT come") can never be read as its positive half.
 */
import { APOSTROPHES, normaliseMarksOnly, normaliseReply } from './normalise.js';

export interface Lexicon<T> {
  /** Phrase key (tokens joined by one space) → meaning. */
  readonly phrases: ReadonlyMap<string, T>;
  /** Every token that occurs in some phrase. */
  readonly tokens: ReadonlySet<string>;
  readonly longestPhrase: number;
}

/**
 * A word (letters, digits and marks; Arabizi puts digits inside words: "ma9drch"), or one
 * emoji with its skin tone, presentation selector and ZWJ sequence ("👍🏽", "🤷‍♀️").
 */
const TOKEN =
  /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:'[\p{L}\p{N}][\p{L}\p{N}\p{M}]*)*|\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?)*/gu;
const EMOJI = /^\p{Extended_Pictographic}/u;
/** Accents on Latin letters: "peut-être", "peut-etre" and "peut etre" are one phrase; so are "ça" and "ca". */
const LATIN_ACCENTS = /[\u0300-\u036F]/g;

/**
 * Tokens of an already normalised reply: apostrophes dropped ("can't" = "cant"), Latin accents
 * folded, punctuation gone; an emoji is its base pictograph ("👍🏽" = "👍", "🤷‍♀️" = "🤷").
 */
export function tokenise(normalised: string): string[] {
  return (normalised.match(TOKEN) ?? []).map((token) =>
    EMOJI.test(token)
      ? String.fromCodePoint(token.codePointAt(0) ?? 0)
      : token.normalize('NFD').replace(LATIN_ACCENTS, '').replace(/'/g, '').normalize('NFC'),
  );
}

/**
 * The words of a reply as the parent typed them (case, accents and letters kept; harakat and
 * invisible marks gone), one for each token of `tokenise(normaliseReply(text))`: what staff are
 * shown as the words a reading came from. Undefined in the rare case the two do not line up.
 */
export function typedTokens(text: string, count: number): string[] | undefined {
  const typed = normaliseMarksOnly(text).replace(APOSTROPHES, "'").match(TOKEN) ?? [];
  return typed.length === count ? typed : undefined;
}

/** Phrases go through the same normalisation as replies, so data can be written naturally ("peut-être", "أجل"). */
export function phraseKey(phrase: string): string {
  return tokenise(normaliseReply(phrase)).join(' ');
}

/**
 * Builds a lexicon from meaning → phrases groups. The same phrase under two different
 * meanings is a mistake in the vocabulary and throws, so a school extending the lists finds
 * out in the tests, not from a parent's misread reply.
 */
export function buildLexicon<T>(groups: Iterable<readonly [T, readonly string[]]>): Lexicon<T> {
  const phrases = new Map<string, T>();
  const tokens = new Set<string>();
  let longestPhrase = 1;
  for (const [meaning, list] of groups) {
    for (const phrase of list) {
      const key = phraseKey(phrase);
      if (!key) throw new Error(`reply vocabulary: '${phrase}' has no words`);
      const known = phrases.get(key);
      if (known !== undefined && known !== meaning) {
        throw new Error(`reply vocabulary: '${phrase}' means both ${String(known)} and ${String(meaning)}`);
      }
      phrases.set(key, meaning);
      const parts = key.split(' ');
      parts.forEach((t) => tokens.add(t));
      longestPhrase = Math.max(longestPhrase, parts.length);
    }
  }
  return { phrases, tokens, longestPhrase };
}

/**
 * A word joined to Arabic "و" (and), or stretched by doubling its last letter ("yess", "noo", "لاا", "wakhaa") is read as
 * the word, but only when the word is known and the stretched form is not: "noon" stays noon.
 * Three or more repeats were already squeezed by `normaliseReply`.
 */
export function canonical(token: string, known: ReadonlySet<string>): string {
  if (known.has(token)) return token;
  const undoubled = token.replace(/(\p{L})\1$/u, '$1');
  if (known.has(undoubled)) return undoubled;
  // Arabic writes "and" joined to the next word: "وأرجو" is "و" + "أرجو".
  // Not "ولا": that is "or" ("نجي ولا لا؟"), never "and no".
  const joined = token.length > 2 && token.startsWith('و') && token !== 'ولا' ? token.slice(1) : undefined;
  return joined !== undefined && known.has(joined) ? joined : token;
}

/** Meanings covering every token, left to right, longest phrase first; undefined if any token is not covered. */
export function segment<T>(tokens: readonly string[], lexicon: Lexicon<T>): T[] | undefined {
  const words = tokens.map((t) => canonical(t, lexicon.tokens));
  const meanings: T[] = [];
  let at = 0;
  while (at < words.length) {
    const match = longestMatch(words, at, lexicon);
    if (!match) return undefined;
    meanings.push(match.meaning);
    at += match.length;
  }
  return meanings;
}

function longestMatch<T>(words: readonly string[], at: number, lexicon: Lexicon<T>): { meaning: T; length: number } | undefined {
  for (let length = Math.min(lexicon.longestPhrase, words.length - at); length > 0; length--) {
    const meaning = lexicon.phrases.get(words.slice(at, at + length).join(' '));
    if (meaning !== undefined) return { meaning, length };
  }
  return undefined;
}
