// Commands that change a conversation (assign, status, snooze) as react-query mutations: pending while the
// worker works, the worker's typed error when it refuses, and a retry with the same change. The change shows
// at once in every cached snapshot that lists the conversation and is put back if the command fails; a
// snapshot the worker pushed meanwhile is newer than both and stays.
import { useMutation, useQueryClient, type QueryClient, type QueryKey } from "@tanstack/react-query";
import type { ConversationPatch } from "../../protocol/api";
import type { Conversation } from "../../protocol/entities";
import type { CommandData, CommandError, CommandOf, CommandType } from "../../protocol/messages";
import type { SubscriptionState } from "./client";
import { useClient, type ViewClient } from "./client-context";

/** A command the worker answered with an error: thrown so react-query marks the mutation failed. */
class CommandFailed extends Error {
  constructor(readonly error: CommandError) {
    super(error.message);
  }
}

async function run<T extends CommandType>(client: ViewClient, command: CommandOf<T>): Promise<CommandData[T]> {
  const result = await client.send(command);
  if (!result.ok) throw new CommandFailed(result.error);
  return result.data;
}

type Cached = SubscriptionState<{ conversation?: Conversation | null; conversations?: Conversation[] }>;

/** Applies `patch` to the conversation in every cached topic showing it; returns how to undo that. */
function patchCachedConversation(queries: QueryClient, conversationId: string, patch: ConversationPatch): () => void {
  const change = (c: Conversation) => (c.id === conversationId ? { ...c, ...patch } : c);
  const written: Array<{ key: QueryKey; before: Cached; after: Cached }> = [];
  for (const [key, before] of queries.getQueriesData<Cached>({ queryKey: ["topic"] })) {
    const data = before?.data;
    if (!before || !data) continue;
    const inThread = data.conversation?.id === conversationId;
    const inList = !!data.conversations?.some((c) => c.id === conversationId);
    if (!inThread && !inList) continue;
    const next = { ...data };
    if (inThread) next.conversation = change(data.conversation!);
    if (inList) next.conversations = data.conversations!.map(change);
    const after = { ...before, data: next } as Cached;
    queries.setQueryData(key, after);
    written.push({ key, before, after });
  }
  return () => {
    for (const { key, before, after } of written) if (queries.getQueryData(key) === after) queries.setQueryData(key, before);
  };
}

export interface UpdateInput {
  conversationId: string;
  patch: ConversationPatch;
}

/** `conversation.update` with its pending, error and retry states, shown optimistically. */
export function useConversationUpdate() {
  const client = useClient();
  const queries = useQueryClient();
  return useMutation<CommandData["conversation.update"], CommandFailed, UpdateInput, { undo(): void }>({
    mutationFn: ({ conversationId, patch }) => run(client, { type: "conversation.update", conversationId, ...patch }),
    onMutate: ({ conversationId, patch }) => ({ undo: patchCachedConversation(queries, conversationId, patch) }),
    onError: (_error, _input, context) => context?.undo(),
  });
}
