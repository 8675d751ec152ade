/** The stand-in's `/demo` commands and what each shows, for the demo pages' side panels. */
import { STANDIN_DEMO_PROMPTS } from "./demo-prompts";

export function StandinCommandList() {
  return (
    <ul className="flex flex-col gap-1.5">
      {STANDIN_DEMO_PROMPTS.map((example) => (
        <li key={example.prompt}>
          <code className="font-mono text-xs font-semibold">{example.prompt}</code>: {example.description}.
        </li>
      ))}
    </ul>
  );
}
