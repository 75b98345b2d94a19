/**
 * Every Redis key the service writes, under one configurable prefix. Keys touched together by
 * one script or MULTI share a hash tag ({s:<school>} or {e:<event>}) so the same code runs on
 * Redis Cluster.
 */
export interface Keys {
  schools: string;
  school(schoolId: string): string;
  classes(schoolId: string): string;
  guardians(schoolId: string): string;
  children(schoolId: string): string;
  teachers(schoolId: string): string;
  /** guardian id → JSON array of their children's ids (rebuilt at each import). */
  guardianChildren(schoolId: string): string;
  events(schoolId: string): string;
  idempotency(schoolId: string, keyHash: string): string;
  /**
   * One chat address on one platform → the guardian or teacher it belongs to in each school that
   * knows it: a hash of schoolId → "<g|t>/<id>". A school writes and erases its own field only
   * (DESIGN §10): a parent of two schools is one address known to both.
   */
  address(platform: string, address: string): string;
  event(eventId: string): string;
  recipients(eventId: string): string;
  deliveries(eventId: string): string;
  counts(eventId: string): string;
  /** A platform message id seen on one account (ids are only unique per bot, page or number). */
  dedupe(platform: string, accountId: string, messageId: string): string;
  /**
   * One chat's conversation: its session and the outbox of its handled messages (effects and
   * replies, by cause). `chat` is a hash of platform, address and the school the conversation
   * is with (session-store.ts chatId), so job data that names a chat carries no phone number.
   */
  session(chat: string): string;
  outbox(chat: string): string;
  /**
   * A message held while the parent is asked which school it is about, and the school they
   * picked last (kept a little while, so the next messages need not ask again).
   */
  parked(chat: string): string;
  /** The messages held meanwhile, oldest first (a list: two held at once are both kept). */
  held(chat: string): string;
  /** Set while the question is on the parent's screen: a second message meanwhile does not ask again. */
  asked(chat: string): string;
  /** The highest reply sequence number sent to the chat (replies go out in order). */
  sentSeq(chat: string): string;
  /** The outbox causes written without a session step, newest first (capped). */
  directCauses(chat: string): string;
  /** Survey definitions of a school: id → JSON. */
  surveys(schoolId: string): string;
  /** One survey's responses in a school: "<eventId>|<guardianId>" → JSON. */
  surveyResponses(schoolId: string, surveyId: string): string;
  /** Parents' notes: id → JSON; the inbox (by time); ref number → id; the ref counter. */
  notes(schoolId: string): string;
  inbox(schoolId: string): string;
  /** The notes nobody has answered yet (by time), and the mark that it was built from the notes. */
  inboxOpen(schoolId: string): string;
  inboxOpenBuilt(schoolId: string): string;
  noteRefs(schoolId: string): string;
  noteSeq(schoolId: string): string;
  /** Failures of one (scope, hashed key) in the attempt limiter's window (attempt-limiter.ts). */
  attempts(scope: string, keyHash: string): string;
  /** The live progress streams one owner holds open, across API processes (stream-slots.ts). */
  streamSlots(ownerHash: string): string;
  /** Events a teacher created from the bot, by time. */
  teacherEvents(schoolId: string, teacherId: string): string;
  /** The invitations a guardian was sent lately (event id by sent time), a few, for a month. */
  guardianRecent(schoolId: string, guardianId: string): string;
  /** A join code → "<platform>|<schoolId>/<g|t>/<id>", consumed when a chat uses it. */
  joinCode(code: string): string;
  /** The join code currently offered to one owner on one platform. */
  ownerJoinCode(schoolId: string, kind: 'g' | 't' | 'p', id: string, platform: string): string;
  /**
   * A sent message → what it was (chat-store.ts), for receipts, replies and poll votes. Keyed by
   * account and chat too: some platforms number messages per bot and chat.
   */
  sentMessage(platform: string, accountId: string, address: string, messageId: string): string;
  /** When a chat last wrote to one account (messaging windows are per page or number). */
  lastInbound(platform: string, accountId: string, address: string): string;
  /** Sends of one account ("<kind>:<id>") on one UTC day, for daily caps. */
  dailySends(account: string, day: string): string;
  /** The next free send slot of one channel account (even pacing across processes). */
  sendSlot(platform: string, accountId: string): string;
  /** The people an account started conversations with in the last 24 h (a sorted set by time): its tier's use. */
  newRecipients(platform: string, accountId: string): string;
  /** A meeting's bookings: guardian → slot index. */
  slotOf(eventId: string): string;
  /** A meeting's bookings per slot index (counts). */
  slotTaken(eventId: string): string;
  /** A meeting's waiting list of guardians, first come first. */
  slotWaiting(eventId: string): string;
  /** Families on a meeting's waiting list offered a freed time they have not taken yet: guardian → slot index. */
  slotOffered(eventId: string): string;
  /** A school's approved message templates (JSON list; domain/templates.ts). */
  messageTemplates(schoolId: string): string;
  /** A school's absences: "<date>|<childId>" → JSON (absence-store.ts). */
  absences(schoolId: string): string;
  /** The latest health of a listening channel account (a session a process holds, a poller). */
  channelStatus(platform: string, accountId: string): string;
  /** A simulated phone's chat with one school's simulated bot, and the school's list of them. */
  /** A school's people (admins, staff, teachers who sign in): id → JSON; '*' holds the district's. */
  people(schoolId: string): string;
  /** People's password hashes (scrypt, never the password): id → "scrypt$…". Apart, so no list reads them. */
  passwords(schoolId: string): string;
  /** When each person last signed in: id → ISO time (the people page says it). */
  lastSignIns(schoolId: string): string;
  /** A sign-in login → "<schoolId>/<personId>" (logins are unique across the deployment). */
  login(login: string): string;
  /** A signed-in session, by the hash of its cookie's token. */
  authSession(tokenHash: string): string;
  /** The hashes of one person's sessions ("sign out everywhere"). */
  personSessions(schoolId: string, personId: string): string;
  /** A person's current sign-in code (hashed), its expiry and wrong tries. */
  signInCode(schoolId: string, personId: string): string;
  /** A one-time sign-in link, by the hash of its token. */
  signInLink(tokenHash: string): string;
  /** A school's API keys made in the console: id → JSON (the secret only hashed). */
  apiKeys(schoolId: string): string;
  /** An API key id → its school, to find a presented key. */
  apiKeyIndex(keyId: string): string;
  /** The school's audit log of staff actions (a stream, newest last). */
  audit(schoolId: string): string;
  simChat(schoolId: string, address: string): string;
  simChats(schoolId: string): string;
  /** The school's simulated chats with a message from the bot nobody has opened yet. */
  simUnread(schoolId: string): string;
  demoKey: string;
}

export function createKeys(prefix: string): Keys {
  const s = (schoolId: string) => `${prefix}:{s:${schoolId}}`;
  const e = (eventId: string) => `${prefix}:{e:${eventId}}`;
  return {
    schools: `${prefix}:schools`,
    school: (id) => `${s(id)}:school`,
    classes: (id) => `${s(id)}:classes`,
    guardians: (id) => `${s(id)}:guardians`,
    children: (id) => `${s(id)}:children`,
    teachers: (id) => `${s(id)}:teachers`,
    guardianChildren: (id) => `${s(id)}:gchildren`,
    events: (id) => `${s(id)}:events`,
    idempotency: (id, h) => `${s(id)}:idem:${h}`,
    address: (p, a) => `${prefix}:addr:${p}:${a}`,
    event: (id) => `${e(id)}:event`,
    recipients: (id) => `${e(id)}:rcp`,
    deliveries: (id) => `${e(id)}:dlv`,
    counts: (id) => `${e(id)}:cnt`,
    dedupe: (p, acc, m) => `${prefix}:dedupe:${p}:${acc}:${m}`,
    session: (c) => `${prefix}:{c:${c}}:sess`,
    outbox: (c) => `${prefix}:{c:${c}}:out`,
    parked: (c) => `${prefix}:{c:${c}}:park`,
    held: (c) => `${prefix}:{c:${c}}:held`,
    asked: (c) => `${prefix}:{c:${c}}:asked`,
    sentSeq: (c) => `${prefix}:{c:${c}}:seq`,
    directCauses: (c) => `${prefix}:{c:${c}}:direct`,
    surveys: (id) => `${s(id)}:surveys`,
    surveyResponses: (id, survey) => `${s(id)}:sresp:${survey}`,
    notes: (id) => `${s(id)}:notes`,
    inbox: (id) => `${s(id)}:inbox`,
    inboxOpen: (id) => `${s(id)}:inbox:open`,
    inboxOpenBuilt: (id) => `${s(id)}:inbox:open:built`,
    noteRefs: (id) => `${s(id)}:noterefs`,
    noteSeq: (id) => `${s(id)}:noteseq`,
    attempts: (scope, h) => `${prefix}:fail:${scope}:${h}`,
    streamSlots: (h) => `${prefix}:streams:${h}`,
    teacherEvents: (id, t) => `${s(id)}:tevents:${t}`,
    guardianRecent: (id, g) => `${s(id)}:grecent:${g}`,
    joinCode: (c) => `${prefix}:join:${c}`,
    ownerJoinCode: (id, kind, oid, p) => `${s(id)}:joinof:${kind}:${oid}:${p}`,
    sentMessage: (p, acc, a, m) => `${prefix}:msg:${p}:${acc}:${a}:${m}`,
    lastInbound: (p, acc, a) => `${prefix}:lastin:${p}:${acc}:${a}`,
    dailySends: (account, day) => `${prefix}:daily:${account}:${day}`,
    sendSlot: (p, id) => `${prefix}:slot:${p}:${id}`,
    newRecipients: (p, id) => `${prefix}:tier:${p}:${id}`,
    messageTemplates: (id) => `${s(id)}:templates`,
    absences: (id) => `${s(id)}:absences`,
    slotOf: (id) => `${e(id)}:slotof`,
    slotTaken: (id) => `${e(id)}:slottaken`,
    slotWaiting: (id) => `${e(id)}:slotwait`,
    slotOffered: (id) => `${e(id)}:slotoffer`,
    channelStatus: (p, id) => `${prefix}:chstatus:${p}:${id}`,
    people: (id) => `${s(id)}:people`,
    passwords: (id) => `${s(id)}:pwd`,
    lastSignIns: (id) => `${s(id)}:lastsignin`,
    login: (l) => `${prefix}:login:${l}`,
    authSession: (h) => `${prefix}:auth:sess:${h}`,
    personSessions: (id, p) => `${s(id)}:psess:${p}`,
    signInCode: (id, p) => `${s(id)}:scode:${p}`,
    signInLink: (h) => `${prefix}:auth:link:${h}`,
    apiKeys: (id) => `${s(id)}:apikeys`,
    apiKeyIndex: (k) => `${prefix}:apikey:${k}`,
    audit: (id) => `${s(id)}:audit`,
    simChat: (id, a) => `${s(id)}:sim:chat:${a}`,
    simChats: (id) => `${s(id)}:sim:chats`,
    simUnread: (id) => `${s(id)}:sim:unread`,
    demoKey: `${prefix}:demo:key`,
  };
}
