// Photos and files for the next reply: "Attach" opens the device's picker (camera roll on a phone), each file
// uploads at once (POST /v1/media) and shows as a thumbnail; the reply then goes out as an MMS with their ids.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ComposerAttachments } from "~src/ui/common/types";
import { type UploadResult, uploadMedia } from "./upload-media";

/** What a carrier takes in one MMS. */
const MAX_FILES = 10;
/** Photos, and the other types carriers accept for MMS (the server has the last word). */
const ACCEPT = "image/jpeg,image/png,image/gif,video/mp4,video/3gpp,audio/mpeg,audio/amr,application/pdf,text/vcard,text/x-vcard";

interface Picked {
  key: number;
  file: File;
  preview: string | null;
  state: "uploading" | "ready" | "failed";
  mediaId: string | null;
  error: string | null;
}

export function useAttachments(upload: (file: File) => Promise<UploadResult> = uploadMedia): ComposerAttachments {
  const [items, setItems] = useState<Picked[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const nextKey = useRef(1);
  const previews = useRef(new Set<string>());
  useEffect(
    () => () => {
      for (const url of previews.current) URL.revokeObjectURL(url);
    },
    [],
  );

  const release = useCallback((item: Picked) => {
    if (!item.preview) return;
    URL.revokeObjectURL(item.preview);
    previews.current.delete(item.preview);
  }, []);

  const pick = useCallback(
    (files: FileList | null) => {
      for (const file of [...(files ?? [])].slice(0, MAX_FILES)) {
        const preview = file.type.startsWith("image/") ? URL.createObjectURL(file) : null;
        if (preview) previews.current.add(preview);
        const item: Picked = { key: nextKey.current++, file, preview, state: "uploading", mediaId: null, error: null };
        setItems((list) => [...list, item].slice(0, MAX_FILES));
        void upload(file).then((res) =>
          setItems((list) =>
            list.map((i) =>
              i.key !== item.key ? i : res.ok ? { ...i, state: "ready", mediaId: res.media.id } : { ...i, state: "failed", error: res.message },
            ),
          ),
        );
      }
      if (input.current) input.current.value = ""; // the same file may be picked again after removing it
    },
    [upload],
  );

  const remove = useCallback(
    (key: number) =>
      setItems((list) => {
        const gone = list.find((i) => i.key === key);
        if (gone) release(gone);
        return list.filter((i) => i.key !== key);
      }),
    [release],
  );

  const clear = useCallback(() => {
    setItems((list) => {
      list.forEach(release);
      return [];
    });
  }, [release]);

  const mediaIds = useMemo(() => items.flatMap((i) => (i.state === "ready" && i.mediaId ? [i.mediaId] : [])), [items]);
  const busy = items.some((i) => i.state === "uploading");

  const view = (
    <div className="web-attach">
      <button
        type="button"
        className="st-btn st-btn-ghost"
        data-testid="attach-media"
        onClick={() => input.current?.click()}
        disabled={items.length >= MAX_FILES}
      >
        Attach photo or file
      </button>
      <input ref={input} type="file" accept={ACCEPT} multiple hidden tabIndex={-1} aria-hidden="true" onChange={(e) => pick(e.target.files)} />
      {items.length > 0 && (
        <ul className="web-attach-list" aria-label="Attached files">
          {items.map((item) => (
            <li key={item.key} className={`web-attach-item is-${item.state}`} data-testid="attachment" data-state={item.state}>
              {item.preview ? <img src={item.preview} alt={`Attached: ${item.file.name}`} /> : <span className="web-attach-name">{item.file.name}</span>}
              {item.state === "uploading" && <span className="web-attach-state">Uploading…</span>}
              {item.error && (
                <span className="web-attach-error" role="alert">
                  {item.error}
                </span>
              )}
              <button type="button" className="st-icon-btn" aria-label={`Remove ${item.file.name}`} onClick={() => remove(item.key)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  return { view, mediaIds, busy, clear };
}
