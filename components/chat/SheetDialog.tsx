"use client";
/**
 * A panel that slides over the chat from one side: the conversation list on a phone, the
 * settings everywhere. A native modal `<dialog>`, so focus stays inside while it is open,
 * Escape closes it and the page behind is inert for screen readers too; a click on the
 * backdrop closes it as well. Its content stays mounted while closed, so a form keeps its state.
 */
import { X } from "lucide-react";
import { useEffect, useId, useRef, type ReactNode } from "react";

export interface SheetDialogProps {
  open: boolean;
  onClose: () => void;
  title: string;
  side: "left" | "right";
  children: ReactNode;
  testId?: string;
}

export function SheetDialog({ open, onClose, title, side, children, testId }: SheetDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const backdropPress = useRef(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const edge = side === "left" ? "mr-auto border-r" : "ml-auto border-l";
  return (
    <dialog
      ref={ref}
      data-testid={testId}
      aria-labelledby={titleId}
      onClose={onClose}
      // Its content fills the panel, so a press that starts on the dialog element itself is on
      // the backdrop (the ::backdrop belongs to it); judged where it starts, so a text selection
      // dragged out of the panel does not close it.
      onPointerDown={(event) => {
        backdropPress.current = event.target === event.currentTarget;
      }}
      onClick={(event) => {
        if (backdropPress.current && event.target === event.currentTarget) onClose();
        backdropPress.current = false;
      }}
      className={`m-0 h-dvh max-h-none w-[min(22rem,88vw)] max-w-none border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-100 ${edge}`}
    >
      <div className="flex h-full flex-col">
        <div className="flex items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <button
            type="button"
            onClick={onClose}
            aria-label={`Close ${title.toLowerCase()}`}
            className="inline-flex size-9 items-center justify-center rounded-lg text-zinc-600 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-maroon-700 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:focus-visible:outline-maroon-300"
          >
            <X aria-hidden="true" className="size-5" />
          </button>
        </div>
        <div className="flex min-h-0 flex-1 flex-col overflow-y-auto">{children}</div>
      </div>
    </dialog>
  );
}
