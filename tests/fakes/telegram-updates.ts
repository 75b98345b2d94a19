/**
 * Telegram Update payloads shaped like real ones (Bot API Update JSON, PLATFORMS §1.3), with
 * made-up ids and names. Each function returns a fresh object so tests can mutate copies.
 */
const parent = { id: 5550001, is_bot: false, first_name: 'Fatima', last_name: 'A.', language_code: 'ar' };
const privateChat = { id: 5550001, first_name: 'Fatima', last_name: 'A.', type: 'private' };
const bot = { id: 123456789, is_bot: true, first_name: 'School', username: 'school_test_bot' };

export function textUpdate(text = 'واخا، غادي نجي إن شاء الله', updateId = 812000001) {
  return {
    update_id: updateId,
    message: { message_id: 17, from: parent, chat: privateChat, date: 1763892000, text },
  };
}

export function replyUpdate(text = 'Can I come at 17:00?', repliedTo = 42) {
  return {
    update_id: 812000002,
    message: {
      message_id: 18,
      from: { ...parent, language_code: 'en' },
      chat: privateChat,
      date: 1763892060,
      text,
      reply_to_message: { message_id: repliedTo, from: bot, chat: privateChat, date: 1763891000, text: 'Parent–teacher meeting on Monday' },
    },
  };
}

/** What pressing START on `t.me/<bot>?start=<code>` sends. */
export function startUpdate(payload = 'inv_Q2xhc3M1QQ-x', updateId = 812000003) {
  const text = payload ? `/start ${payload}` : '/start';
  return {
    update_id: updateId,
    message: { message_id: 1, from: parent, chat: privateChat, date: 1763891900, text, entities: [{ offset: 0, length: 6, type: 'bot_command' }] },
  };
}

export function callbackUpdate(data = 'r.yes.ev_7Hq2', queryId = '4611686018427387904', updateId = 812000004) {
  return {
    update_id: updateId,
    callback_query: {
      id: queryId,
      from: parent,
      message: { message_id: 42, from: bot, chat: privateChat, date: 1763891000, text: 'اجتماع أولياء الأمور يوم الاثنين', reply_markup: { inline_keyboard: [[{ text: 'نعم', callback_data: data }]] } },
      chat_instance: '-3870124611563416750',
      data,
    },
  };
}

export function chatMemberUpdate(status: 'kicked' | 'member', updateId = 812000005) {
  return {
    update_id: updateId,
    my_chat_member: {
      chat: privateChat,
      from: parent,
      date: 1763893000,
      old_chat_member: { user: bot, status: status === 'kicked' ? 'member' : 'kicked', ...(status === 'member' ? { until_date: 0 } : {}) },
      new_chat_member: { user: bot, status, ...(status === 'kicked' ? { until_date: 0 } : {}) },
    },
  };
}

export function groupTextUpdate() {
  return {
    update_id: 812000006,
    message: { message_id: 230, from: parent, chat: { id: -1001234567890, title: '5A parents', type: 'supergroup' }, date: 1763892000, text: 'salam' },
  };
}

export function photoUpdate() {
  return {
    update_id: 812000007,
    message: { message_id: 19, from: parent, chat: privateChat, date: 1763892100, photo: [{ file_id: 'AgAC', file_unique_id: 'AQAD', width: 90, height: 90 }] },
  };
}

export function editedMessageUpdate() {
  return { update_id: 812000008, edited_message: { message_id: 17, from: parent, chat: privateChat, date: 1763892000, edit_date: 1763892300, text: 'نعم' } };
}

export const PARENT_CHAT_ID = String(privateChat.id);
