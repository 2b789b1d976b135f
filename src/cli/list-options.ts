/**
 * @module `--limit` and `--sort`, which every list command takes. Sort orders are spelled as the
 * API's sort enums in kebab case (`START_TIME_DESC` → `start-time-desc`); the API's own spelling
 * and any case are accepted too. Where the API has no sort for a resource, the command fetches
 * everything and orders it itself, and its help says so.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { parseCount } from "./args.js";
import type { Output } from "./output.js";

/** How `--sort` spells an API sort value: `START_TIME_DESC` → `start-time-desc`. */
export function sortName(apiValue: string): string {
  return apiValue.trim().toLowerCase().replace(/_/g, "-");
}

/** The API sort value a `--sort` name stands for, among `values` (an API sort enum's options). */
export function apiSort<T extends string>(name: string, values: readonly T[]): T {
  const found = values.find((value) => sortName(value) === sortName(name));
  if (found === undefined) {
    // The option's parser only lets known names through: reaching this is a bug in the command.
    throw new Error(`No API sort for "${name}" among ${values.join(", ")}.`);
  }
  return found;
}

/**
 * Commander parser for `--sort`: returns the canonical name, or fails (exit code 2) with the
 * valid names listed.
 */
export function sortParser(names: readonly string[]): (value: string) => string {
  return (value) => {
    const name = names.find((candidate) => candidate === sortName(value));
    if (name !== undefined) return name;
    throw new InvalidArgumentError(`Unknown sort order. Valid orders: ${names.join(", ")}.`);
  };
}

/** What a list command's `--limit` and `--sort` look like. */
export interface ListOptionSpec {
  /** What is listed, plural: "flow runs". */
  readonly what: string;
  /** The `--sort` names (kebab case), e.g. from {@link sortName} over an API enum. */
  readonly sorts: readonly string[];
  /** The order without `--sort`; leave it out when it depends on other options (say so in `sortHelp`). */
  readonly defaultSort?: string;
  /** How many are shown without `--limit`; leave it out to show them all. */
  readonly defaultLimit?: number;
  /** More about the orders, e.g. that the CLI sorts because the API cannot. */
  readonly sortHelp?: string;
}

/** Adds `--limit <n>` and `--sort <order>` to a list command. */
export function addListOptions(command: Command, spec: ListOptionSpec): Command {
  const limitHelp =
    spec.defaultLimit === undefined
      ? `Show at most N ${spec.what} (default: all).`
      : `How many ${spec.what} to show.`;
  command.option("--limit <n>", limitHelp, parseCount, spec.defaultLimit);
  const sortHelp = `Order: ${spec.sorts.join(", ")}.${spec.sortHelp ? ` ${spec.sortHelp}` : ""}`;
  const sort = new Option("--sort <order>", sortHelp).argParser(sortParser(spec.sorts));
  command.addOption(spec.defaultSort === undefined ? sort : sort.default(spec.defaultSort));
  return command;
}

/** The help sentence of a list the CLI sorts itself, e.g. for "work pools". */
export function sortedHere(what: string): string {
  return `The API has no sort option for ${what}: the CLI fetches them all and sorts them.`;
}

/** The first `limit` of `items` (all of them without a limit), and whether some were left out. */
export function takeLimit<T>(items: readonly T[], limit: number | undefined): { shown: T[]; more: boolean } {
  if (limit === undefined || items.length <= limit) return { shown: [...items], more: false };
  return { shown: items.slice(0, limit), more: true };
}

/**
 * Says on stderr, after a table, that it shows only part of the list. To know that there is
 * more without counting, fetch one more than `--limit` and pass it to {@link takeLimit}.
 *
 * @param total how many there are in all, when known
 */
export function noteMore(
  out: Output,
  list: { more: boolean; shown: readonly unknown[]; what: string; total?: number },
): void {
  if (!list.more) return;
  const count =
    list.total === undefined ? `the first ${list.shown.length}` : `${list.shown.length} of ${list.total}`;
  out.note(`Showing ${count} ${list.what} (--limit N for more).`);
}
