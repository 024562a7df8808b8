// The contact's tags under the thread header: each one a chip with a remove button, and "+ Tag" to add one
// (Enter adds, Escape gives up). Tags are text, rendered as text. What the server refused is said in words.
import { useState } from "react";
import type { ContactTagsPatch } from "../../protocol/contact-tags";

export interface ContactTagsProps {
  tags: string[];
  /** Resolves to null when done, or the reason it was refused. Left out: the tags are shown, not editable. */
  onChange?(patch: ContactTagsPatch): Promise<string | null>;
}

export function ContactTags({ tags, onChange }: ContactTagsProps) {
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!onChange && tags.length === 0) return null;

  const change = async (patch: ContactTagsPatch) => {
    if (!onChange) return false;
    setBusy(true);
    const refused = await onChange(patch);
    setBusy(false);
    setError(refused);
    return refused === null;
  };
  const add = async () => {
    const tag = draft.trim();
    if (!tag) return setAdding(false);
    if (await change({ add: [tag] })) {
      setDraft("");
      setAdding(false);
    }
  };

  return (
    <div className="st-hstack st-contact-tags" data-testid="contact-tags" aria-busy={busy || undefined} style={{ flexWrap: "wrap", padding: "2px 12px 6px" }}>
      {tags.map((tag) => (
        <span key={tag} className="st-chip" data-testid="contact-tag">
          {tag}
          {onChange && (
            <button
              type="button"
              className="st-link"
              aria-label={`Remove tag ${tag}`}
              title={`Remove tag ${tag}`}
              disabled={busy}
              onClick={() => change({ remove: [tag] })}
            >
              {" ×"}
            </button>
          )}
        </span>
      ))}
      {onChange &&
        (adding ? (
          <input
            className="st-chip"
            aria-label="New tag (Enter adds it, Escape cancels)"
            placeholder="tag, then Enter"
            maxLength={40}
            value={draft}
            disabled={busy}
            // The rep just clicked "+ Tag" to type one.
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void add();
              } else if (e.key === "Escape") {
                setAdding(false);
                setDraft("");
                setError(null);
              }
            }}
            onBlur={() => !draft.trim() && setAdding(false)}
          />
        ) : (
          <button type="button" className="st-link" data-testid="add-tag" onClick={() => setAdding(true)}>
            + Tag
          </button>
        ))}
      {error && (
        <span className="st-bubble-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
