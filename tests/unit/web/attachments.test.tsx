// @vitest-environment jsdom
// Photos and files in the web app's composer: each uploads at once and shows as a thumbnail; a reply with an
// uploaded file may go without text; uploads still running hold the reply; a refusal says why.
import { act, cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { Composer, type ComposeMode } from "../../../src/ui/thread/Composer";
import { useAttachments } from "../../../web/use-attachments";
import type { UploadResult } from "../../../web/upload-media";

beforeAll(() => {
  // jsdom has no object URLs; the thumbnails only need a distinct src per file.
  let n = 0;
  URL.createObjectURL = () => `blob:test/${++n}`;
  URL.revokeObjectURL = () => {};
});
afterEach(cleanup);

function Harness({ upload, onSubmit }: { upload(file: File): Promise<UploadResult>; onSubmit(body: string, mediaIds: string[]): void }) {
  const attachments = useAttachments(upload);
  const [value, setValue] = useState("");
  const [mode, setMode] = useState<ComposeMode>("reply");
  return (
    <Composer
      value={value}
      onChange={setValue}
      mode={mode}
      onModeChange={setMode}
      templates={[]}
      templateContext={{ contact: null, record: null, agent: null }}
      onSubmit={(body) => {
        onSubmit(body, attachments.mediaIds);
        attachments.clear();
      }}
      attachments={attachments}
    />
  );
}

const photo = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "yard.png", { type: "image/png" });
const pickFiles = (files: File[]) => userEvent.upload(document.querySelector<HTMLInputElement>("input[type=file]")!, files);

describe("attaching media in the web composer", () => {
  it("uploads a photo, holds Send while it uploads, then sends it without text and empties the composer", async () => {
    let finish: (r: UploadResult) => void = () => {};
    const upload = vi.fn(() => new Promise<UploadResult>((resolve) => (finish = resolve)));
    const onSubmit = vi.fn();
    render(<Harness upload={upload} onSubmit={onSubmit} />);
    await userEvent.click(screen.getByTestId("attach-media")); // opens the device's picker (the hidden input)
    await pickFiles([photo()]);
    const item = screen.getByTestId("attachment");
    expect(item.dataset.state).toBe("uploading");
    expect(within(item).getByRole("img").getAttribute("alt")).toBe("Attached: yard.png");
    expect(upload).toHaveBeenCalledWith(expect.objectContaining({ name: "yard.png" }));
    expect(screen.getByTestId<HTMLButtonElement>("send").disabled).toBe(true);
    await act(async () => finish({ ok: true, media: { id: "med_1", url: "https://example.test/media/med_1", contentType: "image/png", size: 4 } }));
    expect(screen.getByTestId("attachment").dataset.state).toBe("ready");
    await userEvent.click(screen.getByTestId("send"));
    expect(onSubmit).toHaveBeenCalledWith("", ["med_1"]);
    expect(screen.queryByTestId("attachment")).toBeNull();
  });

  it("shows why a file was refused, sends nothing for it, and removes it on request", async () => {
    const onSubmit = vi.fn();
    render(<Harness upload={async () => ({ ok: false, message: "Files other than photos may be 500 KB at most" })} onSubmit={onSubmit} />);
    await pickFiles([new File(["not really a video"], "clip.mp4", { type: "video/mp4" })]);
    expect((await screen.findByRole("alert")).textContent).toBe("Files other than photos may be 500 KB at most");
    expect(screen.getByTestId("attachment").dataset.state).toBe("failed");
    expect(screen.getByTestId<HTMLButtonElement>("send").disabled).toBe(true);
    await userEvent.click(screen.getByRole("button", { name: "Remove clip.mp4" }));
    expect(screen.queryByTestId("attachment")).toBeNull();
  });

  it("offers attachments with replies only, not with internal notes", async () => {
    render(<Harness upload={async () => ({ ok: false, message: "unused" })} onSubmit={() => {}} />);
    expect(screen.getByTestId("attach-media")).toBeTruthy();
    await userEvent.click(screen.getByTestId("note-mode"));
    expect(screen.queryByTestId("attach-media")).toBeNull();
  });
});
