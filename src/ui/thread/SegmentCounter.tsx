// "42 / 160 · 1 SMS": what the draft costs, and why when an emoji or curly quote switched it to UCS-2.
import { useMemo } from "react";
import { countSegments } from "../../core/segments";

export function SegmentCounter({ text }: { text: string }) {
  const count = useMemo(() => countSegments(text), [text]);
  const ucs = count.encoding === "UCS-2";
  const title = ucs
    ? `Unicode (UCS-2) because of ${count.nonGsm.slice(0, 5).join(" ")}: ${count.segments > 1 ? 67 : 70} characters per SMS`
    : "GSM-7: 160 characters in one SMS, 153 per part when longer";
  return (
    <span className={`st-counter ${count.segments > 1 ? "is-multi" : ""}`} data-testid="segments" title={title} aria-live="polite">
      {count.characters} chars · {count.segments} SMS{ucs && text ? " · Unicode" : ""}
      <span className="st-sr"> ({count.remaining} left in this part)</span>
    </span>
  );
}
