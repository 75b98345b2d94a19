import { afterAll } from 'vitest';
import { createTelegramAdapter, telegramAccountSchema } from '../../adapters/telegram/index.js';
import { startFakeTelegram } from '../fakes/telegram-bot-api.js';
import { callbackUpdate, PARENT_CHAT_ID, startUpdate, textUpdate } from '../fakes/telegram-updates.js';
import { describeAdapterContract, type AdapterHarness, type Failure } from './adapter-contract.js';

// describeAdapterContract calls the harness synchronously per test, so the fake Bot API is
// started once for the file; tests in one file run one after another.
const fake = await startFakeTelegram();
afterAll(() => fake.close());

const account = telegramAccountSchema.parse({ id: 'main', token: fake.token, username: 'school_test_bot', webhookSecret: 'contract-secret' });
let nextChatId = 7_000_000;

function telegramHarness(): AdapterHarness {
  // A chat of its own per test, so one test's block or texts never show in another's.
  const address = String(++nextChatId);
  return {
    address,
    create(opts: { fail?: Failure } = {}) {
      fake.reset();
      if (opts.fail === 'rate_limited') {
        fake.failNext(1, { error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }, 'sendMessage');
      }
      if (opts.fail === 'blocked') fake.blockChat(address);
      if (opts.fail === 'transient') fake.failNext(1, { error_code: 502, description: 'Bad Gateway' }, 'sendMessage');
      return createTelegramAdapter(account, { apiRoot: fake.apiRoot, now: () => new Date('2026-11-23T10:00:00Z') });
    },
    received: async (chatId) => fake.sentTo(chatId),
    inbound: [
      {
        body: textUpdate('واخا، غادي نجي', 812000001),
        expect: [{ type: 'text', text: 'واخا، غادي نجي', from: PARENT_CHAT_ID, platformMessageId: 'u:main:812000001', languageHint: 'ar', platform: 'telegram', accountId: 'main' }],
      },
      {
        body: startUpdate('inv_Q2xhc3M1QQ-x', 812000003),
        expect: [{ type: 'join', payload: 'inv_Q2xhc3M1QQ-x', from: PARENT_CHAT_ID, platformMessageId: 'u:main:812000003' }],
      },
      {
        body: callbackUpdate('r.yes.ev_7Hq2', '4611686018427387904'),
        expect: [{ type: 'choice', choiceId: 'r.yes.ev_7Hq2', replyTo: '42', from: PARENT_CHAT_ID, platformMessageId: 'cq:main:4611686018427387904' }],
      },
    ],
  };
}

describeAdapterContract('telegram', telegramHarness);
