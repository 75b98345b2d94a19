/**
 * Sentences as clauses of tokens, and the known phrases spotted in them (sentences.ts). Unlike
 * `segment` (lexicon.ts), which needs every word known, spotting skips words it does not know:
 * they are kept, untagged, so the reader can see what sits between the phrases.
 */
import { canonical, tokenise, type Lexicon } from './lexicon.js';

export interface Clause {
  tokens: string[];
  /** Where its first token stands among the reply's tokens. */
  start: number;
  /** It ended with a question mark. */
  question: boolean;
  /** It follows "but" (sentences.ts cuts there too). */
  afterContrast: boolean;
}

export interface Spotted<T> {
  /** Undefined for a word no phrase covers. */
  tag?: T;
  /** The phrase as spotted (normalised tokens, joined by spaces). */
  text: string;
  /** Its tokens' place among the reply's tokens: [at, at + length). */
  at: number;
  length: number;
}

/** Clause ends: sentence and clause punctuation of Latin and Arabic script, and line breaks. */
const CLAUSE_END = /([.!?؟,،;؛:\n…]+|\s-\s)/u;

/**
 * Clauses of a normalised reply (normaliseReply trims the last "?", so `endsAsQuestion` says
 * whether the reply as typed ended with one). Undefined past `maxWords` words: a letter.
 */
export function clausesOf(normalised: string, maxWords: number, endsAsQuestion = false): Clause[] | undefined {
  const pieces = normalised.split(CLAUSE_END);
  const clauses: Clause[] = [];
  let words = 0;
  for (let i = 0; i < pieces.length; i += 2) {
    const tokens = tokenise(pieces[i] ?? '');
    words += tokens.length;
    if (words > maxWords) return undefined;
    const end = pieces[i + 1] ?? '';
    const last = i + 2 >= pieces.length;
    if (tokens.length) clauses.push({ tokens, start: words - tokens.length, question: /[?؟]/.test(end) || (last && endsAsQuestion), afterContrast: false });
  }
  return clauses;
}

/** Known phrases, longest first at each point, and the unknown words between them. */
export function spot<T>(tokens: readonly string[], lexicon: Lexicon<T>, start = 0): Spotted<T>[] {
  const words = tokens.map((t) => canonical(t, lexicon.tokens));
  const out: Spotted<T>[] = [];
  let at = 0;
  while (at < words.length) {
    let found: Spotted<T> | undefined;
    let length = Math.min(lexicon.longestPhrase, words.length - at);
    for (; length > 0; length--) {
      const text = words.slice(at, at + length).join(' ');
      const tag = lexicon.phrases.get(text);
      if (tag !== undefined) {
        found = { tag, text, at: start + at, length };
        break;
      }
    }
    if (found) {
      out.push(found);
      at += length;
    } else {
      out.push({ text: words[at] as string, at: start + at, length: 1 });
      at += 1;
    }
  }
  return out;
}

/** Cuts a clause's spotted words at each "but": the parts after it say so. */
export function splitAtContrast<T>(clause: Clause, spotted: Spotted<T>[], isContrast: (tag: T | undefined) => boolean): Array<{ clause: Clause; spotted: Spotted<T>[] }> {
  const parts: Array<{ clause: Clause; spotted: Spotted<T>[] }> = [];
  let current: Spotted<T>[] = [];
  let after = clause.afterContrast;
  const flush = (last: boolean) => {
    if (!current.length) return;
    const tokens = current.flatMap((s) => s.text.split(' '));
    parts.push({ clause: { tokens, start: current[0]?.at ?? clause.start, question: last && clause.question, afterContrast: after }, spotted: current });
  };
  for (const s of spotted) {
    if (isContrast(s.tag)) {
      flush(false);
      current = [];
      after = true;
    } else current.push(s);
  }
  flush(true);
  return parts;
}
