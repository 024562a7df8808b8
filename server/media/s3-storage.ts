// Media in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, …) through the official @aws-sdk/client-s3.
// Checksums are sent only where S3 requires them: many S3-compatible servers refuse the SDK's newer defaults.
// The SDK loads with the first file (it takes most of a second), not with every server that never uses S3.
import type { Readable } from "node:stream";
import type { MediaStorage } from "./media-storage";

export interface S3MediaConfig {
  bucket: string;
  /** Any S3-compatible endpoint; AWS itself when absent. */
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Folder-like prefix inside the bucket ("sidetext/"), empty by default. */
  prefix?: string;
  /** bucket in the path (MinIO and most S3-compatible servers) rather than in the host name. */
  forcePathStyle?: boolean;
}

export function s3Storage(config: S3MediaConfig): MediaStorage {
  const sdk = () => import("@aws-sdk/client-s3");
  let client: Promise<import("@aws-sdk/client-s3").S3Client> | null = null;
  const connected = () =>
    (client ??= sdk().then(
      ({ S3Client }) =>
        new S3Client({
          region: config.region,
          ...(config.endpoint ? { endpoint: config.endpoint } : {}),
          forcePathStyle: config.forcePathStyle ?? Boolean(config.endpoint),
          ...(config.accessKeyId && config.secretAccessKey
            ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
            : {}),
          requestChecksumCalculation: "WHEN_REQUIRED",
          responseChecksumValidation: "WHEN_REQUIRED",
        }),
    ));
  const keyOf = (key: string) => `${config.prefix ?? ""}${key}`;
  return {
    description: `the bucket ${config.bucket}${config.endpoint ? ` at ${config.endpoint}` : ""}`,
    async put(key, bytes, contentType) {
      const { PutObjectCommand } = await sdk();
      await (await connected()).send(new PutObjectCommand({ Bucket: config.bucket, Key: keyOf(key), Body: bytes, ContentType: contentType }));
    },
    async get(key, range) {
      const { GetObjectCommand, NoSuchKey } = await sdk();
      try {
        const Range = range ? `bytes=${range.start}-${range.end}` : undefined;
        const object = await (await connected()).send(new GetObjectCommand({ Bucket: config.bucket, Key: keyOf(key), Range }));
        return { body: object.Body as Readable, size: object.ContentLength ?? 0 };
      } catch (err) {
        if (err instanceof NoSuchKey || (err as { name?: string }).name === "NoSuchKey") return null;
        throw err;
      }
    },
    async delete(key) {
      const { DeleteObjectCommand } = await sdk();
      await (await connected()).send(new DeleteObjectCommand({ Bucket: config.bucket, Key: keyOf(key) }));
    },
    async close() {
      if (client) (await client).destroy();
    },
  };
}
