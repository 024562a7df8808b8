// Brand templates over HTTP (the rules: brand-templates.service.ts): HQ writes and pushes them; a location
// sees its copy and its admins fill the editable slots.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams } from "../../src/protocol/api";
import {
  BrandSlotValuesBody,
  BrandTemplateBody,
  BrandTemplatePatchBody,
  BrandTemplateResponse,
  BrandTemplatesResponse,
  LocationBrandTemplate,
  LocationBrandTemplatesResponse,
} from "../../src/protocol/locations";
import { currentUser } from "../auth/auth.plugin";
import { failures } from "../openapi/failures";
import { brandTemplatesForHq, brandTemplatesOfLocation, changeBrandTemplate, createBrandTemplate, fillSlots } from "./brand-templates.service";

const CopyParams = z.strictObject({ id: z.string().min(1).max(100), brandTemplateId: z.string().min(1).max(100) });

export async function brandTemplateRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ["templates"];

  app.get(
    "/brand-templates",
    {
      schema: {
        tags,
        summary: "HQ's brand templates with each location's copy and the slots it changed (owners and admins)",
        response: { 200: BrandTemplatesResponse, ...failures(403) },
      },
    },
    async (req) => ({ brandTemplates: await brandTemplatesForHq(app.ctx, currentUser(req)) }),
  );

  app.post(
    "/brand-templates",
    {
      schema: {
        tags,
        summary: "Write a brand template and push it to every location or the ones named (owners and admins); the text is locked but for its slots",
        body: BrandTemplateBody,
        response: { 201: BrandTemplateResponse, ...failures(403) },
      },
    },
    async (req, reply) => reply.code(201).send({ brandTemplate: await createBrandTemplate(app.ctx, currentUser(req), req.body) }),
  );

  app.patch(
    "/brand-templates/:id",
    {
      schema: {
        tags,
        summary: "A new version of a brand template: every location's copy follows, keeping the slots it filled (owners and admins)",
        params: IdParams,
        body: BrandTemplatePatchBody,
        response: { 200: BrandTemplateResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ brandTemplate: await changeBrandTemplate(app.ctx, currentUser(req), req.params.id, req.body) }),
  );

  app.get(
    "/locations/:id/brand-templates",
    {
      schema: {
        tags,
        summary: "The brand templates pushed to a location, as its copy (anyone who sees the location)",
        params: IdParams,
        response: { 200: LocationBrandTemplatesResponse, ...failures(404) },
      },
    },
    async (req) => ({ brandTemplates: await brandTemplatesOfLocation(app.ctx, currentUser(req), req.params.id) }),
  );

  app.patch(
    "/locations/:id/brand-templates/:brandTemplateId",
    {
      schema: {
        tags,
        summary: "Fill editable slots of a location's copy (the location's admins); other parts are locked",
        params: CopyParams,
        body: BrandSlotValuesBody,
        response: { 200: z.object({ brandTemplate: LocationBrandTemplate }), ...failures(403, 404) },
      },
    },
    async (req) => ({ brandTemplate: await fillSlots(app.ctx, currentUser(req), req.params.id, req.params.brandTemplateId, req.body) }),
  );
}
