// Creates from many lines sent as one request (HubSpot's batch create, ≤ 100 inputs): each line awaits its
// own record's id, so it moves on to its contact's next job only once this one is made (order kept), while
// every line waiting at the same moment shares the request. A failed request fails each of its creates with
// the same reason (a 429 is the whole request's).
import { CrmFailure, type CrmAdapter, type CrmLogEntry } from "./crm-adapter";

const MAX_INPUTS = 100;

interface Waiting {
  key: string;
  entry: CrmLogEntry;
  resolve: (id: string) => void;
  reject: (err: unknown) => void;
}

export class CreateBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly adapter: CrmAdapter) {}

  create(key: string, entry: CrmLogEntry): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, entry, resolve, reject });
      if (this.waiting.length >= MAX_INPUTS) this.send();
      else if (!this.scheduled) {
        this.scheduled = true;
        // After this turn's other lines have reached their create too.
        setImmediate(() => {
          this.scheduled = false;
          this.send();
        });
      }
    });
  }

  private send(): void {
    const taken = this.waiting.splice(0, MAX_INPUTS);
    if (taken.length === 0) return;
    this.adapter.createLogs!(taken.map(({ key, entry }) => ({ key, entry }))).then(
      (ids) => {
        for (const w of taken) {
          const id = ids.get(w.key);
          if (id) w.resolve(id);
          else w.reject(new CrmFailure("The CRM's batch answer had no record for this entry", true));
        }
      },
      (err) => {
        for (const w of taken) w.reject(err);
      },
    );
  }
}
