"use client";
/**
 * The chat's whole interface for the conversation from `useCreateAIChat`: header, the list of
 * conversations (sidebar or drawer), messages, error with Retry, example prompts, the question
 * box and the page's settings in a panel. It renders; the hooks do the rest. The question box's
 * text lives here, so a question the route refused can be put back into it.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { UseCreateAIChatResult } from "@/lib/chat-client/use-create-ai-chat";
import type { ConversationsState } from "@/lib/chat-client/use-conversation-library";
import { ChatComposer } from "./ChatComposer";
import { ChatHeader } from "./ChatHeader";
import { ConversationsPanel } from "./ConversationsPanel";
import { EditingNotice } from "./EditingNotice";
import { ErrorNotice } from "./ErrorNotice";
import { ExamplePrompts, type ExamplePrompt } from "./ExamplePrompts";
import { LiveAnnouncer } from "./LiveAnnouncer";
import type { RemoteImages } from "./markdown-images";
import { MessageList } from "./MessageList";
import { useRenderProbe } from "./render-probe";
import { SheetDialog } from "./SheetDialog";
import { SlowAnswerNotice } from "./SlowAnswerNotice";
import { StorageNotice } from "./StorageNotice";
import { useEscapeKey } from "./use-escape-key";
import { primaryPointer } from "./use-pointer-kind";
import { useQuestionEdit } from "./use-question-edit";
import { useSlowAnswer } from "./use-slow-answer";
import { useWide } from "./use-wide";

/** From this width of its own on, the chat lists conversations in a sidebar instead of a drawer. */
const SIDEBAR_FROM_PX = 720;

export interface ChatViewProps {
  chat: UseCreateAIChatResult;
  title?: string;
  /** Accessible name of the question box. */
  inputLabel?: string;
  placeholder?: string;
  examplePrompts?: readonly ExamplePrompt[];
  /** Per-answer figures (time to first text, chunks, chars/s) for developers. */
  showAnswerFigures?: boolean;
  /** Shown while the conversation is empty. */
  emptyState?: ReactNode;
  className?: string;
  /**
   * Images in answers that load from other servers: by default none (each is shown as a link,
   * so the model cannot make the student's browser call a URL it chose); `true` any; or a list
   * of origins such as `["https://images.example.edu"]`. `data:` images always show.
   */
  allowRemoteImages?: RemoteImages;
  /** The student's conversations (`useConversationLibrary`); without them New chat clears the one there is. */
  conversations?: ConversationsState;
  /** The page's settings for the chat, behind a button in the header. */
  settings?: ReactNode;
}

export function ChatView({
  chat,
  title = "Study Coach",
  inputLabel = "Ask the Study Coach a question",
  placeholder = "Ask a question…",
  examplePrompts = [],
  showAnswerFigures = false,
  emptyState,
  className = "",
  allowRemoteImages = false,
  conversations,
  settings,
}: ChatViewProps) {
  useRenderProbe();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const wide = useWide(sectionRef, SIDEBAR_FROM_PX);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // A drawer left open when the chat grew wide must not open by itself when it narrows again.
  if (wide === true && drawerOpen) setDrawerOpen(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  // Tells browser tests (and anyone automating the page) that the chat is interactive.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const { messages, status, error, isBusy, send, stop, retry, reset, discard } = chat;
  const questionCount = messages.reduce((count, message) => count + (message.role === "user" ? 1 : 0), 0);
  // Back to the question box after an action, with a mouse or trackpad; on a touch screen a
  // focus would pop the keyboard up over the answer the student is about to read.
  const focusInput = useCallback(() => {
    if (primaryPointer() === "fine") inputRef.current?.focus();
  }, []);

  const [draft, setDraft] = useState("");
  const [seenError, setSeenError] = useState(error);
  if (error !== seenError) {
    setSeenError(error);
    // A refused question comes back to the box to be edited, unless a new one is being typed there.
    if (error?.question !== undefined && draft.trim() === "") setDraft(error.question);
  }

  const last = messages.at(-1);
  const pending = isBusy && last?.role === "assistant" && last.state === "streaming" ? last : undefined;
  const slow = useSlowAnswer(pending !== undefined, pending && `${pending.id}:${pending.content.length}`);

  function pick(prompt: string): void {
    send(prompt);
    focusInput();
  }

  const stopAndFocus = useCallback(() => {
    stop();
    focusInput();
  }, [stop, focusInput]);
  useEscapeKey(isBusy, stopAndFocus);

  const questionEdit = useQuestionEdit(chat, setDraft, focusInput);

  const regenerate = useCallback(() => {
    retry();
    focusInput();
  }, [retry, focusInput]);

  function newChat(): void {
    // With a list, the conversation stays there; without one, it is cleared.
    if (conversations) conversations.library.startNew();
    else reset();
    setDraft("");
    focusInput();
  }

  // Stable, so the memoized list of conversations is not rendered again with every streamed frame.
  const library = conversations?.library;
  const activeId = conversations?.activeId;
  const deleteConversation = useCallback(
    (id: string) => {
      // The one on screen is also forgotten by its controller, which would otherwise save it again.
      if (activeId === id) discard();
      library?.remove(id);
    },
    [activeId, discard, library],
  );
  const selectConversation = useCallback(
    (id: string) => {
      library?.select(id);
      focusInput();
    },
    [library, focusInput],
  );
  const closeDrawer = useCallback(() => setDrawerOpen(false), []);

  return (
    <section
      ref={sectionRef}
      aria-label={title}
      data-testid="chat"
      data-status={status}
      data-hydrated={hydrated}
      className={`flex min-h-0 flex-col overflow-hidden rounded-2xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
    >
      <ChatHeader
        title={title}
        onOpenConversations={conversations && wide === false ? () => setDrawerOpen(true) : undefined}
        conversationsOpen={drawerOpen}
        onNewChat={newChat}
        newChatDisabled={messages.length === 0 && !isBusy}
        onOpenSettings={settings === undefined ? undefined : () => setSettingsOpen(true)}
        settingsOpen={settingsOpen}
      />
      <div className="flex min-h-0 flex-1">
        {conversations && (
          <ConversationsPanel
            wide={wide}
            drawerOpen={drawerOpen}
            onCloseDrawer={closeDrawer}
            conversations={conversations.conversations}
            activeId={conversations.activeId}
            onSelect={selectConversation}
            onRename={conversations.library.rename}
            onDelete={deleteConversation}
          />
        )}
        <div className="flex min-w-0 flex-1 flex-col">
          <MessageList
            messages={messages}
            showFigures={showAnswerFigures}
            followKey={questionCount}
            emptyState={emptyState ?? DEFAULT_EMPTY_STATE}
            allowRemoteImages={allowRemoteImages}
            busy={isBusy}
            onEdit={questionEdit.start}
            editingId={questionEdit.editingId}
            onRegenerate={regenerate}
          />
          {slow && <SlowAnswerNotice onStop={stopAndFocus} />}
          {status === "error" && error && (
            <ErrorNotice
              error={error}
              onRetry={() => {
                // Retry sends the refused question again; the copy put back in the box is not needed then.
                if (error.question !== undefined && draft === error.question) setDraft("");
                retry();
                focusInput();
              }}
            />
          )}
          {/* Suggestions start a conversation; once it has begun they would only crowd it. */}
          {messages.length === 0 && <ExamplePrompts prompts={examplePrompts} disabled={isBusy} onPick={pick} />}
          <StorageNotice />
          {questionEdit.editingId !== undefined && <EditingNotice onCancel={questionEdit.cancel} />}
          <ChatComposer
            busy={isBusy}
            draft={draft}
            onDraftChange={setDraft}
            onSend={questionEdit.submit}
            onStop={stop}
            inputRef={inputRef}
            label={inputLabel}
            placeholder={placeholder}
          />
        </div>
      </div>
      {settings !== undefined && (
        <SheetDialog open={settingsOpen} onClose={() => setSettingsOpen(false)} title="Settings" side="right" testId="settings-dialog">
          <div className="p-4">{settings}</div>
        </SheetDialog>
      )}
      <LiveAnnouncer messages={messages} status={status} slow={slow} />
    </section>
  );
}

function DefaultEmptyState() {
  return (
    <div className="flex flex-col items-center gap-2 py-10 text-center">
      <p className="text-lg font-semibold">How can I help you study?</p>
      <p className="max-w-sm text-sm text-zinc-600 dark:text-zinc-400">
        Ask about the material you are preparing. Answers appear as they are written; you can stop one at any time.
      </p>
    </div>
  );
}

// One element for every render, so typing in the question box does not re-render the conversation.
const DEFAULT_EMPTY_STATE = <DefaultEmptyState />;
