// @vitest-environment jsdom
// Assign / status / snooze through the runtime view client (src/ui/common/client-context.tsx) over an in-memory
// port: the worker's pushed snapshot lands in the query cache, a change shows at once, a refused change is
// put back with the worker's reason and a Try again that sends the same change once more.
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { Command, CommandResult, CommandType, Topic } from "../../../src/protocol/messages";
import type { ThreadSnapshot } from "../../../src/protocol/snapshots";
import type { SidetextClient, SubscriptionState } from "../../../src/ui/common/client";
import { ClientProvider, viewClientOver } from "../../../src/ui/common/client-context";
import { ConversationContainer } from "../../../src/ui/thread/ConversationContainer";
import { alice, contact, conversation, mainInbox, users } from "../../support/ui-fixtures";

afterEach(cleanup);

const maria = contact("ct_maria", "+14155550123", "Maria Garcia");
const conv = conversation("cv_1", maria, { assigneeId: alice.id, status: "open" });
const thread: ThreadSnapshot = {
  conversationId: conv.id,
  conversation: conv,
  contact: maria,
  inbox: mainInbox,
  messages: [],
  notes: [],
  activities: [],
  outbox: [],
  presence: [],
  crmRecord: null,
  users,
  templates: [],
  loading: false,
  hasMore: false,
  error: null,
};

/** A port client whose commands wait until the test answers them. */
function fakePort() {
  const listeners = new Map<string, (state: SubscriptionState<never>) => void>();
  const sent: Command[] = [];
  const answers: Array<(result: CommandResult<CommandType>) => void> = [];
  const port: SidetextClient = {
    send: (command) => {
      sent.push(command as Command);
      // Only changes wait for the test; reads and presence are answered at once.
      // Features with data of their own (send later, the pre-send check, AI, SLA) are not modelled: refused.
      if (/^(ai|recipient|scheduled|sla|transfer|crm)\./.test(command.type))
        return Promise.resolve({ ok: false, error: { code: "not_found", message: `not answered here: ${command.type}` } } as never);
      if (command.type !== "conversation.update") return Promise.resolve({ ok: true, data: null } as never);
      return new Promise((resolve) => answers.push(resolve as never));
    },
    subscribe: (topic: Topic, listener) => {
      listeners.set(topic.type, listener as never);
      return () => listeners.delete(topic.type);
    },
    close: () => {},
  };
  const push = (type: string, data: unknown) => act(async () => listeners.get(type)?.({ status: "ready", data: data as never, error: null }));
  const answer = (result: CommandResult<CommandType>) => act(async () => answers.shift()!(result));
  const updates = () => sent.filter((c) => c.type === "conversation.update");
  return { port, updates, push, answer, subscribed: () => [...listeners.keys()] };
}

async function setup() {
  const worker = fakePort();
  const client = viewClientOver(() => worker.port);
  render(
    <ClientProvider client={client}>
      <ConversationContainer conversationId={conv.id} me={alice} inboxes={[mainInbox]} />
    </ClientProvider>,
  );
  await worker.push("thread", thread);
  return { worker, client, user: userEvent.setup() };
}

const status = () => (screen.getByTestId("status") as HTMLSelectElement).value;

describe("conversation changes as mutations over the query cache", () => {
  it("reads the worker's pushed thread snapshot from the query cache", async () => {
    const { worker, client } = await setup();
    expect(worker.subscribed()).toEqual(["thread"]);
    expect(status()).toBe("open");
    const cached = client.queries.getQueryData<SubscriptionState<ThreadSnapshot>>(["topic", "thread", { type: "thread", conversationId: conv.id }]);
    expect(cached?.data).toBe(thread);
  });

  it("shows Resolve at once, puts it back when the worker refuses, and Try again sends the same change", async () => {
    const { worker, user } = await setup();
    await user.click(screen.getByTestId("resolve"));
    expect(worker.updates()).toEqual([{ type: "conversation.update", conversationId: conv.id, status: "resolved" }]);
    expect(status()).toBe("resolved");
    expect(screen.getByTestId("conversation-controls").getAttribute("aria-busy")).toBe("true");

    await worker.answer({ ok: false, error: { code: "forbidden", message: "You are not a member of this inbox.", status: 403 } });
    expect(status()).toBe("open");
    expect(screen.getByTestId("update-error").textContent).toContain("You are not a member of this inbox.");
    expect(screen.getByTestId("conversation-controls").getAttribute("aria-busy")).toBeNull();

    await user.click(screen.getByTestId("update-retry"));
    expect(worker.updates()).toHaveLength(2);
    expect(worker.updates()[1]).toEqual(worker.updates()[0]);
    expect(status()).toBe("resolved");
    expect(screen.queryByTestId("update-error")).toBeNull();
    await worker.answer({ ok: true, data: { conversation: { ...conv, status: "resolved" } } } as never);
    await waitFor(() => expect(screen.getByTestId("conversation-controls").getAttribute("aria-busy")).toBeNull());
    expect(status()).toBe("resolved");
  });

  it("keeps a snapshot the worker pushed while the change was pending, even if the change is refused", async () => {
    const { worker, user } = await setup();
    await user.click(screen.getByTestId("resolve"));
    await worker.push("thread", { ...thread, conversation: { ...conv, status: "pending" } });
    expect(status()).toBe("pending");
    await worker.answer({ ok: false, error: { code: "conflict", message: "Changed by a teammate.", status: 409 } });
    expect(status()).toBe("pending");
  });
});
