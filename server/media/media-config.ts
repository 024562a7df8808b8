// Where media is kept, from the environment. Local disk by default: SIDETEXT_MEDIA_DIR, else `media/` beside
// the SQLite database. SIDETEXT_MEDIA_S3_BUCKET (with _ENDPOINT, _REGION, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY,
// _PREFIX) keeps it in an S3-compatible bucket instead. On PostgreSQL several instances may serve one team, and
// each must reach every file: a local folder is refused there unless SIDETEXT_MEDIA_LOCAL=allow says it is
// shared (NFS) or there is one instance only.
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import type { S3MediaConfig } from "./s3-storage";

export type MediaStorageConfig = { kind: "local"; dir: string } | ({ kind: "s3" } & S3MediaConfig);

const Env = z.object({
  SIDETEXT_MEDIA_DIR: z.string().min(1).optional(),
  SIDETEXT_MEDIA_LOCAL: z.enum(["allow"]).optional(),
  SIDETEXT_MEDIA_S3_BUCKET: z.string().min(1).optional(),
  SIDETEXT_MEDIA_S3_ENDPOINT: z.string().url().optional(),
  SIDETEXT_MEDIA_S3_REGION: z.string().min(1).default("us-east-1"),
  SIDETEXT_MEDIA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  SIDETEXT_MEDIA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  SIDETEXT_MEDIA_S3_PREFIX: z.string().optional(),
  // How long a media link handed to a carrier or a client works.
  SIDETEXT_MEDIA_URL_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 7)
    .default(24),
});

const isPostgres = (databaseUrl: string) => /^postgres(ql)?:\/\//.test(databaseUrl);

export function mediaConfigFromEnv(env: Record<string, string | undefined>, databaseUrl: string) {
  const e = Env.parse(env);
  const mediaUrlTtlMs = e.SIDETEXT_MEDIA_URL_TTL_HOURS * 3_600_000;
  if (e.SIDETEXT_MEDIA_S3_BUCKET) {
    const media: MediaStorageConfig = {
      kind: "s3",
      bucket: e.SIDETEXT_MEDIA_S3_BUCKET,
      endpoint: e.SIDETEXT_MEDIA_S3_ENDPOINT,
      region: e.SIDETEXT_MEDIA_S3_REGION,
      accessKeyId: e.SIDETEXT_MEDIA_S3_ACCESS_KEY_ID,
      secretAccessKey: e.SIDETEXT_MEDIA_S3_SECRET_ACCESS_KEY,
      prefix: e.SIDETEXT_MEDIA_S3_PREFIX,
    };
    return { media, mediaUrlTtlMs };
  }
  return { media: { kind: "local", dir: path.resolve(e.SIDETEXT_MEDIA_DIR ?? defaultMediaDir(databaseUrl)) } as MediaStorageConfig, mediaUrlTtlMs };
}

/**
 * The server (not the CLI, which never touches media) refuses to start on PostgreSQL with media on local disk
 * unless told the folder is shared: an MMS stored by one instance must be served by all of them.
 */
export function refuseUnsharedMedia(env: Record<string, string | undefined>, config: { databaseUrl: string; media?: MediaStorageConfig }): void {
  if (!isPostgres(config.databaseUrl) || config.media?.kind === "s3" || Env.parse(env).SIDETEXT_MEDIA_LOCAL === "allow") return;
  throw new Error(
    "PostgreSQL: media needs storage every instance reaches: set SIDETEXT_MEDIA_S3_BUCKET (and _ENDPOINT, _REGION, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY), or SIDETEXT_MEDIA_LOCAL=allow when SIDETEXT_MEDIA_DIR is shared by all instances or there is only one.",
  );
}

/** `media/` beside the SQLite file (data/media on PostgreSQL); for an in-memory database a folder in the machine's temp. */
export function defaultMediaDir(databaseUrl: string): string {
  if (isPostgres(databaseUrl)) return path.resolve("data/media");
  const file = databaseUrl.replace(/^sqlite:/, "");
  if (file === ":memory:") return path.join(os.tmpdir(), `sidetext-media-${process.pid}`);
  return path.join(path.dirname(path.resolve(file)), "media");
}
