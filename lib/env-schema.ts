/**
 * Zod pieces for reading environment variables: the same rules, and the same wording in
 * errors, for CreateAI's configuration and the route's own settings.
 */
import { z } from "zod";

/** A positive whole number (of `unit`, if given), or `fallback` when unset or blank. */
export const positiveIntFromEnv = (fallback: number, unit?: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed <= 0) {
        ctx.addIssue({ code: "custom", message: `must be a positive whole number${unit ? ` of ${unit}` : ""}` });
        return z.NEVER;
      }
      return parsed;
    });

/** `true`/`1` or `false`/`0`; unset or blank is false. */
export const booleanFromEnv = z
  .enum(["true", "false", "1", "0", ""], { message: "must be true or false" })
  .optional()
  .transform((value) => value === "true" || value === "1");

/** A trimmed string, or undefined when unset or blank. */
export const optionalStringFromEnv = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

export type EnvSource = Record<string, string | undefined>;

/** A configuration variable is missing or bad; the message names it, never its value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/**
 * Validates the variables `schema` names (and only those) from `env`. On failure throws a
 * ConfigError, `${what}: ` followed by each variable at fault and why.
 */
export function readEnv<Shape extends z.ZodRawShape>(schema: z.ZodObject<Shape>, env: EnvSource, what: string): z.infer<z.ZodObject<Shape>> {
  const picked: EnvSource = {};
  for (const key of Object.keys(schema.shape)) picked[key] = env[key];
  const parsed = schema.safeParse(picked);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
  throw new ConfigError(`${what}: ${problems.join("; ")}`);
}
