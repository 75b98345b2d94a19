/**
 * Talking to the service as simulated parents and teachers: write or tap in a chat, read what
 * the school answered, wait for the next answer.
 */
import { expect } from 'vitest';
import type { TranscriptMessage } from '../../../adapters/simulator/index.js';
import { auth, waitFor, type TestApp } from '../../helpers/app.js';

export interface SayOptions {
  messageId?: string;
  /** The phone's own time for the message (an old one simulates a late webhook). */
  sentAt?: string;
  replyTo?: string;
}

export async function say(t: TestApp, from: string, text: string, opts: SayOptions = {}): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from, text, ...opts } });
  expect(res.statusCode, res.body).toBe(202);
}

export async function tap(t: TestApp, from: string, choice: string, opts: SayOptions = {}): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/simulator/inbound', headers: auth(), payload: { from, choice, ...opts } });
  expect(res.statusCode, res.body).toBe(202);
}

export async function outbound(t: TestApp, address: string): Promise<TranscriptMessage[]> {
  return (await t.runtime.ctx.stores.simulator.transcript('s1', address)).filter((m) => m.direction === 'out');
}

/**
 * A chat's reader: `next()` waits for the next message the school sends there, so a test reads
 * a conversation in order and fails (timing out) when an expected answer never comes.
 */
export function phone(t: TestApp, address: string) {
  let seen = 0;
  return {
    address,
    async next(what = 'a message from the school'): Promise<TranscriptMessage> {
      const messages = await waitFor(async () => {
        const out = await outbound(t, address);
        return out.length > seen ? out : undefined;
      }, 15_000, `${what} in ${address}`);
      return messages[seen++] as TranscriptMessage;
    },
    /** Skips what arrived so far (an invitation the test does not read). */
    async skipAll(): Promise<void> {
      seen = (await outbound(t, address)).length;
    },
    /** Nothing more arrives within `ms`. */
    async quiet(ms = 600): Promise<void> {
      await new Promise((r) => setTimeout(r, ms));
      expect((await outbound(t, address)).slice(seen).map((m) => m.text)).toEqual([]);
    },
  };
}

/** The text without bidi controls, for readable assertions. */
export function plain(message: { text: string }): string {
  return message.text.replace(/[\u2066-\u2069\u200E\u200F]/g, '');
}

/**
 * A teacher invites a class from the chat (kind meeting, tomorrow 18:30, no place, send), so the
 * parents' notes about it are that teacher's; `classStep` taps the first class when the teacher
 * has several. Returns the teacher's phone, read up to the recipient count.
 */
export async function teacherInvites(t: TestApp, teacherAddress: string, classStep = false) {
  const teacher = phone(t, teacherAddress);
  await say(t, teacherAddress, 'invite');
  await teacher.next();
  if (classStep) {
    await tap(t, teacherAddress, 'x.class.0');
    await teacher.next();
  }
  await tap(t, teacherAddress, 'x.kind.meeting');
  await teacher.next();
  await say(t, teacherAddress, 'tomorrow 18:30');
  await teacher.next();
  await tap(t, teacherAddress, 'x.skip');
  await teacher.next();
  await tap(t, teacherAddress, 'x.send');
  await teacher.next('the count');
  return teacher;
}
