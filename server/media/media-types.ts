// What may be attached to a text, from the carriers' own rules. Twilio formats JPEG, PNG and GIF for the
// handset and takes them up to 5 MB; the other types it accepts for MMS go through as they are, up to 500 KB
// (Twilio's "Accepted content types for media" and its Messages API, MediaUrl). A message's media together
// stay under the carrier's limit: 5 MB on Twilio, under 1 MB on Telnyx (Telnyx's MMS FAQ), at most 10 files.
import { AppError } from "../errors";

const MB = 1024 * 1024;
const IMAGE_LIMIT = 5 * MB;
const OTHER_LIMIT = 500 * 1024;

/** The photo types every carrier formats for the handset. Their first bytes are checked against the type. */
const IMAGES: Record<string, (b: Buffer) => boolean> = {
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/png": (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  "image/gif": (b) => b.subarray(0, 6).toString("latin1") === "GIF87a" || b.subarray(0, 6).toString("latin1") === "GIF89a",
};

/** Twilio's other accepted MMS types (no SVG, HTML or scripts: nothing a browser would run when it opens the link). */
const OTHERS = new Set([
  "image/bmp",
  "image/tiff",
  "image/webp",
  "audio/basic",
  "audio/l24",
  "audio/mp4",
  "audio/mpeg",
  "audio/ogg",
  "audio/vnd.wave",
  "audio/amr",
  "audio/3gpp",
  "audio/3gpp2",
  "audio/ac3",
  "audio/webm",
  "video/mpeg",
  "video/mp4",
  "video/quicktime",
  "video/webm",
  "video/3gpp",
  "video/3gpp2",
  "video/h264",
  "text/vcard",
  "text/x-vcard",
  "text/csv",
  "text/rtf",
  "text/richtext",
  "text/calendar",
  "text/directory",
  "application/pdf",
  "application/vcard",
]);

/** image/jpg is what some browsers and phones call JPEG. */
export const normalType = (contentType: string) => {
  const bare = contentType.split(";")[0].trim().toLowerCase();
  return bare === "image/jpg" ? "image/jpeg" : bare;
};

/** Throws a 400 (or 413) naming what is wrong with an upload of this type and these bytes; nothing is stored. */
export function assertUploadable(contentType: string, bytes: Buffer): void {
  const type = normalType(contentType);
  const isImage = type in IMAGES;
  if (!isImage && !OTHERS.has(type)) {
    throw new AppError(
      "validation_failed",
      `Files of type ${type || "(none)"} cannot be sent by text; attach a photo (JPEG, PNG, GIF), a short video or audio clip, a PDF or a contact card`,
      [{ path: "/file", message: "type not accepted for MMS" }],
    );
  }
  if (bytes.length === 0) throw new AppError("validation_failed", "The file is empty", [{ path: "/file", message: "empty" }]);
  const limit = isImage ? IMAGE_LIMIT : OTHER_LIMIT;
  if (bytes.length > limit) throw tooLarge(`${type} files`, limit);
  if (isImage && !IMAGES[type](bytes)) {
    throw new AppError("validation_failed", `The file is not a ${type.slice(6).toUpperCase()} image, whatever its name says`, [
      { path: "/file", message: "content does not match its type" },
    ]);
  }
}

export const UPLOAD_LIMIT_BYTES = IMAGE_LIMIT;

/** The most one message's media may weigh together on this carrier. */
const messageMediaLimit = (carrier: string) => (carrier === "telnyx" ? MB - 100 * 1024 : IMAGE_LIMIT);

export function assertMessageMediaFits(carrier: string, sizes: number[]): void {
  const limit = messageMediaLimit(carrier);
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total > limit) throw tooLarge(`A text's media on ${carrier}`, limit, total);
}

const tooLarge = (what: string, limit: number, actual?: number) =>
  new AppError("too_large", `${what} may be ${describeBytes(limit)} at most${actual === undefined ? "" : ` (these are ${describeBytes(actual)})`}`);

export const describeBytes = (n: number) => (n >= MB ? `${(n / MB).toFixed(n % MB ? 1 : 0)} MB` : `${Math.round(n / 1024)} KB`);
