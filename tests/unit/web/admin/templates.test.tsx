// @vitest-environment jsdom
// Templates: the editor's live preview (variables filled from a sample customer, SMS cost, what a rep will
// be asked for), create with inbox scope and shortcut, edit, and delete only after confirming.
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { ada, at, failure, fakeApi, managedInbox, ok, renderConsole, template } from "./fake-api";

afterEach(cleanup);
const main = managedInbox({ id: "inb_main", name: "Main line" });
// An inbox the owner manages but is not a member of: templates cannot be kept there.
const others = managedInbox({ id: "inb_other", name: "Others' line", memberIds: ["usr_bob"] });
const quote = template({ id: "tpl_quote", name: "Quote ready", body: "Hi {{contact.firstName}}, the quote is ready.", shortcut: "quote" });

describe("templates", () => {
  it("previews the text as a customer gets it, with its SMS cost, and creates it with scope and shortcut", async () => {
    const made = template({
      id: "tpl_new",
      name: "Table ready",
      body: "Hi {{contact.firstName}}, your table is ready. {{agent.firstName}}",
      inboxId: "inb_main",
      shortcut: "table",
    });
    const api = fakeApi({
      "GET /v1/templates": [ok({ templates: [] }), ok({ templates: [made] })],
      "GET /v1/admin/inboxes": ok({ inboxes: [main, others] }),
      "POST /v1/templates": { status: 201, body: { template: made } },
    });
    renderConsole(api, "#/admin/templates");
    const user = userEvent.setup();
    expect(await screen.findByText("No templates yet")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "New template" }));
    const editor = screen.getByTestId("template-editor");
    expect(document.activeElement).toBe(within(editor).getByLabelText("Name")); // the keyboard lands in the form
    await user.type(within(editor).getByLabelText("Name"), "Table ready");
    const text = within(editor).getByLabelText("Text");
    await user.type(text, "Hi ");
    await user.click(within(editor).getByRole("button", { name: "{{contact.firstName}}" }));
    await user.type(text, ", your table is ready. ");
    await user.click(within(editor).getByRole("button", { name: "{{agent.firstName}}" }));
    expect((text as HTMLTextAreaElement).value).toBe("Hi {{contact.firstName}}, your table is ready. {{agent.firstName}}");
    expect(within(editor).getByTestId("template-preview-text").textContent).toBe("Hi Jordan, your table is ready. Ada");
    expect(within(editor).getByTestId("segments").textContent).toMatch(/^35 chars · 1 SMS/);
    const scope = within(editor).getByLabelText("Inbox") as HTMLSelectElement;
    expect([...scope.options].map((o) => o.text)).toEqual(["Whole workspace", "Main line"]);
    await user.selectOptions(scope, "inb_main");
    await user.type(within(editor).getByLabelText("Shortcut (optional)"), "table");
    await user.click(within(editor).getByRole("button", { name: "Create template" }));
    expect(await screen.findByText("Table ready")).toBeTruthy();
    expect(screen.queryByTestId("template-editor")).toBeNull();
    expect(api.writes()).toEqual([
      {
        method: "POST",
        path: "/v1/templates",
        body: { name: "Table ready", body: "Hi {{contact.firstName}}, your table is ready. {{agent.firstName}}", inboxId: "inb_main", shortcut: "table" },
      },
    ]);
  });

  it("puts the caret after an inserted variable at once, so the next key typed lands after it", async () => {
    const api = fakeApi({ "GET /v1/templates": ok({ templates: [] }), "GET /v1/admin/inboxes": ok({ inboxes: [main] }) });
    renderConsole(api, "#/admin/templates");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New template" }));
    const editor = screen.getByTestId("template-editor");
    const text = within(editor).getByLabelText("Text") as HTMLTextAreaElement;
    await user.type(text, "Hi , thanks");
    text.setSelectionRange(3, 3);
    // A synchronous click, and no frame after it: a caret placed a frame later is not there yet.
    fireEvent.click(within(editor).getByRole("button", { name: "{{contact.firstName}}" }));
    expect(text.value).toBe("Hi {{contact.firstName}}, thanks");
    expect(document.activeElement).toBe(text);
    expect([text.selectionStart, text.selectionEnd]).toEqual([24, 24]);
  });

  it("names the variables nothing fills, and counts a Unicode text's parts", async () => {
    const api = fakeApi({ "GET /v1/templates": ok({ templates: [] }), "GET /v1/admin/inboxes": ok({ inboxes: [main] }) });
    renderConsole(api, "#/admin/templates");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New template" }));
    const editor = screen.getByTestId("template-editor");
    await user.click(within(editor).getByLabelText("Text"));
    await user.paste(`Your order {{record.orderNumber}} shipped 🚚 ${"x".repeat(70)}`);
    expect(within(editor).getByTestId("template-missing").textContent).toMatch(/A rep will be asked for: Record order number/);
    expect(within(editor).getByTestId("segments").textContent).toMatch(/2 SMS · Unicode/);
  });

  it("edits a template with a PATCH of its fields, and shows the server's refusal", async () => {
    const api = fakeApi({
      "GET /v1/templates": ok({ templates: [quote] }),
      "GET /v1/admin/inboxes": ok({ inboxes: [main] }),
      "PATCH /v1/templates/tpl_quote": [failure(400, "validation_failed", "shortcut: letters, digits, - and _ only"), ok({ template: quote })],
    });
    renderConsole(api, "#/admin/templates");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit Quote ready" }));
    const editor = screen.getByTestId("template-editor");
    expect((within(editor).getByLabelText("Text") as HTMLTextAreaElement).value).toBe(quote.body);
    const shortcut = within(editor).getByLabelText("Shortcut (optional)");
    await user.clear(shortcut);
    await user.type(shortcut, "quote now");
    await user.click(within(editor).getByRole("button", { name: "Save template" }));
    expect((await within(editor).findByRole("alert")).textContent).toBe("shortcut: letters, digits, - and _ only");
    await user.clear(shortcut);
    await user.type(shortcut, "q");
    await user.click(within(editor).getByRole("button", { name: "Save template" }));
    await waitFor(() => expect(screen.queryByTestId("template-editor")).toBeNull());
    const body = { name: "Quote ready", body: quote.body, inboxId: null };
    expect(api.writes()).toEqual([
      { method: "PATCH", path: "/v1/templates/tpl_quote", body: { ...body, shortcut: "quote now" } },
      { method: "PATCH", path: "/v1/templates/tpl_quote", body: { ...body, shortcut: "q" } },
    ]);
  });

  it("deletes a template only after the admin confirms", async () => {
    const api = fakeApi({
      "GET /v1/templates": [ok({ templates: [quote] }), ok({ templates: [] })],
      "GET /v1/admin/inboxes": ok({ inboxes: [main] }),
      "DELETE /v1/templates/tpl_quote": { status: 204 },
    });
    renderConsole(api, "#/admin/templates", ada);
    const user = userEvent.setup();
    const row = await screen.findByTestId("admin-template");
    await user.click(within(row).getByRole("button", { name: "Delete" }));
    expect(within(row).getByText("Delete “Quote ready”? Reps can no longer pick it.")).toBeTruthy();
    await user.click(within(row).getByRole("button", { name: "Cancel" }));
    expect(api.writes()).toEqual([]);
    await user.click(within(row).getByRole("button", { name: "Delete" }));
    await user.click(within(row).getByRole("button", { name: "Delete" }));
    expect(await screen.findByText("No templates yet")).toBeTruthy();
    expect(api.writes()).toEqual([{ method: "DELETE", path: "/v1/templates/tpl_quote", body: undefined }]);
  });
});

describe("template media", () => {
  it("uploads a photo with POST /v1/media and saves the template with its id; the preview says MMS", async () => {
    const stored = {
      id: "med_1",
      url: "https://inbox.example.com/media/med_1?expires=1&sig=x",
      expiresAt: at,
      contentType: "image/png",
      size: 4,
      fileName: "menu.png",
    };
    const api = fakeApi({
      "GET /v1/templates": ok({ templates: [] }),
      "GET /v1/admin/inboxes": ok({ inboxes: [main] }),
      "POST /v1/media": { status: 201, body: stored },
      "POST /v1/templates": { status: 201, body: { template: template({ id: "tpl_menu", name: "Menu", body: "Our menu", media: [stored] }) } },
    });
    renderConsole(api, "#/admin/templates");
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "New template" }));
    const editor = screen.getByTestId("template-editor");
    await user.type(within(editor).getByLabelText("Name"), "Menu");
    await user.type(within(editor).getByLabelText("Text"), "Our menu");
    await user.upload(
      within(editor).getByLabelText("Photos and files (optional)"),
      new File([new Uint8Array([137, 80, 78, 71])], "menu.png", { type: "image/png" }),
    );
    expect((await within(editor).findByRole("img", { name: "menu.png" })).getAttribute("src")).toBe(stored.url);
    expect(within(editor).getByTestId("template-mms").textContent).toBe(" · MMS with 1 file");
    await user.click(within(editor).getByRole("button", { name: "Create template" }));
    await waitFor(() => expect(screen.queryByTestId("template-editor")).toBeNull());
    // jsdom's File loses its name on the way through Node's Request (it arrives as "blob"); browsers keep it.
    expect(api.writes()).toEqual([
      { method: "POST", path: "/v1/media", body: { file: { name: expect.any(String), type: "image/png", size: 4 } } },
      { method: "POST", path: "/v1/templates", body: { name: "Menu", body: "Our menu", inboxId: null, shortcut: null, mediaIds: ["med_1"] } },
    ]);
  });
});
