// runtime messaging on the web: pages talk to the hosted worker (web/worker, a SharedWorker or a dedicated
// Worker) over MessagePorts. Each page holds one control port to it; a command travels with a port for its
// answer, and each connect() is a MessageChannel of its own. Same interface as ../messaging.ts, so
// src/ui/common/client.ts and src/worker run unchanged.
import type { MessageSender, PortLike } from "../messaging";

type ControlFrame = { kind: "command"; message: unknown; reply: MessagePort } | { kind: "connect"; name: string; url: string; port: MessagePort };
/** On a connected port: the other end went away (MessagePort has no reliable close event everywhere). */
const BYE = { kind: "sidetext-bye" };
const isBye = (data: unknown) => (data as { kind?: unknown } | null)?.kind === BYE.kind;

// ——— page side ———

let control: MessagePort | null = null;
let startWorker: (() => MessagePort) | null = null;
const openPorts = new Set<MessagePort>();

/**
 * How the page starts the hosted worker (web/start-worker.ts): on the first command or subscription, which
 * come from effects after the first paint, so its script never competes with painting the saved list.
 */
export function attachWorker(start: () => MessagePort) {
  startWorker = start;
  // A closing page says goodbye on every port, so a SharedWorker stops computing snapshots for it.
  addEventListener("pagehide", () => {
    for (const p of openPorts) p.postMessage(BYE);
  });
}

function controlPort(): MessagePort {
  if (control) return control;
  if (!startWorker) throw new Error("The Sidetext worker is not set up (attachWorker).");
  control = startWorker();
  control.start();
  return control;
}

function wrap(port: MessagePort, name: string, sender: MessageSender | null): PortLike {
  const disconnectListeners = new Set<() => void>();
  let open = true;
  const gone = () => {
    if (!open) return;
    open = false;
    openPorts.delete(port);
    port.close();
    for (const l of disconnectListeners) l();
  };
  port.addEventListener("message", (e) => isBye(e.data) && gone());
  port.addEventListener("close", gone); // Chromium 122+: the other end's context was destroyed
  openPorts.add(port);
  port.start();
  return {
    name,
    tabId: null,
    sender,
    post(message) {
      if (!open) throw new Error("The port is closed.");
      port.postMessage(message);
    },
    onMessage: (listener) => port.addEventListener("message", (e) => !isBye(e.data) && listener(e.data)),
    onDisconnect: (listener) => void disconnectListeners.add(listener),
    disconnect() {
      if (!open) return;
      port.postMessage(BYE);
      open = false;
      openPorts.delete(port);
      port.close();
    },
  };
}

// ——— worker side ———

type CommandHandler = (message: unknown, sender: MessageSender) => Promise<unknown> | undefined;
const commandHandlers = new Set<CommandHandler>();
const connectListeners = new Set<(port: PortLike) => void>();

/** A page of the app: the only code of this origin, so as trusted as the extension's own pages. */
const pageSender = (url: string | null): MessageSender => ({ tabId: null, frameId: null, documentId: null, url, extensionPage: true });

function serve(port: MessagePort) {
  port.onmessage = (e: MessageEvent<ControlFrame>) => {
    const frame = e.data;
    if (frame?.kind === "connect") {
      const wrapped = wrap(frame.port, frame.name, pageSender(frame.url));
      for (const l of connectListeners) l(wrapped);
    } else if (frame?.kind === "command") {
      void answer(frame.message, frame.reply);
    }
  };
}

async function answer(message: unknown, reply: MessagePort) {
  for (const handler of commandHandlers) {
    const result = handler(message, pageSender(null));
    if (result !== undefined) {
      reply.postMessage(await result.catch((err: unknown) => ({ ok: false, error: { code: "internal", message: String(err), status: 0 } })));
      reply.close();
      return;
    }
  }
  reply.postMessage(undefined);
  reply.close();
}

/** The hosted worker's top level: every page that connects (SharedWorker) or hands in its port (Worker). */
export function serveViews(scope: typeof globalThis) {
  if ("onconnect" in scope) {
    scope.addEventListener("connect", (e) => serve((e as MessageEvent).ports[0]));
  } else {
    scope.addEventListener("message", (e) => (e as MessageEvent).data?.kind === "sidetext-control" && serve((e as MessageEvent).ports[0]));
  }
}

export const messaging = {
  onMessage(handler: CommandHandler): () => void {
    commandHandlers.add(handler);
    return () => commandHandlers.delete(handler);
  },
  send(message: unknown): Promise<unknown> {
    const channel = new MessageChannel();
    return new Promise((resolve) => {
      channel.port1.onmessage = (e) => {
        channel.port1.close();
        resolve(e.data);
      };
      controlPort().postMessage({ kind: "command", message, reply: channel.port2 } satisfies ControlFrame, [channel.port2]);
    });
  },
  onConnect(listener: (port: PortLike) => void): () => void {
    connectListeners.add(listener);
    return () => connectListeners.delete(listener);
  },
  connect(name: string): PortLike {
    const channel = new MessageChannel();
    controlPort().postMessage({ kind: "connect", name, url: location.href, port: channel.port2 } satisfies ControlFrame, [channel.port2]);
    return wrap(channel.port1, name, null);
  },
};
