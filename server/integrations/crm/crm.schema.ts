// The CRM tables (migration 090_crm), typed here beside the code that uses them rather than in db/schema.ts.
import type { Kysely, Transaction } from "kysely";
import type { Executor } from "../../db/executor";
import type { JobColumns } from "../../db/job-columns";

export interface CrmConnectionTable {
  id: string;
  provider: string; // hubspot | salesforce | pipedrive
  label: string;
  apiBase: string;
  credentialsEncrypted: string;
  logMode: string; // messages | transcript | both
  /** JSON: CRM property name → contact attribute name. */
  fieldMap: string;
  /** JSON: what connecting learned (Pipedrive's SMS activity type key, Salesforce's instance URL). */
  state: string;
  createdAt: string;
  updatedAt: string;
}
export interface CrmCursorTable {
  id: number;
  position: number;
}
export interface CrmJobTable extends JobColumns {
  id: string;
  connectionId: string;
  kind: string; // message | note | transcript | contact
  entityId: string;
  status: string; // pending | done | failed
  /** Raised each time the entity changes again; a run finishes the job only if nobody raised it meanwhile. */
  version: number;
  /** The feed position of the event that asked for the job: claims take a conversation's jobs in feed order. */
  position: number;
}
export interface CrmRecordTable {
  connectionId: string;
  /** Our message, note or conversation (transcript) id. */
  entityId: string;
  crmRecordId: string;
  updatedAt: string;
}
export interface CrmContactLinkTable {
  connectionId: string;
  contactId: string;
  crmType: string;
  crmId: string;
  companyId: string | null;
  url: string;
  syncedAt: string;
}
export interface CrmTables {
  crmConnection: CrmConnectionTable;
  crmCursor: CrmCursorTable;
  crmJob: CrmJobTable;
  crmRecord: CrmRecordTable;
  crmContactLink: CrmContactLinkTable;
}
export type CrmDb = Kysely<CrmTables> | Transaction<CrmTables>;

/** The same connection seen with the CRM tables' types. */
export const crmDb = (db: Executor) => db as unknown as CrmDb;
