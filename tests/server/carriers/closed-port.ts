import http from "node:http";
import type { AddressInfo } from "node:net";

/** A 127.0.0.1 URL where nothing listens (a port just freed), so a request to it is refused. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return `http://127.0.0.1:${port}`;
}
