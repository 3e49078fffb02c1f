// Node module hooks that run the TypeScript sources as they are (swc, with the decorator metadata Nest
// needs), so a fault test can run the real worker as a child process it may SIGKILL, without a build.
//
// swc compiles each file alone, so it cannot tell an imported interface from a class and keeps names that
// decorator metadata mentions (`typeof AppConfig === "undefined" ? Object : AppConfig`). Native ESM
// refuses a named import the module does not export; a namespace import gives undefined instead, which
// is what the metadata expects. Our modules have no import cycles (dependency-cruiser), so reading the
// names once the imported module has run is safe.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from '@swc/core';

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.startsWith('file:')) {
    const url = new URL(specifier, context.parentURL);
    const typescript = new URL(url.href.replace(/\.js$/, '.ts'));
    if (!existsSync(fileURLToPath(url)) && existsSync(fileURLToPath(typescript))) {
      return { url: typescript.href, shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const filename = fileURLToPath(url);
  const { code } = await transform(await readFile(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'es6' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
  });
  return { format: 'module', source: namespaceImports(code), shortCircuit: true };
}

function namespaceImports(code) {
  let count = 0;
  return code.replace(/^import \{([^}]*)\} from (["'])(\.[^"']+)\2;$/gm, (_, names, quote, specifier) => {
    const namespace = `__imported${count++}`;
    const bindings = names.replace(/\s+as\s+/g, ': ');
    return `import * as ${namespace} from ${quote}${specifier}${quote}; const {${bindings}} = ${namespace};`;
  });
}
