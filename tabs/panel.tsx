// Side panel entry (tabs/panel.html, framed by the CRM content script): the shared PanelApp over the
// worker client. The record comes from the `record` topic of this page's own tab.
import { tabs } from "~src/platform/tabs";
import { ClientProvider } from "~src/ui/client-context";
import { runtimeViewClient } from "~src/ui/hooks";
import { PanelApp } from "~src/ui/PanelApp";
import "~src/ui/sidetext.css";

const openSignIn = () => void tabs.open(tabs.extensionUrl("options.html"));

export default function Panel() {
  return (
    <ClientProvider client={runtimeViewClient}>
      <PanelApp onSignIn={openSignIn} />
    </ClientProvider>
  );
}
