// Chrome's side panel entry (options: "Dock: Chrome side panel"): the same PanelApp as inside CRM pages,
// following the record of the active tab in this window. Logic lives in src/ui.
import { useEffect, useState } from "react";
import { recentRecords, sharing, warmRecordsOf } from "~src/crm/panel-recent";
import { pageTabs } from "~src/platform/page-tabs";
import { siteAccess } from "~src/platform/site-access";
import { tabs } from "~src/platform/tabs";
import { createClient, type SidetextClient } from "~src/ui/common/client";
import { ClientProvider, viewClientOver } from "~src/ui/common/client-context";
import { PanelApp } from "~src/ui/panel/PanelApp";
import { EmptyState } from "~src/ui/common/EmptyState";
import { EnableSiteOffer } from "~src/ui/common/EnableSiteOffer";
import "~src/ui/common/sidetext.css";

// One worker subscription per topic (sharing): the views and the recent records below share them. This page
// outlives the CRM tab's loads, so it keeps the last few records' phone and thread warm (src/crm/panel-recent.ts):
// back on one of them, the thread renders from the cache when the record snapshot comes, with no round trip.
let port: SidetextClient | null = null;
const portClient = () => (port ??= sharing(createClient()));
const sideClient = viewClientOver(portClient);
const subscribe: SidetextClient["subscribe"] = (topic, listener) => portClient().subscribe(topic, listener);
const recent = recentRecords({ queries: sideClient.queries, subscribe });

const openSignIn = () => void tabs.open(tabs.extensionUrl("options.html"));
// With this dock the toolbar button opens the side panel, so the whole inbox is opened from here.
const openInbox = () => void pageTabs.openWindow(tabs.extensionUrl("popup.html"), { width: 420, height: 640 });

/** The active tab's id, updated when the rep switches tabs or windows; null while none (or unknown). */
function useActiveTabId(): number | null | undefined {
  const [tabId, setTabId] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    const update = () => void pageTabs.activeWebTab().then((tab) => setTabId(tab?.id ?? null));
    update();
    return pageTabs.onActivated(update);
  }, []);
  return tabId;
}

const inbox = (
  <button type="button" className="st-link" data-testid="open-inbox" onClick={openInbox}>
    Open the whole inbox
  </button>
);
// The toolbar button opens this panel instead of the popup, so "Enable Sidetext on <host>" is offered here too.
const offer = <EnableSiteOffer requestOrigin={siteAccess.requestOrigin} />;

export default function SidePanel() {
  const tabId = useActiveTabId();
  useEffect(() => (typeof tabId === "number" ? warmRecordsOf(subscribe, recent, { type: "record", tabId }) : undefined), [tabId]);
  return (
    <ClientProvider client={sideClient}>
      {tabId === null ? (
        <div className="st-app st-panel">
          {offer}
          <EmptyState title="Open a contact in your CRM" hint="The side panel shows the team's texts for the record in the active tab." action={inbox} />
        </div>
      ) : tabId === undefined ? null : (
        <PanelApp
          key={tabId}
          onSignIn={openSignIn}
          recordTopic={{ type: "record", tabId }}
          footer={
            <>
              {inbox}
              {offer}
            </>
          }
        />
      )}
    </ClientProvider>
  );
}
