// anycloud as a Pulumi component package: the schema other languages' SDKs are generated from, made
// offline by the analyzer the plugin uses, checked input by input against the settings' own schema
// (components/config-schema.ts), and output by output against what the component really returns.
import { strict as assert } from "assert";
import { ChildProcess, spawn } from "child_process";
import * as grpc from "@grpc/grpc-js";
import { Output } from "@pulumi/pulumi/output";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { join } from "path";
import { ConfigError } from "../../components/errors";
import { ENVIRONMENT_DEFAULTS, settingSchemas } from "../../components/config-schema";
import { recordProgram } from "../../plan/recorder";
import { componentProviderOptions, serveSecretsInSchema } from "../../plugin/host";
import { Platform, plainSettings } from "../../plugin/platform";
import { PlatformComponentArgs, SECRET_PROPERTIES } from "../../plugin/schema";

const ROOT = join(__dirname, "..", "..");
const PLATFORM = "anycloud:index:Platform";

interface SchemaProperty {
    type?: string;
    $ref?: string;
    items?: SchemaProperty;
    additionalProperties?: SchemaProperty;
    secret?: boolean;
    plain?: boolean;
}
interface SchemaType {
    type: string;
    properties?: Record<string, SchemaProperty>;
    required?: string[];
    enum?: { name: string; value: string | number }[];
}
interface PackageSchema {
    name: string;
    version: string;
    resources: Record<string, { isComponent: boolean; inputProperties: Record<string, SchemaProperty>; requiredInputs: string[]; properties: Record<string, SchemaProperty>; required: string[] }>;
    types: Record<string, SchemaType>;
}

/** The package schema exactly as the plugin serves it: the analyzer's, with the secrets marked. */
async function generatedSchema(): Promise<PackageSchema> {
    serveSecretsInSchema();
    return JSON.parse(await new ComponentProvider(componentProviderOptions()).getSchema()) as PackageSchema;
}

/** A setting's shape as the library's zod schema has it, reduced to what a Pulumi schema can say. */
type Shape =
    | { kind: "string" | "number" | "boolean" | "unknown" }
    | { kind: "enum"; values: (string | number)[] }
    | { kind: "array"; items: Shape }
    | { kind: "map"; values: Shape }
    | { kind: "object"; fields: Record<string, { shape: Shape; required: boolean }> };

interface ZodLike {
    _zod: { def: Record<string, unknown> & { type: string }; optin?: string };
}

function shapeOf(schema: ZodLike): Shape {
    const def = schema._zod.def;
    switch (def.type) {
        case "string":
            return { kind: "string" };
        case "number":
        case "int":
            return { kind: "number" };
        case "boolean":
            return { kind: "boolean" };
        case "enum":
            return { kind: "enum", values: Object.values(def.entries as Record<string, string>) };
        case "literal":
            return typeof (def.values as unknown[])[0] === "number" ? { kind: "number" } : { kind: "enum", values: def.values as string[] };
        case "array":
            return { kind: "array", items: shapeOf(def.element as ZodLike) };
        case "record":
            return { kind: "map", values: shapeOf(def.valueType as ZodLike) };
        case "object":
            return {
                kind: "object",
                fields: Object.fromEntries(Object.entries(def.shape as Record<string, ZodLike>).map(([key, field]) => [key, { shape: shapeOf(field), required: field._zod.optin === undefined }])),
            };
        case "optional":
        case "nullable":
        case "default":
        case "prefault":
        case "readonly":
        case "catch":
            return shapeOf(def.innerType as ZodLike);
        case "pipe": {
            const out = def.out as ZodLike;
            return shapeOf(out._zod.def.type === "transform" ? (def.in as ZodLike) : out);
        }
        case "union": {
            const options = (def.options as ZodLike[]).map(shapeOf);
            if (options.every((o) => o.kind === "enum")) {
                return { kind: "enum", values: options.flatMap((o) => (o as { values: (string | number)[] }).values) };
            }
            const kinds = new Set(options.map((o) => o.kind));
            return kinds.size === 1 ? options[0] : { kind: "unknown" };
        }
        default:
            return { kind: "unknown" };
    }
}

/** Every difference between a setting's shape and the schema property that should carry it. */
function compare(shape: Shape, property: SchemaProperty, schema: PackageSchema, path: string, problems: string[]): void {
    const ref = property.$ref?.replace("#/types/", "");
    const type = ref ? schema.types[ref] : undefined;
    if (property.$ref && !type) {
        problems.push(`${path}: $ref ${property.$ref} has no type`);
        return;
    }
    switch (shape.kind) {
        case "string":
        case "boolean":
            if (property.type !== shape.kind) {
                problems.push(`${path}: ${shape.kind} in the settings, ${property.type ?? property.$ref} in the schema`);
            }
            return;
        case "number":
            if (property.type !== "number" && property.type !== "integer") {
                problems.push(`${path}: a number in the settings, ${property.type ?? property.$ref} in the schema`);
            }
            return;
        case "enum": {
            const values = type?.enum?.map((member) => member.value);
            if (!values || JSON.stringify([...values].sort()) !== JSON.stringify([...shape.values].sort())) {
                problems.push(`${path}: one of ${shape.values.join(", ")} in the settings, ${values ? `enum ${values.join(", ")}` : property.type} in the schema`);
            }
            return;
        }
        case "array":
            if (property.type !== "array" || !property.items) {
                problems.push(`${path}: a list in the settings, ${property.type ?? property.$ref} in the schema`);
                return;
            }
            compare(shape.items, property.items, schema, `${path}[]`, problems);
            return;
        case "map":
            if (property.type !== "object" || !property.additionalProperties) {
                problems.push(`${path}: a map in the settings, ${property.type ?? property.$ref} in the schema`);
                return;
            }
            compare(shape.values, property.additionalProperties, schema, `${path}{}`, problems);
            return;
        case "object": {
            if (!type?.properties) {
                problems.push(`${path}: an object in the settings, ${property.type ?? property.$ref} in the schema`);
                return;
            }
            compareFields(shape.fields, type.properties, type.required ?? [], schema, path, problems);
            return;
        }
        default:
            return; // a shape the settings spell in a way a schema cannot (checked by name only)
    }
}

function compareFields(fields: Record<string, { shape: Shape; required: boolean }>, properties: Record<string, SchemaProperty>, required: string[], schema: PackageSchema, path: string, problems: string[]): void {
    const at = (key: string) => (path ? `${path}.${key}` : key);
    for (const [key, field] of Object.entries(fields)) {
        if (!properties[key]) {
            problems.push(`${at(key)}: a setting the schema lacks`);
            continue;
        }
        if (field.required !== required.includes(key)) {
            problems.push(`${at(key)}: ${field.required ? "required" : "optional"} in the settings, not in the schema`);
        }
        compare(field.shape, properties[key], schema, at(key), problems);
    }
    for (const key of Object.keys(properties)) {
        if (!(key in fields)) {
            problems.push(`${at(key)}: in the schema, not a setting`);
        }
    }
}

const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHf3O0VHO6ZqQnFZ4cLw0aT5mWcI4l1o2x0ExaMPLEKEY ops@acme.example";

/** Every part on, so that every output has a value. */
const EVERYTHING: PlatformComponentArgs = {
    cloud: "aws",
    region: "eu-central-1",
    customer: "acme",
    project: "shop",
    allowedCidrs: ["198.51.100.0/24"],
    bastion: { sshPublicKey: SSH_KEY },
    ingress: { domain: "shop.example.com", tlsEmail: "ops@example.com" },
    observability: {
        monitoring: { alertEmails: ["ops@example.com"], smtp: { smarthost: "smtp.example.com:587", from: "alerts@example.com", username: "alerts", password: "p4ss" } },
    },
    billing: { monthlyBudget: 1000, alertEmails: ["finance@example.com"] },
};

describe("component package (PulumiPlugin.yaml)", () => {
    let schema: PackageSchema;

    before(async function () {
        this.timeout(60_000);
        schema = await generatedSchema();
    });

    it("has Platform as a component, named and versioned as the npm package", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the manifest, as data
        const manifest = require("../../package.json") as { name: string; version: string };
        assert.equal(schema.name, manifest.name);
        assert.equal(schema.version, manifest.version);
        assert.deepEqual(Object.keys(schema.resources), [PLATFORM]);
        assert.equal(schema.resources[PLATFORM].isComponent, true);
    });

    it("takes every setting of the stack config as an input, with its type, required only where the settings require it", () => {
        const platform = schema.resources[PLATFORM];
        const zodFields = Object.fromEntries(Object.entries(settingSchemas(ENVIRONMENT_DEFAULTS.dev)).map(([key, field]) => [key, { shape: shapeOf(field as unknown as ZodLike), required: (field as unknown as ZodLike)._zod.optin === undefined }]));
        const problems: string[] = [];
        compareFields(zodFields, platform.inputProperties, platform.requiredInputs, schema, "", problems);
        assert.deepEqual(problems, []);
        assert.deepEqual(platform.requiredInputs, ["cloud", "customer", "project", "region"]);
        // Settings decide which resources exist: every input is a plain value, never an Output.
        assert.ok(Object.values(platform.inputProperties).every((property) => property.plain === true));
    });

    it("marks secret what is secret: the kubeconfig output, the SMTP password and the alert webhook URL", () => {
        const secretOutputs = Object.entries(schema.resources[PLATFORM].properties).filter(([, property]) => property.secret).map(([key]) => key);
        assert.deepEqual(secretOutputs, ["kubeconfig"]);
        const secretInputs = Object.entries(schema.types).flatMap(([type, { properties }]) => Object.entries(properties ?? {}).filter(([, p]) => p.secret).map(([key]) => `${type}.${key}`));
        assert.deepEqual(secretInputs.sort(), ["anycloud:index:MonitoringSettings.alertWebhookUrl", "anycloud:index:SmtpSettings.password"]);
        assert.ok(Object.values(schema.resources[PLATFORM].inputProperties).every((property) => !property.secret));
    });

    it("returns every output the schema lists, secret where the schema says so; the outputs the library always has are required", async () => {
        let platform: Platform | undefined;
        await recordProgram(() => {
            platform = new Platform("platform", EVERYTHING);
            return {};
        }, { project: "consumer", stack: "dev", config: {}, region: "eu-central-1" });
        const outputs = schema.resources[PLATFORM].properties;
        const instance = platform as unknown as Record<string, unknown>;
        const missing = Object.keys(outputs).filter((key) => instance[key] === undefined);
        assert.deepEqual(missing, [], "with every part on, every output has a value");
        const secret: string[] = [];
        for (const key of Object.keys(outputs)) {
            const value = instance[key];
            if (Output.isInstance(value) && (await (value as unknown as { isSecret: Promise<boolean> }).isSecret)) {
                secret.push(key);
            }
        }
        assert.deepEqual(secret, [...SECRET_PROPERTIES.outputs]);
        assert.deepEqual(schema.resources[PLATFORM].required, ["cloud", "clusterEndpoint", "clusterName", "dataSubnetIds", "kubeconfig", "networkId", "oidcIssuer", "privateSubnetIds", "publicSubnetIds", "region"]);
    });

    it("takes settings as plain values: nested secrets are unwrapped (the platform keeps them secret), outputs are refused with the key", () => {
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "p4ss" };
        const smtp = { smarthost: "smtp.example.com:587", from: "a@example.com", username: "alerts", password: secret as unknown as string };
        const settings = plainSettings({ ...EVERYTHING, observability: { monitoring: { smtp } } });
        assert.equal(settings.observability?.monitoring?.smtp?.password, "p4ss");
        const output = Output.create("eu-west-1") as unknown as string;
        assert.throws(() => plainSettings({ ...EVERYTHING, region: output }), (error: ConfigError) => error instanceof ConfigError && error.problems[0].key === "region" && /plain value/.test(error.message));
    });

    it("serves that schema from the package's main module when Pulumi's plugin runner loads the package (as `pulumi package add` does)", async function () {
        this.timeout(90_000);
        const served = await schemaFromPluginProcess();
        assert.deepEqual(JSON.parse(served), schema);
    });
});

/**
 * Starts the package the way Pulumi's Node.js language host starts a plugin (node <@pulumi/pulumi's
 * run-plugin> <package directory>), reads the port it prints and asks it for its schema over gRPC.
 */
async function schemaFromPluginProcess(): Promise<string> {
    /* eslint-disable @typescript-eslint/no-require-imports -- generated gRPC stubs, untyped */
    const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb") as { ResourceProviderClient: new (address: string, credentials: grpc.ChannelCredentials) => { getSchema(request: unknown, callback: (error: Error | null, response: { getSchema(): string }) => void): void; close(): void } };
    const { GetSchemaRequest } = require("@pulumi/pulumi/proto/provider_pb") as { GetSchemaRequest: new () => unknown };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const runner = require.resolve("@pulumi/pulumi/cmd/run-plugin");
    const child: ChildProcess = spawn(process.execPath, [runner, ROOT], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    try {
        const port = await new Promise<string>((resolve, reject) => {
            let stdout = "";
            child.stdout?.on("data", (chunk) => {
                stdout += chunk;
                const match = /^(\d+)\s*$/m.exec(stdout);
                if (match) {
                    resolve(match[1]);
                }
            });
            child.on("exit", (code) => reject(new Error(`the plugin exited (${code}) before listening:\n${stdout}\n${stderr}`)));
        });
        const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        try {
            return await new Promise<string>((resolve, reject) => client.getSchema(new GetSchemaRequest(), (error, response) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(response.getSchema()))));
        } finally {
            client.close();
        }
    } finally {
        child.kill();
    }
}
