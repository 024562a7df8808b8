// An internal note: never sent to the customer, so it looks nothing like a bubble.
import type { Note, User } from "../../protocol/entities";
import { bubbleTime, fullTime } from "../common/format";

export function NoteItem({ note, author }: { note: Note; author?: User | null }) {
  return (
    <div className="st-note-row" data-testid="note">
      <div className="st-note">
        <div className="st-note-head">
          <span className="st-note-tag">Internal note</span> {author?.name ?? "A teammate"}
          <span className="st-note-time" title={fullTime(note.createdAt)}>
            {" "}
            · {bubbleTime(note.createdAt)}
          </span>
        </div>
        <p className="st-bubble-text">{note.body}</p>
      </div>
    </div>
  );
}
