// "Test connection": one tiny request to the endpoint as saved; the service's answer, or its failure in words
// (wrong key, unknown model, unreachable address, too slow), so an admin knows before a rep finds out.
import { useMutation } from "@tanstack/react-query";
import { useAdmin } from "../admin-context";
import { FormError } from "../parts";

export function TestConnection({ unsaved }: { unsaved: boolean }) {
  const { api } = useAdmin();
  const test = useMutation({ mutationFn: () => api.testAi() });
  const result = test.data;
  return (
    <div className="st-hstack" data-testid="ai-test">
      <button type="button" className="st-btn" onClick={() => test.mutate()} disabled={test.isPending} data-testid="ai-test-connection">
        {test.isPending ? "Testing…" : "Test connection"}
      </button>
      <span className="st-hint">{unsaved ? "Tests the saved settings: save your changes first." : "Sends one tiny request (not counted in the budget)."}</span>
      {result && !test.isPending && (
        <p role="status" data-testid="ai-test-result" data-ok={result.ok} className={result.ok ? "st-hint" : "st-bubble-error"} style={{ margin: 0 }}>
          {result.ok ? `Connected in ${result.ms} ms. ${result.message}` : `Not working: ${result.message}`}
        </p>
      )}
      <FormError error={test.error} />
    </div>
  );
}
