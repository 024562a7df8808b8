// AI rewrite and translate: which OpenAI-compatible service the server calls (OpenAI, Azure OpenAI, a
// self-hosted vLLM / Ollama / LiteLLM), its model and key (write-only, sealed on the server), the brand voice
// the "Brand voice" rewrite follows, and the daily budget and per-rep limit. Set-up: README "AI rewrite and translate".
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, type FormEvent } from "react";
import type { AiConfig, AiConfigPatch } from "../../../src/protocol/ai";
import { useAdmin } from "../admin-context";
import { Field, FormError, QueryGate } from "../parts";
import { LocationVoices, VOICES } from "./LocationVoices";
import { TestConnection } from "./TestConnection";

const AI = ["admin", "ai"] as const;
const sources: Record<AiConfig["source"], string> = {
  console: "On: the endpoint set here.",
  environment: "On: the endpoint from the server's environment (SIDETEXT_AI_BASE_URL). One set here takes its place.",
  off: "Off: no endpoint is set, so reps see no AI controls.",
};

export function AiSection() {
  const { api } = useAdmin();
  const query = useQuery({ queryKey: AI, queryFn: api.aiConfig });
  return (
    <section aria-labelledby="adm-ai-title" className="adm-section" data-testid="ai-settings">
      <h2 id="adm-ai-title">AI rewrite and translate</h2>
      <QueryGate what="the AI settings" isPending={query.isPending} error={query.error} retry={() => query.refetch()}>
        {query.data && <AiForm saved={query.data} />}
      </QueryGate>
      <LocationVoices />
    </section>
  );
}

type Draft = Required<Omit<AiConfigPatch, "apiKey">> & { apiKey: string };
const draftOf = (c: AiConfig): Draft => ({
  baseUrl: c.source === "console" ? c.baseUrl : null,
  model: c.model ?? "",
  apiKey: "",
  brandVoice: c.brandVoice,
  dailyRequestLimit: c.dailyRequestLimit,
  dailyTokenLimit: c.dailyTokenLimit,
  perUserPerMinute: c.perUserPerMinute,
});

function AiForm({ saved }: { saved: AiConfig }) {
  const { api } = useAdmin();
  const queries = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  useEffect(() => setDraft(draftOf(saved)), [saved]);
  const initial = draftOf(saved);
  // The key is sent only when typed: an empty field keeps the one stored.
  const changes = Object.fromEntries(Object.entries(draft).filter(([k, v]) => (k === "apiKey" ? v !== "" : initial[k as keyof Draft] !== v))) as AiConfigPatch;
  const save = useMutation({
    mutationFn: (patch: AiConfigPatch) => api.changeAiConfig(patch),
    onSuccess: (c) => {
      queries.setQueryData(AI, c);
      void queries.invalidateQueries({ queryKey: VOICES }); // they show the workspace's voice as their fallback
    },
  });
  const dirty = Object.keys(changes).length > 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (dirty) save.mutate(changes);
  };
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const number = (key: "dailyRequestLimit" | "dailyTokenLimit" | "perUserPerMinute") => (id: string) => (
    <input id={id} type="number" min={0} value={draft[key]} onChange={(e) => set(key, Math.max(0, Math.floor(Number(e.target.value) || 0)))} />
  );
  return (
    <form className="adm-form" onSubmit={submit} data-testid="ai-form">
      <p className="st-hint" data-testid="ai-source">
        {sources[saved.source]} Today: {saved.usageToday.requests} requests, {saved.usageToday.tokens} tokens.
      </p>
      <Field label="Endpoint (base URL)" hint="The address before /chat/completions, e.g. https://api.openai.com/v1 or http://localhost:11434/v1 for Ollama.">
        {(id) => (
          <input
            id={id}
            type="url"
            placeholder="https://api.openai.com/v1"
            value={draft.baseUrl ?? ""}
            onChange={(e) => set("baseUrl", e.target.value.trim() || null)}
          />
        )}
      </Field>
      <Field label="Model" hint="As the service names it: gpt-4o-mini, llama3.1, your Azure deployment…">
        {(id) => <input id={id} value={draft.model} onChange={(e) => set("model", e.target.value)} />}
      </Field>
      <Field
        label="API key"
        hint={saved.hasApiKey ? "A key is stored (never shown). Type a new one to replace it." : "Stored encrypted on the server; reps' browsers never see it."}
      >
        {(id) => <input id={id} type="password" autoComplete="off" value={draft.apiKey} onChange={(e) => set("apiKey", e.target.value)} />}
      </Field>
      <Field
        label="Brand voice"
        hint='What "Brand voice" rewrites follow where a location has none of its own (below), e.g. "Warm and brief, first names, no exclamation marks."'
      >
        {(id) => <textarea id={id} rows={3} maxLength={1000} value={draft.brandVoice} onChange={(e) => set("brandVoice", e.target.value)} />}
      </Field>
      <Field label="Requests a day (whole workspace)">{number("dailyRequestLimit")}</Field>
      <Field label="Tokens a day (whole workspace)">{number("dailyTokenLimit")}</Field>
      <Field label="Requests a minute (each rep)">{number("perUserPerMinute")}</Field>
      <p className="st-hint">Only a rep's draft, or the texts they translate, are sent to this service: never a conversation's history or its notes.</p>
      <div className="st-hstack">
        <button type="submit" className="st-btn st-btn-primary" disabled={!dirty || save.isPending}>
          {save.isPending ? "Saving…" : "Save AI settings"}
        </button>
        {saved.source === "console" && (
          <button type="button" className="st-btn" onClick={() => save.mutate({ baseUrl: null, apiKey: "" })} disabled={save.isPending}>
            Forget this endpoint
          </button>
        )}
        <span className="st-hint" aria-live="polite">
          {!dirty && save.isSuccess ? "Saved." : dirty ? "Unsaved changes." : ""}
        </span>
      </div>
      <FormError error={save.error} />
      {saved.source !== "off" && <TestConnection unsaved={dirty} />}
    </form>
  );
}
