import { createWhatsAppWebAdapter, whatsappAccountSchema } from '../../adapters/whatsapp-web/index.js';
import { FakeWhatsAppClient, fakeDailyCounter, fakeMakePoll, fakeMessage, fakeVote } from '../fakes/whatsapp-client.js';
import { describeAdapterContract, type AdapterHarness, type Failure } from './adapter-contract.js';

const GUARDIAN = '212600000001@c.us';
const POLL_ID = `true_${GUARDIAN}_3EB0A1B2C3D4E5F60718`;
const account = whatsappAccountSchema.parse({ id: 'main', number: '212522000000', dailyCap: 50 });

/** whatsapp-web.js's "platform" is a logged-in client; here the fake, ready at once. */
function whatsappHarness(): AdapterHarness {
  const client = new FakeWhatsAppClient();
  return {
    address: GUARDIAN,
    async create(opts: { fail?: Failure } = {}) {
      if (opts.fail === 'blocked') client.unregistered('212600000001');
      if (opts.fail === 'transient') client.failNext(5);
      const adapter = createWhatsAppWebAdapter(account, {
        client,
        makePoll: fakeMakePoll,
        // A number that already sent its daily cap today answers every send "rate limited".
        dailyCounter: fakeDailyCounter(opts.fail === 'rate_limited' ? account.dailyCap : 0),
        now: () => new Date('2026-11-23T10:00:00Z'),
        random: () => 0,
        sleep: async () => {},
      });
      await adapter.listen?.(async () => {});
      return adapter;
    },
    received: async (address) => client.texts(address),
    inbound: [
      {
        body: { event: 'message', message: fakeMessage({ from: GUARDIAN, body: 'واخا', key: 'AAA111', timestamp: 1_795_000_000 }) },
        expect: [{ type: 'text', text: 'واخا', from: GUARDIAN, platformMessageId: `false_${GUARDIAN}_AAA111`, receivedAt: new Date(1_795_000_000_000) }],
      },
      {
        body: { event: 'message', message: fakeMessage({ from: '123456789012345@lid', body: 'JOIN abc123XY' }), resolvedFrom: GUARDIAN },
        expect: [{ type: 'join', payload: 'abc123XY', from: GUARDIAN }],
      },
      {
        body: { event: 'vote_update', vote: fakeVote({ voter: GUARDIAN, pollId: POLL_ID, selected: [1], names: ['نعم', 'لا'], at: 1_795_000_123_456 }) },
        expect: [{ type: 'choice', optionIndex: 1, text: 'لا', replyTo: POLL_ID, platformMessageId: `vote:${POLL_ID}:${GUARDIAN}:1795000123456` }],
      },
      { body: { event: 'vote_update', vote: fakeVote({ voter: GUARDIAN, pollId: POLL_ID, selected: [] }) }, expect: [] },
      { body: { event: 'message', message: fakeMessage({ from: '212600000009-1600000000@g.us', body: 'group chatter' }) }, expect: [] },
      {
        body: { event: 'message_ack', message: { id: { fromMe: true, _serialized: POLL_ID }, from: '212522000000@c.us', to: GUARDIAN, type: 'poll_creation', body: 'Q' }, ack: 3 },
        expect: [{ type: 'status', status: 'read', messageIds: [POLL_ID] }],
      },
    ],
  };
}

describeAdapterContract('whatsapp-web', whatsappHarness);
