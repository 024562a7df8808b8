// Where media is kept, from the environment, and the server's refusal to start several instances (PostgreSQL)
// on media that only one machine can reach.
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mediaConfigFromEnv, refuseUnsharedMedia } from "../../server/media/media-config";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PG = "postgres://sidetext@127.0.0.1:1/sidetext";

describe("media configuration", () => {
  it("keeps media beside the SQLite database by default, or in SIDETEXT_MEDIA_DIR", () => {
    expect(mediaConfigFromEnv({}, "sqlite:/srv/sidetext/sidetext.db").media).toEqual({ kind: "local", dir: "/srv/sidetext/media" });
    expect(mediaConfigFromEnv({ SIDETEXT_MEDIA_DIR: "/mnt/shared/media" }, "sqlite:/srv/x.db").media).toEqual({ kind: "local", dir: "/mnt/shared/media" });
  });

  it("uses a bucket when SIDETEXT_MEDIA_S3_BUCKET is set", () => {
    const { media, mediaUrlTtlMs } = mediaConfigFromEnv(
      {
        SIDETEXT_MEDIA_S3_BUCKET: "team-media",
        SIDETEXT_MEDIA_S3_ENDPOINT: "https://minio.internal:9000",
        SIDETEXT_MEDIA_S3_ACCESS_KEY_ID: "id",
        SIDETEXT_MEDIA_S3_SECRET_ACCESS_KEY: "secret",
        SIDETEXT_MEDIA_URL_TTL_HOURS: "2",
      },
      PG,
    );
    expect(media).toMatchObject({ kind: "s3", bucket: "team-media", endpoint: "https://minio.internal:9000", region: "us-east-1", accessKeyId: "id" });
    expect(mediaUrlTtlMs).toBe(2 * 3_600_000);
  });

  it("refuses local media on PostgreSQL unless told it is shared; a bucket or SQLite is fine", () => {
    const local =
      (env: Record<string, string>, url = PG) =>
      () =>
        refuseUnsharedMedia(env, { databaseUrl: url, ...mediaConfigFromEnv(env, url) });
    expect(local({})).toThrow(/SIDETEXT_MEDIA_S3_BUCKET.*SIDETEXT_MEDIA_LOCAL=allow/);
    expect(local({ SIDETEXT_MEDIA_LOCAL: "allow" })).not.toThrow();
    expect(local({ SIDETEXT_MEDIA_S3_BUCKET: "team-media" })).not.toThrow();
    expect(local({}, "sqlite:/srv/x.db")).not.toThrow();
  });

  it("the server itself will not start on PostgreSQL with local media, and says what to set", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: PG, SIDETEXT_SECRET_KEY: "media-config-test-secret", PORT: "0" };
    delete env.SIDETEXT_MEDIA_LOCAL;
    delete env.SIDETEXT_MEDIA_S3_BUCKET;
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ["--import", "tsx", "server/main.ts"], { cwd: repoRoot, env, timeout: 60_000 }, (err, _stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
      );
      child.stdin?.end();
    });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/PostgreSQL: media needs storage every instance reaches/);
  }, 90_000);
});
