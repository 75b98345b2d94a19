/**
 * A WhatsApp Cloud API number for end-to-end tests: the env that points the real adapter at the
 * local fake Graph server, and webhooks posted to the app the way Meta signs them.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { FakeWhatsAppCloud } from '../../fakes/whatsapp-cloud-api.js';
import { signedCloudPost, type CloudWebhookBody } from '../../fakes/whatsapp-cloud-webhook.js';
import type { TestApp } from '../../helpers/app.js';

export const CLOUD = {
  id: 'cloud',
  phoneNumberId: '109000000000001',
  accessToken: 'EAAGe2eCloudSystemUserToken0123456789',
  appSecret: 'e2e-cloud-app-secret-0123456789abcdef',
  verifyToken: 'e2e-cloud-verify-42',
  number: '212522000001',
} as const;

/** One number serving every school; no pair spacing unless asked (the fake does not enforce one by default). */
export function cloudEnv(fake: FakeWhatsAppCloud, extra: Record<string, unknown> = {}): Record<string, string> {
  fake.addNumber({ phoneNumberId: CLOUD.phoneNumberId, accessToken: CLOUD.accessToken });
  const number = { ...CLOUD, schools: '*', pairIntervalMs: 0, ...extra };
  return { WHATSAPP_CLOUD_NUMBERS: JSON.stringify([number]), GRAPH_API_BASE: fake.base };
}

export function postCloud(t: TestApp, body: CloudWebhookBody | string, opts: { signature?: string | null } = {}): Promise<LightMyRequestResponse> {
  const { payload, headers } = signedCloudPost(body, CLOUD.appSecret, opts);
  return t.app.inject({ method: 'POST', url: `/webhooks/whatsapp-cloud/${CLOUD.id}`, headers, payload });
}
