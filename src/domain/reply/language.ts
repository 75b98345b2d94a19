/**
 * Which language a message is written in, for people whose language nobody chose yet (a teacher
 * writing to the school's bot): Arabic script is Arabic; Latin script is French or English by
 * their everyday words and French accents; Arabizi, digits alone or too little to tell give
 * nothing. Pure and cheap.
 */
import type { Locale } from '../../core/types.js';
import { tokenise } from './lexicon.js';
import { normaliseReply } from './normalise.js';

const ARABIC_LETTER = /\p{Script=Arabic}/gu;
const LATIN_LETTER = /\p{Script=Latin}/gu;
const FRENCH_ACCENTS = /[éèêàâçùûôîœ]/u;

const FRENCH = new Set(['le', 'la', 'les', 'de', 'des', 'du', 'je', 'vous', 'nous', 'est', 'et', 'pour', 'avec', 'une', 'un', 'pas', 'bonjour',
  'merci', 'oui', 'non', 'classe', 'reunion', 'inviter', 'invitation', 'demain', 'aujourdhui', 'parents', 'eleves', 'mes', 'ma', 'mon', 'sur', 'dans',
  'salle', 'heure', 'annuler', 'resultats', 'etat', 'nouvelle', 'envoyer', 'au', 'aux', 'qui', 'que', 'cest', 'suis', 'sont', 'professeur', 'bonsoir']);
const ENGLISH = new Set(['the', 'a', 'an', 'is', 'and', 'to', 'of', 'for', 'with', 'you', 'i', 'we', 'my', 'our', 'hello', 'hi', 'thanks', 'thank',
  'yes', 'no', 'class', 'meeting', 'invite', 'tomorrow', 'today', 'parents', 'students', 'on', 'at', 'in', 'room', 'cancel', 'status', 'results',
  'send', 'new', 'please', 'what', 'how', 'this', 'that', 'are', 'will', 'teacher', 'replies', 'answers']);

export function languageOf(text: string): Locale | undefined {
  const arabic = text.match(ARABIC_LETTER)?.length ?? 0;
  const latin = text.match(LATIN_LETTER)?.length ?? 0;
  if (arabic + latin < 2) return undefined;
  if (arabic > latin) return 'ar';
  const tokens = tokenise(normaliseReply(text));
  let fr = FRENCH_ACCENTS.test(text.toLowerCase()) ? 1 : 0;
  let en = 0;
  for (const token of tokens) {
    if (FRENCH.has(token)) fr++;
    if (ENGLISH.has(token)) en++;
  }
  if (fr === en) return undefined;
  return fr > en ? 'fr' : 'en';
}
