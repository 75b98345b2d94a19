import { describe, expect, it } from 'vitest';
import type { ReplyMeaning } from '../../src/domain/reply/parser.js';
import { parseCommand, parseRsvp } from '../../src/domain/reply/parser.js';

const stop: ReplyMeaning = { kind: 'command', command: 'stop' };
const start: ReplyMeaning = { kind: 'command', command: 'start' };
const help: ReplyMeaning = { kind: 'command', command: 'help' };
const skip: ReplyMeaning = { kind: 'command', command: 'skip' };
const lang = (language: 'ar' | 'en' | 'fr'): ReplyMeaning => ({ kind: 'command', command: 'language', language });

const COMMANDS: [string, ReplyMeaning][] = [
  ['STOP', stop], ['stop', stop], ['Stop.', stop], ['/stop', stop], ['stop merci', stop], ['stop please', stop], ['unsubscribe', stop],
  ['ARRET', stop], ['arrêt', stop], ['arrete', stop], ['إيقاف', stop], ['ايقاف', stop], ['توقف', stop], ['بركا', stop], ['barka', stop],
  ['baraka', stop], ['Stooop', stop],
  ['START', start], ['/start', start], ['ابدأ', start], ['ابدأ.', start], ['commencer', start], ['بدا', start], ['bda', start],
  ['démarrer', start],
  ['HELP', help], ['help', help], ['aide', help], ['AIDE', help], ['مساعدة', help], ['مساعده', help], ['عاوني', help], ['3awni', help],
  ['عاوني عافاك', help], ['help?', help],
  ['skip', skip], ['تخطي', skip], ['تخطى', skip], ['passer', skip], ['دوز', skip], ['douz', skip], ['suivant', skip], ['next', skip],
  ['العربية', lang('ar')], ['Arabic', lang('ar')], ['عربي', lang('ar')], ['arabe', lang('ar')], ['بالعربية عافاك', lang('ar')],
  ['English', lang('en')], ['الإنجليزية', lang('en')], ['انجليزي', lang('en')], ['anglais', lang('en')], ['in English please', lang('en')],
  ['Français', lang('fr')], ['francais', lang('fr')], ['الفرنسية', lang('fr')], ['fr', lang('fr')], ['French please', lang('fr')],
];

const NOT_A_COMMAND: [string, string][] = [
  ['أبداً', '"never", not ابدأ'], ['أبدا', '"never" without tanwin'], ['yes', 'an answer'], ['oui', 'an answer'],
  ['stop sending messages at night', 'a sentence'], ['non stop', 'not a command'], ["don't stop", 'not a command'],
  ['baraka allahu fik', 'thanks'], ['بركة', 'a blessing'], ['start stop', 'two commands'], ['merci', 'thanks'],
  ['help me with the homework', 'a sentence'], ['English or French?', 'a question'], ['', 'empty'],
];

describe('parseCommand', () => {
  it.each(COMMANDS)('%s → %o', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each(NOT_A_COMMAND)('%s is not a command (%s)', (text) => {
    expect(parseCommand(text)).toEqual({ kind: 'unknown' });
  });

  it('the same in an RSVP conversation', () => {
    for (const [text, expected] of COMMANDS) expect(parseRsvp(text)).toEqual(expected);
  });
});
