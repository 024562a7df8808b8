// The list's tag filter: type a tag or pick one of those on cached contacts (most used first), Enter applies it,
// Escape or × clears it. The list then shows only conversations whose contact has the tag — from the cache at
// once, and the worker also asks the server for tagged threads the cache does not hold.
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from "react";
import type { Contact } from "../../protocol/entities";
import { useClient } from "../common/client-context";

interface Props {
  tag: string;
  onTagChange(tag: string): void;
  /** The listed contacts: their tags are offered at once, before the worker's full list of cached tags. */
  contacts: Record<string, Contact>;
}

/** The server's spelling of a tag (src/protocol/contact-tags.ts): trimmed, lowercase. */
const normalise = (raw: string) => raw.trim().toLowerCase();
// The same rule as the protocol's Tag, without bundling zod into the popup: the worker refuses anything else.
const TAG_RULE = /^[\p{L}\p{N}][\p{L}\p{N} _.:/-]*$/u;

function useCachedTags(contacts: Record<string, Contact>): string[] {
  const client = useClient();
  const [cached, setCached] = useState<string[]>([]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: contacts: asked again when the listed contacts change (a tag added in a thread).
  useEffect(() => {
    let live = true;
    void client.send({ type: "tags.list" }).then((res) => {
      if (live && res.ok && res.data) setCached(res.data.tags);
    });
    return () => {
      live = false;
    };
  }, [client, contacts]);
  return useMemo(() => {
    const listed = Object.values(contacts).flatMap((c) => c.tags ?? []);
    return [...new Set([...cached, ...listed])];
  }, [cached, contacts]);
}

export function TagFilter({ tag, onTagChange, contacts }: Props) {
  const tags = useCachedTags(contacts);
  const [text, setText] = useState("");
  const [refusal, setRefusal] = useState<string | null>(null);
  const listId = useId();
  const apply = (raw: string) => {
    const next = normalise(raw);
    if (next && !TAG_RULE.test(next)) return setRefusal("A tag starts with a letter or digit; then letters, digits, spaces and _ . : / - only.");
    setRefusal(null);
    if (next) onTagChange(next);
    setText("");
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      apply(text);
    } else if (e.key === "Escape" && (text || tag)) {
      // Escape clears here first; the popup's own Escape (back to the list) is not wanted on the list.
      e.preventDefault();
      e.stopPropagation();
      if (text) setText("");
      else onTagChange("");
    }
  };

  if (tag) {
    return (
      <span className="st-chip st-tag-filter-on" data-testid="tag-filter-chip">
        Tag: {tag}
        <button type="button" className="st-chip-x" data-testid="tag-filter-clear" aria-label={`Clear the tag filter ${tag}`} onClick={() => onTagChange("")}>
          ×
        </button>
      </span>
    );
  }
  return (
    <label className="st-control">
      <span className="st-sr">Filter by tag (Enter applies)</span>
      <input
        data-testid="tag-filter"
        className="st-tag-filter"
        type="search"
        placeholder="Tag…"
        list={listId}
        value={text}
        maxLength={40}
        onChange={(e) => {
          // Picking a suggestion (not typing) fills the whole tag: apply it at once. Typing "vip" never jumps
          // ahead of "vip-gold"; Enter applies what was typed.
          const native = e.nativeEvent as Partial<InputEvent>;
          const picked = native.inputType === undefined || native.inputType === "insertReplacementText";
          if (picked && tags.includes(e.target.value)) apply(e.target.value);
          else setText(e.target.value);
          setRefusal(null);
        }}
        onKeyDown={onKey}
        aria-invalid={!!refusal}
        aria-describedby={refusal ? `${listId}-refusal` : undefined}
      />
      {refusal && (
        <span id={`${listId}-refusal`} className="st-hint is-error" role="alert" data-testid="tag-filter-refusal">
          {refusal}
        </span>
      )}
      <datalist id={listId} data-testid="tag-filter-options">
        {tags.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
    </label>
  );
}
