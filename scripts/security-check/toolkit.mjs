// Helpers shared by the *.check.mjs files: HTTP calls, demo sign-in, WebSocket stream clients.
import { createRequire } from "node:module";

const require = createRequire(`${process.cwd()}/package.json`);
const WebSocket = require("ws");

export function toolkit(base, check) {
  const sockets = new Set();
  async function call(method, path, { token, json, raw, headers = {} } = {}) {
    const h = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let body;
    if (json !== undefined) {
      h["content-type"] = "application/json";
      body = JSON.stringify(json);
    }
    if (raw !== undefined) {
      h["content-type"] = h["content-type"] ?? "application/json";
      body = raw;
    }
    const res = await fetch(base + path, { method, headers: h, body });
    const text = await res.text();
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
    return { status: res.status, data, headers: res.headers };
  }
  async function login(email, password = "sidetext-demo") {
    const r = await call("POST", "/v1/auth/login", { json: { email, password } });
    if (r.status !== 200) throw new Error(`login ${email}: ${r.status} ${JSON.stringify(r.data)}`);
    return r.data.token;
  }
  /** A stream socket: resolves once open; `frames` collects parsed server frames; `closed` resolves with the close code. */
  function stream() {
    const ws = new WebSocket(`${base.replace(/^http/, "ws")}/v1/stream`);
    sockets.add(ws);
    const frames = [];
    let closeCode = null;
    const closed = new Promise((resolve) =>
      ws.on("close", (code) => {
        closeCode = code;
        resolve(code);
      }),
    );
    ws.on("message", (data) => {
      try {
        frames.push(JSON.parse(String(data)));
      } catch {
        frames.push({ unparsed: String(data) });
      }
    });
    const opened = new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    return {
      ws,
      frames,
      closed,
      opened,
      send: (frame) => ws.send(JSON.stringify(frame)),
      get closeCode() {
        return closeCode;
      },
    };
  }
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const errCode = (r) => r?.data?.error?.code;
  return { base, call, login, stream, sleep, errCode, check, closeAll: () => sockets.forEach((s) => void s.terminate()) };
}
