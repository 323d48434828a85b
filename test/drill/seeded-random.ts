import type { RandomSource } from "../../lib/drill/targets";

/** A deterministic RandomSource from a seed (xorshift), so a failing property shows its input. */
export function seededRandom(seed: number): RandomSource {
  let x = seed >>> 0 || 1;
  const byte = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) & 0xff;
  };
  const hex = (n: number) => Array.from({ length: n }, () => byte().toString(16).padStart(2, "0")).join("");
  return {
    hex,
    uuid: () => {
      const h = hex(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}
