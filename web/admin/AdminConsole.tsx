// The admin console (owners and admins): users, inboxes, templates and workspace settings, every change
// through the Inbox API. Mounted by the web app at #/admin (web/AdminRoute.tsx); #/admin/<section> opens a
// section directly. It brings its own react-query client: its lists are not the rep views' cache.
// Regional managers and location admins (agents with staff roles, issue 18) get the sections marked `staff`.
import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { User } from "../../src/protocol/entities";
import { EmptyState, Loading } from "../../src/ui/common/EmptyState";
import { createAdminApi } from "./admin-api";
import { AdminContext, useAdmin } from "./admin-context";
import { InboxesSection } from "./inboxes/InboxesSection";
import { SettingsSection } from "./settings/SettingsSection";
import { TemplatesSection } from "./templates/TemplatesSection";
import { UsersSection } from "./users/UsersSection";
import { CrmConnectionsSection } from "./crm/CrmConnectionsSection";
import { WebhooksSection } from "./webhooks/WebhooksSection";
import { ApiKeysSection } from "./api-keys/ApiKeysSection";
import { AiSection } from "./ai/AiSection";
import { RulesSection } from "./rules/RulesSection";
import { AuditSection } from "./audit/AuditSection";
import { LocationsSection } from "./locations/LocationsSection";
import { BrandSection } from "./brand/BrandSection";
import { RulePacksSection } from "./packs/RulePacksSection";
import { LOCATIONS } from "./locations/org-queries";
import "./admin.css";

const sections = {
  users: { label: "Users", View: UsersSection },
  inboxes: { label: "Inboxes", View: InboxesSection, staff: true },
  locations: { label: "Locations", View: LocationsSection },
  brand: { label: "Brand", View: BrandSection, staff: true },
  packs: { label: "Rule packs", View: RulePacksSection, staff: true },
  templates: { label: "Templates", View: TemplatesSection },
  settings: { label: "Workspace", View: SettingsSection },
  crm: { label: "CRM", View: CrmConnectionsSection },
  webhooks: { label: "Webhooks", View: WebhooksSection },
  apikeys: { label: "API keys", View: ApiKeysSection },
  ai: { label: "AI", View: AiSection },
  rules: { label: "Rules", View: RulesSection },
  audit: { label: "Audit", View: AuditSection },
} as const;
type SectionName = keyof typeof sections;
// A regional manager or location admin (an agent with staff roles) gets the sections the server lets them use.
const staffSections = (Object.keys(sections) as SectionName[]).filter((name) => "staff" in sections[name]);

const sectionFromHash = (hash: string, open: SectionName[]): SectionName => {
  const name = /^#\/admin\/(\w+)/.exec(hash)?.[1] as SectionName | undefined;
  return name && open.includes(name) ? name : open[0]!;
};

export function AdminConsole(props: { baseUrl: string; token: string; me: User; fetch?: typeof fetch }) {
  const { baseUrl, token, me } = props;
  const env = useMemo(() => ({ api: createAdminApi({ baseUrl, token, fetch: props.fetch }), me }), [baseUrl, token, me, props.fetch]);
  // Failures show at once with "Try again": a silent retry would only delay the sentence that says what to do.
  const [queries] = useState(() => new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } }));
  return (
    <QueryClientProvider client={queries}>
      <AdminContext.Provider value={env}>
        {me.role === "agent" ? <StaffGate /> : <Console open={Object.keys(sections) as SectionName[]} />}
      </AdminContext.Provider>
    </QueryClientProvider>
  );
}

/** An agent enters only as an admin of some location (GET /v1/locations says which they administer). */
function StaffGate() {
  const { api } = useAdmin();
  const org = useQuery({ queryKey: LOCATIONS, queryFn: api.locations });
  if (org.isPending) return <Loading label="Opening the admin console…" />;
  if (org.error) return <EmptyState title="Could not open the admin console" hint={`${org.error.message} Reload the page to try again.`} />;
  if (!org.data.locations.some((l) => l.administered))
    return <EmptyState title="Only owners and admins manage the workspace" hint="Ask an owner of your workspace for a change." />;
  return <Console open={staffSections} />;
}

function Console({ open: names }: { open: SectionName[] }) {
  const [section, setSection] = useState<SectionName>(() => sectionFromHash(location.hash, names));
  const open = (name: SectionName) => {
    setSection(name);
    history.replaceState(history.state, "", `#/admin/${name}`);
  };
  const { View } = sections[section];
  return (
    <>
      {/* A div: the page's region around it is already named "Admin console" (WebInbox), and two would be one too many. */}
      <div className="adm" data-testid="admin-console">
        <header className="adm-head">
          <h1 id="adm-title">Admin console</h1>
          <nav aria-label="Admin sections" className="adm-nav">
            {names.map((name) => (
              <button
                key={name}
                type="button"
                className="adm-tab"
                aria-current={section === name ? "page" : undefined}
                onClick={() => open(name)}
                data-testid={`admin-section-${name}`}
              >
                {sections[name].label}
              </button>
            ))}
          </nav>
        </header>
        <div className="adm-body">
          <View />
        </div>
      </div>
    </>
  );
}
