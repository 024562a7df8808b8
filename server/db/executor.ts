import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema";

/** Repositories take a database or a transaction first, so services decide the transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
