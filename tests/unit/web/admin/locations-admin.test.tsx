// @vitest-environment jsdom
// The console's organisation sections (issue 18) against a fake Inbox API at the fetch edge that answers like
// the real one: HQ moves a location and sets staff roles; a location admin (an agent with a staff role) gets
// only their sections, fills brand slots and switches pack rules, and sees the server's refusals in its words.
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { User } from "../../../../src/protocol/entities";
import { at, fakeApi, failure, managedInbox, ok, renderConsole, teammate } from "./fake-api";

afterEach(cleanup);

const ari: User = { id: "usr_ari", email: "ari@demo.test", name: "Ari Cohen", role: "agent" };
const region = { id: "reg_bay", name: "Bay Area", createdAt: at };
const loc = (id: string, name: string, regionId: string | null, administered: boolean, inboxIds: string[] = []) => ({
  id,
  name,
  regionId,
  inboxIds,
  administered,
  createdAt: at,
});
const hqOrg = {
  organisation: { name: "Demo Co." },
  regions: [region],
  locations: [loc("loc_main", "Downtown", "reg_bay", true, ["inb_main"]), loc("loc_air", "Airport", null, true, ["inb_air"])],
};
const ariOrg = { organisation: { name: "Demo Co." }, regions: [region], locations: [loc("loc_air", "Airport", null, true, ["inb_air"])] };
const slots = [
  { name: "location.hours", label: "Opening hours", default: "9 to 5", value: "9 to 5", changed: false },
  { name: "signoff", label: "Sign-off", default: "The team", value: "The team", changed: false },
];
const copy = {
  brandTemplateId: "brt_1",
  name: "Hours",
  body: "We are open {{location.hours}}. {{signoff}}",
  rendered: "We are open 9 to 5. The team",
  version: 2,
  slots,
};
const packRule = (over: Record<string, unknown>) => ({
  ruleId: "rul_1",
  packId: "rpk_1",
  packName: "HQ basics",
  key: "thanks",
  name: "Thanks note",
  locked: true,
  mayTurnOff: true,
  enabled: true,
  version: 1,
  ...over,
});

describe("locations for HQ", () => {
  it("lists locations by region with their inboxes and moves one to another region", async () => {
    const api = fakeApi({
      "GET /v1/locations": [ok(hqOrg), ok({ ...hqOrg, locations: [hqOrg.locations[0], { ...hqOrg.locations[1], regionId: "reg_bay" }] })],
      "GET /v1/admin/inboxes": ok({
        inboxes: [managedInbox({ id: "inb_main", name: "Main line" }), managedInbox({ id: "inb_air", name: "Airport desk", phoneNumber: "+16505550100" })],
      }),
      "GET /v1/admin/users": ok({ users: [] }),
      "PATCH /v1/locations/loc_air": ok({ location: { id: "loc_air", name: "Airport", regionId: "reg_bay", createdAt: at } }),
    });
    renderConsole(api, "#/admin/locations");
    const airport = (await screen.findAllByTestId("location")).find((el) => el.dataset.locationId === "loc_air")!;
    expect(within(airport).getByTestId("location-inbox-name").textContent).toBe("Airport desk (+16505550100)");
    await userEvent.selectOptions(within(airport).getByLabelText("Region of Airport"), "Bay Area");
    await waitFor(() => expect(screen.getByRole("list", { name: "Locations in Bay Area" }).textContent).toContain("Airport"));
    expect(api.writes()).toEqual([{ method: "PATCH", path: "/v1/locations/loc_air", body: { regionId: "reg_bay" } }]);
    expect(api.unexpected).toEqual([]);
  });

  it("saves an agent's staff roles as the whole list", async () => {
    const uma = teammate({ id: "usr_uma", name: "Uma Patel" });
    const api = fakeApi({
      "GET /v1/locations": ok(hqOrg),
      "GET /v1/admin/inboxes": ok({ inboxes: [] }),
      "GET /v1/admin/users": ok({ users: [uma, teammate({ id: "usr_otto", name: "Otto Admin", role: "admin" })] }),
      "GET /v1/users/usr_uma/staff-roles": ok({ roles: [{ role: "location_admin", locationId: "loc_main" }] }),
      "PUT /v1/users/usr_uma/staff-roles": (req) => ok(req.body),
    });
    renderConsole(api, "#/admin/locations");
    const card = await screen.findByTestId("staff-roles");
    const who = await within(card).findByLabelText("Teammate");
    expect(within(who).queryByText(/Otto Admin/)).toBeNull(); // admins act everywhere already
    await userEvent.selectOptions(who, "usr_uma");
    await within(card).findByText("Location admin of Downtown");
    await userEvent.selectOptions(within(card).getByLabelText("Role to add"), "Regional manager of Bay Area");
    await userEvent.click(within(card).getByRole("button", { name: "Add" }));
    await userEvent.click(within(card).getByRole("button", { name: "Remove: Location admin of Downtown" }));
    await userEvent.click(within(card).getByTestId("save-staff-roles"));
    await within(card).findByRole("status");
    expect(api.writes()).toEqual([
      { method: "PUT", path: "/v1/users/usr_uma/staff-roles", body: { roles: [{ role: "regional_manager", regionId: "reg_bay" }] } },
    ]);
  });
});

describe("brand templates for HQ", () => {
  it("pushes a new version to the locations chosen and shows which slots each location changed", async () => {
    const brand = {
      id: "brt_1",
      name: "Hours",
      body: copy.body,
      slots: slots.map(({ name, label, default: d }) => ({ name, label, default: d })),
      shortcut: null,
      locationIds: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
      copies: [
        {
          locationId: "loc_air",
          locationName: "Airport",
          slotValues: { "location.hours": "6am to midnight" },
          changedSlots: ["location.hours"],
          updatedAt: at,
        },
        { locationId: "loc_main", locationName: "Downtown", slotValues: {}, changedSlots: [], updatedAt: at },
      ],
    };
    const api = fakeApi({
      "GET /v1/locations": ok(hqOrg),
      "GET /v1/brand-templates": [ok({ brandTemplates: [brand] }), ok({ brandTemplates: [{ ...brand, version: 2, locationIds: ["loc_air"] }] })],
      "PATCH /v1/brand-templates/brt_1": (req) => ok({ brandTemplate: { ...brand, ...(req.body as object), version: 2 } }),
    });
    renderConsole(api, "#/admin/brand");
    const card = await screen.findByRole("article", { name: "Hours" });
    const rows = within(card).getAllByTestId("brand-copy");
    expect(rows.map((r) => r.textContent)).toEqual(["AirportOpening hours: 6am to midnight", "DowntownNone: HQ's defaults"]);
    await userEvent.click(within(card).getByRole("button", { name: "New version of Hours" }));
    const editor = screen.getByRole("form", { name: "New version of Hours" });
    await userEvent.type(within(editor).getByLabelText("Text"), " See you!");
    await userEvent.click(within(editor).getByLabelText("These locations:"));
    await userEvent.click(within(editor).getByLabelText("Airport"));
    await userEvent.click(within(editor).getByRole("button", { name: "Push new version" }));
    await waitFor(() => expect(screen.queryByRole("form", { name: "New version of Hours" })).toBeNull());
    expect(api.writes()).toEqual([
      {
        method: "PATCH",
        path: "/v1/brand-templates/brt_1",
        body: { name: "Hours", body: `${copy.body} See you!`, slots: brand.slots, locationIds: ["loc_air"] },
      },
    ]);
    expect(await within(screen.getByRole("article", { name: "Hours" })).findByText("Pushed to Airport")).toBeTruthy();
  });
});

describe("a location admin's console", () => {
  it("opens with only the sections the server lets a location admin use", async () => {
    const api = fakeApi({ "GET /v1/locations": ok(ariOrg), "GET /v1/admin/inboxes": ok({ inboxes: [] }), "GET /v1/admin/users": ok({ users: [] }) });
    renderConsole(api, "#/admin/users", ari);
    const nav = await screen.findByRole("navigation", { name: "Admin sections" });
    expect(
      within(nav)
        .getAllByRole("button")
        .map((b) => b.textContent),
    ).toEqual(["Inboxes", "Brand", "Rule packs"]);
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("Inboxes");
  });

  it("fills the editable slots of the location's copy; locked text stays read-only; a refusal shows in the server's words", async () => {
    const saved = { ...copy, rendered: "We are open 7 to 7. The team", slots: [{ ...slots[0]!, value: "7 to 7", changed: true }, slots[1]!] };
    const api = fakeApi({
      "GET /v1/locations": ok(ariOrg),
      "GET /v1/locations/loc_air/brand-templates": ok({ brandTemplates: [copy] }),
      "PATCH /v1/locations/loc_air/brand-templates/brt_1": [
        failure(400, "validation_failed", "slots.location.hours: a slot's text cannot contain {{ or }}"),
        ok({ brandTemplate: saved }),
      ],
    });
    renderConsole(api, "#/admin/brand", ari);
    const form = await screen.findByRole("form", { name: "Hours" });
    expect(within(form).getByTestId("brand-locked-text").textContent).toBe("We are open Opening hours. Sign-off");
    expect(within(form).queryByLabelText(/text/i)).toBeNull(); // no field for the locked text
    const hours = within(form).getByLabelText("Opening hours");
    await userEvent.clear(hours);
    await userEvent.type(hours, "7 to 7 {{{{x}}");
    await userEvent.click(within(form).getByRole("button", { name: "Save Hours" }));
    expect((await within(form).findByRole("alert")).textContent).toBe("slots.location.hours: a slot's text cannot contain {{ or }}");
    await userEvent.clear(hours);
    await userEvent.type(hours, "7 to 7");
    await userEvent.click(within(form).getByRole("button", { name: "Save Hours" }));
    await waitFor(() => expect(within(form).getByTestId("brand-rendered").textContent).toBe("We are open 7 to 7. The team"));
    expect(within(form).getByText(`Changed from HQ's "9 to 5"`)).toBeTruthy();
    expect(api.writes().at(-1)).toEqual({
      method: "PATCH",
      path: "/v1/locations/loc_air/brand-templates/brt_1",
      body: { slots: { "location.hours": "7 to 7", signoff: "The team" } },
    });
  });

  it("turns off a pack rule HQ allows, and cannot touch one HQ keeps on", async () => {
    const api = fakeApi({
      "GET /v1/locations": ok(ariOrg),
      "GET /v1/locations/loc_air/rule-packs": ok({
        rules: [packRule({}), packRule({ ruleId: "rul_2", key: "welcome", name: "Welcome note", mayTurnOff: false })],
      }),
      "PATCH /v1/locations/loc_air/rule-packs/rul_1": [
        failure(409, "conflict", "HQ no longer lets locations turn this rule off"),
        ok({ rule: packRule({ enabled: false }) }),
      ],
    });
    renderConsole(api, "#/admin/packs", ari);
    const welcome = await screen.findByRole("checkbox", { name: "Welcome note runs at this location" });
    expect((welcome as HTMLInputElement).disabled).toBe(true);
    const thanks = screen.getByRole("checkbox", { name: "Thanks note runs at this location" });
    await userEvent.click(thanks);
    expect((await screen.findByRole("alert")).textContent).toBe("HQ no longer lets locations turn this rule off");
    await waitFor(() => expect((thanks as HTMLInputElement).checked).toBe(true));
    await userEvent.click(thanks);
    await waitFor(() => expect((thanks as HTMLInputElement).checked).toBe(false));
    expect(api.writes()).toEqual([
      { method: "PATCH", path: "/v1/locations/loc_air/rule-packs/rul_1", body: { enabled: false } },
      { method: "PATCH", path: "/v1/locations/loc_air/rule-packs/rul_1", body: { enabled: false } },
    ]);
  });
});
