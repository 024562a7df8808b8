// Options page entry: sign-in, account and connection state, preferences. Logic lives in src/options.
import { OptionsPage } from "~src/options/OptionsPage";
import { ClientProvider } from "~src/ui/common/client-context";
import { runtimeViewClient } from "~src/ui/common/runtime-client";
import "~src/options/options.css";

export default function Options() {
  return (
    <ClientProvider client={runtimeViewClient}>
      <OptionsPage />
    </ClientProvider>
  );
}
