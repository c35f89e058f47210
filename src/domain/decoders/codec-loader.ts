/**
 * Loads the codecs module (protobufjs, cbor-x, @msgpack/msgpack) on first need, once per page
 * or worker: a separate chunk, so the first screen does not grow. Until it is loaded, decoders
 * that need it say "loading" and callers ask again when `loadCodecs()` settles.
 */
export type Codecs = typeof import('./codecs');

let loaded: Codecs | undefined;
let loading: Promise<Codecs> | undefined;
let failure: string | undefined;

/** Starts loading (once) and resolves with the module; rejects when the chunk cannot load. */
export function loadCodecs(): Promise<Codecs> {
  loading ??= import('./codecs').then(
    (module) => {
      loaded = module;
      return module;
    },
    (error: unknown) => {
      failure = error instanceof Error ? error.message : String(error);
      // A later call may try again (the chunk may have been missing for a moment).
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The module when it is loaded, else undefined. */
export function loadedCodecs(): Codecs | undefined {
  return loaded;
}

/** Why the last load failed, if it did. */
export function codecLoadFailure(): string | undefined {
  return failure;
}

/** True while a load is under way. */
export function codecsLoading(): boolean {
  return loading !== undefined && loaded === undefined;
}
