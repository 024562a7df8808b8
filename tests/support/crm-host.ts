// CRM fixture pages served over HTTPS on 127.0.0.1 at their real addresses: Chromium launched with
// `crmHost.chromiumArgs` resolves the CRMs' real host names to this server, so the manifest's real match
// patterns decide which content script runs.
//   const crm = await startCrmHost([fixturePage("hubspot/contact-one-phone.html")]);
//   const ext = await launchExtension({ args: crm.chromiumArgs });  ...  await crm.close();
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { ROOT } from "./browser";

export interface CrmPage {
  /** The page's real address (its fixture-url). */
  url: string;
  html: string;
}

/** A fixture under tests/fixtures/crm, at its fixture-url; `edit` may change the markup (e.g. the number). */
export function fixturePage(file: string, edit: (html: string) => string = (html) => html): CrmPage {
  const html = fs.readFileSync(path.join(ROOT, "tests/fixtures/crm", file), "utf8");
  const url = /<meta name="fixture-url" content="([^"]+)"/.exec(html)?.[1];
  if (!url) throw new Error(`${file} has no fixture-url meta`);
  return { url: url.replaceAll("&amp;", "&"), html: edit(html) };
}

export interface CrmHost {
  port: number;
  /** Every request served, as https://host/path: proof a page came from here and not from the internet. */
  served: string[];
  /** --host-resolver-rules mapping every served page's host to this server, and --ignore-certificate-errors. */
  chromiumArgs: string[];
  close(): Promise<void>;
}

/** A self-signed certificate made now with openssl, in a temp dir that is removed at once. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sidetext-crm-cert-"));
  try {
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "1", "-keyout", key, "-out", cert], {
      stdio: "ignore",
    });
    return { key: fs.readFileSync(key, "utf8"), cert: fs.readFileSync(cert, "utf8") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function startCrmHost(pages: CrmPage[]): Promise<CrmHost> {
  const byUrl = new Map<string, string>();
  for (const page of pages) {
    const url = new URL(page.url);
    byUrl.set(`${url.host}${url.pathname}${url.search}`, page.html);
  }
  const served: string[] = [];
  const server = https.createServer(selfSignedCertificate(), (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "");
    served.push(`https://${host}${req.url}`);
    const html = byUrl.get(`${host}${req.url}`);
    if (html === undefined && req.url !== "/") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not a fixture");
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html ?? "<!doctype html><title>CRM</title><body><h1>Home</h1></body>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const hosts = [...new Set(pages.map((page) => new URL(page.url).hostname))];
  return {
    port,
    served,
    chromiumArgs: [`--host-resolver-rules=${hosts.map((host) => `MAP ${host} 127.0.0.1:${port}`).join(", ")}`, "--ignore-certificate-errors"],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A custom web app (what a rep enables Sidetext on) served over plain HTTP at http://localhost:<port>, whose
 * host the extension may already run on. `pages` maps a path to its HTML.
 */
export async function startSite(pages: Record<string, string>): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const html = pages[(req.url ?? "/").split("?")[0]];
    if (html === undefined) return void res.writeHead(404, { "content-type": "text/plain" }).end("not here");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
