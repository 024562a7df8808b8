// Instant search over the cache. ↑/↓/Enter go to the list so the rep never leaves the keyboard.
export function SearchBox({ value, onChange, onNavigate }: { value: string; onChange(v: string): void; onNavigate(key: string): void }) {
  return (
    <label className="st-search">
      <span className="st-sr">Search by name, number or message</span>
      <input
        type="search"
        data-testid="search"
        placeholder="Search name, number, text"
        value={value}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp" || e.key === "Enter") {
            e.preventDefault();
            onNavigate(e.key);
          } else if (e.key === "Escape" && value) {
            e.preventDefault();
            e.stopPropagation();
            onChange("");
          }
        }}
      />
    </label>
  );
}

/** Says what the search covered: message text only in conversations opened on this device. */
export function SearchScope({ fromText, searched }: { fromText: number; searched: number }) {
  const where = `message text searched in the ${searched} conversation${searched === 1 ? "" : "s"} opened on this device only`;
  return (
    <div className="st-search-scope" role="status" data-testid="search-scope">
      {fromText > 0 ? `${fromText} more found in cached messages — ${where}` : `Names, numbers and previews searched; ${where}`}
    </div>
  );
}
