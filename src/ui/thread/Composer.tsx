// Writes a reply or an internal note. Enter sends, Shift+Enter breaks the line; "/" or the Templates
// button opens the template picker; a template with values it cannot fill asks for them first.
import { useCallback, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { flushSync } from "react-dom";
import { renderTemplate, type TemplateContext } from "../../core/template";
import type { Template } from "../../protocol/entities";
import type { ComposerAttachments } from "../common/types";
import { SegmentCounter } from "./SegmentCounter";
import { SendLater } from "./SendLater";
import { AiComposerSlot } from "./ai/AiSlots";
import { TemplatePicker, type TemplatePickerHandle } from "./TemplatePicker";
import { TemplateVariablesForm } from "./TemplateVariablesForm";
import { useQuietHoursConfirm } from "./presend-confirm";

export type ComposeMode = "reply" | "note";

export interface ComposerProps {
  value: string;
  onChange(value: string): void;
  mode: ComposeMode;
  onModeChange(mode: ComposeMode): void;
  templates: Template[];
  templateContext: TemplateContext;
  /** Why replying is impossible (opted out, signed out); notes stay possible. */
  disabledReason?: string | null;
  onSubmit(body: string, mode: ComposeMode): void;
  inputRef?: RefObject<HTMLTextAreaElement | null>;
  /** A thread that does not exist yet has nowhere to keep a note. */
  hideNoteMode?: boolean;
  /** Files attached to the reply (the web app's attach control); a reply with files may have no text. */
  attachments?: Pick<ComposerAttachments, "view" | "mediaIds" | "busy">;
  /** The conversation replied in: "send later" and the pre-send check need one (a new thread has none yet). */
  conversationId?: string;
}

const SLASH = /^\/(\S*)$/;

export function Composer(props: ComposerProps) {
  const { value, onChange, mode, onModeChange, templates, templateContext, disabledReason, onSubmit, inputRef, hideNoteMode, attachments, conversationId } =
    props;
  const ownRef = useRef<HTMLTextAreaElement>(null);
  const textarea = inputRef ?? ownRef;
  const picker = useRef<TemplatePickerHandle>(null);
  const [pickerByButton, setPickerByButton] = useState(false);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [pending, setPending] = useState<{ template: Template; missing: string[] } | null>(null);

  const slash = SLASH.exec(value);
  const pickerOpen = !pending && (pickerByButton || (!!slash && dismissed !== value));
  const replyBlocked = mode === "reply" && !!disabledReason;
  const withFiles = mode === "reply" && (attachments?.mediaIds.length ?? 0) > 0;
  const canSend = (value.trim().length > 0 || withFiles) && !replyBlocked && !(mode === "reply" && attachments?.busy);

  const insert = useCallback(
    (text: string) => {
      const next = SLASH.test(value) || !value.trim() ? text : `${value.replace(/\s*$/, "")} ${text}`;
      // Focus and caret move in the same task as the text: a frame later, keys typed meanwhile went astray.
      flushSync(() => {
        onChange(next);
        setPending(null);
        setPickerByButton(false);
      });
      const el = textarea.current;
      if (el) {
        el.focus();
        el.setSelectionRange(next.length, next.length);
      }
    },
    [value, onChange, textarea],
  );

  const pick = useCallback(
    (template: Template) => {
      const rendered = renderTemplate(template.body, templateContext);
      if (rendered.missing.length > 0) {
        setPending({ template, missing: rendered.missing });
        setPickerByButton(false);
      } else insert(rendered.text);
    },
    [templateContext, insert],
  );

  const closePicker = useCallback(() => {
    setPickerByButton(false);
    setDismissed(value);
    textarea.current?.focus();
  }, [value, textarea]);

  // A reply inside quiet hours where the recipient is asks first (./presend-confirm.tsx).
  const contact = templateContext.contact;
  const quiet = useQuietHoursConfirm({
    conversationId,
    who: contact?.name?.split(" ")[0] || contact?.phoneNumber || "the recipient",
    send: (body) => onSubmit(body, "reply"),
    scheduled: () => onChange(""),
    canSchedule: !withFiles, // a scheduled send carries text only
  });
  const submit = () => {
    if (!canSend) return;
    if (mode === "reply") quiet.submit(value.trim());
    else onSubmit(value.trim(), mode);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return; // IME candidate selection, not a send
    if (pickerOpen && picker.current?.handleKey(e.key)) {
      e.preventDefault();
      return;
    }
    if (e.key === "Enter" && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      submit();
    }
  };

  const isNote = mode === "note";
  return (
    <div className={`st-composer ${isNote ? "is-note" : ""}`}>
      {pickerOpen && <TemplatePicker ref={picker} templates={templates} query={slash?.[1] ?? ""} onPick={pick} onClose={closePicker} />}
      {pending && (
        <TemplateVariablesForm
          templateName={pending.template.name}
          missing={pending.missing}
          onSubmit={(values) => insert(renderTemplate(pending.template.body, templateContext, values).text)}
          onCancel={() => {
            setPending(null);
            textarea.current?.focus();
          }}
        />
      )}
      {!hideNoteMode && (
        <div className="st-composer-tabs" role="radiogroup" aria-label="Message type">
          {/* biome-ignore lint/a11y/useSemanticElements: a two-way switch drawn as tabs: WAI-ARIA's radio group of buttons. */}
          <button type="button" role="radio" aria-checked={!isNote} className={!isNote ? "is-active" : ""} onClick={() => onModeChange("reply")}>
            Reply
          </button>
          {/* biome-ignore lint/a11y/useSemanticElements: the switch's other button. */}
          <button
            type="button"
            role="radio"
            aria-checked={isNote}
            className={isNote ? "is-active" : ""}
            data-testid="note-mode"
            onClick={() => onModeChange("note")}
          >
            Internal note
          </button>
        </div>
      )}
      {replyBlocked && (
        <div className="st-composer-blocked" role="status">
          {disabledReason}
        </div>
      )}
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: aria-expanded and aria-controls name the template list "/" opened; a combobox role would have screen readers take the multi-line reply for a one-line field. */}
      <textarea
        ref={textarea}
        data-testid="composer"
        className="st-composer-input"
        aria-label={isNote ? "Internal note, seen only by teammates" : "Reply by SMS"}
        placeholder={isNote ? "Note for teammates — not sent to the customer" : replyBlocked ? "Replies are off for this contact" : "Reply… (/ for templates)"}
        value={value}
        disabled={replyBlocked}
        rows={3}
        onChange={(e) => {
          onChange(e.target.value);
          setDismissed(null);
        }}
        onKeyDown={onKeyDown}
        aria-expanded={pickerOpen}
        aria-controls={pickerOpen ? "st-template-list" : undefined}
      />
      {!isNote && !replyBlocked && attachments?.view}
      {!isNote && !replyBlocked && conversationId && <SendLater conversationId={conversationId} draft={value} onDraftChange={onChange} />}
      {!isNote && quiet.prompt}
      <div className="st-composer-bar">
        <button
          type="button"
          className="st-btn st-btn-ghost"
          onClick={() => setPickerByButton((o) => !o)}
          disabled={replyBlocked || templates.length === 0}
          aria-label="Insert a template"
          title="Templates (/)"
        >
          Templates
        </button>
        {!isNote && (
          <AiComposerSlot
            conversationId={conversationId}
            draft={value}
            blocked={replyBlocked}
            onReplace={(text) => {
              onChange(text);
              textarea.current?.focus();
            }}
            onSend={(body) => quiet.submit(body)}
          />
        )}
        {isNote ? <span className="st-counter">Only teammates see notes</span> : <SegmentCounter text={value} />}
        <button
          type="button"
          className="st-btn st-btn-primary"
          data-testid="send"
          onClick={submit}
          disabled={!canSend}
          title="Send (Enter) · new line (Shift+Enter)"
        >
          {isNote ? "Add note" : "Send"}
        </button>
      </div>
    </div>
  );
}
