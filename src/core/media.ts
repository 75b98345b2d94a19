/**
 * Media parents and teachers send (voice notes, audio, photos, PDF documents): what an adapter
 * reports, what the media store keeps, and the limits every channel shares. The bytes are
 * fetched by the adapter (`ChannelAdapter.fetchMedia`) in the inbound worker, never in a
 * webhook, and kept in the media store (src/store/media-store.ts) under the school.
 */

export const MEDIA_KINDS = ['voice', 'audio', 'photo', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** What the bot cannot take, told kindly ("I can take voice notes, photos and PDF files"). */
export const UNSUPPORTED_KINDS = ['sticker', 'location', 'video', 'contact', 'other'] as const;
export type UnsupportedKind = (typeof UNSUPPORTED_KINDS)[number];

/** A file as the platform names it; the adapter fetches the bytes from `ref` later. */
export interface InboundMedia {
  kind: MediaKind;
  /**
   * How the adapter finds the bytes: Telegram's file_id, Messenger's attachment URL, or a
   * `data:` URL when the bytes came with the message (the simulator, WhatsApp Web).
   */
  ref: string;
  /** As the platform says it; checked again against the bytes' own when fetched. */
  contentType?: string;
  /** As the platform says it, when it does: a file over the cap is refused before fetching. */
  size?: number;
  fileName?: string;
}

export interface FetchedMedia {
  bytes: Buffer;
  contentType: string;
  fileName?: string;
}

/** A stored file, as notes and replies refer to it. */
export interface MediaRef {
  /** Unique within the school; derived from the message it came with, so a retry writes the same file. */
  id: string;
  kind: MediaKind;
  contentType: string;
  size: number;
  fileName?: string;
}

/** The content types kept, by kind: what phones send for voice notes, photos and PDFs. */
export const MEDIA_TYPES: Record<MediaKind, readonly string[]> = {
  voice: ['audio/ogg', 'audio/opus', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr', 'audio/webm', 'audio/x-m4a', 'audio/wav', 'audio/x-wav'],
  audio: ['audio/ogg', 'audio/opus', 'audio/mpeg', 'audio/mp4', 'audio/aac', 'audio/amr', 'audio/webm', 'audio/x-m4a', 'audio/wav', 'audio/x-wav'],
  photo: ['image/jpeg', 'image/png', 'image/webp'],
  document: ['application/pdf', 'image/jpeg', 'image/png'],
};

/** The base content type, lower case, without parameters ("audio/ogg; codecs=opus" → "audio/ogg"). */
export function baseContentType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function mediaTypeAllowed(kind: MediaKind, contentType: string | undefined): boolean {
  return MEDIA_TYPES[kind].includes(baseContentType(contentType));
}

/** `data:<type>;base64,<bytes>`: media that came with the message itself. */
export function decodeDataRef(ref: string): FetchedMedia | undefined {
  const m = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(ref);
  if (!m) return undefined;
  return { contentType: baseContentType(m[1]), bytes: Buffer.from(m[2] ?? '', 'base64') };
}

export function encodeDataRef(contentType: string, bytes: Buffer): string {
  return `data:${baseContentType(contentType)};base64,${bytes.toString('base64')}`;
}

/** The largest file kept unless MEDIA_MAX_BYTES says otherwise: a long voice note or a scanned certificate fits. */
export const MEDIA_MAX_BYTES = 16 * 1024 * 1024;

const EXTENSIONS: Readonly<Record<string, string>> = {
  'audio/ogg': 'ogg', 'audio/opus': 'ogg', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/x-m4a': 'm4a', 'audio/aac': 'aac', 'audio/amr': 'amr',
  'audio/webm': 'webm', 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf',
};

/**
 * The name a file is sent under: its own, else its kind with its type's extension ("voice.ogg").
 * Always one: some platforms' clients read a missing name as "null".
 */
export function mediaFileName(file: Pick<MediaRef, 'kind' | 'contentType' | 'fileName'>): string {
  return file.fileName?.trim() || `${file.kind}.${EXTENSIONS[file.contentType] ?? 'bin'}`;
}
