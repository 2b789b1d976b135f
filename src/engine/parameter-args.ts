import { StewardError } from "../core/errors.js";

/**
 * Parses `--param key=value` arguments into a parameters object. A value is JSON when it parses as
 * JSON (`n=3` gives 3, `tags=["a","b"]` an array, `on=true` a boolean), else the text itself
 * (`name=Ada`). Later keys win. Only the first `=` splits, so values may contain `=`.
 *
 * @throws StewardError INVALID_PARAMETERS for an argument without `=` or with an empty key.
 * @example
 * parseParameterArgs(["name=Ada", "n=3", 'obj={"a":1}']); // { name: "Ada", n: 3, obj: { a: 1 } }
 */
export function parseParameterArgs(args: readonly string[]): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  for (const arg of args) {
    const eq = arg.indexOf("=");
    const key = eq < 0 ? "" : arg.slice(0, eq).trim();
    if (!key) {
      throw new StewardError(
        "INVALID_PARAMETERS",
        `Parameter ${JSON.stringify(arg)} must look like key=value, e.g. --param name=Ada (values are JSON when they parse as JSON, else text).`,
      );
    }
    parameters[key] = parseValue(arg.slice(eq + 1));
  }
  return parameters;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
