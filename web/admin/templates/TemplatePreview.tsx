// What a customer would receive: the body filled from a sample contact, record and the admin as the agent,
// with its SMS cost, and the variables a rep would be asked for because nothing fills them.
import { renderTemplate, variableLabel } from "../../../src/core/template";
import { SegmentCounter } from "../../../src/ui/thread/SegmentCounter";
import { useAdmin } from "../admin-context";
import { previewContext } from "./preview-sample";

export function TemplatePreview({ body, files }: { body: string; files: number }) {
  const { me } = useAdmin();
  const { text, missing } = renderTemplate(body, previewContext(me));
  return (
    <section className="adm-preview" aria-labelledby="adm-preview-title" data-testid="template-preview">
      <div className="adm-preview-head">
        <span id="adm-preview-title">Preview for Jordan Lee (Acme Dental)</span>
        <span>
          <SegmentCounter text={text} />
          {files > 0 && <span data-testid="template-mms"> · MMS with {files === 1 ? "1 file" : `${files} files`}</span>}
        </span>
      </div>
      <p className="adm-bubble" data-testid="template-preview-text">
        {text || <span className="is-muted">Type the text above to see it here.</span>}
      </p>
      {missing.length > 0 && (
        <p className="st-hint" data-testid="template-missing">
          A rep will be asked for: {missing.map(variableLabel).join(", ")} (nothing fills {missing.length === 1 ? "it" : "them"} from the record).
        </p>
      )}
    </section>
  );
}
