/**
 * `.proto` files the user loads, parsed with protobufjs into one set of message types (a file
 * may use the types of another loaded file; google/protobuf/*.proto come built in). Hostile
 * input is refused before or while parsing, with a message: too large, nested too deeply, too
 * many definitions, invalid syntax, a type it names but nobody defines.
 */
import protobuf from './protobuf-runtime';

const { parse, Root, Type, Namespace, common } = protobuf;
type Root = protobuf.Root;
type Type = protobuf.Type;

/** A `.proto` file as the user loaded it. */
export interface ProtoFile {
  name: string;
  text: string;
}

export const MAX_PROTO_FILE_CHARS = 512 * 1024;
export const MAX_PROTO_TOTAL_CHARS = 2 * 1024 * 1024;
export const MAX_PROTO_NESTING = 32;
export const MAX_PROTO_DEFINITIONS = 10_000;

export type SchemaSet =
  { ok: true; root: Root; types: string[]; files: string[] } | { ok: false; error: string };

/**
 * Cheap checks before the parser sees the text: size, and how deeply braces nest (comments and
 * strings skipped), so a file of 100,000 nested messages is refused without recursing.
 */
export function precheckProto(file: ProtoFile): string | undefined {
  if (file.text.length > MAX_PROTO_FILE_CHARS) {
    return `${file.name} is larger than ${MAX_PROTO_FILE_CHARS / 1024} KB: it is not loaded.`;
  }
  const text = file.text;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '{' || c === '<') {
      depth++;
      if (depth > MAX_PROTO_NESTING) {
        return `${file.name} nests definitions more than ${MAX_PROTO_NESTING} levels deep: it is not loaded.`;
      }
    } else if (c === '}' || c === '>') {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Every message type under `ns`, fully qualified without the leading dot. */
function collectTypes(ns: protobuf.NamespaceBase, out: string[], budget: { left: number }): void {
  for (const nested of ns.nestedArray) {
    if (--budget.left < 0) return;
    if (nested instanceof Type) out.push(nested.fullName.replace(/^\./, ''));
    if (nested instanceof Namespace || nested instanceof Type) collectTypes(nested, out, budget);
  }
}

function countDefinitions(ns: protobuf.NamespaceBase): number {
  let n = 0;
  const stack: protobuf.NamespaceBase[] = [ns];
  while (stack.length > 0 && n <= MAX_PROTO_DEFINITIONS) {
    const current = stack.pop()!;
    for (const nested of current.nestedArray) {
      n++;
      if (nested instanceof Namespace || nested instanceof Type) stack.push(nested);
    }
    if (current instanceof Type) n += current.fieldsArray.length;
  }
  return n;
}

function errorText(error: unknown): string {
  if (error instanceof RangeError) return 'it is nested too deeply to read';
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^Error: /, '');
}

/** Parses the loaded files into one set of types; refuses the set with a message. */
export function parseProtoFiles(files: readonly ProtoFile[]): SchemaSet {
  let total = 0;
  for (const file of files) {
    const problem = precheckProto(file);
    if (problem) return { ok: false, error: problem };
    total += file.text.length;
  }
  if (total > MAX_PROTO_TOTAL_CHARS) {
    return {
      ok: false,
      error: `The loaded schemas hold more than ${MAX_PROTO_TOTAL_CHARS / 1024 / 1024} MB of text: remove some.`,
    };
  }
  const root = new Root();
  const loaded = new Set(files.map((f) => baseName(f.name)));
  const builtIn = new Set<string>();
  for (const file of files) {
    let parsed: protobuf.IParserResult;
    try {
      parsed = parse(file.text, root, { keepCase: true, alternateCommentMode: true });
    } catch (error) {
      return { ok: false, error: `${file.name} is not a valid .proto file: ${errorText(error)}.` };
    }
    for (const imported of [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]) {
      if (imported.startsWith('google/protobuf/')) {
        builtIn.add(imported);
        continue;
      }
      if (!loaded.has(baseName(imported))) {
        return {
          ok: false,
          error: `${file.name} imports "${imported}", which is not loaded: load that file too.`,
        };
      }
    }
    if (countDefinitions(root) > MAX_PROTO_DEFINITIONS) {
      return {
        ok: false,
        error: `The schemas define more than ${MAX_PROTO_DEFINITIONS.toLocaleString('en-US')} types and fields: they are not loaded.`,
      };
    }
  }
  for (const name of builtIn) {
    const json = common.get(name);
    if (!json) return { ok: false, error: `"${name}" is not one of the built-in Google types.` };
    try {
      root.addJSON((json as { nested: Record<string, protobuf.AnyNestedObject> }).nested);
    } catch {
      // Already defined by a loaded file or an earlier import.
    }
  }
  try {
    root.resolveAll();
  } catch (error) {
    return { ok: false, error: `The schemas cannot be used: ${errorText(error)}.` };
  }
  const types: string[] = [];
  collectTypes(root, types, { left: MAX_PROTO_DEFINITIONS });
  return { ok: true, root, types: types.sort(), files: files.map((f) => f.name) };
}

/** The message type `name` ("pkg.Msg" or ".pkg.Msg"), or an error in words. */
export function findMessageType(set: SchemaSet, name: string): Type | string {
  if (!set.ok) return set.error;
  const wanted = name.replace(/^\./, '');
  try {
    const found = set.root.lookup(wanted);
    if (found instanceof Type) return found;
  } catch {
    // Not found.
  }
  return `No loaded schema defines the message type "${wanted}".`;
}
