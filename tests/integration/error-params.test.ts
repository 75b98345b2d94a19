/**
 * Every error answer carries a stable code and the parameters its English message is made of,
 * so a client (the console) words it in its reader's language: who was refused and why, what
 * was not found, which field is wrong, which roster row and value.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, KEY_S1, startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ workers: false });
});

afterAll(async () => {
  await t?.close();
});

async function errorOf(req: InjectOptions) {
  const res = await t.app.inject(req);
  return { status: res.statusCode, error: (res.json() as { error: { code: string; message: string; params?: Record<string, unknown>; details?: unknown } }).error };
}

describe('error answers carry their parameters', () => {
  it('401: why the caller is not let in (a wrong key is said as such)', async () => {
    const wrong = await errorOf({ method: 'GET', url: '/v1/roster', headers: { authorization: 'Bearer not-a-key-of-ours' } });
    expect(wrong).toMatchObject({ status: 401, error: { code: 'unauthorized', params: { reason: 'wrong_key' } } });
    const none = await errorOf({ method: 'GET', url: '/v1/roster' });
    expect(none).toMatchObject({ status: 401, error: { code: 'unauthorized', params: { reason: 'signed_out' } } });
  });

  it('403: the role the route needs', async () => {
    expect(await errorOf({ method: 'GET', url: '/v1/schools', headers: auth(KEY_S1) })).toMatchObject({ status: 403, error: { code: 'forbidden', params: { reason: 'role', needs: 'district' } } });
  });

  it('404: what was not found, and its id', async () => {
    expect(await errorOf({ method: 'POST', url: '/v1/inbox/naaaaaaaa1/reply', headers: auth(), payload: { text: 'hello' } }))
      .toMatchObject({ status: 404, error: { code: 'not_found', params: { what: 'note', id: 'naaaaaaaa1' } } });
    expect(await errorOf({ method: 'GET', url: '/v1/nowhere', headers: auth() })).toMatchObject({ status: 404, error: { params: { what: 'route' } } });
  });

  it('400: the field, and what is wrong with it', async () => {
    const { status, error } = await errorOf({ method: 'POST', url: '/v1/inbox/naaaaaaaa1/reply', headers: auth(), payload: { text: '' } });
    expect(status).toBe(400);
    expect(error).toMatchObject({ code: 'invalid_request', params: { field: 'body.text', reason: 'too_small', minimum: 1 } });
    expect(error.details).toEqual([expect.objectContaining({ field: 'body.text', reason: 'too_small' })]);
  });

  it('422: each roster row with its code and parameters, and how many rows', async () => {
    const csv = 'child_id,child_name,class_id,guardian_name,guardian_phone\nc1,Sara,5A,Ahmed,06123\nc2,Omar,5A,Fatima,0612345678\n';
    const { status, error } = await errorOf({ method: 'POST', url: '/v1/roster/import', headers: { ...auth(), 'content-type': 'text/csv' }, payload: csv });
    expect(status).toBe(422);
    expect(error).toMatchObject({ code: 'roster_invalid', params: { errors: 1 } });
    expect((error.details as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({ row: 2, field: 'guardian_phone', code: 'invalid_phone', params: { value: '06123' }, message: expect.stringContaining("'06123' is not a phone number") }),
    ]);
  });

  it('keeps the fields API clients read: code, message, details', async () => {
    const { error } = await errorOf({ method: 'POST', url: '/v1/events', headers: auth(), payload: { kind: 'meeting' } });
    expect(Object.keys(error).sort()).toEqual(['code', 'details', 'message', 'params']);
  });
});
