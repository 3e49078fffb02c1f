import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';

export interface StoredFile {
  readonly path: string;
  readonly byteSize: number;
  readonly sha256: string;
}

/**
 * Writes to a temporary name and renames, so a reader (or a rerun after a crash) never sees half a file.
 * `relativePath` is built by us from ids, never from user input.
 */
export async function storeFile(root: string, relativePath: string, content: Buffer): Promise<StoredFile> {
  const target = path.resolve(root, relativePath);
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, target);
  return { path: relativePath, byteSize: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

export function resolveStored(root: string, relativePath: string): string {
  const resolved = path.resolve(root, relativePath);
  if (!resolved.startsWith(path.resolve(root) + path.sep)) throw new Error('Stored path escapes the storage root');
  return resolved;
}

/** The SHA-256 of a stored file, read as a stream; null when the file is not there. */
export async function storedSha256(absolutePath: string): Promise<string | null> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(absolutePath), hash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return hash.digest('hex');
}
