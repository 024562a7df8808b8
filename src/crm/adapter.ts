// One adapter per CRM: which hosts it serves, which URL is one record, how to read it, and which DOM
// changes may change what it reads. A discriminated union on `type`.
import type { CrmSource } from "~src/protocol/record";
import type { PageLocation, ReadRecord } from "./page";

interface AdapterBase {
  /** The record a URL shows, as a stable key (null: not a record page); navigation within it keeps the panel. */
  key(location: PageLocation): string | null;
  read: ReadRecord;
}

export interface SiteAdapter extends AdapterBase {
  type: Exclude<CrmSource, "generic">;
  hosts: RegExp;
  /** Only mutations inside or adding these elements can change the record: others never trigger a re-scan. */
  watch: string;
}

export interface GenericAdapter extends AdapterBase {
  type: "generic";
  watch: null;
}

export type Adapter = SiteAdapter | GenericAdapter;

/** A key function from a site's record-path pattern: origin + the matched path. */
export function keyFromPath(pattern: RegExp): (location: PageLocation) => string | null {
  return (location) => {
    const match = pattern.exec(location.pathname);
    return match ? new URL(location.href).origin + match[0].replace(/\/$/, "") : null;
  };
}
