/**
 * What the fake WhatsApp Cloud API checks (shared/PLATFORMS.md §3b): the send body with Meta's
 * limits, the approved-template rules, the media types an upload may carry, and Graph's error
 * answer with each code's title and details, so every refusal looks like Meta's.
 */
import { z } from 'zod';

/** Meta's title (the message after `(#code)`) and `error_data.details` for the codes the fake gives. */
export const CLOUD_ERRORS: Readonly<Record<number, { title: string; details: string }>> = {
  100: { title: 'Invalid parameter', details: 'Invalid parameter' },
  130429: { title: 'Rate limit hit', details: 'Cloud API message throughput has been reached' },
  131000: { title: 'Something went wrong', details: 'Something went wrong' },
  131026: { title: 'Message undeliverable', details: 'Message Undeliverable.' },
  131047: {
    title: 'Re-engagement message',
    details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131048: { title: 'Spam rate limit hit', details: 'Message failed to send because there are restrictions on how many messages can be sent from this phone number.' },
  131053: { title: 'Media upload error', details: 'Unable to retrieve media.' },
  131056: {
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
  },
  132000: { title: 'Number of parameters does not match the expected number of params', details: 'Number of parameters does not match the expected number of params' },
  132001: { title: 'Template name does not exist in the translation', details: 'Template name does not exist in the translation' },
  132018: { title: 'There was an issue with the parameters in your template.', details: 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces' },
};

/** Graph's error answer. `error_data` is left out only for token errors (code 190), as Meta does. */
export interface CloudErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product: 'whatsapp'; details: string };
    fbtrace_id: string;
  };
}

let traceSeq = 0;
export function cloudError(code: number, opts: { message?: string; details?: string; subcode?: number } = {}): CloudErrorBody {
  const known = CLOUD_ERRORS[code];
  const message = opts.message ?? (known ? `(#${code}) ${known.title}` : `(#${code}) Injected failure`);
  const details = opts.details ?? known?.details ?? message;
  return {
    error: {
      message,
      type: 'OAuthException',
      code,
      ...(opts.subcode === undefined ? {} : { error_subcode: opts.subcode }),
      ...(code === 190 ? {} : { error_data: { messaging_product: 'whatsapp' as const, details } }),
      fbtrace_id: `AfakeWaTrace${++traceSeq}`,
    },
  };
}

/** The HTTP status Meta pairs with a code: 401 for a bad token, 5xx for its own failures, else 400. */
export function statusForCode(code: number): number {
  if (code === 190) return 401;
  if (code === 1 || code === 2 || code === 131000) return 500;
  if (code === 131016) return 503;
  return 400;
}

/** A refusal as the fake answers it; also what `failNext` queues. */
export interface CloudFailure {
  code: number;
  /** @defaultValue 401 for 190, 500 for 1, 2 and 131000, 503 for 131016, else 400 */
  status?: number;
  details?: string;
  message?: string;
  subcode?: number;
}

export function cloudRefusal(f: CloudFailure): { status: number; body: CloudErrorBody } {
  return { status: f.status ?? statusForCode(f.code), body: cloudError(f.code, f) };
}

export const unauthorized = () => cloudRefusal({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });

/** Graph's answer for an id it does not know or the token may not touch. */
export const noSuchObject = (method: string, id: string, status = 400) =>
  cloudRefusal({
    code: 100,
    subcode: 33,
    status,
    message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  });

/**
 * A length in characters (code points), not UTF-16 units: Meta's limits are in characters and
 * an emoji in a button title must count once.
 */
const chars = (min: number, max: number) =>
  z.string().refine((s) => [...s].length >= min && [...s].length <= max, { message: `must be ${min} to ${max} characters` });

/** A media object names an uploaded file (`id`) or a public URL (`link`), never both. */
const source = { id: z.string().min(1).optional(), link: z.url({ protocol: /^https?$/ }).optional() };
const oneSource = [(m: { id?: string | undefined; link?: string | undefined }) => (m.id === undefined) !== (m.link === undefined), { message: 'exactly one of id or link is required' }] as const;
const caption = chars(1, 1024).optional();
const media = {
  audio: z.strictObject(source).refine(...oneSource),
  image: z.strictObject({ ...source, caption }).refine(...oneSource),
  document: z.strictObject({ ...source, caption, filename: chars(1, 240).optional() }).refine(...oneSource),
  video: z.strictObject({ ...source, caption }).refine(...oneSource),
};

const footer = z.strictObject({ text: chars(1, 60) });
const textHeader = z.strictObject({ type: z.literal('text'), text: chars(1, 60) });
/** Reply-button messages may also carry a media header; list messages only a text one. */
const buttonHeader = z.discriminatedUnion('type', [
  textHeader,
  z.strictObject({ type: z.literal('image'), image: media.image }),
  z.strictObject({ type: z.literal('document'), document: media.document }),
  z.strictObject({ type: z.literal('video'), video: media.video }),
]);

/** Adds an issue at each repeat of a value, so details name the offending item. */
function noRepeats(values: string[], what: string, at: (i: number) => PropertyKey[], ctx: z.core.$RefinementCtx): void {
  values.forEach((v, i) => {
    if (values.indexOf(v) !== i) ctx.addIssue({ code: 'custom', message: `${what} must be unique`, path: at(i) });
  });
}

const replyButton = z.strictObject({ type: z.literal('reply'), reply: z.strictObject({ id: chars(1, 256), title: chars(1, 20) }) });
const buttonMessage = z
  .strictObject({
    type: z.literal('button'),
    header: buttonHeader.optional(),
    body: z.strictObject({ text: chars(1, 1024) }),
    footer: footer.optional(),
    action: z.strictObject({ buttons: z.array(replyButton).min(1).max(3) }),
  })
  .superRefine((m, ctx) => noRepeats(m.action.buttons.map((b) => b.reply.title), 'button titles', (i) => ['action', 'buttons', i, 'reply', 'title'], ctx));

const row = z.strictObject({ id: chars(1, 200), title: chars(1, 24), description: chars(0, 72).optional() });
const section = z.strictObject({ title: chars(1, 24).optional(), rows: z.array(row).min(1).max(10) });
const listMessage = z
  .strictObject({
    type: z.literal('list'),
    header: textHeader.optional(),
    body: z.strictObject({ text: chars(1, 4096) }),
    footer: footer.optional(),
    action: z.strictObject({ button: chars(1, 20), sections: z.array(section).min(1).max(10) }),
  })
  .superRefine((m, ctx) => {
    const { sections } = m.action;
    const rows = sections.flatMap((s, si) => s.rows.map((r, ri) => ({ id: r.id, at: ['action', 'sections', si, 'rows', ri, 'id'] })));
    if (rows.length > 10) ctx.addIssue({ code: 'custom', message: 'at most 10 rows in all sections together', path: ['action', 'sections'] });
    noRepeats(rows.map((r) => r.id), 'row ids', (i) => rows[i]?.at ?? [], ctx);
    // Meta: "Required if the message has more than one section".
    sections.forEach((s, i) => {
      if (sections.length > 1 && s.title === undefined) ctx.addIssue({ code: 'custom', message: 'a title is required when there are several sections', path: ['action', 'sections', i, 'title'] });
    });
  });

const templateComponent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('body'), parameters: z.array(z.strictObject({ type: z.literal('text'), text: z.string().min(1) })) }),
  z.strictObject({
    type: z.literal('button'),
    sub_type: z.literal('quick_reply'),
    index: z.string().regex(/^\d+$/, { message: 'must be a string of digits' }),
    parameters: z.array(z.strictObject({ type: z.literal('payload'), payload: z.string().min(1) })).length(1),
  }),
]);
const template = z.strictObject({
  name: z.string().min(1).max(512),
  language: z.strictObject({ code: z.string().min(2), policy: z.literal('deterministic').optional() }),
  components: z.array(templateComponent).optional(),
});

/** Who gets it: the same fields for every type. */
const envelope = {
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  to: z.string().regex(/^\d{8,15}$/, { message: 'must be 8 to 15 digits' }),
  context: z.strictObject({ message_id: z.string().min(1) }).optional(),
  biz_opaque_callback_data: z.string().max(512).optional(),
};

/** Strict objects: an unknown key (a typo, `caption` on audio) is refused rather than ignored. */
export const cloudSendSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...envelope, type: z.literal('text'), text: z.strictObject({ body: chars(1, 4096), preview_url: z.boolean().optional() }) }),
  z.strictObject({ ...envelope, type: z.literal('interactive'), interactive: z.discriminatedUnion('type', [buttonMessage, listMessage]) }),
  z.strictObject({ ...envelope, type: z.literal('template'), template }),
  z.strictObject({ ...envelope, type: z.literal('audio'), audio: media.audio }),
  z.strictObject({ ...envelope, type: z.literal('image'), image: media.image }),
  z.strictObject({ ...envelope, type: z.literal('document'), document: media.document }),
]);

export type CloudSendBody = z.output<typeof cloudSendSchema>;
export type CloudTemplate = z.output<typeof template>;

/** The media id a send names, if it sends a file by id. */
export function mediaIdOf(body: CloudSendBody): string | undefined {
  if (body.type === 'audio') return body.audio.id;
  if (body.type === 'image') return body.image.id;
  return body.type === 'document' ? body.document.id : undefined;
}

/** `interactive.action.buttons[3]`: the path as Meta's details would name it. */
function pathOf(path: readonly PropertyKey[]): string {
  const out = path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');
  return out || 'body';
}

export function validateSend(json: unknown): { ok: true; body: CloudSendBody } | { ok: false; details: string } {
  if (json === undefined) return { ok: false, details: 'The request body is not valid JSON' };
  // Meta: "If omitted, defaults to text".
  const typed = typeof json === 'object' && json !== null && !('type' in json) ? { ...json, type: 'text' } : json;
  const parsed = cloudSendSchema.safeParse(typed);
  if (parsed.success) return { ok: true, body: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, details: `Param ${pathOf(issue?.path ?? [])}: ${issue?.message ?? 'is invalid'}` };
}

export interface ApprovedTemplate {
  name: string;
  language: string;
  /** How many `{{n}}` the body has; a send must give exactly this many body parameters. */
  bodyParameters: number;
  /** How many quick-reply buttons the template has. @defaultValue 0 */
  quickReplies?: number;
}

/** Meta refuses these in a template's text parameters (code 132018). */
const BAD_PARAM_TEXT = /[\n\t]| {5,}/;

/** Undefined when the send fits the approved template; else the refusal's code and details. */
export function checkTemplate(sent: CloudTemplate, approved: ApprovedTemplate | undefined): { code: number; details: string } | undefined {
  const { name, language } = sent;
  if (!approved) return { code: 132001, details: `template name (${name}) does not exist in ${language.code}` };
  const params = (sent.components ?? []).flatMap((c) => (c.type === 'body' ? c.parameters : []));
  if (params.some((p) => BAD_PARAM_TEXT.test(p.text))) return { code: 132018, details: CLOUD_ERRORS[132018]?.details ?? '' };
  if (params.length !== approved.bodyParameters) {
    return { code: 132000, details: `body: number of localizable_params (${params.length}) does not match the expected number of params (${approved.bodyParameters})` };
  }
  for (const c of sent.components ?? []) {
    if (c.type === 'button' && Number(c.index) >= (approved.quickReplies ?? 0)) {
      return { code: 132000, details: `Button at index ${c.index} of type Quick_reply does not exist in template ${name}` };
    }
  }
  return undefined;
}

/** Meta's supported upload types and their size limits ("Supported media types"). */
const MB = 1024 * 1024;
const UPLOAD_LIMITS: Readonly<Record<string, number>> = {
  'audio/aac': 16 * MB,
  'audio/amr': 16 * MB,
  'audio/mpeg': 16 * MB,
  'audio/mp4': 16 * MB,
  'audio/ogg': 16 * MB,
  'image/jpeg': 5 * MB,
  'image/png': 5 * MB,
  'image/webp': 500 * 1024,
  'video/mp4': 16 * MB,
  'video/3gpp': 16 * MB,
  'text/plain': 100 * MB,
  'application/pdf': 100 * MB,
  'application/msword': 100 * MB,
  'application/vnd.ms-excel': 100 * MB,
  'application/vnd.ms-powerpoint': 100 * MB,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 100 * MB,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 100 * MB,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 100 * MB,
};

/** Undefined when Meta would take the upload; else the details of its refusal. */
export function checkUpload(mimeType: string, size: number): string | undefined {
  const base = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  const limit = UPLOAD_LIMITS[base];
  if (limit === undefined) return `Param file must be a file with one of the following types: ${Object.keys(UPLOAD_LIMITS).join(', ')}. Received file of type '${mimeType}'.`;
  if (size === 0) return 'Param file must not be empty';
  if (size > limit) return `Param file is larger than the ${limit} bytes allowed for ${base}`;
  return undefined;
}
