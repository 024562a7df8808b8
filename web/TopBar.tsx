// The app's top bar: who is signed in, the location switcher (reps of several locations), the admin
// console for owners and admins, signing out.
import { lazy, type ReactNode, Suspense, useState } from "react";
import type { User } from "~src/protocol/entities";
import { AwayToggle } from "~src/ui/common/AwayToggle";
import { useAfterFirstScreen } from "./use-after-first-screen";

// Asked only of agents, after the first screen: a chunk of its own (Dexie and zod: see there).
const LocationAdminCheck = lazy(() => import("./location-admin-check"));

interface Props {
  me: User;
  /** The list is on screen from the hosted worker's answers: the first screen is done. */
  listShown: boolean;
  adminOpen: boolean;
  onAdmin(): void;
  settingsOpen: boolean;
  onSettings(): void;
  onSignOut(): void;
  locationSwitcher?: ReactNode;
}

const mayAdminister = (me: User) => me.role === "owner" || me.role === "admin";

export function TopBar({ me, listShown, adminOpen, onAdmin, settingsOpen, onSettings, onSignOut, locationSwitcher }: Props) {
  const [administers, setAdministers] = useState(false);
  const askAboutLocations = useAfterFirstScreen(listShown) && me.role === "agent";
  const administersALocation = askAboutLocations && administers;
  return (
    <header className="web-top">
      {askAboutLocations && (
        <Suspense fallback={null}>
          <LocationAdminCheck me={me} onAnswer={setAdministers} />
        </Suspense>
      )}
      <a className="web-brand" href="#/" aria-label="Sidetext inbox">
        <span className="web-logo web-logo-small" aria-hidden="true">
          S
        </span>
        Sidetext
      </a>
      <span className="web-top-user" title={me.email}>
        {me.name}
      </span>
      {locationSwitcher}
      <AwayToggle />
      <a className="st-btn st-btn-small" data-testid="analytics-nav" href="#/analytics">
        Analytics
      </a>
      {(mayAdminister(me) || administersALocation) && (
        <button
          type="button"
          className={`st-btn st-btn-small${adminOpen ? " is-active" : ""}`}
          data-testid="admin-nav"
          aria-pressed={adminOpen}
          onClick={onAdmin}
        >
          Admin
        </button>
      )}
      <button
        type="button"
        className={`st-btn st-btn-small${settingsOpen ? " is-active" : ""}`}
        data-testid="settings-nav"
        aria-pressed={settingsOpen}
        onClick={onSettings}
      >
        Notifications
      </button>
      <button type="button" className="st-btn st-btn-small" data-testid="sign-out" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}
