/** @module The automations engine's pure parts: matching, buckets, trigger state machines, templates. */
export { bucketKey, displayBucketKey, forEachValue, type BucketKey } from "./bucket-key.js";
export { evaluateBucket, isImmediate, meetsThreshold } from "./event-trigger.js";
export { TriggerEvaluator, type StateChange } from "./evaluator.js";
export { matchesAnyPattern, matchesPattern } from "./patterns.js";
export { covers, expects, matchesRelated, matchesResource, startsAfter } from "./resources.js";
export { actionTemplateValues, lookupPath, pathSegments, renderTemplate } from "./template.js";
export type * from "./types.js";
