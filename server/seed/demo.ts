import type { ServerContext } from "../context";

// Placeholder until the demo seed is built.
export async function seedDemo(_ctx: ServerContext) {}
