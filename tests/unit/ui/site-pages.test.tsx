// @vitest-environment jsdom
// The popup's "Enable Sidetext on <host>", options' enabled sites with Remove, and "What Sidetext sees on this page".
import "../../support/extension-env";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EnabledSites } from "../../../src/options/EnabledSites";
import { PageDiagnostics } from "../../../src/options/PageDiagnostics";
import type { CommandResult, CommandType } from "../../../src/protocol/messages";
import type { EnabledSite, PageStatus } from "../../../src/protocol/page-commands";
import { ClientProvider } from "../../../src/ui/common/client-context";
import { EnableSiteOffer } from "../../../src/ui/common/EnableSiteOffer";
import { createFakeClient } from "../../support/fake-view-client";

afterEach(cleanup);
/** Options' cards over a client that only answers commands (they subscribe to nothing). */
const renderWithSend = (ui: React.ReactElement, send: (command: never) => Promise<unknown>) =>
  render(<ClientProvider client={{ useSubscription: () => undefined, send: send as never }}>{ui}</ClientProvider>);
const page = (patch: Partial<PageStatus>): PageStatus => ({
  tabId: 7,
  url: "https://crm.example.org/#/contacts/12/show",
  host: "crm.example.org",
  builtIn: null,
  enabled: false,
  running: false,
  record: null,
  reason: "not_enabled",
  ...patch,
});
const ok = <T extends CommandType>(data: Extract<CommandResult<T>, { ok: true }>["data"]) => ({ ok: true, data }) as CommandResult<T>;

describe("popup: Enable Sidetext on <host>", () => {
  function renderOffer(status: PageStatus, granted = true) {
    const order: string[] = [];
    const fake = createFakeClient({
      answers: {
        "page.status": () => ok<"page.status">(status),
        "site.enable": () => {
          order.push("site.enable");
          return ok<"site.enable">({ origin: "https://crm.example.org" });
        },
      },
    });
    const requestOrigin = vi.fn((pattern: string) => {
      order.push(`request ${pattern}`);
      return Promise.resolve(granted);
    });
    render(
      <ClientProvider client={fake.client}>
        <EnableSiteOffer requestOrigin={requestOrigin} />
      </ClientProvider>,
    );
    return { fake, requestOrigin, order };
  }

  it("asks Chrome for the site's origin in the click itself, then has the worker enable the tab", async () => {
    const { fake, requestOrigin, order } = renderOffer(page({}));
    const button = await screen.findByTestId("enable-site");
    expect(button.textContent).toBe("Enable Sidetext on crm.example.org");
    const sentBefore = fake.sent.length;
    button.click(); // one synchronous dispatch: the request must happen inside it
    expect(requestOrigin).toHaveBeenCalledWith("https://crm.example.org/*");
    expect(fake.sent.length).toBe(sentBefore); // nothing awaited before the request
    expect((await screen.findByTestId("enable-site-done")).textContent).toBe("Sidetext now runs on crm.example.org. Open a record there to see its texts.");
    expect(order).toEqual(["request https://crm.example.org/*", "site.enable"]);
    expect(fake.sent).toContainEqual({ type: "site.enable", tabId: 7 });
  });

  it("says what happened when the rep refuses Chrome's prompt, and enables nothing", async () => {
    const user = userEvent.setup();
    const { fake } = renderOffer(page({}), false);
    await user.click(await screen.findByTestId("enable-site"));
    expect((await screen.findByRole("alert")).textContent).toContain("Chrome did not allow Sidetext on crm.example.org.");
    expect(fake.sent.some((c) => c.type === "site.enable")).toBe(false);
  });

  it.each([
    ["a built-in CRM", page({ builtIn: "hubspot", host: "app.hubspot.com", url: "https://app.hubspot.com/contacts/1", reason: "not_running" })],
    ["a page where Sidetext runs", page({ enabled: true, running: true, reason: "no_record_url" })],
    ["a browser page", page({ url: "chrome://extensions/", host: null, reason: "unsupported" })],
  ])("offers nothing on %s", async (_name, status) => {
    const { fake } = renderOffer(status);
    await waitFor(() => expect(fake.sent).toContainEqual({ type: "page.status" }));
    expect(screen.queryByTestId("enable-site")).toBeNull();
  });
});

describe("options: sites you enabled", () => {
  it("lists each site, and Remove removes it from the list", async () => {
    const user = userEvent.setup();
    let sites: EnabledSite[] = [
      { origin: "https://crm.example.org", enabledAt: "2026-12-01T09:00:00Z" },
      { origin: "http://10.0.0.5:8080", enabledAt: "2026-12-01T09:05:00Z" },
    ];
    const send = vi.fn(async (command: { type: string; origin?: string }) => {
      if (command.type === "site.remove") sites = sites.filter((s) => s.origin !== command.origin);
      return { ok: true, data: command.type === "sites.list" ? { sites } : null };
    });
    renderWithSend(<EnabledSites />, send);
    const rows = await screen.findAllByTestId("enabled-site");
    expect(rows.map((r) => r.querySelector(".opt-name")!.textContent)).toEqual(["crm.example.org", "10.0.0.5:8080"]);
    await user.click(screen.getAllByTestId("remove-site")[0]);
    expect(send).toHaveBeenCalledWith({ type: "site.remove", origin: "https://crm.example.org" });
    await waitFor(() => expect(screen.getAllByTestId("enabled-site")).toHaveLength(1));
    await user.click(screen.getByTestId("remove-site"));
    expect((await screen.findByTestId("no-enabled-sites")).textContent).toContain("Enable Sidetext on");
  });
});

describe("options: what Sidetext sees on this page", () => {
  const renderWith = (status: PageStatus) => renderWithSend(<PageDiagnostics />, async () => ({ ok: true, data: status }));

  it("shows the record it read, each number with who found it", async () => {
    renderWith(
      page({
        enabled: true,
        running: true,
        reason: "found",
        record: {
          source: "hubspot",
          kind: "contact",
          name: "Maria Garcia",
          company: null,
          url: "https://crm.example.org/#/contacts/12/show",
          fields: {},
          phones: [
            {
              raw: "(415) 555-0132",
              e164: "+14155550132",
              label: "work",
              extension: null,
              foundBy: { reader: "generic", layer: "labelled", detail: 'label "Work" after the number' },
            },
          ],
        },
      }),
    );
    expect((await screen.findByTestId("page-reason")).textContent).toBe("Sidetext reads Maria Garcia (contact) with one number.");
    expect(screen.getByTestId("page-phone").textContent).toContain("(415) 555-0132");
    expect(screen.getByTestId("page-phone").textContent).toContain(
      'Found by the generic page reader in a labelled field in the record (label "Work" after the number).',
    );
  });

  it.each([
    ["not_enabled", page({}), "Sidetext is not enabled on crm.example.org."],
    ["not_running", page({ enabled: true, reason: "not_running" }), "reload the page"],
    ["no_record_url", page({ enabled: true, running: true, reason: "no_record_url" }), "this address is not one record"],
    [
      "no_phone",
      page({
        enabled: true,
        running: true,
        reason: "no_phone",
        record: { source: "generic", kind: "contact", name: "Zoe", company: null, url: "x", phones: [], fields: {} },
      }),
      "Sidetext read Zoe but found no phone number on it.",
    ],
    ["unsupported", page({ url: "chrome://newtab/", host: null, reason: "unsupported" }), "can't run on this kind of page"],
  ])("says why there is no record: %s", async (reason, status, words) => {
    renderWith(status);
    const line = await screen.findByTestId("page-reason");
    expect(line.dataset.reason).toBe(reason);
    expect(line.textContent).toContain(words);
  });
});
