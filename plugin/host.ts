// The component provider: what runs when Pulumi loads anycloud as a component package
// (PulumiPlugin.yaml; `pulumi package add`). plugin/main.js, package.json's "main", starts it when
// Pulumi's plugin runner loads the package. It serves the schema Pulumi's analyzer makes from
// plugin/schema and constructs anycloud:index:Platform for programs in any Pulumi language.
import { ComponentProvider, ComponentProviderOptions, componentProviderHost } from "@pulumi/pulumi/provider/experimental";
import { existsSync, readFileSync } from "fs";
import { dirname, join } from "path";
import { Platform } from "./platform";
import { SECRET_PROPERTIES } from "./schema";

/** The package's name: the generated SDKs' and every type token's (anycloud:index:Platform). */
export const PACKAGE_NAME = "anycloud";

/** The directory of anycloud's package.json, whether this runs from the sources or from dist/. */
export function packageRoot(from = __dirname): string {
    for (let dir = from; ; dir = dirname(dir)) {
        const manifest = join(dir, "package.json");
        if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME) {
            return dir;
        }
        if (dirname(dir) === dir) {
            throw new Error(`anycloud: no package.json of ${PACKAGE_NAME} above ${from}`);
        }
    }
}

/** What componentProviderHost is given: Platform, and the directory the analyzer reads (its TypeScript sources). */
export function componentProviderOptions(root = packageRoot()): ComponentProviderOptions & { version: string } {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    return { components: [Platform], name: PACKAGE_NAME, version, dirname: join(root, "plugin", "schema") };
}

/** The schema JSON with `secret: true` on SECRET_PROPERTIES, which the analyzer cannot express. */
export function withSecrets(schemaJson: string): string {
    const schema = JSON.parse(schemaJson) as { resources: Record<string, { properties?: Record<string, { secret?: boolean }> }>; types: Record<string, { properties?: Record<string, { secret?: boolean }> }> };
    const mark = (properties: Record<string, { secret?: boolean }> | undefined, names: readonly string[], where: string) => {
        for (const name of names) {
            if (!properties?.[name]) {
                throw new Error(`anycloud: the package schema has no ${where}.${name} to mark secret`);
            }
            properties[name].secret = true;
        }
    };
    mark(schema.resources[`${PACKAGE_NAME}:index:Platform`]?.properties, SECRET_PROPERTIES.outputs, "Platform");
    for (const [type, names] of Object.entries(SECRET_PROPERTIES.types)) {
        mark(schema.types[`${PACKAGE_NAME}:index:${type}`]?.properties, names, type);
    }
    return JSON.stringify(schema);
}

let secretsServed = false;

/**
 * Makes ComponentProvider serve the schema withSecrets: the host builds its provider itself, so this
 * wraps the schema method the host's provider answers GetSchema with (and reads its outputs from).
 */
export function serveSecretsInSchema(): void {
    if (secretsServed) {
        return;
    }
    secretsServed = true;
    const analyzed = ComponentProvider.prototype.getSchema;
    ComponentProvider.prototype.getSchema = async function getSchema(this: ComponentProvider): Promise<string> {
        return withSecrets(await analyzed.call(this));
    };
}

/** Serves the component provider until Pulumi stops it; the address and engine come from the command line. */
export function hostComponentProvider(): Promise<void> {
    serveSecretsInSchema();
    return componentProviderHost(componentProviderOptions());
}
