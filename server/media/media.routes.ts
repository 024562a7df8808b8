// Media over HTTP. `POST /v1/media` takes one file (multipart/form-data, field `file`) and answers with its id
// and a signed link; `GET /v1/media/:id` gives a fresh link; `GET /media/:id?expires&sig` serves the bytes to
// whoever holds a valid link (the carrier fetching an MMS, an <img> in the web app): no sign-in, the
// signature is the permission. Registered at the root: the auth hook guards /v1/ paths only.
import type { FastifyInstance } from "fastify";
import multipart from "@fastify/multipart";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams, MediaResponse } from "../../src/protocol/api";
import { currentUser } from "../auth/auth.plugin";
import { perUserLimit } from "../auth/per-user-limit";
import { AppError } from "../errors";
import { failures } from "../openapi/failures";
import { describeBytes, UPLOAD_LIMIT_BYTES } from "./media-types";
import { describeMedia, findVisibleMedia, openSignedMedia, storeUpload } from "./media.service";

const UPLOADS_PER_MINUTE = 60;
const SignedQuery = z.object({ expires: z.string().max(20).optional(), sig: z.string().max(100).optional() });

export async function mediaRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  // One byte over the limit is read, so an oversized file is always seen as such (the plugin may hand over a
  // truncated file without throwing when the limit is hit on the last chunk).
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT_BYTES + 1, files: 1, fields: 5, parts: 6, fieldSize: 1000 } });

  app.post(
    "/v1/media",
    {
      schema: {
        tags: ["media"],
        summary: "Upload a file to attach to texts (multipart/form-data, field `file`)",
        description:
          "Photos (JPEG, PNG, GIF) up to 5 MB; the other types carriers take for MMS (short video and audio, PDF, vCard…) up to 500 KB. Anything else is a 400 and nothing is stored. Send it with `mediaIds` on a message or a template.",
        consumes: ["multipart/form-data"],
        response: { 201: MediaResponse, ...failures(413, 429) },
      },
      preHandler: perUserLimit(app, UPLOADS_PER_MINUTE, "uploads"),
    },
    async (req, reply) => {
      const user = currentUser(req);
      if (!req.isMultipart()) throw new AppError("validation_failed", "Send the file as multipart/form-data, in a field named file");
      const part = await req.file();
      if (part?.fieldname !== "file") throw new AppError("validation_failed", "Send the file in a field named file", [{ path: "/file", message: "missing" }]);
      let bytes: Buffer;
      try {
        bytes = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE")
          throw new AppError("too_large", `Files may be ${describeBytes(UPLOAD_LIMIT_BYTES)} at most`);
        throw err;
      }
      if (part.file.truncated || bytes.length > UPLOAD_LIMIT_BYTES)
        throw new AppError("too_large", `Files may be ${describeBytes(UPLOAD_LIMIT_BYTES)} at most`);
      const record = await storeUpload(ctx, user, { bytes, contentType: part.mimetype, fileName: part.filename || null });
      return reply.code(201).send(describeMedia(ctx, record));
    },
  );

  app.get(
    "/v1/media/:id",
    {
      schema: {
        tags: ["media"],
        summary: "A stored file's details with a fresh signed link (links expire: ask again for an old message's media)",
        params: IdParams,
        response: { 200: MediaResponse, ...failures(404) },
      },
    },
    async (req) => describeMedia(ctx, await findVisibleMedia(ctx, currentUser(req), req.params.id)),
  );

  app.get(
    "/media/:id",
    {
      schema: {
        tags: ["media"],
        summary: "The file behind a signed link (what carriers fetch); 403 when the link is forged or expired",
        params: IdParams,
        querystring: SignedQuery,
        security: [],
      },
    },
    async (req, reply) => {
      const opened = await openSignedMedia(ctx, req.params.id, req.query.expires, req.query.sig, req.headers.range);
      const { record } = opened;
      reply.header("accept-ranges", "bytes");
      if (opened.range === "unsatisfiable") return reply.code(416).header("content-range", `bytes */${record.size}`).send();
      const { file, range } = opened;
      if (range) reply.code(206).header("content-range", `bytes ${range.start}-${range.end}/${record.size}`);
      const name = record.fileName ?? record.id;
      return (
        reply
          .type(record.contentType)
          .header("content-length", String(file.size))
          // The link itself expires; within it the bytes never change.
          .header("cache-control", "private, max-age=3600, immutable")
          .header("content-disposition", `inline; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`)
          // Whatever a customer sent is shown as what it says it is, never run as a page of ours.
          .header("x-content-type-options", "nosniff")
          .header("content-security-policy", "default-src 'none'; img-src 'self'; media-src 'self'; sandbox")
          .send(file.body)
      );
    },
  );
}
