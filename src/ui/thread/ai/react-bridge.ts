// The on-demand AI chunks use the React of the page that loaded them. Parcel (the extension's bundler) gives a
// lazily imported chunk its own copy of every module it imports, React included, and hooks called on a second
// copy fail ("Invalid hook call"); the same goes for a React context such as the view client's. So chunk files
// import React only as a type, reach hooks through `react` (set by AiSlots.tsx when the chunk loads), and get the
// view client as a prop. The JSX runtime may be copied: it only makes element objects.
import type * as React from "react";

export let react: typeof React;

export function adoptReact(host: typeof React): void {
  react = host;
}
