// The line a conversation list shows under the contact: the latest message, inbound or outbound.
import type { Message } from "../../src/protocol/entities";

export const previewOf = (message: Pick<Message, "body" | "media">) =>
  message.body.trim() ? message.body.trim().slice(0, 140) : message.media.length ? "[media]" : "";
