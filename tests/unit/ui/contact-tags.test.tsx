// @vitest-environment jsdom
// The thread header's tags: shown as text, removed with their ×, added with "+ Tag" and Enter; a refusal is said.
import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, it, vi } from "vitest";
import { ContactTags } from "../../../src/ui/thread/ContactTags";

afterEach(cleanup);

it("shows each tag as text, and nothing at all when there are none and they cannot be edited", () => {
  const { rerender } = render(<ContactTags tags={["vip", "<b>wholesale</b>"]} />);
  const tags = screen.getAllByTestId("contact-tag").map((t) => t.textContent);
  expect(tags).toEqual(["vip", "<b>wholesale</b>"]);
  expect(screen.getByTestId("contact-tags").querySelector("b")).toBeNull();
  expect(screen.queryByRole("button")).toBeNull();
  rerender(<ContactTags tags={[]} />);
  expect(screen.queryByTestId("contact-tags")).toBeNull();
});

it("adds a tag with + Tag and Enter, and removes one with its ×", async () => {
  const onChange = vi.fn(async () => null);
  render(<ContactTags tags={["vip"]} onChange={onChange} />);
  await userEvent.click(screen.getByTestId("add-tag"));
  await userEvent.keyboard("Repeat customer{Enter}");
  expect(onChange).toHaveBeenCalledWith({ add: ["Repeat customer"] });
  expect(screen.queryByRole("textbox")).toBeNull(); // done: the field closes
  await userEvent.click(within(screen.getByTestId("contact-tags")).getByRole("button", { name: "Remove tag vip" }));
  expect(onChange).toHaveBeenLastCalledWith({ remove: ["vip"] });
});

it("keeps what was typed and says why when the server refuses it; Escape gives up", async () => {
  const onChange = vi.fn(async () => "tags: letters, digits, spaces and _ . : / - only");
  render(<ContactTags tags={[]} onChange={onChange} />);
  await userEvent.click(screen.getByTestId("add-tag"));
  await userEvent.keyboard("<hot>{Enter}");
  expect(screen.getByRole("alert").textContent).toContain("letters, digits");
  expect(screen.getByRole<HTMLInputElement>("textbox").value).toBe("<hot>");
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("textbox")).toBeNull();
  expect(screen.queryByRole("alert")).toBeNull();
});
