// The Inbox API's location calls (server/locations/locations.routes.ts), for the worker's transfer commands.
import type { z } from "zod";
import { TransferResponse, TransferTargetsResponse } from "../protocol/locations";
import type { ApiResult } from "./errors";

type Call = <S extends z.ZodType>(method: "get" | "post" | "patch", path: string, schema: S, init?: { json?: unknown }) => Promise<ApiResult<z.infer<S>>>;

export const locationsApi = (call: Call) => ({
  transferTargets: () => call("get", "v1/transfer-targets", TransferTargetsResponse),
  transfer: (conversationId: string, inboxId: string) =>
    call("post", `v1/conversations/${encodeURIComponent(conversationId)}/transfer`, TransferResponse, { json: { inboxId } }),
});
