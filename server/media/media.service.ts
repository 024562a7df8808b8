// Stored media's rules: an upload is checked (type, size, first bytes) before anything is kept; a file is
// written to storage before its row, so a row always has its bytes. Uploads are the team's: any member may
// send one. A customer's MMS belongs to the inbox it came in to, and only that inbox's members see it.
import type { Media } from "../../src/protocol/entities";
import type { AuthedUser } from "../auth/authenticate";
import type { ServerContext } from "../context";
import type { Executor } from "../db/executor";
import { AppError, notFound } from "../errors";
import { newId, now } from "../ids";
import { requestedRange } from "./byte-range";
import { mediaKit } from "./media-kit";
import { assertMessageMediaFits, assertUploadable, normalType } from "./media-types";
import { findMediaById, findMediaByIds, insertMedia, type MediaRecord } from "./media.repository";

export interface IncomingFile {
  bytes: Buffer;
  contentType: string;
  fileName: string | null;
}

export async function storeUpload(ctx: ServerContext, user: AuthedUser, file: IncomingFile): Promise<MediaRecord> {
  assertUploadable(file.contentType, file.bytes);
  return store(ctx, file, { uploadedBy: user.id, inboxId: null });
}

/** A customer's MMS file fetched from the carrier (inbound-media.ts): kept as the carrier typed it. */
export const storeCarrierFile = (ctx: ServerContext, inboxId: string, file: IncomingFile) => store(ctx, file, { uploadedBy: null, inboxId });

async function store(ctx: ServerContext, file: IncomingFile, owner: Pick<MediaRecord, "uploadedBy" | "inboxId">): Promise<MediaRecord> {
  const id = newId("med");
  const record: MediaRecord = {
    id,
    contentType: normalType(file.contentType) || "application/octet-stream",
    size: file.bytes.length,
    fileName: cleanFileName(file.fileName),
    storageKey: id,
    ...owner,
    createdAt: now(),
  };
  await mediaKit(ctx).storage.put(record.storageKey, file.bytes, record.contentType);
  await insertMedia(ctx.database.db, record);
  return record;
}

const mayUse = (user: AuthedUser, record: MediaRecord) => record.inboxId === null || user.inboxIds.includes(record.inboxId);

/** The media as the API shows it: a fresh signed link, good until expiresAt. */
export function describeMedia(ctx: ServerContext, record: MediaRecord) {
  const { signer, ttlMs, clock } = mediaKit(ctx);
  return {
    id: record.id,
    url: signer.urlFor(record.id),
    expiresAt: new Date(Math.floor((clock() + ttlMs) / 1000) * 1000).toISOString(),
    contentType: record.contentType,
    size: record.size,
    fileName: record.fileName,
  };
}

export async function findVisibleMedia(ctx: ServerContext, user: AuthedUser, id: string): Promise<MediaRecord> {
  const record = await findMediaById(ctx.database.db, id);
  if (!record || !mayUse(user, record)) throw notFound("Media");
  return record;
}

/** A message's (or template's) entry for stored media. */
export function messageMediaOf(ctx: ServerContext, record: MediaRecord): Media {
  return { url: mediaKit(ctx).signer.urlFor(record.id), contentType: record.contentType, id: record.id, size: record.size, fileName: record.fileName };
}

/**
 * The media entries for `ids` in the order given; 400 naming each one the user cannot attach (unknown, or a
 * customer's file from an inbox they are not in), 413 when together they are over the carrier's limit.
 */
export async function attachableMedia(ctx: ServerContext, db: Executor, user: AuthedUser, ids: readonly string[], carrier: string | null): Promise<Media[]> {
  if (ids.length === 0) return [];
  const found = new Map((await findMediaByIds(db, ids)).map((r) => [r.id, r]));
  const details = ids.flatMap((id, i) => {
    const record = found.get(id);
    return record && mayUse(user, record) ? [] : [{ path: `/mediaIds/${i}`, message: `No media ${id}: upload the file with POST /v1/media first` }];
  });
  if (details.length) throw new AppError("validation_failed", details.map((d) => d.message).join("; "), details);
  const records = ids.map((id) => found.get(id)!);
  if (carrier)
    assertMessageMediaFits(
      carrier,
      records.map((r) => r.size),
    );
  return records.map((r) => messageMediaOf(ctx, r));
}

/**
 * The URLs to hand the carrier: stored media gets a link signed now (the one in the message may be old by the
 * time a retry goes out); other URLs go as they are.
 */
export function carrierMediaUrls(ctx: ServerContext, media: readonly Media[]): string[] {
  const { signer } = mediaKit(ctx);
  return media.map((m) => (m.id ? signer.urlFor(m.id) : m.url));
}

/** The bytes behind a signed link: 403 for a forged or expired link, 404 when the media is gone. */
export async function openSignedMedia(ctx: ServerContext, id: string, expires: string | undefined, signature: string | undefined, rangeHeader?: string) {
  const { signer, storage } = mediaKit(ctx);
  const problem = signer.problem(id, expires, signature);
  if (problem === "expired") throw new AppError("forbidden", "This media link has expired; ask the app for a new one (GET /v1/media/:id)");
  if (problem) throw new AppError("forbidden", "This media link is not valid");
  const record = await findMediaById(ctx.database.db, id);
  if (!record) throw notFound("Media");
  const range = requestedRange(rangeHeader, record.size);
  if (range === "unsatisfiable") return { record, range } as const;
  const file = await storage.get(record.storageKey, range ?? undefined);
  if (!file) throw notFound("Media");
  return { record, file, range };
}

/** A name to show and to send in Content-Disposition: no folders, no control characters, 100 characters at most. */
function cleanFileName(name: string | null): string | null {
  if (!name) return null;
  const base = name.split(/[\\/]/).pop() ?? "";
  const clean = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && ch !== '"')
    .join("")
    .trim()
    .slice(0, 100);
  return clean || null;
}

/** A page of a thread with its stored media's links signed now: an old message's link has long expired. */
export function withFreshMediaLinks<T extends { messages: Array<{ media: Media[] }> }>(ctx: ServerContext, page: T): T {
  const { signer } = mediaKit(ctx);
  const messages = page.messages.map((m) =>
    m.media.some((x) => x.id) ? { ...m, media: m.media.map((x) => (x.id ? { ...x, url: signer.urlFor(x.id) } : x)) } : m,
  );
  return { ...page, messages };
}
