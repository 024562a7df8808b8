// The web app's #/invite/<token> screen: the accept form, then a sign-in through the hosted worker with the
// password just chosen, as web/SignIn.tsx does; the app then opens the inbox.
import { useClient } from "../../src/ui/common/client-context";
import { AcceptInvite } from "./AcceptInvite";

export function JoinByInvite({ token }: { token: string }) {
  const { send } = useClient();
  return (
    <AcceptInvite
      baseUrl={location.origin}
      inviteToken={token}
      onJoined={async ({ user, password }) => {
        // The link is used up: from here on the address is the inbox's (a reload shows sign-in, not a dead link).
        history.replaceState(history.state, "", "#/");
        const res = await send({ type: "auth.signIn", serverUrl: location.origin, email: user.email, password });
        if (!res.ok) throw new Error(`You joined, but signing in failed: ${res.error.message} Sign in with your email and new password.`);
      }}
    />
  );
}
