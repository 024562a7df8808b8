// buildApp(config) builds the whole server without listening: tests call it with a fresh database and
// use app.inject or a real socket; server/main.ts listens.
import Fastify, { type FastifyInstance, LogController } from "fastify";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import websocket from "@fastify/websocket";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { ServerConfig } from "./config";
import type { ServerContext } from "./context";
import { openDatabase } from "./db/database";
import { EventBus } from "./events/event-bus";
import { headSeq } from "./events/events.repository";
import { SequencedBus } from "./cluster/sequenced-bus";
import { startCluster } from "./cluster/postgres-cluster";
import { registerErrorHandler } from "./errors";
import { authPlugin } from "./auth/auth.plugin";
import { authRoutes } from "./auth/auth.routes";
import { sessionRoutes } from "./auth/sessions.routes";
import { passwordRoutes } from "./auth/password.routes";
import { userRoutes } from "./users/users.routes";
import { inboxRoutes } from "./inboxes/inboxes.routes";
import { inboxAdminRoutes } from "./inboxes/inboxes.admin.routes";
import { conversationRoutes } from "./conversations/conversations.routes";
import { messageRoutes } from "./messages/messages.routes";
import { noteRoutes } from "./notes/notes.routes";
import { templateRoutes } from "./templates/templates.routes";
import { lookupRoutes } from "./lookup/lookup.routes";
import { syncRoutes } from "./sync/sync.routes";
import { streamRoutes } from "./stream/stream.routes";
import { simulatorRoutes } from "./simulator/simulator.routes";
import { webhookRoutes } from "./webhooks/webhooks.routes";
import { webAppRoutes } from "./web-app";
import { mediaRoutes } from "./media/media.routes";
import { openapiRoutes } from "./openapi/openapi.routes";
import { healthRoutes } from "./health/health.routes";
import { feedMetricsRoutes } from "./cluster/feed-metrics";
import { startBackgroundWork } from "./background";
import { seedDemo } from "./seed/demo";
import { watchOutsideChanges } from "./events/outside-changes";
import { resealLegacyCredentials } from "./carriers/credentials-rekey";
import { setUpPush } from "./push/start-push";
import { workspaceSettingsRoutes } from "./workspace/settings.routes";
import { inviteRoutes } from "./invites/invites.routes";
import { crmRoutes } from "./integrations/crm/crm.routes";
import { startCrmLog } from "./integrations/crm/start-crm";
import { webhookEndpointRoutes } from "./integrations/webhooks/webhooks.routes";
import { startWebhooks } from "./integrations/webhooks/start-webhooks";
import { apiKeyRoutes } from "./integrations/api-keys/api-keys.routes";
import { inboundEventRoutes } from "./integrations/events/events.routes";
import { catchHookRoutes } from "./integrations/events/catch-hook.routes";
import { contactTagRoutes } from "./contacts/contact-tags.routes";
import { automationRoutes } from "./automations/automations.routes";
import { availabilityRoutes } from "./automations/availability.routes";
import { locationRoutes } from "./locations/locations.routes";
import { brandTemplateRoutes } from "./templates/brand-templates.routes";
import { rulePackRoutes } from "./locations/rule-packs.routes";
import { startAutomations } from "./automations/start-automations";
import { analyticsRoutes } from "./analytics/analytics.routes";
import { startAnalytics } from "./analytics/start-analytics";
import { aiRoutes } from "./ai/ai.routes";
import { startLanguageRecorder } from "./ai/record-language";
import { auditRoutes } from "./audit/audit.routes";

declare module "fastify" {
  interface FastifyInstance {
    ctx: ServerContext;
  }
}

export type App = FastifyInstance;

/**
 * Fastify takes addresses as they are; it ignores a bare hop count (a client that reaches the server directly
 * could send the hops itself), so a count becomes "the nearest N hops": use it only when the server is
 * reachable through the proxies alone (HOST=127.0.0.1 behind them).
 */
const trustProxyOption = (trust: ServerConfig["trustProxy"]) => (typeof trust === "number" ? (_address: string, hop: number) => hop < trust : trust);

export async function buildApp(config: ServerConfig): Promise<App> {
  const app = Fastify({
    logger: config.logger ? { level: config.logLevel ?? "info" } : false,
    // Fastify's two info lines per request (in, out) cost ~5 % of an instance's CPU at 1,000 texts/s: one line per
    // request at debug instead (LOG_LEVEL=debug), and errors are logged as they happen (errors.ts).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxyOption(config.trustProxy),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  if (config.logger && (config.logLevel === "debug" || config.logLevel === "trace")) {
    app.addHook("onResponse", async (req, reply) => {
      req.log.debug({ method: req.method, url: req.url, statusCode: reply.statusCode, responseTime: reply.elapsedTime }, "request");
    });
  }

  const database = await openDatabase(config.databaseUrl);
  const resealed = await resealLegacyCredentials(database, config.secretKey);
  if (resealed.length > 0)
    app.log.info(
      `Carrier credentials of ${resealed.length} inbox(es) sealed again with the key from ${config.secretKeySource} (they were under the old public development key)`,
    );
  const stops: Array<() => Promise<void> | void> = [];
  // On PostgreSQL other instances may write too: the bus publishes their events as well, in seq order.
  const bus = database.dialect === "postgres" ? new SequencedBus(database.db, await headSeq(database.db), app.log) : new EventBus();
  const ctx: ServerContext = {
    config,
    database,
    bus,
    log: app.log,
    cluster: null,
    nudgeDelivery: () => {},
    onClose: (stop) => void stops.push(stop),
  };
  app.decorate("ctx", ctx);
  app.addHook("onClose", async () => {
    for (const stop of stops.reverse()) await stop();
    await database.close();
  });

  if (bus instanceof SequencedBus) {
    const cluster = await startCluster(config.databaseUrl, bus, { pollMs: config.clusterPollMs });
    ctx.cluster = cluster;
    stops.push(() => cluster.stop());
  }
  if (config.seed === "demo") await seedDemo(ctx, { history: config.seedHistory });
  const push = await setUpPush(ctx);
  stops.push(watchOutsideChanges(ctx));

  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: { title: "Sidetext Inbox API", version: "1.0.0" },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(authPlugin);
  await app.register(
    async (v1) => {
      await v1.register(authRoutes);
      await v1.register(sessionRoutes);
      await v1.register(passwordRoutes);
      await v1.register(userRoutes);
      await v1.register(inboxRoutes);
      await v1.register(inboxAdminRoutes);
      await v1.register(conversationRoutes);
      await v1.register(messageRoutes);
      await v1.register(noteRoutes);
      await v1.register(templateRoutes);
      await v1.register(lookupRoutes);
      await v1.register(syncRoutes);
      await v1.register(streamRoutes);
      await v1.register(openapiRoutes);
      await v1.register(healthRoutes);
      await v1.register(feedMetricsRoutes);
      await v1.register(push.routes);
      await v1.register(workspaceSettingsRoutes);
      await v1.register(inviteRoutes);
      await v1.register(crmRoutes);
      await v1.register(webhookEndpointRoutes);
      await v1.register(apiKeyRoutes);
      await v1.register(inboundEventRoutes);
      await v1.register(catchHookRoutes);
      await v1.register(contactTagRoutes);
      await v1.register(automationRoutes);
      await v1.register(availabilityRoutes);
      await v1.register(analyticsRoutes);
      await v1.register(locationRoutes);
      await v1.register(brandTemplateRoutes);
      await v1.register(rulePackRoutes);
      await v1.register(aiRoutes);
      await v1.register(auditRoutes);
      if (config.simulator) await v1.register(simulatorRoutes);
    },
    { prefix: "/v1" },
  );
  await app.register(webhookRoutes, { prefix: "/webhooks" });
  await app.register(mediaRoutes);
  await app.register(webAppRoutes, { dir: config.webDir });

  startBackgroundWork(ctx);
  push.start();
  ctx.onClose(startCrmLog(ctx));
  ctx.onClose(startWebhooks(ctx));
  ctx.onClose(startAutomations(ctx));
  ctx.onClose(startAnalytics(ctx));
  ctx.onClose(startLanguageRecorder(ctx));
  return app;
}
