/**
 * The example flow of the README: `npx tsx flows/hello.ts` runs it with the default parameters,
 * `npx steward flow run flows/hello.ts:hello --param name=Ada` runs it through the CLI, and
 * `npx steward deploy flows/hello.ts:hello …` deploys it.
 */
import { pathToFileURL } from "node:url";
import { flow, getRunLogger, task } from "steward";
import { z } from "zod";

/** Builds the greeting (a task: its run and states show in the UI). */
const makeGreeting = task({ name: "make-greeting" }, (name: string) => `Hello, ${name}!`);

/** Shouts it, to show a second task that depends on the first one's result. */
const shout = task({ name: "shout", retries: 2, retryDelaySeconds: 1 }, (text: string) => text.toUpperCase());

export const hello = flow(
  {
    name: "hello",
    description: "Greets someone, in two tasks.",
    parameters: z.object({ name: z.string().default("world") }),
  },
  async ({ name }) => {
    const greeting = await makeGreeting(name);
    getRunLogger().info(greeting);
    getRunLogger().info(`Shouted: ${await shout(greeting)}`);
    return greeting;
  },
);

// Run as a script (`npx tsx flows/hello.ts`): call the flow with its default parameters.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await hello({});
}
