import { StewardError } from "../../core/errors.js";
import { parseParameterArgs } from "../../engine/parameter-args.js";
import { parseParamsJson, splitAssignment } from "../args.js";
import { UsageError } from "../errors.js";

/** `--param key=value` (repeatable) and `--params JSON`, as `steward flow run` takes them. */
export interface ParameterOptions {
  param?: string[];
  params?: string;
}

/**
 * The parameters of `--params` and `--param`; `--param` values win. Values are parsed by the
 * engine exactly as `steward flow run` parses them (JSON when it parses, else text).
 *
 * @throws UsageError for malformed JSON or a pair without `=`
 */
export function parseParameterOptions(options: ParameterOptions): Record<string, unknown> {
  const base = options.params === undefined ? {} : parseParamsJson(options.params);
  const pairs = options.param ?? [];
  for (const pair of pairs) splitAssignment(pair, "--param");
  try {
    return { ...base, ...parseParameterArgs(pairs) };
  } catch (error) {
    if (error instanceof StewardError) throw new UsageError(error.message);
    throw error;
  }
}
