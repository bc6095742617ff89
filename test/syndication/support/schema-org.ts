/**
 * Checks JSON-LD against schema.org's vocabulary as Google's `schema-dts` package states it (its
 * types are generated from schema.org's own vocabulary file): the data is compiled by the
 * TypeScript compiler as a `Graph`, so a type, property or enumeration value schema.org does not
 * define, or a value of the wrong kind, is a compile error. Offline, and no vocabulary copied by hand.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The compiler's complaints about each of `documents` as schema.org JSON-LD ([] for a valid one); one compilation for all. */
export function schemaOrgErrors(documents: unknown[]): string[][] {
  // Inside the project, so `schema-dts` resolves from its node_modules.
  const dir = mkdtempSync(join(ROOT, 'node_modules', '.jsonld-check-'));
  try {
    const files = documents.map((data, i) => {
      const file = join(dir, `data${i}.ts`);
      writeFileSync(file, `import type { Graph } from 'schema-dts';\nexport const data: Graph = ${JSON.stringify(data, null, 2)};\n`);
      return file;
    });
    const program = ts.createProgram(files, {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      types: [],
    });
    return files.map((file) =>
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n').slice(-2).join(' | ')),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
