import { describe, expect, it } from 'vitest';
import { normaliseWhatsAppInbound } from '../../adapters/whatsapp-web/inbound.js';
import { GUARDIAN, settle, setUpWhatsApp } from '../fakes/whatsapp-adapter.js';
import { fakeMessage } from '../fakes/whatsapp-client.js';

const LID = '123456789012345@lid';
const POLL_ID = `true_${GUARDIAN}_3EB0POLL000001`;

async function listening() {
  const wa = setUpWhatsApp();
  await wa.listen();
  return wa;
}

describe('whatsapp-web inbound messages', () => {
  it('normalises a guardian’s text with its id and the message time (unix seconds)', async () => {
    const wa = await listening();
    wa.client.emitMessage({ from: GUARDIAN, body: 'واخا، غادي نجي', key: 'ABC', timestamp: 1_795_000_000 });
    await settle();
    expect(wa.events).toEqual([
      {
        platform: 'whatsapp',
        accountId: 'main',
        type: 'text',
        text: 'واخا، غادي نجي',
        from: GUARDIAN,
        platformMessageId: `false_${GUARDIAN}_ABC`,
        receivedAt: new Date(1_795_000_000_000),
        sentAt: new Date(1_795_000_000_000),
      },
    ]);
  });

  it('maps an @lid sender to the phone JID, and asks WhatsApp only once per lid', async () => {
    const wa = await listening();
    wa.client.mapLid(LID, GUARDIAN);
    wa.client.emitMessage({ from: LID, body: 'one', key: 'K1' });
    await settle();
    wa.client.emitMessage({ from: LID, body: 'two', key: 'K2' });
    await settle();
    expect(wa.events.map((e) => e.from)).toEqual([GUARDIAN, GUARDIAN]);
    expect(wa.client.lidCalls).toEqual([[LID]]);
  });

  it('keeps the @lid when WhatsApp does not know the phone', async () => {
    const wa = await listening();
    wa.client.emitMessage({ from: LID, body: 'hello' });
    await settle();
    expect(wa.events[0]?.from).toBe(LID);
  });

  it('reads "JOIN <code>" in any case as a join, and a bad code as plain text', async () => {
    const wa = await listening();
    wa.client.emitMessage({ from: GUARDIAN, body: ' join Ab_12-xy ', key: 'J1' });
    wa.client.emitMessage({ from: GUARDIAN, body: 'JOIN ab', key: 'J2' });
    await settle();
    expect(wa.events.map((e) => [e.type, e.type === 'join' ? e.payload : e.type === 'text' ? e.text : ''])).toEqual([
      ['join', 'Ab_12-xy'],
      ['text', 'JOIN ab'],
    ]);
  });

  it('names the quoted message as replyTo', async () => {
    const wa = await listening();
    wa.client.emitMessage({ from: GUARDIAN, body: 'yes', quotedId: POLL_ID });
    await settle();
    expect(wa.events[0]?.replyTo).toBe(POLL_ID);
  });

  it('skips groups, status updates, channels, our own messages and polls; a voice note with no file still reaches us', async () => {
    const wa = await listening();
    wa.client.emitMessage({ from: '212600000009-1600000000@g.us', body: 'class group chatter' });
    wa.client.emitMessage({ from: 'status@broadcast', body: 'my status' });
    wa.client.emitMessage({ from: '120363000000000000@newsletter', body: 'channel post' });
    wa.client.emitMessage({ from: GUARDIAN, body: 'sent from the school phone', fromMe: true });
    wa.client.emitMessage({ from: GUARDIAN, body: '', type: 'ptt' });
    wa.client.emitMessage({ from: GUARDIAN, body: 'Will you come?', type: 'poll_creation' });
    wa.client.emit('message', { nonsense: true });
    await settle();
    // The voice note whose file is gone: an event with no bytes, so the parent is asked to send it again.
    expect(wa.events.map((e) => [e.type, e.type === 'media' ? e.media.ref : ''])).toEqual([['media', '']]);
    expect(wa.client.lidCalls).toEqual([]);
  });

  it('keeps nothing of the client object in the event', async () => {
    const wa = await listening();
    wa.client.emitMessage({ from: GUARDIAN, body: 'hi' });
    await settle();
    expect(Object.keys(wa.events[0] ?? {}).sort()).toEqual(['accountId', 'from', 'platform', 'platformMessageId', 'receivedAt', 'sentAt', 'text', 'type']);
  });

  it('logs, and does not throw, when the service cannot take an event', async () => {
    const wa = setUpWhatsApp();
    await wa.listen(async () => {
      throw new Error('redis down');
    });
    wa.client.emitMessage({ from: GUARDIAN, body: 'hi' });
    await settle();
    expect(wa.logs).toContain('whatsapp: inbound event lost');
  });
});

describe('whatsapp-web poll votes', () => {
  it('gives the option index, the poll it answers, and a dedupe id from poll, raw voter and time', async () => {
    const wa = await listening();
    wa.client.mapLid(LID, GUARDIAN);
    wa.client.emitVote({ voter: LID, pollId: POLL_ID, selected: [2], names: ['Yes', 'No', 'Maybe'], at: 1_795_000_123_456 });
    await settle();
    expect(wa.events).toEqual([
      {
        platform: 'whatsapp',
        accountId: 'main',
        type: 'choice',
        optionIndex: 2,
        text: 'Maybe',
        replyTo: POLL_ID,
        from: GUARDIAN,
        platformMessageId: `vote:${POLL_ID}:${LID}:1795000123456`,
        receivedAt: new Date(1_795_000_123_456),
        sentAt: new Date(1_795_000_123_456),
      },
    ]);
  });

  it('skips a vote taken back (no option selected) without any look-up', async () => {
    const wa = await listening();
    wa.client.emitVote({ voter: LID, pollId: POLL_ID, selected: [] });
    await settle();
    expect(wa.events).toEqual([]);
    expect(wa.client.lidCalls).toEqual([]);
  });

  it('reads the index from `id` when a payload follows index.d.ts instead of the runtime', () => {
    const body = { event: 'vote_update', vote: { voter: GUARDIAN, selectedOptions: [{ id: 0, name: 'Yes' }], interractedAtTs: 5, parentMessage: { id: { _serialized: POLL_ID } } } };
    expect(normaliseWhatsAppInbound(body, 'main', new Date())).toMatchObject([{ type: 'choice', optionIndex: 0, replyTo: POLL_ID }]);
  });
});

describe('whatsapp-web receipts', () => {
  it('turns ack 2 into delivered and 3 or 4 into read; other acks say nothing', async () => {
    const wa = await listening();
    for (const ack of [-1, 0, 1, 2, 3, 4]) wa.client.emitAck(POLL_ID, ack);
    await settle();
    expect(wa.events.map((e) => (e.type === 'status' ? [e.status, e.messageIds, e.platformMessageId] : e.type))).toEqual([
      ['delivered', [POLL_ID], `ack:${POLL_ID}:2`],
      ['read', [POLL_ID], `ack:${POLL_ID}:3`],
      ['read', [POLL_ID], `ack:${POLL_ID}:4`],
    ]);
    expect(wa.events[0]?.from).toBe(GUARDIAN);
  });

  it('never throws on garbage envelopes', () => {
    for (const body of [{ event: 'message_ack', ack: 2 }, { event: 'message', message: fakeMessage({ from: GUARDIAN, body: 'x' }), resolvedFrom: 5 }, { event: 'call' }]) {
      expect(normaliseWhatsAppInbound(body, 'main', new Date())).toEqual([]);
    }
  });
});
