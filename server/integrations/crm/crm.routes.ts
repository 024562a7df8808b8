// CRM connections over HTTP (owners and admins; agents get 403), and each message's CRM log status with a
// retry (members of the message's inbox). Credentials go in and never come back: the entity has no field for them.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams } from "../../../src/protocol/api";
import { CrmConnectionBody, CrmConnectionPatchBody, CrmConnectionResponse, CrmConnectionsResponse, CrmLogResponse } from "../../../src/protocol/crm";
import { failures, noContent } from "../../openapi/failures";
import { currentUser } from "../../auth/auth.plugin";
import { allConnections, toCrmConnection } from "./crm-connections.repository";
import { changeCrmConnection, connectCrm, disconnectCrm, requireCrmAdmin } from "./crm-connections.service";
import { crmLogOfConversation, crmLogOfMessage, retryCrmLog, syncContactNow } from "./crm-log-status";

export async function crmRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;
  const tags = ["crm"];

  app.post(
    "/integrations/crm",
    {
      schema: {
        tags,
        summary:
          "Connect a CRM (owners and admins): HubSpot {accessToken}, Salesforce {clientId, clientSecret?, refreshToken} or {username, password, securityToken}, Pipedrive {apiToken}. Checked with an authenticated call first; Pipedrive gets an SMS activity type",
        body: CrmConnectionBody,
        response: { 201: CrmConnectionResponse, ...failures(403) },
      },
    },
    async (req, reply) => reply.code(201).send({ connection: await connectCrm(ctx, currentUser(req), req.body) }),
  );
  app.get(
    "/integrations/crm",
    { schema: { tags, summary: "The connected CRMs (never their credentials)", response: { 200: CrmConnectionsResponse, ...failures(403) } } },
    async (req) => {
      requireCrmAdmin(currentUser(req));
      return { connections: (await allConnections(ctx.database.db)).map(toCrmConnection) };
    },
  );
  app.patch(
    "/integrations/crm/:id",
    {
      schema: {
        tags,
        summary: "Change a CRM connection's label, log mode, field map, API base or credentials (new credentials are checked first)",
        params: IdParams,
        body: CrmConnectionPatchBody,
        response: { 200: CrmConnectionResponse, ...failures(403, 404) },
      },
    },
    async (req) => ({ connection: await changeCrmConnection(ctx, currentUser(req), req.params.id, req.body) }),
  );
  app.delete(
    "/integrations/crm/:id",
    { schema: { tags, summary: "Disconnect a CRM (its queued log jobs go with it)", params: IdParams, response: { ...noContent, ...failures(403, 404) } } },
    async (req, reply) => {
      await disconnectCrm(ctx, currentUser(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/conversations/:id/crm-log",
    {
      schema: {
        tags,
        summary: "Where each message and note of a conversation stands in each connected CRM",
        params: IdParams,
        response: { 200: CrmLogResponse, ...failures(404) },
      },
    },
    async (req) => crmLogOfConversation(ctx, currentUser(req), req.params.id),
  );
  app.get(
    "/messages/:id/crm-log",
    { schema: { tags, summary: "Where one message stands in each connected CRM", params: IdParams, response: { 200: CrmLogResponse, ...failures(404) } } },
    async (req) => ({ crmLog: await crmLogOfMessage(ctx, currentUser(req), req.params.id) }),
  );
  app.post(
    "/messages/:id/crm-log/retry",
    {
      schema: {
        tags,
        summary: "Log a message (or note) in every connected CRM again now: updates the record it became, or creates it if it failed",
        params: IdParams,
        response: { 202: CrmLogResponse, ...failures(404) },
      },
    },
    async (req, reply) => reply.code(202).send({ crmLog: await retryCrmLog(ctx, currentUser(req), req.params.id) }),
  );
  app.post(
    "/contacts/:id/crm-sync",
    {
      schema: {
        tags,
        summary: "Look the contact's number up in every connected CRM again and fill its name, company, owner and mapped fields (in the background)",
        params: IdParams,
        response: { ...noContent, 202: z.null().describe("Queued"), ...failures(404) },
      },
    },
    async (req, reply) => {
      await syncContactNow(ctx, currentUser(req), req.params.id);
      return reply.code(202).send(null);
    },
  );
}
