/** inversify's wording for an @Init() (its @postConstruct) that threw; the app's own error is the cause. */
const POST_CONSTRUCT_FAILURE = /@postConstruct decorated method/;

/**
 * The error an @Init() method threw, with its own message and stack, instead of inversify's generic
 * wrapper (which also names the class as the bundler may have renamed it). Other errors pass through.
 */
export function initErrorCause(err: unknown): unknown {
  let current = err;
  while (current instanceof Error && POST_CONSTRUCT_FAILURE.test(current.message) && current.cause !== undefined) current = current.cause;
  return current;
}
