/**
 * The fast extractor's way out: anything it does not model, or is not sure
 * it reads as lezer does, throws NOT_MODELLED, caught once at its entry,
 * which then answers null ("use lezer"). An exception, not a result threaded
 * through every parse function: the way out is rare and the common path stays
 * free of checks.
 */
export const NOT_MODELLED: Error = new Error('not modelled by the fast Python extractor');

export function giveUp(): never {
  throw NOT_MODELLED;
}
