// The files a template attaches (it goes out as an MMS): uploaded at once with POST /v1/media, kept as ids.
import { useMutation } from "@tanstack/react-query";
import { useId } from "react";
import type { Media } from "../../../src/protocol/entities";
import { useAdmin } from "../admin-context";
import { FormError } from "../parts";

const MAX_FILES = 10;

export function TemplateMedia({ media, onChange }: { media: Media[]; onChange: (media: Media[]) => void }) {
  const { api } = useAdmin();
  const inputId = useId();
  const upload = useMutation({
    mutationFn: (file: File) => api.uploadMedia(file),
    onSuccess: (m) => onChange([...media, { id: m.id, url: m.url, contentType: m.contentType, fileName: m.fileName, size: m.size }]),
  });
  return (
    <div className="adm-field">
      <label htmlFor={inputId}>Photos and files (optional)</label>
      {media.length > 0 && (
        <ul className="adm-media" aria-label="Attached files">
          {media.map((m, i) => (
            <li key={m.id ?? m.url} data-testid="template-media">
              {m.contentType?.startsWith("image/") ? (
                <img src={m.url} alt={m.fileName ?? "Attached photo"} />
              ) : (
                <span className="adm-file">{m.fileName ?? "File"}</span>
              )}
              <button
                type="button"
                className="st-btn st-btn-small"
                onClick={() => onChange(media.filter((_, j) => j !== i))}
                aria-label={`Remove ${m.fileName ?? "the attached file"}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {media.length < MAX_FILES && (
        <input
          id={inputId}
          type="file"
          accept="image/jpeg,image/png,image/gif,video/mp4,audio/mpeg,application/pdf,text/vcard"
          disabled={upload.isPending}
          data-testid="template-media-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (file) upload.mutate(file);
          }}
        />
      )}
      <span className="st-hint" aria-live="polite">
        {upload.isPending ? "Uploading…" : "Photos up to 5 MB; other files carriers take for MMS up to 500 KB. The text goes out as an MMS."}
      </span>
      <FormError error={upload.error} />
    </div>
  );
}
