/**
 * `npm run standin -- [--port 8787] [--host 127.0.0.1] [--token T] [--pace 30] [--fault NAME]
 *                     [--eos separate|appended] [--close-after-eos]`
 */
import { parseArgs } from "node:util";
import { STANDIN_FAULTS, isStandinFault, startStandin, type StandinOptions } from "./server";

const USAGE = `Usage: npm run standin -- [options]
  --port <n>                 port to listen on (default 8787; 0 = any free port)
  --host <addr>              interface to listen on (default 127.0.0.1)
  --token <t>                the only access_token accepted (default: any non-empty token)
  --pace <ms>                delay between chunks (default 30)
  --fault <name>             misbehave on every request: ${STANDIN_FAULTS.join(", ")}
  --eos separate|appended    <EOS> as its own frame (default) or appended to the last chunk
  --close-after-eos          close the socket after <EOS> (the real server leaves it open)`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function readInteger(flag: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > max) fail(`--${flag} must be an integer from 0 to ${max}.`);
  return number;
}

function readOptions(argv: string[]): StandinOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        token: { type: "string" },
        pace: { type: "string" },
        fault: { type: "string" },
        eos: { type: "string" },
        "close-after-eos": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  const fault = values.fault ?? "none";
  if (!isStandinFault(fault)) fail(`Unknown fault "${fault}".`);
  const eos = values.eos ?? "separate";
  if (eos !== "separate" && eos !== "appended") fail(`--eos must be "separate" or "appended".`);
  if (values.token === "") fail("--token must not be empty.");
  return {
    port: readInteger("port", values.port, 8787, 65535),
    host: values.host ?? "127.0.0.1",
    token: values.token,
    paceMs: readInteger("pace", values.pace, 30, 60_000),
    fault,
    eos,
    closeAfterEos: values["close-after-eos"] === true,
    log: (line) => console.log(`[standin] ${line}`),
  };
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const standin = await startStandin(options);
  const token = options.token === undefined ? "any non-empty access_token" : "the access_token given with --token";
  console.log(
    `CreateAI stand-in listening on ${standin.url} (accepts ${token}; fault ${options.fault}, pace ${options.paceMs} ms)`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(130); // a second Ctrl-C: do not wait any longer
    stopping = true;
    console.log(`[standin] ${signal}: closing`);
    standin.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[standin] could not close cleanly: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`[standin] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
