// Toolbar popup entry: wires the shared PopupApp to the worker client. Logic lives in src/ui.
import { siteAccess } from "~src/platform/site-access";
import { tabs } from "~src/platform/tabs";
import { ClientProvider } from "~src/ui/client-context";
import { runtimeViewClient } from "~src/ui/runtime-client";
import { PopupApp } from "~src/ui/PopupApp";
import "~src/ui/sidetext.css";

const openSignIn = () => void tabs.open(tabs.extensionUrl("options.html"));

export default function Popup() {
  return (
    <ClientProvider client={runtimeViewClient}>
      <PopupApp onSignIn={openSignIn} requestOrigin={siteAccess.requestOrigin} />
    </ClientProvider>
  );
}
