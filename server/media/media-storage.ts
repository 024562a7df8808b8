// Where the bytes of uploads and of customers' MMS are kept: a folder on this machine (the default, `media/`
// beside the SQLite database) or an S3-compatible bucket (s3-storage.ts), which every instance of a cluster
// can reach. The database holds what is known about each file (media.repository.ts); storage only its bytes.
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";

/** Bytes start to end, both included (an HTTP Range). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredFile {
  body: Readable;
  size: number;
}

export interface MediaStorage {
  /** Where the bytes live, for the start-up log. */
  readonly description: string;
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The file's bytes (those of `range` only, when given), or null when there is no such key. */
  get(key: string, range?: ByteRange): Promise<StoredFile | null>;
  /** Removes the file; nothing happens when there is none. */
  delete(key: string): Promise<void>;
  /** Lets go of connections (a bucket's client); called when the server closes. */
  close?(): Promise<void>;
}

/** Keys are made by the server (`media.service.ts`), never taken from a request; still, no key leaves the folder. */
export function localStorage(dir: string): MediaStorage {
  const fileOf = (key: string) => {
    if (!/^[A-Za-z0-9_-]+$/.test(key)) throw new Error(`Not a media key: ${key}`);
    return path.join(dir, key.slice(-2), key);
  };
  return {
    description: `the folder ${dir}`,
    async put(key, bytes) {
      const file = fileOf(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // Written beside, then renamed: a crash never leaves half a file under the key.
      const partial = `${file}.partial`;
      const handle = await fs.promises.open(partial, "w", 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(partial, file);
    },
    async get(key, range) {
      const file = fileOf(key);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (!stat?.isFile()) return null;
      return { body: fs.createReadStream(file, range), size: range ? range.end - range.start + 1 : stat.size };
    },
    async delete(key) {
      await fs.promises.rm(fileOf(key), { force: true });
    },
  };
}
