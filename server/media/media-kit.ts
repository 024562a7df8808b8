// The media storage and link signer of one server, made on first use from its config and kept per context.
import os from "node:os";
import path from "node:path";
import type { ServerContext } from "../context";
import { defaultMediaDir } from "./media-config";
import { localStorage, type MediaStorage } from "./media-storage";
import { s3Storage } from "./s3-storage";
import { mediaSigner, type MediaSigner } from "./signed-url";

export interface MediaKit {
  storage: MediaStorage;
  signer: MediaSigner;
  ttlMs: number;
  clock: () => number;
}

const DEFAULT_TTL_MS = 24 * 3_600_000;
const kits = new WeakMap<ServerContext, MediaKit>();

export function mediaKit(ctx: ServerContext): MediaKit {
  let kit = kits.get(ctx);
  if (!kit) {
    const { config } = ctx;
    // Built without configFromEnv (tests, benchmarks): beside a SQLite file, else in a folder of this process's temp.
    const dir = /^sqlite:(?!:memory:)/.test(config.databaseUrl) ? defaultMediaDir(config.databaseUrl) : path.join(os.tmpdir(), `sidetext-media-${process.pid}`);
    const media = config.media ?? { kind: "local" as const, dir };
    const ttlMs = config.mediaUrlTtlMs ?? DEFAULT_TTL_MS;
    const clock = config.mediaClock ?? Date.now;
    const storage = media.kind === "s3" ? s3Storage(media) : localStorage(media.dir);
    // The bucket's client keeps its connections open: closed with the server.
    ctx.onClose(() => storage.close?.());
    kit = {
      storage,
      // PUBLIC_URL read at each signing: tests learn their port after the app is built.
      signer: mediaSigner(config.secretKey, () => config.publicUrl, ttlMs, clock),
      ttlMs,
      clock,
    };
    kits.set(ctx, kit);
  }
  return kit;
}
