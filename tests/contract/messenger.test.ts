import { afterAll } from 'vitest';
import type { ChannelAdapter } from '../../src/core/index.js';
import { createMessengerAdapter, messengerAccountSchema } from '../../adapters/messenger/index.js';
import { FAKE_PAGE_TOKEN, startFakeGraph } from '../fakes/graph-api.js';
import { messengerItems, pageWebhook } from '../fakes/graph-webhook.js';
import { describeAdapterContract, type Failure } from './adapter-contract.js';

/** One fake Graph API for the whole file; each harness gets its own PSID so tests don't share state. */
const graph = await startFakeGraph();
afterAll(() => graph.close());

const NOW = new Date('2026-11-23T10:00:00Z');
const PAGE_ID = '104857600123456';
const account = messengerAccountSchema.parse({
  id: 'lycee-page',
  pageId: PAGE_ID,
  pageName: 'LyceeIbnBattouta',
  accessToken: FAKE_PAGE_TOKEN,
  appSecret: 'contract-app-secret-0123',
  verifyToken: 'contract-verify',
});

const FAILURES = {
  rate_limited: () => graph.failNext(1, { code: 613, message: '(#613) Calls to this api have exceeded the rate limit.' }),
  blocked: (psid: string) => graph.blockPsid(psid),
  transient: () => graph.failNext(1, { status: 500, code: 2, message: 'An unexpected error has occurred. Please retry your request later.' }),
} satisfies Record<Failure, (psid: string) => void>;

/**
 * Messenger cannot message a parent who never wrote (canMessageFirst false); the contract's
 * sends say nothing of the window, so the harness speaks for a parent who wrote just now. The
 * window decision itself is covered in tests/unit/messenger-send.test.ts.
 */
function withinWindow(adapter: ChannelAdapter): ChannelAdapter {
  return { ...adapter, send: (planned, ctx) => adapter.send(planned, { ...ctx, withinWindow: ctx.withinWindow ?? true }) };
}

let psidSeq = 0;
const who = { psid: '7001002003', pageId: PAGE_ID };

function messengerHarness() {
  const address = `${6000000000 + ++psidSeq}`;
  return {
    address,
    create(opts: { fail?: Failure } = {}) {
      if (opts.fail) FAILURES[opts.fail](address);
      return withinWindow(createMessengerAdapter(account, { graphBase: graph.base, now: () => NOW }));
    },
    received: async (psid: string) => graph.sentTo(psid),
    inbound: [
      {
        body: pageWebhook([{ pageId: PAGE_ID, messaging: [messengerItems.text(who, 'm_in_1', 'واخا، شكرا')] }]),
        expect: [{ type: 'text' as const, text: 'واخا، شكرا', from: '7001002003', platformMessageId: 'm_in_1', platform: 'messenger' as const, accountId: 'lycee-page' }],
      },
      {
        body: pageWebhook([{ pageId: PAGE_ID, messaging: [messengerItems.quickReply(who, 'm_in_2', 'نعم', 'r.yes.ev1')] }]),
        expect: [{ type: 'choice' as const, choiceId: 'r.yes.ev1', text: 'نعم', platformMessageId: 'm_in_2' }],
      },
      {
        body: pageWebhook([{ pageId: PAGE_ID, messaging: [messengerItems.getStartedWithRef(who, 'm_pb_3', 'abc123XY')] }]),
        expect: [{ type: 'join' as const, payload: 'abc123XY', platformMessageId: 'm_pb_3' }],
      },
    ],
  };
}

describeAdapterContract('messenger', messengerHarness);
