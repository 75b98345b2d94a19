/** The Messenger account the adapter's unit tests send from, against the local fake Graph API. */
import { createMessengerAdapter, messengerAccountSchema } from '../../adapters/messenger/index.js';
import { FAKE_PAGE_TOKEN } from '../fakes/graph-api.js';

export const UNIT_NOW = new Date('2026-11-23T10:00:00Z');

export const UNIT_MESSENGER_ACCOUNT = messengerAccountSchema.parse({
  id: 'page1',
  pageId: '104857600123456',
  pageName: 'LyceeIbnBattouta',
  accessToken: FAKE_PAGE_TOKEN,
  appSecret: 'unit-app-secret-0123456',
  verifyToken: 'unit-verify',
});

export function unitMessengerAdapter(graphBase: string) {
  return createMessengerAdapter(UNIT_MESSENGER_ACCOUNT, { graphBase, now: () => UNIT_NOW });
}
