// `npm run server`: the Sidetext server on PORT, with the database from DATABASE_URL.
import { buildApp } from "./app";
import { configFromEnv } from "./config";
import { refuseUnsharedMedia } from "./media/media-config";
import { mediaKit } from "./media/media-kit";
import { describeSimulatorMode, simulatorMode } from "./simulator/simulator.service";

const config = configFromEnv();
refuseUnsharedMedia(process.env, config);
const app = await buildApp(config);
await app.listen({ port: config.port, host: config.host });
app.log.info(`Sidetext server on http://${config.host}:${config.port} (${config.databaseUrl})`);
app.log.info(describeSimulatorMode(await simulatorMode(app.ctx.database.db, config.simulator), config.simulator));
app.log.info(`Carrier credentials key: ${config.secretKeySource}`);
app.log.info(`Media (uploads, customers' MMS): ${mediaKit(app.ctx).storage.description}`);
app.log.info(
  `Trusted proxies (TRUST_PROXY): ${config.trustProxy === false ? "none: client addresses are the socket's" : Array.isArray(config.trustProxy) ? config.trustProxy.join(", ") : `${config.trustProxy} hop(s)`}`,
);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    app.log.info(`${signal}: closing`);
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
