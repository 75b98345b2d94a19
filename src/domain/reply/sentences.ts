/**
 * Whole sentences, read when a reply is more than known words (parser.ts tries that first):
 * "lla, ma ymknch liya nji, khdam f dak nhar", "je ne pourrai malheureusement pas être là",
 * "wakha ghadi nji, wach n9der njib khoh?". Pure and deterministic; every reading says which
 * words decided it, so staff can see it and correct it.
 *
 * The reply is cut into clauses (punctuation, "but"). In each clause the known phrases are
 * spotted, longest first, and the other words skipped. A clause that asks something or asks
 * for something is a note for the teacher. The others give a polarity:
 * - a no, or a negator beside a verb of coming or being able ("not … able to come", "ma … ch") is no;
 * - a maybe, a hedge ("I'll see"), or a yes under a condition ("if I finish early") is maybe;
 * - a yes, or a verb of coming said by the parent (not "my son will come") is yes.
 * Clauses that disagree make the reply unclear: the bot asks again, or passes it on. A false
 * answer costs a parent's trust; asking again costs one message.
 */
import type { RsvpAnswer, SurveyScale } from '../../core/types.js';
import { buildLexicon, phraseKey, tokenise, typedTokens, type Lexicon } from './lexicon.js';
import { SCALE_WORDS } from './scale-words.js';
import {
  ACKNOWLEDGED, CHILD_PERSON, CONDITIONALS, CONFUSED, CONTRAST_WORDS, FAMILY_PERSON, FIRST_PERSON, INSTEAD_WORDS, LATE_WORDS, MESSAGE_WORDS, NEGATORS,
  NEUTRAL_PHRASES, NEWS_WORDS, OTHER_COMES, QUESTION_STARTS, RATING_VERBS, REQUEST_PHRASES, SENTENCE_ATTEND, SENTENCE_COMMANDS, SENTENCE_MAYBE, SENTENCE_NO,
  SENTENCE_SKIP, SENTENCE_YES, UNIT_WORDS, WEAK_ANSWER_TOKENS, WEAK_NUMBER_WORDS, WHEN_WORDS,
} from './sentence-words.js';
import { clausesOf, spot, splitAtContrast, type Clause, type Spotted } from './spotting.js';
import { COMMAND_WORDS, FILLER_WORDS, NUMBER_WORDS, RSVP_WORDS, allWords, type RsvpSignal, type Words } from './words.js';

export type SentenceCommand = keyof typeof SENTENCE_COMMANDS;

/** How a reply was read: the answer, the words it came from, and whether part of it is for the teacher. */
export interface SentenceReading<A> {
  answer?: A;
  /** The words that decided, as the parent typed them, e.g. "ghadi nji", "ma n9derch". */
  from?: string;
  /** A question, a request or news sits beside (or instead of) the answer: the teacher should read it. */
  note: boolean;
  /** Answer-like words that disagree or fall outside the scale ("3 ou 4", "7", "oui non"): ask again. */
  unclear?: boolean;
  /** A command said in a sentence ("please stop sending me these messages"). */
  command?: SentenceCommand;
}

type Shape = 'neg' | 'request' | 'cond' | 'contrast' | 'child' | 'family' | 'comes' | 'self' | 'neutral' | 'filler' | 'confused' | 'ack' | 'news'
  | 'late' | 'instead' | 'stopWord' | 'messages' | 'when' | 'unit' | `cmd:${SentenceCommand}`;
/** Sentence-level answer words (`s…`): like the short answers, but not trusted in a clause about the child. */
type RsvpTag = RsvpSignal | 'sYes' | 'sNo' | 'sMaybe' | 'sAttend' | Shape;

const groups = <T>(tag: T, words: Words): [T, string[]] => [tag, allWords(words)];

const COMMAND_GROUPS = (Object.entries(SENTENCE_COMMANDS) as [SentenceCommand, Words][]).map(([c, w]) => groups<Shape>(`cmd:${c}`, w));

const SHAPES: [Shape, string[]][] = [
  ...COMMAND_GROUPS, groups('confused', CONFUSED), groups('ack', ACKNOWLEDGED), groups('request', REQUEST_PHRASES), groups('instead', INSTEAD_WORDS),
  groups('messages', MESSAGE_WORDS), groups('when', WHEN_WORDS), groups('stopWord', COMMAND_WORDS.stop), groups('unit', UNIT_WORDS), groups('neg', NEGATORS),
  groups('cond', CONDITIONALS), groups('contrast', CONTRAST_WORDS), groups('comes', OTHER_COMES), groups('family', FAMILY_PERSON),
  groups('child', CHILD_PERSON), groups('self', FIRST_PERSON), groups('news', NEWS_WORDS), groups('late', LATE_WORDS),
  groups('neutral', NEUTRAL_PHRASES), groups('filler', FILLER_WORDS),
];
const QUESTION_LEXICON = buildLexicon<'question'>([groups('question', QUESTION_STARTS)]);

/**
 * Groups in priority order, each phrase kept in the first group that has it: an answer word is
 * never also a shape word ("لا" is no, "jamais" is never on the frequency scale).
 */
function byPriority<T>(ordered: Array<[T, string[]]>): Array<[T, string[]]> {
  const taken = new Set<string>();
  return ordered.map(([tag, words]) => {
    const mine = words.filter((w) => !taken.has(phraseKey(w)));
    mine.forEach((w) => taken.add(phraseKey(w)));
    return [tag, mine];
  });
}

const RSVP_SENTENCE_LEXICON: Lexicon<RsvpTag> = buildLexicon<RsvpTag>(byPriority<RsvpTag>([
  ...(Object.entries(RSVP_WORDS) as [RsvpSignal, Words][]).map(([signal, words]) => groups<RsvpTag>(signal, words)),
  groups('sYes', SENTENCE_YES), groups('sNo', SENTENCE_NO), groups('sMaybe', SENTENCE_MAYBE), groups('sAttend', SENTENCE_ATTEND),
  ...SHAPES,
]));

/** At most this many words are read; a longer letter is a note, whatever it says. */
const MAX_WORDS = 80;

// ---- RSVP ----------------------------------------------------------------------------------

type Polarity = 'yes' | 'no' | 'maybe';

interface ClauseReading {
  polarity?: Polarity;
  hedge: boolean;
  /** The words that gave the polarity (or the hedge). */
  from: Spotted<unknown>[];
  /** A grown-up of the family comes instead ("mais son papa viendra"): yes, and the teacher should know who. */
  substitute?: boolean;
  /** News about the child ("elle a de la fièvre"): a note. */
  news?: boolean;
  /** Yes and no said outright in one breath ("oui non"). */
  contradicts?: boolean;
  /** "… but my wife will": someone else may come; the teacher reads it, no answer is recorded. */
  someoneElse?: boolean;
  /** "we will be late": the answer stands, and the teacher should know. */
  late?: boolean;
  /** A condition with nothing to hold yet ("If my shift ends early,"): the next clause's yes is a maybe. */
  condOnly?: boolean;
  /** A maybe said after a question of the same message: it waits on the school's answer. */
  waitsOnQuestion?: boolean;
}

/**
 * A reply to an invitation, read as sentences. A reading from a sentence is always "likely":
 * the bot thanks the parent and shows the choices, so a misreading costs one tap to correct.
 */
export function readRsvpSentence(text: string, normalised: string, endsAsQuestion: boolean): SentenceReading<RsvpAnswer> {
  const clauses = clausesOf(normalised, MAX_WORDS, endsAsQuestion);
  if (!clauses) return { note: true };
  const parts = clauses.flatMap((whole) => splitAtContrast(whole, spot(whole.tokens, RSVP_SENTENCE_LEXICON, whole.start), (tag) => tag === 'contrast'));
  const all = parts.flatMap((p) => p.spotted);
  // "What is this about?", "wrong number": nothing in the reply answers the invitation.
  if (all.some((s) => s.tag === 'confused')) return { note: true };
  let note = false;
  const readings: ClauseReading[] = [];
  const said: Spotted<RsvpTag>[][] = [];
  let asked = false;
  for (const { clause, spotted } of parts) {
    const asks = asksSomething(clause, spotted);
    // "Can you write in French please" asks for a command; "Is the meeting in Arabic?" asks a question.
    if (asks !== 'question') said.push(spotted);
    if (asks) {
      note = true;
      asked ||= asks === 'question';
      continue;
    }
    const reading = readClause(clause, spotted);
    const before = readings.at(-1);
    // "If I finish early, I'll come": a condition in one clause holds the yes in the next.
    if (before?.condOnly && reading.polarity === 'yes') reading.polarity = 'maybe';
    // "Is it for both parents? If so I'll see with my husband": a maybe that waits on the answer is no answer yet.
    if (asked && reading.polarity === 'maybe') reading.waitsOnQuestion = true;
    readings.push(reading);
  }
  const command = commandOf(said);
  if (command) return { note: false, command };
  const shown = (rs: ClauseReading[]) => typedWords(text, normalised, rs.flatMap((r) => r.from));
  if (readings.some((r) => r.contradicts)) return { note, unclear: true };
  // A grown-up of the family comes instead of the parent: the family will be there.
  if (readings.some((r) => r.someoneElse)) return { note: true };
  const substitutes = readings.filter((r) => r.substitute);
  if (substitutes.length) return { answer: 'yes', from: shown(substitutes), note: true };
  const answered = readings.filter((r) => r.polarity && !r.waitsOnQuestion);
  const polarities = new Set(answered.map((r) => r.polarity));
  // News about the child is a note, except beside a no, where it is the reason ("لا، ابني مريض").
  const onlyNo = polarities.size === 1 && polarities.has('no');
  note ||= (!onlyNo && readings.some((r) => r.news)) || readings.some((r) => r.late);
  if (polarities.size === 0) {
    // "inshallah" alone commits to nothing: maybe.
    const hedges = readings.filter((r) => r.hedge);
    return hedges.length ? { answer: 'maybe', from: shown(hedges), note } : { note };
  }
  // Yes and maybe make maybe ("oui, peut-être"); no beside anything else contradicts itself.
  if (polarities.has('no') && polarities.size > 1) return { note, unclear: true };
  const answer: Polarity = polarities.has('maybe') ? 'maybe' : polarities.has('no') ? 'no' : 'yes';
  return { answer, from: shown(answered), note };
}

/** One command said in a sentence, and nothing contradicting it; else none. */
function commandOf(clauses: Array<Spotted<RsvpTag | RatingTag>[]>): SentenceCommand | undefined {
  const commands = new Set<SentenceCommand>();
  for (const spotted of clauses) {
    const has = (tag: string) => spotted.some((s) => s.tag === tag);
    // The command must be what the clause says: "stop sending me messages at night", "I don't want
    // you to stop…", "he has difficulties in French", "I need help with his homework" are not.
    const others = spotted.filter((s) => s.tag === undefined).length;
    if (has('neg') || has('when') || has('child') || others > MAX_OTHER_WORDS) continue;
    const said = spotted.flatMap((s) => (typeof s.tag === 'string' && s.tag.startsWith('cmd:') ? [s.tag.slice(4) as SentenceCommand] : []));
    said.forEach((c) => commands.add(c));
    // "stop les messages please", "بركا من الميساجات": a stop word about our messages.
    if (!said.length && has('stopWord') && has('messages')) commands.add('stop');
  }
  return commands.size === 1 ? commands.values().next().value : undefined;
}

/** Words a command's clause may hold besides it and courtesy ("write" in "can you write in French please"). */
const MAX_OTHER_WORDS = 2;

/** A question (a question mark, or a question word first), a request ("can you …", "بغيت نعرف"), or neither. */
function asksSomething<T>(clause: Clause, spotted: Spotted<T | Shape>[]): 'question' | 'request' | undefined {
  if (clause.question) return 'question';
  // Greetings first are not the start: "salam, wach khassni nji bwahdi" (a greeting may be several words).
  const first = spotted.find((s) => s.tag !== 'filler' && s.tag !== 'neutral');
  const start = first ? clause.tokens.slice(Math.max(0, first.at - clause.start)) : [];
  if (spot(start.slice(0, 5), QUESTION_LEXICON)[0]?.tag === 'question') return 'question';
  // "ma 3ytou lia" (they never called me) is not "3ytou lia" (call me).
  return spotted.some((s, i) => s.tag === 'request' && !NOT_BEFORE_REQUEST.has(spotted[i - 1]?.text ?? '')) ? 'request' : undefined;
}

const NOT_BEFORE_REQUEST: ReadonlySet<string> = new Set(['ma', 'ما', 'never', 'jamais', 'لم', 'not']);

const POSITIVE: readonly RsvpTag[] = ['yes', 'yesLikely', 'attend', 'sYes', 'sAttend'];

function readClause(clause: Clause, spotted: Spotted<RsvpTag>[]): ClauseReading {
  const has = (tag: RsvpTag) => spotted.some((s) => s.tag === tag);
  // "la" alone in its clause is no ("la, ma n9derch"); inside a sentence it is an article ("à la réunion").
  const alone = spotted.filter((s) => s.tag !== 'filler' && s.tag !== 'neutral').length === 1;
  const weak = (s: Spotted<RsvpTag>) => !alone && WEAK_ANSWER_TOKENS.has(s.text);
  const reading: ClauseReading = { hedge: has('hedge'), from: [], ...(has('late') ? { late: true } : {}) };
  // Darija's "ma … ch" may stand apart ("ma ymknch"): the "ma" is shown with it.
  // "machi" inside a sentence negates the word of coming after it ("machi ghadi nji"), not "machi bohdi";
  // "la" is an article there ("être là").
  const negators = spotted.filter((s, i) => s.tag === 'neg' || (weak(s) && s.tag === 'no' && !SHORT_WEAK.has(s.text) && POSITIVE.includes(spotted[i + 1]?.tag as RsvpTag)) || (s.tag === undefined && isCircumfixNegation(s.text, spotted[i - 1]?.text))
    || ((s.text === 'ma' || s.text === 'ما') && spotted[i + 1]?.tag === undefined && isCircumfixNegation(spotted[i + 1]?.text ?? '', s.text)));
  const self = has('self');
  // About the child ("ma fille n'a pas pu venir", "wldi mrid"): news for the teacher, not the parent's answer.
  // Several words about the child are news too ("mon fils a oublié son sac").
  if (has('child') && !self) return { ...reading, news: has('news') || spotted.filter((s) => s.tag === undefined).length >= 2 || undefined, from: [] };
  // Someone else of the family comes ("son papa viendra", "غادي يجي باباه"): yes, and a note saying who.
  if (has('family') && has('comes') && !negators.length && (!self || has('instead')) && !has('cond') && !has('maybe') && !has('sMaybe')) return { ...reading, polarity: 'yes', substitute: true, from: spotted.filter((s) => s.tag === 'family' || s.tag === 'comes') };
  if (has('family') && clause.afterContrast && !negators.length && !self) return { ...reading, someoneElse: true };
  // "yes, I received it": the yes answers "did you get it", not the invitation.
  const ack = has('ack');
  const kept = spotted.filter((s) => !weak(s) && !(ack && (s.tag === 'yes' || s.tag === 'no' || s.tag === 'yesLikely')) && !(has('late') && (s.tag === 'maybe' || s.tag === 'sMaybe')));
  const words = (...tags: RsvpTag[]) => kept.filter((s) => s.tag !== undefined && tags.includes(s.tag));
  const positive = words(...POSITIVE);
  const stemNo = spotted.filter((s, i) => s.tag === undefined && isCircumfixNegation(s.text, spotted[i - 1]?.text) && NEGATED_VERB.test(s.text));
  const no = [...words('no', 'sNo'), ...stemNo];
  const maybe = words('maybe', 'sMaybe');
  if (words('yes', 'yesLikely').length && words('no').length) return { ...reading, contradicts: true };
  // "ila ma khdmtch nji": a negation inside the condition; the answer is a maybe.
  if (has('cond') && positive.length && !no.length) return { ...reading, polarity: 'maybe', from: [...words('cond'), ...positive] };
  if (no.length || (negators.length && positive.length)) {
    if (maybe.length) return { ...reading, polarity: 'maybe', from: [...maybe, ...no, ...negators] };
    return { ...reading, polarity: 'no', from: [...no, ...negators, ...positive] };
  }
  if (maybe.length) return { ...reading, polarity: 'maybe', from: [...maybe, ...positive] };
  if (positive.length) {
    if (has('cond')) return { ...reading, polarity: 'maybe', from: [...words('cond'), ...positive] };
    return { ...reading, polarity: 'yes', from: positive };
  }
  if (has('cond')) return { ...reading, condOnly: true };
  return reading.hedge ? { ...reading, from: words('hedge') } : reading;
}

/** Weak answer words that are everyday words inside a sentence, never a negation there. */
const SHORT_WEAK: ReadonlySet<string> = new Set(['la', 'ah', 'ih', 'ma']);

/** A negated verb of coming or being able, on its own a no: "ma 9adrch", "ma ymknch", "مانقدرش". */
const NEGATED_VERB = /(?:9d[ae]?r|9adr|qd[ae]?r|qadr|gd[ae]?r|ji|mk[aei]?n|7d[ae]?r|hd[ae]?r|قدر|جي|مكن|حضر)/u;

/** The spotted words as the parent typed them, in reading order; gaps shown as "…". */
function typedWords(text: string, normalised: string, spotted: Spotted<unknown>[]): string {
  const typed = typedTokens(text, tokenise(normalised).length);
  const parts = [...new Set(spotted)].sort((a, b) => a.at - b.at);
  let out = '';
  let end = -1;
  for (const s of parts) {
    const words = typed ? typed.slice(s.at, s.at + s.length).join(' ') : s.text;
    out += out === '' ? words : s.at === end ? ` ${words}` : ` … ${words}`;
    end = s.at + s.length;
  }
  return out;
}

/** Darija's "ma … ch": "mangderch", "ma ghadich", "مانقدرش", "ما يمكنليش". */
function isCircumfixNegation(token: string, before: string | undefined): boolean {
  // On its own shape only with a verb of coming, being able or going in it: "Marrakech", "مراكش" are places.
  const shaped = /^ma[a-z0-9]{2,}(?:ch|sh)$/.test(token) || /^ما?[\u0621-\u064A]{2,}ش$/.test(token);
  if (shaped && (NEGATED_VERB.test(token) || /gh?adi|ghan|غادي|غان/u.test(token))) return true;
  return (before === 'ma' || before === 'ما') && /(?:ch|sh|ش)$/.test(token);
}

// ---- Ratings -------------------------------------------------------------------------------

/** A scale label's point (`L4`: "plutôt d'accord"), as against a number said (4: "quatre", "4"). */
type Label = `L${1 | 2 | 3 | 4 | 5 | 6}`;
type RatingTag = number | Label | 'skip' | 'verb' | 'weak1' | 'answerWord' | Shape;

const ratingLexicons = new Map<SurveyScale, Lexicon<RatingTag>>();

function ratingLexicon(scale: SurveyScale): Lexicon<RatingTag> {
  let lexicon = ratingLexicons.get(scale);
  if (lexicon) return lexicon;
  // A word that is a label here ("jamais" is 1 on the frequency scale) is not also a negator.
  lexicon = buildLexicon<RatingTag>(byPriority<RatingTag>([
    ...Object.entries(SCALE_WORDS[scale]).map(([value, words]): [RatingTag, string[]] => [`L${value}` as Label, allWords(words)]),
    groups('weak1', WEAK_NUMBER_WORDS),
    ...Object.entries(NUMBER_WORDS).map(([value, words]): [RatingTag, string[]] => [Number(value), allWords(words)]),
    groups('skip', COMMAND_WORDS.skip),
    groups('verb', RATING_VERBS),
    groups('skip', SENTENCE_SKIP),
    // Yes, no or "I don't know" on a scale: which point is that? Ask.
    groups('answerWord', { ...RSVP_WORDS.yes, ...RSVP_WORDS.yesLikely, ...RSVP_WORDS.no, ...RSVP_WORDS.maybe }),
    ...SHAPES.filter(([tag]) => !['child', 'family', 'comes', 'self', 'cond', 'ack', 'late', 'news'].includes(tag)),
  ]));
  ratingLexicons.set(scale, lexicon);
  return lexicon;
}

/** Words between a rating and the scale's top said in words ("cinq sur six"). */
const OUT_OF: ReadonlySet<string> = new Set(['من', 'على', 'sur', 'of', 'men', '3la', 'out']);

/** "4/6", "4 sur 6", "٤ من ٦": the rating when the top is the scale's, else out of the scale. */
const FRACTION = /(\d+) ?(?:\/|sur|out of|من|على|men|3la) ?(\d+)/gu;

/**
 * One point of the scale, said in a sentence: "je mettrais 4", "نعطي 3", "4/6", "strongly agree",
 * "une fois par mois". Two points, a range, a point outside 1–`max`, or a negated label are unclear.
 */
export function readRatingSentence(text: string, normalised: string, scale: SurveyScale, max: number, endsAsQuestion: boolean): SentenceReading<number | 'skip'> {
  const rewritten = normalised.replace(FRACTION, (_, n: string, of: string) => (Number(of) === max ? ` ${n} ` : ' 0 '));
  const clauses = clausesOf(rewritten, MAX_WORDS, endsAsQuestion);
  if (!clauses) return { note: true };
  const values = new Map<number, Spotted<RatingTag>>();
  let note = false;
  let skip = false;
  let invalid = false;
  let answerWords = false;
  const spottedAll = clauses.map((clause) => spot(clause.tokens, ratingLexicon(scale), clause.start));
  const command = commandOf(spottedAll);
  if (command) return { note: false, command };
  for (const [c, clause] of clauses.entries()) {
    const spotted = spottedAll[c] ?? [];
    if (spotted.some((s) => s.tag === 'answerWord')) answerWords = true;
    if (asksSomething(clause, spotted) !== undefined) {
      note = true;
      continue;
    }
    // "ما متافق", "ma mtaf9", "pas d'accord du tout" said apart: a negated label is no point of the scale.
    const negated = spotted.some((s, i) => s.tag === 'neg' || (s.tag === undefined && isCircumfixNegation(s.text, spotted[i - 1]?.text)));
    const scaleTop = new Set<number>();
    // Words around the digits, courtesy aside: how long the clause is.
    const words = spotted.filter((s) => s.tag !== 'filler' && s.tag !== 'neutral' && !/^و?\d{1,3}$/u.test(s.text)).length;
    spotted.forEach((s, i) => {
      const value = pointOf(s, spotted[i - 1], spotted.length, words);
      if (value === undefined || scaleTop.has(i)) return;
      // "a 9 year old", "10 min": an age or a duration, not a point of the scale.
      if (spotted[i + 1]?.tag === 'unit') return;
      // "خمسة من ستة", "cinq sur six": the scale's top said in words names the point before it.
      const top = spotted[i + 2];
      if (top && OUT_OF.has(spotted[i + 1]?.text ?? '') && pointOf(top, undefined, 1) === max) scaleTop.add(i + 2);
      // "je ne suis vraiment pas d'accord" is not "d'accord", nor "ما متافق" "متافق": ask.
      const notThis = negated || spotted[i - 1]?.text === 'ما' || spotted[i - 1]?.text === 'ma';
      if (value < 1 || value > max || (notThis && typeof s.tag === 'string')) invalid = true;
      else values.set(value, s);
    });
    if (spotted.some((s) => s.tag === 'skip')) skip = true;
  }
  if (invalid || values.size > 1) return { note, unclear: true };
  const [only] = values;
  // A fraction was rewritten to its numerator: the words no longer line up with those typed.
  if (only) return { answer: only[0], from: rewritten === normalised ? typedWords(text, normalised, [only[1]]) : normalised, note };
  if (skip) return { answer: 'skip', from: 'skip', note };
  return answerWords ? { note, unclear: true } : { note };
}

/** The point a spotted word gives: a label, a number word or digits, a weak "un" only alone or after "je mets". */
function pointOf(s: Spotted<RatingTag>, before: Spotted<RatingTag> | undefined, clauseLength: number, words = 0): number | undefined {
  if (typeof s.tag === 'number') return s.tag;
  if (typeof s.tag === 'string' && /^L[1-6]$/.test(s.tag)) return Number(s.tag.slice(1));
  if (s.tag === 'weak1') return clauseLength <= 2 || before?.tag === 'verb' ? 1 : undefined;
  // Arabic joins "و" (and) to a number: "بين 4 و5" is two numbers.
  if (s.tag !== undefined || !/^و?\d{1,3}$/u.test(s.text)) return undefined;
  // Digits in a longer sentence are its own numbers ("my son is in grade 5"), unless said as a rating ("je mettrais 4").
  return words <= SHORT_CLAUSE_WORDS || before?.tag === 'verb' ? Number(s.text.replace('و', '')) : undefined;
}

/** A clause this short around a digit is a rating ("3 ou 4", "entre 2 et 3", "I give it a 5"). */
const SHORT_CLAUSE_WORDS = 3;
