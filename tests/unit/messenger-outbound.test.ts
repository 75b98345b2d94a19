import { describe, expect, it } from 'vitest';
import { MESSENGER_CAPABILITIES, cutLabel, messagingFor, toSendBodies } from '../../adapters/messenger/index.js';
import { messengerJoinLink, planMessengerMessage } from '../../adapters/messenger/outbound.js';
import { SEND_MARGIN_MS, withinWindow } from '../../src/domain/windows.js';

const caps = MESSENGER_CAPABILITIES;
const NOW = new Date('2026-11-23T10:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

describe('messenger planning', () => {
  it('splits long Arabic text into parts within 1900 units, under Meta’s 2000', () => {
    const sentence = 'يسعدنا دعوتكم لحضور اجتماع أولياء الأمور يوم الاثنين على الساعة الرابعة مساء، ';
    const planned = planMessengerMessage(caps, { text: sentence.repeat(80), locale: 'ar' });
    expect(planned.parts.length).toBeGreaterThanOrEqual(3);
    for (const part of planned.parts) expect(part.length).toBeLessThanOrEqual(1900);
    expect(planned.parts.join(' ').replace(/\s+/g, '')).toBe(sentence.repeat(80).replace(/\s+/g, ''));
  });

  it('cuts Arabic labels to 20 characters and keeps at most 13 choices', () => {
    const choices = Array.from({ length: 15 }, (_, i) => ({ id: `c${i}`, label: 'نعم، سأحضر بكل سرور إن شاء الله' }));
    const planned = planMessengerMessage(caps, { text: 'هل ستحضرون؟', choices, locale: 'ar' });
    expect(planned.choices).toHaveLength(13);
    expect(planned.choices?.[0]?.label).toBe('نعم، سأحضر بكل سرور');
    for (const c of planned.choices ?? []) expect(c.label.length).toBeLessThanOrEqual(20);
  });

  it('never cuts inside a surrogate pair or an emoji sequence', () => {
    const label = 'نعم سأحضر إن شاء 👨‍👩‍👧 الله';
    const cut = cutLabel(label, 20);
    expect(cut.length).toBeLessThanOrEqual(20);
    expect(cut).toBe('نعم سأحضر إن شاء');
    expect(cutLabel('😀'.repeat(15), 20)).toBe('😀'.repeat(10));
    expect(cutLabel('  لا  ', 20)).toBe('لا');
  });

  it('puts quick replies on the last part only, payload = choice id', () => {
    const planned = { parts: ['one', 'two'], choices: [{ id: 'r.yes.ev1', label: 'نعم' }, { id: 'r.no.ev1', label: 'لا' }], locale: 'ar' as const };
    const bodies = toSendBodies(planned, '123', { messaging_type: 'RESPONSE' });
    expect(bodies).toEqual([
      { recipient: { id: '123' }, messaging_type: 'RESPONSE', message: { text: 'one' } },
      {
        recipient: { id: '123' },
        messaging_type: 'RESPONSE',
        message: {
          text: 'two',
          quick_replies: [
            { content_type: 'text', title: 'نعم', payload: 'r.yes.ev1' },
            { content_type: 'text', title: 'لا', payload: 'r.no.ev1' },
          ],
        },
      },
    ]);
  });

  it('builds m.me join links with the code as ref', () => {
    expect(messengerJoinLink('LyceeIbnBattouta', 'abc123XY')).toBe('https://m.me/LyceeIbnBattouta?ref=abc123XY');
  });
});

describe('messenger messaging window', () => {
  it.each([
    ['wrote 1 h ago', { lastInboundAt: hoursAgo(1) }, { messaging_type: 'RESPONSE' }],
    ['wrote 23 h ago, accepted the event', { lastInboundAt: hoursAgo(23), confirmedEventUpdate: true }, { messaging_type: 'RESPONSE' }],
    ['wrote 25 h ago, accepted the event', { lastInboundAt: hoursAgo(25), confirmedEventUpdate: true }, { messaging_type: 'MESSAGE_TAG', tag: 'CONFIRMED_EVENT_UPDATE' }],
    ['never wrote, accepted the event', { confirmedEventUpdate: true }, { messaging_type: 'MESSAGE_TAG', tag: 'CONFIRMED_EVENT_UPDATE' }],
    ['wrote 25 h ago', { lastInboundAt: hoursAgo(25) }, undefined],
    ['wrote 25 h ago, did not accept', { lastInboundAt: hoursAgo(25), confirmedEventUpdate: false }, undefined],
    ['never wrote', {}, undefined],
    ['wrote in the window’s last minute (clock margin)', { lastInboundAt: new Date(NOW.getTime() - 24 * 3_600_000 + 30_000) }, undefined],
  ])('%s', (_name, ctx, expected) => {
    // The service decides the window (domain/windows.ts), the adapter what it allows.
    const { lastInboundAt, ...rest } = ctx as { lastInboundAt?: Date; confirmedEventUpdate?: boolean };
    const window = withinWindow(lastInboundAt, NOW, MESSENGER_CAPABILITIES.messagingWindowHours, SEND_MARGIN_MS) ?? false;
    expect(messagingFor({ address: '1', schoolId: 's1', idempotencyKey: 'k', withinWindow: window, ...rest })).toEqual(expected);
  });

  it('never uses UPDATE', () => {
    for (let h = 0; h < 48; h++) {
      for (const confirmedEventUpdate of [true, false]) {
        const window = withinWindow(hoursAgo(h), NOW, MESSENGER_CAPABILITIES.messagingWindowHours, SEND_MARGIN_MS) ?? false;
        const m = messagingFor({ address: '1', schoolId: 's1', idempotencyKey: 'k', withinWindow: window, confirmedEventUpdate });
        expect(m?.messaging_type).not.toBe('UPDATE');
      }
    }
  });
});
