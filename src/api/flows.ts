import { z } from "zod";
import { Id, Labels, LabelsInput, Tags, Timestamp } from "./common.js";

/** A flow: a named function. Flows are upserted by name. */
export const Flow = z.object({
  id: Id,
  created: Timestamp,
  updated: Timestamp,
  name: z.string(),
  tags: z.array(z.string()),
  labels: Labels,
});
export type Flow = z.infer<typeof Flow>;

/** Body of `POST /flows/` (upsert by name: 201 when created, 200 when it existed). */
export const FlowCreate = z.strictObject({
  name: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^/%&><]+$/, "must not contain / % & > <"),
  tags: Tags.default([]),
  labels: LabelsInput.default({}),
});
export type FlowCreate = z.input<typeof FlowCreate>;

/** Body of `PATCH /flows/{id}`. */
export const FlowUpdate = z.strictObject({
  tags: Tags.optional(),
  labels: LabelsInput.optional(),
});
export type FlowUpdate = z.input<typeof FlowUpdate>;

export { Id as FlowId };
