// The organisation's tables (migration 160_locations), part of the server's Database type (db/schema.ts).

/** 160: the organisation (one row, id 1): its name, shown as "HQ". */
export interface OrganisationTable {
  id: number;
  name: string;
  updatedAt: string;
}
/** 160: a group of locations (optional). */
export interface RegionTable {
  id: string;
  name: string;
  createdAt: string;
}
/** 160: a franchise location; every inbox belongs to one (inbox.locationId). */
export interface LocationTable {
  id: string;
  name: string;
  regionId: string | null;
  createdAt: string;
}
/** 160: a scoped role: regional_manager (regionId set) or location_admin (locationId set). */
export interface StaffRoleTable {
  userId: string;
  role: string;
  regionId: string | null;
  locationId: string | null;
  createdAt: string;
}

export interface LocationTables {
  organisation: OrganisationTable;
  region: RegionTable;
  location: LocationTable;
  staffRole: StaffRoleTable;
}
