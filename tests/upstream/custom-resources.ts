import Ajv from "ajv";
import { existsSync, readdirSync, readFileSync, statSync } from "fs";
import { dirname, join } from "path";
import { parseAllDocuments } from "yaml";
import type { ResourceRecord } from "../../plan/recorder";

/**
 * Checks every custom resource the code creates (cert-manager Certificate, Gateway API HTTPRoute, ECK
 * Elasticsearch, ...) against the CRD schema pinned in ../shared/reference/charts/. The Kubernetes
 * provider sends such objects untyped, so a misspelt field is only found by the API server, at deploy
 * time, or is pruned without a word.
 */

/** "kubernetes:<group>/<version>:<Kind>", the type token Pulumi registers any Kubernetes object under. */
const KUBERNETES_TYPE = /^kubernetes:([^/:]+)\/([^/:]+):([A-Za-z0-9]+)$/;

export interface CustomResourceKind {
    group: string;
    version: string;
    kind: string;
}

let builtInTypes: Set<string> | undefined;

/**
 * Type tokens @pulumi/kubernetes ships a class for: the built-in API (core/v1, apps/v1,
 * networking.k8s.io/v1, ...) and Pulumi's own helm.sh / yaml / kustomize components. Anything else
 * under "kubernetes:" is a CustomResource. A group suffix cannot tell: Gateway API's
 * gateway.networking.k8s.io is a CRD group.
 */
function kubernetesSdkTypes(): Set<string> {
    if (!builtInTypes) {
        const sdkDir = dirname(require.resolve("@pulumi/kubernetes/package.json"));
        const types = new Set<string>();
        const scan = (dir: string): void => {
            for (const entry of readdirSync(dir)) {
                const path = join(dir, entry);
                if (statSync(path).isDirectory()) {
                    scan(path);
                } else if (entry.endsWith(".js")) {
                    for (const match of readFileSync(path, "utf8").matchAll(/__pulumiType = '(kubernetes:[^']+)'/g)) {
                        types.add(match[1]);
                    }
                }
            }
        };
        scan(sdkDir);
        if (!types.has("kubernetes:apps/v1:Deployment")) {
            throw new Error(`found no built-in type tokens in ${sdkDir}: @pulumi/kubernetes changed its layout`);
        }
        builtInTypes = types;
    }
    return builtInTypes;
}

/** The group, version and kind of a CRD-backed resource type, or undefined for anything else. */
export function customResourceKind(type: string): CustomResourceKind | undefined {
    const match = KUBERNETES_TYPE.exec(type);
    if (!match || kubernetesSdkTypes().has(type)) {
        return undefined;
    }
    return { group: match[1], version: match[2], kind: match[3] };
}

type Schema = Record<string, unknown>;

function yamlFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((entry) => {
        const path = join(dir, entry);
        return statSync(path).isDirectory() ? yamlFiles(path) : /\.ya?ml$/.test(entry) ? [path] : [];
    });
}

/**
 * The pinned folders a plan's CRDs may come from: the chart versions it installs (their folder paths),
 * and every folder that is not a chart (a CRD bundle such as the Gateway API's). Without this, a CR
 * would be checked against whichever pinned version of its operator is found first.
 */
export function crdSources(chartsDir: string, installedChartDirs: string[]): string[] {
    const bundles = readdirSync(chartsDir).map((f) => join(chartsDir, f))
        .filter((dir) => statSync(dir).isDirectory() && !existsSync(join(dir, "Chart.yaml")));
    return [...installedChartDirs, ...bundles];
}

/**
 * The openAPIV3Schema of the served CRD version for `kind`, from the pinned CRDs in `sources` (folders
 * under the charts directory; all of them when not given). Files are tested as text before being parsed,
 * since some are over a megabyte.
 */
export function pinnedCrdSchema(chartsDir: string, { group, version, kind }: CustomResourceKind, sources: string[] = [chartsDir]): Schema | undefined {
    for (const file of sources.flatMap(yamlFiles)) {
        const text = readFileSync(file, "utf8");
        if (!text.includes("CustomResourceDefinition") || !text.includes(`group: ${group}`) || !text.includes(`kind: ${kind}`)) {
            continue;
        }
        for (const document of parseAllDocuments(text)) {
            const crd = document.toJS() as { kind?: string; spec?: Schema } | null;
            const spec = crd?.spec as { group?: string; names?: { kind?: string }; versions?: Schema[] } | undefined;
            if (crd?.kind !== "CustomResourceDefinition" || spec?.group !== group || spec.names?.kind !== kind) {
                continue;
            }
            const served = spec.versions?.find((v) => v.name === version && v.served === true);
            const schema = (served?.schema as { openAPIV3Schema?: Schema } | undefined)?.openAPIV3Schema;
            if (schema) {
                return schema;
            }
        }
    }
    return undefined;
}

/** Keywords whose value is a schema, or a list of schemas; other keywords (default, enum, ...) hold data. */
const SCHEMA_KEYWORDS = ["items", "additionalProperties", "not", "allOf", "anyOf", "oneOf"];

/**
 * The CRD schema as the API server applies it: an object schema that lists its properties accepts no
 * others unless marked x-kubernetes-preserve-unknown-fields (the server prunes or, with strict field
 * validation, rejects them; either way the setting is lost). JSON Schema allows them by default.
 */
export function closedSchema(schema: Schema): Schema {
    const closed: Schema = { ...schema };
    const close = (sub: unknown): unknown => Array.isArray(sub)
        ? sub.map(close)
        : typeof sub === "object" && sub !== null ? closedSchema(sub as Schema) : sub;
    for (const keyword of SCHEMA_KEYWORDS.filter((k) => k in closed)) {
        closed[keyword] = close(closed[keyword]);
    }
    if (typeof closed.properties === "object" && closed.properties !== null) {
        closed.properties = Object.fromEntries(Object.entries(closed.properties).map(([field, sub]) => [field, close(sub)]));
        if (!("additionalProperties" in closed) && closed["x-kubernetes-preserve-unknown-fields"] !== true) {
            closed.additionalProperties = false;
        }
    }
    return closed;
}

/**
 * Everything wrong with one recorded resource against its pinned CRD, one line per problem; empty for
 * a valid custom resource and for anything that is not one. CEL rules (x-kubernetes-validations) and
 * formats are not evaluated.
 */
export function customResourceProblems(chartsDir: string, resource: ResourceRecord, sources: string[] = [chartsDir]): string[] {
    const kind = customResourceKind(resource.type);
    if (!kind) {
        return [];
    }
    const label = `${resource.type} ${resource.name}`;
    const schema = pinnedCrdSchema(chartsDir, kind, sources);
    if (!schema) {
        return [`${label}: no pinned CRD serves ${kind.group}/${kind.version} ${kind.kind} in ${sources.join(", ")}; pin the CRDs of the chart version that installs it`];
    }
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(closedSchema(schema));
    if (validate(resource.inputs)) {
        return [];
    }
    return (validate.errors ?? []).map((e) => `${label}: ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
}
