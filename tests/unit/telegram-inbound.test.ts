import { describe, expect, it } from 'vitest';
import { normaliseTelegramUpdate } from '../../adapters/telegram/inbound.js';
import {
  callbackUpdate,
  chatMemberUpdate,
  editedMessageUpdate,
  groupTextUpdate,
  PARENT_CHAT_ID,
  photoUpdate,
  replyUpdate,
  startUpdate,
  textUpdate,
} from '../fakes/telegram-updates.js';

const at = new Date('2026-11-23T10:00:00Z');
const normalise = (body: unknown) => normaliseTelegramUpdate(body, 'main', at);
const base = { platform: 'telegram', accountId: 'main', from: PARENT_CHAT_ID, receivedAt: at };
/** A message's own time: Telegram's `date` (unix seconds), as the fixtures stamp it. */
const sentAt = (unixSeconds: number) => ({ sentAt: new Date(unixSeconds * 1000) });

describe('normalising Telegram updates', () => {
  it('a text message: the chat id is the address, the update id the dedupe key', () => {
    expect(normalise(textUpdate('واخا', 812000001))).toEqual([
      { ...base, ...sentAt(1763892000), type: 'text', text: 'واخا', platformMessageId: 'u:main:812000001', languageHint: 'ar' },
    ]);
  });

  it('a reply names the message it answers', () => {
    expect(normalise(replyUpdate('Can I come at 17:00?', 42))).toEqual([
      { ...base, ...sentAt(1763892060), type: 'text', text: 'Can I come at 17:00?', replyTo: '42', platformMessageId: 'u:main:812000002', languageHint: 'en' },
    ]);
  });

  it('/start with a join code is a join; /start alone is text', () => {
    expect(normalise(startUpdate('inv_Q2xhc3M1QQ-x'))).toEqual([{ ...base, ...sentAt(1763891900), type: 'join', payload: 'inv_Q2xhc3M1QQ-x', platformMessageId: 'u:main:812000003', languageHint: 'ar' }]);
    expect(normalise(startUpdate(''))).toMatchObject([{ type: 'text', text: '/start' }]);
    expect(normalise(textUpdate('/start@school_test_bot inv_1'))).toMatchObject([{ type: 'join', payload: 'inv_1' }]);
  });

  it('a /start payload Telegram would never send is not a join', () => {
    expect(normalise(textUpdate(`/start ${'a'.repeat(65)}`))).toMatchObject([{ type: 'text', text: '/start' }]);
    expect(normalise(textUpdate('/start كود'))).toMatchObject([{ type: 'text', text: '/start' }]);
    expect(normalise(textUpdate('/started'))).toMatchObject([{ type: 'text', text: '/started' }]);
  });

  it('a button tap is a choice keyed by its callback query id', () => {
    expect(normalise(callbackUpdate('r.no.ev_7Hq2', '99887766'))).toEqual([
      { ...base, type: 'choice', choiceId: 'r.no.ev_7Hq2', replyTo: '42', platformMessageId: 'cq:main:99887766', languageHint: 'ar' },
    ]);
  });

  it('the same update resent gives the same key, another bot a different one', () => {
    const first = normalise(textUpdate('نعم', 5));
    expect(normalise(textUpdate('نعم', 5))).toEqual(first);
    expect(normaliseTelegramUpdate(textUpdate('نعم', 5), 'second', at)[0]?.platformMessageId).toBe('u:second:5');
  });

  it('blocking and unblocking the bot', () => {
    expect(normalise(chatMemberUpdate('kicked', 900))).toEqual([{ ...base, type: 'blocked', platformMessageId: 'u:main:900', languageHint: 'ar' }]);
    expect(normalise(chatMemberUpdate('member', 901))).toEqual([{ ...base, type: 'unblocked', platformMessageId: 'u:main:901', languageHint: 'ar' }]);
  });

  it('skips groups, edits and other kinds (photos are media now: media-telegram.test.ts)', () => {
    expect(normalise(groupTextUpdate())).toEqual([]);
    expect(normalise(photoUpdate()).map((e) => e.type)).toEqual(['media']);
    expect(normalise(editedMessageUpdate())).toEqual([]);
    expect(normalise({ update_id: 1, poll_answer: { poll_id: 'p', option_ids: [0] } })).toEqual([]);
    const groupTap = callbackUpdate();
    groupTap.callback_query.message.chat = { ...groupTap.callback_query.message.chat, type: 'group' };
    expect(normalise(groupTap)).toEqual([]);
  });

  it('skips a tap with no data or no message (inline mode)', () => {
    const noData: Record<string, unknown> = { ...callbackUpdate(), callback_query: { ...callbackUpdate().callback_query, data: undefined } };
    expect(normalise(noData)).toEqual([]);
    const inline = { update_id: 3, callback_query: { id: 'q', from: { id: 1, is_bot: false, first_name: 'P' }, inline_message_id: 'AAA', chat_instance: 'c', data: 'r.yes.e' } };
    expect(normalise(inline)).toEqual([]);
  });

  it('leaves languageHint out when Telegram does not say', () => {
    const u = textUpdate();
    const { language_code: _dropped, ...from } = u.message.from;
    expect(normalise({ ...u, message: { ...u.message, from } })[0]).not.toHaveProperty('languageHint');
  });

  it('never throws on garbage', () => {
    const garbage: unknown[] = [null, undefined, 0, 'update', [], {}, { update_id: -1 }, { update_id: 'x' }, { update_id: 1, message: 'hi' },
      { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 'abc', type: 'private' }, text: 'x' } },
      { update_id: 1, callback_query: { id: '', from: { id: 1 }, data: 'x' } }, { update_id: 1.5 }];
    for (const body of garbage) expect(normalise(body)).toEqual([]);
  });
});
