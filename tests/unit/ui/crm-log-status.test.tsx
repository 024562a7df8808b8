// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, it, vi } from "vitest";
import { MessageBubble } from "../../../src/ui/thread/MessageBubble";
import { message } from "../../support/ui-fixtures";

afterEach(cleanup);

const sent = message("cv_1", "outbound", "See you at 3", { id: "m_1", status: "delivered" });
const entry = { entityId: "m_1", connectionId: "crm_1", crmRecordId: null } as const;

it("shows 'Logged to HubSpot ✓' under a message the CRM accepted", () => {
  render(<MessageBubble message={sent} crmLog={[{ ...entry, provider: "hubspot", status: "logged", crmRecordId: "1001" }]} />);
  expect(screen.getByTestId("crm-log-status").textContent).toBe("Logged to HubSpot ✓");
});

it("shows a failure's reason as text with a Retry button that asks to log that message again", async () => {
  const onRetry = vi.fn();
  render(
    <MessageBubble message={sent} crmLog={[{ ...entry, provider: "salesforce", status: "failed", error: "<b>INVALID_FIELD</b>" }]} onRetryCrmLog={onRetry} />,
  );
  expect(screen.getByTestId("crm-log-status").textContent).toContain("Not logged to Salesforce: <b>INVALID_FIELD</b> — Retry");
  expect(screen.getByTestId("crm-log-status").querySelector("b")).toBeNull();
  await userEvent.click(screen.getByRole("button", { name: "Retry" }));
  expect(onRetry).toHaveBeenCalledWith("m_1");
});

it("shows nothing when no CRM is connected", () => {
  render(<MessageBubble message={sent} crmLog={[]} />);
  expect(screen.queryByTestId("crm-log-status")).toBeNull();
});
