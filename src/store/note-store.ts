/**
 * Parents' notes: free text a guardian wrote about an invitation (or to the school), kept for
 * staff (GET /v1/inbox) and relayed to the teacher who sent the invitation. Each note has a
 * short number, its `ref`, that a teacher can answer with "#<ref> text". Replies, by staff or
 * the teacher, are kept on the note. A note nobody has answered is also in the school's open
 * set, so the console counts and lists them without reading every note. All under the school's
 * hash tag.
 */
import type { MediaRef } from '../core/media.js';
import type { Platform } from '../core/types.js';
import type { Keys } from './keys.js';
import { parseStored } from './json.js';
import { newestFirst, type PageCursor } from './paging.js';
import type { Redis } from './redis-types.js';
import { defineScripts } from './scripts.js';

export interface NoteReply {
  at: string;
  by: 'staff' | 'teacher';
  /** The teacher's id, or the staff key's label. */
  byId: string;
  text: string;
  /** A voice note or photo the teacher answered with (media-store.ts). */
  media?: MediaRef;
  /** Why it did not reach the guardian (opted out, no channel), when it did not. */
  undelivered?: string;
}

export interface Note {
  id: string;
  /** Short number for "#<ref> answer", unique in the school. */
  ref: number;
  guardianId: string;
  /** The invitation it is about, when there is one. */
  eventId?: string;
  /** eventId is only the last thing the school sent the parent (who neither answered nor quoted it). */
  guessed?: true;
  /** The teacher it was relayed to (the invitation's sender). */
  teacherId?: string;
  text: string;
  at: string;
  channel: Platform;
  /** A voice note, photo or document the parent sent; `text` is then its caption ('' for none). */
  media?: MediaRef;
  replies: NoteReply[];
}

/**
 * KEYS: notes, inbox, refs, seq, open. ARGV: id, note JSON (without ref), score (ms).
 * Creates the note once, unanswered; returns its ref (the same ref when it already existed).
 */
const CREATE = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then return cjson.decode(old).ref end
local ref = redis.call('INCR', KEYS[4])
local note = cjson.decode(ARGV[2])
note.ref = ref
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(note))
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[5], ARGV[3], ARGV[1])
redis.call('HSET', KEYS[3], tostring(ref), ARGV[1])
return ref
`;

/**
 * KEYS: notes, open. ARGV: id, reply JSON, dedupe key. Appends once per dedupe key (the note is
 * then answered, even when the answer could not reach the parent); returns the note.
 */
const ADD_REPLY = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return false end
local note = cjson.decode(raw)
if type(note.replies) ~= 'table' then note.replies = {} end
for _, r in ipairs(note.replies) do if r.key == ARGV[3] then return raw end end
local reply = cjson.decode(ARGV[2])
reply.key = ARGV[3]
table.insert(note.replies, reply)
local out = cjson.encode(note)
redis.call('HSET', KEYS[1], ARGV[1], out)
redis.call('ZREM', KEYS[2], ARGV[1])
return out
`;

/**
 * KEYS: notes, inbox, open, built. Once per school: the open set from the notes kept before it
 * existed (every note without a reply), in one script so no answer given meanwhile is undone.
 */
const BUILD_OPEN = `
if redis.call('EXISTS', KEYS[4]) == 1 then return 0 end
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local note = cjson.decode(all[i + 1])
  if type(note.replies) ~= 'table' or next(note.replies) == nil then
    local score = redis.call('ZSCORE', KEYS[2], all[i])
    if score then redis.call('ZADD', KEYS[3], score, all[i]) end
  end
end
redis.call('SET', KEYS[4], '1')
return 1
`;

interface NoteScripts {
  sbCreateNote(notes: string, inbox: string, refs: string, seq: string, open: string, id: string, note: string, score: number): Promise<number>;
  sbAddNoteReply(notes: string, open: string, id: string, reply: string, key: string): Promise<string | null>;
  sbBuildOpenNotes(notes: string, inbox: string, open: string, built: string): Promise<number>;
}

/** Which notes a list shows: every note, or only those answered or not yet answered. */
export type NoteFilter = 'all' | 'answered' | 'unanswered';

export class NoteStore {
  private readonly scripts: NoteScripts;
  /** Schools whose open set this process knows is built: one round trip saved per count. */
  private readonly built = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.scripts = defineScripts<NoteScripts>(redis, {
      sbCreateNote: { keys: 5, lua: CREATE },
      sbAddNoteReply: { keys: 2, lua: ADD_REPLY },
      sbBuildOpenNotes: { keys: 4, lua: BUILD_OPEN },
    });
  }

  /** Creates the note once (a retried handler gets the same ref back). */
  async create(schoolId: string, note: Omit<Note, 'ref' | 'replies'>): Promise<Note> {
    const k = this.keys;
    const { id, ...rest } = note;
    const ref = await this.scripts.sbCreateNote(k.notes(schoolId), k.inbox(schoolId), k.noteRefs(schoolId), k.noteSeq(schoolId), k.inboxOpen(schoolId), id, JSON.stringify({ ...rest, replies: [] }), Date.parse(note.at));
    return { ...note, ref: Number(ref), replies: [] };
  }

  async get(schoolId: string, id: string): Promise<Note | undefined> {
    return toNote(id, await this.redis.hget(this.keys.notes(schoolId), id));
  }

  async byRef(schoolId: string, ref: number): Promise<Note | undefined> {
    const id = await this.redis.hget(this.keys.noteRefs(schoolId), String(ref));
    return id ? this.get(schoolId, id) : undefined;
  }

  /** Appends a reply once per `dedupeKey` (a retried handler adds nothing twice). */
  async addReply(schoolId: string, id: string, reply: NoteReply, dedupeKey: string): Promise<Note | undefined> {
    return toNote(id, await this.scripts.sbAddNoteReply(this.keys.notes(schoolId), this.keys.inboxOpen(schoolId), id, JSON.stringify(reply), dedupeKey));
  }

  /**
   * Newest first; `before` is the previous page's last note (paging.ts). Unanswered notes are
   * read from the open set; answered ones from the inbox, a page of which may then hold fewer
   * than `limit` (the page read sets the cursor, so the next page goes on past it).
   */
  async list(schoolId: string, limit: number, before?: PageCursor, filter: NoteFilter = 'all'): Promise<{ notes: Note[]; read: Note[] }> {
    if (filter === 'unanswered') await this.buildOpen(schoolId);
    const ids = await newestFirst(this.redis, filter === 'unanswered' ? this.keys.inboxOpen(schoolId) : this.keys.inbox(schoolId), limit, before);
    if (!ids.length) return { notes: [], read: [] };
    const raws = await this.redis.hmget(this.keys.notes(schoolId), ...ids);
    const read = ids.map((id, i) => toNote(id, raws[i])).filter((n): n is Note => n !== undefined);
    return { notes: filter === 'answered' ? read.filter((n) => n.replies.length > 0) : read, read };
  }

  /** The school's unanswered notes, newest first, at most `max` (a teacher sees only some of them). */
  async unanswered(schoolId: string, max: number): Promise<{ count: number; notes: Note[] }> {
    await this.buildOpen(schoolId);
    const open = this.keys.inboxOpen(schoolId);
    const [count, ids] = await Promise.all([this.redis.zcard(open), max > 0 ? this.redis.zrevrange(open, 0, max - 1) : []]);
    const raws = ids.length ? await this.redis.hmget(this.keys.notes(schoolId), ...ids) : [];
    return { count, notes: ids.map((id, i) => toNote(id, raws[i])).filter((n): n is Note => n !== undefined) };
  }

  /** The open set of a school whose notes predate it, built once (a marker says it was). */
  private async buildOpen(schoolId: string): Promise<void> {
    const k = this.keys;
    if (this.built.has(schoolId)) return;
    await this.scripts.sbBuildOpenNotes(k.notes(schoolId), k.inbox(schoolId), k.inboxOpen(schoolId), k.inboxOpenBuilt(schoolId));
    this.built.add(schoolId);
  }

  /** Erasure: every note of the guardian. */
  /** Removes a guardian's notes; returns them, so the files they carried go too (erasure.ts). */
  async eraseGuardian(schoolId: string, guardianId: string): Promise<Note[]> {
    const k = this.keys;
    const all = await this.redis.hgetall(k.notes(schoolId));
    const gone = Object.entries(all).map(([id, raw]) => toNote(id, raw)).filter((n): n is Note => n?.guardianId === guardianId);
    if (!gone.length) return [];
    await this.redis.multi()
      .hdel(k.notes(schoolId), ...gone.map((n) => n.id))
      .zrem(k.inbox(schoolId), ...gone.map((n) => n.id))
      .zrem(k.inboxOpen(schoolId), ...gone.map((n) => n.id))
      .hdel(k.noteRefs(schoolId), ...gone.map((n) => String(n.ref)))
      .exec();
    return gone;
  }
}

function toNote(id: string, raw: string | null | undefined): Note | undefined {
  const rest = parseStored<Omit<Note, 'id'>>(raw);
  if (!rest) return undefined;
  const replies = Array.isArray(rest.replies) ? rest.replies.map(({ key: _key, ...r }: NoteReply & { key?: string }) => r) : [];
  return { id, ...rest, replies };
}
