// @vitest-environment jsdom
// The composer's "Brand voice" asks the server with the conversation the reply is for, so the server can follow
// that conversation's location's voice (server/ai/brand-voice.ts); a draft with no conversation asks without one.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import * as React from "react";
import { afterEach, expect, it } from "vitest";
import type { AiStatus } from "../../../src/protocol/ai";
import type { ViewClient } from "../../../src/ui/common/client-context";
import { ComposerAi } from "../../../src/ui/thread/ai/ComposerAi";
import { adoptReact } from "../../../src/ui/thread/ai/react-bridge";

adoptReact(React);
afterEach(cleanup);

const status: AiStatus = { enabled: true, actions: ["fix", "brand"], language: "en", autoTranslate: false };
const result = {
  text: "Your order is ready!",
  before: { chars: 20, segments: 1, encoding: "GSM-7" },
  after: { chars: 20, segments: 1, encoding: "GSM-7" },
  normalised: [],
};

function clientRecording(sent: Array<Record<string, unknown>>): ViewClient {
  return {
    useSubscription: () => undefined,
    send: async (command: Record<string, unknown>) => {
      sent.push(command);
      if (command.type === "ai.languages") return { ok: true, data: { contactLanguage: null, messages: {} } };
      return { ok: true, data: result };
    },
  } as unknown as ViewClient;
}

it.each([
  ["a conversation's reply", "conv_downtown_1"],
  ["a new text (no conversation yet)", undefined],
])("%s: Brand voice sends the draft with its conversation", async (_what, conversationId) => {
  const sent: Array<Record<string, unknown>> = [];
  render(
    <ComposerAi
      conversationId={conversationId}
      draft="your order is ready"
      blocked={false}
      onReplace={() => {}}
      onSend={() => {}}
      client={clientRecording(sent)}
      status={status}
      onStatus={() => {}}
    />,
  );
  fireEvent.click(screen.getByTestId("ai-rewrite"));
  await act(async () => fireEvent.click(screen.getByTestId("ai-action-brand")));
  const rewrite = sent.find((c) => c.type === "ai.rewrite");
  expect(rewrite).toEqual({ type: "ai.rewrite", draft: "your order is ready", action: "brand", conversationId });
  expect(screen.getByTestId("ai-result-text").textContent).toBe("Your order is ready!");
});
