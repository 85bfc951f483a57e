import { type CustomEmoji, type LoaderLogger, loadCustomEmoji } from './loader.js';

export type { CustomEmoji } from './loader.js';

/**
 * The instance's custom emoji, held in memory: loaded from the pack folders at start and again on
 * `reload()` (emoji pack management changes packs at runtime). Readers always see one complete load.
 */
export interface EmojiRegistry {
  /** Where the packs live; `/emoji/<pack>/<file>` is served from here. */
  readonly directory: string;
  get(shortcode: string): CustomEmoji | undefined;
  /** Sorted by shortcode. */
  all(): readonly CustomEmoji[];
  reload(): Promise<void>;
}

export async function createEmojiRegistry(directory: string, logger?: LoaderLogger): Promise<EmojiRegistry> {
  let emoji: readonly CustomEmoji[] = [];
  let byShortcode = new Map<string, CustomEmoji>();
  // Reloads run one after another, so an older load never replaces a newer one.
  let loading: Promise<void> = Promise.resolve();

  const load = async () => {
    const loaded = await loadCustomEmoji(directory, logger);
    emoji = loaded;
    byShortcode = new Map(loaded.map((each) => [each.shortcode, each]));
  };

  const registry: EmojiRegistry = {
    directory,
    get: (shortcode) => byShortcode.get(shortcode),
    all: () => emoji,
    reload() {
      loading = loading.catch(() => undefined).then(load);
      return loading;
    },
  };
  await registry.reload();
  return registry;
}
