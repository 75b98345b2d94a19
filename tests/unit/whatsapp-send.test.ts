import { describe, expect, it } from 'vitest';
import { mapWhatsAppError } from '../../adapters/whatsapp-web/index.js';
import { channelErrorInfo, ChannelError, PermanentError, TransientError } from '../../src/core/index.js';
import { failureOf, GUARDIAN, readyWhatsApp, setUpWhatsApp } from '../fakes/whatsapp-adapter.js';

const invitation = { text: `${'Dear parent, the meeting is on Monday at 17:00 in Room 3. '.repeat(5)}Will you come?`, choices: [{ id: 'r.yes.e1', label: 'Yes' }, { id: 'r.no.e1', label: 'No' }], locale: 'en' as const };
const ctx = (key = 'e1:g1', address = GUARDIAN) => ({ address, schoolId: 's1', idempotencyKey: key });
const failure = failureOf;
const ready = readyWhatsApp;

describe('whatsapp-web send', () => {
  it('sends the text, then a poll; the result names the poll (votes refer to it)', async () => {
    const wa = await ready();
    const result = await wa.adapter.send(wa.adapter.plan(invitation), ctx());
    const [text, poll] = wa.client.sent;
    expect(text).toMatchObject({ chatId: GUARDIAN, text: invitation.text, options: { sendSeen: false, linkPreview: false } });
    expect(poll).toMatchObject({ chatId: GUARDIAN, poll: { name: 'Will you come?', options: ['Yes', 'No'] }, options: { sendSeen: false, linkPreview: false } });
    expect(result.platformMessageId).toBe(poll?.id);
    expect(result.sentAt).toEqual(new Date('2026-11-23T10:00:00Z'));
    expect(result.deliveredAt).toBeUndefined();
  });

  it('names the last message when there is no poll', async () => {
    const wa = await ready();
    const result = await wa.adapter.send(wa.adapter.plan({ text: 'x. '.repeat(2000), locale: 'en' }), ctx());
    expect(wa.client.sent.length).toBeGreaterThan(1);
    expect(result.platformMessageId).toBe(wa.client.sent.at(-1)?.id);
  });

  it('accepts plain digits (and a leading +) as well as the chat id', async () => {
    const wa = await ready();
    await wa.adapter.send(wa.adapter.plan({ text: 'a', locale: 'en' }), ctx('k1', '212600000001'));
    await wa.adapter.send(wa.adapter.plan({ text: 'b', locale: 'en' }), ctx('k2', '+212600000001'));
    expect(wa.client.texts(GUARDIAN)).toEqual(['a', 'b']);
  });

  it('rejects what is not a WhatsApp address, and writes to an @lid chat without a number look-up', async () => {
    const wa = await ready();
    const err = await failure(wa.adapter.send(wa.adapter.plan({ text: 'a', locale: 'en' }), ctx('k', 'sim-g01')));
    expect(channelErrorInfo(err)?.code).toBe('invalid_address');
    await wa.adapter.send(wa.adapter.plan({ text: 'b', locale: 'en' }), ctx('k2', '123456789012345@lid'));
    expect(wa.client.texts('123456789012345@lid')).toEqual(['b']);
    expect(wa.client.numberIdCalls).toEqual([]);
  });

  it('looks a number up once: known numbers and unknown ones are both cached for a day', async () => {
    let now = new Date('2026-11-23T10:00:00Z');
    const wa = await ready({ now: () => now });
    wa.client.unregistered('212600000002');
    const plan = wa.adapter.plan({ text: 'hi', locale: 'en' });
    await wa.adapter.send(plan, ctx('a'));
    await wa.adapter.send(plan, ctx('b'));
    for (const key of ['c', 'd']) {
      const err = await failure(wa.adapter.send(plan, ctx(key, '212600000002@c.us')));
      expect(err).toBeInstanceOf(PermanentError);
      expect(channelErrorInfo(err)?.code).toBe('unreachable');
    }
    expect(wa.client.numberIdCalls).toEqual(['212600000001', '212600000002']);
    now = new Date('2026-11-24T10:00:01Z');
    await failure(wa.adapter.send(plan, ctx('e', '212600000002@c.us')));
    expect(wa.client.numberIdCalls).toHaveLength(3);
  });

  it('treats a send that resolves to nothing as transient', async () => {
    const wa = await ready();
    wa.client.returnNothingNext();
    const err = await failure(wa.adapter.send(wa.adapter.plan({ text: 'hi', locale: 'en' }), ctx()));
    expect(err).toBeInstanceOf(TransientError);
  });

  it('resumes a failed multi-part send on retry instead of repeating what went out', async () => {
    const wa = await ready();
    const planned = wa.adapter.plan(invitation);
    wa.client.failNext(1, new Error('Protocol error (Runtime.callFunctionOn): Target closed.'), 1);
    expect(channelErrorInfo(await failure(wa.adapter.send(planned, ctx('e1:g9'))))?.code).toBe('transient');
    const result = await wa.adapter.send(planned, ctx('e1:g9'));
    expect(wa.client.sent.map((s) => s.text ?? s.poll?.name)).toEqual([invitation.text, 'Will you come?']);
    expect(result.platformMessageId).toBe(wa.client.sent[1]?.id);
  });

  it('pauses the account (rate limited, 30 s) while the session is not ready', async () => {
    const wa = setUpWhatsApp();
    const before = await failure(wa.adapter.send(wa.adapter.plan({ text: 'hi', locale: 'en' }), ctx()));
    expect(channelErrorInfo(before)).toEqual({ code: 'rate_limited', retryAfterMs: 30_000 });
    expect(wa.counter.calls).toEqual([]);
  });
});

describe('mapWhatsAppError', () => {
  const mapped = (err: unknown) => {
    try {
      mapWhatsAppError(err);
    } catch (e) {
      return e;
    }
    return undefined;
  };

  it('retries page and session failures, including bare strings the library throws', () => {
    for (const err of [
      new Error('Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.'),
      new Error('Execution context was destroyed, most likely because of a navigation.'),
      new Error("Cannot read properties of null (reading 'evaluate')"),
      'auth timeout',
      new Error('Error: No LID for user'),
      42,
    ]) {
      expect(channelErrorInfo(mapped(err))?.code).toBe('transient');
    }
  });

  it('turns "not on WhatsApp" into unreachable and passes our own errors through', () => {
    expect(channelErrorInfo(mapped(new Error('The number is not registered on WhatsApp')))?.code).toBe('unreachable');
    const ours = new PermanentError('invalid_address', 'x');
    expect(mapped(ours)).toBe(ours);
    expect(mapped(new Error('boom'))).toBeInstanceOf(ChannelError);
  });

  it('masks phone numbers in the message it keeps', () => {
    const err = mapped(new Error('chat 212600000001@c.us not found'));
    expect(err).toBeInstanceOf(TransientError);
    expect(err instanceof Error ? err.message : '').toMatch(/^WhatsApp Web send failed: chat …@c\.us not found$/);
  });
});
