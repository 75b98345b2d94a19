import { z } from 'zod';
import { MEDIA_KINDS, UNSUPPORTED_KINDS } from '../../src/core/index.js';

/** What a simulated parent sends: `POST /v1/simulator/inbound`. */
export const simulatorInboundSchema = z
  .object({
    from: z.string().min(1).max(128).describe('The simulated chat address, e.g. sim-g01'),
    text: z.string().min(1).max(4096).optional(),
    choice: z.string().min(1).max(64).optional().describe('The id of a choice shown in the chat'),
    messageId: z.string().min(1).max(128).optional().describe('Resending the same id is ignored, as platforms do'),
    replyTo: z.string().min(1).max(128).optional().describe('The id of the message this one replies to (a quoted reply)'),
    sentAt: z.iso.datetime({ offset: true }).optional().describe('When the simulated phone sent it (default: now); an old time simulates a late webhook'),
    media: z
      .object({
        kind: z.enum(MEDIA_KINDS),
        contentType: z.string().min(3).max(100),
        data: z.base64().min(1).describe('The file, base64'),
        fileName: z.string().min(1).max(120).optional(),
      })
      .strict()
      .optional()
      .describe('A voice note, audio, photo or document, with `text` as its caption'),
    unsupported: z.enum(UNSUPPORTED_KINDS).optional().describe('A sticker, a location…: what the bot cannot take'),
  })
  .refine((b) => b.text !== undefined || b.choice !== undefined || b.media !== undefined || b.unsupported !== undefined, { message: 'text, choice, media or unsupported is required', path: ['text'] });

export type SimulatorInbound = z.infer<typeof simulatorInboundSchema>;

export type { TranscriptMessage } from '../../src/core/index.js';
