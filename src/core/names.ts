/**
 * Friendly two-word names for runs ("sturdy-leech"), so that people can tell runs apart and talk
 * about them without reading ids. Words are short, positive or neutral, and lowercase ASCII.
 */

/** Splits a block of words separated by spaces and line breaks. */
function wordList(block: string): readonly string[] {
  return block.trim().split(/\s+/);
}

const ADJECTIVES = wordList(`
  agile amber ample amused ancient arctic ardent astral azure bold brave breezy bright brisk
  bubbly calm candid careful cheerful clever cloudy cobalt cosmic cozy crafty crimson curious
  dapper daring dazzling eager earnest electric elegant emerald epic fancy fearless festive fiery
  flawless fluffy friendly frosty funny gentle gifted glossy golden graceful grinning happy hardy
  helpful honest hopeful humble icy jolly jovial keen kind lively lucky lunar magic mellow merry
  mighty modest nimble noble olive patient peppy placid plucky polite proud quick quiet radiant
  rapid rustic sassy serene shiny silky smart snappy solar sparkling spry steady sturdy sunny
  swift tidy vivid witty
`);

const ANIMALS = wordList(`
  aardvark albatross alpaca anteater armadillo axolotl badger beaver bison bobcat buffalo
  bullfinch camel capybara caribou cassowary chameleon cheetah chipmunk cobra condor cormorant
  coyote crane cricket dingo dolphin donkey dormouse dragonfly duck eagle echidna eel elk falcon
  ferret finch flamingo fox gazelle gecko gerbil gibbon giraffe gopher gorilla grasshopper hamster
  hare hedgehog heron hippo hornet hyena ibex ibis iguana impala jackal jaguar kangaroo kingfisher
  kiwi koala lemur leech leopard lion llama lobster lynx macaw magpie manatee marmot meerkat mole
  mongoose moose narwhal newt ocelot octopus okapi orca osprey otter owl panda pangolin parrot
  pelican penguin puffin quail raccoon raven seal sparrow tapir toucan walrus wombat yak zebra
`);

/** The adjective and animal word lists, for tests and for anyone building related names. */
export const RUN_NAME_WORDS = { adjectives: ADJECTIVES, animals: ANIMALS } as const;

function pick(words: readonly string[], random: () => number): string {
  // Clamp so that a `random` returning exactly 1 (or a bad injected value) still picks a word.
  const value = random();
  const index = Number.isFinite(value) ? Math.floor(value * words.length) : 0;
  return words[Math.min(words.length - 1, Math.max(0, index))] ?? "";
}

/** A random "adjective-animal" slug such as "sturdy-leech". Inject `random` for repeatable names. */
export function randomRunName(random: () => number = Math.random): string {
  return `${pick(ADJECTIVES, random)}-${pick(ANIMALS, random)}`;
}
