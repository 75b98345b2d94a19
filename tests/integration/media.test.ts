/**
 * Voice notes, photos and documents from parents and teachers, on the simulator channel end to
 * end: kept in the media store under the school, shown in the inbox (played or viewed through
 * the API), forwarded to the teacher's chat as the file, a teacher's spoken answer carried back
 * to the parent, refused kindly when too big, of another kind, or a sticker, and erased with the
 * guardian.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_S2, auth, startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { phone, plain, teacherInvites } from './helpers/chat.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const PARENT = 'sim-media-parent';
const TEACHER = 'sim-media-teacher';
/** A few bytes that start like an Ogg file: the store keeps bytes, it does not decode them. */
const VOICE = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(600, 7)]);
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(900, 3)]);

const roster = {
  classes: [{ id: 'C1', name: '5A', grade: 5 }],
  guardians: [{ id: 'gP', name: 'Amina Benali', locale: 'en', channels: { simulator: PARENT } }],
  children: [{ id: 'c1', name: 'Adam', classId: 'C1', guardianIds: ['gP'] }],
  teachers: [{ id: 't1', name: 'Nadia Bennani', classIds: ['C1'], locale: 'en', channels: { simulator: TEACHER } }],
};

async function start(env: Record<string, string> = {}): Promise<TestApp> {
  const app = await startTestApp({ env });
  const res = await app.app.inject({ method: 'POST', url: '/v1/roster/import', headers: auth(), payload: roster });
  expect(res.statusCode, res.body).toBe(200);
  return app;
}

async function send(app: TestApp, from: string, body: object): Promise<void> {
  const res = await app.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from, ...body } });
  expect(res.statusCode, res.body).toBe(202);
}

const voice = (caption?: string) => ({ media: { kind: 'voice', contentType: 'audio/ogg', data: VOICE.toString('base64') }, ...(caption ? { text: caption } : {}) });

async function inbox(app: TestApp) {
  return (await app.app.inject({ method: 'GET', url: '/v1/inbox', headers: auth() })).json().items as Array<{ id: string; text: string; media: null | { kind: string; url: string; contentType: string; size: number }; replies: Array<{ media?: { url: string } }> }>;
}


describe('media from a parent', () => {
  it("goes to the inbox and the teacher's chat as the file, the invitation is asked again, and the teacher's voice answer reaches the parent", async () => {
    t = await start();
    const teacher = await teacherInvites(t, TEACHER);
    const parent = phone(t, PARENT);
    await parent.next('the invitation');

    await send(t, PARENT, voice('About Adam, please listen'));
    const passed = plain(await parent.next('passed on'));
    expect(passed).toContain('passed on to the teacher');
    expect(passed).toContain('Can you come'); // what was asked stays asked

    const [note] = await waitFor(async () => ((await inbox(t!)).length ? inbox(t!) : undefined), 15_000, 'the note');
    expect(note).toMatchObject({ text: 'About Adam, please listen', media: { kind: 'voice', contentType: 'audio/ogg', size: VOICE.length } });
    const file = await t.app.inject({ method: 'GET', url: note!.media!.url, headers: auth() });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('audio/ogg');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.rawPayload.equals(VOICE)).toBe(true);
    // Another school sees nothing of it.
    expect((await t.app.inject({ method: 'GET', url: note!.media!.url, headers: auth(KEY_S2) })).statusCode).toBe(404);

    const forwarded = await teacher.next('the forwarded voice note');
    expect(forwarded.media).toMatchObject({ kind: 'voice', contentType: 'audio/ogg' });
    expect(plain(forwarded)).toContain('🎤 Voice note');
    expect(forwarded.text).not.toContain(PARENT);
    const played = await t.app.inject({ method: 'GET', url: `/v1/simulator/media/${forwarded.media!.id}`, headers: auth() });
    expect(played.rawPayload.equals(VOICE)).toBe(true);

    // The teacher answers with a photo, replying to the forwarded message.
    await send(t, TEACHER, { media: { kind: 'photo', contentType: 'image/jpeg', data: PHOTO.toString('base64') }, replyTo: forwarded.id });
    const answer = await parent.next("the teacher's photo");
    expect(answer.media).toMatchObject({ kind: 'photo', contentType: 'image/jpeg' });
    expect(plain(answer)).toContain('Nadia Bennani');
    await waitFor(async () => (await inbox(t!))[0]?.replies[0]?.media, 15_000, 'the answer kept on the note');
    const kept = await t.app.inject({ method: 'GET', url: (await inbox(t))[0]!.replies[0]!.media!.url, headers: auth() });
    expect(kept.rawPayload.equals(PHOTO)).toBe(true);
  });

  it('a sticker, a file too big, or a file of another type gets a kind answer, and nothing is kept', async () => {
    t = await start({ MEDIA_MAX_BYTES: '2048' });
    const parent = phone(t, PARENT);
    await send(t, PARENT, { unsupported: 'sticker' });
    expect(plain(await parent.next('about stickers'))).toContain('cannot take stickers');
    await send(t, PARENT, { media: { kind: 'photo', contentType: 'image/jpeg', data: Buffer.alloc(4096, 1).toString('base64') } });
    expect(plain(await parent.next('too big'))).toContain('too big (over 1 MB)');
    await send(t, PARENT, { media: { kind: 'document', contentType: 'application/zip', data: Buffer.from('PK').toString('base64') } });
    expect(plain(await parent.next('wrong type'))).toContain('cannot open this kind of file');
    expect(await inbox(t)).toEqual([]);
    expect(existsSync(join(t.config.MEDIA_DIR!, 's1')) ? readdirSync(join(t.config.MEDIA_DIR!, 's1')) : []).toEqual([]);
  });

  it('erasing the guardian removes the files their notes carried', async () => {
    t = await start();
    const parent = phone(t, PARENT);
    await send(t, PARENT, voice());
    await parent.next('passed on');
    const [note] = await waitFor(async () => ((await inbox(t!)).length ? inbox(t!) : undefined), 15_000, 'the note');
    const folder = join(t.config.MEDIA_DIR!, 's1');
    expect(readdirSync(folder).length).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'DELETE', url: '/v1/guardians/gP', headers: auth() })).statusCode).toBe(204);
    expect(readdirSync(folder)).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: note!.media!.url, headers: auth() })).statusCode).toBe(404);
  });
});
