import { describe, expect, it } from "vitest";
import { adapterFor } from "~src/crm/pick-adapter";

describe("adapterFor", () => {
  it.each([
    ["acme.lightning.force.com", "salesforce"],
    ["acme--sandbox.sandbox.lightning.force.com", "salesforce"],
    ["acme.my.salesforce.com", "salesforce"],
    ["app.hubspot.com", "hubspot"],
    ["app-eu1.hubspot.com", "hubspot"],
    ["acme-logistics.pipedrive.com", "pipedrive"],
    ["crm.zoho.com", "zoho"],
    ["crm.zoho.eu", "zoho"],
    ["crm.zoho.com.au", "zoho"],
    ["app.close.com", "close"],
    ["www.hubspot.com", "generic"],
    ["close.com", "generic"],
    ["evil-lightning.force.com.example.org", "generic"],
    ["portal.example.com", "generic"],
  ])("%s → %s", (hostname, type) => {
    expect(adapterFor({ hostname }).type).toBe(type);
  });
});

describe("record keys", () => {
  const key = (href: string) => {
    const url = new URL(href);
    return adapterFor(url).key(url);
  };

  it.each([
    ["https://acme.lightning.force.com/lightning/r/Contact/0035e00000AbCdEAAV/view", "https://acme.lightning.force.com/lightning/r/Contact/0035e00000AbCdEAAV"],
    [
      "https://acme.lightning.force.com/lightning/r/Contact/0035e00000AbCdEAAV/related/Cases/view",
      "https://acme.lightning.force.com/lightning/r/Contact/0035e00000AbCdEAAV",
    ],
    ["https://acme.lightning.force.com/lightning/o/Contact/list", null],
    ["https://app.hubspot.com/contacts/2456789/record/0-1/51234/view/1", "https://app.hubspot.com/contacts/2456789/record/0-1/51234"],
    ["https://acme.pipedrive.com/person/1042#activity", "https://acme.pipedrive.com/person/1042"],
    ["https://crm.zoho.com/crm/org712345678/tab/Leads/4876876000002000001", "https://crm.zoho.com/crm/org712345678/tab/Leads/4876876000002000001"],
    ["https://app.close.com/lead/lead_8xKq2mVtRz1aB3cD4eF5gH/", "https://app.close.com/lead/lead_8xKq2mVtRz1aB3cD4eF5gH"],
    ["https://portal.example.com/customers/42#notes", "https://portal.example.com/customers/42"],
    // An app that routes by hash shows one record per hash route: each is its own key.
    ["https://crm.example.org/#/contacts/12/show", "https://crm.example.org/#/contacts/12/show"],
    ["https://crm.example.org/#/contacts/13/show", "https://crm.example.org/#/contacts/13/show"],
    ["https://crm.example.org/app#!/deal/4", "https://crm.example.org/app#!/deal/4"],
  ])("%s", (href, expected) => {
    expect(key(href)).toBe(expected);
  });
});
