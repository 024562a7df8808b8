// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TemplateContext } from "../../../src/core/template";
import { Composer, type ComposeMode } from "../../../src/ui/thread/Composer";
import { alice, contact, templates } from "../../support/ui-fixtures";

afterEach(cleanup);

function Harness({ onSubmit, ctx, disabledReason }: { onSubmit: (b: string, m: ComposeMode) => void; ctx?: TemplateContext; disabledReason?: string }) {
  const [value, setValue] = useState("");
  const [mode, setMode] = useState<ComposeMode>("reply");
  return (
    <Composer
      value={value}
      onChange={setValue}
      mode={mode}
      onModeChange={setMode}
      templates={templates}
      templateContext={ctx ?? { contact: contact("ct", "+14155550123", "Maria Garcia"), agent: alice }}
      disabledReason={disabledReason}
      onSubmit={(b, m) => {
        onSubmit(b, m);
        setValue("");
      }}
    />
  );
}

const setup = (props: Partial<Parameters<typeof Harness>[0]> = {}) => {
  const onSubmit = vi.fn();
  render(<Harness onSubmit={onSubmit} {...props} />);
  return { onSubmit, box: screen.getByTestId("composer") as HTMLTextAreaElement, user: userEvent.setup() };
};

describe("Composer", () => {
  it("sends on Enter and breaks the line on Shift+Enter", async () => {
    const { onSubmit, box, user } = setup();
    await user.click(box);
    await user.keyboard("Line one{Shift>}{Enter}{/Shift}Line two");
    expect(box.value).toBe("Line one\nLine two");
    expect(onSubmit).not.toHaveBeenCalled();
    await user.keyboard("{Enter}");
    expect(onSubmit).toHaveBeenCalledWith("Line one\nLine two", "reply");
    expect(box.value).toBe("");
  });

  it("does not send an empty or blank draft", async () => {
    const { onSubmit, box, user } = setup();
    await user.click(box);
    await user.keyboard("   {Enter}");
    expect(onSubmit).not.toHaveBeenCalled();
    expect((screen.getByTestId("send") as HTMLButtonElement).disabled).toBe(true);
  });

  it.each([
    ["a".repeat(160), "160 chars · 1 SMS"],
    ["a".repeat(161), "161 chars · 2 SMS"],
    ["Hi 👋", "4 chars · 1 SMS · Unicode"],
    ["ж".repeat(71), "71 chars · 2 SMS · Unicode"],
  ])("shows characters and segments for a draft of %#", (text, shown) => {
    setup();
    fireEvent.change(screen.getByTestId("composer"), { target: { value: text } });
    expect(screen.getByTestId("segments").textContent).toContain(shown);
  });

  it("opens the template picker on /, filters as you type, and inserts the filled template with Enter", async () => {
    const { box, user } = setup();
    await user.click(box);
    await user.keyboard("/");
    expect(screen.getByTestId("template-picker")).toBeTruthy();
    expect(screen.getAllByTestId("template-option")).toHaveLength(3);
    await user.keyboard("gre");
    expect(screen.getAllByTestId("template-option").map((o) => o.textContent)).toEqual([expect.stringContaining("Greeting")]);
    await user.keyboard("{Enter}");
    expect(box.value).toBe("Hi Maria, this is Alice. How can I help?");
    expect(screen.queryByTestId("template-picker")).toBeNull();
  });

  it("puts focus and the caret at the end of a picked template at once, so the next key typed follows it", async () => {
    const { box, user } = setup();
    await user.click(screen.getByRole("button", { name: "Insert a template" }));
    expect(document.activeElement).not.toBe(box);
    // A synchronous click, and no frame after it: a caret placed a frame later is not there yet.
    fireEvent.click(screen.getAllByTestId("template-option")[0] as HTMLElement);
    expect(box.value).toBe("Hi Maria, this is Alice. How can I help?");
    expect(document.activeElement).toBe(box);
    expect([box.selectionStart, box.selectionEnd]).toEqual([box.value.length, box.value.length]);
  });

  it("moves through templates with the arrow keys and closes with Escape", async () => {
    const { box, user } = setup();
    await user.click(box);
    await user.keyboard("/");
    await user.keyboard("{ArrowDown}");
    expect(screen.getAllByTestId("template-option")[1].getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("template-picker")).toBeNull();
    expect(box.value).toBe("/");
  });

  it("asks for missing variables before inserting a template", async () => {
    const { box, user } = setup({ ctx: { contact: contact("ct", "+14155550123", null), agent: alice } });
    await user.click(screen.getByRole("button", { name: "Insert a template" }));
    await user.click(screen.getAllByTestId("template-option")[1]); // "Quote ready": contact.firstName + record.company
    const form = screen.getByTestId("template-variables");
    expect(form.textContent).toContain("needs 2 values");
    await user.type(screen.getByLabelText("Contact first name"), "Sam");
    expect((screen.getByRole("button", { name: "Insert" }) as HTMLButtonElement).disabled).toBe(true);
    await user.type(screen.getByLabelText("Record company"), "Sam's Deli");
    await user.click(screen.getByRole("button", { name: "Insert" }));
    expect(box.value).toBe("Hi Sam, the quote for Sam's Deli is ready.");
    expect(screen.queryByTestId("template-variables")).toBeNull();
  });

  it("sends an internal note in note mode", async () => {
    const { onSubmit, box, user } = setup();
    await user.click(screen.getByTestId("note-mode"));
    expect(box.getAttribute("aria-label")).toMatch(/Internal note/);
    await user.click(box);
    await user.keyboard("Check the invoice{Enter}");
    expect(onSubmit).toHaveBeenCalledWith("Check the invoice", "note");
    expect(screen.getByTestId("send").textContent).toBe("Add note");
  });

  it("is disabled with the reason when the contact opted out, but notes still work", async () => {
    const { onSubmit, box, user } = setup({ disabledReason: "Ethan opted out of texts." });
    expect(box.disabled).toBe(true);
    expect(screen.getByText("Ethan opted out of texts.")).toBeTruthy();
    await user.click(screen.getByTestId("note-mode"));
    expect(box.disabled).toBe(false);
    await user.click(box);
    await user.keyboard("Do not text{Enter}");
    expect(onSubmit).toHaveBeenCalledWith("Do not text", "note");
  });
});
