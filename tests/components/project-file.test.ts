import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CONFIG_KEYS, CONFIG_NAMESPACE, loadPlatformArgs } from "../../components/config";
import { AWS_DEV_CONFIG, toStackConfig } from "../helpers/record";

const ROOT = path.join(__dirname, "..", "..");
const project = parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
const declared: Record<string, { type?: string; items?: unknown; value?: unknown }> = project.config;

// Validation against Pulumi's own project-file schema is in the upstream suite (tests/upstream/project-file.upstream.ts).
describe("Pulumi.yaml", () => {
    it("gives every array an items type and other namespaces only a value, as the Pulumi CLI requires", () => {
        for (const [key, declaration] of Object.entries(declared)) {
            if (key.startsWith(`${CONFIG_NAMESPACE}:`)) {
                if (declaration.type === "array") {
                    assert.ok(declaration.items, `${key} is an array without items`);
                }
            } else {
                assert.deepEqual(Object.keys(declaration), ["value"], `${key} is outside the project namespace and may only set value`);
            }
        }
    });

    it("gives every optional key a default, since pulumi up refuses a stack missing a declared key without one", () => {
        const required = ["cloud", "region", "customer", "project"].map((k) => `${CONFIG_NAMESPACE}:${k}`);
        for (const [key, declaration] of Object.entries(declared)) {
            if (key.startsWith(`${CONFIG_NAMESPACE}:`) && !required.includes(key)) {
                assert.ok("default" in declaration, `${key} has no default`);
            }
        }
        // The defaults themselves must pass validation, or every stack relying on them would fail.
        const defaults = Object.fromEntries(Object.entries(declared)
            .filter(([, d]) => "default" in d)
            .map(([k, d]) => [k, typeof (d as { default: unknown }).default === "string" ? String((d as { default: unknown }).default) : JSON.stringify((d as { default: unknown }).default)]));
        assert.doesNotThrow(() => loadPlatformArgs({ ...defaults, ...toStackConfig({ ...AWS_DEV_CONFIG, bastion: undefined, database: undefined, allowedCidrs: ["198.51.100.0/24"] }), "anycloud:bastion": "{\"enabled\":false}" }));
    });

    it("runs index.ts with the nodejs runtime", () => {
        assert.equal(project.name, CONFIG_NAMESPACE);
        assert.equal(project.main, "index.ts");
        assert.equal(typeof project.runtime === "string" ? project.runtime : project.runtime.name, "nodejs");
    });

    it("declares exactly the keys the config loader reads, with matching types", () => {
        const read = new Set<string>();
        const config = new Proxy(toStackConfig(AWS_DEV_CONFIG), {
            get(target, key: string) {
                read.add(key);
                return target[key];
            },
        });
        loadPlatformArgs(config);
        const declaredKeys = Object.keys(declared).filter((k) => k.startsWith(`${CONFIG_NAMESPACE}:`)).sort();
        assert.deepEqual([...read].filter((k) => k.startsWith(`${CONFIG_NAMESPACE}:`)).sort(), declaredKeys);
        for (const [name, type] of Object.entries(CONFIG_KEYS)) {
            assert.equal(declared[`${CONFIG_NAMESPACE}:${name}`].type, type, `type of ${CONFIG_NAMESPACE}:${name}`);
        }
    });

    it("has reference stacks whose config passes validation", () => {
        const stacks = fs.readdirSync(ROOT).filter((f) => /^Pulumi\..+\.yaml$/.test(f));
        assert.ok(stacks.includes("Pulumi.aws-dev.yaml"));
        for (const file of stacks) {
            const values: Record<string, unknown> = parse(fs.readFileSync(path.join(ROOT, file), "utf8")).config;
            const config = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
            assert.doesNotThrow(() => loadPlatformArgs(config), `${file} is invalid`);
        }
    });
});
