// A small deterministic hash: the plan must be the same in every process and every run, with no stored
// state, so "which exchanges exist" and "which lines are in stock" are functions of the digits.

/** FNV-1a over the string, then a final avalanche so nearby inputs spread. */
export const hash32 = (text: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
};
