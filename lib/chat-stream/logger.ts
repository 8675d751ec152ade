/**
 * Structured server logs: one JSON line per record. Callers pass only what is safe to keep:
 * never prompt or answer text, never the token.
 */

export type LogRecord = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  info(record: LogRecord): void;
  warn(record: LogRecord): void;
  error(record: LogRecord): void;
}

export const consoleLogger: Logger = {
  info: (record) => console.log(JSON.stringify(record)),
  warn: (record) => console.warn(JSON.stringify(record)),
  error: (record) => console.error(JSON.stringify(record)),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
