import { afterAll, expect } from 'vitest';
import type { ChannelAdapter } from '../../src/core/index.js';
import { createWhatsAppCloudAdapter, whatsappCloudAccountSchema } from '../../adapters/whatsapp-cloud/index.js';
import { startFakeWhatsAppCloud, type SentCloudMessage } from '../fakes/whatsapp-cloud-api.js';
import { cloudButtonReply, cloudMedia, cloudStatus, cloudStatusError, cloudTemplateButton, cloudText } from '../fakes/whatsapp-cloud-webhook.js';
import { describeAdapterContract, type Failure } from './adapter-contract.js';

/** One fake Cloud API for the whole file; each harness gets its own wa_id so tests don't share state. */
const fake = await startFakeWhatsAppCloud();
afterAll(() => fake.close());

const NOW = new Date('2026-11-23T10:00:00Z');
const NUMBER = '106540352242922';
const TOKEN = 'EAAGcontractCloudToken0123456789';
fake.addNumber({ phoneNumberId: NUMBER, accessToken: TOKEN });

const account = whatsappCloudAccountSchema.parse({
  id: 'lycee-wa',
  phoneNumberId: NUMBER,
  number: '212522000000',
  accessToken: TOKEN,
  appSecret: 'contract-app-secret-0123',
  verifyToken: 'contract-verify',
});

const FAILURES = {
  rate_limited: () => fake.failNext(NUMBER, { code: 130429 }),
  blocked: (waId: string) => fake.undeliverable(waId),
  transient: () => fake.failNext(NUMBER, { code: 131000 }),
} satisfies Record<Failure, (waId: string) => void>;

/**
 * Free-form messages need the 24-hour window; the contract's sends say nothing of it, so the
 * harness speaks for a parent who wrote just now (the fake is told so too). Sends outside the
 * window, by template, are covered in tests/unit/whatsapp-cloud-send.test.ts.
 */
function withinWindow(adapter: ChannelAdapter): ChannelAdapter {
  return { ...adapter, send: (planned, ctx) => adapter.send(planned, { ...ctx, withinWindow: ctx.withinWindow ?? true }) };
}

/** What a phone shows of a message: its text, or the body above its buttons or list. */
function shownText(m: SentCloudMessage): string | undefined {
  const b = m.body;
  if (b.type === 'text') return b.text.body;
  if (b.type === 'interactive') return b.interactive.body.text;
  return undefined;
}

let seq = 0;
const parent = '212611222333';
const who = { phoneNumberId: NUMBER, from: parent, timestamp: '1795427970' };
const from = `${parent}@c.us`;

function cloudHarness() {
  const waId = String(212700000000 + ++seq);
  const address = `${waId}@c.us`;
  fake.userWrote(NUMBER, waId);
  return {
    address,
    create(opts: { fail?: Failure } = {}) {
      if (opts.fail) FAILURES[opts.fail](waId);
      return withinWindow(createWhatsAppCloudAdapter(account, { graphBase: fake.base, now: () => NOW, sleep: async () => undefined }));
    },
    received: async (addr: string) =>
      fake
        .sent(addr.replace(/@c\.us$/, ''))
        .map(shownText)
        .filter((t): t is string => t !== undefined),
    inbound: [
      {
        body: cloudText({ ...who, id: 'wamid.in.1', text: 'واخا، شكرا' }),
        expect: [{ type: 'text' as const, text: 'واخا، شكرا', from, platformMessageId: 'wamid.in.1', platform: 'whatsapp' as const, accountId: 'lycee-wa' }],
      },
      {
        body: cloudButtonReply({ ...who, id: 'wamid.in.2', buttonId: 'r.yes.ev1', title: 'نعم', contextId: 'wamid.out.1' }),
        expect: [{ type: 'choice' as const, choiceId: 'r.yes.ev1', text: 'نعم', from, replyTo: 'wamid.out.1', platformMessageId: 'wamid.in.2' }],
      },
      {
        body: cloudTemplateButton({ ...who, id: 'wamid.in.3', payload: 'r.no.ev1', text: 'لا' }),
        expect: [{ type: 'choice' as const, choiceId: 'r.no.ev1', text: 'لا', from, platformMessageId: 'wamid.in.3' }],
      },
      {
        body: cloudText({ ...who, id: 'wamid.in.4', text: 'JOIN abc123XY' }),
        expect: [{ type: 'join' as const, payload: 'abc123XY', from, platformMessageId: 'wamid.in.4' }],
      },
      {
        body: cloudMedia({ ...who, id: 'wamid.in.5', kind: 'voice', mediaId: '1700000000000123' }),
        expect: [{ type: 'media' as const, media: { kind: 'voice' as const, ref: '1700000000000123', contentType: 'audio/ogg; codecs=opus' }, from, platformMessageId: 'wamid.in.5' }],
      },
      {
        body: cloudStatus({ phoneNumberId: NUMBER, messageId: 'wamid.out.1', status: 'read', recipientId: parent }),
        expect: [{ type: 'status' as const, status: 'read' as const, messageIds: ['wamid.out.1'], from, platformMessageId: 'wamid.out.1:read' }],
      },
      {
        body: cloudStatus({ phoneNumberId: NUMBER, messageId: 'wamid.out.2', status: 'failed', recipientId: parent, errors: [cloudStatusError(131026)] }),
        expect: [{ type: 'status' as const, status: 'failed' as const, messageIds: ['wamid.out.2'], failure: { code: 'unreachable' as const, detail: expect.stringContaining('131026') as string } }],
      },
      {
        // Another number of the same Meta app: not this account's.
        body: cloudText({ ...who, phoneNumberId: '106540352249999', id: 'wamid.in.6', text: 'hello' }),
        expect: [],
      },
    ],
  };
}

describeAdapterContract('whatsapp-cloud', cloudHarness);
