// @vitest-environment jsdom
// The thread's language store asks the server again when a text shows up while an answer is on its way (the
// answer may predate the text): before, the new text's bubble waited forever, with no "Translate" and no
// "Send in Spanish" (the CI flake of tests/browser/ai-translate-panel.test.ts).
import { act, render, screen } from "@testing-library/react";
import * as React from "react";
import { expect, it } from "vitest";
import type { ConversationLanguages } from "../../../src/protocol/ai";
import type { ViewClient } from "../../../src/ui/common/client-context";
import { useConversationLanguages } from "../../../src/ui/thread/ai/conversation-languages";
import { adoptReact } from "../../../src/ui/thread/ai/react-bridge";

adoptReact(React);

function Probe({ client, messageId }: { client: ViewClient; messageId?: string }) {
  const data = useConversationLanguages(client, "conv_lang_1", messageId);
  return <p data-testid={`probe-${messageId ?? "composer"}`}>{data ? `${data.contactLanguage}:${Object.keys(data.messages).join(",")}` : "none"}</p>;
}

it("asks again when a text arrives while the first answer is out, and the new text is covered", async () => {
  const answers: Array<(data: ConversationLanguages) => void> = [];
  const client = {
    useSubscription: () => undefined,
    send: () => new Promise((resolve) => answers.push((data) => resolve({ ok: true, data }))),
  } as unknown as ViewClient;

  const { rerender } = render(<Probe client={client} />);
  expect(answers).toHaveLength(1);
  // The Spanish text shows up before the server answered the composer's question.
  rerender(
    <>
      <Probe client={client} />
      <Probe client={client} messageId="msg_es" />
    </>,
  );
  expect(answers).toHaveLength(1);
  await act(async () => answers[0]({ contactLanguage: null, messages: {} }));
  expect(answers).toHaveLength(2);
  await act(async () => answers[1]({ contactLanguage: "es", messages: { msg_es: "es" } }));
  expect(screen.getByTestId("probe-msg_es").textContent).toBe("es:msg_es");
  expect(screen.getByTestId("probe-composer").textContent).toBe("es:msg_es");
  expect(answers).toHaveLength(2);
});
