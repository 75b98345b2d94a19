/**
 * Files parents and teachers send (voice notes, photos, PDFs), kept like notes: one place per
 * school, erased with the guardian. `MediaStore` is the one interface the service uses; the
 * default keeps them on disk under MEDIA_DIR (DATA_DIR/media), one folder per school, a
 * file and a small JSON description per media. An S3-compatible store implements the same four
 * methods (a bucket, one prefix per school: `<school>/<id>` and `<school>/<id>.json`); see the
 * README, "Media".
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MediaRef } from '../core/media.js';

export interface MediaStore {
  /** Writes (or writes again, the same bytes: a retried message) one file. */
  put(schoolId: string, ref: MediaRef, bytes: Buffer): Promise<void>;
  get(schoolId: string, id: string): Promise<{ ref: MediaRef; bytes: Buffer } | undefined>;
  /** Removes these files; ids that are not there are no error. */
  remove(schoolId: string, ids: readonly string[]): Promise<void>;
  /** Removes every file of a school. */
  removeSchool(schoolId: string): Promise<void>;
}

/** Ids and school ids are ours, but a path is built from them: only these characters pass. */
const SAFE = /^[A-Za-z0-9_.-]{1,100}$/;

function safe(part: string): string {
  if (!SAFE.test(part) || part.startsWith('.')) throw new Error('media store: an id or school id with characters a path cannot take');
  return part;
}

export class DiskMediaStore implements MediaStore {
  constructor(private readonly dir: string) {}

  async put(schoolId: string, ref: MediaRef, bytes: Buffer): Promise<void> {
    const folder = join(this.dir, safe(schoolId));
    await mkdir(folder, { recursive: true });
    const id = safe(ref.id);
    // Written aside, then renamed: a reader never sees half a file.
    await writeFile(join(folder, `${id}.tmp`), bytes);
    await writeFile(join(folder, `${id}.json`), JSON.stringify(ref));
    await rename(join(folder, `${id}.tmp`), join(folder, id));
  }

  async get(schoolId: string, id: string): Promise<{ ref: MediaRef; bytes: Buffer } | undefined> {
    if (!SAFE.test(schoolId) || !SAFE.test(id) || id.startsWith('.') || schoolId.startsWith('.')) return undefined;
    const folder = join(this.dir, schoolId);
    try {
      const [bytes, about] = await Promise.all([readFile(join(folder, id)), readFile(join(folder, `${id}.json`), 'utf8')]);
      return { ref: JSON.parse(about) as MediaRef, bytes };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async remove(schoolId: string, ids: readonly string[]): Promise<void> {
    const folder = join(this.dir, safe(schoolId));
    await Promise.all(ids.flatMap((id) => [rm(join(folder, safe(id)), { force: true }), rm(join(folder, `${safe(id)}.json`), { force: true })]));
  }

  async removeSchool(schoolId: string): Promise<void> {
    await rm(join(this.dir, safe(schoolId)), { recursive: true, force: true });
  }
}
