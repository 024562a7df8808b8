// The organisation's API (issue 18): the locations a user sees (the location switcher), regions and
// locations (owners and admins), scoped roles, and moving a conversation to another location.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams } from "../../src/protocol/api";
import {
  LocationBody,
  LocationPatchBody,
  LocationsResponse,
  Region,
  RegionBody,
  StaffRolesBody,
  StaffRolesResponse,
  TransferBody,
  TransferResponse,
  TransferTargetsResponse,
} from "../../src/protocol/locations";
import { currentUser } from "../auth/auth.plugin";
import { failures } from "../openapi/failures";
import { changeLocation, createLocation, createRegion, locationsFor, setStaffRoles, staffRolesOfUser } from "./locations.service";
import { transferConversation } from "./transfer";
import { transferTargets } from "./transfer.repository";

const LocationRow = z.object({ id: z.string(), name: z.string(), regionId: z.string().nullable(), createdAt: z.string() });

export async function locationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tags = ["locations"];

  app.get(
    "/locations",
    {
      schema: {
        tags,
        summary: "The organisation, its regions and the locations the signed-in user sees (each with the inboxes of it they see)",
        response: { 200: LocationsResponse, ...failures() },
      },
    },
    async (req) => locationsFor(app.ctx, currentUser(req)),
  );

  app.post(
    "/regions",
    { schema: { tags, summary: "Add a region (owners and admins)", body: RegionBody, response: { 201: z.object({ region: Region }), ...failures(403, 409) } } },
    async (req, reply) => reply.code(201).send({ region: await createRegion(app.ctx, currentUser(req), req.body.name) }),
  );

  app.post(
    "/locations",
    {
      schema: {
        tags,
        summary: "Add a location (owners and admins)",
        body: LocationBody,
        response: { 201: z.object({ location: LocationRow }), ...failures(403, 409) },
      },
    },
    async (req, reply) => reply.code(201).send({ location: await createLocation(app.ctx, currentUser(req), req.body) }),
  );

  app.patch(
    "/locations/:id",
    {
      schema: {
        tags,
        summary: "Rename a location or move it to another region (owners and admins)",
        params: IdParams,
        body: LocationPatchBody,
        response: { 200: z.object({ location: LocationRow }), ...failures(403, 404, 409) },
      },
    },
    async (req) => ({ location: await changeLocation(app.ctx, currentUser(req), req.params.id, req.body) }),
  );

  app.get(
    "/users/:id/staff-roles",
    {
      schema: {
        tags,
        summary: "A teammate's scoped roles: regional manager of a region, location admin of a location (owners and admins; anyone their own)",
        params: IdParams,
        response: { 200: StaffRolesResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ roles: await staffRolesOfUser(app.ctx, currentUser(req), req.params.id) }),
  );

  app.put(
    "/users/:id/staff-roles",
    {
      schema: {
        tags,
        summary: "Replace a teammate's scoped roles (owners and admins); they see the new scope at once",
        params: IdParams,
        body: StaffRolesBody,
        response: { 200: StaffRolesResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ roles: await setStaffRoles(app.ctx, currentUser(req), req.params.id, req.body.roles) }),
  );

  app.get(
    "/transfer-targets",
    {
      schema: {
        tags,
        summary: "Every location's inboxes (names and numbers), to transfer a conversation to",
        response: { 200: TransferTargetsResponse, ...failures() },
      },
    },
    async () => ({ targets: await transferTargets(app.ctx.database.db) }),
  );

  app.post(
    "/conversations/:id/transfer",
    {
      schema: {
        tags,
        summary:
          "Move a conversation (with its messages and notes) to an inbox of another location, unassigned; a warning when replies will come from another number",
        params: IdParams,
        body: TransferBody,
        response: { 200: TransferResponse, ...failures(404, 409) },
      },
    },
    async (req) => transferConversation(app.ctx, currentUser(req), req.params.id, req.body.inboxId),
  );
}
