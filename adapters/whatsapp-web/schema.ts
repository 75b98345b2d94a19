/**
 * The fields we read off whatsapp-web.js event payloads (structures/Message.js, PollVote.js in
 * 1.34.7). The objects are class instances with a back-reference to the client; zod reads only
 * the keys named here and drops the rest, so nothing of the client leaks into an event.
 */
import { z } from 'zod';

const serialized = z.object({ _serialized: z.string().min(1) });

/** A chat id: `<digits>@c.us` (phone), `<digits>@lid` (linked id), `…@g.us` (group), … */
export const chatIdSchema = z.string().min(3).max(128);

/** `message` and the first argument of `message_ack`. */
export const waMessageSchema = z.object({
  id: serialized.extend({ fromMe: z.boolean().optional() }),
  from: chatIdSchema,
  to: chatIdSchema.optional(),
  /** Plain text is 'chat' (not 'text'); polls, media, voice notes have other types. */
  type: z.string(),
  body: z.string(),
  /** Unix seconds. */
  timestamp: z.number().int().nonnegative().optional(),
  fromMe: z.boolean().optional(),
  isStatus: z.boolean().optional(),
  hasQuotedMsg: z.boolean().optional(),
  /**
   * The message has a file to download (`Boolean(data.directPath)` in Message.js). Then `body` is
   * the caption (or ''); without it `body` is the raw body, which for an image is a base64 preview.
   */
  hasMedia: z.boolean().optional(),
});

/**
 * A message's file as whatsapp-web.js's `MessageMedia` names it (`downloadMedia()` resolves to
 * one), or as far as the message reported it when the bytes were not downloaded (no `data`).
 */
export const waMediaSchema = z.object({
  mimetype: z.string().min(1).max(255).optional(),
  /** Base64. */
  data: z.string().optional(),
  filename: z.string().max(1024).nullish(),
  /** Bytes. */
  filesize: z.number().int().nonnegative().nullish(),
});

/**
 * What a Message says of its file before any download: the raw model (`_data`) carries the
 * size, type and name that `downloadMedia` itself reports (Message.js: `filesize: msg.size`).
 */
export const waMediaInfoSchema = z.object({
  hasMedia: z.boolean().optional(),
  // The raw model is WhatsApp Web's own: a field of an odd shape is dropped, never fatal.
  _data: z
    .object({
      size: z.number().int().nonnegative().optional().catch(undefined),
      mimetype: z.string().min(1).max(255).optional().catch(undefined),
      filename: z.string().max(1024).optional().catch(undefined),
    })
    .optional()
    .catch(undefined),
});

/**
 * A selected option. Runtime objects carry `localId` (the option's index, 0…n-1, in the order we
 * sent them); index.d.ts calls it `id`. Read either.
 */
const selectedOptionSchema = z.object({
  localId: z.number().int().min(0).optional(),
  id: z.number().int().min(0).optional(),
  name: z.string().optional(),
});

/** `vote_update`: the voter's whole current selection on one poll. */
export const waVoteSchema = z.object({
  voter: chatIdSchema,
  /** Empty when the guardian took their vote back. */
  selectedOptions: z.array(selectedOptionSchema),
  /** Unix ms (the spelling is the library's). */
  interractedAtTs: z.number().nonnegative(),
  parentMessage: z.object({ id: serialized.optional() }).optional(),
  /** The poll's key; a fallback when the parent message could not be loaded [U]. */
  parentMsgKey: serialized.optional(),
});

/**
 * What `normaliseInbound` accepts: one client event, plus what the IO layer looked up for it
 * (the phone JID behind an `@lid` sender, the id of a quoted message, a file's bytes).
 */
export const waInboundSchema = z.discriminatedUnion('event', [
  z.object({
    event: z.literal('message'),
    message: waMessageSchema,
    resolvedFrom: chatIdSchema.optional(),
    quotedMessageId: z.string().min(1).optional(),
    /** A voice note's, photo's, audio's or document's file, downloaded or not (no `data`). */
    media: waMediaSchema.optional(),
  }),
  z.object({ event: z.literal('vote_update'), vote: waVoteSchema, resolvedFrom: chatIdSchema.optional() }),
  /** -1 error, 0 pending, 1 server, 2 device, 3 read, 4 played (MessageAck). */
  z.object({ event: z.literal('message_ack'), message: waMessageSchema, ack: z.number().int() }),
]);

/** `getContactLidAndPhone` answers; `pn` is undefined when the phone is unknown (Client.js). */
export const lidMappingSchema = z.array(z.object({ lid: z.string().optional(), pn: z.string().optional() }));

/** What `sendMessage` and `getQuotedMessage` resolve to, as far as we read it. */
export const sentMessageSchema = z.object({ id: serialized });

export type WaMessage = z.output<typeof waMessageSchema>;
export type WaVote = z.output<typeof waVoteSchema>;
export type WaMedia = z.output<typeof waMediaSchema>;
export type WaInbound = z.input<typeof waInboundSchema>;
