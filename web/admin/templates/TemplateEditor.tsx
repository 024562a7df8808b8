// Creating or changing a reply template: name, text with {{variables}}, which inbox it belongs to (or the
// whole workspace), the shortcut reps type after "/", and a live preview with its SMS cost.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import type { ManagedInbox } from "../../../src/protocol/admin";
import type { Media, Template } from "../../../src/protocol/entities";
import type { TemplateInput } from "../admin-api";
import { useAdmin } from "../admin-context";
import { Field, FormError, useFocusOnShow } from "../parts";
import { TEMPLATES } from "../queries";
import { TemplateMedia } from "./TemplateMedia";
import { TemplatePreview } from "./TemplatePreview";
import { commonVariables } from "./preview-sample";

export function TemplateEditor(props: { template: Template | null; inboxes: ManagedInbox[]; onDone: () => void }) {
  const { api, me } = useAdmin();
  const queries = useQueryClient();
  const start = props.template;
  const [name, setName] = useState(start?.name ?? "");
  const [body, setBody] = useState(start?.body ?? "");
  const [inboxId, setInboxId] = useState(start?.inboxId ?? "");
  const [shortcut, setShortcut] = useState(start?.shortcut ?? "");
  const [media, setMedia] = useState<Media[]>(start?.media ?? []);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const nameRef = useFocusOnShow<HTMLInputElement>();
  // Only a member of an inbox may keep templates in it (the server answers 404 to others).
  const scopes = props.inboxes.filter((i) => i.memberIds.includes(me.id));
  const save = useMutation({
    mutationFn: (input: TemplateInput) => (start ? api.updateTemplate(start.id, input) : api.createTemplate(input)),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: TEMPLATES });
      props.onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // Files are sent only when they changed: media kept from before ids existed would otherwise be dropped.
    const mediaChanged = media.length !== (start?.media.length ?? 0) || media.some((m, i) => m !== start?.media[i]);
    const mediaIds = mediaChanged ? { mediaIds: media.flatMap((m) => (m.id ? [m.id] : [])) } : {};
    save.mutate({ name, body, inboxId: inboxId || null, shortcut: shortcut.trim() || null, ...mediaIds });
  };
  const insert = (variable: string) => {
    const el = bodyRef.current;
    const token = `{{${variable}}}`;
    const at = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? at;
    // The caret is placed in the same task as the new text: placed a frame later, a key typed in between
    // landed before the caret moved and went to the wrong place.
    flushSync(() => setBody(body.slice(0, at) + token + body.slice(end)));
    el?.focus();
    el?.setSelectionRange(at + token.length, at + token.length);
  };
  return (
    <form className="adm-form adm-card" onSubmit={submit} data-testid="template-editor" aria-labelledby="adm-template-editor">
      <h3 id="adm-template-editor">{start ? `Edit “${start.name}”` : "New template"}</h3>
      <Field label="Name">{(id) => <input id={id} ref={nameRef} required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />}</Field>
      <Field label="Text" hint="Variables are filled from the customer, the CRM record and the rep when it is used.">
        {(id) => <textarea id={id} ref={bodyRef} required rows={4} maxLength={1600} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <fieldset className="adm-variables">
        <legend className="st-hint">Insert a variable</legend>
        {commonVariables.map((v) => (
          <button key={v} type="button" className="st-btn st-btn-small" onClick={() => insert(v)}>
            {`{{${v}}}`}
          </button>
        ))}
      </fieldset>
      <TemplateMedia media={media} onChange={setMedia} />
      <TemplatePreview body={body} files={media.length} />
      <div className="adm-grid-2">
        <Field label="Inbox" hint="Workspace templates show in every inbox.">
          {(id) => (
            <select id={id} value={inboxId} onChange={(e) => setInboxId(e.target.value)}>
              <option value="">Whole workspace</option>
              {scopes.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Shortcut (optional)" hint="Reps type / and this to pick it: letters, digits, - and _.">
          {(id) => <input id={id} maxLength={30} value={shortcut} onChange={(e) => setShortcut(e.target.value)} />}
        </Field>
      </div>
      <FormError error={save.error} />
      <div className="st-hstack">
        <button type="submit" className="st-btn st-btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : start ? "Save template" : "Create template"}
        </button>
        <button type="button" className="st-btn" onClick={props.onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
