// `npm run server`: the Sidetext server on PORT, with the database from DATABASE_URL.
import { buildApp } from "./app";
import { configFromEnv } from "./config";

const config = configFromEnv();
const app = await buildApp(config);
await app.listen({ port: config.port, host: config.host });
app.log.info(`Sidetext server on http://${config.host}:${config.port} (${config.databaseUrl}; simulator ${config.simulator ? "on" : "off"})`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    app.log.info(`${signal}: closing`);
    app.close().then(() => process.exit(0), () => process.exit(1));
  });
}
