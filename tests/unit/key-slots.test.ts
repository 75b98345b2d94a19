/**
 * Redis Cluster refuses a script, MULTI or multi-key command whose keys live in different hash
 * slots (CROSSSLOT). The keys the stores touch together must therefore share a hash tag; this
 * checks each group with the cluster's own slot function, on any machine (the cluster suite,
 * `npm run test:cluster`, checks the same on a real cluster).
 */
import calculateSlot from 'cluster-key-slot';
import { describe, expect, it } from 'vitest';
import { FANOUT_QUEUE, INBOUND_QUEUE, outboundQueueName, replyQueueName } from '../../src/queue/names.js';
import { createKeys } from '../../src/store/keys.js';

const k = createKeys('sb');
const slotsOf = (keys: string[]) => new Set(keys.map((key) => calculateSlot(key)));

describe('keys touched together share one hash slot', () => {
  const school = 'school-7';
  const event = 'ev123';
  const chat = 'c0ffee';
  const groups: Record<string, string[]> = {
    'roster import MULTI (classes, guardians, children, teachers, guardian → children)': [k.classes(school), k.guardians(school), k.children(school), k.teachers(school), k.guardianChildren(school)],
    'a school, its events, surveys, people and keys': [k.school(school), k.events(school), k.surveys(school), k.surveyResponses(school, 'sv1'), k.people(school), k.passwords(school), k.lastSignIns(school), k.apiKeys(school), k.audit(school)],
    'a note: notes, inbox, refs, counter, unanswered (one script)': [k.notes(school), k.inbox(school), k.noteRefs(school), k.noteSeq(school), k.inboxOpen(school), k.inboxOpenBuilt(school)],
    'an event: its record, recipients, rows and counters (MULTI and scripts)': [k.event(event), k.recipients(event), k.deliveries(event), k.counts(event)],
    "a simulated phone's chat, the school's list of them, and the unread ones (one script)": [k.simChat(school, 'sim-x'), k.simChats(school), k.simUnread(school)],
    "a fan-out chunk's guardians' recent invitations (one script)": [k.guardianRecent(school, 'g1'), k.guardianRecent(school, 'g2'), k.guardianRecent(school, 'g999')],
    'a conversation: session, outbox, sequence, direct causes, held messages': [k.session(chat), k.outbox(chat), k.sentSeq(chat), k.directCauses(chat), k.parked(chat), k.held(chat), k.asked(chat)],
  };
  for (const [what, keys] of Object.entries(groups)) {
    it(what, () => expect(slotsOf(keys).size).toBe(1));
  }

  it('each BullMQ queue keeps its keys in one slot (its name is a hash tag), and queues spread over slots', () => {
    const queues = [FANOUT_QUEUE, INBOUND_QUEUE, outboundQueueName('simulator', 'main'), replyQueueName('simulator', 'main'), outboundQueueName('telegram', 'bot1')];
    for (const q of queues) {
      // BullMQ names a queue's keys <prefix>:<name>:<suffix>.
      expect(slotsOf(['wait', 'active', 'meta', 'events', 'id', 'stalled', 'limiter', '1234'].map((s) => `sb:bq:${q}:${s}`)).size, q).toBe(1);
    }
    expect(slotsOf(queues.map((q) => `sb:bq:${q}:wait`)).size).toBe(queues.length);
  });

  it('different schools and events land on different slots (the tags spread the load)', () => {
    const schools = Array.from({ length: 50 }, (_, i) => k.guardians(`school-${i}`));
    const events = Array.from({ length: 50 }, (_, i) => k.deliveries(`ev${i}`));
    expect(slotsOf(schools).size).toBeGreaterThan(40);
    expect(slotsOf(events).size).toBeGreaterThan(40);
  });
});
