// Imported first by cli/main.ts: modules of @pulumi/pulumi that its root module loads eagerly but
// `anycloud plan` never uses are loaded on first use instead. Every cloud SDK requires the root
// module, and the root loads, among others, the Automation API and the TypeScript compiler (which
// only serialises functions into closures). The compiler alone was a fifth of a plan's time and
// 40 MB of its memory (docs/performance.md). Nothing changes for code that does use them: the
// first property read loads the real module and answers from it.
import Module from "module";

/** Submodules of @pulumi/pulumi deferred until something reads from them. */
export const DEFERRED_MODULES = ["typescript-shim", "automation"] as const;

type Exports = Record<string | symbol, unknown>;

/**
 * Puts a stand-in for `file` into the module cache. It reports `__esModule` (true of every module
 * deferred here, and what `__importStar` asks) without loading; any other access loads the module.
 */
function defer(file: string): void {
    let real: Exports | undefined;
    const load = (): Exports => {
        if (real === undefined) {
            delete require.cache[file];
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- the deferred module itself, on first use
            real = require(file) as Exports;
        }
        return real;
    };
    const standIn = new Module(file);
    standIn.filename = file;
    standIn.loaded = true;
    standIn.exports = new Proxy({} as Exports, {
        get: (_, key) => (key === "__esModule" ? true : load()[key]),
        has: (_, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
            const descriptor = Object.getOwnPropertyDescriptor(load(), key);
            // The stand-in target has no own properties, so a proxy may only report configurable ones.
            return descriptor && { ...descriptor, configurable: true };
        },
    });
    require.cache[file] = standIn;
}

/** Defers DEFERRED_MODULES of the @pulumi/pulumi this package resolves, unless something has loaded them already. */
export function deferUnusedSdkModules(): void {
    for (const name of DEFERRED_MODULES) {
        let file: string;
        try {
            file = require.resolve(`@pulumi/pulumi/${name}`);
        } catch {
            return; // no @pulumi/pulumi (a broken install): the CLI reports that where it is needed
        }
        if (require.cache[file] === undefined) {
            defer(file);
        }
    }
}

if (!process.env.ANYCLOUD_EAGER_SDK) {
    deferUnusedSdkModules();
}
