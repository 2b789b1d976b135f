import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { BaseJobTemplate } from "../../api/work-pools.js";
import { describeIssues } from "../../sdk/deploy.js";
import { CliError } from "../errors.js";

/** Unknown top-level keys are mistakes (a bare variables schema, a typo), so they are rejected here. */
const TemplateFile = z.strictObject({
  ...BaseJobTemplate.shape,
  variables: z
    .looseObject({
      type: z.literal("object", { error: 'must be "object"' }).optional(),
      properties: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
      required: z.array(z.string()).optional(),
    })
    .default({ type: "object", properties: {} }),
});

const HOW_TO_START =
  "Start from the default with `steward work-pool get-default-base-job-template --type process --file FILE`.";

/**
 * Reads a base job template (`{job_configuration, variables}`) from a JSON file, failing with a
 * message that names the file and each problem: missing, not JSON, or not a template.
 *
 * @param cwd folder a relative `path` is resolved against
 */
export function readTemplateFile(path: string, cwd: string): BaseJobTemplate {
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "cannot be read";
    throw new CliError(`Base job template file ${file} ${reason}. ${HOW_TO_START}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`Base job template file ${file} is not valid JSON: ${(error as Error).message}.`);
  }
  const parsed = TemplateFile.safeParse(json);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error.issues).map((issue) => `  - ${issue}`);
    throw new CliError(
      [`Base job template file ${file} is not a valid template:`, ...issues, HOW_TO_START].join("\n"),
    );
  }
  return parsed.data;
}
