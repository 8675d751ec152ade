/** Three pulsing dots until the first text of an answer arrives. */
export function TypingIndicator() {
  return (
    <div data-testid="typing-indicator" className="flex h-7 items-center gap-1">
      <span className="sr-only">The Study Coach is thinking…</span>
      {[0, 150, 300].map((delay) => (
        <span
          key={delay}
          aria-hidden="true"
          className="size-2 animate-bounce rounded-full bg-zinc-400 motion-reduce:animate-none dark:bg-zinc-500"
          style={{ animationDelay: `${delay}ms` }}
        />
      ))}
    </div>
  );
}
