// Toolbar popup entry: wires the shared PopupApp to the worker client. Logic lives in src/ui.
import { siteAccess } from "~src/platform/site-access";
import { tabs } from "~src/platform/tabs";
import { ClientProvider } from "~src/ui/common/client-context";
import { runtimeViewClient } from "~src/ui/common/runtime-client";
import { PopupApp } from "~src/ui/popup/PopupApp";
import "~src/ui/common/sidetext.css";

const openSignIn = () => void tabs.open(tabs.extensionUrl("options.html"));

export default function Popup() {
  return (
    <ClientProvider client={runtimeViewClient}>
      <PopupApp onSignIn={openSignIn} requestOrigin={siteAccess.requestOrigin} />
    </ClientProvider>
  );
}
