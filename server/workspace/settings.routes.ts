// The workspace's settings over HTTP (rules: settings.service.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { WorkspaceSettingsPatch, WorkspaceSettingsResponse } from "../../src/protocol/workspace";
import { failures } from "../openapi/failures";
import { currentUser } from "../auth/auth.plugin";
import { changeWorkspaceSettings } from "./settings.service";
import { readWorkspaceSettings } from "./settings.repository";

export async function workspaceSettingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { ctx } = app;

  app.get(
    "/workspace/settings",
    {
      schema: {
        tags: ["workspace"],
        summary: "The workspace's settings: default country, HELP answer, opt-out wording, push preview (everyone signed in)",
        response: { 200: WorkspaceSettingsResponse, ...failures() },
      },
    },
    async () => ({ settings: await readWorkspaceSettings(ctx.database.db) }),
  );

  app.patch(
    "/workspace/settings",
    {
      schema: {
        tags: ["workspace"],
        summary: "Change some of the workspace's settings (owners and admins)",
        body: WorkspaceSettingsPatch,
        response: { 200: WorkspaceSettingsResponse, ...failures(403) },
      },
    },
    async (req) => ({ settings: await changeWorkspaceSettings(ctx, currentUser(req), req.body) }),
  );
}
